"""An import plan: what an import would add, change and leave alone, and why it may not.

Importers never write. They read the files, look the records up in an EventState and
hand each one to a PlanBuilder, which matches it, works out the field differences and
files it as a Change. The plan is what the GUI previews and what `apply_plan` writes.

Matching never loses data: a record matched in the event is updated only in the fields
its source provides, and nothing in the event is deleted because a file lacks it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from sci4dl_desktop.io.problems import Location, Problem
from sci4dl_desktop.io.records import (
    ENTITIES,
    ENTITY_LABELS,
    AttendeeRecord,
    EventRecord,
    FieldChange,
    MenteeRecord,
    MentorRecord,
    PairingRecord,
    PersonRecord,
    PosterRecord,
    RoomRecord,
    SessionRecord,
    field_names,
)
from sci4dl_desktop.io.state import Entry, EventState

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Change(Generic[R]):
    """One record of the plan: added (before is None), changed (diffs) or unchanged."""

    entity: str
    ref: str
    record: R
    before: R | None
    where: Location
    provided: frozenset[str]
    diffs: tuple[FieldChange, ...] = ()

    @property
    def action(self) -> str:
        if self.before is None:
            return "add"
        return "change" if self.diffs else "unchanged"


@dataclass(frozen=True, slots=True)
class Counts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    def plus(self, action: str) -> Counts:
        return Counts(
            self.added + (action == "add"),
            self.changed + (action == "change"),
            self.unchanged + (action == "unchanged"),
        )


@dataclass
class SourceInfo:
    """One file of the import and what it turned out to be."""

    name: str
    path: Path | None
    format: str
    format_label: str
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """Everything an import would do. Apply it with `apply_plan`; refused if problems."""

    digest: str
    sources: list[SourceInfo] = field(default_factory=list)
    event: list[Change[EventRecord]] = field(default_factory=list)
    rooms: list[Change[RoomRecord]] = field(default_factory=list)
    people: list[Change[PersonRecord]] = field(default_factory=list)
    sessions: list[Change[SessionRecord]] = field(default_factory=list)
    posters: list[Change[PosterRecord]] = field(default_factory=list)
    attendees: list[Change[AttendeeRecord]] = field(default_factory=list)
    mentors: list[Change[MentorRecord]] = field(default_factory=list)
    mentees: list[Change[MenteeRecord]] = field(default_factory=list)
    pairings: list[Change[PairingRecord]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # A full restore of an event package into an empty database (exact ids and all tables).
    restore: Any = None
    # The event as it would be after the import (for labels in previews).
    state: EventState | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def changes(self, entity: str) -> list[Change[Any]]:
        found: list[Change[Any]] = getattr(self, entity)
        return found

    def all_changes(self) -> Iterator[Change[Any]]:
        for entity in ENTITIES:
            yield from self.changes(entity)

    def counts(self, file: str | None = None) -> dict[str, Counts]:
        """Added/changed/unchanged per entity (of one file, or of all)."""
        result: dict[str, Counts] = {}
        for entity in ENTITIES:
            counts = Counts()
            for change in self.changes(entity):
                if file is None or change.where.file == file:
                    counts = counts.plus(change.action)
            if counts != Counts():
                result[entity] = counts
        return result

    @property
    def writes_anything(self) -> bool:
        return self.restore is not None or any(c.action != "unchanged" for c in self.all_changes())

    def summary_lines(self) -> list[str]:
        """One line per file: its format and what it adds, changes and leaves as is."""
        lines = []
        for source in self.sources:
            parts = [describe_counts(e, c) for e, c in self.counts(source.name).items()]
            body = "; ".join(parts) if parts else "nothing to import"
            lines.append(f"{source.name} ({source.format_label}): {body}")
            lines.extend(f"  note: {note}" for note in source.notes)
        return lines


def describe_counts(entity: str, counts: Counts) -> str:
    singular, plural = ENTITY_LABELS[entity]
    total = counts.added + counts.changed + counts.unchanged
    bits = []
    if counts.added:
        bits.append(f"{counts.added} added")
    if counts.changed:
        bits.append(f"{counts.changed} changed")
    if counts.unchanged:
        bits.append(f"{counts.unchanged} unchanged")
    return f"{plural if total != 1 else singular}: {', '.join(bits)}"


Formatter = Callable[[object], str]


class PlanBuilder:
    """Matches records against the state, files them as changes, keeps the state current."""

    def __init__(self, state: EventState, plan: ImportPlan) -> None:
        self.state = state
        self.plan = plan
        self._index: dict[tuple[str, str], int] = {}
        self._counter = itertools.count(1)
        self._fields: dict[type, tuple[str, ...]] = {}

    # -- the generic part ------------------------------------------------------------

    def new_ref(self, kind: str) -> str:
        return f"+{kind}{next(self._counter)}"

    def problem(self, problem: Problem) -> None:
        self.plan.problems.append(problem)

    def _names(self, record_type: type) -> tuple[str, ...]:
        names = self._fields.get(record_type)
        if names is None:
            names = self._fields[record_type] = field_names(record_type)
        return names

    def _upsert(
        self,
        entity: str,
        entry: Entry[R] | None,
        record: R,
        ref: str,
        where: Location,
        provided: frozenset[str],
    ) -> tuple[Change[R], R | None]:
        """File the record as a change; returns it and the record it replaces (if any)."""
        changes: list[Change[R]] = self.plan.changes(entity)
        if entry is None:
            change = Change(entity, ref, record, None, where, provided)
            self._index[(entity, ref)] = len(changes)
            changes.append(change)
            return change, None
        base = entry.record
        names = self._names(type(record))
        merged = replace(base, **{n: getattr(record, n) for n in names if n in provided})  # type: ignore[type-var]
        key = (entity, entry.ref)
        if entry.planned and key in self._index:
            position = self._index[key]
            previous = changes[position]
            provided = previous.provided | provided
            before = previous.before
            diffs = self.diff(entity, before, merged, provided) if before is not None else ()
            change = Change(entity, entry.ref, merged, before, previous.where, provided, diffs)
            changes[position] = change
        else:
            diffs = self.diff(entity, base, merged, provided)
            change = Change(entity, entry.ref, merged, base, where, provided, diffs)
            self._index[key] = len(changes)
            changes.append(change)
        return change, base

    def diff(
        self, entity: str, old: R, new: R, provided: frozenset[str]
    ) -> tuple[FieldChange, ...]:
        found = []
        for name in self._names(type(new)):
            if name not in provided:
                continue
            before, after = getattr(old, name), getattr(new, name)
            if before != after:
                text = self._formatter(entity, name)
                found.append(FieldChange(name, before, after, text(before), text(after)))
        return tuple(found)

    def _formatter(self, entity: str, name: str) -> Formatter:
        state = self.state

        def people(value: object) -> str:
            return (
                "; ".join(state.person_name(r) for r in value) if isinstance(value, tuple) else ""
            )

        def person(value: object) -> str:
            return state.person_name(value) if isinstance(value, str) else ""

        def session(value: object) -> str:
            return state.session_label(value) if isinstance(value, str) else ""

        def attendee(value: object) -> str:
            return state.attendee_label(value) if isinstance(value, str) else ""

        def when(value: object) -> str:
            if not isinstance(value, datetime):
                return ""
            zone = state.zone
            return (value.astimezone(zone) if zone else value).strftime("%Y-%m-%d %H:%M")

        def authors(value: object) -> str:
            if not isinstance(value, tuple):
                return ""
            return "; ".join(getattr(a, "name", str(a)) for a in value)

        special: dict[tuple[str, str], Formatter] = {
            ("sessions", "speakers"): people,
            ("sessions", "start_at"): when,
            ("sessions", "end_at"): when,
            ("posters", "authors"): authors,
            ("posters", "poster_session"): session,
            ("posters", "talk_session"): session,
            ("attendees", "person"): person,
            ("pairings", "mentor"): person,
            ("pairings", "mentee"): attendee,
            ("pairings", "slot"): session,
            ("mentors", "person"): person,
            ("mentees", "attendee"): attendee,
        }
        return special.get((entity, name), lambda value: "")

    def planned_in(self, entry: Entry[Any] | None, where: Location) -> Location | None:
        """Where this file already planned the entry (a duplicate), if it did."""
        if entry is not None and entry.where is not None and entry.where.file == where.file:
            return entry.where
        return None

    # -- one method per entity ---------------------------------------------------------

    def event(self, record: EventRecord, where: Location, provided: frozenset[str]) -> None:
        entry = self.state.event
        ref = entry.ref if entry else self.new_ref("event")
        change, _ = self._upsert("event", entry, record, ref, where, provided)
        self.state.event = Entry(change.ref, change.record, where)

    def room(self, record: RoomRecord, where: Location, provided: frozenset[str]) -> str:
        entry = self.state.room(record.name)
        ref = entry.ref if entry else self.new_ref("room")
        change, _ = self._upsert("rooms", entry, record, ref, where, provided)
        self.state.put_room(Entry(change.ref, change.record, where))
        return change.record.name

    def person(
        self,
        record: PersonRecord,
        where: Location,
        provided: frozenset[str],
        ref: str | None = None,
        *,
        match: bool = True,
    ) -> str:
        """Add or match a person (by the given ref, external id, then unique name).

        With match=False the person is always added (a package restore keeps namesakes).
        """
        found = ref if ref in self.state.people else None
        if match:
            found = found or self.state.find_person(record.name, record.external_id)
        entry = self.state.people.get(found) if found else None
        new_ref = entry.ref if entry else (ref if ref else self.new_ref("person"))
        change, old = self._upsert("people", entry, record, new_ref, where, provided)
        self.state.put_person(Entry(change.ref, change.record, where), old)
        return change.ref

    def session(
        self,
        record: SessionRecord,
        where: Location,
        provided: frozenset[str],
        match: str | None = None,
    ) -> Change[SessionRecord]:
        """Add or update a session, matched by uid (or by `match`, the uid of another)."""
        uid = match or record.uid
        entry = self.state.sessions.get(uid)
        # Instants in UTC: Python never finds a time in a DST fold equal to one in another zone.
        record = replace(
            record,
            uid=uid,
            start_at=record.start_at.astimezone(UTC),
            end_at=record.end_at.astimezone(UTC),
        )
        change, _ = self._upsert("sessions", entry, record, uid, where, provided)
        self.state.put_session(Entry(change.ref, change.record, where))
        return change

    def poster(
        self,
        record: PosterRecord,
        where: Location,
        provided: frozenset[str],
        match: str | None = None,
    ) -> Change[PosterRecord]:
        uid = match or record.uid
        entry = self.state.posters.get(uid)
        if match is not None and match != record.uid:
            record = replace(record, uid=match)
        change, old = self._upsert("posters", entry, record, uid, where, provided)
        self.state.put_poster(Entry(change.ref, change.record, where), old)
        return change

    def attendee(
        self,
        record: AttendeeRecord,
        where: Location,
        provided: frozenset[str],
        ref: str | None = None,
    ) -> Change[AttendeeRecord]:
        """Add an attendee, or update the one whose ref is given."""
        entry = self.state.attendees.get(ref) if ref else None
        new_ref = entry.ref if entry else self.new_ref("attendee")
        change, old = self._upsert("attendees", entry, record, new_ref, where, provided)
        self.state.put_attendee(Entry(change.ref, change.record, where), old)
        return change

    def mentor(self, record: MentorRecord, where: Location, provided: frozenset[str]) -> None:
        entry = self.state.mentors.get(record.person)
        change, _ = self._upsert("mentors", entry, record, record.person, where, provided)
        self.state.mentors[record.person] = Entry(change.ref, change.record, where)

    def mentee(self, record: MenteeRecord, where: Location, provided: frozenset[str]) -> None:
        entry = self.state.mentees.get(record.attendee)
        change, _ = self._upsert("mentees", entry, record, record.attendee, where, provided)
        self.state.mentees[record.attendee] = Entry(change.ref, change.record, where)

    def pairing(self, record: PairingRecord, where: Location, provided: frozenset[str]) -> None:
        key = (record.mentor, record.mentee)
        entry = self.state.pairings.get(key)
        ref = entry.ref if entry else self.new_ref("pairing")
        change, _ = self._upsert("pairings", entry, record, ref, where, provided)
        self.state.pairings[key] = Entry(change.ref, change.record, where)


__all__ = ["Change", "Counts", "ImportPlan", "PlanBuilder", "SourceInfo", "describe_counts"]
