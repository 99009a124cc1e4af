"""Calendar entries read from the event database, and the SEQUENCE they are published with.

A `CalendarEntry` is one VEVENT-to-be in plain data. The loaders here read sessions,
posters, agenda stars and mentorship pairings and describe them; `assign_sequences`
keeps, per UID, the times an entry was last exported with (in the `EventSetting`
"ics.published"), so an entry whose times changed since (a schedule edit, an import,
or the chair's drift in an adjusted export) is exported with a higher SEQUENCE even
if no session row changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from sci4dl_desktop.domain.agenda import starred_targets
from sci4dl_desktop.domain.text import fold, fold_terms, matches
from sci4dl_desktop.store.enums import PersonRole, SessionKind
from sci4dl_desktop.store.models import (
    Event,
    EventSetting,
    MenteeProfile,
    MentorProfile,
    Pairing,
    Person,
    Poster,
    Session,
    SessionSpeaker,
)

AdjustedTimes = Mapping[int, tuple[datetime, datetime]]
"""Projected (start, end) per session id, e.g. from the session chair's drift projection."""

PUBLISHED_KEY = "ics.published"
_UID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class IcsError(ValueError):
    """A calendar that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    summary: str
    start: datetime
    end: datetime
    sequence: int = 0
    location: str = ""
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


def event_domain(event: Event) -> str:
    """The right-hand side of every UID of this event, e.g. 'sci4dl-2026.sci4dl-desktop'."""
    slug = _UID_UNSAFE.sub("-", fold(event.acronym or event.title)).strip("-.")
    return f"{slug or f'event-{event.id}'}.sci4dl-desktop"


def entry_uid(local: str, event: Event) -> str:
    return f"{_UID_UNSAFE.sub('-', local).strip('-')}@{event_domain(event)}"


# -- describing -----------------------------------------------------------------------


def _hhmm(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%H:%M")


def _times(
    session: Session, adjusted: AdjustedTimes | None, zone: ZoneInfo
) -> tuple[datetime, datetime, str]:
    """The times to publish for a session and, when adjusted, a note saying so."""
    if adjusted and session.id in adjusted:
        start, end = adjusted[session.id]
        if (start, end) != (session.start_at, session.end_at):
            delay = round((start - session.start_at).total_seconds() / 60)
            how = (
                f"{delay} min later than"
                if delay > 0
                else f"{-delay} min earlier than"
                if delay < 0
                else "at the start of"
            )
            note = (
                f"Projected from the day's progress: {how} scheduled "
                f"({_hhmm(session.start_at, zone)}–{_hhmm(session.end_at, zone)})."
            )
            return start, end, note
    return session.start_at, session.end_at, ""


def _location(session: Session, event: Event) -> str:
    room = session.room.name if session.room else ""
    return ", ".join(part for part in (room, event.venue) if part)


def _people(session: Session) -> str:
    names = [f"{p.name} ({p.affiliation})" if p.affiliation else p.name for p in session.speakers]
    if not names:
        return ""
    label = {
        SessionKind.PANEL: "Panelists",
        SessionKind.AWARD: "With",
    }.get(session.kind, "Speaker" if len(names) == 1 else "Speakers")
    return f"{label}: {', '.join(names)}"


def _poster_line(poster: Poster) -> str:
    board = f"Board {poster.board}" if poster.board is not None else "No board yet"
    first = poster.author_names[0] if poster.authors else ""
    more = " et al." if len(poster.authors) > 1 else ""
    return f"{board}: {poster.title}" + (f" ({first}{more})" if first else "")


def describe_session(
    session: Session,
    event: Event,
    adjusted: AdjustedTimes | None,
    posters: Sequence[Poster] = (),
) -> CalendarEntry:
    zone = ZoneInfo(event.timezone)
    start, end, note = _times(session, adjusted, zone)
    parts = [session.kind.label, _people(session), session.subtitle, session.abstract, note]
    if posters:
        lines = "\n".join(_poster_line(p) for p in posters)
        parts.append(f"Posters ({len(posters)}):\n{lines}")
    return CalendarEntry(
        uid=entry_uid(session.uid, event),
        summary=session.title,
        start=start,
        end=end,
        sequence=session.sequence or 0,
        location=_location(session, event),
        description="\n\n".join(p for p in parts if p),
        url=session.url or event.url,
        categories=(session.kind.label,),
    )


def describe_poster(
    poster: Poster, event: Event, adjusted: AdjustedTimes | None
) -> CalendarEntry | None:
    """The poster at its poster session's time; None if it has no poster session yet."""
    slot = poster.poster_session
    if slot is None:
        return None
    zone = ZoneInfo(event.timezone)
    start, end, note = _times(slot, adjusted, zone)
    board = f"Board {poster.board}" if poster.board is not None else "Board not assigned yet"
    where = f"{board}, {slot.title}"
    if poster.presented_remotely:
        where += " (presented remotely)"
    authors = ", ".join(
        f"{a.name} ({a.affiliation})" if a.affiliation else a.name for a in poster.authors
    )
    keywords = ", ".join(poster.keywords)
    parts = [
        where,
        f"Authors: {authors}" if authors else "",
        poster.abstract,
        f"Keywords: {keywords}" if keywords else "",
        note,
    ]
    room = _location(slot, event)
    return CalendarEntry(
        uid=entry_uid(f"poster-{poster.uid}", event),
        summary=f"Poster: {poster.title}",
        start=start,
        end=end,
        sequence=slot.sequence or 0,
        location=f"{board}, {room}" if room else board,
        description="\n\n".join(p for p in parts if p),
        url=poster.url or event.url,
        categories=("Poster",),
    )


# -- loading --------------------------------------------------------------------------


def _sessions(db: OrmSession, event: Event, ids: Iterable[int] | None = None) -> list[Session]:
    query = (
        select(Session)
        .where(Session.event_id == event.id)
        .options(
            selectinload(Session.room),
            selectinload(Session.speaker_links).joinedload(SessionSpeaker.person),
        )
        .order_by(Session.start_at, Session.id)
    )
    if ids is not None:
        query = query.where(Session.id.in_(list(ids)))
    return list(db.scalars(query))


def _by_session(posters: Iterable[Poster]) -> dict[int, list[Poster]]:
    by_session: dict[int, list[Poster]] = {}
    for poster in posters:
        if poster.poster_session_id is not None:
            by_session.setdefault(poster.poster_session_id, []).append(poster)
    for group in by_session.values():
        group.sort(key=lambda p: (p.board is None, p.board or 0, p.id))
    return by_session


def _posters(db: OrmSession, event: Event, ids: Iterable[int] | None = None) -> list[Poster]:
    query = (
        select(Poster)
        .where(Poster.event_id == event.id)
        .options(selectinload(Poster.poster_session).selectinload(Session.room))
        .order_by(Poster.poster_session_id, Poster.board, Poster.id)
    )
    if ids is not None:
        query = query.where(Poster.id.in_(list(ids)))
    return list(db.scalars(query))


def program_entries(
    db: OrmSession,
    event: Event,
    adjusted: AdjustedTimes | None = None,
    *,
    include_posters: bool = False,
) -> list[CalendarEntry]:
    """Every session; with include_posters, every poster as its own entry as well."""
    posters = _posters(db, event)  # once: for the poster sessions' lists and as entries
    by_session = _by_session(posters)
    entries = [
        describe_session(s, event, adjusted, by_session.get(s.id, ())) for s in _sessions(db, event)
    ]
    if include_posters:
        for poster in posters:
            entry = describe_poster(poster, event, adjusted)
            if entry is not None:
                entries.append(entry)
    return entries


def session_entries(
    db: OrmSession, event: Event, ids: Sequence[int], adjusted: AdjustedTimes | None = None
) -> list[CalendarEntry]:
    found = _sessions(db, event, ids)
    missing = sorted(set(ids) - {s.id for s in found})
    if missing:
        raise IcsError(f"there is no session with id {missing[0]} in this event")
    posters = (
        _by_session(_posters(db, event))
        if any(s.kind is SessionKind.POSTER_SESSION for s in found)
        else {}
    )
    return [describe_session(s, event, adjusted, posters.get(s.id, ())) for s in found]


def poster_entries(
    db: OrmSession, event: Event, ids: Sequence[int], adjusted: AdjustedTimes | None = None
) -> list[CalendarEntry]:
    found = _posters(db, event, ids)
    missing = sorted(set(ids) - {p.id for p in found})
    if missing:
        raise IcsError(f"there is no poster with id {missing[0]} in this event")
    entries: list[CalendarEntry] = []
    for poster in found:
        entry = describe_poster(poster, event, adjusted)
        if entry is None:
            raise IcsError(
                f"poster '{poster.title}' is not in a poster session yet, so it has no time "
                "to put in a calendar"
            )
        entries.append(entry)
    return entries


def agenda_entries(
    db: OrmSession, event: Event, owner: str, adjusted: AdjustedTimes | None = None
) -> list[CalendarEntry]:
    """The owner's starred sessions and posters, in time order (posters without time left out)."""
    targets = starred_targets(db, owner)
    session_ids = [t.id for t in targets if t.kind == "session"]
    poster_ids = [t.id for t in targets if t.kind == "poster"]
    entries = session_entries(db, event, session_ids, adjusted) if session_ids else []
    for poster in _posters(db, event, poster_ids) if poster_ids else []:
        entry = describe_poster(poster, event, adjusted)
        if entry is not None:
            entries.append(entry)
    return sorted(entries, key=lambda e: (e.start, e.end, e.summary))


def mentor_entries(
    db: OrmSession,
    event: Event,
    mentor_person_id: int,
    adjusted: AdjustedTimes | None = None,
    *,
    include_unpublished: bool = False,
) -> list[CalendarEntry]:
    """One entry per meeting of the mentor, in time order."""
    mentor = db.get(Person, mentor_person_id)
    if mentor is None or mentor.event_id != event.id:
        raise IcsError(f"there is no person with id {mentor_person_id} in this event")
    query = (
        select(Pairing)
        .where(Pairing.event_id == event.id, Pairing.mentor_id == mentor_person_id)
        .options(
            selectinload(Pairing.slot).selectinload(Session.room),
            selectinload(Pairing.mentee),
        )
    )
    if not include_unpublished:
        query = query.where(Pairing.published.is_(True))
    pairings = list(db.scalars(query))
    profiles = {
        p.attendee_id: p
        for p in db.scalars(
            select(MenteeProfile)
            .where(MenteeProfile.attendee_id.in_([p.mentee_id for p in pairings]))
            .options(selectinload(MenteeProfile.poster).selectinload(Poster.poster_session))
        )
    }
    zone = ZoneInfo(event.timezone)
    entries: list[CalendarEntry] = []
    for pairing in pairings:
        slot, mentee = pairing.slot, pairing.mentee
        start, end, note = _times(slot, adjusted, zone)
        who = f"{mentee.name} ({mentee.affiliation})" if mentee.affiliation else mentee.name
        parts = [
            f"Mentee: {who}",
            f"Topic: {pairing.topic}" if pairing.topic else "",
            f"During: {slot.title} ({_hhmm(start, zone)}–{_hhmm(end, zone)})",
        ]
        profile = profiles.get(mentee.id)
        if profile is not None and profile.poster is not None:
            poster = profile.poster
            slot_title = poster.poster_session.title if poster.poster_session else ""
            board = f"board {poster.board}, " if poster.board is not None else ""
            parts.append(f"Their poster: {poster.title} ({board}{slot_title})".replace(", )", ")"))
        parts.append(note)
        entries.append(
            CalendarEntry(
                uid=entry_uid(f"mentoring-{mentor_person_id}-{mentee.id}", event),
                summary=f"Mentorship: {mentee.name}",
                start=start,
                end=end,
                sequence=slot.sequence or 0,
                location=pairing.place or _location(slot, event),
                description="\n".join(p for p in parts if p),
                url=event.url,
                categories=("Mentorship",),
            )
        )
    return sorted(entries, key=lambda e: (e.start, e.summary))


def find_mentor(db: OrmSession, event: Event, text: str) -> Person:
    """The one mentor meant by a name (accent- and case-insensitive, whole or in part)."""
    wanted = text.strip()
    profile_ids = set(db.scalars(select(MentorProfile.person_id)))
    people = [
        p
        for p in db.scalars(select(Person).where(Person.event_id == event.id).order_by(Person.name))
        if p.id in profile_ids or PersonRole.MENTOR.value in (p.roles or [])
    ]
    exact = [p for p in people if fold(p.name) == fold(wanted)]
    found = exact or [p for p in people if matches(fold(p.name), fold_terms(wanted))]
    if len(found) == 1 and wanted:
        return found[0]
    if not found or not wanted:
        known = ", ".join(p.name for p in people) or "none"
        raise IcsError(f"no mentor matches '{wanted}' (the mentors are: {known})")
    raise IcsError(
        f"'{wanted}' matches {len(found)} mentors ({', '.join(p.name for p in found)}): "
        "give more of the name"
    )


# -- SEQUENCE across exports ------------------------------------------------------------


def assign_sequences(db: OrmSession, entries: Sequence[CalendarEntry]) -> list[CalendarEntry]:
    """Each entry with a SEQUENCE that is higher than last time if its times changed since.

    The sequence never goes down: it is the larger of the entry's own (the session's
    `sequence`) and the last published one, plus one when the times differ from the
    last published times. The published times are updated in the caller's transaction.
    """
    setting = db.get(EventSetting, PUBLISHED_KEY, with_for_update=True)
    ledger: dict[str, Any] = (
        dict(setting.value) if setting and isinstance(setting.value, dict) else {}
    )
    result: list[CalendarEntry] = []
    changed = False
    for entry in entries:
        # Compare at the precision of the file (whole seconds): a projection made a few
        # milliseconds later is not a move.
        start = entry.start.astimezone(UTC).replace(microsecond=0).isoformat()
        end = entry.end.astimezone(UTC).replace(microsecond=0).isoformat()
        last = ledger.get(entry.uid)
        sequence = entry.sequence
        if isinstance(last, list) and len(last) == 3 and isinstance(last[2], int):
            moved = last[0] != start or last[1] != end
            sequence = max(sequence, last[2] + 1 if moved else last[2])
        record = [start, end, sequence]
        if last != record:
            ledger[entry.uid] = record
            changed = True
        result.append(replace(entry, sequence=sequence))
    if changed:
        if setting is None:
            db.add(EventSetting(key=PUBLISHED_KEY, value=ledger))
        else:
            setting.value = ledger  # a new dict, so the JSON column is written
    return result


__all__ = [
    "PUBLISHED_KEY",
    "AdjustedTimes",
    "CalendarEntry",
    "IcsError",
    "agenda_entries",
    "assign_sequences",
    "describe_poster",
    "describe_session",
    "entry_uid",
    "event_domain",
    "find_mentor",
    "mentor_entries",
    "poster_entries",
    "program_entries",
    "session_entries",
]
