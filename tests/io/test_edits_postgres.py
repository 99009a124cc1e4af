"""Edits from the app on PostgreSQL: field writes, delete with all that goes, exact restore."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from import_support import imported, write
from sqlalchemy import func, select

from pg_support import all_rows, fresh_database
from sci4dl_desktop.domain.agenda import attendee_owner
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.io.edit_delete import delete_record, restore_record
from sci4dl_desktop.io.edit_store import load_event_state, save_fields, save_record
from sci4dl_desktop.io.package import export_package
from sci4dl_desktop.io.records import AttendeeRecord
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.models import Attendee, AuditEntry, Star

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_demo(demo_db: Database, tmp_path: Path) -> Iterator[Database]:
    server = os.environ.get("SCI4DL_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("set SCI4DL_TEST_POSTGRES_URL (scripts/with-postgres does) to run this")
    with demo_db.session() as session:
        package = export_package(session).decode("utf-8")
    with fresh_database(server, "edits") as url:
        database = open_database(url)
        try:
            imported(database, write(tmp_path, "demo.json", package))
            yield database
        finally:
            database.close()


def test_an_edit_and_its_undo_on_postgresql(pg_demo: Database) -> None:
    entry = load_event_state(pg_demo).sessions["sci4dl-2026-05-contributed-talk-1"]
    before = entry.record
    shorter = replace(before, end_at=before.end_at - timedelta(minutes=5))
    saved = save_record(pg_demo, shorter, entry.ref, before)
    assert saved.record.sequence == before.sequence + 1
    undone = save_fields(
        pg_demo, "sessions", entry.ref, {"end_at": shorter.end_at}, {"end_at": before.end_at}
    )
    assert undone.record.end_at == before.end_at


def test_delete_and_restore_give_back_the_same_rows_on_postgresql(pg_demo: Database) -> None:
    clock = FakeClock(current=datetime(2026, 4, 26, 9, 5, tzinfo=ZoneInfo("America/Sao_Paulo")))
    desk = CheckInService(pg_demo, clock, "Desk 1")
    person = desk.search("Preetum")[0]
    assert desk.check_in_attendee(person.id).admitted
    with pg_demo.transaction() as session:
        session.add(Star(event_id=1, owner=attendee_owner(person.id), session_id=2))
    session_ref = load_event_state(pg_demo).sessions["sci4dl-2026-04-coffee-break"].ref
    rows_before = all_rows(pg_demo)

    gone_attendee = delete_record(pg_demo, "attendees", f"#{person.id}")
    gone_break = delete_record(pg_demo, "sessions", session_ref)
    # Another desk registers someone meanwhile: on PostgreSQL ids are never reused.
    newcomer = save_record(pg_demo, AttendeeRecord(name="Walk In", email="walk.in@example.org"))
    assert newcomer.ref != f"#{person.id}"
    assert restore_record(pg_demo, gone_break).ref == session_ref
    assert restore_record(pg_demo, gone_attendee).ref == f"#{person.id}"

    rows_after = all_rows(pg_demo)
    for table, rows in rows_before.items():
        if table in ("attendees", "audit_log"):
            continue
        assert rows_after[table] == rows, table
    assert [r for r in rows_after["attendees"] if r[0] != int(newcomer.ref[1:])] == rows_before[
        "attendees"
    ]
    with pg_demo.session() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions[-2:] == ["Attendee deleted", "Attendee restored"]
        assert session.scalar(select(func.count()).select_from(Attendee)) == 701
