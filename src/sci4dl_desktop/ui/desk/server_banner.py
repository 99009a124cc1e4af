"""The desk's server banner: "Server unreachable — working offline; 3 check-ins waiting".

Shown above the verdict only when there is something to say: the desk is offline,
scans wait for upload, conflicts wait for review, or the desk still has the default
name on a shared server. Amber with an exclamation-mark icon (never colour alone);
text in the palette's text colour on a tint, so it reads in light and dark mode.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from sci4dl_desktop.domain.desk_service import DeskStatus
from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.ui.desk.verdict_panel import IDLE, VerdictIcon, state_colours

NAME_HINT = (
    "Give this desk its own name (Desk name, top left): other desks and the audit log "
    "show where people checked in by it."
)


class ServerBanner(QFrame):
    """One line of state about the shared server, with the buttons that act on it."""

    retry_requested = Signal()
    conflicts_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desk-server-banner")
        self.setAccessibleName("Server status")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._styling = False
        self.status = DeskStatus(offline=False)
        self.name_hint = False
        self.icon = VerdictIcon(self)
        self.icon.set_state(VerdictState.ALREADY)
        self.text = QLabel(self)
        self.text.setObjectName("desk-server-text")
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        font = QFont(self.font())
        font.setPointSizeF((font.pointSizeF() if font.pointSizeF() > 0 else 10.0) * 1.25)
        font.setBold(True)
        self.text.setFont(font)
        side = self.text.fontMetrics().height() * 2
        self.icon.setFixedSize(side, side)
        self.retry_button = QPushButton("Tr&y the server now", self)
        self.retry_button.setObjectName("desk-server-retry")
        self.retry_button.setAccessibleName("Try the server now")
        self.retry_button.setToolTip("The desk also tries by itself every few seconds")
        self.retry_button.clicked.connect(self.retry_requested)
        self.conflicts_button = QPushButton("Re&view conflicts", self)
        self.conflicts_button.setObjectName("desk-server-conflicts")
        self.conflicts_button.setAccessibleName("Review conflicts")
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.conflicts_button)
        self._show()

    def show_status(self, status: DeskStatus) -> None:
        self.status = status
        self._show()

    def show_name_hint(self, shown: bool) -> None:
        self.name_hint = shown
        self._show()

    def _show(self) -> None:
        words = self.status.banner_text
        if self.name_hint:
            words = f"{words}. {NAME_HINT}" if words else NAME_HINT
        self.text.setText(words)
        self.setAccessibleDescription(words)
        self.retry_button.setVisible(self.status.offline or self.status.waiting > 0)
        self.conflicts_button.setVisible(self.status.conflicts > 0)
        self.icon.setVisible(self._needs_attention())  # a warning sign, not for a hint
        self.icon.set_state(VerdictState.ALREADY)
        tip = f"Last error: {self.status.problem}" if self.status.problem else ""
        self.text.setToolTip(tip)
        self._repaint_colours()
        self.setVisible(bool(words))

    def _needs_attention(self) -> bool:
        return self.status.offline or self.status.conflicts > 0

    def _repaint_colours(self) -> None:
        palette = self.palette()
        state = VerdictState.ALREADY if self._needs_attention() else IDLE
        strong, tint = state_colours(state, palette)
        background = tint or palette.color(QPalette.ColorRole.AlternateBase)
        self._styling = True
        try:
            self.setStyleSheet(
                f"QFrame#desk-server-banner {{ background-color: {background.name()};"
                f" border-left: 10px solid {strong.name()}; }}"
            )
        finally:
            self._styling = False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._styling:
            self._repaint_colours()  # the app switched between light and dark


__all__ = ["NAME_HINT", "ServerBanner"]
