"""Every edit of the Event data page on one QUndoStack: Undo (Ctrl+Z), Redo (Ctrl+Shift+Z).

Writes never run on the GUI thread. Saving a form, deleting, undoing and redoing each
run their database transaction through the context's TaskRunner; only when it has
succeeded does the stack move (a command's own undo() and redo() do no database work).
So the stack always says what the database holds, and a step that fails (the record
was changed or deleted at another desk meanwhile) is reported and dropped from the
stack instead of leaving it out of step.

Records are followed by a RecordHandle: undoing a delete may bring a row back under a
new id (when another desk took the old one), and every command of that record then
uses the new id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from sci4dl_desktop.io.edit_check import EditRecord
from sci4dl_desktop.io.edit_delete import Deleted, delete_record, restore_record
from sci4dl_desktop.io.edit_store import (
    Saved,
    changed_fields,
    save_fields,
    save_record,
    singular,
)
from sci4dl_desktop.io.problems import ImportFailure
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.icons import icon

DESK = "Event data"

# Tables whose rows go with a deleted record -> the topics other pages listen to.
_TABLE_TOPICS = {
    "check_ins": "check_ins",
    "admissions": "check_ins",
    "audit_log": "check_ins",
    "stars": "stars",
    "pairings": "pairings",
    "mentor_profiles": "pairings",
    "mentee_profiles": "pairings",
    "timer_records": "timers",
    "posters": "posters",
    "poster_authors": "posters",
    "session_speakers": "sessions",
    "attendees": "attendees",
}


@dataclass
class RecordHandle:
    entity: str
    ref: str


def _label(record: EditRecord) -> str:
    return str(getattr(record, "title", None) or getattr(record, "name", ""))


def _topics(entity: str, deleted: Deleted | None = None) -> list[str]:
    topics = {entity}
    if deleted is not None:
        snapshot = deleted.snapshot
        topics.update(_TABLE_TOPICS.get(t, t) for t in snapshot.removed())
        topics.update(_TABLE_TOPICS.get(t, t) for t, _c in snapshot.cleared())
    return sorted(topics)


class DataCommand(QUndoCommand):
    """One edit on the stack. Its kinds below say, in `work(forward)`, how to do it
    (True) or take it back (False) off the GUI thread, and in `settle(forward, result)`
    what follows on the GUI thread."""

    def __init__(self, text: str, handle: RecordHandle) -> None:
        super().__init__(text)
        self.handle = handle
        self.drop = False

    def settle(self, forward: bool, result: Any) -> list[str]:
        return [self.handle.entity]

    def undo(self) -> None:  # the database work already happened (or failed: drop it)
        if self.drop:
            self.setObsolete(True)

    def redo(self) -> None:
        if self.drop:
            self.setObsolete(True)


class EditCommand(DataCommand):
    def __init__(
        self, context: AppContext, handle: RecordHandle, before: EditRecord, after: EditRecord
    ) -> None:
        super().__init__(f"edit of {singular(handle.entity)} '{_label(after)}'", handle)
        self._database = context.database
        names = changed_fields(before, after)
        self.old = {n: getattr(before, n) for n in names}
        self.new = {n: getattr(after, n) for n in names}

    def work(self, forward: bool) -> Callable[[], Any]:
        database, entity, ref = self._database, self.handle.entity, self.handle.ref
        expected, wanted = (self.old, self.new) if forward else (self.new, self.old)
        return lambda: save_fields(database, entity, ref, expected, wanted)


class AddCommand(DataCommand):
    def __init__(self, context: AppContext, handle: RecordHandle, record: EditRecord) -> None:
        super().__init__(f"new {singular(handle.entity)} '{_label(record)}'", handle)
        self._database = context.database
        self.deleted: Deleted | None = None

    def work(self, forward: bool) -> Callable[[], Any]:
        database, entity, ref, deleted = (
            self._database,
            self.handle.entity,
            self.handle.ref,
            self.deleted,
        )
        if forward:
            assert deleted is not None
            return lambda: restore_record(database, deleted, DESK)
        return lambda: delete_record(database, entity, ref, DESK)

    def settle(self, forward: bool, result: Any) -> list[str]:
        if forward:
            assert isinstance(result, Saved)
            self.handle.ref = result.ref
            topics = _topics(self.handle.entity, self.deleted)
            self.deleted = None
            return topics
        assert isinstance(result, Deleted)
        self.deleted = result
        return _topics(self.handle.entity, result)


class DeleteCommand(DataCommand):
    def __init__(self, context: AppContext, handle: RecordHandle, deleted: Deleted) -> None:
        super().__init__(f"deletion of {singular(handle.entity)} '{deleted.label}'", handle)
        self._database = context.database
        self.deleted: Deleted | None = deleted

    def work(self, forward: bool) -> Callable[[], Any]:
        database, entity, ref, deleted = (
            self._database,
            self.handle.entity,
            self.handle.ref,
            self.deleted,
        )
        if forward:
            return lambda: delete_record(database, entity, ref, DESK)
        assert deleted is not None
        return lambda: restore_record(database, deleted, DESK)

    def settle(self, forward: bool, result: Any) -> list[str]:
        if forward:
            assert isinstance(result, Deleted)
            self.deleted = result
            return _topics(self.handle.entity, result)
        assert isinstance(result, Saved)
        self.handle.ref = result.ref
        return _topics(self.handle.entity, self.deleted)


class EditController(QObject):
    """Runs the page's writes and keeps the undo stack in step with the database."""

    busy_changed = Signal(bool)
    changed = Signal(list)  # the topics a finished write touched
    message = Signal(str)  # what happened, for the page's status line
    problem = Signal(str)  # why an undo or redo could not be done

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.stack = QUndoStack(self)
        self.busy = False
        self._handles: dict[tuple[str, str], RecordHandle] = {}
        self.undo_action = QAction(icon("undo"), "&Undo", self)
        self.undo_action.setObjectName("action-undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.triggered.connect(lambda _checked=False: self.undo())
        self.redo_action = QAction(icon("redo"), "&Redo", self)
        self.redo_action.setObjectName("action-redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.redo_action.triggered.connect(lambda _checked=False: self.redo())
        self.stack.indexChanged.connect(self._index_changed)
        self._sync_actions()

    # -- handles ------------------------------------------------------------------------

    def handle(self, entity: str, ref: str) -> RecordHandle:
        """The handle of a stored record (one per record, shared by its commands)."""
        for key, handle in list(self._handles.items()):
            if key != (handle.entity, handle.ref):  # the record came back under a new id
                del self._handles[key]
                self._handles[(handle.entity, handle.ref)] = handle
        found = self._handles.get((entity, ref))
        if found is None:
            found = self._handles[(entity, ref)] = RecordHandle(entity, ref)
        return found

    # -- state -------------------------------------------------------------------------

    @Slot(int)
    def _index_changed(self, _index: int) -> None:
        self._sync_actions()

    def _sync_actions(self) -> None:
        can_undo = self.stack.canUndo() and not self.busy
        can_redo = self.stack.canRedo() and not self.busy
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        undo_text, redo_text = self.stack.undoText(), self.stack.redoText()
        self.undo_action.setText(f"&Undo {undo_text}" if undo_text else "&Undo")
        self.redo_action.setText(f"&Redo {redo_text}" if redo_text else "&Redo")
        self.undo_action.setIconText("Undo")  # the page's buttons stay short
        self.redo_action.setIconText("Redo")
        self.undo_action.setToolTip(f"Undo the {undo_text} (Ctrl+Z)" if undo_text else "Undo")
        self.redo_action.setToolTip(f"Redo the {redo_text} (Ctrl+Shift+Z)" if redo_text else "Redo")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._sync_actions()
        self.busy_changed.emit(busy)

    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> bool:
        if self.busy:
            self.message.emit("Please wait: the previous change is still being written")
            return False
        self._set_busy(True)

        def finish(result: Any) -> None:
            self._set_busy(False)
            done(result)

        def fail(exc: BaseException) -> None:
            self._set_busy(False)
            failed(exc)

        self._context.tasks.run(work, finish, fail)
        return True

    def _announce(self, topics: list[str], text: str) -> None:
        for topic in topics:
            self._context.signals.data_changed.emit(topic)
        self.changed.emit(topics)
        self.message.emit(text)

    # -- edits -------------------------------------------------------------------------

    def save(
        self,
        record: EditRecord,
        ref: str | None,
        before: EditRecord | None,
        on_saved: Callable[[Saved], None],
        on_failed: Callable[[BaseException], None],
    ) -> bool:
        """Store a form's record (new when ref is None) and put the edit on the stack."""
        database = self._context.database

        def saved(result: Saved) -> None:
            handle = self.handle(result.entity, result.ref)
            if ref is None:
                command: DataCommand = AddCommand(self._context, handle, result.record)
            else:
                assert before is not None
                command = EditCommand(self._context, handle, before, result.record)
            self.stack.push(command)
            self._announce([result.entity], f"Saved the {command.text()}. Ctrl+Z undoes it.")
            on_saved(result)

        return self._run(lambda: save_record(database, record, ref, before), saved, on_failed)

    def delete(self, entity: str, ref: str) -> bool:
        database = self._context.database

        def deleted(result: Deleted) -> None:
            command = DeleteCommand(self._context, self.handle(entity, result.ref), result)
            self.stack.push(command)
            self._announce(
                _topics(entity, result), f"Deleted {result.label}. Ctrl+Z brings it back."
            )

        return self._run(
            lambda: delete_record(database, entity, ref, DESK),
            deleted,
            lambda exc: self.problem.emit(f"Not deleted: {exc}"),
        )

    def undo(self) -> None:
        self._step(forward=False)

    def redo(self) -> None:
        self._step(forward=True)

    def _step(self, forward: bool) -> None:
        if self.busy or not (self.stack.canRedo() if forward else self.stack.canUndo()):
            return
        index = self.stack.index() if forward else self.stack.index() - 1
        command = self.stack.command(index)
        assert isinstance(command, EditCommand | AddCommand | DeleteCommand)
        verb = "Redid" if forward else "Undid"

        def done(result: Any) -> None:
            topics = command.settle(forward, result)
            text = command.text()
            if forward:
                self.stack.redo()
            else:
                self.stack.undo()
            self._announce(topics, f"{verb} the {text}.")

        def failed(exc: BaseException) -> None:
            text = command.text()
            if isinstance(exc, ImportFailure):  # the event moved on: this step cannot be done
                command.drop = True
                if forward:
                    self.stack.redo()
                else:
                    self.stack.undo()
                self.problem.emit(
                    f"Could not {'redo' if forward else 'undo'} the {text}: {exc}. "
                    "It was taken off the undo list."
                )
                return
            self.problem.emit(f"Could not {'redo' if forward else 'undo'} the {text}: {exc}")

        self._run(command.work(forward), done, failed)


__all__ = [
    "AddCommand",
    "DataCommand",
    "DeleteCommand",
    "EditCommand",
    "EditController",
    "RecordHandle",
]
