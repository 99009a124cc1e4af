"""The badge dialog: choose the layout, then print or save; progress and Cancel while drawing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QPixmap
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

from sci4dl_desktop.domain.badge_sheet import (
    BadgeContent,
    BadgeLayout,
    BadgeSelectionError,
    load_badges,
)
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.printing.badge_painter import page_layout
from sci4dl_desktop.ui.printing.badges import BadgeJob, BadgeRun, badge_image, start_job

LAYOUT_KEY = "badges/layout"


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
        self._to_file = False
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
        job = BadgeJob(self._database, self._ids, self.chosen_layout(), target)
        self.job = job
        self._to_file = isinstance(target, Path)
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
        start_job(job)

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
        if self._to_file:
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
        if self.job is not None:  # closed by the window manager while drawing: stop it
            self.job.cancel()
        super().done(result)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["LAYOUT_KEY", "BadgeDialog"]
