"""The list view of the day: a flat, row-selecting tree view over the filtered list model."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from sci4dl_desktop.ui.rows import RoomyRows
from sci4dl_desktop.ui.schedule.model import Column


class SessionListView(QTreeView):
    """One row per session; Title and Speakers share the spare width. The Projected
    column stays hidden until projected times are known."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName("Sessions list")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setItemDelegate(RoomyRows(self))
        self.setAllColumnsShowFocus(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setAccessibleName("Columns of the sessions list")
        header.setStretchLastSection(False)
        for column in Column:
            mode = QHeaderView.ResizeMode.ResizeToContents
            if column in (Column.TITLE, Column.SPEAKERS):
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)
        self.setColumnHidden(Column.PROJECTED, True)
