"""Progress reports and cancellation for long imports and exports.

The GUI runs an import on a worker thread and passes a progress callback (which it
turns into a signal) and a CancelToken (whose cancel() its Cancel button calls). The
work reports and checks the token once per chunk of rows; a cancelled import raises
Cancelled, and since the write is one transaction nothing is left half-written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

CHUNK = 2000


@dataclass(frozen=True, slots=True)
class Progress:
    phase: str  # what is happening, shown to people: "Reading attendees.csv", "Writing"
    done: int
    total: int | None = None  # None when unknown

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.done / self.total)


ProgressCallback = Callable[[Progress], None]


class Cancelled(Exception):
    """The person cancelled the work; nothing was written."""

    def __init__(self) -> None:
        super().__init__("cancelled: nothing was written")


class CancelToken:
    """A flag another thread can raise; the work checks it between chunks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class Reporter:
    """Reports progress and checks for cancellation, at most once per chunk of steps."""

    def __init__(
        self,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        chunk: int = CHUNK,
    ) -> None:
        self._progress = progress
        self._cancel = cancel
        self._chunk = chunk

    def phase(self, phase: str, done: int = 0, total: int | None = None) -> None:
        """Start a phase (always reported) and check for cancellation."""
        if self._cancel is not None:
            self._cancel.check()
        if self._progress is not None:
            self._progress(Progress(phase, done, total))

    def step(self, phase: str, done: int, total: int | None = None) -> None:
        """Called per row: reports and checks only every `chunk` rows."""
        if done % self._chunk == 0:
            self.phase(phase, done, total)

    def check(self) -> None:
        if self._cancel is not None:
            self._cancel.check()


__all__ = ["CHUNK", "CancelToken", "Cancelled", "Progress", "ProgressCallback", "Reporter"]
