"""Start-up: the QApplication, the main window on the right event, and the self-test.

Set SCI4DL_EXIT_AT_FIRST_PAINT=1 to make the app print `sci4dl-first-paint` and quit as
soon as the main window has been painted for the first time (the start-up benchmark
uses it to time a real start).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from sci4dl_desktop import APP_DISPLAY_NAME, APP_NAME, ORGANIZATION, __version__, cli, paths
from sci4dl_desktop.store.database import Database, DatabaseError

FIRST_PAINT_VARIABLE = "SCI4DL_EXIT_AT_FIRST_PAINT"
FIRST_PAINT_MARKER = "sci4dl-first-paint"
DESKTOP_FILE_NAME = "io.github.sci4dl.Desktop"


def make_application() -> QApplication:
    """The app's QApplication (an existing one is reused, as in tests)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    from sci4dl_desktop.ui.icons import app_icon
    from sci4dl_desktop.ui.theme import ThemeFollower

    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationVersion(__version__)
    QApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    QApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    ThemeFollower(app)
    return app


class _ExitAtFirstPaint(QObject):
    """Prints a marker and quits once the window has painted (for the start-up benchmark)."""

    def __init__(self, window: QObject) -> None:
        super().__init__(window)
        self._window = window
        self._fired = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint and not self._fired:
            self._fired = True
            QTimer.singleShot(0, self._exit)  # after the children have painted too
        return False

    def _exit(self) -> None:
        print(FIRST_PAINT_MARKER, flush=True)
        QApplication.exit(0)


def run_gui(args: argparse.Namespace) -> int:
    from sci4dl_desktop.io.event_files import open_event_database
    from sci4dl_desktop.ui.context import AppContext
    from sci4dl_desktop.ui.main_window import MainWindow
    from sci4dl_desktop.ui.tasks import ThreadPoolRunner

    cli.make_clock(args, None)  # a malformed --now stops here, before any window opens
    app = make_application()
    settings = QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)
    tasks = ThreadPoolRunner(parent=app)

    def make_context(database: Database) -> AppContext:
        return AppContext(
            database, clock=cli.make_clock(args, database), settings=settings, tasks=tasks
        )

    window = MainWindow(settings, make_context, tasks=tasks)
    if os.environ.get(FIRST_PAINT_VARIABLE):
        _ExitAtFirstPaint(window)
    target = args.db or (None if args.demo else window.recent.last_if_available())
    if args.demo:
        window.open_new_demo()
    elif target:
        try:
            window.set_database(open_event_database(target))
        except (DatabaseError, OSError) as exc:
            print(f"{APP_NAME}: {exc}", file=sys.stderr)
            window.report_problem("Cannot open the event", str(exc))
    window.show()
    status = app.exec()
    tasks.wait_for_done()
    return status


def run_selftest(args: argparse.Namespace) -> int:
    """Open the event offscreen, build and render every page, print the counts."""
    from sci4dl_desktop.io.event_files import summarize
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
