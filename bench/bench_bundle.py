"""The PyInstaller bundle: its size against a bare PySide6 window bundled in the same run,
and its cold start against the same app run from source.

Slow: it builds bundles (minutes), so bench/run.py runs it only when named:

    .venv/bin/python bench/run.py bundle

The app bundle is built with packaging/build.py into a temporary folder, unless
SCI4DL_BENCH_REUSE_BUNDLE=1, which measures dist/sci4dl-desktop/ as `build.py` left it.
The baselines are always built now, from a tiny script that shows a QMainWindow:

* "same spec": with packaging/sci4dl-desktop.spec itself (SCI4DL_BUNDLE_SCRIPT), so the
  same PyInstaller, Python, options, excluded modules, left-out Qt files and stripping.
  The issue's target (at most 1.5x) applies to this one.
* "PyInstaller defaults": `pyinstaller --onedir` on the script, for context: what an
  untrimmed PySide6 bundle weighs.

Cold start runs both the bundled app and `python -m sci4dl_desktop` on a copy of the
demo event, alternately, each sample a fresh process with its own settings folders,
timed from spawning to the first-paint marker (see bench_startup.py, whose helper this
uses). The files are in the page cache after the first sample, as in bench_startup.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from bench_startup import _timed_markers
from harness import Benchmark, Result

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = 9
REUSE_ENV = "SCI4DL_BENCH_REUSE_BUNDLE"

WINDOW_SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
sys.exit(app.exec())
"""


def _packaging_build() -> ModuleType:
    """packaging/build.py, loaded under its own name (there is no packaging package)."""
    spec = importlib.util.spec_from_file_location(
        "sci4dl_packaging_build", ROOT / "packaging" / "build.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pyinstaller_defaults(script: Path, folder: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--onedir",
            "--distpath",
            str(folder / "dist"),
            "--workpath",
            str(folder / "work"),
            "--specpath",
            str(folder),
            str(script),
        ],
        check=True,
    )
    return folder / "dist" / script.stem


class BundleRuns:
    """Builds the bundles once and measures them, for all rows."""

    def __init__(self) -> None:
        self._sizes: dict[str, int] | None = None
        self._starts: dict[str, list[float]] | None = None
        self._folder: Path | None = None
        self._app: Path | None = None

    def folder(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="sci4dl-bench-bundle-"))
        return self._folder

    def app_bundle(self) -> Path:
        if self._app is None:
            build = _packaging_build()
            if os.environ.get(REUSE_ENV) == "1":
                self._app = build.BUNDLE
                if not build.executable(self._app).exists():
                    raise RuntimeError(f"{REUSE_ENV}=1 but no bundle at {self._app}")
            else:
                self._app = build.build(self.folder() / "dist", self.folder() / "work")
        return self._app

    def sizes(self) -> dict[str, int]:
        if self._sizes is None:
            build = _packaging_build()
            script = self.folder() / "bare_window.py"
            script.write_text(WINDOW_SCRIPT, encoding="utf-8")
            app = self.app_bundle()
            same = build.build_script(
                script, "bare-window", self.folder() / "same-dist", self.folder() / "same-work"
            )
            defaults = _pyinstaller_defaults(script, self.folder() / "defaults")
            self._sizes = {
                "app": build.folder_size(app),
                "same spec": build.folder_size(same),
                "defaults": build.folder_size(defaults),
            }
        return self._sizes

    def starts(self) -> dict[str, list[float]]:
        if self._starts is None:
            from sci4dl_desktop.io.demo import create_demo_database

            exe = _packaging_build().executable(self.app_bundle())
            folder = self.folder() / "starts"
            folder.mkdir(exist_ok=True)
            template = folder / "template.sci4dl"
            create_demo_database(template).close()
            runs: dict[str, list[float]] = {"bundle": [], "source": []}
            for sample in range(SAMPLES):
                for kind, command in (
                    ("bundle", [str(exe)]),
                    ("source", [sys.executable, "-m", "sci4dl_desktop"]),
                ):
                    home = folder / f"{kind}-{sample}"
                    event_file = folder / f"{kind}-{sample}.sci4dl"
                    shutil.copy(template, event_file)
                    env = dict(os.environ, SCI4DL_STARTUP_MARKERS="1")
                    env.setdefault("QT_QPA_PLATFORM", "offscreen")
                    env["XDG_CONFIG_HOME"] = str(home / "config")
                    env["XDG_DATA_HOME"] = str(home / "data")
                    seen = _timed_markers([*command, "--db", str(event_file)], env)
                    runs[kind].append(seen["sci4dl-first-paint"])
            self._starts = runs
        return self._starts

    def clean_up(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


RUNS = BundleRuns()
atexit.register(RUNS.clean_up)


def _mb(size: int) -> float:
    return size / 1e6


def size_same_spec() -> Result:
    sizes = RUNS.sizes()
    return Result(
        measured=_mb(sizes["app"]),
        baseline=_mb(sizes["same spec"]),
        unit="MB",
        detail="bare QMainWindow bundled with the app's spec, same options and rules",
    )


def size_pyinstaller_defaults() -> Result:
    sizes = RUNS.sizes()
    return Result(
        measured=_mb(sizes["app"]),
        baseline=_mb(sizes["defaults"]),
        unit="MB",
        detail="bare QMainWindow with `pyinstaller --onedir` defaults, nothing left out",
    )


def cold_start() -> Result:
    runs = RUNS.starts()
    return Result(
        measured=statistics.median(runs["bundle"]),
        baseline=statistics.median(runs["source"]),
        detail=f"first paint of the main window on the demo event, median of {SAMPLES} each",
    )


BENCHMARKS = [
    Benchmark(
        "bundle: size vs bare window (same spec)",
        "ratio <= 1.5",
        size_same_spec,
        max_ratio=1.5,
        on_request=True,
    ),
    Benchmark(
        "bundle: size vs bare window (defaults)",
        "reported (no target)",
        size_pyinstaller_defaults,
        on_request=True,
    ),
    Benchmark(
        "bundle: cold start, bundled vs source",
        "ratio <= 1.25 vs python -m",
        cold_start,
        max_ratio=1.25,
        on_request=True,
    ),
]
