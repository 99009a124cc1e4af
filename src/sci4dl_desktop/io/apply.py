"""Writing an import plan: one transaction, all or nothing.

The plan was made from what the database held when it was read. At write time the same
data is read again inside the write transaction; if anything changed meanwhile (another
desk registered a walk-in, say), the plan is refused with StalePlan and nothing is
written: make the plan again. Cancellation is checked between chunks; a cancelled write
is rolled back. Attendees are written with one executemany per chunk, so a 50,000-row
import holds the write lock only for a moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.io.bulk import insert_many
from sci4dl_desktop.io.package import restore
from sci4dl_desktop.io.plan import Change, Counts, ImportPlan
from sci4dl_desktop.io.problems import ImportRefused, StalePlan
from sci4dl_desktop.io.progress import CancelToken, ProgressCallback, Reporter
from sci4dl_desktop.io.records import (
    AttendeeRecord,
    MenteeRecord,
    MentorRecord,
    PairingRecord,
    PersonRecord,
    PosterRecord,
    RoomRecord,
    SessionRecord,
    ref_id,
)
from sci4dl_desktop.io.state import read_digest
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import (
    Attendee,
    Event,
    MenteeProfile,
    MentorProfile,
    Pairing,
    Person,
    Poster,
    PosterAuthor,
    Room,
    Session,
    SessionSpeaker,
)
from sci4dl_desktop.store.setup import create_event

ATTENDEE_CHUNK = 5000
_ATTENDEE_COLUMNS = (
    "event_id", "name", "email", "affiliation", "category", "roles", "badge_serial",
    "badge_revision", "person_id", "staff_note", "created_at",
)  # fmt: skip


@dataclass(frozen=True)
class ApplyReport:
    event_id: int
    counts: dict[str, Counts]
    restored: bool

    def lines(self) -> list[str]:
        from sci4dl_desktop.io.plan import describe_counts

        return [describe_counts(entity, counts) for entity, counts in self.counts.items()]


def apply_plan(
    database: Database,
    plan: ImportPlan,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ApplyReport:
    """Write the plan in one transaction. Raises ImportRefused, StalePlan or Cancelled."""
    if plan.problems:
        raise ImportRefused(plan.problems)
    reporter = Reporter(progress, cancel)
    reporter.phase("Writing", 0, None)
    with database.transaction() as session:
        if read_digest(session) != plan.digest:
            raise StalePlan(
                "the event changed since this import was checked (another desk or window "
                "edited it); nothing was written: check the import again"
            )
        if plan.restore is not None:
            restore(session, plan.restore, reporter)
            event_id = session.scalars(select(Event.id).order_by(Event.id).limit(1)).one()
        else:
            event_id = _Writer(session, plan, reporter).write()
        reporter.phase("Saving", 1, 1)
    database.refresh_statistics()
    return ApplyReport(event_id, plan.counts(), plan.restore is not None)


def _listed(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


class _Writer:
    def __init__(self, session: OrmSession, plan: ImportPlan, reporter: Reporter) -> None:
        self.s = session
        self.plan = plan
        self.reporter = reporter
        self.event_id = 0
        self.new_ids: dict[str, int] = {}  # pending ref -> id
        self.rooms: dict[str, int] = {}
        self.sessions: dict[str, int] = {}
        self.posters: dict[str, int] = {}
        self._attendees_loaded = False
        self._new_attendees: list[tuple[str, str]] = []

    def ref(self, ref: str | None) -> int | None:
        if ref is None:
            return None
        found = ref_id(ref)
        if found is not None:
            return found
        if ref not in self.new_ids and ref.startswith("+attendee"):
            self._load_new_attendees()
        return self.new_ids[ref]

    def need(self, ref: str) -> int:
        found = self.ref(ref)
        assert found is not None
        return found

    def write(self) -> int:
        self._event()
        self.rooms = {n.casefold(): i for i, n in self.s.execute(select(Room.id, Room.name))}
        self._rooms()
        self._people()
        self.sessions = dict(self.s.execute(select(Session.uid, Session.id)).all())
        self._sessions()
        self.posters = dict(self.s.execute(select(Poster.uid, Poster.id)).all())
        self._posters()
        self._attendees()
        self._mentoring()
        self.s.flush()
        return self.event_id

    def _event(self) -> None:
        for change in self.plan.event:
            record = change.record
            if change.action == "add":
                event = create_event(
                    self.s,
                    title=record.title,
                    acronym=record.acronym,
                    timezone=record.timezone,
                    first_day=record.first_day,
                    last_day=record.last_day,
                    venue=record.venue,
                    rooms=(),
                )
                event.url = record.url
                self.s.flush()
                self.event_id = event.id
                return
            found = ref_id(change.ref)
            assert found is not None
            self.event_id = found
            stored = self.s.get(Event, found)
            assert stored is not None
            for diff in change.diffs:
                setattr(stored, diff.field, diff.new)
            return
        self.event_id = self.s.scalars(select(Event.id).order_by(Event.id).limit(1)).one()

    def _rooms(self) -> None:
        changes: list[Change[RoomRecord]] = self.plan.rooms
        for change in changes:
            record = change.record
            if change.action == "add":
                room = Room(
                    event_id=self.event_id,
                    name=record.name,
                    position=record.position,
                    capacity=record.capacity,
                )
                self.s.add(room)
                self.s.flush()
                self.rooms[record.name.casefold()] = room.id
            elif change.action == "change":
                stored = self.s.get(Room, ref_id(change.ref))
                assert stored is not None
                old_name = stored.name
                for diff in change.diffs:
                    setattr(stored, diff.field, diff.new)
                self.rooms.pop(old_name.casefold(), None)
                self.rooms[record.name.casefold()] = stored.id

    def _people(self) -> None:
        changes: list[Change[PersonRecord]] = self.plan.people
        added: list[tuple[str, Person]] = []
        for change in changes:
            record = change.record
            if change.action == "add":
                person = Person(
                    event_id=self.event_id,
                    name=record.name,
                    affiliation=record.affiliation,
                    roles=list(record.roles),
                    bio=record.bio,
                    external_id=record.external_id,
                )
                self.s.add(person)
                added.append((change.ref, person))
            elif change.action == "change":
                stored = self.s.get(Person, ref_id(change.ref))
                assert stored is not None
                for diff in change.diffs:
                    setattr(stored, diff.field, _listed(diff.new))
        self.s.flush()
        for ref, person in added:
            self.new_ids[ref] = person.id

    def _session_values(self, record: SessionRecord, names: list[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in names:
            if name == "room":
                values["room_id"] = self.rooms[record.room.casefold()] if record.room else None
            elif name != "speakers":
                values[name] = getattr(record, name)
        return values

    def _sessions(self) -> None:
        changes: list[Change[SessionRecord]] = self.plan.sessions
        for count, change in enumerate(changes):
            self.reporter.step("Writing sessions", count, len(changes))
            record = change.record
            if change.action == "unchanged":
                continue
            if change.action == "add":
                names = [n for n in SessionRecord.__dataclass_fields__ if n != "uid"]
                session = Session(
                    event_id=self.event_id, uid=record.uid, **self._session_values(record, names)
                )
                self.s.add(session)
                self._speakers(session, record.speakers)
                self.s.flush()
                self.sessions[record.uid] = session.id
                continue
            stored = self.s.get(Session, ref_id(change.ref))
            assert stored is not None
            changed = [d.field for d in change.diffs]
            for key, value in self._session_values(record, changed).items():
                setattr(stored, key, value)
            if "speakers" in changed:
                self._speakers(stored, record.speakers)
            moved = "start_at" in changed or "end_at" in changed
            if moved and "sequence" not in change.provided:
                stored.sequence = (stored.sequence or 0) + 1

    def _speakers(self, session: Session, refs: tuple[str, ...]) -> None:
        ids = [self.ref(r) for r in refs]
        kept = {link.person_id: link for link in session.speaker_links}
        session.speaker_links = [
            kept.get(pid) or SessionSpeaker(person_id=pid) for pid in ids if pid is not None
        ]

    def _poster_values(self, record: PosterRecord, names: list[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in names:
            value = getattr(record, name)
            if name in ("poster_session", "talk_session"):
                values[f"{name}_id"] = self.sessions[value] if value else None
            elif name != "authors":
                values[name] = _listed(value)
        return values

    def _posters(self) -> None:
        changes: list[Change[PosterRecord]] = self.plan.posters
        moving = [
            c for c in changes if c.action == "change" and any(d.field == "board" for d in c.diffs)
        ]
        for change in moving:  # free the boards first, so that posters can swap boards
            stored = self.s.get(Poster, ref_id(change.ref))
            assert stored is not None
            stored.board = None
        self.s.flush()
        for count, change in enumerate(changes):
            self.reporter.step("Writing posters", count, len(changes))
            record = change.record
            if change.action == "add":
                names = [n for n in PosterRecord.__dataclass_fields__ if n != "uid"]
                poster = Poster(
                    event_id=self.event_id, uid=record.uid, **self._poster_values(record, names)
                )
                self.s.add(poster)
                self._authors(poster, record)
                self.s.flush()
                self.posters[record.uid] = poster.id
            elif change.action == "change":
                stored = self.s.get(Poster, ref_id(change.ref))
                assert stored is not None
                changed = [d.field for d in change.diffs]
                for key, value in self._poster_values(record, changed).items():
                    setattr(stored, key, value)
                if "authors" in changed:
                    self._authors(stored, record)
        self.s.flush()

    def _authors(self, poster: Poster, record: PosterRecord) -> None:
        current = list(poster.authors)
        for position, author in enumerate(record.authors):
            person = self.ref(author.person)
            if position < len(current):
                row = current[position]
                row.name, row.affiliation, row.person_id = author.name, author.affiliation, person
            else:
                poster.authors.append(
                    PosterAuthor(name=author.name, affiliation=author.affiliation, person_id=person)
                )
        del poster.authors[len(record.authors) :]

    def _attendee_values(self, record: AttendeeRecord, names: list[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in names:
            value = getattr(record, name)
            if name == "person":
                values["person_id"] = self.ref(value)
            else:
                values[name] = _listed(value)
        return values

    def _attendees(self) -> None:
        changes: list[Change[AttendeeRecord]] = self.plan.attendees
        adds = [c for c in changes if c.action == "add"]
        updates = [c for c in changes if c.action == "change"]
        total = len(adds) + len(updates)
        now = datetime.now(UTC)
        table = cast(Table, Attendee.__table__)
        connection = self.s.connection()
        event_id, ref = self.event_id, self.ref
        for start in range(0, len(adds), ATTENDEE_CHUNK):
            self.reporter.phase("Writing attendees", start, total)
            records = (change.record for change in adds[start : start + ATTENDEE_CHUNK])
            inserts = [
                # roles as a tuple: stored as the same JSON list, and converted once per value
                (
                    event_id,
                    r.name,
                    r.email,
                    r.affiliation,
                    r.category,
                    r.roles,
                    r.badge_serial,
                    r.badge_revision,
                    ref(r.person),
                    r.staff_note,
                    now,
                )
                for r in records
            ]
            insert_many(connection, table, _ATTENDEE_COLUMNS, inserts)
        email_moves = [
            {"id": ref_id(c.ref), "email": None}
            for c in updates
            if any(d.field == "email" for d in c.diffs)
        ]
        if email_moves:  # free the addresses first, so that two attendees can swap them
            self.s.execute(update(Attendee), email_moves)
        by_fields: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for change in updates:
            changed = tuple(d.field for d in change.diffs)
            values = self._attendee_values(change.record, list(changed))
            values["id"] = ref_id(change.ref)
            by_fields.setdefault(changed, []).append(values)
        done = len(adds)
        for rows in by_fields.values():
            for start in range(0, len(rows), ATTENDEE_CHUNK):
                self.reporter.phase("Writing attendees", done, total)
                chunk = rows[start : start + ATTENDEE_CHUNK]
                self.s.execute(update(Attendee), chunk)
                done += len(chunk)
        self._new_attendees = [(c.ref, c.record.badge_serial) for c in adds]

    def _load_new_attendees(self) -> None:
        if self._attendees_loaded:
            return
        self._attendees_loaded = True
        serials = dict(
            self.s.execute(
                select(Attendee.badge_serial, Attendee.id).where(Attendee.event_id == self.event_id)
            ).all()
        )
        for ref, serial in self._new_attendees:
            self.new_ids[ref] = serials[serial]

    def _profile(self, model: type[Any], key_column: str, key: int, **values: Any) -> None:
        """Create or update a mentor or mentee profile (keyed by its person or attendee)."""
        stored = self.s.get(model, key)
        if stored is None:
            stored = model(**{key_column: key})
            self.s.add(stored)
        for name, value in values.items():
            setattr(stored, name, value)

    def _mentoring(self) -> None:
        mentors: list[Change[MentorRecord]] = self.plan.mentors
        for change in mentors:
            if change.action != "unchanged":
                self._profile(
                    MentorProfile,
                    "person_id",
                    self.need(change.record.person),
                    interests=list(change.record.interests),
                    capacity_per_break=change.record.capacity_per_break,
                )
        mentees: list[Change[MenteeRecord]] = self.plan.mentees
        for change_e in mentees:
            if change_e.action != "unchanged":
                record_e = change_e.record
                self._profile(
                    MenteeProfile,
                    "attendee_id",
                    self.need(record_e.attendee),
                    interests=list(record_e.interests),
                    poster_id=self.posters[record_e.poster] if record_e.poster else None,
                    available_break_ids=[self.sessions[u] for u in record_e.available_breaks],
                )
        pairings: list[Change[PairingRecord]] = self.plan.pairings
        for change_p in pairings:
            if change_p.action == "unchanged":
                continue
            record_p = change_p.record
            values = {
                "mentor_id": self.need(record_p.mentor),
                "mentee_id": self.need(record_p.mentee),
                "slot_id": self.sessions[record_p.slot],
                "place": record_p.place,
                "topic": record_p.topic,
                "score": record_p.score,
                "locked": record_p.locked,
                "published": record_p.published,
            }
            found = ref_id(change_p.ref)
            pairing = self.s.get(Pairing, found) if found is not None else None
            if pairing is None:
                self.s.add(Pairing(event_id=self.event_id, **values))
            else:
                for key, value in values.items():
                    setattr(pairing, key, value)


__all__ = ["ApplyReport", "apply_plan"]
