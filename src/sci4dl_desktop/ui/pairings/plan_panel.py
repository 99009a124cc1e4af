"""The Plan tab: the pairings tree, a form to move, lock, remove or add a meeting, and
the unmatched mentees with the reason each has no meeting.

Everything the mouse does (dragging a mentee onto another mentor or break) the form does
from the keyboard. The panel only asks; the page writes and refreshes.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyle,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.matching import MatchResult
from sci4dl_desktop.domain.pairing_plan import PlanData, StoredPairing
from sci4dl_desktop.ui.pairings.plan_model import (
    KIND_ROLE,
    MENTOR_ROLE,
    NAME_COLUMN,
    PAIRING_ROLE,
    PLACE_COLUMN,
    SCORE_COLUMN,
    SHARED_COLUMN,
    STATUS_COLUMN,
    PlanModel,
)
from sci4dl_desktop.ui.rows import RoomyRows


class RowDelegate(RoomyRows):
    """The app's roomy rows, with cells of the `wrapped` columns as tall as their text.

    A tree view asks a delegate for a row's height without the column's width, so the
    delegate measures the wrapped text against the header's section itself.
    """

    def __init__(self, view: QTreeView, wrapped: set[int]) -> None:
        super().__init__(view)
        self._view = view
        self._wrapped = wrapped

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        text = str(index.data() or "")
        if index.column() not in self._wrapped or not text:
            return size
        metric = QStyle.PixelMetric.PM_FocusFrameHMargin
        margin = 2 * (self._view.style().pixelMetric(metric) + 1)
        width = max(1, self._view.header().sectionSize(index.column()) - margin)
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text
        )
        spacing = option.fontMetrics.lineSpacing()
        lines = max(1, round(bounds.height() / spacing))
        return QSize(size.width(), size.height() + (lines - 1) * spacing)


class PlanPanel(QWidget):
    move_requested = Signal(int, int, int)  # pairing, mentor, break
    add_requested = Signal(int, int, int)  # mentor, mentee, break
    remove_requested = Signal(int)
    lock_requested = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: PlanData | None = None
        self.model = PlanModel(self)
        self.model.move_requested.connect(self.move_requested)

        self.tree = QTreeView(self)
        self.tree.setObjectName("plan-tree")
        self.tree.setAccessibleName("Pairings by mentor and break")
        self.tree.setAccessibleDescription(
            "Drag a mentee onto another mentor or break to move the meeting, "
            "or use the meeting form beside the tree."
        )
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)  # long lists of shared interests wrap, not elide
        self.tree.setItemDelegate(RowDelegate(self.tree, {SHARED_COLUMN}))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        # Sized from the font (legible at any scale); the shared interests, what the
        # organiser weighs, take the rest of the width.
        header = self.tree.header()
        header.setStretchLastSection(False)
        metrics = self.tree.fontMetrics()
        widths = {
            NAME_COLUMN: metrics.horizontalAdvance("Coffee break 10:30–11:00")
            + 3 * self.tree.indentation(),
            PLACE_COLUMN: metrics.horizontalAdvance("Mentorship table 10, Foyer"),
            STATUS_COLUMN: metrics.horizontalAdvance("16 meetings, 3/break"),
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(column, width)
        header.setSectionResizeMode(SCORE_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SHARED_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Score") + 12)
        header.sectionResized.connect(self._column_resized)

        # -- the meeting form ---------------------------------------------------------
        self.form_box = QGroupBox("Meeting", self)
        self.form_title = QLabel("Select a mentee in the tree or in the unmatched list.", self)
        self.form_title.setObjectName("meeting-title")
        self.form_title.setWordWrap(True)
        self.mentor_combo = QComboBox(self)
        self.mentor_combo.setObjectName("meeting-mentor")
        self.mentor_combo.setAccessibleName("Mentor of the meeting")
        self.break_combo = QComboBox(self)
        self.break_combo.setObjectName("meeting-break")
        self.break_combo.setAccessibleName("Break of the meeting")
        self.save_button = QPushButton("&Move meeting", self)
        self.save_button.setObjectName("meeting-save")
        self.save_button.setAccessibleName("Move the meeting to this mentor and break")
        self.lock_button = QPushButton("&Lock", self)
        self.lock_button.setObjectName("meeting-lock")
        self.lock_button.setCheckable(True)
        self.lock_button.setAccessibleName("Lock the meeting (kept when proposing again)")
        self.lock_button.setToolTip("Locked meetings are kept as they are when proposing again")
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setObjectName("meeting-remove")
        self.remove_button.setAccessibleName("Remove the meeting")
        mentor_label = QLabel("Men&tor:", self)
        mentor_label.setBuddy(self.mentor_combo)
        break_label = QLabel("Brea&k:", self)
        break_label.setBuddy(self.break_combo)
        form = QFormLayout()
        form.addRow(self.form_title)
        form.addRow(mentor_label, self.mentor_combo)
        form.addRow(break_label, self.break_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.lock_button)
        buttons.addWidget(self.remove_button)
        form.addRow(buttons)
        self.form_box.setLayout(form)

        self.unmatched_label = QLabel("&Unmatched mentees", self)
        self.unmatched = QListWidget(self)
        self.unmatched.setObjectName("unmatched-list")
        self.unmatched.setAccessibleName("Unmatched mentees and why")
        self.unmatched.setWordWrap(True)
        self.unmatched_label.setBuddy(self.unmatched)
        self.warnings_label = QLabel("Problems in the plan", self)
        self.warnings = QListWidget(self)
        self.warnings.setObjectName("plan-warnings")
        self.warnings.setAccessibleName("Problems in the stored plan")
        self.warnings.setWordWrap(True)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.form_box)
        side_layout.addWidget(self.unmatched_label)
        side_layout.addWidget(self.unmatched, 3)
        side_layout.addWidget(self.warnings_label)
        side_layout.addWidget(self.warnings, 2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("plan-splitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._pairing: StoredPairing | None = None
        self._mentee_id: int | None = None  # an unmatched mentee chosen for a new meeting
        selection = self.tree.selectionModel()
        selection.currentChanged.connect(self._tree_current)
        self.unmatched.currentItemChanged.connect(self._unmatched_current)
        self.save_button.clicked.connect(self._save)
        self.lock_button.clicked.connect(self._lock)
        self.remove_button.clicked.connect(self._remove)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._remove)
        self._set_form(None, None)

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == SHARED_COLUMN:  # the wrapped rows need other heights
            self.tree.doItemsLayout()

    # -- showing ----------------------------------------------------------------------

    def show_plan(self, plan: PlanData, result: MatchResult, warnings: list[str]) -> None:
        keep = self._pairing.id if self._pairing else None
        keep_mentee = self._mentee_id
        collapsed = {
            self.model.index(r, 0).data(MENTOR_ROLE)
            for r in range(self.model.rowCount())
            if not self.tree.isExpanded(self.model.index(r, 0))
        }
        self.plan = plan
        self.model.show_plan(plan)
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(MENTOR_ROLE) not in collapsed:
                self.tree.expandRecursively(index)
        self.mentor_combo.clear()
        for mentor in plan.problem.mentors:
            self.mentor_combo.addItem(f"{mentor.name} (takes {mentor.capacity})", mentor.id)
        self.break_combo.clear()
        for info in plan.breaks:
            self.break_combo.addItem(info.label, info.id)
        self.unmatched.clear()
        for item in result.unmatched:
            entry = QListWidgetItem(f"{item.name}: {item.reason}")
            entry.setData(Qt.ItemDataRole.UserRole, item.mentee_id)
            self.unmatched.addItem(entry)
        if not result.unmatched:
            none = QListWidgetItem("None: every mentee has a meeting.")
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.unmatched.addItem(none)
        self.unmatched_label.setText(f"&Unmatched mentees ({len(result.unmatched)})")
        self.warnings.clear()
        self.warnings.addItems(warnings or ["None: every meeting fits its constraints."])
        self.warnings_label.setText(f"Problems in the plan ({len(warnings)})")
        if keep is not None and self.select_pairing(keep):
            return
        if keep_mentee is not None and self.select_unmatched(keep_mentee):
            return
        self._set_form(None, None)

    def select_pairing(self, pairing_id: int) -> bool:
        index = self.model.pairing_index(pairing_id)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)
        return True

    def select_unmatched(self, mentee_id: int) -> bool:
        for row in range(self.unmatched.count()):
            item = self.unmatched.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == mentee_id:
                self.unmatched.setCurrentRow(row)
                return True
        return False

    # -- the form ---------------------------------------------------------------------

    def _tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        index = current.siblingAtColumn(0)
        if index.data(KIND_ROLE) != "pairing" or self.plan is None:
            if index.isValid():
                self._set_form(None, None)
            return
        pairing_id = int(index.data(PAIRING_ROLE))
        found = next((p for p in self.plan.pairings if p.id == pairing_id), None)
        self.unmatched.blockSignals(True)
        self.unmatched.setCurrentRow(-1)
        self.unmatched.blockSignals(False)
        self._set_form(found, None)

    def _unmatched_current(self, current: QListWidgetItem | None, _prev: object) -> None:
        if current is None or current.data(Qt.ItemDataRole.UserRole) is None:
            return
        self.tree.selectionModel().clearSelection()
        self._set_form(None, int(current.data(Qt.ItemDataRole.UserRole)))

    def _set_form(self, pairing: StoredPairing | None, mentee_id: int | None) -> None:
        self._pairing, self._mentee_id = pairing, mentee_id
        plan = self.plan
        active = plan is not None and (pairing is not None or mentee_id is not None)
        for widget in (self.mentor_combo, self.break_combo, self.save_button):
            widget.setEnabled(active)
        self.lock_button.setEnabled(pairing is not None)
        self.remove_button.setEnabled(pairing is not None)
        if plan is None or not active:
            self.form_title.setText("Select a mentee in the tree or in the unmatched list.")
            self.lock_button.setChecked(False)
            self.save_button.setText("&Move meeting")
            return
        if pairing is not None:
            mentee = plan.name_of("mentee", pairing.mentee_id)
            mentor = plan.name_of("mentor", pairing.mentor_id)
            place = f" at {pairing.place}" if pairing.place else ""
            self.form_title.setText(f"{mentee} meets {mentor}{place}.")
            self._choose(self.mentor_combo, pairing.mentor_id)
            self._choose(self.break_combo, pairing.break_id)
            self.lock_button.setChecked(pairing.locked)
            self.lock_button.setText("Un&lock" if pairing.locked else "&Lock")
            self.save_button.setText("&Move meeting")
            self.save_button.setAccessibleName("Move the meeting to this mentor and break")
        else:
            assert mentee_id is not None
            self.form_title.setText(f"{plan.name_of('mentee', mentee_id)} has no meeting yet.")
            self.lock_button.setChecked(False)
            self.lock_button.setText("&Lock")
            self.save_button.setText("&Add meeting")
            self.save_button.setAccessibleName("Add a meeting with this mentor in this break")

    @staticmethod
    def _choose(combo: QComboBox, value: int) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _save(self) -> None:
        mentor, slot = self.mentor_combo.currentData(), self.break_combo.currentData()
        if mentor is None or slot is None:
            return
        if self._pairing is not None:
            self.move_requested.emit(self._pairing.id, int(mentor), int(slot))
        elif self._mentee_id is not None:
            self.add_requested.emit(int(mentor), self._mentee_id, int(slot))

    def _lock(self) -> None:
        if self._pairing is not None:
            self.lock_requested.emit(self._pairing.id, not self._pairing.locked)

    def _remove(self) -> None:
        if self._pairing is not None:
            self.remove_requested.emit(self._pairing.id)
