"""Shared fixtures: offscreen Qt, isolated settings and data folders, the demo event."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.io.demo import create_demo_database
from sci4dl_desktop.store.database import Database, copy_file_database, open_database

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEMO_ZONE = ZoneInfo("America/Sao_Paulo")


def shared_path(*parts: str) -> Path:
    """A file from ../shared, or a skip with the reason when this clone has none."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"{path} is absent: these tests need the shared reference files beside the clone"
        )
    return path


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-template") / "demo.sci4dl"
    database = create_demo_database(path)
    database.close()
    return path


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Iterator[Database]:
    """A private copy of the demo event for one test."""
    path = tmp_path / "demo.sci4dl"
    copy_file_database(demo_template, path)
    database = open_database(path)
    yield database
    database.close()


def demo_time(hhmm: str) -> datetime:
    """An instant on the demo day, given as local wall-clock time."""
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=DEMO_ZONE)


POSTGRES_VARIABLE = "SCI4DL_TEST_POSTGRES_URL"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped after it), or a skip.

    The server comes from SCI4DL_TEST_POSTGRES_URL (scripts/with-postgres sets it).
    """
    from pg_support import fresh_database

    server = os.environ.get(POSTGRES_VARIABLE)
    if not server:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_VARIABLE} (scripts/with-postgres does)")
    with fresh_database(server) as url:
        yield url


@pytest.fixture
def fake_clock() -> FakeClock:
    """The demo day at 10:35 local time, during the first coffee break."""
    return FakeClock(current=demo_time("10:35"))
