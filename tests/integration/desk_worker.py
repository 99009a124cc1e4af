"""A desk process for the durability and concurrency tests: scans tokens, reports verdicts.

    python desk_worker.py EVENT_FILE DESK_NAME TOKENS_FILE [--wait-go]

Prints "ready" once the event is open (after reading a line from stdin when
--wait-go is given, all desks start together), then one line per scan, written
only after the scan's verdict was returned, i.e. after its commit:

    <state> <badge serial> <check-in id or ->
"""

from __future__ import annotations

import sys
from pathlib import Path

from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import SystemClock
from sci4dl_desktop.store.database import open_database


def main(argv: list[str]) -> int:
    event_file, desk, tokens_file = argv[:3]
    tokens = Path(tokens_file).read_text("ascii").split()
    database = open_database(event_file, create=False)
    service = CheckInService(database, SystemClock(), desk)
    print("ready", flush=True)
    if "--wait-go" in argv:
        sys.stdin.readline()
    for token in tokens:
        verdict = service.scan(token)
        check_in = verdict.check_in_id if verdict.check_in_id is not None else "-"
        print(f"{verdict.state.value} {verdict.badge_serial} {check_in}", flush=True)
    database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
