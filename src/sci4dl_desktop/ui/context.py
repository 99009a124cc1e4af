"""What every page is handed: the open event and the app's services (no global singletons)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QSettings

from sci4dl_desktop.domain.clock import Clock
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.signals import EventSignals
from sci4dl_desktop.ui.tasks import TaskRunner


@dataclass
class AppContext:
    database: Database
    clock: Clock
    settings: QSettings
    tasks: TaskRunner
    signals: EventSignals = field(default_factory=EventSignals)
    kiosk: bool = False

    @property
    def rehearsal(self) -> bool:
        return bool(getattr(self.clock, "rehearsal", False))
