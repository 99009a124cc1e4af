"""The Session chair page: now and next, the big timer, the speaker display, the day's drift.

Every key works on its own, without modifiers, whenever the focus is on the page or
on the speaker display (typing in the message field types text instead):

    Space  start, pause, resume     +  a minute more     -  a minute less
    F      finish this session      N  finish it and start the next one
    M      write a message for the speaker display

The shown time is computed from the clock at every tick, never counted from ticks,
so a busy GUI or a sleeping laptop cannot make it drift. Timer changes are stored
off the GUI thread (`writer.py`); a restarted app finds a running timer where it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.chair import ChairDay, ChairDesk, load_chair_day
from sci4dl_desktop.domain.local_time import format_time
from sci4dl_desktop.domain.timer import (
    MINUTE,
    Phase,
    Reading,
    Thresholds,
    TimerError,
    TimerSnapshot,
    TimerState,
)
from sci4dl_desktop.domain.timer_store import ThresholdSettings, save_thresholds
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.ui.chair.controls import ChairKeys, KeySlots, MessageBar
from sci4dl_desktop.ui.chair.panels import DayPanel, SessionCard
from sci4dl_desktop.ui.chair.settings_dialog import ThresholdsDialog
from sci4dl_desktop.ui.chair.sound import PhaseChime, should_ring
from sci4dl_desktop.ui.chair.speaker_display import ScreenChooser, SpeakerDisplay
from sci4dl_desktop.ui.chair.timer_face import TimerFace, tone_of
from sci4dl_desktop.ui.chair.writer import SnapshotWriter
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.fonts import ensure_legible
from sci4dl_desktop.ui.loading import LatestRead

TICK_MS = 100
RELOAD_MS = 30_000
CHIME_KEY = "chair/chime"


class ChairPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._desk: ChairDesk | None = None
        self._zone = ZoneInfo("UTC")
        self._reads = LatestRead(self, context)
        self._message = ""
        self._last_phase: tuple[int, Phase] | None = None
        self._saving_topic = False
        self._display: SpeakerDisplay | None = None
        self._writer = SnapshotWriter(context, self._saved, self._save_failed)
        self.chime = PhaseChime(self)
        self.chime.enabled = bool(context.settings.value(CHIME_KEY, False, type=bool))
        self.setAccessibleName("Session chair")
        ensure_legible(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build()
        self._make_actions()
        self.ticker = QTimer(self)
        self.ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        # Other desks (other computers) check speakers in: look again now and then.
        self.reload_timer = QTimer(self)
        self.reload_timer.setInterval(RELOAD_MS)
        self.reload_timer.timeout.connect(self.refresh)
        self.reload_timer.start()
        context.signals.data_changed.connect(self._on_data_changed)
        self.refresh()

    # -- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.session_combo = QComboBox()
        self.session_combo.setAccessibleName("Session to time")
        self.session_combo.setToolTip("Choose the session to time (while no timer runs)")
        self.session_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.session_combo.activated.connect(self._on_combo)
        session_label = QLabel("&Session:")
        session_label.setBuddy(self.session_combo)
        self.display_button = QPushButton("Speaker &display…")
        self.display_button.setAccessibleName("Open the speaker display")
        self.display_button.setToolTip("Show the timer full screen on the speaker's screen")
        self.display_button.clicked.connect(self.choose_display)
        self.settings_button = QPushButton("Timer se&ttings…")
        self.settings_button.setAccessibleName("Timer settings")
        self.settings_button.clicked.connect(self.open_settings)
        self.chime_box = QCheckBox("C&hime at phase changes")
        self.chime_box.setAccessibleName("Chime at phase changes")
        self.chime_box.setChecked(self.chime.enabled)
        self.chime_box.toggled.connect(self._set_chime)
        top = QHBoxLayout()
        top.addWidget(session_label)
        top.addWidget(self.session_combo, 1)
        top.addWidget(self.chime_box)
        top.addWidget(self.settings_button)
        top.addWidget(self.display_button)

        self.card = SessionCard()
        self.face = TimerFace()
        self.face.setMinimumHeight(170)
        self.buttons = QHBoxLayout()
        self.message_bar = MessageBar()
        self.message_bar.sent.connect(self._show_message)
        self.message_edit = self.message_bar.edit
        self.presets = self.message_bar.presets
        self.send_button = self.message_bar.send_button
        self.clear_button = self.message_bar.clear_button
        self.keys_hint = QLabel(
            "Keys: Space start · pause · resume   + / − a minute   F finish   "
            "N next session   M message"
        )
        self.keys_hint.setAccessibleName("Keyboard keys of the chair page")
        self.keys_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.keys_hint.setWordWrap(True)
        self.status = QLabel()
        self.status.setAccessibleName("Chair status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.card)
        left_layout.addWidget(self.face, 1)
        left_layout.addLayout(self.buttons)
        left_layout.addWidget(self.message_bar)
        left_layout.addWidget(self.keys_hint)
        left_layout.addWidget(self.status)

        self.day_panel = DayPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.day_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])
        self.day_panel.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 24)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _make_actions(self) -> None:
        self.keys = ChairKeys(
            self,
            KeySlots(
                toggle=self.toggle,
                less=self.remove_minute,
                more=self.add_minute,
                finish=self.finish,
                advance=self.next_session,
                message=lambda: self.message_edit.setFocus(Qt.FocusReason.ShortcutFocusReason),
            ),
        )
        self.buttons.addLayout(self.keys.row)
        self.toggle_action = self.keys.toggle_action
        self.finish_action = self.keys.finish_action
        self.next_action = self.keys.next_action
        self.message_action = self.keys.message_action
        self.key_actions = self.keys.timer_actions

    # -- loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the program, check-ins and thresholds; the running timers stay as they are."""
        self._reads.run(
            load_chair_day,
            self._loaded,
            lambda exc: self._show_error(f"Could not read the program: {exc}"),
        )

    def _loaded(self, data: ChairDay) -> None:
        if self._desk is None:
            self._desk = ChairDesk(self._context.clock, data)
        else:
            self._desk.reload(data)
        self._zone = data.day.zone
        if data.thresholds.problems:
            self._show_error(" ".join(data.thresholds.problems))
        if self._display is not None:
            self._display.setWindowTitle(self._display_title())
        self._update_all()

    def _on_data_changed(self, topic: str) -> None:
        if self._saving_topic and topic == "timers":
            return  # our own write
        if topic in ("sessions", "timers", "check_ins", "attendees", "people", "event"):
            self.refresh()

    @property
    def desk(self) -> ChairDesk | None:
        return self._desk

    # -- the keys --------------------------------------------------------------------------------

    def toggle(self) -> None:
        self._act(lambda desk: desk.toggle())

    def add_minute(self) -> None:
        self._act(lambda desk: desk.adjust(MINUTE))

    def remove_minute(self) -> None:
        self._act(lambda desk: desk.adjust(-MINUTE))

    def finish(self) -> None:
        self._act(lambda desk: desk.finish())

    def next_session(self) -> None:
        self._act(lambda desk: desk.advance())

    def _act(self, step: Callable[[ChairDesk], dict[int, TimerSnapshot]]) -> None:
        desk = self._desk
        if desk is None:
            return
        try:
            changed = step(desk)
        except TimerError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText("")
        self._writer.submit(changed)
        self._update_all()

    def _saved(self) -> None:
        self._saving_topic = True
        try:
            self._context.signals.data_changed.emit("timers")
        finally:
            self._saving_topic = False

    def _save_failed(self, exc: BaseException) -> None:
        self._show_error(
            f"The timer could not be saved to {self._context.database.display_name}: {exc}. "
            "It keeps running here; the next change tries again."
        )

    def _show_error(self, text: str) -> None:
        self.status.setText(text)

    # -- the message -----------------------------------------------------------------------------

    def send_message(self) -> None:
        self.message_bar.send()

    def clear_message(self) -> None:
        self.message_bar.clear()

    def _show_message(self, text: str) -> None:
        self._message = text
        self.status.setText(f"On the speaker display: “{text}”" if text else "")
        self.tick()
        self.setFocus()

    def message(self) -> str:
        return self._message

    # -- showing ---------------------------------------------------------------------------------

    def _update_all(self) -> None:
        desk = self._desk
        if desk is None:
            return
        current = desk.current()
        sessions = desk.data.sessions
        timer = desk.timer(current.id) if current is not None else None
        state = timer.state if timer is not None else TimerState.FINISHED
        self.card.show_session(
            sessions.get(current.id) if current is not None else None,
            self._zone,
            timer.started_at if timer is not None else None,
        )
        self.keys.show_state(
            None if current is None else state, can_advance=desk.next() is not None
        )
        self._fill_combo()
        self.tick()
        self._update_drift()

    def _fill_combo(self) -> None:
        desk = self._desk
        if desk is None:
            return
        current = desk.current()
        marks = {TimerState.RUNNING: "▶ ", TimerState.PAUSED: "⏸ ", TimerState.FINISHED: "✓ "}
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        for slot in desk.day.slots:
            mark = marks.get(desk.day.state(slot.id), "")
            self.session_combo.addItem(
                f"{mark}{format_time(slot.start, self._zone)}  {slot.title}", slot.id
            )
        index = self.session_combo.findData(current.id) if current is not None else -1
        self.session_combo.setCurrentIndex(index)
        self.session_combo.setEnabled(desk.can_select())
        self.session_combo.blockSignals(False)

    def _on_combo(self, index: int) -> None:
        desk = self._desk
        session_id = self.session_combo.itemData(index)
        if desk is None or session_id is None:
            return
        try:
            desk.select(int(session_id))
        except TimerError as exc:
            self.status.setText(str(exc))
        self._update_all()

    def tick(self) -> None:
        """Show the time from the clock (the ticker calls this ten times a second)."""
        desk = self._desk
        if desk is None:
            return
        current = desk.current()
        timer = desk.timer(current.id) if current is not None else None
        if timer is None:
            values = ("00:00", "Day over", "finished")
        else:
            reading = timer.reading()
            values = (reading.text, reading.word, tone_of(reading))
            self._maybe_ring(current.id if current else 0, reading)
        changed = self.face.show_reading(*values, self._message)
        if self._display is not None:
            self._display.face.show_reading(*values, self._message)
        if changed:
            self._update_drift()

    def _maybe_ring(self, session_id: int, reading: Reading) -> None:
        phase = reading.phase if reading.state is TimerState.RUNNING else None
        before = self._last_phase
        if phase is None:
            self._last_phase = None
            return
        if before is not None and before[0] == session_id and should_ring(before[1], phase):
            self.chime.ring()
        self._last_phase = (session_id, phase)

    def _update_drift(self) -> None:
        if self._desk is not None:
            self.day_panel.show_desk(self._desk, self._context.clock.now(), self._zone)

    # -- speaker display and settings ------------------------------------------------------------

    def _display_title(self) -> str:
        acronym = self._desk.data.acronym if self._desk else ""
        return f"{acronym} speaker display" if acronym else "Speaker display"

    def speaker_display(self) -> SpeakerDisplay:
        """The speaker display window (made on first use, closed with the page)."""
        if self._display is None:
            self._display = SpeakerDisplay(self, self._display_title())
            self._display.addActions([*self.key_actions, self.message_action])
            self.tick()
        return self._display

    def choose_display(self) -> None:
        display = self.speaker_display()
        chooser = ScreenChooser(self, display.screen() if display.isVisible() else None)
        if chooser.exec():
            display.show_on(chooser.chosen_screen(), chooser.full_screen.isChecked())

    def open_settings(self) -> None:
        desk = self._desk
        if desk is None:
            return
        dialog = ThresholdsDialog(desk.data.thresholds.by_kind, self)
        if dialog.exec():
            self.apply_thresholds(dialog.thresholds())

    def apply_thresholds(self, by_kind: Mapping[SessionKind, Thresholds]) -> None:
        """Use new thresholds at once, and store them for every desk of the event."""
        desk = self._desk
        if desk is None:
            return
        desk.set_thresholds(ThresholdSettings(dict(by_kind)))
        database = self._context.database

        def store() -> None:
            with database.transaction() as session:
                save_thresholds(session, by_kind)

        self._context.tasks.run(
            store,
            lambda _r: self.status.setText("Timer settings saved for every desk of the event."),
            lambda exc: self._show_error(f"The timer settings could not be saved: {exc}"),
        )
        self.tick()

    def _set_chime(self, on: bool) -> None:
        self.chime.enabled = on
        self._context.settings.setValue(CHIME_KEY, on)

    # -- Qt --------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        focus = self.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.setFocus(Qt.FocusReason.OtherFocusReason)


__all__ = ["ChairPage"]
