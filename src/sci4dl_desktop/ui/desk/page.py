"""The registration desk page: scan, see the verdict, and handle everyone without a badge.

A handheld scanner works whichever widget of the page has focus (see scanner.py).
Every write goes through `context.tasks`, so the GUI never waits for the disk, and
a verdict is shown only when the service returns it, i.e. after the commit.
"""

from __future__ import annotations

import importlib
import importlib.util
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sci4dl_desktop.domain.checkin import new_scan_id
from sci4dl_desktop.domain.checkin_types import (
    AttendeeSummary,
    CheckInError,
    CheckInStats,
    WalkInError,
)
from sci4dl_desktop.domain.desk_service import DeskService
from sci4dl_desktop.domain.verdict import Verdict, VerdictState
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.audit_view import AuditView
from sci4dl_desktop.ui.desk.desk_tools import DeskTools
from sci4dl_desktop.ui.desk.multidesk import MultiDesk
from sci4dl_desktop.ui.desk.scanner import ScannerBurstFilter
from sci4dl_desktop.ui.desk.search_panel import SearchPanel
from sci4dl_desktop.ui.desk.sounds import VerdictSounds
from sci4dl_desktop.ui.desk.verdict_panel import VerdictPanel
from sci4dl_desktop.ui.desk.walk_in import WalkInForm
from sci4dl_desktop.ui.icons import icon

DESK_NAME_KEY = "desk/name"
DEFAULT_DESK_NAME = "Desk 1"
PRINT_MODULE = "sci4dl_desktop.ui.printing.badges"
RE_ENTRY_WINDOW_SECONDS = 60.0  # R / Enter records a re-entry this long after an amber verdict
REFRESH_TOPICS = frozenset({"check_ins", "attendees", "event"})
_TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
_RE_ENTRY_KEYS = (Qt.Key.Key_R, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def badge_printing_available() -> bool:
    """True when the badge printing module is installed with the app."""
    try:
        return importlib.util.find_spec(PRINT_MODULE) is not None
    except ModuleNotFoundError:
        return False


class DeskPage(QWidget):
    """Scanner-first check-in with a verdict that fills the page; search, walk-ins, audit."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        sounds: VerdictSounds | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        name = str(context.settings.value(DESK_NAME_KEY, "") or "").strip() or DEFAULT_DESK_NAME
        self.service = DeskService(context.database, context.clock, name)
        self.sounds = sounds or VerdictSounds(context.settings, self)
        self._can_print = badge_printing_available()
        self._re_entry_for: int | None = None
        self._re_entry_until = 0.0
        self._search_generation = 0
        self._emitting = False
        self._audit_stale = True
        self._issued = 0  # verdict requests made, and the newest one shown
        self._shown = 0
        zone = self.service.event_zone

        self.verdict = VerdictPanel(self)
        self.verdict.set_zone(zone)
        self.search_panel = SearchPanel(zone, can_print=self._can_print, parent=self)
        self.walk_in = WalkInForm(can_print=self._can_print, parent=self)
        self.audit = AuditView(zone, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("desk-tabs")
        self.tabs.addTab(self.search_panel, icon("desk"), "&Find attendee  (Ctrl+F)")
        self.tabs.addTab(self.walk_in, "&Walk-in  (Ctrl+N)")
        self.tabs.addTab(self.audit, "Audit &log  (Ctrl+L)")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.top_bar = self._make_top_bar()
        layout.addLayout(self.top_bar)
        self.verdict_row = QHBoxLayout()  # the verdict, and the camera panel when shown
        self.verdict_row.addWidget(self.verdict, 1)
        layout.addLayout(self.verdict_row, 5)
        layout.addWidget(self.tabs, 4)

        self.scanner = ScannerBurstFilter(self, key_hook=self._key_hook)
        self.scanner.scanned.connect(self.scan)
        self.verdict.re_entry_requested.connect(self.record_re_entry)
        self.verdict.undo_requested.connect(self._undo_from_verdict)
        self.search_panel.query_changed.connect(self._search)
        self.search_panel.check_in_requested.connect(self.check_in)
        self.search_panel.undo_requested.connect(self.undo)
        self.search_panel.reissue_requested.connect(self.reissue)
        self.search_panel.print_requested.connect(
            lambda attendee_id: self.print_badges([attendee_id])
        )
        self.walk_in.submitted.connect(self.register_walk_in)
        self.walk_in.print_requested.connect(lambda attendee_id: self.print_badges([attendee_id]))
        self.tabs.currentChanged.connect(self._tab_changed)
        for keys, slot in (
            ("Ctrl+F", self.focus_search),
            ("Ctrl+N", self.focus_walk_in),
            ("Ctrl+L", self.show_audit),
            ("Ctrl+M", self.sound_button.toggle),
        ):
            QShortcut(
                QKeySequence(keys),
                self,
                slot,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        self.multidesk = MultiDesk(self, context)  # live updates, offline banner, conflicts
        context.signals.data_changed.connect(self._data_changed)
        self.setFocusProxy(self.search_panel.search)
        self.tools = DeskTools(self, context)  # camera, pictures, printing badges
        self.refresh()

    def _make_top_bar(self) -> QHBoxLayout:
        caption = QLabel("&Desk:", self)
        self.desk_name = QLineEdit(self.service.desk_name, self)
        self.desk_name.setObjectName("desk-name")
        self.desk_name.setAccessibleName("Desk name")
        self.desk_name.setToolTip(
            "The name of this desk, shown in the audit log and to other desks"
        )
        self.desk_name.setMaxLength(100)
        self.desk_name.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.desk_name.editingFinished.connect(self._desk_name_edited)
        caption.setBuddy(self.desk_name)
        self.stats_label = QLabel(self)
        self.stats_label.setObjectName("desk-stats")
        self.stats_label.setAccessibleName("Arrivals")
        font = self.stats_label.font()
        font.setPointSizeF((font.pointSizeF() if font.pointSizeF() > 0 else 10.0) * 1.2)
        font.setBold(True)
        self.stats_label.setFont(font)
        self.stats_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.stats_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sound_button = QToolButton(self)
        self.sound_button.setObjectName("desk-sound")
        self.sound_button.setCheckable(True)
        self.sound_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.sound_button.setAccessibleName("Verdict sounds")
        self.sound_button.setToolTip("Play a sound for each verdict (Ctrl+M)")
        self.sound_button.setChecked(self.sounds.enabled)
        self._show_sound_state(self.sounds.enabled)
        self.sound_button.toggled.connect(self._sound_toggled)
        self.sounds.became_unavailable.connect(self._sound_unavailable)
        bar = QHBoxLayout()
        bar.addWidget(caption)
        bar.addWidget(self.desk_name)
        bar.addWidget(self.stats_label, 1)
        bar.addWidget(self.sound_button)
        return bar

    # -- public actions ----------------------------------------------------------------------

    def scan(self, payload: str) -> None:
        """Check in the badge a scanner (or a camera, or a picture) read."""
        scan_id = new_scan_id()
        service = self.service
        self._write(lambda: service.scan(payload, scan_id), self._in_order())

    def check_in(self, attendee_id: int) -> None:
        scan_id = new_scan_id()
        service = self.service
        self._write(lambda: service.check_in_attendee(attendee_id, scan_id), self._in_order())

    def record_re_entry(self) -> None:
        attendee_id = self._re_entry_for
        if attendee_id is None:
            return
        self._clear_re_entry()
        scan_id = new_scan_id()
        service = self.service
        self._write(lambda: service.re_entry(attendee_id, scan_id), self._in_order())

    def undo(self, attendee_id: int, reason: str) -> None:
        service = self.service

        def done(summary: AttendeeSummary) -> None:
            self.search_panel.confirm_bar.hide()
            self.verdict.show_idle(f"Check-in of {summary.name} undone: {reason}.")
            self.search_panel.search.setFocus()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, CheckInError):
                self.search_panel.confirm_bar.show_error(str(exc))
            else:
                self._write_failed(exc)

        self._write(lambda: service.undo(attendee_id, reason), done, failed)

    def reissue(self, attendee_id: int) -> None:
        service = self.service

        def done(attendee: Attendee) -> None:
            self.search_panel.confirm_bar.hide()
            advice = " Print it with Print badge." if self._can_print else ""
            self.verdict.show_idle(
                f"New badge for {attendee.name} ({attendee.badge_serial}, revision "
                f"{attendee.badge_revision}): the old one is refused from now on.{advice}"
            )
            self._emit("attendees")

        self._write(lambda: service.reissue_badge(attendee_id), done)

    def register_walk_in(
        self, name: str, email: str, affiliation: str, category: AttendeeCategory, check_in: bool
    ) -> None:
        service = self.service
        scan_id = new_scan_id()
        show = self._in_order()

        def work() -> tuple[Attendee, Verdict | None]:
            attendee = service.register_walk_in(name, email, affiliation, category)
            verdict = service.check_in_attendee(attendee.id, scan_id) if check_in else None
            return attendee, verdict

        def done(result: tuple[Attendee, Verdict | None]) -> None:
            attendee, verdict = result
            self.walk_in.show_registered(
                attendee.id, attendee.name, attendee.badge_serial, verdict is not None
            )
            if verdict is not None:
                show(verdict)
            self._emit("attendees")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WalkInError):
                self.walk_in.show_error(exc.field, str(exc))
            else:
                self.walk_in.show_error("name", f"not registered: {exc}")
                self._write_failed(exc)

        self._write(work, done, failed)

    def print_badges(self, attendee_ids: list[int]) -> None:
        """Hand the badges to the badge printing module (the print dialog is its own)."""
        if not self._can_print:
            return
        module = importlib.import_module(PRINT_MODULE)
        module.print_badges(self, self._context.database, attendee_ids)

    def refresh(self) -> None:
        """Re-read the attendee list (other desks' walk-ins), arrivals, the log and the search."""
        service = self.service
        self._run_read(service.refresh_index, lambda _none: self._after_change())

    def _after_change(self) -> None:
        """Re-read what a check-in changes: arrivals, the search results, the audit log."""
        self._run_read(self.service.stats, self._show_stats)
        self._search(self.search_panel.search.text())
        self._audit_stale = True
        if self.tabs.currentWidget() is self.audit:
            self._reload_audit()

    def _reload_audit(self) -> None:
        self._audit_stale = False
        self._run_read(lambda: self.service.audit_log(), self.audit.set_rows)

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_panel)
        self.search_panel.search.setFocus()
        self.search_panel.search.selectAll()

    def focus_walk_in(self) -> None:
        self.tabs.setCurrentWidget(self.walk_in)
        self.walk_in.focus_first()

    def show_audit(self) -> None:
        self.tabs.setCurrentWidget(self.audit)
        self.audit.table.setFocus()

    # -- results -------------------------------------------------------------------------------

    def _in_order(self) -> Callable[[Verdict], None]:
        """A handler that shows a verdict unless a later scan's verdict is already shown
        (two quick scans can finish out of order on the thread pool)."""
        self._issued += 1
        number = self._issued

        def show(verdict: Verdict) -> None:
            if number > self._shown:
                self._shown = number
                self._show_verdict(verdict)

        return show

    def _show_verdict(self, verdict: Verdict) -> None:
        shown = self.verdict.verdict
        if verdict.repeat and shown is not None and shown.attendee_id == verdict.attendee_id:
            return  # the same badge read twice: it was counted once and is on screen already
        if verdict.state is VerdictState.ALREADY and verdict.attendee_id is not None:
            self._re_entry_for = verdict.attendee_id
            self._re_entry_until = time.monotonic() + RE_ENTRY_WINDOW_SECONDS
        else:
            self._clear_re_entry()
        self.verdict.show_verdict(verdict)
        if not verdict.repeat:
            self.sounds.play(verdict.state)
        if verdict.attendee_id is not None:
            self.search_panel.select_attendee(verdict.attendee_id)

    def _write_failed(self, exc: BaseException) -> None:
        self._clear_re_entry()
        self.verdict.show_problem(
            "Not recorded: scan again",
            f"The event database did not accept the check-in ({exc}). Nothing was saved.",
        )
        self.sounds.play(VerdictState.REFUSED)

    def _show_stats(self, stats: CheckInStats) -> None:
        share = f" ({stats.checked_in / stats.expected:.0%})" if stats.expected else ""
        plural = "s" if stats.walk_ins != 1 else ""
        walk_ins = f"  ·  {stats.walk_ins} walk-in{plural}" if stats.walk_ins else ""
        self.stats_label.setText(
            f"Checked in {stats.checked_in} of {stats.expected} expected{share}{walk_ins}"
        )

    def _search(self, query: str) -> None:
        self._search_generation += 1
        generation = self._search_generation
        if not query.strip():
            self.search_panel.set_results([], query)
            return
        service = self.service

        def done(rows: list[AttendeeSummary]) -> None:
            if isValid(self) and generation == self._search_generation:
                self.search_panel.set_results(rows, query)

        self._context.tasks.run(lambda: service.search(query), done, self._read_failed)

    # -- plumbing ------------------------------------------------------------------------------

    def _write(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        def finished(result: Any) -> None:
            if not isValid(self):
                return
            done(result)
            self._emit("check_ins")
            self._after_change()

        def errored(exc: BaseException) -> None:
            if isValid(self):
                (failed or self._write_failed)(exc)

        self._context.tasks.run(work, finished, errored)

    def _run_read(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def finished(result: Any) -> None:
            if isValid(self):
                done(result)

        self._context.tasks.run(work, finished, self._read_failed)

    def _read_failed(self, exc: BaseException) -> None:
        if isValid(self):
            self.stats_label.setText(f"Cannot read the event database: {exc}")

    def _emit(self, topic: str) -> None:
        self._emitting = True
        try:
            self._context.signals.data_changed.emit(topic)
        finally:
            self._emitting = False

    def _data_changed(self, topic: str) -> None:
        if self._emitting or not isValid(self):
            return
        if topic == "check_ins":
            self._after_change()
        elif topic in REFRESH_TOPICS:
            self.refresh()

    def _clear_re_entry(self) -> None:
        self._re_entry_for = None
        self.verdict.hide_re_entry()

    def _key_hook(self, receiver: QWidget, event: QKeyEvent) -> bool:
        """R or Enter right after an amber verdict records a re-entry, unless someone types."""
        if self._re_entry_for is None or event.key() not in _RE_ENTRY_KEYS:
            return False
        if time.monotonic() > self._re_entry_until:
            self._clear_re_entry()
            return False
        if event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        ):
            return False
        search = self.search_panel.search
        typing = isinstance(receiver, _TEXT_INPUTS) or (
            isinstance(receiver, QComboBox) and receiver.isEditable()
        )
        if typing and (receiver is not search or search.text()):
            return False
        self.record_re_entry()
        return True

    def _undo_from_verdict(self, attendee_id: int) -> None:
        self.focus_search()
        if not self.search_panel.select_attendee(attendee_id):
            summary = self.service.attendee(attendee_id)
            self.search_panel.set_results([summary], summary.name)
        self.search_panel.ask_undo()

    def _desk_name_edited(self) -> None:
        try:
            self.service.desk_name = self.desk_name.text()
        except CheckInError as exc:
            self.desk_name.setText(self.service.desk_name)
            self.verdict.show_idle(f"Desk name unchanged: {exc}.")
            return
        self.desk_name.setText(self.service.desk_name)
        self._context.settings.setValue(DESK_NAME_KEY, self.service.desk_name)

    def _sound_toggled(self, enabled: bool) -> None:
        self.sounds.set_enabled(enabled)
        if self.sounds.unavailable is None:  # else the button keeps saying "No sound"
            self._show_sound_state(enabled)

    def _sound_unavailable(self, _reason: str) -> None:
        self.sound_button.setEnabled(False)
        self.sound_button.setText("No sound")
        self.sound_button.setIcon(icon("sound-off"))
        self.sound_button.setToolTip("No sound on this computer: it needs the system's libpulse0")

    def _show_sound_state(self, enabled: bool) -> None:
        self.sound_button.setText("Sound on" if enabled else "Sound off")
        self.sound_button.setIcon(icon("sound-on" if enabled else "sound-off"))

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.audit and self._audit_stale:
            self._reload_audit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.scanner.install()

    def hideEvent(self, event: QHideEvent) -> None:
        self.scanner.remove()
        super().hideEvent(event)


__all__ = ["DEFAULT_DESK_NAME", "DESK_NAME_KEY", "DeskPage", "badge_printing_available"]
