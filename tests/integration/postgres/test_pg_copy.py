"""Publishing an event to PostgreSQL and bringing it back: `copy` there and back is lossless."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pg_support import all_rows
from sci4dl_desktop.cli import main
from sci4dl_desktop.domain.badges import badge_token
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee, CheckIn, EventSetting, Star, TimerRecord

pytestmark = pytest.mark.postgres


def a_morning_at_the_desk(db: Database, clock: FakeClock) -> None:
    """Check-ins, a re-entry, an undo, a walk-in, stars, a running timer, a setting."""
    service = CheckInService(db, clock, "Desk 1")
    secret = db.event().badge_secret
    with db.session() as s:
        people = s.scalars(select(Attendee).order_by(Attendee.id).limit(6)).all()
    for person in people:
        service.scan(badge_token(secret, person))
        clock.advance(13.25)
    service.re_entry(people[0].id)
    service.undo(people[1].id, "scanned the wrong badge")
    service.register_walk_in("Zoë Ñandú", "zoe@example.org", "UFRJ", AttendeeCategory.STUDENT)
    with db.transaction() as s:
        s.add(Star(event_id=1, owner="phone-7", session_id=2, created_at=clock.now()))
        s.add(Star(event_id=1, owner="phone-7", poster_id=5, created_at=clock.now()))
        s.add(
            TimerRecord(
                session_id=3,
                started_at=clock.now(),
                paused_seconds=12.5,
                state={"phase": "questions", "marks": [1, 2.5, None], "note": "ça va"},
            )
        )
        s.add(EventSetting(key="timer.warn", value={"minutes": [5, 1], "colour": None}))


def test_sqlite_to_postgresql_and_back_is_equal_table_by_table(
    demo_db: Database,
    postgres_url: str,
    fake_clock: FakeClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a_morning_at_the_desk(demo_db, fake_clock)
    original = all_rows(demo_db)
    assert main(["copy", "--from", str(demo_db.file_path), "--to", postgres_url]) == 0
    back = tmp_path / "back.sci4dl"
    assert main(["copy", "--from", postgres_url, "--to", str(back)]) == 0
    out = capsys.readouterr().out
    assert "postgresql+psycopg://" in out and "stars" in out

    server = open_database(postgres_url, create=False)
    returned = open_database(back, create=False)
    try:
        assert all_rows(server) == original
        assert all_rows(returned) == original
        # Ids go on after the copied ones on the server: the next check-in does not collide.
        service = CheckInService(server, fake_clock, "Desk 3")
        with server.session() as s:
            top = s.scalar(select(func.max(CheckIn.id)))
            person = s.scalars(select(Attendee).order_by(Attendee.id.desc()).limit(1)).one()
        verdict = service.scan(badge_token(server.event().badge_secret, person))
        assert verdict.admitted and verdict.check_in_id == (top or 0) + 1
    finally:
        server.close()
        returned.close()


def test_publishing_onto_an_event_needs_replace(
    demo_db: Database, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(demo_db.file_path)
    assert main(["copy", "--from", source, "--to", postgres_url]) == 0
    capsys.readouterr()
    assert main(["copy", "--from", source, "--to", postgres_url]) == 2
    err = capsys.readouterr().err
    assert "already holds SCI4DL 2026 (700 attendees, 0 check-ins)" in err
    assert "--replace" in err and "@" in err and ":" in err
    assert main(["copy", "--from", source, "--to", postgres_url, "--replace"]) == 0
    assert "Replaced what" in capsys.readouterr().out
