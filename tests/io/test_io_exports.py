"""Exports: frab files that pass the schemas, CSV that spreadsheets cannot run, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from import_support import csv_rows, data, fresh_event, imported, plan, shared_path
from lxml import etree
from sqlalchemy import select

from sci4dl_desktop.io.export_csv import CSV_EXPORTS, attendees_csv, neutralise
from sci4dl_desktop.io.export_frab import schedule_document, schedule_xml
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.models import Attendee


def check_frab(database: Database) -> None:
    xsd = etree.XMLSchema(etree.parse(str(shared_path("formats", "frab-schedule.xml.xsd"))))
    schema = json.loads(shared_path("formats", "frab-schedule.schema.json").read_text("utf-8"))
    with database.session() as s:
        xml = schedule_xml(s)
        document = schedule_document(s)
    parsed = etree.fromstring(xml)
    assert xsd.validate(parsed), xsd.error_log
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def test_demo_frab_exports_pass_the_schemas(demo_db: Database) -> None:
    check_frab(demo_db)
    with demo_db.session() as s:
        document = schedule_document(s)
        root = etree.fromstring(schedule_xml(s))
    conference = document["schedule"]["conference"]
    assert conference["acronym"] == "sci4dl_2026"
    assert conference["time_zone_name"] == "America/Sao_Paulo"
    events = [e for room in conference["days"][0]["rooms"].values() for e in room]
    assert len(events) == 16
    keynote = next(e for e in events if e["title"] == "Invited talk 1")
    assert (keynote["date"], keynote["duration"], keynote["type"]) == (
        "2026-04-26T09:00:00-03:00",
        "00:30",
        "Invited talk",
    )
    assert keynote["persons"][0]["name"] == "Jascha Sohl-Dickstein"
    assert len(root.findall("day/room/event")) == 16


def test_multi_day_schedule_across_dst_exports_valid_frab(tmp_path: Path) -> None:
    database = open_database(tmp_path / "dyn.sci4dl")
    imported(database, data("pretalx-schedule.json"))
    check_frab(database)
    with database.session() as s:
        days = schedule_document(s)["schedule"]["conference"]["days"]
    assert [d["date"] for d in days] == ["2026-03-28", "2026-03-29"]
    assert days[1]["day_start"].endswith("+02:00")
    database.close()


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+1 555", "-vip", "@sum", "\tx", "\rx"])
def test_formula_cells_are_neutralised_and_read_back(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert neutralise("Ana") == "Ana" and neutralise("") == ""


def test_exported_attendees_cannot_run_as_formulas(tmp_path: Path) -> None:
    database = fresh_event(tmp_path)
    imported(database, data("attendees-utf8.csv"))
    with database.transaction() as s:
        ana = s.scalars(select(Attendee).where(Attendee.name == "Ana Souza")).one()
        ana.name = '=HYPERLINK("http://evil.example","Ana")'
        ana.staff_note = "+ bring a badge holder"
    with database.session() as s:
        exported = attendees_csv(s)
    assert exported.startswith(b"\xef\xbb\xbfName,Email,")
    rows = csv_rows(exported)
    ana_row = next(r for r in rows if r[1] == "ana.souza@example.org")
    assert ana_row[0] == '\'=HYPERLINK("http://evil.example","Ana")'
    assert ana_row[6] == "'+ bring a badge holder"
    path = tmp_path / "attendees.csv"
    path.write_bytes(exported)
    again = plan(database, path)
    assert again.ok and not again.writes_anything  # the apostrophes are read back off
    database.close()


@pytest.mark.parametrize("kind", sorted(CSV_EXPORTS))
def test_every_csv_export_imports_back_unchanged(
    demo_db: Database, tmp_path: Path, kind: str
) -> None:
    with demo_db.session() as s:
        exported = CSV_EXPORTS[kind](s)
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(exported)
    result = plan(demo_db, path)
    assert result.ok, [p.render() for p in result.problems]
    assert result.sources[0].format == kind
    assert not result.writes_anything
    assert sum(c.unchanged for c in result.counts().values()) > 0


def test_frab_exports_keep_a_session_across_the_end_of_summer_time(tmp_path: Path) -> None:
    database = open_database(tmp_path / "school.sci4dl")
    imported(database, data("frab-schedule.xml"))
    with database.session() as s:
        root = etree.fromstring(schedule_xml(s))
        document = schedule_document(s)
    guid = "2b4c6d8e-0f1a-4b3c-9d5e-7f8091a2b305"  # 01:30 summer time to 02:30 winter time
    night = root.find(f"day/room/event[@guid='{guid}']")
    assert night is not None
    assert (night.findtext("date"), night.findtext("duration")) == (
        "2026-10-25T01:30:00+02:00",
        "02:00",
    )
    days = document["schedule"]["conference"]["days"]
    events = [e for day in days for room in day["rooms"].values() for e in room]
    as_json = next(e for e in events if e["guid"] == guid)
    assert (as_json["duration"], as_json["end"]) == ("02:00", "2026-10-25T02:30:00+01:00")
    database.close()
