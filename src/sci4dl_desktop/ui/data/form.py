"""The edit form of the Event data page: fields that are checked as you type.

A RecordForm lays out the fields of a FieldSet (sessions, posters, people, attendees),
reads a record from them after every keystroke, and checks it with the import's own
rules (`io.edit_check`). Each problem appears under its field; Save stays disabled
while there is any, or while nothing has changed. Saving goes through the page's
EditController (off the GUI thread, onto the undo stack); a refusal found at save time
(another desk took the email meanwhile, say) shows under the field in the same way.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.io.edit_check import EditRecord, check_record, describe, max_lengths
from sci4dl_desktop.io.edit_store import EditRefused, Saved, changed_fields, singular
from sci4dl_desktop.io.problems import Problem
from sci4dl_desktop.ui.data.rows import PageData
from sci4dl_desktop.ui.data.undo import EditController


class FieldSet(Protocol):
    """The fields of one kind of record."""

    entity: str

    def build(self, form: RecordForm) -> None: ...

    def load(self, record: EditRecord) -> None: ...

    def read(self) -> tuple[EditRecord | None, list[Problem]]:
        """The record the fields describe (None when they cannot), and why not."""
        ...


def muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setWordWrap(True)
    return label


class RecordForm(QDialog):
    saved = Signal(object)  # Saved

    def __init__(
        self,
        data: PageData,
        controller: EditController,
        fields: FieldSet,
        ref: str | None = None,
        record: EditRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data = data
        self.controller = controller
        self.fields = fields
        self.ref = ref
        self.before = record
        self.entity = fields.entity
        self.lengths = max_lengths(self.entity)
        noun = singular(self.entity)
        self.setObjectName(f"form-{self.entity}")
        self.setWindowTitle(f"Edit {noun}" if record is not None else f"New {noun}")
        self.setAccessibleName(self.windowTitle())
        self.problems: list[Problem] = []
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        self._saving = False

        heading = QLabel(self.windowTitle(), self)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        body = self._body = QWidget(self)
        column = QVBoxLayout(body)
        column.addLayout(self.layout_)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.general = self._error_label("general")
        self.summary = QLabel(self)
        self.summary.setObjectName("form-summary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton("&Save", self)
        self.save_button.setObjectName("form-save")
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName(f"Save the {noun}")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

        self._ready = False  # no checks while the fields are being built and filled
        fields.build(self)
        if record is not None:
            fields.load(record)
            for widget in self.inputs.values():
                if isinstance(widget, QLineEdit):
                    widget.setCursorPosition(0)  # long values show their beginning
        self._ready = True
        self.validate()
        screen = self.screen().availableGeometry() if self.screen() else None
        limit = min(760, screen.height() - 60) if screen else 700
        self.ensurePolished()
        self._body.ensurePolished()
        wanted = self.layout_.totalSizeHint().height() + 190
        self.resize(760, min(limit, wanted))

    # -- building -----------------------------------------------------------------------

    def _error_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(f"error-{name}")
        label.setWordWrap(True)
        label.setForegroundRole(QPalette.ColorRole.BrightText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        return label

    def add_field(self, name: str, title: str, widget: QWidget, note: str = "") -> QWidget:
        """A row of the form: its label, the input, a note, and where its problems show."""
        widget.setObjectName(f"field-{name}")
        widget.setAccessibleName(title.replace("&", "").rstrip(" *"))
        if isinstance(widget, QLineEdit) and name in self.lengths:
            widget.setMaxLength(self.lengths[name])
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if note:
            hint = muted(QLabel(note, box))
            hint.setObjectName(f"note-{name}")
            column.addWidget(hint)
        error = self._error_label(name)
        column.addWidget(error)
        self.errors[name] = error
        self.inputs[name] = widget
        label = QLabel(title, self)
        label.setBuddy(widget)
        self.layout_.addRow(label, box)
        self.watch(widget)
        return widget

    def note(self, name: str) -> QLabel | None:
        return self.findChild(QLabel, f"note-{name}")

    def watch(self, widget: QWidget) -> None:
        """Check the record again whenever this input changes."""

        def check(*_args: object) -> None:
            self.validate()

        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.textChanged.connect(check)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(check)
            if widget.isEditable():
                widget.editTextChanged.connect(check)
        elif isinstance(widget, QCheckBox | QAbstractButton):
            widget.toggled.connect(check)

    # -- checking -----------------------------------------------------------------------

    def validate(self) -> list[Problem]:
        if not self._ready:
            return []
        record, problems = self.fields.read()
        if record is not None:
            # A field that could not be read already says what is wrong with it.
            unread = {p.field for p in problems}
            problems = problems + [
                p for p in check_record(self.data.state, record, self.ref) if p.field not in unread
            ]
        self.show_problems(problems)
        changed = record is not None and (
            self.before is None or bool(changed_fields(self.before, record))
        )
        self.save_button.setEnabled(not problems and changed and not self._saving)
        if problems:
            n = len({p.field for p in problems})
            self.summary.setText(
                f"Correct the {'marked field' if n == 1 else f'{n} marked fields'} to save."
            )
        elif not changed:
            self.summary.setText("Nothing changed yet.")
        else:
            self.summary.setText("Ready to save. Ctrl+Z on the page undoes it.")
        return problems

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = problems
        by_field: dict[str, list[Problem]] = {}
        for problem in problems:
            name = problem.field if problem.field in self.errors else "general"
            by_field.setdefault(name or "general", []).append(problem)
        for name, label in [*self.errors.items(), ("general", self.general)]:
            found = by_field.get(name, [])
            if found:
                text = describe(found[0])
                if len(found) > 1:
                    text += f" (and {len(found) - 1} more like it)"
                label.setText(text)
            label.setVisible(bool(found))
            widget = self.inputs.get(name)
            if widget is not None:
                widget.setAccessibleDescription(label.text() if found else "")

    def error_text(self, name: str) -> str:
        """The problem shown under a field ('' when none)."""
        label = self.errors.get(name, self.general)
        return "" if label.isHidden() else label.text()

    # -- saving -------------------------------------------------------------------------

    def save(self) -> None:
        record, problems = self.fields.read()
        if record is None or problems or not self.save_button.isEnabled():
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.summary.setText("Saving…")
        started = self.controller.save(record, self.ref, self.before, self._saved, self._failed)
        if not started:
            self._saving = False
            self.validate()

    def _saved(self, result: Saved) -> None:
        self._saving = False
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, EditRefused):
            self.show_problems(exc.problems)
            self.summary.setText("Not saved: correct the marked fields.")
            self.save_button.setEnabled(False)
            return
        self.general.setText(f"Not saved: {exc}")
        self.general.show()
        self.summary.setText("")
        self.save_button.setEnabled(True)


def text_of(widget: QLineEdit | QPlainTextEdit) -> str:
    """What an input holds, without surrounding spaces."""
    raw = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    return raw.strip()


def line_field(
    form: RecordForm, name: str, title: str, hint: str = "", note: str = ""
) -> QLineEdit:
    """A one-line field of the form."""
    edit = QLineEdit(form)
    edit.setPlaceholderText(hint)
    form.add_field(name, title, edit, note)
    return edit


def text_block(form: RecordForm, name: str, title: str) -> QPlainTextEdit:
    """A few lines of text (Tab moves on to the next field)."""
    edit = QPlainTextEdit(form)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
    form.add_field(name, title, edit)
    return edit


__all__ = ["FieldSet", "RecordForm", "line_field", "muted", "text_block", "text_of"]
