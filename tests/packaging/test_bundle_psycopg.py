"""psycopg in the bundle: one implementation (psycopg-c on the system's libpq on Linux,
psycopg-binary elsewhere), the same one the tests run, with every library it links to."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from sci4dl_desktop.store.database import copy_file_database

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_rules  # noqa: E402
import smoke  # noqa: E402

LINUX = sys.platform.startswith("linux")
SYSTEM_LIBRARY_FOLDERS = [Path("/usr/lib/x86_64-linux-gnu"), Path("/lib/x86_64-linux-gnu")]


@pytest.mark.parametrize(
    ("platform", "implementation", "left_out"),
    [
        ("linux", "c", "psycopg_binary"),
        ("linux", "binary", "psycopg_c"),  # no psycopg-c here, or it does not load
        ("linux", "python", "psycopg_c"),
        ("win32", "c", "psycopg_c"),  # Windows and macOS bundles carry psycopg-binary
        ("win32", "binary", "psycopg_c"),
        ("darwin", "c", "psycopg_c"),
    ],
)
def test_the_bundle_keeps_one_psycopg_implementation(
    platform: str, implementation: str, left_out: str
) -> None:
    assert bundle_rules.psycopg_left_out(platform, implementation) == left_out


@pytest.mark.skipif(not LINUX, reason="psycopg-c is the Linux development setup")
def test_on_linux_tests_and_bundle_run_psycopg_c_on_the_system_libpq() -> None:
    import psycopg

    assert psycopg.pq.__impl__ == "c", "install the dev extra: pip install -e '.[dev]'"
    assert bundle_rules.psycopg_left_out() == "psycopg_binary"
    assert psycopg.pq.version() >= 100000


def test_the_dev_extra_builds_psycopg_c_for_the_psycopg_the_app_depends_on() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    runtime = [Requirement(r) for r in project["dependencies"]]
    dev = [Requirement(r) for r in project["optional-dependencies"]["dev"]]
    (binary,) = [r for r in runtime if r.name == "psycopg"]
    (c,) = [r for r in dev if r.name == "psycopg"]
    assert binary.extras == {"binary"} and binary.marker is None
    assert c.extras == {"c"} and c.specifier == binary.specifier
    assert c.marker is not None
    assert c.marker.evaluate({"sys_platform": "linux"})
    assert not c.marker.evaluate({"sys_platform": "win32"})
    assert not c.marker.evaluate({"sys_platform": "darwin"})


def test_psycopg_works_without_the_implementation_the_bundle_leaves_out(tmp_path: Path) -> None:
    """What the bundle's psycopg has to work with: the left-out package made unimportable,
    psycopg still loads the kept implementation, the command line reports it, and with a
    server (scripts/with-postgres) it queries PostgreSQL."""
    left_out = bundle_rules.psycopg_left_out()
    expected = "c" if left_out == "psycopg_binary" else "binary"
    script = textwrap.dedent(
        f"""
        import importlib.abc, os, sys
        class Blocker(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name.split(".")[0] == {left_out!r}:
                    raise ImportError("excluded from the bundle: " + name)
        sys.meta_path.insert(0, Blocker())
        import psycopg
        assert psycopg.pq.__impl__ == {expected!r}, psycopg.pq.__impl__
        server = os.environ.get("SCI4DL_TEST_POSTGRES_URL")
        if server:
            url = server.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(url) as conn:
                assert conn.execute("SELECT 6 * 7").fetchone() == (42,)
            print("server answered")
        assert {left_out!r} not in sys.modules
        from sci4dl_desktop.cli import main
        main(["--long-version"])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "PSYCOPG_IMPL"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"({expected} implementation, libpq " in result.stdout
    if os.environ.get("SCI4DL_TEST_POSTGRES_URL"):
        assert "server answered" in result.stdout


def _system_library(name: str) -> Path | None:
    return next((f / name for f in SYSTEM_LIBRARY_FOLDERS if (f / name).is_file()), None)


@pytest.mark.skipif(not LINUX, reason="ELF libraries")
def test_dependency_check_asks_for_libpq_and_everything_it_links_to(tmp_path: Path) -> None:
    """A bundle holding psycopg_c's extension module alone: the smoke test names the
    libraries missing, level by level (libpq, then LDAP, SASL, TLS, ...), until the
    folder holds them all."""
    import psycopg_c

    extension = next(Path(psycopg_c.__file__).parent.glob("pq.cpython-*.so"), None)
    if extension is None or _system_library("libpq.so.5") is None:
        pytest.skip("needs psycopg-c built against the system's libpq")
    internal = tmp_path / "_internal"
    (internal / "psycopg_c").mkdir(parents=True)
    shutil.copy(extension, internal / "psycopg_c")
    asked: list[str] = []
    for _ in range(10):
        try:
            smoke.check_extension_dependencies(tmp_path)
            break
        except smoke.SmokeFailure as failure:
            names = [
                line.split()[0] for line in str(failure).splitlines()[1:] if "(needed by" in line
            ]
            assert names, str(failure)
            for name in names:
                library = _system_library(name)
                if library is None:
                    pytest.skip(f"{name} is not in the system library folders")
                shutil.copy(library, internal / name)
            asked += names
    else:
        pytest.fail(f"the check never passed; it asked for {asked}")
    assert asked[0] == "libpq.so.5"
    assert {"libssl.so.3", "libcrypto.so.3", "libgssapi_krb5.so.2"} <= set(asked)
    assert any(name.startswith("libldap") for name in asked)
    # the C library and the dynamic loader always come from the system
    assert not {"libc.so.6", "libm.so.6", "libresolv.so.2"} & set(asked)
    assert not [name for name in asked if name.startswith("ld-linux")]


@pytest.fixture
def source_app(tmp_path: Path) -> Path:
    """An executable that runs the app from source, in the smoke test's clean environment."""
    exe = tmp_path / "app" / "sci4dl-desktop"
    exe.parent.mkdir()
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sci4dl_desktop "$@"\n', "utf-8")
    exe.chmod(0o755)
    return exe


@pytest.mark.skipif(not LINUX, reason="a shell script stands in for the bundle")
def test_smoke_step_reads_the_implementation_the_app_reports(
    source_app: Path, tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event_file = tmp_path / "event.sci4dl"
    copy_file_database(demo_template, event_file)
    bundle = smoke.Bundle(source_app, tmp_path)
    monkeypatch.delenv("SCI4DL_TEST_POSTGRES_URL", raising=False)
    smoke.check_psycopg(bundle, event_file, "unused without a server")
    # a bundle running the other implementation than the rules kept fails the check
    other = "psycopg_c" if bundle_rules.psycopg_left_out() == "psycopg_binary" else "psycopg_binary"
    monkeypatch.setattr(bundle_rules, "psycopg_left_out", lambda: other)
    with pytest.raises(smoke.SmokeFailure, match=r"runs the \w+ implementation, not \w+"):
        smoke.check_psycopg(bundle, event_file, "unused without a server")


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.skipif(not LINUX, reason="a shell script stands in for the bundle")
def test_smoke_step_copies_a_checked_in_event_to_postgresql(
    source_app: Path, tmp_path: Path, demo_template: Path
) -> None:
    server = os.environ.get("SCI4DL_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("no PostgreSQL server: set SCI4DL_TEST_POSTGRES_URL (scripts/with-postgres)")
    event_file = tmp_path / "event.sci4dl"
    copy_file_database(demo_template, event_file)
    _, token = smoke.first_attendee_token(event_file)
    bundle = smoke.Bundle(source_app, tmp_path)
    out = bundle.run("checkin", "--db", str(event_file), "--now", smoke.CHECK_IN_TIME, token)
    assert '"admitted"' in out
    smoke.check_psycopg(bundle, event_file, token)
    # an event whose check-in did not happen: stats on the server say so
    fresh = tmp_path / "fresh.sci4dl"
    copy_file_database(demo_template, fresh)
    with pytest.raises(smoke.SmokeFailure, match="stats on PostgreSQL lacks the check-in"):
        smoke.check_psycopg(bundle, fresh, token)
