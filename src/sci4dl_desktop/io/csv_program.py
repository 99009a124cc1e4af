"""Planning session and poster CSV files (see csvspec for the columns)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.io.csvread import ColumnMap, CsvTable
from sci4dl_desktop.io.csvspec import POSTERS, SESSIONS
from sci4dl_desktop.io.problems import Location, quote
from sci4dl_desktop.io.records import (
    PersonRecord,
    PosterRecord,
    RoomRecord,
    SessionRecord,
)
from sci4dl_desktop.io.source import (
    Source,
    author_records,
    csv_columns,
    local_label,
    resolve_session,
    shared_name,
)
from sci4dl_desktop.io.timeparse import (
    ClockTime,
    TimeError,
    end_before_start_hint,
    localize,
    parse_day,
    parse_duration,
    parse_moment,
)
from sci4dl_desktop.io.values import (
    KIND_NAMES,
    SPEAKER_ROLE,
    name_and_affiliation,
    session_kind,
    slug,
    split_list,
    split_people,
    yes_no,
)
from sci4dl_desktop.store.enums import SessionKind

_SESSION_TEXT = ("subtitle", "track", "abstract", "notes", "url")
_POSTER_TEXT = ("abstract", "url")


class _RowError(Exception):
    """A problem was reported for this row; skip the rest of it."""


def _moment(
    text: str, day: date | None, source: Source, where: Location, column: str
) -> tuple[datetime, ClockTime | None]:
    state = source.state
    assert state.zone is not None and state.event is not None
    try:
        own_day, clock, instant = parse_moment(text)
        if instant is not None:
            return instant, None
        assert clock is not None
        day = own_day or day
        if day is None:
            event = state.event.record
            source.problem(
                where,
                f"{quote(text)} has no date and the event has several days "
                f"({event.first_day} to {event.last_day})",
                field=column,
                value=text,
                hint="add a Date column, or write the date in the cell: 2026-04-26 13:30",
            )
            raise _RowError
        return localize(day, clock.value, state.zone), clock
    except TimeError as exc:
        source.problem(where, exc.message, field=column, value=text, hint=exc.hint)
        raise _RowError from exc


def _speaker_refs(
    names: list[str], kind: SessionKind, source: Source, where: Location, column: str
) -> tuple[str, ...]:
    state = source.state
    role = SPEAKER_ROLE.get(kind)
    refs = []
    for name in names:
        if shared_name(source, name, where, column):
            raise _RowError
        same = state.people_by_name.get(fold(name), [])
        if same:
            refs.append(same[0])
        else:
            record = PersonRecord(name, roles=(role.value,) if role else ())
            refs.append(source.builder.person(record, where, source.provided({"name", "roles"})))
    return tuple(refs)


def _session_match(source: Source, uid: str, title: str, start: datetime) -> str | None:
    state = source.state
    if uid:
        return state.find_session(uid)
    folded = fold(title)
    same_title = [e.record for e in state.sessions.values() if fold(e.record.title) == folded]
    exact = [s.uid for s in same_title if s.start_at == start]
    if len(exact) == 1:
        return exact[0]
    zone = state.zone
    day = start.astimezone(zone).date()
    same_day = [s.uid for s in same_title if s.start_at.astimezone(zone).date() == day]
    return same_day[0] if len(same_day) == 1 else None


def plan_sessions(table: CsvTable, source: Source) -> None:
    columns = csv_columns(table, source, SESSIONS)
    if columns is None or not source.require_event():
        return
    state = source.state
    assert state.event is not None
    event = state.event.record
    single_day = event.first_day if event.first_day == event.last_day else None
    base = {"title", "start_at", "end_at"}
    rows_of: dict[str, int] = {}
    for count, (number, cells) in enumerate(table.rows):
        source.reporter.step(f"Reading {source.name}", count, len(table.rows))
        try:
            _session_row(source, columns, cells, number, base, single_day, rows_of)
        except _RowError:
            continue


def _session_row(
    source: Source,
    columns: ColumnMap,
    cells: list[str],
    number: int,
    base: set[str],
    single_day: date | None,
    rows_of: dict[str, int],
) -> None:
    state = source.state
    assert state.event is not None and state.zone is not None
    event = state.event.record
    where = source.where(number)
    column = columns.title
    title = columns.cell(cells, "title")
    if not title:
        source.problem(
            where, "the title is empty", field=column("title"), hint="every session needs a title"
        )
        raise _RowError
    day: date | None = single_day
    day_text = columns.cell(cells, "date")
    if day_text:
        try:
            day = parse_day(day_text)
        except TimeError as exc:
            source.problem(where, exc.message, field=column("date"), value=day_text, hint=exc.hint)
            raise _RowError from exc
    start_text = columns.cell(cells, "start")
    start, start_clock = _moment(start_text, day, source, where, column("start"))
    local_day = start.astimezone(state.zone).date()
    if not event.first_day <= local_day <= event.last_day:
        days = str(event.first_day) + (
            f" to {event.last_day}" if event.last_day != event.first_day else ""
        )
        key = "date" if day_text else "start"
        source.problem(
            where,
            f"{local_day} is not a day of the event ({days})",
            field=column(key),
            value=day_text or start_text,
            hint="correct the date, or change the event's days first",
        )
        raise _RowError
    end_text = columns.cell(cells, "end")
    duration_text = columns.cell(cells, "duration")
    if end_text:
        end, end_clock = _moment(end_text, local_day, source, where, column("end"))
    elif duration_text:
        try:
            end = (start.astimezone(UTC) + parse_duration(duration_text)).astimezone(state.zone)
        except TimeError as exc:
            source.problem(
                where, exc.message, field=column("duration"), value=duration_text, hint=exc.hint
            )
            raise _RowError from exc
        end_clock = None
    else:
        source.problem(
            where, "the end is empty", field=column("end"), hint="give an end time or a duration"
        )
        raise _RowError
    # Measured between instants: within one zone Python subtracts wall clocks, and in
    # the hour the clocks go back a session would seem to end as it starts.
    length = end.astimezone(UTC) - start.astimezone(UTC)
    if length <= timedelta(0):
        relation = "is before" if length else "is the same as"
        hint = (
            end_before_start_hint(start_clock, end_clock)
            if start_clock and end_clock
            else "the end must come after the start: correct one of them"
        )
        source.problem(
            where,
            f"{quote(end_text)} {relation} start {quote(start_text)}",
            field=column("end"),
            value=end_text,
            hint=hint,
        )
        raise _RowError
    kind_text = columns.cell(cells, "kind")
    kind = session_kind(kind_text) if kind_text else None
    if kind_text and kind is None:
        source.problem(
            where,
            f"{quote(kind_text)} is not a kind of session",
            field=column("kind"),
            value=kind_text,
            hint=f"use one of {KIND_NAMES}",
        )
        raise _RowError
    uid = columns.cell(cells, "uid")
    match = _session_match(source, uid, title, start)
    if match is not None and match in rows_of:
        source.problem(
            where,
            f"this is the same session as row {rows_of[match]}",
            field=column("uid") if uid else column("title"),
            value=uid or title,
            hint="remove one of the two rows, or give them different IDs",
        )
        raise _RowError
    existing = state.sessions[match].record if match else None
    # Only the cells that hold something count: an empty cell keeps what is stored.
    provided = base | {k for k in ("room", "speakers", *_SESSION_TEXT) if columns.cell(cells, k)}
    if kind is None:
        kind = existing.kind if existing else SessionKind.OTHER
    else:
        provided.add("kind")
    room_name = columns.cell(cells, "room")
    room: str | None = None
    if room_name:
        entry = state.room(room_name)
        room = entry.record.name if entry else None
        if room is None:
            position = len(state.rooms)
            room = source.builder.room(
                RoomRecord(room_name, position), where, source.provided({"name", "position"})
            )
    speakers = _speaker_refs(
        split_people(columns.cell(cells, "speakers")), kind, source, where, column("speakers")
    )
    if not uid:
        uid = match or _new_uid(source, local_day, start, title)
    record = SessionRecord(
        uid=uid,
        title=title,
        kind=kind,
        start_at=start,
        end_at=end,
        room=room,
        speakers=speakers,
        **{key: columns.cell(cells, key) for key in _SESSION_TEXT},  # type: ignore[arg-type]
    )
    change = source.builder.session(record, where, source.provided(provided), match)
    rows_of[change.record.uid] = number


def _new_uid(source: Source, day: date, start: datetime, title: str) -> str:
    state = source.state
    assert state.event is not None
    base = "-".join(
        p
        for p in (
            slug(state.event.record.acronym),
            day.isoformat(),
            local_label(start, state).replace(":", ""),
            slug(title)[:60],
        )
        if p
    )
    uid, n = base, 2
    while uid in state.sessions:
        uid, n = f"{base}-{n}", n + 1
    return uid


def plan_posters(table: CsvTable, source: Source) -> None:
    columns = csv_columns(table, source, POSTERS)
    if columns is None or not source.require_event():
        return
    rows_of: dict[str, int] = {}
    for count, (number, cells) in enumerate(table.rows):
        source.reporter.step(f"Reading {source.name}", count, len(table.rows))
        try:
            _poster_row(source, columns, cells, number, rows_of)
        except _RowError:
            continue


def _poster_match(source: Source, uid: str, forum: str, title: str) -> str | None:
    state = source.state
    if uid and uid in state.posters:
        return uid
    if forum and forum in state.posters_by_external:
        return state.posters_by_external[forum]
    if uid or forum or not title:
        return None
    folded = fold(title)
    same = [u for u, e in state.posters.items() if fold(e.record.title) == folded]
    return same[0] if len(same) == 1 else None


def _poster_row(
    source: Source,
    columns: ColumnMap,
    cells: list[str],
    number: int,
    rows_of: dict[str, int],
) -> None:
    state = source.state
    where = source.where(number)
    column = columns.title
    uid, forum = columns.cell(cells, "uid"), columns.cell(cells, "forum")
    title = columns.cell(cells, "title")
    match = _poster_match(source, uid, forum, title)
    if match is not None and match in rows_of:
        source.problem(
            where,
            f"this is the same poster as row {rows_of[match]}",
            field=column("title"),
            value=title,
            hint="remove one of the two rows",
        )
        raise _RowError
    existing = state.posters[match].record if match else None
    if not title and existing is None:
        source.problem(
            where, "the title is empty", field=column("title"), hint="a new poster needs a title"
        )
        raise _RowError
    # Only the cells that hold something count: an empty cell keeps what is stored.
    provided = {k for k in _POSTER_TEXT if columns.cell(cells, k)}
    values: dict[str, object] = {k: columns.cell(cells, k) for k in _POSTER_TEXT}
    if title:
        provided.add("title")
    if forum:
        provided.add("external_id")
    if columns.cell(cells, "authors"):
        provided.add("authors")
        pairs = [name_and_affiliation(t) for t in split_people(columns.cell(cells, "authors"))]
        values["authors"] = author_records(existing, pairs)
    if columns.cell(cells, "keywords"):
        provided.add("keywords")
        values["keywords"] = tuple(split_list(columns.cell(cells, "keywords")))
    for key, field, kinds in (
        ("session", "poster_session", (SessionKind.POSTER_SESSION,)),
        ("talk", "talk_session", None),
    ):
        text = columns.cell(cells, key)
        if text:
            provided.add(field)
            found, why = resolve_session(state, text, kinds)
            if found is None and kinds is not None:
                other, _ = resolve_session(state, text)
                if other is not None:  # the validator explains why it is the wrong kind
                    found = other
            if found is None:
                source.problem(
                    where,
                    why,
                    field=column(key),
                    value=text,
                    hint="give the title or ID of a session in the program",
                )
                raise _RowError
            values[field] = found
    board_text = columns.cell(cells, "board")
    if board_text:
        if not board_text.isdigit() or int(board_text) < 1:
            source.problem(
                where,
                f"{quote(board_text)} is not a board number",
                field=column("board"),
                value=board_text,
                hint="boards are numbered 1, 2, 3, ...",
            )
            raise _RowError
        provided.add("board")
        values["board"] = int(board_text)
    for key, field in (("remote", "presented_remotely"), ("challenge", "challenge_entry")):
        text = columns.cell(cells, key)
        if text:
            answer = yes_no(text)
            if answer is None:
                source.problem(
                    where,
                    f"{quote(text)} is not yes or no",
                    field=column(key),
                    value=text,
                    hint="write yes or no",
                )
                raise _RowError
            provided.add(field)
            values[field] = answer
    if not uid:
        uid = match or (f"openreview:{forum}" if forum else _new_poster_uid(source, title))
    record = PosterRecord(
        uid=uid,
        title=title or (existing.title if existing else ""),
        external_id=forum or (existing.external_id if existing else None),
        **values,  # type: ignore[arg-type]
    )
    change = source.builder.poster(record, where, source.provided(provided), match)
    rows_of[change.record.uid] = number


def _new_poster_uid(source: Source, title: str) -> str:
    base = f"poster-{slug(title)[:60] or 'untitled'}"
    uid, n = base, 2
    while uid in source.state.posters:
        uid, n = f"{base}-{n}", n + 1
    return uid


__all__ = ["plan_posters", "plan_sessions"]
