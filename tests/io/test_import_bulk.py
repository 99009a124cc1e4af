"""The fast attendee insert stores exactly what SQLAlchemy would have stored."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from import_support import fresh_event
from sqlalchemy import Table, select

from sci4dl_desktop.io.bulk import insert_many
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee

COLUMNS = ("event_id", "name", "email", "category", "roles", "badge_serial", "created_at")


def test_bulk_rows_equal_orm_rows_byte_for_byte(tmp_path: Path) -> None:
    database = fresh_event(tmp_path)
    event_id = database.event().id
    at = datetime(2026, 6, 12, 9, 0, tzinfo=UTC)  # no microseconds: the format must still match
    with database.transaction() as s:
        s.add(
            Attendee(
                event_id=event_id,
                name="Ana Souza",
                email="ana@example.org",
                category=AttendeeCategory.STUDENT,
                roles=["mentor", "panelist"],
                badge_serial="A-1",
                created_at=at,
            )
        )
    with database.transaction() as s:
        count = insert_many(
            s.connection(),
            cast(Table, Attendee.__table__),
            COLUMNS,
            [
                (event_id, "Ana Souza", "ana2@example.org", AttendeeCategory.STUDENT,
                 ("mentor", "panelist"), "A-2", at),
                (event_id, "Bo Chen", None, AttendeeCategory.INDUSTRY, (), "A-3", at),
            ],
        )  # fmt: skip
    assert count == 2
    assert database.file_path is not None
    with sqlite3.connect(database.file_path) as raw:
        rows = raw.execute(
            "SELECT name, category, roles, created_at, badge_revision, staff_note FROM attendees "
            "ORDER BY id"
        ).fetchall()
    assert rows[0] == rows[1]
    assert rows[2] == ("Bo Chen", "industry", "[]", "2026-06-12 09:00:00.000000", 1, "")
    with database.session() as s:
        loaded = s.scalars(select(Attendee).order_by(Attendee.id)).all()
        assert loaded[1].roles == ["mentor", "panelist"] and loaded[1].created_at == at
        assert loaded[2].email is None
    database.close()
