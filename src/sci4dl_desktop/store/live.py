"""Hearing about other desks' writes as they commit, without polling whole tables.

* PostgreSQL: triggers (migrations 0002 and 0003) send "<table>:<attendee id>" on the channel
  `sci4dl_changes` in the writing transaction; `PostgresChangeFeed` LISTENs on its own
  psycopg connection and hands over what changed. After a lost connection it reconnects
  and reports `resync`, because notifications sent meanwhile are gone. Check-ins made by
  badge scans are not announced (a notifying transaction makes every other one wait for
  its commit, so eight desks would take turns at the disk): the feed reads them from the
  end of the check-in log instead, a few times a second (`LogTail`).
* SQLite (several windows on one file): `SqliteChangeFeed` reads `PRAGMA data_version`
  a few times a second, which changes only when another connection commits, and then
  reads the check-in log and audit log past the last row it saw (primary-key ranges).

Both run on a daemon thread of their own and call `on_changes` (and `on_connection`)
on that thread: the receiver must be thread-safe (the Qt adapter relays to the GUI).
"""

from __future__ import annotations

import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import URL

from sci4dl_desktop.store.database import server_connect_args

CHANNEL = "sci4dl_changes"
POLL_SECONDS = 0.25  # how long a batch collects before it is handed over
RECONNECT_SECONDS = 1.0


@dataclass(frozen=True)
class Changes:
    """What changed since the last batch (attendee ids), or `resync` when unknown."""

    check_ins: frozenset[int] = field(default_factory=frozenset)  # check-in state changed
    attendees: frozenset[int] = field(default_factory=frozenset)  # record added or changed
    resync: bool = False  # notifications may have been missed: re-read everything

    def __bool__(self) -> bool:
        return bool(self.check_ins or self.attendees or self.resync)

    def merged(self, other: Changes) -> Changes:
        return Changes(
            self.check_ins | other.check_ins,
            self.attendees | other.attendees,
            self.resync or other.resync,
        )


def parse_payloads(payloads: Collection[str]) -> Changes:
    """Changes from notification payloads such as "check_ins:42"; others are ignored."""
    check_ins: set[int] = set()
    attendees: set[int] = set()
    for payload in payloads:
        table, _, number = payload.partition(":")
        if not number.isdigit():
            continue
        if table == "check_ins":
            check_ins.add(int(number))
        elif table == "attendees":
            attendees.add(int(number))
    return Changes(frozenset(check_ins), frozenset(attendees))


ChangesCallback = Callable[[Changes], None]
ConnectionCallback = Callable[[bool], None]


def _ignore_connection(_connected: bool) -> None:
    return None


class ChangeFeed(ABC):
    """A background thread that reports changes until `stop()`."""

    def __init__(
        self, on_changes: ChangesCallback, on_connection: ConnectionCallback | None = None
    ) -> None:
        self._on_changes = on_changes
        self._on_connection = on_connection or _ignore_connection
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._guarded, name=type(self).__name__)
        self._thread.daemon = True
        self.connected = False

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            self._on_connection(connected)

    def _guarded(self) -> None:
        while not self._stop.is_set():
            try:
                self._run()
            except Exception:  # a broken receiver must not end live updates for good
                self._set_connected(False)
                self._stop.wait(RECONNECT_SECONDS)

    @abstractmethod
    def _run(self) -> None:
        """Watch until stopped or until the connection fails (then it is called again)."""


def psycopg_conninfo(url: URL) -> str:
    """The libpq connection string of a SQLAlchemy PostgreSQL URL."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class LogTail:
    """New check-in log rows since the last look, by id: a primary-key range at the end.

    Ids come from a sequence when the statement runs, so a row may commit a moment after
    rows with higher ids. The last `WINDOW` ids are therefore read again on every look
    and only rows not seen before are reported. The check-ins read here are those of
    badge scans, single statements whose commit follows their id within milliseconds;
    longer transactions announce their check-ins by notification (migration 0003).
    """

    WINDOW = 64

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        row = connection.execute("SELECT coalesce(max(id), 0) FROM check_ins").fetchone()
        self._floor = int(row[0]) if row else 0  # rows up to here: seen (or before us)
        self._seen: set[int] = set()  # ids above the floor already reported

    def read(self, connection: psycopg.Connection[Any]) -> Changes:
        rows = connection.execute(
            "SELECT id, attendee_id FROM check_ins WHERE id > %s", (self._floor,), prepare=True
        ).fetchall()
        fresh = [(log_id, attendee) for log_id, attendee in rows if log_id not in self._seen]
        self._seen.update(log_id for log_id, _ in fresh)
        if rows:
            self._floor = max(self._floor, max(log_id for log_id, _ in rows) - self.WINDOW)
            self._seen = {log_id for log_id in self._seen if log_id > self._floor}
        return Changes(check_ins=frozenset(attendee for _, attendee in fresh))


class PostgresChangeFeed(ChangeFeed):
    """LISTEN on `sci4dl_changes` with a connection of its own (autocommit)."""

    def __init__(
        self,
        url: URL,
        on_changes: ChangesCallback,
        on_connection: ConnectionCallback | None = None,
    ) -> None:
        super().__init__(on_changes, on_connection)
        self._conninfo = psycopg_conninfo(url)
        self._connect_args: dict[str, Any] = server_connect_args(url)
        self._connect_args["application_name"] = "sci4dl-desktop live updates"
        self._ever_connected = False
        self.connection_pid: int | None = None

    def _run(self) -> None:
        try:
            connection = psycopg.connect(self._conninfo, autocommit=True, **self._connect_args)
        except psycopg.Error:
            self._set_connected(False)
            self._stop.wait(RECONNECT_SECONDS)
            return
        with connection:
            connection.execute(f"LISTEN {CHANNEL}")
            tail = LogTail(connection)
            self.connection_pid = connection.info.backend_pid
            if self._ever_connected:
                self._on_changes(Changes(resync=True))
            self._ever_connected = True
            self._set_connected(True)
            try:
                while not self._stop.is_set():
                    payloads = [n.payload for n in connection.notifies(timeout=POLL_SECONDS)]
                    changes = parse_payloads(payloads).merged(tail.read(connection))
                    if changes:
                        self._on_changes(changes)
            except psycopg.Error:
                self._set_connected(False)
                self._stop.wait(RECONNECT_SECONDS)


class SqliteChangeFeed(ChangeFeed):
    """Watches an event file for commits by other connections (other windows, processes).

    `attendee_actions` are the audit actions that mean an attendee's record changed
    (a walk-in registered, a badge reissued); new attendee rows are seen by their id.
    """

    def __init__(
        self,
        path: Path,
        on_changes: ChangesCallback,
        on_connection: ConnectionCallback | None = None,
        *,
        attendee_actions: Collection[str] = (),
        interval: float = POLL_SECONDS,
    ) -> None:
        super().__init__(on_changes, on_connection)
        self._path = path
        self._attendee_actions = tuple(attendee_actions)
        self._interval = interval
        self.ready = threading.Event()  # set once the starting point has been read

    def _run(self) -> None:
        connection = sqlite3.connect(
            f"{self._path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
        )
        try:
            connection.execute("PRAGMA busy_timeout = 5000")
            version = self._data_version(connection)
            marks = self._marks(connection)
            self._set_connected(True)
            self.ready.set()
            while not self._stop.wait(self._interval):
                now = self._data_version(connection)
                if now == version:
                    continue
                version = now
                changes, marks = self._changes_since(connection, marks)
                if changes:
                    self._on_changes(changes)
        finally:
            connection.close()

    @staticmethod
    def _data_version(connection: sqlite3.Connection) -> int:
        return int(connection.execute("PRAGMA data_version").fetchone()[0])

    @staticmethod
    def _marks(connection: sqlite3.Connection) -> tuple[int, int, int]:
        row = connection.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM check_ins),"
            " (SELECT COALESCE(MAX(id), 0) FROM audit_log),"
            " (SELECT COALESCE(MAX(id), 0) FROM attendees)"
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def _changes_since(
        self, connection: sqlite3.Connection, marks: tuple[int, int, int]
    ) -> tuple[Changes, tuple[int, int, int]]:
        log_mark, audit_mark, attendee_mark = marks
        connection.execute("BEGIN")  # one read transaction: a consistent view of the tables
        try:
            log = connection.execute(
                "SELECT id, attendee_id FROM check_ins WHERE id > ? ORDER BY id", (log_mark,)
            ).fetchall()
            action_params = ",".join("?" * len(self._attendee_actions)) or "NULL"
            audit = connection.execute(
                "SELECT id, attendee_id, action IN (" + action_params + ") FROM audit_log "
                "WHERE id > ? ORDER BY id",
                (*self._attendee_actions, audit_mark),
            ).fetchall()
            people = connection.execute(
                "SELECT id FROM attendees WHERE id > ? ORDER BY id", (attendee_mark,)
            ).fetchall()
        finally:
            connection.execute("COMMIT")
        check_ins = frozenset(int(row[1]) for row in log)
        attendees = {int(row[1]) for row in audit if row[2] and row[1] is not None}
        attendees.update(int(row[0]) for row in people)
        marks = (
            int(log[-1][0]) if log else log_mark,
            int(audit[-1][0]) if audit else audit_mark,
            int(people[-1][0]) if people else attendee_mark,
        )
        return Changes(check_ins, frozenset(attendees)), marks


__all__ = [
    "CHANNEL",
    "ChangeFeed",
    "Changes",
    "LogTail",
    "PostgresChangeFeed",
    "SqliteChangeFeed",
    "parse_payloads",
    "psycopg_conninfo",
]
