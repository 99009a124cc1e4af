"""Reading frab schedules: schedule.xml and schedule.json, as frab and pretalx write them.

Both are read into the same FrabSchedule (conference, rooms in order, events with their
day, room, times as written, persons). XML is parsed with defusedxml: a file that
declares entities or a DTD is refused. Planning is in `sci4dl_desktop.io.frab`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from sci4dl_desktop.io.problems import quote


class FrabError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


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


def day_of(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _event(
    text: Callable[[str], str],
    guid: str,
    id: str,
    day_index: object,
    day: date | None,
    room_name: str,
    persons: list[FrabPerson],
) -> FrabEvent:
    """An event read through `text`, which gives a field's text (XML element or JSON key)."""
    title = text("title")
    return FrabEvent(
        element=f"day {day_index} › room {quote(room_name)} › event {quote(title)}",
        guid=guid,
        id=id,
        title=title,
        type=text("type"),
        room=text("room") or room_name,
        day=day,
        date=text("date"),
        start=text("start"),
        duration=text("duration"),
        end=text("end"),
        subtitle=text("subtitle"),
        track=text("track"),
        abstract=text("abstract"),
        description=text("description"),
        url=text("url"),
        persons=persons,
    )


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
        day_date = day_of(day.get("date", "") or day.get("start", ""))
        for room in day.findall("room"):
            room_name = (room.get("name") or "").strip()
            if room_name and room_name not in schedule.rooms:
                schedule.rooms.append(room_name)
            for event in room.findall("event"):
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
                    _event(
                        partial(_text, event),
                        event.get("guid", "").strip(),
                        event.get("id", "").strip(),
                        day.get("index", "?"),
                        day_date,
                        room_name,
                        persons,
                    )
                )
    return schedule


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _list(value: Any, what: str) -> list[Any]:
    """A JSON list, or [] for a missing one; FrabError for anything else."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise FrabError(
            f"{what} is {quote(json.dumps(value))}, not a list as in frab's schedule.json",
            "export the schedule.json again from pretalx or frab",
        )
    return value


def _field(event: dict[str, Any], key: str) -> str:
    return _str(event.get(key))


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
    for room in _list(conference.get("rooms"), "conference.rooms"):
        name = _str(room.get("name")) if isinstance(room, dict) else ""
        if name and name not in schedule.rooms:
            schedule.rooms.append(name)
    for day in _list(conference.get("days"), "conference.days"):
        if not isinstance(day, dict):
            continue
        day_date = day_of(_str(day.get("date")))
        rooms = day.get("rooms") or {}
        for room_name, events in rooms.items() if isinstance(rooms, dict) else []:
            if room_name not in schedule.rooms:
                schedule.rooms.append(room_name)
            for event in events if isinstance(events, list) else []:
                if not isinstance(event, dict):
                    continue
                title = quote(_str(event.get("title")))
                persons = [
                    FrabPerson(
                        _str(p.get("name") or p.get("public_name")),
                        _str(p.get("guid")),
                        _str(p.get("code")),
                        _str(p.get("id")),
                        _str(p.get("biography")),
                    )
                    for p in _list(event.get("persons"), f"the persons of event {title}")
                    if isinstance(p, dict)
                ]
                schedule.events.append(
                    _event(
                        partial(_field, event),
                        _str(event.get("guid")),
                        _str(event.get("id")),
                        day.get("index", "?"),
                        day_date,
                        room_name,
                        persons,
                    )
                )
    return schedule


__all__ = [
    "FrabError",
    "FrabEvent",
    "FrabPerson",
    "FrabSchedule",
    "day_of",
    "parse_json",
    "parse_xml",
]
