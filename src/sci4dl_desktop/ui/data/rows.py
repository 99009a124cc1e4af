"""What the Event data page shows: the event's records, read once, as table rows.

`load_page_data` runs on a worker thread (the import's own `load_state` plus the
check-in count of each attendee); the `*_rows` functions turn it into the rows of the
four tables, each keyed by the record's ref ("#17").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from sci4dl_desktop.io.records import ref_id
from sci4dl_desktop.io.state import EventState, load_state
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import PersonRole, SessionKind
from sci4dl_desktop.store.models import CheckIn
from sci4dl_desktop.ui.data.table_model import TextRow

SESSION_HEADERS = ("Day", "Start", "End", "Title", "Kind", "Room", "Speakers")
POSTER_HEADERS = ("Poster session", "Board", "Title", "Authors", "Keywords")
PERSON_HEADERS = ("Name", "Affiliation", "Roles", "Speaks in")
ATTENDEE_HEADERS = ("Name", "Email", "Affiliation", "Category", "Badge", "Check-ins")


@dataclass
class PageData:
    state: EventState
    check_ins: dict[int, int] = field(default_factory=dict)  # attendee id -> check-ins

    @property
    def zone(self) -> ZoneInfo:
        zone = self.state.zone
        assert zone is not None
        return zone

    def days(self) -> list[date]:
        event = self.state.event
        assert event is not None
        first, last = event.record.first_day, event.record.last_day
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def session_ref(self, uid: str) -> str:
        return self.state.sessions[uid].ref

    def session_uid(self, ref: str) -> str | None:
        row_id = ref_id(ref)
        return self.state.session_uid_by_id.get(row_id) if row_id is not None else None

    def sessions_of(self, *kinds: SessionKind) -> list[tuple[str, str]]:
        """(uid, label) of the sessions of these kinds, in time order."""
        found = sorted(
            (e.record for e in self.state.sessions.values() if e.record.kind in kinds),
            key=lambda r: (r.start_at, r.title),
        )
        return [(r.uid, self.state.session_label(r.uid)) for r in found]


def load_page_data(database: Database) -> PageData:
    with database.session() as session:
        state = load_state(session)
        counts = session.execute(
            select(CheckIn.attendee_id, func.count()).group_by(CheckIn.attendee_id)
        ).all()
    return PageData(state, {int(k): int(v) for k, v in counts})


def role_labels(roles: tuple[str, ...]) -> str:
    labels = []
    for role in roles:
        try:
            labels.append(PersonRole(role).label)
        except ValueError:
            labels.append(role)
    return ", ".join(labels)


def session_rows(data: PageData) -> list[TextRow]:
    state, zone = data.state, data.zone
    rows = []
    for entry in state.sessions.values():
        r = entry.record
        start, end = r.start_at.astimezone(zone), r.end_at.astimezone(zone)
        end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a %d %b %H:%M}"
        speakers = "; ".join(state.person_name(p) for p in r.speakers)
        cells = (
            f"{start:%a %d %b}",
            f"{start:%H:%M}",
            end_text,
            r.title,
            r.kind.label,
            r.room or "",
            speakers,
        )
        sort = (r.start_at, r.start_at, r.end_at, None, r.kind.label, r.room or "", speakers)
        rows.append(TextRow(cells, entry.ref, sort))
    rows.sort(key=lambda row: (row.sort or ())[:3])
    return rows


def poster_rows(data: PageData) -> list[TextRow]:
    state = data.state
    rows = []
    for entry in state.posters.values():
        r = entry.record
        session = state.sessions.get(r.poster_session) if r.poster_session else None
        authors = "; ".join(a.name for a in r.authors)
        cells = (
            session.record.title if session else "",
            str(r.board) if r.board is not None else "",
            r.title,
            authors,
            ", ".join(r.keywords),
        )
        sort = (
            (session.record.start_at.isoformat(), session.record.title) if session else ("", ""),
            r.board if r.board is not None else -1,
            None,
            None,
            None,
        )
        rows.append(TextRow(cells, entry.ref, sort))
    rows.sort(key=lambda row: (row.sort[0], row.sort[1]) if row.sort else ())
    return rows


def person_rows(data: PageData) -> list[TextRow]:
    state = data.state
    talks: dict[str, int] = {}
    for session in state.sessions.values():
        for ref in session.record.speakers:
            talks[ref] = talks.get(ref, 0) + 1
    rows = []
    for entry in state.people.values():
        r = entry.record
        n = talks.get(entry.ref, 0)
        cells = (r.name, r.affiliation, role_labels(r.roles), f"{n} session{'s' if n != 1 else ''}")
        rows.append(TextRow(cells, entry.ref, (None, None, None, n)))
    rows.sort(key=lambda row: row.cells[0].casefold())
    return rows


def attendee_rows(data: PageData) -> list[TextRow]:
    rows = []
    for entry in data.state.attendees.values():
        r = entry.record
        row_id = ref_id(entry.ref)
        n = data.check_ins.get(row_id, 0) if row_id is not None else 0
        cells = (r.name, r.email or "", r.affiliation, r.category.label, r.badge_serial, str(n))
        rows.append(TextRow(cells, entry.ref, (None, None, None, None, r.badge_serial, n)))
    return rows


__all__ = [
    "ATTENDEE_HEADERS",
    "PERSON_HEADERS",
    "POSTER_HEADERS",
    "SESSION_HEADERS",
    "PageData",
    "attendee_rows",
    "load_page_data",
    "person_rows",
    "poster_rows",
    "role_labels",
    "session_rows",
]
