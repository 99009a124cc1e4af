"""A badge scan on PostgreSQL as one statement on the desk's own connection.

store/pg_checkins.py makes a first check-in one statement once the holder of the badge
is known. Here the lookup of the holder joins that statement: it admits the holder only
when the scanned revision is the current one and the holder is on site, and writes the
admission, the log row and the audit entry together, exactly as the general path does.
The desk runs it on a connection of its own in autocommit mode, so a scan is one
statement and one round trip: PostgreSQL applies a single statement atomically and
answers only after its commit is durable.

Only a plain first check-in is decided here. An unknown or replaced badge, a remote
attendee, someone already checked in, or a scan id already applied (a retry) writes
nothing, and the caller's general path reads and explains what is there. The guards
are the database's, as on the general path: the admission's primary key lets one first
check-in per attendee exist, and a scan id in the log is never applied again.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from sci4dl_desktop.store.checkins import AttendeeRow
from sci4dl_desktop.store.database import PING_AFTER_IDLE_S
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction

if TYPE_CHECKING:
    import psycopg

# How the server lists a desk's scan connection (pg_stat_activity), apart from the pool's.
APPLICATION_NAME = "sci4dl-desktop desk scans"

# {sequence}, {remote} and {action} are filled in when the connection is made (_ready)
_ADMIT_BY_BADGE = """
    WITH holder AS (
        SELECT id, name, email, affiliation, category, roles, badge_serial, badge_revision,
               person_id, staff_note
        FROM attendees
        WHERE event_id = %(event_id)s AND badge_serial = %(serial)s
    ), admitted AS (
        INSERT INTO admissions (attendee_id, check_in_id, at, desk)
        SELECT id, nextval({sequence}), %(at)s, %(desk)s
        FROM holder
        WHERE badge_revision = %(revision)s AND category <> '{remote}'
          AND NOT EXISTS (SELECT 1 FROM check_ins WHERE scan_id = %(scan_id)s)
        ON CONFLICT (attendee_id) DO NOTHING
        RETURNING attendee_id, check_in_id
    ), logged AS (
        INSERT INTO check_ins (id, event_id, attendee_id, at, desk, action, reason, scan_id)
        SELECT check_in_id, %(event_id)s, attendee_id, %(at)s, %(desk)s, '{action}', '',
               %(scan_id)s
        FROM admitted
        RETURNING id, attendee_id
    ), audited AS (
        INSERT INTO audit_log (event_id, at, desk, action, attendee_id, detail)
        SELECT %(event_id)s, %(at)s, %(desk)s, %(audit_action)s, attendee_id, %(audit_detail)s
        FROM logged
    )
    SELECT holder.*, logged.id
    FROM holder JOIN logged ON logged.attendee_id = holder.id
"""
# The check-in log's id sequence, by name: the connection looks it up once, so that a scan
# does not search the catalog for it (pg_get_serial_sequence) every time.
_LOG_SEQUENCE = "SELECT quote_literal(pg_get_serial_sequence('check_ins', 'id'))"


class ScanLine:
    """A desk's own server connection for badge scans (used by one thread at a time).

    It is taken from the engine, so it has the engine's connection settings (timeouts,
    keepalives), and then kept out of the pool: its autocommit mode must not leak to
    other users. After more than PING_AFTER_IDLE_S without use it is checked with a
    ping first, as the pool checks its connections, and replaced when the ping fails;
    so an old connection that the network dropped does not make a working server look
    unreachable. Its prepared statement keeps one generic plan: every lookup in it goes
    through a unique key, so no value can make another plan better, and planning afresh
    for each scan (as the server otherwise may) costs more than running the statement.
    Its check-ins are not announced by notification (migration 0003): a notifying
    transaction makes every other one wait until its commit is on disk, so the desks
    would take turns. The other desks read them from the end of the check-in log
    instead (store/live.py, LogTail). A failed scan statement closes it and is raised as
    SQLAlchemy's DBAPIError, like every other database error of the desk; the next scan
    connects afresh.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: psycopg.Connection[Any] | None = None
        self._cursor: psycopg.Cursor[Any] | None = None
        self._statement = ""
        self._used_at = 0.0

    def admit_by_badge(
        self,
        *,
        event_id: int,
        serial: str,
        revision: int,
        at: datetime,
        desk: str,
        scan_id: str,
        audit: tuple[str, str],
    ) -> tuple[AttendeeRow, int] | None:
        """(holder, check-in id) when this scan checked the holder in; None when it wrote
        nothing and the general path must decide."""
        import psycopg

        values = {
            "event_id": event_id,
            "serial": serial,
            "revision": revision,
            "at": at,
            "desk": desk,
            "scan_id": scan_id,
            "audit_action": audit[0],
            "audit_detail": audit[1],
        }
        cursor = self._ready()
        try:
            row = cursor.execute(self._statement, values, prepare=True).fetchone()
        except psycopg.IntegrityError:
            return None  # the same scan id written by a concurrent retry: nothing applied
        except psycopg.Error as exc:
            self.close()
            raise DBAPIError.instance(self._statement, values, exc, psycopg.Error) from exc
        finally:
            self._used_at = time.monotonic()
        if row is None:
            return None
        *holder, check_in_id = row
        holder[4] = AttendeeCategory(holder[4])
        return AttendeeRow._make(holder), int(check_in_id)

    def close(self) -> None:
        connection, self._connection, self._cursor = self._connection, None, None
        if connection is not None:
            connection.close()

    def _ready(self) -> psycopg.Cursor[Any]:
        """The connection's cursor (one for every scan), the connection made or checked."""
        import psycopg

        connection = self._connection
        if connection is not None and time.monotonic() - self._used_at > PING_AFTER_IDLE_S:
            try:
                connection.execute("SELECT 1")
            except psycopg.Error:
                self.close()
                connection = None
        if connection is None:
            try:
                pooled = self._engine.raw_connection()
                connection = pooled.driver_connection
                assert connection is not None
                pooled.detach()
                connection.rollback()  # whatever the pool's checkout started
                connection.autocommit = True
                connection.execute("SET plan_cache_mode = force_generic_plan")
                connection.execute("SET sci4dl.quiet_check_ins = on")  # (see the class)
                connection.execute(f"SET application_name = '{APPLICATION_NAME}'")
                sequence = connection.execute(_LOG_SEQUENCE).fetchone()
                assert sequence is not None
                self._statement = _ADMIT_BY_BADGE.format(
                    sequence=sequence[0],
                    remote=AttendeeCategory.REMOTE.value,
                    action=CheckInAction.CHECK_IN.value,
                )
            except psycopg.Error as exc:
                if connection is not None:
                    connection.close()
                raise DBAPIError.instance(None, None, exc, psycopg.Error) from exc
            self._connection, self._cursor = connection, connection.cursor()
        assert self._cursor is not None
        return self._cursor


__all__ = ["APPLICATION_NAME", "ScanLine"]
