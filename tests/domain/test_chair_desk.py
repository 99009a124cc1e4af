"""The chair's desk without a GUI: which session is on, and what each key does."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sci4dl_desktop.domain.chair import ChairDesk, load_chair_day
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.timer import NS, Thresholds, TimerError, TimerState
from sci4dl_desktop.domain.timer_store import ThresholdSettings, save_snapshots
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import SessionKind


def at(hhmm: str) -> datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=ZoneInfo("America/Sao_Paulo"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(current=at("09:00"))


@pytest.fixture
def desk(demo_db: Database, clock: FakeClock) -> ChairDesk:
    with demo_db.session() as s:
        return ChairDesk(clock, load_chair_day(s))


def title(desk: ChairDesk) -> str | None:
    current = desk.current()
    return current.title if current else None


def test_the_day_loads_with_speakers_and_their_registration(desk: ChairDesk) -> None:
    talk = desk.data.sessions[desk.day.slots[0].id]
    assert talk.title == "Invited talk 1"
    assert [s.name for s in talk.speakers] == ["Jascha Sohl-Dickstein"]
    assert talk.speakers[0].registered and talk.speakers[0].checked_in_at is None
    assert talk.speakers[0].status(ZoneInfo("America/Sao_Paulo")) == "not checked in yet"
    assert desk.data.acronym == "SCI4DL 2026"


def test_n_on_a_session_never_started_skips_it_untimed(desk: ChairDesk) -> None:
    changed = desk.advance()
    assert title(desk) == "Invited talk 2"
    assert desk.day.state(desk.day.slots[0].id) is TimerState.IDLE
    assert list(changed) == [desk.day.slots[1].id]
    assert desk.timer(desk.day.slots[1].id).state is TimerState.RUNNING


def test_finish_needs_a_running_session(desk: ChairDesk) -> None:
    with pytest.raises(TimerError, match="'Invited talk 1' has not started: press Space"):
        desk.finish()


def test_another_session_cannot_be_chosen_while_one_runs(desk: ChairDesk) -> None:
    desk.toggle()
    with pytest.raises(TimerError, match="finish the running session"):
        desk.select(desk.day.slots[5].id)
    desk.finish()
    with pytest.raises(TimerError, match="finished already"):
        desk.select(desk.day.slots[0].id)
    desk.select(desk.day.slots[5].id)
    assert title(desk) == "Contributed talk 2"


def test_the_last_session_ends_the_day(desk: ChairDesk, clock: FakeClock) -> None:
    desk.select(desk.day.slots[-1].id)
    clock.current = at("17:00")
    desk.toggle()
    clock.advance(3600)
    changed = desk.advance()
    assert desk.day.state(desk.day.slots[-1].id) is TimerState.FINISHED
    assert list(changed) == [desk.day.slots[-1].id]
    assert desk.current() is None
    with pytest.raises(TimerError, match="the program is over"):
        desk.toggle()


def test_a_break_started_late_gets_a_shorter_timer(desk: ChairDesk, clock: FakeClock) -> None:
    coffee = desk.day.slots[3]
    desk.select(coffee.id)
    clock.current = at("10:42")
    desk.toggle()
    assert desk.timer(coffee.id).reading().text == "18:00"  # still ends at 11:00


def test_reload_keeps_the_running_timers_and_takes_new_thresholds(
    demo_db: Database, desk: ChairDesk, clock: FakeClock
) -> None:
    desk.toggle()
    clock.advance(22 * 60)
    timer = desk.current_timer()
    assert timer is not None and timer.reading().word == "Time left"
    with demo_db.session() as s:
        fresh = load_chair_day(s)  # the database has not seen the start yet
    settings = ThresholdSettings(
        {**fresh.thresholds.by_kind, SessionKind.INVITED_TALK: Thresholds(wrap_up=600)}
    )
    desk.reload(type(fresh)(fresh.day, fresh.sessions, settings, fresh.acronym))
    assert desk.current_timer() is timer
    assert timer.elapsed_ns() == 22 * 60 * NS
    assert timer.reading().word == "Wrap up"


def test_a_new_desk_finds_the_running_timer_in_the_database(
    demo_db: Database, desk: ChairDesk, clock: FakeClock
) -> None:
    clock.advance(120)
    save_snapshots(demo_db, desk.toggle())
    clock.advance(90)
    with demo_db.session() as s:
        again = ChairDesk(clock, load_chair_day(s))
    assert title(again) == "Invited talk 1"
    timer = again.current_timer()
    assert timer is not None and timer.elapsed_ns() == 90 * NS
