"""Starting the kiosk: from the main window (File > Start kiosk mode) or `sci4dl-desktop --kiosk`.

The kiosk refuses to start while the event has no staff PIN, and says how to set one.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from sci4dl_desktop import APP_NAME
from sci4dl_desktop.domain.kiosk_pin import has_staff_pin
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.kiosk.pin_dialogs import SetPinDialog
from sci4dl_desktop.ui.kiosk.window import KioskWindow, kiosk_context

NO_PIN_TEXT = (
    "The kiosk needs a staff PIN first, so that only staff can leave it. An organiser sets "
    "it here with “Set PIN…”, in the main window with File > Set kiosk PIN…, or in a "
    "terminal with: sci4dl-desktop kiosk-pin --db EVENT_FILE"
)


def has_pin(context: AppContext) -> bool:
    with context.database.session() as db:
        return has_staff_pin(db)


def no_pin_box(context: AppContext, parent: QWidget | None) -> QMessageBox:
    """The refusal, with a button that opens the Set PIN dialog."""
    box = QMessageBox(
        QMessageBox.Icon.Information, "Kiosk mode needs a staff PIN", NO_PIN_TEXT, parent=parent
    )
    box.setObjectName("kiosk-needs-pin")
    set_button = box.addButton("Set PIN…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(set_button)

    def chosen() -> None:
        if box.clickedButton() is set_button:
            dialog = SetPinDialog(context, parent)
            dialog.setModal(True)
            dialog.open()

    box.finished.connect(chosen)
    return box


def start_kiosk(context: AppContext, parent: QWidget | None = None) -> KioskWindow | None:
    """Open the kiosk full screen, or (without a staff PIN) explain and offer to set one."""
    if not has_pin(context):
        no_pin_box(context, parent).open()
        return None
    window = KioskWindow(kiosk_context(context))
    window.showFullScreen()
    return window


def run_kiosk(args: argparse.Namespace) -> int:
    """`sci4dl-desktop --kiosk [--db FILE | --demo]`: only the kiosk, until staff leave it."""
    from sci4dl_desktop import cli, paths
    from sci4dl_desktop.app import make_application
    from sci4dl_desktop.ui.tasks import ThreadPoolRunner

    app = make_application()
    database = cli.open_target(args)
    settings = QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)
    tasks = ThreadPoolRunner(parent=app)
    context = AppContext(
        database, clock=cli.make_clock(args, database), settings=settings, tasks=tasks
    )
    try:
        if not has_pin(context):
            box = no_pin_box(context, None)
            box.finished.disconnect()
            box.exec()
            if box.buttonRole(box.clickedButton()) != QMessageBox.ButtonRole.AcceptRole:
                print(f"{APP_NAME}: {NO_PIN_TEXT}", file=sys.stderr)
                return 2
            if SetPinDialog(context).exec() != SetPinDialog.DialogCode.Accepted:
                print(
                    f"{APP_NAME}: no staff PIN was set, so the kiosk did not start", file=sys.stderr
                )
                return 2
        window = KioskWindow(kiosk_context(context))
        window.showFullScreen()
        status = app.exec()
        tasks.wait_for_done()
        return status
    finally:
        database.close()


__all__ = ["NO_PIN_TEXT", "has_pin", "run_kiosk", "start_kiosk"]
