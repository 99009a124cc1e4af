"""The fields of people (speakers, panelists, mentors, organisers) and of attendees."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from sci4dl_desktop.io.edit_check import EditRecord
from sci4dl_desktop.io.problems import Problem
from sci4dl_desktop.io.records import AttendeeRecord, PersonRecord
from sci4dl_desktop.store.enums import AttendeeCategory, PersonRole
from sci4dl_desktop.ui.data.form import RecordForm, line_field, text_block, text_of
from sci4dl_desktop.ui.data.rows import PageData


class RoleBoxes(QWidget):
    """One check box per program role, in two columns."""

    def __init__(self, form: RecordForm) -> None:
        super().__init__(form)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for index, role in enumerate(PersonRole):
            box = QCheckBox(role.label, self)
            box.setObjectName(f"role-{role.value}")
            grid.addWidget(box, index // 3, index % 3)
            self.boxes[role.value] = box
            form.watch(box)

    def set_roles(self, roles: tuple[str, ...]) -> None:
        for value, box in self.boxes.items():
            box.setChecked(value in roles)

    def roles(self, before: tuple[str, ...] = ()) -> tuple[str, ...]:
        # Roles this app does not know (from another system's import) are kept as they are.
        unknown = tuple(r for r in before if r not in self.boxes)
        return tuple(v for v, box in self.boxes.items() if box.isChecked()) + unknown


class PersonFields:
    entity = "people"

    def __init__(self, data: PageData, before: PersonRecord | None = None) -> None:
        self.data = data
        self.before = before

    def build(self, form: RecordForm) -> None:
        self.name = line_field(form, "name", "&Name *", "Ana Silva")
        self.affiliation = line_field(
            form, "affiliation", "&Affiliation", "Universidade de São Paulo"
        )
        self.roles = RoleBoxes(form)
        form.add_field("roles", "&Roles", self.roles)
        self.bio = text_block(form, "bio", "&Bio")

    def load(self, record: EditRecord) -> None:
        assert isinstance(record, PersonRecord)
        self.name.setText(record.name)
        self.affiliation.setText(record.affiliation)
        self.roles.set_roles(record.roles)
        self.bio.setPlainText(record.bio)

    def read(self) -> tuple[EditRecord | None, list[Problem]]:
        base = self.before or PersonRecord(name="")
        record = replace(
            base,
            name=text_of(self.name),
            affiliation=text_of(self.affiliation),
            roles=self.roles.roles(base.roles),
            bio=text_of(self.bio),
        )
        return record, []


class AttendeeFields:
    entity = "attendees"

    def __init__(self, data: PageData, before: AttendeeRecord | None = None) -> None:
        self.data = data
        self.before = before

    def build(self, form: RecordForm) -> None:
        self.name = line_field(form, "name", "&Name *", "Ana Silva", "As printed on the badge.")
        self.email: QLineEdit = line_field(
            form, "email", "&Email", "ana.silva@example.org", "Unique per attendee."
        )
        self.affiliation = line_field(
            form, "affiliation", "&Affiliation", "Universidade de São Paulo"
        )
        self.category = QComboBox(form)
        for category in AttendeeCategory:
            self.category.addItem(category.label, category.value)
        self.category.setCurrentIndex(self.category.findData(AttendeeCategory.ACADEMIC.value))
        form.add_field("category", "&Category", self.category)
        self.roles = RoleBoxes(form)
        form.add_field("roles", "&Roles", self.roles)
        serial = self.before.badge_serial if self.before else ""
        self.badge = QLabel(serial or "Given when saved (the next free serial)", form)
        form.add_field(
            "badge_serial", "Badge", self.badge, "A badge serial never changes once given."
        )
        self.staff_note = text_block(form, "staff_note", "Note for the &desk")

    def load(self, record: EditRecord) -> None:
        assert isinstance(record, AttendeeRecord)
        self.name.setText(record.name)
        self.email.setText(record.email or "")
        self.affiliation.setText(record.affiliation)
        self.category.setCurrentIndex(self.category.findData(record.category.value))
        self.roles.set_roles(record.roles)
        self.staff_note.setPlainText(record.staff_note)

    def read(self) -> tuple[EditRecord | None, list[Problem]]:
        base = self.before or AttendeeRecord(name="")
        record = replace(
            base,
            name=text_of(self.name),
            email=text_of(self.email) or None,
            affiliation=text_of(self.affiliation),
            category=AttendeeCategory(self.category.currentData()),
            roles=self.roles.roles(base.roles),
            staff_note=text_of(self.staff_note),
        )
        return record, []


__all__ = ["AttendeeFields", "PersonFields", "RoleBoxes"]
