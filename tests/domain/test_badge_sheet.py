"""What goes on a badge and where: QR modules, sheet geometry, choosing attendees."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp
from sqlalchemy import select

from sci4dl_desktop.domain.badge_sheet import (
    QUIET_MODULES,
    BadgeLayout,
    BadgeSelectionError,
    find_attendees,
    load_badges,
    qr_modules,
)
from sci4dl_desktop.domain.badges import make_token, verify_token
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee

SECRET = b"0123456789abcdef0123456789abcdef"


def decode(rows: tuple[tuple[bool, ...], ...]) -> zxingcpp.Barcode:
    grey = np.where(np.array(rows), 0, 255).astype(np.uint8)
    grey = np.pad(grey, QUIET_MODULES, constant_values=255)
    found = zxingcpp.read_barcodes(np.kron(grey, np.ones((5, 5), dtype=np.uint8)))
    assert len(found) == 1
    return found[0]


def test_a_typical_badge_needs_a_version_3_code_at_level_q() -> None:
    token = make_token(SECRET, "S26-0042", 1)
    qr = qr_modules(token)
    assert (qr.version, qr.size) == (3, 29)  # in byte mode 39 characters need version 4 at Q
    barcode = decode(qr.rows)
    assert barcode.text == token and barcode.ec_level == "Q"
    assert verify_token(SECRET, barcode.text).serial == "S26-0042"


def test_an_encoded_serial_still_decodes() -> None:
    token = make_token(SECRET, "Ñandú 12", 3)
    assert decode(qr_modules(token).rows).text == token


@pytest.mark.parametrize("text", ["", "s4d1:lowercase", "S4D1:ÑÑ", "A\nB"])
def test_only_alphanumeric_tokens_become_badge_codes(text: str) -> None:
    with pytest.raises(ValueError, match="alphanumeric"):
        qr_modules(text)


@pytest.mark.parametrize("layout", list(BadgeLayout), ids=lambda layout: layout.value)
def test_badges_tile_the_page_and_cut_marks_stay_in_the_margins(layout: BadgeLayout) -> None:
    g = layout.geometry
    rects = [g.badge_rect(slot) for slot in range(g.per_page)]
    for r in rects:
        assert r.x >= 0 and r.right <= g.page_width + 1e-9
        assert r.y >= 0 and r.bottom <= g.page_height + 1e-9
    # edge to edge, row by row: one cut between neighbours
    if g.columns > 1:
        assert rects[1].x == pytest.approx(rects[0].right)
    assert g.pages_for(0) == 0 and g.pages_for(1) == 1 and g.pages_for(g.per_page + 1) == 2
    grid = (rects[0].x, rects[0].y, rects[-1].right, rects[-1].bottom)
    marks = g.cut_marks_mm()
    assert bool(marks) == (layout is not BadgeLayout.CARD)
    for m in marks:
        for x, y in ((m.x1, m.y1), (m.x2, m.y2)):
            assert 0 <= x <= g.page_width and 0 <= y <= g.page_height
            inside = grid[0] < x < grid[2] and grid[1] < y < grid[3]
            assert not inside  # a mark never touches a badge
    with pytest.raises(ValueError):
        g.badge_rect(g.per_page)


def test_layout_sizes() -> None:
    assert BadgeLayout.A4.geometry.per_page == 8
    assert BadgeLayout.LETTER.geometry.per_page == 6
    letter = BadgeLayout.LETTER.geometry
    assert (letter.badge_width, letter.badge_height) == pytest.approx((101.6, 76.2))  # 4 x 3 in
    assert BadgeLayout.CARD.geometry.page_width == pytest.approx(101.6)


def test_load_badges_keeps_the_order_asked_and_everyone_is_sorted_by_name(
    demo_db: Database,
) -> None:
    badges = load_badges(demo_db, [5, 2, 5])
    assert [b.attendee_id for b in badges] == [5, 2]
    everyone = load_badges(demo_db)
    assert len(everyone) == 700
    assert everyone[0].event_name == "SCI4DL 2026" and everyone[0].event_date == "26 April 2026"
    secret = bytes(demo_db.event().badge_secret)
    assert all(verify_token(secret, b.token).serial == b.serial for b in everyone[:50])
    speaker = next(b for b in everyone if b.category is AttendeeCategory.SPEAKER)
    assert speaker.category_word == "SPEAKER"
    with pytest.raises(BadgeSelectionError, match="no attendee with id 99999"):
        load_badges(demo_db, [1, 99999])


def test_find_attendees_by_serial_or_email_in_any_case(demo_db: Database) -> None:
    with demo_db.session() as s:
        lenka = s.scalars(select(Attendee).where(Attendee.name == "Lenka Zdeborová")).one()
    assert lenka.email
    found = find_attendees(demo_db, [lenka.badge_serial.lower(), lenka.email.upper(), "S26-0001"])
    assert found == [lenka.id, 1]
    with pytest.raises(BadgeSelectionError) as error:
        find_attendees(demo_db, ["S26-0001", "nobody@example.org", " "])
    assert "'nobody@example.org', ' '" in str(error.value)
