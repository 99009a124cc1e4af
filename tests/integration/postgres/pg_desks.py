"""Desk processes for the PostgreSQL tests, and what to check in the database after them."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from sci4dl_desktop.domain.badges import badge_token
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction
from sci4dl_desktop.store.models import Admission, Attendee, CheckIn

WORKER = Path(__file__).with_name("pg_desk_worker.py")
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Report:
    state: str
    serial: str
    scan_id: str
    where: str


def on_site_tokens(db: Database, limit: int) -> dict[str, str]:
    """Badge serial -> token for the first `limit` attendees who may enter."""
    secret = db.event().badge_secret
    with db.session() as s:
        people = s.scalars(
            select(Attendee)
            .where(Attendee.category != AttendeeCategory.REMOTE)
            .order_by(Attendee.id)
            .limit(limit)
        ).all()
    return {p.badge_serial: badge_token(secret, p) for p in people}


class DeskProcess:
    """A pg_desk_worker.py process; its report lines are collected by a reader thread."""

    def __init__(self, url: str, name: str, tokens: list[str], folder: Path, *options: str) -> None:
        slug = re.sub(r"\W+", "-", name)
        tokens_file = folder / f"{slug}.tokens"
        tokens_file.write_text("\n".join(tokens), "ascii")
        self.cache = folder / f"{slug}.cache.sqlite"
        self.stderr_path = folder / f"{slug}.stderr"
        self.args = [sys.executable, str(WORKER), url, name, str(tokens_file), str(self.cache)]
        self.reports: list[Report] = []
        self.events: queue.Queue[str] = queue.Queue()
        self.process = self._start(options)

    def _start(self, options: tuple[str, ...]) -> subprocess.Popen[str]:
        with self.stderr_path.open("a") as stderr:
            process = subprocess.Popen(
                [*self.args, *options],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
            )
        threading.Thread(target=self._read, args=(process,), daemon=True).start()
        return process

    def restart(self, *options: str) -> None:
        """A new run of the desk on the same local file (the app started again)."""
        self.process = self._start(options)

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if not line.endswith("\n"):
                break  # cut off by a kill: not a report
            parts = line.split()
            if len(parts) == 4:
                self.reports.append(Report(*parts))
            else:
                self.events.put(line.strip())

    def expect(self, prefix: str, timeout: float = START_TIMEOUT) -> str:
        try:
            event = self.events.get(timeout=timeout)
        except queue.Empty:
            self.process.kill()
            raise AssertionError(f"no '{prefix}' from the desk: {self.stderr()}") from None
        assert event.startswith(prefix), f"expected '{prefix}', got '{event}': {self.stderr()}"
        return event

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def finish(self, timeout: float = 120.0) -> None:
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"desk still running after {timeout} s") from None
        assert code == 0, f"desk exited with {code}: {self.stderr()}"

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")[-3000:]


def first_check_ins(db: Database) -> Counter[int]:
    """How many first check-ins (CHECK_IN rows) each attendee has."""
    with db.session() as s:
        rows = s.execute(
            select(CheckIn.attendee_id, func.count())
            .where(CheckIn.action == CheckInAction.CHECK_IN)
            .group_by(CheckIn.attendee_id)
        ).all()
    return Counter({attendee: count for attendee, count in rows})


def logged_scan_ids(db: Database) -> Counter[str]:
    with db.session() as s:
        return Counter(str(scan) for scan in s.scalars(select(CheckIn.scan_id)) if scan)


def admissions(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Admission)) or 0)
