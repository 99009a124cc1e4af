"""Reading a page's data off the GUI thread, keeping only the newest answer.

A page reloads whenever the event changes, so it may ask again before an earlier
read is back. `LatestRead` runs each read in a fresh database session on the task
runner and hands the page only the answer to its latest request, and nothing once
the page is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject
from shiboken6 import isValid
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.ui.context import AppContext

T = TypeVar("T")


class LatestRead:
    """Runs `read(session)` in the background; delivers a result only if no newer read began."""

    def __init__(self, owner: QObject, context: AppContext) -> None:
        self._owner = owner
        self._context = context
        self._generation = 0

    def run(
        self,
        read: Callable[[OrmSession], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._generation += 1
        generation = self._generation
        database = self._context.database

        def work() -> T:
            with database.session() as session:
                return read(session)

        def wanted() -> bool:
            return generation == self._generation and isValid(self._owner)

        def done(result: Any) -> None:
            if wanted():
                on_done(result)

        def failed(exc: BaseException) -> None:
            if wanted():
                on_error(exc)

        self._context.tasks.run(work, done, failed)


__all__ = ["LatestRead"]
