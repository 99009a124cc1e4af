"""The export formats of `sci4dl-desktop export`: event package, CSV, frab, program PDF.

    sci4dl-desktop export --db event.sci4dl --format package --out event-package.json
    sci4dl-desktop export --db event.sci4dl --format csv-attendees --out attendees.csv
    sci4dl-desktop export --db event.sci4dl --format frab-xml --out schedule.xml
    sci4dl-desktop export --db event.sci4dl --format pdf --out program.pdf

--out may name a folder: the file gets its usual name there. Files are written to a
temporary name beside the target and renamed, so a failed export never leaves half a
file behind (except when --out is a device or a link, such as /dev/stdout).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.cli import CliError
from sci4dl_desktop.store.database import Database

DEFAULT_NAMES = {
    "package": "event-package.json",
    "csv-attendees": "attendees.csv",
    "csv-sessions": "sessions.csv",
    "csv-posters": "posters.csv",
    "csv-pairings": "pairings.csv",
    "frab-xml": "schedule.xml",
    "frab-json": "schedule.json",
    "pdf": "program.pdf",
}


def _target(args: argparse.Namespace) -> Path:
    out: Path = args.out
    return out / DEFAULT_NAMES[args.format] if out.is_dir() else out


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    if path.is_symlink() or (path.exists() and not path.is_file()):
        write(path)  # a device, a pipe or a link (such as /dev/stdout): write through it
        return
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _report(path: Path) -> None:
    if path.is_file() and not path.is_symlink():  # not when the data itself went to stdout
        print(f"Wrote {path} ({path.stat().st_size:,} bytes).")


def _export_bytes(
    args: argparse.Namespace, database: Database, produce: Callable[[OrmSession], bytes]
) -> int:
    if not database.has_event():
        raise CliError(f"{database.display_name} holds no event yet: nothing to export")
    with database.session() as session:
        data = produce(session)
    path = _target(args)
    write_atomically(path, lambda p: p.write_bytes(data))
    _report(path)
    return 0


def package(args: argparse.Namespace, database: Database) -> int:
    from sci4dl_desktop.io.package import export_package

    return _export_bytes(args, database, export_package)


def _csv(kind: str) -> Callable[[argparse.Namespace, Database], int]:
    def export(args: argparse.Namespace, database: Database) -> int:
        from sci4dl_desktop.io.export_csv import CSV_EXPORTS

        return _export_bytes(args, database, CSV_EXPORTS[kind])

    export.__name__ = kind.replace("-", "_")
    return export


csv_attendees = _csv("csv-attendees")
csv_sessions = _csv("csv-sessions")
csv_posters = _csv("csv-posters")
csv_pairings = _csv("csv-pairings")


def frab_xml(args: argparse.Namespace, database: Database) -> int:
    from sci4dl_desktop.io.export_frab import schedule_xml

    return _export_bytes(args, database, schedule_xml)


def frab_json(args: argparse.Namespace, database: Database) -> int:
    from sci4dl_desktop.io.export_frab import schedule_json

    return _export_bytes(args, database, schedule_json)


def pdf(args: argparse.Namespace, database: Database) -> int:
    if not database.has_event():
        raise CliError(f"{database.display_name} holds no event yet: nothing to print")
    from sci4dl_desktop.ui.printing.program_pdf import write_program_for

    path = _target(args)
    write_atomically(path, lambda p: write_program_for(database, p))
    _report(path)
    return 0
