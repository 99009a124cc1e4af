"""The program of the event: loading it, and the one place its pages import it from.

`load_program` reads the whole program in a fixed handful of queries (never one per
session) and returns frozen values that are safe to hand from a worker thread to the
GUI. The values and now-and-next live in `program.py`, the time texts in
`local_time.py`, the event lookup in `event_info.py`; this module re-exports them so
the pages have a single schedule API.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.event_info import ScheduleError, event_zone, first_event
from sci4dl_desktop.domain.local_time import (
    EN_DASH,
    MINUS,
    as_utc,
    format_day,
    format_duration,
    format_range,
    format_shift,
    format_short_day,
    format_time,
    hour_marks,
    local_day,
)
from sci4dl_desktop.domain.program import (
    NO_ROOM,
    NowNext,
    PosterEntry,
    Program,
    RoomView,
    SessionView,
    Speaker,
    TimesById,
    check_adjusted_times,
    day_span,
    effective_times,
    filter_sessions,
    group_by_day,
    now_and_next,
    now_next_summary,
    session_matches,
    session_order,
)
from sci4dl_desktop.store.models import (
    Person,
    Poster,
    PosterAuthor,
    Room,
    Session,
    SessionSpeaker,
)


def load_program(session: OrmSession) -> Program:
    """Read the event's program in six queries, whatever its size."""
    event, zone = first_event(session)

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
    sessions.sort(key=session_order)
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


__all__ = [
    "EN_DASH",
    "MINUS",
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
    "event_zone",
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
