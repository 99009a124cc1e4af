"""One process of bench_multidesk.py: a desk scanning badges, or bare INSERT+COMMITs.

    python multidesk_worker.py desk URL DESK TOKENS_FILE CACHE_FILE
    python multidesk_worker.py bare URL DESK COUNT

Prints "ready" once connected, waits for a line on stdin (every process starts
together), then does its work and prints one JSON line: when it started and ended
(time.monotonic, comparable between processes on one machine), how many it did,
the latency of each and the process's CPU time for them all (seconds).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg


def run_desk(url: str, desk: str, tokens_file: str, cache_file: str) -> dict[str, object]:
    from sci4dl_desktop.domain.clock import SystemClock
    from sci4dl_desktop.domain.desk_service import DeskService
    from sci4dl_desktop.store.database import open_database

    tokens = Path(tokens_file).read_text("ascii").split()
    database = open_database(url, create=False)
    service = DeskService(
        database, SystemClock(), desk, cache_path=Path(cache_file), offline_capable=True
    )
    service.scan(tokens[0])  # connect and warm the statement cache: not timed
    print("ready", flush=True)
    sys.stdin.readline()
    latencies = []
    admitted = 0
    start, cpu = time.monotonic(), time.process_time()
    for token in tokens[1:]:
        before = time.perf_counter()
        verdict = service.scan(token)
        latencies.append(time.perf_counter() - before)
        admitted += verdict.admitted
    end, cpu = time.monotonic(), time.process_time() - cpu
    offline = service.offline
    service.close()
    database.close()
    return {
        "start": start,
        "end": end,
        "count": admitted,
        "latencies": latencies,
        "cpu": cpu,
        "offline": offline,
    }


def run_bare(url: str, desk: str, count: int) -> dict[str, object]:
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    at = datetime.now(UTC)
    with psycopg.connect(conninfo) as connection:
        connection.execute("SELECT 1")
        connection.commit()
        print("ready", flush=True)
        sys.stdin.readline()
        latencies = []
        start, cpu = time.monotonic(), time.process_time()
        for number in range(count):
            before = time.perf_counter()
            connection.execute(
                "INSERT INTO bench_bare (attendee_id, at, desk, scan_id) VALUES (%s, %s, %s, %s)",
                (number, at, desk, f"{desk}-{number}"),
            )
            connection.commit()
            latencies.append(time.perf_counter() - before)
        end, cpu = time.monotonic(), time.process_time() - cpu
    return {
        "start": start,
        "end": end,
        "count": count,
        "latencies": latencies,
        "cpu": cpu,
        "offline": False,
    }


def main(argv: list[str]) -> int:
    mode, url, desk = argv[:3]
    if mode == "desk":
        result = run_desk(url, desk, argv[3], argv[4])
    else:
        result = run_bare(url, desk, int(argv[3]))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
