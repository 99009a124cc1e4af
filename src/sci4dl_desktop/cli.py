"""The command line. With no command it opens the GUI.

    sci4dl-desktop [--db URL] [--demo] [--now ISO] [COMMAND ...]

Every command takes --db (a file path or a SQLAlchemy URL) and --demo (a fresh copy
of the demo event). Commands live in sci4dl_desktop.commands, one module each, and
register themselves through a `register(subparsers)` function.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sci4dl_desktop import APP_NAME
from sci4dl_desktop.domain.clock import Clock, RehearsalClock, SystemClock

if TYPE_CHECKING:
    from sci4dl_desktop.store.database import Database

# The database layer (SQLAlchemy, Alembic) is imported where it is used, not here: the
# GUI paints its window before loading it (see _gui_arguments and bench/bench_startup.py).

# One module per command; each defines register(subparsers) and sets `func` on its parser.
COMMAND_MODULES: tuple[str, ...] = (
    "sci4dl_desktop.commands.selftest",
    "sci4dl_desktop.commands.export",
    "sci4dl_desktop.commands.checkin",
    "sci4dl_desktop.commands.stats",
    "sci4dl_desktop.commands.kiosk_pin",
    "sci4dl_desktop.commands.pairings",
    "sci4dl_desktop.commands.import_",
    "sci4dl_desktop.commands.badges",
    "sci4dl_desktop.commands.copy",
)


class CliError(Exception):
    """A user-facing error: printed without a traceback, exit status 2."""


def _add_common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="event file path or database URL (sqlite:///..., postgresql+psycopg://...)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="work on a fresh copy of the bundled demo event (SCI4DL 2026)",
    )
    parser.add_argument(
        "--now",
        metavar="ISO",
        default=default,
        help="rehearsal mode: run on a simulated event clock starting at this time, "
        "e.g. 2026-04-26T10:35 (event-local unless it has an offset)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Runs the day of a scientific workshop. Without a command, opens the app.",
    )
    from sci4dl_desktop import __version__

    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    from sci4dl_desktop.versions import LongVersionAction

    parser.add_argument("--long-version", action=LongVersionAction)
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="open only the attendee kiosk, full screen (leaving it needs the staff PIN)",
    )
    _add_common(parser, top=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        module.register(subparsers, lambda p: _add_common(p, top=False))
    return parser


def open_target(args: argparse.Namespace) -> Database:
    """The database a command works on: --demo, --db, or an error that says what to pass."""
    if getattr(args, "demo", False):
        from sci4dl_desktop.io.demo import create_demo_database

        return create_demo_database()
    if getattr(args, "db", None):
        from sci4dl_desktop.store.database import DatabaseError, open_database

        try:
            return open_database(args.db, create=False)
        except DatabaseError as exc:
            raise CliError(str(exc)) from exc
    raise CliError("no event given: pass --db FILE_OR_URL, or --demo for the demo event")


def make_clock(args: argparse.Namespace, database: Database | None) -> Clock:
    text = getattr(args, "now", None)
    if not text:
        return SystemClock()
    try:
        start = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CliError(
            f"--now '{text}' is not a date and time: use the form 2026-04-26T10:35"
        ) from exc
    if start.tzinfo is None:
        zone = ZoneInfo(database.event().timezone) if database and database.has_event() else None
        start = start.replace(tzinfo=zone) if zone else start.astimezone()
    return RehearsalClock(start)


def _file_argument_as_db(argv: list[str]) -> list[str]:
    """`sci4dl-desktop EVENT.sci4dl` (as a file manager calls it) means `--db EVENT.sci4dl`."""
    if not argv or argv[0].startswith("-"):
        return argv
    from sci4dl_desktop.store.database import EVENT_FILE_SUFFIX

    if Path(argv[0]).suffix == EVENT_FILE_SUFFIX:
        return ["--db", argv[0], *argv[1:]]
    return argv


def _gui_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The options of a plain GUI start, parsed without importing every command module.

    None when argv names a command or asks for help or the version: the full parser
    handles those.
    """
    parser = argparse.ArgumentParser(prog=APP_NAME, add_help=False)
    _add_common(parser, top=True)
    args, rest = parser.parse_known_args(argv)
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _file_argument_as_db(list(sys.argv[1:] if argv is None else argv))
    args = _gui_arguments(arguments) or build_parser().parse_args(arguments)
    try:
        if args.command is None and getattr(args, "kiosk", False):
            from sci4dl_desktop.ui.kiosk.launch import run_kiosk

            return run_kiosk(args)
        if args.command is None:
            from sci4dl_desktop.app import run_gui

            return run_gui(args)
        status: int = args.func(args)
        return status
    except CliError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return 2


def existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no file at {path}")
    return path


if __name__ == "__main__":
    raise SystemExit(main())
