"""The program of the event as plain values: sessions, rooms, days, now and next.

Qt-free and frozen, so a program loaded on a worker thread (`schedule.load_program`)
can be handed to the GUI as it is. Adjusted (projected) times from the session chair's
timers, when known, take the place of the planned ones for now and next.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sci4dl_desktop.domain.local_time import (
    as_utc,
    ceil_to_hour,
    floor_to_hour,
    format_short_day,
    format_time,
    local_day,
)
from sci4dl_desktop.domain.text import fold, fold_terms
from sci4dl_desktop.domain.text import matches as terms_match
from sci4dl_desktop.store.enums import SessionKind

NO_ROOM = "No room"

# Planned or adjusted (start, end) instants of sessions, by session id.
TimesById = Mapping[int, tuple[datetime, datetime]]


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person as the pages show them: 'Name (Affiliation)', or the name alone."""

    name: str
    affiliation: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


@dataclass(frozen=True, slots=True)
class PosterEntry:
    """A poster as the schedule shows it: in its poster session, or behind a talk."""

    id: int
    board: int | None
    title: str
    authors: tuple[str, ...]
    remote: bool
    challenge_entry: bool
    poster_session_id: int | None

    @property
    def board_label(self) -> str:
        return str(self.board) if self.board is not None else "–"


@dataclass(frozen=True, slots=True)
class RoomView:
    id: int
    name: str
    position: int


@dataclass(frozen=True, slots=True)
class SessionView:
    id: int
    uid: str
    title: str
    subtitle: str
    kind: SessionKind
    start: datetime
    end: datetime
    room_id: int | None
    room_name: str
    room_position: int
    speakers: tuple[Speaker, ...] = ()
    abstract: str = ""
    notes: str = ""
    posters: tuple[PosterEntry, ...] = ()  # the posters of a poster session, by board
    talk_posters: tuple[PosterEntry, ...] = ()  # the poster(s) a contributed talk presents

    def __post_init__(self) -> None:
        # Kept in UTC: Python compares and subtracts datetimes that share a zone by wall
        # clock, which is wrong across a DST change.
        object.__setattr__(self, "start", as_utc(self.start, f"start of session {self.id}"))
        object.__setattr__(self, "end", as_utc(self.end, f"end of session {self.id}"))

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def speaker_names(self) -> str:
        return ", ".join(s.name for s in self.speakers)

    def is_running(self, now: datetime) -> bool:
        return self.start <= now < self.end

    def search_text(self) -> str:
        """Everything a search over the program looks at, folded."""
        parts = [self.title, self.subtitle, self.kind.label, self.room_name, self.notes]
        parts += [s.name for s in self.speakers]
        parts += [p.title for p in self.talk_posters]
        return fold(" ".join(parts))


@dataclass(frozen=True)
class Program:
    """The whole program of the event, sessions ordered by start time and room."""

    title: str
    acronym: str
    zone: ZoneInfo
    first_day: date
    last_day: date
    rooms: tuple[RoomView, ...]
    sessions: tuple[SessionView, ...]
    _by_id: dict[int, SessionView] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for s in self.sessions})

    def session(self, session_id: int) -> SessionView | None:
        return self._by_id.get(session_id)

    def local_day(self, instant: datetime) -> date:
        return local_day(instant, self.zone)

    def days(self) -> tuple[date, ...]:
        """The event's days, plus any day outside them that still holds a session."""
        days = {self.first_day + timedelta(days=n) for n in range(self.day_count())}
        days.update(group_by_day(self.sessions, self.zone))
        return tuple(sorted(days))

    def day_count(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def sessions_on(self, day: date) -> tuple[SessionView, ...]:
        return tuple(s for s in self.sessions if self.local_day(s.start) == day)

    def is_live(self, now: datetime) -> bool:
        """True on the event's days, in the event's time zone."""
        return self.local_day(now) in self.days()

    def today_or_first(self, now: datetime) -> date:
        """The day to show first: today during the event, else the first day."""
        today = self.local_day(now)
        days = self.days()
        return today if today in days else days[0]


@dataclass(frozen=True, slots=True)
class NowNext:
    now: tuple[SessionView, ...]
    next: tuple[SessionView, ...]

    @property
    def now_ids(self) -> frozenset[int]:
        return frozenset(s.id for s in self.now)

    @property
    def next_ids(self) -> frozenset[int]:
        return frozenset(s.id for s in self.next)


def session_order(session: SessionView) -> tuple[datetime, int, datetime, int]:
    return (session.start, session.room_position, session.end, session.id)


# -- days, now and next ------------------------------------------------------------------


def group_by_day(
    sessions: Iterable[SessionView], zone: ZoneInfo
) -> dict[date, tuple[SessionView, ...]]:
    """Sessions by the event-local day they start on, days in order, sessions by start."""
    days: dict[date, list[SessionView]] = {}
    for session in sorted(sessions, key=session_order):
        days.setdefault(local_day(session.start, zone), []).append(session)
    return {day: tuple(days[day]) for day in sorted(days)}


def effective_times(
    session: SessionView, adjusted: TimesById | None = None
) -> tuple[datetime, datetime]:
    """The session's projected times when adjusted ones are known, else its planned times."""
    if adjusted and session.id in adjusted:
        start, end = adjusted[session.id]
        return as_utc(start), as_utc(end)
    return session.start, session.end


def now_and_next(
    sessions: Iterable[SessionView], now: datetime, adjusted: TimesById | None = None
) -> NowNext:
    """What runs at `now` (several rooms may run at once) and what starts next.

    The next sessions are all those sharing the earliest start after `now`. Adjusted
    (projected) times, when given, take the place of the planned ones.
    """
    now = as_utc(now, "current time")
    running: list[SessionView] = []
    upcoming: list[tuple[datetime, SessionView]] = []
    for session in sessions:
        start, end = effective_times(session, adjusted)
        if start <= now < end:
            running.append(session)
        elif start > now:
            upcoming.append((start, session))
    running.sort(key=lambda s: (s.room_position, effective_times(s, adjusted)[0], s.id))
    if not upcoming:
        return NowNext(tuple(running), ())
    first = min(start for start, _ in upcoming)
    following = sorted(
        (s for start, s in upcoming if start == first), key=lambda s: (s.room_position, s.id)
    )
    return NowNext(tuple(running), tuple(following))


def now_next_summary(
    now_next: NowNext, now: datetime, zone: ZoneInfo, adjusted: TimesById | None = None
) -> str:
    """One line for a screen across the room: what runs now (until when) and what is next."""

    def where(session: SessionView) -> str:
        return f"{session.title} ({session.room_name})"

    parts = []
    if now_next.now:
        running = ", ".join(
            f"{where(s)} until {format_time(effective_times(s, adjusted)[1], zone)}"
            for s in now_next.now
        )
        parts.append(f"Now: {running}")
    else:
        parts.append(f"Now ({format_time(now, zone)}): nothing scheduled")
    if now_next.next:
        start = effective_times(now_next.next[0], adjusted)[0]
        upcoming = ", ".join(where(s) for s in now_next.next)
        day = (
            ""
            if local_day(start, zone) == local_day(now, zone)
            else f"{format_short_day(local_day(start, zone))} "
        )
        parts.append(f"Next {day}at {format_time(start, zone)}: {upcoming}")
    return "   ·   ".join(parts)


def filter_sessions(sessions: Iterable[SessionView], query: str) -> tuple[SessionView, ...]:
    """The sessions matching every term of a search query (accent- and case-insensitive)."""
    terms = fold_terms(query)
    return tuple(s for s in sessions if terms_match(s.search_text(), terms))


def session_matches(session: SessionView, terms: Sequence[str]) -> bool:
    return terms_match(session.search_text(), terms)


# -- time axis -------------------------------------------------------------------------


def day_span(
    sessions: Iterable[SessionView], zone: ZoneInfo, adjusted: TimesById | None = None
) -> tuple[datetime, datetime] | None:
    """Whole local hours covering the sessions (and their projected times), or None if none."""
    starts: list[datetime] = []
    ends: list[datetime] = []
    for session in sessions:
        starts.append(session.start)
        ends.append(session.end)
        if adjusted and session.id in adjusted:
            start, end = effective_times(session, adjusted)
            starts.append(start)
            ends.append(end)
    if not starts:
        return None
    return floor_to_hour(min(starts), zone), ceil_to_hour(max(ends), zone)


def check_adjusted_times(adjusted: TimesById) -> dict[int, tuple[datetime, datetime]]:
    """Validate projected times: aware instants, end after start. Returns a plain copy."""
    checked: dict[int, tuple[datetime, datetime]] = {}
    for session_id, (start, end) in adjusted.items():
        start = as_utc(start, f"adjusted start of session {session_id}")
        end = as_utc(end, f"adjusted end of session {session_id}")
        if end <= start:
            raise ValueError(
                f"adjusted times of session {session_id} end ({end}) before they start ({start})"
            )
        checked[session_id] = (start, end)
    return checked


__all__ = [
    "NO_ROOM",
    "NowNext",
    "PosterEntry",
    "Program",
    "RoomView",
    "SessionView",
    "Speaker",
    "TimesById",
    "check_adjusted_times",
    "day_span",
    "effective_times",
    "filter_sessions",
    "group_by_day",
    "now_and_next",
    "now_next_summary",
    "session_matches",
    "session_order",
]
