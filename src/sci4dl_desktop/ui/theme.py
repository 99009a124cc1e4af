"""Light and dark palettes that follow the system colour scheme.

The app uses the Fusion style with its own light and dark palettes, chosen from
`QStyleHints.colorScheme()` and switched live when the system scheme changes. Set
SCI4DL_COLOR_SCHEME=light or dark to override the system (for instance on a desktop
that does not report its scheme).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

SCHEME_VARIABLE = "SCI4DL_COLOR_SCHEME"

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# Shared accent: a blue that keeps AA contrast with white text and reads on both schemes.
_LIGHT: dict[QPalette.ColorRole, str] = {
    Role.Window: "#eef0f3",
    Role.WindowText: "#1b1e23",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f5f6f8",
    Role.ToolTipBase: "#ffffff",
    Role.ToolTipText: "#1b1e23",
    Role.PlaceholderText: "#6b717b",
    Role.Text: "#1b1e23",
    Role.Button: "#f7f8fa",
    Role.ButtonText: "#1b1e23",
    Role.BrightText: "#c62828",
    Role.Light: "#ffffff",
    Role.Midlight: "#e3e6ea",
    Role.Mid: "#c4c9d0",
    Role.Dark: "#9aa1ab",
    Role.Shadow: "#5c6370",
    Role.Highlight: "#2f64d6",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#1f57c8",
    Role.LinkVisited: "#6a3fb5",
    Role.Accent: "#2f64d6",
}

_DARK: dict[QPalette.ColorRole, str] = {
    Role.Window: "#202328",
    Role.WindowText: "#e8eaed",
    Role.Base: "#17191d",
    Role.AlternateBase: "#1d2024",
    Role.ToolTipBase: "#2b2f35",
    Role.ToolTipText: "#e8eaed",
    Role.PlaceholderText: "#9aa0a9",
    Role.Text: "#e8eaed",
    Role.Button: "#2b2f35",
    Role.ButtonText: "#e8eaed",
    Role.BrightText: "#ff8a80",
    Role.Light: "#3a3f46",
    Role.Midlight: "#33373d",
    Role.Mid: "#4a5059",
    Role.Dark: "#141619",
    Role.Shadow: "#000000",
    Role.Highlight: "#3a6fd8",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#8ab4ff",
    Role.LinkVisited: "#c3a6ff",
    Role.Accent: "#3a6fd8",
}


def make_palette(dark: bool) -> QPalette:
    colours = _DARK if dark else _LIGHT
    palette = QPalette()
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    window_text = QColor(colours[Role.WindowText])
    disabled = QColor(window_text)
    disabled.setAlphaF(0.45)
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, disabled)
    palette.setColor(Group.Disabled, Role.Highlight, QColor(colours[Role.Mid]))
    palette.setColor(Group.Inactive, Role.Highlight, QColor(colours[Role.Highlight]))
    palette.setColor(Group.Inactive, Role.HighlightedText, QColor(colours[Role.HighlightedText]))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(Role.Window).lightnessF() < 0.5


def system_prefers_dark() -> bool:
    forced = os.environ.get(SCHEME_VARIABLE, "").strip().lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


class ThemeFollower(QObject):
    """Applies the palette matching the system scheme, now and whenever it changes."""

    changed = Signal(bool)  # dark

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self.dark = False
        app.setStyle("Fusion")
        self.apply(system_prefers_dark())
        app.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)

    def _on_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        self.apply(system_prefers_dark())

    def apply(self, dark: bool) -> None:
        self.dark = dark
        self._app.setPalette(make_palette(dark))
        self.changed.emit(dark)
