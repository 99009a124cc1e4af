"""The two overviews of the pairings: grouped by mentor, and grouped by break."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from sci4dl_desktop.domain.mentorship_view import Meeting, MentorshipOverview
from sci4dl_desktop.ui.columns import ShareColumns
from sci4dl_desktop.ui.rows import RoomyRows

MEETING_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # a meeting row's pairing id
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # a group row's mentor or break id

BY_MENTOR_HEADERS = ("Mentor / mentee", "Break", "Place", "Mentee's interests", "Poster", "Topic")
BY_BREAK_HEADERS = ("Break / mentee", "Mentor", "Place", "Mentee's interests", "Poster", "Topic")
TEXT_SHARES = {3: 0.35, 4: 0.4, 5: 0.25}  # interests, poster, topic


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class PairingTree(QTreeWidget):
    """A read-only tree: one group row per mentor or break, one row per meeting below it."""

    def __init__(self, headers: tuple[str, ...], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setColumnCount(len(headers))
        self.setHeaderLabels(list(headers))
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAllColumnsShowFocus(True)
        self.setItemDelegate(RoomyRows(self))
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.fontMetrics()
        char = metrics.averageCharWidth()
        widths = (
            char * 28,
            metrics.horizontalAdvance("10:30–11:00 · Coffee break") + 24,
            metrics.horizontalAdvance("Mentorship table 10, Foyer") + 16,
        )
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        # Interests, poster and topic share the rest: all six columns fit at 1366 px.
        self.columns = ShareColumns(self, TEXT_SHARES, minimum=char * 12)

    def _fit_names(self) -> None:
        """The first column as wide as the longest mentee's name (group rows span it)."""
        widths = [self.fontMetrics().horizontalAdvance(i.text(0)) for i in self.meeting_items()]
        if widths:
            needed = max(widths) + self.indentation() * 2 + 16  # root and child indents
            self.header().resizeSection(0, min(needed, self.fontMetrics().averageCharWidth() * 40))
            self.columns.apply()

    def meeting_items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        for g in range(self.topLevelItemCount()):
            group = self.topLevelItem(g)
            if group is not None:
                found += [c for m in range(group.childCount()) if (c := group.child(m))]
        return found

    def _group(self, text: str, group_id: int, accessible: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [text])
        item.setData(0, GROUP_ROLE, group_id)
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, accessible)
        font = QFont(self.font())
        font.setBold(True)
        item.setFont(0, font)
        item.setFirstColumnSpanned(True)
        return item

    def _meeting(
        self, parent: QTreeWidgetItem, meeting: Meeting, second: str, overview: MentorshipOverview
    ) -> QTreeWidgetItem:
        poster = meeting.poster.short_label if meeting.poster is not None else ""
        mentee = meeting.mentee_name
        texts = [
            mentee,
            second,
            meeting.place,
            ", ".join(meeting.mentee_interests),
            poster,
            meeting.topic,
        ]
        item = QTreeWidgetItem(parent, texts)
        item.setData(0, MEETING_ID_ROLE, meeting.id)
        item.setData(
            0,
            Qt.ItemDataRole.AccessibleTextRole,
            f"{mentee} meets {meeting.mentor.name} in the {meeting.slot.title.lower()}, "
            f"{overview.when(meeting.slot)}" + (f", at {meeting.place}" if meeting.place else ""),
        )
        for column, text in enumerate(texts):
            if text:
                item.setToolTip(column, text)
        if meeting.poster is not None:
            item.setToolTip(4, meeting.poster.label(overview.zone, multi_day=overview.multi_day))
        if meeting.mentee_affiliation:
            item.setToolTip(0, f"{mentee} — {meeting.mentee_affiliation}")
        return item


class ByMentorTree(PairingTree):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(BY_MENTOR_HEADERS, "pairings-by-mentor", parent)
        self.setAccessibleName("Pairings by mentor")

    def show_overview(self, overview: MentorshipOverview) -> None:
        self.clear()
        for mentor, meetings in overview.by_mentor():
            title = mentor.name + (f" ({mentor.affiliation})" if mentor.affiliation else "")
            count = _plural(len(meetings), "meeting") if meetings else "no meetings yet"
            group = self._group(f"{title} — {count}", mentor.id, f"{mentor.name}, {count}")
            for meeting in meetings:
                when = f"{overview.when(meeting.slot)} · {meeting.slot.title}"
                self._meeting(group, meeting, when, overview)
        self.expandAll()
        self._fit_names()


class ByBreakTree(PairingTree):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(BY_BREAK_HEADERS, "pairings-by-break", parent)
        self.setAccessibleName("Pairings by break")

    def show_overview(self, overview: MentorshipOverview) -> None:
        self.clear()
        for slot, meetings in overview.by_break():
            when = f"{overview.when(slot)} · {slot.title}"
            count = _plural(len(meetings), "meeting")
            group = self._group(f"{when} — {count}", slot.id, f"{when}, {count}")
            for meeting in meetings:
                self._meeting(group, meeting, meeting.mentor.name, overview)
        self.expandAll()
        self._fit_names()
