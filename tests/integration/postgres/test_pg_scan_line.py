"""A badge scan on PostgreSQL: one statement on the desk's own connection.

A plain first check-in is written by that one statement (admission, log row and audit
entry, as the general path writes them); everything else writes nothing there and is
answered by the general path. A connection the network dropped while the desk was idle
is replaced without the desk going offline.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select, update

from pg_support import all_rows, on_site_people
from sci4dl_desktop.domain.badges import badge_token, make_token
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.checkin_types import AuditAction
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.desk_service import DeskService
from sci4dl_desktop.domain.verdict import RefusalReason, VerdictState
from sci4dl_desktop.store import pg_scan_line
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction
from sci4dl_desktop.store.live import psycopg_conninfo
from sci4dl_desktop.store.models import Admission, Attendee, AuditEntry, CheckIn
from sci4dl_desktop.store.pg_scan_line import ScanLine

pytestmark = pytest.mark.postgres


@pytest.fixture
def desk(pg_demo: Database, fake_clock: FakeClock) -> Iterator[CheckInService]:
    service = CheckInService(pg_demo, fake_clock, "Desk North")
    yield service
    service.close()


def scan_line_backends(db: Database) -> list[int]:
    """Server process ids of the desks' own scan connections (by their application name)."""
    with psycopg.connect(psycopg_conninfo(db.url), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = %s",
            (pg_scan_line.APPLICATION_NAME,),
        ).fetchall()
    return [row[0] for row in rows]


def test_a_badge_scan_writes_admission_log_and_audit_in_one_statement(
    pg_demo: Database, desk: CheckInService
) -> None:
    person = on_site_people(pg_demo, 1)[0]
    secret = pg_demo.event().badge_secret
    verdict = desk.scan(badge_token(secret, person), scan_id="scan-north-1")
    assert verdict.state is VerdictState.ADMITTED
    assert verdict.headline == f"Welcome, {person.name}"
    with pg_demo.session() as s:
        log = s.scalars(select(CheckIn).where(CheckIn.attendee_id == person.id)).one()
        admission = s.get(Admission, person.id)
        audit = s.scalars(select(AuditEntry).where(AuditEntry.attendee_id == person.id)).one()
    assert (log.action, log.desk, log.scan_id) == (
        CheckInAction.CHECK_IN,
        "Desk North",
        "scan-north-1",
    )
    assert admission is not None and admission.check_in_id == log.id == verdict.check_in_id
    assert (audit.action, audit.desk, audit.detail) == (
        AuditAction.CHECK_IN.value,
        "Desk North",
        "badge scan",
    )
    # The server connection used is the desk's own one, which stays open between scans.
    assert len(scan_line_backends(pg_demo)) == 1


def test_anything_but_a_plain_first_check_in_writes_nothing_and_is_explained(
    pg_demo: Database, desk: CheckInService, fake_clock: FakeClock
) -> None:
    secret = pg_demo.event().badge_secret
    first, replaced = on_site_people(pg_demo, 2)
    remote_holder = next(a for a in _everyone(pg_demo) if a.category is AttendeeCategory.REMOTE)
    desk.scan(badge_token(secret, first), scan_id="first")
    with pg_demo.transaction() as s:
        s.execute(update(Attendee).where(Attendee.id == replaced.id).values(badge_revision=2))
    before = all_rows(pg_demo)
    line = ScanLine(pg_demo.engine)
    try:
        cases = {
            "already in": (first.badge_serial, first.badge_revision, "again"),
            "a retried scan id": (first.badge_serial, first.badge_revision, "first"),
            "a replaced badge": (replaced.badge_serial, 1, "old badge"),
            "a remote participant": (remote_holder.badge_serial, 1, "remote"),
            "nobody's badge": ("NOBODY-1", 1, "nobody"),
        }
        for case, (serial, revision, scan_id) in cases.items():
            outcome = line.admit_by_badge(
                event_id=first.event_id,
                serial=serial,
                revision=revision,
                at=fake_clock.now(),
                desk="Desk North",
                scan_id=scan_id,
                audit=(AuditAction.CHECK_IN.value, "badge scan"),
            )
            assert outcome is None, case
    finally:
        line.close()
    assert all_rows(pg_demo) == before
    # ... and the desk, falling back to its general path, says what each one is.
    fake_clock.advance(5)
    assert desk.scan(badge_token(secret, first)).state is VerdictState.ALREADY
    old = desk.scan(make_token(secret, replaced.badge_serial, 1))
    assert (old.state, old.reason) == (VerdictState.REFUSED, RefusalReason.REVOKED)
    remote = desk.scan(badge_token(secret, remote_holder))
    assert (remote.state, remote.reason) == (VerdictState.REFUSED, RefusalReason.REMOTE)
    fake_clock.advance(5)  # not a repeat reading: a write retried with its scan id
    retried = desk.scan(badge_token(secret, first), scan_id="first")
    assert retried.state is VerdictState.ADMITTED and retried.replayed
    with pg_demo.session() as s:
        assert s.scalar(select(func.count()).select_from(Admission)) == 1


def _everyone(db: Database) -> list[Attendee]:
    with db.session() as s:
        return list(s.scalars(select(Attendee).order_by(Attendee.id)))


def test_a_connection_dropped_while_idle_is_replaced_and_the_desk_stays_online(
    pg_demo: Database, fake_clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_scan_line, "PING_AFTER_IDLE_S", 0.0)  # every pause counts as idle
    service = DeskService(pg_demo, fake_clock, "Desk South", cache_path=tmp_path / "desk.sqlite")
    try:
        secret = pg_demo.event().badge_secret
        one, two = on_site_people(pg_demo, 2)
        assert service.scan(badge_token(secret, one)).admitted
        (backend,) = scan_line_backends(pg_demo)
        with psycopg.connect(psycopg_conninfo(pg_demo.url), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (backend,))
        verdict = service.scan(badge_token(secret, two))
        assert verdict.admitted and not verdict.replayed
        assert not service.offline
        (replacement,) = scan_line_backends(pg_demo)
        assert replacement != backend
        with pg_demo.session() as s:
            assert s.scalar(select(func.count()).select_from(Admission)) == 2
    finally:
        service.close()


def test_copying_an_event_to_the_server_leaves_the_planner_its_statistics(
    pg_demo: Database,
) -> None:
    with psycopg.connect(psycopg_conninfo(pg_demo.url), autocommit=True) as admin:
        analysed = dict(
            admin.execute(
                "SELECT relname, greatest(last_analyze, last_autoanalyze) IS NOT NULL "
                "FROM pg_stat_user_tables WHERE relname IN ('attendees', 'check_ins')"
            ).fetchall()
        )
        plan = "\n".join(
            row[0]
            for row in admin.execute(
                "EXPLAIN SELECT id FROM attendees WHERE event_id = 1 AND badge_serial = 'S26-0001'"
            )
        )
    assert analysed == {"attendees": True, "check_ins": True}
    assert "uq_attendees_event_id_badge_serial" in plan
