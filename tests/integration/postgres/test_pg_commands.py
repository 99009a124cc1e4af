"""Every page and every command of the app on a PostgreSQL event."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sci4dl_desktop.cli import main
from sci4dl_desktop.domain.badges import badge_token
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Attendee, Pairing
from sci4dl_desktop.ui.pages import PAGES

pytestmark = pytest.mark.postgres

DATA = Path(__file__).resolve().parents[2] / "data"
EXPORTS = (
    "csv-attendees",
    "csv-pairings",
    "csv-posters",
    "csv-sessions",
    "frab-json",
    "frab-xml",
    "ics",
    "package",
    "pdf",
)


def test_selftest_renders_every_page_from_the_server(pg_demo_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sci4dl_desktop", "--db", pg_demo_url, "selftest"],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert f"{len(PAGES)} pages rendered" in done.stdout and "700 attendees" in done.stdout
    assert "Traceback" not in done.stderr


def test_desk_commands_on_the_server(
    pg_demo: Database, pg_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pg_demo.session() as s:
        lenka = s.scalars(select(Attendee).where(Attendee.name == "Lenka Zdeborová")).one()
    token = badge_token(pg_demo.event().badge_secret, lenka)
    assert main(["checkin", "--db", pg_demo_url, "--desk", "Desk 4", token]) == 0
    assert json.loads(capsys.readouterr().out)["desk"] == "Desk 4"
    assert main(["checkin", "--db", pg_demo_url, "--desk", "Desk 5", token]) == 1
    assert "at Desk 4" in json.loads(capsys.readouterr().out)["headline"]
    assert main(["stats", "--db", pg_demo_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["checked_in"] == 1


def test_exports_from_the_server(
    qapp: object, pg_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in EXPORTS:
        out = tmp_path / f"event.{name}"
        assert main(["--db", pg_demo_url, "export", "--format", name, "--out", str(out)]) == 0
        assert out.stat().st_size > 100, name
    badges = tmp_path / "badges.pdf"
    assert (
        main(["--db", pg_demo_url, "badges", "--out", str(badges), "--attendee", "S26-0006"]) == 0
    )
    assert badges.read_bytes().startswith(b"%PDF")
    capsys.readouterr()


def test_writing_commands_on_the_server(
    pg_demo: Database,
    pg_demo_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("2580\n"))
    assert main(["--db", pg_demo_url, "kiosk-pin", "--stdin"]) == 0
    assert main(["--db", pg_demo_url, "pairings", "--auto", "--apply"]) == 0
    with pg_demo.session() as s:
        assert s.scalar(select(func.count()).select_from(Pairing)) == 40
    before = capsys.readouterr()
    assert "Staff PIN set" in before.out
    csv = DATA / "attendees-utf8.csv"
    assert main(["--db", pg_demo_url, "import", str(csv)]) == 0
    assert "attendee" in capsys.readouterr().out.lower()
