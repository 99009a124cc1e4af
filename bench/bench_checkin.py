"""Registration desk at 50,000 attendees: scan-to-verdict and search per keystroke.

Scan to verdict: a real event file (SQLite, WAL, synchronous=FULL) holding 50,000
attendees; each sample is one `CheckInService.scan(payload)` of a different badge,
from the payload string to the verdict returned, i.e. token verified, attendee
looked up, check-in log row, admission row and audit row written and committed.
The baseline, measured in the same run and interleaved sample by sample with the
scans, is one bare INSERT + COMMIT of a small row through the sqlite3 module into a
second file in the same folder with the same settings (WAL, synchronous=FULL).
Target: the 99th percentile of scan to verdict at most 3x that of the bare commit.

Search per keystroke: `CheckInService.search(query)` over the same 50,000 (index
lookup plus the check-in state of the results read from the database), against a
plain linear scan of the same folded haystacks in the same run, over queries from
one letter to several words. Target: at most half the linear scan's median, and a
median under one 60 Hz frame (the 99th percentile is reported alongside).
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert

from harness import Benchmark, Result, percentile
from sci4dl_desktop.domain.attendee_index import IndexedAttendee, haystack
from sci4dl_desktop.domain.badges import make_token
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import SystemClock
from sci4dl_desktop.domain.text import fold_terms, matches
from sci4dl_desktop.io import demo_names as names
from sci4dl_desktop.store.checkins import all_attendees
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.store.setup import create_event

ATTENDEES = 50_000
SCANS = 400
WARM_UP = 20
FRAME_SECONDS = 1 / 60
CATEGORIES = (
    AttendeeCategory.STUDENT,
    AttendeeCategory.ACADEMIC,
    AttendeeCategory.INDUSTRY,
    AttendeeCategory.SPEAKER,
)
QUERIES = ("zdeborova", "ana", "silva usp", "s26-04", "university of", "kohler", "x", "un", "exa")


def build_event(folder: Path) -> Database:
    rng = random.Random(50_000)
    database = open_database(folder / "big.sci4dl")
    with database.transaction() as session:
        event = create_event(
            session,
            title="Big workshop",
            acronym="BIG",
            timezone="America/Sao_Paulo",
            first_day=date(2026, 4, 26),
        )
        event_id = event.id
    last_names = [*names.LAST_NAMES, "Zdeborová"]
    affiliations = names.AFFILIATIONS["academic"] + names.AFFILIATIONS["industry"]
    rows = []
    for n in range(1, ATTENDEES + 1):
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(last_names)
        rows.append(
            {
                "event_id": event_id,
                "name": f"{first} {last}",
                "email": f"person{n}@example.org",
                "affiliation": rng.choice(affiliations),
                "category": CATEGORIES[n % len(CATEGORIES)],
                "roles": [],
                "badge_serial": f"S26-{n:05d}",
                "badge_revision": 1,
                "staff_note": "",
            }
        )
    with database.transaction() as session:
        session.execute(insert(Attendee), rows)
    return database


def bare_commit_connection(folder: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(folder / "bare.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, at TEXT, desk TEXT, scan_id TEXT)")
    return conn


def measure_scan() -> Result:
    folder = Path(tempfile.mkdtemp(prefix="bench-checkin-"))
    database = build_event(folder)
    secret = database.event().badge_secret
    service = CheckInService(database, SystemClock(), "Bench desk")
    bare = bare_commit_connection(folder)
    serials = random.Random(1).sample(range(1, ATTENDEES + 1), SCANS + WARM_UP)
    tokens = [make_token(secret, f"S26-{n:05d}", 1) for n in serials]
    scan_times: list[float] = []
    bare_times: list[float] = []
    admitted = 0
    for i, token in enumerate(tokens):
        start = time.perf_counter()
        bare.execute("BEGIN IMMEDIATE")
        bare.execute(
            "INSERT INTO log (at, desk, scan_id) VALUES (?, ?, ?)",
            ("2026-04-26T09:00:00", "Bench desk", f"{i:032x}"),
        )
        bare.execute("COMMIT")
        bare_elapsed = time.perf_counter() - start

        start = time.perf_counter()
        verdict = service.scan(token)
        scan_elapsed = time.perf_counter() - start
        admitted += verdict.admitted
        if i >= WARM_UP:
            bare_times.append(bare_elapsed)
            scan_times.append(scan_elapsed)
    bare.close()
    database.close()
    assert admitted == len(tokens), "every scan of a distinct valid badge must admit"
    p99, base_p99 = percentile(scan_times, 0.99), percentile(bare_times, 0.99)
    return Result(
        measured=p99,
        baseline=base_p99,
        detail=(
            f"p99; median {statistics.median(scan_times) * 1000:.2f} ms vs "
            f"{statistics.median(bare_times) * 1000:.2f} ms bare, {SCANS} scans"
        ),
    )


def measure_search() -> Result:
    folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
    database = build_event(folder)
    service = CheckInService(database, SystemClock(), "Bench desk")
    service.refresh_index()
    with database.session() as session:
        rows = all_attendees(session, database.event().id)
    entries = [
        IndexedAttendee(
            r.id, r.name, r.email, r.affiliation, r.category, r.badge_serial, r.badge_revision
        )
        for r in rows
    ]
    haystacks = [haystack(e) for e in entries]
    ours: list[float] = []
    linear: list[float] = []
    for _round in range(15):
        for query in QUERIES:
            start = time.perf_counter()
            service.search(query)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            terms = fold_terms(query)
            hits = [e for e, text in zip(entries, haystacks, strict=True) if matches(text, terms)]
            hits.sort(key=lambda e: e.name)
            linear.append(time.perf_counter() - start)
    database.close()
    median = statistics.median(ours)
    return Result(
        measured=median,
        baseline=statistics.median(linear),
        absolute_ok=median < FRAME_SECONDS,
        detail=f"median; p99 {percentile(ours, 0.99) * 1000:.2f} ms, {len(ours)} searches",
    )


BENCHMARKS = [
    Benchmark(
        "check-in: scan to verdict at 50,000 (p99)",
        "p99 ratio <= 3.0 vs bare commit",
        measure_scan,
        max_ratio=3.0,
    ),
    Benchmark(
        "check-in: search per keystroke at 50,000",
        "ratio <= 0.5 vs linear, median < 1 frame",
        measure_search,
        max_ratio=0.5,
    ),
]
