"""The desk page on a shared event: the offline banner, the upload, conflicts, live updates.

The page's service is made offline-capable on the demo event file and the file's
engine fails like a lost server (see tests/domain/test_desk_service.py); the same
page against a real PostgreSQL server is in tests/integration/postgres.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.desk_service import DeskService
from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction
from sci4dl_desktop.store.models import Admission, Attendee, CheckIn
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.conflicts_view import ConflictColumn
from sci4dl_desktop.ui.desk.models import ResultColumn
from sci4dl_desktop.ui.desk.page import DESK_NAME_KEY, DeskPage
from sci4dl_desktop.ui.desk.server_banner import NAME_HINT

LENKA = "Lenka Zdeborová"
JULIA = "Julia Kempe"


class Outage:
    def __init__(self, database: Database) -> None:
        self.down = False
        event.listen(database.engine, "before_cursor_execute", self._check)

    def _check(self, *_args: Any) -> None:
        if self.down:
            raise OperationalError("SELECT", {}, ConnectionError("no route to host"))


@pytest.fixture
def shared_page(
    make_page: Callable[..., DeskPage],
    app_context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[DeskPage]:
    """A desk page whose service keeps a local file, as on a PostgreSQL event."""
    offline_capable = partial(
        DeskService, cache_path=tmp_path / "desk-cache.sqlite", offline_capable=True
    )
    monkeypatch.setattr("sci4dl_desktop.ui.desk.page.DeskService", offline_capable)
    app_context.settings.setValue(DESK_NAME_KEY, "Desk 2")
    page = make_page()
    yield page
    assert isinstance(page.service, DeskService)
    page.service.close()


@pytest.fixture
def outage(demo_db: Database) -> Outage:
    return Outage(demo_db)


@pytest.fixture
def desk_one(demo_db: Database, fake_clock: FakeClock) -> Iterator[CheckInService]:
    database = open_database(demo_db.file_path or "", create=False)
    yield CheckInService(database, fake_clock, "Desk 1")
    database.close()


def token_of(page: DeskPage, name: str) -> str:
    with page._context.database.session() as s:
        attendee = s.scalars(select(Attendee).where(Attendee.name == name)).one()
    return page.service.token_for(attendee)


def attendee_id(page: DeskPage, name: str) -> int:
    with page._context.database.session() as s:
        return int(s.scalars(select(Attendee.id).where(Attendee.name == name)).one())


def scan(qtbot: QtBot, page: DeskPage, payload: str) -> None:
    qtbot.keyClicks(page.search_panel.search, payload)
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_Return)


def test_offline_the_banner_says_so_and_the_desk_keeps_admitting(
    qtbot: QtBot, shared_page: DeskPage, outage: Outage, demo_db: Database
) -> None:
    page = shared_page
    banner = page.multidesk.banner
    assert not banner.isVisible()
    tokens = [token_of(page, name) for name in (LENKA, JULIA)]
    outage.down = True
    scan(qtbot, page, tokens[0])
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)
    assert page.verdict.headline.text() == f"Welcome, {LENKA}"
    assert "Offline: saved on this desk" in page.verdict.notes.text()
    qtbot.waitUntil(banner.isVisible)
    assert banner.text.text() == (
        "Server unreachable — working offline; 1 check-in waiting to upload"
    )
    assert banner.retry_button.isVisible() and "no route to host" in banner.text.toolTip()
    scan(qtbot, page, tokens[1])
    qtbot.waitUntil(lambda: "2 check-ins waiting" in banner.text.text())
    # Search works from the desk's copy, with what this desk did offline.
    qtbot.keyClicks(page.search_panel.search, "zdeborova")
    qtbot.waitUntil(lambda: page.search_panel.model.rowCount() == 1)
    status = page.search_panel.model.index(0, ResultColumn.STATUS).data()
    assert status == "Yes, 10:35 at Desk 2"

    outage.down = False
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible())
    with demo_db.session() as s:
        rows = s.execute(select(CheckIn.desk, CheckIn.action)).all()
    assert rows == [("Desk 2", CheckInAction.CHECK_IN)] * 2


def test_a_conflict_is_listed_and_reviewed_from_the_keyboard(
    qtbot: QtBot,
    shared_page: DeskPage,
    outage: Outage,
    desk_one: CheckInService,
    demo_db: Database,
) -> None:
    page = shared_page
    lenka = token_of(page, LENKA)
    outage.down = True
    desk_one.scan(lenka)  # Desk 1 still reaches the server
    scan(qtbot, page, lenka)  # Desk 2 cannot know: it admits
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)
    outage.down = False
    page.multidesk.sync_now()
    banner = page.multidesk.banner
    qtbot.waitUntil(lambda: banner.text.text() == "1 conflict to review")
    tabs = page.tabs
    assert tabs.tabText(page.multidesk.conflicts_tab or 0) == "C&onflicts (1)"
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    view = page.multidesk.conflicts
    qtbot.waitUntil(view.table.hasFocus)  # Alt+V: Review conflicts
    assert tabs.currentWidget() is view and view.table.hasFocus()
    model = view.model
    assert model.index(0, ConflictColumn.NAME).data() == LENKA
    assert model.index(0, ConflictColumn.HERE).data() == "10:35 at Desk 2"
    assert model.index(0, ConflictColumn.ELSEWHERE).data() == "10:35 at Desk 1"
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter on the row marks it reviewed
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    assert view.summary.text() == "Nothing to review."
    qtbot.waitUntil(lambda: not banner.isVisible())
    with demo_db.session() as s:
        desk = s.scalar(
            select(Admission.desk).where(Admission.attendee_id == attendee_id(page, LENKA))
        )
    assert desk == "Desk 1"


def test_a_desk_without_its_own_name_is_asked_for_one(
    qtbot: QtBot,
    make_page: Callable[..., DeskPage],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        "sci4dl_desktop.ui.desk.page.DeskService",
        partial(DeskService, cache_path=tmp_path / "c.sqlite", offline_capable=True),
    )
    page = make_page()
    banner = page.multidesk.banner
    assert banner.isVisible() and banner.text.text() == NAME_HINT
    page.desk_name.selectAll()
    qtbot.keyClicks(page.desk_name, "Entrance B")
    qtbot.keyClick(page.desk_name, Qt.Key.Key_Return)
    assert not banner.isVisible()
    assert page.service.desk_name == "Entrance B"


def test_another_desk_s_check_in_shows_in_this_desk_s_search_within_a_second(
    qtbot: QtBot, page: DeskPage, desk_one: CheckInService
) -> None:
    qtbot.keyClicks(page.search_panel.search, "kempe")
    model = page.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, ResultColumn.STATUS).data() == "Not yet"
    desk_one.check_in_attendee(attendee_id(page, JULIA))
    qtbot.waitUntil(
        lambda: model.index(0, ResultColumn.STATUS).data() == "Yes, 10:35 at Desk 1",
        timeout=1000,
    )
    qtbot.waitUntil(lambda: page.stats_label.text().startswith("Checked in 1 of"), timeout=1000)


def test_a_walk_in_at_another_desk_can_be_found_here(
    qtbot: QtBot, page: DeskPage, desk_one: CheckInService
) -> None:
    desk_one.register_walk_in("Quitéria Walk", "", "UnB", AttendeeCategory.STUDENT)
    qtbot.keyClicks(page.search_panel.search, "quiteria")
    qtbot.waitUntil(lambda: page.search_panel.model.rowCount() == 1, timeout=1500)


def test_an_edit_in_this_window_is_searched_although_live_updates_keep_the_index(
    qtbot: QtBot, page: DeskPage, app_context: AppContext
) -> None:
    qtbot.waitUntil(lambda: page.service.live, timeout=2000)  # type: ignore[attr-defined]
    with app_context.database.transaction() as s:
        kempe = s.scalars(select(Attendee).where(Attendee.name == JULIA)).one()
        kempe.name = "Julia Kempe-Nakamura"
    app_context.signals.data_changed.emit("attendees")  # what an import page does
    qtbot.keyClicks(page.search_panel.search, "nakamura")
    qtbot.waitUntil(lambda: page.search_panel.model.rowCount() == 1, timeout=2000)
