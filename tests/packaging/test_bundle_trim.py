"""What the bundle leaves out beyond unused Qt modules: Python bindings of Qt libraries
that stay, the standard library's developer tools, SQLAlchemy's other databases, and
PulseAudio's client library (used from the system, like libcups). The last test runs the
app's real work with every left-out module made unimportable, as in the bundle."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from contextlib import ExitStack
from pathlib import Path

import pytest

from pg_support import fresh_database

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_elf  # noqa: E402
import bundle_rules  # noqa: E402
import smoke  # noqa: E402

PYSIDE = Path(__import__("PySide6").__file__).parent
SYSTEM_LIB = Path("/usr/lib/x86_64-linux-gnu")
POSTGRES_VARIABLE = "SCI4DL_TEST_POSTGRES_URL"


def excluded(module: str) -> bool:
    return any(
        module == name or module.startswith(name + ".") for name in bundle_rules.EXCLUDED_MODULES
    )


def test_bindings_go_but_their_libraries_stay() -> None:
    for binding in ("QtOpenGL", "QtDBus", "QtConcurrent"):
        assert excluded(f"PySide6.{binding}")
        library = f"libQt6{binding.removeprefix('Qt')}.so.6"
        assert not bundle_rules.is_dropped_library(library)
        assert bundle_rules.dropped_reason(f"PySide6/Qt/lib/{library}") is None
    # the bindings the app does import stay in
    for binding in ("QtCore", "QtGui", "QtWidgets", "QtCharts", "QtMultimedia", "QtNetwork"):
        assert not excluded(f"PySide6.{binding}")


def test_only_sqlite_and_postgresql_of_sqlalchemy_go_in() -> None:
    for module in (
        "sqlalchemy.dialects.mysql.base",
        "sqlalchemy.dialects.mssql.pyodbc",
        "sqlalchemy.dialects.oracle",
        "sqlalchemy.connectors.pyodbc",
        "sqlalchemy.ext.asyncio.engine",
    ):
        assert excluded(module), module
    for module in (
        "sqlalchemy.dialects.sqlite.pysqlite",
        "sqlalchemy.dialects.postgresql.psycopg",
        "sqlalchemy.connectors.asyncio",  # the psycopg dialect imports it
        "sqlalchemy.ext.hybrid",
        "sqlalchemy.orm",
    ):
        assert not excluded(module), module


def test_developer_tools_of_the_standard_library_stay_out() -> None:
    for module in ("readline", "pdb", "pydoc", "doctest", "unittest.mock", "xmlrpc.client"):
        assert excluded(module), module
    # what the app's libraries do load stays (decimal's C implementation, concurrency)
    for module in ("decimal", "_decimal", "asyncio", "concurrent.futures", "email.parser"):
        assert not excluded(module), module


def test_system_libraries_may_be_needed_by_what_the_bundle_keeps() -> None:
    """The smoke test's library check must accept libpulse and libcups as NEEDED entries:
    the system provides them (and PySide6 does not ship them, so none is "missing")."""
    shipped = smoke.pyside_libraries()
    for name in ("libpulse.so.0", "libcups.so.2"):
        assert bundle_rules.dropped_reason(name) is not None
        assert not bundle_rules.is_dropped_library(name)
        assert name not in shipped


def test_the_pulseaudio_chain_goes_with_libpulse() -> None:
    """libpulse is left out; what only it needed (its common library, libsndfile and the
    codecs behind that) is pruned; QtMultimedia itself stays."""
    binding = PYSIDE / "QtMultimedia.abi3.so"
    multimedia = PYSIDE / "Qt" / "lib" / "libQt6Multimedia.so.6"
    pulse = SYSTEM_LIB / "libpulse.so.0"
    common = SYSTEM_LIB / "pulseaudio" / "libpulsecommon-16.1.so"
    sndfile = SYSTEM_LIB / "libsndfile.so.1"
    flac = SYSTEM_LIB / "libFLAC.so.12"
    files = (binding, multimedia, pulse, common, sndfile, flac)
    if not all(path.exists() for path in files):
        pytest.skip("needs the Linux PySide6 wheel and Debian 12's libpulse0")
    assert "libpulse.so.0" in bundle_elf.elf_needed(multimedia)
    before = [
        ("PySide6/QtMultimedia.abi3.so", str(binding), "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Multimedia.so.6", str(multimedia), "BINARY"),
        *((path.name, str(path), "BINARY") for path in (pulse, common, sndfile, flac)),
    ]
    after = bundle_rules.keep(before)
    assert [dest for dest, _, _ in before if bundle_rules.dropped_reason(dest)] == [pulse.name]
    assert bundle_elf.orphaned_by_filtering(before, after) == {
        common.name,
        sndfile.name,
        flac.name,
    }


BLOCKER = """
import importlib.abc, importlib.machinery, sys

BLOCKED = {blocked!r}
HIGHSPY = {highspy!r}


class LeftOut(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "highspy" and HIGHSPY:  # in the bundle: a folder with the bindings alone
            spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
            spec.submodule_search_locations = HIGHSPY
            return spec
        if any(name == b or name.startswith(b + ".") for b in BLOCKED):
            raise ModuleNotFoundError(f"left out of the bundle: {{name}}", name=name)
        return None


sys.meta_path.insert(0, LeftOut())
"""

WORK = """
import os
import sys
from pathlib import Path

from sci4dl_desktop.cli import main

here = Path.cwd()
steps = [
    ["selftest", "--demo"],
    ["export", "--demo", "--format", "package", "--out", "event.json"],
    ["import", "--db", "event.sci4dl", "event.json"],
    ["export", "--db", "event.sci4dl", "--format", "ics", "--out", "program.ics"],
    ["export", "--db", "event.sci4dl", "--format", "pdf", "--out", "program.pdf"],
    ["export", "--db", "event.sci4dl", "--format", "frab-xml", "--out", "program.xml"],
    ["import", "--db", "other.sci4dl", "program.xml"],
    ["pairings", "--db", "event.sci4dl", "--auto"],
    ["badges", "--db", "event.sci4dl", "--layout", "card", "--attendee", "S26-0001",
     "--out", "badge.pdf"],
    ["copy", "--db", "event.sci4dl", "--to", "copy.sci4dl"],
    ["stats", "--db", "copy.sci4dl", "--json"],
]
server = os.environ.get("TRIM_POSTGRES_URL")  # the psycopg dialect, when there is a server
if server:
    steps += [["copy", "--db", "event.sci4dl", "--to", server, "--replace"],
              ["stats", "--db", server, "--json"]]
for step in steps:
    status = main(step)
    assert status == 0, (step, status)

# the desk: a camera frame through the media backend's frame type, and a picture file
sys.path.insert(0, {frames!r})
from badge_frames import PF, phone_screenshot, scene, video_frame
from sci4dl_desktop.ui.desk.frame_decoder import decode_frame
from sci4dl_desktop.ui.desk.picture_scan import scan_file

token = "S4D1:ABCDEF:S26-0042:1:ABCDEFGHIJKLMNOP"
assert decode_frame(video_frame(scene(token), PF.Format_YUYV)) == [token]
assert phone_screenshot(token, width=390, height=844, module=6).save("phone.png")
assert scan_file(Path("phone.png")).payload == token
print("work ok")
"""


@pytest.mark.slow
def test_the_app_works_without_anything_the_bundle_leaves_out(tmp_path: Path) -> None:
    """The pages (selftest), the commands, a solve, the desk's decoders and the GUI's
    start, in processes where every module the bundle leaves out is unimportable."""
    import importlib.util

    highspy = importlib.util.find_spec("highspy")
    site = tmp_path / "site"
    site.mkdir()
    blocked = [*bundle_rules.EXCLUDED_MODULES, bundle_rules.psycopg_left_out()]
    folders = list(highspy.submodule_search_locations or []) if highspy else []
    (site / "sitecustomize.py").write_text(
        BLOCKER.format(blocked=blocked, highspy=folders), "utf-8"
    )
    work = tmp_path / "work"
    work.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(work),
        "XDG_CONFIG_HOME": str(work / "config"),
        "XDG_DATA_HOME": str(work / "data"),
    }
    script = textwrap.dedent(WORK).format(frames=str(ROOT / "tests" / "ui" / "desk"))
    with ExitStack() as stack:
        server = os.environ.get(POSTGRES_VARIABLE)
        if server:
            env["TRIM_POSTGRES_URL"] = stack.enter_context(fresh_database(server))
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            cwd=work,
            env=env,
            timeout=600,
        )
    assert done.stdout.rstrip().endswith("work ok"), done.stderr[-4000:]
    assert done.stdout.count('"walk_ins"') == (2 if server else 1)  # stats, as JSON
    assert (work / "badge.pdf").read_bytes().startswith(b"%PDF")

    # the GUI itself: the window paints, the demo event opens and its page paints
    gui = subprocess.run(
        [sys.executable, "-m", "sci4dl_desktop", "--demo"],
        capture_output=True,
        text=True,
        cwd=work,
        env={**env, "SCI4DL_STARTUP_MARKERS": "1"},
        timeout=300,
    )
    assert gui.returncode == 0, gui.stderr[-4000:]
    assert "sci4dl-event-shown" in gui.stdout
    # and the blocker was really in place
    probe = subprocess.run(
        [sys.executable, "-c", "import readline"], capture_output=True, text=True, env=env
    )
    assert "left out of the bundle: readline" in probe.stderr
