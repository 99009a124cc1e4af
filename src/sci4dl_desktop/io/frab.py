"""Importing frab schedules (schedule.xml and schedule.json, as frab and pretalx export them).

Both files are read into the same FrabSchedule and planned the same way: the conference
(title, acronym, time zone, days), its rooms, and one session per event, matched on
re-import by the event's guid. An event's time is its `date` (an ISO instant with an
offset) when given, else the day's date plus `start` in the conference's time zone; its
end is `end` when given, else start plus `duration`. The event `type` decides the kind
of session (see `sci4dl_desktop.io.values.session_kind`); unknown types become "other".

XML is parsed with defusedxml: a file that declares entities or a DTD is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from xml.etree.ElementTree import Element, ParseError
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from sci4dl_desktop.io.problems import Location, quote
from sci4dl_desktop.io.records import EventRecord, PersonRecord, RoomRecord, SessionRecord
from sci4dl_desktop.io.source import Source
from sci4dl_desktop.io.state import person_guid
from sci4dl_desktop.io.timeparse import TimeError, localize, parse_clock, parse_duration
from sci4dl_desktop.io.values import SPEAKER_ROLE, session_kind
from sci4dl_desktop.store.enums import SessionKind

TZ_HINT = "use an IANA time zone name such as 'Europe/Vienna' or 'America/Sao_Paulo'"


class FrabError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class _BadTime(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@dataclass
class FrabPerson:
    name: str
    guid: str = ""
    code: str = ""
    id: str = ""
    bio: str = ""


@dataclass
class FrabEvent:
    element: str  # readable path, for problems
    guid: str
    id: str
    title: str
    type: str
    room: str
    day: date | None
    date: str = ""
    start: str = ""
    duration: str = ""
    end: str = ""
    subtitle: str = ""
    track: str = ""
    abstract: str = ""
    description: str = ""
    url: str = ""
    persons: list[FrabPerson] = field(default_factory=list)


@dataclass
class FrabSchedule:
    title: str = ""
    acronym: str = ""
    timezone: str = ""
    start: str = ""
    end: str = ""
    url: str = ""
    rooms: list[str] = field(default_factory=list)
    events: list[FrabEvent] = field(default_factory=list)


def _text(parent: Element, tag: str) -> str:
    child = parent.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def parse_xml(data: bytes) -> FrabSchedule:
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise FrabError(
            f"the file declares a DTD or entities ({type(exc).__name__}), which schedule "
            "files never do; it was not read, for safety",
            "export the schedule again from frab or pretalx",
        ) from exc
    except ParseError as exc:
        raise FrabError(f"not well-formed XML ({exc})", "export the schedule again") from exc
    if root.tag != "schedule":
        raise FrabError(f"the root element is <{root.tag}>, not <schedule>")
    schedule = FrabSchedule()
    conference = root.find("conference")
    if conference is not None:
        schedule.title = _text(conference, "title")
        schedule.acronym = _text(conference, "acronym")
        schedule.timezone = _text(conference, "time_zone_name")
        schedule.start = _text(conference, "start")
        schedule.end = _text(conference, "end")
        schedule.url = _text(conference, "url")
    for day in root.findall("day"):
        day_date = _day(day.get("date", "") or day.get("start", ""))
        for room in day.findall("room"):
            room_name = (room.get("name") or "").strip()
            if room_name and room_name not in schedule.rooms:
                schedule.rooms.append(room_name)
            for event in room.findall("event"):
                title = _text(event, "title")
                persons = [
                    FrabPerson(
                        (p.text or "").strip(),
                        p.get("guid", ""),
                        p.get("code", ""),
                        p.get("id", ""),
                    )
                    for p in event.findall("persons/person")
                ]
                schedule.events.append(
                    FrabEvent(
                        element=f"day {day.get('index', '?')} › room {quote(room_name)} › "
                        f"event {quote(title)}",
                        guid=event.get("guid", "").strip(),
                        id=event.get("id", "").strip(),
                        title=title,
                        type=_text(event, "type"),
                        room=_text(event, "room") or room_name,
                        day=day_date,
                        date=_text(event, "date"),
                        start=_text(event, "start"),
                        duration=_text(event, "duration"),
                        subtitle=_text(event, "subtitle"),
                        track=_text(event, "track"),
                        abstract=_text(event, "abstract"),
                        description=_text(event, "description"),
                        url=_text(event, "url"),
                        persons=persons,
                    )
                )
    return schedule


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_json(document: Any) -> FrabSchedule:
    body = document.get("schedule") if isinstance(document, dict) else None
    conference = body.get("conference") if isinstance(body, dict) else None
    if not isinstance(conference, dict):
        raise FrabError("no schedule.conference object", "export the schedule.json again")
    schedule = FrabSchedule(
        title=_str(conference.get("title")),
        acronym=_str(conference.get("acronym")),
        timezone=_str(conference.get("time_zone_name")),
        start=_str(conference.get("start")),
        end=_str(conference.get("end")),
        url=_str(conference.get("url")),
    )
    for room in conference.get("rooms") or []:
        name = _str(room.get("name")) if isinstance(room, dict) else ""
        if name and name not in schedule.rooms:
            schedule.rooms.append(name)
    for day in conference.get("days") or []:
        if not isinstance(day, dict):
            continue
        day_date = _day(_str(day.get("date")))
        rooms = day.get("rooms") or {}
        for room_name, events in rooms.items() if isinstance(rooms, dict) else []:
            if room_name not in schedule.rooms:
                schedule.rooms.append(room_name)
            for event in events if isinstance(events, list) else []:
                if not isinstance(event, dict):
                    continue
                title = _str(event.get("title"))
                persons = [
                    FrabPerson(
                        _str(p.get("name") or p.get("public_name")),
                        _str(p.get("guid")),
                        _str(p.get("code")),
                        _str(p.get("id")),
                        _str(p.get("biography")),
                    )
                    for p in event.get("persons") or []
                    if isinstance(p, dict)
                ]
                schedule.events.append(
                    FrabEvent(
                        element=f"day {day.get('index', '?')} › room {quote(room_name)} › "
                        f"event {quote(title)}",
                        guid=_str(event.get("guid")),
                        id=_str(event.get("id")),
                        title=title,
                        type=_str(event.get("type")),
                        room=_str(event.get("room")) or room_name,
                        day=day_date,
                        date=_str(event.get("date")),
                        start=_str(event.get("start")),
                        duration=_str(event.get("duration")),
                        end=_str(event.get("end")),
                        subtitle=_str(event.get("subtitle")),
                        track=_str(event.get("track")),
                        abstract=_str(event.get("abstract")),
                        description=_str(event.get("description")),
                        url=_str(event.get("url")),
                        persons=persons,
                    )
                )
    return schedule


def parse_json_bytes(data: bytes) -> FrabSchedule:
    try:
        return parse_json(json.loads(data.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FrabError(f"not valid JSON ({exc})", "export the schedule.json again") from exc


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
    if end <= start:
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
    days = [s.astimezone(zone).date() for _, s, _, _ in planned]
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


__all__ = [
    "FrabError",
    "FrabSchedule",
    "parse_json",
    "parse_json_bytes",
    "parse_xml",
    "plan_schedule",
]
