"""Timers and thresholds in a real event file: what a restarted app finds again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.timer import NS, SessionTimer, Thresholds, TimerError, TimerState
from sci4dl_desktop.domain.timer_store import (
    THRESHOLDS_KEY,
    clear_snapshot,
    load_snapshots,
    load_thresholds,
    parse_thresholds,
    read_record,
    save_snapshots,
    save_thresholds,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import EventSetting, Session, TimerRecord


def first_talk(db: Database) -> Session:
    with db.session() as s:
        return s.scalars(select(Session).order_by(Session.start_at)).first()  # type: ignore[return-value]


def test_a_running_timer_comes_back_from_the_file(demo_db: Database) -> None:
    talk = first_talk(demo_db)
    clock = FakeClock(current=talk.start_at)
    timer = SessionTimer(clock, 1800)
    timer.start()
    clock.advance(100)
    timer.pause()
    clock.advance(20)
    timer.resume()
    save_snapshots(demo_db, {talk.id: timer.snapshot()})

    with demo_db.session() as s:
        record = s.get(TimerRecord, talk.id)
        assert record is not None
        assert record.started_at == talk.start_at
        assert record.paused_seconds == 20.0
        assert [e["action"] for e in record.state["log"]] == ["start", "pause", "resume"]
        snapshots = load_snapshots(s)
    clock.advance(90)
    restored = SessionTimer.restore(snapshots[talk.id], clock)
    assert restored.state is TimerState.RUNNING
    assert restored.elapsed_ns() == 190 * NS


def test_saving_again_updates_the_record_and_clear_forgets_it(demo_db: Database) -> None:
    talk = first_talk(demo_db)
    clock = FakeClock(current=talk.start_at)
    timer = SessionTimer(clock, 1800)
    timer.start()
    save_snapshots(demo_db, {talk.id: timer.snapshot()})
    clock.advance(1900)
    timer.finish()
    save_snapshots(demo_db, {talk.id: timer.snapshot()})
    with demo_db.session() as s:
        record = s.get(TimerRecord, talk.id)
        assert record is not None and record.ended_at == clock.now()
        assert load_snapshots(s)[talk.id].state is TimerState.FINISHED
    clear_snapshot(demo_db, talk.id)
    with demo_db.session() as s:
        assert s.get(TimerRecord, talk.id) is None


def test_saving_the_timer_of_a_deleted_session_is_refused_and_nothing_is_written(
    demo_db: Database,
) -> None:
    talk = first_talk(demo_db)
    timer = SessionTimer(FakeClock(current=talk.start_at), 1800)
    timer.start()
    with pytest.raises(TimerError, match="session 99999 no longer exists"):
        save_snapshots(demo_db, {talk.id: timer.snapshot(), 99999: timer.snapshot()})
    with demo_db.session() as s:
        assert s.scalars(select(TimerRecord)).all() == []


def test_a_record_with_only_columns_is_read_from_them(demo_db: Database) -> None:
    talk = first_talk(demo_db)
    start = datetime(2026, 4, 26, 12, 3, tzinfo=UTC)
    record = TimerRecord(
        session_id=talk.id,
        started_at=start,
        paused_at=datetime(2026, 4, 26, 12, 13, tzinfo=UTC),
        paused_seconds=120.0,
    )
    snapshot = read_record(record, 1800)
    assert snapshot.state is TimerState.PAUSED
    assert snapshot.elapsed_ns_at(datetime(2026, 4, 26, 13, 0, tzinfo=UTC)) == 480 * NS
    record.paused_at = None
    running = read_record(record, 1800)
    assert running.elapsed_ns_at(datetime(2026, 4, 26, 12, 33, tzinfo=UTC)) == 1680 * NS


def test_a_damaged_record_names_its_session(demo_db: Database) -> None:
    record = TimerRecord(session_id=7, state={"duration_s": "half an hour"})
    with pytest.raises(TimerError, match="timer record of session 7"):
        read_record(record, 1800)


def test_thresholds_are_stored_as_event_settings(demo_db: Database) -> None:
    with demo_db.session() as s:
        assert load_thresholds(s).for_kind(SessionKind.INVITED_TALK).wrap_up == 300
    custom = Thresholds(wrap_up=420, final=90, questions=300)
    with demo_db.transaction() as s:
        settings = load_thresholds(s)
        save_thresholds(s, {**settings.by_kind, SessionKind.INVITED_TALK: custom})
    with demo_db.session() as s:
        loaded = load_thresholds(s)
        row = s.get(EventSetting, THRESHOLDS_KEY)
    assert loaded.for_kind(SessionKind.INVITED_TALK) == custom
    assert loaded.problems == ()
    assert row is not None and row.value["invited_talk"] == {
        "wrap_up": 420,
        "final": 90,
        "questions": 300,
    }


def test_bad_stored_thresholds_fall_back_to_the_defaults_and_are_reported() -> None:
    settings = parse_thresholds(
        {"panel": {"wrap_up": -1}, "keynote": {"wrap_up": 60}, "invited_talk": {"wrap_up": 240}}
    )
    assert settings.for_kind(SessionKind.PANEL).wrap_up == 600
    assert settings.for_kind(SessionKind.INVITED_TALK).wrap_up == 240
    assert len(settings.problems) == 2
    assert "chair.thresholds.panel" in settings.problems[0]
    assert "unknown session kind 'keynote'" in settings.problems[1]
    assert parse_thresholds("loud").problems[0].endswith("using the defaults")
