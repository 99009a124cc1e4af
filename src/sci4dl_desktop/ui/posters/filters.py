"""The search and filter bar above the posters table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from sci4dl_desktop.domain.posters import NO_SESSION, PosterCatalog, PosterFilter

ALL_SESSIONS = "All poster sessions"
ALL_KEYWORDS = "All keywords"
_COMPACT = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon  # popups show all
_TO_RESULTS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down)
COMBO_CHARS = 12  # the filters' closed width; their lists open as wide as their items


class PosterFilterBar(QWidget):
    """Search as you type, plus poster session and keyword filters, and the result count."""

    filter_changed = Signal()
    go_to_results = Signal()  # Enter or Down in the search box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setObjectName("poster-search")
        hint = "Search title, author, keyword…"
        self.search.setPlaceholderText(hint)
        self.search.setToolTip(
            "Search titles, authors, keywords and abstracts (Ctrl+F); "
            "accents and case do not matter"
        )
        self.search.setAccessibleName("Search posters")
        self.search.setAccessibleDescription(
            "Type to filter; accents and case do not matter. Enter moves to the results, "
            "Escape clears the search."
        )
        self.search.setClearButtonEnabled(True)
        # The whole hint shows, with room for the clear button.
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance(hint) + 48)
        self.search.installEventFilter(self)

        self.session = QComboBox(self)
        self.session.setObjectName("poster-session-filter")
        self.session.setAccessibleName("Filter by poster session")
        self.session.setSizeAdjustPolicy(_COMPACT)
        self.session.setMinimumContentsLength(COMBO_CHARS)
        self.keyword = QComboBox(self)
        self.keyword.setObjectName("poster-keyword-filter")
        self.keyword.setAccessibleName("Filter by keyword")
        self.keyword.setSizeAdjustPolicy(_COMPACT)
        self.keyword.setMinimumContentsLength(COMBO_CHARS)
        self.keyword.setMaxVisibleItems(20)

        self.count = QLabel(self)
        self.count.setObjectName("poster-count")
        self.count.setAccessibleName("Number of posters shown")
        self.count.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)

        session_label = QLabel("&Session:", self)
        session_label.setBuddy(self.session)
        keyword_label = QLabel("&Keyword:", self)
        keyword_label.setBuddy(self.keyword)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 1)
        layout.addSpacing(8)
        layout.addWidget(session_label)
        layout.addWidget(self.session)
        layout.addSpacing(8)
        layout.addWidget(keyword_label)
        layout.addWidget(self.keyword)
        layout.addSpacing(12)
        layout.addWidget(self.count)

        self.search.textChanged.connect(self.filter_changed)
        self.session.currentIndexChanged.connect(self.filter_changed)
        self.keyword.currentIndexChanged.connect(self.filter_changed)
        self.set_catalog(None)

    def current_filter(self) -> PosterFilter:
        return PosterFilter(
            text=self.search.text(),
            session_id=self.session.currentData(),
            keyword=self.keyword.currentData(),
        )

    def set_catalog(self, catalog: PosterCatalog | None) -> None:
        """Fill the session and keyword lists, keeping each choice that is still offered."""
        sessions: list[tuple[str, int | None]] = [(ALL_SESSIONS, None)]
        keywords: list[tuple[str, str | None]] = [(ALL_KEYWORDS, None)]
        if catalog is not None:
            sessions += [(f"{s.title} ({catalog.when(s)})", s.id) for s in catalog.sessions]
            if catalog.has_unassigned:
                sessions.append(("Not in a poster session", NO_SESSION))
            keywords += [(k, k) for k in catalog.keywords]
        _refill(self.session, sessions)
        _refill(self.keyword, keywords)

    def show_count(self, shown: int, total: int) -> None:
        self.count.setText(f"{shown} of {total} poster{'' if total == 1 else 's'}")

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if event.key() in _TO_RESULTS and not event.modifiers():
                self.go_to_results.emit()
                return True
        return super().eventFilter(watched, event)


def _refill(combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
    """Replace a combo's items, keeping the selected value if it is still offered."""
    current = combo.currentData()
    combo.blockSignals(True)
    try:
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
    finally:
        combo.blockSignals(False)
    if combo.currentData() != current:
        combo.currentIndexChanged.emit(combo.currentIndex())
