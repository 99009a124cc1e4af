"""Writing one record edited in the app: add or change it, checked, in one transaction.

    saved = save_record(database, record)                 # a new one: Saved(ref "#17", ...)
    saved = save_record(database, changed, ref, before)   # an edit: only the fields changed
    save_fields(database, "sessions", "#17", expected, wanted)   # undo and redo of an edit

Every write checks the record first with the import's rules (`edit_check`) on the event
as it is now, and refuses with EditRefused when anything is wrong. An edit carries the
values its form started from: if another window or desk changed one of the same fields
meanwhile, the write is refused with EditConflict instead of overwriting their change.
A session whose start or end moves gets a higher calendar `sequence`, so phone
calendars that imported it move it too (undoing the move raises it again: a sequence
never goes down).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.io.csv_people import SerialAllocator
from sci4dl_desktop.io.edit_check import ENTITY_MODELS, EditRecord, check_record, entity_of
from sci4dl_desktop.io.problems import ImportFailure, Problem, quote
from sci4dl_desktop.io.records import (
    ENTITY_LABELS,
    AttendeeRecord,
    AuthorRecord,
    PosterRecord,
    SessionRecord,
    existing_ref,
    ref_id,
)
from sci4dl_desktop.io.source import local_label
from sci4dl_desktop.io.state import EventState, attendee_record, load_state, person_record
from sci4dl_desktop.io.values import slug
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import (
    Attendee,
    AuditEntry,
    Person,
    Poster,
    PosterAuthor,
    Room,
    Session,
    SessionSpeaker,
)

M = TypeVar("M")

# Audit actions of deleting an attendee in the app and of bringing them back (Undo).
AUDIT_DELETED = "Attendee deleted"
AUDIT_RESTORED = "Attendee restored"
_RETIRED_SERIAL = re.compile(r", badge (\S+): deleted")

# Fields the app gives itself and a form never changes.
GIVEN_FIELDS = {"uid", "sequence", "badge_serial", "badge_revision"}


class EditRefused(ImportFailure):
    """The record has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        text = (
            f"{first.message}; {first.hint}"
            if first and first.hint
            else (first.message if first else "")
        )
        super().__init__(f"not saved: {text}")


class EditConflict(ImportFailure):
    """The stored record changed (or went) since the form or the undo step was made."""


@dataclass(frozen=True)
class Saved:
    entity: str
    ref: str  # "#17"
    record: EditRecord  # as stored now


def singular(entity: str) -> str:
    return ENTITY_LABELS[entity][0]


def changed_fields(before: EditRecord, after: EditRecord) -> list[str]:
    return [
        f.name
        for f in fields(type(after))
        if f.name not in GIVEN_FIELDS and getattr(before, f.name) != getattr(after, f.name)
    ]


# -- reading one stored record ----------------------------------------------------------


def _session_uid(session: OrmSession, session_id: int | None) -> str | None:
    if session_id is None:
        return None
    return session.scalar(select(Session.uid).where(Session.id == session_id))


def _fresh(session: OrmSession, model: type[M], row_id: int) -> M | None:
    """The stored row, re-read from the database (None if it is gone)."""
    row = session.get(model, row_id)
    if row is not None:
        session.refresh(row)
    return row


def read_record(session: OrmSession, entity: str, ref: str) -> EditRecord | None:
    """The stored record a ref names, as the import's state would hold it (None if gone)."""
    row_id = ref_id(ref)
    if row_id is None:
        return None
    if entity == "sessions":
        s = _fresh(session, Session, row_id)
        if s is None:
            return None
        return SessionRecord(
            uid=s.uid,
            title=s.title,
            kind=s.kind,
            start_at=s.start_at,
            end_at=s.end_at,
            room=s.room.name if s.room is not None else None,
            subtitle=s.subtitle,
            abstract=s.abstract,
            notes=s.notes,
            track=s.track,
            url=s.url,
            speakers=tuple(existing_ref(link.person_id) for link in s.speaker_links),
            sequence=s.sequence,
        )
    if entity == "posters":
        p = _fresh(session, Poster, row_id)
        if p is None:
            return None
        return PosterRecord(
            uid=p.uid,
            title=p.title,
            abstract=p.abstract,
            keywords=tuple(p.keywords),
            external_id=p.external_id,
            url=p.url,
            board=p.board,
            poster_session=_session_uid(session, p.poster_session_id),
            presented_remotely=p.presented_remotely,
            challenge_entry=p.challenge_entry,
            talk_session=_session_uid(session, p.talk_session_id),
            authors=tuple(
                AuthorRecord(
                    a.name,
                    a.affiliation,
                    existing_ref(a.person_id) if a.person_id is not None else None,
                )
                for a in p.authors
            ),
        )
    if entity == "people":
        person = _fresh(session, Person, row_id)
        return None if person is None else person_record(person)
    attendee = _fresh(session, Attendee, row_id)
    return None if attendee is None else attendee_record(attendee)


# -- writing --------------------------------------------------------------------------


def _id(ref: str | None) -> int | None:
    return ref_id(ref) if ref else None


def _room_id(session: OrmSession, event_id: int, name: str | None) -> int | None:
    if not name or not name.strip():
        return None
    wanted = fold(name.strip())
    for room_id, room_name in session.execute(
        select(Room.id, Room.name).where(Room.event_id == event_id)
    ):
        if fold(room_name) == wanted:
            return int(room_id)
    position = session.scalar(
        select(func.coalesce(func.max(Room.position), -1)).where(Room.event_id == event_id)
    )
    room = Room(event_id=event_id, name=name.strip(), position=int(position or 0) + 1)
    session.add(room)
    session.flush()
    return room.id


def _session_id(session: OrmSession, event_id: int, uid: str | None) -> int | None:
    if uid is None:
        return None
    found = session.scalar(
        select(Session.id).where(Session.event_id == event_id, Session.uid == uid)
    )
    if found is None:
        raise EditConflict(f"the session {quote(uid)} no longer exists; choose another one")
    return int(found)


def _write_session(
    s: OrmSession, event_id: int, row: Session | None, record: SessionRecord, names: list[str]
) -> Session:
    if row is None:
        row = Session(event_id=event_id, uid=record.uid, sequence=0)
        s.add(row)
    moved = row.id is not None and ("start_at" in names or "end_at" in names)
    for name in names:
        value = getattr(record, name)
        if name == "room":
            row.room_id = _room_id(s, event_id, value)
        elif name == "speakers":
            kept = {link.person_id: link for link in row.speaker_links}
            ids = [ref_id(r) for r in value]
            row.speaker_links = [
                kept.get(pid) or SessionSpeaker(person_id=pid) for pid in ids if pid is not None
            ]
        else:
            setattr(row, name, value)
    if moved:
        row.sequence = (row.sequence or 0) + 1
    return row


def _write_poster(
    s: OrmSession, event_id: int, row: Poster | None, record: PosterRecord, names: list[str]
) -> Poster:
    if row is None:
        row = Poster(event_id=event_id, uid=record.uid)
        s.add(row)
    for name in names:
        value = getattr(record, name)
        if name in ("poster_session", "talk_session"):
            setattr(row, f"{name}_id", _session_id(s, event_id, value))
        elif name == "authors":
            current = list(row.authors)
            for position, author in enumerate(value):
                person = _id(author.person)
                if position < len(current):
                    link = current[position]
                    link.name, link.affiliation, link.person_id = (
                        author.name,
                        author.affiliation,
                        person,
                    )
                else:
                    row.authors.append(
                        PosterAuthor(
                            name=author.name, affiliation=author.affiliation, person_id=person
                        )
                    )
            del row.authors[len(value) :]
        elif name == "keywords":
            row.keywords = list(value)
        else:
            setattr(row, name, value)
    return row


def _write_simple(row: Any, record: EditRecord, names: list[str]) -> None:
    for name in names:
        value = getattr(record, name)
        if name == "person":
            row.person_id = _id(value)
        elif isinstance(value, tuple):
            setattr(row, name, list(value))
        else:
            setattr(row, name, value)


def write_record(
    s: OrmSession, event_id: int, record: EditRecord, ref: str | None, names: list[str]
) -> str:
    """Write the named fields of the record (all of them for a new one); returns its ref."""
    entity = entity_of(record)
    model = ENTITY_MODELS[entity]
    row = s.get(model, ref_id(ref)) if ref else None
    if ref and row is None:
        raise EditConflict(f"this {singular(entity)} was deleted elsewhere; nothing was saved")
    if isinstance(record, SessionRecord):
        row = _write_session(s, event_id, row, record, names)
    elif isinstance(record, PosterRecord):
        row = _write_poster(s, event_id, row, record, names)
    else:
        if row is None:
            row = model(event_id=event_id)
            s.add(row)
        _write_simple(row, record, names)
    s.flush()
    return existing_ref(row.id)


def new_session_uid(state: EventState, record: SessionRecord) -> str:
    """A readable, unused uid: acronym, day, start and title, like the CSV import gives."""
    assert state.event is not None
    zone = state.zone
    day = record.start_at.astimezone(zone).date().isoformat()
    parts = (
        slug(state.event.record.acronym),
        day,
        local_label(record.start_at, state).replace(":", ""),
        slug(record.title)[:60],
    )
    base = "-".join(p for p in parts if p)
    uid, n = base, 2
    while uid in state.sessions:
        uid, n = f"{base}-{n}", n + 1
    return uid


def new_poster_uid(state: EventState, record: PosterRecord) -> str:
    base = f"poster-{slug(record.title)[:60] or 'untitled'}"
    uid, n = base, 2
    while uid in state.posters:
        uid, n = f"{base}-{n}", n + 1
    return uid


def retired_serials(session: OrmSession) -> set[str]:
    """Badge serials of attendees deleted in the app: never given again, since their
    printed badges may still be around (and Undo may bring their owners back)."""
    details = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == AUDIT_DELETED))
    return {m[1] for m in map(_RETIRED_SERIAL.search, details) if m}


def _with_given_values(state: EventState, record: EditRecord, retired: set[str]) -> EditRecord:
    """A new record with the values the app gives: uid, badge serial."""
    if isinstance(record, SessionRecord):
        return replace(record, uid=new_session_uid(state, record), sequence=0)
    if isinstance(record, PosterRecord):
        return replace(record, uid=new_poster_uid(state, record))
    if isinstance(record, AttendeeRecord):
        serial = SerialAllocator(state, retired).next()
        return replace(record, badge_serial=serial, badge_revision=1)
    return record


def load_event_state(database: Database) -> EventState:
    with database.session() as session:
        return load_state(session)


def _check(state: EventState, record: EditRecord, ref: str | None) -> None:
    problems = check_record(state, record, ref)
    if problems:
        raise EditRefused(problems)


def _verify(current: EditRecord, expected: dict[str, Any], entity: str) -> None:
    for name, value in expected.items():
        now = getattr(current, name)
        if now != value:
            label = getattr(current, "title", None) or getattr(current, "name", "")
            raise EditConflict(
                f"{quote(label)}: {name.replace('_', ' ')} was changed elsewhere meanwhile "
                f"(it is now {quote(_plain(now))}); nothing was saved: "
                f"open the {singular(entity)} again to see the current values"
            )


def _plain(value: object) -> str:
    if isinstance(value, tuple):
        return "; ".join(getattr(v, "name", str(v)) for v in value)
    return "" if value is None else str(value)


def save_record(
    database: Database,
    record: EditRecord,
    ref: str | None = None,
    before: EditRecord | None = None,
    state: EventState | None = None,
) -> Saved:
    """Add a record (ref None) or store an edit of one (ref and the form's `before`).

    Only the fields that differ from `before` are written, and only if they still hold
    the values of `before`. Raises EditRefused or EditConflict; nothing is written then.
    """
    entity = entity_of(record)
    state = state or load_event_state(database)
    if state.event_id is None:
        raise EditConflict("the database holds no event")
    if ref is None:
        with database.session() as session:
            retired = retired_serials(session) if entity == "attendees" else set()
        record = _with_given_values(state, record, retired)
        _check(state, record, None)
        names = [f.name for f in fields(type(record))]
        expected: dict[str, Any] = {}
    else:
        assert before is not None
        names = changed_fields(before, record)
        expected = {n: getattr(before, n) for n in names}
    with database.transaction() as s:
        if ref is not None:
            current = read_record(s, entity, ref)
            if current is None:
                raise EditConflict(
                    f"this {singular(entity)} was deleted elsewhere; nothing was saved"
                )
            _verify(current, expected, entity)
            record = replace(current, **{n: getattr(record, n) for n in names})
            _check(state, record, ref)
        new_ref = write_record(s, state.event_id, record, ref, names)
        stored = read_record(s, entity, new_ref)
    assert stored is not None
    return Saved(entity, new_ref, stored)


def save_fields(
    database: Database,
    entity: str,
    ref: str,
    expected: dict[str, Any],
    wanted: dict[str, Any],
) -> Saved:
    """Set fields of a stored record from `expected` to `wanted` (undo and redo of an edit)."""
    state = load_event_state(database)
    assert state.event_id is not None
    with database.transaction() as s:
        current = read_record(s, entity, ref)
        if current is None:
            raise EditConflict(f"this {singular(entity)} was deleted elsewhere")
        _verify(current, expected, entity)
        record = replace(current, **wanted)
        _check(state, record, ref)
        write_record(s, state.event_id, record, ref, list(wanted))
        stored = read_record(s, entity, ref)
    assert stored is not None
    return Saved(entity, ref, stored)


__all__ = [
    "AUDIT_DELETED",
    "AUDIT_RESTORED",
    "GIVEN_FIELDS",
    "EditConflict",
    "EditRefused",
    "Saved",
    "changed_fields",
    "load_event_state",
    "new_poster_uid",
    "new_session_uid",
    "read_record",
    "retired_serials",
    "save_fields",
    "save_record",
    "singular",
    "write_record",
]
