"""The recently opened event files and the last open event, kept in the app's QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

RECENT_KEY = "events/recent"
LAST_KEY = "events/last"
MAX_RECENT = 10


def _as_list(value: object) -> list[str]:
    # An INI file gives back a one-item list as a plain string.
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if item]
    return []


def _is_file_target(target: str) -> bool:
    return "://" not in target


class RecentEvents:
    """Most recent first; database URLs (PostgreSQL) are kept as they are."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def entries(self) -> list[str]:
        return _as_list(self._settings.value(RECENT_KEY))

    def add(self, target: str) -> None:
        entries = [target, *(e for e in self.entries() if e != target)]
        self._settings.setValue(RECENT_KEY, entries[:MAX_RECENT])
        self._settings.setValue(LAST_KEY, target)

    def remove(self, target: str) -> None:
        self._settings.setValue(RECENT_KEY, [e for e in self.entries() if e != target])
        if self.last() == target:
            self.forget_last()

    def prune(self) -> list[str]:
        """Drop event files that no longer exist; returns what was dropped."""
        entries = self.entries()
        missing = [e for e in entries if _is_file_target(e) and not Path(e).is_file()]
        if missing:
            self._settings.setValue(RECENT_KEY, [e for e in entries if e not in missing])
            if self.last() in missing:
                self.forget_last()
        return missing

    def clear(self) -> None:
        self._settings.remove(RECENT_KEY)

    def last(self) -> str | None:
        value = self._settings.value(LAST_KEY)
        return str(value) if value else None

    def forget_last(self) -> None:
        self._settings.remove(LAST_KEY)

    def last_if_available(self) -> str | None:
        """The event open when the app last quit, if its file still exists."""
        last = self.last()
        if last is None:
            return None
        if _is_file_target(last) and not Path(last).is_file():
            return None
        return last


def display_name(target: str) -> str:
    """A short label: the file name, or the URL for a database server."""
    return Path(target).name if _is_file_target(target) else target
