"""Live updates for the pages of one open event: other desks' check-ins as they commit.

A thin Qt adapter over store/live.py: the change feed runs on its own thread; its
batches are relayed to the GUI thread, handed to the registered appliers on a worker
(`context.tasks`, e.g. the desk's search index and offline copy take in the changed
attendees), and then announced to every page as `context.signals.data_changed`:
"check_ins" when someone's check-in changed, "attendees" when the register did.

One adapter per open event, shared by the pages that ask for it (`LiveUpdates.attach`).
It stops with the widget that first asked for it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from sci4dl_desktop.domain.checkin_types import AuditAction
from sci4dl_desktop.store.live import ChangeFeed, Changes, PostgresChangeFeed, SqliteChangeFeed
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.signals import EventSignals

Applier = Callable[[Changes], None]

_ADAPTERS: weakref.WeakKeyDictionary[EventSignals, LiveUpdates] = weakref.WeakKeyDictionary()


def make_feed(
    context: AppContext,
    on_changes: Callable[[Changes], None],
    on_connection: Callable[[bool], None],
) -> ChangeFeed | None:
    """The change feed that suits the event's database, or None (an in-memory database)."""
    database = context.database
    if database.is_postgresql:
        return PostgresChangeFeed(database.url, on_changes, on_connection)
    path = database.file_path
    if path is not None:
        actions = (AuditAction.WALK_IN.value, AuditAction.REISSUE.value)
        return SqliteChangeFeed(path, on_changes, on_connection, attendee_actions=actions)
    return None


class LiveUpdates(QObject):
    """Relays one event's change feed to its pages."""

    changes_arrived = Signal(object)  # Changes, on the GUI thread, after the appliers ran
    connection_changed = Signal(bool)  # the feed is (or is no longer) hearing every change
    _relay_changes = Signal(object)
    _relay_connection = Signal(bool)

    def __init__(self, context: AppContext, owner: QWidget) -> None:
        super().__init__(owner)
        self._context = context
        self._appliers: list[Applier] = []
        self._waiting: Changes | None = None
        self._applying = False
        self.connected = False
        self.announcing = False
        self._relay_changes.connect(self._arrived)
        self._relay_connection.connect(self._connection)
        self.feed = make_feed(context, self._relay_changes.emit, self._relay_connection.emit)
        if self.feed is not None:
            feed = self.feed
            owner.destroyed.connect(lambda *_: feed.stop(timeout=1.0))
            feed.start()

    @classmethod
    def attach(cls, context: AppContext, owner: QWidget) -> LiveUpdates:
        """The event's adapter, started for `owner` if no page has started one yet."""
        found = _ADAPTERS.get(context.signals)
        if found is None:
            found = cls(context, owner)
            _ADAPTERS[context.signals] = found
            owner.destroyed.connect(lambda *_: _ADAPTERS.pop(context.signals, None))
        return found

    def add_applier(self, applier: Applier) -> None:
        """Run `applier(changes)` on a worker before the changes are announced."""
        self._appliers.append(applier)

    def stop(self) -> None:
        if self.feed is not None:
            self.feed.stop()

    @Slot(bool)
    def _connection(self, connected: bool) -> None:
        self.connected = connected
        self.connection_changed.emit(connected)

    @Slot(object)
    def _arrived(self, changes: Changes) -> None:
        self._waiting = changes if self._waiting is None else self._waiting.merged(changes)
        if not self._applying:
            self._apply_waiting()

    def _apply_waiting(self) -> None:
        changes, self._waiting = self._waiting, None
        if changes is None:
            return
        self._applying = True
        appliers = list(self._appliers)

        def work() -> Changes:
            for applier in appliers:
                applier(changes)
            return changes

        self._context.tasks.run(work, self._applied, self._failed)

    def _applied(self, changes: Changes) -> None:
        self._applying = False
        self._announce(changes)
        self._apply_waiting()

    def _failed(self, exc: BaseException) -> None:
        self._applying = False
        self._announce(Changes(resync=True))
        self._apply_waiting()

    def _announce(self, changes: Changes) -> None:
        self.changes_arrived.emit(changes)
        signals = self._context.signals
        self.announcing = True  # receivers can tell these from this window's own changes
        try:
            if changes.attendees or changes.resync:
                signals.data_changed.emit("attendees")
            if changes.check_ins or changes.resync:
                signals.data_changed.emit("check_ins")
        finally:
            self.announcing = False


__all__ = ["LiveUpdates", "make_feed"]
