"""The organiser's Event data page: sessions, posters, people and attendees, edited in place.

Each tab lists one kind of record; Add, Edit (Enter, double click) and Delete (Delete)
open forms that check as you type. Every change goes onto one undo stack: Ctrl+Z undoes
it and Ctrl+Shift+Z redoes it, in the database, and the other pages refresh. Deleting
a record that others depend on (an attendee who checked in, a session with posters)
asks first and says what goes with it; Undo brings all of it back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.io.edit_delete import Impact, deletion_impact
from sci4dl_desktop.io.records import AttendeeRecord, PersonRecord, PosterRecord, SessionRecord
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.data.entity_tab import EntityTab
from sci4dl_desktop.ui.data.form import FieldSet, RecordForm, muted
from sci4dl_desktop.ui.data.people_fields import AttendeeFields, PersonFields
from sci4dl_desktop.ui.data.program_fields import PosterFields, SessionFields
from sci4dl_desktop.ui.data.rows import (
    ATTENDEE_HEADERS,
    PERSON_HEADERS,
    POSTER_HEADERS,
    SESSION_HEADERS,
    PageData,
    attendee_rows,
    load_page_data,
    person_rows,
    poster_rows,
    session_rows,
)
from sci4dl_desktop.ui.data.undo import EditController

TABS = (
    ("sessions", "session", "sessions", "&Sessions", SESSION_HEADERS),
    ("posters", "poster", "posters", "P&osters", POSTER_HEADERS),
    ("people", "person", "people", "Peop&le", PERSON_HEADERS),
    ("attendees", "attendee", "attendees", "A&ttendees", ATTENDEE_HEADERS),
)
ROWS = {
    "sessions": session_rows,
    "posters": poster_rows,
    "people": person_rows,
    "attendees": attendee_rows,
}
TOPICS = {"sessions", "posters", "people", "attendees", "event", "check_ins", "pairings"}


class DataPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.data: PageData | None = None
        self.form: RecordForm | None = None
        self.confirm: QMessageBox | None = None
        self._generation = 0
        self._select_after: tuple[str, str] | None = None
        layout = QVBoxLayout(self)
        title = QLabel("Event data", self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        if context.kiosk:  # the kiosk never shows this page; if built anyway, it edits nothing
            layout.addWidget(title)
            layout.addWidget(QLabel("Event data cannot be edited in the kiosk.", self))
            layout.addStretch(1)
            self.tabs: dict[str, EntityTab] = {}
            return

        self.controller = EditController(context, self)
        self.addAction(self.controller.undo_action)
        self.addAction(self.controller.redo_action)
        self.undo_button = QToolButton(self)
        self.undo_button.setDefaultAction(self.controller.undo_action)
        self.redo_button = QToolButton(self)
        self.redo_button.setDefaultAction(self.controller.redo_action)
        for button in (self.undo_button, self.redo_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.status = muted(
            QLabel(
                "Enter or a double click edits the selected row, Delete deletes it; "
                "Ctrl+Z undoes, Ctrl+Shift+Z redoes.",
                self,
            )
        )
        self.status.setObjectName("data-status")
        self.status.setAccessibleName("What happened last")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(16)
        header.addWidget(self.status, 1)
        header.addWidget(self.undo_button)
        header.addWidget(self.redo_button)
        layout.addLayout(header)

        self.tab_widget = QTabWidget(self)
        self.tab_widget.setObjectName("data-tabs")
        self.tabs = {}
        for entity, singular, plural, label, headers in TABS:
            tab = EntityTab(entity, singular, plural, headers, self.tab_widget)
            tab.add_requested.connect(lambda e=entity: self.open_form(e, None))
            tab.edit_requested.connect(lambda ref, e=entity: self.open_form(e, ref))
            tab.delete_requested.connect(lambda ref, e=entity: self.delete(e, ref))
            self.tabs[entity] = tab
            self.tab_widget.addTab(tab, label)
        layout.addWidget(self.tab_widget, 1)

        self.controller.message.connect(self.status.setText)
        self.controller.problem.connect(self._problem)
        self.controller.changed.connect(lambda _topics: self.refresh())
        self.controller.busy_changed.connect(self._busy)
        self._busy(False)
        self.refresh()

    # -- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the event again (off the GUI thread) and show it."""
        if self._context.kiosk:
            return
        self._generation += 1
        generation = self._generation
        database = self._context.database

        def loaded(data: PageData) -> None:
            if generation == self._generation:
                self.show_data(data)

        self._context.tasks.run(
            lambda: load_page_data(database),
            loaded,
            lambda exc: self.status.setText(f"Could not read the event: {exc}"),
        )

    def show_data(self, data: PageData) -> None:
        self.data = data
        for entity, tab in self.tabs.items():
            tab.set_rows(ROWS[entity](data))
        if self._select_after is not None:
            entity, ref = self._select_after
            self._select_after = None
            self.tabs[entity].select(ref)
        self._busy(self.controller.busy)

    def _busy(self, busy: bool) -> None:
        ready = self.data is not None and not busy
        for tab in self.tabs.values():
            tab.add_button.setEnabled(ready)

    def _problem(self, text: str) -> None:
        self.status.setText(text)
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Event data", text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("data-problem")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- forms --------------------------------------------------------------------------

    def _fields(self, entity: str, data: PageData, record: object) -> FieldSet:
        if entity == "sessions":
            return SessionFields(data, record if isinstance(record, SessionRecord) else None)
        if entity == "posters":
            return PosterFields(data, record if isinstance(record, PosterRecord) else None)
        if entity == "people":
            return PersonFields(data, record if isinstance(record, PersonRecord) else None)
        return AttendeeFields(data, record if isinstance(record, AttendeeRecord) else None)

    def record_of(
        self, entity: str, ref: str
    ) -> SessionRecord | PosterRecord | PersonRecord | AttendeeRecord | None:
        data = self.data
        if data is None:
            return None
        state = data.state
        if entity == "sessions":
            uid = data.session_uid(ref)
            return state.sessions[uid].record if uid in state.sessions else None
        if entity == "posters":
            found = next((e for e in state.posters.values() if e.ref == ref), None)
            return found.record if found else None
        if entity == "people":
            person = state.people.get(ref)
            return person.record if person else None
        attendee = state.attendees.get(ref)
        return attendee.record if attendee else None

    def open_form(self, entity: str, ref: str | None) -> RecordForm | None:
        data = self.data
        if data is None or self.controller.busy:
            return None
        record = self.record_of(entity, ref) if ref is not None else None
        if ref is not None and record is None:
            return None
        form = RecordForm(
            data, self.controller, self._fields(entity, data, record), ref, record, self
        )
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(lambda saved: self._select_later(entity, saved.ref))
        form.destroyed.connect(lambda: setattr(self, "form", None))
        self.form = form
        form.open()
        return form

    def _select_later(self, entity: str, ref: str) -> None:
        """Select the saved record, now or once the page has read it."""
        if not self.tabs[entity].select(ref):
            self._select_after = (entity, ref)

    # -- deleting -------------------------------------------------------------------------

    def delete(self, entity: str, ref: str) -> None:
        if self.controller.busy:
            return
        database = self._context.database
        self._context.tasks.run(
            lambda: deletion_impact(database, entity, ref),
            self._confirm_delete,
            lambda exc: self.status.setText(f"Not deleted: {exc}"),
        )

    def _confirm_delete(self, impact: Impact) -> None:
        if not impact.lines:
            self.controller.delete(impact.entity, impact.ref)
            return
        listed = "".join(f"<li>{line}</li>" for line in impact.lines)
        text = f"Delete <b>{impact.label}</b>? With it go:<ul>{listed}</ul>"
        if impact.warn:
            now = " They are checked in right now." if impact.checked_in_now else ""
            text += (
                f"<p><b>{impact.label} has checked in at the desk.</b>{now} Their check-ins "
                "leave the desk's log and the arrival counts; the audit log records the "
                "deletion.</p>"
            )
        text += "<p>Undo (Ctrl+Z) brings all of it back.</p>"
        box = QMessageBox(
            QMessageBox.Icon.Warning if impact.warn else QMessageBox.Icon.Question,
            "Delete",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirm-delete")
        box.setTextFormat(Qt.TextFormat.RichText)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText("&Delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: (
                self.controller.delete(impact.entity, impact.ref) if button is yes else None
            )
        )
        box.destroyed.connect(lambda: setattr(self, "confirm", None))
        self.confirm = box
        box.open()


__all__ = ["DataPage"]
