"""The My agenda page, used from the keyboard: find yourself, scan a badge, unstar, export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import numpy as np
import pytest
import vobject
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.agenda import Target, attendee_owner, star
from sci4dl_desktop.domain.badges import make_token
from sci4dl_desktop.store.models import Attendee, Event, Poster, Session
from sci4dl_desktop.ui.agenda import calendar_export
from sci4dl_desktop.ui.agenda.calendar_export import SaveCalendarDialog
from sci4dl_desktop.ui.agenda.model import CLASH_ROLE, TARGET_ROLE, Column
from sci4dl_desktop.ui.agenda.owner import current_owner, local_owner, set_current_owner
from sci4dl_desktop.ui.agenda.page import AgendaPage
from sci4dl_desktop.ui.agenda.qr_dialog import QrDialog
from sci4dl_desktop.ui.context import AppContext


@pytest.fixture
def page(qtbot: QtBot, app_context: AppContext) -> Iterator[AgendaPage]:
    widget = AgendaPage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def star_titles(
    context: AppContext, owner: str, *titles: str, boards: tuple[int, ...] = ()
) -> None:
    with context.database.transaction() as db:
        for title in titles:
            session = db.scalars(select(Session).where(Session.title == title)).one()
            star(db, owner, Target.session(session.id))
        for board in boards:
            slot = db.scalars(select(Session).where(Session.title == "Poster session 1")).one()
            poster = db.scalars(
                select(Poster).where(Poster.poster_session_id == slot.id, Poster.board == board)
            ).one()
            star(db, owner, Target.poster(poster.id))
    context.signals.data_changed.emit("stars")


def shown(page: AgendaPage, column: Column = Column.TITLE) -> list[str]:
    model = page.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def decode_widget(widget: object) -> str:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)  # type: ignore[attr-defined]
    width, height = image.width(), image.height()
    array = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(height, image.bytesPerLine())
    (result,) = zxingcpp.read_barcodes(
        np.ascontiguousarray(array[:, :width]), formats=zxingcpp.BarcodeFormat.QRCode
    )
    return str(result.text)


def test_model_is_a_well_behaved_table(page: AgendaPage, app_context: AppContext) -> None:
    QAbstractItemModelTester(page.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    star_titles(app_context, local_owner(app_context), "Invited talk 1", boards=(2,))
    assert page.model.rowCount() == 2
    first = page.model.index(0, 0)
    assert isinstance(first.data(TARGET_ROLE), Target)
    assert first.data(CLASH_ROLE) is False


def test_local_agenda_in_time_order_with_clashes(page: AgendaPage, app_context: AppContext) -> None:
    owner = current_owner(app_context)
    assert owner is not None and owner.startswith("local:")
    assert page.empty.isVisible() and "Nothing starred yet" in page.empty.text()
    assert page.owner_label.text() == "This computer's agenda"
    with app_context.database.transaction() as db:
        # Move Contributed talk 2 into the first poster session to make a clash.
        talk = db.scalars(select(Session).where(Session.title == "Contributed talk 2")).one()
        slot = db.scalars(select(Session).where(Session.title == "Poster session 1")).one()
        talk.start_at, talk.end_at = slot.start_at, slot.end_at
    star_titles(
        app_context, owner, "Panel discussion", "Contributed talk 2", "Invited talk 1", boards=(4,)
    )
    assert page.table.isVisible() and not page.empty.isVisible()
    titles = shown(page)
    assert titles[0] == "Invited talk 1" and titles[-1] == "Panel discussion"
    assert shown(page, Column.TIME)[0] == "09:00–09:30"  # event-local times
    clash = shown(page, Column.CLASH)
    poster_title = shown(page)[2]
    assert clash == [
        "",
        f"Clashes with {poster_title}",
        "Clashes with Contributed talk 2",
        "",
    ]
    assert page.model.index(1, Column.CLASH).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Clashes with" in page.model.index(1, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "4 items in time order; 2 overlap another starred item" in page.summary.text()
    assert shown(page, Column.WHERE) == [
        "Main hall",
        "Main hall",
        "Board 4, Poster hall",
        "Main hall",
    ]


def test_unstar_from_the_keyboard(qtbot: QtBot, page: AgendaPage, app_context: AppContext) -> None:
    owner = local_owner(app_context)
    star_titles(app_context, owner, "Invited talk 1", "Invited talk 2", "Invited talk 3")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # to the second row
    assert page.current_item() is not None and page.current_item().title == "Invited talk 2"
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: shown(page) == ["Invited talk 1", "Invited talk 3"])
    assert page.current_item() is not None and page.current_item().title == "Invited talk 3"
    qtbot.keyClick(page.table, Qt.Key.Key_S)  # S also removes the star here
    qtbot.waitUntil(lambda: shown(page) == ["Invited talk 1"])


def test_find_yourself_by_name_with_the_keyboard(
    qtbot: QtBot, page: AgendaPage, app_context: AppContext
) -> None:
    with app_context.database.session() as db:
        person = db.scalars(select(Attendee).where(Attendee.name.like("%ü%"))).first()
        assert person is not None
    star_titles(app_context, attendee_owner(person.id), "Invited talk 4")
    search = page.finder.search
    search.setFocus()
    typed = person.name.replace("ü", "u").lower()
    qtbot.keyClicks(search, typed)
    qtbot.waitUntil(lambda: page.finder.results.isVisible() and page.finder.results.count() >= 1)
    texts = [page.finder.results.item(i).text() for i in range(page.finder.results.count())]
    assert f"{person.name} ({person.affiliation})" in texts
    assert not any("@" in t for t in texts)
    qtbot.keyClick(search, Qt.Key.Key_Down)
    results = page.finder.results
    assert results.hasFocus()
    while results.currentItem().text() != f"{person.name} ({person.affiliation})":
        qtbot.keyClick(results, Qt.Key.Key_Down)
    qtbot.keyClick(results, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: page.owner_label.text() == f"Agenda of {person.name} ({person.affiliation})"
    )
    assert current_owner(app_context) == attendee_owner(person.id)
    assert shown(page) == ["Invited talk 4"]
    assert search.text() == "" and not results.isVisible()
    # And back to this computer's own agenda.
    qtbot.mouseClick(page.local_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(page) == [])
    assert current_owner(app_context) == local_owner(app_context)


def test_scan_a_badge_into_the_search_box(
    qtbot: QtBot, page: AgendaPage, app_context: AppContext
) -> None:
    with app_context.database.session() as db:
        event = db.scalars(select(Event)).one()
        person = db.scalars(select(Attendee).order_by(Attendee.id).offset(9)).first()
        assert person is not None
        token = make_token(event.badge_secret, person.badge_serial, person.badge_revision)
    search = page.finder.search
    search.setFocus()
    qtbot.keyClicks(search, token[:8])
    assert search.echoMode() == QLineEdit.EchoMode.Password  # the code is not shown
    qtbot.keyClicks(search, token[8:])
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current_owner(app_context) == attendee_owner(person.id))
    assert search.text() == "" and search.echoMode() == QLineEdit.EchoMode.Normal
    assert person.name in page.owner_label.text()
    # A forged code is refused with a message, and nobody's agenda opens.
    set_current_owner(app_context, None)
    qtbot.keyClicks(search, token[:-2] + "AA")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.isVisible())
    assert "could not be verified" in page.message.text()
    assert current_owner(app_context) == local_owner(app_context)


def test_save_as_ics_with_a_reminder(
    qtbot: QtBot,
    page: AgendaPage,
    app_context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    star_titles(app_context, local_owner(app_context), "Invited talk 5", boards=(1,))
    target = tmp_path / "mine.ics"
    monkeypatch.setattr(calendar_export, "choose_save_path", lambda *_args: target)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = page.findChild(SaveCalendarDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.alarm.setFocus()
    for _ in range(3):  # No reminder -> 5 -> 10 -> 15 minutes
        qtbot.keyClick(dialog.alarm, Qt.Key.Key_Down)
    assert dialog.alarm_minutes() == 15
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    data = target.read_bytes()
    events = icalendar.Calendar.from_ical(data).events
    assert sorted(str(e["SUMMARY"]) for e in events)[0] == "Invited talk 5"
    assert all(e.walk("VALARM")[0]["TRIGGER"].dt.total_seconds() == -900 for e in events)
    talk = next(
        v for v in vobject.readOne(data.decode()).vevent_list if v.summary.value == "Invited talk 5"
    )
    assert talk.dtstart.value.astimezone(UTC) == datetime(2026, 4, 26, 17, 30, tzinfo=UTC)
    assert page.property("last_saved_count") == 2
    assert app_context.settings.value(calendar_export.ALARM_KEY) in (15, "15")


def test_show_qr_of_the_agenda_decodes(
    qtbot: QtBot, page: AgendaPage, app_context: AppContext
) -> None:
    star_titles(app_context, local_owner(app_context), "Invited talk 2", "Panel discussion")
    page.table.setFocus()
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_Q,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = page.findChild(QrDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.choices.count() == 3  # both in one code, then each on its own
    whole = icalendar.Calendar.from_ical(decode_widget(dialog.view))
    assert [str(e["SUMMARY"]) for e in whole.events] == ["Invited talk 2", "Panel discussion"]
    qtbot.keyClick(dialog.choices, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.choices, Qt.Key.Key_Down)
    assert dialog.caption.text() == "15:30 Panel discussion"
    single = icalendar.Event.from_ical(decode_widget(dialog.view))
    assert single.start == datetime(2026, 4, 26, 18, 30, tzinfo=UTC)
    assert QApplication.activeModalWidget() in (dialog, None)
    dialog.close()


def test_agenda_too_large_for_one_code_offers_the_file(
    qtbot: QtBot, page: AgendaPage, app_context: AppContext
) -> None:
    owner = local_owner(app_context)
    with app_context.database.transaction() as db:
        for poster in db.scalars(select(Poster).order_by(Poster.id).limit(30)):
            star(db, owner, Target.poster(poster.id))
    app_context.signals.data_changed.emit("stars")
    page.show_qr()
    dialog = page.findChild(QrDialog)
    assert dialog is not None and dialog.choices.count() == 31
    assert dialog.current() is not None and dialog.current().code is None
    assert not dialog.view.isVisible()
    assert "Too many entries for one code" in dialog.note.text()
    assert "save the agenda as an .ics file" in dialog.note.text()
    assert dialog.save_button is not None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    save = page.findChild(SaveCalendarDialog)
    assert save is not None and save.isVisible()
    save.reject()
    qtbot.keyClick(dialog.choices, Qt.Key.Key_Down)  # each entry still has its own code
    assert dialog.current() is not None and dialog.current().code is not None
