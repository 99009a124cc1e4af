"""The screen shown while the event the app starts on is opened (kept light: it paints first)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from sci4dl_desktop.ui.fonts import scale_font
from sci4dl_desktop.ui.icons import IconWidget, app_icon


class OpeningScreen(QWidget):
    """Shown while the event the app starts on is being opened or created."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("opening")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(IconWidget(app_icon(), 64, self))
        row.addStretch(1)
        layout.addLayout(row)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scale_font(self.label, 1.2)
        layout.addWidget(self.label)
        progress = QProgressBar(self)
        progress.setRange(0, 0)
        progress.setTextVisible(False)
        progress.setFixedSize(320, 8)
        progress.setAccessibleName("Opening")
        layout.addWidget(progress, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
