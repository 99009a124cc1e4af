"""Copying an event between databases: every table, ids included, all or nothing."""

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
from sci4dl_desktop.store.models import Attendee, CheckIn, Star
from sci4dl_desktop.store.transfer import TransferError, copy_event


def check_in_some(db: Database, clock: FakeClock, count: int) -> None:
    service = CheckInService(db, clock, "Desk 1")
    secret = db.event().badge_secret
    with db.session() as s:
        people = s.scalars(select(Attendee).order_by(Attendee.id).limit(count)).all()
    for person in people:
        service.scan(badge_token(secret, person))
        clock.advance(7)


def test_a_copy_of_a_file_is_equal_table_by_table(
    demo_db: Database, fake_clock: FakeClock, tmp_path: Path
) -> None:
    check_in_some(demo_db, fake_clock, 5)
    target = open_database(tmp_path / "copy.sci4dl")
    report = copy_event(demo_db, target)
    assert report.rows["attendees"] == 700 and report.rows["check_ins"] == 5
    assert all_rows(target) == all_rows(demo_db)
    target.close()


def test_a_target_that_holds_something_is_refused_unless_replaced(
    demo_db: Database, fake_clock: FakeClock, tmp_path: Path
) -> None:
    target = open_database(tmp_path / "busy.sci4dl")
    copy_event(demo_db, target)
    check_in_some(target, fake_clock, 2)
    before = all_rows(target)
    with pytest.raises(TransferError, match=r"already holds SCI4DL 2026 \(700 attendees, 2 check"):
        copy_event(demo_db, target)
    assert all_rows(target) == before
    report = copy_event(demo_db, target, replace=True)
    assert report.replaced["check_ins"] == 2
    assert all_rows(target) == all_rows(demo_db)
    target.close()


def test_copying_onto_itself_or_from_an_empty_database_is_refused(
    demo_db: Database, tmp_path: Path
) -> None:
    with pytest.raises(TransferError, match="both the source and the target"):
        copy_event(demo_db, demo_db)
    empty = open_database(tmp_path / "empty.sci4dl")
    with pytest.raises(TransferError, match="holds no event"):
        copy_event(empty, demo_db)
    empty.close()


def test_the_copy_command_reports_and_refuses_plainly(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(demo_db.file_path)
    target = tmp_path / "published.sci4dl"
    assert main(["copy", "--from", source, "--to", str(target)]) == 0
    out = capsys.readouterr().out
    assert "attendees" in out and f"to {target}." in out
    assert main(["copy", "--from", source, "--to", str(target)]) == 2
    err = capsys.readouterr().err
    assert "already holds SCI4DL 2026" in err and "--replace" in err
    assert main(["copy", "--from", source, "--to", str(target), "--replace"]) == 0
    assert "Replaced what" in capsys.readouterr().out
    missing = tmp_path / "nowhere" / "x.sci4dl"
    assert main(["copy", "--from", source, "--to", str(missing)]) == 2
    assert "folder" in capsys.readouterr().err and not missing.exists()
    assert main(["copy", "--to", str(tmp_path / "y.sci4dl")]) == 2
    assert "say which event to copy" in capsys.readouterr().err


def test_a_failed_copy_leaves_no_new_file_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sci4dl"
    open_database(empty).close()
    target = tmp_path / "never.sci4dl"
    assert main(["copy", "--from", str(empty), "--to", str(target)]) == 2
    assert "holds no event" in capsys.readouterr().err
    assert list(tmp_path.glob("never*")) == []


def test_stars_and_timers_survive_with_their_ids(
    demo_db: Database, fake_clock: FakeClock, tmp_path: Path
) -> None:
    with demo_db.transaction() as s:
        s.add(Star(event_id=1, owner="phone-1", session_id=3, created_at=fake_clock.now()))
    target = open_database(tmp_path / "stars.sci4dl")
    copy_event(demo_db, target)
    with target.session() as s:
        assert s.scalar(select(func.count()).select_from(Star)) == 1
        assert s.scalar(select(func.count()).select_from(CheckIn)) == 0
    target.close()
