"""The check-in service of one registration desk: scans and searches in, verdicts out.

Correctness rests on the database, not on this process:

* the first check-in of an attendee is the one whose `Admission` row the database
  accepted (its primary key is the attendee), inserted in the same transaction as
  the append-only `CheckIn` log row;
* every write carries a scan id, unique in the log, so a retried write is applied once;
* a verdict is returned only after its transaction has committed (on SQLite: WAL
  with synchronous=FULL, so the commit is on disk);
* every action, including a refused scan, leaves an `AuditEntry` with desk and time.

The same payload read again within `dedupe_seconds` returns the first verdict, marked
`repeat`, and records nothing (domain/repeat_readings.py).
Methods may be called from worker threads; one desk's operations are serialised.
"""

from __future__ import annotations

import secrets
import threading
from contextlib import nullcontext
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain import registration
from sci4dl_desktop.domain.attendee_index import AttendeeIndex, IndexedAttendee
from sci4dl_desktop.domain.badges import (
    MAX_PAYLOAD_CHARS,
    TokenStatus,
    badge_token,
    normalise_payload,
    verify_token,
)
from sci4dl_desktop.domain.checkin_types import (
    AttendeeSummary,
    AuditAction,
    CheckInError,
    CheckInStats,
    refusal_audit,
    stale_badge,
    validate_desk_name,
    validate_walk_in,
)
from sci4dl_desktop.domain.clock import Clock
from sci4dl_desktop.domain.repeat_readings import RecentReadings
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
from sci4dl_desktop.store import checkins as q
from sci4dl_desktop.store.checkins import ArrivalRow, AttendeeRow, AuditRow, LogRow
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction, PersonRole
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.store.pg_scan_line import ScanLine

DEDUPE_SECONDS = 2.0
_SPEAKER_ROLES = frozenset(
    {PersonRole.INVITED_SPEAKER, PersonRole.CONTRIBUTED_SPEAKER, PersonRole.PANELIST}
)
_TOKEN_REASONS = {
    TokenStatus.MALFORMED: RefusalReason.INVALID,
    TokenStatus.FORGED: RefusalReason.FORGED,
    TokenStatus.OTHER_EVENT: RefusalReason.OTHER_EVENT,
}


def new_scan_id() -> str:
    """A fresh, globally unique scan id (32 random hex digits)."""
    return secrets.token_hex(16)


def _indexed(row: AttendeeRow | Attendee) -> IndexedAttendee:
    return IndexedAttendee(
        id=row.id,
        name=row.name,
        email=row.email,
        affiliation=row.affiliation,
        category=row.category,
        badge_serial=row.badge_serial,
        badge_revision=row.badge_revision,
    )


class CheckInService:
    """One desk's view of the event: scan, check in, re-enter, undo, register, search."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        desk_name: str,
        *,
        dedupe_seconds: float = DEDUPE_SECONDS,
    ) -> None:
        event = database.event()
        self._database = database
        self._clock = clock
        self._event_id = event.id
        self._secret = bytes(event.badge_secret)
        self._zone: tzinfo = ZoneInfo(event.timezone)
        self._desk = validate_desk_name(desk_name)
        self._lock = threading.RLock()
        self._recent = RecentReadings(dedupe_seconds)
        self._index: AttendeeIndex | None = None
        # On a server a plain first check-in by badge is one statement (store/pg_scan_line.py)
        self._scan_line = ScanLine(database.engine) if database.is_postgresql else None

    def close(self) -> None:
        """Let go of the desk's own server connection (the database stays open)."""
        if self._scan_line is not None:
            self._scan_line.close()

    # -- desk ----------------------------------------------------------------------

    @property
    def desk_name(self) -> str:
        return self._desk

    @desk_name.setter
    def desk_name(self, name: str) -> None:
        self._desk = validate_desk_name(name)

    @property
    def event_zone(self) -> tzinfo:
        return self._zone

    def token_for(self, attendee: Attendee | AttendeeRow | AttendeeSummary) -> str:
        """The payload of an attendee's current badge (what its QR code holds)."""
        return badge_token(self._secret, attendee)

    # -- scanning --------------------------------------------------------------------

    def scan(self, payload: str, scan_id: str | None = None) -> Verdict:
        """Check in whoever holds the badge with this payload, and say what to show."""
        key = normalise_payload(payload[: MAX_PAYLOAD_CHARS + 1])
        with self._lock:
            now = self._clock.monotonic()
            repeat = self._recent.repeat_of(key, now)
            if repeat is not None:
                return repeat
            verdict = self._scan(payload, scan_id or new_scan_id())
            self._recent.remember(key, now, verdict)
            return verdict

    def _scan(self, payload: str, scan_id: str) -> Verdict:
        check = verify_token(self._secret, payload)
        now = self._clock.now()
        if self._scan_line is not None and check.valid and check.serial and check.revision:
            admitted = self._scan_line.admit_by_badge(
                event_id=self._event_id,
                serial=check.serial,
                revision=check.revision,
                at=now,
                desk=self._desk,
                scan_id=scan_id,
                audit=(AuditAction.CHECK_IN.value, "badge scan"),
            )
            if admitted is not None:  # else: not a plain first check-in; see below
                return self._welcome(None, admitted[0], now, scan_id, admitted[1])
        with self._database.transaction() as session:
            if not check.valid or check.serial is None or check.revision is None:
                reason = _TOKEN_REASONS[check.status]
                detail = check.detail
                if check.serial is not None:
                    detail += f"; badge {check.serial} revision {check.revision}"
                return self._refuse(session, now, scan_id, reason, detail, payload=payload)
            row = q.attendee_by_serial(session, self._event_id, check.serial)
            if row is None:
                detail = f"nobody holds badge {check.serial}"
                return self._refuse(session, now, scan_id, RefusalReason.INVALID, detail)
            if check.revision != row.badge_revision:
                reason, detail = stale_badge(row.badge_serial, check.revision, row.badge_revision)
                return self._refuse(session, now, scan_id, reason, detail, row=row)
            return self._admit(session, row, now, scan_id, via="badge scan")

    def check_in_attendee(self, attendee_id: int, scan_id: str | None = None) -> Verdict:
        """Check in someone found by search (no badge at hand)."""
        with self._lock, self._database.transaction() as session:
            row = self._row(session, attendee_id)
            return self._admit(session, row, self._clock.now(), scan_id or new_scan_id(), "search")

    def re_entry(self, attendee_id: int, scan_id: str | None = None) -> Verdict:
        """Record that someone already checked in came back in (green, "Welcome back")."""
        scan_id = scan_id or new_scan_id()
        with self._lock, self._database.transaction() as session:
            row = self._row(session, attendee_id)
            now = self._clock.now()
            if row.category is AttendeeCategory.REMOTE:
                return self._refuse(session, now, scan_id, RefusalReason.REMOTE, "", row=row)
            replay = q.log_row_for_scan(session, scan_id)
            if replay is not None:
                return self._replayed(session, row, replay, scan_id)
            admission = q.admission_of(session, row.id)
            if admission is None:  # undone meanwhile: this is a first check-in again
                return self._admit(session, row, now, scan_id, via="re-entry key")
            log_id = q.append_log(
                session,
                event_id=self._event_id,
                attendee_id=row.id,
                at=now,
                desk=self._desk,
                action=CheckInAction.RE_ENTRY,
                scan_id=scan_id,
            )
            first = self._when(admission.at, now)
            self._audit(session, now, AuditAction.RE_ENTRY, row.id, f"first in {first}")
            return build_verdict(
                self._desk,
                VerdictState.ADMITTED,
                f"Welcome back, {row.name}",
                now,
                scan_id,
                row=row,
                notes=(f"{NOTE_RE_ENTRY} (first check-in {first} at {admission.desk})",),
                first_at=admission.at,
                first_desk=admission.desk,
                action=CheckInAction.RE_ENTRY,
                check_in_id=log_id,
            )

    def undo(self, attendee_id: int, reason: str) -> AttendeeSummary:
        """Take back a check-in (a mistaken admission): the person counts as not arrived."""
        reason = " ".join(reason.split())
        if not reason:
            raise CheckInError("say why the check-in is undone (for the audit log)")
        with self._lock, self._database.transaction() as session:
            row = self._row(session, attendee_id)
            admission = q.admission_of(session, row.id)
            if admission is None:
                raise CheckInError(f"{row.name} is not checked in: there is nothing to undo")
            now = self._clock.now()
            q.delete_admission(session, row.id)
            q.append_log(
                session,
                event_id=self._event_id,
                attendee_id=row.id,
                at=now,
                desk=self._desk,
                action=CheckInAction.UNDO,
                reason=reason,
                scan_id=new_scan_id(),
            )
            first = self._when(admission.at, now)
            detail = f"{reason} (check-in of {first} at {admission.desk} undone)"
            self._audit(session, now, AuditAction.UNDO, row.id, detail)
            self._recent.clear()  # a badge read just before the undo must count again
        return AttendeeSummary.of(_indexed(row), None)

    # -- registration ------------------------------------------------------------------

    def register_walk_in(
        self, name: str, email: str, affiliation: str, category: AttendeeCategory
    ) -> Attendee:
        """Register someone without a registration, with a new badge serial (W-0001, ...).

        Raises WalkInError (naming the field) for a missing name, a malformed or
        already registered email, or the remote category.
        """
        form = validate_walk_in(name, email, affiliation, category)
        with self._lock:
            for _attempt in range(5):
                try:
                    with self._database.transaction() as session:
                        attendee = registration.add_walk_in(
                            session,
                            event_id=self._event_id,
                            form=form,
                            category=category,
                            now=self._clock.now(),
                            desk=self._desk,
                        )
                except IntegrityError:
                    continue  # another desk took the same serial at the same moment
                self._remember(_indexed(attendee))
                return attendee
        raise CheckInError("could not allocate a badge serial for the walk-in: try again")

    def reissue_badge(self, attendee_id: int) -> Attendee:
        """Issue a replacement badge: the revision goes up and the old badge is refused."""
        with self._lock, self._database.transaction() as session:
            attendee = registration.reissue(
                session,
                event_id=self._event_id,
                attendee_id=attendee_id,
                now=self._clock.now(),
                desk=self._desk,
            )
            self._recent.clear()
        self._remember(_indexed(attendee))
        return attendee

    # -- reading -------------------------------------------------------------------------

    def attendee(self, attendee_id: int) -> AttendeeSummary:
        with self._database.session() as session:
            row = self._row(session, attendee_id)
            admission = q.admission_of(session, attendee_id)
        return AttendeeSummary.of(_indexed(row), admission)

    def refresh_index(self) -> None:
        """Reload the search index from the database (other desks' walk-ins, imports)."""
        with self._database.session() as session:
            rows = q.all_attendees(session, self._event_id)
        index = AttendeeIndex(_indexed(row) for row in rows)
        with self._lock:
            self._index = index

    def _remember(self, entry: IndexedAttendee) -> None:
        with self._lock:
            if self._index is not None:
                self._index = self._index.with_entry(entry)

    def search(self, query: str, limit: int = 50) -> list[AttendeeSummary]:
        """Attendees matching every term (name, email, affiliation, badge serial; accents and
        case ignored), best first, with their current check-in state."""
        if self._index is None:
            self.refresh_index()
        index = self._index
        assert index is not None
        hits = index.search(query, limit)
        with self._database.session() as session:
            admissions = q.admissions_of(session, (hit.id for hit in hits))
        return [AttendeeSummary.of(hit, admissions.get(hit.id)) for hit in hits]

    def stats(self) -> CheckInStats:
        with self._database.session() as session:
            counts = q.category_counts(session, self._event_id)
            actions = q.action_counts(session, self._event_id)
        return CheckInStats.of(counts, actions)

    def audit_log(self, limit: int | None = None) -> list[AuditRow]:
        """Every desk action, newest first."""
        with self._database.session() as session:
            return q.audit_rows(session, self._event_id, limit)

    def arrivals(self) -> list[ArrivalRow]:
        """Everyone checked in now, with the time and desk of their first check-in."""
        with self._database.session() as session:
            return q.arrival_rows(session, self._event_id)

    # -- internals -----------------------------------------------------------------------

    def _row(self, session: OrmSession, attendee_id: int) -> AttendeeRow:
        row = q.attendee_by_id(session, self._event_id, attendee_id)
        if row is None:
            raise CheckInError(f"no attendee with id {attendee_id} in this event")
        return row

    def _when(self, instant: datetime, now: datetime) -> str:
        return local_time_text(instant, self._zone, today=now)

    def _audit(
        self,
        session: OrmSession,
        at: datetime,
        action: AuditAction,
        attendee_id: int | None,
        detail: str,
    ) -> None:
        q.add_audit(
            session,
            event_id=self._event_id,
            at=at,
            desk=self._desk,
            action=action.value,
            attendee_id=attendee_id,
            detail=detail,
        )

    def _admit(
        self, session: OrmSession, row: AttendeeRow, now: datetime, scan_id: str, via: str
    ) -> Verdict:
        if row.category is AttendeeCategory.REMOTE:
            return self._refuse(session, now, scan_id, RefusalReason.REMOTE, via, row=row)
        # A retried scan id is caught by the log's unique key below; no read needed first.
        check_in_id = q.try_first_check_in(
            session,
            event_id=self._event_id,
            attendee_id=row.id,
            at=now,
            desk=self._desk,
            scan_id=scan_id,
            audit=(AuditAction.CHECK_IN.value, via),
        )
        if check_in_id is None:
            replay = q.log_row_for_scan(session, scan_id)
            if replay is not None:
                return self._replayed(session, row, replay, scan_id)
            admission = q.admission_of(session, row.id)
            if admission is None:
                raise CheckInError(f"the check-in of {row.name} was refused by the database")
            first = self._when(admission.at, now)
            self._audit(
                session,
                now,
                AuditAction.ALREADY,
                row.id,
                f"{via}; first in {first} at {admission.desk}",
            )
            return build_verdict(
                self._desk,
                VerdictState.ALREADY,
                f"Already checked in at {first} at {admission.desk}",
                now,
                scan_id,
                row=row,
                notes=(row.staff_note,) if row.staff_note else (),
                first_at=admission.at,
                first_desk=admission.desk,
            )
        return self._welcome(session, row, now, scan_id, check_in_id)

    def _welcome(
        self,
        session: OrmSession | None,
        row: AttendeeRow,
        now: datetime,
        scan_id: str,
        check_in_id: int,
    ) -> Verdict:
        """The verdict of a first check-in just made."""
        return build_verdict(
            self._desk,
            VerdictState.ADMITTED,
            f"Welcome, {row.name}",
            now,
            scan_id,
            row=row,
            notes=self._first_entry_notes(session, row),
            first_at=now,
            first_desk=self._desk,
            action=CheckInAction.CHECK_IN,
            check_in_id=check_in_id,
        )

    def _first_entry_notes(self, session: OrmSession | None, row: AttendeeRow) -> tuple[str, ...]:
        """The notes of a first check-in; `session`: the open one (on SQLite a second one
        would wait for it), else a read of its own."""
        notes: list[str] = []
        if row.category is AttendeeCategory.SPEAKER or _SPEAKER_ROLES.intersection(row.roles):
            talks: list[tuple[str, datetime]] = []
            if row.person_id is not None:
                with nullcontext(session) if session else self._database.session() as reading:
                    talks = q.speaking_sessions(reading, row.person_id)
            where = "; ".join(f"{title}, {self._when(start, start)}" for title, start in talks)
            notes.append(f"{NOTE_SPEAKER} ({where})" if where else NOTE_SPEAKER)
        notes.append(NOTE_PHOTO_ID)
        if row.staff_note:
            notes.append(row.staff_note)
        return tuple(notes)

    def _replayed(
        self, session: OrmSession, row: AttendeeRow, log: LogRow, scan_id: str
    ) -> Verdict:
        """The verdict of a scan id whose write was already applied (a retry)."""
        admission = q.admission_of(session, row.id)
        welcome = "Welcome back" if log.action is CheckInAction.RE_ENTRY else "Welcome"
        return build_verdict(
            self._desk,
            VerdictState.ADMITTED,
            f"{welcome}, {row.name}",
            log.at,
            scan_id,
            row=row,
            first_at=admission.at if admission else log.at,
            first_desk=admission.desk if admission else log.desk,
            action=log.action,
            check_in_id=log.id,
            replayed=True,
        )

    def _refuse(
        self,
        session: OrmSession,
        now: datetime,
        scan_id: str,
        reason: RefusalReason,
        detail: str,
        *,
        row: AttendeeRow | None = None,
        payload: str | None = None,
    ) -> Verdict:
        audit = refusal_audit(reason, detail, payload)
        self._audit(session, now, AuditAction.REFUSED, row.id if row else None, audit)
        return refused_verdict(self._desk, reason, now, scan_id, detail, row=row)


__all__ = ["DEDUPE_SECONDS", "CheckInService", "new_scan_id"]
