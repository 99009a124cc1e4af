"""Live across desks on PostgreSQL: LISTEN/NOTIFY brings another desk's check-in within a
second, to the change feed and to a desk page's search results and arrivals."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pg_proxy import TcpProxy
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, select, text

from sci4dl_desktop.domain.badges import badge_token
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.live import (
    CHANNEL,
    Changes,
    LogTail,
    PostgresChangeFeed,
    psycopg_conninfo,
)
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.models import ResultColumn
from sci4dl_desktop.ui.desk.page import DESK_NAME_KEY, DeskPage
from sci4dl_desktop.ui.tasks import SynchronousRunner

pytestmark = pytest.mark.postgres

WAIT = 10.0


@pytest.fixture
def other_desk(pg_demo_url: str, fake_clock: FakeClock) -> Iterator[CheckInService]:
    database = open_database(pg_demo_url, create=False)
    yield CheckInService(database, fake_clock, "Desk 1")
    database.close()


def named(db: Database, name: str) -> Attendee:
    with db.session() as s:
        return s.scalars(select(Attendee).where(Attendee.name == name)).one()


def test_the_feed_hears_check_ins_and_walk_ins_within_a_second(
    pg_demo: Database, other_desk: CheckInService
) -> None:
    heard: queue.Queue[tuple[float, Changes]] = queue.Queue()
    connected: queue.Queue[bool] = queue.Queue()
    feed = PostgresChangeFeed(
        pg_demo.url, lambda c: heard.put((time.monotonic(), c)), connected.put
    )
    feed.start()
    try:
        assert connected.get(timeout=WAIT) is True
        lenka = named(pg_demo, "Lenka Zdeborová")
        committed = time.monotonic()
        other_desk.check_in_attendee(lenka.id)
        committed = (committed + time.monotonic()) / 2
        arrived, changes = heard.get(timeout=WAIT)
        assert changes == Changes(check_ins=frozenset({lenka.id}))
        assert arrived - committed < 1.0
        walk_in = other_desk.register_walk_in("Íris Walk", "", "", AttendeeCategory.STUDENT)
        _, changes = heard.get(timeout=WAIT)
        assert changes == Changes(attendees=frozenset({walk_in.id}))
    finally:
        feed.stop()
    assert not feed.running


def test_a_feed_whose_connection_is_killed_reconnects_and_asks_for_a_resync(
    pg_demo: Database, postgres_url: str
) -> None:
    heard: queue.Queue[Changes] = queue.Queue()
    connected: queue.Queue[bool] = queue.Queue()
    feed = PostgresChangeFeed(pg_demo.url, heard.put, connected.put)
    feed.start()
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        assert connected.get(timeout=WAIT) is True
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(:pid)"), {"pid": feed.connection_pid}
            )
        assert connected.get(timeout=WAIT) is False
        assert connected.get(timeout=WAIT) is True
        assert heard.get(timeout=WAIT) == Changes(resync=True)
    finally:
        feed.stop()
        admin.dispose()


def test_another_desk_s_check_in_shows_on_this_desk_page_within_a_second(
    qtbot: QtBot,
    pg_demo: Database,
    other_desk: CheckInService,
    fake_clock: FakeClock,
    tmp_path: Path,
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(DESK_NAME_KEY, "Desk 2")
    context = AppContext(pg_demo, fake_clock, settings, SynchronousRunner())
    page = DeskPage(context)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.multidesk.live.connected, timeout=5000)
    qtbot.keyClicks(page.search_panel.search, "kempe")
    model = page.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, ResultColumn.STATUS).data() == "Not yet"
    other_desk.check_in_attendee(named(pg_demo, "Julia Kempe").id)
    qtbot.waitUntil(
        lambda: model.index(0, ResultColumn.STATUS).data() == "Yes, 10:35 at Desk 1",
        timeout=1000,
    )
    qtbot.waitUntil(lambda: page.stats_label.text().startswith("Checked in 1 of"), timeout=1000)
    # The desk's offline copy follows too: without the server it would answer "already".
    assert page.service.cache is not None
    qtbot.waitUntil(
        lambda: (
            page.service.cache is not None
            and page.service.cache.admission_of(named(pg_demo, "Julia Kempe").id) is not None
        ),
        timeout=1000,
    )
    page.close()
    page.multidesk.live.stop()


def test_an_idle_desk_shows_the_outage_when_its_network_drops(
    qtbot: QtBot,
    pg_demo_url: str,
    proxy: TcpProxy,
    fake_clock: FakeClock,
    tmp_path: Path,
) -> None:
    database = open_database(proxy.url(pg_demo_url), create=False)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(DESK_NAME_KEY, "Desk 3")
    page = DeskPage(AppContext(database, fake_clock, settings, SynchronousRunner()))
    qtbot.addWidget(page)
    page.show()
    banner = page.multidesk.banner
    try:
        qtbot.waitUntil(lambda: page.multidesk.live.connected, timeout=5000)
        assert not banner.isVisible()
        proxy.cut()  # nobody scans: the change feed is the first to notice
        qtbot.waitUntil(banner.isVisible, timeout=5000)
        assert banner.text.text().startswith("Server unreachable — working offline")
        proxy.restore()
        qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
    finally:
        page.close()
        page.multidesk.live.stop()
        database.close()


def test_badge_scans_are_read_from_the_log_within_a_second_without_a_notification(
    pg_demo: Database, other_desk: CheckInService
) -> None:
    """A desk's badge scans are quiet (migration 0003): the feeds of the other desks read
    them from the end of the check-in log, within a second."""
    heard: queue.Queue[tuple[float, Changes]] = queue.Queue()
    connected: queue.Queue[bool] = queue.Queue()
    feed = PostgresChangeFeed(
        pg_demo.url, lambda c: heard.put((time.monotonic(), c)), connected.put
    )
    feed.start()
    secret = pg_demo.event().badge_secret
    try:
        assert connected.get(timeout=WAIT) is True
        with psycopg.connect(psycopg_conninfo(pg_demo.url), autocommit=True) as listener:
            listener.execute(f"LISTEN {CHANNEL}")
            for name in ("Lenka Zdeborová", "Julia Kempe"):
                person = named(pg_demo, name)
                committed = time.monotonic()
                assert other_desk.scan(badge_token(secret, person)).admitted
                arrived, changes = heard.get(timeout=WAIT)
                assert changes == Changes(check_ins=frozenset({person.id}))
                assert arrived - committed < 1.0
            assert list(listener.notifies(timeout=0.3)) == []
        with pytest.raises(queue.Empty):
            heard.get(timeout=0.6)  # each check-in reported once
    finally:
        feed.stop()


def test_the_log_tail_reports_a_check_in_that_commits_after_a_newer_one(
    pg_demo: Database, other_desk: CheckInService
) -> None:
    """Ids are taken before the commit: a row committed after a newer one is still found
    (within the tail's window), and every row is reported once."""
    first, second = named(pg_demo, "Lenka Zdeborová"), named(pg_demo, "Julia Kempe")
    conninfo = psycopg_conninfo(pg_demo.url)
    with psycopg.connect(conninfo, autocommit=True) as reader, psycopg.connect(conninfo) as slow:
        tail = LogTail(reader)
        slow.execute(
            "INSERT INTO check_ins (event_id, attendee_id, at, desk, action, reason, scan_id) "
            "VALUES (%s, %s, now(), 'Desk Slow', 're_entry', '', 'slow-1')",
            (first.event_id, first.id),
        )  # its id is taken, its commit comes later
        assert other_desk.scan(badge_token(pg_demo.event().badge_secret, second)).admitted
        assert tail.read(reader) == Changes(check_ins=frozenset({second.id}))
        slow.commit()
        assert tail.read(reader) == Changes(check_ins=frozenset({first.id}))
        assert tail.read(reader) == Changes()
