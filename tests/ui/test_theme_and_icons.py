"""Light and dark palettes that follow the system, and icons that follow the palette."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sci4dl_desktop.ui import theme
from sci4dl_desktop.ui.icons import icon, svg_text
from sci4dl_desktop.ui.new_event_dialog import NewEventDialog
from sci4dl_desktop.ui.pages import PAGES
from sci4dl_desktop.ui.welcome import WelcomeScreen

PAGE_ICONS = [
    "schedule",
    "posters",
    "mentorship",
    "desk",
    "arrivals",
    "chair",
    "agenda",
    "kiosk",
    "data",
    "pairings",
]


@pytest.fixture
def restore_palette(qapp: QApplication) -> Iterator[None]:
    saved, style = QPalette(qapp.palette()), qapp.style().name()
    yield
    qapp.setStyle(style)
    qapp.setPalette(saved)


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_palettes_keep_text_readable(dark: bool) -> None:
    palette = theme.make_palette(dark)
    assert theme.is_dark(palette) is dark
    role = QPalette.ColorRole
    for text, background in (
        (role.WindowText, role.Window),
        (role.Text, role.Base),
        (role.ButtonText, role.Button),
        (role.HighlightedText, role.Highlight),
        (role.PlaceholderText, role.Base),
    ):
        ratio = contrast(palette.color(text), palette.color(background))
        assert ratio >= 4.5, f"{text.name} on {background.name}: {ratio:.2f}"


def test_the_palette_follows_the_system_scheme(
    qapp: QApplication, restore_palette: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower = theme.ThemeFollower(qapp)
    changes: list[bool] = []
    follower.changed.connect(changes.append)
    try:
        monkeypatch.setenv(theme.SCHEME_VARIABLE, "dark")
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert changes == [True]
        assert theme.is_dark(qapp.palette())
        monkeypatch.setenv(theme.SCHEME_VARIABLE, "light")
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert changes == [True, False]
        assert not theme.is_dark(qapp.palette())
    finally:
        qapp.styleHints().colorSchemeChanged.disconnect(follower._on_scheme_changed)
        follower.deleteLater()


def ink(name: str, mode: QIcon.Mode = QIcon.Mode.Normal) -> QColor:
    """The colour of the most opaque pixel of the icon drawn at 2x scale."""
    image = icon(name).pixmap(QSize(24, 24), 2.0, mode).toImage()
    assert image.width() == 48, "drawn at the device pixel size"
    best = QColor(0, 0, 0, 0)
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() > best.alpha():
                best = pixel
    return best


@pytest.mark.parametrize("dark", [False, True])
def test_icons_are_drawn_in_the_palette_text_colour(
    qapp: QApplication, restore_palette: None, dark: bool
) -> None:
    qapp.setPalette(theme.make_palette(dark))
    palette = QGuiApplication.palette()
    assert ink("schedule").name() == palette.color(QPalette.ColorRole.WindowText).name()
    selected = ink("schedule", QIcon.Mode.Selected)
    assert selected.name() == palette.color(QPalette.ColorRole.HighlightedText).name()


def test_every_page_and_planned_page_has_an_icon() -> None:
    for name in {*PAGE_ICONS, *(spec.icon for spec in PAGES)}:
        text = svg_text(name)
        assert 'viewBox="0 0 24 24"' in text and "currentColor" in text, name
    assert "<svg" in svg_text("sci4dl-desktop")


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, (QAbstractButton, QLineEdit)) and widget.isVisibleTo(root):
            owner = widget.parentWidget()
            if isinstance(owner, (QComboBox, QAbstractSpinBox)):
                widget = owner  # the editor inside a combo box or date field: named there
            label = widget.accessibleName() or (
                widget.text() if isinstance(widget, QAbstractButton) else ""
            )
            if not label.strip():
                missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_welcome_and_new_event_controls_have_accessible_names(qtbot: QtBot, tmp_path: Path) -> None:
    welcome = WelcomeScreen()
    qtbot.addWidget(welcome)
    welcome.set_recent([str(tmp_path / "a.sci4dl")])
    dialog = NewEventDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert unnamed_controls(welcome) == []
    assert unnamed_controls(dialog) == []
    assert welcome.recent.accessibleName() == "Recent events"
