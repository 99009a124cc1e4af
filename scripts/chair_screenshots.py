"""Render the Session chair page and the speaker display in each phase, for the documentation.

    .venv/bin/python scripts/chair_screenshots.py [OUT_DIR]

Drives a real chair page on a fresh copy of the demo event with a simulated clock, and
writes chair-page.png and chair-page-dark.png (1366x768), then speaker-normal.png,
speaker-wrap-up.png, speaker-final-minute.png, speaker-questions.png,
speaker-overtime.png and speaker-message.png (1280x720), into OUT_DIR (by default
docs/screenshots).
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
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.timer import Thresholds
from sci4dl_desktop.io.demo import create_demo_database
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import CheckInAction, SessionKind
from sci4dl_desktop.store.models import Admission, Attendee, CheckIn, Session
from sci4dl_desktop.ui.chair.page import ChairPage
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.tasks import SynchronousRunner
from sci4dl_desktop.ui.theme import make_palette

ZONE = ZoneInfo("America/Sao_Paulo")
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def at(hhmm: str) -> datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=ZONE)


def check_in_first_speaker(database: Database) -> None:
    with database.transaction() as s:
        talk = s.scalars(select(Session).where(Session.title == "Invited talk 1")).one()
        attendee = s.scalars(
            select(Attendee).where(Attendee.person_id == talk.speaker_links[0].person_id)
        ).one()
        log = CheckIn(
            event_id=talk.event_id,
            attendee_id=attendee.id,
            at=at("08:52"),
            desk="Desk 1",
            action=CheckInAction.CHECK_IN,
        )
        s.add(log)
        s.flush()
        s.add(Admission(attendee_id=attendee.id, check_in_id=log.id, at=log.at, desk="Desk 1"))


def settle(app: QApplication, page: ChairPage) -> None:
    page.tick()
    for _ in range(3):
        app.processEvents()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    with tempfile.TemporaryDirectory() as folder:
        database = create_demo_database(Path(folder) / "demo.sci4dl")
        check_in_first_speaker(database)
        clock = FakeClock(current=at("09:00"))
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        context = AppContext(database, clock, settings, SynchronousRunner())
        page = ChairPage(context)
        page.resize(1366, 768)
        page.show()

        # Invited talk 1 starts four minutes late; the chair adds a minute on the way.
        clock.advance(4 * 60)
        page.toggle()
        page.add_minute()
        clock.advance(27 * 60 + 48)
        page.message_edit.setText("Last question, please")
        page.send_message()
        for dark, name in ((False, "chair-page.png"), (True, "chair-page-dark.png")):
            app.setPalette(make_palette(dark))
            settle(app, page)
            page.grab().save(str(out / name))
            print(out / name)
        app.setPalette(make_palette(False))
        page.clear_message()

        display = page.speaker_display()
        display.resize(1280, 720)
        display.show()
        page.next_session()  # Invited talk 2 starts at 09:35:48
        scenes = [
            (11 * 60 + 18, "", "speaker-normal.png"),
            (14 * 60 + 30, "", "speaker-wrap-up.png"),
            (3 * 60 + 24, "", "speaker-final-minute.png"),
            (131, "", "speaker-overtime.png"),
        ]
        for seconds, message, name in scenes:
            clock.advance(seconds)
            page.message_edit.setText(message)
            page.send_message()
            settle(app, page)
            display.grab().save(str(out / name))
            print(out / name)

        # A talk with a five-minute Q&A segment, and a message from the chair.
        invited = page.desk.data.thresholds.by_kind if page.desk else {}
        page.apply_thresholds(
            {**invited, SessionKind.INVITED_TALK: Thresholds(wrap_up=300, questions=300)}
        )
        page.next_session()  # Invited talk 3
        clock.advance(25 * 60 + 20)
        page.message_edit.setText("5 minutes for questions")
        page.send_message()
        settle(app, page)
        display.grab().save(str(out / "speaker-questions.png"))
        print(out / "speaker-questions.png")
        page.apply_thresholds(invited)
        settle(app, page)
        display.grab().save(str(out / "speaker-message.png"))
        print(out / "speaker-message.png")
        display.close()
        page.close()
        database.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
