"""The Mentorship page: both overviews, a mentor picking their name, and no email anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.store.database import open_database
from sci4dl_desktop.store.models import Attendee, Pairing, Person
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.mentorship.page import EVERYONE, MentorshipPage

# The offscreen platform cannot raise windows or grab the keyboard for the completer's and
# the combo's popups; it says so, and that is not a fault of the page.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")

ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.WhatsThisRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
)


@pytest.fixture
def page(qtbot: QtBot, app_context: AppContext) -> Iterator[MentorshipPage]:
    widget = MentorshipPage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[str]:
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            for role in ROLES:
                value = index.data(role)
                if value is not None:
                    yield str(value)
        yield from model_texts(model, model.index(row, 0, parent))


def all_texts(root: QWidget) -> list[str]:
    """Every text a person or a screen reader could get from the widget tree."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        texts += [widget.whatsThis(), widget.statusTip(), widget.windowTitle()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += list(model_texts(widget.model()))
    return texts


def meeting_rows(page: MentorshipPage) -> dict[str, list[tuple[str, ...]]]:
    return {
        tree.objectName(): [
            tuple(item.text(c) for c in range(tree.columnCount())) for item in tree.meeting_items()
        ]
        for tree in (page.by_mentor, page.by_break)
    }


def test_both_overviews_list_the_forty_demo_pairings(
    page: MentorshipPage, app_context: AppContext
) -> None:
    with app_context.database.session() as session:
        mentees = sorted(
            session.scalars(select(Attendee.name).join(Pairing, Pairing.mentee_id == Attendee.id))
        )
    rows = meeting_rows(page)
    for name, tree_rows in rows.items():
        assert len(tree_rows) == 40, name
        assert sorted(r[0] for r in tree_rows) == mentees, name
    assert page.by_mentor.topLevelItemCount() == 7
    assert page.by_break.topLevelItemCount() == 2
    assert page.summary.text() == "40 meetings · 7 mentors · 2 breaks"
    lenka_group = next(
        page.by_mentor.topLevelItem(i)
        for i in range(7)
        if page.by_mentor.topLevelItem(i).text(0).startswith("Lenka Zdeborová")
    )
    assert lenka_group.text(0) == "Lenka Zdeborová (EPFL) — 6 meetings"
    first = lenka_group.child(0)
    assert first.text(1) == "10:30–11:00 · Coffee break"
    assert first.text(2) == "Mentorship table 6, Foyer"
    assert first.text(3) and first.text(5)  # interests and topic note
    assert any(row[4].startswith("Board ") for row in rows["pairings-by-mentor"])
    break_groups = [page.by_break.topLevelItem(i).text(0) for i in range(2)]
    assert break_groups == [
        "10:30–11:00 · Coffee break — 21 meetings",
        "15:00–15:30 · Coffee break — 19 meetings",
    ]


def test_switching_tabs_by_keyboard_and_remembering_the_tab(
    qtbot: QtBot, page: MentorshipPage, app_context: AppContext
) -> None:
    page.tabs.tabBar().setFocus()
    qtbot.keyClick(page.tabs.tabBar(), Qt.Key.Key_Right)
    assert page.tabs.currentWidget() is page.by_break
    again = MentorshipPage(app_context)
    qtbot.addWidget(again)
    assert again.tabs.currentWidget() is again.by_break


def pick_by_typing(qtbot: QtBot, page: MentorshipPage, text: str) -> None:
    line = page.picker.lineEdit()
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_a_mentor_types_their_name_without_accents_and_sees_only_their_card(
    qtbot: QtBot, page: MentorshipPage, app_context: AppContext
) -> None:
    with app_context.database.session() as session:
        lenka = session.scalars(select(Person).where(Person.name == "Lenka Zdeborová")).one()
        own = set(
            session.scalars(
                select(Attendee.name)
                .join(Pairing, Pairing.mentee_id == Attendee.id)
                .where(Pairing.mentor_id == lenka.id)
            )
        )
        others = set(
            session.scalars(
                select(Attendee.name)
                .join(Pairing, Pairing.mentee_id == Attendee.id)
                .where(Pairing.mentor_id != lenka.id)
            )
        )
        emails = set(session.scalars(select(Attendee.email)))
    with qtbot.waitSignal(page.mentor_picked) as picked:
        pick_by_typing(qtbot, page, "zdeborova")
    assert picked.args == [lenka.id]
    assert page.stack.currentWidget() is page.card
    assert page.shown_mentor_id() == lenka.id
    assert page.picker.currentText() == "Lenka Zdeborová"

    card_texts = " ".join(all_texts(page.card))
    assert "Lenka Zdeborová" in card_texts
    assert "6 meetings in 2 breaks" in card_texts
    assert all(name in card_texts for name in own)
    assert not [name for name in others - own if name in card_texts]
    headings = [
        label.text()
        for label in page.card.findChildren(QLabel)
        if "Coffee break" in label.text() and label.isVisible()
    ]
    assert headings == ["10:30–11:00 · Coffee break", "15:00–15:30 · Coffee break"]
    statuses = [
        label.text()
        for label in page.card.findChildren(QLabel, "mentor-card-status")
        if label.isVisible()
    ]
    assert statuses == ["Now"]  # the fake clock is at 10:35, in the first break

    everything = all_texts(page)
    assert not [t for t in everything if "@" in t or t in emails]


def test_no_email_anywhere_in_the_overview(page: MentorshipPage, app_context: AppContext) -> None:
    with app_context.database.session() as session:
        emails = set(session.scalars(select(Attendee.email)))
    texts = all_texts(page)
    assert sum("Mentorship table" in t for t in texts) >= 80  # the walk does see the rows
    assert not [t for t in texts if "@" in t or t in emails]


def test_picking_from_the_list_and_going_back_to_everyone(
    qtbot: QtBot, page: MentorshipPage
) -> None:
    assert not page.everyone.isEnabled()
    page.picker.setFocus()
    page.picker.showPopup()
    view = page.picker.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert page.picker.currentText() == "Jascha Sohl-Dickstein"
    assert page.stack.currentWidget() is page.card
    assert page.everyone.isEnabled()
    with qtbot.waitSignal(page.mentor_picked) as back:
        qtbot.mouseClick(page.everyone, Qt.MouseButton.LeftButton)
    assert back.args == [-1]
    assert page.stack.currentWidget() is page.tabs
    assert page.picker.currentText() == EVERYONE


def test_an_unknown_name_says_what_to_do(qtbot: QtBot, page: MentorshipPage) -> None:
    pick_by_typing(qtbot, page, "Nobody Here")
    assert page.message.isVisible()
    assert "No mentor is called “Nobody Here”" in page.message.text()
    assert page.stack.currentWidget() is page.tabs
    pick_by_typing(qtbot, page, "Kempe")
    assert not page.message.isVisible()
    assert page.picker.currentText() == "Julia Kempe"


def test_a_mentor_is_remembered_but_not_in_the_kiosk(
    qtbot: QtBot, page: MentorshipPage, app_context: AppContext
) -> None:
    pick_by_typing(qtbot, page, "Lenka")
    again = MentorshipPage(app_context)
    qtbot.addWidget(again)
    assert again.shown_mentor_id() == page.shown_mentor_id() is not None
    app_context.kiosk = True
    kiosk = MentorshipPage(app_context)
    qtbot.addWidget(kiosk)
    assert kiosk.shown_mentor_id() is None


def test_refresh_after_a_change_keeps_the_mentor(
    qtbot: QtBot, page: MentorshipPage, app_context: AppContext
) -> None:
    pick_by_typing(qtbot, page, "zdeborova")
    with app_context.database.transaction() as session:
        pairing = session.scalars(
            select(Pairing)
            .join(Person, Person.id == Pairing.mentor_id)
            .where(Person.name == "Lenka Zdeborová")
        ).first()
        assert pairing is not None
        pairing.place = "Terrace, by the palm tree"
    page.refresh()
    qtbot.waitUntil(
        lambda: any(
            "Terrace, by the palm tree" in label.text() for label in page.card.findChildren(QLabel)
        )
    )
    assert page.shown_mentor_id() is not None
    assert page.picker.currentText() == "Lenka Zdeborová"


def test_a_file_without_an_event_shows_why(
    qtbot: QtBot, app_context: AppContext, tmp_path: Path
) -> None:
    database = open_database(tmp_path / "blank.sci4dl")
    try:
        context = AppContext(
            database=database,
            clock=app_context.clock,
            settings=app_context.settings,
            tasks=app_context.tasks,
        )
        blank = MentorshipPage(context)
        qtbot.addWidget(blank)
        assert not blank.message.isHidden()
        assert blank.message.text().startswith("Cannot read the mentorship pairings:")
        assert blank.by_mentor.topLevelItemCount() == 0
    finally:
        database.close()


def test_alt_shortcuts_are_unique(page: MentorshipPage) -> None:
    texts = [label.text() for label in page.findChildren(QLabel)]
    texts += [page.everyone.text()] + [page.tabs.tabText(i) for i in range(page.tabs.count())]
    mnemonics = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(mnemonics) == 4
    assert len(set(mnemonics)) == len(mnemonics)


def test_beside_the_sidebar_of_a_laptop_screen_every_column_shows(
    qtbot: QtBot, page: MentorshipPage
) -> None:
    page.resize(1100, 700)  # the page's part of a 1366x768 window
    for tree in (page.by_mentor, page.by_break):
        page.tabs.setCurrentWidget(tree)
        qtbot.waitUntil(lambda tree=tree: 0 < tree.viewport().width() < 1100)
        header = tree.header()
        widths = [header.sectionSize(c) for c in range(header.count())]
        assert sum(widths) <= tree.viewport().width(), tree.objectName()  # Topic included
        assert min(widths[3:]) > tree.fontMetrics().averageCharWidth() * 12
    names = [item.text(0) for item in page.by_mentor.meeting_items()]
    longest = max(page.by_mentor.fontMetrics().horizontalAdvance(n) for n in names)
    first = page.by_mentor.header().sectionSize(0)
    assert first >= longest + 2 * page.by_mentor.indentation()  # no mentee's name cut off
