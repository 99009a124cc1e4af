"""The Mentorship planning page, used the way an organiser uses it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import MenteeProfile, MentorProfile, Pairing
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.pages import PAGES, Role
from sci4dl_desktop.ui.pairings.page import PairingsPage
from sci4dl_desktop.ui.pairings.plan_model import (
    KIND_ROLE,
    MENTOR_ROLE,
    PLACE_COLUMN,
    SCORE_COLUMN,
    SHARED_COLUMN,
    STATUS_COLUMN,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


@pytest.fixture
def page(qtbot: QtBot, app_context: AppContext) -> Iterator[PairingsPage]:
    widget = PairingsPage(app_context)
    widget.confirmations: list[str] = []  # type: ignore[attr-defined, misc]

    def confirm(text: str) -> bool:
        widget.confirmations.append(text)  # type: ignore[attr-defined]
        return True

    widget.confirm = confirm  # type: ignore[method-assign]
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def pairings(db: Database) -> list[Pairing]:
    with db.session() as s:
        return list(s.scalars(select(Pairing).order_by(Pairing.id)))


def propose(qtbot: QtBot, page: PairingsPage) -> None:
    with qtbot.waitSignal(page._context.signals.data_changed, timeout=20_000):
        qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Proposed" in page.message.text())


def test_the_page_is_registered_for_organisers() -> None:
    spec = next(s for s in PAGES if s.key == "pairings")
    assert (spec.role, spec.title, spec.icon, spec.in_kiosk) == (
        Role.ORGANISER,
        "Mentorship planning",
        "pairings",
        False,
    )


def test_propose_meets_every_demo_mentee(qtbot: QtBot, page: PairingsPage) -> None:
    assert "40 of 40 mentees met" in page.summary.text()
    assert "all published" in page.summary.text()
    propose(qtbot, page)
    # the demo's published pairings are unlocked, so the organiser was asked first
    assert "replaces 40 published pairings" in page.confirmations[0]  # type: ignore[attr-defined]
    assert "Proposed 40 meetings (40 mentees met, 0 unmatched)" in page.message.text()
    assert "40 of 40 mentees met" in page.summary.text()
    assert "40 not published" in page.summary.text()
    assert page.publish_button.text() == "Pu&blish 40 drafts"
    tree = page.plan_panel.tree
    model = page.plan_panel.model
    assert model.rowCount() == 7
    first = model.index(0, 0)
    assert model.rowCount(first) == 2  # the two coffee breaks
    shown = model.index(0, 0, model.index(0, 0, first))
    assert shown.data(KIND_ROLE) == "pairing"
    assert float(shown.siblingAtColumn(SCORE_COLUMN).data()) > 0  # the overlap score
    assert shown.siblingAtColumn(PLACE_COLUMN).data().startswith("Table 1")
    assert tree.isExpanded(first)
    assert page.plan_panel.unmatched.item(0).text() == "None: every mentee has a meeting."


def test_long_shared_interests_wrap_instead_of_being_cut(qtbot: QtBot, page: PairingsPage) -> None:
    qtbot.waitUntil(lambda: page.snapshot is not None)
    tree, model = page.plan_panel.tree, page.plan_panel.model
    cells = [
        model.pairing_index(p.id).siblingAtColumn(SHARED_COLUMN)
        for p in page.snapshot.plan.pairings  # type: ignore[union-attr]
    ]
    longest = max(cells, key=lambda i: len(i.data()))
    shortest = min(cells, key=lambda i: len(i.data()))
    tree.scrollTo(longest)
    width = tree.header().sectionSize(SHARED_COLUMN)
    metrics = tree.fontMetrics()
    assert metrics.horizontalAdvance(longest.data()) > width  # too long for one line
    needed = metrics.boundingRect(
        QRect(0, 0, width - 6, 10_000), Qt.TextFlag.TextWordWrap, longest.data()
    )
    assert tree.visualRect(longest).height() >= needed.height()
    assert tree.visualRect(longest).height() > tree.visualRect(shortest).height()


@dataclass(frozen=True)
class Move:
    pairing: int
    mentee: str
    mentor: int  # the mentor it is moved to
    slot: int  # the break it is moved to


def free_seat_move(page: PairingsPage) -> Move:
    """A pairing, and another mentor who still has a free seat in that pairing's break."""
    plan = page.snapshot.plan  # type: ignore[union-attr]
    for mentor in plan.problem.mentors:
        for info in plan.breaks:
            here = [p for p in plan.pairings if p.mentor_id == mentor.id and p.break_id == info.id]
            if len(here) >= mentor.capacity:
                continue
            other = next(
                (p for p in plan.pairings if p.break_id == info.id and p.mentor_id != mentor.id),
                None,
            )
            if other is not None:
                return Move(other.id, plan.name_of("mentee", other.mentee_id), mentor.id, info.id)
    raise AssertionError("no free seat in the demo plan")


def drop_on(qtbot: QtBot, page: PairingsPage, pairing_id: int, target: QModelIndex) -> None:
    """Drag and drop as the mouse does: enter, move over the target row, drop there."""
    tree = page.plan_panel.tree
    model = page.plan_panel.model
    source = model.pairing_index(pairing_id)
    data = model.mimeData([source])
    tree.scrollTo(target)
    point = tree.visualRect(target).center()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.MoveAction
    viewport = tree.viewport()
    at = QPointF(point)
    # QDragEnterEvent and QDragMoveEvent take integer positions, QDropEvent a QPointF.
    QApplication.sendEvent(viewport, QDragEnterEvent(point, action, data, buttons, mods))
    move = QDragMoveEvent(point, action, data, buttons, mods)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted(), "the view refused the drag over the target"
    QApplication.sendEvent(viewport, QDropEvent(at, action, data, buttons, mods))


def test_drag_a_mentee_onto_another_mentor(
    qtbot: QtBot, page: PairingsPage, app_context: AppContext
) -> None:
    propose(qtbot, page)
    move = free_seat_move(page)
    model = page.plan_panel.model
    source = model.pairing_index(move.pairing)
    data = model.mimeData([source])
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, source.parent())
    with qtbot.waitSignal(app_context.signals.data_changed, timeout=10_000):
        drop_on(qtbot, page, move.pairing, model.break_index(move.mentor, move.slot))
    moved = next(p for p in pairings(app_context.database) if p.id == move.pairing)
    assert (moved.mentor_id, moved.slot_id) == (move.mentor, move.slot)
    assert moved.place and not moved.published
    qtbot.waitUntil(lambda: "Moved the meeting" in page.message.text())
    index = page.plan_panel.model.pairing_index(move.pairing)
    assert index.data() == move.mentee
    assert index.parent().data(MENTOR_ROLE) == move.mentor


def test_a_refused_drop_says_why_and_changes_nothing(
    qtbot: QtBot, page: PairingsPage, app_context: AppContext
) -> None:
    propose(qtbot, page)
    plan = page.snapshot.plan  # type: ignore[union-attr]
    pairing = plan.pairings[0]
    full = next(
        (m.id, b.id)
        for m in plan.problem.mentors
        for b in plan.breaks
        if m.id != pairing.mentor_id
        and sum(p.mentor_id == m.id and p.break_id == b.id for p in plan.pairings) == 3
    )
    before = [(p.id, p.mentor_id, p.slot_id) for p in pairings(app_context.database)]
    model = page.plan_panel.model
    model.dropMimeData(
        model.mimeData([model.pairing_index(pairing.id)]),
        Qt.DropAction.MoveAction,
        -1,
        0,
        model.break_index(*full),
    )
    qtbot.waitUntil(lambda: "already has 3 meetings" in page.message.text())
    assert [(p.id, p.mentor_id, p.slot_id) for p in pairings(app_context.database)] == before


def test_lock_keeps_a_hand_made_pair_when_proposing_again(
    qtbot: QtBot, page: PairingsPage, app_context: AppContext
) -> None:
    propose(qtbot, page)
    move = free_seat_move(page)
    panel = page.plan_panel
    # By keyboard and form: select the meeting, choose the other mentor and break, move.
    assert panel.select_pairing(move.pairing)
    panel.mentor_combo.setFocus()
    panel.mentor_combo.setCurrentIndex(panel.mentor_combo.findData(move.mentor))
    panel.break_combo.setCurrentIndex(panel.break_combo.findData(move.slot))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Moved the meeting" in page.message.text())
    assert panel.select_pairing(move.pairing)
    panel.lock_button.setFocus()
    qtbot.keyClick(panel.lock_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.message.text().startswith("Locked"))
    status = panel.model.pairing_index(move.pairing).siblingAtColumn(STATUS_COLUMN).data()
    assert status == "Locked · Draft"
    assert panel.lock_button.text() == "Un&lock"

    propose(qtbot, page)
    kept = [p for p in pairings(app_context.database) if p.locked]
    assert [(p.id, p.mentor_id, p.slot_id) for p in kept] == [
        (move.pairing, move.mentor, move.slot)
    ]
    assert len(pairings(app_context.database)) == 40


def test_publish_makes_the_drafts_public(
    qtbot: QtBot, page: PairingsPage, app_context: AppContext
) -> None:
    propose(qtbot, page)
    assert page.publish_button.isEnabled()
    qtbot.mouseClick(page.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Published 40 pairings" in page.message.text())
    assert all(p.published for p in pairings(app_context.database))
    qtbot.waitUntil(lambda: not page.publish_button.isEnabled())
    assert "all published" in page.summary.text()


def test_unmatched_mentees_show_their_reason_and_can_be_added_by_hand(
    qtbot: QtBot, page: PairingsPage, app_context: AppContext
) -> None:
    mentees = page.mentees
    page.tabs.setCurrentWidget(mentees)
    mentees.filter.setFocus()
    qtbot.keyClicks(mentees.filter, "Aisha Nowak")
    qtbot.waitUntil(lambda: mentees.proxy.rowCount() == 1)
    mentees.table.setCurrentIndex(mentees.proxy.index(0, 0))
    attendee = mentees.current_key
    assert attendee is not None
    for check in mentees.break_checks:
        if check.isChecked():
            check.setFocus()
            qtbot.keyClick(check, Qt.Key.Key_Space)
    assert not any(check.isChecked() for check in mentees.break_checks)
    qtbot.mouseClick(mentees.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text() == "Saved the mentee profile.")
    with app_context.database.session() as s:
        profile = s.get(MenteeProfile, attendee)
        assert profile is not None and profile.available_break_ids == []
    page.tabs.setCurrentWidget(page.plan_panel)
    propose(qtbot, page)
    panel = page.plan_panel
    assert panel.unmatched.count() == 1
    assert panel.unmatched.item(0).text() == (
        "Aisha Nowak: no available break: tick the breaks they can attend in their profile"
    )
    # Adding a meeting by hand for a mentee who cannot come is refused, with the reason.
    panel.unmatched.setCurrentRow(0)
    assert panel.save_button.text() == "&Add meeting"
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Aisha Nowak cannot attend" in page.message.text())
    assert all(p.mentee_id != attendee for p in pairings(app_context.database))


def test_mentee_and_mentor_profiles_are_edited_by_form(
    qtbot: QtBot, page: PairingsPage, app_context: AppContext
) -> None:
    mentees = page.mentees
    page.tabs.setCurrentWidget(mentees)
    mentees.table.setFocus()
    mentees.table.setCurrentIndex(mentees.proxy.index(0, 0))
    attendee = mentees.current_key
    mentees.interests.clear()
    qtbot.keyClicks(mentees.interests, "Scaling laws, grokking,  scaling law")
    # What will be saved shows under the line as it is typed: the repeat is gone.
    assert mentees.interests_preview.text() == "2 interests: Scaling laws · grokking"
    mentees.poster.setCurrentIndex(0)  # no poster
    qtbot.mouseClick(mentees.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text() == "Saved the mentee profile.")
    with app_context.database.session() as s:
        profile = s.get(MenteeProfile, attendee)
        assert profile is not None
        assert profile.interests == ["Scaling laws", "grokking"]
        assert profile.poster_id is None

    mentors = page.mentors
    page.tabs.setCurrentWidget(mentors)
    mentors.table.setCurrentIndex(mentors.proxy.index(0, 0))
    person = mentors.current_key
    mentors.capacity.setFocus()
    mentors.capacity.selectAll()
    qtbot.keyClicks(mentors.capacity, "5")
    qtbot.keyClick(mentors.interests, Qt.Key.Key_End)
    qtbot.keyClicks(mentors.interests, ", grokking")
    qtbot.mouseClick(mentors.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text() == "Saved the mentor profile.")
    with app_context.database.session() as s:
        mentor = s.get(MentorProfile, person)
        assert mentor is not None
        assert mentor.capacity_per_break == 5
        assert mentor.interests[-1] == "grokking"
    assert mentors.current_key == person  # still selected after the refresh


def test_adding_a_poster_author_as_mentee_takes_their_poster(
    qtbot: QtBot, page: PairingsPage, app_context: AppContext
) -> None:
    mentees = page.mentees
    profiles = page.snapshot.profiles  # type: ignore[union-attr]
    author = next(c for c in profiles.mentee_candidates if profiles.own_poster(c.name))
    page.tabs.setCurrentWidget(mentees)
    mentees.candidates.setFocus()
    mentees.candidates.setCurrentIndex(mentees.candidates.findText(author.label))
    qtbot.mouseClick(mentees.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: f"{author.name} is now a mentee" in page.message.text())
    with app_context.database.session() as s:
        profile = s.get(MenteeProfile, author.id)
        assert profile is not None
        assert profile.poster_id == profiles.own_poster(author.name)
        assert profile.interests and len(profile.available_break_ids) == 2
    assert mentees.current_key == author.id
    assert mentees.interests.text()


def test_mentor_cards_and_calendar_are_saved(
    qtbot: QtBot, page: PairingsPage, tmp_path: Path
) -> None:
    pdf, ics = tmp_path / "cards.pdf", tmp_path / "kempe.ics"
    page.choose_save_path = lambda caption, name, pattern: (  # type: ignore[method-assign]
        pdf if name.endswith(".pdf") else ics
    )
    qtbot.mouseClick(page.cards_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Wrote 7 mentor cards" in page.message.text(), timeout=20_000)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Julia Kempe" in text and "15:00–15:30" in text

    qtbot.mouseClick(page.calendar_button, Qt.MouseButton.LeftButton)
    assert "Select a mentor" in page.message.text()
    model = page.plan_panel.model
    kempe = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, 0).data() == "Julia Kempe"
    )
    page.plan_panel.tree.setCurrentIndex(kempe)
    qtbot.mouseClick(page.calendar_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "meetings of Julia Kempe" in page.message.text())
    assert ics.read_text().count("BEGIN:VEVENT") == 6


def test_every_control_has_an_accessible_name(page: PairingsPage) -> None:
    kinds = (QAbstractButton, QComboBox, QLineEdit, QSpinBox, QAbstractItemView)
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        for widget in page.findChildren(QWidget):
            if not isinstance(widget, kinds) or isinstance(widget, QHeaderView):
                continue
            if not widget.isVisible():
                continue
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QSpinBox)):
                continue  # the editor inside a combo box or spin box
            name = widget.accessibleName() or (
                widget.text() if isinstance(widget, QAbstractButton) else ""
            )
            assert name, f"{type(widget).__name__} {widget.objectName()!r} has no accessible name"


def test_settings_change_the_next_proposal(
    qtbot: QtBot, page: PairingsPage, app_context: AppContext
) -> None:
    qtbot.mouseClick(page.settings_button, Qt.MouseButton.LeftButton)
    dialog = page.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.tables.setFocus()
    dialog.tables.selectAll()
    qtbot.keyClicks(dialog.tables, "2")
    dialog.spots.setFocus()
    qtbot.keyClicks(dialog.spots, "Terrace, Library corner")
    afternoon = dialog.break_checks[-1]
    assert afternoon.text() == "Coffee break 15:00–15:30" and afternoon.isChecked()
    afternoon.setFocus()
    qtbot.keyClick(afternoon, Qt.Key.Key_Space)
    with qtbot.waitSignal(app_context.signals.data_changed):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.text() == "Saved the planning settings.")
    plan = page.snapshot.plan  # type: ignore[union-attr]
    assert [b.label for b in plan.breaks] == ["Coffee break 10:30–11:00"]
    assert plan.settings.places.spots == ("Terrace", "Library corner")

    propose(qtbot, page)
    # 7 mentors x 3 seats in the one break left: 21 of the 40 mentees are met.
    assert "Proposed 21 meetings (21 mentees met, 19 unmatched)" in page.message.text()
    places = {p.place for p in pairings(app_context.database)}
    assert places <= {"Table 1, Foyer", "Table 2, Foyer", "Terrace", "Library corner"} | {
        p for p in places if p.startswith("Board ")
    }
    # Too few places for 21 meetings: the organiser is told, and the plan lists it too.
    crowded = "Table 1, Foyer has 5 meetings in one break (the cap is 3)"
    assert crowded in page.message.text()
    warnings = page.plan_panel.warnings
    assert any(
        crowded in warnings.item(row).text()
        for row in range(warnings.count())  # type: ignore[union-attr]
    )


def test_settings_that_make_no_sense_are_refused_in_the_dialog(
    qtbot: QtBot, page: PairingsPage
) -> None:
    qtbot.mouseClick(page.settings_button, Qt.MouseButton.LeftButton)
    dialog = page.settings_dialog
    assert dialog is not None
    dialog.tables.setValue(0)
    for check in dialog.break_checks:
        check.setChecked(False)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.problem.text() == (
        "Give at least one table or one named spot for the meetings. "
        "Tick at least one break for the meetings."
    )
    dialog.reject()
