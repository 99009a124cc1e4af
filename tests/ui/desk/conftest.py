"""Fixtures for the desk page: a shown page on the demo event, with sounds recorded, not played."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.page import DeskPage
from sci4dl_desktop.ui.desk.sounds import VerdictSounds


class RecordingSounds(VerdictSounds):
    """The real mute logic, with the audio output replaced by a list of what would play."""

    def __init__(self, settings: QSettings) -> None:
        super().__init__(settings)
        self.played: list[VerdictState] = []

    def _output(self, state: VerdictState) -> None:
        self.played.append(state)


class DeferredRunner:
    """A task runner that keeps work until the test runs it: the GUI must not wait for it."""

    def __init__(self) -> None:
        self.queue: list[tuple[Callable[[], Any], Callable[[Any], None], Any]] = []

    def run(
        self, func: Callable[[], Any], on_done: Callable[[Any], None], on_error: Any = None
    ) -> None:
        self.queue.append((func, on_done, on_error))

    def run_all(self, *, newest_first: bool = False) -> None:
        while self.queue:
            func, on_done, _ = self.queue.pop(-1 if newest_first else 0)
            on_done(func())


@pytest.fixture
def deferred_runner() -> DeferredRunner:
    return DeferredRunner()


@pytest.fixture
def make_page(qtbot: QtBot, app_context: AppContext) -> Callable[..., DeskPage]:
    def make(context: AppContext = app_context) -> DeskPage:
        page = DeskPage(context, sounds=RecordingSounds(context.settings))
        qtbot.addWidget(page)
        page.resize(1366, 768)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow)  # shortcuts and focus work as on a real desk
        page.search_panel.search.setFocus()
        return page

    return make


@pytest.fixture
def page(make_page: Callable[..., DeskPage]) -> DeskPage:
    return make_page()
