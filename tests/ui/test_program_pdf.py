"""The printable program PDF: glance page, sessions, posters by board; rendered by poppler."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPageSize, QPdfWriter
from PySide6.QtWidgets import QApplication

from sci4dl_desktop.domain.schedule import load_program
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.printing.program_pdf import program_html, write_program_for
from sci4dl_desktop.ui.printing.rich_pdf import paginate, straddling

needs_poppler = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdftotext", "pdftoppm", "pdfinfo")),
    reason="needs poppler-utils (pdftotext, pdftoppm, pdfinfo)",
)


@pytest.fixture
def program_pdf(qapp: QApplication, demo_db: Database, tmp_path: Path) -> Path:
    """The demo event's program, printed."""
    pdf = tmp_path / "program.pdf"
    write_program_for(demo_db, pdf)
    return pdf


def pdf_text(path: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@needs_poppler
def test_program_pdf_has_the_day_then_sessions_then_posters(program_pdf: Path) -> None:
    pdf = program_pdf
    first = pdf_text(pdf, 1)
    assert "Sunday 26 April 2026" in first
    assert "09:00–09:30" in first and "Invited talk 1" in first
    assert "17:00–18:00" in first and "Poster session 2" in first
    assert "Lenka Zdeborová" in first
    assert "Posters by board number" not in first  # the glance page is only the day
    everything = pdf_text(pdf)
    sessions_at = everything.index("Sessions")
    posters_at = everything.index("Posters by board number")
    assert sessions_at < posters_at
    assert "Jascha Sohl-Dickstein (Anthropic)" in everything[sessions_at:posters_at]
    board_lines = [line.split()[0] for line in everything[posters_at:].splitlines() if line.strip()]
    numbers = [int(word) for word in board_lines if word.isdigit()]
    assert numbers[:5] == [1, 2, 3, 4, 5] and max(numbers) == 75
    assert "presented remotely" in everything[posters_at:]


@needs_poppler
def test_program_pages_render_with_ink_on_them(program_pdf: Path, tmp_path: Path) -> None:
    pdf = program_pdf
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    image = QImage(str(png))
    assert image.width() > 250 and image.height() > image.width()  # portrait A4
    dark = sum(
        1
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 4)
        if image.pixelColor(x, y).lightness() < 128
    )
    assert dark > 200  # text and table rules, not a blank page


@needs_poppler
@pytest.mark.slow
def test_the_command_line_prints_without_a_display(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "program.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    demo_db.close()
    result = subprocess.run(
        [sys.executable, "-m", "sci4dl_desktop", "export", "--db", str(demo_db.file_path),
         "--format", "pdf", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out} (")
    assert "Novel Phenomenon Challenge winners" in pdf_text(out, 1)


def test_no_session_or_poster_is_cut_by_a_page_break(
    qapp: QApplication, demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.session() as session:
        html = program_html(load_program(session))
    writer = QPdfWriter(str(tmp_path / "layout.pdf"))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    # Laid out as Qt does by itself, some posters' authors would start the next page.
    assert straddling(paginate(html, writer, 11, keep_whole=False))
    document = paginate(html, writer, 11)
    assert straddling(document) == []
    assert document.pageCount() <= 12


@needs_poppler
def test_pages_are_numbered_out_of_the_total(program_pdf: Path) -> None:
    pdf = program_pdf
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    assert f"1 / {pages}" in pdf_text(pdf, 1)
    assert f"{pages} / {pages}" in pdf_text(pdf, pages)
