"""What a printed badge says and where badges sit on paper (Qt-free, in millimetres).

`ui/printing/badges.py` paints what this module decides: the attendees' badge
contents (name, affiliation, category, the signed token and its QR modules) and the
sheet geometry of each `BadgeLayout`, cut marks included.

The QR code holds the badge token (see `domain/badges.py`) in alphanumeric mode at
error correction level Q (a quarter of the code can be scratched or folded away):
a typical token needs a version 3 code, 29 modules across.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import qrcode
from qrcode.constants import ERROR_CORRECT_Q
from qrcode.util import MODE_ALPHA_NUM, QRData
from sqlalchemy import func, or_, select

from sci4dl_desktop.domain.badges import badge_token
from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee

QUIET_MODULES = 4  # the blank margin a QR code needs around it, in modules
_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


class BadgeSelectionError(ValueError):
    """Badges were asked for attendees that are not in the event; the message names them."""


class BadgeLayout(StrEnum):
    A4 = "a4"
    LETTER = "letter"
    CARD = "card"

    @property
    def label(self) -> str:
        return _LAYOUT_LABELS[self]

    @property
    def geometry(self) -> SheetGeometry:
        return _GEOMETRY[self]


@dataclass(frozen=True)
class Rect:
    """A rectangle in millimetres from the top left corner of the page."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class Segment:
    """A straight line in millimetres (a cut mark)."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class SheetGeometry:
    """A page of `columns` x `rows` badges, edge to edge in a centred block."""

    page_width: float
    page_height: float
    badge_width: float
    badge_height: float
    columns: int
    rows: int
    cut_marks: bool
    mark_gap: float = 2.0  # cut marks start this far from the badges, so a cut never shows them
    mark_length: float = 6.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def margin_x(self) -> float:
        return (self.page_width - self.columns * self.badge_width) / 2

    @property
    def margin_y(self) -> float:
        return (self.page_height - self.rows * self.badge_height) / 2

    def pages_for(self, count: int) -> int:
        return math.ceil(count / self.per_page) if count > 0 else 0

    def badge_rect(self, slot: int) -> Rect:
        """Where the badge in position `slot` (0 = top left, row by row) of a page goes."""
        if not 0 <= slot < self.per_page:
            raise ValueError(f"slot {slot} is outside 0..{self.per_page - 1}")
        row, column = divmod(slot, self.columns)
        return Rect(
            self.margin_x + column * self.badge_width,
            self.margin_y + row * self.badge_height,
            self.badge_width,
            self.badge_height,
        )

    def cut_marks_mm(self) -> list[Segment]:
        """Short lines in the page margins that extend every cutting line of the grid."""
        if not self.cut_marks:
            return []
        marks: list[Segment] = []
        left, top = self.margin_x, self.margin_y
        right = left + self.columns * self.badge_width
        bottom = top + self.rows * self.badge_height
        vertical = min(self.mark_length, top - self.mark_gap - 0.5)
        horizontal = min(self.mark_length, left - self.mark_gap - 0.5)
        for column in range(self.columns + 1):
            x = left + column * self.badge_width
            if vertical > 0:
                marks.append(Segment(x, top - self.mark_gap, x, top - self.mark_gap - vertical))
                marks.append(
                    Segment(x, bottom + self.mark_gap, x, bottom + self.mark_gap + vertical)
                )
        for row in range(self.rows + 1):
            y = top + row * self.badge_height
            if horizontal > 0:
                marks.append(Segment(left - self.mark_gap, y, left - self.mark_gap - horizontal, y))
                marks.append(
                    Segment(right + self.mark_gap, y, right + self.mark_gap + horizontal, y)
                )
        return marks


INCH = 25.4
_GEOMETRY = {
    # eight 95 x 68 mm badges on A4, cut apart along the marks
    BadgeLayout.A4: SheetGeometry(210.0, 297.0, 95.0, 68.0, 2, 4, cut_marks=True),
    # six 4 x 3 in badges on US Letter: the size of common badge holder inserts
    BadgeLayout.LETTER: SheetGeometry(
        8.5 * INCH, 11 * INCH, 4 * INCH, 3 * INCH, 2, 3, cut_marks=True
    ),
    # one 4 x 3 in card per page, for a badge printer or pre-cut card stock
    BadgeLayout.CARD: SheetGeometry(4 * INCH, 3 * INCH, 4 * INCH, 3 * INCH, 1, 1, cut_marks=False),
}
_LAYOUT_LABELS = {
    BadgeLayout.A4: "A4 sheets, 8 badges of 95 × 68 mm with cut marks",
    BadgeLayout.LETTER: "US Letter sheets, 6 badges of 4 × 3 in with cut marks",
    BadgeLayout.CARD: "Single cards of 4 × 3 in, one per page",
}


@dataclass(frozen=True)
class QrModules:
    """The dark (True) and light modules of a QR code, without its quiet zone."""

    rows: tuple[tuple[bool, ...], ...]
    version: int

    @property
    def size(self) -> int:
        return len(self.rows)


def qr_modules(token: str) -> QrModules:
    """The QR code of a badge token: alphanumeric mode, error correction Q, smallest version."""
    if not token or not set(token) <= _ALPHANUMERIC:
        raise ValueError("a badge token uses only QR alphanumeric characters")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=0)
    code.add_data(QRData(token.encode("ascii"), mode=MODE_ALPHA_NUM))
    code.make(fit=True)
    matrix = code.get_matrix()
    return QrModules(tuple(tuple(bool(cell) for cell in row) for row in matrix), code.version)


@dataclass(frozen=True)
class BadgeContent:
    """Everything printed on one badge."""

    attendee_id: int
    name: str
    affiliation: str
    category: AttendeeCategory
    serial: str
    token: str
    event_name: str  # 'SCI4DL 2026'
    event_date: str  # '26 April 2026'

    @property
    def category_word(self) -> str:
        return self.category.label.upper()


def _event_date(first: date, last: date) -> str:
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {first:%B %Y}"
    return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"


def load_badges(
    database: Database, attendee_ids: Sequence[int] | None = None
) -> list[BadgeContent]:
    """The badges of some attendees in the order given, or of everyone sorted by name.

    Raises BadgeSelectionError naming any id that is not an attendee of the event.
    """
    event = database.event()
    secret = bytes(event.badge_secret)
    event_name = event.acronym or event.title
    when = _event_date(event.first_day, event.last_day)
    with database.session() as session:
        query = select(Attendee).where(Attendee.event_id == event.id)
        if attendee_ids is not None:
            query = query.where(Attendee.id.in_(list(attendee_ids)))
        attendees = {a.id: a for a in session.scalars(query)}
        if attendee_ids is None:
            order = sorted(attendees, key=lambda i: (fold(attendees[i].name), i))
        else:
            missing = [i for i in attendee_ids if i not in attendees]
            if missing:
                raise BadgeSelectionError(
                    "no attendee with id " + ", ".join(str(i) for i in missing) + " in this event"
                )
            order = list(dict.fromkeys(attendee_ids))
        return [
            BadgeContent(
                attendee_id=a.id,
                name=a.name,
                affiliation=a.affiliation,
                category=a.category,
                serial=a.badge_serial,
                token=badge_token(secret, a),
                event_name=event_name,
                event_date=when,
            )
            for a in (attendees[i] for i in order)
        ]


def find_attendees(database: Database, references: Sequence[str]) -> list[int]:
    """The attendee ids for badge serials or email addresses (any letter case), in order.

    Raises BadgeSelectionError listing every reference that matches nobody.
    """
    event_id = database.event().id
    ids: list[int] = []
    unknown: list[str] = []
    with database.session() as session:
        for reference in references:
            text = reference.strip()
            found = session.scalars(
                select(Attendee.id)
                .where(
                    Attendee.event_id == event_id,
                    or_(
                        func.upper(Attendee.badge_serial) == text.upper(),
                        func.lower(Attendee.email) == text.lower(),
                    ),
                )
                .order_by(Attendee.id)
                .limit(1)
            ).first()
            if found is None or not text:
                unknown.append(reference)
            else:
                ids.append(found)
    if unknown:
        names = ", ".join(f"'{u}'" for u in unknown)
        raise BadgeSelectionError(
            f"no attendee has the badge serial or email {names}: "
            "check the spelling, or search for them at the desk"
        )
    return list(dict.fromkeys(ids))


__all__ = [
    "QUIET_MODULES",
    "BadgeContent",
    "BadgeLayout",
    "BadgeSelectionError",
    "QrModules",
    "Rect",
    "Segment",
    "SheetGeometry",
    "find_attendees",
    "load_badges",
    "qr_modules",
]
