"""Render the arrivals page offscreen after a simulated morning, for the documentation.

    .venv/bin/python scripts/arrivals_screenshots.py [OUT_DIR]

Checks in about 470 of the demo event's attendees at two desks between 07:40 and 10:35
(organisers and speakers early, the rest around the 09:00 opening), then writes
arrivals.png and arrivals-dark.png at 1366x768.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.io.demo import create_demo_database
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.arrivals.page import ArrivalsPage
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.tasks import SynchronousRunner
from sci4dl_desktop.ui.theme import make_palette

ZONE = ZoneInfo("America/Sao_Paulo")
DAY = datetime(2026, 4, 26, tzinfo=ZONE)


def simulate_morning(database: Database, clock: FakeClock) -> None:
    """Check people in at realistic times: a queue building towards the 09:00 opening."""
    rng = random.Random(2026)
    with database.session() as session:
        people = [
            (a.id, a.category)
            for a in session.query(Attendee).order_by(Attendee.id)
            if a.category is not AttendeeCategory.REMOTE
        ]
    plan: list[tuple[datetime, int]] = []
    for attendee_id, category in people:
        early = category in (AttendeeCategory.ORGANIZER, AttendeeCategory.SPEAKER)
        if not early and rng.random() > 0.74:
            continue  # not here yet at 10:35
        centre, spread = (8 * 60 + 5, 12) if early else (8 * 60 + 52, 24)
        minutes = min(max(rng.gauss(centre, spread), 7 * 60 + 40), 10 * 60 + 34)
        plan.append((DAY + timedelta(minutes=minutes), attendee_id))
    desks = [CheckInService(database, clock, "Desk 1"), CheckInService(database, clock, "Desk 2")]
    for index, (at, attendee_id) in enumerate(sorted(plan)):
        clock.current = at
        clock.mono += 5
        desks[index % 2].check_in_attendee(attendee_id)
    clock.current = DAY + timedelta(hours=10, minutes=35)


def render(out: Path, dark: bool) -> None:
    QApplication.setPalette(make_palette(dark))
    folder = Path(tempfile.mkdtemp(prefix="arrivals-shots-"))
    database = create_demo_database(folder / "demo.sci4dl")
    clock = FakeClock(current=DAY + timedelta(hours=7))
    simulate_morning(database, clock)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    page = ArrivalsPage(AppContext(database, clock, settings, SynchronousRunner()))
    page.resize(1366, 768)
    page.show()
    QApplication.processEvents()
    page.grab().save(str(out / f"arrivals{'-dark' if dark else ''}.png"))
    page.close()
    database.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    for dark in (False, True):
        render(out, dark)
    print(f"Wrote arrivals.png and arrivals-dark.png to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
