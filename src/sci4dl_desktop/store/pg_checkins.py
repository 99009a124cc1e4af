"""The first check-in of an attendee on PostgreSQL, in one statement instead of five.

On SQLite a first check-in is a savepoint, the log row, the admission row and the
savepoint's release (store/checkins.py). On a server every one of those is a round
trip, and eight desks pay them all the time, so PostgreSQL gets one statement with
the same meaning:

* the admission row takes its check-in id from the log's sequence and is inserted
  with `ON CONFLICT (attendee_id) DO NOTHING`: the primary key still decides who was
  first (a concurrent insert waits for the other transaction and then does nothing);
* the log row is inserted from what the admission insert returned, in the same
  statement, so there is a log row exactly when there is an admission (the foreign
  key from the admission to its log row is checked at the end of the statement);
* a scan id already in the log (a retried write) inserts nothing at all; were the
  same scan id written concurrently, the log's unique key refuses it and the
  transaction fails as a whole, to be retried.

None comes back when nothing was inserted; the caller then reads what is there. The
check-in's audit entry can be written by the same statement, from the log row's insert.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.store.enums import CheckInAction
from sci4dl_desktop.store.models import CheckIn
from sci4dl_desktop.store.types import UTCDateTime

_ADMIT_AND_LOG = """
    WITH admitted AS (
        INSERT INTO admissions (attendee_id, check_in_id, at, desk)
        SELECT :attendee_id, nextval(pg_get_serial_sequence('check_ins', 'id')), :at, :desk
        WHERE NOT EXISTS (SELECT 1 FROM check_ins WHERE scan_id = :scan_id)
        ON CONFLICT (attendee_id) DO NOTHING
        RETURNING check_in_id
    ), logged AS (
        INSERT INTO check_ins (id, event_id, attendee_id, at, desk, action, reason, scan_id)
        SELECT check_in_id, :event_id, :attendee_id, :at, :desk, :action, '', :scan_id
        FROM admitted
        RETURNING id
    )"""
_BINDS = (
    bindparam("at", type_=UTCDateTime()),
    bindparam("action", type_=CheckIn.__table__.c.action.type),
)
_FIRST_CHECK_IN = text(f"{_ADMIT_AND_LOG}\n    SELECT id FROM logged").bindparams(*_BINDS)
# The same, with the audit entry of the check-in written by the same statement (only when
# the check-in is made): a scan is then one round trip fewer.
_FIRST_CHECK_IN_AUDITED = text(
    f"""{_ADMIT_AND_LOG}, audited AS (
        INSERT INTO audit_log (event_id, at, desk, action, attendee_id, detail)
        SELECT :event_id, :at, :desk, :audit_action, :attendee_id, :audit_detail
        FROM logged
    )
    SELECT id FROM logged"""
).bindparams(*_BINDS)


def try_first_check_in(
    session: OrmSession,
    *,
    event_id: int,
    attendee_id: int,
    at: datetime,
    desk: str,
    scan_id: str | None,
    audit: tuple[str, str] | None = None,
) -> int | None:
    """The new check-in's id, or None when the attendee is already in or the scan was applied.

    With `audit` (action, detail), the audit entry of the check-in is written too, exactly
    when the check-in is.
    """
    values: dict[str, object] = {
        "event_id": event_id,
        "attendee_id": attendee_id,
        "at": at,
        "desk": desk,
        "action": CheckInAction.CHECK_IN,
        "scan_id": scan_id,
    }
    statement = _FIRST_CHECK_IN
    if audit is not None:
        statement = _FIRST_CHECK_IN_AUDITED
        values["audit_action"], values["audit_detail"] = audit
    row = session.connection().execute(statement, values).first()
    return int(row[0]) if row is not None else None


__all__ = ["try_first_check_in"]
