"""A thin, read-only table of text rows: the import preview's and the data page's tables.

Each row carries its cells, a key (what the row stands for: a ref, a problem), optional
sort values (numbers and instants sort as such, not as text) and an optional tooltip.
Filtering folds accents and case, like every search in the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from sci4dl_desktop.domain.text import fold

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class TextRow:
    cells: tuple[str, ...]
    key: object = None
    sort: tuple[Any, ...] | None = None  # one value per cell (None: sort by its text)
    tooltip: str = ""


class TextTableModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: list[TextRow] = []
        self._folded: list[str] | None = None

    def set_rows(self, rows: Sequence[TextRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._folded = None
        self.endResetModel()

    def rows(self) -> list[TextRow]:
        return self._rows

    def row_at(self, row: int) -> TextRow:
        return self._rows[row]

    def folded(self, row: int) -> str:
        if self._folded is None:
            self._folded = [fold(" ".join(r.cells)) for r in self._rows]
        return self._folded[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[column] if column < len(row.cells) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            cell = row.cells[column] if column < len(row.cells) else ""
            return row.tooltip or (cell if len(cell) > 40 else None)
        if role == KEY_ROLE:
            return row.key
        if role == SORT_ROLE:
            if row.sort is not None and column < len(row.sort) and row.sort[column] is not None:
                return row.sort[column]
            return fold(row.cells[column]) if column < len(row.cells) else ""
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None


class FoldingFilter(QSortFilterProxyModel):
    """Keeps the rows whose text holds every word typed (accents and case ignored)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, TextTableModel)
        text = model.folded(source_row)
        return all(word in text for word in self._words)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        return sort_key(left.data(SORT_ROLE)) < sort_key(right.data(SORT_ROLE))


def sort_key(value: object) -> tuple[int, Any]:
    """Values of any kind in one order: empty first, then numbers, instants, text."""
    if value is None or value == "":
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, value)
    if isinstance(value, datetime):
        return (2, value.timestamp())
    if isinstance(value, str):
        return (3, value)
    if isinstance(value, tuple):
        return (4, tuple(sort_key(v) for v in value))
    return (5, str(value))


__all__ = ["KEY_ROLE", "SORT_ROLE", "FoldingFilter", "TextRow", "TextTableModel", "sort_key"]
