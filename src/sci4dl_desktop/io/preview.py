"""What a person sees of a plan before it is written: one row per record or problem.

The GUI's import preview shows `preview_rows(plan)` in a table (filter by action);
the command line prints them with --dry-run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sci4dl_desktop.io.plan import Change, ImportPlan
from sci4dl_desktop.io.records import (
    ENTITY_LABELS,
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
from sci4dl_desktop.io.state import EventState

ACTIONS = ("rejected", "add", "change", "unchanged")
ACTION_LABELS = {
    "rejected": "Refused",
    "add": "New",
    "change": "Changed",
    "unchanged": "Unchanged",
}


@dataclass(frozen=True, slots=True)
class PreviewRow:
    action: str  # one of ACTIONS
    entity: str  # "sessions", "attendees", ... ("" for a problem about a whole file)
    label: str  # what the record is: "Invited talk 1, 2026-04-26 09:00"
    where: str  # "attendees.csv, row 7"
    details: str  # the changed fields, or the problem

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS[self.entity][0] if self.entity in ENTITY_LABELS else ""


def record_label(record: Any, state: EventState | None) -> str:
    """A short, readable name for a record."""
    if isinstance(record, EventRecord | RoomRecord):
        return record.title if isinstance(record, EventRecord) else record.name
    if isinstance(record, PersonRecord | AttendeeRecord):
        email = getattr(record, "email", None)
        return f"{record.name} <{email}>" if email else record.name
    if isinstance(record, SessionRecord):
        if state is not None:
            return state.session_label(record.uid) if record.uid in state.sessions else record.title
        return record.title
    if isinstance(record, PosterRecord):
        board = f" (board {record.board})" if record.board is not None else ""
        return record.title + board
    if state is None:
        return ""
    if isinstance(record, MentorRecord):
        return state.person_name(record.person)
    if isinstance(record, MenteeRecord):
        return state.attendee_label(record.attendee)
    if isinstance(record, PairingRecord):
        return (
            f"{state.person_name(record.mentor)} meets {state.attendee_label(record.mentee)}, "
            f"{state.session_label(record.slot)}"
        )
    return ""


def change_row(change: Change[Any], state: EventState | None) -> PreviewRow:
    details = "; ".join(d.render() for d in change.diffs)
    return PreviewRow(
        change.action,
        change.entity,
        record_label(change.record, state),
        change.where.render(),
        details,
    )


def preview_rows(plan: ImportPlan, include_unchanged: bool = True) -> list[PreviewRow]:
    """Refused rows first (the problems), then the changes in writing order."""
    rows = [
        PreviewRow(
            "rejected",
            "",
            p.value or "",
            p.where.render(),
            p.render().removeprefix(p.where.render() + ", ").removeprefix(p.where.render() + ": "),
        )
        for p in plan.problems
    ]
    for change in plan.all_changes():
        if include_unchanged or change.action != "unchanged":
            rows.append(change_row(change, plan.state))
    return rows


__all__ = ["ACTIONS", "ACTION_LABELS", "PreviewRow", "change_row", "preview_rows", "record_label"]
