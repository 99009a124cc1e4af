"""The Schedule page shows the projected times of the chair's drift, as the chair works."""

from __future__ import annotations

from chair_helpers import at, open_page
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.models import Session
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.schedule.page import SchedulePage


def ids(context: AppContext) -> dict[str, int]:
    with context.database.session() as s:
        found: dict[str, int] = {}
        for row in s.execute(select(Session.title, Session.id).order_by(Session.start_at)):
            found.setdefault(row.title, row.id)
        return found


def test_starting_late_on_the_chair_page_moves_the_schedule(
    qtbot: QtBot, app_context: AppContext, nine: FakeClock
) -> None:
    schedule = SchedulePage(app_context)
    qtbot.addWidget(schedule)
    assert schedule.adjusted_times() == {}  # nobody times the day yet: as planned
    chair = open_page(qtbot, app_context)
    nine.advance(5 * 60)
    qtbot.keyClick(chair, Qt.Key.Key_Space)
    by_title = ids(app_context)
    adjusted = schedule.adjusted_times()
    assert adjusted[by_title["Invited talk 1"]] == (at("09:05"), at("09:35"))
    assert adjusted[by_title["Invited talk 2"]] == (at("09:35"), at("10:05"))
    assert by_title["Contributed talk 1"] not in adjusted  # the coffee break absorbs it
    nine.advance(40 * 60)  # ten minutes of overtime
    schedule.now_timer.timeout.emit()
    assert schedule.adjusted_times()[by_title["Invited talk 2"]][0] == at("09:45")
