"""Painting the timeline: the hour grid, session blocks with their text, the now line.

Text in a block is laid out in whole lines only: a line that does not fit is left
out (the tooltip and the detail pane carry everything), never cut in half.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen

from sci4dl_desktop.domain.schedule import SessionView, format_range, format_shift, format_time
from sci4dl_desktop.ui.schedule.colors import (
    accent,
    block_fill,
    block_text,
    mix,
    now_color,
    on_color,
)
from sci4dl_desktop.ui.schedule.timeline_layout import Block, TimelineLayout

STATUS_BADGES = {"now": "NOW", "next": "NEXT"}
STRIPE_WIDTH = 5.0
RADIUS = 5.0


def scaled(font: QFont, factor: float, bold: bool | None = None) -> QFont:
    result = QFont(font)
    if font.pointSizeF() > 0:
        result.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        result.setPixelSize(max(1, round(font.pixelSize() * factor)))
    if bold is not None:
        result.setBold(bold)
    return result


@dataclass(frozen=True)
class Fonts:
    """The fonts of the timeline, all derived from the widget's font."""

    text: QFont
    title: QFont
    badge: QFont

    @classmethod
    def from_font(cls, font: QFont) -> Fonts:
        return cls(text=QFont(font), title=scaled(font, 1.0, True), badge=scaled(font, 0.8, True))

    @property
    def line(self) -> float:
        return max(QFontMetricsF(self.text).lineSpacing(), QFontMetricsF(self.title).lineSpacing())


def time_variants(
    session: SessionView, zone: ZoneInfo, projected: tuple[datetime, datetime] | None
) -> list[str]:
    """The time-and-kind line, from most to least complete, for narrower blocks."""
    span = format_range(session.start, session.end, zone)
    kind = session.kind.label
    if projected is None or projected[0] == session.start:
        return [f"{span} · {kind}", span, format_time(session.start, zone)]
    moved = format_time(projected[0], zone)
    shift = format_shift(session.start, projected[0])
    return [
        f"{span} → {moved} ({shift}) · {kind}",
        f"{span} → {moved} ({shift})",
        f"{format_time(session.start, zone)} → {moved} ({shift})",
        f"{format_time(session.start, zone)} → {moved}",
    ]


def fitting(variants: list[str], metrics: QFontMetricsF, width: float) -> str:
    """The first variant that fits `width`, else the last one elided."""
    for text in variants:
        if metrics.horizontalAdvance(text) <= width:
            return text
    return metrics.elidedText(variants[-1], Qt.TextElideMode.ElideRight, width)


def block_lines(
    session: SessionView, zone: ZoneInfo, projected: tuple[datetime, datetime] | None
) -> list[str]:
    """The block's text in priority order: title, time and kind, speakers, subtitle."""
    lines = [session.title, time_variants(session, zone, projected)[0]]
    if session.speakers:
        lines.append(session.speaker_names)
    if session.subtitle:
        lines.append(session.subtitle)
    return lines


def wrap(
    text: str, metrics: QFontMetricsF, first_width: float, width: float, limit: int
) -> list[str]:
    """Word-wrap into at most `limit` lines; the last line is elided if text remains.

    The first line may be narrower than the others. No line is wider than its room.
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        room = first_width if not lines else width
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= room or not current:
            current = candidate
            continue
        if len(lines) + 1 == limit:
            current = " ".join([current, *words[index:]])  # the rest goes on the last line
            break
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    return [
        metrics.elidedText(line, Qt.TextElideMode.ElideRight, first_width if i == 0 else width)
        for i, line in enumerate(lines)
    ]


def paint_grid(
    painter: QPainter, layout: TimelineLayout, palette: QPalette, fonts: Fonts, exposed: QRectF
) -> None:
    painter.fillRect(exposed, palette.color(QPalette.ColorRole.Base))
    ruler = layout.metrics.ruler_width
    painter.fillRect(
        QRectF(0, exposed.top(), ruler, exposed.height()),
        palette.color(QPalette.ColorRole.Window),
    )
    grid = QColor(palette.color(QPalette.ColorRole.Text))
    grid.setAlphaF(0.18)
    half = QColor(grid)
    half.setAlphaF(0.08)
    painter.setFont(fonts.text)
    metrics = QFontMetricsF(fonts.text)
    text_color = palette.color(QPalette.ColorRole.WindowText)
    marks = layout.hour_marks()
    for (y, label), following in zip(marks, [*marks[1:], None], strict=True):
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(ruler - 6, y), QPointF(layout.width, y))
        if following is not None:
            mid = (y + following[0]) / 2
            painter.setPen(QPen(half, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(ruler, mid), QPointF(layout.width, mid))
        painter.setPen(text_color)
        box = QRectF(0, y - metrics.height() / 2, ruler - 10, metrics.height())
        painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
    painter.setPen(QPen(grid, 1))
    for column in layout.columns:
        painter.drawLine(QPointF(column.x, exposed.top()), QPointF(column.x, exposed.bottom() + 1))


@dataclass(frozen=True)
class BlockState:
    status: str  # "now", "next" or ""
    selected: bool
    focused: bool
    dimmed: bool
    projected: tuple[datetime, datetime] | None


def paint_block(
    painter: QPainter,
    block: Block,
    state: BlockState,
    palette: QPalette,
    fonts: Fonts,
    zone: ZoneInfo,
) -> None:
    session = block.session
    rect = block.rect
    base = palette.color(QPalette.ColorRole.Base)
    fill = block_fill(session.kind, palette)
    stripe = accent(session.kind, palette)
    ink = block_text(palette)
    if state.dimmed:
        fill = mix(base, fill, 0.35)
        stripe = mix(base, stripe, 0.35)
        ink = palette.color(QPalette.ColorRole.PlaceholderText)

    path = QPainterPath()
    path.addRoundedRect(rect, RADIUS, RADIUS)
    painter.fillPath(path, fill)
    painter.save()
    painter.setClipPath(path)
    painter.fillRect(QRectF(rect.left(), rect.top(), STRIPE_WIDTH, rect.height()), stripe)
    painter.restore()

    bar = 0.0
    if block.projected is not None:
        # A bar along the right edge marks where the projected times put the session.
        bar = max(5.0, round(fonts.line * 0.3))
        projected = block.projected
        marker = QRectF(rect.right() - bar - 3, projected.top() + 2, bar, projected.height() - 4)
        painter.setPen(QPen(ink, 1))
        painter.setBrush(stripe)
        painter.drawRoundedRect(marker, bar / 2, bar / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        bar += 6

    _paint_border(painter, rect, state, palette, stripe)
    _paint_text(painter, rect, session, state, palette, fonts, zone, ink, bar)


def _paint_border(
    painter: QPainter, rect: QRectF, state: BlockState, palette: QPalette, stripe: QColor
) -> None:
    if state.selected:
        pen = QPen(palette.color(QPalette.ColorRole.Highlight), 3)
    elif state.status == "now":
        pen = QPen(now_color(palette), 2.5)
    elif state.status == "next":
        pen = QPen(block_text(palette), 2, Qt.PenStyle.DashLine)
    else:
        edge = QColor(stripe)
        edge.setAlphaF(0.6)
        pen = QPen(edge, 1)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = pen.widthF() / 2
    painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), RADIUS, RADIUS)
    if state.selected and state.focused:
        focus = QPen(palette.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine)
        painter.setPen(focus)
        painter.drawRoundedRect(rect.adjusted(4, 4, -4, -4), RADIUS - 2, RADIUS - 2)


def _paint_badge(
    painter: QPainter, text: str, x: float, top: float, line: float, fonts: Fonts, color: QColor
) -> float:
    """Draw a status pill; returns its width."""
    metrics = QFontMetricsF(fonts.badge)
    width = metrics.horizontalAdvance(text) + metrics.height() * 0.8
    height = min(line - 2, metrics.height() + 2)
    pill = QRectF(x, top + (line - height) / 2, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.setFont(fonts.badge)
    painter.setPen(on_color(color))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    return width


def _paint_text(
    painter: QPainter,
    rect: QRectF,
    session: SessionView,
    state: BlockState,
    palette: QPalette,
    fonts: Fonts,
    zone: ZoneInfo,
    ink: QColor,
    right_margin: float,
) -> None:
    line = fonts.line
    pad = max(3.0, round(line * 0.25))
    inner = rect.adjusted(STRIPE_WIDTH + pad, pad * 0.6, -pad - right_margin, -pad * 0.6)
    available = math.floor(inner.height() / line + 0.01)
    if available < 1 or inner.width() < line:
        return
    lines = block_lines(session, zone, state.projected)
    title_metrics = QFontMetricsF(fonts.title)
    text_metrics = QFontMetricsF(fonts.text)

    badge = STATUS_BADGES.get(state.status)
    badge_width = 0.0
    if badge:
        badge_metrics = QFontMetricsF(fonts.badge)
        badge_width = badge_metrics.horizontalAdvance(badge) + badge_metrics.height() * 0.8 + pad
    time_text = fitting(
        time_variants(session, zone, state.projected), text_metrics, inner.width() - badge_width
    )
    # Rows of (text, font, whether the status badge leads it). The badge goes on the time
    # line, so the title keeps the whole first line.
    rows: list[tuple[str, QFont, bool]] = []
    if available == 1:
        rows.append((f"{session.title} · {time_text}", fonts.title, True))
    else:
        width = inner.width()
        # The title may take two lines when there are three or more, the time line one,
        # and speakers and subtitle wrap into whatever is left.
        title_limit = 2 if available >= 3 else 1
        title_lines = wrap(session.title, title_metrics, width, width, title_limit)
        rows += [(text, fonts.title, False) for text in title_lines]
        rows.append((time_text, fonts.text, True))
        left = available - len(rows)
        for extra in lines[2:]:
            if left <= 0:
                break
            wrapped = wrap(extra, text_metrics, width, width, left)
            rows += [(text, fonts.text, False) for text in wrapped]
            left -= len(wrapped)
    color = now_color(palette) if state.status == "now" else block_text(palette)
    y = inner.top()
    for text, font, leads in rows:
        if y + line > inner.bottom() + 0.5:
            break
        x = inner.left()
        if leads and badge:
            x += _paint_badge(painter, badge, x, y, line, fonts, color) + pad
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        painter.setPen(ink)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.right() - x)
        painter.drawText(
            QRectF(x, y, inner.right() - x, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            elided,
        )
        y += line


def paint_now_line(
    painter: QPainter,
    layout: TimelineLayout,
    now: datetime,
    palette: QPalette,
    fonts: Fonts,
) -> None:
    y = layout.y_of(now)
    color = now_color(palette)
    painter.setPen(QPen(color, 2))
    painter.drawLine(QPointF(layout.metrics.ruler_width - 4, y), QPointF(layout.width, y))
    label = format_time(now, layout.zone)
    metrics = QFontMetricsF(fonts.badge)
    width = metrics.horizontalAdvance(label) + metrics.height() * 0.8
    height = metrics.height() + 4
    pill = QRectF(layout.metrics.ruler_width - width - 4, y - height / 2, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setFont(fonts.badge)
    painter.setPen(on_color(color))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
