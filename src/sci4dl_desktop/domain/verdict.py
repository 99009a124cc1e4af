"""What a desk shows after a scan or a check-in: a verdict a volunteer reads at a glance."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any

from sci4dl_desktop.store.checkins import AttendeeRow
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction


class VerdictState(StrEnum):
    ADMITTED = "admitted"  # green: let them in
    ALREADY = "already"  # amber: this badge was already used; re-entry is one key away
    REFUSED = "refused"  # red: do not let them in on this badge

    @property
    def colour(self) -> str:
        return _COLOURS[self]

    @property
    def exit_code(self) -> int:
        """The command line's exit status: 0 admitted, 1 already checked in, 2 refused."""
        return _EXIT_CODES[self]


_COLOURS = {
    VerdictState.ADMITTED: "green",
    VerdictState.ALREADY: "amber",
    VerdictState.REFUSED: "red",
}
_EXIT_CODES = {VerdictState.ADMITTED: 0, VerdictState.ALREADY: 1, VerdictState.REFUSED: 2}


class RefusalReason(StrEnum):
    INVALID = "invalid"  # not a badge code, damaged, or a badge nobody holds
    FORGED = "forged"  # altered or made up: the signature does not match
    REVOKED = "revoked"  # an old badge: a replacement was issued
    OTHER_EVENT = "other_event"  # a badge of another event
    REMOTE = "remote"  # a remote participant, registered to follow online only

    @property
    def headline(self) -> str:
        return _REFUSAL_HEADLINES[self]

    @property
    def advice(self) -> str:
        return _REFUSAL_ADVICE[self]


_REFUSAL_HEADLINES = {
    RefusalReason.INVALID: "Not a valid badge",
    RefusalReason.FORGED: "Forged or altered badge",
    RefusalReason.REVOKED: "Revoked badge",
    RefusalReason.OTHER_EVENT: "Badge of another event",
    RefusalReason.REMOTE: "Remote participant",
}
_REFUSAL_ADVICE = {
    RefusalReason.INVALID: "Search for the person by name instead.",
    RefusalReason.FORGED: "Do not admit on this badge: ask for photo ID and search by name.",
    RefusalReason.REVOKED: (
        "A replacement badge was issued: ask for the new one, or check photo ID and search."
    ),
    RefusalReason.OTHER_EVENT: "This badge is for a different event.",
    RefusalReason.REMOTE: (
        "Registered to attend online only: send them to the organisers' desk to change "
        "their registration."
    ),
}

NOTE_SPEAKER = "Speaker: tell the session chair"
NOTE_PHOTO_ID = "First entry: check photo ID"
NOTE_RE_ENTRY = "Re-entry recorded"


def local_time_text(instant: datetime, zone: tzinfo, today: datetime | None = None) -> str:
    """'09:02', or '09:02 on 25 Apr' when the instant is not on the same local day as today."""
    local = instant.astimezone(zone)
    text = local.strftime("%H:%M")
    if today is not None and today.astimezone(zone).date() != local.date():
        text += local.strftime(" on %d %b").replace(" 0", " ")
    return text


@dataclass(frozen=True)
class Verdict:
    """The answer to one scan or check-in, with everything the desk shows.

    `notes` are instructions for staff ("Speaker: tell the session chair ...").
    For an amber verdict `first_at`/`first_desk` say when and where the attendee
    was first checked in. `repeat` marks a second read of the same payload within
    the de-duplication window: nothing new was recorded for it.
    """

    state: VerdictState
    headline: str
    at: datetime
    desk: str
    attendee_id: int | None = None
    name: str = ""
    category: AttendeeCategory | None = None
    affiliation: str = ""
    badge_serial: str = ""
    notes: tuple[str, ...] = ()
    reason: RefusalReason | None = None
    detail: str = ""
    first_at: datetime | None = None
    first_desk: str = ""
    action: CheckInAction | None = None  # what was recorded in the check-in log, if anything
    check_in_id: int | None = None
    scan_id: str = ""
    repeat: bool = False
    replayed: bool = False  # a retried write whose scan id had already been applied

    @property
    def colour(self) -> str:
        return self.state.colour

    @property
    def admitted(self) -> bool:
        return self.state is VerdictState.ADMITTED

    @property
    def category_label(self) -> str:
        return self.category.label if self.category else ""

    @property
    def exit_code(self) -> int:
        return self.state.exit_code

    def as_repeat(self) -> Verdict:
        return replace(self, repeat=True)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary (instants in ISO 8601 UTC)."""
        return {
            "state": self.state.value,
            "colour": self.colour,
            "headline": self.headline,
            "name": self.name,
            "category": self.category.value if self.category else None,
            "affiliation": self.affiliation,
            "badge_serial": self.badge_serial,
            "attendee_id": self.attendee_id,
            "notes": list(self.notes),
            "reason": self.reason.value if self.reason else None,
            "detail": self.detail,
            "first_check_in_at": self.first_at.isoformat() if self.first_at else None,
            "first_check_in_desk": self.first_desk or None,
            "action": self.action.value if self.action else None,
            "check_in_id": self.check_in_id,
            "scan_id": self.scan_id,
            "desk": self.desk,
            "at": self.at.isoformat(),
            "repeat": self.repeat,
            "replayed": self.replayed,
        }


def build_verdict(
    desk: str,
    state: VerdictState,
    headline: str,
    at: datetime,
    scan_id: str,
    *,
    row: AttendeeRow | None = None,
    notes: tuple[str, ...] = (),
    reason: RefusalReason | None = None,
    detail: str = "",
    first_at: datetime | None = None,
    first_desk: str = "",
    action: CheckInAction | None = None,
    check_in_id: int | None = None,
    replayed: bool = False,
) -> Verdict:
    """A verdict about the attendee in `row` (or about an unknown badge when None)."""
    return Verdict(
        state=state,
        headline=headline,
        at=at,
        desk=desk,
        attendee_id=row.id if row else None,
        name=row.name if row else "",
        category=row.category if row else None,
        affiliation=row.affiliation if row else "",
        badge_serial=row.badge_serial if row else "",
        notes=notes,
        reason=reason,
        detail=detail,
        first_at=first_at,
        first_desk=first_desk,
        action=action,
        check_in_id=check_in_id,
        scan_id=scan_id,
        replayed=replayed,
    )


def refused_verdict(
    desk: str,
    reason: RefusalReason,
    at: datetime,
    scan_id: str,
    detail: str,
    *,
    row: AttendeeRow | None = None,
    extra_notes: tuple[str, ...] = (),
) -> Verdict:
    """The red verdict for a refused scan: the reason's headline and its advice first."""
    return build_verdict(
        desk,
        VerdictState.REFUSED,
        reason.headline,
        at,
        scan_id,
        row=row,
        notes=(reason.advice, *extra_notes),
        reason=reason,
        detail=detail,
    )


__all__ = [
    "NOTE_PHOTO_ID",
    "NOTE_RE_ENTRY",
    "NOTE_SPEAKER",
    "RefusalReason",
    "Verdict",
    "VerdictState",
    "build_verdict",
    "local_time_text",
    "refused_verdict",
]
