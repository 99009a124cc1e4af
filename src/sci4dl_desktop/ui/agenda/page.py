"""The My agenda page: whose agenda, the starred items in time order with clashes, and exports."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sci4dl_desktop.domain.agenda import AgendaItem, PublicAttendee, Target, my_agenda, unstar
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.agenda.calendar_export import CalendarSource, save_calendar, show_qr
from sci4dl_desktop.ui.agenda.finder import OwnerFinder
from sci4dl_desktop.ui.agenda.model import AgendaTableModel, Column, clash_text
from sci4dl_desktop.ui.agenda.owner import (
    OWNER_TOPIC,
    STARS_TOPIC,
    current_owner,
    local_owner,
    owner_label,
    set_current_owner,
)
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.icons import icon

REFRESH_TOPICS = frozenset({STARS_TOPIC, OWNER_TOPIC, "sessions", "posters", "event"})
EMPTY_TEXT = (
    "Nothing starred yet. In Schedule or Posters, select a session or a poster and press S "
    "(or the Star button) to add it here."
)
NOBODY_TEXT = (
    "Whose agenda is it? Type your name above and pick it from the list, or hold the QR code "
    "on your badge to the scanner."
)


@dataclass(frozen=True)
class AgendaView:
    owner: str | None
    label: str
    items: tuple[AgendaItem, ...]
    zone: ZoneInfo


def load_agenda(database: Database, owner: str | None, label: str) -> AgendaView:
    event = database.event()
    zone = ZoneInfo(event.timezone)
    if owner is None:
        return AgendaView(None, label, (), zone)
    with database.session() as db:
        return AgendaView(owner, label, tuple(my_agenda(db, owner)), zone)


def summary_text(items: tuple[AgendaItem, ...]) -> str:
    if not items:
        return ""
    clashes = sum(1 for i in items if i.clashes)
    text = f"{len(items)} item{'s' if len(items) != 1 else ''} in time order"
    if clashes:
        text += f"; {clashes} overlap another starred item (see “Clashes”): choose one of each"
    return text


class AgendaPage(QWidget):
    """Starred sessions and posters of the chosen person (or of this computer)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._view: AgendaView | None = None
        self._generation = 0
        self._select_first = False

        self.owner_label = QLabel(self)
        self.owner_label.setObjectName("agenda-owner")
        self.owner_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.owner_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.owner_label.setFont(font)
        self.owner_label.setAccessibleName("Whose agenda")
        self.local_button = QPushButton("Use this computer's agenda", self)
        self.local_button.setObjectName("agenda-use-local")
        self.local_button.setVisible(not context.kiosk)
        self.local_button.clicked.connect(self.use_local_agenda)
        self.forget_button = QPushButton(icon("close-event"), "Done: forget me", self)
        self.forget_button.setObjectName("agenda-forget")
        self.forget_button.setToolTip("Leave your agenda so the next person can use this screen")
        self.forget_button.clicked.connect(lambda: set_current_owner(self._context, None))
        self.forget_button.setVisible(False)

        self.finder = OwnerFinder(context, self)
        self.finder.chosen.connect(self._chosen)
        self.finder.problem.connect(self._show_problem)
        self.message = QLabel(self)
        self.message.setObjectName("agenda-message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        self.model = AgendaTableModel(self)
        self.table = self._make_table()
        self.empty = QLabel(self)
        self.empty.setObjectName("agenda-empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = QLabel(self)
        self.summary.setObjectName("agenda-summary")
        self.summary.setWordWrap(True)

        self.unstar_action = QAction(icon("agenda"), "Remove star", self)
        self.unstar_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("S")]
        )
        self.unstar_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.unstar_action.triggered.connect(self.unstar_current)
        self.table.addAction(self.unstar_action)
        self.qr_action = QAction(icon("qr-code"), "Show QR", self)
        self.qr_action.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.qr_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.qr_action.triggered.connect(self.show_qr)
        self.save_action = QAction(icon("calendar-export"), "Save as .ics…", self)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save_ics)
        self.save_action.setVisible(not context.kiosk)
        self.addAction(self.qr_action)
        self.addAction(self.save_action)

        buttons = QHBoxLayout()
        for action, name in (
            (self.unstar_action, "Remove the star from the selected item (Delete)"),
            (self.qr_action, "Show QR codes of my agenda for a phone (Ctrl+Shift+Q)"),
            (self.save_action, "Save my agenda as a calendar file (Ctrl+S)"),
        ):
            if not action.isVisible():
                continue
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAccessibleName(name)
            button.setToolTip(name)
            buttons.addWidget(button)
        buttons.addSpacing(16)
        buttons.addWidget(self.summary, 1)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        top = QHBoxLayout()
        top.addWidget(self.owner_label, 1)
        top.addWidget(self.local_button)
        top.addWidget(self.forget_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.finder)
        layout.addWidget(self.message)
        layout.addWidget(self.empty, 1)  # fills the space the hidden table leaves
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        context.signals.data_changed.connect(self._data_changed)
        self.table.selectionModel().currentRowChanged.connect(self._update_actions)
        self.setFocusProxy(self.finder.search)
        self._size_columns()
        self.refresh()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("agenda-table")
        table.setAccessibleName("My agenda")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (Column.TIME, Column.KIND, Column.WHERE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _size_columns(self) -> None:
        """Room for a name and a clash note in the current font (the kiosk's is larger)."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        header.resizeSection(Column.WHO, metrics.horizontalAdvance("Jascha Sohl-Dickstein") + 24)
        header.resizeSection(
            Column.CLASH, metrics.horizontalAdvance("Clashes with Contributed talk 1") + 44
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_columns()

    # -- state ------------------------------------------------------------------------

    @property
    def view(self) -> AgendaView | None:
        return self._view

    def current_item(self) -> AgendaItem | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        owner = current_owner(self._context)
        label = owner_label(self._context, owner)
        database = self._context.database

        def done(view: AgendaView) -> None:
            if isValid(self) and generation == self._generation:
                self._show(view)

        self._context.tasks.run(lambda: load_agenda(database, owner, label), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            self._show_problem(f"Cannot read the agenda: {exc}")

    def _show(self, view: AgendaView) -> None:
        keep = self.current_item()
        self._view = view
        self.model.set_items(view.items, view.zone)
        if view.owner is None:
            self.owner_label.setText("My agenda")
        elif view.owner.startswith("local:"):
            self.owner_label.setText(view.label)
        else:
            self.owner_label.setText(f"Agenda of {view.label}")
        self.forget_button.setVisible(view.owner is not None and self._context.kiosk)
        self.local_button.setEnabled(
            not self._context.kiosk and view.owner != local_owner(self._context)
        )
        empty = not view.items
        self.empty.setText(NOBODY_TEXT if view.owner is None else EMPTY_TEXT)
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self.summary.setText(summary_text(view.items))
        self.table.setColumnHidden(Column.CLASH, not any(i.clashes for i in view.items))
        if self._select_first and view.items:
            self._select_first = False
            self._select_row(0)
        elif keep is not None:
            row = self.model.row_of(keep.target)
            if row is not None:
                self._select_row(row)
        self._update_actions()

    def _select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _update_actions(self, *_args: object) -> None:
        has_items = bool(self._view and self._view.items)
        self.unstar_action.setEnabled(self.current_item() is not None)
        self.qr_action.setEnabled(has_items)
        self.save_action.setEnabled(has_items)
        item = self.current_item()
        if item is not None and item.clashes:
            self.table.setToolTip(clash_text(item))
        else:
            self.table.setToolTip("")

    def _data_changed(self, topic: str) -> None:
        if topic in REFRESH_TOPICS and isValid(self):
            if topic == OWNER_TOPIC:
                self.message.setVisible(False)
                if current_owner(self._context) is None:
                    self.finder.clear()  # the next visitor sees no earlier search
            self.refresh()

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- actions ----------------------------------------------------------------------

    def _chosen(self, person: PublicAttendee) -> None:
        self.message.setVisible(False)
        self._select_first = True  # once their agenda has loaded
        set_current_owner(self._context, person.owner)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def use_local_agenda(self) -> None:
        set_current_owner(self._context, None)

    def unstar_current(self) -> None:
        item = self.current_item()
        owner = self._view.owner if self._view else None
        if item is None or owner is None:
            return
        row = self.table.currentIndex().row()
        database, signals = self._context.database, self._context.signals
        target: Target = item.target

        def work() -> bool:
            with database.transaction() as db:
                return unstar(db, owner, target)

        def done(_removed: bool) -> None:
            signals.data_changed.emit(STARS_TOPIC)
            if isValid(self) and self.model.rowCount():
                self._select_row(min(row, self.model.rowCount() - 1))

        self._context.tasks.run(work, done, self._failed)

    def _source(self) -> CalendarSource | None:
        view = self._view
        if view is None or view.owner is None or not view.items:
            return None
        title = "my agenda" if view.owner.startswith("local:") else f"agenda of {view.label}"
        return CalendarSource("agenda", view.owner, title)

    def show_qr(self) -> None:
        source = self._source()
        if source is not None:
            show_qr(self, self._context, source, on_save=self.save_ics)

    def save_ics(self) -> None:
        source = self._source()
        if source is not None and not self._context.kiosk:
            save_calendar(self, self._context, source)


__all__ = ["AgendaPage", "AgendaView", "load_agenda"]
