"""The session timer's state machine, driven by a fake clock: every transition, exactly."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.timer import (
    NS,
    LogEntry,
    Phase,
    SessionTimer,
    Thresholds,
    TimerError,
    TimerState,
)

INVITED = Thresholds(wrap_up=300, final=60)
CONTRIBUTED = Thresholds(wrap_up=120, final=60)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(current=datetime(2026, 4, 26, 12, 0, tzinfo=UTC))


def talk(clock: FakeClock, minutes: int = 30, thresholds: Thresholds = INVITED) -> SessionTimer:
    return SessionTimer(clock, minutes * 60, thresholds)


def test_an_idle_timer_shows_the_whole_slot_and_does_not_move(clock: FakeClock) -> None:
    timer = talk(clock)
    clock.advance(120)
    reading = timer.reading()
    assert (reading.state, reading.text, reading.word) == (TimerState.IDLE, "30:00", "Ready")
    assert timer.started_at is None


def test_start_counts_down_from_the_clock(clock: FakeClock) -> None:
    timer = talk(clock)
    timer.start()
    assert timer.state is TimerState.RUNNING
    assert timer.started_at == clock.now()
    clock.advance(65)
    reading = timer.reading()
    assert reading.text == "28:55"
    assert reading.elapsed_ns == 65 * NS
    assert reading.word == "Time left"


def test_the_countdown_rounds_up_so_the_last_second_reads_one(clock: FakeClock) -> None:
    timer = talk(clock, 15, CONTRIBUTED)
    timer.start()
    clock.advance(0.25)
    assert timer.reading().text == "15:00"
    clock.advance(15 * 60 - 0.75)
    assert timer.reading().text == "00:01"
    clock.advance(0.5)
    assert timer.reading().text == "00:00"
    assert timer.reading().phase is Phase.FINAL_MINUTE


def test_pause_freezes_and_resume_continues_exactly(clock: FakeClock) -> None:
    timer = talk(clock)
    timer.start()
    clock.advance(100)
    timer.pause()
    assert timer.state is TimerState.PAUSED
    assert timer.reading().word == "Paused"
    clock.advance(3600)
    assert timer.elapsed_ns() == 100 * NS
    timer.resume()
    clock.advance(20)
    assert timer.elapsed_ns() == 120 * NS
    assert timer.snapshot().paused_ns == 3600 * NS


def test_toggle_walks_idle_running_paused_running(clock: FakeClock) -> None:
    timer = talk(clock)
    assert timer.toggle() is TimerState.RUNNING
    assert timer.toggle() is TimerState.PAUSED
    assert timer.toggle() is TimerState.RUNNING
    timer.finish()
    with pytest.raises(TimerError, match="finished"):
        timer.toggle()


@pytest.mark.parametrize(
    ("prepare", "action", "message"),
    [
        ([], "pause", "cannot pause a timer that is ready"),
        ([], "resume", "cannot resume a timer that is ready"),
        ([], "finish", "cannot finish a timer that is ready"),
        (["start"], "start", "cannot start a timer that is running"),
        (["start"], "resume", "cannot resume a timer that is running"),
        (["start", "pause"], "pause", "cannot pause a timer that is paused"),
        (["start", "finish"], "finish", "cannot finish a timer that is finished"),
        (["start", "finish"], "start", "cannot start a timer that is finished"),
        (["start", "finish"], "add_minute", "finished"),
        (["start"], "set_duration", "cannot change the length of a timer that is running"),
    ],
)
def test_impossible_transitions_are_refused_with_a_reason(
    clock: FakeClock, prepare: list[str], action: str, message: str
) -> None:
    timer = talk(clock)
    for step in prepare:
        getattr(timer, step)()
    before = timer.snapshot()
    with pytest.raises(TimerError, match=message):
        if action == "set_duration":
            timer.set_duration(600)
        else:
            getattr(timer, action)()
    assert timer.snapshot() == before


def test_finish_from_running_and_from_paused_keeps_the_elapsed_time(clock: FakeClock) -> None:
    running = talk(clock)
    paused = talk(clock)
    running.start()
    paused.start()
    clock.advance(90)
    paused.pause()
    clock.advance(30)
    running.finish()
    paused.finish()
    clock.advance(500)
    assert running.state is paused.state is TimerState.FINISHED
    assert running.elapsed_ns() == 120 * NS
    assert paused.elapsed_ns() == 90 * NS
    assert paused.snapshot().paused_ns == 30 * NS
    assert running.ended_at == clock.now() - timedelta(seconds=500)
    assert running.reading().word == "Finished"


def test_minutes_can_be_added_and_removed_in_every_state_but_finished(clock: FakeClock) -> None:
    timer = talk(clock, 15, CONTRIBUTED)
    timer.add_minute()
    assert timer.reading().text == "16:00"
    timer.start()
    clock.advance(60)
    timer.remove_minute()
    timer.remove_minute()
    assert timer.reading().text == "13:00"
    timer.pause()
    timer.add_minute()
    assert timer.reading().text == "14:00"
    assert [e.seconds for e in timer.snapshot().log if e.action == "adjust"] == [-60, -60, 60]


def test_a_slot_cannot_shrink_below_one_minute(clock: FakeClock) -> None:
    timer = SessionTimer(clock, 120, CONTRIBUTED)
    timer.remove_minute()
    with pytest.raises(TimerError, match="shorter than one minute"):
        timer.remove_minute()
    assert timer.reading().text == "01:00"


def test_invited_talk_phases_at_five_and_one_minute_then_overtime(clock: FakeClock) -> None:
    timer = talk(clock)
    timer.start()
    clock.advance(25 * 60 - 1)
    assert timer.reading().phase is Phase.NORMAL
    clock.advance(1)
    assert (timer.reading().phase, timer.reading().text) == (Phase.WRAP_UP, "05:00")
    clock.advance(4 * 60)
    assert (timer.reading().phase, timer.reading().word) == (Phase.FINAL_MINUTE, "Final minute")
    clock.advance(60)
    assert timer.reading().phase is Phase.FINAL_MINUTE  # exactly at the end: 00:00
    clock.advance(30)
    reading = timer.reading()
    assert (reading.phase, reading.text, reading.word) == (Phase.OVERTIME, "+00:30", "Overtime")
    assert reading.remaining_ns == -30 * NS


def test_contributed_talk_wraps_up_at_two_minutes(clock: FakeClock) -> None:
    timer = talk(clock, 15, CONTRIBUTED)
    timer.start()
    clock.advance(12 * 60 + 59)
    assert timer.reading().phase is Phase.NORMAL
    clock.advance(1)
    assert timer.reading().phase is Phase.WRAP_UP


def test_overtime_survives_a_pause_and_adding_a_minute_leaves_it(clock: FakeClock) -> None:
    timer = talk(clock, 15, CONTRIBUTED)
    timer.start()
    clock.advance(15 * 60 + 20)
    timer.pause()
    assert timer.reading().word == "Paused · Overtime"
    timer.add_minute()
    assert (timer.reading().phase, timer.reading().text) == (Phase.FINAL_MINUTE, "00:40")


def test_a_questions_segment_counts_down_the_talk_then_the_questions(clock: FakeClock) -> None:
    timer = talk(clock, 30, Thresholds(wrap_up=180, final=60, questions=300))
    timer.start()
    assert (timer.reading().phase, timer.reading().text) == (Phase.NORMAL, "25:00")
    clock.advance(22 * 60)
    assert (timer.reading().phase, timer.reading().text) == (Phase.WRAP_UP, "03:00")
    clock.advance(2 * 60)
    assert timer.reading().phase is Phase.FINAL_MINUTE
    clock.advance(60)
    reading = timer.reading()
    assert (reading.phase, reading.text, reading.word) == (Phase.QUESTIONS, "05:00", "Questions")
    clock.advance(4 * 60)
    assert (timer.reading().phase, timer.reading().text) == (Phase.FINAL_MINUTE, "01:00")
    clock.advance(61)
    assert (timer.reading().phase, timer.reading().text) == (Phase.OVERTIME, "+00:01")


def test_added_minutes_go_to_the_talk_and_leave_the_questions_whole(clock: FakeClock) -> None:
    timer = talk(clock, 30, Thresholds(wrap_up=180, final=60, questions=300))
    timer.start()
    timer.add_minute()
    assert timer.reading().text == "26:00"


def test_thresholds_changed_while_running_take_effect_at_once(clock: FakeClock) -> None:
    timer = talk(clock)
    timer.start()
    clock.advance(20 * 60)
    assert timer.reading().phase is Phase.NORMAL
    timer.thresholds = Thresholds(wrap_up=600, final=120)
    assert timer.reading().phase is Phase.WRAP_UP


def test_a_wall_clock_correction_does_not_move_the_timer(clock: FakeClock) -> None:
    timer = talk(clock)
    timer.start()
    clock.advance(60)
    clock.jump_wall(-3600)
    assert timer.reading().text == "29:00"


def test_a_laptop_that_slept_shows_the_true_elapsed_time_on_wake(clock: FakeClock) -> None:
    timer = talk(clock)
    timer.start()
    clock.advance(10 * 60)
    clock.advance(25 * 60)  # suspended: a sleep-aware monotonic clock keeps counting
    assert timer.reading().text == "+05:00"


def test_set_duration_before_the_start(clock: FakeClock) -> None:
    timer = talk(clock)
    timer.set_duration(20 * 60)
    assert timer.reading().text == "20:00"
    with pytest.raises(TimerError, match="between one minute and a day"):
        timer.set_duration(10)


def test_an_eight_hour_day_with_the_clock_jumping_around_drifts_zero_ms(
    clock: FakeClock,
) -> None:
    """Hours of random steps, pauses, adjustments and sleeps: the timer equals the clock."""
    rng = random.Random(8)
    timer = SessionTimer(clock, 8 * 3600, INVITED)
    timer.start()
    start_mono = clock.monotonic()
    paused_total = 0.0
    pause_began: float | None = None
    adjust = 0
    worst = 0
    while clock.monotonic() - start_mono < 8 * 3600:
        step = rng.choice([0.001, 0.016, 0.1, 0.25, 1.0, 7.3, 59.9, 600.0, 3599.0 / 7])
        clock.advance(step)
        if rng.random() < 0.02:
            clock.jump_wall(rng.uniform(-120, 120))  # NTP corrections move only the wall
        roll = rng.random()
        if roll < 0.05 and pause_began is None:
            timer.pause()
            pause_began = clock.monotonic()
        elif roll < 0.10 and pause_began is not None:
            timer.resume()
            paused_total += clock.monotonic() - pause_began
            pause_began = None
        elif roll < 0.12:
            timer.add_minute()
            adjust += 60
        stop = pause_began if pause_began is not None else clock.monotonic()
        expected = stop - start_mono - paused_total
        worst = max(worst, abs(timer.elapsed_ns() - round(expected * NS)))
        assert timer.reading().total_ns == (8 * 3600 + adjust) * NS
    assert worst < NS // 1_000_000  # under a microsecond: 0 ms of drift
    assert round(worst / 1_000_000) == 0


def test_snapshot_and_restore_carry_a_running_timer_over_a_restart(clock: FakeClock) -> None:
    timer = talk(clock)
    timer.start()
    clock.advance(30)
    timer.add_minute()
    snapshot = timer.snapshot()
    clock.advance(90)  # the app was closed and reopened
    restored = SessionTimer.restore(snapshot, clock, INVITED)
    assert restored.state is TimerState.RUNNING
    assert restored.elapsed_ns() == 120 * NS
    assert restored.reading().text == "29:00"
    clock.advance(10)
    restored.pause()
    assert restored.snapshot().log[-1] == LogEntry("pause", clock.now(), 130 * NS)


def test_restore_of_a_paused_timer_keeps_the_pause_running(clock: FakeClock) -> None:
    timer = talk(clock)
    timer.start()
    clock.advance(50)
    timer.pause()
    snapshot = timer.snapshot()
    clock.advance(70)
    restored = SessionTimer.restore(snapshot, clock, INVITED)
    assert restored.state is TimerState.PAUSED
    assert restored.elapsed_ns() == 50 * NS
    restored.resume()
    assert restored.snapshot().paused_ns == 70 * NS
    clock.advance(5)
    assert restored.elapsed_ns() == 55 * NS


def test_restore_of_finished_and_idle_timers(clock: FakeClock) -> None:
    finished = talk(clock)
    finished.start()
    clock.advance(200)
    finished.finish()
    clock.advance(1000)
    back = SessionTimer.restore(finished.snapshot(), clock, INVITED)
    assert (back.state, back.elapsed_ns(), back.ended_at) == (
        TimerState.FINISHED,
        200 * NS,
        finished.ended_at,
    )
    idle = SessionTimer.restore(talk(clock, 15).snapshot(), clock, CONTRIBUTED)
    assert (idle.state, idle.reading().text) == (TimerState.IDLE, "15:00")


def test_a_snapshot_knows_when_the_slot_will_end(clock: FakeClock) -> None:
    timer = talk(clock)
    assert timer.snapshot().expected_end(clock.now()) is None
    start = clock.now()
    timer.start()
    clock.advance(600)
    timer.pause()
    clock.advance(120)
    snap = timer.snapshot()
    assert snap.expected_end(clock.now()) == clock.now() + timedelta(minutes=20)
    timer.resume()
    clock.advance(40 * 60)
    assert timer.snapshot().expected_end(clock.now()) == clock.now()  # overtime: ends now
    timer.finish()
    assert timer.snapshot().expected_end(clock.now()) == start + timedelta(minutes=52)


def test_log_entries_round_trip_through_json(clock: FakeClock) -> None:
    entry = LogEntry("adjust", clock.now(), 5 * NS, 60)
    assert LogEntry.from_json(entry.to_json()) == entry
    with pytest.raises(TimerError, match="no time zone"):
        LogEntry.from_json({"action": "start", "at": "2026-04-26T09:00:00", "elapsed_ns": 0})
