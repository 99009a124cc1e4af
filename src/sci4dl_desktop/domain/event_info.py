"""The event a file holds, as the read-only pages load it: the event, its zone, its slots.

Qt-free. One event per file: the program, the posters and the mentorship pairings all
start from the same lookup here, and refuse an empty file or an unknown time zone
with the same message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.local_time import format_range, format_short_day, local_day
from sci4dl_desktop.store.models import Event, Session
from sci4dl_desktop.store.setup import EventSetupError, check_timezone

NO_EVENT = "this event file holds no event yet: create one or open the demo"


class ScheduleError(Exception):
    """The program cannot be read; the message says what is wrong and what to do."""


def event_zone(name: str) -> ZoneInfo:
    try:
        return check_timezone(name)
    except EventSetupError as exc:
        raise ScheduleError(
            f"the event's time zone '{name}' is unknown: set an IANA name such as "
            "'America/Sao_Paulo' in the event settings"
        ) from exc


def first_event(
    session: OrmSession, error: type[Exception] = ScheduleError
) -> tuple[Event, ZoneInfo]:
    """The file's event and its time zone; raises `error` when there is none or it is unknown."""
    event = session.scalars(select(Event).order_by(Event.id).limit(1)).first()
    if event is None:
        raise error(NO_EVENT)
    try:
        return event, event_zone(event.timezone)
    except ScheduleError as exc:
        if error is ScheduleError:
            raise
        raise error(str(exc)) from exc


def is_multi_day(event: Event) -> bool:
    return event.last_day > event.first_day


@dataclass(frozen=True, slots=True)
class Slot:
    """A session as other things point at it: a poster's session, a mentorship break."""

    id: int
    title: str
    start: datetime
    end: datetime


def session_slots(session: OrmSession, event_id: int) -> dict[int, Slot]:
    """Every session of the event as a slot, by id, in one query."""
    return {
        row.id: Slot(row.id, row.title, row.start_at, row.end_at)
        for row in session.execute(
            select(Session.id, Session.title, Session.start_at, Session.end_at).where(
                Session.event_id == event_id
            )
        )
    }


def slot_when(slot: Slot, zone: ZoneInfo, *, multi_day: bool) -> str:
    """'11:30–12:30' in the event's zone, with the day in front for multi-day events."""
    span = format_range(slot.start, slot.end, zone)
    if multi_day:
        return f"{format_short_day(local_day(slot.start, zone))}, {span}"
    return span


__all__ = [
    "NO_EVENT",
    "ScheduleError",
    "Slot",
    "event_zone",
    "first_event",
    "is_multi_day",
    "session_slots",
    "slot_when",
]
