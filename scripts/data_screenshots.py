"""Render the import preview and the Event data page offscreen, for the documentation.

    .venv/bin/python scripts/data_screenshots.py [OUT_DIR]

Writes, at 1366x768 on a fresh copy of the demo event, in the light palette and again
with -dark: data-import-preview.png (a clean preview, ready to import),
data-import-refused.png (a file with problems: Import disabled), data-page.png (the
Sessions tab) and data-form.png (a session form refusing an end before the start).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.io.demo import create_demo_database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.data.import_dialog import ImportDialog
from sci4dl_desktop.ui.data.page import DataPage
from sci4dl_desktop.ui.tasks import SynchronousRunner
from sci4dl_desktop.ui.theme import make_palette

ZONE = ZoneInfo("America/Sao_Paulo")
SIZE = (1366, 768)

REGISTRATIONS = (
    "Name,E-mail address,Affiliation,Ticket type\n"
    "Ana Souza,ana.souza@example.org,Universidade de São Paulo,PhD student\n"
    "Bo Chen,bo.chen@example.org,Tsinghua University,academic\n"
    "Chloé Dubois,chloe.dubois@example.fr,Université Paris-Saclay,industry\n"
    "Jascha Sohl-Dickstein,jascha.sohldickstein@speakers.example.org,Flatiron Institute,speaker\n"
)
BAD_REGISTRATIONS = (
    "Name,E-mail address,Affiliation,Ticket type\n"
    "Ana Souza,ana.souza@example.org,Universidade de São Paulo,PhD student\n"
    "Bo Chen,bo.chen(at)example.org,Tsinghua University,academic\n"
    "Chloé Dubois,ana.souza@example.org,Université Paris-Saclay,industry\n"
)
SESSIONS = (
    "Title,Start,End,Room,Kind\n"
    "Lightning talks,4:00 PM,3:30 PM,Main hall,contributed talk\n"
    "Closing remarks,18:00,18:15,Main hall,other\n"
)


def shoot(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))


def render(out: Path, dark: bool) -> None:
    suffix = "-dark" if dark else ""
    QApplication.setPalette(make_palette(dark))
    database = create_demo_database()
    folder = Path(tempfile.mkdtemp(prefix="data-shots-"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    clock = FakeClock(current=datetime(2026, 4, 26, 8, 15, tzinfo=ZONE))
    context = AppContext(database, clock, settings, SynchronousRunner())

    good = folder / "registrations.csv"
    good.write_text(REGISTRATIONS, encoding="utf-8")
    dialog = ImportDialog(context, [good])
    dialog.resize(*SIZE)
    dialog.show()
    dialog.check()
    dialog.tabs.setCurrentIndex(1)
    shoot(dialog, out / f"data-import-preview{suffix}.png")
    dialog.close()

    bad = folder / "registrations-2.csv"
    bad.write_text(BAD_REGISTRATIONS, encoding="utf-8")
    sessions = folder / "late-sessions.csv"
    sessions.write_text(SESSIONS, encoding="utf-8")
    dialog = ImportDialog(context, [bad, sessions])
    dialog.resize(*SIZE)
    dialog.show()
    dialog.check()
    shoot(dialog, out / f"data-import-refused{suffix}.png")
    dialog.close()

    page = DataPage(context)
    page.resize(*SIZE)
    page.show()
    tab = page.tabs["sessions"]
    tab.select(tab.refs()[4])
    shoot(page, out / f"data-page{suffix}.png")
    ref = tab.selected_ref()
    assert ref is not None
    form = page.open_form("sessions", ref)
    assert form is not None
    end = form.inputs["end_at"]
    assert isinstance(end, QLineEdit)
    end.setText("10:45")
    shoot(form, out / f"data-form{suffix}.png")
    form.reject()
    page.close()
    database.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    for dark in (False, True):
        render(out, dark)
    print(f"Wrote the event data screenshots to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
