"""Plain values of the registration desk: errors, search results, counts, validation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sci4dl_desktop.domain.attendee_index import IndexedAttendee
from sci4dl_desktop.domain.verdict import RefusalReason
from sci4dl_desktop.store.checkins import AdmissionRow
from sci4dl_desktop.store.enums import AttendeeCategory

MAX_DESK_NAME = 100
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


class CheckInError(ValueError):
    """A desk action that cannot be done; the message says why, in the volunteer's words."""


class WalkInError(CheckInError):
    """A walk-in form value is not acceptable; `field` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class AuditAction(StrEnum):
    CHECK_IN = "check_in"
    RE_ENTRY = "re_entry"
    UNDO = "undo"
    ALREADY = "scan_already"
    REFUSED = "scan_refused"
    WALK_IN = "walk_in"
    REISSUE = "badge_reissued"
    OFFLINE_CONFLICT = "offline_conflict"  # admitted at a desk while it was offline, and elsewhere

    @property
    def label(self) -> str:
        return _AUDIT_LABELS[self]


_AUDIT_LABELS = {
    AuditAction.CHECK_IN: "Checked in",
    AuditAction.RE_ENTRY: "Re-entry",
    AuditAction.UNDO: "Check-in undone",
    AuditAction.ALREADY: "Already checked in",
    AuditAction.REFUSED: "Scan refused",
    AuditAction.WALK_IN: "Walk-in registered",
    AuditAction.REISSUE: "Badge reissued",
    AuditAction.OFFLINE_CONFLICT: "Admitted at two desks (offline)",
}


def audit_label(action: str) -> str:
    """A readable label for an audit action (unknown actions are shown as stored)."""
    try:
        return AuditAction(action).label
    except ValueError:
        return action


@dataclass(frozen=True)
class AttendeeSummary:
    """A search result: who, and whether and where they are checked in now."""

    id: int
    name: str
    email: str | None
    affiliation: str
    category: AttendeeCategory
    badge_serial: str
    badge_revision: int
    checked_in_at: datetime | None
    checked_in_desk: str

    @property
    def checked_in(self) -> bool:
        return self.checked_in_at is not None

    @classmethod
    def of(cls, entry: IndexedAttendee, admission: AdmissionRow | None) -> AttendeeSummary:
        return cls(
            id=entry.id,
            name=entry.name,
            email=entry.email,
            affiliation=entry.affiliation,
            category=entry.category,
            badge_serial=entry.badge_serial,
            badge_revision=entry.badge_revision,
            checked_in_at=admission.at if admission else None,
            checked_in_desk=admission.desk if admission else "",
        )


@dataclass(frozen=True)
class CategoryStats:
    category: AttendeeCategory
    registered: int
    checked_in: int

    @property
    def expected(self) -> int:
        """Expected on site: remote participants are not."""
        return 0 if self.category is AttendeeCategory.REMOTE else self.registered


@dataclass(frozen=True)
class CheckInStats:
    categories: tuple[CategoryStats, ...]
    re_entries: int = 0
    refused_scans: int = 0
    repeat_scans: int = 0
    undos: int = 0
    walk_ins: int = 0

    @classmethod
    def of(
        cls, counts: dict[AttendeeCategory, tuple[int, int]], actions: dict[str, int]
    ) -> CheckInStats:
        """From (registered, checked in) per category and the audit log's count per action."""
        return cls(
            categories=tuple(CategoryStats(c, *numbers) for c, numbers in counts.items()),
            re_entries=actions.get(AuditAction.RE_ENTRY, 0),
            refused_scans=actions.get(AuditAction.REFUSED, 0),
            repeat_scans=actions.get(AuditAction.ALREADY, 0),
            undos=actions.get(AuditAction.UNDO, 0),
            walk_ins=actions.get(AuditAction.WALK_IN, 0),
        )

    @property
    def expected(self) -> int:
        return sum(c.expected for c in self.categories)

    @property
    def checked_in(self) -> int:
        return sum(c.checked_in for c in self.categories)

    def to_json(self) -> dict[str, object]:
        return {
            "checked_in": self.checked_in,
            "expected": self.expected,
            "categories": {
                c.category.value: {
                    "registered": c.registered,
                    "expected": c.expected,
                    "checked_in": c.checked_in,
                }
                for c in self.categories
            },
            "re_entries": self.re_entries,
            "refused_scans": self.refused_scans,
            "already_checked_in_scans": self.repeat_scans,
            "undos": self.undos,
            "walk_ins": self.walk_ins,
        }


@dataclass(frozen=True)
class WalkInForm:
    name: str
    email: str | None
    affiliation: str


def validate_desk_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise CheckInError("the desk needs a name, such as 'Desk 1'")
    if len(clean) > MAX_DESK_NAME:
        raise CheckInError(f"a desk name has at most {MAX_DESK_NAME} characters")
    return clean


def validate_walk_in(
    name: str, email: str, affiliation: str, category: AttendeeCategory
) -> WalkInForm:
    """The cleaned walk-in values, or WalkInError naming the first bad field."""
    clean_name = " ".join(name.split())
    if not clean_name:
        raise WalkInError("name", "enter the walk-in's name as it should appear on the badge")
    if len(clean_name) > 200:
        raise WalkInError("name", f"the name has {len(clean_name)} characters; at most 200 fit")
    clean_email = email.strip()
    if clean_email and (len(clean_email) > 320 or not _EMAIL.fullmatch(clean_email)):
        raise WalkInError(
            "email", f"'{clean_email}' is not an email address (like name@example.org)"
        )
    clean_affiliation = " ".join(affiliation.split())
    if len(clean_affiliation) > 300:
        raise WalkInError("affiliation", "the affiliation has more than 300 characters")
    if category is AttendeeCategory.REMOTE:
        raise WalkInError(
            "category", "a walk-in is on site: choose student, academic, industry, ..."
        )
    return WalkInForm(clean_name, clean_email or None, clean_affiliation)


def payload_excerpt(payload: str, limit: int = 60) -> str:
    """A printable, bounded excerpt of a scanned payload for the audit log."""
    shown = payload.strip()[:limit].encode("unicode_escape").decode("ascii")
    more = "..." if len(payload.strip()) > limit else ""
    return f"'{shown}{more}'"


def stale_badge(
    serial: str, revision: int, current: int, register: str = "the register"
) -> tuple[RefusalReason, str]:
    """Why a badge of another revision than the holder's current one is refused.

    An older badge was replaced (revoked); a newer one means `register` is out of date.
    """
    detail = f"badge {serial} revision {revision}; the current badge is revision {current}"
    if revision > current:
        return RefusalReason.INVALID, f"{detail} ({register} is older than this badge)"
    return RefusalReason.REVOKED, detail


def refusal_audit(reason: RefusalReason, detail: str, payload: str | None = None) -> str:
    """The audit-log text of a refusal: the reason, its detail and an excerpt of the payload."""
    audit = f"{reason.value}: {detail}" if detail else reason.value
    if payload is not None:
        audit += f"; payload {payload_excerpt(payload)}"
    return audit


__all__ = [
    "AttendeeSummary",
    "AuditAction",
    "CategoryStats",
    "CheckInError",
    "CheckInStats",
    "WalkInError",
    "audit_label",
    "payload_excerpt",
    "refusal_audit",
    "stale_badge",
    "validate_desk_name",
    "validate_walk_in",
]
