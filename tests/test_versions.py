"""`--long-version`: the app's version and its database libraries, psycopg's implementation
and libpq version included (what the bundle's smoke test reads)."""

from __future__ import annotations

import platform
import sqlite3
import sys
from importlib.metadata import version

import psycopg
import pytest
import sqlalchemy

from sci4dl_desktop.cli import main
from sci4dl_desktop.versions import libpq_version_text, long_version, psycopg_line


@pytest.mark.parametrize(
    ("number", "text"),
    [(150018, "15.18"), (180000, "18.0"), (100023, "10.23"), (90624, "9.6.24"), (80400, "8.4.0")],
)
def test_libpq_versions_read_as_postgresql_writes_them(number: int, text: str) -> None:
    assert libpq_version_text(number) == text


def test_long_version_names_each_library_with_its_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--long-version"])
    assert exited.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"sci4dl-desktop {version('sci4dl-desktop')}",
        f"Python {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
        f"SQLAlchemy {sqlalchemy.__version__}",
        f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__} implementation, "
        f"libpq {libpq_version_text(psycopg.pq.version())})",
    ]


def test_long_version_says_why_psycopg_does_not_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    assert psycopg_line().startswith("psycopg not available: ")
    assert "\n" not in psycopg_line()
    assert long_version().splitlines()[-1] == psycopg_line()
