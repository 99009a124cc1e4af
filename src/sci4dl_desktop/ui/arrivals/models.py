"""The arrivals table: one row per category with people in it, then the total."""

from __future__ import annotations

from datetime import tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from sci4dl_desktop.domain.arrivals import ArrivalsReport, CategoryArrivals
from sci4dl_desktop.store.checkins import ArrivalRow
from sci4dl_desktop.store.enums import AttendeeCategory

_Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()

# Category colours for the screen: mid tones that read on light and dark backgrounds.
CATEGORY_COLOURS: dict[AttendeeCategory, str] = {
    AttendeeCategory.ORGANIZER: "#9466d6",
    AttendeeCategory.SPEAKER: "#e0564e",
    AttendeeCategory.STUDENT: "#2f9e5c",
    AttendeeCategory.ACADEMIC: "#3f82dc",
    AttendeeCategory.INDUSTRY: "#e19a1c",
    AttendeeCategory.REMOTE: "#8c96a2",
}


class Column(IntEnum):
    CATEGORY = 0
    CHECKED_IN = 1
    EXPECTED = 2
    SHARE = 3
    TO_COME = 4


_HEADERS = ("Category", "Checked in", "Expected", "Share", "Still to come")
_NUMERIC = frozenset({Column.CHECKED_IN, Column.EXPECTED, Column.SHARE, Column.TO_COME})


def share_text(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


class CategoryTableModel(QAbstractTableModel):
    """Checked in, expected, share and still to come, per category and in total."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CategoryArrivals] = []
        self._total: tuple[int, int, float | None, int] = (0, 0, None, 0)

    def set_report(self, report: ArrivalsReport) -> None:
        present = set(report.categories_present)
        rows = [c for c in report.categories if c.category in present]
        total = (
            report.checked_in,
            report.expected,
            report.share,
            sum(c.still_to_come for c in report.categories),
        )
        if len(rows) == len(self._rows):  # the usual refresh: same rows, new numbers
            self._rows, self._total = rows, total
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows), len(Column) - 1))
            return
        self.beginResetModel()
        self._rows, self._total = rows, total
        self.endResetModel()

    def category(self, row: int) -> AttendeeCategory | None:
        return self._rows[row].category if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() or not self._rows else len(self._rows) + 1

    def columnCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and Column(section) in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _values(self, row: int) -> tuple[str, int, int, float | None, int]:
        if row == len(self._rows):
            checked_in, expected, share, to_come = self._total
            return "Total", checked_in, expected, share, to_come
        c = self._rows[row]
        return c.category.label, c.checked_in, c.expected, c.share, c.still_to_come

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        column = Column(index.column())
        label, checked_in, expected, share, to_come = self._values(index.row())
        total_row = index.row() == len(self._rows)
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                Column.CATEGORY: label,
                Column.CHECKED_IN: str(checked_in),
                Column.EXPECTED: str(expected) if expected or total_row else "–",
                Column.SHARE: share_text(share),
                Column.TO_COME: str(to_come) if expected or total_row else "–",
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and label == AttendeeCategory.REMOTE.label:
            return "Remote participants follow online: they are not expected on site"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and total_row:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and column is Column.CATEGORY and not total_row:
            return QColor(CATEGORY_COLOURS[self._rows[index.row()].category])
        return None


class LatestArrivalsModel(QAbstractTableModel):
    """The most recent arrivals, newest first: time (event-local), name, category, desk."""

    HEADERS = ("Time", "Name", "Category", "Desk")

    def __init__(self, limit: int = 100, parent: Any = None) -> None:
        super().__init__(parent)
        self._limit = limit
        self._rows: list[ArrivalRow] = []
        self._zone: tzinfo | None = None

    def set_report(self, report: ArrivalsReport) -> None:
        self.beginResetModel()
        self._zone = report.zone
        self._rows = list(reversed(report.arrivals[-self._limit :]))
        self.endResetModel()

    def rowCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            when = row.at.astimezone(self._zone).strftime("%H:%M:%S")
            return (when, row.name, row.category.label, row.desk)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return f"{row.name}, {row.affiliation}" if row.affiliation else row.name
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 2:
            return QColor(CATEGORY_COLOURS[row.category])
        return None


__all__ = [
    "CATEGORY_COLOURS",
    "CategoryTableModel",
    "Column",
    "LatestArrivalsModel",
    "share_text",
]
