"""A mentor's own card: their breaks in time order, each with place and mentees."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.mentorship_view import (
    CardStop,
    Meeting,
    MentorCard,
    MentorshipOverview,
)
from sci4dl_desktop.ui.fonts import scale_font

CARD_MAX_WIDTH = 1200
MENTEES_ACROSS = 3
STATUS_WORDS = {"now": "Now", "next": "Next"}


def meeting_html(meeting: Meeting, overview: MentorshipOverview) -> str:
    """One mentee on a card: name, interests, poster, topic note (never contact details)."""
    name = f"<b>{escape(meeting.mentee_name)}</b>"
    if meeting.mentee_affiliation:
        name += f" — {escape(meeting.mentee_affiliation)}"
    lines = [name]
    if meeting.mentee_interests:
        lines.append(f"Interests: {escape(', '.join(meeting.mentee_interests))}")
    if meeting.poster is not None:
        label = meeting.poster.label(overview.zone, multi_day=overview.multi_day)
        lines.append(f"Poster: {escape(label)}")
    if meeting.topic:
        lines.append(f"Topic: <i>{escape(meeting.topic)}</i>")
    return "<br>".join(lines)


def _label(text: str, parent: QWidget, *, rich: bool = True, name: str = "") -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class _StopFrame(QFrame):
    """One break on the card, drawn as a panel in the Base colour of the palette."""

    def __init__(self, stop: CardStop, overview: MentorshipOverview, parent: QWidget) -> None:
        super().__init__(parent)
        self.slot_id = stop.slot.id
        self.setObjectName("mentor-card-stop")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(8)
        when = overview.when(stop.slot)
        self.heading = _label(f"{when} · {stop.slot.title}", self, rich=False)
        scale_font(self.heading, 1.3, bold=True)
        self.status = QLabel(self)
        self.status.setObjectName("mentor-card-status")
        scale_font(self.status, 1.3, bold=True)
        self.status.setForegroundRole(QPalette.ColorRole.Link)
        self.status.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        places = ", ".join(stop.places) or "Place to be announced"
        where = _label(places, self, rich=False, name="mentor-card-place")
        scale_font(where, 1.15)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addLayout(top)
        layout.addWidget(where)
        layout.addWidget(line)
        # Mentees side by side, up to three across; a column layout per column (rather
        # than a grid) lets each word-wrapped tile be exactly as tall as its text.
        across = max(1, min(MENTEES_ACROSS, len(stop.meetings)))
        row = QHBoxLayout()
        row.setSpacing(24)
        columns = [QVBoxLayout() for _ in range(across)]
        for column in columns:
            column.setSpacing(12)
            row.addLayout(column, 1)
        for n, meeting in enumerate(stop.meetings):
            mentee = _label(meeting_html(meeting, overview), self, name="mentor-card-mentee")
            mentee.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            scale_font(mentee, 1.1)
            columns[n % across].addWidget(mentee)
        for column in columns:
            column.addStretch(1)
        layout.addLayout(row)
        if not stop.meetings:
            layout.addWidget(_label("No mentees in this break.", self, rich=False))
        self.setAccessibleName(f"{stop.slot.title}, {when}, {places}")

    def set_status(self, status: str | None) -> None:
        self.status.setText(STATUS_WORDS.get(status or "", ""))
        self.status.setVisible(status in STATUS_WORDS)


class MentorCardView(QScrollArea):
    """Shows one mentor's card, large enough to read from a step away."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mentor-card")
        self.setAccessibleName("Your mentorship card")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.card: MentorCard | None = None
        self._stops: list[_StopFrame] = []
        self._build_empty()

    def _build_empty(self) -> None:
        holder = QWidget(self)
        holder.setObjectName("mentor-card-body")
        self.setWidget(holder)
        self._stops = []

    def show_card(self, card: MentorCard, overview: MentorshipOverview, now: datetime) -> None:
        self.card = card
        holder = QWidget(self)
        holder.setObjectName("mentor-card-body")
        outer = QHBoxLayout(holder)
        outer.setContentsMargins(24, 16, 24, 24)
        column = QWidget(holder)
        column.setMaximumWidth(CARD_MAX_WIDTH)
        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        outer.addStretch(0)
        outer.addWidget(column, 1)
        outer.addStretch(0)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)

        mentor = card.mentor
        title = _label(mentor.name, column, rich=False, name="mentor-card-name")
        scale_font(title, 1.8, bold=True)
        layout.addWidget(title)
        facts = [mentor.affiliation] if mentor.affiliation else []
        count = card.meeting_count
        breaks = len(card.stops)
        meetings = f"{count} meeting{'' if count == 1 else 's'}"
        facts.append(
            f"{meetings} in {breaks} break{'' if breaks == 1 else 's'}"
            if count
            else "No meetings assigned yet"
        )
        summary = _label(" · ".join(facts), column, rich=False, name="mentor-card-summary")
        scale_font(summary, 1.15)
        layout.addWidget(summary)
        if mentor.interests:
            interests = _label(f"Your interests: {', '.join(mentor.interests)}", column, rich=False)
            layout.addWidget(interests)

        self._stops = [_StopFrame(stop, overview, column) for stop in card.stops]
        for frame in self._stops:
            layout.addWidget(frame)
        layout.addStretch(1)
        self.setWidget(holder)  # deletes the previous card's widgets
        self.update_status(now)

    def clear(self) -> None:
        self.card = None
        self._build_empty()

    def update_status(self, now: datetime) -> None:
        """Mark the break under way ('Now') or the next one ('Next')."""
        if self.card is None:
            return
        status = self.card.status_at(now)
        for frame in self._stops:
            frame.set_status(status.get(frame.slot_id))
