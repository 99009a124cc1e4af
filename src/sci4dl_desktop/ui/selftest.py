"""The offscreen self-test: build the main window on an event and render every page, then
read a badge QR code back from a picture and a camera frame."""

from __future__ import annotations

import sys
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from sci4dl_desktop.domain.clock import Clock
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.scan_check import check_scanning
from sci4dl_desktop.ui.main_window import MainWindow
from sci4dl_desktop.ui.pages import PageSpec
from sci4dl_desktop.ui.tasks import SynchronousRunner

WINDOW_SIZE = (1366, 768)


@contextmanager
def collect_python_errors() -> Iterator[list[BaseException]]:
    """Exceptions raised inside Qt callbacks (paint events, slots) reach sys.excepthook."""
    caught: list[BaseException] = []
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        caught.append(value)

    sys.excepthook = hook
    try:
        yield caught
    finally:
        sys.excepthook = previous


def _quiet_offscreen_messages(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    # The offscreen platform cannot resize native windows and says so; nothing is wrong.
    if "propagateSizeHints" not in text:
        print(text, file=sys.stderr)


def describe(error: BaseException) -> str:
    """'KeyError: 'x' (at page.py:42)': the error and where it was raised."""
    last = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    shown = last and not last[0].filename.startswith("<")
    where = f" (at {Path(last[0].filename).name}:{last[0].lineno})" if shown else ""
    return f"{type(error).__name__}: {error}{where}"


def render_pages(window: MainWindow, specs: Sequence[PageSpec], app: QApplication) -> list[str]:
    """Show and grab every page of the open event; returns what failed, one line each.

    An error raised while Qt paints can surface as a Python error, as an
    excepthook call, or both; each page reports it once.
    """
    view = window.event_view
    if view is None:
        return ["the main window shows no event"]
    failures: list[str] = []
    with collect_python_errors() as errors:
        for spec in specs:
            problems: list[str] = []
            try:
                view.show_page(spec.key)
                app.processEvents()
                widget = view.page(spec.key)
                if spec.key in view.build_errors:
                    problems.append(describe(view.build_errors[spec.key]))
                elif widget.grab().isNull():
                    problems.append("rendering gave an empty image")
            except Exception as exc:
                problems.append(describe(exc))
            problems += [describe(e) for e in errors if describe(e) not in problems]
            errors.clear()
            failures += [f"page {spec.title} ({spec.factory}): {p}" for p in problems[:1]]
        if not failures:
            try:
                window.grab()
            except Exception as exc:
                errors.append(exc)
            failures += [f"the main window: {describe(e)}" for e in errors[:1]]
    return failures


def check_event(database: Database, clock: Clock, specs: Sequence[PageSpec]) -> list[str]:
    """Build the main window on the event with these pages, render them all.

    The window gets the database and closes it. Settings go to a throw-away file, so
    the self-test leaves the user's window layout alone.
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    failures: list[str] = []
    previous_handler = qInstallMessageHandler(_quiet_offscreen_messages)
    try:
        with tempfile.TemporaryDirectory(prefix="sci4dl-selftest-") as folder:
            settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
            tasks = SynchronousRunner()
            window = MainWindow(
                settings,
                lambda db: AppContext(db, clock=clock, settings=settings, tasks=tasks),
                pages=specs,
                tasks=tasks,
            )
            window.resize(*WINDOW_SIZE)
            with collect_python_errors() as errors:
                try:
                    window.set_database(database)
                    window.show()
                    app.processEvents()
                except Exception as exc:
                    failures.append(f"the main window could not be built: {describe(exc)}")
                failures.extend(f"the main window: {describe(e)}" for e in errors)
            if not failures:
                failures.extend(render_pages(window, specs, app))
            # the desk's QR reading: zxing-cpp on a badge picture and on a camera frame
            failures.extend(f"QR reading: {problem}" for problem in check_scanning())
            window.close()
            window.deleteLater()
            app.processEvents()
    finally:
        qInstallMessageHandler(previous_handler)
        database.close()
    return failures
