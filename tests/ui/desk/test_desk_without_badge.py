"""The desk without a badge: search, check in from results, walk-ins, undo, audit, settings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.store.enums import AttendeeCategory, CheckInAction
from sci4dl_desktop.store.models import Admission, Attendee, AuditEntry, CheckIn
from sci4dl_desktop.ui.desk.models import AuditColumn, ResultColumn
from sci4dl_desktop.ui.desk.page import DESK_NAME_KEY, DeskPage, badge_printing_available
from sci4dl_desktop.ui.desk.sounds import SOUND_KEY

LENKA = "Lenka Zdeborová"


def admitted_names(page: DeskPage) -> list[str]:
    with page._context.database.session() as s:
        return list(
            s.scalars(select(Attendee.name).join(Admission, Admission.attendee_id == Attendee.id))
        )


def search_for(qtbot: QtBot, page: DeskPage, text: str, rows: int) -> None:
    search = page.search_panel.search
    search.clear()
    qtbot.keyClicks(search, text)
    qtbot.waitUntil(lambda: page.search_panel.model.rowCount() == rows, timeout=2000)


def test_search_without_accents_finds_and_enter_checks_in(qtbot: QtBot, page: DeskPage) -> None:
    search_for(qtbot, page, "Zdeborova", 1)
    model = page.search_panel.model
    assert model.index(0, ResultColumn.NAME).data() == LENKA
    assert model.index(0, ResultColumn.STATUS).data() == "Not yet"
    assert page.search_panel.count.text() == "1 match"
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)
    assert page.verdict.headline.text() == f"Welcome, {LENKA}"
    assert admitted_names(page) == [LENKA]
    qtbot.waitUntil(lambda: model.index(0, ResultColumn.STATUS).data() == "Yes, 10:35 at Desk 1")
    assert page.stats_label.text().startswith("Checked in 1 of ")


def test_search_by_email_affiliation_serial_and_arrow_keys(qtbot: QtBot, page: DeskPage) -> None:
    search_for(qtbot, page, "s26-0006", 1)
    assert page.search_panel.current().name == LENKA  # type: ignore[union-attr]
    search_for(qtbot, page, "lenka.zdeborova@", 1)
    search_for(qtbot, page, "nyu meta", 1)
    assert page.search_panel.current().name == "Julia Kempe"  # type: ignore[union-attr]
    page.search_panel.search.clear()
    qtbot.keyClicks(page.search_panel.search, "university")
    qtbot.waitUntil(lambda: page.search_panel.model.rowCount() > 2)
    first = page.search_panel.current()
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_Down)
    second = page.search_panel.current()
    assert first is not None and second is not None and first.id != second.id
    qtbot.mouseClick(page.search_panel.check_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)
    assert admitted_names(page) == [second.name]
    search_for(qtbot, page, "nobody-by-this-name", 0)
    assert page.search_panel.count.text() == "No match"
    assert not page.search_panel.check_in_button.isEnabled()


def test_remote_participant_from_search_is_refused(qtbot: QtBot, page: DeskPage) -> None:
    with page._context.database.session() as s:
        remote = s.scalars(
            select(Attendee).where(Attendee.category == AttendeeCategory.REMOTE)
        ).first()
    assert remote is not None
    search_for(qtbot, page, remote.badge_serial, 1)
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.REFUSED)
    assert page.verdict.headline.text() == "Remote participant"
    assert admitted_names(page) == []


def test_walk_in_form_validates_then_registers_and_checks_in(qtbot: QtBot, page: DeskPage) -> None:
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.walk_in
    assert page.tabs.currentWidget() is form
    qtbot.mouseClick(form.register_button, Qt.MouseButton.LeftButton)
    assert form.errors["name"].isVisible()
    assert "name" in form.errors["name"].text()
    qtbot.keyClicks(form.name, "Ana Souza")
    qtbot.keyClicks(form.email, "ana at usp")
    qtbot.keyClick(form.email, Qt.Key.Key_Return)
    assert not form.errors["name"].isVisible()
    assert "not an email address" in form.errors["email"].text()
    form.email.clear()
    qtbot.keyClicks(form.email, "lenka.zdeborova@speakers.example.org")
    qtbot.keyClick(form.email, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "already registered to Lenka" in form.errors["email"].text())
    form.email.clear()
    qtbot.keyClicks(form.email, "ana.souza@usp.example")
    qtbot.keyClicks(form.affiliation, "Universidade de Sao Paulo")
    form.category.setFocus()
    qtbot.keyClicks(form.category, "Academic")  # type-ahead in the combo box
    assert form.selected_category() is AttendeeCategory.ACADEMIC
    qtbot.keyClick(form.affiliation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)
    assert page.verdict.headline.text() == "Welcome, Ana Souza"
    assert form.result.text() == "✔ Registered Ana Souza, badge W-0001, and checked in."
    assert form.name.text() == "" and form.email.text() == ""
    assert form.print_button.isVisible() == badge_printing_available()
    with page._context.database.session() as s:
        ana = s.scalars(select(Attendee).where(Attendee.name == "Ana Souza")).one()
    assert ana.category is AttendeeCategory.ACADEMIC and ana.badge_serial == "W-0001"
    assert admitted_names(page) == ["Ana Souza"]
    search_for(qtbot, page, "souza", 1)  # the new attendee is searchable at once


def test_walk_in_without_check_in(qtbot: QtBot, page: DeskPage) -> None:
    page.focus_walk_in()
    form = page.walk_in
    qtbot.keyClicks(form.name, "Bo Li")
    qtbot.mouseClick(form.check_in_now, Qt.MouseButton.LeftButton)
    assert not form.check_in_now.isChecked()
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Registered Bo Li" in form.result.text())
    assert "not checked in yet" in form.result.text()
    assert admitted_names(page) == []


def test_undo_needs_a_reason_and_is_logged(qtbot: QtBot, page: DeskPage) -> None:
    search_for(qtbot, page, "Zdeborova", 1)
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.search_panel.undo_button.isEnabled())
    qtbot.mouseClick(page.search_panel.undo_button, Qt.MouseButton.LeftButton)
    bar = page.search_panel.confirm_bar
    assert (bar.isVisible() and bar.reason.hasFocus()) or not page.isActiveWindow()
    qtbot.keyClick(bar.reason, Qt.Key.Key_Return)
    assert "Give a reason" in bar.error.text()
    assert admitted_names(page) == [LENKA]
    qtbot.keyClicks(bar.reason, "checked in the wrong Lenka")
    qtbot.keyClick(bar.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: admitted_names(page) == [])
    assert not bar.isVisible()
    assert "undone" in page.verdict.subline.text()
    with page._context.database.session() as s:
        undo = s.scalars(select(CheckIn).where(CheckIn.action == CheckInAction.UNDO)).one()
    assert undo.reason == "checked in the wrong Lenka" and undo.desk == "Desk 1"


def test_undo_from_the_green_verdict(qtbot: QtBot, page: DeskPage) -> None:
    search_for(qtbot, page, "Zdeborova", 1)
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.verdict.undo_button.isVisible())
    qtbot.mouseClick(page.verdict.undo_button, Qt.MouseButton.LeftButton)
    bar = page.search_panel.confirm_bar
    assert bar.isVisible() and LENKA in bar.question.text()
    qtbot.keyClicks(bar.reason, "badge belonged to a colleague")
    qtbot.mouseClick(bar.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: admitted_names(page) == [])


def test_audit_log_lists_every_action_newest_first(qtbot: QtBot, page: DeskPage) -> None:
    search_for(qtbot, page, "Zdeborova", 1)
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)
    page.scan("not a badge at all")
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    model = page.audit.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert model.index(0, AuditColumn.ACTION).data() == "Scan refused"
    assert model.index(1, AuditColumn.ACTION).data() == "Checked in"
    assert model.index(1, AuditColumn.ATTENDEE).data() == LENKA
    assert model.index(1, AuditColumn.DESK).data() == "Desk 1"
    assert model.index(1, AuditColumn.TIME).data() == "10:35:00"
    assert page.audit.summary.text() == "2 actions at 1 desk, newest first"
    page.scan("still not a badge")  # the open log follows new actions
    qtbot.waitUntil(lambda: model.rowCount() == 3)


def test_desk_name_is_remembered_and_used(
    qtbot: QtBot, page: DeskPage, make_page: Callable[..., DeskPage]
) -> None:
    field = page.desk_name
    field.selectAll()
    qtbot.keyClicks(field, "Desk 2")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert page._context.settings.value(DESK_NAME_KEY) == "Desk 2"
    search_for(qtbot, page, "Zdeborova", 1)
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)
    assert page.verdict.footer.text().endswith("at Desk 2")
    with page._context.database.session() as s:
        assert s.scalars(select(AuditEntry.desk)).all() == ["Desk 2"]
    page.close()
    again = make_page()
    assert again.desk_name.text() == "Desk 2" and again.service.desk_name == "Desk 2"
    again.desk_name.clear()
    qtbot.keyClick(again.desk_name, Qt.Key.Key_Return)
    assert again.desk_name.text() == "Desk 2"  # a desk cannot lose its name
    assert "Desk name unchanged" in again.verdict.subline.text()


def test_sound_toggle_mutes_and_is_remembered(
    qtbot: QtBot, page: DeskPage, make_page: Callable[..., DeskPage]
) -> None:
    button = page.sound_button
    assert button.isChecked() and button.text() == "Sound on"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.text() == "Sound off"
    assert page._context.settings.value(SOUND_KEY) == "false"
    page.scan("garbage")
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.REFUSED)
    assert page.sounds.played == []  # type: ignore[attr-defined]
    page.close()
    again = make_page()
    assert not again.sound_button.isChecked()
    qtbot.keyClick(again.search_panel.search, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert again.sound_button.isChecked()


def test_other_pages_changes_refresh_the_desk(qtbot: QtBot, page: DeskPage) -> None:
    with page._context.database.transaction() as s:
        lenka = s.scalars(select(Attendee).where(Attendee.name == LENKA)).one()
        s.add(
            Attendee(
                event_id=lenka.event_id,
                name="Zdeborová Imported",
                category=AttendeeCategory.STUDENT,
                badge_serial="IMP-1",
            )
        )
    page._context.signals.data_changed.emit("attendees")
    search_for(qtbot, page, "zdeborova", 2)
    with page._context.database.session() as s:
        count = s.scalar(select(func.count()).select_from(AuditEntry))
    assert count == 0
