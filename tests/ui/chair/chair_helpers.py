"""Helpers for the chair page tests (imported by them; the fixtures are in conftest.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.enums import CheckInAction
from sci4dl_desktop.store.models import Admission, Attendee, CheckIn, Session, TimerRecord
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


def check_in_first_speaker(s: OrmSession, title: str, when: str, desk: str) -> Session:
    """Admit the first speaker of a session at a desk, as the registration desk records it."""
    talk = s.scalars(select(Session).where(Session.title == title)).one()
    attendee = s.scalars(
        select(Attendee).where(Attendee.person_id == talk.speaker_links[0].person_id)
    ).one()
    log = CheckIn(
        event_id=talk.event_id,
        attendee_id=attendee.id,
        at=at(when),
        desk=desk,
        action=CheckInAction.CHECK_IN,
    )
    s.add(log)
    s.flush()
    s.add(Admission(attendee_id=attendee.id, check_in_id=log.id, at=log.at, desk=desk))
    return talk


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
