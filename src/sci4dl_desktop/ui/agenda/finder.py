"""Whose agenda: find yourself by name, or scan your badge, on the My agenda page.

Only names and affiliations are ever listed. A badge scanner types its code into
the search box; the code is hidden while it arrives (it carries the badge serial)
and is checked as soon as Enter comes or the keys stop.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sci4dl_desktop.domain.agenda import (
    AgendaError,
    PublicAttendee,
    attendee_from_badge,
    find_attendees_by_name,
)
from sci4dl_desktop.domain.badges import looks_like_token_start
from sci4dl_desktop.store.models import Event
from sci4dl_desktop.ui.context import AppContext

RESULT_LIMIT = 12
SCAN_SETTLE_MS = 250
SEARCH_DELAY_MS = 120
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


def _is_scan(text: str) -> bool:
    return len(text) >= 5 and looks_like_token_start(text[:5])


class OwnerFinder(QWidget):
    """A search box and its results; emits `chosen` with the attendee picked or scanned."""

    chosen = Signal(object)  # PublicAttendee
    problem = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.search = QLineEdit(self)
        self.search.setObjectName("agenda-find")
        self.search.setPlaceholderText("Type your name, or scan the QR code on your badge")
        self.search.setAccessibleName("Find your name or scan your badge")
        self.search.setAccessibleDescription(
            "Type part of your name: the matches appear below. Down or Enter moves to them."
        )
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        label = QLabel("&Find your agenda:", self)
        label.setBuddy(self.search)

        self.results = QListWidget(self)
        self.results.setObjectName("agenda-find-results")
        self.results.setAccessibleName("People found")
        self.results.setVisible(False)
        self.results.setMaximumHeight(self.fontMetrics().height() * 8)
        self.results.itemActivated.connect(self._activated)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.results)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_now)
        self._scan_timer = QTimer(self)
        self._scan_timer.setSingleShot(True)
        self._scan_timer.setInterval(SCAN_SETTLE_MS)
        self._scan_timer.timeout.connect(self._scan_now)
        self.search.textChanged.connect(self._text_changed)
        self.search.returnPressed.connect(self._enter)

    # -- typing -----------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        scanning = _is_scan(text.strip())
        self.search.setEchoMode(
            QLineEdit.EchoMode.Password if scanning else QLineEdit.EchoMode.Normal
        )
        if scanning:
            self._search_timer.stop()
            self.results.clear()
            self.results.setVisible(False)
            self._scan_timer.start()
        else:
            self._scan_timer.stop()
            self._search_timer.start()

    def _enter(self) -> None:
        text = self.search.text().strip()
        if _is_scan(text):
            self._scan_now()
            return
        self._search_timer.stop()
        self._search_now()
        if self.results.count() == 1:
            self._activated(self.results.item(0))
        elif self.results.count() > 1:
            self.focus_results()

    def focus_results(self) -> None:
        if self.results.count():
            self.results.setFocus(Qt.FocusReason.TabFocusReason)
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.results.count():
                self.focus_results()
                return True
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.clear()
                return True
        return super().eventFilter(watched, event)

    def clear(self) -> None:
        self.search.clear()
        self.results.clear()
        self.results.setVisible(False)

    # -- looking up -------------------------------------------------------------------

    def _search_now(self) -> None:
        query = self.search.text().strip()
        if not query or _is_scan(query):
            self.results.clear()
            self.results.setVisible(False)
            return
        database = self._context.database

        def work() -> list[PublicAttendee]:
            with database.session() as db:
                return find_attendees_by_name(db, database.event().id, query, RESULT_LIMIT)

        def done(found: list[PublicAttendee]) -> None:
            if not isValid(self) or self.search.text().strip() != query:
                return
            self.results.clear()
            for person in found:
                item = QListWidgetItem(person.label, self.results)
                item.setData(PERSON_ROLE, person)
            if not found:
                item = QListWidgetItem(f"Nobody called “{query}” is registered", self.results)
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.setVisible(True)

        self._context.tasks.run(work, done, lambda exc: self.problem.emit(str(exc)))

    def _scan_now(self) -> None:
        self._scan_timer.stop()
        payload = self.search.text()
        self.clear()  # the code must not stay on screen
        if not payload.strip():
            return
        database = self._context.database

        def work() -> PublicAttendee:
            with database.session() as db:
                event = db.get(Event, database.event().id)
                assert event is not None
                return attendee_from_badge(db, event, payload)

        def failed(exc: BaseException) -> None:
            text = str(exc) if isinstance(exc, AgendaError) else f"Cannot read the badge: {exc}"
            self.problem.emit(text[:1].upper() + text[1:])

        self._context.tasks.run(work, self.chosen.emit, failed)

    def _activated(self, item: QListWidgetItem | None) -> None:
        person = item.data(PERSON_ROLE) if item is not None else None
        if isinstance(person, PublicAttendee):
            self.clear()
            self.chosen.emit(person)


__all__ = ["OwnerFinder"]
