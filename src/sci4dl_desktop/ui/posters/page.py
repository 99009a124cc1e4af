"""The Posters page: search, filter and sort every poster; read one in the detail pane."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.domain.posters import PosterCatalog, PosterColumn, load_posters
from sci4dl_desktop.ui.agenda.star_action import EventCalendarActions
from sci4dl_desktop.ui.columns import ShareColumns
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.fonts import ensure_legible
from sci4dl_desktop.ui.loading import LatestRead
from sci4dl_desktop.ui.posters.detail import EMPTY_HINT, NO_POSTERS, PosterDetail
from sci4dl_desktop.ui.posters.filters import PosterFilterBar
from sci4dl_desktop.ui.posters.model import POSTER_ID_ROLE, PosterFilterProxy, PosterTableModel
from sci4dl_desktop.ui.rows import row_height

SPLITTER_KEY = "posters/splitter"
SORT_COLUMN_KEY = "posters/sort_column"
SORT_ORDER_KEY = "posters/sort_descending"
TEXT_SHARES: dict[int, float] = {
    PosterColumn.TITLE: 0.55,
    PosterColumn.AUTHORS: 0.25,
    PosterColumn.KEYWORDS: 0.2,
}
DETAIL_CHARS = 52  # the detail pane's first width: about 52 characters a line


class PostersPage(QWidget):
    """Search as you type (accent-, case- and ligature-insensitive), filters, sortable table."""

    poster_selected = Signal(int)  # the id of the poster now shown in the detail pane

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._catalog: PosterCatalog | None = None
        ensure_legible(self)
        self._reads = LatestRead(self, context)

        self.filters = PosterFilterBar(self)
        self.model = PosterTableModel(self)
        self.proxy = PosterFilterProxy(self.model, self)
        self.table = self._make_table()
        self.detail = PosterDetail(kiosk=context.kiosk, parent=self)
        self.empty = QLabel(self)
        self.empty.setObjectName("poster-empty")
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("poster-status")
        self.status.setWordWrap(True)
        self.status.setVisible(False)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.table, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("posters-splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        # A wider window mostly widens the table; the detail pane starts at a reading width.
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

        # Window-wide while the page is shown (a hidden page's shortcut is inactive).
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.filters.focus_search)
        self.filters.filter_changed.connect(self._apply_filter)
        self.filters.go_to_results.connect(self._focus_results)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        # Star (S), Show QR (Q) and Save as .ics for the selected poster; stars in the table.
        self.calendar_actions = EventCalendarActions(
            context, "poster", self.selected_poster_id, self
        )
        self.calendar_actions.mark_starred(self.table, PosterColumn.TITLE, POSTER_ID_ROLE)
        self.poster_selected.connect(self.calendar_actions.refresh)
        filter_bar = self.filters.layout()
        for button in self.calendar_actions.buttons():
            if filter_bar is not None:
                filter_bar.addWidget(button)
        self.splitter.splitterMoved.connect(self._save_splitter)

        self._restore_state()
        self.refresh()

    # -- extension points ---------------------------------------------------------------

    @property
    def catalog(self) -> PosterCatalog | None:
        """The posters as last loaded (None until the first load finishes)."""
        return self._catalog

    def selected_poster_id(self) -> int | None:
        """The poster shown in the detail pane, if any."""
        current = self.table.currentIndex()
        return self.proxy.poster_id(current.row()) if current.isValid() else None

    def select_poster(self, poster_id: int) -> bool:
        """Show a poster (clearing the filters if they hide it); False if there is none."""
        row = self.proxy.row_of(poster_id)
        if row is None and self.model.row_of(poster_id) is not None:
            self.clear_filters()
            row = self.proxy.row_of(poster_id)
        if row is None:
            return False
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def clear_filters(self) -> None:
        self.filters.search.clear()
        self.filters.session.setCurrentIndex(0)
        self.filters.keyword.setCurrentIndex(0)

    def refresh(self) -> None:
        """Reload the posters from the database (off the GUI thread), keeping the selection.

        The main window calls it after any page changes the event (EventSignals.data_changed).
        """
        self._reads.run(load_posters, self._show_catalog, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(f"Cannot read the posters: {exc}")
        self.status.setVisible(True)

    # -- building -----------------------------------------------------------------------

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("posters-table")
        table.setAccessibleName("Posters")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(row_height(self))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        char = self.fontMetrics().averageCharWidth()
        header.resizeSection(
            PosterColumn.BOARD, self.fontMetrics().horizontalAdvance("Board▲") + 28
        )
        header.resizeSection(
            PosterColumn.SESSION, self.fontMetrics().horizontalAdvance("Poster session 10") + 20
        )
        header.setMinimumSectionSize(char * 6)
        # Title, authors and keywords share what the board and session leave.
        self.columns = ShareColumns(table, TEXT_SHARES, minimum=char * 12)
        return table

    def _restore_state(self) -> None:
        settings = self._context.settings
        state = settings.value(SPLITTER_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)
        else:
            detail = self.fontMetrics().averageCharWidth() * DETAIL_CHARS
            self.splitter.setSizes([detail * 3, detail])
        column = _int_setting(settings.value(SORT_COLUMN_KEY), PosterColumn.SESSION)
        if not 0 <= column < len(PosterColumn):
            column = PosterColumn.SESSION
        descending = str(settings.value(SORT_ORDER_KEY, "false")).lower() == "true"
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._save_sort)

    def _save_splitter(self, _pos: int, _index: int) -> None:
        self._context.settings.setValue(SPLITTER_KEY, self.splitter.saveState())

    def _save_sort(self, column: int, order: Qt.SortOrder) -> None:
        self._context.settings.setValue(SORT_COLUMN_KEY, column)
        self._context.settings.setValue(
            SORT_ORDER_KEY, "true" if order == Qt.SortOrder.DescendingOrder else "false"
        )

    # -- behaviour ----------------------------------------------------------------------

    def _show_catalog(self, catalog: PosterCatalog) -> None:
        keep = self.selected_poster_id()
        self._catalog = catalog
        self.status.setVisible(False)
        self.filters.blockSignals(True)
        try:
            self.filters.set_catalog(catalog)
        finally:
            self.filters.blockSignals(False)
        self.detail.poster_id = None  # the selected poster may have changed: show it afresh
        self.proxy.load(catalog.rows, self.filters.current_filter())
        self._update_count()
        if keep is None or not self.select_poster(keep):
            self._show_detail(QModelIndex())

    def _apply_filter(self) -> None:
        if self.proxy.set_filter(self.filters.current_filter()):
            self._show_detail(self.table.currentIndex())  # the poster may be filtered out
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.proxy.total
        self.filters.show_count(shown, total)
        nothing = shown == 0 and total > 0
        if nothing:
            self.empty.setText(
                "No poster matches these filters. Press Escape in the search box to clear "
                "the search, or choose “All” in the session and keyword lists."
            )
        if nothing != self.empty.isVisible():
            self.empty.setVisible(nothing)

    def _focus_results(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail(current)

    def _show_detail(self, current: QModelIndex) -> None:
        catalog = self._catalog
        poster_id = self.proxy.poster_id(current.row()) if current.isValid() else None
        poster = catalog.row(poster_id) if catalog is not None and poster_id is not None else None
        if poster is None or catalog is None:
            self.detail.show_hint(NO_POSTERS if catalog and not catalog.rows else EMPTY_HINT)
            return
        if poster.id != self.detail.poster_id:
            self.detail.show_poster(poster, catalog)
            self.poster_selected.emit(poster.id)


def _int_setting(value: object, default: int) -> int:
    try:
        return int(str(value)) if value is not None else default
    except ValueError:
        return default
