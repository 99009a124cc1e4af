"""Calendar export: a program of 2,000 sessions and posters to .ics, against bare icalendar.

Measured: `program_calendar(..., include_posters=True)` on an event file holding 500
sessions over five days and 1,500 posters, serialised to bytes. That is the whole
export path: reading the database, describing each entry (speakers, abstract, board),
the SEQUENCE ledger, VTIMEZONE, VALARM-free VEVENTs, and `to_ical()`.

Baseline, in the same run: the same 2,000 events (same summaries, times, locations,
descriptions and UIDs, already in memory) built as bare `icalendar.Event` components
in one Calendar with the same VTIMEZONE, serialised the same way.

Target: the export takes at most 1.5 times the baseline.
"""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from harness import Benchmark, Result, median_time
from sci4dl_desktop.io.ics import program_calendar
from sci4dl_desktop.io.ics_entries import CalendarEntry, program_entries
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import Event as EventRow
from sci4dl_desktop.store.models import Person, Poster, PosterAuthor, Session, SessionSpeaker
from sci4dl_desktop.store.setup import create_event

ZONE = "Europe/Berlin"
DAYS = 5
SESSIONS = 500
POSTERS = 1500
NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)


def build_event(path: Path) -> Database:
    rng = random.Random(7)
    database = open_database(path)
    tz = ZoneInfo(ZONE)
    first = date(2026, 3, 27)  # the days cross the change to summer time on the 29th
    with database.transaction() as db:
        event = create_event(
            db,
            title="Benchmark conference",
            acronym="BENCH 2026",
            timezone=ZONE,
            first_day=first,
            last_day=first + timedelta(days=DAYS - 1),
            rooms=("Hall A", "Hall B", "Room 1", "Room 2", "Poster hall"),
        )
        rooms = event.rooms
        people = [
            Person(event_id=event.id, name=f"Speaker {n}", affiliation=f"Institute {n % 40}")
            for n in range(300)
        ]
        db.add_all(people)
        sessions: list[Session] = []
        per_day = SESSIONS // DAYS
        for index in range(SESSIONS):
            day = first + timedelta(days=index // per_day)
            slot = index % per_day
            room = rooms[slot % 4]
            start = datetime.combine(day, time(8, 0), tz) + timedelta(minutes=30 * (slot // 4))
            kind = SessionKind.POSTER_SESSION if slot % 25 == 24 else SessionKind.INVITED_TALK
            session = Session(
                event_id=event.id,
                uid=f"bench-{index:04d}",
                title=f"Session {index}: on the dynamics of learning",
                kind=kind,
                start_at=start,
                end_at=start + timedelta(minutes=30),
                room=rooms[4] if kind is SessionKind.POSTER_SESSION else room,
                abstract="We study a phenomenon carefully. " * 6,
            )
            session.speaker_links = [SessionSpeaker(person=rng.choice(people))]
            sessions.append(session)
        db.add_all(sessions)
        db.flush()
        poster_sessions = [s for s in sessions if s.kind is SessionKind.POSTER_SESSION]
        for index in range(POSTERS):
            slot = poster_sessions[index % len(poster_sessions)]
            poster = Poster(
                event_id=event.id,
                uid=f"openreview:bench{index:05d}",
                title=f"Poster {index}: a careful look at generalisation",
                abstract="We measure what happens when we change one thing at a time. " * 4,
                keywords=["generalization", "optimization"],
                url=f"https://openreview.net/forum?id=bench{index:05d}",
                board=index // len(poster_sessions) + 1,
                poster_session=slot,
            )
            poster.authors = [
                PosterAuthor(name=f"Author {index}-{n}", affiliation="Some University")
                for n in range(3)
            ]
            db.add(poster)
    return database


def bare_calendar(entries: list[CalendarEntry]) -> bytes:
    """The same events as plain icalendar components, with nothing of ours in between."""
    tz = ZoneInfo(ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//bench//bench//EN")
    calendar.add("version", "2.0")
    calendar.add_component(
        Timezone.from_tzid(ZONE, first_date=date(2025, 1, 1), last_date=date(2027, 12, 31))
    )
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("summary", entry.summary)
        event.add("dtstart", entry.start.astimezone(tz))
        event.add("dtend", entry.end.astimezone(tz))
        event.add("dtstamp", NOW)
        event.add("sequence", entry.sequence)
        if entry.location:
            event.add("location", entry.location)
        if entry.description:
            event.add("description", entry.description)
        if entry.url:
            event.add("url", entry.url)
        event.add("categories", list(entry.categories))
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def measure() -> Result:
    with tempfile.TemporaryDirectory() as folder:
        database = build_event(Path(folder) / "bench.sci4dl")
        try:
            with database.session() as db:
                event = db.get(EventRow, database.event().id)
                assert event is not None
                entries = program_entries(db, event, include_posters=True)
            assert len(entries) == SESSIONS + POSTERS

            def export() -> bytes:
                calendar = program_calendar(database, now=NOW, include_posters=True)
                data: bytes = calendar.to_ical()
                return data

            exported = export()  # the first export records the published times
            baseline_bytes = bare_calendar(entries)
            assert exported.count(b"BEGIN:VEVENT") == baseline_bytes.count(b"BEGIN:VEVENT")
            measured = median_time(export, repeat=5)
            baseline = median_time(lambda: bare_calendar(entries), repeat=5)
        finally:
            database.close()
    return Result(
        measured,
        baseline,
        detail=f"{SESSIONS + POSTERS} entries, {len(exported) // 1024} KiB",
    )


BENCHMARKS = [
    Benchmark(
        name="ics: 2,000-entry program export vs bare icalendar",
        target="ratio <= 1.5",
        measure=measure,
        max_ratio=1.5,
    )
]
