"""Star, Save as .ics and Show QR for the session or poster a page has selected.

A page creates one `EventCalendarActions` with a function that returns its current
selection, then adds `buttons()` to its toolbar and calls `refresh()` when the
selection changes:

    self.calendar_actions = EventCalendarActions(context, "session", self.selected_session_id, self)
    self.session_selected.connect(self.calendar_actions.refresh)
    toolbar_layout.addWidget(...)  # for each of self.calendar_actions.buttons()

`mark_starred(view, column, id_role)` draws a filled star before the starred rows
text in that column of a list or table view (the ids under `id_role`).

Keys (while the page has focus): S or Ctrl+D stars or unstars, Q shows the QR code,
Ctrl+Shift+S saves the entry as an .ics file. `starred_ids()` tells the page which of
its items to mark; `stars_changed` says when that set changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)
from shiboken6 import isValid

from sci4dl_desktop.domain.agenda import (
    AgendaError,
    Target,
    TargetKind,
    starred_targets,
    toggle_star,
)
from sci4dl_desktop.store.models import Poster, Session
from sci4dl_desktop.ui.agenda.calendar_export import CalendarSource, save_calendar, show_qr
from sci4dl_desktop.ui.agenda.owner import OWNER_TOPIC, STARS_TOPIC, current_owner
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.icons import icon

STAR_KEYS = ("S", "Ctrl+D")
QR_KEY = "Q"
SAVE_KEY = "Ctrl+Shift+S"
NEEDS_OWNER = (
    "To star, first say whose agenda it is: open “My agenda”, then find your name or "
    "scan your badge."
)


def star_icon(starred: bool) -> QIcon:
    return icon("star-filled" if starred else "agenda")


class EventCalendarActions(QObject):
    """The three actions for one page's current session or poster."""

    stars_changed = Signal()  # the set of starred ids of this kind changed
    starred_changed = Signal(bool)  # the current item's star changed (or the item did)

    def __init__(
        self,
        context: AppContext,
        kind: TargetKind,
        current_id: Callable[[], int | None],
        host: QWidget,
    ) -> None:
        super().__init__(host)
        self._context = context
        self._kind = kind
        self._current_id = current_id
        self._host = host
        self._starred: set[int] = set()
        self._noun = "session" if kind == "session" else "poster"

        shortcut_context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.star_action = QAction(star_icon(False), "Star", host)
        self.star_action.setObjectName(f"star-{kind}")
        self.star_action.setCheckable(True)
        self.star_action.setShortcuts([QKeySequence(k) for k in STAR_KEYS])
        self.star_action.setShortcutContext(shortcut_context)
        self.star_action.triggered.connect(self.toggle)
        self.qr_action = QAction(icon("qr-code"), "Show QR", host)
        self.qr_action.setObjectName(f"qr-{kind}")
        self.qr_action.setShortcut(QKeySequence(QR_KEY))
        self.qr_action.setShortcutContext(shortcut_context)
        self.qr_action.setToolTip(
            f"Show a code your phone's camera adds to its calendar ({QR_KEY})"
        )
        self.qr_action.triggered.connect(self.show_qr)
        self.save_action = QAction(icon("calendar-export"), "Save as .ics…", host)
        self.save_action.setObjectName(f"save-ics-{kind}")
        self.save_action.setShortcut(QKeySequence(SAVE_KEY))
        self.save_action.setShortcutContext(shortcut_context)
        self.save_action.setToolTip(f"Save this {self._noun} as a calendar file ({SAVE_KEY})")
        self.save_action.triggered.connect(self.save)
        self.save_action.setVisible(not context.kiosk)  # no file system on a shared screen
        for action in (self.star_action, self.qr_action, self.save_action):
            host.addAction(action)
        context.signals.data_changed.connect(self._on_data_changed)
        self._load_stars()
        self.refresh()

    # -- state ------------------------------------------------------------------------

    def starred_ids(self) -> frozenset[int]:
        """Ids of this page's kind in the current agenda."""
        return frozenset(self._starred)

    def is_starred(self, item_id: int | None) -> bool:
        return item_id is not None and item_id in self._starred

    def _load_stars(self) -> None:
        owner = current_owner(self._context)
        if owner is None:
            found: set[int] = set()
        else:
            with self._context.database.session() as db:
                found = {t.id for t in starred_targets(db, owner) if t.kind == self._kind}
        if found != self._starred:
            self._starred = found
            self.stars_changed.emit()

    def reload_stars(self) -> None:
        """Read the agenda's stars again (when the page reloads everything)."""
        self._load_stars()
        self.refresh()

    def _on_data_changed(self, topic: str) -> None:
        if not isValid(self._host):
            return
        if topic in (STARS_TOPIC, OWNER_TOPIC, "event", "sessions", "posters"):
            self._load_stars()
            self.refresh()

    def refresh(self, *_args: object) -> None:
        """Update the actions for the page's current selection."""
        current = self._current_id()
        has = current is not None
        starred = self.is_starred(current)
        for action in (self.star_action, self.qr_action, self.save_action):
            action.setEnabled(has)
        self.star_action.blockSignals(True)
        self.star_action.setChecked(starred)
        self.star_action.blockSignals(False)
        self.star_action.setIcon(star_icon(starred))
        self.star_action.setText("Starred" if starred else "Star")
        tip = (
            f"Remove this {self._noun} from my agenda (S)"
            if starred
            else f"Add this {self._noun} to my agenda (S)"
        )
        self.star_action.setToolTip(tip if has else f"Select a {self._noun} to star it")
        self.star_action.setStatusTip(tip)
        self.starred_changed.emit(starred)

    # -- actions ----------------------------------------------------------------------

    def _title(self, item_id: int) -> str:
        with self._context.database.session() as db:
            found = db.get(Session if self._kind == "session" else Poster, item_id)
            title = found.title if isinstance(found, Session | Poster) else None
        return title or f"{self._noun} {item_id}"

    def toggle(self, *_args: object) -> None:
        current = self._current_id()
        if current is None:
            self.refresh()
            return
        owner = current_owner(self._context)
        if owner is None:
            self.refresh()
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "Whose agenda?",
                NEEDS_OWNER,
                QMessageBox.StandardButton.Ok,
                self._host,
            )
            box.setObjectName("needs-owner")
            box.open()
            return
        database, signals = self._context.database, self._context.signals
        target = Target(self._kind, current)

        def work() -> bool:
            with database.transaction() as db:
                return toggle_star(db, owner, target)

        def done(_starred: bool) -> None:
            signals.data_changed.emit(STARS_TOPIC)

        def failed(exc: BaseException) -> None:
            self.refresh()
            if isValid(self._host):
                text = (
                    str(exc) if isinstance(exc, AgendaError) else f"Cannot change the star: {exc}"
                )
                QMessageBox.warning(self._host, "Star", text)

        self._context.tasks.run(work, done, failed)

    def show_qr(self, *_args: object) -> None:
        current = self._current_id()
        if current is not None:
            show_qr(
                self._host, self._context, CalendarSource(self._kind, current, self._title(current))
            )

    def save(self, *_args: object) -> None:
        current = self._current_id()
        if current is not None and not self._context.kiosk:
            save_calendar(
                self._host, self._context, CalendarSource(self._kind, current, self._title(current))
            )

    # -- widgets ----------------------------------------------------------------------

    def mark_starred(self, view: QAbstractItemView, column: int, id_role: int) -> None:
        """Show a star in `column` of the view's rows whose id (under id_role) is starred."""
        delegate = StarMarkerDelegate(self, id_role, view)
        view.setItemDelegateForColumn(column, delegate)
        self.stars_changed.connect(view.viewport().update)

    def buttons(self, parent: QWidget | None = None) -> list[QToolButton]:
        """Tool buttons for the three actions (Save hidden in the kiosk); icons + tooltips,
        and the words "Star" or "Starred" on the star."""
        made: list[QToolButton] = []
        names = {
            self.star_action: f"Star the selected {self._noun}",
            self.qr_action: f"Show a QR code of the selected {self._noun}",
            self.save_action: f"Save the selected {self._noun} as a calendar file",
        }
        for action, name in names.items():
            if not action.isVisible():
                continue
            button = QToolButton(parent or self._host)
            button.setDefaultAction(action)
            # The star says "Star"/"Starred" in words; the others are icons with tooltips,
            # so that the page's search field keeps its room at 1366 pixels.
            button.setToolButtonStyle(
                Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                if action is self.star_action
                else Qt.ToolButtonStyle.ToolButtonIconOnly
            )
            button.setAccessibleName(name)
            button.setObjectName(f"{action.objectName()}-button")
            made.append(button)
        return made


class StarMarkerDelegate(QStyledItemDelegate):
    """Puts a filled star before the text of a starred row's cell."""

    def __init__(self, actions: EventCalendarActions, id_role: int, parent: QObject) -> None:
        super().__init__(parent)
        self._actions = actions
        self._id_role = id_role
        self._icon = star_icon(True)

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        item_id = index.data(self._id_role)
        if isinstance(item_id, int) and self._actions.is_starred(item_id):
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
            option.icon = self._icon


__all__ = ["NEEDS_OWNER", "EventCalendarActions", "StarMarkerDelegate", "star_icon"]
