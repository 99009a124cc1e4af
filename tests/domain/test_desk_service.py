"""The desk without its server: offline verdicts, the durable queue, upload once, conflicts.

The server here is a SQLite event file whose engine is made to fail the way a lost
PostgreSQL server does (OperationalError on every statement); tests/integration/
postgres does the same against a real server whose connections are really cut.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from pg_support import on_site_people
from sci4dl_desktop.domain.badges import badge_token
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.checkin_types import AuditAction, CheckInError
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.desk_service import DeskService, is_connection_problem
from sci4dl_desktop.domain.desk_sync import OUTCOME_DUPLICATE, scan_marker
from sci4dl_desktop.domain.offline_verdicts import NOTE_OFFLINE
from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.desk_cache import DeskCache
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction
from sci4dl_desktop.store.live import Changes
from sci4dl_desktop.store.models import Admission, Attendee, AuditEntry, CheckIn

_SECRETS: dict[str, bytes] = {}


class Outage:
    """Makes every statement on an engine fail as if the server had gone away."""

    def __init__(self, database: Database) -> None:
        self.down = False
        _SECRETS[str(database.file_path)] = database.event().badge_secret  # read while up
        event.listen(database.engine, "before_cursor_execute", self._check)

    def _check(self, *_args: Any) -> None:
        if self.down:
            raise OperationalError(
                "SELECT", {}, ConnectionError("server closed the connection unexpectedly")
            )


@pytest.fixture
def outage(demo_db: Database) -> Outage:
    return Outage(demo_db)


@pytest.fixture
def desk(demo_db: Database, fake_clock: FakeClock, tmp_path: Path) -> Iterator[DeskService]:
    service = DeskService(
        demo_db, fake_clock, "Desk 2", cache_path=tmp_path / "desk2.sqlite", offline_capable=True
    )
    service.refresh_cache()
    yield service
    service.close()


@pytest.fixture
def other_desk(demo_db: Database, fake_clock: FakeClock) -> Iterator[CheckInService]:
    """Desk 1, with its own connection to the same event (it does not lose the server)."""
    database = open_database(demo_db.file_path or "", create=False)
    yield CheckInService(database, fake_clock, "Desk 1")
    database.close()


def token(db: Database, person: Attendee) -> str:
    key = str(db.file_path)
    if key not in _SECRETS:
        _SECRETS[key] = db.event().badge_secret
    return badge_token(_SECRETS[key], person)


def log_rows(db: Database) -> list[tuple[str, int, CheckInAction, str]]:
    with db.session() as s:
        rows = s.execute(
            select(CheckIn.scan_id, CheckIn.attendee_id, CheckIn.action, CheckIn.desk).order_by(
                CheckIn.id
            )
        ).all()
    return [(str(r[0]), r[1], r[2], r[3]) for r in rows]


def test_a_lost_server_is_told_apart_from_a_refusal() -> None:
    lost = OperationalError("SELECT 1", {}, ConnectionError("connection refused"))
    assert is_connection_problem(lost)
    assert not is_connection_problem(ValueError("not a database error"))


def test_the_desk_keeps_checking_in_while_the_server_is_gone(
    desk: DeskService, outage: Outage, demo_db: Database, fake_clock: FakeClock, tmp_path: Path
) -> None:
    ana, bruno = on_site_people(demo_db, 2)
    outage.down = True
    verdict = desk.scan(token(demo_db, ana))
    assert verdict.state is VerdictState.ADMITTED
    assert verdict.headline == f"Welcome, {ana.name}"
    assert NOTE_OFFLINE in verdict.notes
    assert desk.offline
    fake_clock.advance(5)
    again = desk.scan(token(demo_db, ana))
    assert again.state is VerdictState.ALREADY
    assert again.headline == "Already checked in at 10:35 at Desk 2"
    found = desk.search(bruno.name)
    assert found[0].id == bruno.id and not found[0].checked_in
    assert desk.search(ana.name)[0].checked_in_desk == "Desk 2"
    status = desk.status()
    assert status.offline and status.waiting == 2 and status.waiting_check_ins == 1
    assert status.banner_text.startswith("Server unreachable — working offline; 2 scans waiting")
    assert "server closed the connection" in status.problem
    # On disk before the verdict came back: a fresh reader of the file finds both.
    assert DeskCache(tmp_path / "desk2.sqlite").pending_count() == 2
    assert desk.stats().checked_in == 1


def test_the_queue_goes_up_once_with_desk_and_time(
    desk: DeskService, outage: Outage, demo_db: Database, fake_clock: FakeClock
) -> None:
    ana, bruno, carla = on_site_people(demo_db, 3)
    outage.down = True
    admitted_at = fake_clock.now()
    scans = [desk.scan(token(demo_db, p)) for p in (ana, bruno)]
    desk.check_in_attendee(carla.id)
    assert desk.sync() is not None and desk.offline  # still down: nothing moves
    outage.down = False
    fake_clock.advance(600)
    report = desk.sync()
    assert report is not None and report.uploaded == 3 and report.remaining == 0
    assert not desk.offline and desk.status().waiting == 0
    rows = log_rows(demo_db)
    assert [(r[1], r[2], r[3]) for r in rows] == [
        (ana.id, CheckInAction.CHECK_IN, "Desk 2"),
        (bruno.id, CheckInAction.CHECK_IN, "Desk 2"),
        (carla.id, CheckInAction.CHECK_IN, "Desk 2"),
    ]
    assert [r[0] for r in rows[:2]] == [v.scan_id for v in scans]
    with demo_db.session() as s:
        times = set(s.scalars(select(Admission.at)))
        audit = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "check_in")).all()
    assert times == {admitted_at}
    assert all("(offline)" in text for text in audit)
    assert desk.sync() is None  # nothing left to do
    assert len(log_rows(demo_db)) == 3


def test_an_upload_repeated_after_a_crash_applies_nothing_twice(
    desk: DeskService, outage: Outage, demo_db: Database, tmp_path: Path
) -> None:
    (ana,) = on_site_people(demo_db, 1)
    outage.down = True
    desk.scan(token(demo_db, ana))
    desk.scan("S4D1:NOTTHIS:EVENT:1:AAAAAAAAAAAAAAAA")
    outage.down = False
    desk.sync()
    # The app died after the server's commits but before marking them uploaded.
    path = tmp_path / "desk2.sqlite"
    desk.cache.close()  # type: ignore[union-attr]
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE queue SET uploaded_at = NULL, outcome = ''")
    desk.cache = DeskCache(path)
    report = desk.sync()
    assert report is not None and report.uploaded == 2
    assert {item.outcome for item in desk.cache.queued()} == {OUTCOME_DUPLICATE}
    assert len(log_rows(demo_db)) == 1
    with demo_db.session() as s:
        refused = s.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == AuditAction.REFUSED.value)
        ).all()
    assert len(refused) == 1 and scan_marker(desk.cache.queued()[0].scan_id) in refused[0]


def test_a_write_that_reached_the_server_before_the_cut_is_not_doubled(
    desk: DeskService, outage: Outage, demo_db: Database
) -> None:
    (ana,) = on_site_people(demo_db, 1)
    online = desk.scan(token(demo_db, ana))
    # The connection broke before the desk heard the commit: the same scan id goes offline.
    outage.down = True
    desk._recent.clear()  # a retry after the failure, not a second read of the badge
    retried = desk.check_in_attendee(ana.id, scan_id=online.scan_id)
    assert retried.state is VerdictState.ADMITTED
    outage.down = False
    report = desk.sync()
    assert report is not None and not report.conflicts
    assert [r[0] for r in log_rows(demo_db)] == [online.scan_id]


def test_someone_admitted_at_two_desks_while_apart_is_a_conflict(
    desk: DeskService,
    other_desk: CheckInService,
    outage: Outage,
    demo_db: Database,
    fake_clock: FakeClock,
) -> None:
    ana, bruno = on_site_people(demo_db, 2)
    outage.down = True
    other_desk.scan(token(demo_db, ana))  # Desk 1 still has the server
    fake_clock.advance(120)
    here = desk.scan(token(demo_db, ana))  # Desk 2 does not know: it admits
    assert here.state is VerdictState.ADMITTED
    desk.scan(token(demo_db, bruno))
    outage.down = False
    report = desk.sync()
    assert report is not None
    assert [(c.name, c.offline_desk, c.server_desk) for c in report.conflicts] == [
        (ana.name, "Desk 2", "Desk 1")
    ]
    assert desk.status().conflicts == 1
    with demo_db.session() as s:
        first = s.execute(select(Admission.desk).where(Admission.attendee_id == ana.id)).scalar()
        actions = s.execute(
            select(CheckIn.action, CheckIn.desk, CheckIn.reason)
            .where(CheckIn.attendee_id == ana.id)
            .order_by(CheckIn.id)
        ).all()
        flagged = s.scalar(
            select(func.count()).where(AuditEntry.action == AuditAction.OFFLINE_CONFLICT.value)
        )
    assert first == "Desk 1"  # the first check-in the server had stands
    assert [(a, d) for a, d, _ in actions] == [
        (CheckInAction.CHECK_IN, "Desk 1"),
        (CheckInAction.RE_ENTRY, "Desk 2"),
    ]
    assert "already checked in at 10:35 at Desk 1" in actions[1][2]
    assert flagged == 1
    assert desk.mark_reviewed(here.scan_id)
    assert desk.conflicts() == [] and desk.status().conflicts == 0


def test_what_needs_the_server_says_so(
    desk: DeskService, outage: Outage, demo_db: Database
) -> None:
    ana, bruno = on_site_people(demo_db, 2)
    desk.scan(token(demo_db, ana))
    outage.down = True
    with pytest.raises(CheckInError, match="server is unreachable: undoing a check-in"):
        desk.undo(ana.id, "wrong person")
    with pytest.raises(CheckInError, match="registering a walk-in"):
        desk.register_walk_in("Zé Walk-in", "", "", AttendeeCategory.STUDENT)
    with pytest.raises(CheckInError, match="reissuing a badge"):
        desk.reissue_badge(ana.id)
    desk.scan(token(demo_db, bruno))
    with pytest.raises(CheckInError, match="server does not have 1 scan made as Desk 2 yet"):
        desk.desk_name = "Desk 9"
    assert desk.desk_name == "Desk 2"


def test_offline_re_entry_and_refusals_are_recorded_too(
    desk: DeskService, outage: Outage, demo_db: Database
) -> None:
    (ana,) = on_site_people(demo_db, 1)
    desk.scan(token(demo_db, ana))
    desk.refresh_cache()
    outage.down = True
    back = desk.re_entry(ana.id)
    assert back.headline == f"Welcome back, {ana.name}"
    forged = token(demo_db, ana)[:-1] + ("A" if token(demo_db, ana)[-1] != "A" else "B")
    assert desk.scan(forged).state is VerdictState.REFUSED
    assert [row.action for row in desk.audit_log()] == ["scan_refused", "re_entry"]
    outage.down = False
    desk.sync()
    assert [r[2] for r in log_rows(demo_db)] == [CheckInAction.CHECK_IN, CheckInAction.RE_ENTRY]


def test_live_changes_reach_the_index_without_a_full_reload(
    desk: DeskService,
    other_desk: CheckInService,
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk.refresh_index()
    desk.live = True
    walk_in = other_desk.register_walk_in("Zélia Quintana", "", "UFMG", AttendeeCategory.ACADEMIC)
    other_desk.check_in_attendee(walk_in.id)

    def no_full_reload(*_args: object) -> None:
        raise AssertionError("the whole register was read again")

    monkeypatch.setattr("sci4dl_desktop.store.checkins.all_attendees", no_full_reload)
    desk.refresh_index()  # kept current by the changes: a no-op
    changed = frozenset({walk_in.id})
    desk.apply_changes(Changes(check_ins=changed, attendees=changed))
    found = desk.search("zelia quintana")
    assert [(r.name, r.checked_in_desk) for r in found] == [("Zélia Quintana", "Desk 1")]
    assert desk.cache is not None and desk.cache.admission_of(walk_in.id) is not None


def test_asking_for_a_sign_of_life_takes_an_idle_desk_offline_at_once(
    desk: DeskService, outage: Outage
) -> None:
    assert desk.check_server() and not desk.offline
    outage.down = True
    assert not desk.check_server()
    assert desk.offline and desk.status().offline
