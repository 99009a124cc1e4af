"""The chair page's controls: key actions with their buttons, and the message bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from sci4dl_desktop.ui.fonts import scaled_font

MESSAGE_PRESETS = (
    "5 minutes for questions",
    "Please wrap up",
    "Last question",
    "Please repeat the question",
    "Microphone, please",
)


def key_action(
    owner: QWidget, text: str, keys: list[QKeySequence], slot: Callable[[], None], what: str
) -> QAction:
    """An action on a single key, active while the focus is on `owner` (or its children)."""
    action = QAction(text, owner)
    action.setShortcuts(keys)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setToolTip(f"{what} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})")
    action.setData(what)
    action.triggered.connect(slot)
    owner.addAction(action)
    return action


def key_button(action: QAction, owner: QWidget) -> QToolButton:
    """A large button showing an action and its key; Tab reaches it, Space stays the timer's."""
    button = QToolButton()
    button.setDefaultAction(action)
    button.setAccessibleName(str(action.data()))
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    button.setMinimumHeight(owner.fontMetrics().height() * 2 + 8)
    button.setFont(scaled_font(owner, 1.1, bold=True))
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class MessageBar(QWidget):
    """A short message for the speaker display: typed, or chosen from ready-made ones."""

    sent = Signal(str)  # the message, "" when cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setMaxLength(90)
        self.edit.setPlaceholderText("Message for the speaker, e.g. 5 minutes for questions")
        self.edit.setAccessibleName("Message for the speaker display")
        self.edit.returnPressed.connect(self.send)
        label = QLabel("&Message:")
        label.setBuddy(self.edit)
        self.presets = QComboBox()
        self.presets.setAccessibleName("Ready-made messages")
        self.presets.addItem("Ready-made…")
        self.presets.addItems(MESSAGE_PRESETS)
        self.presets.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.presets.setMinimumContentsLength(12)
        self.presets.activated.connect(self._on_preset)
        self.send_button = QPushButton("Send")
        self.send_button.setAccessibleName("Send the message to the speaker display")
        self.send_button.clicked.connect(self.send)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setAccessibleName("Clear the message from the speaker display")
        self.clear_button.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.edit, 1)
        row.addWidget(self.presets)
        row.addWidget(self.send_button)
        row.addWidget(self.clear_button)

    def text(self) -> str:
        return " ".join(self.edit.text().split())

    def send(self) -> None:
        self.sent.emit(self.text())

    def clear(self) -> None:
        self.edit.clear()
        self.send()

    def _on_preset(self, index: int) -> None:
        if index > 0:
            self.edit.setText(self.presets.itemText(index))
            self.presets.setCurrentIndex(0)
            self.send()


__all__ = ["MESSAGE_PRESETS", "MessageBar", "key_action", "key_button"]
