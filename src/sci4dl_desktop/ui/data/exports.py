"""File > Export: every format the core writes, saved where the person chooses.

The file is produced off the GUI thread (with progress where the format reports it)
and written to a temporary name beside the target, then renamed: a cancelled or failed
export leaves no half-written file, and an existing file is replaced only by a whole one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from sci4dl_desktop.io.export_csv import CSV_EXPORTS
from sci4dl_desktop.io.export_frab import schedule_json, schedule_xml
from sci4dl_desktop.io.package import export_package
from sci4dl_desktop.io.progress import CancelToken, Progress, ProgressCallback, Reporter
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.data.export_formats import EXPORT_FORMATS, ExportFormat, export_format
from sci4dl_desktop.ui.data.jobs import Job

FOLDER_KEY = "data/export-folder"


def _bytes_of(database: Database, key: str, reporter: Reporter) -> bytes:
    with database.session() as session:
        if key == "package":
            return export_package(session, reporter)
        if key == "frab-xml":
            return schedule_xml(session)
        if key == "frab-json":
            return schedule_json(session)
        return CSV_EXPORTS[key](session)


def write_export(
    database: Database, key: str, path: Path, progress: ProgressCallback, cancel: CancelToken
) -> int:
    """Produce the export and write it to path as a whole; returns its size in bytes."""
    reporter = Reporter(progress, cancel)
    reporter.phase(f"Exporting {path.name}", 0, None)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        if key == "pdf":
            from sci4dl_desktop.ui.printing.program_pdf import write_program_for

            write_program_for(database, temporary)
        else:
            temporary.write_bytes(_bytes_of(database, key, reporter))
        cancel.check()  # the last moment to give up: nothing has replaced the target yet
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path.stat().st_size


class Exporter(QObject):
    """Asks where to save, then writes the export with a progress dialog."""

    finished = Signal(str)  # what happened, for the status bar
    failed = Signal(str, str)  # title, message

    def __init__(
        self,
        context: Callable[[], AppContext | None],
        settings: QSettings,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._settings = settings
        self._parent = parent
        self.job: Job | None = None
        self.dialog: QProgressDialog | None = None

    def choose_and_export(self, key: str) -> None:
        context = self._context()
        if context is None or (self.job is not None and self.job.running):
            return
        spec = export_format(key)
        folder = str(self._settings.value(FOLDER_KEY, "") or "") or str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            self._parent,
            f"Export {spec.label.replace('&', '').removesuffix('…')}",
            str(Path(folder) / spec.file_name),
            f"{spec.file_filter};;All files (*)",
        )
        if chosen:
            self._settings.setValue(FOLDER_KEY, str(Path(chosen).parent))
            self.export(context, key, Path(chosen))

    def export(self, context: AppContext, key: str, path: Path) -> None:
        spec = export_format(key)
        database = context.database
        job = Job(
            context.tasks,
            lambda progress, cancel: write_export(database, key, path, progress, cancel),
            self,
        )
        dialog = QProgressDialog(f"Exporting {path.name}…", "Cancel", 0, 0, self._parent)
        dialog.setObjectName("export-progress")
        dialog.setWindowTitle("Export")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel)
        self.job, self.dialog = job, dialog

        def progressed(progress: Progress) -> None:
            if spec.progress and progress.total:
                dialog.setMaximum(progress.total)
                dialog.setValue(min(progress.done, progress.total))
            dialog.setLabelText(f"{progress.phase}…")

        def done(size: int) -> None:
            self.finished.emit(f"Exported {path.name} ({size:,} bytes) to {path.parent}")

        def failed(exc: BaseException) -> None:
            self.failed.emit("Export failed", f"{path.name} was not written: {exc}")

        def ended() -> None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
            self.dialog = None

        job.progressed.connect(progressed)
        job.done.connect(done)
        job.failed.connect(failed)
        job.cancelled.connect(
            lambda: self.finished.emit(f"Export cancelled: {path.name} was not written")
        )
        job.ended.connect(ended)
        job.start()


__all__ = ["EXPORT_FORMATS", "ExportFormat", "Exporter", "export_format", "write_export"]
