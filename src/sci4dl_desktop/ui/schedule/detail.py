"""The detail pane: everything about one session, and a poster session's posters."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.schedule import (
    PosterEntry,
    Program,
    SessionView,
    format_day,
    format_duration,
    format_range,
    format_shift,
    local_day,
)
from sci4dl_desktop.ui.fonts import scaled_font
from sci4dl_desktop.ui.rows import RoomyRows

STATUS_TEXT = {"now": "Now running", "next": "Starts next"}
POSTER_COLUMNS = ("Board", "Poster (title, authors)", "Remote")
NO_LIMIT = (1 << 24) - 1  # QWIDGETSIZE_MAX: a widget's largest size


def _label(name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setFont(scaled_font(label.font(), 1.0, True))
    label.setAccessibleName(text)
    return label


def poster_line(poster: PosterEntry, program: Program | None) -> str:
    """'Title — board 12, Poster session 1 (remote)' for the poster behind a talk."""
    where: list[str] = []
    if poster.board is not None:
        where.append(f"board {poster.board}")
    session = (
        program.session(poster.poster_session_id)
        if program is not None and poster.poster_session_id is not None
        else None
    )
    if session is not None:
        where.append(session.title)
    text = poster.title + (f" — {', '.join(where)}" if where else "")
    return text + (" (presented remotely)" if poster.remote else "")


class DetailPane(QWidget):
    """Shows the selected session; Escape hands the focus back to the timeline or list."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Session details")
        self._program: Program | None = None
        self._session: SessionView | None = None

        self.empty_hint = QLabel("Select a session to see its details.")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setAccessibleName("No session selected")

        self.kind_label = _label("Kind and status")
        self.title_label = _label("Session title")
        self.title_label.setFont(scaled_font(self.font(), 1.45, True))
        self.subtitle_label = _label("Subtitle")
        subtitle_font = scaled_font(self.font(), 1.1)
        subtitle_font.setItalic(True)
        self.subtitle_label.setFont(subtitle_font)
        self.when_label = _label("Time and room")
        self.projected_label = _label("Projected time")
        self.speakers_heading = _heading("Speakers")
        self.speakers_label = _label("Speakers")
        self.poster_heading = _heading("Poster")
        self.poster_label = _label("Poster presented in this talk")
        self.abstract_heading = _heading("Abstract")
        self.abstract_label = _label("Abstract")
        self.notes_heading = _heading("Notes")
        self.notes_label = _label("Notes")

        info = QWidget()
        info_layout = QVBoxLayout(info)
        info_layout.setContentsMargins(12, 10, 12, 10)
        info_layout.setSpacing(6)
        for widget in (self.kind_label, self.title_label, self.subtitle_label, self.when_label):
            info_layout.addWidget(widget)
        info_layout.addWidget(self.projected_label)
        for heading, body in (
            (self.speakers_heading, self.speakers_label),
            (self.poster_heading, self.poster_label),
            (self.abstract_heading, self.abstract_label),
            (self.notes_heading, self.notes_label),
        ):
            info_layout.addSpacing(6)
            info_layout.addWidget(heading)
            info_layout.addWidget(body)
        info_layout.addStretch(1)

        self.info_scroll = QScrollArea()
        self.info_scroll.setWidget(info)
        self.info_scroll.setWidgetResizable(True)
        self.info_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.info_scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.info_scroll.setAccessibleName("Session details")
        self.info_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.posters_heading = _heading("Posters")
        self.posters_heading.setContentsMargins(12, 0, 12, 0)
        self.posters = QTreeWidget()
        self.posters.setColumnCount(len(POSTER_COLUMNS))
        self.posters.setHeaderLabels(list(POSTER_COLUMNS))
        self.posters.setRootIsDecorated(False)
        self.posters.setUniformRowHeights(False)  # two lines: title, then authors
        self.posters.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.posters.setAlternatingRowColors(True)
        self.posters.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.posters.setAccessibleName("Posters")
        self.posters.setItemDelegate(RoomyRows(self.posters))
        header = self.posters.header()
        header.setAccessibleName("Columns of the poster list")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.empty_hint, 1)
        layout.addWidget(self.info_scroll, 1)
        layout.addWidget(self.posters_heading)
        layout.addWidget(self.posters, 3)
        self.setFocusProxy(self.info_scroll)
        self.show_session(None)

    # -- public ---------------------------------------------------------------------------

    def set_program(self, program: Program | None) -> None:
        self._program = program

    def session(self) -> SessionView | None:
        return self._session

    def show_session(
        self,
        session: SessionView | None,
        *,
        status: str = "",
        projected: tuple[datetime, datetime] | None = None,
    ) -> None:
        same = session is not None and self._session is not None and session.id == self._session.id
        self._session = session
        has_session = session is not None
        self.empty_hint.setVisible(not has_session)
        self.info_scroll.setVisible(has_session)
        if session is None:
            self.posters_heading.hide()
            self.posters.hide()
            self.posters.clear()
            return
        zone = self._program.zone if self._program else ZoneInfo("UTC")
        kind = session.kind.label
        self.kind_label.setText(f"{kind} · {STATUS_TEXT[status]}" if status else kind)
        self.title_label.setText(session.title)
        self._show(self.subtitle_label, session.subtitle)
        day = format_day(local_day(session.start, zone))
        span = format_range(session.start, session.end, zone)
        self.when_label.setText(
            f"{day}\n{span} ({format_duration(session.duration)}) · {session.room_name}"
        )
        if projected is not None and projected != (session.start, session.end):
            start, end = projected
            self.projected_label.setText(
                f"Projected: {format_range(start, end, zone)} "
                f"({format_shift(session.start, start)} from the plan)"
            )
            self.projected_label.show()
        else:
            self.projected_label.hide()
        speakers = "\n".join(
            f"{s.name} — {s.affiliation}" if s.affiliation else s.name for s in session.speakers
        )
        self._show(self.speakers_label, speakers, self.speakers_heading)
        self.speakers_heading.setText("Speaker" if len(session.speakers) == 1 else "Speakers")
        posters = "\n".join(poster_line(p, self._program) for p in session.talk_posters)
        self._show(self.poster_label, posters, self.poster_heading)
        self._show(self.abstract_label, session.abstract, self.abstract_heading)
        self._show(self.notes_label, session.notes, self.notes_heading)
        if not same:
            self.info_scroll.verticalScrollBar().setValue(0)
            self._fill_posters(session)
        self._fit_info()

    def poster_rows(self) -> list[tuple[str, str, str, str]]:
        """The posters as shown: board, title, authors, remote mark."""
        rows = []
        for index in range(self.posters.topLevelItemCount()):
            item = self.posters.topLevelItem(index)
            if item is None:
                continue
            title, _, authors = item.text(1).partition("\n")
            rows.append((item.text(0), title, authors, item.text(2)))
        return rows

    # -- internals ----------------------------------------------------------------------------

    @staticmethod
    def _show(label: QLabel, text: str, heading: QLabel | None = None) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        if heading is not None:
            heading.setVisible(bool(text))

    def _fit_info(self) -> None:
        """Above a poster list the details take only the height they need, no blank band."""
        info = self.info_scroll.widget()
        if self.posters.isHidden() or info is None:
            self.info_scroll.setMaximumHeight(NO_LIMIT)
            return
        info.adjustSize()
        layout = info.layout()
        width = max(self.info_scroll.viewport().width(), self.width())
        needed = layout.totalHeightForWidth(width) if layout is not None else 0
        self.info_scroll.setMaximumHeight(max(needed, info.minimumSizeHint().height()) + 2)

    def _fill_posters(self, session: SessionView) -> None:
        self.posters.clear()
        if not session.posters:
            self.posters_heading.hide()
            self.posters.hide()
            return
        remote = sum(p.remote for p in session.posters)
        count = len(session.posters)
        heading = f"Posters ({count})" + (f", {remote} presented remotely" if remote else "")
        self.posters_heading.setText(heading)
        self.posters.setAccessibleName(f"Posters in {session.title}")
        items = []
        for poster in session.posters:
            authors = ", ".join(poster.authors)
            item = QTreeWidgetItem(
                [
                    poster.board_label,
                    f"{poster.title}\n{authors}",
                    "Remote" if poster.remote else "",
                ]
            )
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            item.setToolTip(1, f"{poster.title}\n{authors}")
            if poster.remote:
                item.setToolTip(2, "Presented remotely: the authors' slides are shown instead")
            item.setData(0, Qt.ItemDataRole.UserRole, poster.id)
            items.append(item)
        self.posters.addTopLevelItems(items)
        self.posters_heading.show()
        self.posters.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_info()  # the text wraps differently at another width

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
