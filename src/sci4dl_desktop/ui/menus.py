"""The main window's menus: File (events), Go (the pages, Ctrl+1…9) and Help."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from sci4dl_desktop import APP_DISPLAY_NAME
from sci4dl_desktop.ui.data.actions import install_data_actions
from sci4dl_desktop.ui.icons import icon
from sci4dl_desktop.ui.kiosk.menu import KioskMenu
from sci4dl_desktop.ui.pages import PageSpec
from sci4dl_desktop.ui.recent import display_name

if TYPE_CHECKING:
    from sci4dl_desktop.ui.main_window import MainWindow

MAX_PAGE_SHORTCUTS = 9


class WindowMenus:
    """Builds the menu bar of a MainWindow and keeps its actions in step with it."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        bar = window.menuBar()
        file_menu = bar.addMenu("&File")
        # Ctrl+Shift+N, not Ctrl+N: pages keep the plain letters (the desk's walk-in).
        self.new_action = self._action("&New event…", window.new_event, "Ctrl+Shift+N", "new-event")
        self.open_action = self._action("&Open…", window.open_dialog, "Ctrl+O", "open")
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.setIcon(icon("recent"))
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.demo_action = self._action(
            "Open &demo event (SCI4DL 2026)", window.open_new_demo, None, "demo"
        )
        self.close_action = self._action(
            "&Close event", window.close_event, "Ctrl+W", "close-event"
        )
        quit_action = self._action("&Quit", window.close, "Ctrl+Q")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        for item in (self.new_action, self.open_action, self.recent_menu, self.demo_action):
            if isinstance(item, QMenu):
                file_menu.addMenu(item)
            else:
                file_menu.addAction(item)
        file_menu.addSeparator()
        self.kiosk = KioskMenu(window, file_menu)  # Start kiosk mode, Set kiosk PIN…
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        self.go_menu = bar.addMenu("&Go")
        self.next_action = self._action(
            "&Next page",
            partial(window.step_page, 1),
            QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageDown),
        )
        self.previous_action = self._action(
            "&Previous page",
            partial(window.step_page, -1),
            QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageUp),
        )
        self.page_actions: list[QAction] = []

        help_menu = bar.addMenu("&Help")
        about = self._action(f"&About {APP_DISPLAY_NAME}", window.about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about_qt = self._action("About &Qt", QApplication.aboutQt)
        about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        help_menu.addAction(about)
        help_menu.addAction(about_qt)
        self.data = install_data_actions(window, file_menu, help_menu, before=self.close_action)
        self.fill_pages(None)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | str | None = None,
        icon_name: str | None = None,
    ) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def fill_pages(self, specs: Sequence[PageSpec] | None) -> None:
        """The Go menu for these pages (None: no event open)."""
        window = self._window
        self.go_menu.clear()
        for action in self.page_actions:
            window.removeAction(action)
            action.deleteLater()
        self.page_actions = []
        for position, spec in enumerate(specs or (), start=1):
            shortcut = f"Ctrl+{position}" if position <= MAX_PAGE_SHORTCUTS else None
            action = self._action(
                spec.title, partial(window.show_page, spec.key), shortcut, spec.icon
            )
            action.setData(spec.key)
            action.setCheckable(True)
            self.go_menu.addAction(action)
            window.addAction(action)  # the shortcuts work while the menu bar is hidden
            self.page_actions.append(action)
        if specs:
            self.go_menu.addSeparator()
        self.go_menu.addAction(self.next_action)
        self.go_menu.addAction(self.previous_action)
        for action in (self.next_action, self.previous_action):
            window.addAction(action)
            action.setEnabled(specs is not None)
        self.go_menu.setEnabled(specs is not None)

    def mark_page(self, key: str) -> None:
        for action in self.page_actions:
            action.setChecked(action.data() == key)

    def fill_recent(self) -> None:
        window = self._window
        window.prune_recent()
        self.recent_menu.clear()
        entries = window.recent.entries()
        for number, target in enumerate(entries, start=1):
            label = display_name(target).replace("&", "&&")
            action = self.recent_menu.addAction(f"&{number} {label}" if number <= 9 else label)
            action.setToolTip(target)
            action.setStatusTip(target)
            action.setData(target)
            action.triggered.connect(partial(window.open_target, target))
        if not entries:
            self.recent_menu.addAction("No recent events").setEnabled(False)
            return
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("&Clear list", window.clear_recent)

    def set_busy(self, busy: bool, event_open: bool) -> None:
        for action in (self.new_action, self.open_action, self.demo_action):
            action.setEnabled(not busy)
        self.close_action.setEnabled(not busy and event_open)
        self.recent_menu.setEnabled(not busy)
