"""Helpers for the chair page tests (imported by them; the fixtures are in conftest.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.models import Session, TimerRecord
from sci4dl_desktop.ui.chair.page import ChairPage
from sci4dl_desktop.ui.context import AppContext

ZONE = ZoneInfo("America/Sao_Paulo")


def at(hhmm: str) -> datetime:
    """An instant on the demo day, in the event's local time."""
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=ZONE)


def clock_of(context: AppContext) -> FakeClock:
    assert isinstance(context.clock, FakeClock)
    return context.clock


def record_of(context: AppContext, title: str) -> TimerRecord | None:
    with context.database.session() as s:
        session_id = s.scalars(select(Session.id).where(Session.title == title)).first()
        return s.get(TimerRecord, session_id)


def open_page(qtbot: QtBot, context: AppContext, *, track: bool = True) -> ChairPage:
    """A chair page, shown and active, with the keyboard focus on it.

    `track=False` leaves closing it to the test (which destroys it to mimic a restart).
    """
    page = ChairPage(context)
    if track:
        qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.setFocus()
    return page
