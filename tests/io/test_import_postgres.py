"""Imports on PostgreSQL: a package restores exactly, and later imports get fresh ids."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from import_support import CSV_EVENT, counts, data, imported, write
from sqlalchemy import func, select

from sci4dl_desktop.io.package import export_package
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.models import Attendee, Room

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_empty(postgres_url: str) -> Iterator[Database]:
    database = open_database(postgres_url)
    yield database
    database.close()


def test_package_from_sqlite_restores_on_postgresql_byte_for_byte(
    demo_db: Database, pg_empty: Database, tmp_path: Path
) -> None:
    with demo_db.session() as s:
        package = export_package(s)
    imported(pg_empty, write(tmp_path, "p.json", package.decode("utf-8")))
    with pg_empty.session() as s:
        assert export_package(s) == package
    # Ids continue after the restored ones: new rooms and attendees can be added.
    result = imported(
        pg_empty,
        write(tmp_path, "a.csv", "Name,Email\nPat Doe,pat@example.org\nLee Roe,lee@example.org\n"),
        write(tmp_path, "s.csv", "Title,Start,End,Room\nExtra,19:00,19:30,Terrace\n"),
    )
    assert counts(result)["attendees"] == (2, 0, 0)
    with pg_empty.session() as s:
        assert s.scalar(select(func.count()).select_from(Attendee)) == 702
        assert s.scalar(select(func.max(Attendee.id))) == 702
        assert s.scalar(select(Room.id).where(Room.name == "Terrace")) == 4


def test_csv_event_on_postgresql(pg_empty: Database) -> None:
    result = imported(
        pg_empty,
        data("sessions-12h.csv"),
        data("attendees-cp1252-tab.csv"),
        data("pairings.csv"),
        data("attendees-utf8.csv"),
        new_event=CSV_EVENT,
    )
    assert counts(result)["pairings"] == (2, 0, 0)
    with pg_empty.session() as s:
        roles = s.scalar(select(Attendee.roles).where(Attendee.email == "ana.souza@example.org"))
        assert roles == ["invited_speaker", "mentor"]
