"""File > Start kiosk mode and File > Set kiosk PIN… in the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.kiosk_pin import verify_staff_pin
from sci4dl_desktop.store.database import Database, copy_file_database, open_database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.kiosk.pin_dialogs import SetPinDialog
from sci4dl_desktop.ui.kiosk.window import KioskWindow
from sci4dl_desktop.ui.main_window import MainWindow
from sci4dl_desktop.ui.tasks import SynchronousRunner


def test_set_pin_then_start_and_leave_the_kiosk(
    qtbot: QtBot, tmp_path: Path, demo_template: Path, fake_clock: FakeClock
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    runner = SynchronousRunner()

    def context(database: Database) -> AppContext:
        return AppContext(database, fake_clock, settings, runner)

    window = MainWindow(settings, context, tasks=runner)
    qtbot.addWidget(window)
    kiosk_menu = window.menus.kiosk
    assert not kiosk_menu.start_action.isEnabled()  # no event open yet
    path = tmp_path / "event.sci4dl"
    copy_file_database(demo_template, path)
    window.set_database(open_database(path))
    window.show()
    qtbot.waitExposed(window)
    assert kiosk_menu.start_action.isEnabled() and kiosk_menu.pin_action.isEnabled()

    kiosk_menu.start_action.trigger()  # no PIN yet: refused, with a way to set one
    box = window.findChild(QMessageBox, "kiosk-needs-pin")
    assert box is not None and box.isVisible()
    box.reject()
    assert kiosk_menu.kiosk_window is None and window.isVisible()

    kiosk_menu.pin_action.trigger()
    dialog = window.findChild(SetPinDialog)
    assert dialog is not None and dialog.windowTitle() == "Set the kiosk staff PIN"
    qtbot.keyClicks(dialog.pin, "731953")
    qtbot.keyClicks(dialog.again, "731953")
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.context is not None
    with window.context.database.session() as db:
        assert verify_staff_pin(db, "731953")

    kiosk_menu.start_action.trigger()
    kiosk = kiosk_menu.kiosk_window
    assert isinstance(kiosk, KioskWindow)
    qtbot.addWidget(kiosk)
    qtbot.waitExposed(kiosk)
    assert kiosk.isFullScreen() and not window.isVisible()  # nothing to switch back to
    kiosk.close()
    unlock = kiosk.unlock_dialog
    assert unlock is not None and kiosk.isVisible()
    qtbot.keyClicks(unlock.pin, "731953")
    qtbot.keyClick(unlock.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(window.isVisible)
    assert not kiosk.isVisible() and kiosk_menu.kiosk_window is None
    assert not unlock.isVisible()
