"""Render the registration desk's three verdicts offscreen, for the documentation.

    .venv/bin/python scripts/desk_screenshots.py [OUT_DIR]

Writes desk-admitted.png, desk-already.png and desk-refused.png (light palette) and
the same with -dark, at 1366x768, on a fresh copy of the demo event.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.io.demo import create_demo_database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.page import DESK_NAME_KEY, DeskPage
from sci4dl_desktop.ui.tasks import SynchronousRunner
from sci4dl_desktop.ui.theme import make_palette

ZONE = ZoneInfo("America/Sao_Paulo")


def shoot(page: DeskPage) -> QPixmap:
    QApplication.processEvents()  # let the layouts catch up with the new verdict
    return page.grab()


def render(out: Path, dark: bool) -> None:
    suffix = "-dark" if dark else ""
    QApplication.setPalette(make_palette(dark))
    database = create_demo_database()
    clock = FakeClock(current=datetime(2026, 4, 26, 9, 2, 14, tzinfo=ZONE))
    folder = Path(tempfile.mkdtemp(prefix="desk-shots-"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(DESK_NAME_KEY, "Desk 2")
    settings.setValue("desk/sound", "false")
    context = AppContext(database, clock, settings, SynchronousRunner())
    page = DeskPage(context)
    page.resize(1366, 768)
    page.show()
    service = page.service
    for name in ("Jascha", "Preetum", "Jeremy Cohen", "Julia Kempe"):  # a few earlier arrivals
        service.check_in_attendee(service.search(name)[0].id)
        clock.advance(37)
    lenka = service.search("Zdeborova")[0]
    page.scan(service.token_for(lenka))
    shoot(page).save(str(out / f"desk-admitted{suffix}.png"))

    clock.advance(11 * 60)
    service.desk_name = "Desk 1"
    page.desk_name.setText("Desk 1")
    page.search_panel.search.setText("zdeborova")
    page.scan(service.token_for(lenka))
    shoot(page).save(str(out / f"desk-already{suffix}.png"))

    page.search_panel.search.setText("")
    someone = service.search("university")[3]
    old_token = service.token_for(someone)
    service.reissue_badge(someone.id)
    clock.advance(40)
    page.scan(old_token)
    shoot(page).save(str(out / f"desk-refused{suffix}.png"))
    page.close()
    database.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    for dark in (False, True):
        render(out, dark)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
