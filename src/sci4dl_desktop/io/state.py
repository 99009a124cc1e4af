"""What an import sees of the event: every record, indexed by the keys imports match on.

`load_state` reads the event once (a few short queries, no write lock) into an
EventState. Planners look records up here and put the records they plan back in, so a
second file in the same import sees what the first one adds, and the checks in
`sci4dl_desktop.io.validate` look at the event as it would be after the import.

The state also carries a digest of what it read; `apply_plan` compares it with the
database at write time and refuses a plan made against data that has since changed.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Row, select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.io.problems import Location
from sci4dl_desktop.io.records import (
    AttendeeRecord,
    AuthorRecord,
    EventRecord,
    MenteeRecord,
    MentorRecord,
    PairingRecord,
    PersonRecord,
    PosterRecord,
    RoomRecord,
    SessionRecord,
    existing_ref,
)
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

R = TypeVar("R")

# Namespace of the frab guids this app derives for sessions and people that have none.
GUID_NAMESPACE = uuid.UUID("0b6f5c1e-5d0a-4c53-9a5e-5c14d1a2026a")


def session_guid(uid: str) -> str:
    """The frab guid of a session: its uid when that is a UUID, else one derived from it."""
    try:
        return str(uuid.UUID(uid))
    except ValueError:
        return str(uuid.uuid5(GUID_NAMESPACE, f"session:{uid}"))


def person_guid(name: str, external_id: str | None) -> str:
    """The frab guid of a person: the one they were imported with, else one from the name."""
    if external_id and external_id.startswith("frab:"):
        return external_id.removeprefix("frab:")
    return str(uuid.uuid5(GUID_NAMESPACE, f"person:{fold(name)}"))


def email_key(email: str) -> str:
    return email.strip().casefold()


@dataclass(slots=True)
class Entry(Generic[R]):
    """A record in the state: stored already (where is None) or planned by this import."""

    ref: str
    record: R
    where: Location | None = None

    @property
    def planned(self) -> bool:
        return self.where is not None


class EventState:
    """The event's records, indexed for matching. Empty when the database holds no event."""

    def __init__(self) -> None:
        self.event_id: int | None = None
        self.event: Entry[EventRecord] | None = None
        self.rooms: dict[str, Entry[RoomRecord]] = {}  # folded name -> entry
        self.people: dict[str, Entry[PersonRecord]] = {}  # ref -> entry
        self.people_by_external: dict[str, str] = {}
        self.people_by_name: dict[str, list[str]] = {}
        self.people_by_id: dict[int, str] = {}
        self.sessions: dict[str, Entry[SessionRecord]] = {}  # uid -> entry
        self.sessions_by_guid: dict[str, str] = {}
        self.session_uid_by_id: dict[int, str] = {}
        self.posters: dict[str, Entry[PosterRecord]] = {}  # uid -> entry
        self.posters_by_external: dict[str, str] = {}
        self.poster_uid_by_id: dict[int, str] = {}
        self.attendees: dict[str, Entry[AttendeeRecord]] = {}  # ref -> entry
        self.attendees_by_email: dict[str, str] = {}
        self.attendees_by_serial: dict[str, str] = {}
        self.mentors: dict[str, Entry[MentorRecord]] = {}  # person ref -> entry
        self.mentees: dict[str, Entry[MenteeRecord]] = {}  # attendee ref -> entry
        self.pairings: dict[tuple[str, str], Entry[PairingRecord]] = {}
        self.badge_secret: bytes | None = None
        self.digest = EMPTY_DIGEST

    # -- reading ------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo | None:
        return ZoneInfo(self.event.record.timezone) if self.event else None

    def room(self, name: str) -> Entry[RoomRecord] | None:
        return self.rooms.get(fold(name.strip()))

    def find_person(self, name: str, external_id: str | None = None) -> str | None:
        """The ref of a person: by external id first, then by name when that is unique."""
        if external_id and external_id in self.people_by_external:
            return self.people_by_external[external_id]
        refs = self.people_by_name.get(fold(name.strip()), [])
        return refs[0] if len(refs) == 1 else None

    def person_name(self, ref: str | None) -> str:
        if ref is None:
            return ""
        entry = self.people.get(ref)
        return entry.record.name if entry else ref

    def attendee_label(self, ref: str) -> str:
        entry = self.attendees.get(ref)
        if entry is None:
            return ref
        record = entry.record
        return f"{record.name} <{record.email}>" if record.email else record.name

    def session_label(self, uid: str | None) -> str:
        if uid is None:
            return ""
        entry = self.sessions.get(uid)
        if entry is None:
            return uid
        zone = self.zone
        start = entry.record.start_at.astimezone(zone) if zone else entry.record.start_at
        return f"{entry.record.title} ({start:%Y-%m-%d %H:%M})"

    def find_session(self, uid_or_guid: str) -> str | None:
        if uid_or_guid in self.sessions:
            return uid_or_guid
        return self.sessions_by_guid.get(uid_or_guid.lower())

    # -- writing (planners put what they plan here) --------------------------------

    def put_room(self, entry: Entry[RoomRecord]) -> None:
        self.rooms[fold(entry.record.name)] = entry

    def put_person(self, entry: Entry[PersonRecord], old: PersonRecord | None = None) -> None:
        if old is not None:
            self._unindex_person(entry.ref, old)
        self.people[entry.ref] = entry
        record = entry.record
        if record.external_id:
            self.people_by_external[record.external_id] = entry.ref
        refs = self.people_by_name.setdefault(fold(record.name), [])
        if entry.ref not in refs:
            refs.append(entry.ref)

    def _unindex_person(self, ref: str, old: PersonRecord) -> None:
        if old.external_id and self.people_by_external.get(old.external_id) == ref:
            del self.people_by_external[old.external_id]
        refs = self.people_by_name.get(fold(old.name), [])
        if ref in refs:
            refs.remove(ref)

    def put_session(self, entry: Entry[SessionRecord]) -> None:
        self.sessions[entry.record.uid] = entry
        self.sessions_by_guid[session_guid(entry.record.uid)] = entry.record.uid

    def put_poster(self, entry: Entry[PosterRecord], old: PosterRecord | None = None) -> None:
        if old is not None and old.external_id:
            self.posters_by_external.pop(old.external_id, None)
        self.posters[entry.record.uid] = entry
        if entry.record.external_id:
            self.posters_by_external[entry.record.external_id] = entry.record.uid

    def put_attendee(self, entry: Entry[AttendeeRecord], old: AttendeeRecord | None = None) -> None:
        if old is not None and old.email:
            key = email_key(old.email)
            if self.attendees_by_email.get(key) == entry.ref:
                del self.attendees_by_email[key]
        self.attendees[entry.ref] = entry
        record = entry.record
        if record.email:
            self.attendees_by_email[email_key(record.email)] = entry.ref
        if record.badge_serial:
            self.attendees_by_serial[record.badge_serial] = entry.ref


def _digest(parts: Iterable[Sequence[Row[Any]]]) -> str:
    hasher = hashlib.sha256()
    for rows in parts:
        for row in rows:
            hasher.update(repr(tuple(row)).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


# The tables an import depends on (check-ins, stars, timers and the audit log it never
# changes are left out, so a check-in at another desk does not make a plan stale).
_TABLES: dict[str, Any] = {
    "events": Event,
    "rooms": Room,
    "people": Person,
    "sessions": Session,
    "speakers": SessionSpeaker,
    "posters": Poster,
    "authors": PosterAuthor,
    "attendees": Attendee,
    "mentors": MentorProfile,
    "mentees": MenteeProfile,
    "pairings": Pairing,
}


def _read(session: OrmSession) -> dict[str, Sequence[Row[Any]]]:
    """Every row of those tables, in primary-key order."""
    found = {}
    for key, model in _TABLES.items():
        table = model.__table__
        found[key] = session.execute(select(table).order_by(*table.primary_key.columns)).all()
    return found


EMPTY_DIGEST = _digest([] for _ in _TABLES)  # what _read gives for an empty database


def read_digest(session: OrmSession) -> str:
    """The digest of everything an import depends on, as the database holds it now."""
    return _digest(_read(session).values())


def person_record(row: Any) -> PersonRecord:
    """A stored person (a Person or a row of its table) as the import's record."""
    return PersonRecord(row.name, row.affiliation, tuple(row.roles), row.bio, row.external_id)


def attendee_record(row: Any) -> AttendeeRecord:
    """A stored attendee (an Attendee or a row of its table) as the import's record."""
    return AttendeeRecord(
        name=row.name,
        email=row.email,
        affiliation=row.affiliation,
        category=row.category,
        roles=tuple(row.roles),
        badge_serial=row.badge_serial,
        badge_revision=row.badge_revision,
        person=existing_ref(row.person_id) if row.person_id is not None else None,
        staff_note=row.staff_note,
    )


def load_state(session: OrmSession) -> EventState:
    """Read the event (the first one; a database holds one event) into an EventState."""
    raw = _read(session)
    state = EventState()
    state.digest = _digest(raw.values())
    if not raw["events"]:
        return state
    ev = raw["events"][0]
    state.event_id = ev.id
    state.badge_secret = ev.badge_secret
    state.event = Entry(
        existing_ref(ev.id),
        EventRecord(ev.title, ev.acronym, ev.timezone, ev.first_day, ev.last_day, ev.venue, ev.url),
    )
    room_names: dict[int, str] = {}
    for row in raw["rooms"]:
        room_names[row.id] = row.name
        state.put_room(
            Entry(existing_ref(row.id), RoomRecord(row.name, row.position, row.capacity))
        )
    for row in raw["people"]:
        ref = existing_ref(row.id)
        state.people_by_id[row.id] = ref
        state.put_person(Entry(ref, person_record(row)))
    speakers: dict[int, list[tuple[int, str]]] = {}
    for row in raw["speakers"]:
        speakers.setdefault(row.session_id, []).append((row.position, existing_ref(row.person_id)))
    for row in raw["sessions"]:
        state.session_uid_by_id[row.id] = row.uid
    uid_of = state.session_uid_by_id
    for row in raw["sessions"]:
        record = SessionRecord(
            uid=row.uid,
            title=row.title,
            kind=row.kind,
            start_at=row.start_at,
            end_at=row.end_at,
            room=room_names.get(row.room_id) if row.room_id is not None else None,
            subtitle=row.subtitle,
            abstract=row.abstract,
            notes=row.notes,
            track=row.track,
            url=row.url,
            speakers=tuple(ref for _, ref in sorted(speakers.get(row.id, []))),
            sequence=row.sequence,
        )
        state.put_session(Entry(existing_ref(row.id), record))
    authors: dict[int, list[AuthorRecord]] = {}
    for row in raw["authors"]:
        person = existing_ref(row.person_id) if row.person_id is not None else None
        authors.setdefault(row.poster_id, []).append(
            AuthorRecord(row.name, row.affiliation, person)
        )
    for row in raw["posters"]:
        state.poster_uid_by_id[row.id] = row.uid
        record_p = PosterRecord(
            uid=row.uid,
            title=row.title,
            abstract=row.abstract,
            keywords=tuple(row.keywords),
            external_id=row.external_id,
            url=row.url,
            board=row.board,
            poster_session=uid_of.get(row.poster_session_id) if row.poster_session_id else None,
            presented_remotely=row.presented_remotely,
            challenge_entry=row.challenge_entry,
            talk_session=uid_of.get(row.talk_session_id) if row.talk_session_id else None,
            authors=tuple(authors.get(row.id, ())),
        )
        state.put_poster(Entry(existing_ref(row.id), record_p))
    for row in raw["attendees"]:
        state.put_attendee(Entry(existing_ref(row.id), attendee_record(row)))
    for row in raw["mentors"]:
        ref = existing_ref(row.person_id)
        state.mentors[ref] = Entry(
            ref, MentorRecord(ref, tuple(row.interests), row.capacity_per_break)
        )
    poster_uid = state.poster_uid_by_id
    for row in raw["mentees"]:
        ref = existing_ref(row.attendee_id)
        state.mentees[ref] = Entry(
            ref,
            MenteeRecord(
                ref,
                tuple(row.interests),
                poster_uid.get(row.poster_id) if row.poster_id is not None else None,
                tuple(uid_of[i] for i in row.available_break_ids if i in uid_of),
            ),
        )
    for row in raw["pairings"]:
        mentor, mentee = existing_ref(row.mentor_id), existing_ref(row.mentee_id)
        state.pairings[(mentor, mentee)] = Entry(
            existing_ref(row.id),
            PairingRecord(
                mentor,
                mentee,
                uid_of[row.slot_id],
                row.place,
                row.topic,
                row.score,
                row.locked,
                row.published,
            ),
        )
    return state


__all__ = [
    "GUID_NAMESPACE",
    "Entry",
    "EventState",
    "attendee_record",
    "email_key",
    "load_state",
    "person_guid",
    "person_record",
    "read_digest",
    "session_guid",
]
