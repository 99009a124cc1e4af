"""Writing a plan: progress, cancelling at any point, and refusing a stale plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import dump, fresh_event, plan, write
from sqlalchemy import func, select

from sci4dl_desktop.io.apply import apply_plan
from sci4dl_desktop.io.importing import plan_import
from sci4dl_desktop.io.problems import StalePlan
from sci4dl_desktop.io.progress import Cancelled, CancelToken, Progress
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee

ROWS = 12_000


def big_csv(tmp_path: Path) -> Path:
    lines = ["Name,Email,Affiliation"] + [
        f"Person {n},person{n}@example.org,University {n % 40}" for n in range(ROWS)
    ]
    return write(tmp_path, "attendees.csv", "\n".join(lines) + "\n")


def attendee_count(database: Database) -> int:
    with database.session() as s:
        return int(s.scalar(select(func.count()).select_from(Attendee)))


def test_progress_is_reported_while_reading_and_writing(tmp_path: Path) -> None:
    database = fresh_event(tmp_path)
    seen: list[Progress] = []
    result = plan_import(database, [big_csv(tmp_path)], progress=seen.append)
    reading = [p.done for p in seen if p.phase == "Reading attendees.csv" and p.total]
    assert reading == sorted(reading) and reading[-1] >= ROWS - 2000
    assert all(p.total == ROWS for p in seen if p.phase == "Reading attendees.csv" and p.total)
    seen.clear()
    apply_plan(database, result, progress=seen.append)
    assert seen[0].phase == "Writing" and seen[-1].phase == "Saving"
    assert any(p.phase == "Writing attendees" for p in seen)
    assert attendee_count(database) == ROWS
    database.close()


def test_cancel_while_reading_leaves_everything_as_it_was(tmp_path: Path) -> None:
    database = fresh_event(tmp_path)
    before = dump(database)
    token = CancelToken()

    def progress(report: Progress) -> None:
        if report.done >= 4000:
            token.cancel()

    with pytest.raises(Cancelled):
        plan_import(database, [big_csv(tmp_path)], progress=progress, cancel=token)
    assert dump(database) == before
    database.close()


def test_cancel_while_writing_rolls_everything_back(tmp_path: Path) -> None:
    database = fresh_event(tmp_path)
    result = plan(database, big_csv(tmp_path))
    before = dump(database)
    token = CancelToken()

    def progress(report: Progress) -> None:
        if report.phase == "Writing attendees" and report.done > 0:
            token.cancel()

    with pytest.raises(Cancelled):
        apply_plan(database, result, progress=progress, cancel=token)
    assert dump(database) == before
    assert attendee_count(database) == 0
    database.close()


def test_a_plan_made_before_another_desk_wrote_is_refused(tmp_path: Path) -> None:
    database = fresh_event(tmp_path)
    result = plan(database, write(tmp_path, "a.csv", "Name,Email\nAna,ana@example.org\n"))
    with database.transaction() as s:  # meanwhile, a walk-in at another desk
        s.add(
            Attendee(
                event_id=database.event().id,
                name="Ana at the desk",
                email="ana@example.org",
                category=AttendeeCategory.STUDENT,
                badge_serial="W-1",
            )
        )
    after_walk_in = dump(database)
    with pytest.raises(StalePlan, match="the event changed since this import was checked"):
        apply_plan(database, result)
    assert dump(database) == after_walk_in
    fresh = plan(database, write(tmp_path, "a.csv", "Name,Email\nAna,ana@example.org\n"))
    assert [c.action for c in fresh.attendees] == ["change"]  # checked again: an update
    database.close()
