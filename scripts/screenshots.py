"""Render every page of the main window on the demo event to PNG files.

    .venv/bin/python scripts/screenshots.py OUT_DIR [--size 1366x768] [--dark] [--now HH:MM]
        [--pages KEY ...] [--select SESSION_TITLE]

Runs offscreen; the event clock is set to the demo day at --now (default 10:35).
--select shows that session in the Schedule page's detail pane. The README's pictures
(docs/screenshots/main-window.png and main-window-dark.png) are schedule.png and
schedule-dark.png from

    .venv/bin/python scripts/screenshots.py /tmp/shots --pages schedule \
        --select "Contributed talk 1" [--dark]

made small with `convert IN -dither None -colors 256 PNG8:OUT` and `optipng -o5 OUT`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from sci4dl_desktop.app import make_application
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.io.event_files import create_demo_copy, open_event_database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.main_window import MainWindow
from sci4dl_desktop.ui.pages import PAGES
from sci4dl_desktop.ui.schedule.page import SchedulePage
from sci4dl_desktop.ui.tasks import SynchronousRunner


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--now", default="10:35")
    parser.add_argument("--pages", nargs="*", default=None)
    parser.add_argument("--select", default=None, help="a session title for the Schedule page")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    if args.dark:
        os.environ["SCI4DL_COLOR_SCHEME"] = "dark"
    app = make_application()
    from sci4dl_desktop.ui import theme

    if hasattr(theme, "apply_scheme"):
        theme.apply_scheme(app, dark=args.dark)
    hour, minute = (int(v) for v in args.now.split(":"))
    clock = FakeClock(
        current=datetime(2026, 4, 26, hour, minute, tzinfo=ZoneInfo("America/Sao_Paulo"))
    )
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        tasks = SynchronousRunner()
        database = open_event_database(str(create_demo_copy(Path(folder))))  # as the app names it
        window = MainWindow(
            settings,
            lambda db: AppContext(db, clock=clock, settings=settings, tasks=tasks),
            pages=PAGES,
            tasks=tasks,
        )
        window.resize(width, height)
        window.set_database(database)
        window.show()
        app.processEvents()
        view = window.event_view
        assert view is not None
        for spec in PAGES:
            if args.pages and spec.key not in args.pages:
                continue
            view.show_page(spec.key)
            page = view.page(spec.key)
            if args.select and spec.key == "schedule" and isinstance(page, SchedulePage):
                select(page, args.select)
            for _ in range(5):
                app.processEvents()
            suffix = "-dark" if args.dark else ""
            path = args.out / f"{spec.key}{suffix}.png"
            window.grab().save(str(path))
            print(path)
        window.close()
    QApplication.processEvents()
    return 0


def select(page: SchedulePage, title: str) -> None:
    program = page.program()
    found = [s.id for s in (program.sessions if program else ()) if s.title == title]
    if not found:
        raise SystemExit(f"no session titled {title!r} in the demo event")
    page.select_session(found[0])
    page.timeline.ensure_visible(found[0])


if __name__ == "__main__":
    sys.exit(main())
