"""Desk-side changes to the attendee list: walk-in registration and badge reissue.

Each function works inside the caller's transaction and writes its audit entry there.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.checkin_types import (
    AuditAction,
    CheckInError,
    WalkInError,
    WalkInForm,
)
from sci4dl_desktop.store import checkins as q
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee

WALK_IN_PREFIX = "W-"


def next_walk_in_serial(session: OrmSession, event_id: int) -> str:
    """The next free walk-in badge serial: W-0001, W-0002, ..."""
    numbers = [
        int(serial[len(WALK_IN_PREFIX) :])
        for serial in q.serials_with_prefix(session, event_id, WALK_IN_PREFIX)
        if serial[len(WALK_IN_PREFIX) :].isdigit()
    ]
    return f"{WALK_IN_PREFIX}{max(numbers, default=0) + 1:04d}"


def add_walk_in(
    session: OrmSession,
    *,
    event_id: int,
    form: WalkInForm,
    category: AttendeeCategory,
    now: datetime,
    desk: str,
) -> Attendee:
    """Add a validated walk-in with a new serial; WalkInError if the email is taken.

    Two desks can pick the same serial at once; the unique (event, serial) key
    then fails one commit with IntegrityError, and the caller tries again.
    """
    if form.email:
        other = q.attendee_with_email(session, event_id, form.email)
        if other is not None:
            raise WalkInError(
                "email",
                f"{form.email} is already registered to {other.name} "
                f"(badge {other.badge_serial}): search for them instead",
            )
    attendee = Attendee(
        event_id=event_id,
        name=form.name,
        email=form.email,
        affiliation=form.affiliation,
        category=category,
        roles=[],
        badge_serial=next_walk_in_serial(session, event_id),
        badge_revision=1,
        created_at=now,
    )
    session.add(attendee)
    session.flush()
    q.add_audit(
        session,
        event_id=event_id,
        at=now,
        desk=desk,
        action=AuditAction.WALK_IN.value,
        attendee_id=attendee.id,
        detail=f"{attendee.name}, badge {attendee.badge_serial}",
    )
    return attendee


def reissue(
    session: OrmSession, *, event_id: int, attendee_id: int, now: datetime, desk: str
) -> Attendee:
    """Raise an attendee's badge revision: the old badge is refused as revoked from now on."""
    attendee = session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event_id:
        raise CheckInError(f"no attendee with id {attendee_id} in this event")
    old = attendee.badge_revision
    attendee.badge_revision = old + 1
    session.flush()
    q.add_audit(
        session,
        event_id=event_id,
        at=now,
        desk=desk,
        action=AuditAction.REISSUE.value,
        attendee_id=attendee.id,
        detail=f"badge {attendee.badge_serial} revision {old} revoked, now {old + 1}",
    )
    return attendee


__all__ = ["WALK_IN_PREFIX", "add_walk_in", "next_walk_in_serial", "reissue"]
