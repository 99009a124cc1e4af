"""Uploading what a desk recorded offline, exactly once, and finding the conflicts.

Each queued action goes up in its own server transaction, with its original time,
desk and scan id, then is marked uploaded in the desk's file:

* an offline check-in becomes a first check-in (log row + admission) unless the
  server already has the person admitted: then it is logged as an entry at this
  desk, audited as an "offline conflict", and listed for staff to review;
* an offline re-entry is logged as a re-entry (or a first check-in if, meanwhile,
  the person's check-in was undone);
* an amber or red answer is written to the audit log.

Exactly once: a check-in or re-entry carries its scan id into the check-in log,
whose unique key refuses a second copy (so a crash between the server's commit and
the local mark only makes the next upload find it there). An audit-only entry
carries its scan id in its text; the upload looks for it first, holding a
transaction-level advisory lock on that scan id on PostgreSQL.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import select, text
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.checkin_types import AuditAction
from sci4dl_desktop.domain.verdict import local_time_text
from sci4dl_desktop.store import checkins as q
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.desk_cache import Conflict, DeskCache, QueuedScan, QueueKind
from sci4dl_desktop.store.enums import CheckInAction
from sci4dl_desktop.store.models import AuditEntry

OUTCOME_CHECKED_IN = "checked in"
OUTCOME_RE_ENTRY = "re-entry"
OUTCOME_CONFLICT = "conflict"
OUTCOME_AUDITED = "audited"
OUTCOME_DUPLICATE = "already uploaded"
OUTCOME_UNKNOWN = "attendee no longer registered"


@dataclass(frozen=True)
class SyncReport:
    uploaded: int  # actions the server has now (this round)
    conflicts: tuple[Conflict, ...]  # found this round
    remaining: int  # still waiting (the server went away again)


def scan_marker(scan_id: str) -> str:
    return f"[offline scan {scan_id}]"


def _lock_scan(session: OrmSession, scan_id: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(scan_id.encode("ascii")) - 2**31
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _audit_exists(session: OrmSession, event_id: int, item: QueuedScan) -> bool:
    found = session.execute(
        select(AuditEntry.id)
        .where(
            AuditEntry.event_id == event_id,
            AuditEntry.at == item.at,
            AuditEntry.desk == item.desk,
            AuditEntry.detail.contains(scan_marker(item.scan_id), autoescape=True),
        )
        .limit(1)
    ).first()
    return found is not None


class Uploader:
    """Uploads one desk's queue to the event database."""

    def __init__(
        self,
        database: Database,
        event_id: int,
        cache: DeskCache,
        zone: tzinfo,
        now: Callable[[], datetime],
    ) -> None:
        self._database = database
        self._event_id = event_id
        self._cache = cache
        self._zone = zone
        self._now = now

    def upload(self) -> SyncReport:
        """Upload everything waiting, oldest first; a lost connection raises and leaves the
        rest queued (what was uploaded is marked)."""
        uploaded = 0
        conflicts: list[Conflict] = []
        for item in self._cache.pending():
            with self._database.transaction() as session:
                outcome, conflict = self._apply(session, item)
            self._cache.mark_uploaded(item.scan_id, outcome, self._now(), conflict)
            uploaded += 1
            if conflict is not None:
                conflicts.append(conflict)
        return SyncReport(uploaded, tuple(conflicts), self._cache.pending_count())

    def _apply(self, session: OrmSession, item: QueuedScan) -> tuple[str, Conflict | None]:
        if item.kind in (QueueKind.ALREADY, QueueKind.REFUSED):
            return self._audit_only(session, item), None
        assert item.attendee_id is not None
        replay = q.log_row_for_scan(session, item.scan_id)
        if replay is not None:
            return OUTCOME_DUPLICATE, None
        row = q.attendee_by_id(session, self._event_id, item.attendee_id)
        if row is None:
            self._audit(session, item, AuditAction.REFUSED, f"{item.detail}; {OUTCOME_UNKNOWN}")
            return OUTCOME_UNKNOWN, None
        if item.kind is QueueKind.RE_ENTRY and q.admission_of(session, row.id) is not None:
            self._log(session, item, CheckInAction.RE_ENTRY, "")
            self._audit(session, item, AuditAction.RE_ENTRY, item.detail)
            return OUTCOME_RE_ENTRY, None
        check_in_id = q.try_first_check_in(
            session,
            event_id=self._event_id,
            attendee_id=row.id,
            at=item.at,
            desk=item.desk,
            scan_id=item.scan_id,
        )
        if check_in_id is not None:
            self._audit(session, item, AuditAction.CHECK_IN, f"{item.detail} (offline)")
            return OUTCOME_CHECKED_IN, None
        if q.log_row_for_scan(session, item.scan_id) is not None:
            return OUTCOME_DUPLICATE, None  # another upload of this queue got there first
        admission = q.admission_of(session, row.id)
        assert admission is not None  # the key refused the insert: someone is admitted
        server_at = local_time_text(admission.at, self._zone, today=item.at)
        offline_at = local_time_text(item.at, self._zone, today=admission.at)
        reason = (
            f"admitted offline at {item.desk} at {offline_at}; "
            f"already checked in at {server_at} at {admission.desk}"
        )
        self._log(session, item, CheckInAction.RE_ENTRY, reason)
        self._audit(session, item, AuditAction.OFFLINE_CONFLICT, reason)
        conflict = Conflict(
            scan_id=item.scan_id,
            attendee_id=row.id,
            name=row.name,
            badge_serial=row.badge_serial,
            offline_at=item.at,
            offline_desk=item.desk,
            server_at=admission.at,
            server_desk=admission.desk,
            found_at=self._now(),
        )
        return OUTCOME_CONFLICT, conflict

    def _audit_only(self, session: OrmSession, item: QueuedScan) -> str:
        _lock_scan(session, item.scan_id)
        if _audit_exists(session, self._event_id, item):
            return OUTCOME_DUPLICATE
        action = AuditAction.ALREADY if item.kind is QueueKind.ALREADY else AuditAction.REFUSED
        self._audit(session, item, action, item.detail)
        return OUTCOME_AUDITED

    def _log(self, session: OrmSession, item: QueuedScan, action: CheckInAction, why: str) -> None:
        assert item.attendee_id is not None
        q.append_log(
            session,
            event_id=self._event_id,
            attendee_id=item.attendee_id,
            at=item.at,
            desk=item.desk,
            action=action,
            reason=why,
            scan_id=item.scan_id,
        )

    def _audit(self, session: OrmSession, item: QueuedScan, action: AuditAction, what: str) -> None:
        q.add_audit(
            session,
            event_id=self._event_id,
            at=item.at,
            desk=item.desk,
            action=action.value,
            attendee_id=item.attendee_id,
            detail=f"{what} {scan_marker(item.scan_id)}".strip(),
        )


__all__ = [
    "OUTCOME_CHECKED_IN",
    "OUTCOME_CONFLICT",
    "OUTCOME_DUPLICATE",
    "SyncReport",
    "Uploader",
    "scan_marker",
]
