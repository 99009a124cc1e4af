"""What every importer is handed: the plan builder, progress, and where to put problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.io.csvread import ColumnMap, CsvTable, map_columns
from sci4dl_desktop.io.csvspec import CsvFormat
from sci4dl_desktop.io.plan import PlanBuilder, SourceInfo
from sci4dl_desktop.io.problems import Location, Problem, quote
from sci4dl_desktop.io.progress import Reporter
from sci4dl_desktop.io.records import AuthorRecord, PosterRecord
from sci4dl_desktop.io.state import EventState
from sci4dl_desktop.store.enums import SessionKind


@dataclass
class Source:
    """One file being planned."""

    info: SourceInfo
    builder: PlanBuilder
    reporter: Reporter
    field_kind: str = "field"  # "column" for CSV files
    _provided: dict[frozenset[str], frozenset[str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def state(self) -> EventState:
        return self.builder.state

    def where(self, row: int | None = None, element: str | None = None) -> Location:
        return Location(self.info.name, row, element)

    def problem(
        self,
        where: Location,
        message: str,
        *,
        field: str | None = None,
        value: str | None = None,
        hint: str = "",
    ) -> None:
        self.builder.problem(Problem(where, message, field, value, hint, self.field_kind))

    def note(self, text: str) -> None:
        self.info.notes.append(text)

    def provided(self, names: set[str] | frozenset[str]) -> frozenset[str]:
        """A shared frozenset per distinct set of field names (saves memory on big files)."""
        key = frozenset(names)
        return self._provided.setdefault(key, key)

    def require_event(self) -> bool:
        if self.state.event is not None:
            return True
        self.problem(
            self.where(),
            "the database holds no event yet, and this file does not describe one",
            hint="import a frab schedule or an event package first, or create the event "
            "(on the command line: --event-title, --timezone and --date)",
        )
        return False


def shared_name(source: Source, name: str, where: Location, column: str) -> bool:
    """Report a name that several people of the event have; True when it was reported."""
    same = source.state.people_by_name.get(fold(name.strip()), [])
    if len(same) < 2:
        return False
    source.problem(
        where,
        f"{len(same)} people are called {quote(name)}",
        field=column,
        value=name,
        hint="rename one of them in the app first",
    )
    return True


def local_label(when: datetime, state: EventState) -> str:
    zone = state.zone
    return (when.astimezone(zone) if zone else when).strftime("%H:%M")


_TIME_TITLE = re.compile(r"^(\d{1,2}[:.]\d{2})\s+(.+)$")


def resolve_session(
    state: EventState, text: str, kinds: tuple[SessionKind, ...] | None = None
) -> tuple[str | None, str]:
    """Find a session by uid, frab guid, 'HH:MM title', title or start time.

    Returns (uid, "") when found, else (None, why) with why saying what was not clear.
    `kinds` narrows title and time lookups to sessions of those kinds.
    """
    wanted = text.strip()
    uid = state.find_session(wanted)
    if uid is not None:
        return uid, ""
    candidates = [
        e.record for e in state.sessions.values() if kinds is None or e.record.kind in kinds
    ]
    title, clock = fold(wanted), None
    match = _TIME_TITLE.match(wanted)
    if match:
        clock, title = match[1].replace(".", ":").zfill(5), fold(match[2])
    elif re.match(r"^\d{1,2}[:.]\d{2}$", wanted):
        clock, title = wanted.replace(".", ":").zfill(5), ""
    found = [
        s
        for s in candidates
        if (not title or fold(s.title) == title)
        and (clock is None or local_label(s.start_at, state) == clock)
    ]
    if len(found) == 1:
        return found[0].uid, ""
    if not found:
        return None, f"no session {quote(wanted)}"
    times = ", ".join(f"{local_label(s.start_at, state)} {s.title}" for s in found[:4])
    return None, f"{quote(wanted)} could be any of {times}"


def author_records(
    existing: PosterRecord | None, authors: list[tuple[str, str]]
) -> tuple[AuthorRecord, ...]:
    """Authors (name, affiliation) as records, keeping the person links of unchanged names."""
    old = existing.authors if existing else ()
    return tuple(
        AuthorRecord(
            name,
            affiliation,
            old[i].person if i < len(old) and fold(old[i].name) == fold(name) else None,
        )
        for i, (name, affiliation) in enumerate(authors)
    )


def csv_columns(table: CsvTable, source: Source, spec: CsvFormat) -> ColumnMap | None:
    """Map the header; report its problems and unused columns. None when it is unusable."""
    columns = map_columns(table, spec)
    for problem in columns.problems:
        source.builder.problem(problem)
    if columns.unused:
        source.note("columns not used: " + ", ".join(quote(c) for c in columns.unused))
    return None if columns.problems else columns


__all__ = [
    "Source",
    "author_records",
    "csv_columns",
    "local_label",
    "resolve_session",
    "shared_name",
]
