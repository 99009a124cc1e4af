"""`sci4dl-desktop selftest`: open the event offscreen, build and render every page."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def register(subparsers: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = subparsers.add_parser(
        "selftest",
        help="open the event offscreen, render every page, print counts, exit 0 if all is well",
    )
    add_common(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sci4dl_desktop.app import run_selftest

    return run_selftest(args)
