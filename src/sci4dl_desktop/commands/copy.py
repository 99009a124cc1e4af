"""`sci4dl-desktop copy --from URL --to URL [--replace]`: move an event between databases.

Prepare an event in a file on a laptop, then publish it to the PostgreSQL server the
desks share (and copy it back after the day, for the archive):

    sci4dl-desktop copy --from sci4dl-2026.sci4dl --to postgresql://desk@server/sci4dl
    sci4dl-desktop copy --from postgresql://desk@server/sci4dl --to archive.sci4dl

`--from` may be left out: then --db or --demo names the source. Passwords are best
kept out of the command line (PGPASSWORD or ~/.pgpass); the output never shows them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sci4dl_desktop.cli import CliError, open_target
from sci4dl_desktop.store.database import Database, DatabaseError, open_database, resolve_url
from sci4dl_desktop.store.transfer import CopyReport, TransferError, copy_event


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "copy",
        help="copy the whole event from one database to another "
        "(an event file to a PostgreSQL server, or back)",
        description="Copy every table of an event, ids included, from one database to "
        "another in one transaction. The target must be empty unless --replace is given. "
        "A file target that does not exist is created; a PostgreSQL database must exist "
        "(createdb) but may be empty.",
    )
    add_common(parser)
    parser.add_argument(
        "--from",
        dest="source",
        metavar="URL",
        help="the event to copy: a file path or database URL (default: --db or --demo)",
    )
    parser.add_argument(
        "--to", dest="target", metavar="URL", required=True, help="where to copy it to"
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="delete whatever the target holds first (in the same transaction as the copy)",
    )
    parser.set_defaults(func=run)


def _open_source(args: argparse.Namespace) -> Database:
    if args.source:
        try:
            return open_database(args.source, create=False)
        except DatabaseError as exc:
            raise CliError(f"--from: {exc}") from exc
    if not (getattr(args, "db", None) or getattr(args, "demo", False)):
        raise CliError("say which event to copy: --from FILE_OR_URL (or --db, or --demo)")
    return open_target(args)


def _new_file(target: str) -> Path | None:
    """The path of a SQLite target that does not exist yet (it is removed if the copy fails)."""
    try:
        url = resolve_url(target)
    except DatabaseError as exc:
        raise CliError(f"--to: {exc}") from exc
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    path = Path(url.database)
    return None if path.exists() else path


def _open_target(target: str) -> Database:
    try:
        return open_database(target, create=True)
    except DatabaseError as exc:
        hint = ""
        if "does not exist" in str(exc):
            hint = " (create the database first, e.g. `createdb -O OWNER NAME` on the server)"
        raise CliError(f"--to: {exc}{hint}") from exc


def format_report(report: CopyReport) -> str:
    lines = [f"{'table':<18} {'rows':>8}"]
    lines += [f"{name:<18} {count:>8}" for name, count in report.rows.items()]
    lines.append("")
    if report.replaced:
        lines.append(f"Replaced what {report.target} held ({sum(report.replaced.values())} rows).")
    lines.append(
        f"Copied {report.total} rows in {len(report.rows)} tables "
        f"from {report.source} to {report.target}."
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    source = _open_source(args)
    created = _new_file(args.target)
    target: Database | None = None
    done = False
    try:
        target = _open_target(args.target)
        report = copy_event(source, target, replace=args.replace)
        done = True
    except TransferError as exc:
        raise CliError(str(exc)) from exc
    finally:
        source.close()
        if target is not None:
            target.close()
        if created is not None and not done:
            for leftover in (created, *created.parent.glob(created.name + "-*")):
                leftover.unlink(missing_ok=True)
    print(format_report(report))
    return 0
