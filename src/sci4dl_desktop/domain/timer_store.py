"""Timers in the event database: each session's `TimerRecord`, and the chair's thresholds.

A `TimerRecord` row holds what happened to a session: `started_at`, `ended_at`,
`paused_at` (while paused), `paused_seconds` and `adjust_seconds` as plain columns
that any report can read, and in `state` (JSON) what brings a timer back exactly:

    {"version": 1, "duration_s": 1800, "paused_ns": 0,
     "checkpoint_at": "2026-04-26T12:05:00+00:00", "checkpoint_elapsed_ns": 0,
     "log": [{"action": "start", "at": "...", "elapsed_ns": 0}, ...]}

A record written by another tool with only the columns filled is read too: its
elapsed time is then worked out from the columns.

The thresholds live in the `EventSetting` row `chair.thresholds`, so every desk of
the event uses the same ones: {"invited_talk": {"wrap_up": 300, "final": 60,
"questions": 0}, ...}. Kinds left out use the defaults of `domain/timer.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.timer import (
    DEFAULT_THRESHOLDS,
    NS,
    LogEntry,
    Thresholds,
    TimerError,
    TimerSnapshot,
    aware_utc,
    to_ns,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import EventSetting, Session, TimerRecord

THRESHOLDS_KEY = "chair.thresholds"
STATE_VERSION = 1


# -- thresholds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ThresholdSettings:
    """The thresholds for every session kind, and what was wrong with the stored ones."""

    by_kind: Mapping[SessionKind, Thresholds]
    problems: tuple[str, ...] = ()

    def for_kind(self, kind: SessionKind) -> Thresholds:
        return self.by_kind.get(kind, DEFAULT_THRESHOLDS[kind])


def default_settings() -> ThresholdSettings:
    return ThresholdSettings(dict(DEFAULT_THRESHOLDS))


def parse_thresholds(value: Any) -> ThresholdSettings:
    """Stored thresholds, kind by kind; a bad entry keeps the default and is reported."""
    by_kind = dict(DEFAULT_THRESHOLDS)
    problems: list[str] = []
    if value is None:
        return ThresholdSettings(by_kind)
    if not isinstance(value, Mapping):
        return ThresholdSettings(
            by_kind,
            (
                f"event setting {THRESHOLDS_KEY}: expected an object by session kind, "
                f"found {type(value).__name__}; using the defaults",
            ),
        )
    for key, entry in value.items():
        try:
            kind = SessionKind(key)
        except ValueError:
            problems.append(f"event setting {THRESHOLDS_KEY}: unknown session kind '{key}'")
            continue
        try:
            by_kind[kind] = Thresholds.from_json(entry, f"event setting {THRESHOLDS_KEY}.{key}")
        except TimerError as exc:
            problems.append(f"{exc}; using the default for {kind.label.lower()}s")
    return ThresholdSettings(by_kind, tuple(problems))


def load_thresholds(session: OrmSession) -> ThresholdSettings:
    row = session.get(EventSetting, THRESHOLDS_KEY)
    return parse_thresholds(row.value if row is not None else None)


def save_thresholds(session: OrmSession, by_kind: Mapping[SessionKind, Thresholds]) -> None:
    """Store the thresholds of every kind (the caller commits)."""
    value = {kind.value: by_kind[kind].to_json() for kind in SessionKind if kind in by_kind}
    row = session.get(EventSetting, THRESHOLDS_KEY)
    if row is None:
        session.add(EventSetting(key=THRESHOLDS_KEY, value=value))
    else:
        row.value = value


# -- timer records ---------------------------------------------------------------------------


def snapshot_to_state(snapshot: TimerSnapshot) -> dict[str, Any]:
    return {
        "version": STATE_VERSION,
        "duration_s": snapshot.duration_s,
        "paused_ns": snapshot.paused_ns,
        "checkpoint_at": snapshot.checkpoint_at.isoformat() if snapshot.checkpoint_at else None,
        "checkpoint_elapsed_ns": snapshot.checkpoint_elapsed_ns,
        "log": [entry.to_json() for entry in snapshot.log],
    }


def write_record(record: TimerRecord, snapshot: TimerSnapshot) -> None:
    record.started_at = snapshot.started_at
    record.ended_at = snapshot.ended_at
    record.paused_at = snapshot.paused_at
    record.paused_seconds = snapshot.paused_ns / NS
    record.adjust_seconds = float(snapshot.adjust_s)
    record.state = snapshot_to_state(snapshot)


def read_record(record: TimerRecord, planned_seconds: int) -> TimerSnapshot:
    """The snapshot stored in a record; `planned_seconds` is used when the record has none."""
    where = f"timer record of session {record.session_id}"
    state = record.state if isinstance(record.state, Mapping) else {}
    try:
        duration = int(state.get("duration_s", planned_seconds))
        log = tuple(LogEntry.from_json(entry) for entry in state.get("log", ()))
        paused_ns = int(state.get("paused_ns", to_ns(record.paused_seconds or 0.0)))
        checkpoint_text = state.get("checkpoint_at")
        checkpoint_at = (
            aware_utc(datetime.fromisoformat(checkpoint_text)) if checkpoint_text else None
        )
        checkpoint_elapsed = int(state.get("checkpoint_elapsed_ns", 0))
    except (TypeError, ValueError, KeyError, TimerError) as exc:
        raise TimerError(f"{where}: the stored state cannot be read ({exc})") from exc
    if checkpoint_at is None and record.started_at is not None:
        checkpoint_at, checkpoint_elapsed = _checkpoint_from_columns(record, paused_ns)
    return TimerSnapshot(
        duration_s=duration,
        started_at=record.started_at,
        ended_at=record.ended_at,
        paused_at=record.paused_at,
        paused_ns=paused_ns,
        adjust_s=round(record.adjust_seconds or 0.0),
        checkpoint_at=checkpoint_at,
        checkpoint_elapsed_ns=checkpoint_elapsed,
        log=log,
    )


def _checkpoint_from_columns(record: TimerRecord, paused_ns: int) -> tuple[datetime, int]:
    """A checkpoint for a record that has only its columns: elapsed = wall time - pauses."""
    assert record.started_at is not None
    stop = record.ended_at or record.paused_at
    if stop is None:  # running: elapsed(now) = now - started - pauses
        return record.started_at, -paused_ns
    elapsed = to_ns((stop - record.started_at).total_seconds()) - paused_ns
    return stop, max(0, elapsed)


def planned_seconds(session: Session) -> int:
    return round((session.end_at - session.start_at).total_seconds())


def load_snapshots(session: OrmSession, event_id: int | None = None) -> dict[int, TimerSnapshot]:
    """Every stored timer of the event, by session id."""
    query = select(TimerRecord, Session.start_at, Session.end_at).join(
        Session, Session.id == TimerRecord.session_id
    )
    if event_id is not None:
        query = query.where(Session.event_id == event_id)
    snapshots: dict[int, TimerSnapshot] = {}
    for record, start, end in session.execute(query):
        snapshots[record.session_id] = read_record(record, round((end - start).total_seconds()))
    return snapshots


def save_snapshots(database: Database, snapshots: Mapping[int, TimerSnapshot]) -> None:
    """Store several timers in one transaction (the next session starts as one ends)."""
    with database.transaction() as session:
        for session_id, snapshot in snapshots.items():
            if session.get(Session, session_id) is None:
                raise TimerError(f"session {session_id} no longer exists: its timer was not saved")
            record = session.get(TimerRecord, session_id)
            if record is None:
                record = TimerRecord(session_id=session_id)
                session.add(record)
            write_record(record, snapshot)


def clear_snapshot(database: Database, session_id: int) -> None:
    """Forget a session's timer (the chair reopens a session started by mistake)."""
    with database.transaction() as session:
        record = session.get(TimerRecord, session_id)
        if record is not None:
            session.delete(record)


__all__ = [
    "THRESHOLDS_KEY",
    "ThresholdSettings",
    "clear_snapshot",
    "default_settings",
    "load_snapshots",
    "load_thresholds",
    "parse_thresholds",
    "planned_seconds",
    "read_record",
    "save_snapshots",
    "save_thresholds",
    "snapshot_to_state",
    "write_record",
]
