"""Larger and bolder fonts from the palette's font: the one way the pages size their text.

Qt fonts carry either a point size or a pixel size; both scale here, so text grows
the same on a laptop, on a 4K screen and with a user's own font settings.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

MIN_POINT_SIZE = 10.5  # read from a step back, not only up close


def ensure_legible(widget: QWidget) -> None:
    """Raise `widget`'s font to MIN_POINT_SIZE when the system's is smaller.

    Call it on a page before building it: its children inherit the font, so every
    page that does reads at the same size.
    """
    font = widget.font()
    if 0 < font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        widget.setFont(font)


def scaled_font(source: QFont | QWidget, factor: float, bold: bool | None = None) -> QFont:
    """`source`'s font (a widget's own font) times `factor`, bold or not when `bold` is set."""
    font = QFont(source.font() if isinstance(source, QWidget) else source)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    if bold is not None:
        font.setBold(bold)
    return font


def scale_font(widget: QWidget, factor: float, bold: bool | None = None) -> None:
    """Give `widget` its own font times `factor`."""
    widget.setFont(scaled_font(widget, factor, bold))


__all__ = ["MIN_POINT_SIZE", "ensure_legible", "scale_font", "scaled_font"]
