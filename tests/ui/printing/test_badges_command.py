"""`sci4dl-desktop badges`: badges from the command line, without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
from pdf_badges import attendees_on_pages, page_count
from sqlalchemy import delete, select

from sci4dl_desktop.cli import main
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.models import Attendee


def serial_and_email(database: Database, name: str) -> tuple[int, str, str]:
    with database.session() as s:
        person = s.scalars(select(Attendee).where(Attendee.name == name)).one()
        return person.id, person.badge_serial, str(person.email)


@pytest.mark.slow
def test_badges_by_serial_and_email_as_cards_in_a_process_without_a_display(
    demo_db: Database, tmp_path: Path
) -> None:
    lenka, lenka_serial, _ = serial_and_email(demo_db, "Lenka Zdeborová")
    jascha, _, jascha_email = serial_and_email(demo_db, "Jascha Sohl-Dickstein")
    out = tmp_path / "cards.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    path = demo_db.file_path
    demo_db.close()
    result = subprocess.run(
        [sys.executable, "-m", "sci4dl_desktop", "badges", "--db", str(path), "--out", str(out),
         "--layout", "card", "--attendee", lenka_serial.lower(), jascha_email.upper()],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote 2 badges on 2 pages (Single cards of 4 × 3 in")
    assert page_count(out) == 2
    database = open_database(path)
    try:
        assert attendees_on_pages(out, tmp_path, database) == [[lenka], [jascha]]
    finally:
        database.close()


def test_everyone_on_letter_sheets(
    qapp: object, demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with demo_db.transaction() as s:  # a small event: thirteen attendees
        s.execute(delete(Attendee).where(Attendee.id > 13))
    out = tmp_path / "everyone.pdf"
    status = main(
        ["badges", "--db", str(demo_db.file_path), "--out", str(out), "--layout", "letter"]
    )
    assert status == 0
    assert "Wrote 13 badges on 3 pages (US Letter sheets" in capsys.readouterr().out
    pages = attendees_on_pages(out, tmp_path, demo_db)
    assert [len(page) for page in pages] == [6, 6, 1]
    assert sorted(i for page in pages for i in page) == list(range(1, 14))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--attendee", "S26-9999", "nobody@example.org"], "'S26-9999', 'nobody@example.org'"),
        (["--layout", "a3"], "invalid choice: 'a3'"),
    ],
)
def test_mistakes_are_explained_and_nothing_is_written(
    demo_db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    out = tmp_path / "badges.pdf"
    with pytest.raises(SystemExit) if "--layout" in arguments else nullcontext():
        status = main(["badges", "--db", str(demo_db.file_path), "--out", str(out), *arguments])
        assert status == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_an_output_folder_that_does_not_exist(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "badges.pdf"
    assert main(["badges", "--db", str(demo_db.file_path), "--out", str(out)]) == 2
    assert f"the folder {out.parent} does not exist" in capsys.readouterr().err
