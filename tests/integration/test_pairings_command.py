"""`sci4dl-desktop pairings` and `mentor-cards` on a real event file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from sci4dl_desktop.cli import main
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import MentorProfile, Pairing


def stored(db: Database) -> list[Pairing]:
    with db.session() as s:
        return list(s.scalars(select(Pairing)))


def test_auto_prints_the_proposal_and_apply_stores_it(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(demo_db.file_path)
    before = {(p.id, p.place) for p in stored(demo_db)}
    assert main(["pairings", "--db", path, "--auto"]) == 0
    out = capsys.readouterr().out
    morning = re.search(r"Coffee break 10:30–11:00 \((\d+) meetings\)", out)
    afternoon = re.search(r"Coffee break 15:00–15:30 \((\d+) meetings\)", out)
    assert morning and afternoon
    assert int(morning[1]) + int(afternoon[1]) == 40
    assert "40 meetings, 40 mentees met, 0 unmatched; topic overlap" in out
    assert "Table 1, Foyer" in out
    assert {(p.id, p.place) for p in stored(demo_db)} == before  # only printed

    assert main(["pairings", "--db", path, "--auto", "--apply"]) == 0
    assert "Stored 40 pairings as drafts" in capsys.readouterr().out
    after = stored(demo_db)
    assert len(after) == 40 and not any(p.published for p in after)
    assert main(["pairings", "--db", path, "--publish"]) == 0
    out = capsys.readouterr().out
    assert "Stored pairings of SCI4DL 2026 (40 not published)" in out
    assert "Published 40 pairings." in out
    assert all(p.published for p in stored(demo_db))


def test_unmatched_mentees_are_listed_with_reasons(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    with demo_db.transaction() as s:
        for profile in s.scalars(select(MentorProfile)):
            profile.capacity_per_break = 2
    assert main(["pairings", "--db", str(demo_db.file_path), "--auto"]) == 0
    out = capsys.readouterr().out
    assert "28 meetings, 28 mentees met, 12 unmatched" in out
    assert "Unmatched mentees (12):" in out
    assert "all compatible mentors are full in Coffee break 10:30–11:00 and" in out


def test_apply_alone_is_a_usage_error(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["pairings", "--db", str(demo_db.file_path), "--apply"]) == 2
    assert "use it together with --auto" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_mentor_cards_are_written_as_pdf(
    qapp: object, demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cards.pdf"
    args = ["mentor-cards", "--db", str(demo_db.file_path), "--out", str(out)]
    assert main([*args, "--mentor", "zdeborova"]) == 0
    assert "Wrote 1 mentor card" in capsys.readouterr().out
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Lenka Zdeborová" in text
    assert "10:30–11:00" in text and "15:00–15:30" in text
    out.unlink()
    assert main([*args, "--mentor", "j"]) == 2
    assert "'j' matches 3 mentors" in capsys.readouterr().err
    assert list(tmp_path.glob("*cards.pdf*")) == []  # no file, not even a half-written one
