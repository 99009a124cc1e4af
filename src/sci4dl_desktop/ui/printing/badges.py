"""Print-ready badges: to a PDF file or a printer, from the desk or the command line.

* `write_badges_pdf` writes a PDF atomically (a cancelled or failed run leaves no file).
* `print_badges(parent, database, attendee_ids)` opens the badge dialog: choose the
  layout, then print or save as PDF; the badges are drawn on a worker thread with a
  progress bar and a Cancel button, so the window stays responsive.
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

from PySide6.QtCore import QLocale, QSettings, QStandardPaths, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPdfWriter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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
    page_layout,
    prepare_device,
    render_badges,
)

PDF_RESOLUTION = 600
LAYOUT_KEY = "badges/layout"
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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class BadgeDialog(QDialog):
    """Choose a layout, then print or save the badges; progress and Cancel while drawing."""

    def __init__(
        self,
        database: Database,
        attendee_ids: Sequence[int],
        *,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print badges")
        self.setObjectName("badge-dialog")
        self._database = database
        self._ids = list(dict.fromkeys(attendee_ids))
        self._settings = settings
        self.job: BadgeJob | None = None
        self.last_run: BadgeRun | None = None
        self._first: BadgeContent | None = None

        self.summary = QLabel(self)
        self.summary.setObjectName("badge-summary")
        self.summary.setWordWrap(True)
        self.layout_choice = QComboBox(self)
        self.layout_choice.setObjectName("badge-layout")
        self.layout_choice.setAccessibleName("Badge layout")
        for option in BadgeLayout:
            self.layout_choice.addItem(option.label, option.value)
        self.pages = QLabel(self)
        self.preview = QLabel(self)
        self.preview.setObjectName("badge-preview")
        self.preview.setAccessibleName("Preview of the first badge")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("badge-progress")
        self.progress.setAccessibleName("Badges drawn")
        self.progress.setFormat("%v of %m badges")
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("badge-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton("&Print…", self)
        self.print_button.setObjectName("badge-print")
        self.save_button = QPushButton("&Save as PDF…", self)
        self.save_button.setObjectName("badge-save")
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("badge-close")
        self.print_button.setDefault(True)

        form = QFormLayout()
        caption = QLabel("&Layout:", self)
        caption.setBuddy(self.layout_choice)
        form.addRow(caption, self.layout_choice)
        form.addRow("", self.pages)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.layout_choice.currentIndexChanged.connect(self._layout_changed)
        self.print_button.clicked.connect(self.print_to_printer)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        self._load_summary()
        self.layout_choice.setCurrentIndex(self.layout_choice.findData(self._initial_layout()))
        self._layout_changed()

    # -- state -------------------------------------------------------------------------------

    def chosen_layout(self) -> BadgeLayout:
        return BadgeLayout(str(self.layout_choice.currentData()))

    def _initial_layout(self) -> str:
        remembered = str(self._settings.value(LAYOUT_KEY, "") or "") if self._settings else ""
        if remembered in {option.value for option in BadgeLayout}:
            return remembered
        if len(self._ids) == 1:
            return BadgeLayout.CARD.value
        imperial = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
        return BadgeLayout.LETTER.value if imperial else BadgeLayout.A4.value

    def _load_summary(self) -> None:
        count = len(self._ids)
        try:
            first = load_badges(self._database, self._ids[:1]) if self._ids else []
        except BadgeSelectionError as exc:
            first = []
            self._show_error(str(exc))
        self._first = first[0] if first else None
        if count == 0 or self._first is None:
            self.summary.setText("No attendee chosen: there is nothing to print.")
            for button in (self.print_button, self.save_button):
                button.setEnabled(False)
            return
        who = f"{self._first.name} ({self._first.serial})"
        more = f" and {_plural(count - 1, 'other')}" if count > 1 else ""
        self.summary.setText(f"<b>{_plural(count, 'badge')}</b>: {_escape(who)}{more}.")

    def _layout_changed(self) -> None:
        layout = self.chosen_layout()
        pages = layout.geometry.pages_for(len(self._ids))
        self.pages.setText(_plural(pages, "page"))
        if self._settings is not None:
            self._settings.setValue(LAYOUT_KEY, layout.value)
        if self._first is not None:
            pixmap = QPixmap.fromImage(badge_image(self._first, layout))
            self.preview.setPixmap(pixmap)

    # -- actions ------------------------------------------------------------------------------

    def choose_printer(self) -> QPrinter | None:
        """The system print dialog; None when the volunteer cancels it."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(self.chosen_layout()))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print badges")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return printer

    def choose_pdf_path(self) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = "badges.pdf"
        if len(self._ids) == 1 and self._first is not None:
            name = f"badge-{self._first.serial}.pdf"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save badges as PDF", str(Path(folder) / name), "PDF files (*.pdf)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def print_to_printer(self) -> None:
        printer = self.choose_printer()
        if printer is not None:
            self._start(printer)

    def save_pdf(self) -> None:
        path = self.choose_pdf_path()
        if path is not None:
            self._start(path)

    def _start(self, target: Path | QPrinter) -> None:
        job = BadgeJob(self._database, self._ids, self.chosen_layout(), target, self)
        self.job = job
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._succeeded)
        job.failed.connect(self._show_error)
        job.finished.connect(self._job_finished)
        self._set_running(True)
        self.progress.setRange(0, len(self._ids))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText("Drawing badges…")
        job.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.status.setText("Cancelling…")
            self.job.cancel()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _succeeded(self, run: BadgeRun) -> None:
        self.last_run = run
        self.status.setStyleSheet("")
        if run.cancelled:
            self.status.setText("Cancelled: nothing was printed or saved.")
            return
        pages = _plural(run.pages, "page")
        badges = _plural(run.badges, "badge")
        if self.job is not None and isinstance(self.job._target, Path):
            self.status.setText(f"Saved {badges} on {pages} to {run.destination}.")
        else:
            self.status.setText(f"Sent {badges} on {pages} to {run.destination or 'the printer'}.")

    def _show_error(self, message: str) -> None:
        self.status.setStyleSheet("color: palette(bright-text); font-weight: bold;")
        self.status.setText(f"⚠ Not printed: {message}.")

    def _job_finished(self) -> None:
        self.job = None
        self._set_running(False)
        self.progress.hide()

    def _set_running(self, running: bool) -> None:
        for widget in (self.print_button, self.save_button, self.layout_choice):
            widget.setEnabled(not running)
        self.close_button.setText("Cancel" if running else "Close")
        self.close_button.setAccessibleName("Cancel drawing" if running else "Close")

    def reject(self) -> None:
        """Esc or Close: cancels a run in progress first, then closes."""
        if self.job is not None:
            self.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        if self.job is not None:  # closed by the window manager while drawing
            self.job.cancel()
            self.job.wait()
        super().done(result)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def print_badges(
    parent: QWidget | None,
    database: Database,
    attendee_ids: Sequence[int],
    *,
    settings: QSettings | None = None,
) -> BadgeDialog:
    """Open the badge dialog for these attendees (window-modal; returns at once)."""
    dialog = BadgeDialog(database, attendee_ids, settings=settings, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


__all__ = [
    "BadgeDialog",
    "BadgeJob",
    "BadgeLayout",
    "BadgeRun",
    "badge_image",
    "print_badges",
    "write_badges_for",
    "write_badges_pdf",
]
