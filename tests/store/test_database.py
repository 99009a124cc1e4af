from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from sci4dl_desktop.store import migrate
from sci4dl_desktop.store.database import Database, DatabaseError, open_database
from sci4dl_desktop.store.enums import AttendeeCategory, SessionKind
from sci4dl_desktop.store.models import Attendee, Poster, Session
from sci4dl_desktop.store.setup import EventSetupError, create_event


@pytest.fixture
def empty_db(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "event.sci4dl")
    with db.transaction() as s:
        create_event(
            s,
            title="Test workshop",
            acronym="TW",
            timezone="Europe/Vienna",
            first_day=date(2026, 3, 29),
        )
    return db


def test_open_runs_migrations_and_uses_wal(empty_db: Database) -> None:
    with empty_db.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_instants_come_back_aware_and_equal(empty_db: Database) -> None:
    event = empty_db.event()
    start = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    with empty_db.transaction() as s:
        s.add(
            Session(
                event_id=event.id,
                uid="a",
                title="Talk",
                kind=SessionKind.INVITED_TALK,
                start_at=start,
                end_at=start + timedelta(minutes=30),
            )
        )
    with empty_db.session() as s:
        stored = s.scalars(select(Session)).one()
    assert stored.start_at == start and stored.start_at.tzinfo is not None


def test_naive_datetimes_are_refused(empty_db: Database) -> None:
    event = empty_db.event()
    with pytest.raises(Exception, match="naive datetime"), empty_db.transaction() as s:
        s.add(
            Session(
                event_id=event.id,
                uid="a",
                title="Talk",
                kind=SessionKind.PANEL,
                start_at=datetime(2026, 3, 29, 9),
                end_at=datetime(2026, 3, 29, 10),
            )
        )


def test_session_must_end_after_start(empty_db: Database) -> None:
    event = empty_db.event()
    start = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    with pytest.raises(IntegrityError, match="ends_after_start"), empty_db.transaction() as s:
        s.add(
            Session(
                event_id=event.id,
                uid="a",
                title="Talk",
                kind=SessionKind.PANEL,
                start_at=start,
                end_at=start,
            )
        )


def test_email_and_badge_serial_are_unique_per_event(empty_db: Database) -> None:
    event = empty_db.event()

    def attendee(email: str, serial: str) -> Attendee:
        return Attendee(
            event_id=event.id,
            name="A",
            email=email,
            badge_serial=serial,
            category=AttendeeCategory.STUDENT,
        )

    with empty_db.transaction() as s:
        s.add(attendee("a@x.org", "S1"))
    with pytest.raises(IntegrityError), empty_db.transaction() as s:
        s.add(attendee("a@x.org", "S2"))
    with pytest.raises(IntegrityError), empty_db.transaction() as s:
        s.add(attendee("b@x.org", "S1"))


def test_board_numbers_unique_within_a_poster_session(empty_db: Database) -> None:
    event = empty_db.event()
    start = datetime(2026, 3, 29, 11, 0, tzinfo=UTC)
    with empty_db.transaction() as s:
        ps = Session(
            event_id=event.id,
            uid="ps",
            title="Posters",
            kind=SessionKind.POSTER_SESSION,
            start_at=start,
            end_at=start + timedelta(hours=1),
        )
        s.add(ps)
        s.flush()
        s.add(Poster(event_id=event.id, uid="p1", title="One", board=1, poster_session_id=ps.id))
    with pytest.raises(IntegrityError), empty_db.transaction() as s:
        s.add(Poster(event_id=event.id, uid="p2", title="Two", board=1, poster_session_id=ps.id))


def test_unknown_time_zone_is_refused(tmp_path: Path) -> None:
    db = open_database(tmp_path / "e.sci4dl")
    with (
        pytest.raises(EventSetupError, match="unknown time zone 'Mars/Olympus'"),
        db.transaction() as s,
    ):
        create_event(s, title="T", acronym="T", timezone="Mars/Olympus", first_day=date(2026, 1, 1))


def test_old_file_is_backed_up_before_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.sci4dl"
    with sqlite3.connect(path) as conn:  # an event file from before any migration ran
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('0000')")
    with pytest.raises(DatabaseError):
        open_database(path)  # unknown revision: refused, never half-migrated
    backups = list(tmp_path.glob("old.sci4dl.before-migration-0000-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0000",)


def test_missing_file_without_create_says_where(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no event file at"):
        open_database(tmp_path / "nope.sci4dl", create=False)


def test_two_connections_write_without_failing(empty_db: Database) -> None:
    other = open_database(empty_db.url)
    event = empty_db.event()
    with other.transaction() as s:
        s.execute(text("UPDATE events SET venue = 'Hall' WHERE id = :i"), {"i": event.id})
    assert empty_db.event().venue == "Hall"
    other.close()
