"""Reading printed badges back: rasterise a PDF like a printer would, decode every QR code."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtGui import QImage

from sci4dl_desktop.domain.badges import verify_token
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Attendee

PRINT_DPI = 300


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return found


def page_count(pdf: Path) -> int:
    info = subprocess.run(
        [need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        [need("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def rasterise(pdf: Path, folder: Path, dpi: int = PRINT_DPI) -> list[Path]:
    """Every page as a PNG at `dpi`, in page order."""
    prefix = folder / pdf.stem
    subprocess.run([need("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def decode_page(png: Path) -> list[str]:
    image = QImage(str(png))
    assert not image.isNull(), png
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return [b.text for b in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)]


def attendees_on_pages(pdf: Path, folder: Path, database: Database) -> list[list[int]]:
    """Per page, the attendee ids whose badge tokens the page's QR codes verify as."""
    secret = bytes(database.event().badge_secret)
    pages: list[list[int]] = []
    with database.session() as session:
        for png in rasterise(pdf, folder):
            ids = []
            for text in decode_page(png):
                check = verify_token(secret, text)
                assert check.valid, (png.name, text, check)
                attendee = session.query(Attendee).filter_by(badge_serial=check.serial).one()
                assert attendee.badge_revision == check.revision
                ids.append(attendee.id)
            pages.append(sorted(ids))
    return pages
