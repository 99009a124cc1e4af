"""Checks across records, on the event as it would be after the import.

Row-level checks (an unparseable time, a session that ends before it starts) happen
while a file is read. These look at several records at once: sessions overlapping in a
room, posters in sessions that are not poster sessions or sharing a board, meetings in
sessions that are not breaks, a mentee met twice in one break, e-mail addresses used
twice. A conflict is only reported when at least one side comes from the import, so a
file is never refused for something already stored.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sci4dl_desktop.io.plan import ImportPlan
from sci4dl_desktop.io.problems import Location, Problem, quote
from sci4dl_desktop.io.source import local_label
from sci4dl_desktop.io.state import Entry, EventState, email_key
from sci4dl_desktop.store.enums import SessionKind


def _stored(where: Location | None) -> str:
    return where.render() if where is not None else "already in the event"


def _field(where: Location) -> str:
    return "column" if where.row is not None else "field"


def validate(state: EventState, plan: ImportPlan) -> None:
    """Append the cross-record problems of the planned event to the plan."""
    _overlaps(state, plan)
    _posters(state, plan)
    _pairings(state, plan)
    _emails(state, plan)


def _overlaps(state: EventState, plan: ImportPlan) -> None:
    by_room: dict[str, list[Entry[Any]]] = defaultdict(list)
    for entry in state.sessions.values():
        if entry.record.room:
            by_room[entry.record.room.casefold()].append(entry)
    for entries in by_room.values():
        if not any(e.planned for e in entries):
            continue
        entries.sort(key=lambda e: (e.record.start_at, e.record.end_at))
        active: list[Entry[Any]] = []
        for entry in entries:
            active = [a for a in active if a.record.end_at > entry.record.start_at]
            for other in active:
                if entry.planned or other.planned:
                    _overlap(state, plan, entry, other)
            active.append(entry)


def _overlap(state: EventState, plan: ImportPlan, entry: Entry[Any], other: Entry[Any]) -> None:
    # Report on the planned one; if both are planned, on the later one.
    first, second = (other, entry) if entry.planned else (entry, other)
    a, b = second.record, first.record

    def span(r: Any) -> str:
        return f"{local_label(r.start_at, state)}–{local_label(r.end_at, state)}"

    assert second.where is not None
    plan.problems.append(
        Problem(
            second.where,
            f"{quote(a.title)} ({span(a)}) overlaps {quote(b.title)} ({span(b)}, "
            f"{_stored(first.where)}) in room {a.room}",
            field="start",
            value=local_label(a.start_at, state),
            hint="move one of them, or put it in another room",
            kind=_field(second.where),
        )
    )


def _posters(state: EventState, plan: ImportPlan) -> None:
    boards: dict[tuple[str, int], list[Entry[Any]]] = defaultdict(list)
    for entry in state.posters.values():
        record = entry.record
        if record.poster_session is None:
            continue
        session = state.sessions.get(record.poster_session)
        if session is None:
            continue
        if session.record.kind is not SessionKind.POSTER_SESSION and (
            entry.planned or session.planned
        ):
            poster_sessions = [
                e.record.title
                for e in state.sessions.values()
                if e.record.kind is SessionKind.POSTER_SESSION
            ]
            where = entry.where or session.where
            assert where is not None
            plan.problems.append(
                Problem(
                    where,
                    f"poster {quote(record.title)} is in {quote(session.record.title)}, which is "
                    f"a {session.record.kind.label.lower()}, not a poster session",
                    field="poster session" if entry.where else "kind",
                    value=session.record.title,
                    hint="give a poster session ("
                    + (", ".join(poster_sessions) or "there are none yet: add one")
                    + ")",
                    kind=_field(where),
                )
            )
        if record.board is not None:
            boards[(record.poster_session, record.board)].append(entry)
    for (uid, board), entries in boards.items():
        if len(entries) < 2 or not any(e.planned for e in entries):
            continue
        planned = [e for e in entries if e.planned]
        for entry in planned[1:] if len(planned) == len(entries) else planned:
            other = next(e for e in entries if e is not entry)
            assert entry.where is not None
            plan.problems.append(
                Problem(
                    entry.where,
                    f"board {board} in {quote(state.sessions[uid].record.title)} is also given "
                    f"to {quote(other.record.title)} ({_stored(other.where)})",
                    field="board",
                    value=str(board),
                    hint="give each poster of a session its own board number",
                    kind=_field(entry.where),
                )
            )


def _pairings(state: EventState, plan: ImportPlan) -> None:
    slots: dict[tuple[str, str], list[Entry[Any]]] = defaultdict(list)
    for entry in state.pairings.values():
        slots[(entry.record.mentee, entry.record.slot)].append(entry)
        session = state.sessions.get(entry.record.slot)
        if entry.planned and session is not None and session.record.kind is not SessionKind.BREAK:
            assert entry.where is not None
            plan.problems.append(
                Problem(
                    entry.where,
                    f"{quote(session.record.title)} is a {session.record.kind.label.lower()}, "
                    "not a break",
                    field="break",
                    value=session.record.title,
                    hint="mentorship meetings happen in breaks",
                    kind=_field(entry.where),
                )
            )
    for (mentee, slot), entries in slots.items():
        if len(entries) < 2 or not any(e.planned for e in entries):
            continue
        entry = next(e for e in reversed(entries) if e.planned)
        other = next(e for e in entries if e is not entry)
        assert entry.where is not None
        plan.problems.append(
            Problem(
                entry.where,
                f"{state.attendee_label(mentee)} already meets "
                f"{state.person_name(other.record.mentor)} in {state.session_label(slot)} "
                f"({_stored(other.where)})",
                field="break",
                value=state.session_label(slot),
                hint="a mentee has one meeting per break: choose another break",
                kind=_field(entry.where),
            )
        )


def _emails(state: EventState, plan: ImportPlan) -> None:
    if not plan.attendees:
        return
    owners: dict[str, Entry[Any]] = {}
    for entry in state.attendees.values():
        email = entry.record.email
        if not email:
            continue
        key = email_key(email)
        other = owners.get(key)
        if other is None:
            owners[key] = entry
            continue
        if not (entry.planned or other.planned):
            continue
        target, first = (entry, other) if entry.planned else (other, entry)
        assert target.where is not None
        plan.problems.append(
            Problem(
                target.where,
                f"{quote(email)} is also the email of {first.record.name} "
                f"(badge {first.record.badge_serial or 'not yet given'}, {_stored(first.where)})",
                field="email",
                value=email,
                hint="each attendee needs their own email",
                kind=_field(target.where),
            )
        )


__all__ = ["validate"]
