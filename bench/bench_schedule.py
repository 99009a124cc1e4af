"""The Schedule page on a large event: loading the program, painting the timeline at 4K.

A generated five-day event with eight rooms (600 sessions, each with two speakers) and
3,000 posters with three authors each, in a real SQLite event file.

- Loading: `load_program` (frozen values, speakers and posters attached) against a
  baseline that only fetches the same rows with SQLAlchemy Core and builds nothing.
  Target: at most 3x the bare fetch, so loading stays a handful of queries.
- Painting: one screenful of the busiest day's timeline (1920x1080 logical pixels at a
  device pixel ratio of 2, so 3840x2160 physical) rendered into an image, against a
  baseline that paints the same blocks as plain rectangles with one line of text each.
  Target: at most 3x the plain painter (on an idle machine both fit well inside one
  60 Hz frame; the ratio holds on a busy one too).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from harness import Benchmark, Result, median_time
from sci4dl_desktop.domain.schedule import Program, load_program
from sci4dl_desktop.io import demo_names as names
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import (
    Person,
    Poster,
    PosterAuthor,
    Session,
    SessionSpeaker,
)
from sci4dl_desktop.store.setup import create_event
from sci4dl_desktop.ui.schedule.timeline import TimelineCanvas

DAYS, ROOMS, PER_ROOM_PER_DAY, POSTERS = 5, 8, 15, 3_000
ZONE = "Europe/Vienna"
FIRST_DAY = date(2026, 7, 6)

_cache: dict[str, object] = {}


def build_event(folder: Path) -> Database:
    rng = random.Random(600)
    database = open_database(folder / "large.sci4dl")
    zone = ZoneInfo(ZONE)
    kinds = [k for k in SessionKind if k is not SessionKind.POSTER_SESSION]
    with database.transaction() as s:
        event = create_event(
            s,
            title="Large workshop",
            acronym="LW",
            timezone=ZONE,
            first_day=FIRST_DAY,
            last_day=FIRST_DAY + timedelta(days=DAYS - 1),
            rooms=tuple(f"Room {n + 1}" for n in range(ROOMS)),
        )
        people = [
            Person(
                event_id=event.id,
                name=f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}",
                affiliation=rng.choice(names.AFFILIATIONS["academic"]),
            )
            for _ in range(400)
        ]
        s.add_all(people)
        poster_halls: list[Session] = []
        for day in range(DAYS):
            for room_index, room in enumerate(event.rooms):
                start = datetime.combine(
                    FIRST_DAY + timedelta(days=day), clock_time(8, 0), tzinfo=zone
                )
                for n in range(PER_ROOM_PER_DAY):
                    minutes = rng.choice((15, 20, 30, 45))
                    kind = (
                        SessionKind.POSTER_SESSION
                        if room_index == 0 and n % 5 == 4
                        else rng.choice(kinds)
                    )
                    session = Session(
                        event_id=event.id,
                        uid=f"d{day}-r{room_index}-{n}",
                        title=f"Session {n + 1} on {rng.choice(names.TITLE_PATTERNS)[:40]}",
                        kind=kind,
                        start_at=start,
                        end_at=start + timedelta(minutes=minutes),
                        room=room,
                        abstract="An abstract. " * 20,
                    )
                    session.speaker_links = [
                        SessionSpeaker(person=p) for p in rng.sample(people, 2)
                    ]
                    s.add(session)
                    if kind is SessionKind.POSTER_SESSION:
                        poster_halls.append(session)
                    start += timedelta(minutes=minutes + 5)
        s.flush()
        for n in range(POSTERS):
            poster = Poster(
                event_id=event.id,
                uid=f"p{n}",
                title=f"Poster {n}",
                board=n // len(poster_halls) + 1,
                poster_session=poster_halls[n % len(poster_halls)],
                presented_remotely=n % 17 == 0,
            )
            poster.authors = [
                PosterAuthor(name=f"Author {n}-{k}", affiliation="Somewhere") for k in range(3)
            ]
            s.add(poster)
    return database


def event() -> tuple[Database, Program]:
    if "database" not in _cache:
        folder = Path(tempfile.mkdtemp(prefix="sci4dl-bench-schedule-"))
        database = build_event(folder)
        with database.session() as s:
            _cache["program"] = load_program(s)
        _cache["database"] = database
    return _cache["database"], _cache["program"]  # type: ignore[return-value]


def measure_load() -> Result:
    database, program = event()

    def load() -> Program:
        with database.session() as s:
            return load_program(s)

    def fetch() -> int:
        with database.session() as s:
            rows = 0
            for table in (
                Session.__table__,
                SessionSpeaker.__table__,
                Person.__table__,
                Poster.__table__,
                PosterAuthor.__table__,
            ):
                rows += len(s.execute(select(table)).all())
            return rows

    assert len(load().sessions) == DAYS * ROOMS * PER_ROOM_PER_DAY
    measured = median_time(load, repeat=7)
    baseline = median_time(fetch, repeat=7)
    return Result(measured, baseline, detail=f"{len(program.sessions)} sessions, {POSTERS} posters")


def measure_paint() -> Result:
    _cache.setdefault("app", QApplication.instance() or QApplication([]))
    _, program = event()
    day = FIRST_DAY + timedelta(days=2)
    sessions = program.sessions_on(day)
    canvas = TimelineCanvas()
    canvas.resize(1920, 1080)
    canvas.set_sessions(sessions, program.zone)
    canvas.set_starred(frozenset(s.id for s in sessions[::3]))  # an agenda's stars too
    canvas.resize(1920, max(1080, canvas.minimumHeight()))
    ratio = 2.0
    image = QImage(3840, 2160, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    screen = QRect(0, 0, 1920, 1080)
    layout = canvas.timeline_layout()
    visible = [b for b in layout.blocks if b.rect.intersects(QRectF(screen))]

    def paint_timeline() -> None:
        canvas.render(image, QPoint(), QRegion(screen))

    def paint_plain() -> None:
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(screen, QColor("#ffffff"))
        painter.setPen(QColor("#000000"))
        for block in visible:
            painter.fillRect(block.rect, QColor("#d6e2f5"))
            painter.drawText(block.rect, Qt.AlignmentFlag.AlignLeft, block.session.title)
        painter.end()

    paint_timeline()  # warm the font caches for both
    paint_plain()
    samples = []
    for _ in range(15):
        start = time.perf_counter()
        paint_timeline()
        samples.append(time.perf_counter() - start)
    measured = statistics.median(samples)
    baseline = median_time(paint_plain, repeat=15)
    return Result(measured, baseline, detail=f"{len(visible)} blocks on screen at 3840x2160")


BENCHMARKS = [
    Benchmark(
        "schedule: load 600 sessions + 3,000 posters",
        "ratio <= 3.0 vs bare row fetch",
        measure_load,
        max_ratio=3.0,
    ),
    Benchmark(
        "schedule: paint a 4K screen of timeline",
        "ratio <= 3.0 vs plain rectangles",
        measure_paint,
        max_ratio=3.0,
    ),
]
