"""Hearing other windows' check-ins on one event file: PRAGMA data_version, then id ranges."""

from __future__ import annotations

import queue
from pathlib import Path

from sqlalchemy import select

from sci4dl_desktop.domain.badges import badge_token
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.checkin_types import AuditAction
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.live import Changes, SqliteChangeFeed, parse_payloads
from sci4dl_desktop.store.models import Attendee

WAIT = 5.0


def test_payloads_become_attendee_ids() -> None:
    assert parse_payloads(["check_ins:4", "attendees:9", "check_ins:4", "bogus", "x:1"]) == (
        Changes(check_ins=frozenset({4}), attendees=frozenset({9}))
    )


def test_another_window_s_check_in_and_walk_in_are_heard(
    demo_db: Database, fake_clock: FakeClock
) -> None:
    path = demo_db.file_path
    assert isinstance(path, Path)
    heard: queue.Queue[Changes] = queue.Queue()
    actions = (AuditAction.WALK_IN.value, AuditAction.REISSUE.value)
    feed = SqliteChangeFeed(path, heard.put, attendee_actions=actions, interval=0.05)
    feed.start()
    assert feed.ready.wait(WAIT)
    other = open_database(path, create=False)  # another window on the same file
    try:
        desk = CheckInService(other, fake_clock, "Desk 2")
        with other.session() as s:
            ana = s.scalars(select(Attendee).order_by(Attendee.id).limit(1)).one()
        desk.scan(badge_token(other.event().badge_secret, ana))
        assert heard.get(timeout=WAIT) == Changes(check_ins=frozenset({ana.id}))
        walk_in = desk.register_walk_in("Rui Walk", "", "", AttendeeCategory.STUDENT)
        assert heard.get(timeout=WAIT) == Changes(attendees=frozenset({walk_in.id}))
        desk.reissue_badge(ana.id)
        assert heard.get(timeout=WAIT) == Changes(attendees=frozenset({ana.id}))
    finally:
        feed.stop()
        other.close()
    assert not feed.running
