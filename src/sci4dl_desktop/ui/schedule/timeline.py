"""The timeline canvas: one day, rooms across, time down, painted and keyboard-navigable."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from sci4dl_desktop.domain.schedule import (
    NowNext,
    SessionView,
    effective_times,
    format_range,
    format_shift,
)
from sci4dl_desktop.ui.schedule.timeline_layout import Direction, Metrics, TimelineLayout
from sci4dl_desktop.ui.schedule.timeline_paint import (
    BlockState,
    Fonts,
    StarGlyph,
    TextRow,
    block_lines,
    paint_block,
    paint_grid,
    paint_now_line,
    star_rect,
    star_room,
    text_box,
    text_rows,
)

_ARROWS = {
    Qt.Key.Key_Up: Direction.UP,
    Qt.Key.Key_Down: Direction.DOWN,
    Qt.Key.Key_Left: Direction.LEFT,
    Qt.Key.Key_Right: Direction.RIGHT,
}
STATUS_WORDS = {"now": "Now", "next": "Next"}
STARRED_WORD = "Starred"
EMPTY_TEXT = "No sessions on this day yet."


class TimelineCanvas(QWidget):
    """Paints one day's sessions as blocks; arrows, Tab, Home/End move between them."""

    session_selected = Signal(int)
    """A block was selected by the user (click or key)."""
    session_activated = Signal(int)
    """Enter or a double click on a block: open its details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Timeline")
        self._sessions: tuple[SessionView, ...] = ()
        self._zone = ZoneInfo("UTC")
        self._adjusted: dict[int, tuple[datetime, datetime]] = {}
        self._now: datetime | None = None
        self._now_next: NowNext | None = None
        self._matches: frozenset[int] | None = None
        self._selected: int | None = None
        self._starred: frozenset[int] = frozenset()
        self._star = StarGlyph()
        self._fonts = Fonts.from_font(self.font())
        # Laid-out text per (session, status, projected times, starred), for the current
        # geometry.
        self._rows: dict[tuple[int, str, object, bool], tuple[TextRow, ...]] = {}
        self._layout = self._make_layout()

    # -- feeding -------------------------------------------------------------------------

    def set_sessions(self, sessions: Sequence[SessionView], zone: ZoneInfo) -> None:
        self._sessions = tuple(sessions)
        self._zone = zone
        if self._selected is not None and all(s.id != self._selected for s in self._sessions):
            self._selected = None
        self._relayout()

    def set_live(self, now: datetime | None, now_next: NowNext | None) -> None:
        """The current time and what runs now and next; None when the event is not live."""
        self._now, self._now_next = now, now_next
        self._update_description()
        self.update()

    def set_adjusted_times(self, adjusted: dict[int, tuple[datetime, datetime]]) -> None:
        self._adjusted = dict(adjusted)
        self._relayout()

    def set_matches(self, session_ids: frozenset[int] | None) -> None:
        """Dim the blocks outside a search result; None shows every block normally."""
        self._matches = session_ids
        self.update()

    def set_starred(self, session_ids: frozenset[int]) -> None:
        """Mark the sessions in the personal agenda with a star; repaints only the blocks
        whose star came or went."""
        session_ids = frozenset(session_ids)
        changed = self._starred ^ session_ids
        if not changed:
            return
        self._starred = session_ids
        for session_id in changed:
            block = self._layout.block(session_id)
            if block is not None:
                self.update(block.rect.toAlignedRect().adjusted(-1, -1, 1, 1))
        if self._selected in changed:
            self._update_description()

    def select(self, session_id: int | None) -> None:
        """Select a block without emitting session_selected (for syncing with other views)."""
        if session_id is not None and self._layout.block(session_id) is None:
            session_id = None
        if session_id != self._selected:
            self._selected = session_id
            self._update_description()
            self.update()

    # -- queries ---------------------------------------------------------------------------

    def selected_session_id(self) -> int | None:
        return self._selected

    def timeline_layout(self) -> TimelineLayout:
        return self._layout

    def block_rect(self, session_id: int) -> QRect | None:
        block = self._layout.block(session_id)
        return block.rect.toAlignedRect() if block else None

    def session_ids(self) -> list[int]:
        """The sessions shown, in time order."""
        return [b.session.id for b in self._layout.blocks]

    def now_y(self) -> float | None:
        if self._now is None or not self._layout.contains_time(self._now):
            return None
        return self._layout.y_of(self._now)

    def is_starred(self, session_id: int) -> bool:
        """Whether the block of this session shows the star (it is in the agenda)."""
        return session_id in self._starred and self._layout.block(session_id) is not None

    def starred_session_ids(self) -> list[int]:
        """The starred sessions shown, in time order."""
        return [b.session.id for b in self._layout.blocks if b.session.id in self._starred]

    def star_rect(self, session_id: int) -> QRect | None:
        """Where the star of a starred block is painted (None if not starred or no room)."""
        block = self._layout.block(session_id)
        if block is None or session_id not in self._starred:
            return None
        place = star_rect(block, self._fonts)
        return place.toAlignedRect() if place is not None else None

    def status_of(self, session_id: int) -> str:
        if self._now_next is None:
            return ""
        if session_id in self._now_next.now_ids:
            return "now"
        return "next" if session_id in self._now_next.next_ids else ""

    def lines_of(self, session_id: int) -> list[str]:
        """The text a block shows (before eliding); the status badge leads the time line."""
        block = self._layout.block(session_id)
        if block is None:
            return []
        lines = block_lines(block.session, self._zone, self._adjusted.get(session_id))
        status = self.status_of(session_id)
        if status:
            lines[1] = f"{STATUS_WORDS[status].upper()} {lines[1]}"
        return lines

    def describe(self, session_id: int) -> str:
        """One sentence for tooltips and screen readers."""
        block = self._layout.block(session_id)
        if block is None:
            return ""
        session = block.session
        parts = []
        status = self.status_of(session_id)
        if status:
            parts.append(STATUS_WORDS[status])
        if session_id in self._starred:
            parts.append(STARRED_WORD)
        parts += [
            session.title,
            session.kind.label,
            format_range(session.start, session.end, self._zone),
            session.room_name,
        ]
        if session_id in self._adjusted:
            start, end = effective_times(session, self._adjusted)
            parts.append(
                f"projected {format_range(start, end, self._zone)} "
                f"({format_shift(session.start, start)})"
            )
        if session.speakers:
            parts.append(session.speaker_names)
        return ", ".join(parts)

    # -- layout ----------------------------------------------------------------------------

    def _make_layout(self) -> TimelineLayout:
        self._rows.clear()
        fonts = self._fonts
        text = QFontMetricsF(fonts.text)
        badge = QFontMetricsF(fonts.badge)
        ruler = max(
            text.horizontalAdvance("00:00") + 18,
            badge.horizontalAdvance("00:00") + badge.height() * 0.8 + 10,
        )
        metrics = Metrics(line=fonts.line, em=text.horizontalAdvance("M"), ruler_width=ruler)
        return TimelineLayout(
            self._sessions,
            self._zone,
            metrics,
            self.width(),
            self.height(),
            self._adjusted,
        )

    def _relayout(self) -> None:
        self._layout = self._make_layout()
        minimum = QSize(math.ceil(self._layout.min_width), math.ceil(self._layout.min_height))
        if minimum != self.minimumSize():
            self.setMinimumSize(minimum)
            self.updateGeometry()
        if self._selected is not None and self._layout.block(self._selected) is None:
            self._selected = None
        self._update_description()
        self.update()

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout = self._make_layout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fonts = Fonts.from_font(self.font())
            self._relayout()
        elif event.type() == QEvent.Type.PaletteChange:
            self.update()

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        # Fills and lines are axis-aligned on whole pixels: without antialiasing they take
        # the raster engine's fast path. The round badges turn it on for themselves.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        try:
            self._paint(painter, QRectF(event.rect()))
        finally:
            painter.end()  # even if painting failed: an active painter left behind crashes Qt

    def _paint(self, painter: QPainter, exposed: QRectF) -> None:
        palette = self.palette()
        fonts = self._fonts
        paint_grid(painter, self._layout, palette, fonts, exposed)
        if not self._layout.blocks:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.setFont(fonts.title)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
        now_y = self.now_y()
        if self._now is not None and now_y is not None:
            # Under the blocks, so it never runs through their text; the ruler shows the time.
            paint_now_line(painter, self._layout, self._now, palette, fonts)
        focused = self.hasFocus()
        for block in self._layout.blocks:
            if not block.rect.adjusted(-4, -4, 4, 4).intersects(exposed) and (
                block.projected is None or not block.projected.intersects(exposed)
            ):
                continue
            session_id = block.session.id
            state = BlockState(
                status=self.status_of(session_id),
                selected=session_id == self._selected,
                focused=focused,
                dimmed=self._matches is not None and session_id not in self._matches,
                projected=self._adjusted.get(session_id),
                starred=session_id in self._starred,
            )
            key = (session_id, state.status, state.projected, state.starred)
            rows = self._rows.get(key)
            if rows is None:
                box = text_box(block, fonts)
                rows = text_rows(
                    block.session,
                    box,
                    state.status,
                    state.projected,
                    fonts,
                    self._zone,
                    star_room(state.starred, fonts),
                )
                self._rows[key] = rows
            paint_block(painter, block, state, palette, fonts, rows, self._star)

    # -- input -------------------------------------------------------------------------------

    def _choose(self, session_id: int | None) -> None:
        if session_id is None:
            return
        changed = session_id != self._selected
        self.select(session_id)
        if changed:
            self.session_selected.emit(session_id)

    def _starting_block(self) -> int | None:
        if self._now_next is not None:
            for session in (*self._now_next.now, *self._now_next.next):
                if self._layout.block(session.id) is not None:
                    return session.id
        return self._layout.step(None, True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        if key in _ARROWS:
            if self._selected is None:
                self._choose(self._starting_block())
            else:
                self._choose(self._layout.neighbour(self._selected, _ARROWS[key]))
        elif key == Qt.Key.Key_Home:
            self._choose(self._layout.step(None, True))
        elif key == Qt.Key.Key_End:
            self._choose(self._layout.step(None, False))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._selected is None:
                self._choose(self._starting_block())
            if self._selected is not None:
                self.session_activated.emit(self._selected)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusNextPrevChild(self, next: bool) -> bool:
        if self.hasFocus():
            target = self._layout.step(self._selected, next)
            if target is not None:
                self._choose(target)
                return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self._selected is None and event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        ):
            forward = event.reason() == Qt.FocusReason.TabFocusReason
            self._choose(self._layout.step(None, forward))
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            block = self._layout.block_at(QPointF(event.position()))
            if block is not None:
                self._choose(block.session.id)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = self._layout.block_at(QPointF(event.position()))
        if event.button() == Qt.MouseButton.LeftButton and block is not None:
            self._choose(block.session.id)
            self.session_activated.emit(block.session.id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self._layout.block_at(QPointF(event.pos()))
            if block is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(
                    event.globalPos(),
                    self.describe(block.session.id),
                    self,
                    block.rect.toAlignedRect(),
                )
            return True
        return super().event(event)

    def _update_description(self) -> None:
        if not self._layout.blocks:
            self.setAccessibleDescription(EMPTY_TEXT)
        elif self._selected is None:
            self.setAccessibleDescription(
                f"{len(self._layout.blocks)} sessions. Use the arrow keys to move between them."
            )
        else:
            self.setAccessibleDescription(self.describe(self._selected))
