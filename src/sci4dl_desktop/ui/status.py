"""The event clock in the status bar and the rehearsal banner."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from sci4dl_desktop.domain.clock import Clock
from sci4dl_desktop.ui.fonts import scale_font
from sci4dl_desktop.ui.icons import IconWidget, icon


def event_time_text(moment: datetime, zone: ZoneInfo) -> str:
    """'Sun 26 Apr 10:35' in the event's time zone (English, independent of the locale)."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def rehearsal_start(clock: Clock) -> datetime:
    start = getattr(clock, "start", None)
    return start if isinstance(start, datetime) else clock.now()


def rehearsal_text(clock: Clock, zone: ZoneInfo) -> str:
    local = rehearsal_start(clock).astimezone(zone)
    return f"Rehearsal — event clock set to {local.day} {local:%b %H:%M} ({zone.key})"


class EventClockLabel(QWidget):
    """Event-local time from the context's clock, updated on the minute's seconds."""

    def __init__(self, clock: Clock, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._zone = zone
        self._rehearsal = bool(getattr(clock, "rehearsal", False))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(6)
        glyph = IconWidget(icon("rehearsal" if self._rehearsal else "clock"), 16, self)
        self.text_label = QLabel(self)
        self.text_label.setObjectName("event-clock")
        font = self.text_label.font()
        font.setFeature(QFont.Tag("tnum"), 1)  # digits that do not jitter
        self.text_label.setFont(font)
        layout.addWidget(glyph)
        layout.addWidget(self.text_label)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.update_time)
        self._timer.start(1000)
        self.update_time()

    def update_time(self) -> None:
        now = self._clock.now()
        local = now.astimezone(self._zone)
        prefix = "Rehearsal clock" if self._rehearsal else "Event time"
        text = f"{prefix}: {event_time_text(now, self._zone)}:{local:%S} ({self._zone.key})"
        self.text_label.setText(text)
        self.setAccessibleName(text)
        self.setToolTip(
            "The simulated event clock of this rehearsal"
            if self._rehearsal
            else "The current time where the event takes place"
        )

    def stop(self) -> None:
        self._timer.stop()


# A fixed amber band with its own dark text: the pair has high contrast in both schemes.
BANNER_BACKGROUND = "#f6c343"
BANNER_TEXT = "#2b2100"


class RehearsalBanner(QFrame):
    """An unmistakable band across the window top while the event clock is simulated."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rehearsal-banner")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BANNER_BACKGROUND))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(BANNER_TEXT))
        self.setPalette(palette)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(10)
        glyph = IconWidget(icon("rehearsal", QColor(BANNER_TEXT)), 22, self)
        self.label = QLabel(text, self)
        scale_font(self.label, 1.15, bold=True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel("Now and next follow this simulated clock, not the real time.", self)
        layout.addWidget(glyph)
        layout.addWidget(self.label)
        layout.addStretch(1)
        layout.addWidget(hint)
        self.setAccessibleName(text)
        self.setAccessibleDescription(hint.text())

    def text(self) -> str:
        return self.label.text()
