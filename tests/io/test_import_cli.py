"""`sci4dl-desktop import` and the export formats, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_support import data, dump, write

from sci4dl_desktop.cli import main
from sci4dl_desktop.store.database import Database, open_database


def test_a_schedule_creates_a_new_event_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "school.sci4dl"
    assert main(["import", "--db", str(target), str(data("frab-schedule.xml"))]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "frab-schedule.xml (frab schedule XML): event: 1 added; rooms: 2 added; "
        "people: 3 added; sessions: 7 added",
        f"Imported into {target}.",
    ]
    database = open_database(target, create=False)
    assert database.event().title == "Autumn School on Learning Theory"
    database.close()


def test_a_refused_import_exits_1_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.sci4dl"
    assert main(["import", "--db", str(target), str(data("attendees-utf8.csv"))]) == 1
    captured = capsys.readouterr()
    assert "Refused: 1 problem; nothing was written." in captured.out
    assert "attendees-utf8.csv: the database holds no event yet" in captured.err
    assert not target.exists()


def test_csv_into_a_new_event_described_by_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.sci4dl"
    args = ["import", "--db", str(target), "--event-title", "Summer Workshop on Scaling"]
    args += ["--timezone", "America/New_York", "--date", "2026-06-12"]
    args += [str(data("sessions-12h.csv")), str(data("attendees-utf8.csv"))]
    assert main(args) == 0
    assert "attendees-utf8.csv (attendees CSV, UTF-8, comma-separated): attendees: 6 added" in (
        capsys.readouterr().out
    )


def test_dry_run_shows_the_changes_and_writes_nothing(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "a.csv",
        "Name,Email,Affiliation\nJascha Sohl-Dickstein,jascha.sohldickstein@speakers.example.org,"
        "Somewhere new\nNew Person,new.person@example.org,Nowhere\n",
    )
    before = dump(demo_db)
    assert main(["import", "--db", str(demo_db.file_path), "--dry-run", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "a.csv (attendees CSV, UTF-8, comma-separated): attendees: 1 added, 1 changed"
    assert out[1] == (
        "  Changed attendee Jascha Sohl-Dickstein <jascha.sohldickstein@speakers.example.org>: "
        "affiliation: Anthropic → Somewhere new"
    )
    assert out[2] == "  New attendee New Person <new.person@example.org>"
    assert out[-1] == "Dry run: nothing was written."
    assert dump(demo_db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv-attendees", "--event-title", "X"], "a new event needs --event-title"),
        (["--date", "26/04", "--event-title", "X", "--timezone", "UTC"], "--date '26/04' is not"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    target = str(tmp_path / "x.sci4dl")
    assert main(["import", "--db", target, *args, str(data("attendees-utf8.csv"))]) == 2
    assert message in capsys.readouterr().err


def test_an_unknown_file_or_format_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = write(tmp_path, "odd.txt", "Colour,Flavour\nred,sweet\n")
    assert main(["import", "--db", str(tmp_path / "x.sci4dl"), str(odd)]) == 2
    assert "fits none of the CSV formats" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["import", "--db", "x.sci4dl", "--format", "yaml", str(odd)])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["import", "--db", "x.sci4dl", str(tmp_path / "missing.csv")])
    assert caught.value.code == 2


@pytest.mark.parametrize(
    ("fmt", "name", "start"),
    [
        ("package", "event-package.json", b"{"),
        ("csv-attendees", "attendees.csv", b"\xef\xbb\xbfName,Email"),
        ("csv-sessions", "sessions.csv", b"\xef\xbb\xbfID,Date,Start"),
        ("csv-posters", "posters.csv", b"\xef\xbb\xbfID,OpenReview ID"),
        ("csv-pairings", "pairings.csv", b"\xef\xbb\xbfMentor,Mentee"),
        ("frab-xml", "schedule.xml", b"<?xml version='1.0' encoding='utf-8'?>\n<schedule>"),
        ("frab-json", "schedule.json", b'{\n "$schema"'),
    ],
)
def test_export_formats_write_their_files(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, name: str,
    start: bytes,
) -> None:  # fmt: skip
    folder = tmp_path / "out"
    folder.mkdir()
    assert (
        main(["export", "--db", str(demo_db.file_path), "--format", fmt, "--out", str(folder)]) == 0
    )
    written = folder / name
    assert written.read_bytes().startswith(start)
    assert capsys.readouterr().out.startswith(f"Wrote {written} (")
    assert [p.name for p in folder.iterdir()] == [name]  # no temporary file left behind
    if fmt == "package":
        assert json.loads(written.read_bytes())["format"] == "sci4dl-event-package"


def test_an_unknown_time_zone_for_a_new_event_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.sci4dl"
    args = ["import", "--db", str(target), "--event-title", "Workshop", "--timezone"]
    args += ["Mars/Olympus_Mons", "--date", "2026-06-12", str(data("sessions-12h.csv"))]
    assert main(args) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "  command line, option --timezone: unknown time zone 'Mars/Olympus_Mons'; use an "
        "IANA time zone name such as 'Europe/Vienna' or 'America/Sao_Paulo'"
    )
    assert not target.exists()
