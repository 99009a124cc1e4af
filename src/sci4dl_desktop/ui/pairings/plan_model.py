"""The mentorship plan as a tree: mentor, then break, then the mentees met there.

Pairings can be dragged onto another mentor or break: the model turns the drop into a
`move_requested(pairing id, mentor id, break id)` signal, and the page stores the move
(the database decides, not the view).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from sci4dl_desktop.domain.pairing_plan import PlanData, StoredPairing
from sci4dl_desktop.ui.icons import icon

MIME_TYPE = "application/x-sci4dl-pairing"
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "mentor", "break" or "pairing"
MENTOR_ROLE = Qt.ItemDataRole.UserRole + 2
BREAK_ROLE = Qt.ItemDataRole.UserRole + 3
PAIRING_ROLE = Qt.ItemDataRole.UserRole + 4
MENTEE_ROLE = Qt.ItemDataRole.UserRole + 5

COLUMNS = ("Mentor · break · mentee", "Score", "Shared interests", "Place", "Status")
NAME_COLUMN, SCORE_COLUMN, SHARED_COLUMN, PLACE_COLUMN, STATUS_COLUMN = range(len(COLUMNS))
AnyIndex = QModelIndex | QPersistentModelIndex


def status_text(pairing: StoredPairing) -> str:
    parts = ["Locked"] if pairing.locked else []
    parts.append("Published" if pairing.published else "Draft")
    return " · ".join(parts)


class PlanModel(QStandardItemModel):
    move_requested = QtSignal(int, int, int)  # pairing id, mentor id, break id

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)  # type: ignore[arg-type]
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.plan: PlanData | None = None

    # -- filling ----------------------------------------------------------------------

    def show_plan(self, plan: PlanData) -> None:
        self.plan = plan
        self.setRowCount(0)
        result = plan.current_result()
        scores = {(a.mentor_id, a.mentee_id, a.break_id): a for a in result.assignments}
        lock = icon("lock")
        for mentor in plan.problem.mentors:
            own = [p for p in plan.pairings if p.mentor_id == mentor.id]
            affiliation = plan.affiliations.get(("mentor", mentor.id), "")
            head = self._item(mentor.name, "mentor", mentor=mentor.id)
            head.setToolTip(
                f"{mentor.name}"
                + (f" ({affiliation})" if affiliation else "")
                + "\nInterests: "
                + (", ".join(mentor.interests) or "none given")
            )
            head.setDropEnabled(True)
            load = f"{len(own)} meeting{'s' if len(own) != 1 else ''}"
            interests = ", ".join(mentor.interests) or "none given"
            row = self._row(
                head,
                shared=f"Interests: {interests}",
                status=f"{load}, {mentor.capacity}/break",
            )
            for info in plan.breaks:
                here = [p for p in own if p.break_id == info.id]
                node = self._item(info.label, "break", mentor=mentor.id, slot=info.id)
                node.setDropEnabled(True)
                busy = next((b.what for b in mentor.busy if b.overlaps(info.start, info.end)), "")
                seats = f"{len(here)} of {mentor.capacity} seats"
                places = ", ".join(dict.fromkeys(p.place for p in here if p.place))
                children = self._row(node, place=places, status=f"busy: {busy}" if busy else seats)
                for p in sorted(here, key=lambda p: plan.name_of("mentee", p.mentee_id)):
                    found = scores.get((p.mentor_id, p.mentee_id, p.break_id))
                    name = self._item(
                        plan.name_of("mentee", p.mentee_id),
                        "pairing",
                        mentor=mentor.id,
                        slot=info.id,
                        pairing=p.id,
                        mentee=p.mentee_id,
                    )
                    name.setDragEnabled(True)
                    name.setDropEnabled(True)
                    mentee = plan.mentee(p.mentee_id)
                    if mentee is not None:
                        name.setToolTip(
                            f"{mentee.name}\nInterests: {', '.join(mentee.interests) or 'none'}"
                        )
                    meeting = self._row(
                        name,
                        score=found.score if found else 0.0,
                        shared=", ".join(found.shared) if found else "",
                        place=p.place,
                        status=status_text(p),
                    )
                    if p.locked:
                        meeting[STATUS_COLUMN].setIcon(lock)
                    node.appendRow(meeting)
                head.appendRow(children)
            self.appendRow(row)

    def _row(
        self,
        first: QStandardItem,
        *,
        score: float | None = None,
        shared: str = "",
        place: str = "",
        status: str = "",
    ) -> list[QStandardItem]:
        """A row of the tree; long texts also show whole as a tooltip."""
        texts = {SHARED_COLUMN: shared, PLACE_COLUMN: place, STATUS_COLUMN: status}
        row = [first] + [self._plain(texts.get(c, "")) for c in range(1, len(COLUMNS))]
        for column, text in texts.items():
            row[column].setToolTip(text)
        if score is not None:
            row[SCORE_COLUMN].setText(f"{score:.2f}")
            row[SCORE_COLUMN].setTextAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        return row

    def _item(
        self,
        text: str,
        kind: str,
        *,
        mentor: int,
        slot: int | None = None,
        pairing: int | None = None,
        mentee: int | None = None,
    ) -> QStandardItem:
        item = self._plain(text)
        item.setData(kind, KIND_ROLE)
        item.setData(mentor, MENTOR_ROLE)
        if slot is not None:
            item.setData(slot, BREAK_ROLE)
        if pairing is not None:
            item.setData(pairing, PAIRING_ROLE)
        if mentee is not None:
            item.setData(mentee, MENTEE_ROLE)
        return item

    @staticmethod
    def _plain(text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setDragEnabled(False)
        item.setDropEnabled(False)
        return item

    # -- finding ----------------------------------------------------------------------

    def pairing_index(self, pairing_id: int) -> QModelIndex:
        for mentor_row in range(self.rowCount()):
            mentor = self.index(mentor_row, 0)
            for break_row in range(self.rowCount(mentor)):
                node = self.index(break_row, 0, mentor)
                for row in range(self.rowCount(node)):
                    index = self.index(row, 0, node)
                    if index.data(PAIRING_ROLE) == pairing_id:
                        return index
        return QModelIndex()

    def break_index(self, mentor_id: int, break_id: int) -> QModelIndex:
        for mentor_row in range(self.rowCount()):
            mentor = self.index(mentor_row, 0)
            if mentor.data(MENTOR_ROLE) != mentor_id:
                continue
            for row in range(self.rowCount(mentor)):
                index = self.index(row, 0, mentor)
                if index.data(BREAK_ROLE) == break_id:
                    return index
        return QModelIndex()

    # -- drag and drop ----------------------------------------------------------------

    def removeRows(self, row: int, count: int, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """Refused: after a drag the view asks to remove the dragged row, but a move is
        stored first and the tree is rebuilt from the database (rows never vanish on a
        refused move)."""
        return False

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        ids = {i.data(PAIRING_ROLE) for i in indexes if i.data(PAIRING_ROLE) is not None}
        if len(ids) == 1:
            data.setData(MIME_TYPE, QByteArray(str(ids.pop()).encode()))
        return data

    def drop_target(self, data: QMimeData, parent: AnyIndex) -> tuple[int, int, int] | None:
        """(pairing, mentor, break) a drop on `parent` means, or None when it means nothing."""
        if not data.hasFormat(MIME_TYPE) or not parent.isValid() or self.plan is None:
            return None
        try:
            pairing_id = int(bytes(data.data(MIME_TYPE).data()).decode())
        except ValueError:
            return None
        pairing = next((p for p in self.plan.pairings if p.id == pairing_id), None)
        target = self.index(parent.row(), 0, parent.parent())
        kind = target.data(KIND_ROLE)
        if pairing is None or kind is None:
            return None
        mentor_id = int(target.data(MENTOR_ROLE))
        break_id = int(target.data(BREAK_ROLE)) if kind != "mentor" else pairing.break_id
        if (mentor_id, break_id) == (pairing.mentor_id, pairing.break_id):
            return None
        return pairing_id, mentor_id, break_id

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        return action == Qt.DropAction.MoveAction and self.drop_target(data, parent) is not None

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        target = self.drop_target(data, parent) if action == Qt.DropAction.MoveAction else None
        if target is None:
            return False
        # Stored after the drop has finished, so the view is not rebuilt under its feet.
        QTimer.singleShot(0, lambda: self.move_requested.emit(*target))
        return True
