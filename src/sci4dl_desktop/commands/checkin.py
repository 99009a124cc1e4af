"""`sci4dl-desktop checkin [--db URL] [--desk NAME] PAYLOAD`: check in one badge payload.

Prints the verdict as JSON; exits 0 when admitted, 1 when already checked in,
2 when refused (and 2 for a usage error, with the message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from sci4dl_desktop.cli import CliError, make_clock, open_target
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.checkin_types import CheckInError

DEFAULT_DESK = "Command line"


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "checkin",
        help="check in one badge payload and print the verdict as JSON "
        "(exit 0 admitted, 1 already checked in, 2 refused)",
    )
    add_common(parser)
    parser.add_argument(
        "--desk", default=DEFAULT_DESK, help=f"desk name for the log (default: {DEFAULT_DESK})"
    )
    parser.add_argument(
        "payload", metavar="PAYLOAD", help="the scanned badge text, or - to read it from stdin"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    payload: str = sys.stdin.read() if args.payload == "-" else args.payload
    database = open_target(args)
    try:
        try:
            service = CheckInService(database, make_clock(args, database), args.desk)
        except CheckInError as exc:
            raise CliError(f"--desk: {exc}") from exc
        verdict = service.scan(payload)
        print(json.dumps(verdict.to_json(), ensure_ascii=False, indent=2))
        return verdict.exit_code
    finally:
        database.close()
