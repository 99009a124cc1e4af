"""Item models of the posters table: a thin table over PosterRow values, and its filter.

Sorting happens in the table model, in Python, with precomputed keys (one `sorted`
call, a few milliseconds for thousands of rows); the proxy only filters. Qt's own
proxy sorting would call a Python `lessThan` for every comparison, which takes a
large fraction of a second over 5,000 rows each time the filter lets rows back in.

The proxy's filter is a list of booleans computed in a few list comprehensions over the
folded text of every poster (domain.posters.PosterIndex); `filterAcceptsRow` only looks
an answer up. When another letter typed leaves exactly the same posters, the proxy does
not refilter at all; when it changes many rows, it relays out once instead of sending
thousands of scattered insert and remove signals.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from sci4dl_desktop.domain.posters import (
    PosterColumn,
    PosterFilter,
    PosterIndex,
    PosterRow,
    sort_keys,
    sorted_order,
)

POSTER_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the poster's database id, an int
# Up to this many rows shown or hidden by one filter change, the proxy inserts and removes
# them one range at a time (the view keeps its place); beyond, it relays out once, which is
# much cheaper than thousands of scattered range signals.
INCREMENTAL_LIMIT = 64

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class PosterTableModel(QAbstractTableModel):
    """Posters as rows, in the order of the current sort; one column per PosterColumn."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[PosterRow, ...] = ()
        # order[view row] = index into _rows. Changed in place only: the proxy shares it.
        self.order: list[int] = []
        self._sort_column = PosterColumn.SESSION
        self._descending = False
        self._keys: dict[PosterColumn, list[Any]] = {}

    # -- data -------------------------------------------------------------------------

    @property
    def rows(self) -> tuple[PosterRow, ...]:
        """The posters in load order (the order the filter mask follows)."""
        return self._rows

    def set_rows(self, rows: Sequence[PosterRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self._keys.clear()
        self.order[:] = self._sorted_order()
        self.endResetModel()

    def poster_at(self, row: int) -> PosterRow:
        return self._rows[self.order[row]]

    def row_of(self, poster_id: int) -> int | None:
        for row, base in enumerate(self.order):
            if self._rows[base].id == poster_id:
                return row
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PosterColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(PosterColumn):
            return None
        column = PosterColumn(section)
        if role == _DISPLAY:
            return column.header
        if role == _ALIGN and column is PosterColumn.BOARD:
            return _RIGHT
        if role == _TOOLTIP:
            return f"Sort by {column.header.lower()}"
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        poster = self._rows[self.order[index.row()]]
        if role == POSTER_ID_ROLE:
            return poster.id
        column = index.column()
        if role in (_DISPLAY, _ACCESSIBLE):
            return _cell_text(poster, column)
        if role == _TOOLTIP:
            if column == PosterColumn.BOARD:
                return f"Board {poster.board_label}, {poster.session_title}"
            return _cell_text(poster, column)
        if role == _ALIGN and column == PosterColumn.BOARD:
            return _RIGHT
        return None

    # -- sorting ----------------------------------------------------------------------

    @property
    def sort_column(self) -> PosterColumn:
        return self._sort_column

    @property
    def descending(self) -> bool:
        return self._descending

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(PosterColumn):
            return
        self._sort_column = PosterColumn(column)
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_bases = [self.order[i.row()] for i in old]
        self.order[:] = self._sorted_order()
        row_of_base = {base: row for row, base in enumerate(self.order)}
        self.changePersistentIndexList(
            old,
            [self.index(row_of_base[b], i.column()) for b, i in zip(old_bases, old, strict=True)],
        )
        self.layoutChanged.emit()

    def _sorted_order(self) -> list[int]:
        keys = self._keys.get(self._sort_column)
        if keys is None:
            keys = self._keys[self._sort_column] = sort_keys(self._rows, self._sort_column)
        return sorted_order(keys, self._descending)


def _cell_text(poster: PosterRow, column: int) -> str:
    if column == PosterColumn.TITLE:
        return poster.title
    if column == PosterColumn.AUTHORS:
        return poster.author_names
    if column == PosterColumn.KEYWORDS:
        return poster.keyword_text
    if column == PosterColumn.BOARD:
        return poster.board_label
    return poster.session_title


class PosterFilterProxy(QSortFilterProxyModel):
    """Filters a PosterTableModel by a PosterFilter; sorting is passed on to the table model."""

    def __init__(self, source: PosterTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table = source
        self._filter = PosterFilter()
        self._index = PosterIndex(())
        self._accepted: list[bool] = []
        self._order = source.order  # the same list object, kept current by the table model
        self.setSourceModel(source)

    @property
    def table(self) -> PosterTableModel:
        return self._table

    @property
    def current_filter(self) -> PosterFilter:
        return self._filter

    def load(self, rows: Sequence[PosterRow], flt: PosterFilter | None = None) -> None:
        """Show new posters, under a new filter or the current one."""
        if flt is not None:
            self._filter = flt
        self._index = PosterIndex(rows)
        self._accepted = self._index.mask(self._filter)
        self._table.set_rows(rows)

    def set_filter(self, flt: PosterFilter) -> bool:
        """Apply a filter; returns False when the rows shown did not change."""
        previous, self._filter = self._filter, flt
        within = self._accepted if flt.narrows(previous) else None
        accepted = self._index.mask(flt, within)
        if accepted == self._accepted:
            return False
        changed = sum(map(operator.ne, accepted, self._accepted))
        if changed > INCREMENTAL_LIMIT:
            self._accepted = accepted
            self.invalidate()  # one layout change; persistent indexes and selection follow
        else:
            self.beginFilterChange()
            self._accepted = accepted
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        return self._accepted[self._order[source_row]]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._table.sort(column, order)

    def poster_id(self, row: int) -> int | None:
        value = self.index(row, 0).data(POSTER_ID_ROLE)
        return int(value) if value is not None else None

    def row_of(self, poster_id: int) -> int | None:
        source_row = self._table.row_of(poster_id)
        if source_row is None:
            return None
        mapped = self.mapFromSource(self._table.index(source_row, 0))
        return mapped.row() if mapped.isValid() else None

    @property
    def total(self) -> int:
        return self._table.rowCount()
