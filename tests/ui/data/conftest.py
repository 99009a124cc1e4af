"""Fixtures of the event data tests: a main window on a private demo event file."""

from __future__ import annotations

from pathlib import Path

import pytest
from data_helpers import WindowFactory
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.database import Database, copy_file_database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.main_window import MainWindow
from sci4dl_desktop.ui.pages import PageSpec
from sci4dl_desktop.ui.tasks import SynchronousRunner, TaskRunner


@pytest.fixture
def event_file(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "events" / "sci4dl.sci4dl"
    path.parent.mkdir()
    copy_file_database(demo_template, path)
    return path


@pytest.fixture
def open_window(
    qtbot: QtBot, tmp_path: Path, fake_clock: FakeClock, event_file: Path
) -> WindowFactory:
    """A main window with the demo event open (no pages unless given)."""

    def make(pages: tuple[PageSpec, ...] = (), tasks: TaskRunner | None = None) -> MainWindow:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        runner = tasks or SynchronousRunner()

        def context(database: Database) -> AppContext:
            return AppContext(database, fake_clock, settings, runner)

        window = MainWindow(settings, context, pages=pages, tasks=SynchronousRunner())
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.open_target(str(event_file))
        assert window.context is not None
        return window

    return make
