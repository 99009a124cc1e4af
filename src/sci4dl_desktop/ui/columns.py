"""Columns that share a view's width: text columns grow with the window, short ones stay put.

A table of long texts (titles, author lists, interests) reads best when those columns
split whatever width is left after the short columns (board, time, place). Qt's header
can stretch every column equally or only the last one; `ShareColumns` gives each text
column its own share, again whenever the view is resized, so nothing hides behind a
horizontal scroll bar at 1366 px and nothing stays cramped at 4K.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView


def _header(view: QAbstractItemView) -> QHeaderView:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    if isinstance(view, QTreeView):
        return view.header()
    raise TypeError(f"no column header on a {type(view).__name__}")


class ShareColumns(QObject):
    """Keeps the `shares` columns at their share of the width the other columns leave.

    `minimum` is the narrowest a shared column gets (in pixels); below that the view
    scrolls. The user can still drag a column; the next resize of the view shares again.
    """

    def __init__(self, view: QAbstractItemView, shares: Mapping[int, float], minimum: int) -> None:
        super().__init__(view)
        if not shares or any(share <= 0 for share in shares.values()):
            raise ValueError("every shared column needs a positive share")
        self._view = view
        self._shares = dict(shares)
        self._minimum = minimum
        header = _header(view)
        header.setStretchLastSection(False)
        for column in self._shares:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        header = _header(self._view)
        count = header.count()
        columns = [c for c in sorted(self._shares) if c < count and not header.isSectionHidden(c)]
        if not columns:
            return
        fixed = sum(
            header.sectionSize(c)
            for c in range(count)
            if c not in self._shares and not header.isSectionHidden(c)
        )
        room = max(0, self._view.viewport().width() - fixed)
        total = sum(self._shares[c] for c in columns)
        left = room
        for index, column in enumerate(columns):
            if index == len(columns) - 1:
                width = left  # the last one takes the rounding, so the columns fill the view
            else:
                width = round(room * self._shares[column] / total)
            width = max(self._minimum, width)
            header.resizeSection(column, width)
            left -= width

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Compared by identity only: while the view is being destroyed, asking it for
        # anything fails.
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            self.apply()
        return False


__all__ = ["ShareColumns"]
