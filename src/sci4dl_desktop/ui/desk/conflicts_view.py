"""Conflicts for staff to review: people admitted here while offline and elsewhere too.

The server keeps the first check-in it had; the offline admission is in the log as
an entry at this desk. Staff look at each case (two people on one badge? a badge
scanned twice by mistake?) and mark it reviewed, which takes it off the list.
"""

from __future__ import annotations

from datetime import tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.verdict import local_time_text
from sci4dl_desktop.store.desk_cache import Conflict

_Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()

EXPLANATION = (
    "These people were admitted at this desk while it was offline, but another desk "
    "had already admitted them. The first check-in counts; check whether two people "
    "used one badge, then mark each case reviewed."
)


class ConflictColumn(IntEnum):
    NAME = 0
    BADGE = 1
    HERE = 2
    ELSEWHERE = 3


_HEADERS = ("Name", "Badge", "Admitted here (offline)", "Already admitted")


class ConflictsModel(QAbstractTableModel):
    def __init__(self, zone: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: list[Conflict] = []

    def set_rows(self, rows: list[Conflict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def conflict(self, row: int) -> Conflict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(ConflictColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def text(self, item: Conflict, column: int) -> str:
        if column == ConflictColumn.NAME:
            return item.name
        if column == ConflictColumn.BADGE:
            return item.badge_serial
        if column == ConflictColumn.HERE:
            when = local_time_text(item.offline_at, self._zone, today=item.server_at)
            return f"{when} at {item.offline_desk}"
        when = local_time_text(item.server_at, self._zone, today=item.offline_at)
        return f"{when} at {item.server_desk}"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.conflict(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(item, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_HEADERS[index.column()]}: {self.text(item, index.column())}"
        return None


class ConflictsView(QWidget):
    """The list, what it means, and a button to mark the selected case reviewed."""

    review_requested = Signal(str)  # scan id

    def __init__(self, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ConflictsModel(zone, self)
        self.explanation = QLabel(EXPLANATION, self)
        self.explanation.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("desk-conflicts")
        self.table.setAccessibleName("Conflicts to review")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self._review_selected())
        self.review_button = QPushButton("&Mark reviewed", self)
        self.review_button.setObjectName("desk-conflict-reviewed")
        self.review_button.setAccessibleName("Mark the selected conflict reviewed")
        self.review_button.clicked.connect(self._review_selected)
        self.summary = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.set_rows([])

    def set_rows(self, rows: list[Conflict]) -> None:
        self.model.set_rows(rows)
        plural = "s" if len(rows) != 1 else ""
        self.summary.setText(
            f"{len(rows)} conflict{plural} to review" if rows else "Nothing to review."
        )
        self.review_button.setEnabled(bool(rows))
        if rows:
            self.table.selectRow(0)

    def _review_selected(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        row = selected[0].row() if selected else self.table.currentIndex().row()
        item = self.model.conflict(row)
        if item is not None:
            self.review_requested.emit(item.scan_id)


__all__ = ["EXPLANATION", "ConflictsModel", "ConflictsView"]
