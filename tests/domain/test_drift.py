"""The day's drift on the demo program: actual times, the projection, the delay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.drift import (
    Day,
    PlannedSlot,
    adjusted_times,
    current_delay,
    current_slot,
    describe_delay,
    load_day,
    next_slot,
    projected_times,
    slot_seconds,
)
from sci4dl_desktop.domain.timer import SessionTimer
from sci4dl_desktop.domain.timer_store import save_snapshots
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import SessionKind


def demo_time(hhmm: str) -> datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=ZoneInfo("America/Sao_Paulo"))


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


@pytest.fixture
def day(demo_db: Database) -> Day:
    with demo_db.session() as s:
        return load_day(s)


def by_title(day: Day, title: str) -> PlannedSlot:
    return next(s for s in day.slots if s.title == title)


def run(day: Day, clock: FakeClock, title: str, length_min: float) -> Day:
    """Time a session from now for `length_min` minutes; the clock ends at its end."""
    slot = by_title(day, title)
    timer = SessionTimer(clock, slot_seconds(slot, clock.now()))
    timer.start()
    clock.advance(length_min * 60)
    timer.finish()
    return day.with_record(slot.id, timer.snapshot())


def start(day: Day, clock: FakeClock, title: str) -> tuple[Day, SessionTimer]:
    slot = by_title(day, title)
    timer = SessionTimer(clock, slot_seconds(slot, clock.now()))
    timer.start()
    return day.with_record(slot.id, timer.snapshot()), timer


def test_the_demo_day_loads_in_order_with_its_kinds(day: Day) -> None:
    assert len(day.slots) == 16
    assert [s.planned_seconds // 60 for s in day.slots[:5]] == [30, 30, 30, 30, 15]
    assert day.slots[3].kind is SessionKind.BREAK
    assert str(day.zone) == "America/Sao_Paulo"


def test_before_anything_is_timed_the_plan_says_what_is_on(day: Day) -> None:
    assert current_slot(day, demo_time("08:30")).title == "Invited talk 1"  # type: ignore[union-attr]
    assert current_slot(day, demo_time("10:35")).title == "Coffee break"  # type: ignore[union-attr]
    assert current_slot(day, demo_time("18:00")) is None
    assert projected_times(day, demo_time("08:30"))[day.slots[5].id] == (
        day.slots[5].start,
        day.slots[5].end,
    )
    assert current_delay(day, demo_time("08:30")) == timedelta(0)


def test_a_session_not_started_on_time_makes_the_day_late(day: Day) -> None:
    assert describe_delay(current_delay(day, demo_time("09:07"))) == "running 7 min late"


def test_starting_five_minutes_late_shifts_the_rest_until_a_break_absorbs_it(day: Day) -> None:
    clock = FakeClock(current=demo_time("09:05"))
    day, _ = start(day, clock, "Invited talk 1")
    clock.advance(60)
    now = clock.now()
    times = projected_times(day, now)
    assert current_delay(day, now) == minutes(5)
    assert times[by_title(day, "Invited talk 1").id] == (demo_time("09:05"), demo_time("09:35"))
    assert times[by_title(day, "Invited talk 2").id][0] == demo_time("09:35")
    assert times[by_title(day, "Invited talk 3").id] == (demo_time("10:05"), demo_time("10:35"))
    # The coffee break starts 5 min late and still ends at 11:00: the rest is on time.
    assert times[by_title(day, "Coffee break").id] == (demo_time("10:35"), demo_time("11:00"))
    assert times[by_title(day, "Contributed talk 1").id][0] == demo_time("11:00")
    assert times[by_title(day, "Poster session 2").id][0] == demo_time("17:00")


def test_a_break_keeps_at_least_half_its_length(day: Day) -> None:
    coffee = by_title(day, "Coffee break")
    assert slot_seconds(coffee, demo_time("10:40")) == 20 * 60
    assert slot_seconds(coffee, demo_time("10:50")) == 15 * 60
    assert slot_seconds(coffee, demo_time("10:20")) == 40 * 60  # early: ends as planned
    assert slot_seconds(by_title(day, "Invited talk 3"), demo_time("10:20")) == 30 * 60
    clock = FakeClock(current=demo_time("09:00"))
    day = run(day, clock, "Invited talk 1", 30)
    day = run(day, clock, "Invited talk 2", 30)
    clock.advance(20 * 60)  # a 20-minute hitch before the third talk
    day = run(day, clock, "Invited talk 3", 30)
    assert clock.now() == demo_time("10:50")
    times = projected_times(day, clock.now())
    assert times[coffee.id] == (demo_time("10:50"), demo_time("11:05"))
    assert times[by_title(day, "Contributed talk 1").id][0] == demo_time("11:05")
    assert describe_delay(current_delay(day, clock.now())) == "running 5 min late"


def test_overtime_and_pauses_push_the_projected_end(day: Day) -> None:
    clock = FakeClock(current=demo_time("09:00"))
    day, timer = start(day, clock, "Invited talk 1")
    clock.advance(10 * 60)
    timer.pause()
    clock.advance(3 * 60)
    slot = by_title(day, "Invited talk 1")
    day = day.with_record(slot.id, timer.snapshot())
    assert current_delay(day, clock.now()) == minutes(3)
    timer.resume()
    clock.advance(22 * 60)  # 32 min of talk in a 30-min slot, after a 3-min pause
    day = day.with_record(slot.id, timer.snapshot())
    assert projected_times(day, clock.now())[slot.id][1] == clock.now()
    assert describe_delay(current_delay(day, clock.now())) == "running 5 min late"


def test_the_chair_goes_through_the_program_in_order_however_late(day: Day) -> None:
    clock = FakeClock(current=demo_time("09:00"))
    day = run(day, clock, "Invited talk 1", 70)  # ends 10:10, after talk 2's planned end
    now = clock.now()
    assert current_slot(day, now).title == "Invited talk 2"  # type: ignore[union-attr]
    assert next_slot(day, current_slot(day, now)).title == "Invited talk 3"  # type: ignore[union-attr,arg-type]
    assert describe_delay(current_delay(day, now)) == "running 40 min late"


def test_finishing_early_leaves_the_next_start_as_planned(day: Day) -> None:
    clock = FakeClock(current=demo_time("09:00"))
    day = run(day, clock, "Invited talk 1", 25)
    times = projected_times(day, clock.now())
    assert times[by_title(day, "Invited talk 2").id][0] == demo_time("09:30")
    assert describe_delay(current_delay(day, clock.now())) == "on time"


def test_after_the_last_session_the_delay_is_how_late_the_day_ended(day: Day) -> None:
    clock = FakeClock(current=demo_time("17:00"))
    day = run(day, clock, "Poster session 2", 57)
    assert current_slot(day, clock.now()) is None
    assert describe_delay(current_delay(day, clock.now())) == "running 3 min early"


def test_overlapping_sessions_do_not_push_each_other() -> None:
    t0 = datetime(2026, 4, 26, 12, tzinfo=UTC)
    a = PlannedSlot(1, SessionKind.CONTRIBUTED_TALK, t0, t0 + minutes(15), "A")
    b = PlannedSlot(2, SessionKind.CONTRIBUTED_TALK, t0, t0 + minutes(15), "B")
    c = PlannedSlot(3, SessionKind.CONTRIBUTED_TALK, t0 + minutes(15), t0 + minutes(30), "C")
    clock = FakeClock(current=t0 + minutes(4))
    day = Day((a, b, c))
    day, _ = start(day, clock, "A")
    times = projected_times(day, clock.now())
    assert times[2][0] == clock.now()  # B was due at 12:00: it can start now, not after A
    assert times[3][0] == t0 + minutes(19)  # C waits for both


def test_projection_reads_the_database(demo_db: Database) -> None:
    with demo_db.session() as s:
        day = load_day(s)
    clock = FakeClock(current=demo_time("09:10"))
    slot = day.slots[0]
    timer = SessionTimer(clock, slot.planned_seconds)
    timer.start()
    save_snapshots(demo_db, {slot.id: timer.snapshot()})
    with demo_db.session() as s:
        assert projected_times(s, clock.now())[slot.id] == (demo_time("09:10"), demo_time("09:40"))
        assert current_delay(s, clock.now()) == minutes(10)


def test_adjusted_times_hold_only_what_moved_and_only_when_the_day_is_tracked(day: Day) -> None:
    assert adjusted_times(day, demo_time("10:35")) == {}  # nobody times today: as planned
    clock = FakeClock(current=demo_time("09:05"))
    day, _ = start(day, clock, "Invited talk 1")
    moved = adjusted_times(day, clock.now())
    assert set(moved) == {
        by_title(day, t).id
        for t in ("Invited talk 1", "Invited talk 2", "Invited talk 3", "Coffee break")
    }
    assert moved[by_title(day, "Coffee break").id] == (demo_time("10:35"), demo_time("11:00"))


def test_minutes_added_before_the_start_lengthen_the_projection(day: Day) -> None:
    clock = FakeClock(current=demo_time("09:00"))
    talk = by_title(day, "Invited talk 1")
    timer = SessionTimer(clock, talk.planned_seconds)
    timer.add_minute()
    timer.add_minute()
    day = day.with_record(talk.id, timer.snapshot())
    times = projected_times(day, clock.now())
    assert times[talk.id] == (demo_time("09:00"), demo_time("09:32"))
    assert times[by_title(day, "Invited talk 2").id][0] == demo_time("09:32")
