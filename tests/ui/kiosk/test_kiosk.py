"""The attendee kiosk: driven like a visitor would, it shows nothing private, and only the
staff PIN lets anyone leave it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.agenda import Target, attendee_owner, star
from sci4dl_desktop.domain.badges import make_token
from sci4dl_desktop.domain.kiosk_pin import has_staff_pin, set_staff_pin
from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.store.enums import CheckInAction
from sci4dl_desktop.store.models import Admission, Attendee, CheckIn, Event, Session
from sci4dl_desktop.ui.agenda.owner import current_owner
from sci4dl_desktop.ui.agenda.page import AgendaPage
from sci4dl_desktop.ui.agenda.qr_dialog import QrDialog
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.kiosk.launch import start_kiosk
from sci4dl_desktop.ui.kiosk.pin_dialogs import SetPinDialog, UnlockDialog
from sci4dl_desktop.ui.kiosk.window import KioskWindow

PIN = "4821"
SECRET_DESK = "Desk Zulu-7"
SECRET_NOTE = "vip: escort to green room"
CHECK_IN_AT = datetime(2026, 4, 26, 7, 13, 41, tzinfo=ZoneInfo("America/Sao_Paulo"))
TEXT_ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.WhatsThisRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
]
USER_ROLES = [Qt.ItemDataRole.UserRole + n for n in range(0, 10)]


@pytest.fixture
def private_data(app_context: AppContext) -> dict[str, list[str]]:
    """Staff notes and check-ins on a few attendees; every attendee's email and serial."""
    with app_context.database.transaction() as db:
        set_staff_pin(db, PIN)
        event = db.scalars(select(Event)).one()
        attendees = list(db.scalars(select(Attendee).order_by(Attendee.id)))
        for attendee in attendees[:40]:
            attendee.staff_note = SECRET_NOTE
            log = CheckIn(
                event_id=event.id,
                attendee_id=attendee.id,
                at=CHECK_IN_AT,
                desk=SECRET_DESK,
                action=CheckInAction.CHECK_IN,
            )
            db.add(log)
            db.flush()
            db.add(
                Admission(
                    attendee_id=attendee.id, check_in_id=log.id, at=CHECK_IN_AT, desk=SECRET_DESK
                )
            )
        return {
            "emails": [a.email for a in attendees if a.email],
            "serials": [a.badge_serial for a in attendees],
            "fixed": [SECRET_DESK, SECRET_NOTE, "07:13", "10:13"],  # local and UTC check-in time
        }


@pytest.fixture
def kiosk(
    qtbot: QtBot, app_context: AppContext, private_data: dict[str, list[str]]
) -> Iterator[KioskWindow]:
    window = start_kiosk(app_context)
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    yield window
    if window.isVisible():
        window._unlocked = True  # let the test end
        window.close()


def columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return int(model.columnCount(parent))
    except TypeError:  # list models keep columnCount private in PySide
        return 1


def python_defines(model: QAbstractItemModel, name: str) -> bool:
    return any(
        name in vars(cls) for cls in type(model).__mro__ if not cls.__module__.startswith("PySide6")
    )


def model_texts(
    model: QAbstractItemModel,
    parent: QModelIndex = QModelIndex(),  # noqa: B008
    depth: int = 0,
) -> Iterator[str]:
    """Every value of every role of every cell (of the source model, behind any proxy).

    PySide6 6.12 on Python 3.11 loses a reference to None each time Python asks a C++
    model (or a model through C++) for a role it has no data for. So the walk reads
    Python models through their own data(), and C++ models through itemData(), which
    returns only the roles that hold something.
    """
    own_data = python_defines(model, "data")
    for row in range(model.rowCount(parent)):
        for column in range(columns(model, parent)):
            index = model.index(row, column, parent)
            if own_data:
                values = [model.data(index, role) for role in TEXT_ROLES + USER_ROLES]
            else:
                values = list(model.itemData(index).values())
            for value in values:
                if value is not None:
                    yield str(value) if not hasattr(value, "__dict__") else repr(vars(value))
            if depth < 3 and model.rowCount(index) > 0:
                yield from model_texts(model, index, depth + 1)
    if python_defines(model, "headerData"):
        for section in range(columns(model, parent)):
            yield str(model.headerData(section, Qt.Orientation.Horizontal))


def visible_texts(root: QWidget) -> list[str]:
    """Everything a person or a screen reader can get out of the widgets under root."""
    texts: list[str] = []
    walked: set[int] = set()
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [
            widget.windowTitle(),
            widget.toolTip(),
            widget.statusTip(),
            widget.whatsThis(),
            widget.accessibleName(),
            widget.accessibleDescription(),
        ]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText(), widget.displayText()]
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        model = widget.model() if isinstance(widget, QAbstractItemView) else None
        while isinstance(model, QAbstractProxyModel) and model.sourceModel() is not None:
            model = model.sourceModel()
        if model is not None and id(model) not in walked:
            walked.add(id(model))
            texts += list(model_texts(model))
    return texts


def assert_nothing_private(window: QWidget, private: dict[str, list[str]]) -> None:
    haystack = "\n".join(visible_texts(window))
    assert len(haystack) > 1000, "the walk found almost nothing: it would prove nothing"
    leaked = [s for s in private["emails"] + private["fixed"] if s in haystack]
    leaked += [s for s in private["serials"] if s in haystack]
    assert "@" not in haystack.replace("@sci4dl-2026", ""), "an address-like text is shown"
    assert leaked == []


def test_kiosk_shows_only_attendee_pages(kiosk: KioskWindow) -> None:
    assert kiosk.view.keys() == ["schedule", "posters", "agenda", "mentorship"]
    assert kiosk.context.kiosk is True
    assert kiosk.isFullScreen()
    assert kiosk.windowTitle() == "SCI4DL 2026: attendee kiosk"


def test_driving_the_kiosk_reveals_nothing_private(
    qtbot: QtBot, kiosk: KioskWindow, app_context: AppContext, private_data: dict[str, list[str]]
) -> None:
    with app_context.database.session() as db:
        noted = db.scalars(select(Attendee).where(Attendee.staff_note == SECRET_NOTE)).first()
        event = db.scalars(select(Event)).one()
        other = db.scalars(select(Attendee).order_by(Attendee.id).offset(3)).first()
        assert noted is not None and other is not None
        token = make_token(event.badge_secret, other.badge_serial, other.badge_revision)
    with app_context.database.transaction() as db:
        for title in ("Invited talk 2", "Poster session 2"):
            session = db.scalars(select(Session).where(Session.title == title)).one()
            star(db, attendee_owner(noted.id), Target.session(session.id))
    for key in list(kiosk.view.keys()):
        kiosk.view.show_page(key)
        page = kiosk.view.page(key)
        qtbot.waitExposed(page)
        for field in page.findChildren(QLineEdit):
            if field.isVisible() and field.isEnabled() and not field.isReadOnly():
                field.setFocus()
                qtbot.keyClicks(field, "an")
        for view in page.findChildren(QAbstractItemView):
            if view.isVisible() and view.model() is not None and view.model().rowCount() > 1:
                view.setFocus()
                qtbot.keyClick(view, Qt.Key.Key_Down)
                qtbot.keyClick(view, Qt.Key.Key_Return)
        for combo in page.findChildren(QComboBox):
            if combo.isVisible() and combo.count() > 1:
                combo.setCurrentIndex(combo.count() - 1)
        assert_nothing_private(kiosk, private_data)

    # Look up an agenda by name, then by badge: still nothing private anywhere.
    kiosk.view.show_page("agenda")
    agenda = kiosk.view.page("agenda")
    assert isinstance(agenda, AgendaPage)
    agenda.finder.clear()
    agenda.finder.search.setFocus()
    qtbot.keyClicks(agenda.finder.search, fold(noted.name))  # as typed on a US keyboard
    qtbot.keyClick(agenda.finder.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current_owner(kiosk.context) == attendee_owner(noted.id))
    qtbot.waitUntil(lambda: agenda.model.rowCount() == 2)
    agenda.show_qr()  # their agenda as QR codes: labels, captions, notes
    qr = agenda.findChild(QrDialog)
    assert qr is not None and qr.isVisible()
    assert qr.save_button is None  # no file system on a shared screen
    assert_nothing_private(kiosk, private_data)
    qr.close()
    qtbot.keyClicks(agenda.finder.search, token)
    qtbot.keyClick(agenda.finder.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current_owner(kiosk.context) == attendee_owner(other.id))
    assert agenda.forget_button.isVisible() and not agenda.local_button.isVisible()
    assert_nothing_private(kiosk, private_data)

    # The walk does see a leak when there is one.
    canary = QLabel(f"Contact: {private_data['emails'][123]}", agenda)
    with pytest.raises(AssertionError):
        assert_nothing_private(kiosk, private_data)
    canary.setText(private_data["serials"][5])
    with pytest.raises(AssertionError):
        assert_nothing_private(kiosk, private_data)


def test_leaving_needs_the_staff_pin(qtbot: QtBot, kiosk: KioskWindow) -> None:
    left: list[bool] = []
    kiosk.left.connect(lambda: left.append(True))
    kiosk.close()  # the close button or Alt+F4
    assert kiosk.isVisible()
    dialog = kiosk.unlock_dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.pin, "1111")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.error.text() == "Wrong PIN." and kiosk.isVisible()
    dialog.reject()
    kiosk.setFocus()
    qtbot.keyClick(kiosk, Qt.Key.Key_Escape)  # Escape leaves nothing
    assert kiosk.isVisible() and not (kiosk.unlock_dialog and kiosk.unlock_dialog.isVisible())
    qtbot.keyClick(kiosk, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    dialog = kiosk.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.pin, PIN)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not kiosk.isVisible())
    assert left == [True]
    assert not [d for d in kiosk.findChildren(QDialog) if d.isVisible()]


def test_wrong_pins_lock_the_dialog_for_a_while(qtbot: QtBot, kiosk: KioskWindow) -> None:
    dialog = kiosk.request_leave()
    for guess in ("1111", "2222", "3333"):
        qtbot.keyClicks(dialog.pin, guess)
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert "Try again in 30 s" in dialog.error.text()
    assert not dialog.pin.isEnabled()
    assert kiosk.isVisible()


def test_idle_kiosk_forgets_the_visitor(
    qtbot: QtBot, kiosk: KioskWindow, app_context: AppContext
) -> None:
    kiosk.view.show_page("agenda")
    agenda = kiosk.view.page("agenda")
    assert isinstance(agenda, AgendaPage)
    with app_context.database.session() as db:
        someone = db.scalars(select(Attendee).order_by(Attendee.id).offset(50)).first()
        assert someone is not None
        panel = db.scalars(select(Session).where(Session.title == "Panel discussion")).one()
    with app_context.database.transaction() as db:
        star(db, attendee_owner(someone.id), Target.session(panel.id))
    agenda.finder.search.setFocus()
    qtbot.keyClicks(agenda.finder.search, fold(someone.name))
    qtbot.keyClick(agenda.finder.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current_owner(kiosk.context) is not None)
    agenda.show_qr()  # an open dialog with their agenda...
    qr = agenda.findChild(QDialog, "qr-dialog")
    assert qr is not None and qr.isVisible()
    qtbot.keyClicks(agenda.finder.search, "mar")  # ... and a search half typed
    kiosk.idle_timer.timeout.emit()
    assert current_owner(kiosk.context) is None
    assert not qr.isVisible() and agenda.finder.search.text() == ""
    assert kiosk.view.current_key() == "schedule"
    assert "Whose agenda is it?" in agenda.empty.text()


def test_without_a_pin_the_kiosk_refuses_and_offers_to_set_one(
    qtbot: QtBot, app_context: AppContext
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    assert start_kiosk(app_context, host) is None
    box = host.findChild(QMessageBox, "kiosk-needs-pin")
    assert box is not None and box.isVisible()
    assert "kiosk-pin --db" in box.text() and "File > Set kiosk PIN" in box.text()
    set_button = next(b for b in box.buttons() if b.text() == "Set PIN…")
    qtbot.mouseClick(set_button, Qt.MouseButton.LeftButton)
    dialog = host.findChild(SetPinDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.pin, "1234")
    qtbot.keyClicks(dialog.again, "1235")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.error.text()
    qtbot.keyClicks(dialog.again, "1234")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with app_context.database.session() as db:
        assert has_staff_pin(db)
    window = start_kiosk(app_context, host)
    assert window is not None
    window._unlocked = True
    window.close()
