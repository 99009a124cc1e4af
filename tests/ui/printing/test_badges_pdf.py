"""Badge PDFs: every QR code decodes back to its attendee after printing-resolution rasterising."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_badges import attendees_on_pages, page_count, pdf_text
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPainter
from sqlalchemy import select

from sci4dl_desktop.domain.badge_sheet import BadgeLayout, load_badges
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.printing.badge_painter import BadgePainter, BadgeRenderError
from sci4dl_desktop.ui.printing.badges import badge_image, write_badges_pdf

LONG_NAME = "Maria Aparecida dos Santos Figueiredo de Albuquerque e Vasconcelos Cavalcanti"


def chosen_ids(database: Database, fake_clock: FakeClock) -> list[int]:
    """Nine badges that test the layout: every category, a long name, a walk-in whose name
    needs an encoded serial, an accented name and a reissued badge."""
    service = CheckInService(database, fake_clock, "Desk 1")
    walk_in = service.register_walk_in(
        LONG_NAME, "", "Universidade de São Paulo", AttendeeCategory.STUDENT
    )
    with database.transaction() as session:
        people = session.scalars(select(Attendee).order_by(Attendee.id)).all()
        first_of: dict[AttendeeCategory, int] = {}
        for person in people:
            first_of.setdefault(person.category, person.id)
        people[40].badge_serial = "Ñ-7"  # a serial outside A-Z0-9: carried base32-encoded
        odd, lost = people[40].id, people[41].id
    service.reissue_badge(lost)
    return [*first_of.values(), walk_in.id, odd, lost]


@pytest.mark.parametrize("layout", list(BadgeLayout), ids=lambda layout: layout.value)
def test_every_qr_code_decodes_back_to_its_attendee_at_300_dpi(
    qapp: object, demo_db: Database, fake_clock: FakeClock, tmp_path: Path, layout: BadgeLayout
) -> None:
    ids = chosen_ids(demo_db, fake_clock)
    assert len(ids) == 9 and len(set(AttendeeCategory)) == 6
    badges = load_badges(demo_db, ids)
    pdf = tmp_path / f"badges-{layout.value}.pdf"
    run = write_badges_pdf(pdf, badges, layout)

    per_page = layout.geometry.per_page
    pages = attendees_on_pages(pdf, tmp_path, demo_db)
    assert page_count(pdf) == run.pages == -(-9 // per_page)
    expected = [sorted(ids[i : i + per_page]) for i in range(0, 9, per_page)]
    assert pages == expected  # every badge, on its page, and nothing else
    text = pdf_text(pdf)
    for word in ("STUDENT", "SPEAKER", "ORGANIZER", "ACADEMIC", "INDUSTRY", "REMOTE"):
        assert word in text  # the category is written, not only coloured
    assert "Albuquerque" in text and "SCI4DL 2026" in text


def test_the_whole_event_fits_on_a4_sheets(qapp: object, demo_db: Database, tmp_path: Path) -> None:
    badges = load_badges(demo_db)
    assert len(badges) == 700
    assert [b.name for b in badges[:3]] == sorted(b.name for b in badges[:3])
    run = write_badges_pdf(tmp_path / "all.pdf", badges[:40], BadgeLayout.A4)
    assert (run.badges, run.pages) == (40, 5)


def test_names_shrink_to_fit_and_are_never_clipped(qapp: object) -> None:
    image = QImage(800, 400, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(300 / 0.0254))
    image.setDotsPerMeterY(round(300 / 0.0254))
    painter = QPainter(image)
    try:
        drawer = BadgePainter(painter, 300)
        box = QRectF(0, 0, 600, 260)
        sizes = []
        for name in ("Ana Li", "Jascha Sohl-Dickstein", LONG_NAME, "X" * 120):
            font, wrap = drawer.fitted_font(name, box, 25.0, bold=True, readable=13.0)
            flags = int(wrap) | int(Qt.AlignmentFlag.AlignLeft)
            bound = QFontMetricsF(font, image).boundingRect(QRectF(0, 0, 600, 1e9), flags, name)
            assert bound.width() <= box.width() + 0.5 and bound.height() <= box.height() + 0.5
            sizes.append(font.pointSizeF())
    finally:
        painter.end()
    assert sizes[0] == 25.0  # short names are as large as the badge allows
    assert sizes[0] >= sizes[1] > sizes[2] > 0
    assert sizes[3] > 4  # an unbreakable name breaks anywhere instead of becoming dust


def test_the_preview_image_is_a_white_badge_with_its_colour_band(
    qapp: object, demo_db: Database
) -> None:
    badge = load_badges(demo_db, [1])[0]
    image = badge_image(badge, BadgeLayout.CARD, dpi=100)
    assert (image.width(), image.height()) == (400, 300)
    assert image.pixelColor(2, 2).name() == "#ffffff"
    assert image.pixelColor(2, 295).name() == "#b3261e"  # a speaker's red band at the bottom


def test_nothing_is_written_when_cancelled_or_empty(
    qapp: object, demo_db: Database, tmp_path: Path
) -> None:
    badges = load_badges(demo_db)[:20]
    calls = []

    def cancel_after_three() -> bool:
        calls.append(1)
        return len(calls) > 3

    out = tmp_path / "out"
    out.mkdir()
    pdf = out / "badges.pdf"
    run = write_badges_pdf(pdf, badges, BadgeLayout.A4, cancelled=cancel_after_three)
    assert run.cancelled and run.badges == 3
    assert list(out.iterdir()) == []  # no PDF, and no partial file left behind
    with pytest.raises(BadgeRenderError, match="no badges"):
        write_badges_pdf(pdf, [], BadgeLayout.A4)
    assert list(out.iterdir()) == []
