"""Moving a session raises its calendar SEQUENCE; standing still does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from sci4dl_desktop.domain.session_times import (
    SessionTimeError,
    bump_sequence_if_moved,
    move_session,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Session


def test_move_session_bumps_once_per_real_move(demo_db: Database) -> None:
    with demo_db.transaction() as db:
        talk = db.scalars(select(Session).where(Session.title == "Invited talk 4")).one()
        start, end = talk.start_at, talk.end_at
        assert talk.sequence == 0
        # The same instants in another zone are no move.
        assert not move_session(talk, start.astimezone(ZoneInfo("Asia/Tokyo")), end)
        assert talk.sequence == 0
        assert move_session(talk, start + timedelta(minutes=10), end + timedelta(minutes=10))
        assert move_session(talk, start + timedelta(minutes=10), end + timedelta(minutes=20))
        talk_id = talk.id
    with demo_db.session() as db:
        stored = db.get(Session, talk_id)
        assert stored is not None and stored.sequence == 2
        assert stored.end_at == end + timedelta(minutes=20)


def test_bump_after_setting_times_directly(demo_db: Database) -> None:
    with demo_db.transaction() as db:
        talk = db.scalars(select(Session).where(Session.title == "Panel discussion")).one()
        old = (talk.start_at, talk.end_at)
        assert not bump_sequence_if_moved(talk, *old)
        talk.end_at = talk.end_at + timedelta(minutes=5)
        assert bump_sequence_if_moved(talk, *old)
        assert talk.sequence == 1
        assert not bump_sequence_if_moved(talk, None, None)  # a new session: nothing to bump


def test_move_session_refuses_bad_times(demo_db: Database) -> None:
    with demo_db.transaction() as db:
        talk = db.scalars(select(Session).where(Session.title == "Panel discussion")).one()
        start = talk.start_at
        with pytest.raises(SessionTimeError, match="'Panel discussion': it must end after"):
            move_session(talk, start, start)
        with pytest.raises(SessionTimeError, match="has no time zone"):
            move_session(talk, datetime(2026, 4, 26, 9), start + timedelta(hours=1))
        assert talk.start_at == start and talk.sequence == 0
        assert start.tzinfo is UTC or start.utcoffset() == timedelta(0)
