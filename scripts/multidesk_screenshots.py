"""Render the desk page of a multi-desk event offscreen, for docs/multi-desk.md.

    .venv/bin/python scripts/multidesk_screenshots.py [OUT_DIR]

Writes desk-offline.png (the server unreachable, two check-ins waiting, a verdict
given offline) and desk-conflicts.png (back online, a conflict to review), each also
with -dark, at 1366x768, on a fresh copy of the demo event. The lost server is
simulated by failing every statement of the event file's engine, as the tests do.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

import sci4dl_desktop.ui.desk.page as desk_page
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.desk_service import DeskService
from sci4dl_desktop.io.demo import create_demo_database
from sci4dl_desktop.store.database import open_database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.page import DESK_NAME_KEY, DeskPage
from sci4dl_desktop.ui.tasks import SynchronousRunner
from sci4dl_desktop.ui.theme import make_palette

ZONE = ZoneInfo("America/Sao_Paulo")


class Outage:
    def __init__(self) -> None:
        self.down = False

    def __call__(self, *_args: Any) -> None:
        if self.down:
            raise OperationalError("SELECT", {}, ConnectionError("no route to host"))


def render(out: Path, dark: bool) -> None:
    suffix = "-dark" if dark else ""
    QApplication.setPalette(make_palette(dark))
    folder = Path(tempfile.mkdtemp(prefix="multidesk-shots-"))
    database = create_demo_database(folder / "event.sci4dl")
    outage = Outage()
    event.listen(database.engine, "before_cursor_execute", outage)
    clock = FakeClock(current=datetime(2026, 4, 26, 9, 14, 5, tzinfo=ZONE))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(DESK_NAME_KEY, "Desk 2")
    settings.setValue("desk/sound", "false")
    desk_page.DeskService = partial(  # type: ignore[misc]
        DeskService, cache_path=folder / "desk.sqlite", offline_capable=True
    )
    page = DeskPage(AppContext(database, clock, settings, SynchronousRunner()))
    page.resize(1366, 768)
    page.show()
    service = page.service
    other = open_database(folder / "event.sci4dl", create=False)
    desk_one = CheckInService(other, clock, "Desk 1")
    kempe, lenka = service.search("Julia Kempe")[0], service.search("Zdeborova")[0]
    tokens = [service.token_for(p) for p in (kempe, lenka)]
    outage.down = True
    desk_one.scan(tokens[0])  # Desk 1 still has the server; Desk 2 does not know
    clock.advance(95)
    page.scan(tokens[0])
    clock.advance(31)
    page.scan(tokens[1])
    QApplication.processEvents()
    page.grab().save(str(out / f"desk-offline{suffix}.png"))

    outage.down = False
    clock.advance(60)
    page.multidesk.sync_now()
    page.multidesk.show_conflicts()
    QApplication.processEvents()
    page.grab().save(str(out / f"desk-conflicts{suffix}.png"))
    page.close()
    other.close()
    database.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for dark in (False, True):
        render(out, dark)
    del app
    print(f"wrote desk-offline and desk-conflicts screenshots to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
