"""`sci4dl-desktop badges [--db URL] --out FILE.pdf [--layout a4|letter|card] [--attendee ...]`.

Writes print-ready badges: everyone's (sorted by name) or only the attendees named by
badge serial or email. The file appears only when every badge was drawn.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sci4dl_desktop.cli import CliError, open_target
from sci4dl_desktop.domain.badge_sheet import BadgeLayout, BadgeSelectionError, find_attendees


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "badges", help="write print-ready attendee badges with their signed QR codes to a PDF"
    )
    add_common(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="PDF to write")
    parser.add_argument(
        "--layout",
        choices=[layout.value for layout in BadgeLayout],
        default=BadgeLayout.A4.value,
        help="a4: 8 badges per A4 sheet; letter: 6 per US Letter sheet; "
        "card: one 4 x 3 in badge per page (default: a4)",
    )
    parser.add_argument(
        "--attendee",
        nargs="+",
        action="extend",
        metavar="SERIAL_OR_EMAIL",
        help="only these attendees, by badge serial or email (default: everyone)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.is_dir():
        raise CliError(f"--out {out} is a folder: give a file name such as {out / 'badges.pdf'}")
    if not out.parent.is_dir():
        raise CliError(f"--out {out}: the folder {out.parent} does not exist")
    database = open_target(args)
    try:
        if not database.has_event():
            raise CliError(f"{database.display_name} holds no event yet: no badges to print")
        try:
            ids = find_attendees(database, args.attendee) if args.attendee else None
        except BadgeSelectionError as exc:
            raise CliError(f"--attendee: {exc}") from exc
        from sci4dl_desktop.ui.printing.badge_painter import BadgeRenderError
        from sci4dl_desktop.ui.printing.badges import write_badges_for

        try:
            result = write_badges_for(database, out, BadgeLayout(args.layout), ids)
        except BadgeRenderError as exc:
            raise CliError(f"no badges written: {exc}") from exc
        except OSError as exc:
            raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        database.close()
    plural = "" if result.badges == 1 else "s"
    pages = "" if result.pages == 1 else "s"
    print(
        f"Wrote {result.badges} badge{plural} on {result.pages} page{pages} "
        f"({BadgeLayout(args.layout).label}) to {out}."
    )
    return 0
