"""Fixtures for the chair page tests: the demo day at 09:00, a page with the focus."""

from __future__ import annotations

import pytest
from chair_helpers import at, clock_of, open_page
from pytestqt.qtbot import QtBot

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.ui.chair.page import ChairPage
from sci4dl_desktop.ui.context import AppContext


@pytest.fixture
def nine(app_context: AppContext) -> FakeClock:
    """The event clock at 09:00, when the first invited talk is due."""
    clock = clock_of(app_context)
    clock.current = at("09:00")
    return clock


@pytest.fixture
def page(qtbot: QtBot, app_context: AppContext, nine: FakeClock) -> ChairPage:
    return open_page(qtbot, app_context)
