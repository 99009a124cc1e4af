"""A registration desk on a shared event server that keeps working when the server is gone.

`DeskService` is the check-in service of domain/checkin.py with three additions for
desks that share a PostgreSQL server:

* **Offline.** When a write or read fails because the server cannot be reached, the
  desk switches to its local file (store/desk_cache.py): scans are answered from its
  last copy of the register (domain/offline_verdicts.py) and queued durably before the
  verdict is returned. Undo, walk-ins and badge reissues need the server and say so.
  The scan id chosen before the failure is kept, so a write that did reach the server
  before the connection broke is not applied twice when the queue is uploaded.
* **Back online.** `sync()` probes the server, uploads the queue exactly once
  (domain/desk_sync.py), collects conflicts, refreshes the local copy and goes back
  online only when nothing waits any more.
* **Live.** `apply_changes()` takes what another desk changed (from store/live.py) and
  updates the search index entry by entry and the local copy of the register, without
  reloading whole tables; `refresh_index()` reloads everything only when it must.

On a SQLite event file (one computer) there is no server to lose: no local file is
made and the service behaves exactly like CheckInService.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from sci4dl_desktop import paths
from sci4dl_desktop.domain.attendee_index import AttendeeIndex, IndexedAttendee
from sci4dl_desktop.domain.badges import MAX_PAYLOAD_CHARS, event_tag, normalise_payload
from sci4dl_desktop.domain.checkin import DEDUPE_SECONDS, CheckInService, new_scan_id
from sci4dl_desktop.domain.checkin_types import (
    AttendeeSummary,
    CheckInError,
    CheckInStats,
    validate_desk_name,
)
from sci4dl_desktop.domain.clock import Clock
from sci4dl_desktop.domain.desk_sync import SyncReport, Uploader
from sci4dl_desktop.domain.offline_verdicts import OfflineDesk
from sci4dl_desktop.domain.verdict import Verdict
from sci4dl_desktop.store import checkins as q
from sci4dl_desktop.store.checkins import AdmissionRow, ArrivalRow, AttendeeRow, AuditRow
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.desk_cache import CachedEvent, Conflict, DeskCache, QueueKind
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.live import Changes
from sci4dl_desktop.store.models import Admission, Attendee

_SERVER_STATES = ("08", "57P01", "57P02", "57P03")  # connection exceptions, shutdowns


def is_connection_problem(exc: BaseException) -> bool:
    """True when a database error means the server cannot be reached (not a refusal)."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    state = getattr(exc.orig, "sqlstate", None)
    if state is None:
        return isinstance(exc, OperationalError | InterfaceError)
    return str(state).startswith(_SERVER_STATES)


def problem_text(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return " ".join(text.split())[:300]


def default_cache_path(database: Database, event_id: int, secret: bytes, desk: str) -> Path:
    """The desk's local file: one per server database, event and desk name."""
    server = database.url.set(password=None).render_as_string(hide_password=True)
    key = f"{server}|{event_id}|{event_tag(secret)}|{desk}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    slug = re.sub(r"[^A-Za-z0-9]+", "-", desk).strip("-")[:40] or "desk"
    return paths.state_dir() / "desks" / f"{slug}-{digest}.sqlite"


def _entry(row: AttendeeRow) -> IndexedAttendee:
    return IndexedAttendee(
        row.id,
        row.name,
        row.email,
        row.affiliation,
        row.category,
        row.badge_serial,
        row.badge_revision,
    )


@dataclass(frozen=True)
class DeskStatus:
    """What the desk's banner says: online or not, and what waits for the server."""

    offline: bool
    waiting: int = 0  # queued actions not uploaded yet
    waiting_check_ins: int = 0  # of which check-ins and re-entries
    conflicts: int = 0  # not reviewed yet
    offline_since: datetime | None = None
    problem: str = ""

    @property
    def waiting_text(self) -> str:
        noun = "check-in" if self.waiting == self.waiting_check_ins else "scan"
        plural = "" if self.waiting == 1 else "s"
        return f"{self.waiting} {noun}{plural} waiting to upload"

    @property
    def banner_text(self) -> str:
        """The banner's words, or "" when there is nothing to say."""
        parts = []
        if self.offline:
            parts.append(f"Server unreachable — working offline; {self.waiting_text}")
        elif self.waiting:
            parts.append(f"Server back — uploading; {self.waiting_text}")
        if self.conflicts:
            plural = "s" if self.conflicts != 1 else ""
            parts.append(f"{self.conflicts} conflict{plural} to review")
        return ". ".join(parts)


class DeskService(CheckInService):
    """A CheckInService that falls back to a local file when the event server is gone."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        desk_name: str,
        *,
        cache_path: Path | None = None,
        offline_capable: bool | None = None,
        dedupe_seconds: float = DEDUPE_SECONDS,
    ) -> None:
        super().__init__(database, clock, desk_name, dedupe_seconds=dedupe_seconds)
        capable = database.is_postgresql if offline_capable is None else offline_capable
        self.cache: DeskCache | None = None
        if capable:
            path = cache_path or default_cache_path(
                database, self._event_id, self._secret, self._desk
            )
            self.cache = DeskCache(path)
            self.cache.save_event(CachedEvent(self._event_id, self._secret, str(self._zone)))
        self._offline_since: datetime | None = None
        self._problem = ""
        self._index_current = False
        self.live = False  # set while a change feed delivers every change (index kept current)

    # -- state ---------------------------------------------------------------------------

    @property
    def offline(self) -> bool:
        return self._offline_since is not None

    def status(self) -> DeskStatus:
        if self.cache is None:
            return DeskStatus(offline=False)
        counts = self.cache.pending_counts()
        return DeskStatus(
            offline=self.offline,
            waiting=sum(counts.values()),
            waiting_check_ins=counts.get(QueueKind.CHECK_IN, 0) + counts.get(QueueKind.RE_ENTRY, 0),
            conflicts=len(self.cache.conflicts()),
            offline_since=self._offline_since,
            problem=self._problem,
        )

    @property
    def desk_name(self) -> str:
        return self._desk

    @desk_name.setter
    def desk_name(self, name: str) -> None:
        clean = validate_desk_name(name)
        waiting = self.cache.pending_count() if self.cache is not None else 0
        if waiting and clean != self._desk:
            scans = f"{waiting} scan{'s' if waiting != 1 else ''} made as {self._desk}"
            raise CheckInError(
                f"the server does not have {scans} yet; rename the desk once it has them"
            )
        self._desk = clean

    def close(self) -> None:
        super().close()
        if self.cache is not None:
            self.cache.close()

    def _absorb(self, exc: DBAPIError) -> None:
        """Go offline if `exc` says the server is unreachable; otherwise re-raise it."""
        if self.cache is None or not is_connection_problem(exc):
            raise exc
        with self._lock:
            if self._offline_since is None:
                self._offline_since = self._clock.now()
            self._problem = problem_text(exc)
        self._database.engine.dispose()  # the pooled connections are dead

    def _offline_desk(self) -> OfflineDesk:
        assert self.cache is not None
        return OfflineDesk(self.cache, self._secret, self._zone, self._desk)

    def _needs_server(self, what: str, exc: DBAPIError | None = None) -> CheckInError:
        if exc is not None:
            self._absorb(exc)
        return CheckInError(
            f"the event server is unreachable: {what} needs it. "
            "Try again when the banner says the desk is back online"
        )

    # -- scanning and checking in ------------------------------------------------------------

    def scan(self, payload: str, scan_id: str | None = None) -> Verdict:
        scan_id = scan_id or new_scan_id()
        if not self.offline:
            try:
                return super().scan(payload, scan_id)
            except DBAPIError as exc:
                self._absorb(exc)
        key = normalise_payload(payload[: MAX_PAYLOAD_CHARS + 1])
        with self._lock:
            now = self._clock.monotonic()
            repeat = self._recent.repeat_of(key, now)
            if repeat is not None:
                return repeat
            verdict = self._offline_desk().scan(payload, scan_id, self._clock.now())
            self._recent.remember(key, now, verdict)
            return verdict

    def check_in_attendee(self, attendee_id: int, scan_id: str | None = None) -> Verdict:
        scan_id = scan_id or new_scan_id()
        if not self.offline:
            try:
                return super().check_in_attendee(attendee_id, scan_id)
            except DBAPIError as exc:
                self._absorb(exc)
        with self._lock:
            return self._offline_desk().check_in(attendee_id, scan_id, self._clock.now())

    def re_entry(self, attendee_id: int, scan_id: str | None = None) -> Verdict:
        scan_id = scan_id or new_scan_id()
        if not self.offline:
            try:
                return super().re_entry(attendee_id, scan_id)
            except DBAPIError as exc:
                self._absorb(exc)
        with self._lock:
            return self._offline_desk().re_entry(attendee_id, scan_id, self._clock.now())

    def undo(self, attendee_id: int, reason: str) -> AttendeeSummary:
        if self.offline:
            raise self._needs_server("undoing a check-in")
        try:
            return super().undo(attendee_id, reason)
        except DBAPIError as exc:
            raise self._needs_server("undoing a check-in", exc) from exc

    def register_walk_in(
        self, name: str, email: str, affiliation: str, category: AttendeeCategory
    ) -> Attendee:
        if self.offline:
            raise self._needs_server("registering a walk-in (a new badge serial)")
        try:
            return super().register_walk_in(name, email, affiliation, category)
        except DBAPIError as exc:
            raise self._needs_server("registering a walk-in (a new badge serial)", exc) from exc

    def reissue_badge(self, attendee_id: int) -> Attendee:
        if self.offline:
            raise self._needs_server("reissuing a badge")
        try:
            return super().reissue_badge(attendee_id)
        except DBAPIError as exc:
            raise self._needs_server("reissuing a badge", exc) from exc

    # -- reading -----------------------------------------------------------------------------

    def attendee(self, attendee_id: int) -> AttendeeSummary:
        if not self.offline:
            try:
                return super().attendee(attendee_id)
            except DBAPIError as exc:
                self._absorb(exc)
        assert self.cache is not None
        row = self._offline_desk().row(attendee_id)
        return AttendeeSummary.of(_entry(row), self.cache.admission_of(attendee_id))

    def refresh_index(self) -> None:
        """Reload the search index, unless live changes have kept it current."""
        if self.offline:
            self._index_from_cache()
            return
        if self._index is not None and self._index_current and self.live:
            return
        try:
            super().refresh_index()
        except DBAPIError as exc:
            self._absorb(exc)
            self._index_from_cache()
            return
        with self._lock:
            self._index_current = True

    def invalidate_index(self) -> None:
        """Attendees changed in a way no change feed reports (an import in this window):
        the next refresh_index() reads them all again."""
        with self._lock:
            self._index_current = False

    def _index_from_cache(self) -> AttendeeIndex:
        with self._lock:
            index = self._index
        if index is None:
            assert self.cache is not None
            index = AttendeeIndex(_entry(row) for row in self.cache.attendees())
            with self._lock:
                self._index = index
        return index

    def search(self, query: str, limit: int = 50) -> list[AttendeeSummary]:
        if not self.offline:
            try:
                return super().search(query, limit)
            except DBAPIError as exc:
                self._absorb(exc)
        assert self.cache is not None
        hits = self._index_from_cache().search(query, limit)
        admissions = self.cache.admissions_of(hit.id for hit in hits)
        return [AttendeeSummary.of(hit, admissions.get(hit.id)) for hit in hits]

    def stats(self) -> CheckInStats:
        if not self.offline:
            try:
                return super().stats()
            except DBAPIError as exc:
                self._absorb(exc)
        return self._offline_desk().stats()

    def audit_log(self, limit: int | None = None) -> list[AuditRow]:
        """The server's audit log; offline, what this desk recorded, newest first."""
        if not self.offline:
            try:
                return super().audit_log(limit)
            except DBAPIError as exc:
                self._absorb(exc)
        return self._offline_desk().audit_rows(limit)

    def arrivals(self) -> list[ArrivalRow]:
        if not self.offline:
            try:
                return super().arrivals()
            except DBAPIError as exc:
                self._absorb(exc)
        return self._offline_desk().arrivals()

    # -- keeping current, and coming back ----------------------------------------------------

    def apply_changes(self, changes: Changes) -> None:
        """Take in what other desks changed: index entries, and the local copy."""
        if self.offline or not changes:
            return
        if changes.resync:
            with self._lock:
                self._index_current = False
            self.refresh_index()
            self.refresh_cache()
            return
        try:
            with self._database.session() as session:
                rows = {i: q.attendee_by_id(session, self._event_id, i) for i in changes.attendees}
                ids = changes.check_ins | changes.attendees
                admissions = q.admissions_of(session, ids) if self.cache is not None else {}
        except DBAPIError as exc:
            self._absorb(exc)
            return
        for row in rows.values():
            if row is not None:
                self._remember(_entry(row))
        if any(row is None for row in rows.values()):
            with self._lock:
                self._index_current = False  # someone was removed: reload on the next refresh
        if self.cache is not None:
            gone = [i for i, row in rows.items() if row is None]
            self.cache.update_attendees([row for row in rows.values() if row is not None], gone)
            self.cache.update_admissions(ids, admissions)

    def refresh_cache(self) -> None:
        """Copy the whole register and who is in to the local file (done when online)."""
        if self.cache is None:
            return
        try:
            with self._database.session() as session:
                rows = q.all_attendees(session, self._event_id)
                found = session.execute(
                    select(
                        Admission.attendee_id, Admission.check_in_id, Admission.at, Admission.desk
                    )
                    .join(Attendee, Attendee.id == Admission.attendee_id)
                    .where(Attendee.event_id == self._event_id)
                ).all()
        except DBAPIError as exc:
            self._absorb(exc)
            return
        admissions = [AdmissionRow(*row) for row in found]
        self.cache.replace_snapshot(rows, admissions, self._clock.now())

    def check_server(self) -> bool:
        """Ask the server for a sign of life now (when the change feed lost it, say), going
        offline at once if it does not answer, so the next scan does not wait for it."""
        if self.cache is None or self.offline:
            return not self.offline
        try:
            with self._database.engine.connect() as connection:
                connection.execute(select(1))
        except DBAPIError as exc:
            self._absorb(exc)
            return False
        return True

    def sync(self, rounds: int = 5) -> SyncReport | None:
        """Back online if the server answers: upload what waits, then refresh the local copy.

        Returns None when there was nothing to do (online, nothing queued).
        """
        if self.cache is None or (not self.offline and not self.cache.pending_count()):
            return None
        uploader = Uploader(self._database, self._event_id, self.cache, self._zone, self._clock.now)
        uploaded = 0
        conflicts: tuple[Conflict, ...] = ()
        try:
            with self._database.engine.connect() as connection:
                connection.execute(select(1))
            for _round in range(rounds):
                report = uploader.upload()
                uploaded, conflicts = uploaded + report.uploaded, conflicts + report.conflicts
                with self._lock:  # offline scans hold the lock: none slips in between
                    if self.cache.pending_count() == 0:
                        self._offline_since, self._problem = None, ""
                        self._index_current = False
                        break
        except DBAPIError as exc:
            self._absorb(exc)
            return SyncReport(uploaded, conflicts, self.cache.pending_count())
        if not self.offline:
            self.refresh_cache()
        return SyncReport(uploaded, conflicts, self.cache.pending_count())

    # -- conflicts -----------------------------------------------------------------------

    def conflicts(self, *, include_reviewed: bool = False) -> list[Conflict]:
        """People admitted here while offline whom the server had admitted elsewhere."""
        if self.cache is None:
            return []
        return self.cache.conflicts(include_reviewed=include_reviewed)

    def mark_reviewed(self, scan_id: str) -> bool:
        """Staff have looked at this conflict: it leaves the list (it stays in the file)."""
        return self.cache.mark_reviewed(scan_id, self._clock.now()) if self.cache else False


__all__ = [
    "DeskService",
    "DeskStatus",
    "default_cache_path",
    "is_connection_problem",
    "problem_text",
]
