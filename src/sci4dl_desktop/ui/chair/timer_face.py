"""The timer as a speaker sees it: huge numerals, a phase word, and the chair's message.

The same widget is the speaker display's whole content and the preview on the chair
page. It paints everything itself: fonts, metrics and the position of every glyph
are worked out once per size and cached, and so are the phase word and the message
and the numeral glyphs themselves, as ready images. A repaint (once a second) fills
the background and copies a handful of images, well under one 60 Hz frame at 4K;
when only the numerals changed, only their band of the window is repainted.

Each digit is drawn centred in a cell as wide as the widest digit (and the font's
tabular figures are asked for too), so the numerals never jitter as they change.

The stage has its own fixed colours, background and text together, whatever the
desktop's light or dark theme: dark, so it does not glare at the audience, and each
phase has a colour and a word, so colour is never the only signal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from sci4dl_desktop.domain.timer import Phase, Reading, TimerState


def tone_of(reading: Reading) -> str:
    """The face's colour scheme for a reading: idle, paused, finished, or the phase."""
    if reading.state is TimerState.IDLE:
        return "idle"
    if reading.state is TimerState.FINISHED:
        return "finished"
    if reading.state is TimerState.PAUSED and reading.phase is not Phase.OVERTIME:
        return "paused"
    return reading.phase.value


# tone -> (background, numerals, word)
STAGE_COLOURS: dict[str, tuple[QColor, QColor, QColor]] = {
    "idle": (QColor("#101418"), QColor("#C9D1D9"), QColor("#8B949E")),
    "normal": (QColor("#101418"), QColor("#F2F4F7"), QColor("#A9B4C0")),
    "questions": (QColor("#0D1A2E"), QColor("#E3EEFF"), QColor("#8DB8FF")),
    "wrap_up": (QColor("#2A2106"), QColor("#FFD042"), QColor("#FFD042")),
    "final_minute": (QColor("#3A1A03"), QColor("#FF9A3C"), QColor("#FFB26B")),
    "overtime": (QColor("#3A0A0A"), QColor("#FF5A52"), QColor("#FF8A84")),
    "paused": (QColor("#16191D"), QColor("#9AA4AE"), QColor("#C9D1D9")),
    "finished": (QColor("#101418"), QColor("#6E7781"), QColor("#8B949E")),
}
MESSAGE_COLOUR = QColor("#F2F4F7")  # reads on every stage background
WIDEST_PATTERN = "+00:00"  # numerals keep their size from the countdown into overtime


def _numeral_font(pixel_size: int) -> QFont:
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setWeight(QFont.Weight.Bold)
    font.setPixelSize(max(1, pixel_size))
    if hasattr(QFont, "Tag"):  # Qt 6.7+: tabular figures
        font.setFeature(QFont.Tag("tnum"), 1)
    return font


def _text_font(pixel_size: int, bold: bool) -> QFont:
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setWeight(QFont.Weight.DemiBold if bold else QFont.Weight.Normal)
    font.setPixelSize(max(1, pixel_size))
    return font


def pattern_of(text: str) -> str:
    return "".join("0" if ch.isdigit() else ch for ch in text)


@dataclass
class _Layout:
    """Everything worked out for one widget size and one shape of numerals."""

    numeral_font: QFont
    word_font: QFont
    message_font: QFont
    cell: dict[str, float]  # the width given to each glyph
    advance: dict[str, float]  # the glyph's own width
    baseline: float
    numerals_band: QRectF  # where the numerals can be, the whole width
    centre_x: float
    word_rect: QRectF
    message_rect: QRectF

    def width_of(self, text: str) -> float:
        return sum(self.cell.get(ch, self.cell["0"]) for ch in text)


GLYPHS = "0123456789:+-"


def compute_layout(size: QSize, pattern: str, with_message: bool) -> _Layout:
    width, height = float(max(1, size.width())), float(max(1, size.height()))
    margin = 0.04 * min(width, height)
    word_h = 0.13 * height
    message_h = 0.2 * height if with_message else 0.0
    top = margin + word_h
    area_h = height - top - message_h - margin * (2 if with_message else 1)
    area_w = width - 2 * margin

    reference = _numeral_font(100)
    metrics = QFontMetricsF(reference)
    digit = max(metrics.horizontalAdvance(d) for d in "0123456789")
    cells = {ch: metrics.horizontalAdvance(ch) for ch in GLYPHS}
    cells.update({d: digit for d in "0123456789"})
    shape = pattern if len(pattern) > len(WIDEST_PATTERN) else WIDEST_PATTERN
    shape_w = sum(cells.get(ch, digit) for ch in shape)
    digit_h = metrics.capHeight() or metrics.ascent() * 0.72
    scale = min(area_w * 0.94 / shape_w, area_h * 0.92 / digit_h)
    pixel = max(1, int(100 * scale))

    font = _numeral_font(pixel)
    fm = QFontMetricsF(font)
    digit = max(fm.horizontalAdvance(d) for d in "0123456789")
    advance = {ch: fm.horizontalAdvance(ch) for ch in GLYPHS}
    cell = dict(advance)
    cell.update({d: digit for d in "0123456789"})
    cap = fm.capHeight() or fm.ascent() * 0.72
    baseline = top + area_h / 2 + cap / 2
    band_top = max(0.0, baseline - fm.ascent())
    band = QRectF(0, band_top, width, min(height, baseline + fm.descent()) - band_top)

    word_font = _text_font(int(word_h * 0.62), bold=True)
    message_font = _text_font(int(max(message_h, 1) * 0.36), bold=False)
    return _Layout(
        numeral_font=font,
        word_font=word_font,
        message_font=message_font,
        cell=cell,
        advance=advance,
        baseline=baseline,
        numerals_band=band,
        centre_x=width / 2,
        word_rect=QRectF(margin, margin, area_w, word_h),
        message_rect=QRectF(margin, height - margin - message_h, area_w, message_h),
    )


class TimerFace(QWidget):
    """Paints the time left (or over), the phase word and an optional message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Speaker timer")
        self._text = "00:00"
        self._word = ""
        self._tone = "idle"
        self._message = ""
        self._layouts: dict[tuple[int, int, str, bool], _Layout] = {}
        self._glyphs: dict[str, tuple[QImage, QPointF]] = {}
        self._glyph_key: tuple[object, ...] = ()
        self._strips: list[tuple[QRectF, QImage]] = []
        self._strips_key: tuple[object, ...] = ()

    # -- state -------------------------------------------------------------------------------

    def text(self) -> str:
        return self._text

    def word(self) -> str:
        return self._word

    def tone(self) -> str:
        return self._tone

    def message(self) -> str:
        return self._message

    def show_reading(self, text: str, word: str, tone: str, message: str = "") -> bool:
        """Show new values; repaints (and returns True) only when something changed."""
        if tone not in STAGE_COLOURS:
            raise ValueError(f"unknown timer tone '{tone}'")
        values = (text, word, tone, message)
        if values == (self._text, self._word, self._tone, self._message):
            return False
        only_numerals = values[1:] == (self._word, self._tone, self._message) and pattern_of(
            text
        ) == pattern_of(self._text)
        self._text, self._word, self._tone, self._message = values
        self.setAccessibleDescription(f"{word}: {text}" + (f". {message}" if message else ""))
        if only_numerals:
            band = self.layout_for(self.size()).numerals_band
            self.update(band.toAlignedRect())
        else:
            self.update()
        return True

    # -- painting ------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(640, 300)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 110)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._layouts.clear()
        super().resizeEvent(event)

    def layout_for(self, size: QSize) -> _Layout:
        key = (size.width(), size.height(), pattern_of(self._text), bool(self._message))
        layout = self._layouts.get(key)
        if layout is None:
            if len(self._layouts) > 16:
                self._layouts.clear()
            layout = compute_layout(size, key[2], key[3])
            self._layouts[key] = layout
        return layout

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint_on(painter, self.size())
        finally:
            painter.end()

    def paint_on(self, painter: QPainter, size: QSize) -> None:
        """Paint the whole face on any painter (a widget, or an image for the benchmark)."""
        layout = self.layout_for(size)
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        background, numerals, word_colour = STAGE_COLOURS[self._tone]
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), background)
        strips = self._strips_for(size, layout, ratio, background, word_colour)
        for rect, image in strips:
            painter.drawImage(rect.topLeft(), image)
        glyphs = self._glyphs_for(layout, ratio, numerals)
        x = layout.centre_x - layout.width_of(self._text) / 2
        for ch in self._text:
            cell = layout.cell.get(ch, layout.cell["0"])
            origin = QPointF(x + (cell - layout.advance.get(ch, cell)) / 2, layout.baseline)
            glyph = glyphs.get(ch)
            if glyph is None:
                glyph = glyphs[ch] = render_glyph(ch, layout.numeral_font, numerals, ratio)
            painter.drawImage(origin + glyph[1], glyph[0])
            x += cell

    def _glyphs_for(
        self, layout: _Layout, ratio: float, colour: QColor
    ) -> dict[str, tuple[QImage, QPointF]]:
        """The numeral glyphs as ready images, for the current size and colour only."""
        key = (layout.numeral_font.pixelSize(), ratio, colour.rgba())
        if key != self._glyph_key:
            self._glyphs, self._glyph_key = {}, key
        return self._glyphs

    def _strips_for(
        self, size: QSize, layout: _Layout, ratio: float, background: QColor, colour: QColor
    ) -> list[tuple[QRectF, QImage]]:
        """The phase word and the message on their background, drawn only when they change."""
        key = (size.width(), size.height(), ratio, self._tone, self._word, self._message)
        if key == self._strips_key:
            return self._strips
        strips: list[tuple[QRectF, QImage]] = []
        wrap = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
        for text, rect, font, pen, flags in (
            (
                self._word,
                layout.word_rect,
                layout.word_font,
                colour,
                int(Qt.AlignmentFlag.AlignCenter),
            ),
            (self._message, layout.message_rect, layout.message_font, MESSAGE_COLOUR, wrap),
        ):
            if not text or rect.isEmpty():
                continue
            image = QImage(
                max(1, round(rect.width() * ratio)),
                max(1, round(rect.height() * ratio)),
                QImage.Format.Format_RGB32,  # opaque: copied, not blended
            )
            image.setDevicePixelRatio(ratio)
            image.fill(background)
            painter = QPainter(image)
            try:
                painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
                painter.setFont(font)
                painter.setPen(pen)
                painter.drawText(QRectF(0, 0, rect.width(), rect.height()), flags, text)
            finally:
                painter.end()
            strips.append((rect, image))
        self._strips, self._strips_key = strips, key
        return strips


def render_glyph(ch: str, font: QFont, colour: QColor, ratio: float) -> tuple[QImage, QPointF]:
    """One glyph drawn once into a tight transparent image, and where it sits from its origin.

    Glyphs this large are outlines that Qt would fill anew at every repaint; an image is
    only blended.
    """
    ink = QFontMetricsF(font).boundingRect(ch).adjusted(-2, -2, 2, 2)
    image = QImage(
        max(1, math.ceil(ink.width() * ratio)),
        max(1, math.ceil(ink.height() * ratio)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(QPointF(-ink.x(), -ink.y()), ch)
    finally:
        painter.end()
    return image, ink.topLeft()


__all__ = ["STAGE_COLOURS", "TimerFace", "compute_layout", "pattern_of"]
