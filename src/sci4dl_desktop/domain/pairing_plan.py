"""The mentorship plan as the organiser sees it: read from the event database.

`load_plan` turns the event into a matching problem: mentors and mentees from their
profiles, the mentorship breaks, and who is busy when, computed from the schedule (a
mentor speaking or on a panel, a mentee presenting their poster or giving a talk).
Locked pairings become locks. The planning settings (fairness, meetings per mentee,
places, which breaks) live in the `EventSetting` row `mentorship.planning`, so every
organiser's desk uses the same ones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from sci4dl_desktop.domain.event_info import first_event
from sci4dl_desktop.domain.interests import overlap
from sci4dl_desktop.domain.local_time import format_range
from sci4dl_desktop.domain.matching import (
    Assignment,
    Busy,
    Lock,
    MatchResult,
    Mentee,
    Mentor,
    Options,
    Problem,
    Slot,
    evaluate,
)
from sci4dl_desktop.domain.places import PlaceSettings, PosterSpot
from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import (
    Attendee,
    EventSetting,
    MenteeProfile,
    MentorProfile,
    Pairing,
    Person,
    Poster,
    Session,
    SessionSpeaker,
)

SETTINGS_KEY = "mentorship.planning"


class PlanError(Exception):
    """The plan cannot be read or changed as asked; the message says why and what to do."""


# -- settings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSettings:
    options: Options = field(default_factory=Options)
    places: PlaceSettings = field(default_factory=PlaceSettings)
    # The breaks used for meetings; None means those whose title or notes mention
    # mentoring (or every break when none does).
    break_ids: tuple[int, ...] | None = None

    def problems(self) -> list[str]:
        found = self.places.problems()
        if self.options.meetings_per_mentee < 1:
            found.append("Each mentee needs at least one meeting.")
        if self.options.fairness < 0:
            found.append("The fairness weight cannot be negative.")
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "fairness": self.options.fairness,
            "meetings_per_mentee": self.options.meetings_per_mentee,
            "tables": self.places.tables,
            "per_place": self.places.per_place,
            "spots": list(self.places.spots),
            "near_poster_minutes": self.places.near_poster_minutes,
            "break_ids": None if self.break_ids is None else list(self.break_ids),
        }

    @classmethod
    def from_json(cls, value: Any) -> PlanSettings:
        base = cls()
        if not isinstance(value, dict):
            return base

        def number(key: str, default: float, kind: type[int] | type[float]) -> Any:
            raw = value.get(key, default)
            return (
                kind(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else default
            )

        spots = value.get("spots", [])
        breaks = value.get("break_ids")
        return cls(
            options=Options(
                fairness=number("fairness", base.options.fairness, float),
                meetings_per_mentee=number(
                    "meetings_per_mentee", base.options.meetings_per_mentee, int
                ),
            ),
            places=PlaceSettings(
                tables=number("tables", base.places.tables, int),
                per_place=number("per_place", base.places.per_place, int),
                spots=tuple(str(s) for s in spots) if isinstance(spots, list) else (),
                near_poster_minutes=number(
                    "near_poster_minutes", base.places.near_poster_minutes, int
                ),
            ),
            break_ids=tuple(int(b) for b in breaks) if isinstance(breaks, list) else None,
        )


def load_settings(db: OrmSession) -> PlanSettings:
    row = db.get(EventSetting, SETTINGS_KEY)
    return PlanSettings.from_json(row.value if row is not None else None)


def save_settings(db: OrmSession, settings: PlanSettings) -> None:
    problems = settings.problems()
    if problems:
        raise PlanError(" ".join(problems))
    row = db.get(EventSetting, SETTINGS_KEY)
    if row is None:
        db.add(EventSetting(key=SETTINGS_KEY, value=settings.to_json()))
    else:
        row.value = settings.to_json()


# -- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakInfo:
    id: int
    title: str
    start: datetime
    end: datetime
    area: str  # the break's room
    when: str  # '10:30–11:00', event-local

    @property
    def label(self) -> str:
        return f"{self.title} {self.when}"


@dataclass(frozen=True)
class PosterInfo:
    id: int
    title: str
    board: int | None
    session_title: str
    spot: PosterSpot | None  # None when it has no board or session, or is shown remotely

    @property
    def label(self) -> str:
        where = f"board {self.board}, {self.session_title}" if self.board else self.session_title
        return f"{self.title} ({where})" if where else self.title


@dataclass(frozen=True)
class StoredPairing:
    id: int
    mentor_id: int
    mentee_id: int
    break_id: int
    place: str
    topic: str
    score: float | None
    locked: bool
    published: bool


@dataclass(frozen=True)
class PlanData:
    """Everything the planning page, the CLI and the solver need, read in one go."""

    event_title: str
    zone: ZoneInfo
    settings: PlanSettings
    problem: Problem
    breaks: tuple[BreakInfo, ...]
    affiliations: dict[tuple[str, int], str]  # ('mentor'|'mentee', id) -> affiliation
    posters: dict[int, PosterInfo]  # mentee id -> their poster
    pairings: tuple[StoredPairing, ...]
    other_breaks: tuple[BreakInfo, ...] = ()  # breaks not used for mentorship

    def mentor(self, mentor_id: int) -> Mentor | None:
        return next((m for m in self.problem.mentors if m.id == mentor_id), None)

    def mentee(self, mentee_id: int) -> Mentee | None:
        return next((m for m in self.problem.mentees if m.id == mentee_id), None)

    def break_info(self, break_id: int) -> BreakInfo | None:
        return next((b for b in self.breaks if b.id == break_id), None)

    def name_of(self, kind: str, person_id: int) -> str:
        who = self.mentor(person_id) if kind == "mentor" else self.mentee(person_id)
        return who.name if who is not None else f"#{person_id}"

    @property
    def unpublished(self) -> int:
        return sum(not p.published for p in self.pairings)

    def current_result(self) -> MatchResult:
        """The stored plan judged like a proposal: scores, loads and the unmatched."""
        mentors = {m.id: m for m in self.problem.mentors}
        mentees = {m.id: m for m in self.problem.mentees}
        assignments = []
        for p in self.pairings:
            mentor, mentee = mentors.get(p.mentor_id), mentees.get(p.mentee_id)
            found = overlap(mentor.interests, mentee.interests) if mentor and mentee else None
            assignments.append(
                Assignment(
                    p.mentor_id,
                    p.mentee_id,
                    p.break_id,
                    found.score if found else 0.0,
                    found.shared if found else (),
                    p.locked,
                )
            )
        return evaluate(self.problem, assignments)


def break_info(session: Session, zone: ZoneInfo) -> BreakInfo:
    """A break as the plan shows it (its room loaded)."""
    area = session.room.name if session.room is not None else ""
    return BreakInfo(
        session.id,
        session.title,
        session.start_at,
        session.end_at,
        area,
        format_range(session.start_at, session.end_at, zone),
    )


def event_sessions(db: OrmSession, event_id: int) -> list[Session]:
    """Every session of the event, with its room."""
    query = select(Session).where(Session.event_id == event_id).options(selectinload(Session.room))
    return list(db.scalars(query))


def mentor_profiles(db: OrmSession, event_id: int) -> list[tuple[MentorProfile, Person]]:
    rows = db.execute(
        select(MentorProfile, Person)
        .join(Person, Person.id == MentorProfile.person_id)
        .where(Person.event_id == event_id)
    ).all()
    return [(profile, person) for profile, person in rows]


def mentee_profiles(db: OrmSession, event_id: int) -> list[tuple[MenteeProfile, Attendee]]:
    rows = db.execute(
        select(MenteeProfile, Attendee)
        .join(Attendee, Attendee.id == MenteeProfile.attendee_id)
        .where(Attendee.event_id == event_id)
    ).all()
    return [(profile, attendee) for profile, attendee in rows]


def mentorship_break_sessions(
    all_breaks: list[Session], settings: PlanSettings
) -> tuple[list[Session], list[Session]]:
    """(the breaks used for meetings, the other breaks), each in time order."""
    ordered = sorted(all_breaks, key=lambda s: (s.start_at, s.id))
    if settings.break_ids is not None:
        chosen = set(settings.break_ids)
    else:
        chosen = {s.id for s in ordered if "mentor" in fold(f"{s.title} {s.notes}")}
        if not chosen:
            chosen = {s.id for s in ordered}
    return [s for s in ordered if s.id in chosen], [s for s in ordered if s.id not in chosen]


def _busy_text(session: Session, zone: ZoneInfo, role: str) -> str:
    when = format_range(session.start_at, session.end_at, zone)
    if session.kind is SessionKind.PANEL:
        return f"on the panel '{session.title}' ({when})"
    if role == "poster":
        return f"presenting their poster in {session.title} ({when})"
    return f"speaking in {session.title} ({when})"


def load_plan(db: OrmSession) -> PlanData:
    """Read profiles, breaks, the schedule and the stored pairings in a handful of queries."""
    event, zone = first_event(db, PlanError)
    settings = load_settings(db)
    sessions = event_sessions(db, event.id)
    by_id = {s.id: s for s in sessions}
    used, other = mentorship_break_sessions(
        [s for s in sessions if s.kind is SessionKind.BREAK], settings
    )
    breaks = tuple(break_info(s, zone) for s in used)
    slots = tuple(Slot(b.id, b.label, b.start, b.end) for b in breaks)

    person_busy: dict[int, list[Busy]] = defaultdict(list)
    for session_id, person_id in db.execute(
        select(SessionSpeaker.session_id, SessionSpeaker.person_id)
    ).all():
        s = by_id.get(session_id)
        if s is not None and s.kind is not SessionKind.BREAK:
            person_busy[person_id].append(Busy(s.start_at, s.end_at, _busy_text(s, zone, "talk")))

    mentor_rows = mentor_profiles(db, event.id)
    mentors = tuple(
        sorted(
            (
                Mentor(
                    person.id,
                    person.name,
                    tuple(profile.interests or ()),
                    profile.capacity_per_break,
                    tuple(person_busy.get(person.id, ())),
                )
                for profile, person in mentor_rows
            ),
            key=lambda m: (fold(m.name), m.id),
        )
    )
    affiliations = {("mentor", person.id): person.affiliation for _, person in mentor_rows}

    mentee_rows = mentee_profiles(db, event.id)
    poster_ids = {p.poster_id for p, _ in mentee_rows if p.poster_id is not None}
    posters = {p.id: p for p in db.scalars(select(Poster).where(Poster.id.in_(poster_ids)))}
    used_ids = {b.id for b in breaks}
    mentees = []
    poster_infos: dict[int, PosterInfo] = {}
    for profile, attendee in mentee_rows:
        busy = list(person_busy.get(attendee.person_id, ())) if attendee.person_id else []
        poster = posters.get(profile.poster_id) if profile.poster_id is not None else None
        if poster is not None:
            session = by_id.get(poster.poster_session_id) if poster.poster_session_id else None
            spot = None
            if session is not None and not poster.presented_remotely:
                busy.append(
                    Busy(session.start_at, session.end_at, _busy_text(session, zone, "poster"))
                )
                if poster.board is not None:
                    hall = session.room.name if session.room is not None else ""
                    spot = PosterSpot(poster.board, session.start_at, session.end_at, hall)
            talk = by_id.get(poster.talk_session_id) if poster.talk_session_id else None
            if talk is not None and attendee.person_id is None:
                busy.append(Busy(talk.start_at, talk.end_at, _busy_text(talk, zone, "talk")))
            poster_infos[attendee.id] = PosterInfo(
                poster.id, poster.title, poster.board, session.title if session else "", spot
            )
        mentees.append(
            Mentee(
                attendee.id,
                attendee.name,
                tuple(profile.interests or ()),
                frozenset(int(b) for b in (profile.available_break_ids or ()) if b in used_ids),
                tuple(busy),
            )
        )
        affiliations[("mentee", attendee.id)] = attendee.affiliation
    mentees.sort(key=lambda m: (fold(m.name), m.id))

    pairings = tuple(
        StoredPairing(
            p.id,
            p.mentor_id,
            p.mentee_id,
            p.slot_id,
            p.place,
            p.topic,
            p.score,
            p.locked,
            p.published,
        )
        for p in db.scalars(
            select(Pairing).where(Pairing.event_id == event.id).order_by(Pairing.id)
        )
    )
    locks = tuple(Lock(p.mentor_id, p.mentee_id, p.break_id) for p in pairings if p.locked)
    problem = Problem(mentors, tuple(mentees), slots, locks, settings.options)
    return PlanData(
        event_title=event.acronym or event.title,
        zone=zone,
        settings=settings,
        problem=problem,
        breaks=breaks,
        affiliations=affiliations,
        posters=poster_infos,
        pairings=pairings,
        other_breaks=tuple(break_info(s, zone) for s in other),
    )
