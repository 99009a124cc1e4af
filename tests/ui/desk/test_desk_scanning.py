"""Scanning at the desk: keystroke bursts from a handheld scanner, verdicts, re-entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from sci4dl_desktop.domain.checkin_types import AuditAction
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.store.enums import CheckInAction
from sci4dl_desktop.store.models import Admission, Attendee, AuditEntry, CheckIn
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.page import DeskPage
from sci4dl_desktop.ui.desk.verdict_panel import IDLE

LENKA = "Lenka Zdeborová"


def token_of(page: DeskPage, name: str) -> str:
    with page._context.database.session() as s:
        attendee = s.scalars(select(Attendee).where(Attendee.name == name)).one()
    return page.service.token_for(attendee)


def log_actions(page: DeskPage) -> list[CheckInAction]:
    with page._context.database.session() as s:
        return list(s.scalars(select(CheckIn.action).order_by(CheckIn.id)))


def scan_keys(qtbot: QtBot, widget: object, payload: str, *, enter: bool) -> None:
    """What a handheld scanner does: type the payload very fast, maybe press Enter."""
    qtbot.keyClicks(widget, payload)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def wait_state(qtbot: QtBot, page: DeskPage, state: str) -> None:
    qtbot.waitUntil(lambda: page.verdict.state == state, timeout=3000)


@pytest.mark.parametrize("enter", [True, False], ids=["with-enter", "without-enter"])
def test_scanner_burst_in_the_search_box_admits_and_leaves_it_clean(
    qtbot: QtBot, page: DeskPage, enter: bool
) -> None:
    search = page.search_panel.search
    assert search.hasFocus()
    scan_keys(qtbot, search, token_of(page, LENKA), enter=enter)
    wait_state(qtbot, page, VerdictState.ADMITTED)
    assert page.verdict.headline.text() == f"Welcome, {LENKA}"
    assert "SPEAKER" in page.verdict.subline.text()
    assert "tell the session chair" in page.verdict.notes.text()
    assert "check photo ID" in page.verdict.notes.text()
    assert page.verdict.state_word.text() == "ADMITTED"  # words and an icon, not colour alone
    assert search.text() == ""
    assert page.sounds.played == [VerdictState.ADMITTED]  # type: ignore[attr-defined]
    assert log_actions(page) == [CheckInAction.CHECK_IN]


def test_a_scan_while_someone_is_typing_a_search_keeps_their_text(
    qtbot: QtBot, page: DeskPage
) -> None:
    search = page.search_panel.search
    search.setText("Ana")
    scan_keys(qtbot, search, token_of(page, LENKA).lower(), enter=True)  # a lower-casing scanner
    wait_state(qtbot, page, VerdictState.ADMITTED)
    assert search.text() == "Ana"


def test_a_scan_into_another_focused_widget_is_routed_too(qtbot: QtBot, page: DeskPage) -> None:
    page.focus_walk_in()
    scan_keys(qtbot, page.walk_in.name, token_of(page, LENKA), enter=True)
    wait_state(qtbot, page, VerdictState.ADMITTED)
    assert page.walk_in.name.text() == ""
    assert page.walk_in.result.text() == ""  # the walk-in form was not submitted


def test_typing_a_name_that_starts_like_a_badge_still_reaches_the_search_box(
    qtbot: QtBot, page: DeskPage
) -> None:
    search = page.search_panel.search
    qtbot.keyClicks(search, "S")
    qtbot.waitUntil(lambda: search.text() == "S", timeout=2000)  # held briefly, then given back
    qtbot.keyClicks(search, "ilva")
    assert search.text() == "Silva"
    qtbot.keyClicks(search, " s4")
    qtbot.waitUntil(lambda: search.text() == "Silva s4", timeout=2000)
    assert page.verdict.state == IDLE


def test_second_scan_is_amber_with_time_and_desk_and_R_records_a_re_entry(
    qtbot: QtBot, page: DeskPage, fake_clock: FakeClock
) -> None:
    search = page.search_panel.search
    token = token_of(page, LENKA)
    scan_keys(qtbot, search, token, enter=True)
    wait_state(qtbot, page, VerdictState.ADMITTED)
    fake_clock.advance(25 * 60)
    scan_keys(qtbot, search, token, enter=True)
    wait_state(qtbot, page, VerdictState.ALREADY)
    assert page.verdict.headline.text() == "Already checked in at 10:35 at Desk 1"
    assert LENKA in page.verdict.subline.text()
    assert page.verdict.re_entry_button.isVisible()
    assert page.sounds.played == [VerdictState.ADMITTED, VerdictState.ALREADY]  # type: ignore[attr-defined]

    qtbot.keyClick(search, Qt.Key.Key_R)
    wait_state(qtbot, page, VerdictState.ADMITTED)
    assert page.verdict.headline.text() == f"Welcome back, {LENKA}"
    assert search.text() == ""
    assert log_actions(page) == [CheckInAction.CHECK_IN, CheckInAction.RE_ENTRY]
    qtbot.keyClick(search, Qt.Key.Key_R)  # no amber any more: R is just a letter again
    assert search.text() == "r"
    assert log_actions(page) == [CheckInAction.CHECK_IN, CheckInAction.RE_ENTRY]


def test_enter_also_records_the_re_entry(
    qtbot: QtBot, page: DeskPage, fake_clock: FakeClock
) -> None:
    search = page.search_panel.search
    token = token_of(page, LENKA)
    scan_keys(qtbot, search, token, enter=True)
    fake_clock.advance(5)
    scan_keys(qtbot, search, token, enter=False)
    wait_state(qtbot, page, VerdictState.ALREADY)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    wait_state(qtbot, page, VerdictState.ADMITTED)
    assert log_actions(page)[-1] is CheckInAction.RE_ENTRY


def test_forged_badge_is_red_with_the_reason(qtbot: QtBot, page: DeskPage) -> None:
    token = token_of(page, LENKA)
    forged = token.replace("S26-0006", "S26-0007")
    scan_keys(qtbot, page.search_panel.search, forged, enter=True)
    wait_state(qtbot, page, VerdictState.REFUSED)
    assert page.verdict.headline.text() == "Forged or altered badge"
    assert page.verdict.state_word.text() == "REFUSED"
    assert "photo ID" in page.verdict.notes.text()
    assert page.sounds.played == [VerdictState.REFUSED]  # type: ignore[attr-defined]
    with page._context.database.session() as s:
        assert s.scalar(select(func.count()).select_from(Admission)) == 0
        assert s.scalars(select(AuditEntry.action)).all() == [AuditAction.REFUSED]


def test_the_same_badge_read_twice_at_once_counts_once(qtbot: QtBot, page: DeskPage) -> None:
    search = page.search_panel.search
    token = token_of(page, LENKA)
    scan_keys(qtbot, search, token, enter=True)
    scan_keys(qtbot, search, token, enter=True)  # the clock has not moved: within two seconds
    wait_state(qtbot, page, VerdictState.ADMITTED)
    assert page.sounds.played == [VerdictState.ADMITTED]  # type: ignore[attr-defined]
    assert log_actions(page) == [CheckInAction.CHECK_IN]


def test_the_verdict_waits_for_the_write_and_the_gui_does_not(
    qtbot: QtBot,
    make_page: Callable[..., DeskPage],
    app_context: AppContext,
    deferred_runner: Any,
) -> None:
    runner = deferred_runner
    app_context.tasks = runner
    page = make_page(app_context)
    runner.run_all()  # the initial reads
    scan_keys(qtbot, page.search_panel.search, token_of(page, LENKA), enter=True)
    assert page.verdict.state == IDLE and len(runner.queue) == 1  # queued, not yet committed
    with page._context.database.session() as s:
        assert s.scalar(select(func.count()).select_from(Admission)) == 0
    runner.run_all()
    assert page.verdict.state == VerdictState.ADMITTED


def test_verdicts_finishing_out_of_order_show_the_latest_scan(
    qtbot: QtBot,
    make_page: Callable[..., DeskPage],
    app_context: AppContext,
    deferred_runner: Any,
) -> None:
    app_context.tasks = deferred_runner
    page = make_page(app_context)
    deferred_runner.run_all()
    scan_keys(qtbot, page.search_panel.search, token_of(page, LENKA), enter=True)
    scan_keys(qtbot, page.search_panel.search, token_of(page, "Julia Kempe"), enter=True)
    deferred_runner.run_all(newest_first=True)  # the second scan's write finishes first
    assert page.verdict.headline.text() == "Welcome, Julia Kempe"
    assert page.sounds.played == [VerdictState.ADMITTED]  # type: ignore[attr-defined]


def test_reissued_badge_makes_the_old_one_red(
    qtbot: QtBot, page: DeskPage, fake_clock: FakeClock
) -> None:
    old_token = token_of(page, LENKA)
    qtbot.keyClicks(page.search_panel.search, "zdeborova")
    qtbot.waitUntil(lambda: page.search_panel.model.rowCount() == 1)
    qtbot.mouseClick(page.search_panel.reissue_button, Qt.MouseButton.LeftButton)
    assert page.search_panel.confirm_bar.isVisible()
    qtbot.mouseClick(page.search_panel.confirm_bar.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "New badge for" in page.verdict.subline.text())
    scan_keys(qtbot, page.search_panel.search, old_token, enter=True)
    wait_state(qtbot, page, VerdictState.REFUSED)
    assert page.verdict.headline.text() == "Revoked badge"
    fake_clock.advance(3)
    scan_keys(qtbot, page.search_panel.search, token_of(page, LENKA), enter=True)
    wait_state(qtbot, page, VerdictState.ADMITTED)
