"""`sci4dl-desktop --long-version`: the app's version and those of the libraries it stores
events with, for a bug report or to check what a bundle carries.

    sci4dl-desktop 0.1.0
    Python 3.11.7
    SQLite 3.40.1
    SQLAlchemy 2.1.9
    psycopg 3.3.8 (c implementation, libpq 15.18)

psycopg's implementation says which libpq wrapper runs: "c" (psycopg-c, built against
the system's libpq), "binary" (psycopg-binary, with its own libpq) or "python" (ctypes
on whatever libpq the system has). Qt's version is in the app's About box (this module
stays Qt-free, like everything outside ui/).
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
from collections.abc import Sequence
from typing import Any


def libpq_version_text(number: int) -> str:
    """libpq's version number as PostgreSQL writes it: 150018 -> "15.18", 90624 -> "9.6.24"."""
    if number >= 100000:
        return f"{number // 10000}.{number % 10000}"
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def psycopg_line() -> str:
    """The line "psycopg VERSION (IMPL implementation, libpq VERSION)", or why psycopg
    does not load."""
    try:
        import psycopg
    except ImportError as exc:  # no libpq wrapper could be loaded
        return f"psycopg not available: {' '.join(str(exc).split())}"
    return (
        f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__} implementation, "
        f"libpq {libpq_version_text(psycopg.pq.version())})"
    )


def long_version() -> str:
    from sqlalchemy import __version__ as sqlalchemy_version

    from sci4dl_desktop import APP_NAME, __version__

    return "\n".join(
        [
            f"{APP_NAME} {__version__}",
            f"Python {platform.python_version()}",
            f"SQLite {sqlite3.sqlite_version}",
            f"SQLAlchemy {sqlalchemy_version}",
            psycopg_line(),
        ]
    )


class LongVersionAction(argparse.Action):
    """Prints long_version() and exits, like argparse's "version" action (computed only
    when asked for: importing the database drivers is not free)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show the versions of the app and its database libraries")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        print(long_version())
        parser.exit()
