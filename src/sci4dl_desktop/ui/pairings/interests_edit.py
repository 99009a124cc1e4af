"""A line for research interests, comma-separated, completing each one from suggestions."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from sci4dl_desktop.domain.interests import split_terms


class TermCompleter(QCompleter):
    """Completes the term after the last comma and keeps the terms before it."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        self._model = QStringListModel(self)
        self.setModel(self._model)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def set_terms(self, terms: list[str]) -> None:
        self._model.setStringList(terms)

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        chosen = str(index.data())
        head = self._edit.text().rsplit(",", 1)
        return f"{head[0]}, {chosen}" if len(head) == 2 else chosen


class InterestsEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Keywords separated by commas, e.g. scaling laws, grokking")
        self.completer_ = TermCompleter(self)
        self.setCompleter(self.completer_)

    def set_suggestions(self, terms: list[str] | tuple[str, ...]) -> None:
        self.completer_.set_terms(list(terms))

    def interests(self) -> list[str]:
        return split_terms(self.text())

    def set_interests(self, terms: list[str] | tuple[str, ...]) -> None:
        self.setText(", ".join(terms))
        self.setCursorPosition(0)
