"""The Schedule page: the program as a timeline or a list, now and next, session details."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.drift import adjusted_times
from sci4dl_desktop.domain.schedule import (
    NowNext,
    Program,
    check_adjusted_times,
    format_day,
    format_range,
    load_program,
    now_and_next,
    now_next_summary,
    session_matches,
)
from sci4dl_desktop.domain.text import fold_terms
from sci4dl_desktop.ui.agenda.star_action import EventCalendarActions
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.fonts import ensure_legible, scaled_font
from sci4dl_desktop.ui.loading import LatestRead
from sci4dl_desktop.ui.schedule.detail import DetailPane
from sci4dl_desktop.ui.schedule.list_view import SessionListView
from sci4dl_desktop.ui.schedule.model import (
    SESSION_ID_ROLE,
    Column,
    ScheduleFilterProxy,
    ScheduleListModel,
)
from sci4dl_desktop.ui.schedule.timeline_view import TimelineView
from sci4dl_desktop.ui.schedule.toolbar import LIST, TIMELINE, ScheduleToolbar

SPLITTER_KEY = "schedule/splitter"
VIEW_KEY = "schedule/view"
NOW_INTERVAL_MS = 15_000


class SchedulePage(QWidget):
    """The day's program. Other pages listen to `session_selected` and call `select_session`."""

    session_selected = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._program: Program | None = None
        self._day: date | None = None
        self._selected: int | None = None
        self._adjusted: dict[int, tuple[datetime, datetime]] = {}
        self._now_next: NowNext | None = None
        self._reads = LatestRead(self, context)
        self._projections = LatestRead(self, context)
        self._syncing = False
        self._scroll_to_now_pending = True
        self.setAccessibleName("Schedule")
        ensure_legible(self)
        self._build()
        self._restore_settings()
        self.now_timer = QTimer(self)
        self.now_timer.setInterval(NOW_INTERVAL_MS)
        self.now_timer.timeout.connect(self.update_now)
        self.now_timer.timeout.connect(self.refresh_projection)
        self.now_timer.start()
        context.signals.data_changed.connect(self._on_data_changed)
        self.refresh()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.toolbar = ScheduleToolbar()
        self.toolbar.view_chosen.connect(self.set_view)
        self.toolbar.day_chosen.connect(self._on_day_tab)
        self.toolbar.search_changed.connect(self._on_search)
        self.timeline_button = self.toolbar.timeline_button
        self.list_button = self.toolbar.list_button
        self.day_tabs = self.toolbar.day_tabs
        self.search = self.toolbar.search
        self.match_label = self.toolbar.match_label
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: self.search.setFocus(Qt.FocusReason.ShortcutFocusReason))

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setFont(scaled_font(self.font(), 1.15, True))
        self.banner.setAccessibleName("Now and next")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Error")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()

        self.timeline = TimelineView()
        self.timeline.canvas.setFont(scaled_font(self.font(), 1.05))
        self.timeline.session_selected.connect(lambda sid: self._set_selected(sid, TIMELINE))
        self.timeline.session_activated.connect(self.open_detail)

        self.model = ScheduleListModel(self)
        self.proxy = ScheduleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.list_view = SessionListView(self.proxy)
        self.list_view.selectionModel().currentRowChanged.connect(self._on_list_current)
        self.list_view.activated.connect(lambda _index: self.open_detail())

        # Star (S), Show QR (Q) and Save as .ics for the selected session; stars in the list
        # and on the timeline, both from the actions' one set of starred ids.
        self.calendar_actions = EventCalendarActions(
            self._context, "session", self.selected_session_id, self
        )
        self.calendar_actions.mark_starred(self.list_view, Column.TITLE, SESSION_ID_ROLE)
        self.calendar_actions.stars_changed.connect(self._show_stars)
        self._show_stars()
        self.session_selected.connect(self.calendar_actions.refresh)
        for calendar_button in self.calendar_actions.buttons():
            self.toolbar.add_trailing(calendar_button)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.timeline)
        self.stack.addWidget(self.list_view)

        self.detail = DetailPane()
        self.detail.back_requested.connect(self._focus_view)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setAccessibleName("Schedule and details")
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 420])
        self.splitter.splitterMoved.connect(self._save_splitter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.error_label)
        layout.addWidget(self.splitter, 1)

        QWidget.setTabOrder(self.search, self.timeline.canvas)
        QWidget.setTabOrder(self.timeline.canvas, self.list_view)
        QWidget.setTabOrder(self.list_view, self.detail.info_scroll)
        QWidget.setTabOrder(self.detail.info_scroll, self.detail.posters)

    def _restore_settings(self) -> None:
        state = self._context.settings.value(SPLITTER_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)
        view = self._context.settings.value(VIEW_KEY, TIMELINE)
        self.set_view(LIST if view == LIST else TIMELINE, remember=False)

    def _save_splitter(self) -> None:
        self._context.settings.setValue(SPLITTER_KEY, self.splitter.saveState())

    # -- public interface -------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the program and the stars from the database, keeping the day and the
        selection."""
        self.calendar_actions.reload_stars()
        self._reads.run(load_program, self._loaded, self._failed)

    def _show_stars(self) -> None:
        self.timeline.set_starred(self.calendar_actions.starred_ids())

    def refresh_projection(self) -> None:
        """Show when sessions will now happen, from the session chair's timers (drift)."""
        now = self._context.clock.now()
        # Planned times are the right fallback if the timers cannot be read.
        self._projections.run(
            lambda session: adjusted_times(session, now),
            self._projected,
            lambda _exc: self._projected({}),
        )

    def _projected(self, adjusted: dict[int, tuple[datetime, datetime]]) -> None:
        if self._program is not None and adjusted != self._adjusted:
            self.set_adjusted_times(adjusted)

    def _on_data_changed(self, topic: str) -> None:
        if topic == "timers":
            self.refresh_projection()

    def program(self) -> Program | None:
        return self._program

    def current_day(self) -> date | None:
        return self._day

    def days(self) -> tuple[date, ...]:
        return self._program.days() if self._program else ()

    def set_day(self, day: date) -> None:
        if self._program is None or day not in self._program.days():
            raise ValueError(f"{day} is not a day of this event")
        self.toolbar.show_day(self._program.days().index(day))
        if self._day != day:  # the tab was already current: apply directly
            self._show_day(day)

    def view(self) -> str:
        return LIST if self.stack.currentWidget() is self.list_view else TIMELINE

    def set_view(self, view: str, *, remember: bool = True) -> None:
        """Show the timeline or the list ("timeline" or "list")."""
        if view not in (TIMELINE, LIST):
            raise ValueError(f"unknown schedule view '{view}': use 'timeline' or 'list'")
        widget = self.list_view if view == LIST else self.timeline
        changed = self.stack.currentWidget() is not widget
        self.stack.setCurrentWidget(widget)
        self.toolbar.mark_view(view)
        if remember:
            self._context.settings.setValue(VIEW_KEY, view)
        if changed and remember and self.isVisible():
            self._focus_view()

    def selected_session_id(self) -> int | None:
        return self._selected

    def select_session(self, session_id: int) -> bool:
        """Show a session (switching day if needed); False if the program has no such session."""
        session = self._program.session(session_id) if self._program else None
        if session is None or self._program is None:
            return False
        day = self._program.local_day(session.start)
        if day != self._day:
            self.set_day(day)
        self._set_selected(session_id, "api")
        return True

    def set_adjusted_times(self, adjusted: dict[int, tuple[datetime, datetime]]) -> None:
        """Projected (start, end) per session id, shown beside the planned times.

        An empty mapping clears them. Now and next follow the projected times.
        """
        self._adjusted = check_adjusted_times(adjusted)
        self.timeline.set_adjusted_times(self._adjusted)
        self.model.set_adjusted_times(self._adjusted)
        self.list_view.setColumnHidden(Column.PROJECTED, not self._adjusted)
        self.update_now()
        self._show_detail()

    def adjusted_times(self) -> dict[int, tuple[datetime, datetime]]:
        return dict(self._adjusted)

    def now_next(self) -> NowNext | None:
        """What runs now and next while the event is live, else None."""
        return self._now_next

    def open_detail(self) -> None:
        """Make sure the detail pane is visible and move the keyboard focus into it."""
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sizes[1] == 0:
            total = sum(sizes)
            self.splitter.setSizes([total * 3 // 5, total - total * 3 // 5])
            self._save_splitter()
        self.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def update_now(self) -> None:
        """Re-read the clock: move the now line, re-mark now and next (the timer calls it)."""
        program = self._program
        if program is None:
            return
        now = self._context.clock.now()
        live = program.is_live(now)
        self._now_next = now_and_next(program.sessions, now, self._adjusted) if live else None
        self.timeline.set_live(now if live else None, self._now_next)
        self.model.set_now_next(self._now_next)
        self._update_banner(now)
        self._show_detail()

    # -- loading --------------------------------------------------------------------------

    def _loaded(self, program: Program) -> None:
        self.error_label.hide()
        first_load = self._program is None
        self._program = program
        self.detail.set_program(program)
        self._adjusted = {k: v for k, v in self._adjusted.items() if program.session(k)}
        days = program.days()
        now = self._context.clock.now()
        day = self._day if self._day in days else program.today_or_first(now)
        self.toolbar.set_days(days, day)
        if self._selected is not None and program.session(self._selected) is None:
            self._selected = None
        self._show_day(day)
        if first_load and self._now_next is not None:
            # Open on what is happening: the running session, else the next one.
            shown = {s.id for s in program.sessions_on(day)}
            live = [s.id for s in (*self._now_next.now, *self._now_next.next) if s.id in shown]
            if live and self._selected is None:
                self._set_selected(live[0], "api")
            self.timeline.scroll_to_now()
        self.refresh_projection()

    def _failed(self, exc: BaseException) -> None:
        self.error_label.setText(
            f"Could not read the program from {self._context.database.display_name}: {exc}"
        )
        self.error_label.show()

    def _show_day(self, day: date, *, scroll_to_now: bool = False) -> None:
        program = self._program
        if program is None:
            return
        self._day = day
        sessions = program.sessions_on(day)
        self.timeline.canvas.setAccessibleName(f"Timeline of {format_day(day)}")
        self.list_view.setAccessibleName(f"Sessions of {format_day(day)}")
        self.timeline.set_sessions(sessions, program.zone)
        self.timeline.set_adjusted_times(self._adjusted)
        self.model.set_sessions(sessions, program.zone)
        self.model.set_adjusted_times(self._adjusted)
        self._apply_search()
        self.update_now()
        selected = self._selected
        if selected is not None and all(s.id != selected for s in sessions):
            selected = None
        self._selected = None
        self._set_selected(selected, "day", emit=False)
        if scroll_to_now and self._now_next is not None:
            self.timeline.scroll_to_now()

    def _on_day_tab(self, index: int) -> None:
        days = self.days()
        if 0 <= index < len(days):
            self._show_day(days[index], scroll_to_now=True)

    # -- selection ---------------------------------------------------------------------------

    def _set_selected(self, session_id: int | None, source: str, *, emit: bool = True) -> None:
        if self._syncing:
            return
        changed = session_id != self._selected
        self._selected = session_id
        self._syncing = True
        try:
            if source != TIMELINE:
                self.timeline.select(session_id)
            if source != LIST:
                self._select_list_row(session_id)
        finally:
            self._syncing = False
        self._show_detail()
        if changed and emit and session_id is not None:
            self.session_selected.emit(session_id)

    def _select_list_row(self, session_id: int | None) -> None:
        selection = self.list_view.selectionModel()
        row = self.model.row_of(session_id) if session_id is not None else None
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else None
        if index is None or not index.isValid():
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            return
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.list_view.scrollTo(index)

    def _on_list_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        session_id = current.data(SESSION_ID_ROLE)
        if isinstance(session_id, int):
            self._set_selected(session_id, LIST)

    def _show_detail(self) -> None:
        program = self._program
        session = (
            program.session(self._selected) if program and self._selected is not None else None
        )
        if session is None:
            self.detail.show_session(None)
            return
        status = self.model.status(session.id)
        self.detail.show_session(session, status=status, projected=self._adjusted.get(session.id))

    def _focus_view(self) -> None:
        target = self.timeline.canvas if self.view() == TIMELINE else self.list_view
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- search and banner ----------------------------------------------------------------------

    def _on_search(self, _text: str) -> None:
        self._apply_search()

    def _apply_search(self) -> None:
        query = self.search.text()
        self.proxy.set_query(query)
        terms = fold_terms(query)
        program = self._program
        if not terms or program is None or self._day is None:
            self.timeline.canvas.set_matches(None)
            self.toolbar.show_matches(None, 0)
            return
        sessions = program.sessions_on(self._day)
        found = frozenset(s.id for s in sessions if session_matches(s, terms))
        self.timeline.canvas.set_matches(found)
        self.toolbar.show_matches(len(found), len(sessions))

    def _update_banner(self, now: datetime) -> None:
        program = self._program
        if program is None:
            return
        zone = program.zone
        if self._now_next is None:
            self.banner.setText(
                f"{program.acronym or program.title} · {format_day(program.first_day)}"
                f" · times in {zone.key}"
            )
            return

        self.banner.setText(now_next_summary(self._now_next, now, zone, self._adjusted))
        self.banner.setToolTip(
            "\n".join(
                f"{s.title}: {format_range(s.start, s.end, zone)}"
                for s in (*self._now_next.now, *self._now_next.next)
            )
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.update_now()
        if self._scroll_to_now_pending and self._now_next is not None:
            self._scroll_to_now_pending = False
            self.timeline.scroll_to_now()
