"""The kiosk window: the attendee pages full screen, nothing private, left only with the PIN.

It shows the pages marked `in_kiosk` (schedule, posters, my agenda, mentor card lookup)
through the ordinary page frame, on a copy of the app context with `kiosk=True`, so
every page hides its editing and private fields. Closing the window (its close button,
Alt+F4, Ctrl+Q or the Staff button) asks for the staff PIN; without it the window
stays. After a few idle minutes it forgets whose agenda was open and returns to the
first page, ready for the next person.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.kiosk_pin import UnlockGuard
from sci4dl_desktop.ui.agenda.owner import set_current_owner
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.event_view import EventView
from sci4dl_desktop.ui.icons import icon
from sci4dl_desktop.ui.kiosk.pin_dialogs import UnlockDialog
from sci4dl_desktop.ui.pages import PAGES, PageSpec

IDLE_RESET_MS = 3 * 60 * 1000
KIOSK_FONT_SCALE = 1.2
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def kiosk_context(context: AppContext) -> AppContext:
    """The same event and services, with the kiosk flag set."""
    return replace(context, kiosk=True)


class KioskWindow(QWidget):
    """Full-screen attendee pages; `left` is emitted once staff unlocked and it closed."""

    left = Signal()

    def __init__(
        self,
        context: AppContext,
        pages: Sequence[PageSpec] = PAGES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.context = context if context.kiosk else kiosk_context(context)
        self.setObjectName("kiosk-window")
        event = self.context.database.event()
        self.setWindowTitle(f"{event.acronym or event.title}: attendee kiosk")
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * KIOSK_FONT_SCALE)
        self.setFont(font)
        self._unlocked = False
        self._guard = UnlockGuard(self.context.clock)
        self.unlock_dialog: UnlockDialog | None = None

        title = QLabel(event.title, self)
        title.setObjectName("kiosk-title")
        title.setWordWrap(True)
        title_font = title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        title.setFont(title_font)
        hint = QLabel("Program, posters and your own agenda: choose on the left.", self)
        hint.setObjectName("kiosk-hint")
        hint.setWordWrap(True)
        self.staff_button = QPushButton(icon("lock"), "Staff", self)
        self.staff_button.setObjectName("kiosk-staff")
        self.staff_button.setAccessibleName("Staff: leave the kiosk (needs the staff PIN)")
        self.staff_button.setToolTip("Staff only: leave the kiosk with the staff PIN (Ctrl+Q)")
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_button.clicked.connect(self.request_leave)

        header = QHBoxLayout()
        texts = QVBoxLayout()
        texts.addWidget(title)
        texts.addWidget(hint)
        header.addLayout(texts, 1)
        header.addWidget(self.staff_button, 0, Qt.AlignmentFlag.AlignTop)

        set_current_owner(self.context, None)  # nobody's agenda from an earlier visitor
        self.view = EventView(self.context, [spec for spec in pages if spec.in_kiosk], self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)

        QShortcut(QKeySequence("Ctrl+Q"), self, self.request_leave)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(IDLE_RESET_MS)
        self.idle_timer.timeout.connect(self.reset_for_next_person)
        self.idle_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        keys = self.view.keys()
        if keys:
            self.view.show_page(keys[0])

    # -- leaving ----------------------------------------------------------------------

    @property
    def unlocked(self) -> bool:
        return self._unlocked

    def request_leave(self) -> UnlockDialog:
        """Ask for the staff PIN (non-blocking); the window closes once it is right."""
        if self.unlock_dialog is not None and self.unlock_dialog.isVisible():
            self.unlock_dialog.raise_()
            return self.unlock_dialog
        dialog = UnlockDialog(self.context, self._guard, self)
        dialog.accepted.connect(self._unlock)
        dialog.setModal(True)
        dialog.open()
        self.unlock_dialog = dialog
        return dialog

    def _unlock(self) -> None:
        self._unlocked = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._unlocked:
            event.ignore()
            self.request_leave()
            return
        for dialog in self.findChildren(QDialog):
            dialog.close()  # nothing of the kiosk stays on screen
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.idle_timer.stop()
        self.view.dispose()
        set_current_owner(self.context, None)
        event.accept()
        self.left.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # Escape closes nothing here: staff use the PIN
            return
        super().keyPressEvent(event)

    # -- the next person ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and isinstance(watched, QWidget):
            window = watched.window()
            if window is self or (window is not None and self.isAncestorOf(window)):
                self.idle_timer.start()
        return False

    def reset_for_next_person(self) -> None:
        """Forget whose agenda is open, close open dialogs, go back to the first page."""
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and dialog is not self.unlock_dialog:
                dialog.reject()
        set_current_owner(self.context, None)
        keys = self.view.keys()
        if keys:
            self.view.show_page(keys[0])
        with contextlib.suppress(RuntimeError):
            self.idle_timer.start()


__all__ = ["IDLE_RESET_MS", "KioskWindow", "kiosk_context"]
