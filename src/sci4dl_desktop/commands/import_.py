"""`sci4dl-desktop import [--db URL] [--dry-run] [--format F] FILE...`: bring event data in.

What the command does is its help text, DESCRIPTION below (a string of its own, not this
docstring: the bundle is built without docstrings).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sci4dl_desktop.cli import CliError, existing_file
from sci4dl_desktop.io.apply import apply_plan
from sci4dl_desktop.io.importing import FORMATS, FormatError, NewEvent, plan_import
from sci4dl_desktop.io.preview import ACTION_LABELS, preview_rows
from sci4dl_desktop.io.problems import StalePlan, render_problems
from sci4dl_desktop.store.database import Database, DatabaseError, open_database, resolve_url

DESCRIPTION = """\
The format of each file is found from its content (--format overrides). All files are
checked together and written in one transaction, or not at all. Exit status: 0 when
imported (or, with --dry-run, when it would be), 1 when refused, 2 on usage errors.

Into a new event file (a --db path that does not exist yet), a frab schedule or an
event package creates the event. CSV files and OpenReview notes need an event first:
import a schedule or a package before them (in the same command is fine), or describe
the event with --event-title, --timezone and --date.
"""
SHOWN_PROBLEMS = 200
SHOWN_CHANGES = 100


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import schedules (frab XML/JSON), OpenReview notes, CSV files or an event package",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_common(parser)
    parser.add_argument("files", nargs="+", type=existing_file, metavar="FILE")
    parser.add_argument(
        "--format", choices=list(FORMATS), help="the format of every FILE (default: detected)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check and show what would change; write nothing"
    )
    group = parser.add_argument_group("a new event (when the files do not describe one)")
    group.add_argument("--event-title", metavar="TITLE")
    group.add_argument("--timezone", metavar="ZONE", help="IANA name, e.g. America/Sao_Paulo")
    group.add_argument("--date", metavar="YYYY-MM-DD", help="the (first) day of the event")
    group.add_argument("--last-date", metavar="YYYY-MM-DD", help="the last day, if several")
    group.add_argument("--acronym", metavar="ACRONYM")
    parser.set_defaults(func=run)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{option} '{text}' is not a date: write it as 2026-04-26") from exc


def _new_event(args: argparse.Namespace) -> NewEvent | None:
    given = [args.event_title, args.timezone, args.date]
    if not any(given) and not args.last_date and not args.acronym:
        return None
    if not all(given):
        raise CliError("a new event needs --event-title, --timezone and --date together")
    first = _day(args.date, "--date")
    assert first is not None
    last = _day(args.last_date, "--last-date")
    if last is not None and last < first:
        raise CliError(f"--last-date {last} is before --date {first}")
    return NewEvent(args.event_title, args.timezone, first, last, args.acronym or "")


def _target(args: argparse.Namespace) -> tuple[Database | None, Path | str | None]:
    """The database to import into, or (None, path) for an event file still to create."""
    if getattr(args, "demo", False):
        from sci4dl_desktop.io.demo import create_demo_database

        return create_demo_database(), None
    target = getattr(args, "db", None)
    if not target:
        raise CliError("no event given: pass --db FILE_OR_URL (a new file is created)")
    try:
        url = resolve_url(target)
        if url.get_backend_name() == "sqlite" and url.database:
            path = Path(url.database)
            if not path.exists():
                if not path.parent.is_dir():
                    raise CliError(f"folder {path.parent} does not exist: create it first")
                return None, path
        return open_database(url, create=False), None
    except DatabaseError as exc:
        raise CliError(str(exc)) from exc


def _remove_event_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    new_event = _new_event(args)
    database, new_path = _target(args)
    try:
        return _run(args, database, new_path, new_event)
    finally:
        if database is not None:
            database.close()


def _run(
    args: argparse.Namespace,
    database: Database | None,
    new_path: Path | str | None,
    new_event: NewEvent | None,
) -> int:
    try:
        plan = plan_import(database, args.files, format=args.format, new_event=new_event)
    except FormatError as exc:
        raise CliError(str(exc)) from exc
    for line in plan.summary_lines():
        print(line)
    if plan.problems:
        count = len(plan.problems)
        print(f"Refused: {count} problem{'s' if count != 1 else ''}; nothing was written.")
        for line in render_problems(plan.problems, SHOWN_PROBLEMS):
            print(f"  {line}", file=sys.stderr)
        return 1
    if args.dry_run:
        rows = preview_rows(plan, include_unchanged=False)
        for row in rows[:SHOWN_CHANGES]:
            details = f": {row.details}" if row.details else ""
            print(f"  {ACTION_LABELS[row.action]} {row.entity_label} {row.label}{details}")
        if len(rows) > SHOWN_CHANGES:
            print(f"  ... and {len(rows) - SHOWN_CHANGES} more")
        print("Dry run: nothing was written.")
        return 0
    if not plan.writes_anything:
        print("Nothing to change: the event already holds all of it.")
        return 0
    created = database is None
    if database is None:
        assert new_path is not None
        try:
            database = open_database(new_path, create=True)
        except DatabaseError as exc:
            raise CliError(str(exc)) from exc
    try:
        apply_plan(database, plan)
    except StalePlan as exc:
        print(f"Not imported: {exc}", file=sys.stderr)
        return 1
    except BaseException:
        if created:  # leave no empty event file behind
            database.close()
            _remove_event_file(Path(str(new_path)))
            created = False
        raise
    finally:
        if created:
            database.close()
    print(f"Imported into {database.display_name}.")
    return 0
