"""Who mentors and who is mentored: profiles the organiser edits before matching.

A mentee is an attendee with research interests (free keywords), possibly their own
poster, and the breaks they can attend. A mentor is a person of the program (or an
attendee who becomes one) with interests and how many mentees they take per break.
Interest suggestions come from the event's topics (the `EventSetting` row
`event.topics`, when an importer stored one), the session tracks, poster keywords and
the interests already entered.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.event_info import first_event
from sci4dl_desktop.domain.interests import distinct_terms, suggestions
from sci4dl_desktop.domain.pairing_plan import (
    BreakInfo,
    PlanError,
    break_info,
    event_sessions,
    load_settings,
    mentee_profiles,
    mentor_profiles,
    mentorship_break_sessions,
)
from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import PersonRole, SessionKind
from sci4dl_desktop.store.models import (
    Attendee,
    EventSetting,
    MenteeProfile,
    MentorProfile,
    Pairing,
    Person,
    Poster,
    Session,
)

TOPICS_KEY = "event.topics"
MAX_CAPACITY = 20


@dataclass(frozen=True)
class MenteeRow:
    attendee_id: int
    name: str
    affiliation: str
    interests: tuple[str, ...]
    poster_id: int | None
    break_ids: tuple[int, ...]


@dataclass(frozen=True)
class MentorRow:
    person_id: int
    name: str
    affiliation: str
    interests: tuple[str, ...]
    capacity: int


@dataclass(frozen=True)
class Candidate:
    """Someone who could be added: ('attendee'|'person', id)."""

    kind: str
    id: int
    name: str
    affiliation: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


@dataclass(frozen=True)
class PosterChoice:
    id: int
    label: str
    authors: tuple[str, ...]  # folded author names, to find an attendee's own poster
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profiles:
    mentees: tuple[MenteeRow, ...]
    mentors: tuple[MentorRow, ...]
    mentee_candidates: tuple[Candidate, ...]
    mentor_candidates: tuple[Candidate, ...]
    posters: tuple[PosterChoice, ...]
    breaks: tuple[BreakInfo, ...]
    suggestions: tuple[str, ...]

    def own_poster(self, name: str) -> int | None:
        """The poster an attendee is first author of (else any poster they co-wrote)."""
        wanted = fold(" ".join(name.split()))
        first = [p.id for p in self.posters if p.authors[:1] == (wanted,)]
        anywhere = [p.id for p in self.posters if wanted in p.authors]
        found = first or anywhere
        return found[0] if found else None


def load_profiles(db: OrmSession) -> Profiles:
    event, zone = first_event(db, PlanError)
    mentee_pairs = mentee_profiles(db, event.id)
    mentees = tuple(
        sorted(
            (
                MenteeRow(
                    a.id,
                    a.name,
                    a.affiliation,
                    tuple(p.interests or ()),
                    p.poster_id,
                    tuple(int(b) for b in p.available_break_ids or ()),
                )
                for p, a in mentee_pairs
            ),
            key=lambda r: (fold(r.name), r.attendee_id),
        )
    )
    mentor_pairs = mentor_profiles(db, event.id)
    mentors = tuple(
        sorted(
            (
                MentorRow(
                    person.id,
                    person.name,
                    person.affiliation,
                    tuple(p.interests or ()),
                    p.capacity_per_break,
                )
                for p, person in mentor_pairs
            ),
            key=lambda r: (fold(r.name), r.person_id),
        )
    )
    mentee_ids = {m.attendee_id for m in mentees}
    mentor_ids = {m.person_id for m in mentors}
    attendees = db.execute(
        select(Attendee.id, Attendee.name, Attendee.affiliation, Attendee.person_id)
        .where(Attendee.event_id == event.id)
        .order_by(Attendee.name)
    ).all()
    people = db.execute(
        select(Person.id, Person.name, Person.affiliation).where(Person.event_id == event.id)
    ).all()
    mentee_candidates = tuple(
        Candidate("attendee", aid, name, aff or "")
        for aid, name, aff, _ in attendees
        if aid not in mentee_ids
    )
    mentor_candidates = tuple(
        sorted(
            [
                *(
                    Candidate("person", pid, name, aff or "")
                    for pid, name, aff in people
                    if pid not in mentor_ids
                ),
                *(
                    Candidate("attendee", aid, name, aff or "")
                    for aid, name, aff, person_id in attendees
                    if person_id is None and aid not in mentee_ids
                ),
            ],
            key=lambda c: (c.kind != "person", fold(c.name), c.id),
        )
    )
    sessions = event_sessions(db, event.id)
    by_id = {s.id: s for s in sessions}
    posters_rows = list(db.scalars(select(Poster).where(Poster.event_id == event.id)))
    posters = []
    for poster in sorted(posters_rows, key=lambda p: (fold(p.title), p.id)):
        session = by_id.get(poster.poster_session_id) if poster.poster_session_id else None
        where = ", ".join(
            part
            for part in (
                f"board {poster.board}" if poster.board is not None else "",
                session.title if session else "",
            )
            if part
        )
        label = f"{poster.title} ({where})" if where else poster.title
        posters.append(
            PosterChoice(
                poster.id,
                label,
                tuple(fold(" ".join(a.name.split())) for a in poster.authors),
                tuple(poster.keywords or ()),
            )
        )
    used, _ = mentorship_break_sessions(
        [s for s in sessions if s.kind is SessionKind.BREAK], load_settings(db)
    )
    breaks = tuple(break_info(s, zone) for s in used)
    topics_row = db.get(EventSetting, TOPICS_KEY)
    topics = (
        topics_row.value if topics_row is not None and isinstance(topics_row.value, list) else []
    )
    suggested = suggestions(
        (str(t) for t in topics),
        (s.track for s in sessions if s.track),
        (k for p in posters_rows for k in p.keywords or ()),
        (i for m in mentors for i in m.interests),
        (i for m in mentees for i in m.interests),
    )
    return Profiles(
        mentees,
        mentors,
        mentee_candidates,
        mentor_candidates,
        tuple(posters),
        breaks,
        tuple(sorted(suggested, key=fold)),
    )


def _delete_pairings(db: OrmSession, condition: ColumnElement[bool]) -> int:
    ids = list(db.scalars(select(Pairing.id).where(condition)))
    if ids:
        db.execute(delete(Pairing).where(Pairing.id.in_(ids)))
    return len(ids)


def save_mentee(
    database: Database,
    attendee_id: int,
    interests: list[str] | tuple[str, ...],
    poster_id: int | None,
    break_ids: list[int] | tuple[int, ...],
) -> None:
    """Create or update an attendee's mentee profile."""
    with database.transaction() as db:
        event, _ = first_event(db, PlanError)
        attendee = db.get(Attendee, attendee_id)
        if attendee is None or attendee.event_id != event.id:
            raise PlanError("That attendee no longer exists (removed at another desk?): refresh.")
        if poster_id is not None:
            poster = db.get(Poster, poster_id)
            if poster is None or poster.event_id != event.id:
                raise PlanError("That poster no longer exists: choose another or none.")
        known = set(
            db.scalars(
                select(Session.id).where(
                    Session.event_id == event.id, Session.kind == SessionKind.BREAK
                )
            )
        )
        unknown = sorted(set(break_ids) - known)
        if unknown:
            raise PlanError(f"Breaks {unknown} are not breaks of this event: refresh the page.")
        profile = db.get(MenteeProfile, attendee_id)
        if profile is None:
            profile = MenteeProfile(attendee_id=attendee_id)
            db.add(profile)
        profile.interests = distinct_terms(interests)
        profile.poster_id = poster_id
        profile.available_break_ids = sorted(set(break_ids))


def remove_mentee(database: Database, attendee_id: int) -> int:
    """Remove a mentee profile and the mentee's pairings; returns how many pairings went."""
    with database.transaction() as db:
        profile = db.get(MenteeProfile, attendee_id)
        if profile is None:
            return 0
        removed = _delete_pairings(db, Pairing.mentee_id == attendee_id)
        db.delete(profile)
        return removed


def make_mentor(database: Database, candidate: Candidate) -> int:
    """Turn a candidate into a mentor (an attendee becomes a person first); returns person id."""
    with database.transaction() as db:
        event, _ = first_event(db, PlanError)
        if candidate.kind == "attendee":
            attendee = db.get(Attendee, candidate.id)
            if attendee is None or attendee.event_id != event.id:
                raise PlanError("That attendee no longer exists: refresh.")
            if attendee.person is None:
                attendee.person = Person(
                    event_id=event.id, name=attendee.name, affiliation=attendee.affiliation
                )
                db.flush()
            person = attendee.person
        else:
            found = db.get(Person, candidate.id)
            if found is None or found.event_id != event.id:
                raise PlanError("That person no longer exists: refresh.")
            person = found
        if PersonRole.MENTOR.value not in (person.roles or []):
            person.roles = [*(person.roles or []), PersonRole.MENTOR.value]
        if db.get(MentorProfile, person.id) is None:
            db.add(MentorProfile(person_id=person.id, interests=[], capacity_per_break=3))
        return person.id


def save_mentor(
    database: Database, person_id: int, interests: list[str] | tuple[str, ...], capacity: int
) -> None:
    if not 0 <= capacity <= MAX_CAPACITY:
        raise PlanError(
            f"Capacity {capacity} is out of range: give 0 to {MAX_CAPACITY} mentees per break."
        )
    with database.transaction() as db:
        profile = db.get(MentorProfile, person_id)
        if profile is None:
            raise PlanError("That mentor no longer exists (removed at another desk?): refresh.")
        profile.interests = distinct_terms(interests)
        profile.capacity_per_break = capacity


def remove_mentor(database: Database, person_id: int) -> int:
    """Remove a mentor profile and their pairings; returns how many pairings went."""
    with database.transaction() as db:
        profile = db.get(MentorProfile, person_id)
        if profile is None:
            return 0
        removed = _delete_pairings(db, Pairing.mentor_id == person_id)
        person = db.get(Person, person_id)
        if person is not None and PersonRole.MENTOR.value in (person.roles or []):
            person.roles = [r for r in person.roles if r != PersonRole.MENTOR.value]
        db.delete(profile)
        return removed
