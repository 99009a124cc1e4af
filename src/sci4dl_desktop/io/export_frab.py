"""frab schedule exports (schedule.xml and schedule.json) for phone apps and pretalx tools.

Both validate against the C3VOC schemas. Sessions keep their uid as guid when it is a
UUID, else get a guid derived from it (so re-importing the export matches them again);
people get the guid they were imported with, else one derived from their name. The
acronym is written in the schema's form ('SCI4DL 2026' -> 'sci4dl_2026'). A session
without a room is listed under the room "To be announced".
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop import APP_NAME, __version__
from sci4dl_desktop.io.records import EventRecord, SessionRecord, ref_id
from sci4dl_desktop.io.state import (
    GUID_NAMESPACE,
    EventState,
    load_state,
    person_guid,
    session_guid,
)
from sci4dl_desktop.io.values import slug

NO_ROOM = "To be announced"
JSON_SCHEMA_URL = "https://c3voc.de/schedule/schema.json"


@dataclass(frozen=True)
class FrabEvent:
    id: int
    record: SessionRecord
    start: datetime  # local
    end: datetime  # local
    room: str
    persons: tuple[tuple[str, str], ...]  # (name, guid)


@dataclass(frozen=True)
class FrabDay:
    index: int
    date: date
    start: datetime
    end: datetime
    rooms: dict[str, list[FrabEvent]]


@dataclass(frozen=True)
class Program:
    event: EventRecord
    acronym: str
    version: str
    rooms: list[str]
    days: list[FrabDay]


def acronym_slug(acronym: str) -> str:
    return (slug(acronym, "_") or "event").ljust(4, "_")


def _hhmm(value: timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def program(state: EventState) -> Program:
    assert state.event is not None, "the database holds no event"
    event = state.event.record
    zone = ZoneInfo(event.timezone)
    rooms = [e.record.name for e in sorted(state.rooms.values(), key=lambda e: e.record.position)]
    events: list[FrabEvent] = []
    for entry in sorted(state.sessions.values(), key=lambda e: (e.record.start_at, e.record.uid)):
        record = entry.record
        persons = []
        for ref in record.speakers:
            person = state.people[ref].record
            persons.append((person.name, person_guid(person.name, person.external_id)))
        room = record.room or NO_ROOM
        if room not in rooms:
            rooms.append(room)
        events.append(
            FrabEvent(
                ref_id(entry.ref) or len(events) + 1,
                record,
                record.start_at.astimezone(zone),
                record.end_at.astimezone(zone),
                room,
                tuple(persons),
            )
        )
    days: list[FrabDay] = []
    day = event.first_day
    while day <= event.last_day:
        todays = [e for e in events if e.start.date() == day]
        start = min((e.start for e in todays), default=datetime.combine(day, time(0), zone))
        end = max((e.end for e in todays), default=datetime.combine(day, time(23, 59), zone))
        by_room: dict[str, list[FrabEvent]] = {r: [] for r in rooms}
        for item in todays:
            by_room[item.room].append(item)
        days.append(FrabDay(len(days) + 1, day, start, end, by_room))
        day += timedelta(days=1)
    digest = hashlib.sha256()
    for item in events:
        digest.update(f"{item.record.uid}|{item.record.sequence}|{item.start}|{item.end}".encode())
    return Program(event, acronym_slug(event.acronym), digest.hexdigest()[:12], rooms, days)


def _slug(prog: Program, item: FrabEvent) -> str:
    title = slug(item.record.title)[:50].strip("-")
    return f"{prog.acronym}-{item.id}" + (f"-{title}" if title else "")


def _room_guid(name: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"room:{name}"))


def _http(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def schedule_xml(session: OrmSession) -> bytes:
    prog = program(load_state(session))
    event = prog.event
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=APP_NAME, version=__version__)
    ET.SubElement(root, "version").text = prog.version
    conference = ET.SubElement(root, "conference")
    for tag, value in (
        ("acronym", prog.acronym),
        ("title", event.title),
        ("start", event.first_day.isoformat()),
        ("end", event.last_day.isoformat()),
        ("days", str(len(prog.days))),
        ("timeslot_duration", "00:05"),
        ("time_zone_name", event.timezone),
    ):
        ET.SubElement(conference, tag).text = value
    if _http(event.url):
        ET.SubElement(conference, "url").text = event.url
    for day in prog.days:
        day_element = ET.SubElement(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.start.isoformat(),
            end=day.end.isoformat(),
        )
        for room, items in day.rooms.items():
            room_element = ET.SubElement(day_element, "room", name=room, guid=_room_guid(room))
            for item in items:
                _xml_event(room_element, prog, item)
    ET.indent(root, space=" ")
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def _xml_event(parent: ET.Element, prog: Program, item: FrabEvent) -> None:
    record = item.record
    element = ET.SubElement(parent, "event", guid=session_guid(record.uid), id=str(item.id))
    for tag, value in (
        ("date", item.start.isoformat()),
        ("start", f"{item.start:%H:%M}"),
        ("duration", _hhmm(item.record.end_at - item.record.start_at)),
        ("room", item.room),
        ("slug", _slug(prog, item)),
        ("title", record.title),
        ("subtitle", record.subtitle),
        ("track", record.track),
        ("type", record.kind.label),
        ("abstract", record.abstract),
        ("description", ""),
    ):
        ET.SubElement(element, tag).text = value
    persons = ET.SubElement(element, "persons")
    for name, guid in item.persons:
        ET.SubElement(persons, "person", guid=guid).text = name
    ET.SubElement(element, "links")
    if _http(record.url):
        ET.SubElement(element, "url").text = record.url


def schedule_document(session: OrmSession) -> dict[str, Any]:
    prog = program(load_state(session))
    event = prog.event
    conference: dict[str, Any] = {
        "acronym": prog.acronym,
        "title": event.title,
        "start": event.first_day.isoformat(),
        "end": event.last_day.isoformat(),
        "daysCount": len(prog.days),
        "timeslot_duration": "00:05",
        "time_zone_name": event.timezone,
    }
    if _http(event.url):
        conference["url"] = event.url
    conference["rooms"] = [{"name": r, "guid": _room_guid(r)} for r in prog.rooms]
    conference["days"] = [
        {
            "index": day.index,
            "date": day.date.isoformat(),
            "day_start": day.start.isoformat(),
            "day_end": day.end.isoformat(),
            "rooms": {
                room: [_json_event(prog, i) for i in items] for room, items in day.rooms.items()
            },
        }
        for day in prog.days
    ]
    return {
        "$schema": JSON_SCHEMA_URL,
        "generator": {"name": APP_NAME, "version": __version__},
        "schedule": {"version": prog.version, "conference": conference},
    }


def _json_event(prog: Program, item: FrabEvent) -> dict[str, Any]:
    record = item.record
    guid = session_guid(record.uid)
    return {
        "guid": guid,
        "id": item.id,
        "date": item.start.isoformat(),
        "start": f"{item.start:%H:%M}",
        "end": item.end.isoformat(),
        "duration": _hhmm(item.record.end_at - item.record.start_at),
        "room": item.room,
        "slug": _slug(prog, item),
        "url": record.url if _http(record.url) else f"urn:uuid:{guid}",
        "title": record.title,
        "subtitle": record.subtitle,
        "track": record.track or None,
        "type": record.kind.label,
        "language": None,
        "abstract": record.abstract,
        "description": "",
        "persons": [{"name": name, "guid": guid} for name, guid in item.persons],
        "links": [],
    }


def schedule_json(session: OrmSession) -> bytes:
    text = json.dumps(schedule_document(session), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


__all__ = [
    "NO_ROOM",
    "Program",
    "acronym_slug",
    "program",
    "schedule_document",
    "schedule_json",
    "schedule_xml",
]
