"""The command line and start-up: version, selftest, and a GUI that paints before it loads."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from sci4dl_desktop.app import EVENT_SHOWN_MARKER, FIRST_PAINT_MARKER, run_selftest
from sci4dl_desktop.store.database import copy_file_database, open_database
from sci4dl_desktop.ui import pages
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.pages import PageSpec, Role

VERSION = version("sci4dl-desktop")
COUNTS = re.compile(
    r"^selftest ok: SCI4DL 2026 — 16 sessions, 150 posters, 700 attendees, \d+ pairings; "
    r"\d+ pages rendered$"
)


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run(
        args, capture_output=True, text=True, timeout=180, env=environment, check=False
    )


def entry_script() -> Path:
    script = Path(sys.executable).with_name("sci4dl-desktop")
    if not script.exists():
        pytest.skip(f"the sci4dl-desktop script is not installed beside {sys.executable}")
    return script


def test_version_from_the_installed_script() -> None:
    result = run([str(entry_script()), "--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"sci4dl-desktop {VERSION}"


def test_version_from_python_m() -> None:
    result = run([sys.executable, "-m", "sci4dl_desktop", "--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"sci4dl-desktop {VERSION}"


def test_selftest_with_a_missing_file_fails_clearly(tmp_path: Path) -> None:
    missing = tmp_path / "missing-file.sci4dl"
    result = run([sys.executable, "-m", "sci4dl_desktop", "selftest", "--db", str(missing)])
    assert result.returncode != 0
    assert f"no event file at {missing}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not missing.exists()


def _real_pages_missing() -> list[str]:
    missing = []
    for spec in pages.PAGES:
        module = spec.factory.partition(":")[0]
        try:
            found = importlib.util.find_spec(module)
        except ModuleNotFoundError:
            found = None
        if found is None:
            missing.append(module)
    return missing


@pytest.mark.slow
def test_selftest_demo_renders_every_registered_page() -> None:
    if missing := _real_pages_missing():
        pytest.skip(f"page modules not in this tree yet: {', '.join(missing)}")
    result = run([sys.executable, "-m", "sci4dl_desktop", "selftest", "--demo"])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and COUNTS.match(lines[0]), result.stdout
    assert lines[0].endswith(f"; {len(pages.PAGES)} pages rendered")


# --- selftest in this process, with pages of our own ----------------------------------------


class CountingPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setMinimumSize(200, 100)


def counting_page(context: AppContext) -> QWidget:
    return CountingPage(context)


def exploding_page(context: AppContext) -> QWidget:
    raise LookupError("the room list is empty")


class PaintFailingPage(QWidget):
    def paintEvent(self, event: object) -> None:
        raise ZeroDivisionError("no rooms to divide the width by")


def paint_failing_page(context: AppContext) -> QWidget:
    return PaintFailingPage()


@pytest.fixture
def demo_copy(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "selftest.sci4dl"
    copy_file_database(demo_template, path)
    return path


def selftest_args(path: Path) -> argparse.Namespace:
    return argparse.Namespace(db=str(path), demo=False, now=None)


def test_selftest_builds_every_page_in_pages_and_prints_the_counts(
    qapp: object,
    demo_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    specs = tuple(
        PageSpec(key, role, key.title(), key, f"{__name__}:counting_page")
        for key, role in (("desk", Role.DESK), ("agenda", Role.ATTENDEE), ("chair", Role.CHAIR))
    )
    monkeypatch.setattr(pages, "PAGES", specs)
    assert run_selftest(selftest_args(demo_copy)) == 0
    out = capsys.readouterr().out.strip()
    assert COUNTS.match(out), out
    assert out.endswith("; 3 pages rendered")


def test_selftest_names_the_pages_that_fail(
    qapp: object,
    demo_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    specs = (
        PageSpec("fine", Role.ATTENDEE, "Fine", "schedule", f"{__name__}:counting_page"),
        PageSpec("arrivals", Role.DESK, "Arrivals", "arrivals", f"{__name__}:exploding_page"),
        PageSpec("chair", Role.CHAIR, "Timer", "chair", f"{__name__}:paint_failing_page"),
    )
    monkeypatch.setattr(pages, "PAGES", specs)
    assert run_selftest(selftest_args(demo_copy)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    errors = captured.err.strip().splitlines()
    raised_at = exploding_page.__code__.co_firstlineno + 1
    assert errors[0] == (
        f"selftest failed: page Arrivals ({__name__}:exploding_page): "
        f"LookupError: the room list is empty (at test_cli.py:{raised_at})"
    )
    assert errors[1].startswith(f"selftest failed: page Timer ({__name__}:paint_failing_page): ")
    assert "ZeroDivisionError" in errors[1] and "no rooms to divide the width by" in errors[1]


def test_selftest_refuses_a_file_without_an_event(
    qapp: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sci4dl"
    open_database(empty).close()
    assert run_selftest(selftest_args(empty)) == 1
    assert "empty.sci4dl holds no event" in capsys.readouterr().err


# --- the GUI start ---------------------------------------------------------------------------

PAINT_SPY = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow
import sci4dl_desktop.app as entry

class Spy(QObject):
    painted = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            if not self.painted:
                self.painted = True
                heavy = sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic"})
                print("loaded at first paint:", ",".join(heavy) or "nothing", flush=True)
        return False

spy = Spy()
make = entry.make_application
def make_and_spy():
    app = make()
    app.installEventFilter(spy)
    return app
entry.make_application = make_and_spy
from sci4dl_desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_the_window_paints_before_the_database_layer_loads_then_shows_the_event(
    tmp_path: Path, demo_copy: Path
) -> None:
    home = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = run(
        [sys.executable, "-c", PAINT_SPY, "--db", str(demo_copy)],
        SCI4DL_STARTUP_MARKERS="1",
        **home,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "loaded at first paint: nothing",
        FIRST_PAINT_MARKER,
        EVENT_SHOWN_MARKER,
    ]
    settings = (tmp_path / "config" / "sci4dl-desktop" / "settings.ini").read_text("utf-8")
    assert str(demo_copy) in settings  # remembered as the last event

    again = run([sys.executable, "-m", "sci4dl_desktop"], SCI4DL_STARTUP_MARKERS="1", **home)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [FIRST_PAINT_MARKER, EVENT_SHOWN_MARKER]


@pytest.mark.slow
def test_a_start_without_events_shows_the_welcome_screen(tmp_path: Path) -> None:
    home = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = run([sys.executable, "-m", "sci4dl_desktop"], SCI4DL_STARTUP_MARKERS="1", **home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [FIRST_PAINT_MARKER]


def test_a_malformed_now_is_refused_before_any_window(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "-m", "sci4dl_desktop", "--now", "half past ten"],
        XDG_CONFIG_HOME=str(tmp_path),
    )
    assert result.returncode == 2
    assert "--now 'half past ten' is not a date and time" in result.stderr
