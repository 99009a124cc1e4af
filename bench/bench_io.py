"""Import and export speed.

- Importing 50,000 attendees from CSV (detect, parse, check, plan, one transaction)
  against reading the same file with `csv` and inserting the rows with one `executemany`
  through sqlite3, into a copy of the same empty event file: at most 3x.
- Exporting the demo event package and importing it into an empty event file: under one
  second (the baseline, for scale, is json.dumps + json.loads of the same document).
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from harness import Benchmark, Result
from sci4dl_desktop.io.apply import apply_plan
from sci4dl_desktop.io.demo import create_demo_database
from sci4dl_desktop.io.importing import plan_import
from sci4dl_desktop.io.package import export_document, export_package
from sci4dl_desktop.store.database import copy_file_database, open_database
from sci4dl_desktop.store.setup import create_event

ROWS = 50_000
REPEAT = 3


def _empty_event(folder: Path) -> Path:
    path = folder / "empty.sci4dl"
    database = open_database(path)
    with database.transaction() as session:
        create_event(
            session,
            title="Benchmark workshop",
            acronym="BW 2026",
            timezone="Europe/Vienna",
            first_day=date(2026, 6, 1),
        )
    database.close()
    return path


def _attendee_csv(folder: Path) -> Path:
    path = folder / "attendees.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Email", "Affiliation", "Category"])
        for n in range(ROWS):
            writer.writerow(
                [f"Attendee {n}", f"attendee{n}@example.org", f"University {n % 97}", "student"]
            )
    return path


def _timed(prepare: Callable[[], Path], run: Callable[[Path], None]) -> float:
    """Median time of run(target), each on a fresh target that prepare() made (not timed)."""
    samples = []
    for _ in range(REPEAT):
        target = prepare()
        start = time.perf_counter()
        run(target)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure_csv_import() -> Result:
    folder = Path(tempfile.mkdtemp(prefix="bench-io-"))
    try:
        template = _empty_event(folder)
        source = _attendee_csv(folder)
        counter = iter(range(100))

        def fresh() -> Path:
            target = folder / f"run-{next(counter)}.sci4dl"
            copy_file_database(template, target)
            return target

        def ours(target: Path) -> None:
            database = open_database(target)
            plan = plan_import(database, [source])
            assert plan.ok and len(plan.attendees) == ROWS
            apply_plan(database, plan)
            database.close()

        def baseline(target: Path) -> None:
            connection = sqlite3.connect(target, isolation_level=None)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            event_id = connection.execute("SELECT id FROM events").fetchone()[0]
            now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
            with source.open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                next(reader)
                rows = [
                    (event_id, name, email, affiliation, category, "[]", f"B-{n:05d}", 1, "", now)
                    for n, (name, email, affiliation, category) in enumerate(reader)
                ]
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(
                "INSERT INTO attendees (event_id, name, email, affiliation, category, roles, "
                "badge_serial, badge_revision, staff_note, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            connection.execute("COMMIT")
            connection.close()

        measured = _timed(fresh, ours)
        base = _timed(fresh, baseline)
        return Result(measured, base, detail=f"{ROWS:,} rows, median of {REPEAT}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure_package_round_trip() -> Result:
    folder = Path(tempfile.mkdtemp(prefix="bench-io-"))
    try:
        demo = create_demo_database(folder / "demo.sci4dl")
        counter = iter(range(100))

        def fresh() -> Path:
            return folder / f"copy-{next(counter)}.sci4dl"

        def ours(target: Path) -> None:
            with demo.session() as session:
                package = folder / "package.json"
                package.write_bytes(export_package(session))
            copy = open_database(target)
            plan = plan_import(copy, [package])
            assert plan.ok and plan.restore is not None
            apply_plan(copy, plan)
            copy.close()

        measured = _timed(fresh, ours)
        # Open and migrate an empty file outside the timing, like the baseline, which
        # touches no database at all: the measured part is export + import.
        with demo.session() as session:
            document = export_document(session)

        def baseline(_: Path) -> None:
            json.loads(json.dumps(document, ensure_ascii=False, indent=1))

        base = _timed(fresh, baseline)
        demo.close()
        return Result(
            measured,
            base,
            absolute_ok=measured < 1.0,
            detail="demo event: 700 attendees, 150 posters; target is absolute",
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


BENCHMARKS: list[Benchmark] = [
    Benchmark(
        "import 50,000 attendees from CSV vs csv+executemany",
        "ratio <= 3.0",
        measure_csv_import,
        max_ratio=3.0,
    ),
    Benchmark(
        "export + re-import demo event package",
        "under 1 s (baseline: json dump+load)",
        measure_package_round_trip,
    ),
]
