"""The chair page's read-only parts: the current session, and the day's drift."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.chair import ChairDesk, ChairSession
from sci4dl_desktop.domain.drift import (
    current_delay,
    describe_delay,
    projected_times,
    remaining_slots,
)
from sci4dl_desktop.domain.local_time import format_range, format_shift, format_time
from sci4dl_desktop.domain.timer import TimerState
from sci4dl_desktop.ui.fonts import scaled_font
from sci4dl_desktop.ui.rows import RoomyRows


class SessionCard(QFrame):
    """Now: kind, times and room, the title, and each speaker with their check-in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.kicker = QLabel()
        self.kicker.setAccessibleName("Current session time and place")
        self.title = QLabel()
        self.title.setAccessibleName("Current session")
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self, 1.5, bold=True))
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setAccessibleName("Current session subtitle")
        self.speakers = QLabel()
        self.speakers.setAccessibleName("Speakers and check-in")
        self.speakers.setWordWrap(True)
        self.speakers.setTextFormat(Qt.TextFormat.RichText)
        for label in (self.kicker, self.title, self.subtitle, self.speakers):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)

    def show_session(
        self,
        session: ChairSession | None,
        zone: ZoneInfo,
        started_at: datetime | None = None,
        ended_note: str = "",
    ) -> None:
        if session is None:
            self.kicker.setText("NOW")
            self.title.setText(ended_note or "No session left to time today")
            self.subtitle.hide()
            self.speakers.setText("")
            return
        parts = [
            "NOW",
            session.kind.label,
            format_range(session.start, session.end, zone),
        ]
        if session.room:
            parts.append(session.room)
        if started_at is not None:
            parts.append(f"started {format_time(started_at, zone)}")
        self.kicker.setText(" · ".join(parts))
        self.title.setText(session.title)
        self.subtitle.setText(session.subtitle)
        self.subtitle.setVisible(bool(session.subtitle))
        if not session.speakers:
            self.speakers.setText("<i>No speaker listed</i>")
            return
        lines = []
        for speaker in session.speakers:
            who = html.escape(speaker.name)
            if speaker.affiliation:
                who += f" ({html.escape(speaker.affiliation)})"
            mark = "✓ " if speaker.checked_in_at is not None else ""
            lines.append(f"{mark}<b>{who}</b> — {html.escape(speaker.status(zone))}")
        self.speakers.setText("<br>".join(lines))


@dataclass(frozen=True)
class DriftRow:
    session_id: int
    title: str
    planned: datetime
    expected: datetime
    current: bool = False
    running: bool = False


class DayPanel(QWidget):
    """How late the day runs, and when the remaining sessions will now start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.delay = QLabel()
        self.delay.setAccessibleName("Delay of the day")
        self.delay.setFont(scaled_font(self, 1.35, bold=True))
        self.next = QLabel()
        self.next.setAccessibleName("Next session")
        self.next.setWordWrap(True)
        heading = QLabel("Remaining sessions")
        heading.setFont(scaled_font(self, 1.0, bold=True))
        self.table = QTreeWidget()
        self.table.setAccessibleName("Remaining sessions with their expected start")
        self.table.setColumnCount(4)
        self.table.setHeaderLabels(["Session", "Planned", "Expected", "Shift"])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setItemDelegate(RoomyRows(self.table))
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        heading.setBuddy(self.table)
        layout.addWidget(self.delay)
        layout.addWidget(self.next)
        layout.addSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        self._shown: tuple[object, ...] = ()

    def show_desk(self, desk: ChairDesk, now: datetime, zone: ZoneInfo) -> None:
        """How late the day runs at `now`, what is next, and when the rest will start."""
        day = desk.day
        times = projected_times(day, now)
        current, following = desk.current(), desk.next()
        rows = [
            DriftRow(
                s.id,
                s.title,
                s.start,
                times[s.id][0],
                current=current is not None and s.id == current.id,
                running=day.state(s.id) in (TimerState.RUNNING, TimerState.PAUSED),
            )
            for s in remaining_slots(day, now)
        ]
        if following is not None:
            next_text = (
                f"Next: {following.title} · planned {format_time(following.start, zone)}"
                f" · expected {format_time(times[following.id][0], zone)}"
            )
        else:
            next_text = "Next: nothing more today"
        self.show_day(describe_delay(current_delay(day, now)), next_text, rows, zone)

    def show_day(
        self, delay: str, next_text: str, rows: Sequence[DriftRow], zone: ZoneInfo
    ) -> None:
        """Update the texts; the table is rebuilt only when a shown minute changed."""
        self.delay.setText(delay[:1].upper() + delay[1:])
        self.next.setText(next_text)
        content = tuple(
            (
                r.session_id,
                format_time(r.planned, zone),
                format_time(r.expected, zone),
                r.current,
                r.running,
            )
            for r in rows
        )
        if content == self._shown:
            return
        self._shown = content
        self.table.clear()
        for row in rows:
            item = QTreeWidgetItem(
                [
                    ("▶ " if row.running else "") + row.title,
                    format_time(row.planned, zone),
                    format_time(row.expected, zone),
                    format_shift(row.planned, row.expected),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.session_id)
            for column in range(4):
                if column:
                    item.setTextAlignment(
                        column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row.current:
                    font = item.font(column)
                    font.setBold(True)
                    item.setFont(column, font)
            self.table.addTopLevelItem(item)

    def row_texts(self) -> list[list[str]]:
        items = (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
        return [[item.text(c) for c in range(4)] for item in items if item is not None]


__all__ = ["DayPanel", "DriftRow", "SessionCard"]
