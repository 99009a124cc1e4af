"""Durability and concurrency of check-ins, proven with real processes on one SQLite file.

* A desk process is killed with SIGKILL at random moments; every check-in it had
  reported as admitted (it reports only after the verdict, i.e. after the commit)
  must be in the database afterwards.
* Several desk processes scan the same badges at the same moment; each attendee
  gets exactly one first check-in, and every other scan of them answers "already".
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sci4dl_desktop.domain.badges import badge_token
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction
from sci4dl_desktop.store.models import Admission, Attendee, CheckIn

WORKER = Path(__file__).with_name("desk_worker.py")
READY_TIMEOUT = 30.0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


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


class Desk:
    """A desk worker process whose stdout lines are collected by a reader thread."""

    def __init__(self, db_path: Path, name: str, tokens: list[str], folder: Path, *, wait: bool):
        tokens_file = folder / f"{name.replace(' ', '-')}.tokens"
        tokens_file.write_text("\n".join(tokens), "ascii")
        args = [sys.executable, str(WORKER), str(db_path), name, str(tokens_file)]
        self.process = subprocess.Popen(
            [*args, "--wait-go"] if wait else args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if not line.endswith("\n"):
                break  # cut off by the kill: not a report
            if line == "ready\n":
                self.ready.set()
            else:
                self.lines.append(line.rstrip("\n"))

    def wait_ready(self) -> None:
        if not self.ready.wait(READY_TIMEOUT):
            self.process.kill()
            raise AssertionError(f"desk did not start: {self.process.stderr.read()}")  # type: ignore[union-attr]

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self._reader.join(10)

    def finish(self, timeout: float = 60) -> None:
        self.process.wait(timeout)
        self._reader.join(10)
        assert self.process.stderr is not None
        assert self.process.returncode == 0, self.process.stderr.read()

    def reports(self) -> list[tuple[str, str, str]]:
        return [tuple(line.split(" ")) for line in self.lines]  # type: ignore[misc]


def test_sigkill_loses_no_reported_check_in(demo_db: Database, tmp_path: Path) -> None:
    db_path = demo_db.file_path
    assert db_path is not None
    tokens = on_site_tokens(demo_db, 400)
    rng = random.Random(4)
    reported: dict[str, int] = {}
    kills = 0
    for round_number in range(3):
        order = list(tokens.values())
        rng.shuffle(order)
        desk = Desk(db_path, f"Desk {round_number}", order, tmp_path, wait=False)
        desk.wait_ready()
        # a random moment: between a few and some dozens of commits into the burst
        time.sleep(rng.uniform(0.05, 0.35))
        desk.kill()
        kills += desk.process.returncode == -signal.SIGKILL
        for state, serial, check_in_id in desk.reports():
            if state == "admitted":
                reported[serial] = int(check_in_id)
    assert kills == 3
    assert reported, "no check-in was reported before the kills: the test proves nothing"
    with demo_db.session() as s:
        admitted = dict(
            s.execute(
                select(Attendee.badge_serial, Admission.check_in_id).join(
                    Admission, Admission.attendee_id == Attendee.id
                )
            ).all()
        )
        first_check_ins = s.scalar(
            select(func.count())
            .select_from(CheckIn)
            .where(CheckIn.action == CheckInAction.CHECK_IN)
        )
        integrity = s.execute(select(func.count()).select_from(Admission)).scalar()
    for serial, check_in_id in reported.items():
        assert admitted.get(serial) == check_in_id, f"{serial} was shown admitted but is lost"
    assert first_check_ins == integrity  # no log row without its admission, or the reverse
    with demo_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_desks_scanning_the_same_badges_at_once_admit_each_person_once(
    demo_db: Database, tmp_path: Path
) -> None:
    db_path = demo_db.file_path
    assert db_path is not None
    tokens = on_site_tokens(demo_db, 300)  # enough that the three runs overlap
    rng = random.Random(5)
    desks = []
    for number in range(3):
        order = list(tokens.values())
        rng.shuffle(order)
        desks.append(Desk(db_path, f"Desk {number + 1}", order, tmp_path, wait=True))
    for desk in desks:
        desk.wait_ready()
    for desk in desks:
        desk.go()
    for desk in desks:
        desk.finish()
    admitted_by: dict[str, list[str]] = {serial: [] for serial in tokens}
    for number, desk in enumerate(desks, start=1):
        reports = desk.reports()
        assert len(reports) == len(tokens)
        for state, serial, _ in reports:
            assert state in ("admitted", "already")
            if state == "admitted":
                admitted_by[serial].append(f"Desk {number}")
    assert all(len(where) == 1 for where in admitted_by.values()), admitted_by
    assert len({where[0] for where in admitted_by.values()}) > 1, "the desks did not overlap"
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Admission)) == len(tokens)
        assert s.scalar(
            select(func.count())
            .select_from(CheckIn)
            .where(CheckIn.action == CheckInAction.CHECK_IN)
        ) == len(tokens)
        desks_in_db = dict(
            s.execute(
                select(Attendee.badge_serial, Admission.desk).join(
                    Admission, Admission.attendee_id == Attendee.id
                )
            ).all()
        )
    assert desks_in_db == {serial: where[0] for serial, where in admitted_by.items()}
