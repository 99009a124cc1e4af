"""Stores timer snapshots off the GUI thread, one write at a time, latest state wins.

Pressing Space twice quickly must not let an older write land after a newer one, so
writes never overlap: while one is on its way, later changes wait and are merged
(a snapshot is a session's whole state, so only the newest one per session counts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sci4dl_desktop.domain.timer import TimerSnapshot
from sci4dl_desktop.domain.timer_store import save_snapshots
from sci4dl_desktop.ui.context import AppContext


class SnapshotWriter:
    def __init__(
        self,
        context: AppContext,
        on_saved: Callable[[], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._context = context
        self._on_saved = on_saved
        self._on_error = on_error
        self._pending: dict[int, TimerSnapshot] = {}
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy or bool(self._pending)

    def submit(self, snapshots: Mapping[int, TimerSnapshot]) -> None:
        self._pending.update(snapshots)
        if not self._busy:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, {}
        self._busy = True
        database = self._context.database
        self._context.tasks.run(
            lambda: save_snapshots(database, batch),
            lambda _result: self._done(),
            lambda exc: self._failed(batch, exc),
        )

    def _done(self) -> None:
        self._busy = False
        self._on_saved()
        self._flush()

    def _failed(self, batch: dict[int, TimerSnapshot], exc: BaseException) -> None:
        self._busy = False
        # Keep what failed for the next attempt, unless a newer state came in meanwhile.
        self._pending = {**batch, **self._pending}
        self._on_error(exc)

    def retry(self) -> None:
        if not self._busy:
            self._flush()


__all__ = ["SnapshotWriter"]
