"""Checking one record typed into the app's forms, by the same rules as an import.

A form builds a record (SessionRecord, PosterRecord, PersonRecord or AttendeeRecord)
and asks `check_record` what is wrong with it. The checks across records (sessions
overlapping in a room, a board given twice in a poster session, posters left in a
session that is no longer a poster session, an email used twice) are the import's own
(`sci4dl_desktop.io.validate`), run on a small copy of the event state that holds the
record as planned, so a form says exactly what an import would.

Problems name the record field they are about (``start_at``, ``board``, ``email``, ...)
so a form can show each one beside its field.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from sqlalchemy import String, Table

from sci4dl_desktop.io.plan import ImportPlan, PlanBuilder
from sci4dl_desktop.io.problems import Location, Problem, quote
from sci4dl_desktop.io.records import (
    ENTITY_LABELS,
    AttendeeRecord,
    PersonRecord,
    PosterRecord,
    SessionRecord,
)
from sci4dl_desktop.io.source import local_label
from sci4dl_desktop.io.state import Entry, EventState, email_key
from sci4dl_desktop.io.validate import validate
from sci4dl_desktop.io.values import is_email
from sci4dl_desktop.store.models import Attendee, Person, Poster, Session

EditRecord = SessionRecord | PosterRecord | PersonRecord | AttendeeRecord

# entity name (as in plans) -> record type, stored model, what one is called
ENTITY_RECORDS: dict[str, type] = {
    "sessions": SessionRecord,
    "posters": PosterRecord,
    "people": PersonRecord,
    "attendees": AttendeeRecord,
}
ENTITY_MODELS: dict[str, Any] = {
    "sessions": Session,
    "posters": Poster,
    "people": Person,
    "attendees": Attendee,
}

# The uid a new session or poster is checked under before it is given its own.
DRAFT_UID = "+draft"

# Field names used by the import's checks -> record fields.
_FIELD_ALIASES = {
    "start": "start_at",
    "end": "end_at",
    "poster session": "poster_session",
    "talk session": "talk_session",
    "break": "slot",
}


def entity_of(record: object) -> str:
    for entity, record_type in ENTITY_RECORDS.items():
        if isinstance(record, record_type):
            return entity
    raise TypeError(f"not an editable record: {type(record).__name__}")


def max_lengths(entity: str) -> dict[str, int]:
    """The longest text each field of the entity can hold (the database column's length)."""
    table: Table = ENTITY_MODELS[entity].__table__
    found: dict[str, int] = {}
    for name in (f.name for f in fields(ENTITY_RECORDS[entity])):
        column = table.c.get(name)
        if column is not None and isinstance(column.type, String) and column.type.length:
            found[name] = column.type.length
    return found


def _problem(
    where: Location, field: str, message: str, value: object = None, hint: str = ""
) -> Problem:
    return Problem(where, message, field, None if value is None else str(value), hint)


def record_problems(record: EditRecord, where: Location | None = None) -> list[Problem]:
    """What is wrong with the record on its own: required fields, times, lengths, email."""
    where = where or Location("this record")
    entity = entity_of(record)
    found: list[Problem] = []
    name_field = "name" if entity in ("people", "attendees") else "title"
    if not str(getattr(record, name_field)).strip():
        found.append(_problem(where, name_field, f"the {name_field} is required", "", "type one"))
    for name, length in max_lengths(entity).items():
        value = getattr(record, name)
        if isinstance(value, str) and len(value) > length:
            found.append(
                _problem(
                    where,
                    name,
                    f"is {len(value)} characters long; at most {length} fit",
                    quote(value),
                    "shorten it",
                )
            )
    if isinstance(record, SessionRecord) and record.end_at <= record.start_at:
        found.append(
            _problem(
                where,
                "end_at",
                "the session ends before it starts"
                if record.end_at < record.start_at
                else "the session ends when it starts",
                record.end_at.isoformat(timespec="minutes"),
                "the end must come after the start: correct one of them",
            )
        )
    if isinstance(record, PosterRecord) and record.board is not None and record.board <= 0:
        found.append(
            _problem(where, "board", "a board number starts at 1", record.board, "give 1 or more")
        )
    if isinstance(record, AttendeeRecord) and record.email and not is_email(record.email):
        found.append(
            _problem(
                where,
                "email",
                f"{quote(record.email)} is not an e-mail address",
                record.email,
                "check for a missing @ or a space, or leave it empty",
            )
        )
    return found


def _scratch(state: EventState, entity: str, record: EditRecord, ref: str | None) -> EventState:
    """A copy of the state with just what the checks of this record read."""
    scratch = EventState()
    scratch.event_id, scratch.event = state.event_id, state.event
    scratch.badge_secret, scratch.digest = state.badge_secret, state.digest
    scratch.rooms = state.rooms
    scratch.sessions = dict(state.sessions)
    scratch.session_uid_by_id = state.session_uid_by_id
    scratch.posters = dict(state.posters)
    scratch.people = state.people if entity != "people" else {}
    if entity == "attendees":
        assert isinstance(record, AttendeeRecord)
        refs = {ref} if ref else set()
        if record.email:
            owner = state.attendees_by_email.get(email_key(record.email))
            if owner is not None:
                refs.add(owner)
        for found in refs:
            entry = state.attendees.get(found)
            if entry is not None:
                scratch.put_attendee(Entry(entry.ref, entry.record))
    else:
        scratch.attendees = state.attendees
    return scratch


def check_record(
    state: EventState, record: EditRecord, ref: str | None = None, label: str = ""
) -> list[Problem]:
    """Every problem of the record as it would be stored (ref: the stored row it replaces).

    For sessions and posters the record's uid says which one it is (DRAFT_UID or any
    unused uid for a new one); for people and attendees `ref` does ("#17"), None when new.
    """
    entity = entity_of(record)
    where = Location(label or f"this {ENTITY_LABELS[entity][0]}")
    found = record_problems(record, where)
    if isinstance(record, SessionRecord) and any(p.field == "end_at" for p in found):
        return found  # the overlap checks need a session that ends after it starts
    scratch = _scratch(state, entity, record, ref)
    plan = ImportPlan(digest=scratch.digest, state=scratch)
    builder = PlanBuilder(scratch, plan)
    provided = frozenset(f.name for f in fields(type(record)))
    if isinstance(record, SessionRecord):
        builder.session(record, where, provided)
    elif isinstance(record, PosterRecord):
        builder.poster(record, where, provided)
    elif isinstance(record, PersonRecord):
        builder.person(record, where, provided, ref, match=False)
    else:
        builder.attendee(record, where, provided, ref)
    validate(scratch, plan)
    for problem in plan.problems:
        name = _FIELD_ALIASES.get(problem.field or "", problem.field)
        found.append(replace(problem, field=name))
    return found


def describe(problem: Problem) -> str:
    """A problem as a form shows it beside its field: the message and what to do."""
    return problem.message + (f"; {problem.hint}" if problem.hint else "")


def session_span(record: SessionRecord, state: EventState) -> str:
    return f"{local_label(record.start_at, state)}–{local_label(record.end_at, state)}"


__all__ = [
    "DRAFT_UID",
    "ENTITY_MODELS",
    "ENTITY_RECORDS",
    "EditRecord",
    "check_record",
    "describe",
    "entity_of",
    "max_lengths",
    "record_problems",
    "session_span",
]
