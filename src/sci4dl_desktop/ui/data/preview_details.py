"""What the import preview says about a record it adds (a changed one lists its changes)."""

from __future__ import annotations

from typing import Any

from sci4dl_desktop.io.records import (
    AttendeeRecord,
    EventRecord,
    MenteeRecord,
    MentorRecord,
    PairingRecord,
    PersonRecord,
    PosterRecord,
    RoomRecord,
    SessionRecord,
)
from sci4dl_desktop.io.source import local_label
from sci4dl_desktop.io.state import EventState
from sci4dl_desktop.ui.data.rows import role_labels


def _join(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def added_details(record: Any, state: EventState | None) -> str:
    """The main fields of a new record, in a line."""
    if isinstance(record, SessionRecord):
        span = (
            f"{local_label(record.start_at, state)}–{local_label(record.end_at, state)}"
            if state is not None
            else ""
        )
        speakers = "; ".join(state.person_name(p) for p in record.speakers) if state else ""
        return _join(record.kind.label, span, record.room or "", speakers)
    if isinstance(record, PosterRecord):
        session = state.session_label(record.poster_session) if state else ""
        board = f"board {record.board}" if record.board is not None else ""
        return _join("; ".join(a.name for a in record.authors), session, board)
    if isinstance(record, AttendeeRecord):
        return _join(record.affiliation, record.category.label, role_labels(record.roles))
    if isinstance(record, PersonRecord):
        return _join(record.affiliation, role_labels(record.roles))
    if isinstance(record, RoomRecord):
        return f"{record.capacity} seats" if record.capacity else ""
    if isinstance(record, EventRecord):
        days = f"{record.first_day:%d %b %Y}"
        if record.last_day != record.first_day:
            days += f" to {record.last_day:%d %b %Y}"
        return _join(days, record.timezone, record.venue)
    if isinstance(record, MentorRecord):
        return _join(", ".join(record.interests), f"up to {record.capacity_per_break} per break")
    if isinstance(record, MenteeRecord):
        return ", ".join(record.interests)
    if isinstance(record, PairingRecord):
        return _join(record.place, record.topic)
    return ""


__all__ = ["added_details"]
