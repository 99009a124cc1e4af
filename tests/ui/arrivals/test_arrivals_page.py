"""The arrivals page: numbers, table and chart that follow the desks, and the CSV report."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.arrivals import page as page_module
from sci4dl_desktop.ui.arrivals.chart import nice_maximum
from sci4dl_desktop.ui.arrivals.page import ArrivalsPage
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.page import DeskPage
from sci4dl_desktop.ui.theme import make_palette

ZONE = ZoneInfo("America/Sao_Paulo")


def demo_time(hhmm: str) -> datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=ZONE)


def ids_of(context: AppContext, category: AttendeeCategory, count: int) -> list[int]:
    with context.database.session() as s:
        query = select(Attendee.id).where(Attendee.category == category).order_by(Attendee.id)
        return list(s.scalars(query.limit(count)))


def check_in(context: AppContext, attendee_ids: list[int], at: str, desk: str = "Desk 2") -> None:
    """Another desk checks these people in at `at` (event time), one minute apart."""
    clock = FakeClock(current=demo_time(at))
    service = CheckInService(context.database, clock, desk)
    for attendee_id in attendee_ids:
        service.check_in_attendee(attendee_id)
        clock.advance(60)


@pytest.fixture
def make_page(qtbot: QtBot, app_context: AppContext) -> Callable[[], ArrivalsPage]:
    def make() -> ArrivalsPage:
        page = ArrivalsPage(app_context)
        qtbot.addWidget(page)
        page.resize(1366, 768)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


def test_numbers_table_and_chart_after_a_morning(
    qtbot: QtBot, app_context: AppContext, make_page: Callable[[], ArrivalsPage]
) -> None:
    check_in(app_context, ids_of(app_context, AttendeeCategory.STUDENT, 12), "08:41")
    check_in(app_context, ids_of(app_context, AttendeeCategory.SPEAKER, 3), "08:02", "Desk 1")
    page = make_page()
    assert page.checked_in.value.text() == "15"
    assert page.expected.value.text() == "655"
    assert page.to_come.value.text() == "640"
    assert page.recent.value.text() == "0"  # it is 10:35
    assert page.progress.text().startswith("15 of 655 expected checked in")

    QAbstractItemModelTester(page.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    rows = {
        page.model.index(r, 0).data(): [page.model.index(r, c).data() for c in range(1, 5)]
        for r in range(page.model.rowCount())
    }
    assert rows["Student"] == ["12", "326", "4%", "314"]
    assert rows["Speaker"] == ["3", "11", "27%", "8"]
    assert rows["Remote"] == ["0", "–", "–", "–"]  # remote participants are not expected
    assert rows["Total"] == ["15", "655", "2%", "640"]

    chart = page.chart
    assert chart.labels[:4] == ["07:30", "08:00", "08:30", "09:00"]
    students = chart.sets[AttendeeCategory.STUDENT]
    speakers = chart.sets[AttendeeCategory.SPEAKER]
    assert sum(students.at(i) for i in range(students.count())) == 12
    # 08:41..08:52: 4 in the 08:40 bucket, 5 in 08:45, 3 in 08:50
    start = page.report.buckets[0].start if page.report else None
    assert start == demo_time("07:30")
    at_0840 = (70 // 5) * 1  # buckets from 07:30 to 08:40
    assert [students.at(at_0840 + k) for k in range(3)] == [4, 5, 3]
    assert speakers.at(32 // 5) == 3  # 08:02-08:04 are in the 08:00 bucket
    assert chart.count_axis.max() == nice_maximum(5) == 8
    assert "Busiest five minutes: 08:45–08:50, 5 arrivals." in page.status.text()
    latest = page.latest_model
    assert latest.rowCount() == 15 and latest.index(0, 1).data() != ""
    assert latest.index(0, 0).data() == "08:52:00"  # newest first


def test_a_check_in_at_the_desk_shows_up_at_once(
    qtbot: QtBot, app_context: AppContext, make_page: Callable[[], ArrivalsPage]
) -> None:
    page = make_page()
    app_context.settings.setValue("desk/sound", "false")  # a quiet desk
    desk = DeskPage(app_context)
    qtbot.addWidget(desk)
    assert page.checked_in.value.text() == "0"
    assert "No arrivals yet." in page.status.text()
    lenka = desk.service.search("Zdeborova")[0]
    desk.scan(desk.service.token_for(lenka))
    qtbot.waitUntil(lambda: page.checked_in.value.text() == "1")
    assert page.recent.value.text() == "1"
    assert page.latest_model.index(0, 1).data() == "Lenka Zdeborová"
    assert page.latest_model.index(0, 3).data() == "Desk 1"


def test_other_desks_check_ins_arrive_with_the_poll_and_f5(
    qtbot: QtBot,
    app_context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    make_page: Callable[[], ArrivalsPage],
) -> None:
    monkeypatch.setattr(page_module, "POLL_MS", 50)
    page = make_page()
    check_in(app_context, ids_of(app_context, AttendeeCategory.ACADEMIC, 4), "10:20")
    qtbot.waitUntil(lambda: page.checked_in.value.text() == "4", timeout=3000)  # no signal
    page._timer.stop()
    check_in(app_context, ids_of(app_context, AttendeeCategory.INDUSTRY, 2), "10:30")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    assert page.checked_in.value.text() == "6"


def test_a_hidden_page_catches_up_when_shown(
    qtbot: QtBot, app_context: AppContext, make_page: Callable[[], ArrivalsPage]
) -> None:
    page = make_page()
    page.hide()
    check_in(app_context, ids_of(app_context, AttendeeCategory.STUDENT, 2), "09:00")
    app_context.signals.data_changed.emit("check_ins")
    assert page.checked_in.value.text() == "0"  # no work for a page nobody sees
    page.show()
    qtbot.waitUntil(lambda: page.checked_in.value.text() == "2")


def test_save_the_arrivals_report_with_ctrl_s(
    qtbot: QtBot,
    app_context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_page: Callable[[], ArrivalsPage],
) -> None:
    check_in(app_context, ids_of(app_context, AttendeeCategory.STUDENT, 3), "08:50")
    page = make_page()
    asked: list[str] = []

    def answer(_parent: object, _title: str, suggested: str, _filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "arrivals"), "CSV files (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert Path(asked[0]).name == "SCI4DL-2026-arrivals-1035.csv"
    saved = tmp_path / "arrivals.csv"
    qtbot.waitUntil(lambda: saved.exists())
    assert page.status.text() == f"Saved 3 arrivals to {saved}."
    table = list(csv.reader(io.StringIO(saved.read_text("utf-8-sig"))))
    assert table[0][:4] == ["Name", "Category", "Affiliation", "First check-in"]
    assert [r[3] for r in table[1:]] == [
        "2026-04-26 08:50:00",
        "2026-04-26 08:51:00",
        "2026-04-26 08:52:00",
    ]
    assert {r[4] for r in table[1:]} == {"Desk 2"}


def test_a_report_that_cannot_be_written_says_why(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_page: Callable[[], ArrivalsPage],
) -> None:
    page = make_page()
    target = tmp_path / "no such folder" / "arrivals.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(target), "CSV files (*.csv)"))
    )
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not saved" in page.status.text())
    assert str(target) in page.status.text() and page.status.text().startswith("⚠")
    assert not target.exists()


def test_dark_mode_and_legible_at_1366x768(
    qtbot: QtBot, app_context: AppContext, make_page: Callable[[], ArrivalsPage]
) -> None:
    check_in(app_context, ids_of(app_context, AttendeeCategory.STUDENT, 30), "08:30")
    page = make_page()
    for dark in (False, True):
        page.setPalette(make_palette(dark))
        QApplication.processEvents()
        base = page.palette().color(QPalette.ColorRole.Base)
        text = page.palette().color(QPalette.ColorRole.WindowText)
        chart = page.chart.chart_
        assert chart.backgroundBrush().color() == base
        assert chart.legend().labelColor() == text
        assert page.chart.time_axis.labelsBrush().color() == text
    for label in page.findChildren(QLabel):
        if label.isVisible() and label.text() and not label.wordWrap():
            assert label.sizeHint().width() <= label.width() + 1, label.text()
    assert page.chart.width() > page.width() // 2  # the chart has room for its half hours
