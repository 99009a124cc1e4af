"""File > Start kiosk mode and File > Set kiosk PIN… in the main window.

Only Qt is imported here; the kiosk and the PIN code load when first used, so the
main window still paints at once. While the kiosk runs the main window is hidden
(nothing to switch to), and it comes back when staff leave the kiosk with the PIN.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from sci4dl_desktop.ui.icons import icon

if TYPE_CHECKING:
    from sci4dl_desktop.ui.kiosk.window import KioskWindow
    from sci4dl_desktop.ui.main_window import MainWindow


class KioskMenu:
    """The two kiosk actions of the File menu, enabled while an event is open."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        self._window = window
        self.kiosk_window: KioskWindow | None = None
        self.start_action = QAction(icon("kiosk"), "Start &kiosk mode", window)
        self.start_action.setObjectName("start-kiosk")
        self.start_action.setStatusTip(
            "Show the attendee pages full screen on a shared screen; leaving needs the staff PIN"
        )
        self.start_action.triggered.connect(self.start)
        self.pin_action = QAction(icon("lock"), "Set kiosk &PIN…", window)
        self.pin_action.setObjectName("set-kiosk-pin")
        self.pin_action.setStatusTip("Set or change the staff PIN that guards leaving the kiosk")
        self.pin_action.triggered.connect(self.set_pin)
        menu.addAction(self.start_action)
        menu.addAction(self.pin_action)
        window.event_opened.connect(self._update)
        window.event_closed.connect(self._update)
        self._update()

    def _update(self) -> None:
        has_event = self._window.context is not None
        self.start_action.setEnabled(has_event)
        self.pin_action.setEnabled(has_event)

    def set_pin(self) -> None:
        from sci4dl_desktop.ui.kiosk.pin_dialogs import SetPinDialog

        context = self._window.context
        if context is not None:
            dialog = SetPinDialog(context, self._window)
            dialog.setModal(True)
            dialog.open()

    def start(self) -> None:
        from sci4dl_desktop.ui.kiosk.launch import start_kiosk

        context = self._window.context
        if context is None or (self.kiosk_window is not None and self.kiosk_window.isVisible()):
            return
        kiosk = start_kiosk(context, self._window)
        if kiosk is None:
            return  # no PIN yet: start_kiosk said so and offered to set one
        self.kiosk_window = kiosk
        kiosk.left.connect(self._left)
        self._window.hide()

    def _left(self) -> None:
        self.kiosk_window = None
        self._window.show()
        self._window.activateWindow()


__all__ = ["KioskMenu"]
