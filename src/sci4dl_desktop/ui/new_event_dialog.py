"""File > New event: title, acronym, time zone, days and file, checked as the user types."""

from __future__ import annotations

import zoneinfo
from datetime import date
from functools import cache
from pathlib import Path

from PySide6.QtCore import QDate, QStringListModel, Qt, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.io.event_files import NewEvent, file_stem, unique_path
from sci4dl_desktop.store.database import EVENT_FILE_SUFFIX
from sci4dl_desktop.ui.icons import IconWidget, icon


@cache
def time_zone_names() -> tuple[str, ...]:
    """IANA zone names a person would pick: Region/City ones plus UTC, sorted."""
    names = {n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith("Etc/")}
    names.add("UTC")
    return tuple(sorted(names))


def system_zone_name() -> str:
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return name if name in time_zone_names() else "UTC"


def _day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class NewEventDialog(QDialog):
    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New event")
        self.setObjectName("new-event-dialog")
        self.setMinimumWidth(560)
        self._folder = folder
        self._file_edited = False

        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("e.g. Workshop on Scientific Methods for Deep Learning")
        self.title_edit.setAccessibleName("Title")
        self.acronym_edit = QLineEdit(self)
        self.acronym_edit.setPlaceholderText("e.g. SCI4DL 2026")
        self.acronym_edit.setAccessibleName("Acronym")

        self.zone_combo = QComboBox(self)
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItems(list(time_zone_names()))
        self.zone_combo.setMaxVisibleItems(15)
        self.zone_combo.setAccessibleName("Time zone")
        completer = QCompleter(QStringListModel(list(time_zone_names()), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.zone_combo.setCompleter(completer)
        self.zone_combo.setCurrentText(system_zone_name())
        line_edit = self.zone_combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText("Type a city, e.g. Sao_Paulo or Vienna")

        today = QDate.currentDate()
        self.first_day_edit = self._date_edit("First day", today)
        self.last_day_edit = self._date_edit("Last day", today)

        self.file_edit = QLineEdit(self)
        self.file_edit.setAccessibleName("Event file")
        browse = QPushButton("Choose…", self)
        browse.setAccessibleName("Choose where to save the event file")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.setContentsMargins(0, 0, 0, 0)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Acronym:", self.acronym_edit)
        form.addRow("Time &zone:", self.zone_combo)
        form.addRow("&First day:", self.first_day_edit)
        form.addRow("&Last day:", self.last_day_edit)
        form.addRow("&Save as:", file_row)
        file_label = form.labelForField(file_row)
        if isinstance(file_label, QLabel):
            file_label.setBuddy(self.file_edit)

        self.message_icon = IconWidget(icon("info"), 18, self)
        self.message = QLabel(self)
        self.message.setObjectName("new-event-message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().height() * 2 + 4)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message_icon, 0, Qt.AlignmentFlag.AlignTop)
        message_row.addWidget(self.message, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create event")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(message_row)
        layout.addWidget(self.buttons)

        self.title_edit.textChanged.connect(self._names_changed)
        self.acronym_edit.textChanged.connect(self._names_changed)
        self.zone_combo.currentTextChanged.connect(self.validate)
        self.first_day_edit.dateChanged.connect(self._first_day_changed)
        self.last_day_edit.dateChanged.connect(self.validate)
        self.file_edit.textEdited.connect(self._file_was_edited)
        self._names_changed()

    def _date_edit(self, name: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(value, self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        return edit

    # --- reactions -----------------------------------------------------------------------

    def _names_changed(self) -> None:
        if not self._file_edited:
            stem = file_stem(self.acronym_edit.text() or self.title_edit.text(), "new-event")
            self.file_edit.setText(str(unique_path(self._folder, stem)))
        self.validate()

    def _file_was_edited(self) -> None:
        self._file_edited = True
        self.validate()

    def _first_day_changed(self, value: QDate) -> None:
        if self.last_day_edit.date() < value:
            self.last_day_edit.setDate(value)
        self.validate()

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Save the new event as",
            self.file_edit.text(),
            f"Event files (*{EVENT_FILE_SUFFIX})",
        )
        if chosen:
            self._file_edited = True
            self.file_edit.setText(chosen)
            self.validate()

    # --- validation ------------------------------------------------------------------

    def target_path(self) -> Path:
        path = Path(self.file_edit.text().strip()).expanduser()
        if path.suffix != EVENT_FILE_SUFFIX:
            path = path.with_name(path.name + EVENT_FILE_SUFFIX)
        return path

    def problem(self) -> str | None:
        """What stops the event from being created, in words, or None."""
        if not self.title_edit.text().strip():
            return "Enter the event's title: it is shown on the program, the badges and exports."
        zone = self.zone_combo.currentText().strip()
        if not zone:
            return "Choose the time zone where the event takes place, e.g. America/Sao_Paulo."
        if zone not in time_zone_names():
            return (
                f"“{zone}” is not a known time zone: pick an IANA name from the list, "
                "e.g. America/Sao_Paulo or Europe/Vienna (type part of a city to search)."
            )
        first, last = _to_date(self.first_day_edit.date()), _to_date(self.last_day_edit.date())
        if last < first:
            return f"The last day ({_day_text(last)}) is before the first day ({_day_text(first)})."
        if not self.file_edit.text().strip():
            return "Choose where to save the event file."
        path = self.target_path()
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist: choose another place to save."
        if path.exists():
            return f"{path.name} already exists in {path.parent}: choose another file name."
        return None

    def validate(self) -> bool:
        problem = self.problem()
        if problem is None:
            days = self.new_event()
            span = (
                _day_text(days.first_day)
                if days.first_day == days.last_day
                else f"{_day_text(days.first_day)} to {_day_text(days.last_day)}"
            )
            text = f"Ready: {span}, times in {days.timezone}, saved as {self.target_path().name}."
            self.message_icon.set_icon(icon("info"))
        else:
            text = problem
            self.message_icon.set_icon(icon("error"))
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.ok_button.setEnabled(problem is None)
        return problem is None

    def new_event(self) -> NewEvent:
        title = self.title_edit.text().strip()
        return NewEvent(
            title=title,
            acronym=self.acronym_edit.text().strip() or title,
            timezone=self.zone_combo.currentText().strip(),
            first_day=_to_date(self.first_day_edit.date()),
            last_day=_to_date(self.last_day_edit.date()),
        )

    def accept(self) -> None:
        if self.validate():
            super().accept()
