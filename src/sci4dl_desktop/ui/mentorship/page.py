"""The Mentorship page: every pairing by mentor and by break, or one mentor's own card.

This page also appears in the attendee kiosk, so it shows names, affiliations,
interests, places and posters, and never an email address.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.mentorship_view import MentorshipOverview, load_mentorship
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.fonts import ensure_legible
from sci4dl_desktop.ui.loading import LatestRead
from sci4dl_desktop.ui.mentorship.card import MentorCardView
from sci4dl_desktop.ui.mentorship.trees import ByBreakTree, ByMentorTree

EVERYONE = "Everyone (all pairings)"
TAB_KEY = "mentorship/tab"
MENTOR_KEY = "mentorship/mentor"
STATUS_INTERVAL_MS = 30_000


class MentorshipPage(QWidget):
    """Pairings by mentor and by break; "I'm a mentor" narrows it to one card."""

    mentor_picked = Signal(int)  # a mentor id; -1 when back to everyone

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._overview: MentorshipOverview | None = None
        self._reads = LatestRead(self, context)
        ensure_legible(self)

        self.picker = QComboBox(self)
        self.picker.setObjectName("mentor-picker")
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.setAccessibleName("I'm a mentor: pick your name")
        self.picker.setMinimumContentsLength(24)
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        completer = QCompleter(self.picker.model(), self.picker)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.picker.setCompleter(completer)
        picker_label = QLabel("&I'm a mentor:", self)
        picker_label.setBuddy(self.picker)
        self.everyone = QPushButton("Show &all pairings", self)
        self.everyone.setObjectName("mentor-everyone")
        self.everyone.setAccessibleName("Show all pairings")
        self.summary = QLabel(self)
        self.summary.setObjectName("mentorship-summary")
        self.message = QLabel(self)
        self.message.setObjectName("mentorship-message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        bar = QHBoxLayout()
        bar.addWidget(picker_label)
        bar.addWidget(self.picker)
        bar.addWidget(self.everyone)
        bar.addStretch(1)
        bar.addWidget(self.summary)

        self.by_mentor = ByMentorTree(self)
        self.by_break = ByBreakTree(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mentorship-tabs")
        self.tabs.setAccessibleName("Pairings")
        self.tabs.addTab(self.by_mentor, "By &mentor")
        self.tabs.addTab(self.by_break, "By &break")
        self.card = MentorCardView(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.card)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.stack, 1)

        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_INTERVAL_MS)
        self._status_timer.timeout.connect(self._update_status)

        self.picker.activated.connect(self._picked_index)
        line_edit = self.picker.lineEdit()
        assert line_edit is not None  # the picker is editable
        line_edit.returnPressed.connect(self._typed_name)
        self.everyone.clicked.connect(self.show_everyone)
        self.tabs.currentChanged.connect(self._save_tab)

        tab = str(context.settings.value(TAB_KEY, 0))
        self.tabs.setCurrentIndex(int(tab) if tab.isdigit() else 0)
        self._set_everyone_state()
        self.refresh()

    # -- public -------------------------------------------------------------------------

    @property
    def overview(self) -> MentorshipOverview | None:
        return self._overview

    def shown_mentor_id(self) -> int | None:
        """The mentor whose card is shown, or None for everyone's pairings."""
        card = self.card.card
        return (
            card.mentor.id if card is not None and self.stack.currentWidget() is self.card else None
        )

    def pick_mentor(self, mentor_id: int) -> bool:
        """Show one mentor's card; False when there is no such mentor."""
        overview = self._overview
        card = overview.card(mentor_id) if overview is not None else None
        if overview is None or card is None:
            return False
        self.message.setVisible(False)
        index = self.picker.findData(mentor_id)
        if index >= 0 and self.picker.currentIndex() != index:
            self.picker.setCurrentIndex(index)
        self.picker.setEditText(card.mentor.name)
        self.card.show_card(card, overview, self._context.clock.now())
        self.stack.setCurrentWidget(self.card)
        self._status_timer.start()
        self._set_everyone_state()
        if not self._context.kiosk:
            self._context.settings.setValue(MENTOR_KEY, card.mentor.name)
        self.mentor_picked.emit(mentor_id)
        return True

    def pick_mentor_by_name(self, text: str) -> bool:
        """Accent- and case-insensitive: 'zdeborova' picks Lenka Zdeborová."""
        mentor = self._overview.find_mentor(text) if self._overview is not None else None
        return mentor is not None and self.pick_mentor(mentor.id)

    def show_everyone(self) -> None:
        self.message.setVisible(False)
        self.picker.setCurrentIndex(0)
        self.picker.setEditText(EVERYONE)
        self.card.clear()
        self.stack.setCurrentWidget(self.tabs)
        self._status_timer.stop()
        self._set_everyone_state()
        if not self._context.kiosk:
            self._context.settings.remove(MENTOR_KEY)
        self.mentor_picked.emit(-1)

    def refresh(self) -> None:
        """Reload the pairings (off the GUI thread), keeping the mentor shown.

        The main window calls it after any page changes the event (EventSignals.data_changed).
        """
        self._reads.run(
            load_mentorship,
            self._show_overview,
            lambda exc: self._say(f"Cannot read the mentorship pairings: {exc}"),
        )

    # -- behaviour ----------------------------------------------------------------------

    def _show_overview(self, overview: MentorshipOverview) -> None:
        shown = self.shown_mentor_id()
        if shown is None and self._overview is None and not self._context.kiosk:
            remembered = overview.find_mentor(str(self._context.settings.value(MENTOR_KEY, "")))
            shown = remembered.id if remembered is not None else None
        self._overview = overview
        self.picker.blockSignals(True)
        try:
            self.picker.clear()
            self.picker.addItem(EVERYONE, None)
            for mentor in overview.mentors:
                self.picker.addItem(mentor.name, mentor.id)
        finally:
            self.picker.blockSignals(False)
        self.by_mentor.show_overview(overview)
        self.by_break.show_overview(overview)
        meetings, mentors, breaks = (
            len(overview.meetings),
            len(overview.mentors),
            len(overview.breaks),
        )
        self.summary.setText(
            f"{meetings} meeting{'' if meetings == 1 else 's'} · "
            f"{mentors} mentor{'' if mentors == 1 else 's'} · "
            f"{breaks} break{'' if breaks == 1 else 's'}"
        )
        if shown is None or not self.pick_mentor(shown):
            self.show_everyone()

    def _picked_index(self, index: int) -> None:
        mentor_id = self.picker.itemData(index)
        if mentor_id is None:
            self.show_everyone()
        else:
            self.pick_mentor(int(str(mentor_id)))

    def _typed_name(self) -> None:
        text = self.picker.currentText().strip()
        shown = self.card.card if self.shown_mentor_id() is not None else None
        if shown is not None and shown.mentor.name == text:
            return  # the combo itself already picked this exact name
        if not text or text == EVERYONE:
            self.show_everyone()
        elif not self.pick_mentor_by_name(text):
            self._say(
                f"No mentor is called “{text}”. Pick your name from the list, "
                "or type part of it (accents do not matter)."
            )

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    def _set_everyone_state(self) -> None:
        self.everyone.setEnabled(self.stack.currentWidget() is self.card)

    def _update_status(self) -> None:
        self.card.update_status(self._context.clock.now())

    def _save_tab(self, index: int) -> None:
        self._context.settings.setValue(TAB_KEY, index)
