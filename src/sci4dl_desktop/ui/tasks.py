"""One helper for background work: run a function off the GUI thread, get the result back on it."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class TaskRunner(Protocol):
    def run(
        self,
        func: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None: ...


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, func: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._func = func
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._func()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


def _report(exc: BaseException) -> None:
    text = getattr(exc, "__traceback_text__", "") or "".join(traceback.format_exception(exc))
    print(text)


class ThreadPoolRunner(QObject):
    """Runs work on a thread pool and delivers the result or the error on the GUI thread."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._relays: set[_Relay] = set()

    def run(
        self,
        func: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        relay = _Relay()  # lives on the GUI thread, so its slots run there
        self._relays.add(relay)

        @Slot(object)
        def finished(result: Any) -> None:
            self._relays.discard(relay)
            on_done(result)

        @Slot(object)
        def failed(exc: BaseException) -> None:
            self._relays.discard(relay)
            (on_error or _report)(exc)

        relay.done.connect(finished)
        relay.failed.connect(failed)
        self._pool.start(_Job(func, relay))

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)


class SynchronousRunner:
    """Runs work at once on the calling thread: for tests and the offscreen self-test."""

    def run(
        self,
        func: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        try:
            result = func()
        except BaseException as exc:
            (on_error or _report)(exc)
        else:
            on_done(result)
