"""Fixtures for pytest-qt tests: an AppContext on a private copy of the demo event."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.tasks import SynchronousRunner


@pytest.fixture
def app_context(
    qapp: object, demo_db: Database, fake_clock: FakeClock, tmp_path: Path
) -> AppContext:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppContext(
        database=demo_db, clock=fake_clock, settings=settings, tasks=SynchronousRunner()
    )
