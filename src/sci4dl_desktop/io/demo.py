"""The bundled demo event: SCI4DL 2026's real program plus deterministic generated data.

Names, roles and times of the program come from the shipped facts file; attendees,
posters and mentorship pairings are generated from a fixed seed, so every fresh copy
of the demo is identical.
"""

from __future__ import annotations

import json
import random
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.mentorship_profiles import TOPICS_KEY
from sci4dl_desktop.io import demo_names as names
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import AttendeeCategory, PersonRole, SessionKind
from sci4dl_desktop.store.models import (
    Attendee,
    Event,
    EventSetting,
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

SEED = 2026
ATTENDEE_COUNT = 700
POSTER_COUNT = 150
MENTEE_COUNT = 40
MEETINGS_PER_MENTOR_PER_BREAK = 3
MAIN_HALL, POSTER_HALL, FOYER = "Main hall", "Poster hall", "Foyer"

# Generated category sizes; organisers and speakers come from the facts file.
GENERATED_CATEGORIES: tuple[tuple[AttendeeCategory, int], ...] = (
    (AttendeeCategory.STUDENT, 330),
    (AttendeeCategory.ACADEMIC, 190),
    (AttendeeCategory.INDUSTRY, 120),
    (AttendeeCategory.REMOTE, 0),  # the rest, computed below
)


def load_facts() -> dict[str, Any]:
    text = (files("sci4dl_desktop.resources") / "demo" / "sci4dl-2026.json").read_text("utf-8")
    facts: dict[str, Any] = json.loads(text)
    return facts


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_SLUG_EXTRA))
    plain = "".join(c for c in folded if c.isascii() and (c.isalnum() or c in " -"))
    return "-".join(plain.lower().split())


_SLUG_EXTRA = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ð": "d", "Þ": "Th", "þ": "th"}
)


@dataclass
class _Builder:
    session: OrmSession
    event: Event
    facts: dict[str, Any]
    rng: random.Random

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.event.timezone)

    def at(self, day: date, hhmm: str) -> datetime:
        hour, minute = (int(part) for part in hhmm.split(":"))
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone)

    # -- program ---------------------------------------------------------------

    def people(self) -> dict[str, Person]:
        people: dict[str, Person] = {}
        for entry in self.facts["people"]:
            person = Person(
                event_id=self.event.id,
                name=entry["name"],
                affiliation=entry["affiliation"],
                roles=list(entry["roles"]),
            )
            people[person.name] = person
        self.session.add_all(people.values())
        return people

    def sessions(self, people: dict[str, Person], rooms: dict[str, Room]) -> list[Session]:
        day = self.event.first_day
        sessions: list[Session] = []
        room_for = {
            SessionKind.POSTER_SESSION: rooms[POSTER_HALL],
            SessionKind.BREAK: rooms[FOYER],
        }
        for index, entry in enumerate(self.facts["sessions"], start=1):
            kind = SessionKind(entry["kind"])
            session = Session(
                event_id=self.event.id,
                uid=f"sci4dl-2026-{index:02d}-{ascii_slug(entry['title'])}",
                title=entry["title"],
                kind=kind,
                start_at=self.at(day, entry["start"]),
                end_at=self.at(day, entry["end"]),
                room=room_for.get(kind, rooms[MAIN_HALL]),
                notes=entry.get("notes", ""),
            )
            session.speaker_links = [
                SessionSpeaker(person=people[name]) for name in entry.get("speakers", [])
            ]
            sessions.append(session)
        self.session.add_all(sessions)
        return sessions

    # -- attendees ---------------------------------------------------------------

    def _names(self) -> Iterator[tuple[str, str]]:
        seen: set[tuple[str, str]] = set()
        while True:
            pair = (self.rng.choice(names.FIRST_NAMES), self.rng.choice(names.LAST_NAMES))
            if pair not in seen:
                seen.add(pair)
                yield pair

    def attendees(self, people: dict[str, Person]) -> list[Attendee]:
        attendees: list[Attendee] = []
        emails: set[str] = set()

        def email_for(first: str, last: str, domain: str) -> str:
            base = f"{ascii_slug(first)}.{ascii_slug(last)}".replace("-", "")
            candidate, n = f"{base}@{domain}", 2
            while candidate in emails:
                candidate, n = f"{base}{n}@{domain}", n + 1
            emails.add(candidate)
            return candidate

        def add(
            name: str,
            email: str,
            affiliation: str,
            category: AttendeeCategory,
            roles: list[str],
            person: Person | None = None,
        ) -> None:
            serial = f"S26-{len(attendees) + 1:04d}"
            attendees.append(
                Attendee(
                    event_id=self.event.id,
                    name=name,
                    email=email,
                    affiliation=affiliation,
                    category=category,
                    roles=roles,
                    badge_serial=serial,
                    person=person,
                )
            )

        for person in people.values():
            first, _, last = person.name.partition(" ")
            category = (
                AttendeeCategory.ORGANIZER
                if PersonRole.ORGANIZER in person.roles
                else AttendeeCategory.SPEAKER
            )
            add(
                person.name,
                email_for(first, last, "speakers.example.org"),
                person.affiliation,
                category,
                list(person.roles),
                person,
            )

        remote_count = ATTENDEE_COUNT - len(attendees) - sum(n for _, n in GENERATED_CATEGORIES)
        plan = [
            (c, n if c is not AttendeeCategory.REMOTE else remote_count)
            for c, n in GENERATED_CATEGORIES
        ]
        generator = self._names()
        for category, count in plan:
            pool = "industry" if category is AttendeeCategory.INDUSTRY else "academic"
            for _ in range(count):
                first, last = next(generator)
                add(
                    f"{first} {last}",
                    email_for(first, last, self.rng.choice(names.EMAIL_DOMAINS[pool])),
                    self.rng.choice(names.AFFILIATIONS[pool]),
                    category,
                    [],
                )
        self.session.add_all(attendees)
        return attendees

    # -- posters -----------------------------------------------------------------

    def posters(
        self, sessions: list[Session], attendees: list[Attendee], people: dict[str, Person]
    ) -> list[Poster]:
        topics: list[str] = self.facts["topics"]
        poster_sessions = [s for s in sessions if s.kind is SessionKind.POSTER_SESSION]
        talks = [s for s in sessions if s.kind is SessionKind.CONTRIBUTED_TALK]
        authors_pool = [
            a
            for a in attendees
            if a.category
            in (
                AttendeeCategory.STUDENT,
                AttendeeCategory.ACADEMIC,
                AttendeeCategory.INDUSTRY,
                AttendeeCategory.REMOTE,
            )
        ]
        students = [a for a in authors_pool if a.category is AttendeeCategory.STUDENT]
        remote = [a for a in authors_pool if a.category is AttendeeCategory.REMOTE]
        per_session = POSTER_COUNT // len(poster_sessions)
        posters: list[Poster] = []
        for index in range(POSTER_COUNT):
            main, other = self.rng.sample(topics, 2)
            pattern = self.rng.choice(names.TITLE_PATTERNS)
            title = pattern.format(t=main, T=main[0].upper() + main[1:], u=other)
            keywords = sorted({main, other, *self.rng.sample(topics, self.rng.randint(0, 1))})
            is_remote = index % 19 == 7
            first_author = self.rng.choice(remote if is_remote else students)
            co_authors = self.rng.sample(authors_pool, self.rng.randint(1, 4))
            author_list = [first_author] + [a for a in co_authors if a is not first_author]
            forum = "".join(
                self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
                for _ in range(10)
            )
            poster = Poster(
                event_id=self.event.id,
                uid=f"openreview:{forum}",
                title=title,
                abstract=(
                    f"We study {main} and its relation to {other}. Starting from a precise, "
                    "falsifiable hypothesis, we design controlled experiments on small models, "
                    "report the conditions under which the effect appears and vanishes, and "
                    "release code to reproduce every figure."
                ),
                keywords=keywords,
                external_id=forum,
                url=f"https://openreview.net/forum?id={forum}",
                board=index % per_session + 1,
                poster_session=poster_sessions[min(index // per_session, len(poster_sessions) - 1)],
                presented_remotely=is_remote,
                challenge_entry=index % 11 == 3,
            )
            poster.authors = [
                PosterAuthor(name=a.name, affiliation=a.affiliation) for a in author_list
            ]
            posters.append(poster)
        # The four contributed talks are given by the first authors of four posters.
        on_site = [p for p in posters if not p.presented_remotely]
        for talk, poster in zip(talks, self.rng.sample(on_site, len(talks)), strict=True):
            poster.talk_session = talk
            talk.subtitle = poster.title
            talk.abstract = poster.abstract
            author = poster.authors[0]
            speaker = people.get(author.name) or Person(
                event_id=self.event.id,
                name=author.name,
                affiliation=author.affiliation,
                roles=[PersonRole.CONTRIBUTED_SPEAKER.value],
            )
            people[speaker.name] = speaker
            talk.speaker_links = [SessionSpeaker(person=speaker)]
            attendee = next(a for a in attendees if a.name == author.name)
            attendee.person = speaker
            attendee.roles = [PersonRole.CONTRIBUTED_SPEAKER.value]
            attendee.category = AttendeeCategory.SPEAKER
        self.session.add_all(posters)
        return posters

    # -- mentorship ----------------------------------------------------------------

    def mentorship(
        self,
        sessions: list[Session],
        people: dict[str, Person],
        attendees: list[Attendee],
        posters: list[Poster],
    ) -> list[Pairing]:
        topics: list[str] = self.facts["topics"]
        breaks = [s for s in sessions if s.kind is SessionKind.BREAK and "mentorship" in s.notes]
        mentors = [p for p in people.values() if PersonRole.MENTOR in p.roles]
        mentor_profiles = [
            MentorProfile(
                person=m,
                interests=self.rng.sample(topics, 4),
                capacity_per_break=MEETINGS_PER_MENTOR_PER_BREAK,
            )
            for m in mentors
        ]
        poster_by_first_author = {p.authors[0].name: p for p in posters}
        students = [a for a in attendees if a.category is AttendeeCategory.STUDENT]
        mentees = self.rng.sample(students, MENTEE_COUNT)
        mentee_profiles = []
        for mentee in mentees:
            poster = poster_by_first_author.get(mentee.name)
            interests = list(poster.keywords) if poster else self.rng.sample(topics, 3)
            mentee_profiles.append(
                MenteeProfile(
                    attendee=mentee, interests=interests, poster=poster, available_break_ids=[]
                )
            )
        self.session.add_all(mentor_profiles)
        self.session.add_all(mentee_profiles)
        self.session.flush()
        for profile in mentee_profiles:
            profile.available_break_ids = [b.id for b in breaks]

        # Each mentee meets one mentor, chosen by topic overlap among free seats.
        seats = {
            (m.person.name, b.id): MEETINGS_PER_MENTOR_PER_BREAK
            for m in mentor_profiles
            for b in breaks
        }
        table_of = {m.person.name: n for n, m in enumerate(mentor_profiles, start=1)}
        pairings: list[Pairing] = []
        for profile in mentee_profiles:

            def overlap(mp: MentorProfile, wanted: list[str] = profile.interests) -> int:
                return len(set(mp.interests) & set(wanted))

            options = [
                (
                    overlap(mp),
                    -sum(seats[(mp.person.name, b.id)] == 0 for b in breaks),
                    mp.person.name,
                    b.id,
                    mp,
                    b,
                )
                for mp in mentor_profiles
                for b in breaks
                if seats[(mp.person.name, b.id)] > 0
            ]
            best = max(options, key=lambda o: (o[0], seats[(o[2], o[3])], -o[3], o[2]))
            _, _, mentor_name, _, mentor_profile, slot = best
            seats[(mentor_name, slot.id)] -= 1
            shared = sorted(set(mentor_profile.interests) & set(profile.interests))
            pairings.append(
                Pairing(
                    event_id=self.event.id,
                    mentor=mentor_profile.person,
                    mentee=profile.attendee,
                    slot=slot,
                    place=f"Mentorship table {table_of[mentor_name]}, {FOYER}",
                    topic=", ".join(shared or profile.interests[:2]),
                    score=float(len(shared)),
                )
            )
        self.session.add_all(pairings)
        return pairings


def populate_demo(session: OrmSession) -> Event:
    """Fill an empty event database with the demo event; the caller commits."""
    facts = load_facts()
    info = facts["event"]
    event = create_event(
        session,
        title=info["title"],
        acronym=info["acronym"],
        timezone=info["timezone"],
        first_day=date.fromisoformat(info["date"]),
        rooms=(MAIN_HALL, POSTER_HALL, FOYER),
    )
    builder = _Builder(session, event, facts, random.Random(SEED))
    rooms = {room.name: room for room in event.rooms}
    people = builder.people()
    sessions = builder.sessions(people, rooms)
    attendees = builder.attendees(people)
    posters = builder.posters(sessions, attendees, people)
    session.flush()
    builder.mentorship(sessions, people, attendees, posters)
    session.add(EventSetting(key=TOPICS_KEY, value=list(facts["topics"])))
    session.flush()
    return event


def create_demo_database(path: Path | None = None) -> Database:
    """A fresh copy of the demo event in a new SQLite file (a temporary one by default)."""
    if path is None:
        folder = Path(tempfile.mkdtemp(prefix="sci4dl-demo-"))
        path = folder / "SCI4DL-2026-demo.sci4dl"
    elif path.exists():
        raise FileExistsError(f"{path} already exists: choose a new file for the demo event")
    database = open_database(path)
    with database.transaction() as session:
        populate_demo(session)
    return database
