"""Printing badges from the desk: a walk-in's badge at once, the search results, one person."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.badges import verify_token
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.desk.page import DeskPage, badge_printing_available
from sci4dl_desktop.ui.printing.badge_dialog import BadgeDialog


def the_dialog(qtbot: QtBot, page: DeskPage) -> BadgeDialog:
    qtbot.waitUntil(lambda: page.findChild(BadgeDialog) is not None)
    dialog = page.findChild(BadgeDialog)
    assert isinstance(dialog, BadgeDialog)
    qtbot.waitExposed(dialog)
    return dialog


def serials_on_preview(page: DeskPage, dialog: BadgeDialog) -> list[str]:
    """Decode the dialog's badge preview, as a camera would read the printed badge."""
    image = dialog.preview.pixmap().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    secret = bytes(page._context.database.event().badge_secret)
    texts = [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    return [str(verify_token(secret, text).serial) for text in texts]


def test_a_walk_ins_badge_is_one_click_away(
    qtbot: QtBot, page: DeskPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert badge_printing_available()
    page.focus_walk_in()
    form = page.walk_in
    qtbot.keyClicks(form.name, "Ana Souza")
    qtbot.keyClicks(form.affiliation, "Universidade de Sao Paulo")  # QTest types ASCII only
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Registered Ana Souza" in form.result.text())
    assert form.print_button.isVisible()
    qtbot.mouseClick(form.print_button, Qt.MouseButton.LeftButton)
    dialog = the_dialog(qtbot, page)
    assert "1 badge" in dialog.summary.text() and "Ana Souza (W-0001)" in dialog.summary.text()
    assert dialog.chosen_layout().value == "card"
    assert serials_on_preview(page, dialog) == ["W-0001"]

    pdf = tmp_path / "ana.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(pdf), "PDF files (*.pdf)"))
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_run is not None and dialog.job is None, timeout=20_000)
    assert pdf.is_file() and dialog.status.text().startswith("Saved 1 badge on 1 page")


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # menus, offscreen
def test_ctrl_p_prints_the_search_results(qtbot: QtBot, page: DeskPage) -> None:
    search = page.search_panel.search
    qtbot.keyClicks(search, "universidad de buenos")
    qtbot.waitUntil(lambda: page.search_panel.model.rowCount() > 1)
    results = page.search_panel.model.rowCount()
    qtbot.keyClick(search, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    menu = page.tools.print_menu
    qtbot.waitUntil(menu.isVisible)
    assert page.tools.print_results.text() == f"Badges of the search &results ({results})…"
    assert page.tools.print_selected.isEnabled()
    qtbot.keyClick(menu, Qt.Key.Key_R)  # the menu's mnemonic
    dialog = the_dialog(qtbot, page)
    assert f"{results} badges" in dialog.summary.text()
    with page._context.database.session() as s:
        first = s.get(Attendee, page.search_panel.model.attendee(0).id)  # type: ignore[union-attr]
        assert first is not None and first.name in dialog.summary.text()
    dialog.reject()


def test_everyone_and_the_selected_attendee_from_the_menu(qtbot: QtBot, page: DeskPage) -> None:
    tools = page.tools
    tools.print_all_badges()
    dialog = the_dialog(qtbot, page)
    assert "700 badges" in dialog.summary.text() and dialog.pages.text() in (
        "88 pages",
        "117 pages",
    )
    dialog.reject()
    qtbot.waitUntil(lambda: page.findChild(BadgeDialog) is None or not dialog.isVisible())

    qtbot.keyClicks(page.search_panel.search, "Zdeborova")
    qtbot.waitUntil(lambda: page.search_panel.current() is not None)
    tools.print_selected.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in page.findChildren(BadgeDialog)))
    shown = next(d for d in page.findChildren(BadgeDialog) if d.isVisible())
    with page._context.database.session() as s:
        lenka = s.scalars(select(Attendee).where(Attendee.name.startswith("Lenka"))).one()
    assert serials_on_preview(page, shown) == [lenka.badge_serial]


def test_the_print_menu_says_what_it_would_print(qtbot: QtBot, page: DeskPage) -> None:
    page.tools._update_print_menu()
    assert not page.tools.print_selected.isEnabled()  # nothing found yet
    assert not page.tools.print_results.isEnabled()
    assert page.tools.print_everyone.isEnabled()
    assert isinstance(page.tools.print_button.menu(), QMenu)
    assert QApplication.activeModalWidget() is None
