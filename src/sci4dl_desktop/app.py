"""Start-up: the QApplication, the main window on the right event, and the self-test.

The window paints first and the event loads right after, on a worker thread: nothing
here imports the database layer at module level.

Set SCI4DL_STARTUP_MARKERS=1 and the app prints `sci4dl-first-paint` when the main
window has painted for the first time and `sci4dl-event-shown` when the event's first
page has painted, then quits (bench/bench_startup.py times real starts with it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

import sci4dl_desktop
from sci4dl_desktop import APP_DISPLAY_NAME, APP_NAME, ORGANIZATION, cli, paths

if TYPE_CHECKING:
    from sci4dl_desktop.store.database import Database
    from sci4dl_desktop.ui.context import AppContext
    from sci4dl_desktop.ui.main_window import MainWindow

MARKERS_VARIABLE = "SCI4DL_STARTUP_MARKERS"
FIRST_PAINT_MARKER = "sci4dl-first-paint"
EVENT_SHOWN_MARKER = "sci4dl-event-shown"
OPEN_FAILED_MARKER = "sci4dl-open-failed"
DESKTOP_FILE_NAME = "io.github.sci4dl.Desktop"


def set_application_version() -> None:
    QApplication.setApplicationVersion(sci4dl_desktop.__version__)


def make_application() -> QApplication:
    """The app's QApplication (an existing one is reused, as in tests).

    Its version is set by set_application_version(), which run_gui calls once the
    window is on screen (reading the package metadata is not free).
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    from sci4dl_desktop.ui.icons import app_icon
    from sci4dl_desktop.ui.theme import ThemeFollower

    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    QApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    ThemeFollower(app)
    return app


class _StartupMarkers(QObject):
    """Prints when the window, then the event's page, first paint; quits when done."""

    def __init__(self, window: MainWindow, expect_event: bool) -> None:
        super().__init__(window)
        self._window = window
        self._expect_event = expect_event
        self._page: QWidget | None = None
        self._seen: set[str] = set()
        window.installEventFilter(self)
        window.event_opened.connect(self._watch_page)
        window.problem_reported.connect(lambda _text: self._report(OPEN_FAILED_MARKER, 1))

    def _watch_page(self) -> None:
        view = self._window.event_view
        self._page = (view.current_page() if view is not None else None) or view
        if self._page is not None:
            self._page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        if watched is self._window and FIRST_PAINT_MARKER not in self._seen:
            self._seen.add(FIRST_PAINT_MARKER)
            done = not self._expect_event
            # Reported after the whole frame (children included) has painted.
            QTimer.singleShot(0, lambda: self._report(FIRST_PAINT_MARKER, 0 if done else None))
        elif watched is self._page and EVENT_SHOWN_MARKER not in self._seen:
            self._seen.add(EVENT_SHOWN_MARKER)
            QTimer.singleShot(0, lambda: self._report(EVENT_SHOWN_MARKER, 0))
        return False

    def _report(self, marker: str, exit_status: int | None) -> None:
        print(marker, flush=True)
        if exit_status is not None:
            QApplication.exit(exit_status)


def run_gui(args: argparse.Namespace) -> int:
    from sci4dl_desktop.ui.main_window import MainWindow
    from sci4dl_desktop.ui.tasks import ThreadPoolRunner

    cli.make_clock(args, None)  # a malformed --now stops here, before any window opens
    app = make_application()
    settings = QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)
    tasks = ThreadPoolRunner(parent=app)

    def make_context(database: Database) -> AppContext:
        from sci4dl_desktop.ui.context import AppContext

        return AppContext(
            database, clock=cli.make_clock(args, database), settings=settings, tasks=tasks
        )

    window = MainWindow(settings, make_context, tasks=tasks)
    target = args.db or (None if args.demo else window.recent.last_if_available())
    if os.environ.get(MARKERS_VARIABLE):
        _StartupMarkers(window, expect_event=bool(args.demo or target))
    app.aboutToQuit.connect(window.save_window_state)
    window.first_painted.connect(set_application_version)
    window.start(target, demo=args.demo)
    window.show()
    status = app.exec()
    tasks.wait_for_done()
    return status


def run_selftest(args: argparse.Namespace) -> int:
    """Open the event offscreen, build and render every page, print the counts."""
    from sci4dl_desktop.io.event_files import summarize
    from sci4dl_desktop.store.database import DatabaseError
    from sci4dl_desktop.ui import pages
    from sci4dl_desktop.ui.selftest import check_event

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    database = cli.open_target(args)
    demo_folder = database.file_path.parent if args.demo and database.file_path else None
    specs = tuple(pages.PAGES)
    try:
        try:
            summary = summarize(database)
            clock = cli.make_clock(args, database)
        except DatabaseError as exc:
            print(f"selftest failed: {exc}", file=sys.stderr)
            return 1
        make_application()
        set_application_version()
        failures = check_event(database, clock, specs)
    finally:
        database.close()
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)
    if failures:
        for failure in failures:
            print(f"selftest failed: {failure}", file=sys.stderr)
        return 1
    print(
        f"selftest ok: {summary.acronym or summary.title} — {summary.counts_text()}; "
        f"{len(specs)} pages rendered"
    )
    return 0
