"""Save as .ics and Show QR for a session, a poster or an agenda, from any page.

The calendar is built off the GUI thread (`context.tasks`); the file is written
atomically. The reminder chosen last time is remembered in the settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from icalendar import Calendar
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sci4dl_desktop.domain.drift import adjusted_times, current_delay, describe_delay, load_day
from sci4dl_desktop.io.ics import (
    AdjustedTimes,
    agenda_calendar,
    entries_in,
    poster_calendar,
    session_calendar,
    write_calendar,
)
from sci4dl_desktop.io.ics_entries import (
    CalendarEntry,
    agenda_entries,
    poster_entries,
    session_entries,
)
from sci4dl_desktop.io.phone_qr import PhoneCode, phone_codes
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Event
from sci4dl_desktop.ui.agenda.qr_dialog import QrDialog
from sci4dl_desktop.ui.context import AppContext

ALARM_KEY = "agenda/alarm_minutes"
FOLDER_KEY = "agenda/save_folder"
SAVED_TOPIC = "calendar_saved"
ALARM_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("No reminder", None),
    ("5 minutes before", 5),
    ("10 minutes before", 10),
    ("15 minutes before", 15),
    ("30 minutes before", 30),
    ("1 hour before", 60),
)


@dataclass(frozen=True)
class CalendarSource:
    """What to put in a calendar: one session, one poster, or an owner's agenda."""

    kind: Literal["session", "poster", "agenda"]
    key: int | str  # session or poster id, or the agenda owner
    title: str  # for file names and window titles


def _adjusted(database: Database, now: datetime) -> AdjustedTimes:
    with database.session() as db:
        return adjusted_times(db, now)


def delay_text(database: Database, now: datetime) -> str:
    with database.session() as db:
        return describe_delay(current_delay(load_day(db), now))


def build_calendar(
    database: Database, source: CalendarSource, alarm: int | None, adjusted: AdjustedTimes | None
) -> Calendar:
    if source.kind == "session":
        return session_calendar(database, int(source.key), alarm_minutes=alarm, adjusted=adjusted)
    if source.kind == "poster":
        return poster_calendar(database, int(source.key), alarm_minutes=alarm, adjusted=adjusted)
    return agenda_calendar(database, str(source.key), alarm_minutes=alarm, adjusted=adjusted)


def source_entries(database: Database, source: CalendarSource) -> tuple[list[CalendarEntry], str]:
    """The entries of a source (planned times) and the event's zone name."""
    with database.session() as db:
        event = db.get(Event, database.event().id)
        assert event is not None
        if source.kind == "session":
            found = session_entries(db, event, [int(source.key)])
        elif source.kind == "poster":
            found = poster_entries(db, event, [int(source.key)])
        else:
            found = agenda_entries(db, event, str(source.key))
        return found, event.timezone


def safe_file_name(title: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " -_" else " " for c in title)
    return ("-".join(cleaned.split())[:60] or "calendar") + ".ics"


class SaveCalendarDialog(QDialog):
    """Reminder and adjusted times, before choosing where to save."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Save {title} as a calendar file")
        self.setObjectName("save-calendar-dialog")
        self.alarm = QComboBox(self)
        self.alarm.setAccessibleName("Reminder")
        for label, minutes in ALARM_CHOICES:
            self.alarm.addItem(label, minutes)
        remembered = context.settings.value(ALARM_KEY, "")
        for index, (_, minutes) in enumerate(ALARM_CHOICES):
            if str(minutes or "") == str(remembered or ""):
                self.alarm.setCurrentIndex(index)
        delay = delay_text(context.database, context.clock.now())
        self.adjusted = QCheckBox(f"Use the times adjusted to the day's progress ({delay})", self)
        self.adjusted.setAccessibleName("Use adjusted times")
        self.adjusted.setEnabled(delay != "on time")
        explanation = QLabel(
            "The file can be imported into any calendar app. Importing a newer file later "
            "updates these entries instead of adding them twice.",
            self,
        )
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Reminder:", self.alarm)
        form.addRow("", self.adjusted)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.alarm.setFocus()

    def alarm_minutes(self) -> int | None:
        value = self.alarm.currentData()
        return int(value) if isinstance(value, int) else None


def choose_save_path(parent: QWidget, context: AppContext, suggested: str) -> Path | None:
    """Ask where to save (a module-level function, so tests can answer for the user)."""
    folder = context.settings.value(FOLDER_KEY, "")
    start = Path(folder) / suggested if isinstance(folder, str) and folder else Path(suggested)
    name, _filter = QFileDialog.getSaveFileName(
        parent, "Save calendar file", str(start), "iCalendar files (*.ics)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".ics" else path.with_suffix(".ics")


def save_calendar(
    parent: QWidget, context: AppContext, source: CalendarSource
) -> SaveCalendarDialog:
    """Save as .ics: options (non-blocking dialog), file name, then build and write off the
    GUI thread. Returns the options dialog, already open."""
    dialog = SaveCalendarDialog(context, source.title, parent)

    def proceed() -> None:
        alarm = dialog.alarm_minutes()
        use_adjusted = dialog.adjusted.isChecked() and dialog.adjusted.isEnabled()
        context.settings.setValue(ALARM_KEY, "" if alarm is None else alarm)
        path = choose_save_path(parent, context, safe_file_name(source.title))
        if path is None:
            return
        context.settings.setValue(FOLDER_KEY, str(path.parent))
        database, now = context.database, context.clock.now()

        def work() -> int:
            adjusted = _adjusted(database, now) if use_adjusted else None
            calendar = build_calendar(database, source, alarm, adjusted)
            write_calendar(calendar, path)
            return len(list(entries_in(calendar)))

        def done(count: int) -> None:
            context.signals.data_changed.emit(SAVED_TOPIC)
            if isValid(parent):
                parent.setProperty("last_saved_calendar", str(path))
                parent.setProperty("last_saved_count", count)

        def failed(exc: BaseException) -> None:
            if isValid(parent):
                QMessageBox.warning(parent, "Cannot save the calendar", f"{path}: {exc}")

        context.tasks.run(work, done, failed)

    dialog.accepted.connect(proceed)
    dialog.setModal(True)
    dialog.open()
    return dialog


def show_qr(
    parent: QWidget,
    context: AppContext,
    source: CalendarSource,
    on_save: Callable[[], None] | None = None,
) -> QrDialog | None:
    """Build the phone codes off the GUI thread and open the QR dialog (non-blocking)."""
    database = context.database
    opened: list[QrDialog] = []

    def work() -> list[PhoneCode]:
        entries, zone = source_entries(database, source)
        return phone_codes(entries, zone)

    def done(codes: list[PhoneCode]) -> None:
        if not isValid(parent):
            return
        if not codes:
            QMessageBox.information(
                parent, "Nothing to show", f"{source.title} has no starred sessions or posters."
            )
            return
        dialog = QrDialog(
            f"Add to your phone: {source.title}",
            codes,
            parent,
            on_save=None if context.kiosk else on_save,
        )
        dialog.setModal(True)
        dialog.open()
        opened.append(dialog)

    def failed(exc: BaseException) -> None:
        if isValid(parent):
            QMessageBox.warning(parent, "Cannot make the code", str(exc))

    context.tasks.run(work, done, failed)
    return opened[0] if opened else None


__all__ = [
    "ALARM_CHOICES",
    "CalendarSource",
    "SaveCalendarDialog",
    "choose_save_path",
    "save_calendar",
    "show_qr",
]
