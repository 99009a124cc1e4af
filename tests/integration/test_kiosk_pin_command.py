"""`sci4dl-desktop kiosk-pin`: the organiser sets the staff PIN from a terminal."""

from __future__ import annotations

import io

import pytest

from sci4dl_desktop.cli import main
from sci4dl_desktop.domain.kiosk_pin import verify_staff_pin
from sci4dl_desktop.store.database import Database


def test_set_and_change_from_stdin(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(demo_db.file_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("2580\n"))
    assert main(["kiosk-pin", "--db", path, "--stdin"]) == 0
    assert "Staff PIN set for" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["kiosk-pin", "--db", path, "--stdin"]) == 2
    assert "4 to 12 digits (this one has 2): nothing was changed" in capsys.readouterr().err
    with demo_db.session() as db:
        assert verify_staff_pin(db, "2580")
    monkeypatch.setattr("sys.stdin", io.StringIO("97531\n"))
    assert main(["kiosk-pin", "--db", path, "--stdin"]) == 0
    assert "Staff PIN changed" in capsys.readouterr().out
    with demo_db.session() as db:
        assert verify_staff_pin(db, "97531") and not verify_staff_pin(db, "2580")


def test_prompted_twice_and_must_match(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["2580", "2581"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["kiosk-pin", "--db", str(demo_db.file_path)]) == 2
    assert "the two PINs differ" in capsys.readouterr().err
    with demo_db.session() as db:
        assert not verify_staff_pin(db, "2580")
