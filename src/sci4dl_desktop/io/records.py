"""The records an import plan is made of: plain, immutable values, one type per table.

Records never hold database ids. They point at each other by natural keys (a room by
name, a session or poster by uid) or, for people and attendees who have no natural
key, by a *ref*: "#17" means the stored row with id 17, any other string names a
record that the same plan adds (see `existing_ref`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

from sci4dl_desktop.store.enums import AttendeeCategory, SessionKind


def existing_ref(row_id: int) -> str:
    """The ref of a stored row."""
    return f"#{row_id}"


def ref_id(ref: str) -> int | None:
    """The stored row id a ref names, or None for a record the plan adds."""
    return int(ref[1:]) if ref.startswith("#") else None


@dataclass(frozen=True, slots=True)
class EventRecord:
    title: str
    acronym: str
    timezone: str
    first_day: date
    last_day: date
    venue: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class RoomRecord:
    name: str
    position: int = 0
    capacity: int | None = None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    name: str
    affiliation: str = ""
    roles: tuple[str, ...] = ()
    bio: str = ""
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class SessionRecord:
    uid: str
    title: str
    kind: SessionKind
    start_at: datetime
    end_at: datetime
    room: str | None = None  # room name
    subtitle: str = ""
    abstract: str = ""
    notes: str = ""
    track: str = ""
    url: str = ""
    speakers: tuple[str, ...] = ()  # person refs, in order
    sequence: int = 0


@dataclass(frozen=True, slots=True)
class AuthorRecord:
    name: str
    affiliation: str = ""
    person: str | None = None  # person ref


@dataclass(frozen=True, slots=True)
class PosterRecord:
    uid: str
    title: str
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    external_id: str | None = None
    url: str = ""
    board: int | None = None
    poster_session: str | None = None  # session uid
    presented_remotely: bool = False
    challenge_entry: bool = False
    talk_session: str | None = None  # session uid
    authors: tuple[AuthorRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class AttendeeRecord:
    name: str
    email: str | None = None
    affiliation: str = ""
    category: AttendeeCategory = AttendeeCategory.ACADEMIC
    roles: tuple[str, ...] = ()
    badge_serial: str = ""  # given on add when empty
    badge_revision: int = 1
    person: str | None = None  # person ref
    staff_note: str = ""


@dataclass(frozen=True, slots=True)
class MentorRecord:
    person: str  # person ref
    interests: tuple[str, ...] = ()
    capacity_per_break: int = 3


@dataclass(frozen=True, slots=True)
class MenteeRecord:
    attendee: str  # attendee ref
    interests: tuple[str, ...] = ()
    poster: str | None = None  # poster uid
    available_breaks: tuple[str, ...] = ()  # session uids


@dataclass(frozen=True, slots=True)
class PairingRecord:
    mentor: str  # person ref
    mentee: str  # attendee ref
    slot: str  # session uid
    place: str = ""
    topic: str = ""
    score: float | None = None
    locked: bool = False
    published: bool = True


Record = (
    EventRecord
    | RoomRecord
    | PersonRecord
    | SessionRecord
    | PosterRecord
    | AttendeeRecord
    | MentorRecord
    | MenteeRecord
    | PairingRecord
)

# The entity names used in plans, summaries and the preview, in the order they are written.
ENTITIES: tuple[str, ...] = (
    "event",
    "rooms",
    "people",
    "sessions",
    "posters",
    "attendees",
    "mentors",
    "mentees",
    "pairings",
)

ENTITY_LABELS: dict[str, tuple[str, str]] = {
    "event": ("event", "events"),
    "rooms": ("room", "rooms"),
    "people": ("person", "people"),
    "sessions": ("session", "sessions"),
    "posters": ("poster", "posters"),
    "attendees": ("attendee", "attendees"),
    "mentors": ("mentor profile", "mentor profiles"),
    "mentees": ("mentee profile", "mentee profiles"),
    "pairings": ("pairing", "pairings"),
}


def field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a matched record that the import changes, with readable values."""

    field: str
    old: object
    new: object
    old_text: str = ""
    new_text: str = ""

    def render(self) -> str:
        old = self.old_text or _blank(self.old)
        return f"{self.field}: {old} → {self.new_text or _blank(self.new)}"


def _blank(value: object) -> str:
    if value is None or value == "" or value == ():
        return "(empty)"
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return str(value)


__all__ = [
    "ENTITIES",
    "ENTITY_LABELS",
    "AttendeeRecord",
    "AuthorRecord",
    "EventRecord",
    "FieldChange",
    "MenteeRecord",
    "MentorRecord",
    "PairingRecord",
    "PersonRecord",
    "PosterRecord",
    "Record",
    "RoomRecord",
    "SessionRecord",
    "existing_ref",
    "field_names",
    "ref_id",
]
