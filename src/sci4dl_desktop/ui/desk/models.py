"""Table models of the desk page: attendee search results and the audit log."""

from __future__ import annotations

from datetime import tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sci4dl_desktop.domain.checkin_types import AttendeeSummary, audit_label
from sci4dl_desktop.store.checkins import AuditRow

_Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()


class ResultColumn(IntEnum):
    NAME = 0
    CATEGORY = 1
    AFFILIATION = 2
    EMAIL = 3
    BADGE = 4
    STATUS = 5


_RESULT_HEADERS = ("Name", "Category", "Affiliation", "Email", "Badge", "Checked in")


class AttendeeResultsModel(QAbstractTableModel):
    """Search results: one attendee per row, with where and when they were checked in."""

    def __init__(self, zone: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: list[AttendeeSummary] = []

    def set_rows(self, rows: list[AttendeeSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def attendee(self, row: int) -> AttendeeSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, attendee_id: int) -> int | None:
        for row, item in enumerate(self._rows):
            if item.id == attendee_id:
                return row
        return None

    def rowCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(ResultColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _RESULT_HEADERS[section]
        return None

    def status_text(self, item: AttendeeSummary) -> str:
        if item.checked_in_at is None:
            return "Not yet"
        local = item.checked_in_at.astimezone(self._zone).strftime("%H:%M")
        return f"Yes, {local} at {item.checked_in_desk}"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.attendee(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = ResultColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return {
                ResultColumn.NAME: item.name,
                ResultColumn.CATEGORY: item.category.label,
                ResultColumn.AFFILIATION: item.affiliation,
                ResultColumn.EMAIL: item.email or "",
                ResultColumn.BADGE: item.badge_serial
                + (f" (rev. {item.badge_revision})" if item.badge_revision > 1 else ""),
                ResultColumn.STATUS: self.status_text(item),
            }[column]
        if role == Qt.ItemDataRole.AccessibleTextRole and column is ResultColumn.NAME:
            return f"{item.name}, {item.category.label}, {self.status_text(item)}"
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None


class AuditColumn(IntEnum):
    TIME = 0
    DESK = 1
    ACTION = 2
    ATTENDEE = 3
    DETAIL = 4


_AUDIT_HEADERS = ("Time", "Desk", "Action", "Attendee", "Detail")


class AuditLogModel(QAbstractTableModel):
    """The audit log, newest first, times in the event's time zone."""

    def __init__(self, zone: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: list[AuditRow] = []

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def entry(self, row: int) -> AuditRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(AuditColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _AUDIT_HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = AuditColumn(index.column())
            if column is AuditColumn.TIME:
                local = entry.at.astimezone(self._zone)
                return local.strftime("%H:%M:%S" if role == Qt.ItemDataRole.DisplayRole else "%c")
            return {
                AuditColumn.DESK: entry.desk,
                AuditColumn.ACTION: audit_label(entry.action),
                AuditColumn.ATTENDEE: entry.attendee_name,
                AuditColumn.DETAIL: entry.detail,
            }[column]
        return None


__all__ = ["AttendeeResultsModel", "AuditColumn", "AuditLogModel", "ResultColumn"]
