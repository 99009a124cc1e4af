"""frab schedule.xml and pretalx schedule.json: events, rooms, people, time zones, DST."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest
from import_support import counts, data, dump, imported, messages, plan, shared_path, write
from lxml import etree
from sqlalchemy import select

from sci4dl_desktop.io.export_frab import schedule_json
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import Person, Room, Session


def sessions_of(database: Database) -> dict[str, Session]:
    with database.session() as s:
        found = {x.uid: x for x in s.scalars(select(Session))}
        for x in found.values():
            x.speaker_names = [p.name for p in x.speakers]  # type: ignore[attr-defined]
        return found


def test_the_fixtures_are_valid_frab_files() -> None:
    xsd = etree.XMLSchema(etree.parse(str(shared_path("formats", "frab-schedule.xml.xsd"))))
    assert xsd.validate(etree.parse(str(data("frab-schedule.xml")))), xsd.error_log
    schema = json.loads(shared_path("formats", "frab-schedule.schema.json").read_text())
    jsonschema.validate(json.loads(data("pretalx-schedule.json").read_text()), schema)


def test_frab_xml_creates_the_event_with_days_rooms_and_people(tmp_path: Path) -> None:
    database = open_database(tmp_path / "school.sci4dl")
    result = imported(database, data("frab-schedule.xml"))
    assert counts(result) == {
        "event": (1, 0, 0),
        "rooms": (2, 0, 0),
        "people": (3, 0, 0),
        "sessions": (7, 0, 0),
    }
    event = database.event()
    assert (event.title, event.acronym, event.timezone) == (
        "Autumn School on Learning Theory",
        "slt2026",
        "Europe/Berlin",
    )
    assert (event.first_day, event.last_day) == (date(2026, 10, 24), date(2026, 10, 25))
    sessions = sessions_of(database)
    keynote = sessions["2b4c6d8e-0f1a-4b3c-9d5e-7f8091a2b301"]
    assert keynote.kind is SessionKind.INVITED_TALK
    assert keynote.start_at == datetime(2026, 10, 24, 7, 0, tzinfo=UTC)
    assert keynote.subtitle == "Bounds that mean something" and keynote.track == "Theory"
    assert keynote.abstract == (
        "Non-vacuous bounds for deep networks & what they tell us.\n\n"
        "The talk is followed by 15 minutes of questions."
    )
    assert keynote.url == "https://frab.example.org/en/slt2026/public/events/201"
    assert keynote.speaker_names == ["Søren Kierkegaard-Lund"]  # type: ignore[attr-defined]
    kinds = {s.title: s.kind for s in sessions.values()}
    assert kinds["Implicit bias of gradient descent"] is SessionKind.CONTRIBUTED_TALK
    assert kinds["Coffee"] is SessionKind.BREAK
    assert kinds["Posters and demos"] is SessionKind.POSTER_SESSION
    assert kinds["Panel: theory for practitioners"] is SessionKind.PANEL
    assert kinds["Closing and prizes"] is SessionKind.AWARD
    with database.session() as s:
        soren = s.scalars(select(Person).where(Person.name.like("Søren%"))).one()
        assert soren.external_id == "frab:4f9a7d3c-1e2b-5a6c-8d9e-0f1a2b3c4d11"
        assert soren.roles == ["invited_speaker"]
        assert [r.name for r in s.scalars(select(Room).order_by(Room.position))] == [
            "Aula",
            "Room 101",
        ]
    database.close()


def test_a_session_across_the_end_of_summer_time_lasts_its_real_two_hours(
    tmp_path: Path,
) -> None:
    database = open_database(tmp_path / "school.sci4dl")
    imported(database, data("frab-schedule.xml"))
    night = sessions_of(database)["2b4c6d8e-0f1a-4b3c-9d5e-7f8091a2b305"]
    assert night.start_at == datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    assert night.end_at == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    panel = sessions_of(database)["2b4c6d8e-0f1a-4b3c-9d5e-7f8091a2b306"]
    assert panel.start_at == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)  # 09:00 at +01:00
    database.close()


def test_pretalx_json_with_offsets_across_the_start_of_summer_time(tmp_path: Path) -> None:
    database = open_database(tmp_path / "dyn.sci4dl")
    result = imported(database, data("pretalx-schedule.json"))
    assert result.sources[0].notes == ["event types read as 'other': Hackathon"]
    assert database.event().timezone == "Europe/Vienna"
    sessions = {s.title: s for s in sessions_of(database).values()}
    social = sessions["Night social (through the clock change)"]
    assert social.start_at == datetime(2026, 3, 28, 21, 0, tzinfo=UTC)
    assert social.end_at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 summer time
    panel = sessions["Panel: is scale all you need?"]
    assert panel.start_at == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert panel.kind is SessionKind.PANEL
    assert panel.speaker_names == ["María José Núñez", "Amara Okafor", "Li Wei"]  # type: ignore[attr-defined]
    assert sessions["Edge of stability in small transformers"].track == "Optimisation"
    with database.session() as s:
        maria = s.scalars(select(Person).where(Person.name == "María José Núñez")).one()
        assert maria.bio == "Works on loss landscapes at Universidad de Chile."
    database.close()


def test_a_newer_schedule_updates_moves_and_adds_without_duplicates(tmp_path: Path) -> None:
    database = open_database(tmp_path / "school.sci4dl")
    imported(database, data("frab-schedule.xml"))
    text = data("frab-schedule.xml").read_text("utf-8")
    newer = (
        text.replace("Implicit bias of gradient descent", "Implicit bias of SGD")
        .replace("<date>2026-10-24T10:30:00+02:00</date>", "<date>2026-10-24T10:40:00+02:00</date>")
        .replace(
            '<room name="Room 101" guid="8b1f8e3a-3f0c-5d5e-9a71-3c2b1a0d9e02"/>',
            '<room name="Room 101" guid="8b1f8e3a-3f0c-5d5e-9a71-3c2b1a0d9e02">'
            '<event guid="2b4c6d8e-0f1a-4b3c-9d5e-7f8091a2b399" id="299">'
            "<date>2026-10-25T11:00:00+01:00</date><start>11:00</start>"
            "<duration>00:30</duration><room>Room 101</room><title>Farewell</title>"
            "<track/><type>social</type><abstract/></event></room>",
        )
    )
    result = imported(database, write(tmp_path, "schedule-v2.xml", newer))
    assert counts(result) == {"sessions": (1, 2, 5)}
    sessions = sessions_of(database)
    assert len(sessions) == 8
    assert sessions["2b4c6d8e-0f1a-4b3c-9d5e-7f8091a2b302"].title == "Implicit bias of SGD"
    coffee = sessions["2b4c6d8e-0f1a-4b3c-9d5e-7f8091a2b303"]
    assert coffee.start_at == datetime(2026, 10, 24, 8, 40, tzinfo=UTC)
    assert coffee.sequence == 1
    assert sessions["2b4c6d8e-0f1a-4b3c-9d5e-7f8091a2b302"].sequence == 0
    database.close()


def test_unknown_time_zone_is_refused(tmp_path: Path) -> None:
    document = json.loads(data("pretalx-schedule.json").read_text("utf-8"))
    document["schedule"]["conference"]["time_zone_name"] = "Mars/Olympus_Mons"
    path = write(tmp_path, "pretalx.json", json.dumps(document))
    assert messages(plan(None, path)) == [
        "pretalx.json, conference, field time_zone_name: unknown time zone "
        "'Mars/Olympus_Mons'; use an IANA time zone name such as 'Europe/Vienna' or "
        "'America/Sao_Paulo'"
    ]


def test_unparseable_frab_time_is_refused(demo_db: Database, tmp_path: Path) -> None:
    text = data("frab-schedule.xml").read_text("utf-8")
    broken = text.replace(
        "<date>2026-10-24T10:30:00+02:00</date>\n        <start>10:30</start>",
        "<start>half ten</start>",
    )
    path = write(tmp_path, "frab.xml", broken)
    before = dump(demo_db)
    result = plan(demo_db, path)
    assert messages(result) == [
        "frab.xml, day 1 › room 'Aula' › event 'Coffee', field start: 'half ten' is not a "
        "time; write times as in frab: date 2026-04-26T09:00:00+02:00, start 09:00, "
        "duration 00:30"
    ]
    assert dump(demo_db) == before


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE schedule [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        "<schedule><conference><title>&b;</title></conference></schedule>\n"
    )
    path = write(tmp_path, "bomb.xml", bomb)
    assert messages(plan(None, path)) == [
        "bomb.xml: the file declares a DTD or entities (EntitiesForbidden), which schedule "
        "files never do; it was not read, for safety; export the schedule again from frab "
        "or pretalx"
    ]


def test_exported_schedule_recreates_the_demo_program(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session() as s:
        exported = write(tmp_path, "schedule.json", schedule_json(s).decode("utf-8"))
    copy = open_database(tmp_path / "copy.sci4dl")
    imported(copy, exported)
    original = {
        (x.title, x.kind, x.start_at, x.end_at, tuple(x.speaker_names))  # type: ignore[attr-defined]
        for x in sessions_of(demo_db).values()
    }
    recreated = {
        (x.title, x.kind, x.start_at, x.end_at, tuple(x.speaker_names))  # type: ignore[attr-defined]
        for x in sessions_of(copy).values()
    }
    assert recreated == original
    assert copy.event().timezone == "America/Sao_Paulo"
    copy.close()


def test_days_are_counted_in_the_event_zone_when_the_schedule_has_another(
    demo_db: Database, tmp_path: Path
) -> None:
    # 01:00 on the 27th in Berlin is 20:00 on the 26th at the venue in São Paulo.
    document = {
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": "sci4dl",
                "title": "SCI4DL 2026",
                "start": "2026-04-26",
                "end": "2026-04-27",
                "time_zone_name": "Europe/Berlin",
                "rooms": [{"name": "Terrace"}],
                "days": [
                    {
                        "index": 1,
                        "date": "2026-04-27",
                        "rooms": {
                            "Terrace": [
                                {
                                    "guid": "5d0c3f7e-2a1b-4c3d-8e9f-0a1b2c3d4e5f",
                                    "id": 1,
                                    "date": "2026-04-27T01:00:00+02:00",
                                    "start": "01:00",
                                    "duration": "01:00",
                                    "title": "Evening reception",
                                    "type": "Social",
                                    "persons": [],
                                }
                            ]
                        },
                    }
                ],
            },
        }
    }
    path = write(tmp_path, "berlin.json", json.dumps(document))
    result = imported(demo_db, path)
    assert counts(result) == {"rooms": (1, 0, 0), "sessions": (1, 0, 0)}
    assert result.sources[0].notes == [
        "the schedule's time zone Europe/Berlin differs from the event's America/Sao_Paulo; "
        "times are kept as the instants the schedule gives"
    ]
    event = demo_db.event()
    assert (event.first_day, event.last_day) == (date(2026, 4, 26), date(2026, 4, 26))
    reception = sessions_of(demo_db)["5d0c3f7e-2a1b-4c3d-8e9f-0a1b2c3d4e5f"]
    assert reception.start_at == datetime(2026, 4, 26, 23, 0, tzinfo=UTC)


def test_a_start_without_offset_in_the_hour_the_clocks_go_back(tmp_path: Path) -> None:
    # Older frab files give a day and a start but no offset: 02:30 happens twice in
    # Vienna on 25 October 2026, and an hour later is still a real hour later.
    event = {
        "guid": "7e57c0de-0000-4000-8000-000000000001",
        "id": 1,
        "date": "2026-10-25",
        "start": "02:30",
        "duration": "01:00",
        "title": "Night shift",
        "type": "Workshop",
        "persons": [],
    }
    document = {
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": "night",
                "title": "Night school",
                "start": "2026-10-25",
                "end": "2026-10-25",
                "time_zone_name": "Europe/Vienna",
                "days": [{"index": 1, "date": "2026-10-25", "rooms": {"Lab": [event]}}],
            },
        }
    }
    database = open_database(tmp_path / "night.sci4dl")
    imported(database, write(tmp_path, "night.json", json.dumps(document)))
    night = sessions_of(database)["7e57c0de-0000-4000-8000-000000000001"]
    assert (night.start_at, night.end_at) == (
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    )
    database.close()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            ("rooms",),
            "pretalx.json: conference.rooms is '12', not a list as in frab's schedule.json; "
            "export the schedule.json again from pretalx or frab",
        ),
        (
            ("days",),
            "pretalx.json: conference.days is '12', not a list as in frab's schedule.json; "
            "export the schedule.json again from pretalx or frab",
        ),
        (
            ("days", 0, "rooms", "Hörsaal 1", 0, "persons"),
            "pretalx.json: the persons of event 'Opening keynote: why networks generalise' "
            "is '12', not a list as in frab's schedule.json; export the schedule.json again "
            "from pretalx or frab",
        ),
    ],
)
def test_a_damaged_schedule_json_is_refused_not_crashed_on(
    tmp_path: Path, path: tuple[object, ...], message: str
) -> None:
    document = json.loads(data("pretalx-schedule.json").read_text("utf-8"))
    inner = document["schedule"]["conference"]
    for key in path[:-1]:
        inner = inner[key]
    inner[path[-1]] = 12
    assert messages(plan(None, write(tmp_path, "pretalx.json", json.dumps(document)))) == [message]
