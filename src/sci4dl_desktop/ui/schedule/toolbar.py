"""The Schedule page's top row: timeline or list, the day, and the search with its count."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QToolButton,
    QWidget,
)

from sci4dl_desktop.domain.schedule import format_day, format_short_day

TIMELINE, LIST = "timeline", "list"


class ScheduleToolbar(QWidget):
    """View buttons (Alt+T, Alt+L), day tabs for a multi-day event, and the session search."""

    view_chosen = Signal(str)  # TIMELINE or LIST, when the user presses a view button
    day_chosen = Signal(int)  # the index of the day tab the user chose
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline_button = QPushButton("&Timeline")
        self.list_button = QPushButton("&List")
        self.view_buttons = QButtonGroup(self)
        self.view_buttons.setExclusive(True)
        for button, view, what, keys in (
            (self.timeline_button, TIMELINE, "Show the day as a timeline", "Alt+T"),
            (self.list_button, LIST, "Show the day as a list", "Alt+L"),
        ):
            button.setCheckable(True)
            button.setAccessibleName(what)
            button.setToolTip(f"{what} ({keys})")
            self.view_buttons.addButton(button)
            button.toggled.connect(lambda on, view=view: self._toggled(on, view))

        self.day_tabs = QTabBar()
        self.day_tabs.setAccessibleName("Day")
        self.day_tabs.setToolTip("Choose the day to show")
        self.day_tabs.setDrawBase(False)
        self.day_tabs.setExpanding(False)
        self.day_tabs.currentChanged.connect(self.day_chosen)
        self.day_tabs.hide()

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, speaker, room…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search sessions")
        self.search.setToolTip("Search sessions (Ctrl+F); accents and case are ignored")
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        self.search.textChanged.connect(self.search_changed)
        for clear in self.search.findChildren(QToolButton):
            clear.setAccessibleName("Clear the search")
        self.match_label = QLabel()
        self.match_label.setAccessibleName("Search result count")
        self.match_label.hide()

        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        self.row.addWidget(self.timeline_button)
        self.row.addWidget(self.list_button)
        self.row.addSpacing(12)
        self.row.addWidget(self.day_tabs)
        self.row.addStretch(1)
        self.row.addWidget(self.match_label)
        self.row.addWidget(self.search)
        QWidget.setTabOrder(self.timeline_button, self.list_button)
        QWidget.setTabOrder(self.list_button, self.day_tabs)
        QWidget.setTabOrder(self.day_tabs, self.search)

    def _toggled(self, on: bool, view: str) -> None:
        if on:
            self.view_chosen.emit(view)

    def mark_view(self, view: str) -> None:
        """Check the button of the view shown (without announcing a choice)."""
        button = self.list_button if view == LIST else self.timeline_button
        if not button.isChecked():
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)

    def set_days(self, days: Sequence[date], current: date) -> None:
        """One tab per day, `current` chosen; the tabs show only for a multi-day event."""
        self.day_tabs.blockSignals(True)
        while self.day_tabs.count():
            self.day_tabs.removeTab(0)
        for day in days:
            index = self.day_tabs.addTab(format_short_day(day))
            self.day_tabs.setTabToolTip(index, format_day(day))
        self.day_tabs.setCurrentIndex(list(days).index(current))
        self.day_tabs.blockSignals(False)
        self.day_tabs.setVisible(len(days) > 1)

    def show_day(self, index: int) -> None:
        """Choose a day's tab from the code (announced like a click when it changes)."""
        self.day_tabs.setCurrentIndex(index)

    def show_matches(self, found: int | None, total: int) -> None:
        """'3 of 16 sessions match'; None hides the count (no search)."""
        if found is None:
            self.match_label.hide()
            return
        self.match_label.setText(
            f"{found} of {total} sessions match" if found else "No session matches"
        )
        self.match_label.show()

    def add_trailing(self, widget: QWidget) -> None:
        self.row.addWidget(widget)


__all__ = ["LIST", "TIMELINE", "ScheduleToolbar"]
