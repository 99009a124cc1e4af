"""The Schedule page as a person uses it: look, click, type, switch views and days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QLineEdit,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.database import Database, open_database
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import Event, Room, Session
from sci4dl_desktop.store.setup import create_event
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.schedule.model import SESSION_ID_ROLE, Column
from sci4dl_desktop.ui.schedule.page import SchedulePage
from sci4dl_desktop.ui.tasks import SynchronousRunner

ZONE = ZoneInfo("America/Sao_Paulo")


def demo_time(hhmm: str, day: int = 26) -> datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(2026, 4, day, hour, minute, tzinfo=ZONE)


@pytest.fixture
def page(qtbot: QtBot, app_context: AppContext) -> SchedulePage:
    widget = SchedulePage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def sid(page: SchedulePage, title: str, hhmm: str | None = None) -> int:
    program = page.program()
    assert program is not None
    for session in program.sessions:
        if session.title == title and (hhmm is None or session.start == demo_time(hhmm)):
            return session.id
    raise AssertionError(f"no session {title!r}")


def list_rows(page: SchedulePage) -> list[dict[Column, str]]:
    proxy = page.proxy
    return [
        {c: str(proxy.index(r, c).data() or "") for c in Column} for r in range(proxy.rowCount())
    ]


def click_block(qtbot: QtBot, page: SchedulePage, session_id: int) -> None:
    rect = page.timeline.canvas.block_rect(session_id)
    assert rect is not None
    page.timeline.ensure_visible(session_id)
    qtbot.mouseClick(
        page.timeline.canvas, Qt.MouseButton.LeftButton, pos=rect.center() + QPoint(0, 2)
    )


def test_all_sixteen_sessions_in_timeline_and_list(page: SchedulePage) -> None:
    canvas = page.timeline.canvas
    assert len(canvas.session_ids()) == 16
    assert page.timeline.header.room_names() == ["Main hall", "Poster hall", "Foyer"]
    for session_id in canvas.session_ids():
        rect = canvas.block_rect(session_id)
        assert rect is not None and rect.height() > 0
        assert canvas.rect().contains(rect)
    rows = list_rows(page)
    assert len(rows) == 16
    assert rows[0][Column.TITLE] == "Invited talk 1" and rows[0][Column.TIME] == "09:00–09:30"
    assert rows[-1][Column.TITLE] == "Poster session 2"
    assert [k.label for k in page.timeline.legend.kinds()] == [
        "Invited talk",
        "Contributed talk",
        "Panel",
        "Poster session",
        "Break",
        "Award",
    ]
    # Blocks in the same room never overlap; times run down the page.
    talk1 = canvas.block_rect(sid(page, "Invited talk 1"))
    talk2 = canvas.block_rect(sid(page, "Invited talk 2"))
    assert talk1 is not None and talk2 is not None
    assert talk1.bottom() < talk2.top()


def test_now_and_next_at_10_35(page: SchedulePage) -> None:
    coffee = sid(page, "Coffee break", "10:30")
    talk = sid(page, "Contributed talk 1")
    rows = {r[Column.TITLE] + r[Column.TIME]: r for r in list_rows(page)}
    assert rows["Coffee break10:30–11:00"][Column.STATUS] == "Now"
    assert rows["Coffee break15:00–15:30"][Column.STATUS] == ""
    assert rows["Contributed talk 111:00–11:15"][Column.STATUS] == "Next"
    assert sum(r[Column.STATUS] != "" for r in rows.values()) == 2
    canvas = page.timeline.canvas
    assert canvas.lines_of(coffee)[:2] == ["Coffee break", "NOW 10:30–11:00 · Break"]
    assert canvas.lines_of(talk)[:2] == [
        "Contributed talk 1",
        "NEXT 11:00–11:15 · Contributed talk",
    ]
    assert canvas.status_of(sid(page, "Invited talk 3")) == ""
    assert page.banner.text().startswith("Now: Coffee break (Foyer) until 11:00")
    assert "Next at 11:00: Contributed talk 1 (Main hall)" in page.banner.text()
    # The page opens on what is happening now.
    assert page.selected_session_id() == coffee
    assert page.detail.kind_label.text() == "Break · Now running"


def test_the_clock_moves_now_and_next(
    qtbot: QtBot, page: SchedulePage, fake_clock: FakeClock
) -> None:
    assert page.now_timer.isActive() and page.now_timer.interval() <= 15_000
    canvas = page.timeline.canvas
    line_before = canvas.now_y()
    fake_clock.advance(30 * 60)  # 11:05
    page.now_timer.timeout.emit()
    assert canvas.now_y() is not None and line_before is not None
    assert canvas.now_y() > line_before
    assert canvas.status_of(sid(page, "Contributed talk 1")) == "now"
    assert canvas.status_of(sid(page, "Contributed talk 2")) == "next"
    assert canvas.status_of(sid(page, "Coffee break", "10:30")) == ""
    assert page.banner.text().startswith("Now: Contributed talk 1")
    # After the event day nothing is live: no now line, no marks.
    fake_clock.advance(24 * 3600)
    page.update_now()
    assert page.now_next() is None and canvas.now_y() is None
    assert all(r[Column.STATUS] == "" for r in list_rows(page))
    assert "times in America/Sao_Paulo" in page.banner.text()


def test_timeline_opens_scrolled_to_now(qtbot: QtBot, page: SchedulePage) -> None:
    bar = page.timeline.scroll_area.verticalScrollBar()
    now_y = page.timeline.canvas.now_y()
    assert now_y is not None
    qtbot.waitUntil(lambda: bar.value() > 0)
    viewport = page.timeline.scroll_area.viewport().height()
    assert bar.value() < now_y < bar.value() + viewport


def test_click_then_arrows_change_the_detail(qtbot: QtBot, page: SchedulePage) -> None:
    canvas = page.timeline.canvas
    with qtbot.waitSignal(page.session_selected) as signal:
        click_block(qtbot, page, sid(page, "Invited talk 2"))
    assert signal.args == [sid(page, "Invited talk 2")]
    assert page.selected_session_id() == sid(page, "Invited talk 2")
    assert page.detail.title_label.text() == "Invited talk 2"
    assert page.detail.speakers_label.text() == "Preetum Nakkiran — Apple"
    assert canvas.hasFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert page.detail.title_label.text() == "Invited talk 3"
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert page.detail.title_label.text() == "Invited talk 1"
    qtbot.keyClick(canvas, Qt.Key.Key_Up)  # nothing above: stays
    assert page.detail.title_label.text() == "Invited talk 1"
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # the poster hall's first session
    assert page.detail.title_label.text() == "Poster session 1"
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # the foyer, nearest in time: lunch
    assert page.detail.title_label.text() == "Lunch break"
    qtbot.keyClick(canvas, Qt.Key.Key_End)
    assert page.detail.title_label.text() == "Poster session 2"
    # The list follows the timeline's selection.
    current = page.list_view.currentIndex()
    assert current.data(SESSION_ID_ROLE) == sid(page, "Poster session 2")


def test_tab_walks_blocks_in_time_order_and_enter_opens_detail(
    qtbot: QtBot, page: SchedulePage
) -> None:
    canvas = page.timeline.canvas
    click_block(qtbot, page, sid(page, "Invited talk 3"))
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    assert page.detail.title_label.text() == "Coffee break"
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    assert page.detail.title_label.text() == "Contributed talk 1"
    qtbot.keyClick(canvas, Qt.Key.Key_Backtab)
    assert page.detail.title_label.text() == "Coffee break"
    page.splitter.setSizes([1300, 0])  # the detail pane collapsed
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert page.splitter.sizes()[1] > 0
    assert page.detail.info_scroll.hasFocus()
    qtbot.keyClick(page.detail.info_scroll, Qt.Key.Key_Escape)
    assert canvas.hasFocus()


def test_contributed_talk_shows_its_poster(qtbot: QtBot, page: SchedulePage) -> None:
    click_block(qtbot, page, sid(page, "Contributed talk 2"))
    detail = page.detail
    program = page.program()
    assert program is not None
    talk = program.session(sid(page, "Contributed talk 2"))
    assert talk is not None and len(talk.talk_posters) == 1
    poster = talk.talk_posters[0]
    assert detail.subtitle_label.text() == poster.title
    assert detail.poster_label.text().startswith(f"{poster.title} — board {poster.board}")
    assert "Poster session" in detail.poster_label.text()
    assert detail.abstract_label.text().startswith("We study")
    assert detail.when_label.text() == "Sunday 26 April 2026\n11:15–11:30 (15 min) · Main hall"


def test_poster_session_lists_its_75_posters(qtbot: QtBot, page: SchedulePage) -> None:
    page.set_view("list")
    row = page.model.row_of(sid(page, "Poster session 1"))
    assert row is not None
    index = page.proxy.mapFromSource(page.model.index(row, Column.TITLE))
    rect = page.list_view.visualRect(index)
    qtbot.mouseClick(page.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_session_id() == sid(page, "Poster session 1")
    rows = page.detail.poster_rows()
    assert len(rows) == 75
    assert [board for board, *_ in rows] == [str(n) for n in range(1, 76)]
    assert all(title and authors for _, title, authors, _ in rows)
    remote = [r for r in rows if r[3] == "Remote"]
    program = page.program()
    assert program is not None
    session = program.session(sid(page, "Poster session 1"))
    assert session is not None
    assert len(remote) == sum(p.remote for p in session.posters) > 0
    assert page.detail.posters_heading.text() == (f"Posters (75), {len(remote)} presented remotely")
    assert page.detail.posters.isVisible()
    # A talk has no poster list.
    qtbot.keyClick(page.list_view, Qt.Key.Key_Down)
    assert page.detail.title_label.text() == "Lunch break"
    assert not page.detail.posters.isVisible()


def test_switch_views_with_the_keyboard(
    qtbot: QtBot, page: SchedulePage, app_context: AppContext
) -> None:
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.timeline.canvas.setFocus()
    assert page.view() == "timeline"
    qtbot.keyClick(page.timeline.canvas, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.view() == "list")  # a mnemonic animates the button's click
    assert page.list_button.isChecked()
    assert page.list_view.hasFocus()
    # Arrow keys in the list move the selection and the detail follows.
    selected = page.selected_session_id()
    qtbot.keyClick(page.list_view, Qt.Key.Key_Down)
    assert page.selected_session_id() != selected
    assert page.detail.title_label.text() == "Contributed talk 1"
    # The choice is remembered for the next time the page is built.
    again = SchedulePage(app_context)
    qtbot.addWidget(again)
    assert again.view() == "list"
    qtbot.keyClick(page.list_view, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.view() == "timeline")
    assert page.timeline.canvas.hasFocus()
    assert page.timeline.canvas.selected_session_id() == sid(page, "Contributed talk 1")


def add_second_day(app_context: AppContext) -> None:
    with app_context.database.transaction() as s:
        event = s.scalars(select(Event)).one()
        event.last_day = date(2026, 4, 27)
        hall = s.scalars(select(Room).where(Room.name == "Main hall")).one()
        s.add(
            Session(
                event_id=event.id,
                uid="day-2-keynote",
                title="Closing keynote",
                kind=SessionKind.INVITED_TALK,
                start_at=demo_time("09:30", day=27),
                end_at=demo_time("10:30", day=27),
                room=hall,
            )
        )


def test_a_two_day_event_shows_a_day_selector(
    qtbot: QtBot, page: SchedulePage, app_context: AppContext
) -> None:
    assert page.day_tabs.isHidden()  # one day: nothing to choose
    add_second_day(app_context)
    page.refresh()
    assert page.day_tabs.isVisible()
    assert [page.day_tabs.tabText(i) for i in range(2)] == ["Sun 26 Apr", "Mon 27 Apr"]
    assert page.current_day() == date(2026, 4, 26)  # today, during the event
    page.day_tabs.setFocus()
    qtbot.keyClick(page.day_tabs, Qt.Key.Key_Right)
    assert page.current_day() == date(2026, 4, 27)
    assert [r[Column.TITLE] for r in list_rows(page)] == ["Closing keynote"]
    assert page.timeline.canvas.session_ids() == [sid(page, "Closing keynote")]
    # Selecting a session of the other day switches back to it.
    assert page.select_session(sid(page, "Panel discussion"))
    assert page.current_day() == date(2026, 4, 26)
    assert page.day_tabs.currentIndex() == 0
    assert page.detail.title_label.text() == "Panel discussion"


def test_refresh_after_an_insert_shows_the_new_session(
    qtbot: QtBot, page: SchedulePage, app_context: AppContext
) -> None:
    click_block(qtbot, page, sid(page, "Invited talk 2"))
    with app_context.database.transaction() as s:
        event = s.scalars(select(Event)).one()
        s.add(
            Session(
                event_id=event.id,
                uid="extra",
                title="Lightning talks",
                kind=SessionKind.OTHER,
                start_at=demo_time("18:00"),
                end_at=demo_time("18:30"),
            )
        )
    page.refresh()
    titles = [r[Column.TITLE] for r in list_rows(page)]
    assert len(titles) == 17 and titles[-1] == "Lightning talks"
    new = sid(page, "Lightning talks")
    assert new in page.timeline.canvas.session_ids()
    assert page.timeline.header.room_names()[-1] == "No room"
    # The selection survives the reload.
    assert page.selected_session_id() == sid(page, "Invited talk 2")
    assert page.detail.title_label.text() == "Invited talk 2"


def test_projected_times_from_drift(
    qtbot: QtBot, page: SchedulePage, fake_clock: FakeClock
) -> None:
    talk = sid(page, "Contributed talk 1")
    assert page.list_view.isColumnHidden(Column.PROJECTED)
    program = page.program()
    assert program is not None
    planned = program.session(talk)
    assert planned is not None
    late = (planned.start + timedelta(minutes=10), planned.end + timedelta(minutes=10))
    page.set_adjusted_times({talk: late})
    assert not page.list_view.isColumnHidden(Column.PROJECTED)
    row = next(r for r in list_rows(page) if r[Column.TITLE] == "Contributed talk 1")
    assert row[Column.TIME] == "11:00–11:15"
    assert row[Column.PROJECTED] == "11:10–11:25 (+10 min)"
    canvas = page.timeline.canvas
    assert canvas.lines_of(talk)[1] == "NEXT 11:00–11:15 → 11:10 (+10 min) · Contributed talk"
    layout = canvas.timeline_layout()
    block = layout.block(talk)
    assert block is not None and block.projected is not None
    assert block.projected.top() > block.rect.top()
    page.select_session(talk)
    assert page.detail.projected_label.text() == "Projected: 11:10–11:25 (+10 min from the plan)"
    assert "Next at 11:10: Contributed talk 1" in page.banner.text()
    # At 11:05 the late talk has not started: the break still counts as the last thing on.
    fake_clock.advance(30 * 60)
    page.update_now()
    assert canvas.status_of(talk) == "next"
    page.set_adjusted_times({})
    assert page.list_view.isColumnHidden(Column.PROJECTED)
    assert canvas.status_of(talk) == "now"
    assert page.detail.projected_label.isHidden()
    with pytest.raises(ValueError, match="naive time"):
        page.set_adjusted_times({talk: (datetime(2026, 4, 26, 11, 10), late[1])})


def test_search_filters_the_list_and_dims_the_timeline(qtbot: QtBot, page: SchedulePage) -> None:
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.timeline.canvas.setFocus()
    qtbot.keyClick(page.timeline.canvas, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "zdeborova")
    assert [r[Column.TITLE] for r in list_rows(page)] == ["Panel discussion"]
    assert page.match_label.text() == "1 of 16 sessions match"
    qtbot.keyClicks(page.search, " nobody")
    assert list_rows(page) == []
    assert page.match_label.text() == "No session matches"
    page.search.clear()
    assert len(list_rows(page)) == 16 and page.match_label.isHidden()


def test_splitter_position_is_remembered(
    qtbot: QtBot, page: SchedulePage, app_context: AppContext
) -> None:
    handle = page.splitter.handle(1)
    before = page.splitter.sizes()
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + QPoint(-200, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(-200, 0))
    after = page.splitter.sizes()
    assert after[1] > before[1] + 100
    again = SchedulePage(app_context)
    qtbot.addWidget(again)
    again.resize(page.size())
    again.show()
    qtbot.waitExposed(again)
    assert abs(again.splitter.sizes()[1] - after[1]) <= 2


def test_every_control_has_an_accessible_name(page: SchedulePage, app_context: AppContext) -> None:
    add_second_day(app_context)
    page.refresh()
    controls = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(
            w, QAbstractButton | QLineEdit | QAbstractItemView | QTabBar | QAbstractScrollArea
        )
        or w is page.timeline.canvas
    ]
    assert len(controls) >= 8
    unnamed = [
        (type(w).__name__, w.objectName(), type(w.parent()).__name__)
        for w in controls
        if not w.accessibleName()
    ]
    assert unnamed == []
    canvas = page.timeline.canvas
    assert canvas.accessibleName() == "Timeline of Sunday 26 April 2026"
    assert canvas.accessibleDescription().startswith("Now, Coffee break, Break, 10:30–11:00")


def make_context(database: Database, tmp_path: Path, clock: FakeClock) -> AppContext:
    settings = QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat)
    return AppContext(database=database, clock=clock, settings=settings, tasks=SynchronousRunner())


def test_an_event_without_sessions_says_so(
    qtbot: QtBot, tmp_path: Path, fake_clock: FakeClock
) -> None:
    database = open_database(tmp_path / "empty.sci4dl")
    with database.transaction() as s:
        create_event(
            s, title="Planning", acronym="PL", timezone="Europe/Vienna", first_day=date(2026, 9, 1)
        )
    page = SchedulePage(make_context(database, tmp_path, fake_clock))
    qtbot.addWidget(page)
    page.show()
    assert page.proxy.rowCount() == 0 and page.timeline.canvas.session_ids() == []
    assert page.timeline.canvas.accessibleDescription() == "No sessions on this day yet."
    assert page.banner.text() == "PL · Tuesday 1 September 2026 · times in Europe/Vienna"
    assert page.detail.empty_hint.isVisible()
    assert not page.timeline.canvas.grab().isNull()
    database.close()


def test_a_file_without_an_event_shows_what_is_wrong(
    qtbot: QtBot, tmp_path: Path, fake_clock: FakeClock
) -> None:
    database = open_database(tmp_path / "blank.sci4dl")
    page = SchedulePage(make_context(database, tmp_path, fake_clock))
    qtbot.addWidget(page)
    page.show()
    assert page.error_label.isVisible()
    assert "blank.sci4dl" in page.error_label.text()
    assert "holds no event yet: create one or open the demo" in page.error_label.text()
    assert page.program() is None
    database.close()


def test_a_poster_sessions_details_leave_the_room_to_its_posters(
    qtbot: QtBot, page: SchedulePage
) -> None:
    click_block(qtbot, page, sid(page, "Poster session 1"))
    detail = page.detail
    qtbot.waitUntil(detail.posters.isVisible)
    info = detail.info_scroll.widget()
    layout = info.layout()
    needed = layout.totalHeightForWidth(detail.info_scroll.viewport().width())
    assert detail.info_scroll.height() <= needed + 4  # no blank band above the list
    assert detail.posters.height() > 3 * detail.info_scroll.height()
    click_block(qtbot, page, sid(page, "Panel discussion"))  # no posters: details get it all
    qtbot.waitUntil(lambda: detail.info_scroll.height() > 3 * needed)


@pytest.mark.parametrize("height", [460, 768, 1060, 1300])
def test_scrolled_to_now_no_hour_label_is_cut_at_the_top(
    qtbot: QtBot, page: SchedulePage, height: int
) -> None:
    page.resize(1366, height)
    timeline = page.timeline
    qtbot.waitUntil(lambda: timeline.scroll_area.viewport().height() > height // 2)
    assert timeline.scroll_to_now()
    top = timeline.scroll_area.verticalScrollBar().value()
    half = timeline.canvas.fontMetrics().height() / 2
    now_y = timeline.canvas.now_y()
    assert now_y is not None and top < now_y < top + timeline.scroll_area.viewport().height()
    for mark, label in timeline.canvas.timeline_layout().hour_marks():
        assert not (mark - half < top < mark + half), f"{label} cut at the top"
