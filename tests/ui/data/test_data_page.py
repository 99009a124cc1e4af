"""The Event data page as an organiser uses it: forms that check as you type, undo and redo."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from data_helpers import count_rows
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.io.edit_store import load_event_state, save_record
from sci4dl_desktop.io.records import SessionRecord
from sci4dl_desktop.store.database import open_database
from sci4dl_desktop.store.models import Attendee, CheckIn, Poster
from sci4dl_desktop.store.setup import create_event
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.data.form import RecordForm
from sci4dl_desktop.ui.data.page import DataPage
from sci4dl_desktop.ui.event_view import EventView
from sci4dl_desktop.ui.pages import PAGES
from sci4dl_desktop.ui.tasks import ThreadPoolRunner

ZONE = ZoneInfo("America/Sao_Paulo")
TALK_1 = "sci4dl-2026-05-contributed-talk-1"
POSTERS_1 = "sci4dl-2026-07-poster-session-1"
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def page(qtbot: QtBot, app_context: AppContext) -> DataPage:
    widget = DataPage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def _local(instant: datetime) -> str:
    return f"{instant.astimezone(ZONE):%H:%M}"


def _session(page: DataPage, uid: str) -> tuple[str, SessionRecord]:
    entry = load_event_state(page._context.database).sessions[uid]
    return entry.ref, entry.record


def _retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    assert isinstance(field, QLineEdit)
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)


def _open_row(qtbot: QtBot, page: DataPage, entity: str, ref: str) -> RecordForm:
    tab = page.tabs[entity]
    page.tab_widget.setCurrentWidget(tab)
    assert tab.select(ref)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    form = page.form
    assert form is not None and form.isVisible()
    return form


def _undo(qtbot: QtBot, page: DataPage, entity: str) -> None:
    qtbot.keyClick(page.tabs[entity].table, Qt.Key.Key_Z, CTRL)


def _redo(qtbot: QtBot, page: DataPage, entity: str) -> None:
    qtbot.keyClick(page.tabs[entity].table, Qt.Key.Key_Z, CTRL_SHIFT)


def test_the_tables_show_the_event(page: DataPage) -> None:
    assert page.tabs["sessions"].count.text() == "16 sessions"
    assert page.tabs["posters"].count.text() == "150 posters"
    assert page.tabs["people"].count.text() == "19 people"
    assert page.tabs["attendees"].count.text() == "700 attendees"
    first = page.tabs["sessions"].model.row_at(0).cells
    assert first[1:4] == ("09:00", "09:30", "Invited talk 1")


def test_the_filter_folds_accents(qtbot: QtBot, page: DataPage) -> None:
    tab = page.tabs["people"]
    page.tab_widget.setCurrentWidget(tab)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_F, CTRL)
    assert tab.filter.hasFocus()
    qtbot.keyClicks(tab.filter, "zdeborova")
    assert tab.count.text() == "1 of 19 people"
    assert tab.proxy.index(0, 0).data() == "Lenka Zdeborová"


def test_an_end_before_the_start_is_refused_as_you_type(qtbot: QtBot, page: DataPage) -> None:
    ref, before = _session(page, TALK_1)
    form = _open_row(qtbot, page, "sessions", ref)
    assert form.windowTitle() == "Edit session"
    assert not form.save_button.isEnabled()  # nothing changed yet

    _retype(qtbot, form.inputs["end_at"], "10:45")

    assert form.error_text("end_at") == "'10:45' is before start '11:00'; did you mean 22:45?"
    assert not form.save_button.isEnabled()
    assert form.summary.text() == "Correct the marked field to save."

    _retype(qtbot, form.inputs["end_at"], "11:12")
    assert form.error_text("end_at") == ""
    assert form.save_button.isEnabled()
    form.reject()
    assert _session(page, TALK_1)[1] == before  # nothing written


def test_a_time_that_is_not_a_time_says_what_to_write(qtbot: QtBot, page: DataPage) -> None:
    ref, _before = _session(page, TALK_1)
    form = _open_row(qtbot, page, "sessions", ref)
    _retype(qtbot, form.inputs["start_at"], "25:00")
    assert (
        form.error_text("start_at") == "'25:00' is not a time of day; write it as 13:30 or 1:30 PM"
    )
    _retype(qtbot, form.inputs["start_at"], "11:00am")
    assert form.error_text("start_at") == ""
    form.reject()


def test_a_saved_edit_is_undone_and_redone_in_the_database(
    qtbot: QtBot, page: DataPage, app_context: AppContext
) -> None:
    ref, before = _session(page, TALK_1)
    topics: list[str] = []
    app_context.signals.data_changed.connect(topics.append)
    form = _open_row(qtbot, page, "sessions", ref)
    _retype(qtbot, form.inputs["end_at"], "11:10")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert not form.isVisible()
    _ref, saved = _session(page, TALK_1)
    assert _local(saved.end_at) == "11:10"
    assert saved.sequence == before.sequence + 1
    assert topics == ["sessions"]
    assert page.tabs["sessions"].selected_ref() == ref
    row = page.tabs["sessions"].refs().index(ref)
    assert page.tabs["sessions"].proxy.index(row, 2).data() == "11:10"
    assert page.controller.undo_action.text() == "&Undo edit of session 'Contributed talk 1'"

    _undo(qtbot, page, "sessions")
    _ref, undone = _session(page, TALK_1)
    assert _local(undone.end_at) == "11:15"
    assert undone.sequence == before.sequence + 2
    assert page.tabs["sessions"].proxy.index(row, 2).data() == "11:15"
    assert "Undid the edit of session 'Contributed talk 1'" in page.status.text()

    _redo(qtbot, page, "sessions")
    _ref, redone = _session(page, TALK_1)
    assert _local(redone.end_at) == "11:10"
    assert not page.controller.redo_action.isEnabled()


def test_turning_a_poster_session_into_a_panel_is_refused(qtbot: QtBot, page: DataPage) -> None:
    ref, _before = _session(page, POSTERS_1)
    form = _open_row(qtbot, page, "sessions", ref)
    kind = form.inputs["kind"]
    kind.setFocus()
    kind.setCurrentIndex(kind.findText("Panel"))
    assert "which is a panel, not a poster session" in form.error_text("kind")
    assert form.error_text("kind").endswith("(and 74 more like it)")
    assert not form.save_button.isEnabled()
    form.reject()


def test_a_board_is_unique_within_its_poster_session(qtbot: QtBot, page: DataPage) -> None:
    state = load_event_state(page._context.database)
    first, second = list(state.posters.values())[:2]
    form = _open_row(qtbot, page, "posters", second.ref)
    _retype(qtbot, form.inputs["board"], str(first.record.board))
    assert form.error_text("board").startswith(
        f"board {first.record.board} in 'Poster session 1' is also given to"
    )
    assert not form.save_button.isEnabled()
    _retype(qtbot, form.inputs["board"], "seven")
    assert form.error_text("board") == (
        "'seven' is not a board number; give a whole number, like 12, or leave it empty"
    )
    form.reject()


def test_a_duplicate_email_is_refused(qtbot: QtBot, page: DataPage) -> None:
    state = load_event_state(page._context.database)
    first, second = list(state.attendees.values())[:2]
    form = _open_row(qtbot, page, "attendees", second.ref)
    _retype(qtbot, form.inputs["email"], (first.record.email or "").upper())
    assert "is also the email of Jascha Sohl-Dickstein" in form.error_text("email")
    assert not form.save_button.isEnabled()
    form.reject()


def test_a_poster_is_added_and_deleted_with_undo(qtbot: QtBot, page: DataPage) -> None:
    database = page._context.database
    posters = count_rows(database, Poster)
    tab = page.tabs["posters"]
    page.tab_widget.setCurrentWidget(tab)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    form = page.form
    assert form is not None and form.windowTitle() == "New poster"
    assert not form.save_button.isEnabled()
    assert form.error_text("title") == "the title is required; type one"

    qtbot.keyClicks(form.inputs["title"], "Grokking at the edge of stability")
    qtbot.keyClicks(form.inputs["authors"], "Ana Silva (USP) and Bo Li")
    box = form.inputs["poster_session"]
    box.setCurrentIndex(box.findData(POSTERS_1))
    note = form.note("board")
    assert note is not None and note.text().endswith("the first free board is 76.")
    qtbot.keyClicks(form.inputs["board"], "76")
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert count_rows(database, Poster) == posters + 1
    ref = tab.selected_ref()
    assert ref is not None
    row = tab.refs().index(ref)
    assert tab.proxy.index(row, 2).data() == "Grokking at the edge of stability"
    assert tab.proxy.index(row, 3).data() == "Ana Silva; Bo Li"

    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)  # nothing hangs on it: no question asked
    assert count_rows(database, Poster) == posters
    assert "Deleted Grokking at the edge of stability" in page.status.text()

    _undo(qtbot, page, "posters")  # the delete
    assert count_rows(database, Poster) == posters + 1
    assert count_rows(database, Poster, Poster.board == 76) == 1
    _undo(qtbot, page, "posters")  # the add
    assert count_rows(database, Poster) == posters
    _redo(qtbot, page, "posters")
    _redo(qtbot, page, "posters")
    assert count_rows(database, Poster) == posters
    _undo(qtbot, page, "posters")
    assert count_rows(database, Poster, Poster.title == "Grokking at the edge of stability") == 1


def test_deleting_an_attendee_who_checked_in_warns_and_undo_restores_the_log(
    qtbot: QtBot, page: DataPage, app_context: AppContext
) -> None:
    database = app_context.database
    clock = FakeClock(current=datetime(2026, 4, 26, 9, 5, tzinfo=ZONE))
    desk = CheckInService(database, clock, "Desk 1")
    person = desk.search("Preetum")[0]
    assert desk.check_in_attendee(person.id).admitted
    page.refresh()
    ref = f"#{person.id}"
    tab = page.tabs["attendees"]
    page.tab_widget.setCurrentWidget(tab)
    assert tab.select(ref)
    assert tab.proxy.index(tab.refs().index(ref), 5).data() == "1"  # check-ins column

    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    box = page.confirm
    assert box is not None and box.isVisible()
    assert "has checked in at the desk" in box.text()
    assert "They are checked in right now." in box.text()
    assert "1 check-in in the desk log" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    assert count_rows(database, Attendee, Attendee.id == person.id) == 0
    assert count_rows(database, CheckIn, CheckIn.attendee_id == person.id) == 0
    _undo(qtbot, page, "attendees")
    assert count_rows(database, Attendee, Attendee.id == person.id) == 1
    assert count_rows(database, CheckIn, CheckIn.attendee_id == person.id) == 1


def test_cancelling_the_delete_question_keeps_the_record(
    qtbot: QtBot, page: DataPage, app_context: AppContext
) -> None:
    ref, _record = _session(page, POSTERS_1)
    tab = page.tabs["sessions"]
    assert tab.select(ref)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    box = page.confirm
    assert box is not None and "75 posters lose their poster session" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert count_rows(app_context.database, Poster, Poster.poster_session_id == int(ref[1:])) == 75
    assert not page.controller.undo_action.isEnabled()


def test_an_edit_made_elsewhere_meanwhile_is_not_overwritten(qtbot: QtBot, page: DataPage) -> None:
    ref, before = _session(page, TALK_1)
    form = _open_row(qtbot, page, "sessions", ref)
    _retype(qtbot, form.inputs["title"], "Mine")
    save_record(page._context.database, replace(before, title="Theirs"), ref, before)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert "title was changed elsewhere meanwhile" in form.error_text("general")
    assert _session(page, TALK_1)[1].title == "Theirs"
    form.reject()


def test_an_undo_that_the_event_has_overtaken_is_dropped(qtbot: QtBot, page: DataPage) -> None:
    ref, _before = _session(page, TALK_1)
    form = _open_row(qtbot, page, "sessions", ref)
    _retype(qtbot, form.inputs["title"], "Opening")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    _ref, mine = _session(page, TALK_1)
    save_record(page._context.database, replace(mine, title="Theirs"), ref, mine)

    _undo(qtbot, page, "sessions")

    assert _session(page, TALK_1)[1].title == "Theirs"
    assert page.controller.stack.count() == 0
    problem = page.findChild(QMessageBox, "data-problem")
    assert problem is not None
    assert "Could not undo the edit of session 'Opening'" in problem.text()
    assert "It was taken off the undo list." in problem.text()
    problem.close()


def test_the_page_is_an_organiser_page_not_in_the_kiosk(
    qtbot: QtBot, app_context: AppContext
) -> None:
    spec = next(s for s in PAGES if s.key == "data")
    assert (spec.title, spec.icon, spec.role.name, spec.in_kiosk) == (
        "Event data",
        "data",
        "ORGANISER",
        False,
    )
    app_context.kiosk = True
    view = EventView(app_context, PAGES)
    qtbot.addWidget(view)
    assert "data" not in view.keys()  # noqa: SIM118 (EventView.keys() is no dict's)
    kiosk_page = DataPage(app_context)
    qtbot.addWidget(kiosk_page)
    assert kiosk_page.tabs == {}


def test_times_are_read_in_the_event_zone_and_a_skipped_hour_is_refused(
    qtbot: QtBot, tmp_path: Path, app_context: AppContext
) -> None:
    database = open_database(tmp_path / "spring.sci4dl")
    with database.transaction() as session:
        create_event(
            session,
            title="Spring Workshop",
            acronym="SW 2026",
            timezone="America/New_York",
            first_day=date(2026, 3, 8),  # the clocks jump from 2:00 to 3:00
            rooms=("Hall",),
        )
    context = replace(app_context, database=database)
    page = DataPage(context)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.tabs["sessions"].add_button, Qt.MouseButton.LeftButton)
    form = page.form
    assert form is not None
    note = form.note("day")
    assert note is not None
    assert note.text() == "Times are local times in America/New_York (UTC−04:00 on this day)."
    qtbot.keyClicks(form.inputs["title"], "Early birds")
    qtbot.keyClicks(form.inputs["start_at"], "2:30 AM")
    qtbot.keyClicks(form.inputs["end_at"], "4:00 AM")
    assert form.error_text("start_at") == (
        "02:30 does not exist on 2026-03-08 in America/New_York (the clocks jump forward then); "
        "give a time before or after the jump"
    )
    _retype(qtbot, form.inputs["start_at"], "3:15 AM")
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    state = load_event_state(database)
    (entry,) = state.sessions.values()
    assert entry.record.start_at == datetime(2026, 3, 8, 7, 15, tzinfo=UTC)  # 3:15 EDT
    assert entry.record.uid == "sw-2026-2026-03-08-0315-early-birds"
    page.close()
    database.close()


def test_saving_and_undoing_on_worker_threads(qtbot: QtBot, app_context: AppContext) -> None:
    runner = ThreadPoolRunner()
    context = replace(app_context, tasks=runner)
    page = DataPage(context)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.data is not None)
    ref, before = _session(page, TALK_1)
    form = page.open_form("sessions", ref)
    assert form is not None
    _retype(qtbot, form.inputs["title"], "Opening talk")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form is None, timeout=20_000)  # saved: the form closed
    assert _session(page, TALK_1)[1].title == "Opening talk"
    page.controller.undo()
    assert not page.controller.undo_action.isEnabled()  # busy until the write is done
    qtbot.waitUntil(lambda: _session(page, TALK_1)[1].title == before.title, timeout=20_000)
    qtbot.waitUntil(lambda: page.controller.redo_action.isEnabled(), timeout=20_000)
    runner.wait_for_done()


def test_a_new_person_can_speak_in_a_session(qtbot: QtBot, page: DataPage) -> None:
    ref, _before = _session(page, TALK_1)
    form = _open_row(qtbot, page, "sessions", ref)
    _retype(qtbot, form.inputs["speakers"], "Olafur Okafor and Noa Field")
    assert form.error_text("speakers") == (
        "nobody called 'Noa Field' is on the People tab; "
        "correct the name, or add the person on the People tab first"
    )
    form.reject()

    people = page.tabs["people"]
    page.tab_widget.setCurrentWidget(people)
    qtbot.mouseClick(people.add_button, Qt.MouseButton.LeftButton)
    person_form = page.form
    assert person_form is not None and person_form.windowTitle() == "New person"
    qtbot.keyClicks(person_form.inputs["name"], "Noa Field")
    qtbot.keyClicks(person_form.inputs["affiliation"], "ETH Zurich")
    role = person_form.findChild(QWidget, "role-contributed_speaker")
    assert role is not None
    qtbot.mouseClick(role, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(person_form.save_button, Qt.MouseButton.LeftButton)
    assert people.count.text() == "20 people"

    form = _open_row(qtbot, page, "sessions", ref)
    _retype(qtbot, form.inputs["speakers"], "Olafur Okafor and Noa Field")
    assert form.error_text("speakers") == ""
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    state = load_event_state(page._context.database)
    speakers = [state.person_name(p) for p in state.sessions[TALK_1].record.speakers]
    assert speakers == ["Ólafur Okafor", "Noa Field"]
    noa = next(e.record for e in state.people.values() if e.record.name == "Noa Field")
    assert noa.roles == ("contributed_speaker",) and noa.affiliation == "ETH Zurich"
