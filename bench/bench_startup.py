"""Cold start: the real app on the demo event against a bare QMainWindow, both in subprocesses.

Each sample is a fresh Python process. The app runs its real entry point with
SCI4DL_STARTUP_MARKERS=1 (see sci4dl_desktop.app), which prints a line when the main
window first paints and another when the event's first page has painted, then quits.
The baseline process creates a QApplication and a QMainWindow and prints the same kind
of line at its first paint. Times run from spawning the process to reading the line.

The demo event file is built once, before any timing, so demo generation is not timed;
every sample gets its own settings folder, so no remembered layout or page is reused.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import Benchmark, Result

SAMPLES = 7
TIMEOUT_S = 120

BASELINE_SCRIPT = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print("sci4dl-first-paint", flush=True), app.exit(0)))
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
hook = FirstPaint()
window.installEventFilter(hook)
window.show()
sys.exit(app.exec())
"""


def _timed_markers(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning the process to each marker line it prints."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    seen: dict[str, float] = {}
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("sci4dl-"):
            seen[line.strip()] = time.perf_counter() - start
    _, errors = process.communicate(timeout=TIMEOUT_S)
    if process.returncode != 0 or "sci4dl-open-failed" in seen:
        raise RuntimeError(f"{command[:3]} exited {process.returncode}: {errors[-2000:]}")
    return seen


class StartupRuns:
    """Runs the app and the baseline alternately, once, for both benchmark rows."""

    def __init__(self) -> None:
        self._results: dict[str, list[float]] | None = None

    def results(self) -> dict[str, list[float]]:
        if self._results is None:
            self._results = self._measure()
        return self._results

    def _measure(self) -> dict[str, list[float]]:
        from sci4dl_desktop.io.demo import create_demo_database

        folder = Path(tempfile.mkdtemp(prefix="sci4dl-bench-startup-"))
        try:
            template = folder / "template.sci4dl"
            create_demo_database(template).close()
            results: dict[str, list[float]] = {"window": [], "event": [], "baseline": []}
            for sample in range(SAMPLES):
                home = folder / f"home-{sample}"
                env = dict(os.environ)
                env.setdefault("QT_QPA_PLATFORM", "offscreen")
                for variable, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
                    env[variable] = str(home / sub)
                event_file = folder / f"demo-{sample}.sci4dl"
                shutil.copy(template, event_file)
                app = _timed_markers(
                    [sys.executable, "-m", "sci4dl_desktop", "--db", str(event_file)],
                    {**env, "SCI4DL_STARTUP_MARKERS": "1"},
                )
                bare = _timed_markers([sys.executable, "-c", BASELINE_SCRIPT], env)
                results["window"].append(app["sci4dl-first-paint"])
                results["event"].append(app["sci4dl-event-shown"])
                results["baseline"].append(bare["sci4dl-first-paint"])
            return results
        finally:
            shutil.rmtree(folder, ignore_errors=True)


RUNS = StartupRuns()


def first_window_paint() -> Result:
    runs = RUNS.results()
    return Result(
        measured=statistics.median(runs["window"]),
        baseline=statistics.median(runs["baseline"]),
        detail=f"median of {SAMPLES} cold starts each",
    )


def event_page_painted() -> Result:
    runs = RUNS.results()
    return Result(
        measured=statistics.median(runs["event"]),
        baseline=statistics.median(runs["baseline"]),
        detail="until the event's first page has painted (database layer loaded after paint)",
    )


BENCHMARKS = [
    Benchmark(
        "startup: first paint of the main window (demo)",
        "ratio <= 2.0 vs bare QMainWindow",
        first_window_paint,
        max_ratio=2.0,
    ),
    Benchmark(
        "startup: demo event's first page painted",
        "reported (no target)",
        event_page_painted,
    ),
]
