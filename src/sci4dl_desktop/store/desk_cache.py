"""A desk's local file: its last copy of the attendee list, and its offline queue.

One SQLite file per desk and server event (under the state folder), written with
`synchronous=FULL` in WAL mode, so a commit is on disk when it returns:

* `meta`: the event's id, badge secret and time zone (what offline verdicts need);
* `attendees` and `admissions`: the last copy of the register and of who is in,
  kept current from the server's change notifications; an admission made here while
  offline is marked `local` until the server has it;
* `queue`: every scan and check-in made while the server was unreachable, each with its
  scan id, committed before its verdict is shown, and marked uploaded once the server
  has it (the scan id makes a second upload a no-op);
* `conflicts`: offline admissions of someone the server already had as admitted
  elsewhere, for staff to review.

Plain `sqlite3`, one connection guarded by a lock: any thread of the desk may call it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sci4dl_desktop.store.checkins import AdmissionRow, AttendeeRow
from sci4dl_desktop.store.enums import AttendeeCategory

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attendees (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, affiliation TEXT NOT NULL,
    category TEXT NOT NULL, roles TEXT NOT NULL, badge_serial TEXT NOT NULL,
    badge_revision INTEGER NOT NULL, person_id INTEGER, staff_note TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS attendees_serial ON attendees (badge_serial);
CREATE TABLE IF NOT EXISTS admissions (
    attendee_id INTEGER PRIMARY KEY, at TEXT NOT NULL, desk TEXT NOT NULL,
    local INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS queue (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, scan_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    attendee_id INTEGER, at TEXT NOT NULL, desk TEXT NOT NULL, detail TEXT NOT NULL,
    uploaded_at TEXT, outcome TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS queue_pending ON queue (uploaded_at, seq);
CREATE TABLE IF NOT EXISTS conflicts (
    scan_id TEXT PRIMARY KEY, attendee_id INTEGER NOT NULL, name TEXT NOT NULL,
    badge_serial TEXT NOT NULL, offline_at TEXT NOT NULL, offline_desk TEXT NOT NULL,
    server_at TEXT NOT NULL, server_desk TEXT NOT NULL, found_at TEXT NOT NULL,
    reviewed_at TEXT);
"""


class QueueKind(StrEnum):
    CHECK_IN = "check_in"  # admitted offline: a first check-in unless the server says otherwise
    RE_ENTRY = "re_entry"  # a re-entry recorded offline
    ALREADY = "already"  # an amber answer offline (audit only)
    REFUSED = "refused"  # a red answer offline (audit only)


@dataclass(frozen=True)
class QueuedScan:
    seq: int
    scan_id: str
    kind: QueueKind
    attendee_id: int | None
    at: datetime
    desk: str
    detail: str
    uploaded_at: datetime | None = None
    outcome: str = ""


@dataclass(frozen=True)
class Conflict:
    """Someone admitted here while offline whom the server had admitted elsewhere."""

    scan_id: str
    attendee_id: int
    name: str
    badge_serial: str
    offline_at: datetime
    offline_desk: str
    server_at: datetime
    server_desk: str
    found_at: datetime
    reviewed_at: datetime | None = None


@dataclass(frozen=True)
class CachedEvent:
    event_id: int
    secret: bytes
    timezone: str


def _text(instant: datetime) -> str:
    if instant.tzinfo is None:
        raise ValueError(f"naive datetime {instant!r}: instants must be time-zone aware")
    return instant.astimezone(UTC).isoformat()


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


def _attendee(row: tuple[object, ...]) -> AttendeeRow:
    return AttendeeRow(
        id=int(str(row[0])),
        name=str(row[1]),
        email=None if row[2] is None else str(row[2]),
        affiliation=str(row[3]),
        category=AttendeeCategory(str(row[4])),
        roles=list(json.loads(str(row[5]))),
        badge_serial=str(row[6]),
        badge_revision=int(str(row[7])),
        person_id=None if row[8] is None else int(str(row[8])),
        staff_note=str(row[9]),
    )


def _attendee_values(row: AttendeeRow) -> tuple[object, ...]:
    return (
        row.id,
        row.name,
        row.email,
        row.affiliation,
        row.category.value,
        json.dumps(list(row.roles)),
        row.badge_serial,
        row.badge_revision,
        row.person_id,
        row.staff_note,
    )


_ATTENDEE_SELECT = (
    "SELECT id, name, email, affiliation, category, roles, badge_serial, badge_revision,"
    " person_id, staff_note FROM attendees"
)
_QUEUE_SELECT = (
    "SELECT seq, scan_id, kind, attendee_id, at, desk, detail, uploaded_at, outcome FROM queue"
)


def _queued(row: tuple[object, ...]) -> QueuedScan:
    at = _instant(str(row[4]))
    assert at is not None
    return QueuedScan(
        seq=int(str(row[0])),
        scan_id=str(row[1]),
        kind=QueueKind(str(row[2])),
        attendee_id=None if row[3] is None else int(str(row[3])),
        at=at,
        desk=str(row[5]),
        detail=str(row[6]),
        uploaded_at=_instant(None if row[7] is None else str(row[7])),
        outcome=str(row[8]),
    )


class DeskCache:
    """The desk's local file (created on first use)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout = 15000")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")  # a queued check-in survives power loss
        self._db.executescript(_SCHEMA)
        self._set_meta("schema_version", str(SCHEMA_VERSION))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed (durably) when the block ends without error."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- event -----------------------------------------------------------------------------

    def _set_meta(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def _meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def save_event(self, event: CachedEvent) -> None:
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (
                    ("event_id", str(event.event_id)),
                    ("secret", event.secret.hex()),
                    ("timezone", event.timezone),
                ),
            )

    def event(self) -> CachedEvent | None:
        event_id, secret, zone = (
            self._meta("event_id"),
            self._meta("secret"),
            self._meta("timezone"),
        )
        if event_id is None or secret is None or zone is None:
            return None
        return CachedEvent(int(event_id), bytes.fromhex(secret), zone)

    def refreshed_at(self) -> datetime | None:
        """When the copy of the register was last complete (a full snapshot)."""
        return _instant(self._meta("refreshed_at"))

    # -- the copy of the register --------------------------------------------------------

    def replace_snapshot(
        self, attendees: Iterable[AttendeeRow], admissions: Iterable[AdmissionRow], at: datetime
    ) -> None:
        """The whole register and who is in, as the server has them now.

        Admissions made here and not yet uploaded are kept.
        """
        with self._write() as db:
            db.execute("DELETE FROM attendees")
            db.executemany(
                "INSERT INTO attendees VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_attendee_values(row) for row in attendees),
            )
            db.execute("DELETE FROM admissions WHERE local = 0")
            db.executemany(
                "INSERT OR IGNORE INTO admissions (attendee_id, at, desk) VALUES (?, ?, ?)",
                ((a.attendee_id, _text(a.at), a.desk) for a in admissions),
            )
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('refreshed_at', ?)", (_text(at),)
            )

    def update_attendees(self, rows: Iterable[AttendeeRow], gone: Iterable[int] = ()) -> None:
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO attendees VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_attendee_values(row) for row in rows),
            )
            db.executemany("DELETE FROM attendees WHERE id = ?", ((i,) for i in gone))

    def update_admissions(
        self, attendee_ids: Iterable[int], found: dict[int, AdmissionRow]
    ) -> None:
        """Set the admissions of these attendees to what the server has (none if absent)."""
        with self._write() as db:
            for attendee_id in attendee_ids:
                admission = found.get(attendee_id)
                if admission is None:
                    db.execute("DELETE FROM admissions WHERE attendee_id = ?", (attendee_id,))
                else:
                    db.execute(
                        "INSERT OR REPLACE INTO admissions (attendee_id, at, desk, local)"
                        " VALUES (?, ?, ?, 0)",
                        (attendee_id, _text(admission.at), admission.desk),
                    )

    def attendee_by_serial(self, serial: str) -> AttendeeRow | None:
        with self._lock:
            row = self._db.execute(
                _ATTENDEE_SELECT + " WHERE badge_serial = ?", (serial,)
            ).fetchone()
        return None if row is None else _attendee(row)

    def attendee(self, attendee_id: int) -> AttendeeRow | None:
        with self._lock:
            row = self._db.execute(_ATTENDEE_SELECT + " WHERE id = ?", (attendee_id,)).fetchone()
        return None if row is None else _attendee(row)

    def attendees(self) -> list[AttendeeRow]:
        with self._lock:
            rows = self._db.execute(_ATTENDEE_SELECT + " ORDER BY id").fetchall()
        return [_attendee(row) for row in rows]

    def admission_of(self, attendee_id: int) -> AdmissionRow | None:
        return self.admissions_of([attendee_id]).get(attendee_id)

    def admissions_of(self, attendee_ids: Iterable[int]) -> dict[int, AdmissionRow]:
        ids = list(attendee_ids)
        found: dict[int, AdmissionRow] = {}
        with self._lock:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                rows = self._db.execute(
                    "SELECT attendee_id, at, desk FROM admissions WHERE attendee_id IN ("
                    + ",".join("?" * len(part))
                    + ")",
                    part,
                ).fetchall()
                for attendee_id, at, desk in rows:
                    instant = _instant(str(at))
                    assert instant is not None
                    found[int(attendee_id)] = AdmissionRow(int(attendee_id), 0, instant, str(desk))
        return found

    def all_admissions(self) -> dict[int, AdmissionRow]:
        with self._lock:
            ids = [int(r[0]) for r in self._db.execute("SELECT attendee_id FROM admissions")]
        return self.admissions_of(ids)

    # -- the offline queue ---------------------------------------------------------------

    def enqueue(
        self,
        *,
        scan_id: str,
        kind: QueueKind,
        attendee_id: int | None,
        at: datetime,
        desk: str,
        detail: str = "",
        admit: bool = False,
    ) -> None:
        """Queue one offline action durably (and, with `admit`, record the admission here).

        Queueing a scan id that is already queued changes nothing.
        """
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO queue (scan_id, kind, attendee_id, at, desk, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (scan_id, kind.value, attendee_id, _text(at), desk, detail),
            )
            if admit and cursor.rowcount and attendee_id is not None:
                db.execute(
                    "INSERT OR IGNORE INTO admissions (attendee_id, at, desk, local)"
                    " VALUES (?, ?, ?, 1)",
                    (attendee_id, _text(at), desk),
                )

    def pending(self, limit: int | None = None) -> list[QueuedScan]:
        """Queued actions not uploaded yet, oldest first."""
        query = _QUEUE_SELECT + " WHERE uploaded_at IS NULL ORDER BY seq"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        with self._lock:
            return [_queued(row) for row in self._db.execute(query).fetchall()]

    def pending_count(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM queue WHERE uploaded_at IS NULL")
            return int(row.fetchone()[0])

    def pending_counts(self) -> dict[QueueKind, int]:
        """How many actions of each kind wait for upload."""
        with self._lock:
            rows = self._db.execute(
                "SELECT kind, COUNT(*) FROM queue WHERE uploaded_at IS NULL GROUP BY kind"
            ).fetchall()
        return {QueueKind(str(kind)): int(count) for kind, count in rows}

    def queued(self) -> list[QueuedScan]:
        """Every queued action, uploaded or not, newest first."""
        with self._lock:
            rows = self._db.execute(_QUEUE_SELECT + " ORDER BY seq DESC").fetchall()
        return [_queued(row) for row in rows]

    def mark_uploaded(
        self, scan_id: str, outcome: str, at: datetime, conflict: Conflict | None = None
    ) -> None:
        """The server has this action; record what became of it (and a conflict, if any)."""
        with self._write() as db:
            db.execute(
                "UPDATE queue SET uploaded_at = ?, outcome = ? WHERE scan_id = ?",
                (_text(at), outcome, scan_id),
            )
            db.execute(
                "UPDATE admissions SET local = 0 WHERE local = 1 AND attendee_id IN"
                " (SELECT attendee_id FROM queue WHERE scan_id = ?)",
                (scan_id,),
            )
            if conflict is not None:
                db.execute(
                    "INSERT OR IGNORE INTO conflicts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                    (
                        conflict.scan_id,
                        conflict.attendee_id,
                        conflict.name,
                        conflict.badge_serial,
                        _text(conflict.offline_at),
                        conflict.offline_desk,
                        _text(conflict.server_at),
                        conflict.server_desk,
                        _text(conflict.found_at),
                    ),
                )

    # -- conflicts ---------------------------------------------------------------------

    def conflicts(self, *, include_reviewed: bool = False) -> list[Conflict]:
        query = "SELECT * FROM conflicts"
        if not include_reviewed:
            query += " WHERE reviewed_at IS NULL"
        with self._lock:
            rows = self._db.execute(query + " ORDER BY offline_at, scan_id").fetchall()
        found = []
        for row in rows:
            offline_at, server_at, found_at = (_instant(str(row[i])) for i in (4, 6, 8))
            assert offline_at and server_at and found_at
            found.append(
                Conflict(
                    scan_id=str(row[0]),
                    attendee_id=int(row[1]),
                    name=str(row[2]),
                    badge_serial=str(row[3]),
                    offline_at=offline_at,
                    offline_desk=str(row[5]),
                    server_at=server_at,
                    server_desk=str(row[7]),
                    found_at=found_at,
                    reviewed_at=_instant(None if row[9] is None else str(row[9])),
                )
            )
        return found

    def mark_reviewed(self, scan_id: str, at: datetime) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE conflicts SET reviewed_at = ? WHERE scan_id = ? AND reviewed_at IS NULL",
                (_text(at), scan_id),
            )
            return bool(cursor.rowcount)


__all__ = ["CachedEvent", "Conflict", "DeskCache", "QueueKind", "QueuedScan"]
