"""Helpers of the import and export tests: fixture files, fresh events, database dumps."""

from __future__ import annotations

import csv
import importlib.util
import io
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import cast

from sci4dl_desktop.io.apply import apply_plan
from sci4dl_desktop.io.importing import NewEvent, plan_import
from sci4dl_desktop.io.plan import ImportPlan
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.setup import create_event

DATA = Path(__file__).resolve().parents[1] / "data"
CSV_EVENT = NewEvent("Summer Workshop on Scaling", "America/New_York", date(2026, 6, 12))


def _root_conftest_function(name: str) -> Callable[..., Path]:
    # Loaded by path: with several conftest.py files, "import conftest" finds any of them.
    spec = importlib.util.spec_from_file_location("_root_conftest", DATA.parent / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return cast(Callable[..., Path], getattr(module, name))


shared_path = _root_conftest_function("shared_path")  # skips when ../shared is absent


def data(name: str) -> Path:
    return DATA / name


def fresh_event(
    tmp_path: Path,
    *,
    timezone: str = "America/New_York",
    day: date = date(2026, 6, 12),
    last: date | None = None,
    name: str = "event.sci4dl",
) -> Database:
    """A new event file holding an event with no rooms, sessions or people."""
    database = open_database(tmp_path / name)
    with database.transaction() as session:
        create_event(
            session,
            title="Summer Workshop on Scaling",
            acronym="SWS 2026",
            timezone=timezone,
            first_day=day,
            last_day=last,
            rooms=(),
        )
    return database


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def plan(database: Database | None, *files: Path, **options: object) -> ImportPlan:
    return plan_import(database, list(files), **options)  # type: ignore[arg-type]


def imported(database: Database, *files: Path, **options: object) -> ImportPlan:
    """Plan and write; fails the test with the problems when the plan is refused."""
    result = plan(database, *files, **options)
    assert result.ok, "\n".join(p.render() for p in result.problems)
    apply_plan(database, result)
    return result


def messages(result: ImportPlan) -> list[str]:
    return [p.render() for p in result.problems]


def dump(database: Database) -> str:
    """Every row of every table, as SQL: equal dumps mean nothing changed."""
    path = database.file_path
    assert path is not None
    with sqlite3.connect(path) as connection:
        return "\n".join(connection.iterdump())


def csv_rows(data: bytes) -> list[list[str]]:
    """The rows of an exported CSV file (UTF-8 with a byte-order mark), header first."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def counts(result: ImportPlan) -> dict[str, tuple[int, int, int]]:
    return {e: (c.added, c.changed, c.unchanged) for e, c in result.counts().items()}
