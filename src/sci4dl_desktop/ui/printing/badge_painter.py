"""Paints badges with QPainter on any paged device: a PDF file, a printer or an image.

One badge, landscape, white paper::

    +--------------------------------------------+
    | SCI4DL 2026                  26 April 2026  |  header
    |--------------------------------------------|  thin rule in the category colour
    | Lenka                          [QR code]    |
    | Zdeborová                      [QR code]    |  the name as large as fits
    | EPFL                           [QR code]    |  affiliation
    |############ SPEAKER ######### S26-0007 ####|  category band: colour AND word
    +--------------------------------------------+

The name starts large and shrinks until it fits its box, never clipped; a name too
long even for small type may break anywhere rather than run off the badge. The QR
code is drawn as vector squares from `qrcode`'s modules, with a quiet zone of four
modules kept clear on every side, at about 1 mm per module (sharp at any DPI and
easy for a webcam to read at arm's length).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPen,
)

from sci4dl_desktop.domain.badge_sheet import (
    QUIET_MODULES,
    BadgeContent,
    BadgeLayout,
    QrModules,
    Rect,
    qr_modules,
)
from sci4dl_desktop.store.enums import AttendeeCategory

# Print colours for white paper (not the screen palette). Each band colour carries its
# word in a text colour with at least 4.5:1 contrast on it.
INK = QColor("#141414")
MUTED = QColor("#4d4d4d")
PAPER = QColor("#ffffff")
MARK = QColor("#000000")
CATEGORY_COLOURS: dict[AttendeeCategory, tuple[QColor, QColor]] = {
    AttendeeCategory.ORGANIZER: (QColor("#5b2a86"), QColor("#ffffff")),
    AttendeeCategory.SPEAKER: (QColor("#b3261e"), QColor("#ffffff")),
    AttendeeCategory.STUDENT: (QColor("#1b6e3c"), QColor("#ffffff")),
    AttendeeCategory.ACADEMIC: (QColor("#1f56a0"), QColor("#ffffff")),
    AttendeeCategory.INDUSTRY: (QColor("#f0a429"), QColor("#141414")),
    AttendeeCategory.REMOTE: (QColor("#56606b"), QColor("#ffffff")),
}
FONT_FAMILIES = ["Noto Sans", "Nimbus Sans", "Liberation Sans", "Arial", "Helvetica", "DejaVu Sans"]
REFERENCE_HEIGHT_MM = 68.0  # type sizes below are for a badge this tall and scale with it
MAX_MODULE_MM = 1.0

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class BadgeRenderError(RuntimeError):
    """The badges could not be drawn on the device; the message says where."""


def badge_font(point_size: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # exact print metrics
    return font


def page_size(layout: BadgeLayout) -> QPageSize:
    """The paper of a layout: the standard sizes by name (printers pick the tray by it)."""
    if layout is BadgeLayout.A4:
        return QPageSize(QPageSize.PageSizeId.A4)
    if layout is BadgeLayout.LETTER:
        return QPageSize(QPageSize.PageSizeId.Letter)
    geometry = layout.geometry
    short, long = sorted((geometry.page_width, geometry.page_height))
    return QPageSize(  # page sizes are portrait; the layout's orientation turns them
        QSizeF(short, long),
        QPageSize.Unit.Millimeter,
        "Badge card 4 x 3 in",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )


def page_layout(layout: BadgeLayout) -> QPageLayout:
    geometry = layout.geometry
    orientation = (
        QPageLayout.Orientation.Landscape
        if geometry.page_width > geometry.page_height
        else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(
        page_size(layout), orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter
    )


def prepare_device(device: QPagedPaintDevice, layout: BadgeLayout) -> None:
    """Give a PDF writer or printer the layout's paper size and orientation, no margins."""
    if not device.setPageLayout(page_layout(layout)):
        raise BadgeRenderError(f"the printer cannot take {layout.label}")


class BadgePainter:
    """Draws badges on an active QPainter whose device coordinates are pixels at `dpi`."""

    def __init__(self, painter: QPainter, dpi: float) -> None:
        self._painter = painter
        self._px = dpi / 25.4  # device pixels per millimetre

    def _rect(self, x: float, y: float, width: float, height: float) -> QRectF:
        px = self._px
        return QRectF(x * px, y * px, width * px, height * px)

    # -- text fitting -----------------------------------------------------------------------

    def fitted_font(
        self, text: str, box: QRectF, largest: float, *, bold: bool, readable: float
    ) -> tuple[QFont, Qt.TextFlag]:
        """The largest font (to a quarter point) and wrapping in which `text` fits `box`
        (device pixels). Lines break between words; only a word too wide for the box even
        at `readable` points makes lines break anywhere, rather than shrink to dust."""
        device = self._painter.device()

        def fits(quarters: int, wrap: Qt.TextFlag) -> bool:
            metrics = QFontMetricsF(badge_font(quarters / 4, bold=bold), device)
            flags = int(wrap) | int(Qt.AlignmentFlag.AlignLeft)
            bound = metrics.boundingRect(QRectF(0, 0, box.width(), 1e9), flags, text)
            return bound.width() <= box.width() + 0.5 and bound.height() <= box.height() + 0.5

        def largest_fitting(wrap: Qt.TextFlag) -> int:
            low, high = 1, round(largest * 4)
            if fits(high, wrap):
                return high
            while high - low > 1:  # fits(low) holds, or low is the smallest size there is
                middle = (low + high) // 2
                if fits(middle, wrap):
                    low = middle
                else:
                    high = middle
            return low

        metrics = QFontMetricsF(badge_font(readable, bold=bold), device)
        widest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0.0)
        wrap = Qt.TextFlag.TextWordWrap if widest <= box.width() else Qt.TextFlag.TextWrapAnywhere
        return badge_font(largest_fitting(wrap) / 4, bold=bold), wrap

    def _draw_text(
        self,
        text: str,
        box: QRectF,
        font: QFont,
        colour: QColor,
        align: Qt.AlignmentFlag,
        wrap: Qt.TextFlag = Qt.TextFlag.TextWordWrap,
    ) -> QRectF:
        """Draw wrapped text; returns the rectangle it took."""
        painter = self._painter
        painter.setFont(font)
        painter.setPen(colour)
        return painter.drawText(box, int(align) | int(wrap), text)

    # -- one badge --------------------------------------------------------------------------

    def paint(self, badge: BadgeContent, where: Rect, qr: QrModules | None = None) -> None:
        """Draw one badge filling `where` (millimetres on the page)."""
        painter = self._painter
        qr = qr or qr_modules(badge.token)
        band, on_band = CATEGORY_COLOURS[badge.category]
        w, h = where.width, where.height
        scale = h / REFERENCE_HEIGHT_MM
        pad = 0.055 * w
        header = 0.15 * h
        footer = 0.2 * h
        rule = 0.9 * scale

        painter.save()
        painter.translate(where.x * self._px, where.y * self._px)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.fillRect(self._rect(0, 0, w, h), PAPER)

        # header: the event, and a rule in the category colour
        head = self._rect(pad, 0, w - 2 * pad, header)
        self._draw_text(
            badge.event_name,
            head,
            badge_font(10.5 * scale, bold=True),
            INK,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        self._draw_text(
            badge.event_date,
            head,
            badge_font(8.0 * scale),
            MUTED,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        )
        painter.fillRect(self._rect(pad, header - rule, w - 2 * pad, rule), band)

        # the QR code, right, centred in the body, with its quiet zone clear
        body_top, body_bottom = header, h - footer
        body = body_bottom - body_top
        span = qr.size + 2 * QUIET_MODULES
        module = min(MAX_MODULE_MM * scale, body / span, 0.45 * w / span)
        side = module * qr.size
        qr_x = w - pad - side
        qr_y = body_top + (body - side) / 2
        self._paint_qr(qr, qr_x, qr_y, module)

        # the name, as large as fits, then the affiliation under it
        text_right = qr_x - QUIET_MODULES * module - 1.0
        name_top = body_top + 3.0 * scale
        name_box = self._rect(pad, name_top, text_right - pad, 0.58 * body)
        name_font, wrap = self.fitted_font(
            badge.name, name_box, 25.0 * scale, bold=True, readable=13.0 * scale
        )
        used = self._draw_text(
            badge.name,
            name_box,
            name_font,
            INK,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            wrap,
        )
        if badge.affiliation:
            top = used.bottom() / self._px + 1.6 * scale
            bottom = body_bottom - 2.0 * scale
            affiliation_box = self._rect(pad, top, text_right - pad, max(bottom - top, 1.0))
            font, wrap = self.fitted_font(
                badge.affiliation, affiliation_box, 11.0 * scale, bold=False, readable=7.0 * scale
            )
            self._draw_text(
                badge.affiliation,
                affiliation_box,
                font,
                MUTED,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                wrap,
            )

        # the category: a colour band AND its word, plus the serial for the desk
        painter.fillRect(self._rect(0, h - footer, w, footer), band)
        band_box = self._rect(pad, h - footer, w - 2 * pad, footer)
        word_font = badge_font(17.0 * scale, bold=True)
        word_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self._draw_text(
            badge.category_word,
            band_box,
            word_font,
            on_band,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        self._draw_text(
            badge.serial,
            band_box,
            badge_font(8.5 * scale, bold=True),
            on_band,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        )
        painter.restore()

    def _paint_qr(self, qr: QrModules, x: float, y: float, module: float) -> None:
        """Dark modules as one path of horizontal runs (a small PDF, no hairline seams)."""
        px = self._px
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        for row_index, row in enumerate(qr.rows):
            column = 0
            while column < len(row):
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < len(row) and row[column]:
                    column += 1
                path.addRect(
                    QRectF(
                        (x + start * module) * px,
                        (y + row_index * module) * px,
                        (column - start) * module * px,
                        module * px,
                    )
                )
        painter = self._painter
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        painter.drawPath(path)
        painter.restore()

    def paint_cut_marks(self, layout: BadgeLayout) -> None:
        painter = self._painter
        pen = QPen(MARK)
        pen.setWidthF(0.2 * self._px)
        painter.save()
        painter.setPen(pen)
        for mark in layout.geometry.cut_marks_mm():
            painter.drawLine(
                QPointF(mark.x1 * self._px, mark.y1 * self._px),
                QPointF(mark.x2 * self._px, mark.y2 * self._px),
            )
        painter.restore()


def render_badges(
    device: QPagedPaintDevice,
    badges: Sequence[BadgeContent],
    layout: BadgeLayout,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Paint the badges on a device already given the layout's page (`prepare_device`).

    Returns how many badges were drawn: fewer than asked when `cancelled()` said so.
    """
    geometry = layout.geometry
    painter = QPainter()
    if not painter.begin(device):
        raise BadgeRenderError("the printer or PDF file could not be opened for drawing")
    try:
        drawer = BadgePainter(painter, device.logicalDpiX())
        for index, badge in enumerate(badges):
            if cancelled is not None and cancelled():
                return index
            slot = index % geometry.per_page
            if slot == 0:
                if index > 0 and not device.newPage():
                    raise BadgeRenderError(f"could not start page {index // geometry.per_page + 1}")
                drawer.paint_cut_marks(layout)
            drawer.paint(badge, geometry.badge_rect(slot), qr_modules(badge.token))
            if progress is not None:
                progress(index + 1, len(badges))
    finally:
        painter.end()
    return len(badges)


__all__ = [
    "CATEGORY_COLOURS",
    "BadgePainter",
    "BadgeRenderError",
    "badge_font",
    "prepare_device",
    "render_badges",
]
