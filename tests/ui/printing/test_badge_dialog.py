"""The badge dialog as a volunteer uses it: layout, save or print, progress, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_badges import attendees_on_pages, page_count
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.printing import badges as badges_module
from sci4dl_desktop.ui.printing.badge_dialog import LAYOUT_KEY, BadgeDialog
from sci4dl_desktop.ui.printing.badges import print_badges


def ids(database: Database, count: int) -> list[int]:
    with database.session() as s:
        return list(s.scalars(select(Attendee.id).order_by(Attendee.id).limit(count)))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


WINDOWS: list[QWidget] = []  # the desk windows the dialogs belong to, kept for the test


@pytest.fixture(autouse=True)
def _forget_windows() -> object:
    yield
    WINDOWS.clear()


def open_dialog(
    qtbot: QtBot, database: Database, attendee_ids: list[int], settings: QSettings
) -> BadgeDialog:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    WINDOWS.append(window)
    dialog = print_badges(window, database, attendee_ids, settings=settings)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # the keyboard goes to the dialog, as on screen
    return dialog


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    def answer(*_args: object) -> tuple[str, str]:
        return str(path), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))


def test_save_a_sheet_of_badges_as_pdf_with_the_keyboard(
    qtbot: QtBot,
    demo_db: Database,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = ids(demo_db, 10)
    dialog = open_dialog(qtbot, demo_db, chosen, settings)
    assert "10 badges" in dialog.summary.text() and "Jascha Sohl-Dickstein" in dialog.summary.text()
    assert not dialog.preview.pixmap().isNull()
    dialog.layout_choice.setFocus()
    while dialog.chosen_layout().value != "letter":
        qtbot.keyClick(dialog.layout_choice, Qt.Key.Key_Down)
    assert dialog.pages.text() == "2 pages"  # 6 Letter badges per page
    assert settings.value(LAYOUT_KEY) == "letter"

    pdf = tmp_path / "desk-badges"  # the .pdf is added
    save_to(monkeypatch, pdf)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.last_run is not None, timeout=20_000)
    saved = tmp_path / "desk-badges.pdf"
    assert dialog.status.text().startswith("Saved 10 badges on 2 pages")
    assert str(saved) in dialog.status.text()
    assert page_count(saved) == 2
    pages = attendees_on_pages(saved, tmp_path, demo_db)
    assert sorted(i for page in pages for i in page) == sorted(chosen)
    assert dialog.close_button.text() == "Close" and dialog.save_button.isEnabled()


def test_cancel_stops_drawing_and_leaves_no_file(
    qtbot: QtBot,
    demo_db: Database,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, demo_db, ids(demo_db, 700), settings)
    out = tmp_path / "out"
    out.mkdir()
    save_to(monkeypatch, out / "everyone.pdf")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.job is not None and dialog.progress.isVisible()
    assert dialog.close_button.text() == "Cancel"
    assert not dialog.print_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=10_000)  # it is drawing
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels the run, not the dialog
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10_000)
    assert dialog.isVisible()
    assert dialog.status.text() == "Cancelled: nothing was printed or saved."
    assert dialog.last_run is not None and dialog.last_run.badges < 700
    assert list(out.iterdir()) == []


def test_print_sends_every_badge_to_the_printer(
    qtbot: QtBot, demo_db: Database, settings: QSettings, tmp_path: Path
) -> None:
    chosen = ids(demo_db, 1)
    dialog = open_dialog(qtbot, demo_db, chosen, settings)
    assert dialog.chosen_layout().value == "card"  # one badge: a single card by default
    printed = tmp_path / "printer-output.pdf"

    def printer_chosen_in_the_system_dialog() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    dialog.choose_printer = printer_chosen_in_the_system_dialog  # type: ignore[method-assign]
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.last_run is not None, timeout=20_000)
    assert dialog.status.text().startswith("Sent 1 badge on 1 page to")
    assert attendees_on_pages(printed, tmp_path, demo_db) == [chosen]


def test_unknown_attendees_are_reported_not_printed(
    qtbot: QtBot, demo_db: Database, settings: QSettings
) -> None:
    dialog = open_dialog(qtbot, demo_db, [999_999], settings)
    assert "nothing to print" in dialog.summary.text()
    assert "999999" in dialog.status.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()


def test_closing_the_window_while_drawing_stops_cleanly(
    qtbot: QtBot,
    demo_db: Database,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, demo_db, ids(demo_db, 700), settings)
    out = tmp_path / "out"
    out.mkdir()
    save_to(monkeypatch, out / "everyone.pdf")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    job = dialog.job
    assert job is not None
    dialog.close()  # the window manager's close button, mid-run
    qtbot.waitUntil(lambda: not badges_module._RUNNING, timeout=10_000)
    assert list(out.iterdir()) == []
