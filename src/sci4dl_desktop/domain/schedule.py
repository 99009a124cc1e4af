"""The program of the event as plain values: loading, days, now and next, local times.

Everything here is Qt-free. `load_program` reads the whole program in a fixed handful
of queries (never one per session) and returns frozen values that are safe to hand
from a worker thread to the GUI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.text import fold, fold_terms
from sci4dl_desktop.domain.text import matches as terms_match
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import (
    Event,
    Person,
    Poster,
    PosterAuthor,
    Room,
    Session,
    SessionSpeaker,
)

EN_DASH = "\u2013"
MINUS = "\u2212"
NO_ROOM = "No room"

# Planned or adjusted (start, end) instants of sessions, by session id.
TimesById = Mapping[int, tuple[datetime, datetime]]


class ScheduleError(Exception):
    """The program cannot be read; the message says what is wrong and what to do."""


@dataclass(frozen=True, slots=True)
class Speaker:
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


# -- loading ------------------------------------------------------------------------


def event_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError(
            f"the event's time zone '{name}' is unknown: set an IANA name such as "
            "'America/Sao_Paulo' in the event settings"
        ) from exc


def load_program(session: OrmSession) -> Program:
    """Read the event's program in six queries, whatever its size."""
    event = session.scalars(select(Event).order_by(Event.id).limit(1)).first()
    if event is None:
        raise ScheduleError("this event file holds no event yet: create one or open the demo")
    zone = event_zone(event.timezone)

    rooms = tuple(
        RoomView(id=row.id, name=row.name, position=row.position)
        for row in session.execute(
            select(Room.id, Room.name, Room.position)
            .where(Room.event_id == event.id)
            .order_by(Room.position, Room.id)
        )
    )
    room_by_id = {room.id: room for room in rooms}

    # Rows are unpacked as tuples: much faster than attribute access on thousands of rows.
    speakers: dict[int, list[Speaker]] = {}
    for session_id, name, affiliation in session.execute(
        select(SessionSpeaker.session_id, Person.name, Person.affiliation)
        .join(Person, Person.id == SessionSpeaker.person_id)
        .join(Session, Session.id == SessionSpeaker.session_id)
        .where(Session.event_id == event.id)
        .order_by(SessionSpeaker.session_id, SessionSpeaker.position)
    ):
        speakers.setdefault(session_id, []).append(Speaker(name, affiliation))

    authors: dict[int, list[str]] = {}
    for poster_id, author in session.execute(
        select(PosterAuthor.poster_id, PosterAuthor.name)
        .join(Poster, Poster.id == PosterAuthor.poster_id)
        .where(Poster.event_id == event.id)
        .order_by(PosterAuthor.poster_id, PosterAuthor.position)
    ):
        authors.setdefault(poster_id, []).append(author)

    by_poster_session: dict[int, list[PosterEntry]] = {}
    by_talk: dict[int, list[PosterEntry]] = {}
    for (
        poster_id,
        board,
        poster_title,
        remote,
        challenge,
        poster_session_id,
        talk_session_id,
    ) in session.execute(
        select(
            Poster.id,
            Poster.board,
            Poster.title,
            Poster.presented_remotely,
            Poster.challenge_entry,
            Poster.poster_session_id,
            Poster.talk_session_id,
        ).where(Poster.event_id == event.id)
    ):
        entry = PosterEntry(
            id=poster_id,
            board=board,
            title=poster_title,
            authors=tuple(authors.get(poster_id, ())),
            remote=remote,
            challenge_entry=challenge,
            poster_session_id=poster_session_id,
        )
        if poster_session_id is not None:
            by_poster_session.setdefault(poster_session_id, []).append(entry)
        if talk_session_id is not None:
            by_talk.setdefault(talk_session_id, []).append(entry)

    sessions: list[SessionView] = []
    for (
        session_id,
        uid,
        title,
        subtitle,
        kind,
        start_at,
        end_at,
        room_id,
        abstract,
        notes,
    ) in session.execute(
        select(
            Session.id,
            Session.uid,
            Session.title,
            Session.subtitle,
            Session.kind,
            Session.start_at,
            Session.end_at,
            Session.room_id,
            Session.abstract,
            Session.notes,
        ).where(Session.event_id == event.id)
    ):
        room = room_by_id.get(room_id) if room_id is not None else None
        sessions.append(
            SessionView(
                id=session_id,
                uid=uid,
                title=title,
                subtitle=subtitle,
                kind=kind,
                start=start_at,
                end=end_at,
                room_id=room.id if room else None,
                room_name=room.name if room else NO_ROOM,
                room_position=room.position if room else len(rooms),
                speakers=tuple(speakers.get(session_id, ())),
                abstract=abstract,
                notes=notes,
                posters=tuple(sorted(by_poster_session.get(session_id, ()), key=_poster_order)),
                talk_posters=tuple(sorted(by_talk.get(session_id, ()), key=_poster_order)),
            )
        )
    sessions.sort(key=_session_order)
    return Program(
        title=event.title,
        acronym=event.acronym,
        zone=zone,
        first_day=event.first_day,
        last_day=event.last_day,
        rooms=rooms,
        sessions=tuple(sessions),
    )


def _poster_order(poster: PosterEntry) -> tuple[bool, int, str, int]:
    return (poster.board is None, poster.board or 0, poster.title.casefold(), poster.id)


def _session_order(session: SessionView) -> tuple[datetime, int, datetime, int]:
    return (session.start, session.room_position, session.end, session.id)


# -- days, now and next ------------------------------------------------------------------


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def group_by_day(
    sessions: Iterable[SessionView], zone: ZoneInfo
) -> dict[date, tuple[SessionView, ...]]:
    """Sessions by the event-local day they start on, days in order, sessions by start."""
    days: dict[date, list[SessionView]] = {}
    for session in sorted(sessions, key=_session_order):
        days.setdefault(local_day(session.start, zone), []).append(session)
    return {day: tuple(days[day]) for day in sorted(days)}


def as_utc(instant: datetime, what: str = "instant") -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"the {what} is a naive time ({instant}): pass a time-zone-aware instant")
    return instant.astimezone(UTC)


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


def floor_to_hour(instant: datetime, zone: ZoneInfo) -> datetime:
    """The instant at the start of the local hour holding `instant` (DST-safe)."""
    instant = as_utc(instant)
    local = instant.astimezone(zone)
    return (
        instant
        - timedelta(minutes=local.minute, seconds=local.second, microseconds=local.microsecond)
    ).astimezone(UTC)


def ceil_to_hour(instant: datetime, zone: ZoneInfo) -> datetime:
    floored = floor_to_hour(instant, zone)
    return floored if floored == as_utc(instant) else floored + timedelta(hours=1)


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


def hour_marks(start: datetime, end: datetime, zone: ZoneInfo) -> list[tuple[datetime, str]]:
    """A mark at every elapsed hour from `start` to `end`, labelled in local time.

    The axis runs in real elapsed time, so a day with a DST change shows the jump in
    its labels (01:00, 03:00) instead of two sessions overlapping on the wall clock.
    """
    marks: list[tuple[datetime, str]] = []
    instant, end = as_utc(start), as_utc(end)
    while instant <= end:
        marks.append((instant, format_time(instant, zone)))
        instant += timedelta(hours=1)
    return marks


# -- formatting ------------------------------------------------------------------------


def format_time(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%H:%M")


def format_range(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """'09:00–09:30' in the event's zone; '(+1 day)' when it ends on a later local day."""
    text = f"{format_time(start, zone)}{EN_DASH}{format_time(end, zone)}"
    days = (local_day(end, zone) - local_day(start, zone)).days
    if days > 0:
        text += f" (+{days} day{'s' if days > 1 else ''})"
    return text


def format_day(day: date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def format_short_day(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def format_shift(planned: datetime, projected: datetime) -> str:
    """How far a projected time is from the planned one: '+5 min', '−3 min', 'on time'."""
    minutes = round((as_utc(projected) - as_utc(planned)).total_seconds() / 60)
    if minutes == 0:
        return "on time"
    sign = "+" if minutes > 0 else MINUS
    return f"{sign}{abs(minutes)} min"


def format_duration(span: timedelta) -> str:
    minutes = round(span.total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


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
    "ScheduleError",
    "SessionView",
    "Speaker",
    "TimesById",
    "as_utc",
    "check_adjusted_times",
    "day_span",
    "effective_times",
    "filter_sessions",
    "format_day",
    "format_duration",
    "format_range",
    "format_shift",
    "format_short_day",
    "format_time",
    "group_by_day",
    "hour_marks",
    "load_program",
    "local_day",
    "now_and_next",
    "now_next_summary",
    "session_matches",
]
