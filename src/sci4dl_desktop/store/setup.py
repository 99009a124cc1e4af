"""Creating the one event that an event database holds."""

from __future__ import annotations

import secrets
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.store.models import Event, Room

BADGE_SECRET_BYTES = 32


class EventSetupError(ValueError):
    pass


def check_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise EventSetupError(
            f"unknown time zone '{name}': use an IANA name such as 'Europe/Vienna' "
            "or 'America/Sao_Paulo'"
        ) from exc


def create_event(
    session: OrmSession,
    *,
    title: str,
    acronym: str,
    timezone: str,
    first_day: date,
    last_day: date | None = None,
    venue: str = "",
    rooms: tuple[str, ...] = ("Main hall",),
) -> Event:
    """Add the event (with a fresh badge secret) and its rooms; the caller commits."""
    check_timezone(timezone)
    last = last_day or first_day
    if last < first_day:
        raise EventSetupError(f"the last day {last} is before the first day {first_day}")
    if not title.strip():
        raise EventSetupError("the event needs a title")
    event = Event(
        title=title.strip(),
        acronym=acronym.strip(),
        timezone=timezone,
        first_day=first_day,
        last_day=last,
        venue=venue,
        badge_secret=secrets.token_bytes(BADGE_SECRET_BYTES),
    )
    event.rooms = [Room(name=name, position=i) for i, name in enumerate(rooms)]
    session.add(event)
    session.flush()
    return event
