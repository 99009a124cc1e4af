"""Colours of session kinds and live states, derived from the current palette.

Block fills are a tint of the palette's base colour towards the kind's hue, so the
palette's own text colour stays readable on them in light and dark mode alike; the
full hue is kept for a stripe along the block's edge and the legend swatch. The kind
is always written too: colour is never the only signal.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from sci4dl_desktop.store.enums import SessionKind

KIND_HUES: dict[SessionKind, str] = {
    SessionKind.INVITED_TALK: "#3b6fd8",
    SessionKind.CONTRIBUTED_TALK: "#138a7e",
    SessionKind.PANEL: "#8e44ad",
    SessionKind.POSTER_SESSION: "#2e8b47",
    SessionKind.BREAK: "#b7791f",
    SessionKind.SOCIAL: "#d6457a",
    SessionKind.AWARD: "#9a7a00",
    SessionKind.OTHER: "#7a7f87",
}

LIGHT_TINT = 0.20
DARK_TINT = 0.34


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`a` moved `amount` (0..1) of the way towards `b`."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def hue(kind: SessionKind) -> QColor:
    return QColor(KIND_HUES[kind])


def accent(kind: SessionKind, palette: QPalette) -> QColor:
    """The kind's colour for stripes and swatches, lifted on dark backgrounds."""
    color = hue(kind)
    return color.lighter(135) if is_dark(palette) else color


def block_fill(kind: SessionKind, palette: QPalette) -> QColor:
    base = palette.color(QPalette.ColorRole.Base)
    return mix(base, hue(kind), DARK_TINT if is_dark(palette) else LIGHT_TINT)


def block_text(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Text)


def now_color(palette: QPalette) -> QColor:
    """The current-time line and the "Now" badge: a red that reads on both palettes."""
    return QColor("#ff7a70") if is_dark(palette) else QColor("#c62828")


def on_color(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background`."""
    black, white = QColor("#000000"), QColor("#ffffff")
    return (
        black if contrast_ratio(black, background) >= contrast_ratio(white, background) else white
    )


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
