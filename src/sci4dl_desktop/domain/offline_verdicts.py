"""Verdicts a desk gives on its own while the event server is unreachable.

The same rules as online (domain/checkin.py), answered from the desk's last copy of
the register (store/desk_cache.py): the badge's signature is checked with the cached
event secret, the holder is looked up in the copy, and "already checked in" comes
from the copied admissions plus the ones this desk made offline. Every answer is
queued durably, with its scan id, before it is returned: the verdict a volunteer sees
is never lost, and the upload applies it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sci4dl_desktop.domain.badges import TokenStatus, verify_token
from sci4dl_desktop.domain.checkin_types import (
    AuditAction,
    CategoryStats,
    CheckInError,
    CheckInStats,
    refusal_audit,
    stale_badge,
)
from sci4dl_desktop.domain.verdict import (
    NOTE_PHOTO_ID,
    NOTE_RE_ENTRY,
    NOTE_SPEAKER,
    RefusalReason,
    Verdict,
    VerdictState,
    build_verdict,
    local_time_text,
    refused_verdict,
)
from sci4dl_desktop.store.checkins import ArrivalRow, AttendeeRow, AuditRow
from sci4dl_desktop.store.desk_cache import DeskCache, QueueKind
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction, PersonRole

NOTE_OFFLINE = "Offline: saved on this desk, uploaded when the server is back"
_SPEAKER_ROLES = frozenset(
    {PersonRole.INVITED_SPEAKER, PersonRole.CONTRIBUTED_SPEAKER, PersonRole.PANELIST}
)
_QUEUE_ACTIONS = {
    QueueKind.CHECK_IN: AuditAction.CHECK_IN,
    QueueKind.RE_ENTRY: AuditAction.RE_ENTRY,
    QueueKind.ALREADY: AuditAction.ALREADY,
    QueueKind.REFUSED: AuditAction.REFUSED,
}
_TOKEN_REASONS = {
    TokenStatus.MALFORMED: RefusalReason.INVALID,
    TokenStatus.FORGED: RefusalReason.FORGED,
    TokenStatus.OTHER_EVENT: RefusalReason.OTHER_EVENT,
}


@dataclass(frozen=True)
class OfflineDesk:
    """One desk answering from its cache: the cache, the event's secret and zone, its name."""

    cache: DeskCache
    secret: bytes
    zone: tzinfo
    desk: str

    def scan(self, payload: str, scan_id: str, now: datetime) -> Verdict:
        check = verify_token(self.secret, payload)
        if not check.valid or check.serial is None or check.revision is None:
            detail = check.detail
            if check.serial is not None:
                detail += f"; badge {check.serial} revision {check.revision}"
            reason = _TOKEN_REASONS[check.status]
            return self._refuse(now, scan_id, reason, detail, payload=payload)
        row = self.cache.attendee_by_serial(check.serial)
        if row is None:
            detail = f"nobody holds badge {check.serial} in this desk's copy of the register"
            return self._refuse(now, scan_id, RefusalReason.INVALID, detail)
        if check.revision != row.badge_revision:
            reason, detail = stale_badge(
                row.badge_serial,
                check.revision,
                row.badge_revision,
                register="this desk's copy of the register",
            )
            return self._refuse(now, scan_id, reason, detail, row=row)
        return self.admit(row, scan_id, now, via="badge scan")

    def check_in(self, attendee_id: int, scan_id: str, now: datetime) -> Verdict:
        return self.admit(self.row(attendee_id), scan_id, now, via="search")

    def re_entry(self, attendee_id: int, scan_id: str, now: datetime) -> Verdict:
        row = self.row(attendee_id)
        if row.category is AttendeeCategory.REMOTE:
            return self._refuse(now, scan_id, RefusalReason.REMOTE, "", row=row)
        admission = self.cache.admission_of(row.id)
        if admission is None:
            return self.admit(row, scan_id, now, via="re-entry key")
        first = self._when(admission.at, now)
        self.cache.enqueue(
            scan_id=scan_id,
            kind=QueueKind.RE_ENTRY,
            attendee_id=row.id,
            at=now,
            desk=self.desk,
            detail=f"first in {first}",
        )
        return build_verdict(
            self.desk,
            VerdictState.ADMITTED,
            f"Welcome back, {row.name}",
            now,
            scan_id,
            row=row,
            notes=(f"{NOTE_RE_ENTRY} (first check-in {first} at {admission.desk})", NOTE_OFFLINE),
            first_at=admission.at,
            first_desk=admission.desk,
            action=CheckInAction.RE_ENTRY,
        )

    def row(self, attendee_id: int) -> AttendeeRow:
        row = self.cache.attendee(attendee_id)
        if row is None:
            raise CheckInError(f"no attendee with id {attendee_id} in this desk's copy")
        return row

    def admit(self, row: AttendeeRow, scan_id: str, now: datetime, via: str) -> Verdict:
        if row.category is AttendeeCategory.REMOTE:
            return self._refuse(now, scan_id, RefusalReason.REMOTE, via, row=row)
        admission = self.cache.admission_of(row.id)
        if admission is not None:
            first = self._when(admission.at, now)
            self.cache.enqueue(
                scan_id=scan_id,
                kind=QueueKind.ALREADY,
                attendee_id=row.id,
                at=now,
                desk=self.desk,
                detail=f"{via}; first in {first} at {admission.desk}",
            )
            staff = (row.staff_note,) if row.staff_note else ()
            return build_verdict(
                self.desk,
                VerdictState.ALREADY,
                f"Already checked in at {first} at {admission.desk}",
                now,
                scan_id,
                row=row,
                notes=(*staff, NOTE_OFFLINE),
                first_at=admission.at,
                first_desk=admission.desk,
            )
        self.cache.enqueue(
            scan_id=scan_id,
            kind=QueueKind.CHECK_IN,
            attendee_id=row.id,
            at=now,
            desk=self.desk,
            detail=via,
            admit=True,
        )
        speaks = row.category is AttendeeCategory.SPEAKER or bool(
            _SPEAKER_ROLES.intersection(row.roles)
        )
        notes = [NOTE_SPEAKER] if speaks else []
        notes.append(NOTE_PHOTO_ID)
        if row.staff_note:
            notes.append(row.staff_note)
        notes.append(NOTE_OFFLINE)
        return build_verdict(
            self.desk,
            VerdictState.ADMITTED,
            f"Welcome, {row.name}",
            now,
            scan_id,
            row=row,
            notes=tuple(notes),
            first_at=now,
            first_desk=self.desk,
            action=CheckInAction.CHECK_IN,
        )

    # -- what the desk shows while offline ---------------------------------------------------

    def stats(self) -> CheckInStats:
        """Registered and admitted per category, as far as this desk knows."""
        admitted = self.cache.all_admissions()
        counts = {category: [0, 0] for category in AttendeeCategory}
        for row in self.cache.attendees():
            counts[row.category][0] += 1
            counts[row.category][1] += row.id in admitted
        return CheckInStats(
            categories=tuple(
                CategoryStats(c, total, inside) for c, (total, inside) in counts.items()
            )
        )

    def audit_rows(self, limit: int | None = None) -> list[AuditRow]:
        """What this desk recorded offline, newest first, and whether the server has it."""
        items = self.cache.queued()[:limit]
        names = {row.id: row.name for row in self.cache.attendees()} if items else {}
        return [
            AuditRow(
                id=item.seq,
                at=item.at,
                desk=item.desk,
                action=_QUEUE_ACTIONS[item.kind].value,
                attendee_id=item.attendee_id,
                attendee_name=names.get(item.attendee_id or -1, ""),
                detail=f"{item.detail} "
                + (f"(uploaded: {item.outcome})" if item.uploaded_at else "(waiting to upload)"),
            )
            for item in items
        ]

    def arrivals(self) -> list[ArrivalRow]:
        admitted = self.cache.all_admissions()
        rows = [
            ArrivalRow(
                r.id, r.name, r.email, r.affiliation, r.category, r.badge_serial, a.at, a.desk
            )
            for r in self.cache.attendees()
            if (a := admitted.get(r.id)) is not None
        ]
        return sorted(rows, key=lambda row: (row.at, row.attendee_id))

    def _when(self, instant: datetime, now: datetime) -> str:
        return local_time_text(instant, self.zone, today=now)

    def _refuse(
        self,
        now: datetime,
        scan_id: str,
        reason: RefusalReason,
        detail: str,
        *,
        row: AttendeeRow | None = None,
        payload: str | None = None,
    ) -> Verdict:
        audit = refusal_audit(reason, detail, payload)
        self.cache.enqueue(
            scan_id=scan_id,
            kind=QueueKind.REFUSED,
            attendee_id=row.id if row else None,
            at=now,
            desk=self.desk,
            detail=audit,
        )
        return refused_verdict(
            self.desk, reason, now, scan_id, detail, row=row, extra_notes=(NOTE_OFFLINE,)
        )


__all__ = ["NOTE_OFFLINE", "OfflineDesk"]
