"""Painting the timeline: the hour grid, session blocks with their text, the now line.

Text in a block is laid out in whole lines only: a line that does not fit is left
out (the tooltip and the detail pane carry everything), never cut in half.

A session in the personal agenda carries a filled star in its top right corner, the
same glyph the lists use; the title makes room for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QStaticText,
)

from sci4dl_desktop.domain.schedule import SessionView, format_range, format_shift, format_time
from sci4dl_desktop.ui.fonts import scaled_font
from sci4dl_desktop.ui.icons import icon
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
STAR_ICON = "star-filled"


@dataclass(frozen=True)
class Fonts:
    """The fonts of the timeline, all derived from the widget's font, with their sizes."""

    text: QFont
    title: QFont
    badge: QFont
    line: float  # the height of one line of block text
    title_offset: float  # from the top of a line to the top of the title's text
    text_offset: float

    @classmethod
    def from_font(cls, font: QFont) -> Fonts:
        text, title, badge = QFont(font), scaled_font(font, 1.0, True), scaled_font(font, 0.8, True)
        text_metrics, title_metrics = QFontMetricsF(text), QFontMetricsF(title)
        line = max(text_metrics.lineSpacing(), title_metrics.lineSpacing())
        return cls(
            text=text,
            title=title,
            badge=badge,
            line=line,
            title_offset=(line - title_metrics.height()) / 2,
            text_offset=(line - text_metrics.height()) / 2,
        )


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
    """Background, ruler, hour and half-hour lines, column separators (all axis-aligned)."""
    painter.fillRect(exposed, palette.color(QPalette.ColorRole.Base))
    ruler = layout.metrics.ruler_width
    painter.fillRect(
        QRectF(0, exposed.top(), ruler, exposed.height()),
        palette.color(QPalette.ColorRole.Window),
    )
    # Opaque blends rather than alpha: opaque fills take the raster engine's fastest path.
    base = palette.color(QPalette.ColorRole.Base)
    grid = mix(base, palette.color(QPalette.ColorRole.Text), 0.18)
    half = mix(base, palette.color(QPalette.ColorRole.Text), 0.07)
    painter.setFont(fonts.text)
    metrics = QFontMetricsF(fonts.text)
    text_color = palette.color(QPalette.ColorRole.WindowText)
    marks = layout.hour_marks()
    top, bottom = exposed.top() - metrics.height(), exposed.bottom() + metrics.height()
    for index, (y, label) in enumerate(marks):
        following = marks[index + 1] if index + 1 < len(marks) else None
        if following is not None and top <= (y + following[0]) / 2 <= bottom:
            mid = round((y + following[0]) / 2)
            painter.fillRect(QRectF(ruler, mid, layout.width - ruler, 1), half)
        if not top <= y <= bottom:
            continue
        painter.fillRect(QRectF(ruler - 6, round(y), layout.width - ruler + 6, 1), grid)
        painter.setPen(text_color)
        box = QRectF(0, y - metrics.height() / 2, ruler - 10, metrics.height())
        painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
    for column in layout.columns:
        painter.fillRect(QRectF(round(column.x), exposed.top(), 1, exposed.height() + 1), grid)


@dataclass(frozen=True)
class BlockState:
    status: str  # "now", "next" or ""
    selected: bool
    focused: bool
    dimmed: bool
    projected: tuple[datetime, datetime] | None
    starred: bool = False  # in the personal agenda: a star in the top right corner


@dataclass(frozen=True, eq=False)
class TextRow:
    """One laid-out line of a block: already wrapped and elided to its width.

    It keeps a QStaticText, so repainting does not lay the text out again.
    """

    text: str
    title: bool
    badge: bool  # the status badge leads this row
    static: QStaticText = field(init=False, repr=False)

    def __post_init__(self) -> None:
        static = QStaticText(self.text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        object.__setattr__(self, "static", static)


def projected_bar_width(block: Block, fonts: Fonts) -> float:
    return max(5.0, round(fonts.line * 0.3)) if block.projected is not None else 0.0


def text_box(block: Block, fonts: Fonts) -> QRectF:
    """Where a block's text goes: inside the stripe, the padding and the projected bar."""
    pad = max(3.0, round(fonts.line * 0.25))
    bar = projected_bar_width(block, fonts)
    right = pad + (bar + 6 if bar else 0)
    return block.rect.adjusted(STRIPE_WIDTH + pad, pad * 0.6, -right, -pad * 0.6)


def star_side(fonts: Fonts) -> int:
    """The star's size: a little over a line (the glyph has a margin), so it reads at a
    distance; it may reach into the padding above and below the first line."""
    return max(12, round(fonts.line * 1.2))


def star_room(starred: bool, fonts: Fonts) -> float:
    """The width the star takes from the block's first line of text (0 when unstarred)."""
    return star_side(fonts) + max(3.0, round(fonts.line * 0.25)) if starred else 0.0


def star_rect(block: Block, fonts: Fonts) -> QRectF | None:
    """Where a starred block's star goes: the top right corner of its text, on the first
    line; smaller in a very short block, and None when the block has no room for one."""
    box = text_box(block, fonts)
    side = min(float(star_side(fonts)), block.rect.height() - 4, box.width() / 2)
    if side < 8:
        return None
    top = max(block.rect.top() + 2, box.top() + (fonts.line - side) / 2)
    top = min(top, block.rect.bottom() - side - 2)
    return QRectF(box.right() - side, top, side, side)


class StarGlyph:
    """The star as pixmaps, rendered once per colour, size and screen scale."""

    def __init__(self) -> None:
        self._pixmaps: dict[tuple[str, int, float], QPixmap] = {}

    def pixmap(self, outline: QColor, side: int, ratio: float) -> QPixmap:
        key = (outline.name(QColor.NameFormat.HexArgb), side, ratio)
        found = self._pixmaps.get(key)
        if found is None:
            if len(self._pixmaps) > 32:
                self._pixmaps.clear()
            found = icon(STAR_ICON, outline).pixmap(QSize(side, side), ratio)
            self._pixmaps[key] = found
        return found


def badge_width(status: str, fonts: Fonts) -> float:
    badge = STATUS_BADGES.get(status)
    if not badge:
        return 0.0
    metrics = QFontMetricsF(fonts.badge)
    return metrics.horizontalAdvance(badge) + metrics.height() * 0.8


def text_rows(
    session: SessionView,
    box: QRectF,
    status: str,
    projected: tuple[datetime, datetime] | None,
    fonts: Fonts,
    zone: ZoneInfo,
    star: float = 0.0,
) -> tuple[TextRow, ...]:
    """Lay the block's text out in whole lines: a line that does not fit is left out.

    The title may take two lines when there are three or more, the time line (led by the
    status badge) one, and speakers and subtitle wrap into whatever is left. `star` is
    the width kept free at the end of the first line (see `star_room`).
    """
    line = fonts.line
    available = math.floor(box.height() / line + 0.01)
    if available < 1 or box.width() < line:
        return ()
    width = box.width()
    title_metrics = QFontMetricsF(fonts.title)
    text_metrics = QFontMetricsF(fonts.text)
    lead = badge_width(status, fonts)
    lead = lead + max(3.0, round(line * 0.25)) if lead else 0.0
    time_text = fitting(time_variants(session, zone, projected), text_metrics, width - lead)
    if available == 1:
        one = f"{session.title} · {time_text}"
        room = max(0.0, width - lead - star)
        elided = title_metrics.elidedText(one, Qt.TextElideMode.ElideRight, room)
        return (TextRow(elided, True, True),)
    first = max(0.0, width - star)
    rows = [
        TextRow(text, True, False)
        for text in wrap(session.title, title_metrics, first, width, 2 if available >= 3 else 1)
    ]
    rows.append(TextRow(time_text, False, True))
    left = available - len(rows)
    for extra in block_lines(session, zone, projected)[2:]:
        if left <= 0:
            break
        wrapped = wrap(extra, text_metrics, width, width, left)
        rows += [TextRow(text, False, False) for text in wrapped]
        left -= len(wrapped)
    return tuple(rows)


def _frame(painter: QPainter, rect: QRectF, width: float, color: QColor) -> None:
    """A rectangle's outline of `width`, inside it, from four fills (fast at any size)."""
    painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), width), color)
    painter.fillRect(QRectF(rect.left(), rect.bottom() - width, rect.width(), width), color)
    painter.fillRect(QRectF(rect.left(), rect.top(), width, rect.height()), color)
    painter.fillRect(QRectF(rect.right() - width, rect.top(), width, rect.height()), color)


def paint_block(
    painter: QPainter,
    block: Block,
    state: BlockState,
    palette: QPalette,
    fonts: Fonts,
    rows: Sequence[TextRow],
    star: StarGlyph | None = None,
) -> None:
    """Fill, stripe, projected bar, border, the laid-out text and (when starred, given
    the glyph) the star of one block.

    Everything but the small badges is axis-aligned fills, which stay fast and sharp on
    a 4K screen; antialiased strokes of large shapes cost far more there.
    """
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
    painter.fillRect(rect, fill)
    painter.fillRect(QRectF(rect.left(), rect.top(), STRIPE_WIDTH, rect.height()), stripe)

    if block.projected is not None:
        # A bar along the right edge marks where the projected times put the session.
        bar = projected_bar_width(block, fonts)
        projected = block.projected
        marker = QRectF(rect.right() - bar - 3, projected.top() + 2, bar, projected.height() - 4)
        painter.fillRect(marker, stripe)
        _frame(painter, marker, 1, ink)

    _paint_border(painter, rect, state, palette, stripe, fill)
    _paint_text(painter, block, state, palette, fonts, ink, rows)
    if state.starred and star is not None:
        _paint_star(painter, block, fonts, ink, star)


def _paint_star(
    painter: QPainter, block: Block, fonts: Fonts, ink: QColor, star: StarGlyph
) -> None:
    """The gold star outlined in the text's ink: its shape reads without the colour."""
    place = star_rect(block, fonts)
    if place is None:
        return
    side = round(place.width())
    ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
    painter.drawPixmap(place.topLeft(), star.pixmap(ink, side, ratio))


def _paint_border(
    painter: QPainter,
    rect: QRectF,
    state: BlockState,
    palette: QPalette,
    stripe: QColor,
    fill: QColor,
) -> None:
    highlight = palette.color(QPalette.ColorRole.Highlight)
    if state.selected:
        _frame(painter, rect, 3, highlight)
    elif state.status == "now":
        _frame(painter, rect, 3, now_color(palette))
    elif state.status == "next":
        painter.setPen(QPen(block_text(palette), 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
    else:
        # Opaque (a blend, not alpha): opaque fills are plain memory writes.
        _frame(painter, rect, 1, mix(fill, stripe, 0.6))
    if state.selected and state.focused:
        painter.setPen(QPen(highlight, 1, Qt.PenStyle.DotLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(5, 4, -5, -4))


def _paint_badge(
    painter: QPainter, text: str, x: float, top: float, line: float, fonts: Fonts, color: QColor
) -> float:
    """Draw a status pill; returns its width."""
    metrics = QFontMetricsF(fonts.badge)
    width = metrics.horizontalAdvance(text) + metrics.height() * 0.8
    height = min(line - 2, metrics.height() + 2)
    pill = QRectF(x, top + (line - height) / 2, width, height)
    _paint_pill(painter, pill, color, text, fonts.badge)
    return width


def _paint_pill(painter: QPainter, pill: QRectF, color: QColor, text: str, font: QFont) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    radius = pill.height() / 2
    painter.drawRoundedRect(pill, radius, radius)
    painter.setFont(font)
    painter.setPen(on_color(color))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def _paint_text(
    painter: QPainter,
    block: Block,
    state: BlockState,
    palette: QPalette,
    fonts: Fonts,
    ink: QColor,
    rows: Sequence[TextRow],
) -> None:
    box = text_box(block, fonts)
    line = fonts.line
    pad = max(3.0, round(line * 0.25))
    badge = STATUS_BADGES.get(state.status)
    color = now_color(palette) if state.status == "now" else block_text(palette)
    y = box.top()
    for row in rows:
        x = box.left()
        if row.badge and badge:
            x += _paint_badge(painter, badge, x, y, line, fonts, color) + pad
        painter.setFont(fonts.title if row.title else fonts.text)
        painter.setPen(ink)
        offset = fonts.title_offset if row.title else fonts.text_offset
        painter.drawStaticText(QPointF(x, y + offset), row.static)
        y += line


def paint_now_line(
    painter: QPainter,
    layout: TimelineLayout,
    now: datetime,
    palette: QPalette,
    fonts: Fonts,
) -> None:
    y = round(layout.y_of(now))
    color = now_color(palette)
    ruler = layout.metrics.ruler_width
    painter.fillRect(QRectF(ruler - 4, y - 1, layout.width - ruler + 4, 2), color)
    label = format_time(now, layout.zone)
    metrics = QFontMetricsF(fonts.badge)
    width = metrics.horizontalAdvance(label) + metrics.height() * 0.8
    height = metrics.height() + 4
    pill = QRectF(ruler - width - 4, y - height / 2, width, height)
    _paint_pill(painter, pill, color, label, fonts.badge)
