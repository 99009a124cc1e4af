"""The main window as a person uses it: welcome, sidebar, shortcuts, files, layout memory."""

from __future__ import annotations

import argparse
import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QSplitter, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from sci4dl_desktop.cli import make_clock
from sci4dl_desktop.domain.clock import Clock, FakeClock
from sci4dl_desktop.store.database import Database, copy_file_database, open_database
from sci4dl_desktop.ui import pages
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.event_view import PageErrorPanel
from sci4dl_desktop.ui.main_window import MainWindow
from sci4dl_desktop.ui.pages import PageSpec, Role
from sci4dl_desktop.ui.tasks import SynchronousRunner


class SamplePage(QWidget):
    """A small page with a splitter to remember and a refresh hook to count."""

    built: ClassVar[list[str]] = []

    def __init__(self, context: AppContext, name: str) -> None:
        super().__init__()
        self.context = context
        self.refreshes = 0
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{name} of {context.database.event().acronym}", self))
        self.splitter = QSplitter(self)
        self.splitter.setObjectName("sample-splitter")
        self.splitter.addWidget(QLabel("left", self.splitter))
        self.splitter.addWidget(QLabel("right", self.splitter))
        layout.addWidget(self.splitter)
        SamplePage.built.append(name)

    def refresh(self) -> None:
        self.refreshes += 1


def alpha_page(context: AppContext) -> QWidget:
    return SamplePage(context, "Alpha")


def beta_page(context: AppContext) -> QWidget:
    return SamplePage(context, "Beta")


def gamma_page(context: AppContext) -> QWidget:
    return SamplePage(context, "Gamma")


def broken_page(context: AppContext) -> QWidget:
    raise LookupError("the room list is empty")


SPECS = (
    PageSpec("alpha", Role.ATTENDEE, "Alpha", "schedule", f"{__name__}:alpha_page"),
    PageSpec("gamma", Role.MENTOR, "Gamma", "mentorship", f"{__name__}:gamma_page"),
    PageSpec("beta", Role.ATTENDEE, "Beta", "posters", f"{__name__}:beta_page"),
)

WindowFactory = Callable[..., MainWindow]


@pytest.fixture(autouse=True)
def _fresh_build_log() -> Iterator[None]:
    SamplePage.built = []
    yield


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot: QtBot, settings_path: Path, fake_clock: FakeClock) -> WindowFactory:
    def make(
        pages: tuple[PageSpec, ...] = SPECS, clock: Clock | None = None, resize: bool = True
    ) -> MainWindow:
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        runner = SynchronousRunner()

        def context(database: Database) -> AppContext:
            return AppContext(database, clock or fake_clock, settings, runner)

        window = MainWindow(settings, context, pages=pages, tasks=runner)
        qtbot.addWidget(window)
        if resize:
            window.resize(1100, 700)
        return window

    return make


@pytest.fixture
def event_file(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "events" / "sci4dl.sci4dl"
    path.parent.mkdir()
    copy_file_database(demo_template, path)
    return path


def show_active(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def visible_page_label(window: MainWindow) -> str:
    view = window.event_view
    assert view is not None
    page = view.stack.currentWidget()
    return page.findChild(QLabel).text()


# --- welcome and opening ---------------------------------------------------------------


def test_welcome_demo_button_opens_a_fresh_demo_copy(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    window.start()  # no event to reopen: welcome
    show_active(qtbot, window)
    assert window.screens.currentWidget() is window.welcome
    assert window.event_view is None

    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.event_view is not None)
    assert window.windowTitle() == "SCI4DL 2026 — SCI4DL-2026-demo.sci4dl"
    assert visible_page_label(window) == "Alpha of SCI4DL 2026"
    assert window.context is not None and window.context.database.file_path is not None
    demo_file = window.context.database.file_path
    assert demo_file.parent.name == "events" and demo_file.is_file()
    assert window.recent.entries() == [str(demo_file)]


def test_a_missing_event_file_is_reported_on_the_welcome_screen(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    window.show()
    window.open_target(str(tmp_path / "nowhere.sci4dl"))
    assert window.event_view is None
    assert "There is no event file at" in window.welcome.notice.text()
    box = window.findChild(QMessageBox, "problem")
    assert box is not None and "nowhere.sci4dl" in box.text()


def test_start_reopens_the_last_event(
    qtbot: QtBot, make_window: WindowFactory, event_file: Path
) -> None:
    first = make_window()
    first.open_target(str(event_file))
    first.close()

    second = make_window()
    second.start(second.recent.last_if_available())
    assert second.screens.currentWidget() is second.opening
    assert second.opening.label.text() == "Opening sci4dl.sci4dl…"
    second.show()  # opening begins once the window has painted
    qtbot.waitUntil(lambda: second.event_view is not None)
    assert second.windowTitle() == "SCI4DL 2026 — sci4dl.sci4dl"


def test_close_event_returns_to_the_welcome_screen_for_good(
    qtbot: QtBot, make_window: WindowFactory, event_file: Path
) -> None:
    window = make_window()
    window.open_target(str(event_file))
    window.menus.close_action.trigger()
    assert window.screens.currentWidget() is window.welcome
    assert window.recent.last_if_available() is None
    assert window.recent.entries() == [str(event_file)]
    assert window.welcome.recent.count() == 1


# --- sidebar and keyboard ----------------------------------------------------------------


def test_sidebar_groups_pages_by_role_without_empty_roles(
    make_window: WindowFactory, demo_db: Database
) -> None:
    window = make_window()
    window.set_database(demo_db)
    assert window.event_view is not None
    sidebar = window.event_view.sidebar
    rows = [sidebar.item(row).text() for row in range(sidebar.count())]
    assert rows == ["Attendee", "Alpha", "Beta", "Mentor", "Gamma"]
    assert window.event_view.keys() == ["alpha", "beta", "gamma"]
    names = [
        sidebar.item(row).data(Qt.ItemDataRole.AccessibleTextRole) for row in range(sidebar.count())
    ]
    assert names == [
        "Attendee pages",
        "Alpha, Attendee",
        "Beta, Attendee",
        "Mentor pages",
        "Gamma, Mentor",
    ]


def test_pages_are_built_on_first_show(make_window: WindowFactory, demo_db: Database) -> None:
    window = make_window()
    window.set_database(demo_db)
    assert SamplePage.built == ["Alpha"]
    window.show_page("gamma")
    window.show_page("alpha")
    window.show_page("gamma")
    assert SamplePage.built == ["Alpha", "Gamma"]


def test_sidebar_is_keyboard_navigable(
    qtbot: QtBot, make_window: WindowFactory, demo_db: Database
) -> None:
    window = make_window()
    window.set_database(demo_db)
    show_active(qtbot, window)
    assert window.event_view is not None
    sidebar = window.event_view.sidebar
    sidebar.setFocus()
    qtbot.waitUntil(sidebar.hasFocus)

    qtbot.keyClick(sidebar, Qt.Key.Key_Down)
    assert visible_page_label(window) == "Beta of SCI4DL 2026"
    qtbot.keyClick(sidebar, Qt.Key.Key_Down)  # over the "Mentor" heading
    assert visible_page_label(window) == "Gamma of SCI4DL 2026"
    qtbot.keyClick(sidebar, Qt.Key.Key_Home)
    assert visible_page_label(window) == "Alpha of SCI4DL 2026"
    qtbot.keyClick(sidebar, Qt.Key.Key_Up)  # the "Attendee" heading is not a stop
    assert visible_page_label(window) == "Alpha of SCI4DL 2026"
    qtbot.keyClick(sidebar, Qt.Key.Key_End)
    assert visible_page_label(window) == "Gamma of SCI4DL 2026"
    assert window.event_view.current_key() == "gamma"


def test_ctrl_number_and_ctrl_page_keys_jump_between_pages(
    qtbot: QtBot, make_window: WindowFactory, demo_db: Database
) -> None:
    window = make_window()
    window.set_database(demo_db)
    show_active(qtbot, window)
    ctrl = Qt.KeyboardModifier.ControlModifier

    qtbot.keyClick(window, Qt.Key.Key_3, ctrl)
    assert visible_page_label(window) == "Gamma of SCI4DL 2026"
    qtbot.keyClick(window, Qt.Key.Key_2, ctrl)
    assert visible_page_label(window) == "Beta of SCI4DL 2026"
    qtbot.keyClick(window, Qt.Key.Key_PageDown, ctrl)
    assert visible_page_label(window) == "Gamma of SCI4DL 2026"
    qtbot.keyClick(window, Qt.Key.Key_PageDown, ctrl)  # wraps around to the first
    assert visible_page_label(window) == "Alpha of SCI4DL 2026"
    qtbot.keyClick(window, Qt.Key.Key_PageUp, ctrl)
    assert visible_page_label(window) == "Gamma of SCI4DL 2026"
    go = [action.text() for action in window.menus.page_actions]
    shortcuts = [action.shortcut().toString() for action in window.menus.page_actions]
    assert go == ["Alpha", "Beta", "Gamma"]
    assert shortcuts == ["Ctrl+1", "Ctrl+2", "Ctrl+3"]


# --- page hooks and failures -----------------------------------------------------------------


def test_data_changes_refresh_the_visible_page_once_and_others_when_shown(
    qtbot: QtBot, make_window: WindowFactory, demo_db: Database
) -> None:
    window = make_window()
    window.set_database(demo_db)
    assert window.event_view is not None and window.context is not None
    window.show_page("beta")
    window.show_page("alpha")
    alpha = window.event_view.pages["alpha"]
    beta = window.event_view.pages["beta"]
    assert isinstance(alpha, SamplePage) and isinstance(beta, SamplePage)

    for topic in ("posters", "posters", "sessions"):
        window.context.signals.data_changed.emit(topic)
    qtbot.waitUntil(lambda: alpha.refreshes == 1)
    assert beta.refreshes == 0
    window.show_page("beta")
    assert beta.refreshes == 1
    assert alpha.refreshes == 1


def test_a_page_that_fails_to_build_says_so_and_the_rest_work(
    make_window: WindowFactory, demo_db: Database
) -> None:
    specs = (
        PageSpec("broken", Role.DESK, "Arrivals", "arrivals", f"{__name__}:broken_page"),
        *SPECS,
    )
    window = make_window(pages=specs)
    window.set_database(demo_db)
    assert window.event_view is not None
    panel = window.event_view.stack.currentWidget()
    assert isinstance(panel, PageErrorPanel)
    assert panel.message.text() == "LookupError: the room list is empty"
    assert isinstance(window.event_view.build_errors["broken"], LookupError)
    window.show_page("alpha")
    assert visible_page_label(window) == "Alpha of SCI4DL 2026"


# --- rehearsal -----------------------------------------------------------------------------


def test_now_option_shows_the_rehearsal_banner_and_clock(
    make_window: WindowFactory, demo_db: Database
) -> None:
    clock = make_clock(argparse.Namespace(now="2026-04-26T10:35"), demo_db)
    window = make_window(clock=clock)
    window.set_database(demo_db)
    assert window.event_view is not None and window.event_view.banner is not None
    assert window.event_view.banner.text() == (
        "Rehearsal — event clock set to 26 Apr 10:35 (America/Sao_Paulo)"
    )
    assert window.clock_label is not None
    assert window.clock_label.text_label.text().startswith("Rehearsal clock: Sun 26 Apr 10:35:0")


def test_no_banner_on_the_real_clock(make_window: WindowFactory, demo_db: Database) -> None:
    window = make_window()
    window.set_database(demo_db)
    assert window.event_view is not None and window.event_view.banner is None
    assert window.clock_label is not None
    # fake_clock: 10:35 in São Paulo, shown in the event's time zone
    assert window.clock_label.text_label.text() == (
        "Event time: Sun 26 Apr 10:35:00 (America/Sao_Paulo)"
    )


# --- files: recent, switching, new event --------------------------------------------------


def test_open_recent_lists_existing_files_and_opens_one(
    qtbot: QtBot, make_window: WindowFactory, event_file: Path, tmp_path: Path
) -> None:
    other = event_file.with_name("other.sci4dl")
    gone = event_file.with_name("gone.sci4dl")
    copy_file_database(event_file, other)
    copy_file_database(event_file, gone)
    window = make_window()
    for path in (gone, other, event_file):
        window.open_target(str(path))
    gone.unlink()

    window.menus.recent_menu.aboutToShow.emit()
    actions = [a for a in window.menus.recent_menu.actions() if a.data()]
    assert [a.text() for a in actions] == ["&1 sci4dl.sci4dl", "&2 other.sci4dl"]
    assert "gone.sci4dl" in window.statusBar().currentMessage()
    assert str(gone) not in window.recent.entries()

    actions[1].trigger()
    assert window.windowTitle() == "SCI4DL 2026 — other.sci4dl"
    assert window.recent.entries()[0] == str(other)


def test_switching_events_closes_the_previous_database(
    make_window: WindowFactory, event_file: Path, demo_db: Database
) -> None:
    window = make_window()
    window.set_database(demo_db)
    closed: list[bool] = []
    original_close = demo_db.close
    demo_db.close = lambda: (closed.append(True), original_close())[1]  # type: ignore[method-assign]
    window.open_target(str(event_file))
    assert closed == [True]
    assert window.context is not None and window.context.database is not demo_db
    assert visible_page_label(window) == "Alpha of SCI4DL 2026"


# The time zone completer pops up while typing; offscreen Qt cannot raise it or grab keys.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_new_event_dialog_checks_as_you_type_and_creates_a_file(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    show_active(qtbot, window)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_N, shift_ctrl)
    dialog = window.new_event_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)

    assert not dialog.ok_button.isEnabled()
    assert dialog.message.text().startswith("Enter the event's title")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # refused: nothing to create yet

    qtbot.keyClicks(dialog.title_edit, "Deep Learning Theory Day")
    qtbot.keyClicks(dialog.acronym_edit, "DLTD 2027")
    zone = dialog.zone_combo.lineEdit()
    assert zone is not None
    zone.selectAll()
    qtbot.keyClicks(zone, "Mars/Olympus")
    assert not dialog.ok_button.isEnabled()
    assert dialog.message.text().startswith("“Mars/Olympus” is not a known time zone")

    zone.selectAll()
    qtbot.keyClicks(zone, "Europe/Vienna")
    dialog.last_day_edit.setDate(dialog.first_day_edit.date().addDays(-1))
    assert dialog.message.text().startswith("The last day (")
    assert not dialog.ok_button.isEnabled()
    dialog.last_day_edit.setDate(dialog.first_day_edit.date().addDays(1))
    assert dialog.ok_button.isEnabled(), dialog.message.text()
    target = dialog.target_path()
    assert target.name == "DLTD-2027.sci4dl"

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.event_view is not None)
    assert target.is_file()
    assert window.windowTitle() == "DLTD 2027 — DLTD-2027.sci4dl"
    assert window.context is not None
    event = window.context.database.event()
    assert (event.title, event.timezone) == ("Deep Learning Theory Day", "Europe/Vienna")
    assert (event.last_day - event.first_day).days == 1


def test_time_zone_completion_matches_part_of_a_city(qtbot: QtBot, tmp_path: Path) -> None:
    from sci4dl_desktop.ui.new_event_dialog import NewEventDialog

    dialog = NewEventDialog(tmp_path)
    qtbot.addWidget(dialog)
    completer = dialog.zone_combo.completer()
    assert completer is not None
    completer.setCompletionPrefix("sao_p")
    matches = [
        completer.completionModel().index(row, 0).data()
        for row in range(completer.completionCount())
    ]
    assert matches == ["America/Sao_Paulo"]


# --- layout memory -----------------------------------------------------------------------------


def test_geometry_page_and_splitters_are_restored_in_a_new_window(
    qtbot: QtBot, make_window: WindowFactory, event_file: Path
) -> None:
    first = make_window()
    first.open_target(str(event_file))
    show_active(qtbot, first)
    first.resize(760, 560)  # within the 800x600 offscreen screen
    first.show_page("gamma")
    assert first.event_view is not None
    first.event_view.splitter.setSizes([260, 740])
    gamma = first.event_view.pages["gamma"]
    assert isinstance(gamma, SamplePage)
    gamma.splitter.setSizes([100, 300])
    sidebar_sizes = first.event_view.splitter.sizes()
    page_sizes = gamma.splitter.sizes()
    first.close()

    second = make_window(resize=False)  # takes the size from the settings
    second.open_target(str(event_file))
    show_active(qtbot, second)
    assert (second.width(), second.height()) == (760, 560)
    assert second.event_view is not None
    assert second.event_view.current_key() == "gamma"
    assert second.event_view.splitter.sizes() == sidebar_sizes
    restored = second.event_view.pages["gamma"]
    assert isinstance(restored, SamplePage)
    assert restored.splitter.sizes() == page_sizes


# --- living together with the real pages ---------------------------------------------------


def _shortcut_texts(widget: QWidget) -> dict[str, str]:
    found = {}
    for shortcut in widget.findChildren(QShortcut):
        keys = shortcut.keys()
        for key in keys:
            found[key.toString()] = f"{type(shortcut.parent()).__name__} shortcut"
    for action in [*widget.actions(), *widget.findChildren(QAction)]:
        for key in action.shortcuts():
            found[key.toString()] = f"action {action.text()!r}"
    return found


@pytest.mark.slow
def test_window_shortcuts_leave_every_real_page_its_own_keys(
    make_window: WindowFactory, demo_db: Database
) -> None:
    missing = [s.factory for s in pages.PAGES if not _importable(s.factory)]
    if missing:
        pytest.skip(f"page modules not in this tree yet: {', '.join(missing)}")
    window = make_window(pages=pages.PAGES)
    window.set_database(demo_db)
    assert window.event_view is not None
    window_keys = {
        key.toString(): action.text()
        for action in window.findChildren(QAction)
        if not _inside_pages(action, window)
        for key in action.shortcuts()
    }
    assert {"Ctrl+1", "Ctrl+Shift+N", "Ctrl+O", "Ctrl+W"} <= window_keys.keys()
    clashes = []
    for spec in pages.PAGES:
        page = window.event_view.page(spec.key)
        for key, owner in _shortcut_texts(page).items():
            if key in window_keys:
                clashes.append(f"{key}: {spec.title} page {owner} vs menu {window_keys[key]!r}")
    assert not clashes, clashes


def _inside_pages(action: QAction, window: MainWindow) -> bool:
    parent = action.parent()
    view = window.event_view
    return isinstance(parent, QWidget) and view is not None and view.stack.isAncestorOf(parent)


def _importable(factory: str) -> bool:
    try:
        return importlib.util.find_spec(factory.partition(":")[0]) is not None
    except ModuleNotFoundError:
        return False


def test_on_a_laptop_screen_no_page_squeezes_the_sidebar(
    qtbot: QtBot, make_window: WindowFactory, demo_db: Database
) -> None:
    window = make_window(pages=pages.PAGES, resize=False)
    window.resize(1366, 768)
    window.set_database(demo_db)
    show_active(qtbot, window)
    view = window.event_view
    assert view is not None
    sidebar = view.sidebar
    bold = QFont(sidebar.font())
    bold.setWeight(QFont.Weight.DemiBold)
    longest = max(QFontMetrics(bold).horizontalAdvance(spec.title) for spec in view.specs)
    assert sidebar.minimumSizeHint().width() > longest + 40  # name, icon and padding
    for key in ("schedule", "posters", "mentorship", "chair"):
        view.show_page(key)
        qtbot.waitUntil(lambda key=key: view.current_key() == key)
        page = view.page(key)
        assert page is not None and page.isVisible()
        assert sidebar.width() >= sidebar.minimumSizeHint().width(), key
        assert page.width() >= page.minimumSizeHint().width(), key  # nothing cut off


def test_the_status_bar_names_the_event_and_its_file(
    make_window: WindowFactory, event_file: Path
) -> None:
    window = make_window()
    window.set_database(open_database(event_file))
    text = window.file_label.text()
    assert text.startswith("2nd Workshop on Scientific Methods") and text.endswith("sci4dl.sci4dl")
    assert str(event_file.parent) not in text  # the folder only in the tooltip
    assert window.file_label.toolTip() == str(event_file)
