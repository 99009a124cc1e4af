"""A registration desk process on a PostgreSQL event, for the multi-desk tests.

    python pg_desk_worker.py URL DESK TOKENS_FILE CACHE_FILE [options]

    --wait-go        after "ready", wait for a line on stdin (all desks start together)
    --pause-at N     after the N-th scan print "paused N" and wait for a line on stdin
                     (may be given several times); with --sync-every, an offline desk
                     tries the server as soon as it resumes
    --sync-first     upload what an earlier run left queued before scanning
    --sync-every S   while offline, try the server again at most every S seconds between
                     scans (what the desk page's timer does)
    --sync-at-end    after the last scan, upload until nothing waits (60 s at most)
    --no-scan        scan nothing (a restart that only uploads)

Every scan is reported on its own line only after the desk returned its verdict,
i.e. after its commit on the server or in the desk's local file:

    <state> <badge serial> <scan id> <online|offline>
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sci4dl_desktop.domain.clock import SystemClock
from sci4dl_desktop.domain.desk_service import DeskService
from sci4dl_desktop.store.database import open_database

SYNC_DEADLINE = 60.0


def sync_until_empty(service: DeskService) -> int:
    deadline = time.monotonic() + SYNC_DEADLINE
    uploaded = 0
    while time.monotonic() < deadline:
        report = service.sync()
        if report is not None:
            uploaded += report.uploaded
        if not service.offline and service.status().waiting == 0:
            return uploaded
        time.sleep(0.2)
    raise SystemExit(f"still {service.status().waiting} waiting after {SYNC_DEADLINE} s")


def main(argv: list[str]) -> int:
    url, desk, tokens_file, cache_file = argv[:4]
    options = argv[4:]
    pauses = {int(options[i + 1]) for i, o in enumerate(options) if o == "--pause-at"}
    every = [float(options[i + 1]) for i, o in enumerate(options) if o == "--sync-every"]
    tokens = [] if "--no-scan" in options else Path(tokens_file).read_text("ascii").split()
    database = open_database(url, create=False)
    service = DeskService(
        database, SystemClock(), desk, cache_path=Path(cache_file), offline_capable=True
    )
    if "--sync-first" in options:
        print(f"synced {sync_until_empty(service)}", flush=True)
    service.refresh_cache()
    print("ready", flush=True)
    if "--wait-go" in options:
        sys.stdin.readline()
    last_try = time.monotonic()
    for number, token in enumerate(tokens, start=1):
        if every and service.offline and time.monotonic() - last_try >= every[0]:
            service.sync()
            last_try = time.monotonic()
        verdict = service.scan(token)
        where = "offline" if service.offline else "online"
        print(f"{verdict.state.value} {verdict.badge_serial} {verdict.scan_id} {where}", flush=True)
        if number in pauses:
            print(f"paused {number}", flush=True)
            sys.stdin.readline()
            last_try = float("-inf")  # resumed: try the server before the next scan
    if "--sync-at-end" in options:
        print(f"synced {sync_until_empty(service)}", flush=True)
    service.close()
    database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
