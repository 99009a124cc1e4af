"""The list model and its search proxy, checked by Qt's own model tester."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QAbstractItemModelTester

from sci4dl_desktop.domain.schedule import Program, load_program, now_and_next
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.schedule.model import (
    SESSION_ID_ROLE,
    STATUS_ROLE,
    Column,
    ScheduleFilterProxy,
    ScheduleListModel,
)

Mode = QAbstractItemModelTester.FailureReportingMode


def demo_time(hhmm: str) -> datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=ZoneInfo("America/Sao_Paulo"))


@pytest.fixture
def program(demo_db: Database) -> Program:
    with demo_db.session() as session:
        return load_program(session)


def text(model: ScheduleListModel | ScheduleFilterProxy, row: int, column: Column) -> str:
    return str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole))


def test_rows_columns_ids_and_text(qapp: object, program: Program) -> None:
    model = ScheduleListModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_sessions(program.sessions, program.zone)
    assert model.rowCount() == 16
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in Column] == [
        "Status",
        "Time",
        "Projected",
        "Title",
        "Kind",
        "Room",
        "Speakers",
    ]
    ids = [model.data(model.index(r, Column.TITLE), SESSION_ID_ROLE) for r in range(16)]
    assert ids == [s.id for s in program.sessions]
    panel = model.row_of(next(s.id for s in program.sessions if s.title == "Panel discussion"))
    assert panel is not None
    assert text(model, panel, Column.TIME) == "15:30–16:30"
    assert text(model, panel, Column.KIND) == "Panel"
    assert text(model, panel, Column.ROOM) == "Main hall"
    assert text(model, panel, Column.SPEAKERS).startswith("Lenka Zdeborová, Jascha Sohl-Dickstein")
    assert model.index(0, 0, model.index(0, 0)).isValid() is False  # a flat table
    del tester


def test_now_and_next_marked_by_text_and_emphasis(qapp: object, program: Program) -> None:
    model = ScheduleListModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_sessions(program.sessions, program.zone)
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    model.set_now_next(now_and_next(program.sessions, demo_time("10:35")))
    statuses = [text(model, r, Column.STATUS) for r in range(16)]
    assert statuses.count("Now") == 1 and statuses.count("Next") == 1
    now_row, next_row = statuses.index("Now"), statuses.index("Next")
    assert text(model, now_row, Column.TITLE) == "Coffee break"
    assert text(model, now_row, Column.TIME) == "10:30–11:00"
    assert text(model, next_row, Column.TITLE) == "Contributed talk 1"
    assert model.data(model.index(now_row, Column.TITLE), STATUS_ROLE) == "now"
    font = model.data(model.index(next_row, Column.ROOM), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert model.data(model.index(0, Column.ROOM), Qt.ItemDataRole.FontRole) is None
    assert sorted(changed) == [now_row, next_row]
    # Moving on to 11:05: the talk runs, the second talk is next, the break is over.
    model.set_now_next(now_and_next(program.sessions, demo_time("11:05")))
    assert text(model, now_row, Column.STATUS) == ""
    assert text(model, next_row, Column.STATUS) == "Now"
    model.set_now_next(None)
    assert all(text(model, r, Column.STATUS) == "" for r in range(16))
    del tester


def test_projected_times_column(qapp: object, program: Program) -> None:
    model = ScheduleListModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_sessions(program.sessions, program.zone)
    talk = next(s for s in program.sessions if s.title == "Contributed talk 1")
    row = model.row_of(talk.id)
    assert row is not None
    assert text(model, row, Column.PROJECTED) == ""
    late = (talk.start + timedelta(minutes=10), talk.end + timedelta(minutes=10))
    model.set_adjusted_times({talk.id: late})
    assert model.has_adjusted_times()
    assert text(model, row, Column.TIME) == "11:00–11:15"
    assert text(model, row, Column.PROJECTED) == "11:10–11:25 (+10 min)"
    tooltip = model.data(model.index(row, Column.TIME), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Sunday 26 April 2026, planned 11:00–11:15, projected 11:10–11:25 (+10 min)"
    model.set_adjusted_times({})
    assert text(model, row, Column.PROJECTED) == ""
    del tester


def test_search_proxy_is_accent_insensitive(qapp: object, program: Program) -> None:
    model = ScheduleListModel()
    model.set_sessions(program.sessions, program.zone)
    proxy = ScheduleFilterProxy()
    proxy.setSourceModel(model)
    tester = QAbstractItemModelTester(proxy, Mode.Warning)
    proxy.set_query("zdeborova")
    assert proxy.rowCount() == 1
    assert text(proxy, 0, Column.TITLE) == "Panel discussion"
    proxy.set_query("COFFEE foyer")
    assert [text(proxy, r, Column.TIME) for r in range(proxy.rowCount())] == [
        "10:30–11:00",
        "15:00–15:30",
    ]
    proxy.set_query("no such thing")
    assert proxy.rowCount() == 0
    proxy.set_query("")
    assert proxy.rowCount() == 16
    assert proxy.data(proxy.index(3, 0), SESSION_ID_ROLE) == program.sessions[3].id
    # Sorting by time uses the instant, not the text.
    proxy.sort(Column.TIME, Qt.SortOrder.DescendingOrder)
    assert text(proxy, 0, Column.TITLE) == "Poster session 2"
    del tester


def test_reset_with_a_new_day(qapp: object, program: Program) -> None:
    model = ScheduleListModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_sessions(program.sessions, program.zone)
    model.set_sessions(program.sessions[:3], program.zone)
    assert model.rowCount() == 3
    assert model.row_of(program.sessions[5].id) is None
    assert model.session_at(3) is None
    assert model.data(QModelIndex()) is None
    del tester
