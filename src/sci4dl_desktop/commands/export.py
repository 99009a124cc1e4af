"""`sci4dl-desktop export --format FORMAT --out PATH`: write the event in another format.

Each format is a module function `export(args, database) -> int` named in EXPORTERS;
a format may add its own options in EXPORT_OPTIONS (called with the export parser).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sci4dl_desktop.cli import CliError, open_target

# format name -> "module:function"; the function takes (args, database) and returns the exit code
EXPORTERS: dict[str, str] = {
    "ics": "sci4dl_desktop.commands.export_ics:export",
    "package": "sci4dl_desktop.commands.export_formats:package",
    "csv-attendees": "sci4dl_desktop.commands.export_formats:csv_attendees",
    "csv-sessions": "sci4dl_desktop.commands.export_formats:csv_sessions",
    "csv-posters": "sci4dl_desktop.commands.export_formats:csv_posters",
    "csv-pairings": "sci4dl_desktop.commands.export_formats:csv_pairings",
    "frab-xml": "sci4dl_desktop.commands.export_formats:frab_xml",
    "frab-json": "sci4dl_desktop.commands.export_formats:frab_json",
    "pdf": "sci4dl_desktop.commands.export_formats:pdf",
}

# "module:function" callables that add format-specific options to the export parser
EXPORT_OPTIONS: tuple[str, ...] = ("sci4dl_desktop.commands.export_ics:add_options",)


def _resolve(ref: str) -> Callable[..., Any]:
    module_name, _, attr = ref.partition(":")
    func: Callable[..., Any] = getattr(importlib.import_module(module_name), attr)
    return func


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser("export", help="export the event (" + ", ".join(EXPORTERS) + ")")
    add_common(parser)
    parser.add_argument("--format", required=True, choices=sorted(EXPORTERS), help="output format")
    parser.add_argument("--out", required=True, type=Path, help="file (or folder) to write")
    for ref in EXPORT_OPTIONS:
        _resolve(ref)(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.out.parent and not args.out.parent.exists():
        raise CliError(
            f"folder {args.out.parent} does not exist: create it or choose another --out"
        )
    database = open_target(args)
    try:
        status: int = _resolve(EXPORTERS[args.format])(args, database)
        return status
    finally:
        database.close()
