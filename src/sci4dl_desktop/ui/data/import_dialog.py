"""File > Import: read the files, preview what would be added, changed and refused, write.

The dialog reads and checks the chosen files off the GUI thread (progress and Cancel),
then shows the plan: per file its format (detected; a combo box overrides it), counts,
and tables of the new, changed and unchanged records and of every problem with its
file, row, column, value and what to do. Nothing is written before Import is pressed,
and Import stays disabled while there is any problem: an import is all or nothing.
Writing runs off the GUI thread too; cancelling it rolls the transaction back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.io.apply import ApplyReport, apply_plan
from sci4dl_desktop.io.importing import FORMATS, FormatError, Loaded, load_files, plan_import
from sci4dl_desktop.io.plan import ImportPlan
from sci4dl_desktop.io.preview import ACTION_LABELS, change_row
from sci4dl_desktop.io.problems import Location, Problem, StalePlan
from sci4dl_desktop.io.progress import CancelToken, ProgressCallback, Reporter
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.data.csv_help import CsvHelpDialog
from sci4dl_desktop.ui.data.jobs import Job, ProgressStrip, Work
from sci4dl_desktop.ui.data.preview_details import added_details
from sci4dl_desktop.ui.data.table_model import TextRow, TextTableModel
from sci4dl_desktop.ui.icons import IconWidget, icon

# Plan entities -> the data_changed topics other pages listen to.
TOPICS = {
    "event": "event",
    "rooms": "sessions",
    "people": "people",
    "sessions": "sessions",
    "posters": "posters",
    "attendees": "attendees",
    "mentors": "pairings",
    "mentees": "pairings",
    "pairings": "pairings",
}
ALL_TOPICS = ("event", "sessions", "people", "posters", "attendees", "pairings")
PROBLEM_HEADERS = ("File", "Row or element", "Column or field", "Value", "Problem", "What to do")
CHANGE_HEADERS = ("Kind", "Record", "From", "Details or changes (field: old → new)")
DETECT = "Detect"


@dataclass
class Checked:
    """What reading and planning the files gave."""

    plan: ImportPlan | None
    formats: dict[Path, str] = field(default_factory=dict)  # as read
    labels: dict[Path, str] = field(default_factory=dict)  # "attendees CSV, UTF-8, ..."
    problems: list[Problem] = field(default_factory=list)  # files that could not be read


def check_files(
    database: Database,
    paths: Sequence[Path],
    formats: dict[Path, str | None],
    progress: ProgressCallback,
    cancel: CancelToken,
) -> Checked:
    """Read the files (in the given formats, None to detect) and plan importing them."""
    reporter = Reporter(progress, cancel)
    checked = Checked(None)
    loaded: list[Loaded] = []
    for path in paths:
        reporter.phase(f"Reading {path.name}", 0, None)
        try:
            item = load_files([path], formats.get(path))[0]
        except FormatError as exc:
            hint = "choose its format in the list of files above"
            checked.problems.append(Problem(Location(path.name), str(exc), hint=hint))
            continue
        loaded.append(item)
        checked.formats[path] = item.format
        checked.labels[path] = FORMATS[item.format] + (f", {item.detail}" if item.detail else "")
    if not checked.problems:
        checked.plan = plan_import(database, loaded, progress=progress, cancel=cancel)
    return checked


def topics_of(report: ApplyReport) -> list[str]:
    if report.restored:
        return list(ALL_TOPICS)
    return sorted({TOPICS[entity] for entity in report.counts})


def _problem_row(problem: Problem) -> TextRow:
    where = problem.where
    place = ", ".join(
        p for p in (f"row {where.row}" if where.row else "", where.element or "") if p
    )
    return TextRow(
        (
            where.file,
            place,
            problem.field or "",
            problem.value or "",
            problem.message,
            problem.hint,
        ),
        problem,
        tooltip=problem.render(),
    )


def _table(headers: Sequence[str], name: str, parent: QWidget) -> tuple[QTableView, TextTableModel]:
    view = QTableView(parent)
    view.setObjectName(name)
    model = TextTableModel(headers, view)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view, model


class ImportDialog(QDialog):
    """Preview and import files into the open event."""

    imported = Signal(object)  # ApplyReport
    checked = Signal()  # a check of the files ended (with a plan, problems or a failure)
    progressed = Signal(object)  # Progress of the reading or writing under way

    def __init__(
        self, context: AppContext, paths: Sequence[Path], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import-dialog")
        self.setWindowTitle("Import event data")
        self.setAccessibleName("Import event data: preview")
        self._context = context
        self.paths = [Path(p) for p in paths]
        self.result_checked: Checked | None = None
        self.job: Job | None = None
        self._close_when_idle = False
        self._recheck_after = False
        self.csv_help: CsvHelpDialog | None = None

        heading = QLabel(f"Import into {context.database.event().title}", self)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)

        self.files = QTableWidget(len(self.paths), 3, self)
        self.files.setObjectName("import-files")
        self.files.setAccessibleName("Files to import and their formats")
        self.files.setHorizontalHeaderLabels(["File", "Format", "Read as"])
        self.files.verticalHeader().setVisible(False)
        self.files.horizontalHeader().setStretchLastSection(True)
        self.format_boxes: dict[Path, QComboBox] = {}
        self.read_as: dict[Path, QTableWidgetItem] = {}
        for row, path in enumerate(self.paths):
            item = QTableWidgetItem(path.name)
            item.setToolTip(str(path))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.files.setItem(row, 0, item)
            box = QComboBox(self.files)
            box.setAccessibleName(f"Format of {path.name}")
            box.addItem("Detect from the content", None)
            for key, label in FORMATS.items():
                box.addItem(label[:1].upper() + label[1:], key)
            box.currentIndexChanged.connect(lambda _index: self.check())
            self.files.setCellWidget(row, 1, box)
            self.format_boxes[path] = box
            read_as = QTableWidgetItem("")
            read_as.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.files.setItem(row, 2, read_as)
            self.read_as[path] = read_as
        self.files.resizeColumnsToContents()
        self.files.setMaximumHeight(
            self.files.horizontalHeader().height()
            + sum(self.files.rowHeight(r) for r in range(len(self.paths)))
            + 2 * self.files.frameWidth()
            + 4
        )

        self.summary = QPlainTextEdit(self)  # one line per file, and its notes; scrolls if long
        self.summary.setObjectName("import-summary")
        self.summary.setAccessibleName("What each file holds")
        self.summary.setReadOnly(True)
        self.summary.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.summary.setBackgroundRole(QPalette.ColorRole.Window)
        self.summary.viewport().setAutoFillBackground(False)
        self.summary.setTabChangesFocus(True)
        self.counts = QLabel(self)
        self.counts.setObjectName("import-counts")
        self.counts.setAccessibleName("Counts")
        bold = QFont(self.counts.font())
        bold.setBold(True)
        self.counts.setFont(bold)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("import-tabs")
        self.problems_view, self.problems_model = _table(PROBLEM_HEADERS, "import-problems", self)
        self.problems_view.setAccessibleName("Refused: the problems to correct")
        self.change_views: dict[str, tuple[QTableView, TextTableModel]] = {}
        self.tabs.addTab(self.problems_view, "Refused")
        for action in ("add", "change", "unchanged"):
            view, model = _table(CHANGE_HEADERS, f"import-{action}", self)
            view.setAccessibleName(f"{ACTION_LABELS[action]} records")
            self.change_views[action] = (view, model)
            self.tabs.addTab(view, ACTION_LABELS[action])

        self.verdict = QLabel(self)
        self.verdict.setObjectName("import-verdict")
        self.verdict.setWordWrap(True)
        self.verdict_icon = IconWidget(icon("info"), 22, self)
        self.verdict_icon.hide()
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(self.verdict_icon, 0, Qt.AlignmentFlag.AlignTop)
        verdict_row.addWidget(self.verdict, 1)
        self.progress = ProgressStrip(self)
        self.progress.cancel_requested.connect(self.cancel)
        self.progress.hide()

        self.recheck_button = QPushButton("Check &again", self)
        self.recheck_button.setObjectName("import-recheck")
        self.recheck_button.setToolTip("Read the files again, after correcting them")
        self.recheck_button.clicked.connect(lambda _checked=False: self.check())
        self.import_button = QPushButton("&Import", self)
        self.import_button.setObjectName("import-button")
        self.import_button.setAccessibleName("Import: write all of it")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.help_button = QPushButton("CSV &columns…", self)
        self.help_button.setObjectName("import-csv-help")
        self.help_button.setToolTip("The columns each CSV file may have, and their synonyms")
        self.help_button.clicked.connect(lambda _checked=False: self._ask_help())
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("import-close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recheck_button)
        buttons.addWidget(self.help_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.files)
        layout.addWidget(self.summary)
        layout.addWidget(self.counts)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(verdict_row)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.resize(1100, 680)

    # -- checking ---------------------------------------------------------------------

    def chosen_formats(self) -> dict[Path, str | None]:
        return {path: box.currentData() for path, box in self.format_boxes.items()}

    def check(self) -> None:
        """Read and plan the files again (with the formats chosen), off the GUI thread."""
        if self.job is not None and self.job.running:
            return
        database, paths, formats = self._context.database, list(self.paths), self.chosen_formats()
        self.result_checked = None
        self._show_plan(None)
        self.say("")
        self._start(
            "Reading the files…",
            lambda progress, cancel: check_files(database, paths, formats, progress, cancel),
            self._checked,
        )

    def _checked(self, result: Checked) -> None:
        self.result_checked = result
        for path, item in self.read_as.items():
            label = result.labels.get(path, "not read: see Refused below")
            item.setText(label)
            item.setToolTip(label)
        self._show_plan(result)
        self.checked.emit()

    def _show_plan(self, result: Checked | None) -> None:
        plan = result.plan if result else None
        problems = (result.problems if result else []) + (plan.problems if plan else [])
        self.problems_model.set_rows([_problem_row(p) for p in problems])
        by_action: dict[str, list[TextRow]] = {a: [] for a in self.change_views}
        for change in plan.all_changes() if plan is not None else ():
            row = change_row(change, plan.state if plan else None)
            details = row.details
            if change.action == "add":
                details = added_details(change.record, plan.state if plan else None)
            cells = (row.entity_label.capitalize(), row.label, row.where, details)
            by_action[row.action].append(TextRow(cells, change))
        for action, (view, model) in self.change_views.items():
            model.set_rows(by_action[action])
            view.resizeColumnToContents(0)
            view.setColumnWidth(1, min(380, max(160, view.sizeHintForColumn(1) + 12)))
            view.setColumnWidth(2, min(260, max(80, view.sizeHintForColumn(2) + 12)))
        self.problems_view.resizeColumnsToContents()
        for column, width in ((3, 200), (4, 420)):
            self.problems_view.setColumnWidth(
                column, min(width, self.problems_view.columnWidth(column))
            )
        counts = {"rejected": len(problems), **{a: len(v) for a, v in by_action.items()}}
        self.tabs.setTabText(0, f"Refused ({counts['rejected']})")
        for index, action in enumerate(self.change_views, start=1):
            self.tabs.setTabText(index, f"{ACTION_LABELS[action]} ({counts[action]})")
        if result is None:
            self._set_summary([])
            self.counts.setText("")
            self.import_button.setEnabled(False)
            return
        self.counts.setText(
            "   ·   ".join(
                f"{ACTION_LABELS[a]}: {counts[a]:,}" for a in ("add", "change", "unchanged")
            )
            + f"   ·   Refused: {counts['rejected']:,}"
        )
        self._set_summary(plan.summary_lines() if plan else [])
        ok = plan is not None and not problems
        writes = bool(plan and plan.writes_anything)
        self.import_button.setEnabled(ok and writes)
        if problems:
            n = len(problems)
            self.say(
                f"Nothing can be imported while {n} problem{'s remain' if n != 1 else ' remains'}. "
                "An import is all or nothing: correct the rows listed under Refused (each says "
                "where and what to do), save the file, then press Check again.",
                problem=True,
            )
            self.tabs.setCurrentIndex(0)
        elif not writes:
            self.say("Nothing to change: the event already holds all of it.")
        else:
            self.say("Nothing has been written yet. Press Import to write all of it in one step.")
            self.tabs.setCurrentIndex(1 if counts["add"] else 2)

    def _ask_help(self) -> None:
        """Help > CSV columns, open at the first CSV file's format (as read, or as chosen)."""
        if self.csv_help is None:
            self.csv_help = CsvHelpDialog(self)  # beside this dialog, which blocks the window
        checked = self.result_checked
        for path in self.paths:
            chosen = self.format_boxes[path].currentData() or (
                checked.formats.get(path) if checked else None
            )
            if isinstance(chosen, str) and chosen.startswith("csv-"):
                self.csv_help.show_format(chosen.removeprefix("csv-"))
                break
        self.csv_help.show()

    def _set_summary(self, lines: list[str]) -> None:
        self.summary.setPlainText("\n".join(lines))
        shown = min(max(1, len(lines)), 5)
        line = self.summary.fontMetrics().lineSpacing()
        self.summary.setFixedHeight(
            shown * line + 2 * int(self.summary.document().documentMargin()) + 2
        )

    def say(self, text: str, problem: bool = False) -> None:
        """The line under the tables: why Import is disabled, or what happened."""
        self.verdict.setText(text)
        self.verdict_icon.set_icon(icon("error" if problem else "info"))
        self.verdict_icon.setVisible(bool(text))
        self.verdict.setAccessibleName("Problem" if problem else "Status")

    # -- importing ----------------------------------------------------------------------

    def start_import(self) -> None:
        checked = self.result_checked
        if checked is None or checked.plan is None or not checked.plan.ok:
            return
        database, plan = self._context.database, checked.plan
        self._start(
            "Writing…",
            lambda progress, cancel: apply_plan(database, plan, progress, cancel),
            self._imported,
        )

    def _imported(self, report: ApplyReport) -> None:
        for topic in topics_of(report):
            self._context.signals.data_changed.emit(topic)
        self.imported.emit(report)
        self.accept()

    # -- running work -------------------------------------------------------------------

    def _start(self, text: str, work: Work, on_done: Callable[[Any], None]) -> None:
        job = Job(self._context.tasks, work, self)
        self.job = job
        job.progressed.connect(self.progress.show_progress)
        job.progressed.connect(self.progressed)
        job.done.connect(on_done)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        job.ended.connect(self._ended)
        for widget in (self.import_button, self.recheck_button, self.files):
            widget.setEnabled(False)
        self.progress.begin(text)
        job.start()

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.progress.cancelling()
            self.job.cancel()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, StalePlan):
            self.say(f"Not imported: {exc}. The files are being checked again.", problem=True)
            self._recheck_after = True
            return
        self.say(f"Failed: {exc}. Nothing was written.", problem=True)

    def _cancelled(self) -> None:
        self.say("Cancelled: nothing was written.")

    def _ended(self) -> None:
        self.progress.hide()
        self.recheck_button.setEnabled(True)
        self.files.setEnabled(True)
        checked = self.result_checked
        plan = checked.plan if checked else None
        self.import_button.setEnabled(
            bool(plan and plan.ok and plan.writes_anything and not (checked and checked.problems))
        )
        if self._close_when_idle:
            super().reject()
        elif self._recheck_after:
            self._recheck_after = False
            self.check()

    def reject(self) -> None:
        if self.job is not None and self.job.running:
            self._close_when_idle = True  # close once the work has stopped
            self.cancel()
            self.hide()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None and self.job.running:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


__all__ = ["ImportDialog", "check_files", "topics_of"]
