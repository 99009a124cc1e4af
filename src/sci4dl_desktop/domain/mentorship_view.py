"""The published mentorship pairings as plain values, grouped by mentor and by break.

Qt-free. What is loaded here is shown on screens that attendees can see (the kiosk),
so it holds names, affiliations, interests, places and posters, and never an email.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.event_info import (
    Slot,
    first_event,
    is_multi_day,
    session_slots,
    slot_when,
)
from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.store.enums import PersonRole
from sci4dl_desktop.store.models import (
    Attendee,
    MenteeProfile,
    MentorProfile,
    Pairing,
    Person,
    Poster,
)


class MentorshipError(Exception):
    """The pairings cannot be read; the message says what is wrong and what to do."""


@dataclass(frozen=True, slots=True)
class Mentor:
    id: int
    name: str
    affiliation: str
    interests: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MenteePoster:
    id: int
    title: str
    board: int | None
    session: Slot | None

    @property
    def short_label(self) -> str:
        """'Board 12, Poster session 1: Title'."""
        where = [f"Board {self.board}"] if self.board is not None else []
        if self.session is not None:
            where.append(self.session.title)
        return f"{', '.join(where)}: {self.title}" if where else self.title

    def label(self, zone: ZoneInfo, *, multi_day: bool = False) -> str:
        """'Board 12, Poster session 1 (11:30–12:30): Title'."""
        where = [f"Board {self.board}"] if self.board is not None else []
        if self.session is not None:
            when = slot_when(self.session, zone, multi_day=multi_day)
            where.append(f"{self.session.title} ({when})")
        return f"{', '.join(where)}: {self.title}" if where else self.title


@dataclass(frozen=True, slots=True)
class Meeting:
    """One published pairing: a mentor meets a mentee in a break, at a place."""

    id: int
    mentor: Mentor
    mentee_name: str
    mentee_affiliation: str
    mentee_interests: tuple[str, ...]
    slot: Slot
    place: str
    topic: str
    poster: MenteePoster | None


@dataclass(frozen=True, slots=True)
class CardStop:
    """One break on a mentor's card: when, where, and whom they meet there."""

    slot: Slot
    places: tuple[str, ...]
    meetings: tuple[Meeting, ...]


@dataclass(frozen=True, slots=True)
class MentorCard:
    mentor: Mentor
    stops: tuple[CardStop, ...]

    @property
    def meeting_count(self) -> int:
        return sum(len(s.meetings) for s in self.stops)

    def status_at(self, now: datetime) -> dict[int, str]:
        """'now' for the break under way and 'next' for the first one still to come."""
        status: dict[int, str] = {}
        for stop in self.stops:
            if stop.slot.start <= now < stop.slot.end:
                status[stop.slot.id] = "now"
        upcoming = [s for s in self.stops if s.slot.start > now]
        if upcoming and "now" not in status.values():
            status[upcoming[0].slot.id] = "next"
        return status


@dataclass(frozen=True)
class MentorshipOverview:
    """Every published meeting, ordered by break time, mentor and mentee."""

    mentors: tuple[Mentor, ...]
    meetings: tuple[Meeting, ...]
    zone: ZoneInfo
    multi_day: bool = False
    _mentor_by_id: dict[int, Mentor] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_mentor_by_id", {m.id: m for m in self.mentors})

    def when(self, slot: Slot) -> str:
        return slot_when(slot, self.zone, multi_day=self.multi_day)

    @property
    def breaks(self) -> tuple[Slot, ...]:
        found = {m.slot.id: m.slot for m in self.meetings}
        return tuple(sorted(found.values(), key=lambda s: (s.start, s.id)))

    def mentor(self, mentor_id: int) -> Mentor | None:
        return self._mentor_by_id.get(mentor_id)

    def by_mentor(self) -> list[tuple[Mentor, tuple[Meeting, ...]]]:
        """Every mentor (also those without meetings yet) with their meetings in time order."""
        return [
            (mentor, tuple(m for m in self.meetings if m.mentor.id == mentor.id))
            for mentor in self.mentors
        ]

    def by_break(self) -> list[tuple[Slot, tuple[Meeting, ...]]]:
        ordered = sorted(self.meetings, key=lambda m: (m.slot.start, m.slot.id, _mentor_key(m)))
        return [(slot, tuple(m for m in ordered if m.slot.id == slot.id)) for slot in self.breaks]

    def card(self, mentor_id: int) -> MentorCard | None:
        mentor = self.mentor(mentor_id)
        if mentor is None:
            return None
        own = [m for m in self.meetings if m.mentor.id == mentor_id]
        stops = []
        for slot in sorted({m.slot.id: m.slot for m in own}.values(), key=lambda s: s.start):
            here = tuple(m for m in own if m.slot.id == slot.id)
            places = tuple(dict.fromkeys(m.place for m in here if m.place))
            stops.append(CardStop(slot, places, here))
        return MentorCard(mentor, tuple(stops))

    def find_mentor(self, text: str) -> Mentor | None:
        """The mentor a typed name means: exact (folded), else the only one containing it."""
        wanted = " ".join(fold(text).split())
        if not wanted:
            return None
        exact = [m for m in self.mentors if fold(m.name) == wanted]
        if exact:
            return exact[0]
        partial = [m for m in self.mentors if wanted in fold(m.name)]
        return partial[0] if len(partial) == 1 else None


def _mentor_key(meeting: Meeting) -> tuple[str, str]:
    return (fold(meeting.mentor.name), fold(meeting.mentee_name))


def load_mentorship(session: OrmSession) -> MentorshipOverview:
    """Read the published pairings, mentors, mentee profiles and posters in a few queries."""
    event, zone = first_event(session, MentorshipError)
    slots = session_slots(session, event.id)
    interests = {
        person_id: tuple(values or ())
        for person_id, values in session.execute(
            select(MentorProfile.person_id, MentorProfile.interests)
        ).all()
    }
    pairings = session.execute(
        select(
            Pairing.id,
            Pairing.mentor_id,
            Pairing.mentee_id,
            Pairing.slot_id,
            Pairing.place,
            Pairing.topic,
        ).where(Pairing.event_id == event.id, Pairing.published.is_(True))
    ).all()
    mentor_ids = set(interests) | {p.mentor_id for p in pairings}
    people = session.execute(
        select(Person.id, Person.name, Person.affiliation, Person.roles).where(
            Person.event_id == event.id
        )
    ).all()
    mentors = {
        pid: Mentor(pid, name, affiliation or "", interests.get(pid, ()))
        for pid, name, affiliation, roles in people
        if pid in mentor_ids or PersonRole.MENTOR.value in (roles or ())
    }
    # Only the columns shown: names and affiliations, never emails.
    mentees = {
        aid: (name, affiliation or "")
        for aid, name, affiliation in session.execute(
            select(Attendee.id, Attendee.name, Attendee.affiliation).where(
                Attendee.id.in_({p.mentee_id for p in pairings})
            )
        ).all()
    }
    profiles = {
        aid: (tuple(values or ()), poster_id)
        for aid, values, poster_id in session.execute(
            select(
                MenteeProfile.attendee_id, MenteeProfile.interests, MenteeProfile.poster_id
            ).where(MenteeProfile.attendee_id.in_(set(mentees)))
        ).all()
    }
    poster_ids = {poster_id for _, poster_id in profiles.values() if poster_id is not None}
    posters = {
        pid: MenteePoster(pid, title, board, slots.get(sid) if sid is not None else None)
        for pid, title, board, sid in session.execute(
            select(Poster.id, Poster.title, Poster.board, Poster.poster_session_id).where(
                Poster.id.in_(poster_ids)
            )
        ).all()
    }
    meetings = []
    for p in pairings:
        name, affiliation = mentees.get(p.mentee_id, ("", ""))
        wanted, poster_id = profiles.get(p.mentee_id, ((), None))
        meetings.append(
            Meeting(
                id=p.id,
                mentor=mentors[p.mentor_id],
                mentee_name=name,
                mentee_affiliation=affiliation,
                mentee_interests=wanted,
                slot=slots[p.slot_id],
                place=p.place or "",
                topic=p.topic or "",
                poster=posters.get(poster_id) if poster_id is not None else None,
            )
        )
    meetings.sort(key=lambda m: (m.slot.start, m.slot.id, *_mentor_key(m), m.id))
    return MentorshipOverview(
        mentors=tuple(sorted(mentors.values(), key=lambda m: (fold(m.name), m.id))),
        meetings=tuple(meetings),
        zone=zone,
        multi_day=is_multi_day(event),
    )
