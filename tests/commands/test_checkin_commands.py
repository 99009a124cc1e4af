"""The `checkin` and `stats` commands: JSON verdicts and exit codes 0 / 1 / 2."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from sci4dl_desktop.cli import main
from sci4dl_desktop.domain.badges import badge_token, make_token
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee


def lenka_token(db: Database) -> str:
    with db.session() as s:
        lenka = s.scalars(select(Attendee).where(Attendee.name == "Lenka Zdeborová")).one()
    return badge_token(db.event().badge_secret, lenka)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_checkin_prints_the_verdict_and_exits_by_state(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(demo_db.file_path)
    token = lenka_token(demo_db)
    now = ("--now", "2026-04-26T09:02")
    status, out, _ = run(capsys, "checkin", "--db", db, "--desk", "Desk 2", *now, token + "\r\n")
    verdict = json.loads(out)
    assert status == 0
    assert verdict["state"] == "admitted" and verdict["colour"] == "green"
    assert verdict["headline"] == "Welcome, Lenka Zdeborová" and verdict["desk"] == "Desk 2"
    assert verdict["category"] == "speaker" and "First entry: check photo ID" in verdict["notes"]

    status, out, _ = run(capsys, "checkin", "--db", db, "--desk", "Desk 1", *now, token)
    assert status == 1
    assert json.loads(out)["headline"].startswith("Already checked in at 09:0")
    assert json.loads(out)["first_check_in_desk"] == "Desk 2"

    forged = token[:-2] + ("AB" if not token.endswith("AB") else "CD")
    status, out, _ = run(capsys, "checkin", "--db", db, forged)
    assert status == 2
    assert json.loads(out)["reason"] == "forged" and json.loads(out)["colour"] == "red"


def test_checkin_reads_the_payload_from_stdin(
    demo_db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(make_token(b"x" * 32, "S26-0001", 1) + "\n"))
    status, out, _ = run(capsys, "checkin", "--db", str(demo_db.file_path), "-")
    assert status == 2 and json.loads(out)["reason"] == "other_event"


def test_checkin_usage_errors_are_messages(
    demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    status, _, err = run(capsys, "checkin", "--db", str(demo_db.file_path), "--desk", " ", "x")
    assert status == 2 and "--desk: the desk needs a name" in err
    status, _, err = run(capsys, "checkin", "--db", f"{tmp_path}/missing.sci4dl", "x")
    assert status == 2 and "no event file at" in err


def test_stats_table_and_json(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_db.file_path)
    assert run(capsys, "checkin", "--db", db, lenka_token(demo_db))[0] == 0
    status, out, _ = run(capsys, "stats", "--db", db, "--json")
    counts = json.loads(out)
    assert status == 0
    assert counts["checked_in"] == 1
    assert counts["categories"]["speaker"]["checked_in"] == 1
    assert counts["categories"][AttendeeCategory.REMOTE.value]["expected"] == 0
    status, out, _ = run(capsys, "stats", "--db", db)
    assert status == 0
    assert f"1 of {counts['expected']} expected on site checked in" in out
    assert out.splitlines()[0].split() == ["category", "checked", "in", "expected", "registered"]
