"""The import front door: detect formats, plan files, check them, write them.

    plan = plan_import(database, [Path("schedule.xml"), Path("attendees.csv")])
    if plan.ok:
        apply_plan(database, plan)          # one transaction
    else:
        for line in render_problems(plan.problems): ...

`plan_import` only reads the database; run it on a worker thread with a progress
callback and a CancelToken. Several files are planned as one import, in dependency
order (package, schedule, sessions, papers, posters, attendees, pairings), so a later
file sees what an earlier one adds, and they are written together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sci4dl_desktop.io.csv_people import plan_attendees, plan_pairings
from sci4dl_desktop.io.csv_program import plan_posters, plan_sessions
from sci4dl_desktop.io.csvread import CsvError, CsvTable, match_score, read_table
from sci4dl_desktop.io.csvspec import CSV_FORMATS, csv_format
from sci4dl_desktop.io.frab import TZ_HINT, plan_schedule
from sci4dl_desktop.io.frab_read import FrabError, FrabSchedule, parse_json, parse_xml
from sci4dl_desktop.io.openreview import notes_of, plan_notes
from sci4dl_desktop.io.package import PackageData, is_package, read_package
from sci4dl_desktop.io.package_import import plan_package
from sci4dl_desktop.io.plan import ImportPlan, PlanBuilder, SourceInfo
from sci4dl_desktop.io.problems import ImportFailure, Location, Problem, quote
from sci4dl_desktop.io.progress import CancelToken, ProgressCallback, Reporter
from sci4dl_desktop.io.records import EventRecord
from sci4dl_desktop.io.source import Source
from sci4dl_desktop.io.state import EventState, load_state
from sci4dl_desktop.io.validate import validate
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.setup import EventSetupError, check_timezone

# --format name -> label, in the order files are planned.
FORMATS: dict[str, str] = {
    "package": "event package",
    "frab-xml": "frab schedule XML",
    "frab-json": "frab schedule JSON",
    "csv-sessions": "sessions CSV",
    "openreview": "OpenReview notes",
    "csv-posters": "posters CSV",
    "csv-attendees": "attendees CSV",
    "csv-pairings": "pairings CSV",
}
_ORDER = list(FORMATS)


class FormatError(ImportFailure):
    """The format of a file cannot be told (or it is not the one asked for)."""


@dataclass(frozen=True)
class NewEvent:
    """The event to create when a file that does not describe one is imported first."""

    title: str
    timezone: str
    first_day: date
    last_day: date | None = None
    acronym: str = ""


@dataclass
class Loaded:
    name: str
    path: Path | None
    format: str
    payload: Any  # CsvTable, FrabSchedule, list of notes, or a package document
    detail: str = ""


def _csv_kind(table: CsvTable) -> str:
    # The format that knows most of the columns, even if a required one lacks: the import
    # then says which column to add, instead of reading the file as something else.
    scores = sorted(((match_score(table, spec), spec.format) for spec in CSV_FORMATS), reverse=True)
    best, runner_up = scores[0], scores[1]
    if best[0][0] == 0 or (best[0][0] == 1 and not best[0][1]):
        names = ", ".join(quote(h) for h in table.header[:8])
        raise FormatError(
            f"{table.name}: a CSV file whose header ({names}) fits none of the CSV formats "
            "(attendees, sessions, posters, pairings); rename its columns (see the help) "
            "or pass --format"
        )
    if best[0] == runner_up[0]:
        raise FormatError(
            f"{table.name}: the header fits both {best[1]} and {runner_up[1]}; pass --format"
        )
    return best[1]


def load(name: str, data: bytes, path: Path | None = None, format: str | None = None) -> Loaded:
    """Read a file and tell its format (or check it is the one given)."""
    if format is not None and format not in FORMATS:
        raise FormatError(f"unknown format {quote(format)}: use one of {', '.join(FORMATS)}")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if format in ("frab-xml", None) and head == b"<":
        return Loaded(name, path, "frab-xml", data)
    if head in (b"{", b"[") and (format is None or not format.startswith("csv")):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            if format is None:  # a CSV file may start with "[" too
                try:
                    table = read_table(data, name)
                    return Loaded(name, path, _csv_kind(table), table, table.description)
                except (CsvError, FormatError):
                    pass
            raise FormatError(
                f"{name}: neither valid JSON ({exc}) nor a CSV file this app knows"
            ) from exc
        found = _json_kind(document)
        if found is None:
            raise FormatError(
                f"{name}: a JSON file, but neither an event package, a frab schedule.json "
                "nor OpenReview notes"
            )
        if format is not None and format != found:
            raise FormatError(
                f"{name}: --format {format} was given, but the file is {FORMATS[found]}"
            )
        return Loaded(name, path, found, document)
    if format is not None and not format.startswith("csv"):
        raise FormatError(
            f"{name}: --format {format} was given, but the file is not {FORMATS[format]}"
        )
    try:
        table = read_table(data, name)
    except CsvError as exc:
        raise FormatError(exc.problem.render()) from exc
    kind = format or _csv_kind(table)
    return Loaded(name, path, kind, table, table.description)


def _json_kind(document: Any) -> str | None:
    if is_package(document):
        return "package"
    if isinstance(document, dict) and isinstance(document.get("schedule"), dict):
        return "frab-json"
    if notes_of(document) is not None:
        return "openreview"
    return None


def load_files(paths: Sequence[Path], format: str | None = None) -> list[Loaded]:
    loaded = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FormatError(f"cannot read {path}: {exc.strerror or exc}") from exc
        loaded.append(load(path.name, data, path, format))
    return loaded


def plan_import(
    database: Database | None,
    files: Sequence[Path | Loaded],
    *,
    format: str | None = None,
    new_event: NewEvent | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportPlan:
    """Plan importing the files into the database (None: a new, empty one).

    Raises FormatError when a file's format cannot be told, Cancelled when cancelled.
    Problems in the files do not raise: they are in plan.problems.
    """
    reporter = Reporter(progress, cancel)
    reporter.phase("Reading the event", 0, None)
    if database is None:
        state = EventState()
    else:
        with database.session() as session:
            state = load_state(session)
    loaded = [f if isinstance(f, Loaded) else load_files([f], format)[0] for f in files]
    loaded.sort(key=lambda f: _ORDER.index(f.format))
    plan = ImportPlan(digest=state.digest, state=state)
    builder = PlanBuilder(state, plan)
    for item in loaded:
        reporter.phase(f"Reading {item.name}", 0, None)
        label = FORMATS[item.format] + (f", {item.detail}" if item.detail else "")
        info = SourceInfo(item.name, item.path, item.format, label)
        plan.sources.append(info)
        source = Source(
            info, builder, reporter, "column" if item.format.startswith("csv") else "field"
        )
        if (
            state.event is None
            and new_event is not None
            and item.format not in ("package", "frab-xml", "frab-json")
        ):
            _create_event(new_event, source)
        _plan_one(item, source, new_event)
    reporter.phase("Checking", 0, None)
    if not plan.problems:
        validate(state, plan)
    return plan


def _create_event(new_event: NewEvent, source: Source) -> None:
    where = Location("command line")
    try:
        check_timezone(new_event.timezone)
    except EventSetupError:
        source.builder.problem(
            Problem(
                where,
                f"unknown time zone {quote(new_event.timezone)}",
                "--timezone",
                new_event.timezone,
                TZ_HINT,
                "option",
            )
        )
        return
    record = EventRecord(
        title=new_event.title,
        acronym=new_event.acronym or new_event.title,
        timezone=new_event.timezone,
        first_day=new_event.first_day,
        last_day=new_event.last_day or new_event.first_day,
    )
    source.builder.event(record, where, frozenset({"title", "acronym", "timezone"}))


def _plan_one(item: Loaded, source: Source, new_event: NewEvent | None) -> None:
    fallback = new_event.timezone if new_event else None
    if item.format in ("frab-xml", "frab-json"):
        try:
            schedule: FrabSchedule = (
                parse_xml(item.payload) if item.format == "frab-xml" else parse_json(item.payload)
            )
        except FrabError as exc:
            source.problem(source.where(), exc.message, hint=exc.hint)
            return
        plan_schedule(schedule, source, fallback)
    elif item.format == "openreview":
        notes = notes_of(item.payload)
        assert notes is not None
        plan_notes(notes, source)
    elif item.format == "package":
        data: PackageData | None = read_package(
            item.payload, item.name, source.builder.plan.problems
        )
        if data is None or source.builder.plan.problems:
            return
        try:
            plan_package(data, source)
        except KeyError as exc:
            source.problem(
                source.where(),
                f"the package refers to row {exc} that it does not hold",
                hint="export the package again",
            )
    else:
        planner = {
            "attendees": plan_attendees,
            "sessions": plan_sessions,
            "posters": plan_posters,
            "pairings": plan_pairings,
        }[csv_format(item.format).key]
        planner(item.payload, source)


__all__ = [
    "FORMATS",
    "FormatError",
    "Loaded",
    "NewEvent",
    "load",
    "load_files",
    "plan_import",
]
