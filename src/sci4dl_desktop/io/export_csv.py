"""CSV exports of attendees, sessions, posters and pairings, in the import formats.

Files are UTF-8 with a byte-order mark (so Excel shows accents), comma-separated, with
the column titles of docs/csv-formats.md; they import back unchanged. A cell that
starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so a
spreadsheet shows it as text instead of running it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.io.csvread import FORMULA_STARTS
from sci4dl_desktop.io.csvspec import ATTENDEES, PAIRINGS, POSTERS, SESSIONS, CsvFormat
from sci4dl_desktop.io.state import EventState, load_state
from sci4dl_desktop.store.enums import PersonRole


def neutralise(cell: str) -> str:
    """'=SUM(A1)' -> "'=SUM(A1)": a spreadsheet shows it instead of running it."""
    return "'" + cell if cell[:1] in FORMULA_STARTS and cell else cell


def csv_bytes(spec: CsvFormat, keys: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([spec.column(k).title for k in keys])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def _roles(roles: Iterable[str]) -> str:
    labels = []
    for role in roles:
        try:
            labels.append(PersonRole(role).label.lower())
        except ValueError:
            labels.append(role)
    return "; ".join(labels)


def _session_names(state: EventState) -> Callable[[str | None], str]:
    """A session's title when no other session has it, else its uid."""
    counts: dict[str, int] = {}
    for entry in state.sessions.values():
        key = fold(entry.record.title)
        counts[key] = counts.get(key, 0) + 1

    def name(uid: str | None) -> str:
        if uid is None or uid not in state.sessions:
            return ""
        title = state.sessions[uid].record.title
        return title if counts[fold(title)] == 1 else uid

    return name


def attendees_csv(session: OrmSession) -> bytes:
    state = load_state(session)
    keys = ("name", "email", "affiliation", "category", "roles", "badge_serial", "staff_note")
    rows = (
        (
            r.name,
            r.email or "",
            r.affiliation,
            r.category.value,
            _roles(r.roles),
            r.badge_serial,
            r.staff_note,
        )
        for r in (e.record for e in state.attendees.values())
    )
    return csv_bytes(ATTENDEES, keys, rows)


def sessions_csv(session: OrmSession) -> bytes:
    state = load_state(session)
    zone = state.zone
    keys = (
        "uid", "date", "start", "end", "title", "subtitle", "kind", "room", "speakers",
        "track", "abstract", "notes", "url",
    )  # fmt: skip
    records = sorted((e.record for e in state.sessions.values()), key=lambda r: (r.start_at, r.uid))
    rows = []
    for r in records:
        start, end = r.start_at.astimezone(zone), r.end_at.astimezone(zone)
        end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
        rows.append(
            (
                r.uid,
                start.date().isoformat(),
                f"{start:%H:%M}",
                end_text,
                r.title,
                r.subtitle,
                r.kind.label.lower(),
                r.room or "",
                "; ".join(state.person_name(p) for p in r.speakers),
                r.track,
                r.abstract,
                r.notes,
                r.url,
            )
        )
    return csv_bytes(SESSIONS, keys, rows)


def posters_csv(session: OrmSession) -> bytes:
    state = load_state(session)
    name = _session_names(state)
    keys = (
        "uid", "forum", "title", "authors", "abstract", "keywords", "session", "board",
        "remote", "challenge", "talk", "url",
    )  # fmt: skip
    records = sorted(
        (e.record for e in state.posters.values()),
        key=lambda r: (name(r.poster_session), r.board or 0, r.uid),
    )
    rows = (
        (
            r.uid,
            r.external_id or "",
            r.title,
            "; ".join(
                f"{a.name} ({a.affiliation})" if a.affiliation else a.name for a in r.authors
            ),
            r.abstract,
            "; ".join(r.keywords),
            name(r.poster_session),
            str(r.board) if r.board is not None else "",
            "yes" if r.presented_remotely else "no",
            "yes" if r.challenge_entry else "no",
            name(r.talk_session),
            r.url,
        )
        for r in records
    )
    return csv_bytes(POSTERS, keys, rows)


def pairings_csv(session: OrmSession) -> bytes:
    state = load_state(session)
    zone = state.zone
    keys = ("mentor", "mentee", "mentee_email", "slot", "slot_id", "place", "topic")
    rows = []
    for entry in state.pairings.values():
        r = entry.record
        slot = state.sessions[r.slot].record
        mentee = state.attendees[r.mentee].record
        rows.append(
            (
                state.person_name(r.mentor),
                mentee.name,
                mentee.email or "",
                f"{slot.start_at.astimezone(zone):%H:%M} {slot.title}",
                slot.uid,
                r.place,
                r.topic,
            )
        )
    rows.sort(key=lambda row: (row[4], row[0], row[1]))
    return csv_bytes(PAIRINGS, keys, rows)


CSV_EXPORTS: dict[str, Callable[[OrmSession], bytes]] = {
    "csv-attendees": attendees_csv,
    "csv-sessions": sessions_csv,
    "csv-posters": posters_csv,
    "csv-pairings": pairings_csv,
}

__all__ = [
    "CSV_EXPORTS",
    "attendees_csv",
    "csv_bytes",
    "neutralise",
    "pairings_csv",
    "posters_csv",
    "sessions_csv",
]
