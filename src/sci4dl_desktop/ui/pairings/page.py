"""The organiser's Mentorship planning page: profiles, fair proposals, hand edits, publishing.

"Propose pairings" runs the solver off the GUI thread and stores its proposal as drafts
(unlocked pairings are replaced, locked ones kept). The organiser then drags mentees
between mentors and breaks or uses the meeting form, locks what must stay, and
publishes; mentors get printed cards and their calendar file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sci4dl_desktop.domain.matching import MatchResult
from sci4dl_desktop.domain.mentorship_profiles import (
    Candidate,
    Profiles,
    load_profiles,
    make_mentor,
    remove_mentee,
    remove_mentor,
    save_mentee,
    save_mentor,
)
from sci4dl_desktop.domain.pairing_edits import (
    Proposal,
    add_pairing,
    delete_pairing,
    move_pairing,
    plan_warnings,
    propose,
    publish,
    set_locked,
    store_proposal,
)
from sci4dl_desktop.domain.pairing_plan import PlanData, PlanError, load_plan, save_settings
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.icons import icon
from sci4dl_desktop.ui.pairings.plan_model import MENTOR_ROLE
from sci4dl_desktop.ui.pairings.plan_panel import PlanPanel
from sci4dl_desktop.ui.pairings.profiles import MenteesPanel, MentorsPanel
from sci4dl_desktop.ui.pairings.settings_dialog import PlanSettingsDialog


@dataclass(frozen=True)
class Snapshot:
    plan: PlanData
    result: MatchResult
    warnings: list[str]
    profiles: Profiles


def read_snapshot(database: Database) -> Snapshot:
    with database.session() as session:
        plan = load_plan(session)
        profiles = load_profiles(session)
    return Snapshot(plan, plan.current_result(), plan_warnings(plan), profiles)


def propose_and_store(database: Database) -> Proposal:
    """Propose from the stored plan and, when there is a proposal, store it as drafts."""
    with database.session() as session:
        plan = load_plan(session)
    proposal = propose(plan)
    if proposal.result.feasible:
        store_proposal(database, proposal)
    return proposal


def summary_text(plan: PlanData, result: MatchResult) -> str:
    mentees = len(plan.problem.mentees)
    loads = list(result.loads.values()) or [0]
    drafts = plan.unpublished
    parts = [
        f"{len(result.assignments)} meetings",
        f"{result.covered} of {mentees} mentees met",
        f"topic overlap {result.total_score:.2f}",
        f"balance penalty {result.fairness_penalty:.2f}",
        f"objective {result.quality:.2f}",
        f"mentor load {min(loads)}–{max(loads)}",
        f"{drafts} not published" if drafts else "all published",
    ]
    return " · ".join(parts)


class PairingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0
        self.snapshot: Snapshot | None = None
        self.settings_dialog: PlanSettingsDialog | None = None

        title = QLabel("Mentorship planning", self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.propose_button = self._button("&Propose pairings", "propose", "pairings")
        self.propose_button.setAccessibleName("Propose fair pairings with the solver")
        self.publish_button = self._button("Pu&blish", "publish", "mentorship")
        self.publish_button.setAccessibleName("Publish the draft pairings")
        self.settings_button = self._button("Plannin&g settings…", "settings", "data")
        self.settings_button.setAccessibleName("Planning settings")
        self.cards_button = self._button("Print mentor &cards…", "cards", "agenda")
        self.cards_button.setAccessibleName("Print mentor cards as PDF")
        self.calendar_button = self._button("Mentor calen&dar…", "calendar", "calendar-export")
        self.calendar_button.setAccessibleName("Save the selected mentor's meetings as a calendar")
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addStretch(1)
        for button in (
            self.propose_button,
            self.publish_button,
            self.settings_button,
            self.cards_button,
            self.calendar_button,
        ):
            bar.addWidget(button)

        self.summary = QLabel(self)
        self.summary.setObjectName("pairings-summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel(self)
        self.message.setObjectName("pairings-message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        self.plan_panel = PlanPanel(self)
        self.mentees = MenteesPanel(self)
        self.mentors = MentorsPanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pairings-tabs")
        self.tabs.setAccessibleName("Mentorship planning")
        self.tabs.addTab(self.plan_panel, "Pla&n")
        self.tabs.addTab(self.mentees, "M&entees")
        self.tabs.addTab(self.mentors, "Ment&ors")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

        self.propose_button.clicked.connect(self.propose)
        self.publish_button.clicked.connect(self.publish)
        self.settings_button.clicked.connect(self.edit_settings)
        self.cards_button.clicked.connect(self.print_cards)
        self.calendar_button.clicked.connect(self.save_calendar)
        panel = self.plan_panel
        panel.move_requested.connect(self._move)
        panel.add_requested.connect(self._add)
        panel.remove_requested.connect(self._remove)
        panel.lock_requested.connect(self._lock)
        self.mentees.save_requested.connect(self._save_mentee)
        self.mentees.remove_requested.connect(self._remove_mentee)
        self.mentees.add_requested.connect(self._add_mentee)
        self.mentors.save_requested.connect(self._save_mentor)
        self.mentors.remove_requested.connect(self._remove_mentor)
        self.mentors.add_requested.connect(self._add_mentor)
        self.refresh()

    def _button(self, text: str, name: str, icon_name: str) -> QPushButton:
        button = QPushButton(icon(icon_name), text, self)
        button.setObjectName(f"pairings-{name}")
        return button

    # -- for tests and dialogs --------------------------------------------------------

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "Mentorship planning", text)
        return answer == QMessageBox.StandardButton.Yes

    def choose_save_path(self, caption: str, suggested: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, caption, suggested, pattern)
        return Path(path) if path else None

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload profiles and the plan off the GUI thread."""
        self._generation += 1
        generation = self._generation
        database = self._context.database

        def done(snapshot: Snapshot) -> None:
            if isValid(self) and generation == self._generation:
                self._show(snapshot)

        def failed(exc: BaseException) -> None:
            if isValid(self) and generation == self._generation:
                self.say(f"Cannot read the mentorship plan: {exc}", error=True)

        self._context.tasks.run(lambda: read_snapshot(database), done, failed)

    def _show(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        plan = snapshot.plan
        self.plan_panel.show_plan(plan, snapshot.result, snapshot.warnings)
        self.mentees.show_profiles(snapshot.profiles)
        self.mentors.show_profiles(snapshot.profiles)
        self.summary.setText(summary_text(plan, snapshot.result))
        drafts = plan.unpublished
        self.publish_button.setEnabled(drafts > 0)
        self.publish_button.setText(f"Pu&blish {drafts} drafts" if drafts else "Pu&blished")
        ready = bool(plan.problem.mentors and plan.problem.mentees and plan.breaks)
        self.propose_button.setEnabled(ready)
        self.propose_button.setToolTip(
            "" if ready else "Mark mentors and mentees, and use at least one break, first."
        )

    def say(self, text: str, *, error: bool = False) -> None:
        palette = self.message.palette()
        role = QPalette.ColorRole.BrightText if error else QPalette.ColorRole.WindowText
        palette.setColor(QPalette.ColorRole.WindowText, self.palette().color(role))
        self.message.setPalette(palette)
        self.message.setText(text)
        self.message.setAccessibleName(("Problem: " if error else "") + text)
        self.message.setVisible(bool(text))

    # -- writing ----------------------------------------------------------------------

    def _write(
        self,
        work: Callable[[Database], Any],
        said: Callable[[Any], str],
        *,
        after: Callable[[Any], None] | None = None,
    ) -> None:
        """Run a change off the GUI thread, then say what happened, notify and reload."""
        database = self._context.database

        def done(value: Any) -> None:
            if not isValid(self):
                return
            self.say(said(value))
            self._context.signals.data_changed.emit("pairings")
            if after is not None:
                after(value)
            self.refresh()

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            text = str(exc) if isinstance(exc, PlanError) else f"That did not work: {exc}"
            self.say(text, error=True)
            self.refresh()

        self._context.tasks.run(lambda: work(database), done, failed)

    def propose(self) -> None:
        plan = self.snapshot.plan if self.snapshot else None
        if plan is not None:
            replaced = [p for p in plan.pairings if p.published and not p.locked]
            if replaced and not self.confirm(
                f"Proposing replaces {len(replaced)} published pairings that are not locked. "
                "Mentors will not see the new ones until you publish again. "
                "Lock the pairs you want to keep first. Propose now?"
            ):
                return
        self.propose_button.setEnabled(False)
        self.say("Proposing pairings…")
        database = self._context.database

        def done(proposal: Proposal) -> None:
            if not isValid(self):
                return
            result = proposal.result
            if not result.feasible:
                self.say(" ".join(("No proposal:", *result.problems)), error=True)
            else:
                extra = " ".join(proposal.crowded)
                self.say(
                    f"Proposed {len(result.assignments)} meetings ({result.covered} mentees "
                    f"met, {len(result.unmatched)} unmatched). They are drafts until you "
                    f"publish. {extra}".strip()
                )
                self._context.signals.data_changed.emit("pairings")
            self.refresh()

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self.say(f"Could not propose pairings: {exc}", error=True)
                self.refresh()

        self._context.tasks.run(lambda: propose_and_store(database), done, failed)

    def publish(self) -> None:
        self._write(publish, lambda n: f"Published {n} pairings: mentors and the kiosk see them.")

    def _move(self, pairing_id: int, mentor_id: int, break_id: int) -> None:
        self._write(
            lambda db: move_pairing(db, pairing_id, mentor_id, break_id),
            lambda place: f"Moved the meeting{f' (now at {place})' if place else ''}.",
        )

    def _add(self, mentor_id: int, mentee_id: int, break_id: int) -> None:
        self._write(
            lambda db: add_pairing(db, mentor_id, mentee_id, break_id),
            lambda _: "Added the meeting (a draft until you publish).",
        )

    def _remove(self, pairing_id: int) -> None:
        self._write(lambda db: delete_pairing(db, pairing_id), lambda _: "Removed the meeting.")

    def _lock(self, pairing_id: int, locked: bool) -> None:
        self._write(
            lambda db: set_locked(db, pairing_id, locked),
            lambda _: (
                "Locked: the meeting is kept when proposing again."
                if locked
                else "Unlocked: proposing again may change the meeting."
            ),
        )

    def _save_mentee(
        self, attendee_id: int, interests: list[str], poster_id: int | None, breaks: list[int]
    ) -> None:
        self._write(
            lambda db: save_mentee(db, attendee_id, interests, poster_id, breaks),
            lambda _: "Saved the mentee profile.",
        )

    def _remove_mentee(self, attendee_id: int) -> None:
        self._write(
            lambda db: remove_mentee(db, attendee_id),
            lambda n: f"Removed the mentee and {n} meeting{'s' if n != 1 else ''}.",
        )

    def _add_mentee(self, candidate: Candidate) -> None:
        profiles = self.snapshot.profiles if self.snapshot else None
        own = profiles.own_poster(candidate.name) if profiles else None
        poster = next((p for p in profiles.posters if p.id == own), None) if profiles else None
        breaks = [b.id for b in profiles.breaks] if profiles else []
        self._write(
            lambda db: save_mentee(
                db, candidate.id, list(poster.keywords) if poster else [], own, breaks
            ),
            lambda _: (
                f"{candidate.name} is now a mentee"
                + (" (with their poster and its keywords)." if poster else ": add their interests.")
            ),
            after=lambda _: self.mentees.remember(candidate.id),
        )

    def _save_mentor(self, person_id: int, interests: list[str], capacity: int) -> None:
        self._write(
            lambda db: save_mentor(db, person_id, interests, capacity),
            lambda _: "Saved the mentor profile.",
        )

    def _remove_mentor(self, person_id: int) -> None:
        self._write(
            lambda db: remove_mentor(db, person_id),
            lambda n: f"Removed the mentor and {n} meeting{'s' if n != 1 else ''}.",
        )

    def _add_mentor(self, candidate: Candidate) -> None:
        self._write(
            lambda db: make_mentor(db, candidate),
            lambda _: f"{candidate.name} is now a mentor: add their interests.",
            after=lambda person_id: self.mentors.remember(int(person_id)),
        )

    # -- settings, cards, calendars ---------------------------------------------------

    def edit_settings(self) -> None:
        """Open the settings dialog (window-modal); saving it stores them for every desk."""
        plan = self.snapshot.plan if self.snapshot else None
        if plan is None:
            return
        breaks = sorted((*plan.breaks, *plan.other_breaks), key=lambda b: (b.start, b.id))
        dialog = PlanSettingsDialog(plan.settings, breaks, {b.id for b in plan.breaks}, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog

        def accepted() -> None:
            chosen = dialog.settings()

            def work(db: Database) -> None:
                with db.transaction() as session:
                    save_settings(session, chosen)

            self._write(work, lambda _: "Saved the planning settings.")

        dialog.accepted.connect(accepted)
        dialog.open()

    def print_cards(self) -> None:
        path = self.choose_save_path(
            "Save mentor cards", "mentor-cards.pdf", "PDF documents (*.pdf)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        now = self._context.clock.now()

        def work(db: Database) -> int:
            from sci4dl_desktop.ui.printing.mentor_cards import write_cards_for

            return write_cards_for(db, path, now=now)

        self._run_export(work, lambda n: f"Wrote {n} mentor cards to {path}.")

    def selected_mentor(self) -> int | None:
        index = self.plan_panel.tree.currentIndex().siblingAtColumn(0)
        value = index.data(MENTOR_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def save_calendar(self) -> None:
        mentor_id = self.selected_mentor()
        plan = self.snapshot.plan if self.snapshot else None
        if mentor_id is None or plan is None:
            self.say("Select a mentor (or one of their meetings) in the plan first.", error=True)
            return
        name = plan.name_of("mentor", mentor_id)
        slug = "-".join(name.lower().split())
        path = self.choose_save_path(
            f"Save {name}'s meetings", f"mentoring-{slug}.ics", "Calendar files (*.ics)"
        )
        if path is None:
            return

        def work(db: Database) -> int:
            from sci4dl_desktop.io.ics import entries_in, mentor_calendar, write_calendar

            calendar = mentor_calendar(db, mentor_id)
            count = len(list(entries_in(calendar)))
            if count:
                write_calendar(calendar, path)
            return count

        self._run_export(
            work,
            lambda n: (
                f"Saved {n} meetings of {name} to {path}."
                if n
                else f"{name} has no published meetings yet: publish the pairings first."
            ),
        )

    def _run_export(self, work: Callable[[Database], int], said: Callable[[int], str]) -> None:
        database = self._context.database

        def done(count: int) -> None:
            if isValid(self):
                self.say(said(count))

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self.say(f"Could not save: {exc}", error=True)

        self._context.tasks.run(lambda: work(database), done, failed)
