"""Long work with progress and Cancel: a Job runs through the context's TaskRunner.

The work is a function of a progress callback and a CancelToken (the io layer's), run
off the GUI thread. Progress reports arrive as the `progressed` signal on the GUI
thread (a signal emitted from the worker is queued to this object's thread). A
cancelled run ends in `cancelled`, any other error in `failed`, a result in `done`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from sci4dl_desktop.io.progress import Cancelled, CancelToken, Progress, ProgressCallback
from sci4dl_desktop.ui.tasks import TaskRunner

Work = Callable[[ProgressCallback, CancelToken], Any]


class Job(QObject):
    progressed = Signal(object)  # Progress
    done = Signal(object)  # the work's result
    failed = Signal(object)  # the exception
    cancelled = Signal()
    ended = Signal()  # after any of the three above

    def __init__(self, tasks: TaskRunner, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._work = work
        self.token = CancelToken()
        self.running = False

    def start(self) -> None:
        self.running = True
        token = self.token
        work = self._work
        emit = self.progressed.emit
        self._tasks.run(lambda: work(emit, token), self._finished, self._failed)

    def cancel(self) -> None:
        self.token.cancel()

    def _finished(self, result: Any) -> None:
        self.running = False
        self.done.emit(result)  # the work ran to its end: what it wrote is written
        self.ended.emit()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, Cancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(exc)
        self.ended.emit()


class ProgressStrip(QWidget):
    """What the work is doing, how far it is, and a Cancel button."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progress-strip")
        self.label = QLabel(self)
        self.label.setObjectName("progress-phase")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progress-bar")
        self.bar.setAccessibleName("Progress")
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("progress-cancel")
        self.cancel_button.setAccessibleName("Cancel the work; nothing is written")
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 2)
        layout.addWidget(self.bar, 3)
        layout.addWidget(self.cancel_button)

    def begin(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()

    def show_progress(self, progress: Progress) -> None:
        if progress.total:
            self.label.setText(f"{progress.phase}: {progress.done:,} of {progress.total:,}")
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))
        else:
            self.label.setText(f"{progress.phase}…")
            self.bar.setRange(0, 0)

    def cancelling(self) -> None:
        self.label.setText("Cancelling…")
        self.cancel_button.setEnabled(False)


__all__ = ["Job", "ProgressStrip", "Work"]
