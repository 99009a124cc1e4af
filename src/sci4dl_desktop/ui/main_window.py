"""The main window: the welcome screen or one open event, its menus and its status bar.

The database layer and the event view are imported when an event is opened, not at
start-up, so the window paints at once and the event loads in the background.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from sci4dl_desktop import paths
from sci4dl_desktop.ui.icons import app_icon
from sci4dl_desktop.ui.menus import WindowMenus
from sci4dl_desktop.ui.opening import OpeningScreen
from sci4dl_desktop.ui.pages import PAGES, PageSpec
from sci4dl_desktop.ui.recent import RecentEvents, display_name
from sci4dl_desktop.ui.status import EventClockLabel
from sci4dl_desktop.ui.tasks import TaskRunner, ThreadPoolRunner

if TYPE_CHECKING:
    from sci4dl_desktop.io.event_files import NewEvent
    from sci4dl_desktop.store.database import Database
    from sci4dl_desktop.ui.context import AppContext
    from sci4dl_desktop.ui.event_view import EventView
    from sci4dl_desktop.ui.new_event_dialog import NewEventDialog
    from sci4dl_desktop.ui.welcome import WelcomeScreen

ContextFactory = Callable[["Database"], "AppContext"]

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
PAGE_KEY = "window/page"


# Background work: these run on a worker thread, which also pays for importing the
# database layer the first time, while the window stays responsive.


def _open(target: str) -> Database:
    from sci4dl_desktop.io.event_files import open_event_database

    return open_event_database(target)


def _create_demo(folder: Path) -> Database:
    from sci4dl_desktop.io.event_files import create_demo_copy

    return _open(str(create_demo_copy(folder)))


def _create_event(path: Path, new: NewEvent) -> Database:
    from sci4dl_desktop.io.event_files import create_event_file

    return _open(str(create_event_file(path, new)))


class MainWindow(QMainWindow):
    event_opened = Signal()
    event_closed = Signal()
    problem_reported = Signal(str)
    first_painted = Signal()  # once, after the window's first frame is on screen

    def __init__(
        self,
        settings: QSettings,
        make_context: ContextFactory,
        pages: Sequence[PageSpec] = PAGES,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main-window")
        self.setWindowIcon(app_icon())
        self.settings = settings
        self.recent = RecentEvents(settings)
        self._make_context = make_context
        self._specs = tuple(pages)
        self._tasks: TaskRunner = tasks if tasks is not None else ThreadPoolRunner(parent=self)
        self._busy = False
        self._closed = False
        self._pending_start: Callable[[], None] | None = None
        self._painted = False
        self.context: AppContext | None = None
        self.event_view: EventView | None = None
        self.clock_label: EventClockLabel | None = None
        self.new_event_dialog: NewEventDialog | None = None

        self.screens = QStackedWidget(self)
        self._welcome: WelcomeScreen | None = None
        self.opening = OpeningScreen(self.screens)
        self.screens.addWidget(self.opening)
        self.setCentralWidget(self.screens)

        self.file_label = QLabel(self)
        self.file_label.setObjectName("status-file")
        self.statusBar().addPermanentWidget(self.file_label)
        self.menus = WindowMenus(self)
        self._restore_window()

    @property
    def welcome(self) -> WelcomeScreen:
        """The welcome screen, built when first needed (a start on an event skips it)."""
        if self._welcome is None:
            from sci4dl_desktop.ui.welcome import WelcomeScreen

            self._welcome = WelcomeScreen(self.screens)
            self.screens.addWidget(self._welcome)
            self._welcome.demo_requested.connect(self.open_new_demo)
            self._welcome.new_requested.connect(self.new_event)
            self._welcome.open_requested.connect(self.open_dialog)
            self._welcome.recent_chosen.connect(self.open_target)
        return self._welcome

    # --- recent events and pages ------------------------------------------------------

    def clear_recent(self) -> None:
        self.recent.clear()
        if self._welcome is not None:
            self._welcome.set_recent([])

    def prune_recent(self) -> list[str]:
        """Forget recent event files that are gone, and say which."""
        missing = self.recent.prune()
        if missing:
            names = ", ".join(display_name(m) for m in missing)
            message = (
                f"Removed from Open Recent because the file no longer exists: {names} "
                f"({'; '.join(missing)})"
            )
            self.statusBar().showMessage(message, 20_000)
            if self.event_view is None:
                self.welcome.set_notice(message)
            if self._welcome is not None:
                self._welcome.set_recent(self.recent.entries())
        return missing

    def show_page(self, key: str) -> None:
        if self.event_view is not None:
            self.event_view.show_page(key)

    def step_page(self, step: int) -> None:
        if self.event_view is not None:
            self.event_view.show_offset(step)

    # --- opening and closing events --------------------------------------------------

    def show_welcome(self) -> None:
        self.welcome.set_recent(self.recent.entries())
        self.screens.setCurrentWidget(self.welcome)
        self.setWindowTitle("Welcome")
        self.file_label.setText("")
        self.menus.close_action.setEnabled(False)
        self.prune_recent()

    def set_database(self, database: Database) -> None:
        """Show this event (the window now owns the database and closes it later)."""
        from sci4dl_desktop.io.event_files import database_target
        from sci4dl_desktop.ui.event_view import EventView

        if self._closed:
            database.close()
            return
        try:
            context = self._make_context(database)
        except BaseException:
            database.close()
            raise
        self._discard_event()
        self.context = context
        event = database.event()
        self.event_view = EventView(context, self._specs, self.screens)
        self.screens.addWidget(self.event_view)
        self.screens.setCurrentWidget(self.event_view)
        self.event_view.page_changed.connect(self._page_changed)
        target = database_target(database)
        self.recent.add(target)
        name = display_name(target)
        self.setWindowTitle(f"{event.acronym or event.title} — {name}")
        if database.file_path is not None:
            self.setWindowFilePath(str(database.file_path))
        self.file_label.setText(f"{event.title}  ·  {name}")
        self.file_label.setToolTip(database.display_name)
        self.clock_label = EventClockLabel(context.clock, ZoneInfo(event.timezone), self)
        self.statusBar().addPermanentWidget(self.clock_label)
        self.menus.close_action.setEnabled(True)
        if self._welcome is not None:
            self._welcome.set_notice(None)
        self.menus.fill_pages(self.event_view.sidebar_specs())
        remembered = self.settings.value(PAGE_KEY)
        keys = self.event_view.keys()
        if keys:
            self.event_view.show_page(str(remembered) if remembered in keys else keys[0])
            self.event_view.sidebar.setFocus(Qt.FocusReason.OtherFocusReason)
        self.event_opened.emit()

    def _page_changed(self, key: str) -> None:
        self.settings.setValue(PAGE_KEY, key)
        self.menus.mark_page(key)

    def _discard_event(self) -> None:
        view, context = self.event_view, self.context
        if view is not None:
            view.save_layout()
            view.dispose()
            self.screens.removeWidget(view)
            view.setParent(None)
            view.deleteLater()
        if self.clock_label is not None:
            self.clock_label.stop()
            self.statusBar().removeWidget(self.clock_label)
            self.clock_label.deleteLater()
        self.event_view, self.context, self.clock_label = None, None, None
        if context is not None:
            context.database.close()

    def close_event(self) -> None:
        """File > Close: back to the welcome screen; the next start shows it too."""
        if self.event_view is None:
            return
        self._discard_event()
        self.recent.forget_last()
        self.menus.fill_pages(None)
        self.show_welcome()
        self.event_closed.emit()

    def _run(
        self,
        busy_text: str,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failure_title: str,
    ) -> None:
        if self._busy:
            self.statusBar().showMessage("Please wait: still busy with the previous request", 5000)
            return
        self._set_busy(busy_text)

        def finished(result: Any) -> None:
            self._set_busy(None)
            try:
                done(result)
            except Exception as exc:  # a broken event file, a page that fails to start
                self.report_problem(failure_title, str(exc))

        def failed(exc: BaseException) -> None:
            self._set_busy(None)
            self.report_problem(failure_title, str(exc))

        self._tasks.run(work, finished, failed)

    def _set_busy(self, text: str | None) -> None:
        self._busy = text is not None
        self.menus.set_busy(self._busy, self.event_view is not None)
        if self.event_view is None:
            if self.screens.currentWidget() is self.opening:
                self.opening.set_text(text or "")
            else:
                self.welcome.set_busy(text)
        if text is None:
            self.statusBar().clearMessage()
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()
        else:
            self.statusBar().showMessage(text)
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def open_target(self, target: str) -> None:
        """Open an event file or database URL (in the background)."""
        if "://" not in target and not Path(target).is_file():
            self.recent.remove(target)
            self.welcome.set_recent(self.recent.entries())
            self.report_problem(
                "Event file not found",
                f"There is no event file at {target}. It was removed from Open Recent.",
            )
            return
        self._run(
            f"Opening {display_name(target)}…",
            partial(_open, target),
            self.set_database,
            f"Cannot open {display_name(target)}",
        )

    def open_new_demo(self) -> None:
        """A fresh copy of the demo event, saved in the events folder, then opened."""
        self._run(
            "Creating a fresh copy of the demo event SCI4DL 2026…",
            partial(_create_demo, paths.events_dir()),
            self.set_database,
            "Cannot create the demo event",
        )

    def create_event(self, path: Path, new: NewEvent) -> None:
        self._run(
            f"Creating {path.name}…",
            partial(_create_event, path, new),
            self.set_database,
            "Cannot create the event",
        )

    def start(self, target: str | None = None, demo: bool = False) -> None:
        """What the app does at launch: open the demo, an event, or welcome the user.

        Call it once after constructing the window.
        Opening begins once the window has painted, so the window appears at once.
        """
        if not (demo or target):
            self.show_welcome()
            return
        self.screens.setCurrentWidget(self.opening)
        self.opening.set_text(
            "Preparing the demo event SCI4DL 2026…"
            if demo
            else f"Opening {display_name(target or '')}…"
        )
        self.setWindowTitle("Opening")
        begin = self.open_new_demo if demo else partial(self.open_target, target or "")
        if self._painted:
            QTimer.singleShot(0, begin)
        else:
            self._pending_start = begin

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)  # once this frame is on screen

    def _after_first_paint(self) -> None:
        self.first_painted.emit()
        begin, self._pending_start = self._pending_start, None
        if begin is not None:
            begin()

    # --- dialogs -----------------------------------------------------------------------

    def new_event(self) -> None:
        from sci4dl_desktop.ui.new_event_dialog import NewEventDialog

        dialog = NewEventDialog(paths.events_dir(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.create_event(dialog.target_path(), dialog.new_event()))
        dialog.destroyed.connect(lambda: setattr(self, "new_event_dialog", None))
        self.new_event_dialog = dialog
        dialog.open()

    def open_dialog(self) -> None:
        from sci4dl_desktop.store.database import EVENT_FILE_SUFFIX

        start = self.context.database.file_path if self.context else None
        folder = str(start.parent) if start is not None else str(paths.events_dir())
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Open an event",
            folder,
            f"Event files (*{EVENT_FILE_SUFFIX});;All files (*)",
        )
        if chosen:
            self.open_target(chosen)

    def report_problem(self, title: str, text: str) -> None:
        """Say what went wrong without blocking the window (and on the welcome screen)."""
        if self.event_view is None:
            if self.screens.currentWidget() is self.opening:
                self.show_welcome()
            self.welcome.set_notice(f"{title}: {text}")
        self.problem_reported.emit(f"{title}: {text}")
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("problem")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def about(self) -> None:
        from sci4dl_desktop.ui.about import show_about

        show_about(self, self.context.database.display_name if self.context else None)

    # --- window state --------------------------------------------------------------------

    def _restore_window(self) -> None:
        geometry = self.settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            width, height = 1280, 800
            if available is not None:
                width = min(width, round(available.width() * 0.92))
                height = min(height, round(available.height() * 0.9))
            self.resize(width, height)
        state = self.settings.value(STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_window_state(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState())
        if self.event_view is not None:
            self.event_view.save_layout()
            key = self.event_view.current_key()
            if key:
                self.settings.setValue(PAGE_KEY, key)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        self._closed = True
        self._discard_event()
        self.settings.sync()
        super().closeEvent(event)
