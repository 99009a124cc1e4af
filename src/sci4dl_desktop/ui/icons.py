"""The app's icons: single-colour SVG line icons, tinted from the palette, crisp at any scale.

The icon files under resources/icons/ draw with `currentColor`. An SvgIconEngine renders
them at the exact device pixel size asked for, in the palette colour of the icon's mode
(window text normally, highlighted text when selected), so they stay legible in light
and dark mode and sharp on high-DPI screens.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

APP_ICON = "sci4dl-desktop"


@cache
def svg_text(name: str) -> str:
    """The SVG source of a bundled icon (raises FileNotFoundError for an unknown name)."""
    return (files("sci4dl_desktop.resources") / "icons" / f"{name}.svg").read_text("utf-8")


def icon_exists(name: str) -> bool:
    return (files("sci4dl_desktop.resources") / "icons" / f"{name}.svg").is_file()


def _mode_colour(mode: QIcon.Mode, palette: QPalette) -> QColor:
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)


class SvgIconEngine(QIconEngine):
    """Renders one SVG icon, replacing currentColor with the palette colour of the mode."""

    def __init__(self, name: str, colour: QColor | None = None) -> None:
        super().__init__()
        self._name = name
        self._fixed = QColor(colour) if colour is not None else None
        self._renderers: dict[str, QSvgRenderer] = {}
        self._pixmaps: dict[tuple[int, int, int, str], QPixmap] = {}

    def _renderer(self, colour: QColor) -> QSvgRenderer:
        key = colour.name(QColor.NameFormat.HexArgb)
        renderer = self._renderers.get(key)
        if renderer is None:
            text = svg_text(self._name).replace("currentColor", colour.name())
            if colour.alpha() < 255:
                text = text.replace("<svg ", f'<svg opacity="{colour.alphaF():.3f}" ', 1)
            renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
            self._renderers[key] = renderer
        return renderer

    def _colour(self, mode: QIcon.Mode) -> QColor:
        if self._fixed is not None:
            return self._fixed
        return _mode_colour(mode, QGuiApplication.palette())

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        renderer = self._renderer(self._colour(mode))
        side = min(rect.width(), rect.height())
        square = QRectF(
            rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2, side, side
        )
        renderer.render(painter, square)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        colour = self._colour(mode)
        width, height = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
        key = (width, height, int(mode.value), colour.name(QColor.NameFormat.HexArgb))
        cached = self._pixmaps.get(key)
        if cached is None:
            cached = QPixmap(width, height)
            cached.fill(Qt.GlobalColor.transparent)
            painter = QPainter(cached)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.paint(painter, QRect(0, 0, width, height), mode, state)
            painter.end()
            if len(self._pixmaps) > 64:
                self._pixmaps.clear()
            self._pixmaps[key] = cached
        result = QPixmap(cached)
        result.setDevicePixelRatio(scale)
        return result

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._name, self._fixed)

    def key(self) -> str:
        return "sci4dl-svg"


def icon(name: str, colour: QColor | None = None) -> QIcon:
    """A bundled line icon, tinted from the palette (or drawn in a fixed colour)."""
    svg_text(name)  # fail early and clearly on a misspelt name
    return QIcon(SvgIconEngine(name, colour))


class AppIconEngine(SvgIconEngine):
    """The full-colour app icon: drawn at whatever size is asked, and lists the usual
    sizes for window managers that want a set of pixmaps."""

    SIZES = (16, 24, 32, 48, 64, 128, 256)

    def __init__(self) -> None:
        super().__init__(APP_ICON)

    def availableSizes(
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(side, side) for side in self.SIZES]

    def clone(self) -> QIconEngine:
        return AppIconEngine()


@cache
def app_icon() -> QIcon:
    """The application icon (rendered on demand, so start-up pays for one size only)."""
    return QIcon(AppIconEngine())


class IconWidget(QWidget):
    """A fixed-size icon that repaints itself, so it follows palette and screen changes."""

    def __init__(self, icon_: QIcon, side: int = 16, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon = icon_
        self.setFixedSize(side, side)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_icon(self, icon_: QIcon) -> None:
        self._icon = icon_
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        mode = QIcon.Mode.Normal if self.isEnabled() else QIcon.Mode.Disabled
        self._icon.paint(painter, self.rect(), Qt.AlignmentFlag.AlignCenter, mode)
        painter.end()
