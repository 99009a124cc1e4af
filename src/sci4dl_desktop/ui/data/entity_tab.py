"""One tab of the Event data page: a filterable table of one kind of record, and its buttons.

Enter or a double click edits the selected row, Delete deletes it, Ctrl+F goes to the
filter; the buttons say the same with mnemonics.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.ui.data.table_model import KEY_ROLE, FoldingFilter, TextRow, TextTableModel


class RecordTable(QTableView):
    """The table: Enter edits, Delete deletes."""

    edit_requested = Signal()
    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.edit_requested.emit()
            return
        if event.key() == Qt.Key.Key_Delete and self.currentIndex().isValid():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


class EntityTab(QWidget):
    add_requested = Signal()
    edit_requested = Signal(str)  # ref
    delete_requested = Signal(str)  # ref

    def __init__(
        self,
        entity: str,
        singular: str,
        plural: str,
        headers: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.entity = entity
        self.plural = plural
        self._sized = False
        self.setObjectName(f"tab-{entity}")
        self.filter = QLineEdit(self)
        self.filter.setObjectName(f"filter-{entity}")
        self.filter.setPlaceholderText(f"Filter {plural}…")
        self.filter.setAccessibleName(f"Filter {plural}")
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName(f"count-{entity}")
        self.add_button = QPushButton(f"&Add {singular}…", self)
        self.add_button.setObjectName(f"add-{entity}")
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.setObjectName(f"edit-{entity}")
        self.edit_button.setAccessibleName(f"Edit the selected {singular}")
        self.delete_button = QPushButton("&Delete", self)
        self.delete_button.setObjectName(f"delete-{entity}")
        self.delete_button.setAccessibleName(f"Delete the selected {singular}")

        self.model = TextTableModel(headers, self)
        self.proxy = FoldingFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = RecordTable(self)
        self.table.setObjectName(f"table-{entity}")
        self.table.setAccessibleName(plural.capitalize())
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        top.addSpacing(12)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self.filter.textChanged.connect(self._filter)
        self.add_button.clicked.connect(lambda _checked=False: self.add_requested.emit())
        self.edit_button.clicked.connect(lambda _checked=False: self._edit())
        self.delete_button.clicked.connect(lambda _checked=False: self._delete())
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.table.edit_requested.connect(self._edit)
        self.table.delete_requested.connect(self._delete)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._sync_buttons())
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._find)
        self._sync_buttons()

    # -- rows ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[TextRow]) -> None:
        """Show these rows, keeping the selected record selected."""
        selected = self.selected_ref()
        self.model.set_rows(rows)
        if not self._sized and rows:
            self.table.resizeColumnsToContents()
            for column in range(self.model.columnCount()):
                self.table.setColumnWidth(column, min(360, self.table.columnWidth(column) + 12))
            self._sized = True
        if selected is not None:
            self.select(selected)
        self._count()
        self._sync_buttons()

    def select(self, ref: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(KEY_ROLE) == ref:
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(index)
                return True
        return False

    def selected_ref(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        index: QModelIndex = rows[0] if rows else QModelIndex()
        ref = index.data(KEY_ROLE) if index.isValid() else None
        return ref if isinstance(ref, str) else None

    def refs(self) -> list[str]:
        """The refs of the rows shown, in the order shown."""
        return [self.proxy.index(r, 0).data(KEY_ROLE) for r in range(self.proxy.rowCount())]

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._count()

    def _count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = self.plural
        self.count.setText(
            f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        )

    def _find(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def _sync_buttons(self) -> None:
        chosen = self.selected_ref() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _edit(self) -> None:
        ref = self.selected_ref()
        if ref is not None:
            self.edit_requested.emit(ref)

    def _delete(self) -> None:
        ref = self.selected_ref()
        if ref is not None:
            self.delete_requested.emit(ref)


__all__ = ["EntityTab", "RecordTable"]
