"""Render four sample badges of the demo event to one PNG, for the documentation.

    .venv/bin/python scripts/badge_samples.py [OUT_DIR]

Writes badges.png: a speaker, a student, someone from industry and a walk-in with a
very long name, as printed on A4 sheets (95 x 68 mm), at 130 dpi.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from sci4dl_desktop.domain.badge_sheet import BadgeLayout, load_badges
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import SystemClock
from sci4dl_desktop.io.demo import create_demo_database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.ui.printing.badges import badge_image

DPI = 130
GAP = 24


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    _app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        database = create_demo_database(Path(folder) / "demo.sci4dl")
        walk_in = CheckInService(database, SystemClock(), "Desk 1").register_walk_in(
            "Maria Aparecida dos Santos Figueiredo de Albuquerque",
            "",
            "Instituto de Ciências Matemáticas e de Computação, Universidade de São Paulo",
            AttendeeCategory.ACADEMIC,
        )
        everyone = load_badges(database)
        picks = [
            next(b for b in everyone if b.name == "Lenka Zdeborová"),
            next(b for b in everyone if b.category is AttendeeCategory.STUDENT),
            next(b for b in everyone if b.category is AttendeeCategory.INDUSTRY),
            next(b for b in everyone if b.attendee_id == walk_in.id),
        ]
        database.close()
    images = [badge_image(b, BadgeLayout.A4, DPI) for b in picks]
    w, h = images[0].width(), images[0].height()
    sheet = QImage(2 * w + 3 * GAP, 2 * h + 3 * GAP, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#d9dde3"))
    painter = QPainter(sheet)
    for index, image in enumerate(images):
        row, column = divmod(index, 2)
        painter.drawImage(QPoint(GAP + column * (w + GAP), GAP + row * (h + GAP)), image)
    painter.end()
    sheet.save(str(out / "badges.png"))
    print(f"Wrote badges.png to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
