"""Smoke test of a built bundle: the app's own commands, run inside it, from a clean
environment (no Python on PATH, no PYTHONPATH, a fresh HOME), offscreen.

Each step exercises a part the bundle must carry:

* `--version` and `selftest --demo`: the package metadata, the demo event, every page
  built and rendered offscreen, and a badge QR code read back by the desk's zxing-cpp
  decoder from a picture and from a camera frame;
* `pairings --auto --demo`: the MILP solver, HiGHS, through highspy's compiled bindings
  alone (the bundle has no NumPy);
* `export --format ics` and `--format pdf`: icalendar, and Qt's PDF writer;
* `export --format package` then `import` into a new event file: the Alembic migrations;
* `badges` for one attendee: QR codes drawn from qrcode's matrix, decoded here with
  zxing-cpp (when poppler's pdftoppm is installed) and compared with the badge token;
* `checkin` of that token, twice, and `stats`: the check-in path end to end;
* `--long-version`: psycopg loads the implementation the rules kept (psycopg-c on the
  bundled system libpq on Linux); with SCI4DL_TEST_POSTGRES_URL set (scripts/with-postgres),
  the event is copied to a fresh PostgreSQL database, and `stats` and `checkin` run on it;
* on Linux: no library the bundle keeps needs one bundle_rules.py left out, every
  library the extension modules need (psycopg_c's libpq and what it links to) is in the
  bundle, every library loads (none broken by `strip`), and, when Xvfb is installed,
  `selftest` also passes on the real X11 (xcb) platform plugin.

The expected badge token is computed here from the event file with the package's own
badges module, so a QR code or check-in that went wrong inside the bundle shows up.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

import bundle_elf
import bundle_rules

TIMEOUT_S = 300
CHECK_IN_TIME = "2026-04-26T09:02"  # before the first talk on the demo day


class SmokeFailure(SystemExit):
    pass


def clean_env(home: Path) -> dict[str, str]:
    """No Python on PATH, no PYTHONPATH, no site-packages: only what the bundle carries."""
    empty_bin = home / "bin"
    empty_bin.mkdir(exist_ok=True)
    env = {
        "HOME": str(home),
        "PATH": str(empty_bin),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        "XDG_RUNTIME_DIR": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    if sys.platform == "win32":
        env["USERPROFILE"] = str(home)
        for name in ("SYSTEMROOT", "TEMP", "TMP"):
            if name in os.environ:
                env[name] = os.environ[name]
    return env


class Bundle:
    """Runs the bundled executable in a scratch folder and checks what it says."""

    def __init__(self, exe: Path, folder: Path) -> None:
        self.exe = exe
        self.folder = folder
        self.env = clean_env(folder)

    def run(self, *args: str, status: int = 0, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            [str(self.exe), *args],
            env=env or self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",  # on Windows the app writes its ANSI code page to pipes
            timeout=TIMEOUT_S,
            cwd=self.folder,
        )
        shown = result.stdout.strip().splitlines()
        print(f"$ sci4dl-desktop {' '.join(args)}  -> exit {result.returncode}")
        for line in shown[:3] + (["...", *shown[-2:]] if len(shown) > 5 else shown[3:]):
            print(f"  {line}")
        if result.returncode != status:
            print(result.stderr, file=sys.stderr)
            raise SmokeFailure(
                f"bundle smoke test failed: `{' '.join(args)}` exited {result.returncode}, "
                f"expected {status}"
            )
        return result.stdout

    def path(self, name: str) -> Path:
        return self.folder / name


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailure(f"bundle smoke test failed: {what}")


def first_attendee_token(event_file: Path) -> tuple[str, str]:
    """(badge serial, token) of the first attendee, from the file read-only."""
    from sci4dl_desktop.domain.badges import make_token

    with sqlite3.connect(f"file:{event_file}?mode=ro", uri=True) as db:
        (secret,) = db.execute("SELECT badge_secret FROM events").fetchone()
        serial, revision = db.execute(
            "SELECT badge_serial, badge_revision FROM attendees ORDER BY id LIMIT 1"
        ).fetchone()
    return serial, make_token(secret, serial, revision)


def decode_qr_codes(pdf: Path) -> list[str] | None:
    """The QR codes on the PDF's pages, or None when pdftoppm or zxing-cpp is missing."""
    pdftoppm = shutil.which("pdftoppm")
    try:
        import zxingcpp
        from PIL import Image
    except ImportError:
        return None
    if pdftoppm is None:
        return None
    prefix = pdf.with_suffix("")
    subprocess.run([pdftoppm, "-r", "200", "-png", str(pdf), str(prefix)], check=True)
    texts = []
    for page in sorted(pdf.parent.glob(f"{prefix.name}*.png")):
        with Image.open(page) as image:
            texts += [code.text for code in zxingcpp.read_barcodes(image)]
    return texts


def check_commands(bundle: Bundle) -> None:
    out = bundle.run("--version")
    expect(version("sci4dl-desktop") in out, f"--version printed {out!r}")

    out = bundle.run("selftest", "--demo")
    expect("selftest ok" in out, "selftest did not report ok")

    out = bundle.run("pairings", "--auto", "--demo")
    expect("Proposal for" in out and "mentees met" in out, "the solver proposed no pairings")

    calendar = bundle.path("program.ics")
    bundle.run("export", "--demo", "--format", "ics", "--out", str(calendar))
    text = calendar.read_text("utf-8")
    expect(text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text, "no calendar written")

    program = bundle.path("program.pdf")
    bundle.run("export", "--demo", "--format", "pdf", "--out", str(program))
    expect(program.read_bytes().startswith(b"%PDF"), "the program PDF is not a PDF")

    package = bundle.path("event-package.json")
    bundle.run("export", "--demo", "--format", "package", "--out", str(package))
    event_file = bundle.path("event.sci4dl")
    bundle.run("import", "--db", str(event_file), str(package))
    expect(event_file.is_file(), "import created no event file")
    serial, token = first_attendee_token(event_file)

    badge = bundle.path("badge.pdf")
    args = ("--layout", "card", "--attendee", serial, "--out", str(badge))
    bundle.run("badges", "--db", str(event_file), *args)
    expect(badge.read_bytes().startswith(b"%PDF"), "the badge PDF is not a PDF")
    codes = decode_qr_codes(badge)
    if codes is None:
        print("  (QR code not decoded: needs pdftoppm and zxing-cpp)")
    else:
        expect(codes == [token], f"the badge's QR code reads {codes}, expected [{token}]")
        print(f"  badge QR code decodes to the token of {serial}")

    out = bundle.run("checkin", "--db", str(event_file), "--now", CHECK_IN_TIME, token)
    expect(json.loads(out)["state"] == "admitted", "the badge was not admitted")
    bundle.run("checkin", "--db", str(event_file), "--now", CHECK_IN_TIME, token, status=1)
    out = bundle.run("stats", "--db", str(event_file), "--json")
    expect(json.loads(out)["checked_in"] == 1, "stats does not count the check-in")
    check_psycopg(bundle, event_file, token)


def expected_psycopg() -> tuple[str, int | None]:
    """(implementation, libpq version) the bundle's psycopg must report: the one the
    rules kept, with this environment's libpq version when it runs the same one here."""
    import psycopg

    left_out = bundle_rules.psycopg_left_out()
    implementation = "c" if left_out == "psycopg_binary" else "binary"
    same = psycopg.pq.__impl__ == implementation
    return implementation, psycopg.pq.version() if same else None


@contextmanager
def fresh_postgres_database(server: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server (dropped afterwards); its URL."""
    from uuid import uuid4

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    name = f"sci4dl_smoke_{uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def check_psycopg(bundle: Bundle, event_file: Path, token: str) -> None:
    """The bundle's psycopg runs the implementation the rules kept (on Linux psycopg-c on
    the bundled system libpq) and, when SCI4DL_TEST_POSTGRES_URL names a server
    (scripts/with-postgres), works against it: the event checked in above is copied to
    a fresh database there, whose stats count that check-in and whose desk refuses the
    badge a second time."""
    implementation, libpq = expected_psycopg()
    out = bundle.run("--long-version")
    found = re.search(r"^psycopg \S+ \((\w+) implementation, libpq ([\d.]+)\)$", out, re.M)
    if found is None:
        raise SmokeFailure(f"bundle smoke test failed: the bundle's psycopg does not load: {out!r}")
    expect(
        found.group(1) == implementation,
        f"the bundle's psycopg runs the {found.group(1)} implementation, not {implementation}",
    )
    if libpq is not None:
        from sci4dl_desktop.versions import libpq_version_text

        expect(
            found.group(2) == libpq_version_text(libpq),
            f"the bundle's libpq is {found.group(2)}, not {libpq_version_text(libpq)}",
        )
    server = os.environ.get("SCI4DL_TEST_POSTGRES_URL")
    if not server:
        print("  (PostgreSQL not tried: set SCI4DL_TEST_POSTGRES_URL, see scripts/with-postgres)")
        return
    with fresh_postgres_database(server) as url:
        bundle.run("copy", "--from", str(event_file), "--to", url)
        out = bundle.run("stats", "--db", url, "--json")
        expect(json.loads(out)["checked_in"] == 1, "stats on PostgreSQL lacks the check-in")
        bundle.run("checkin", "--db", url, "--now", CHECK_IN_TIME, token, status=1)
        print("  the event copied to PostgreSQL counts its check-in and refuses a second one")


def elf_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def pyside_libraries() -> set[str]:
    """The names of the shared libraries the PySide6 wheels ship (Qt, ICU, FFmpeg)."""
    import PySide6

    return {path.name for path in Path(PySide6.__file__).parent.rglob("*.so*")}


def check_libraries(bundle_folder: Path) -> None:
    """No library or plugin the bundle keeps needs a library the rules left out, and every
    library of the PySide6 wheels one needs is in the bundle."""
    files = list(elf_files(bundle_folder))
    present = {path.name for path in files}
    shipped = pyside_libraries()
    problems = []
    for path in files:
        for needed in bundle_elf.elf_needed(path):
            if bundle_rules.is_dropped_library(needed):
                problems.append(f"{path.relative_to(bundle_folder)} needs {needed} (left out)")
            elif needed in shipped and needed not in present:
                problems.append(f"{path.relative_to(bundle_folder)} needs {needed} (missing)")
    expect(not problems, "libraries are missing:\n  " + "\n  ".join(problems))
    print(f"library check: {len(files)} binaries, none needs a library that was left out")


def is_extension_module(name: str) -> bool:
    return name.endswith(".so") and (".cpython-" in name or ".abi3." in name)


def check_extension_dependencies(bundle_folder: Path) -> None:
    """Every library the bundle's Python extension modules need, directly or through the
    libraries they bring, is in the bundle: psycopg_c's libpq.so.5 with its LDAP, SASL
    and GnuTLS libraries, say. Except those PyInstaller always leaves to the system (the
    C library, libGL, ...; see PyInstaller.depend.dylib), the dynamic loader, and the
    system libraries of bundle_rules.py."""
    from PyInstaller.depend.dylib import include_library

    libraries = [path for path in bundle_folder.rglob("*.so*") if path.is_file()]
    by_name = {path.name: path for path in libraries}
    todo = [path for path in libraries if is_extension_module(path.name)]
    seen: set[Path] = set()
    missing: dict[str, set[str]] = {}
    while todo:
        path = todo.pop().resolve()
        if path in seen:
            continue
        seen.add(path)
        for needed in bundle_elf.elf_needed(path):
            if needed in by_name:
                todo.append(by_name[needed])
            elif (
                include_library(needed)
                and not needed.startswith(("ld-linux", "ld64."))
                and needed not in bundle_rules.SYSTEM_LIBRARIES
            ):
                missing.setdefault(needed, set()).add(path.name)
    problems = [f"{name} (needed by {', '.join(sorted(by))})" for name, by in missing.items()]
    expect(not problems, "libraries are not in the bundle:\n  " + "\n  ".join(sorted(problems)))
    print(f"dependency check: the libraries of {len(seen)} binaries are all in the bundle")


LOAD_SCRIPT = """
import ctypes, os, sys
for path in sys.argv[1:]:
    try:
        ctypes.CDLL(path, mode=os.RTLD_LAZY | os.RTLD_LOCAL)
    except OSError as error:
        print(f"{path}\\t{error}", flush=True)
"""
MISSING = re.compile(r"^(\S+): cannot open shared object file")


def check_loadable(bundle_folder: Path) -> None:
    """Every library and extension module in the bundle loads (dlopen, with the bundle's
    libraries first, as the bootloader arranges): none was broken by `strip` or lost a
    library it needs. Those needing a library this machine lacks and the bundle never
    carried (GTK for the GTK theme plugin on a server, say) are listed, not failed."""
    internal = bundle_folder / "_internal"
    files = [str(path) for path in elf_files(internal) if ".so" in path.name]
    env = {"PATH": os.defpath, "LD_LIBRARY_PATH": str(internal), "QT_LOGGING_RULES": "*=false"}
    result = subprocess.run(
        [sys.executable, "-c", LOAD_SCRIPT, *files],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    expect(result.returncode == 0, f"loading the bundle's libraries crashed: {result.stderr}")
    present = {Path(name).name for name in files}
    lacking: dict[str, set[str]] = {}
    problems = []
    for line in result.stdout.splitlines():
        path, _, error = line.partition("\t")
        missing = MISSING.match(error)
        where = str(Path(path).relative_to(internal))
        if missing and missing.group(1) not in present:
            lacking.setdefault(missing.group(1), set()).add(where)
        else:
            problems.append(f"{where}: {error}")
    expect(not problems, "libraries in the bundle do not load:\n  " + "\n  ".join(problems))
    print(f"load check: {len(files)} libraries load", end="")
    print(f"; not on this machine: {', '.join(sorted(lacking))}" if lacking else "")


@contextmanager
def xvfb_display() -> Iterator[str | None]:
    """A private X server's DISPLAY, or None when Xvfb is not installed."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        yield None
        return
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "1366x768x24"],
        pass_fds=(write_end,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        yield f":{number}" if number else None
    finally:
        server.terminate()
        server.wait(timeout=30)


def check_xcb(bundle: Bundle) -> None:
    with xvfb_display() as display:
        if display is None:
            print("(X11 check skipped: Xvfb is not installed)")
            return
        env = dict(bundle.env, QT_QPA_PLATFORM="xcb", DISPLAY=display)
        out = bundle.run("selftest", "--demo", env=env)
        expect("selftest ok" in out, "selftest on X11 did not report ok")


def smoke(exe: Path, steps: Sequence[str] = ("commands", "libraries", "xcb")) -> None:
    if not exe.exists():
        raise SmokeFailure(f"no bundle at {exe}: build it first (python packaging/build.py)")
    with tempfile.TemporaryDirectory(prefix="sci4dl-smoke-") as tmp:
        bundle = Bundle(exe, Path(tmp))
        if "commands" in steps:
            check_commands(bundle)
        if sys.platform.startswith("linux"):
            if "libraries" in steps:
                check_libraries(exe.parent)
                check_extension_dependencies(exe.parent)
                check_loadable(exe.parent)
            if "xcb" in steps:
                check_xcb(bundle)
    print("bundle smoke test passed")
