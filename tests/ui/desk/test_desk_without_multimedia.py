"""A computer without the system's PulseAudio client library (libpulse0), which the bundle
takes from the system: Qt Multimedia links to it and does not load. The desk still checks
badges in, in silence, and says why it has no camera; the chair's chime stays silent."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.chair.sound import PhaseChime
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.page import DeskPage
from sci4dl_desktop.ui.desk.sounds import VerdictSounds

LENKA = "Lenka Zdeborová"


@pytest.fixture
def no_multimedia(monkeypatch: pytest.MonkeyPatch) -> None:
    """Importing Qt Multimedia (and the desk's modules built on it) fails, as it does when
    libQt6Multimedia cannot find libpulse.so.0."""
    for name in (
        "PySide6.QtMultimedia",
        "PySide6.QtMultimediaWidgets",
        "sci4dl_desktop.ui.desk.frame_decoder",
        "sci4dl_desktop.ui.desk.camera",
    ):
        monkeypatch.setitem(sys.modules, name, None)


@pytest.fixture
def silent_page(qtbot: QtBot, app_context: AppContext, no_multimedia: None) -> DeskPage:
    page = DeskPage(app_context, sounds=VerdictSounds(app_context.settings))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.search_panel.search.setFocus()
    return page


def test_the_camera_says_why_it_is_missing(qtbot: QtBot, silent_page: DeskPage) -> None:
    page = silent_page
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert page.tools.camera is None
    assert not page.tools.camera_button.isChecked()
    assert page.verdict.headline.text() == "Ready: scan a badge"  # the desk still works
    assert page.verdict.subline.text().startswith("No camera here")
    assert "libpulse0" in page.verdict.subline.text()
    assert "Ctrl+I" in page.verdict.subline.text()  # what to do instead
    assert "Qt Multimedia does not load" in page.tools.camera_button.toolTip()


def test_a_badge_is_checked_in_in_silence(qtbot: QtBot, silent_page: DeskPage) -> None:
    page = silent_page
    assert page.sounds.enabled
    with page._context.database.session() as s:
        attendee = s.scalars(select(Attendee).where(Attendee.name == LENKA)).one()
    page.scan(page.service.token_for(attendee))
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED, timeout=5000)
    assert page.verdict.headline.text() == f"Welcome, {LENKA}"
    assert page.sounds.unavailable is not None  # tried once, then stays quiet
    assert page.sounds.play(VerdictState.ADMITTED) is False
    # ... and the sound button no longer claims there is sound
    assert not page.sound_button.isEnabled()
    assert page.sound_button.text() == "No sound"
    assert "libpulse0" in page.sound_button.toolTip()
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert page.sound_button.text() == "No sound"


def test_the_chair_chime_stays_silent(qapp: object, no_multimedia: None) -> None:
    chime = PhaseChime()
    chime.enabled = True
    chime.ring()  # must not raise
    assert chime.rung == 0
