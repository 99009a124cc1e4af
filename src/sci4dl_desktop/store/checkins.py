"""Store-level reads and writes of the registration desk: check-in log, admissions, audit.

Every function takes an open ORM session; the caller owns the transaction. The hot
path (a scan) uses a handful of Core statements in one transaction, so a check-in
costs one commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.store import pg_checkins
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction
from sci4dl_desktop.store.models import (
    Admission,
    Attendee,
    AuditEntry,
    CheckIn,
    Session,
    SessionSpeaker,
)


class AttendeeRow(NamedTuple):
    id: int
    name: str
    email: str | None
    affiliation: str
    category: AttendeeCategory
    roles: list[str]
    badge_serial: str
    badge_revision: int
    person_id: int | None
    staff_note: str


class AdmissionRow(NamedTuple):
    attendee_id: int
    check_in_id: int
    at: datetime
    desk: str


class LogRow(NamedTuple):
    id: int
    attendee_id: int
    action: CheckInAction
    at: datetime
    desk: str


class AuditRow(NamedTuple):
    id: int
    at: datetime
    desk: str
    action: str
    attendee_id: int | None
    attendee_name: str
    detail: str


class ArrivalRow(NamedTuple):
    attendee_id: int
    name: str
    email: str | None
    affiliation: str
    category: AttendeeCategory
    badge_serial: str
    at: datetime
    desk: str


_ATTENDEE_COLUMNS = (
    Attendee.id,
    Attendee.name,
    Attendee.email,
    Attendee.affiliation,
    Attendee.category,
    Attendee.roles,
    Attendee.badge_serial,
    Attendee.badge_revision,
    Attendee.person_id,
    Attendee.staff_note,
)


# The statements of a scan are built once: executing a prepared statement on the
# session's connection skips the ORM and most of SQLAlchemy's per-call work.
_ATTENDEE_BY_SERIAL = select(*_ATTENDEE_COLUMNS).where(
    Attendee.event_id == bindparam("event_id"), Attendee.badge_serial == bindparam("serial")
)
_ATTENDEE_BY_ID = select(*_ATTENDEE_COLUMNS).where(
    Attendee.event_id == bindparam("event_id"), Attendee.id == bindparam("attendee_id")
)
_LOG_FOR_SCAN = select(
    CheckIn.id, CheckIn.attendee_id, CheckIn.action, CheckIn.at, CheckIn.desk
).where(CheckIn.scan_id == bindparam("scan_id"))
_ADMISSION_COLUMNS = (Admission.attendee_id, Admission.check_in_id, Admission.at, Admission.desk)
_ADMISSION_OF = select(*_ADMISSION_COLUMNS).where(Admission.attendee_id == bindparam("attendee_id"))
_ADMISSIONS_OF = select(*_ADMISSION_COLUMNS).where(
    Admission.attendee_id.in_(bindparam("ids", expanding=True))
)
_INSERT_LOG = insert(CheckIn).returning(CheckIn.id)
_INSERT_ADMISSION = insert(Admission)
_INSERT_AUDIT = insert(AuditEntry)
_DELETE_ADMISSION = delete(Admission).where(Admission.attendee_id == bindparam("attendee_id"))


def attendee_by_serial(session: OrmSession, event_id: int, serial: str) -> AttendeeRow | None:
    row = (
        session.connection()
        .execute(_ATTENDEE_BY_SERIAL, {"event_id": event_id, "serial": serial})
        .first()
    )
    return AttendeeRow._make(row) if row is not None else None


def attendee_by_id(session: OrmSession, event_id: int, attendee_id: int) -> AttendeeRow | None:
    row = (
        session.connection()
        .execute(_ATTENDEE_BY_ID, {"event_id": event_id, "attendee_id": attendee_id})
        .first()
    )
    return AttendeeRow._make(row) if row is not None else None


def all_attendees(session: OrmSession, event_id: int) -> list[AttendeeRow]:
    rows = session.execute(
        select(*_ATTENDEE_COLUMNS).where(Attendee.event_id == event_id).order_by(Attendee.id)
    )
    return [AttendeeRow._make(row) for row in rows]


def attendee_with_email(session: OrmSession, event_id: int, email: str) -> AttendeeRow | None:
    row = session.execute(
        select(*_ATTENDEE_COLUMNS).where(
            Attendee.event_id == event_id, func.lower(Attendee.email) == email.lower()
        )
    ).first()
    return AttendeeRow._make(row) if row is not None else None


def log_row_for_scan(session: OrmSession, scan_id: str) -> LogRow | None:
    row = session.connection().execute(_LOG_FOR_SCAN, {"scan_id": scan_id}).first()
    return LogRow(*row) if row is not None else None


def admission_of(session: OrmSession, attendee_id: int) -> AdmissionRow | None:
    row = session.connection().execute(_ADMISSION_OF, {"attendee_id": attendee_id}).first()
    return AdmissionRow(*row) if row is not None else None


def admissions_of(session: OrmSession, attendee_ids: Iterable[int]) -> dict[int, AdmissionRow]:
    """The admissions of some attendees, in one statement."""
    ids = list(attendee_ids)
    if not ids:
        return {}
    rows = session.connection().execute(_ADMISSIONS_OF, {"ids": ids})
    return {row[0]: AdmissionRow(*row) for row in rows}


def append_log(
    session: OrmSession,
    *,
    event_id: int,
    attendee_id: int,
    at: datetime,
    desk: str,
    action: CheckInAction,
    reason: str = "",
    scan_id: str | None = None,
) -> int:
    """Append one row to the check-in log and return its id."""
    values = {
        "event_id": event_id,
        "attendee_id": attendee_id,
        "at": at,
        "desk": desk,
        "action": action,
        "reason": reason,
        "scan_id": scan_id,
    }
    return int(session.connection().execute(_INSERT_LOG, values).scalar_one())


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
    """Record a first check-in (log row + admission) unless the database says otherwise.

    With `audit` (action, detail), the check-in's audit entry is added too, exactly when
    the check-in is recorded.

    Both inserts run in a savepoint. The admission's primary key lets only one
    first check-in per attendee exist and the log's unique scan id lets a scan be
    applied only once; when either refuses, the savepoint is rolled back and None
    is returned, and the caller reads what is there instead. (PostgreSQL does the same
    in one statement: store/pg_checkins.py.)
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return pg_checkins.try_first_check_in(
            session,
            event_id=event_id,
            attendee_id=attendee_id,
            at=at,
            desk=desk,
            scan_id=scan_id,
            audit=audit,
        )
    try:
        with connection.begin_nested():
            check_in_id = append_log(
                session,
                event_id=event_id,
                attendee_id=attendee_id,
                at=at,
                desk=desk,
                action=CheckInAction.CHECK_IN,
                scan_id=scan_id,
            )
            connection.execute(
                _INSERT_ADMISSION,
                {"attendee_id": attendee_id, "check_in_id": check_in_id, "at": at, "desk": desk},
            )
    except IntegrityError:
        return None
    if audit is not None:
        action, detail = audit
        add_audit(
            session,
            event_id=event_id,
            at=at,
            desk=desk,
            action=action,
            attendee_id=attendee_id,
            detail=detail,
        )
    return check_in_id


def delete_admission(session: OrmSession, attendee_id: int) -> bool:
    result = session.connection().execute(_DELETE_ADMISSION, {"attendee_id": attendee_id})
    return bool(result.rowcount)


def add_audit(
    session: OrmSession,
    *,
    event_id: int,
    at: datetime,
    desk: str,
    action: str,
    attendee_id: int | None = None,
    detail: str = "",
) -> None:
    session.connection().execute(
        _INSERT_AUDIT,
        {
            "event_id": event_id,
            "at": at,
            "desk": desk,
            "action": action,
            "attendee_id": attendee_id,
            "detail": detail,
        },
    )


def speaking_sessions(session: OrmSession, person_id: int) -> list[tuple[str, datetime]]:
    """Titles and start times of the sessions a person speaks in, in time order."""
    rows = session.execute(
        select(Session.title, Session.start_at)
        .join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
        .where(SessionSpeaker.person_id == person_id)
        .order_by(Session.start_at)
    )
    return [(str(title), start) for title, start in rows]


def category_counts(session: OrmSession, event_id: int) -> dict[AttendeeCategory, tuple[int, int]]:
    """Per category: (registered, admitted now)."""
    registered_rows = session.execute(
        select(Attendee.category, func.count())
        .where(Attendee.event_id == event_id)
        .group_by(Attendee.category)
    )
    expected = {category: count for category, count in registered_rows}
    admitted_rows = session.execute(
        select(Attendee.category, func.count())
        .join(Admission, Admission.attendee_id == Attendee.id)
        .where(Attendee.event_id == event_id)
        .group_by(Attendee.category)
    )
    admitted = {category: count for category, count in admitted_rows}
    return {
        category: (int(expected.get(category, 0)), int(admitted.get(category, 0)))
        for category in AttendeeCategory
    }


def action_counts(session: OrmSession, event_id: int) -> dict[str, int]:
    """How many audit entries each action has (scans refused, re-entries, undos, ...)."""
    rows = session.execute(
        select(AuditEntry.action, func.count())
        .where(AuditEntry.event_id == event_id)
        .group_by(AuditEntry.action)
    )
    return {str(action): int(count) for action, count in rows}


def audit_rows(session: OrmSession, event_id: int, limit: int | None = None) -> list[AuditRow]:
    """The audit log, newest first."""
    query = (
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.desk,
            AuditEntry.action,
            AuditEntry.attendee_id,
            func.coalesce(Attendee.name, ""),
            AuditEntry.detail,
        )
        .outerjoin(Attendee, Attendee.id == AuditEntry.attendee_id)
        .where(AuditEntry.event_id == event_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [AuditRow(*row) for row in session.execute(query)]


def arrival_rows(session: OrmSession, event_id: int) -> list[ArrivalRow]:
    """Everyone admitted now, with the time and desk of their first check-in, in time order."""
    rows = session.execute(
        select(
            Attendee.id,
            Attendee.name,
            Attendee.email,
            Attendee.affiliation,
            Attendee.category,
            Attendee.badge_serial,
            Admission.at,
            Admission.desk,
        )
        .join(Admission, Admission.attendee_id == Attendee.id)
        .where(Attendee.event_id == event_id)
        .order_by(Admission.at, Attendee.id)
    )
    return [ArrivalRow(*row) for row in rows]


def serials_with_prefix(session: OrmSession, event_id: int, prefix: str) -> list[str]:
    rows = session.scalars(
        select(Attendee.badge_serial).where(
            Attendee.event_id == event_id, Attendee.badge_serial.startswith(prefix, autoescape=True)
        )
    )
    return list(rows)


def attendee_fingerprint(session: OrmSession, event_id: int) -> tuple[int, int, int]:
    """(count, highest id, sum of badge revisions): changes when attendees are added or reissued."""
    count, top, revisions = session.execute(
        select(
            func.count(Attendee.id),
            func.coalesce(func.max(Attendee.id), 0),
            func.coalesce(func.sum(Attendee.badge_revision), 0),
        ).where(Attendee.event_id == event_id)
    ).one()
    return int(count), int(top), int(revisions)
