"""Event files as documents: names, new events, demo copies, what a file holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sci4dl_desktop.io.event_files import (
    DEMO_STEM,
    NewEvent,
    create_demo_copy,
    create_event_file,
    database_target,
    file_stem,
    open_event_database,
    summarize,
    unique_path,
)
from sci4dl_desktop.store.database import Database, DatabaseError, open_database
from sci4dl_desktop.store.setup import EventSetupError

WORKSHOP = NewEvent(
    title="Workshop on Méthodes",
    acronym="WSM 2027",
    timezone="Europe/Vienna",
    first_day=date(2027, 5, 3),
    last_day=date(2027, 5, 4),
)


def test_file_stem_is_readable_and_safe() -> None:
    assert file_stem("SCI4DL 2026") == "SCI4DL-2026"
    assert file_stem("Atelier: Équité / ML?") == "Atelier-Equite-ML"
    assert file_stem("  ", fallback="new-event") == "new-event"


def test_unique_path_never_reuses_a_name(tmp_path: Path) -> None:
    first = unique_path(tmp_path, "event")
    assert first == tmp_path / "event.sci4dl"
    first.write_bytes(b"")
    second = unique_path(tmp_path, "event")
    assert second == tmp_path / "event-2.sci4dl"
    second.write_bytes(b"")
    assert unique_path(tmp_path, "event") == tmp_path / "event-3.sci4dl"


def test_create_event_file_writes_a_real_event(tmp_path: Path) -> None:
    path = create_event_file(tmp_path / "wsm.sci4dl", WORKSHOP)
    database = open_event_database(str(path))
    try:
        event = database.event()
        assert (event.title, event.acronym, event.timezone) == (
            "Workshop on Méthodes",
            "WSM 2027",
            "Europe/Vienna",
        )
        assert (event.first_day, event.last_day) == (date(2027, 5, 3), date(2027, 5, 4))
        assert database_target(database) == str(path)
    finally:
        database.close()


def test_create_event_file_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "taken.sci4dl"
    path.write_bytes(b"precious")
    with pytest.raises(FileExistsError, match="already exists"):
        create_event_file(path, WORKSHOP)
    assert path.read_bytes() == b"precious"


def test_a_failed_creation_leaves_no_file_behind(tmp_path: Path) -> None:
    bad = NewEvent("Title", "T", "Mars/Olympus_Mons", date(2027, 1, 1), date(2027, 1, 1))
    with pytest.raises(EventSetupError, match="unknown time zone 'Mars/Olympus_Mons'"):
        create_event_file(tmp_path / "bad.sci4dl", bad)
    assert list(tmp_path.iterdir()) == []


def test_open_event_database_refuses_a_file_without_an_event(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sci4dl"
    open_database(empty).close()
    with pytest.raises(DatabaseError, match=r"empty\.sci4dl holds no event"):
        open_event_database(str(empty))


def test_open_event_database_says_when_the_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no event file at"):
        open_event_database(str(tmp_path / "gone.sci4dl"))


def test_summarize_counts_the_demo(demo_db: Database) -> None:
    summary = summarize(demo_db)
    assert summary.acronym == "SCI4DL 2026"
    assert (summary.sessions, summary.posters, summary.attendees) == (16, 150, 700)
    assert 35 <= summary.pairings <= 45
    assert summary.counts_text().startswith("16 sessions, 150 posters, 700 attendees, ")


@pytest.mark.slow
def test_demo_copies_get_unique_names(tmp_path: Path) -> None:
    first = create_demo_copy(tmp_path)
    second = create_demo_copy(tmp_path)
    assert first.name == f"{DEMO_STEM}.sci4dl"
    assert second.name == f"{DEMO_STEM}-2.sci4dl"
    database = open_event_database(str(second))
    try:
        assert summarize(database).posters == 150
    finally:
        database.close()


def test_a_server_database_is_remembered_without_its_password() -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url("postgresql+psycopg://desk:s3cret@db.example.org:5432/sci4dl")
    database = Database(url=url, engine=create_engine(url))
    try:
        target = database_target(database)
    finally:
        database.close()
    assert target == "postgresql+psycopg://desk@db.example.org:5432/sci4dl"
    assert "s3cret" not in target
