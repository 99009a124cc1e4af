"""The personal agenda: stars on sessions and posters, and "my agenda" in time order.

A star belongs to an owner string:

* ``attendee:<id>`` for a registered attendee (looked up by name, or by their badge);
* ``local:<uuid>`` for the anonymous agenda of one machine (the app remembers the uuid).

A starred poster sits at its poster session's time. Two starred items clash when
their times overlap, except items of the same session: the posters of one poster
session (and that session itself) can all be visited in the same hour.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, and_, delete, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from sci4dl_desktop.domain.badges import TokenStatus, verify_token
from sci4dl_desktop.domain.text import fold, fold_terms, matches
from sci4dl_desktop.store.models import Attendee, Event, Poster, Session, Star

ATTENDEE_PREFIX = "attendee:"
LOCAL_PREFIX = "local:"

TargetKind = Literal["session", "poster"]


class AgendaError(ValueError):
    """A star or agenda request that cannot be done; the message says why and what to do."""


# -- owners ---------------------------------------------------------------------------


def attendee_owner(attendee_id: int) -> str:
    return f"{ATTENDEE_PREFIX}{attendee_id}"


def new_local_owner() -> str:
    """A fresh anonymous agenda for this machine."""
    return f"{LOCAL_PREFIX}{uuid.uuid4()}"


def check_owner(owner: str) -> str:
    """The owner string itself, or AgendaError when it is neither form."""
    if owner.startswith(ATTENDEE_PREFIX):
        rest = owner.removeprefix(ATTENDEE_PREFIX)
        if rest.isdigit() and int(rest) > 0:
            return owner
    elif owner.startswith(LOCAL_PREFIX):
        rest = owner.removeprefix(LOCAL_PREFIX)
        try:
            uuid.UUID(rest)
        except ValueError:
            pass
        else:
            return owner
    raise AgendaError(
        f"'{owner}' is not an agenda owner: expected 'attendee:<id>' or 'local:<uuid>'"
    )


def owner_attendee_id(owner: str) -> int | None:
    """The attendee id of an 'attendee:<id>' owner; None for a local agenda."""
    check_owner(owner)
    if owner.startswith(ATTENDEE_PREFIX):
        return int(owner.removeprefix(ATTENDEE_PREFIX))
    return None


# -- stars ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a star points at: a session or a poster, by id."""

    kind: TargetKind
    id: int

    @classmethod
    def session(cls, session_id: int) -> Target:
        return cls("session", session_id)

    @classmethod
    def poster(cls, poster_id: int) -> Target:
        return cls("poster", poster_id)


def _star_filter(owner: str, target: Target) -> ColumnElement[bool]:
    column = Star.session_id if target.kind == "session" else Star.poster_id
    return and_(Star.owner == owner, column == target.id)


def _target_event_id(db: OrmSession, target: Target) -> int:
    model = Session if target.kind == "session" else Poster
    event_id = db.scalar(select(model.event_id).where(model.id == target.id))
    if event_id is None:
        raise AgendaError(f"there is no {target.kind} with id {target.id} in this event")
    return event_id


def is_starred(db: OrmSession, owner: str, target: Target) -> bool:
    found = db.scalar(select(Star.id).where(_star_filter(check_owner(owner), target)))
    return found is not None


def star(db: OrmSession, owner: str, target: Target) -> bool:
    """Star the target; True if it was not starred before. The caller commits."""
    check_owner(owner)
    if is_starred(db, owner, target):
        return False
    event_id = _target_event_id(db, target)
    db.add(
        Star(
            event_id=event_id,
            owner=owner,
            session_id=target.id if target.kind == "session" else None,
            poster_id=target.id if target.kind == "poster" else None,
        )
    )
    db.flush()
    return True


def unstar(db: OrmSession, owner: str, target: Target) -> bool:
    """Remove the star; True if there was one. The caller commits."""
    result = db.execute(delete(Star).where(_star_filter(check_owner(owner), target)))
    return bool(getattr(result, "rowcount", 0))


def toggle_star(db: OrmSession, owner: str, target: Target) -> bool:
    """Star or unstar; returns whether the target is starred afterwards."""
    if unstar(db, owner, target):
        return False
    star(db, owner, target)
    return True


def starred_targets(db: OrmSession, owner: str) -> set[Target]:
    rows = db.execute(
        select(Star.session_id, Star.poster_id).where(Star.owner == check_owner(owner))
    )
    found: set[Target] = set()
    for session_id, poster_id in rows:
        if session_id is not None:
            found.add(Target.session(session_id))
        elif poster_id is not None:
            found.add(Target.poster(poster_id))
    return found


# -- my agenda ------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    """One line of a personal agenda (times are aware UTC instants)."""

    target: Target
    title: str
    kind_label: str
    start: datetime
    end: datetime
    session_id: int  # the session itself, or a poster's poster session
    room: str = ""
    board: int | None = None
    people: tuple[str, ...] = ()
    session_title: str = ""  # for a poster: its poster session
    clashes_with: tuple[str, ...] = field(default=())

    @property
    def clashes(self) -> bool:
        return bool(self.clashes_with)


def _order_key(item: AgendaItem) -> tuple[datetime, datetime, int, int, str]:
    return (
        item.start,
        item.end,
        0 if item.target.kind == "session" else 1,
        item.board or 0,
        item.title,
    )


def mark_clashes(items: Iterable[AgendaItem]) -> list[AgendaItem]:
    """Sort by time and mark each item with the titles of the starred items it overlaps.

    Items of the same session never clash with each other (a poster session and its
    posters). Touching items (one ends as the next begins) do not clash.
    """
    ordered = sorted(items, key=_order_key)
    clashes: list[list[str]] = [[] for _ in ordered]
    active: list[int] = []  # indexes of items that may still overlap later ones
    for index, item in enumerate(ordered):
        active = [i for i in active if ordered[i].end > item.start]
        for other in active:
            if ordered[other].session_id != item.session_id:
                clashes[index].append(ordered[other].title)
                clashes[other].append(item.title)
        active.append(index)
    return [
        replace(item, clashes_with=tuple(found)) if found else item
        for item, found in zip(ordered, clashes, strict=True)
    ]


def session_item(session: Session) -> AgendaItem:
    return AgendaItem(
        target=Target.session(session.id),
        title=session.title,
        kind_label=session.kind.label,
        start=session.start_at,
        end=session.end_at,
        session_id=session.id,
        room=session.room.name if session.room else "",
        people=tuple(p.name for p in session.speakers),
    )


def poster_item(poster: Poster) -> AgendaItem:
    """A poster at its poster session's time; AgendaError if it has no session yet."""
    slot = poster.poster_session
    if slot is None:
        raise AgendaError(
            f"poster '{poster.title}' is not in a poster session yet, so it has no time"
        )
    return AgendaItem(
        target=Target.poster(poster.id),
        title=poster.title,
        kind_label="Poster",
        start=slot.start_at,
        end=slot.end_at,
        session_id=slot.id,
        room=slot.room.name if slot.room else "",
        board=poster.board,
        people=tuple(poster.author_names),
        session_title=slot.title,
    )


def my_agenda(db: OrmSession, owner: str) -> list[AgendaItem]:
    """The owner's starred sessions and posters in time order, with clashes marked.

    A starred poster without a poster session has no time and is left out.
    """
    targets = starred_targets(db, owner)
    session_ids = [t.id for t in targets if t.kind == "session"]
    poster_ids = [t.id for t in targets if t.kind == "poster"]
    items: list[AgendaItem] = []
    if session_ids:
        sessions = db.scalars(
            select(Session)
            .where(Session.id.in_(session_ids))
            .options(selectinload(Session.room), selectinload(Session.speaker_links))
        )
        items.extend(session_item(s) for s in sessions)
    if poster_ids:
        posters = db.scalars(
            select(Poster)
            .where(Poster.id.in_(poster_ids))
            .options(selectinload(Poster.poster_session).selectinload(Session.room))
        )
        items.extend(poster_item(p) for p in posters if p.poster_session is not None)
    return mark_clashes(items)


# -- finding an attendee --------------------------------------------------------------


@dataclass(frozen=True)
class PublicAttendee:
    """What a shared screen may show about an attendee: name and affiliation, nothing else."""

    id: int
    name: str
    affiliation: str

    @property
    def owner(self) -> str:
        return attendee_owner(self.id)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


def _public(attendee: Attendee) -> PublicAttendee:
    return PublicAttendee(attendee.id, attendee.name, attendee.affiliation)


def find_attendees_by_name(
    db: OrmSession, event_id: int, query: str, limit: int = 20
) -> list[PublicAttendee]:
    """Attendees whose name contains every term of the query (accent- and case-insensitive).

    Only names are searched, never emails or badge serials, so a kiosk user cannot
    probe who registered with which address.
    """
    terms = fold_terms(query)
    if not terms:
        return []
    rows = db.execute(
        select(Attendee.id, Attendee.name, Attendee.affiliation)
        .where(Attendee.event_id == event_id)
        .order_by(Attendee.name, Attendee.id)
    )
    found: list[PublicAttendee] = []
    for attendee_id, name, affiliation in rows:
        if matches(fold(name), terms):
            found.append(PublicAttendee(attendee_id, name, affiliation))
            if len(found) >= limit:
                break
    return found


def public_attendee(db: OrmSession, attendee_id: int) -> PublicAttendee | None:
    attendee = db.get(Attendee, attendee_id)
    return _public(attendee) if attendee is not None else None


def resolve_attendee(db: OrmSession, event_id: int, text: str) -> PublicAttendee:
    """The one attendee meant by an email, a badge serial or a name.

    Raises AgendaError when nobody matches, or when a name matches several people
    (the message lists them and asks for the email or badge serial).
    """
    wanted = text.strip()
    if not wanted:
        raise AgendaError("no attendee given: pass an email, a badge serial or a name")
    lowered = wanted.casefold()
    attendees: Sequence[Attendee] = db.scalars(
        select(Attendee).where(Attendee.event_id == event_id).order_by(Attendee.name)
    ).all()
    for attendee in attendees:
        if (attendee.email or "").casefold() == lowered or (
            attendee.badge_serial.casefold() == lowered
        ):
            return _public(attendee)
    folded = fold(wanted)
    exact = [a for a in attendees if fold(a.name) == folded]
    if len(exact) == 1:
        return _public(exact[0])
    terms = fold_terms(wanted)
    partial = exact or [a for a in attendees if matches(fold(a.name), terms)]
    if len(partial) == 1:
        return _public(partial[0])
    if not partial:
        raise AgendaError(
            f"no attendee matches '{wanted}': check the spelling, or give their email "
            "or badge serial"
        )
    shown = "; ".join(_public(a).label for a in partial[:8])
    more = f" and {len(partial) - 8} more" if len(partial) > 8 else ""
    raise AgendaError(
        f"'{wanted}' matches {len(partial)} attendees ({shown}{more}): "
        "give their email or badge serial instead"
    )


def attendee_from_badge(db: OrmSession, event: Event, payload: str) -> PublicAttendee:
    """The attendee whose badge was scanned; AgendaError for anything but a current badge."""
    check = verify_token(event.badge_secret, payload)
    if check.status is TokenStatus.MALFORMED:
        raise AgendaError("that is not a badge code: scan the QR code on the front of your badge")
    if check.status is TokenStatus.OTHER_EVENT:
        raise AgendaError("this badge belongs to another event")
    if check.status is not TokenStatus.VALID or check.serial is None:
        raise AgendaError("this badge could not be verified: please ask at the registration desk")
    attendee = db.scalars(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.badge_serial == check.serial)
    ).first()
    if attendee is None:
        raise AgendaError("this badge is not registered: please ask at the registration desk")
    if check.revision is not None and check.revision < attendee.badge_revision:
        raise AgendaError("this badge was replaced by a newer one: please scan your current badge")
    return _public(attendee)


__all__ = [
    "ATTENDEE_PREFIX",
    "LOCAL_PREFIX",
    "AgendaError",
    "AgendaItem",
    "PublicAttendee",
    "Target",
    "attendee_from_badge",
    "attendee_owner",
    "check_owner",
    "find_attendees_by_name",
    "is_starred",
    "mark_clashes",
    "my_agenda",
    "new_local_owner",
    "owner_attendee_id",
    "poster_item",
    "public_attendee",
    "resolve_attendee",
    "session_item",
    "star",
    "starred_targets",
    "toggle_star",
    "unstar",
]
