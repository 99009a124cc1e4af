"""The list view's item model: one row per session of a day, now and next marked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import IntEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from sci4dl_desktop.domain.schedule import (
    NowNext,
    SessionView,
    effective_times,
    format_day,
    format_range,
    format_shift,
    format_time,
    local_day,
    session_matches,
)
from sci4dl_desktop.domain.text import fold_terms
from sci4dl_desktop.ui.schedule.colors import hue

SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The session's database id (int), on every column."""
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
"""'now', 'next' or '' for the row's session."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    STATUS = 0
    TIME = 1
    PROJECTED = 2  # hidden by the page unless projected times are known
    TITLE = 3
    KIND = 4
    ROOM = 5
    SPEAKERS = 6


HEADERS = {
    Column.STATUS: "Status",
    Column.TIME: "Time",
    Column.PROJECTED: "Projected",
    Column.TITLE: "Title",
    Column.KIND: "Kind",
    Column.ROOM: "Room",
    Column.SPEAKERS: "Speakers",
}

STATUS_TEXT = {"now": "Now", "next": "Next"}


def projected_text(
    session: SessionView, zone: ZoneInfo, projected: tuple[datetime, datetime] | None
) -> str:
    """The projected time and its shift from the plan; empty when none is known."""
    if projected is None:
        return ""
    start, end = projected
    return f"{format_range(start, end, zone)} ({format_shift(session.start, start)})"


class ScheduleListModel(QAbstractTableModel):
    """Sessions in time order; ids under SESSION_ID_ROLE, live state under STATUS_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sessions: list[SessionView] = []
        self._rows: dict[int, int] = {}
        self._zone = ZoneInfo("UTC")
        self._now_ids: frozenset[int] = frozenset()
        self._next_ids: frozenset[int] = frozenset()
        self._adjusted: dict[int, tuple[datetime, datetime]] = {}

    # -- feeding -----------------------------------------------------------------------

    def set_sessions(self, sessions: Sequence[SessionView], zone: ZoneInfo) -> None:
        self.beginResetModel()
        self._sessions = list(sessions)
        self._rows = {s.id: row for row, s in enumerate(self._sessions)}
        self._zone = zone
        self.endResetModel()

    def set_now_next(self, now_next: NowNext | None) -> None:
        now_ids = now_next.now_ids if now_next else frozenset()
        next_ids = now_next.next_ids if now_next else frozenset()
        if (now_ids, next_ids) == (self._now_ids, self._next_ids):
            return
        changed = now_ids ^ self._now_ids | next_ids ^ self._next_ids
        self._now_ids, self._next_ids = now_ids, next_ids
        self._rows_changed(changed)

    def has_adjusted_times(self) -> bool:
        return bool(self._adjusted)

    def set_adjusted_times(self, adjusted: dict[int, tuple[datetime, datetime]]) -> None:
        changed = set(adjusted) | set(self._adjusted)
        self._adjusted = dict(adjusted)
        self._rows_changed(changed)

    def _rows_changed(self, session_ids: set[int] | frozenset[int]) -> None:
        for session_id in session_ids:
            row = self._rows.get(session_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1), [])

    # -- lookups -----------------------------------------------------------------------

    def session_at(self, row: int) -> SessionView | None:
        return self._sessions[row] if 0 <= row < len(self._sessions) else None

    def row_of(self, session_id: int) -> int | None:
        return self._rows.get(session_id)

    def status(self, session_id: int) -> str:
        if session_id in self._now_ids:
            return "now"
        if session_id in self._next_ids:
            return "next"
        return ""

    # -- QAbstractItemModel ---------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sessions)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return HEADERS[Column(section)]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        session = self.session_at(index.row())
        if session is None or not 0 <= index.column() < len(Column):
            return None
        column = Column(index.column())
        if role == SESSION_ID_ROLE:
            return session.id
        if role == STATUS_ROLE:
            return self.status(session.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(session, column)
        if role == SORT_ROLE:
            return self._sort_key(session, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(session, column)
        if role == Qt.ItemDataRole.FontRole and self.status(session.id):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and column is Column.KIND:
            return hue(session.kind)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._display(session, column)
            return text or "—"
        return None

    def _display(self, session: SessionView, column: Column) -> str:
        if column is Column.STATUS:
            return STATUS_TEXT.get(self.status(session.id), "")
        if column is Column.TIME:
            return format_range(session.start, session.end, self._zone)
        if column is Column.PROJECTED:
            return projected_text(session, self._zone, self._adjusted.get(session.id))
        if column is Column.TITLE:
            return session.title
        if column is Column.KIND:
            return session.kind.label
        if column is Column.ROOM:
            return session.room_name
        return session.speaker_names

    def _sort_key(self, session: SessionView, column: Column) -> object:
        if column is Column.TIME:
            return session.start.timestamp()
        if column is Column.PROJECTED:
            return effective_times(session, self._adjusted)[0].timestamp()
        if column is Column.STATUS:
            return {"now": 0, "next": 1}.get(self.status(session.id), 2)
        return self._display(session, column).casefold()

    def _tooltip(self, session: SessionView, column: Column) -> str:
        if column in (Column.TIME, Column.PROJECTED):
            day = format_day(local_day(session.start, self._zone))
            text = f"{day}, planned {format_range(session.start, session.end, self._zone)}"
            projected = projected_text(session, self._zone, self._adjusted.get(session.id))
            return f"{text}, projected {projected}" if projected else text
        if column is Column.TITLE and session.subtitle:
            return f"{session.title}\n{session.subtitle}"
        if column is Column.SPEAKERS and session.speakers:
            return "\n".join(s.label for s in session.speakers)
        if column is Column.STATUS and self.status(session.id) == "next":
            return f"Starts next, at {format_time(session.start, self._zone)}"
        return self._display(session, column)


class ScheduleFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose session matches every term of the search (accents ignored)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_query(self, query: str) -> None:
        terms = fold_terms(query)
        if terms == self._terms:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._terms = terms
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._terms = terms
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._terms:
            return True
        model = self.sourceModel()
        if not isinstance(model, ScheduleListModel):
            return True
        session = model.session_at(source_row)
        return session is not None and session_matches(session, self._terms)
