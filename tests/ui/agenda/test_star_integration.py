"""Starring from the Schedule and Posters pages, from the keyboard, into My agenda."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import numpy as np
import pytest
import zxingcpp
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleOptionViewItem, QToolButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.store.models import Poster, Session
from sci4dl_desktop.ui.agenda import calendar_export
from sci4dl_desktop.ui.agenda.calendar_export import SaveCalendarDialog
from sci4dl_desktop.ui.agenda.page import AgendaPage
from sci4dl_desktop.ui.agenda.qr_dialog import QrDialog
from sci4dl_desktop.ui.agenda.star_action import StarMarkerDelegate
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.posters.page import PostersPage
from sci4dl_desktop.ui.schedule.model import Column
from sci4dl_desktop.ui.schedule.page import SchedulePage


def shown(widget: QWidget, qtbot: QtBot) -> None:
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()  # shortcuts work in the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def agenda_titles(agenda: AgendaPage) -> list[str]:
    return [agenda.model.index(r, 1).data() for r in range(agenda.model.rowCount())]


def star_button(page: QWidget, kind: str) -> QToolButton:
    button = page.findChild(QToolButton, f"star-{kind}-button")
    assert button is not None
    return button


def has_star_marker(view: object, index: QModelIndex) -> bool:
    delegate = view.itemDelegateForColumn(index.column())  # type: ignore[attr-defined]
    assert isinstance(delegate, StarMarkerDelegate)
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, index)
    return not option.icon.isNull()


def decode(widget: QWidget) -> str:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(
        image.height(), image.bytesPerLine()
    )
    (result,) = zxingcpp.read_barcodes(
        np.ascontiguousarray(rows[:, : image.width()]), formats=zxingcpp.BarcodeFormat.QRCode
    )
    return str(result.text)


def test_star_a_session_with_s_and_see_it_in_my_agenda(
    qtbot: QtBot, app_context: AppContext
) -> None:
    schedule = SchedulePage(app_context)
    agenda = AgendaPage(app_context)  # not shown: the page with focus keeps the active window
    qtbot.addWidget(agenda)
    shown(schedule, qtbot)
    schedule.set_view("list")
    schedule.list_view.setFocus()
    button = star_button(schedule, "session")
    qtbot.keyClick(schedule.list_view, Qt.Key.Key_Home)  # Invited talk 1
    for _ in range(3):  # Invited talk 2, Invited talk 3, Coffee break
        qtbot.keyClick(schedule.list_view, Qt.Key.Key_Down)
    title = schedule.list_view.currentIndex().siblingAtColumn(Column.TITLE)
    assert title.data() == "Coffee break"
    assert button.isEnabled() and button.text() == "Star"
    assert button.accessibleName() == "Star the selected session"
    qtbot.keyClick(schedule.list_view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: agenda_titles(agenda) == ["Coffee break"])
    assert button.text() == "Starred" and button.isChecked()
    assert has_star_marker(schedule.list_view, title)
    assert not has_star_marker(schedule.list_view, title.siblingAtRow(0))
    # Ctrl+D on another session, then S again to take the first star back.
    qtbot.keyClick(schedule.list_view, Qt.Key.Key_Up)
    qtbot.keyClick(schedule.list_view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: agenda_titles(agenda) == ["Invited talk 3", "Coffee break"])
    qtbot.keyClick(schedule.list_view, Qt.Key.Key_Down)
    assert button.text() == "Starred"
    qtbot.keyClick(schedule.list_view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: agenda_titles(agenda) == ["Invited talk 3"])
    assert button.text() == "Star" and not has_star_marker(schedule.list_view, title)


def test_star_a_poster_and_show_its_qr(qtbot: QtBot, app_context: AppContext) -> None:
    posters = PostersPage(app_context)
    agenda = AgendaPage(app_context)
    qtbot.addWidget(agenda)
    shown(posters, qtbot)
    qtbot.keyClicks(posters.filters.search, "lottery")
    qtbot.keyClick(posters.filters.search, Qt.Key.Key_Return)
    assert posters.table.hasFocus()
    poster_id = posters.selected_poster_id()
    assert poster_id is not None
    with app_context.database.session() as db:
        poster = db.get(Poster, poster_id)
        assert poster is not None and poster.poster_session is not None
        board, start = poster.board, poster.poster_session.start_at
    qtbot.keyClick(posters.table, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: agenda.model.rowCount() == 1)
    assert agenda.model.index(0, 4).data() == f"Board {board}, Poster hall"
    assert star_button(posters, "poster").text() == "Starred"
    assert has_star_marker(posters.table, posters.table.currentIndex().siblingAtColumn(0))

    qtbot.keyClick(posters.table, Qt.Key.Key_Q)
    dialog = posters.findChild(QrDialog)
    assert dialog is not None and dialog.isVisible()
    event = icalendar.Event.from_ical(decode(dialog.view))
    assert event.start == start.astimezone(UTC)
    assert str(event["LOCATION"]) == f"Board {board}, Poster hall"
    dialog.close()


def test_save_one_session_from_the_schedule(
    qtbot: QtBot, app_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schedule = SchedulePage(app_context)
    shown(schedule, qtbot)
    with app_context.database.session() as db:
        panel = db.scalars(select(Session).where(Session.title == "Panel discussion")).one()
    assert schedule.select_session(panel.id)
    target = tmp_path / "panel.ics"
    monkeypatch.setattr(calendar_export, "choose_save_path", lambda *_args: target)
    schedule.list_view.setFocus()
    qtbot.keyClick(
        schedule.list_view,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = schedule.findChild(SaveCalendarDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog.alarm, Qt.Key.Key_Return)
    qtbot.waitUntil(target.exists)
    (event,) = icalendar.Calendar.from_ical(target.read_bytes()).events
    assert str(event["SUMMARY"]) == "Panel discussion"
    assert event.start == datetime(2026, 4, 26, 18, 30, tzinfo=UTC)


def test_in_the_kiosk_starring_asks_whose_agenda_first(
    qtbot: QtBot, app_context: AppContext
) -> None:
    kiosk = replace(app_context, kiosk=True)
    schedule = SchedulePage(kiosk)
    shown(schedule, qtbot)
    assert schedule.findChild(QToolButton, "save-ics-session-button") is None
    schedule.set_view("list")
    schedule.list_view.setFocus()
    qtbot.keyClick(schedule.list_view, Qt.Key.Key_Down)
    qtbot.keyClick(schedule.list_view, Qt.Key.Key_S)
    box = schedule.findChild(QMessageBox, "needs-owner")
    assert box is not None and box.isVisible()
    assert "find your name or scan your badge" in box.text()
    assert star_button(schedule, "session").text() == "Star"
