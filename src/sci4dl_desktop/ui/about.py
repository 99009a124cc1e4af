"""Help > About: the version, the open event, where event files live, the libraries."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from sci4dl_desktop import APP_DISPLAY_NAME, __version__, paths
from sci4dl_desktop.ui.icons import app_icon


def about_text(open_event: str | None) -> str:
    event_line = f"<p>Open event: {html.escape(open_event)}</p>" if open_event else ""
    return (
        f"<h3>{APP_DISPLAY_NAME} {__version__}</h3>"
        "<p>Runs the day of a scientific workshop: registration desk, session timers, "
        "program, posters and mentorship.</p>"
        f"{event_line}"
        f"<p>Event files are kept in {html.escape(str(paths.events_dir()))}</p>"
        f"<p>Qt {qVersion()} · PySide6 {pyside_version} · Python {platform.python_version()}"
        "<br>Licensed under the GNU GPL, version 3 or later.</p>"
    )


def show_about(parent: QWidget, open_event: str | None) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.NoIcon,
        f"About {APP_DISPLAY_NAME}",
        about_text(open_event),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("about")
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
