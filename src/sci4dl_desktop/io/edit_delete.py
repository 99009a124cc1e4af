"""Deleting a session, poster, person or attendee from the app, and undoing that.

    impact = deletion_impact(database, "attendees", "#17")   # what goes with it, to confirm
    deleted = delete_record(database, "attendees", "#17", desk="Event data")
    saved = restore_record(database, deleted, desk="Event data")   # undo: all of it back

Deleting takes the rows that hang on the record with it (a session's stars and
meetings, an attendee's check-ins and admission, ...) and keeps them in the returned
Deleted, so restoring brings back exactly what was there; see `row_snapshot`.

An attendee's check-ins are part of the desk's log. Deleting an attendee who has
checked in is allowed (a duplicate registration, say) but the form warns first, and
the audit log records the deletion and the restore with the number of check-ins, so
the log still explains every arrival count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.io.edit_check import ENTITY_MODELS, EditRecord, check_record
from sci4dl_desktop.io.edit_store import (
    AUDIT_DELETED,
    AUDIT_RESTORED,
    EditConflict,
    EditRefused,
    Saved,
    load_event_state,
    read_record,
    singular,
)
from sci4dl_desktop.io.records import (
    AttendeeRecord,
    PersonRecord,
    PosterRecord,
    SessionRecord,
    existing_ref,
    ref_id,
)
from sci4dl_desktop.io.row_snapshot import (
    RowSnapshot,
    SnapshotError,
    delete_snapshot,
    restore_snapshot,
    take_snapshot,
)
from sci4dl_desktop.io.state import EventState
from sci4dl_desktop.store.checkins import add_audit
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Admission

# What each kind of row that goes with a record means, per (entity, table).
_REMOVED: dict[str, tuple[str, str]] = {
    "check_ins": ("check-in in the desk log", "check-ins in the desk log"),
    "stars": ("agenda star", "agenda stars"),
    "pairings": ("mentorship meeting", "mentorship meetings"),
    "timer_records": ("session chair's timing record", "session chair's timing records"),
    "mentor_profiles": ("mentor profile", "mentor profiles"),
    "mentee_profiles": ("mentee profile", "mentee profiles"),
}
_CLEARED: dict[tuple[str, str], tuple[str, str]] = {
    ("posters", "poster_session_id"): (
        "poster loses its poster session",
        "posters lose their poster session",
    ),
    ("posters", "talk_session_id"): ("poster loses its talk", "posters lose their talk"),
    ("poster_authors", "person_id"): (
        "poster author loses the link to this person",
        "poster authors lose the link to this person",
    ),
    ("attendees", "person_id"): (
        "attendee loses the link to this person",
        "attendees lose the link to this person",
    ),
    ("audit_log", "attendee_id"): (
        "desk audit entry loses the link to this attendee",
        "desk audit entries lose the link to this attendee",
    ),
    ("mentee_profiles", "poster_id"): (
        "mentee profile loses this poster",
        "mentee profiles lose this poster",
    ),
    ("mentee_profiles", "available_break_ids"): (
        "mentee loses this break from their availability",
        "mentees lose this break from their availability",
    ),
}
_SILENT = {"admissions", "poster_authors"}  # implied by check-ins; a poster's own authors


def _count(n: int, words: tuple[str, str]) -> str:
    return f"{n} {words[0] if n == 1 else words[1]}"


@dataclass(frozen=True)
class Impact:
    entity: str
    ref: str
    label: str
    lines: tuple[str, ...]  # what goes with the record, one phrase each
    check_ins: int = 0
    checked_in_now: bool = False

    @property
    def warn(self) -> bool:
        return self.check_ins > 0


@dataclass(frozen=True)
class Deleted:
    entity: str
    ref: str
    label: str
    snapshot: RowSnapshot


def record_label(entity: str, row: dict[str, object]) -> str:
    if entity in ("sessions", "posters"):
        return str(row["title"])
    if entity == "attendees" and row.get("email"):
        return f"{row['name']} <{row['email']}>"
    return str(row["name"])


def _lines(entity: str, snapshot: RowSnapshot) -> list[str]:
    lines = []
    for table, n in snapshot.removed().items():
        if table in _SILENT:
            continue
        if table == "session_speakers":
            words = (
                ("speaker link", "speaker links")
                if entity == "sessions"
                else ("talk they speak in", "talks they speak in")
            )
            lines.append(_count(n, words))
        else:
            lines.append(_count(n, _REMOVED.get(table, (f"row of {table}", f"rows of {table}"))))
    for key, n in snapshot.cleared().items():
        words = _CLEARED.get(key, (f"reference in {key[0]}", f"references in {key[0]}"))
        lines.append(_count(n, words))
    return lines


def _table(entity: str) -> str:
    return str(ENTITY_MODELS[entity].__tablename__)


def _snapshot(session: OrmSession, entity: str, ref: str) -> RowSnapshot:
    row_id = ref_id(ref)
    if row_id is None:
        raise EditConflict(f"this {singular(entity)} is not stored")
    try:
        return take_snapshot(session, _table(entity), row_id)
    except SnapshotError as exc:
        raise EditConflict(f"this {singular(entity)} was deleted elsewhere") from exc


def deletion_impact(database: Database, entity: str, ref: str) -> Impact:
    """What deleting the record would take with it (nothing is written)."""
    with database.session() as session:
        snapshot = _snapshot(session, entity, ref)
        now_in = False
        if entity == "attendees":
            now_in = session.get(Admission, snapshot.row_id) is not None
    check_ins = snapshot.removed().get("check_ins", 0)
    return Impact(
        entity,
        ref,
        record_label(entity, snapshot.row),
        tuple(_lines(entity, snapshot)),
        check_ins,
        now_in,
    )


def _root_record(state: EventState, entity: str, row: dict[str, Any]) -> EditRecord:
    """The record of a deleted row, as far as the checks need it."""
    if entity == "sessions":
        rooms = {entry.ref: entry.record.name for entry in state.rooms.values()}
        room_id = row["room_id"]
        return SessionRecord(
            uid=row["uid"],
            title=row["title"],
            kind=row["kind"],
            start_at=row["start_at"],
            end_at=row["end_at"],
            room=rooms.get(existing_ref(room_id)) if room_id is not None else None,
        )
    if entity == "posters":
        uid_of = state.session_uid_by_id
        return PosterRecord(
            uid=row["uid"],
            title=row["title"],
            board=row["board"],
            poster_session=uid_of.get(row["poster_session_id"]),
            talk_session=uid_of.get(row["talk_session_id"]),
        )
    if entity == "people":
        return PersonRecord(row["name"], row["affiliation"])
    return AttendeeRecord(
        name=row["name"],
        email=row["email"],
        affiliation=row["affiliation"],
        category=row["category"],
        badge_serial=row["badge_serial"],
    )


def _event_id(snapshot: RowSnapshot) -> int:
    return int(str(snapshot.row["event_id"]))


def delete_record(
    database: Database, entity: str, ref: str, desk: str = "Event data", now: datetime | None = None
) -> Deleted:
    """Delete the record and what goes with it, in one transaction; keep them for undo."""
    with database.transaction() as session:
        snapshot = _snapshot(session, entity, ref)
        delete_snapshot(session, snapshot)
        label = record_label(entity, snapshot.row)
        if entity == "attendees":
            check_ins = snapshot.removed().get("check_ins", 0)
            add_audit(
                session,
                event_id=_event_id(snapshot),
                at=now or datetime.now(UTC),
                desk=desk,
                action=AUDIT_DELETED,
                detail=f"{label}, badge {snapshot.row['badge_serial']}: deleted in Event data "
                f"with {check_ins} check-in{'s' if check_ins != 1 else ''}",
            )
    return Deleted(entity, ref, label, snapshot)


def restore_record(
    database: Database, deleted: Deleted, desk: str = "Event data", now: datetime | None = None
) -> Saved:
    """Bring a deleted record back with all that went with it (raises EditRefused/Conflict)."""
    state = load_event_state(database)
    entity, snapshot = deleted.entity, deleted.snapshot
    problems = check_record(state, _root_record(state, entity, snapshot.row), None)
    if problems:
        raise EditRefused(problems)
    with database.transaction() as session:
        try:
            new_ids = restore_snapshot(session, snapshot)
        except SnapshotError as exc:
            raise EditConflict(
                f"{deleted.label} cannot come back: the event changed meanwhile ({exc})"
            ) from exc
        ref = existing_ref(new_ids[(snapshot.table, snapshot.row_id)])
        record = read_record(session, entity, ref)
        assert record is not None
        if entity == "attendees":
            add_audit(
                session,
                event_id=_event_id(snapshot),
                at=now or datetime.now(UTC),
                desk=desk,
                action=AUDIT_RESTORED,
                attendee_id=ref_id(ref),
                detail=f"{deleted.label}: brought back by Undo in Event data "
                f"with {snapshot.removed().get('check_ins', 0)} check-ins",
            )
    return Saved(entity, ref, record)


def ids_in(database: Database, entity: str) -> set[int]:
    """The stored ids of an entity (for tests and for finding rows again)."""
    model = ENTITY_MODELS[entity]
    with database.session() as session:
        return set(session.scalars(select(model.id)))


__all__ = [
    "AUDIT_DELETED",
    "AUDIT_RESTORED",
    "Deleted",
    "Impact",
    "delete_record",
    "deletion_impact",
    "ids_in",
    "record_label",
    "restore_record",
]
