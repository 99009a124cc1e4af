"""The speaker display: a second window, full screen on the screen the speaker faces.

It shows only what a speaker needs (the face of `timer_face.py`). Esc leaves full
screen, F11 or a double click toggles it. The chair page adds its own key actions to
this window too, so Space, N, + and - keep working when it has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent, QScreen
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.ui.chair.timer_face import TimerFace


def describe_screen(screen: QScreen, index: int) -> str:
    geometry = screen.geometry()
    ratio = screen.devicePixelRatio()
    pixels = f"{round(geometry.width() * ratio)}×{round(geometry.height() * ratio)}"
    name = screen.name() or screen.model() or "Screen"
    primary = " (main screen)" if screen is QGuiApplication.primaryScreen() else ""
    return f"{index}. {name}: {pixels}{primary}"


class ScreenChooser(QDialog):
    """Which screen the speaker display goes to; the last screen is usually the projector."""

    def __init__(self, parent: QWidget | None = None, current: QScreen | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Speaker display")
        layout = QVBoxLayout(self)
        label = QLabel("Show the speaker display on:")
        layout.addWidget(label)
        self.screens = QListWidget()
        self.screens.setAccessibleName("Screens")
        label.setBuddy(self.screens)
        layout.addWidget(self.screens)
        screens = QGuiApplication.screens()
        for index, screen in enumerate(screens, start=1):
            item = QListWidgetItem(describe_screen(screen, index))
            item.setData(Qt.ItemDataRole.UserRole, index - 1)
            self.screens.addItem(item)
        preferred = screens.index(current) if current in screens else len(screens) - 1
        self.screens.setCurrentRow(max(0, preferred))
        self.full_screen = QCheckBox("&Full screen (Esc leaves it)")
        self.full_screen.setChecked(True)
        layout.addWidget(self.full_screen)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Show")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.screens.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(buttons)

    def chosen_screen(self) -> QScreen | None:
        screens = QGuiApplication.screens()
        row = self.screens.currentRow()
        return screens[row] if 0 <= row < len(screens) else None


class SpeakerDisplay(QWidget):
    """A top-level window holding nothing but the timer face."""

    def __init__(self, parent: QWidget | None = None, title: str = "Speaker display") -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(title)
        self.setAccessibleName("Speaker display")
        self.setMinimumSize(320, 180)
        # The chair's keys (added by the page) work when this window has the focus.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.face = TimerFace(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.face)
        self.resize(960, 540)

    def show_on(self, screen: QScreen | None, full_screen: bool = True) -> None:
        """Move to a screen and fill it (or show as a window centred on it)."""
        if screen is not None:
            self.setScreen(screen)
            area = screen.availableGeometry()
            frame = self.frameGeometry()
            frame.moveCenter(area.center())
            self.move(frame.topLeft())
        if full_screen:
            self.showFullScreen()
        else:
            self.showNormal()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        elif event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.toggle_full_screen()
        event.accept()


__all__ = ["ScreenChooser", "SpeakerDisplay", "describe_screen"]
