"""Register a walk-in in one short form, check them in, and offer their badge at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.checkin_types import WalkInError, validate_walk_in
from sci4dl_desktop.store.enums import AttendeeCategory

ON_SITE_CATEGORIES = (
    AttendeeCategory.STUDENT,
    AttendeeCategory.ACADEMIC,
    AttendeeCategory.INDUSTRY,
    AttendeeCategory.SPEAKER,
    AttendeeCategory.ORGANIZER,
)


class WalkInForm(QWidget):
    """Name, email, affiliation, category; Enter registers. Errors appear under their field."""

    submitted = Signal(str, str, str, object, bool)  # name, email, affiliation, category, check in
    print_requested = Signal(int)

    def __init__(self, *, can_print: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._can_print = can_print
        self._registered_id: int | None = None
        self.name = self._field("walk-in-name", "Name", "Name as it should appear on the badge")
        self.email = self._field("walk-in-email", "Email", "name@example.org (optional)")
        self.affiliation = self._field(
            "walk-in-affiliation", "Affiliation", "University or company (optional)"
        )
        self.category = QComboBox(self)
        self.category.setObjectName("walk-in-category")
        self.category.setAccessibleName("Category")
        for category in ON_SITE_CATEGORIES:
            self.category.addItem(category.label, category.value)
        self.check_in_now = QCheckBox("Check &in now", self)
        self.check_in_now.setChecked(True)
        self.check_in_now.setAccessibleName("Check in now")
        self.errors = {
            key: self._error_label(key) for key in ("name", "email", "affiliation", "category")
        }
        self.register_button = QPushButton("&Register walk-in  (Enter)", self)
        self.register_button.setObjectName("walk-in-register")
        self.register_button.setAccessibleName("Register walk-in")
        self.result = QLabel(self)
        self.result.setObjectName("walk-in-result")
        self.result.setWordWrap(True)
        self.print_button = QPushButton("&Print their badge", self)
        self.print_button.setObjectName("walk-in-print")
        self.print_button.setAccessibleName("Print the walk-in's badge")
        self.print_button.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget, key in (
            ("&Name *", self.name, "name"),
            ("&Email", self.email, "email"),
            ("&Affiliation", self.affiliation, "affiliation"),
            ("Ca&tegory", self.category, "category"),
        ):
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(self.errors[key])
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            form.addRow(caption, column)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_in_now)
        buttons.addStretch(1)
        buttons.addWidget(self.register_button)
        done = QHBoxLayout()
        done.addWidget(self.result, 1)
        done.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(done)
        layout.addStretch(1)

        for line in (self.name, self.email, self.affiliation):
            line.returnPressed.connect(self.submit)
        self.register_button.clicked.connect(self.submit)
        self.print_button.clicked.connect(self._print)
        QShortcut(
            QKeySequence("Ctrl+Return"),
            self,
            self.submit,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def _field(self, name: str, accessible: str, hint: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setAccessibleName(accessible)
        line.setPlaceholderText(hint)
        return line

    def _error_label(self, key: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(f"walk-in-error-{key}")
        label.setWordWrap(True)
        label.hide()
        return label

    def select_category(self, category: AttendeeCategory) -> None:
        self.category.setCurrentIndex(self.category.findData(category.value))

    def focus_first(self) -> None:
        self.name.setFocus()
        self.name.selectAll()

    def selected_category(self) -> AttendeeCategory:
        return AttendeeCategory(str(self.category.currentData()))

    # -- submitting --------------------------------------------------------------------------

    def submit(self) -> None:
        self.clear_errors()
        category = self.selected_category()
        try:
            validate_walk_in(self.name.text(), self.email.text(), self.affiliation.text(), category)
        except WalkInError as exc:
            self.show_error(exc.field, str(exc))
            return
        self.register_button.setEnabled(False)
        self.submitted.emit(
            self.name.text(),
            self.email.text(),
            self.affiliation.text(),
            category,
            self.check_in_now.isChecked(),
        )

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_error(self, field: str, message: str) -> None:
        """Show a message under a field (or under the name when the field is unknown)."""
        self.register_button.setEnabled(True)
        label = self.errors.get(field, self.errors["name"])
        label.setText(f"⚠ {message[:1].upper()}{message[1:]}.")
        label.show()
        widget = {"name": self.name, "email": self.email, "affiliation": self.affiliation}.get(
            field, self.category
        )
        widget.setAccessibleDescription(message)
        widget.setFocus()

    def show_registered(self, attendee_id: int, name: str, serial: str, checked_in: bool) -> None:
        """Clear the form for the next walk-in and say what happened."""
        self.register_button.setEnabled(True)
        self._registered_id = attendee_id
        for line in (self.name, self.email, self.affiliation):
            line.clear()
            line.setAccessibleDescription("")
        state = "and checked in" if checked_in else "(not checked in yet)"
        self.result.setText(f"✔ Registered {name}, badge {serial}, {state}.")
        self.print_button.setVisible(self._can_print)
        if self._can_print:
            self.print_button.setFocus()
        else:
            self.name.setFocus()

    def _print(self) -> None:
        if self._registered_id is not None:
            self.print_requested.emit(self._registered_id)


__all__ = ["ON_SITE_CATEGORIES", "WalkInForm"]
