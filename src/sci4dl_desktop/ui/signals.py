"""Change notifications shared by every page of one open event."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class EventSignals(QObject):
    """Pages emit after they change the database, and listen to refresh what they show.

    Topics are table-level words: "sessions", "posters", "people", "attendees",
    "pairings", "stars", "timers", "check_ins", "event".
    """

    data_changed = Signal(str)
