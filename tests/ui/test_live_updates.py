"""Live updates reach every page that shows check-ins, not only the desk page."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.database import open_database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.live import Changes
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.arrivals.page import ArrivalsPage
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.live import LiveUpdates


def test_the_arrivals_page_hears_another_computer_s_check_ins_at_once(
    qtbot: QtBot, app_context: AppContext, fake_clock: FakeClock
) -> None:
    page = ArrivalsPage(app_context)  # alone: no desk page in this window
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    live = LiveUpdates.attach(app_context, page)
    qtbot.waitUntil(lambda: live.connected, timeout=2000)
    assert page.checked_in.value.text() == "0"
    other = open_database(app_context.database.file_path or "", create=False)
    try:
        desk = CheckInService(other, fake_clock, "Desk 9")
        with other.session() as s:
            ids = s.scalars(
                select(Attendee.id).where(Attendee.category == AttendeeCategory.STUDENT).limit(3)
            ).all()
        with qtbot.waitSignal(live.changes_arrived, timeout=1000) as arrived:
            for attendee_id in ids:
                desk.check_in_attendee(attendee_id)
        qtbot.waitUntil(lambda: page.checked_in.value.text() == "3", timeout=1000)
    finally:
        other.close()
    assert isinstance(arrived.args[0], Changes) and arrived.args[0].check_ins <= set(ids)
