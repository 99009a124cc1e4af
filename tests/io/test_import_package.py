"""The event package: a full export that restores exactly, and re-imports as an update."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from import_support import counts, dump, imported, messages, plan, write
from sqlalchemy import select, update

from sci4dl_desktop.io.package import FORMAT, export_package, tables
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import CheckInAction
from sci4dl_desktop.store.models import (
    Admission,
    Attendee,
    AuditEntry,
    CheckIn,
    EventSetting,
    Session,
    Star,
    TimerRecord,
)
from sci4dl_desktop.store.setup import create_event


def add_the_day_so_far(database: Database) -> None:
    """Check-ins, an admission, stars, a timer and a setting: what a desk has by noon."""
    at = datetime(2026, 4, 26, 12, 5, 30, 123456, tzinfo=UTC)
    with database.transaction() as s:
        event_id = database.event().id
        attendee = s.scalars(select(Attendee).order_by(Attendee.id)).first()
        session = s.scalars(select(Session).order_by(Session.id)).first()
        assert attendee is not None and session is not None
        check_in = CheckIn(
            event_id=event_id,
            attendee_id=attendee.id,
            at=at,
            desk="Desk 2",
            action=CheckInAction.CHECK_IN,
            scan_id="scan-1",
        )
        s.add(check_in)
        s.flush()
        s.add(Admission(attendee_id=attendee.id, check_in_id=check_in.id, at=at, desk="Desk 2"))
        s.add(AuditEntry(event_id=event_id, at=at, desk="Desk 2", action="check_in", detail="ok"))
        s.add(Star(event_id=event_id, owner=f"attendee:{attendee.id}", session_id=session.id))
        s.add(TimerRecord(session_id=session.id, started_at=at, paused_seconds=12.5))
        s.add(EventSetting(key="timer.thresholds", value={"warn": 300, "stop": 0}))


def test_export_restore_export_is_byte_identical(demo_db: Database, tmp_path: Path) -> None:
    add_the_day_so_far(demo_db)
    with demo_db.session() as s:
        first = export_package(s)
    assert json.loads(first)["format"] == FORMAT
    package = tmp_path / "event-package.json"
    package.write_bytes(first)
    copy = open_database(tmp_path / "copy.sci4dl")
    result = imported(copy, package)
    assert result.restore is not None
    assert counts(result)["attendees"] == (700, 0, 0)
    with copy.session() as s:
        second = export_package(s)
    assert second == first
    for table in tables():
        order = list(table.primary_key.columns)
        with demo_db.session() as a, copy.session() as b:
            original = a.execute(select(table).order_by(*order)).all()
            restored = b.execute(select(table).order_by(*order)).all()
        assert restored == original, table.name
    assert copy.event().badge_secret == demo_db.event().badge_secret
    copy.close()


def test_reimporting_the_package_into_its_own_event_changes_nothing(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.session() as s:
        package = write(tmp_path, "p.json", export_package(s).decode("utf-8"))
    result = plan(demo_db, package)
    assert result.ok and not result.writes_anything
    assert counts(result)["sessions"] == (0, 0, 16)


def test_a_package_from_another_desk_updates_this_one(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session() as s:
        package = write(tmp_path, "p.json", export_package(s).decode("utf-8"))
    desk_b = open_database(tmp_path / "desk-b.sci4dl")
    imported(desk_b, package)
    add_the_day_so_far(desk_b)
    with desk_b.transaction() as s:  # desk B corrects a name and retitles a session
        s.execute(update(Attendee).where(Attendee.id == 5).values(name="Renamed Person"))
        s.execute(update(Session).where(Session.id == 2).values(title="Invited talk 2 (moved)"))
    with desk_b.session() as s:
        newer = write(tmp_path, "newer.json", export_package(s).decode("utf-8"))
    result = imported(demo_db, newer)
    assert counts(result)["attendees"] == (0, 1, 699)
    assert counts(result)["sessions"] == (0, 1, 15)
    assert result.sources[0].notes == [
        "not merged into the existing event (this database keeps its own): check ins, "
        "admissions, audit log, stars, timer records, event settings"
    ]
    with demo_db.session() as s:
        assert s.get(Attendee, 5).name == "Renamed Person"  # type: ignore[union-attr]
        assert s.scalars(select(CheckIn)).all() == []  # desk B's check-ins are not merged
    desk_b.close()


def test_a_package_of_another_event_is_refused(demo_db: Database, tmp_path: Path) -> None:
    other = open_database(tmp_path / "other.sci4dl")
    with other.transaction() as s:
        from datetime import date

        create_event(
            s, title="Other workshop", acronym="OW", timezone="UTC", first_day=date(2026, 1, 5)
        )
    with other.session() as s:
        package = write(tmp_path, "other.json", export_package(s).decode("utf-8"))
    before = dump(demo_db)
    assert messages(plan(demo_db, package)) == [
        "other.json, events[0], field badge_secret: this database holds another event "
        "('2nd Workshop on Scientific Methods for Understanding Deep Learning'); the package "
        "is of 'Other workshop'; import the package into a new event file "
        "(sci4dl-desktop import --db NEW_FILE PACKAGE)"
    ]
    assert dump(demo_db) == before
    other.close()


def test_a_newer_package_version_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "p.json", json.dumps({"format": FORMAT, "version": 7, "tables": {}}))
    assert messages(plan(None, path)) == [
        "p.json, field version: the package is version 7; this app reads version 1 and older; "
        "update the app on this computer"
    ]


def test_a_damaged_value_is_named(tmp_path: Path, demo_db: Database) -> None:
    with demo_db.session() as s:
        document = json.loads(export_package(s))
    document["tables"]["sessions"][3]["start_at"] = "half past ten"
    path = write(tmp_path, "p.json", json.dumps(document))
    assert messages(plan(None, path)) == [
        "p.json, sessions[3], field start_at: 'half past ten' is not valid here: Invalid "
        "isoformat string: 'half past ten'; export the package again"
    ]
