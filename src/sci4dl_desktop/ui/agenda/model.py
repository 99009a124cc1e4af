"""The table of a personal agenda: one row per starred session or poster, in time order."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from sci4dl_desktop.domain.agenda import AgendaItem, Target
from sci4dl_desktop.ui.icons import icon

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's Target (session or poster id)
CLASH_ROLE = Qt.ItemDataRole.UserRole + 2  # True when the row overlaps another starred item

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    TIME = 0
    TITLE = 1
    WHO = 2
    KIND = 3
    WHERE = 4
    CLASH = 5


HEADERS = {
    Column.TIME: "Time",
    Column.TITLE: "What",
    Column.WHO: "Who",
    Column.KIND: "Kind",
    Column.WHERE: "Where",
    Column.CLASH: "Clashes",
}


def time_text(item: AgendaItem, zone: ZoneInfo) -> str:
    start, end = item.start.astimezone(zone), item.end.astimezone(zone)
    text = f"{start:%H:%M}–{end:%H:%M}"
    return text if start.date() == end.date() else f"{text} (+1 day)"


def where_text(item: AgendaItem) -> str:
    if item.board is not None:
        return f"Board {item.board}, {item.room}" if item.room else f"Board {item.board}"
    return item.room


def who_text(item: AgendaItem) -> str:
    if not item.people:
        return ""
    if item.target.kind == "poster" and len(item.people) > 1:
        return f"{item.people[0]} et al."
    return ", ".join(item.people)


def clash_text(item: AgendaItem) -> str:
    if not item.clashes_with:
        return ""
    return "Clashes with " + "; ".join(item.clashes_with)


class AgendaTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: tuple[AgendaItem, ...] = ()
        self._zone = ZoneInfo("UTC")
        self._clash_icon = icon("error")

    @property
    def items(self) -> tuple[AgendaItem, ...]:
        return self._items

    def set_items(self, items: Sequence[AgendaItem], zone: ZoneInfo) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self._zone = zone
        self.endResetModel()

    def item_at(self, row: int) -> AgendaItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, target: Target) -> int | None:
        return next((i for i, item in enumerate(self._items) if item.target == target), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)] if 0 <= section < len(Column) else None
        return None

    def _text(self, item: AgendaItem, column: Column) -> str:
        if column is Column.TIME:
            return time_text(item, self._zone)
        if column is Column.TITLE:
            return item.title
        if column is Column.WHO:
            return who_text(item)
        if column is Column.KIND:
            return item.kind_label
        if column is Column.WHERE:
            return where_text(item)
        return clash_text(item)

    def _tooltip(self, item: AgendaItem) -> str:
        lines = [item.title, f"{item.kind_label}, {time_text(item, self._zone)}"]
        if where_text(item):
            lines.append(where_text(item))
        if item.session_title:
            lines.append(item.session_title)
        if item.people:
            lines.append(", ".join(item.people))
        if item.clashes:
            lines.append(clash_text(item))
        return "\n".join(lines)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(Column):
            return None
        item = self.item_at(index.row())
        if item is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column is Column.CLASH:
                return clash_text(item) or "No clash"
            return self._text(item, column)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.CLASH and item.clashes:
            return self._clash_icon
        if role == TARGET_ROLE:
            return item.target
        if role == CLASH_ROLE:
            return item.clashes
        return None


__all__ = ["CLASH_ROLE", "TARGET_ROLE", "AgendaTableModel", "Column", "clash_text", "time_text"]
