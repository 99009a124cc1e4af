"""`sci4dl-desktop kiosk-pin`: set or change the staff PIN that guards leaving the kiosk.

sci4dl-desktop kiosk-pin --db event.sci4dl            # asks twice, shows nothing
echo 2580 | sci4dl-desktop kiosk-pin --db event.sci4dl --stdin
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from sci4dl_desktop.cli import CliError, open_target
from sci4dl_desktop.domain.kiosk_pin import (
    MAX_PIN_LENGTH,
    MIN_PIN_LENGTH,
    PinError,
    has_staff_pin,
    set_staff_pin,
)


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "kiosk-pin",
        help="set or change the staff PIN needed to leave the attendee kiosk",
        description=f"Set the staff PIN ({MIN_PIN_LENGTH}-{MAX_PIN_LENGTH} digits) that "
        "staff type to leave the attendee kiosk. Only a salted hash is stored in the event.",
    )
    add_common(parser)
    parser.add_argument(
        "--stdin", action="store_true", help="read the PIN from the first line of standard input"
    )
    parser.set_defaults(func=run)


def _read_pin(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass("New staff PIN: ")
    if getpass.getpass("Type it again: ") != first:
        raise CliError("the two PINs differ: nothing was changed, run the command again")
    return first


def run(args: argparse.Namespace) -> int:
    database = open_target(args)
    try:
        pin = _read_pin(args.stdin)
        with database.transaction() as db:
            replaced = has_staff_pin(db)
            set_staff_pin(db, pin)
    except PinError as exc:
        raise CliError(f"{exc}: nothing was changed") from exc
    finally:
        database.close()
    print(f"Staff PIN {'changed' if replaced else 'set'} for {database.display_name}")
    return 0
