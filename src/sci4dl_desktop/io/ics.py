"""iCalendar files of the program, a personal agenda, one session or poster, a mentor's meetings.

Everything is built with `icalendar`, never as hand-written text:

* times are local times in the event's IANA zone (``DTSTART;TZID=...``) with the
  matching VTIMEZONE component generated from zoneinfo, so they are right across
  daylight-saving changes in every calendar app; timed sessions are never all-day;
* every entry has a stable UID (the session's or poster's `uid` at the event's
  domain), so importing an updated file updates the entries instead of duplicating
  them, and a SEQUENCE that rises whenever its times change (see `ics_entries`);
* LOCATION is the room, DESCRIPTION lists speakers or authors, the abstract and the
  poster board, URL is set where one is known, and a VALARM reminder is optional.

Public functions (each returns an `icalendar.Calendar`; `write_calendar` saves one):

* `program_calendar(database, ...)`: every session of the event;
* `agenda_calendar(database, owner, ...)`: an owner's starred sessions and posters;
* `session_calendar(database, session_id, ...)`, `poster_calendar(database, poster_id, ...)`;
* `mentor_calendar(database, mentor_person_id, ...)`: a mentor's meetings with their
  mentees (mentee, break, place, topic). The mentorship page calls it to offer a
  mentor their calendar.

Common keyword arguments: ``now`` (DTSTAMP, default the current time),
``alarm_minutes`` (a reminder that many minutes before each entry, or None),
``adjusted`` (a mapping session id -> (start, end) of projected times, such as the
session chair's drift projection; entries of those sessions, and posters and
mentorship meetings in them, use these times instead of the schedule's and their
SEQUENCE rises accordingly) and ``record_versions`` (keep the published times so
that the next export can raise SEQUENCE on a change; on by default).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Timezone
from icalendar import Event as VEvent
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop import APP_NAME, __version__
from sci4dl_desktop.io.ics_entries import (
    AdjustedTimes,
    CalendarEntry,
    IcsError,
    agenda_entries,
    assign_sequences,
    event_domain,
    mentor_entries,
    poster_entries,
    program_entries,
    session_entries,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Event

PRODID = f"-//sci4dl//{APP_NAME} {__version__}//EN"
MAX_ALARM_MINUTES = 7 * 24 * 60


def _check_alarm(alarm_minutes: int | None) -> None:
    if alarm_minutes is not None and not 0 <= alarm_minutes <= MAX_ALARM_MINUTES:
        raise IcsError(
            f"a reminder {alarm_minutes} minutes before is not possible: "
            f"choose between 0 and {MAX_ALARM_MINUTES} minutes (one week)"
        )


@lru_cache(maxsize=32)
def _vtimezone(zone: str, first: date, last: date) -> Timezone:
    # Generating a VTIMEZONE walks the zone's transitions: cache it per zone and years.
    return Timezone.from_tzid(zone, first_date=first, last_date=last)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, OSError) as exc:
        raise IcsError(f"the event's time zone '{name}' is not an IANA time zone") from exc


def _vevent(
    entry: CalendarEntry, zone: ZoneInfo, stamp: datetime, alarm_minutes: int | None
) -> VEvent:
    for label, value in (("start", entry.start), ("end", entry.end)):
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise IcsError(f"'{entry.summary}': its {label} is not a time-zone-aware time")
    event = VEvent.new(
        uid=entry.uid,
        summary=entry.summary,
        start=entry.start.astimezone(zone),
        end=entry.end.astimezone(zone),
        stamp=stamp,
        sequence=entry.sequence,
        location=entry.location or None,
        description=entry.description or None,
        url=entry.url or None,
        categories=entry.categories,
    )
    if alarm_minutes is not None:
        alarm = Alarm.new(description=f"{entry.summary} starts in {alarm_minutes} min")
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(minutes=-alarm_minutes))
        event.add_component(alarm)
    return event


def build_calendar(
    entries: Sequence[CalendarEntry],
    *,
    zone: str,
    name: str,
    now: datetime | None = None,
    alarm_minutes: int | None = None,
    calendar_uid: str | None = None,
) -> Calendar:
    """A PUBLISH calendar of the entries, in the zone, with its VTIMEZONE."""
    _check_alarm(alarm_minutes)
    tz = _zone(zone)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar.new(
        prodid=PRODID,
        name=name,
        method="PUBLISH",
        calscale="GREGORIAN",
        uid=calendar_uid,
    )
    # Calendar.new wrote NAME and X-WR-CALNAME; Google Calendar also reads X-WR-TIMEZONE.
    calendar.add("x-wr-timezone", zone)
    if entries and zone not in ("UTC", "Etc/UTC"):
        first = min(e.start for e in entries).astimezone(tz).date()
        last = max(e.end for e in entries).astimezone(tz).date()
        calendar.add_component(
            _vtimezone(zone, date(first.year - 1, 1, 1), date(last.year + 1, 12, 31))
        )
    for entry in entries:
        calendar.add_component(_vevent(entry, tz, stamp, alarm_minutes))
    missing = calendar.get_missing_tzids()
    if missing:
        raise IcsError(f"no VTIMEZONE could be made for {', '.join(sorted(missing))}")
    return calendar


def calendar_bytes(calendar: Calendar) -> bytes:
    data: bytes = calendar.to_ical()
    return data


def write_calendar(calendar: Calendar, path: Path) -> Path:
    """Write the calendar to path atomically (a half-written file never replaces a good one)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise IcsError(f"folder {path.parent} does not exist: create it or choose another file")
    data = calendar_bytes(calendar)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


# -- from the event database ---------------------------------------------------------


def _export(
    database: Database,
    title: str,
    collect: Callable[[OrmSession, Event], list[CalendarEntry]],
    *,
    now: datetime | None,
    alarm_minutes: int | None,
    record_versions: bool,
    kind: str,
) -> Calendar:
    _check_alarm(alarm_minutes)
    event_id = database.event().id
    for attempt in (1, 2):
        try:
            with database.transaction() as db:
                event = db.get(Event, event_id)
                if event is None:  # pragma: no cover - event() just found it
                    raise IcsError("this database holds no event")
                entries = collect(db, event)
                if record_versions:
                    entries = assign_sequences(db, entries)
                zone, acronym = event.timezone, event.acronym or event.title
                domain = event_domain(event)
            break
        except IntegrityError:
            # Another desk recorded the first published versions at the same moment
            # (PostgreSQL): read them and try once more.
            if attempt == 2:
                raise
    return build_calendar(
        entries,
        zone=zone,
        name=f"{acronym}: {title}",
        now=now,
        alarm_minutes=alarm_minutes,
        calendar_uid=f"{kind}@{domain}",
    )


def program_calendar(
    database: Database,
    *,
    now: datetime | None = None,
    alarm_minutes: int | None = None,
    adjusted: AdjustedTimes | None = None,
    include_posters: bool = False,
    record_versions: bool = True,
) -> Calendar:
    """Every session of the event (poster sessions list their posters).

    With include_posters, every poster is also an entry of its own.
    """
    return _export(
        database,
        "program",
        lambda db, event: program_entries(db, event, adjusted, include_posters=include_posters),
        now=now,
        alarm_minutes=alarm_minutes,
        record_versions=record_versions,
        kind="program",
    )


def agenda_calendar(
    database: Database,
    owner: str,
    *,
    title: str = "my agenda",
    now: datetime | None = None,
    alarm_minutes: int | None = None,
    adjusted: AdjustedTimes | None = None,
    record_versions: bool = True,
) -> Calendar:
    """The starred sessions and posters of an agenda owner ('attendee:<id>' or 'local:<uuid>')."""
    return _export(
        database,
        title,
        lambda db, event: agenda_entries(db, event, owner, adjusted),
        now=now,
        alarm_minutes=alarm_minutes,
        record_versions=record_versions,
        kind="agenda",
    )


def session_calendar(
    database: Database,
    session_id: int,
    *,
    now: datetime | None = None,
    alarm_minutes: int | None = None,
    adjusted: AdjustedTimes | None = None,
    record_versions: bool = True,
) -> Calendar:
    """One session."""
    return _export(
        database,
        "session",
        lambda db, event: session_entries(db, event, [session_id], adjusted),
        now=now,
        alarm_minutes=alarm_minutes,
        record_versions=record_versions,
        kind="session",
    )


def poster_calendar(
    database: Database,
    poster_id: int,
    *,
    now: datetime | None = None,
    alarm_minutes: int | None = None,
    adjusted: AdjustedTimes | None = None,
    record_versions: bool = True,
) -> Calendar:
    """One poster, at its poster session's time."""
    return _export(
        database,
        "poster",
        lambda db, event: poster_entries(db, event, [poster_id], adjusted),
        now=now,
        alarm_minutes=alarm_minutes,
        record_versions=record_versions,
        kind="poster",
    )


def mentor_calendar(
    database: Database,
    mentor_person_id: int,
    *,
    now: datetime | None = None,
    alarm_minutes: int | None = None,
    adjusted: AdjustedTimes | None = None,
    include_unpublished: bool = False,
    record_versions: bool = True,
) -> Calendar:
    """A mentor's meetings: one entry per pairing (mentee, break, place, topic).

    `mentor_person_id` is the mentor's `Person.id`. Only published pairings are
    included unless `include_unpublished`. Mentees appear by name and affiliation
    only (never their email).
    """
    return _export(
        database,
        "mentorship meetings",
        lambda db, event: mentor_entries(
            db, event, mentor_person_id, adjusted, include_unpublished=include_unpublished
        ),
        now=now,
        alarm_minutes=alarm_minutes,
        record_versions=record_versions,
        kind=f"mentor-{mentor_person_id}",
    )


def entries_in(calendar: Calendar) -> Iterable[VEvent]:
    """The VEVENTs of a calendar (for callers that count or preview them)."""
    return [c for c in calendar.walk("VEVENT") if isinstance(c, VEvent)]


__all__ = [
    "AdjustedTimes",
    "CalendarEntry",
    "IcsError",
    "agenda_calendar",
    "build_calendar",
    "calendar_bytes",
    "entries_in",
    "mentor_calendar",
    "poster_calendar",
    "program_calendar",
    "session_calendar",
    "write_calendar",
]
