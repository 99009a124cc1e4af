"""The Session chair page run from the keyboard, the way a chair does on the day."""

from __future__ import annotations

from itertools import pairwise

from chair_helpers import at, open_page, record_of
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.timer import TimerState
from sci4dl_desktop.store.models import Session, TimerRecord
from sci4dl_desktop.ui.chair.page import ChairPage
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.pages import PAGES, Role


def state_of(page: ChairPage) -> TimerState:
    assert page.desk is not None
    timer = page.desk.current_timer()
    assert timer is not None
    return timer.state


def test_the_page_is_registered_for_the_chair() -> None:
    spec = next(p for p in PAGES if p.key == "chair")
    assert (spec.role, spec.title, spec.icon, spec.in_kiosk) == (
        Role.CHAIR,
        "Session chair",
        "chair",
        False,
    )


def test_the_page_opens_on_what_the_plan_says_is_on(
    page: ChairPage, app_context: AppContext
) -> None:
    assert page.card.title.text() == "Invited talk 1"
    assert "09:00–09:30 · Main hall" in page.card.kicker.text()
    assert "Jascha Sohl-Dickstein" in page.card.speakers.text()
    assert page.face.text() == "30:00"
    assert page.face.word() == "Ready"
    assert page.day_panel.next.text().startswith("Next: Invited talk 2 · planned 09:30")
    assert record_of(app_context, "Invited talk 1") is None  # nothing stored before the start


def test_space_starts_the_current_session_and_stores_its_start(
    qtbot: QtBot, page: ChairPage, app_context: AppContext, nine: FakeClock
) -> None:
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert state_of(page) is TimerState.RUNNING
    assert page.toggle_action.text() == "Pause · Space"
    record = record_of(app_context, "Invited talk 1")
    assert record is not None and record.started_at == at("09:00")
    assert record.ended_at is None


def test_advancing_the_clock_moves_the_display(
    qtbot: QtBot, page: ChairPage, nine: FakeClock
) -> None:
    qtbot.keyClick(page, Qt.Key.Key_Space)
    nine.advance(65)
    qtbot.waitUntil(lambda: page.face.text() == "28:55")
    assert page.face.word() == "Time left"


def test_the_display_follows_the_clock_however_few_ticks_happen(
    qtbot: QtBot, page: ChairPage, nine: FakeClock
) -> None:
    """A GUI busy for a while shows the exact time at its next tick: nothing is counted."""
    qtbot.keyClick(page, Qt.Key.Key_Space)
    page.ticker.stop()
    for _ in range(615):
        nine.advance(0.1)  # a minute and a half pass without a single tick
    page.tick()
    assert page.face.text() == "28:59"


def test_plus_and_minus_add_and_remove_a_minute(
    qtbot: QtBot, page: ChairPage, app_context: AppContext
) -> None:
    qtbot.keyClick(page, Qt.Key.Key_Space)
    qtbot.keyClick(page, "+")
    assert page.face.text() == "31:00"
    qtbot.keyClick(page, Qt.Key.Key_Plus, Qt.KeyboardModifier.KeypadModifier)
    assert page.face.text() == "32:00"
    qtbot.keyClick(page, Qt.Key.Key_Minus)
    assert page.face.text() == "31:00"
    record = record_of(app_context, "Invited talk 1")
    assert record is not None and record.adjust_seconds == 60.0


def test_pause_and_resume_are_exact(qtbot: QtBot, page: ChairPage, nine: FakeClock) -> None:
    qtbot.keyClick(page, Qt.Key.Key_Space)
    nine.advance(100)
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert (page.face.word(), page.face.text()) == ("Paused", "28:20")
    nine.advance(600)
    page.tick()
    assert page.face.text() == "28:20"
    qtbot.keyClick(page, Qt.Key.Key_Space)
    nine.advance(20)
    qtbot.waitUntil(lambda: page.face.text() == "28:00")
    assert page.day_panel.delay.text() == "Running 10 min late"


def test_n_moves_to_the_next_session_and_records_actual_end_and_start(
    qtbot: QtBot, page: ChairPage, app_context: AppContext, nine: FakeClock
) -> None:
    qtbot.keyClick(page, Qt.Key.Key_Space)
    nine.advance(31 * 60)
    qtbot.keyClick(page, Qt.Key.Key_N)
    first = record_of(app_context, "Invited talk 1")
    second = record_of(app_context, "Invited talk 2")
    assert first is not None and second is not None
    assert (first.started_at, first.ended_at) == (at("09:00"), at("09:31"))
    assert (second.started_at, second.ended_at) == (at("09:31"), None)
    assert page.card.title.text() == "Invited talk 2"
    assert page.face.text() == "30:00"
    assert page.day_panel.delay.text() == "Running 1 min late"
    assert page.session_combo.currentText().endswith("Invited talk 2")


def test_f_finishes_and_makes_the_next_session_current_without_starting_it(
    qtbot: QtBot, page: ChairPage, app_context: AppContext, nine: FakeClock
) -> None:
    qtbot.keyClick(page, Qt.Key.Key_Space)
    nine.advance(28 * 60)
    qtbot.keyClick(page, Qt.Key.Key_F)
    record = record_of(app_context, "Invited talk 1")
    assert record is not None and record.ended_at == at("09:28")
    assert page.card.title.text() == "Invited talk 2"
    assert (page.face.word(), page.face.text()) == ("Ready", "30:00")
    assert record_of(app_context, "Invited talk 2") is None
    assert not page.finish_action.isEnabled()


def test_a_session_started_five_minutes_late_makes_the_day_run_five_minutes_late(
    qtbot: QtBot, page: ChairPage, nine: FakeClock
) -> None:
    nine.advance(5 * 60)
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert page.day_panel.delay.text() == "Running 5 min late"
    rows: dict[str, list[str]] = {}
    for row in page.day_panel.row_texts():
        rows.setdefault(row[0], row)  # the first coffee break, not the second
    assert rows["Invited talk 2"][1:] == ["09:30", "09:35", "+5 min"]
    assert rows["Coffee break"][1:] == ["10:30", "10:35", "+5 min"]
    assert rows["Contributed talk 1"][1:] == ["11:00", "11:00", "on time"]
    assert page.day_panel.next.text() == ("Next: Invited talk 2 · planned 09:30 · expected 09:35")


def test_keys_typed_in_the_message_field_are_text_not_commands(
    qtbot: QtBot, page: ChairPage, app_context: AppContext
) -> None:
    qtbot.keyClick(page, Qt.Key.Key_M)
    assert page.message_edit.hasFocus()
    qtbot.keyClicks(page.message_edit, "N F - + now")
    assert page.message_edit.text() == "N F - + now"
    assert state_of(page) is TimerState.IDLE
    assert page.card.title.text() == "Invited talk 1"
    qtbot.keyClick(page.message_edit, Qt.Key.Key_Return)
    assert page.face.message() == "N F - + now"
    assert page.hasFocus()  # back to the keys
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert state_of(page) is TimerState.RUNNING


def test_buttons_do_what_their_keys_do(qtbot: QtBot, page: ChairPage, nine: FakeClock) -> None:
    from PySide6.QtWidgets import QToolButton

    buttons = {b.accessibleName(): b for b in page.findChildren(QToolButton)}
    qtbot.mouseClick(buttons["Start the timer"], Qt.MouseButton.LeftButton)
    assert state_of(page) is TimerState.RUNNING
    qtbot.mouseClick(buttons["One minute more"], Qt.MouseButton.LeftButton)
    assert page.face.text() == "31:00"
    nine.advance(60)
    qtbot.mouseClick(buttons["Finish this session and start the next"], Qt.MouseButton.LeftButton)
    assert page.card.title.text() == "Invited talk 2"
    assert state_of(page) is TimerState.RUNNING


def test_the_chair_runs_the_whole_demo_day_from_the_keyboard(
    qtbot: QtBot, page: ChairPage, app_context: AppContext, nine: FakeClock
) -> None:
    with app_context.database.session() as s:
        sessions = s.scalars(select(Session).order_by(Session.start_at)).all()
    assert len(sessions) == 16
    qtbot.keyClick(page, Qt.Key.Key_Space)
    for index, session in enumerate(sessions):
        assert page.card.title.text() == session.title
        assert state_of(page) is TimerState.RUNNING
        assert page.desk is not None
        timer = page.desk.current_timer()
        assert timer is not None
        # Every slot is used to its last second; the first talk overruns by two minutes.
        nine.advance(timer.total_ns / 10**9 + (120 if index == 0 else 0))
        qtbot.keyClick(page, Qt.Key.Key_N)
    assert page.card.title.text() == "No session left to time today"
    assert page.face.word() == "Day over"
    assert not page.next_action.isEnabled()
    with app_context.database.session() as s:
        records = {r.session_id: r for r in s.scalars(select(TimerRecord))}
    assert len(records) == 16
    assert all(r.started_at is not None and r.ended_at is not None for r in records.values())
    ordered = [records[s.id] for s in sessions]
    assert all(a.ended_at == b.started_at for a, b in pairwise(ordered))
    # The two minutes were absorbed by the coffee break: the day ended on time.
    assert ordered[-1].ended_at == at("18:00")
    assert ordered[3].ended_at == at("11:00")
    assert page.day_panel.delay.text() == "On time"


def test_restart_resumes_a_running_timer_from_the_database(
    qtbot: QtBot, app_context: AppContext, nine: FakeClock
) -> None:
    first = open_page(qtbot, app_context, track=False)
    qtbot.keyClick(first, Qt.Key.Key_Space)
    first.close()
    with qtbot.waitSignal(first.destroyed):
        first.deleteLater()
    nine.advance(90)
    second = open_page(qtbot, app_context)
    assert second.card.title.text() == "Invited talk 1"
    assert state_of(second) is TimerState.RUNNING
    assert second.desk is not None
    timer = second.desk.current_timer()
    assert timer is not None and timer.elapsed_ns() == 90 * 10**9
    assert second.face.text() == "28:30"
    qtbot.keyClick(second, Qt.Key.Key_Space)
    assert state_of(second) is TimerState.PAUSED


def test_a_session_can_be_chosen_while_no_timer_runs(
    qtbot: QtBot, page: ChairPage, app_context: AppContext
) -> None:
    combo = page.session_combo
    combo.setFocus()
    qtbot.keyClicks(combo, "15:30")  # the combo finds the entry as the chair types its time
    assert combo.currentText().endswith("Panel discussion")
    page.setFocus()
    assert page.card.title.text() == "Panel discussion"
    assert page.face.text() == "60:00"
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert not combo.isEnabled()
    assert "▶" in combo.currentText()
