"""`sci4dl-desktop stats [--db URL] [--json]`: who has arrived, by category."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from sci4dl_desktop.cli import make_clock, open_target
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.checkin_types import CheckInStats


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "stats", help="print how many attendees are checked in, against those expected"
    )
    add_common(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def format_table(stats: CheckInStats) -> str:
    lines = [f"{'category':<12} {'checked in':>10} {'expected':>9} {'registered':>11}"]
    for row in stats.categories:
        expected = str(row.expected) if row.expected else "-"
        lines.append(
            f"{row.category.label:<12} {row.checked_in:>10} {expected:>9} {row.registered:>11}"
        )
    share = f" ({stats.checked_in / stats.expected:.0%})" if stats.expected else ""
    lines.append(f"{'total':<12} {stats.checked_in:>10} {stats.expected:>9}")
    lines.append("")
    lines.append(f"{stats.checked_in} of {stats.expected} expected on site checked in{share}.")
    lines.append(
        f"Re-entries {stats.re_entries}, scans refused {stats.refused_scans}, "
        f"already-checked-in scans {stats.repeat_scans}, undone {stats.undos}, "
        f"walk-ins {stats.walk_ins}."
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    database = open_target(args)
    try:
        stats = CheckInService(database, make_clock(args, database), "stats").stats()
    finally:
        database.close()
    if args.json:
        print(json.dumps(stats.to_json(), indent=2))
    else:
        print(format_table(stats))
    return 0
