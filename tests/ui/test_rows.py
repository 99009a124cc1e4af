"""Every list and table of the finished pages gives its rows the same room around the text."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from sci4dl_desktop.ui.chair.page import ChairPage
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.mentorship.page import MentorshipPage
from sci4dl_desktop.ui.posters.page import PostersPage
from sci4dl_desktop.ui.rows import ROW_PADDING
from sci4dl_desktop.ui.schedule.page import SchedulePage


def test_rows_leave_room_around_their_text_on_every_page(
    qtbot: QtBot, app_context: AppContext
) -> None:
    schedule, posters = SchedulePage(app_context), PostersPage(app_context)
    mentorship, chair = MentorshipPage(app_context), ChairPage(app_context)
    for page in (schedule, posters, mentorship, chair):
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        qtbot.waitExposed(page)
    schedule.set_view("list")
    meeting = mentorship.by_mentor.meeting_items()[0]
    remaining = chair.day_panel.table.topLevelItem(0)
    assert remaining is not None
    rows = {
        "schedule list": (
            schedule.list_view,
            schedule.list_view.visualRect(schedule.proxy.index(0, 0)).height(),
        ),
        "posters table": (posters.table, posters.table.rowHeight(0)),
        "pairings": (mentorship.by_mentor, mentorship.by_mentor.visualItemRect(meeting).height()),
        "chair's remaining sessions": (
            chair.day_panel.table,
            chair.day_panel.table.visualItemRect(remaining).height(),
        ),
    }
    for name, (view, height) in rows.items():
        assert height >= view.fontMetrics().height() + ROW_PADDING, name
