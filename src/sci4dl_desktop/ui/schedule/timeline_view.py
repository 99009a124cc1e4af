"""The timeline as the page shows it: a kind legend, room headers and the scrolling canvas."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QPalette, QPixmap, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from sci4dl_desktop.domain.schedule import NowNext, SessionView
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.ui.fonts import scaled_font
from sci4dl_desktop.ui.schedule.colors import accent, block_fill
from sci4dl_desktop.ui.schedule.timeline import TimelineCanvas


class RoomHeader(QWidget):
    """Room names above the columns; stays put while the timeline scrolls vertically."""

    def __init__(self, canvas: TimelineCanvas, scroll: QScrollArea) -> None:
        super().__init__()
        self._canvas = canvas
        self._scroll = scroll
        self.setAccessibleName("Rooms")
        scroll.horizontalScrollBar().valueChanged.connect(self.update)

    def sizeHint(self) -> QSize:
        metrics = QFontMetricsF(scaled_font(self.font(), 1.05, True))
        return QSize(100, round(metrics.lineSpacing() * 1.7))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def room_names(self) -> list[str]:
        return [c.name for c in self._canvas.timeline_layout().columns]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Window))
        font = scaled_font(self.font(), 1.05, True)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        offset = self._scroll.horizontalScrollBar().value()
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        for column in self._canvas.timeline_layout().columns:
            box = QRectF(column.x - offset + 6, 0, column.width - 12, self.height())
            name = metrics.elidedText(column.name, Qt.TextElideMode.ElideRight, box.width())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
        line = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(line)
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.end()


class KindLegend(QWidget):
    """Swatch and name of every kind of session on the day."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Legend of session kinds")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(4, 2, 4, 2)
        self._layout.setSpacing(16)
        self._kinds: list[SessionKind] = []

    def kinds(self) -> list[SessionKind]:
        return list(self._kinds)

    def set_kinds(self, kinds: Sequence[SessionKind]) -> None:
        self._kinds = list(kinds)
        self._rebuild()

    def _rebuild(self) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        size = max(12, round(QFontMetricsF(self.font()).height()))
        ratio = self.devicePixelRatioF()
        for kind in self._kinds:
            pixmap = QPixmap(round(size * ratio), round(size * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(block_fill(kind, self.palette()))
            painter.setPen(accent(kind, self.palette()))
            painter.drawRect(QRectF(0.5, 0.5, size - 1, size - 1))
            painter.fillRect(QRectF(0, 0, max(3, size // 3), size), accent(kind, self.palette()))
            painter.end()
            swatch = QLabel()
            swatch.setPixmap(pixmap)
            swatch.setAccessibleName(f"{kind.label} colour")
            label = QLabel(kind.label)
            label.setAccessibleName(kind.label)
            pair = QHBoxLayout()
            pair.setSpacing(5)
            pair.addWidget(swatch)
            pair.addWidget(label)
            self._layout.addLayout(pair)
        self._layout.addStretch(1)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._kinds:
            self._rebuild()


class TimelineView(QWidget):
    """Legend, room headers and the canvas in a scroll area; keeps the selection in view."""

    session_selected = Signal(int)
    session_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = TimelineCanvas()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setAccessibleName("Timeline scroll area")
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.legend = KindLegend()
        self.header = RoomHeader(self.canvas, self.scroll_area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.legend)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll_area, 1)
        self.setFocusProxy(self.canvas)
        self._pending_now_scroll = False
        bar = self.scroll_area.verticalScrollBar()
        bar.rangeChanged.connect(self._scroll_if_pending)
        bar.actionTriggered.connect(self._user_scrolled)
        self.canvas.session_selected.connect(self._on_selected)
        self.canvas.session_selected.connect(self.session_selected)
        self.canvas.session_activated.connect(self.session_activated)

    def set_sessions(self, sessions: Sequence[SessionView], zone: ZoneInfo) -> None:
        self.canvas.set_sessions(sessions, zone)
        kinds = sorted({s.kind for s in sessions}, key=list(SessionKind).index)
        self.legend.set_kinds(kinds)
        self.header.update()

    def set_live(self, now: datetime | None, now_next: NowNext | None) -> None:
        self.canvas.set_live(now, now_next)

    def set_adjusted_times(self, adjusted: dict[int, tuple[datetime, datetime]]) -> None:
        self.canvas.set_adjusted_times(adjusted)

    def set_starred(self, session_ids: frozenset[int]) -> None:
        self.canvas.set_starred(session_ids)

    def select(self, session_id: int | None) -> None:
        self.canvas.select(session_id)
        if session_id is not None:
            self.ensure_visible(session_id)

    def ensure_visible(self, session_id: int) -> None:
        rect = self.canvas.block_rect(session_id)
        if rect is None:
            return
        self._pending_now_scroll = False  # the selection wins over a pending scroll to now
        margin = 12
        x = rect.center().x()
        self.scroll_area.ensureVisible(x, rect.bottom(), 0, margin)
        self.scroll_area.ensureVisible(x, rect.top(), 0, margin)

    def scroll_to_now(self) -> bool:
        """Bring the current time into view, a third of the way down; False if off the day.

        Before the page is laid out the scroll range is not known yet: the request is
        kept and applied when the range settles, unless the user scrolls first.
        """
        y = self.canvas.now_y()
        if y is None:
            self._pending_now_scroll = False
            return False
        bar = self.scroll_area.verticalScrollBar()
        height = self.scroll_area.viewport().height()
        target = round(self._clear_of_labels(y - height / 3, y, height))
        bar.setValue(target)
        settled = self.isVisible() and height > 1 and bar.maximum() >= target
        self._pending_now_scroll = not settled
        return settled

    def _clear_of_labels(self, top: float, keep: float, height: float) -> float:
        """`top` moved to just above an hour's label, so no time label is cut at the top.

        The next hour down is tried first, then the one before, as long as `keep` (the
        now line) stays well inside the view; else `top` as it was.
        """
        marks = [mark for mark, _ in self.canvas.timeline_layout().hour_marks()]
        line = self.canvas.fontMetrics().height()
        below = [mark for mark in marks if mark >= top + line]
        above = [mark for mark in marks if mark < top + line]
        for mark in (min(below, default=None), max(above, default=None)):
            if mark is None:
                continue
            moved = max(0.0, mark - line * 0.6)  # the label is a line high, centred
            if moved + 2 * line <= keep <= moved + height - 2 * line:
                return moved
        return top

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending_now_scroll:
            QTimer.singleShot(0, self._scroll_if_pending)

    def _scroll_if_pending(self) -> None:
        if self._pending_now_scroll:
            self.scroll_to_now()

    def _user_scrolled(self, _action: int) -> None:
        self._pending_now_scroll = False

    def _on_selected(self, session_id: int) -> None:
        self.ensure_visible(session_id)
