"""The live arrivals page: big numbers, a table by category and arrivals per five minutes.

It reloads when a check-in is recorded, here or at another desk (`data_changed("check_ins")`;
other desks' arrive through live updates, ui/live.py), and every `POLL_MS` while shown.
Reading happens on the task runner; a reload asked for while one is running is done once,
after it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sci4dl_desktop.domain.arrivals import BUCKET, ArrivalsReport, load_arrivals
from sci4dl_desktop.domain.verdict import local_time_text
from sci4dl_desktop.io.export_arrivals import arrivals_csv, report_name
from sci4dl_desktop.ui.arrivals.chart import ArrivalsChart
from sci4dl_desktop.ui.arrivals.models import (
    CategoryTableModel,
    Column,
    LatestArrivalsModel,
    share_text,
)
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.icons import icon
from sci4dl_desktop.ui.live import LiveUpdates

POLL_MS = 15_000
RELOAD_TOPICS = frozenset({"check_ins", "attendees", "event"})
FOLDER_KEY = "arrivals/report_folder"


def _scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> None:
    font = widget.font()
    font.setPointSizeF((font.pointSizeF() if font.pointSizeF() > 0 else 10.0) * factor)
    font.setBold(bold)
    widget.setFont(font)


class Tile(QFrame):
    """One big number with its caption, readable from across the room."""

    def __init__(self, caption: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.value = QLabel("–", self)
        self.value.setObjectName(f"{name}-value")
        _scaled_font(self.value, 2.8, bold=True)
        self.caption = QLabel(caption.upper(), self)
        _scaled_font(self.caption, 0.95, bold=True)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.detail = QLabel(self)
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_value(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.setAccessibleName(f"{self.caption.text().capitalize()}: {value} {detail}".strip())


class ArrivalsPage(QWidget):
    """Checked in against expected, by category, and arrivals through the morning."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.report: ArrivalsReport | None = None
        self._loading = False
        self._again = False
        self._stale = True

        self.checked_in = Tile("Checked in", "arrivals-checked-in", self)
        self.expected = Tile("Expected on site", "arrivals-expected", self)
        self.to_come = Tile("Still to come", "arrivals-to-come", self)
        self.recent = Tile("Last 15 minutes", "arrivals-recent", self)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("arrivals-progress")
        self.progress.setAccessibleName("Share of expected attendees checked in")
        self.progress.setTextVisible(True)
        self.save_button = QPushButton(icon("data"), "&Save arrivals report (CSV)…", self)
        self.save_button.setObjectName("arrivals-save")
        self.save_button.setAccessibleName("Save arrivals report as CSV")
        self.save_button.setToolTip("Who arrived when, for a spreadsheet (Ctrl+S)")
        self.refresh_button = QPushButton("&Refresh  (F5)", self)
        self.refresh_button.setObjectName("arrivals-refresh")
        self.refresh_button.setAccessibleName("Refresh the arrivals")
        self.status = QLabel(self)
        self.status.setObjectName("arrivals-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = CategoryTableModel(self)
        self.table = self._make_table()
        self.latest_model = LatestArrivalsModel(parent=self)
        self.latest = self._make_latest()
        self.chart = ArrivalsChart(self)

        title = QLabel("Arrivals", self)
        _scaled_font(title, 1.6, bold=True)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.save_button)
        tiles = QHBoxLayout()
        for tile in (self.checked_in, self.expected, self.to_come, self.recent):
            tiles.addWidget(tile)
        latest_title = QLabel("Latest arrivals", self)
        _scaled_font(latest_title, 1.1, bold=True)
        side = QVBoxLayout()
        side.addWidget(self.table)
        side.addSpacing(6)
        side.addWidget(latest_title)
        side.addWidget(self.latest, 1)
        body = QHBoxLayout()
        body.addWidget(self.chart, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(self.progress)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)

        self.save_button.clicked.connect(self.save_report)
        self.refresh_button.clicked.connect(self.reload)
        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_report, context=scope)
        QShortcut(QKeySequence("F5"), self, self.reload, context=scope)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.reload)
        context.signals.data_changed.connect(self._data_changed)
        LiveUpdates.attach(context, self)  # other desks' check-ins within a second
        self.setFocusProxy(self.table)
        self.reload()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("arrivals-table")
        table.setAccessibleName("Arrivals by category")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        _scaled_font(table, 1.15)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 14)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.CATEGORY, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return table

    def _make_latest(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("arrivals-latest")
        table.setAccessibleName("Latest arrivals, newest first")
        table.setModel(self.latest_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        return table

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the arrivals again (once more after a read in progress, if one is)."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        self._stale = False
        database, now = self._context.database, self._context.clock.now()
        self._context.tasks.run(lambda: load_arrivals(database, now), self._loaded, self._failed)

    def _loaded(self, report: ArrivalsReport) -> None:
        if not isValid(self):
            return
        self._loading = False
        self.show_report(report)
        if self._again:
            self._again = False
            self.reload()

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self._loading = False
        self._say(f"Cannot read the arrivals: {exc}", error=True)

    def show_report(self, report: ArrivalsReport) -> None:
        self.report = report
        zone, now = report.zone, report.now
        to_come = sum(c.still_to_come for c in report.categories)
        self.checked_in.show_value(f"{report.checked_in:,}", share_text(report.share))
        self.expected.show_value(f"{report.expected:,}", "remote participants not counted")
        self.to_come.show_value(f"{to_come:,}")
        self.recent.show_value(f"{report.recent:,}", "arrivals")
        self.progress.setRange(0, max(report.expected, 1))
        self.progress.setValue(min(report.checked_in, max(report.expected, 1)))
        self.progress.setFormat(
            f"{report.checked_in:,} of {report.expected:,} expected checked in"
            f" ({share_text(report.share)})"
        )
        self.model.set_report(report)
        self.table.updateGeometry()
        self.latest_model.set_report(report)
        self.chart.set_report(report)
        busiest = report.busiest
        if busiest is None:
            peak = "No arrivals yet."
        else:
            end = local_time_text(busiest.start + BUCKET, zone)
            peak = (
                f"Busiest five minutes: {local_time_text(busiest.start, zone)}–{end}, "
                f"{busiest.total} arrivals."
            )
        self._say(f"{peak}  Updated {now.astimezone(zone):%H:%M:%S} (event time).")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(f"⚠ {text}" if error else text)
        self.status.setStyleSheet("font-weight: bold;" if error else "")

    def _data_changed(self, topic: str) -> None:
        if topic not in RELOAD_TOPICS or not isValid(self):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    # -- report ---------------------------------------------------------------------------

    def choose_report_path(self) -> Path | None:
        settings = self._context.settings
        folder = str(settings.value(FOLDER_KEY, "") or "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        event = self._context.database.event()
        name = report_name(ZoneInfo(event.timezone), event.acronym, self._context.clock.now())
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save arrivals report", str(Path(folder) / name), "CSV files (*.csv)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        settings.setValue(FOLDER_KEY, str(path.parent))
        return path if path.suffix.lower() == ".csv" else path.with_name(path.name + ".csv")

    def save_report(self) -> None:
        """Ask where, then write who arrived when (read afresh) to a CSV file."""
        path = self.choose_report_path()
        if path is None:
            return
        database, now = self._context.database, self._context.clock.now()

        def work() -> int:
            report = load_arrivals(database, now)
            _write_atomically(path, arrivals_csv(report.arrivals, report.zone))
            return len(report.arrivals)

        def done(count: int) -> None:
            if isValid(self):
                plural = "" if count == 1 else "s"
                self._say(f"Saved {count} arrival{plural} to {path}.")

        def failed(exc: BaseException) -> None:
            if isValid(self):
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                self._say(f"The report was not saved to {path}: {reason}.", error=True)

        self._context.tasks.run(work, done, failed)

    # -- visibility ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()
        if self._stale:
            self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)


def _write_atomically(path: Path, data: bytes) -> None:
    """The whole file or none of it: write beside the target, then rename over it."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


__all__ = ["POLL_MS", "ArrivalsPage", "Tile"]
