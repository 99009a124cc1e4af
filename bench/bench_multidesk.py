"""Eight registration desks on one PostgreSQL server.

Check-ins per second in total: eight desk processes (`DeskService.scan`, each on its
own connection, each admitting badges of its own) start together; the total number
of first check-ins divided by the time from the first start to the last finish. The
baseline, measured in the same run against the same server and database, is the
same number of bare `INSERT` + `COMMIT` transactions of a small row from eight
psycopg connections in eight processes started together. Desk and bare rounds
alternate (two each) so that load from elsewhere on the machine hits both alike.
Target: at least half the bare throughput.

Scan to verdict per desk: the 99th percentile of each desk's scan latency (payload in,
verdict committed and returned), reported desk by desk; target: the slowest desk's
p99 under 250 ms, against the slowest bare connection's p99 alongside.

Server: SCI4DL_TEST_POSTGRES_URL when set; otherwise a throw-away cluster from
scripts/with-postgres for the length of the run. Without PostgreSQL on the machine the
benchmarks report that they were skipped (and fail, so that it is not missed).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from harness import Benchmark, Result, percentile
from sci4dl_desktop.domain.badges import make_token
from sci4dl_desktop.io.demo import create_demo_database
from sci4dl_desktop.store.database import open_database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.store.transfer import copy_event

HERE = Path(__file__).resolve().parent
WORKER = HERE / "multidesk_worker.py"
WITH_POSTGRES = HERE.parent / "scripts" / "with-postgres"
DESKS = 8
SCANS = 200  # per desk and round
ROUNDS = 2
P99_LIMIT = 0.25
TIMEOUT = 300


class Phase(NamedTuple):  # (a dataclass needs its module registered, which run.py skips)
    start: float
    end: float
    count: int
    latencies: dict[str, list[float]]  # per process
    cpu: float  # CPU seconds of the client processes, all together

    @property
    def rate(self) -> float:
        return self.count / (self.end - self.start)


@contextlib.contextmanager
def postgres_server() -> Iterator[str | None]:
    """A server URL: the test server when given, or a throw-away one (None if impossible)."""
    given = os.environ.get("SCI4DL_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    report = "import os, sys; print(os.environ.get('SCI4DL_TEST_POSTGRES_URL', ''), flush=True)"
    holder = subprocess.Popen(
        [str(WITH_POSTGRES), sys.executable, "-c", f"{report}; sys.stdin.read()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        yield holder.stdout.readline().strip() or None
    finally:
        holder.stdin.close()  # the holder ends; the script stops and removes the cluster
        holder.wait(TIMEOUT)


def prepare(server: str, folder: Path) -> tuple[str, list[list[list[str]]]]:
    """A fresh database with the demo event and enough extra badges; tokens[round][desk]."""
    name = f"bench_multidesk_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    demo = create_demo_database(folder / "demo.sci4dl")
    target = open_database(url)
    copy_event(demo, target)
    demo.close()
    event = target.event()
    needed = ROUNDS * DESKS * (SCANS + 1)
    now = datetime.now(UTC)
    rows = [
        {
            "event_id": event.id,
            "name": f"Bench Attendee {n}",
            "email": f"bench{n}@example.org",
            "affiliation": "Bench University",
            "category": AttendeeCategory.ACADEMIC,
            "roles": [],
            "badge_serial": f"B-{n:05d}",
            "badge_revision": 1,
            "staff_note": "",
            "created_at": now,
        }
        for n in range(needed)
    ]
    with target.transaction() as session:
        session.execute(insert(Attendee), rows)
        session.execute(
            text(
                "CREATE TABLE bench_bare (id serial PRIMARY KEY, attendee_id integer, "
                "at timestamptz, desk varchar(100), scan_id varchar(64) UNIQUE)"
            )
        )
    target.refresh_statistics()  # as an import of these badges would
    target.close()
    serials = iter(range(needed))
    tokens = [
        [
            [make_token(event.badge_secret, f"B-{next(serials):05d}", 1) for _ in range(SCANS + 1)]
            for _desk in range(DESKS)
        ]
        for _round in range(ROUNDS)
    ]
    return url, tokens


def drop(server: str, url: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def run_together(commands: dict[str, list[str]]) -> Phase:
    """Start every process, wait until all are ready, let them go together, collect."""
    processes = {
        key: subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for key, args in commands.items()
    }
    try:
        for key, process in processes.items():
            assert process.stdout is not None
            line = process.stdout.readline()
            if line.strip() != "ready":
                raise RuntimeError(f"{key} did not start: {line!r}")
        for process in processes.values():
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        results = {}
        for key, process in processes.items():
            out, _ = process.communicate(timeout=TIMEOUT)
            results[key] = json.loads(out.strip().splitlines()[-1])
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
    if any(result["offline"] for result in results.values()):
        raise RuntimeError("a desk lost the server during the benchmark")
    return Phase(
        start=min(r["start"] for r in results.values()),
        end=max(r["end"] for r in results.values()),
        count=sum(r["count"] for r in results.values()),
        latencies={key: r["latencies"] for key, r in results.items()},
        cpu=sum(r["cpu"] for r in results.values()),
    )


@functools.cache
def measure_all() -> tuple[list[Phase], list[Phase]] | None:
    with postgres_server() as server:
        if server is None:
            return None
        folder = Path(tempfile.mkdtemp(prefix="bench-multidesk-"))
        url, tokens = prepare(server, folder)
        desks: list[Phase] = []
        bare: list[Phase] = []
        try:
            for round_number in range(ROUNDS):
                commands = {}
                for desk in range(DESKS):
                    name = f"Desk {desk + 1}"
                    tokens_file = folder / f"r{round_number}-d{desk}.tokens"
                    tokens_file.write_text("\n".join(tokens[round_number][desk]), "ascii")
                    cache = folder / f"r{round_number}-d{desk}.cache.sqlite"
                    commands[name] = ["desk", url, name, str(tokens_file), str(cache)]
                desks.append(run_together(commands))
                bare.append(
                    run_together(
                        {
                            f"bare {n + 1}": ["bare", url, f"r{round_number}-c{n}", str(SCANS)]
                            for n in range(DESKS)
                        }
                    )
                )
        finally:
            drop(server, url)
        return desks, bare


def _skipped() -> Result:
    return Result(
        0.0,
        0.0,
        absolute_ok=False,
        detail="skipped: no PostgreSQL (install Debian's postgresql or set "
        "SCI4DL_TEST_POSTGRES_URL)",
    )


def measure_throughput() -> Result:
    found = measure_all()
    if found is None:
        return _skipped()
    desks, bare = found
    ours = sum(p.count for p in desks) / sum(p.end - p.start for p in desks)
    base = sum(p.count for p in bare) / sum(p.end - p.start for p in bare)
    cpu_ours = sum(p.cpu for p in desks) / sum(p.count for p in desks)
    cpu_base = sum(p.cpu for p in bare) / sum(p.count for p in bare)
    return Result(
        ours,
        base,
        unit="/s",
        detail=(
            f"{DESKS} desk processes x {SCANS} first check-ins x {ROUNDS} rounds vs the same "
            f"number of bare INSERT+COMMIT; rounds {', '.join(f'{p.rate:.0f}' for p in desks)}"
            f" vs {', '.join(f'{p.rate:.0f}' for p in bare)} /s; client CPU per transaction "
            f"{cpu_ours * 1000:.2f} ms vs {cpu_base * 1000:.2f} ms bare, on {os.cpu_count()} "
            "cores shared by all desks and the server"
        ),
    )


def measure_latency() -> Result:
    found = measure_all()
    if found is None:
        return _skipped()
    desks, bare = found
    per_desk = {
        key: percentile([s for phase in desks for s in phase.latencies[key]], 0.99)
        for key in desks[0].latencies
    }
    per_bare = [
        percentile([s for phase in bare for s in phase.latencies[key]], 0.99)
        for key in bare[0].latencies
    ]
    worst = max(per_desk.values())
    return Result(
        worst,
        max(per_bare),
        absolute_ok=worst < P99_LIMIT,
        detail="p99 per desk: "
        + ", ".join(
            f"{key.removeprefix('Desk ')}: {v * 1000:.0f} ms" for key, v in per_desk.items()
        ),
    )


BENCHMARKS = [
    Benchmark(
        "multi-desk: check-ins/s, 8 desks on PostgreSQL",
        "ratio >= 0.5 vs bare INSERT+COMMIT",
        measure_throughput,
        min_ratio=0.5,
    ),
    Benchmark(
        "multi-desk: scan to verdict p99, slowest desk",
        f"p99 < {P99_LIMIT * 1000:.0f} ms at every desk",
        measure_latency,
    ),
]
