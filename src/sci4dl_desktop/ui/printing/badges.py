"""Print-ready badges: to a PDF file or a printer, from the desk or the command line.

* `write_badges_pdf` writes a PDF atomically (a cancelled or failed run leaves no file).
* `print_badges(parent, database, attendee_ids)` opens the badge dialog (badge_dialog.py):
  choose the layout, then print or save as PDF; a `BadgeJob` draws the badges on a worker
  thread with a progress bar and a Cancel button, so the window stays responsive.
* `write_badges_for` is the command line's entry: it starts an offscreen
  QGuiApplication when there is none.

The drawing itself is in `badge_painter.py`; what goes on a badge is in
`domain/badge_sheet.py`.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from sci4dl_desktop import APP_DISPLAY_NAME
from sci4dl_desktop.domain.badge_sheet import (
    BadgeContent,
    BadgeLayout,
    BadgeSelectionError,
    Rect,
    load_badges,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.printing.badge_painter import (
    BadgePainter,
    BadgeRenderError,
    Cancelled,
    Progress,
    prepare_device,
    render_badges,
)

if TYPE_CHECKING:
    from sci4dl_desktop.ui.printing.badge_dialog import BadgeDialog

PDF_RESOLUTION = 600
_RUNNING: set[BadgeJob] = set()
_QUIT_HOOKED: set[QCoreApplication] = set()
PREVIEW_DPI = 110


@dataclass(frozen=True)
class BadgeRun:
    """What a print or PDF run did."""

    badges: int
    pages: int
    layout: BadgeLayout
    cancelled: bool = False
    destination: str = ""  # the PDF path or the printer name


def write_badges_pdf(
    path: Path,
    badges: Sequence[BadgeContent],
    layout: BadgeLayout,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    title: str = "badges",
) -> BadgeRun:
    """Write the badges to `path`. Nothing is written when cancelled or on an error."""
    if not badges:
        raise BadgeRenderError("there are no badges to print")
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        writer = QPdfWriter(temporary)
        writer.setResolution(PDF_RESOLUTION)
        writer.setTitle(title)
        writer.setCreator(APP_DISPLAY_NAME)
        prepare_device(writer, layout)
        drawn = render_badges(writer, badges, layout, progress=progress, cancelled=cancelled)
        del writer  # closes the file
        if drawn < len(badges):
            Path(temporary).unlink(missing_ok=True)
            return BadgeRun(drawn, 0, layout, cancelled=True, destination=str(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return BadgeRun(len(badges), layout.geometry.pages_for(len(badges)), layout, False, str(path))


def write_badges_for(
    database: Database,
    path: Path,
    layout: BadgeLayout,
    attendee_ids: Sequence[int] | None = None,
) -> BadgeRun:
    """Badges of some attendees (or of everyone, by name) to a PDF, without a window."""
    app = QGuiApplication.instance()
    if app is None:  # the command line: draw without a display
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    badges = load_badges(database, attendee_ids)
    title = f"{badges[0].event_name}: badges" if badges else "badges"
    return write_badges_pdf(path, badges, layout, title=title)


def badge_image(badge: BadgeContent, layout: BadgeLayout, dpi: float = PREVIEW_DPI) -> QImage:
    """One badge as an image at `dpi` (the dialog's preview; tests read it too)."""
    geometry = layout.geometry
    width = round(geometry.badge_width / 25.4 * dpi)
    height = round(geometry.badge_height / 25.4 * dpi)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        BadgePainter(painter, dpi).paint(
            badge, Rect(0, 0, geometry.badge_width, geometry.badge_height)
        )
    finally:
        painter.end()
    return image


class BadgeJob(QThread):
    """Loads the badges and draws them to a PDF file or a printer, off the GUI thread."""

    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)  # BadgeRun
    failed = Signal(str)

    def __init__(
        self,
        database: Database,
        attendee_ids: Sequence[int],
        layout: BadgeLayout,
        target: Path | QPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._ids = list(attendee_ids)
        self._layout = layout
        self._target = target
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            result = self._render()
        except (BadgeRenderError, BadgeSelectionError, OSError) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # any other failure is reported in the dialog, not lost
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.succeeded.emit(result)

    def _render(self) -> BadgeRun:
        badges = load_badges(self._database, self._ids)
        title = f"{badges[0].event_name}: badges" if badges else "badges"
        progress: Callable[[int, int], None] = self.progressed.emit
        if isinstance(self._target, Path):
            return write_badges_pdf(
                self._target,
                badges,
                self._layout,
                progress=progress,
                cancelled=self._stop.is_set,
                title=title,
            )
        printer = self._target
        printer.setDocName(title)
        printer.setFullPage(True)
        prepare_device(printer, self._layout)
        drawn = render_badges(
            printer, badges, self._layout, progress=progress, cancelled=self._stop.is_set
        )
        name = printer.printerName() or printer.outputFileName()
        if drawn < len(badges):
            printer.abort()
            return BadgeRun(drawn, 0, self._layout, cancelled=True, destination=name)
        pages = self._layout.geometry.pages_for(len(badges))
        return BadgeRun(len(badges), pages, self._layout, destination=name)


def _stop_running_jobs() -> None:
    """The app is quitting: cancel drawing (no partial file is left) and wait for it."""
    for job in list(_RUNNING):
        job.cancel()
        job.wait()


def print_badges(
    parent: QWidget | None,
    database: Database,
    attendee_ids: Sequence[int],
    *,
    settings: QSettings | None = None,
) -> BadgeDialog:
    """Open the badge dialog for these attendees (window-modal; returns at once)."""
    from sci4dl_desktop.ui.printing.badge_dialog import BadgeDialog

    dialog = BadgeDialog(database, attendee_ids, settings=settings, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def start_job(job: BadgeJob) -> None:
    """Start a badge job and keep it until its thread ends, even if its dialog goes first."""
    app = QCoreApplication.instance()
    if app is not None and app not in _QUIT_HOOKED:
        app.aboutToQuit.connect(_stop_running_jobs)
        _QUIT_HOOKED.add(app)
    _RUNNING.add(job)
    job.finished.connect(lambda: _RUNNING.discard(job))
    job.finished.connect(job.deleteLater)
    job.start()


__all__ = [
    "BadgeJob",
    "BadgeLayout",
    "BadgeRun",
    "badge_image",
    "print_badges",
    "start_job",
    "write_badges_for",
    "write_badges_pdf",
]
