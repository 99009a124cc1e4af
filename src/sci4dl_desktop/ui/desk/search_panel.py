"""Find an attendee without a badge: search as you type, check in, undo, reissue, print."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.checkin_types import AttendeeSummary
from sci4dl_desktop.ui.desk.models import AttendeeResultsModel, ResultColumn

_NAVIGATION_KEYS = (
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
)


class SearchBox(QLineEdit):
    """The search field; arrow keys move through the results without leaving it."""

    navigate = Signal(QKeyEvent)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _NAVIGATION_KEYS:
            self.navigate.emit(event)
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class ConfirmBar(QFrame):
    """An inline confirmation (no modal dialog): a question, an optional reason, two buttons."""

    confirmed = Signal(int, str)  # attendee id, reason
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desk-confirm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.attendee_id: int | None = None
        self.action = ""
        self.question = QLabel(self)
        self.question.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("desk-undo-reason")
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Reason (required), e.g. wrong person selected")
        self.error = QLabel(self)
        self.error.setObjectName("desk-confirm-error")
        self.error.setWordWrap(True)
        self.confirm = QPushButton(self)
        self.confirm.setObjectName("desk-confirm-button")
        self.cancel = QPushButton("Cancel (Esc)", self)
        self.cancel.setAccessibleName("Cancel")
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.confirm)
        row.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.reason.returnPressed.connect(self._confirm)
        self.confirm.clicked.connect(self._confirm)
        self.cancel.clicked.connect(self.close_bar)
        self.hide()

    def ask(
        self, action: str, attendee_id: int, question: str, button: str, *, reason: bool
    ) -> None:
        self.action = action
        self.attendee_id = attendee_id
        self.question.setText(question)
        self.confirm.setText(button)
        self.confirm.setAccessibleName(button.replace("&", ""))
        self.reason.clear()
        self.reason.setVisible(reason)
        self.error.clear()
        self.error.hide()
        self.show()
        (self.reason if reason else self.confirm).setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(f"⚠ {text}")
        self.error.show()

    def close_bar(self) -> None:
        self.hide()
        self.attendee_id = None
        self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def _confirm(self) -> None:
        if self.attendee_id is None:
            return
        reason = self.reason.text().strip()
        if not self.reason.isHidden() and not reason:
            self.show_error("Give a reason: it goes into the audit log.")
            self.reason.setFocus()
            return
        self.confirmed.emit(self.attendee_id, reason)


class SearchPanel(QWidget):
    """Search field, results table and the actions on the selected attendee."""

    query_changed = Signal(str)
    check_in_requested = Signal(int)
    undo_requested = Signal(int, str)
    reissue_requested = Signal(int)
    print_requested = Signal(int)

    def __init__(self, zone: tzinfo, *, can_print: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = SearchBox(self)
        self.search.setObjectName("desk-search")
        self.search.setAccessibleName("Search attendees")
        self.search.setPlaceholderText(
            "Type a name, email, affiliation or badge number (accents optional)"
        )
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("desk-search-count")
        self.count.setMinimumWidth(self.fontMetrics().horizontalAdvance("999 matches") + 8)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.model = AttendeeResultsModel(zone, self)
        self.table = self._make_table()
        self.check_in_button = QPushButton("&Check in  (Enter)", self)
        self.check_in_button.setObjectName("desk-check-in")
        self.check_in_button.setAccessibleName("Check in the selected attendee")
        self.undo_button = QPushButton("&Undo check-in…", self)
        self.undo_button.setAccessibleName("Undo the check-in of the selected attendee")
        self.reissue_button = QPushButton("Reissue &lost badge…", self)
        self.reissue_button.setAccessibleName("Reissue the badge of the selected attendee")
        self.print_button = QPushButton("&Print badge", self)
        self.print_button.setAccessibleName("Print the badge of the selected attendee")
        self.print_button.setVisible(can_print)
        self.confirm_bar = ConfirmBar(self)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        for button in (
            self.check_in_button,
            self.undo_button,
            self.reissue_button,
            self.print_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.confirm_bar)
        layout.addLayout(buttons)

        self.search.textChanged.connect(self.query_changed)
        self.search.returnPressed.connect(self._check_in_current)
        self.search.navigate.connect(self._navigate)
        self.table.activated.connect(lambda _index: self._check_in_current())
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.check_in_button.clicked.connect(self._check_in_current)
        self.undo_button.clicked.connect(self.ask_undo)
        self.reissue_button.clicked.connect(self._ask_reissue)
        self.print_button.clicked.connect(self._print_current)
        self.confirm_bar.confirmed.connect(self._confirmed)
        self.confirm_bar.cancelled.connect(self.search.setFocus)
        self.set_results([], "")

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("desk-results")
        table.setAccessibleName("Matching attendees")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ResultColumn.AFFILIATION, QHeaderView.ResizeMode.Stretch)
        char = self.fontMetrics().averageCharWidth()
        for column, chars in (
            (ResultColumn.NAME, 26),
            (ResultColumn.CATEGORY, 10),
            (ResultColumn.EMAIL, 30),
            (ResultColumn.BADGE, 11),
            (ResultColumn.STATUS, 22),
        ):
            header.resizeSection(column, char * chars)
        return table

    # -- results -----------------------------------------------------------------------

    def current(self) -> AttendeeSummary | None:
        index = self.table.currentIndex()
        return self.model.attendee(index.row()) if index.isValid() else None

    def set_results(self, rows: list[AttendeeSummary], query: str) -> None:
        """Show results, keeping the selected attendee if still there, else selecting the first."""
        keep = self.current()
        self.model.set_rows(rows)
        row = self.model.row_of(keep.id) if keep else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.select_row(row)
        if not query.strip():
            self.count.setText("")
        elif not rows:
            self.count.setText("No match")
        else:
            self.count.setText(f"{len(rows)} match" + ("es" if len(rows) != 1 else ""))
        self._update_buttons()

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def select_attendee(self, attendee_id: int) -> bool:
        row = self.model.row_of(attendee_id)
        if row is not None:
            self.select_row(row)
        return row is not None

    def _navigate(self, event: QKeyEvent) -> None:
        if self.model.rowCount() == 0:
            return
        row = self.table.currentIndex().row()
        step = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -10,
            Qt.Key.Key_PageDown: 10,
        }[Qt.Key(event.key())]
        self.select_row(max(0, min(self.model.rowCount() - 1, row + step)))

    def _update_buttons(self, *_args: QModelIndex) -> None:
        item = self.current()
        self.check_in_button.setEnabled(item is not None)
        self.undo_button.setEnabled(item is not None and item.checked_in)
        self.reissue_button.setEnabled(item is not None)
        self.print_button.setEnabled(item is not None)

    # -- actions -----------------------------------------------------------------------

    def _check_in_current(self) -> None:
        item = self.current()
        if item is not None:
            self.check_in_requested.emit(item.id)

    def ask_undo(self) -> None:
        item = self.current()
        if item is None or not item.checked_in:
            return
        self.confirm_bar.ask(
            "undo",
            item.id,
            f"Undo the check-in of {item.name} ({self.model.status_text(item)})? "
            "They will count as not arrived.",
            "Undo check-in",
            reason=True,
        )

    def _ask_reissue(self) -> None:
        item = self.current()
        if item is None:
            return
        self.confirm_bar.ask(
            "reissue",
            item.id,
            f"Reissue the badge of {item.name}? Their current badge {item.badge_serial} "
            f"(revision {item.badge_revision}) will be refused from now on.",
            "Reissue badge",
            reason=False,
        )

    def _confirmed(self, attendee_id: int, reason: str) -> None:
        action = self.confirm_bar.action
        if action == "undo":
            self.undo_requested.emit(attendee_id, reason)
        elif action == "reissue":
            self.reissue_requested.emit(attendee_id)

    def _print_current(self) -> None:
        item = self.current()
        if item is not None:
            self.print_requested.emit(item.id)


__all__ = ["ConfirmBar", "SearchBox", "SearchPanel"]
