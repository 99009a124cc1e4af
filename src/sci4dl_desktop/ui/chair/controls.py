"""The chair page's controls: key actions with their buttons, and the message bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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

from sci4dl_desktop.domain.local_time import MINUS
from sci4dl_desktop.domain.timer import TimerState
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


_TOGGLE_VERBS = {
    TimerState.RUNNING: ("Pause · Space", "Pause the timer"),
    TimerState.PAUSED: ("Resume · Space", "Resume the timer"),
}
_START = ("Start · Space", "Start the timer")


@dataclass(frozen=True)
class KeySlots:
    """What each key of the chair does."""

    toggle: Callable[[], None]
    less: Callable[[], None]
    more: Callable[[], None]
    finish: Callable[[], None]
    advance: Callable[[], None]
    message: Callable[[], None]


class ChairKeys:
    """The chair's single keys (Space, −, +, F, N, M) and a row of large buttons for them."""

    def __init__(self, owner: QWidget, slots: KeySlots) -> None:
        self.row = QHBoxLayout()
        keypad = Qt.KeyboardModifier.KeypadModifier
        key = QKeySequence

        def timer_key(
            text: str, keys: list[QKeySequence], slot: Callable[[], None], what: str
        ) -> QAction:
            act = key_action(owner, text, keys, slot, what)
            self.row.addWidget(key_button(act, owner))
            return act

        self.toggle_action = timer_key(_START[0], [key(Qt.Key.Key_Space)], slots.toggle, _START[1])
        self.less_action = timer_key(
            f"{MINUS}1 min · {MINUS}",
            [key(Qt.Key.Key_Minus), key(keypad | Qt.Key.Key_Minus)],
            slots.less,
            "One minute less",
        )
        self.more_action = timer_key(
            "+1 min · +",
            [key(Qt.Key.Key_Plus), key(Qt.Key.Key_Equal), key(keypad | Qt.Key.Key_Plus)],
            slots.more,
            "One minute more",
        )
        self.finish_action = timer_key(
            "Finish · F", [key(Qt.Key.Key_F)], slots.finish, "Finish this session"
        )
        self.next_action = timer_key(
            "Next · N",
            [key(Qt.Key.Key_N)],
            slots.advance,
            "Finish this session and start the next",
        )
        self.message_action = key_action(
            owner, "Message", [key(Qt.Key.Key_M)], slots.message, "Write a message"
        )

    @property
    def timer_actions(self) -> list[QAction]:
        return [
            self.toggle_action,
            self.less_action,
            self.more_action,
            self.finish_action,
            self.next_action,
        ]

    def show_state(self, state: TimerState | None, can_advance: bool) -> None:
        """Name the Space key for what it does now; enable what can be done.

        `state` is the current session's timer state, None when no session is left.
        """
        text, what = _TOGGLE_VERBS.get(state, _START) if state is not None else _START
        self.toggle_action.setText(text)
        self.toggle_action.setToolTip(f"{what} (Space)")
        running = state in (TimerState.RUNNING, TimerState.PAUSED)
        for action in (self.toggle_action, self.less_action, self.more_action):
            action.setEnabled(state is not None)
        self.finish_action.setEnabled(running)
        self.next_action.setEnabled(state is not None and (running or can_advance))


class MessageBar(QWidget):
    """A short message for the speaker display: typed, or chosen from ready-made ones."""

    sent = Signal(str)  # the message, "" when cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setMaxLength(90)
        self.edit.setPlaceholderText("Short message for the speaker")
        self.edit.setToolTip(
            "For example “5 minutes for questions”; Enter shows it on the speaker display"
        )
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


__all__ = ["MESSAGE_PRESETS", "ChairKeys", "KeySlots", "MessageBar", "key_action", "key_button"]
