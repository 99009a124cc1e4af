"""Importing frab schedules (schedule.xml and schedule.json, as frab and pretalx export them).

Both files are read into the same FrabSchedule and planned the same way: the conference
(title, acronym, time zone, days), its rooms, and one session per event, matched on
re-import by the event's guid. An event's time is its `date` (an ISO instant with an
offset) when given, else the day's date plus `start` in the conference's time zone; its
end is `end` when given, else start plus `duration`. The event `type` decides the kind
of session (see `sci4dl_desktop.io.values.session_kind`); unknown types become "other".

Into an empty database the schedule creates the event (its time zone must be a known
IANA name). Into an existing event it adds and updates sessions, extends the event's
days when the schedule has sessions outside them, and adds new rooms and people
(speakers are matched by their frab guid or pretalx code, then by name).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sci4dl_desktop.io.frab_read import FrabEvent, FrabPerson, FrabSchedule
from sci4dl_desktop.io.frab_read import day_of as _day
from sci4dl_desktop.io.problems import Location, quote
from sci4dl_desktop.io.records import EventRecord, PersonRecord, RoomRecord, SessionRecord
from sci4dl_desktop.io.source import Source
from sci4dl_desktop.io.state import person_guid
from sci4dl_desktop.io.timeparse import TimeError, localize, parse_clock, parse_duration
from sci4dl_desktop.io.values import SPEAKER_ROLE, session_kind
from sci4dl_desktop.store.enums import SessionKind

TZ_HINT = "use an IANA time zone name such as 'Europe/Vienna' or 'America/Sao_Paulo'"


class _BadTime(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


# -- planning -------------------------------------------------------------------------


def _zone(schedule: FrabSchedule, source: Source, fallback: str | None) -> ZoneInfo | None:
    name = schedule.timezone or (source.state.event.record.timezone if source.state.event else "")
    name = name or (fallback or "")
    where = source.where(element="conference")
    if not name:
        source.problem(
            where,
            "the schedule gives no time zone",
            field="time_zone_name",
            hint="pass --timezone, or import into an event that has one",
        )
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        source.problem(
            where,
            f"unknown time zone {quote(name)}",
            field="time_zone_name",
            value=name,
            hint=TZ_HINT,
        )
        return None


def _times(event: FrabEvent, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Start and end of an event; _BadTime names the field that is wrong."""
    if event.date and "T" in event.date:
        try:
            start = datetime.fromisoformat(event.date)
        except ValueError as exc:
            raise _BadTime("date", f"{quote(event.date)} is not a date and time") from exc
        if start.tzinfo is None:
            start = start.replace(tzinfo=zone)
    else:
        day = _day(event.date) or event.day
        if day is None:
            raise _BadTime("date", "the event has no date, and its day none either")
        try:
            start = localize(day, parse_clock(event.start).value, zone)
        except TimeError as exc:
            raise _BadTime("start", exc.message) from exc
    if event.end:
        try:
            end = datetime.fromisoformat(event.end)
        except ValueError as exc:
            raise _BadTime("end", f"{quote(event.end)} is not a date and time") from exc
        end = end if end.tzinfo else end.replace(tzinfo=zone)
    else:
        try:
            length = parse_duration(event.duration)
        except TimeError as exc:
            raise _BadTime("duration", exc.message) from exc
        end = (start.astimezone(UTC) + length).astimezone(zone)
    if end.astimezone(UTC) <= start.astimezone(UTC):  # instants, not wall clocks
        raise _BadTime("duration", f"the event ends ({end:%H:%M}) before it starts")
    return start, end


def _external_id(person: FrabPerson) -> str | None:
    if person.guid and person.guid.lower() != person_guid(person.name, None):
        return f"frab:{person.guid.lower()}"
    if person.code:
        return f"pretalx:{person.code}"
    if person.id:
        return f"frab-id:{person.id}"
    return None


def _speakers(
    event: FrabEvent, kind: SessionKind, source: Source, where: Location
) -> tuple[str, ...]:
    state, builder = source.state, source.builder
    role = SPEAKER_ROLE.get(kind)
    refs: list[str] = []
    for person in event.persons:
        if not person.name:
            continue
        external = _external_id(person)
        ref = state.find_person(person.name, external)
        if ref is None:
            record = PersonRecord(
                person.name,
                roles=(role.value,) if role else (),
                bio=person.bio,
                external_id=external,
            )
            ref = builder.person(
                record, where, source.provided({"name", "roles", "bio", "external_id"})
            )
        else:
            stored = state.people[ref].record
            provided = set()
            if person.bio and person.bio != stored.bio:
                provided.add("bio")
            if external and not stored.external_id:
                provided.add("external_id")
            if provided:
                record = PersonRecord(stored.name, bio=person.bio, external_id=external)
                builder.person(record, where, source.provided(provided), ref)
        if ref not in refs:
            refs.append(ref)
    return tuple(refs)


SESSION_FIELDS = frozenset(
    {
        "title",
        "subtitle",
        "kind",
        "start_at",
        "end_at",
        "room",
        "abstract",
        "track",
        "url",
        "speakers",
    }
)


def plan_schedule(schedule: FrabSchedule, source: Source, fallback_timezone: str | None) -> None:
    zone = _zone(schedule, source, fallback_timezone)
    if zone is None:
        return
    state, builder = source.state, source.builder
    planned: list[tuple[FrabEvent, datetime, datetime, SessionKind]] = []
    unknown_types: set[str] = set()
    seen: dict[str, str] = {}
    for count, event in enumerate(schedule.events):
        source.reporter.step(f"Reading {source.name}", count, len(schedule.events))
        where = source.where(element=event.element)
        uid = event.guid.lower() or (f"frab-{event.id}" if event.id else "")
        if not uid:
            source.problem(
                where,
                "the event has neither a guid nor an id",
                field="guid",
                hint="export the schedule again from frab or pretalx",
            )
            continue
        if uid in seen:
            source.problem(
                where,
                f"guid {quote(uid)} is also used by {seen[uid]}",
                field="guid",
                value=uid,
                hint="each event needs its own guid",
            )
            continue
        seen[uid] = event.element
        if not event.title:
            source.problem(where, "the title is empty", field="title", hint="give it a title")
            continue
        try:
            start, end = _times(event, zone)
        except _BadTime as exc:
            value = {"date": event.date, "start": event.start, "end": event.end}.get(
                exc.field, event.duration
            )
            source.problem(
                where,
                exc.message,
                field=exc.field,
                value=value,
                hint="write times as in frab: date 2026-04-26T09:00:00+02:00, "
                "start 09:00, duration 00:30",
            )
            continue
        kind = session_kind(event.type) if event.type else None
        if kind is None:
            unknown_types.add(event.type or "(none)")
            kind = SessionKind.OTHER
        planned.append((event, start, end, kind))
    if unknown_types:
        source.note("event types read as 'other': " + ", ".join(sorted(unknown_types)))
    # Days at the venue: in the event's zone when the event exists (the schedule's zone
    # may be another), and the conference's own dates only for a new event.
    venue_zone = state.zone or zone
    days = [s.astimezone(venue_zone).date() for _, s, _, _ in planned]
    if state.event is None:
        days += [d for d in (_day(schedule.start), _day(schedule.end)) if d]
    if not days:
        source.note("the schedule has no events")
        if state.event is None:
            source.problem(
                source.where(element="conference"),
                "the schedule has no days",
                field="start",
                hint="export a schedule with at least one event",
            )
            return
    first, last = min(days) if days else None, max(days) if days else None
    _plan_event(schedule, source, zone, first, last)
    room_fields = source.provided({"name", "position"})
    for name in schedule.rooms:
        if state.room(name) is None:
            room_where = source.where(element=f"room {quote(name)}")
            builder.room(RoomRecord(name, len(state.rooms)), room_where, room_fields)
    for event, start, end, kind in planned:
        where = source.where(element=event.element)
        if event.room and state.room(event.room) is None:
            builder.room(RoomRecord(event.room, len(state.rooms)), where, room_fields)
        room_entry = state.room(event.room) if event.room else None
        abstract = event.abstract
        if event.description and event.description != event.abstract:
            abstract = f"{abstract}\n\n{event.description}" if abstract else event.description
        uid = event.guid.lower() or f"frab-{event.id}"
        record = SessionRecord(
            uid=uid,
            title=event.title,
            kind=kind,
            start_at=start,
            end_at=end,
            room=room_entry.record.name if room_entry else None,
            subtitle=event.subtitle,
            abstract=abstract,
            track=event.track,
            url=event.url if event.url.startswith(("http://", "https://")) else "",
            speakers=_speakers(event, kind, source, where),
        )
        builder.session(record, where, SESSION_FIELDS, state.find_session(uid))


def _plan_event(
    schedule: FrabSchedule, source: Source, zone: ZoneInfo, first: date | None, last: date | None
) -> None:
    state = source.state
    where = source.where(element="conference")
    if state.event is None:
        assert first is not None and last is not None
        if not schedule.title:
            source.problem(
                where,
                "the conference has no title",
                field="title",
                hint="give the conference a title in frab or pretalx",
            )
            return
        record = EventRecord(
            title=schedule.title,
            acronym=schedule.acronym or schedule.title,
            timezone=zone.key,
            first_day=first,
            last_day=last,
            url=schedule.url if schedule.url.startswith(("http://", "https://")) else "",
        )
        source.builder.event(
            record,
            where,
            source.provided({"title", "acronym", "timezone", "first_day", "last_day", "url"}),
        )
        return
    stored = state.event.record
    if schedule.timezone and schedule.timezone != stored.timezone:
        source.note(
            f"the schedule's time zone {schedule.timezone} differs from the event's "
            f"{stored.timezone}; times are kept as the instants the schedule gives"
        )
    if first is None or last is None:
        return
    if first < stored.first_day or last > stored.last_day:
        record = EventRecord(
            stored.title,
            stored.acronym,
            stored.timezone,
            min(first, stored.first_day),
            max(last, stored.last_day),
        )
        source.builder.event(record, where, source.provided({"first_day", "last_day"}))


__all__ = ["TZ_HINT", "plan_schedule"]
