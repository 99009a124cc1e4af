"""The audit log view: every desk action with desk and time, newest first."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.store.checkins import AuditRow
from sci4dl_desktop.ui.desk.models import AuditColumn, AuditLogModel


class AuditView(QWidget):
    def __init__(self, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AuditLogModel(zone, self)
        self.summary = QLabel(self)
        self.summary.setObjectName("desk-audit-summary")
        self.table = QTableView(self)
        self.table.setObjectName("desk-audit")
        self.table.setAccessibleName("Audit log, newest first")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AuditColumn.DETAIL, QHeaderView.ResizeMode.Stretch)
        char = self.fontMetrics().averageCharWidth()
        for column, chars in (
            (AuditColumn.TIME, 10),
            (AuditColumn.DESK, 14),
            (AuditColumn.ACTION, 20),
            (AuditColumn.ATTENDEE, 26),
        ):
            header.resizeSection(column, char * chars)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.model.set_rows(rows)
        desks = sorted({row.desk for row in rows})
        self.summary.setText(
            f"{len(rows)} action{'s' if len(rows) != 1 else ''} at "
            f"{len(desks)} desk{'s' if len(desks) != 1 else ''}, newest first"
            if rows
            else "No desk action yet."
        )


__all__ = ["AuditView"]
