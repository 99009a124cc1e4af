"""Rich text printed to A4 PDF: print fonts, 2 cm margins, page numbers, nothing cut in two.

Qt's QTextDocument breaks pages between any two lines, even inside a table row, so a
poster's title can end a page and its authors start the next. Here every top-level
table shorter than a page is kept whole: if it would cross the end of a page, it starts
the next one. Wrap what belongs together (a session with its abstract, a mentee with
their interests) in `keep_together`; a table of one row per item keeps each item whole.

The pages are painted here (not with QTextDocument.print_, which paginates a copy of
the document anew) so that what was kept together stays so.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextFormat,
    QTextFrame,
)

from sci4dl_desktop import APP_DISPLAY_NAME

PRINT_FONTS = ["DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"]
RESOLUTION = 300  # dots per inch of the PDF's layout
MARGIN_CM = 2.0
FOOTER_INK = "#4a4a4a"


def keep_together(html: str, top_margin: int = 0) -> str:
    """The html in an invisible one-cell table, which `write_pdf` keeps on one page."""
    return (
        f'<table width="100%" cellspacing="0" cellpadding="0" border="0" '
        f'style="margin-top:{top_margin}px;"><tr><td>{html}</td></tr></table>'
    )


def ensure_gui() -> None:
    """Start an offscreen Qt application when there is none (the command line has none)."""
    global _offscreen_app
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _offscreen_app = QGuiApplication([])


_offscreen_app: QGuiApplication | None = None  # kept alive for the rest of the process


def straddling(document: QTextDocument) -> list[QTextFrame]:
    """The top-level tables, shorter than a page, that a page break cuts in two."""
    layout, height = document.documentLayout(), document.pageSize().height()
    found = []
    for frame in document.rootFrame().childFrames():
        box = layout.frameBoundingRect(frame)
        if box.height() < height and box.top() // height != (box.bottom() - 1) // height:
            found.append(frame)
    return found


def keep_tables_whole(document: QTextDocument) -> int:
    """Start the next page before each table a page break would cut; returns how many moved."""
    moved = 0
    # Each move lays the rest of the document out again: take the first cut table each time.
    while cut := straddling(document):
        frame_format = cut[0].frameFormat()
        frame_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        cut[0].setFrameFormat(frame_format)
        moved += 1
    return moved


def paginate(
    html: str, device: QPagedPaintDevice, point_size: int, *, keep_whole: bool = True
) -> QTextDocument:
    """The html laid out on the device's pages, with 2 cm margins and tables kept whole."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    font = QFont()
    font.setFamilies(PRINT_FONTS)
    font.setPointSize(point_size)
    document.setDefaultFont(font)
    document.setHtml(html)
    root = document.rootFrame().frameFormat()
    root.setMargin(MARGIN_CM / 2.54 * 96)  # frame margins count in pixels at 96 dpi
    document.rootFrame().setFrameFormat(root)
    document.setPageSize(QSizeF(device.width(), device.height()))
    if keep_whole:
        keep_tables_whole(document)
    return document


def write_pdf(html: str, path: Path, *, title: str, point_size: int) -> int:
    """Lay the html out on A4 pages and write them to a PDF file; returns the page count."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(RESOLUTION)
    writer.setTitle(title)
    writer.setCreator(APP_DISPLAY_NAME)
    width, height = float(writer.width()), float(writer.height())
    document = paginate(html, writer, point_size)
    margin = MARGIN_CM / 2.54 * RESOLUTION
    pages = document.pageCount()
    painter = QPainter(writer)
    footer = QFont(document.defaultFont())
    footer.setPointSize(max(8, point_size - 2))
    for page in range(pages):
        if page:
            writer.newPage()
        painter.save()
        painter.translate(0, -page * height)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, page * height, width, height)
        document.documentLayout().draw(painter, context)
        painter.restore()
        painter.setFont(footer)
        painter.setPen(QColor(FOOTER_INK))
        box = QRectF(QPointF(margin, height - margin), QPointF(width - margin, height - margin / 2))
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(box, align, f"{page + 1} / {pages}")
    painter.end()
    return pages


__all__ = [
    "PRINT_FONTS",
    "ensure_gui",
    "keep_tables_whole",
    "keep_together",
    "paginate",
    "straddling",
    "write_pdf",
]
