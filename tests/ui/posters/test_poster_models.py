"""The posters item models, tested without the page: QAbstractItemModelTester plus assertions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from sci4dl_desktop.domain.posters import PosterCatalog, PosterColumn, PosterFilter, load_posters
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.ui.posters.model import (
    INCREMENTAL_LIMIT,
    POSTER_ID_ROLE,
    PosterFilterProxy,
    PosterTableModel,
)

WARN = QAbstractItemModelTester.FailureReportingMode.Warning


@pytest.fixture
def catalog(demo_db: Database) -> PosterCatalog:
    with demo_db.session() as session:
        return load_posters(session)


@pytest.fixture
def models(qapp: object) -> Iterator[tuple[PosterTableModel, PosterFilterProxy]]:
    table = PosterTableModel()
    proxy = PosterFilterProxy(table)
    # Any broken model invariant is reported as a Qt warning, which fails the test.
    testers = [QAbstractItemModelTester(m, WARN) for m in (table, proxy)]
    yield table, proxy
    del testers


def test_models_pass_the_model_tester_through_load_sort_and_filter(
    models: tuple[PosterTableModel, PosterFilterProxy], catalog: PosterCatalog
) -> None:
    table, proxy = models
    proxy.load(catalog.rows)
    assert table.rowCount() == proxy.rowCount() == 150
    assert table.columnCount() == 5
    assert [table.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Title",
        "Authors",
        "Keywords",
        "Board",
        "Session",
    ]
    proxy.sort(PosterColumn.TITLE, Qt.SortOrder.DescendingOrder)
    assert proxy.set_filter(PosterFilter("scaling"))
    assert 0 < proxy.rowCount() < 150
    proxy.sort(PosterColumn.BOARD)
    assert proxy.set_filter(PosterFilter(""))
    proxy.load(catalog.rows[:10])
    assert proxy.rowCount() == 10


def test_the_poster_id_role_and_cells(
    models: tuple[PosterTableModel, PosterFilterProxy], catalog: PosterCatalog
) -> None:
    _table, proxy = models
    proxy.load(catalog.rows)
    proxy.sort(PosterColumn.BOARD)
    first = proxy.index(0, PosterColumn.BOARD)
    poster = catalog.row(first.data(POSTER_ID_ROLE))
    assert poster is not None and poster.board == 1
    assert proxy.index(0, PosterColumn.TITLE).data() == poster.title
    assert proxy.index(0, PosterColumn.AUTHORS).data() == poster.author_names
    assert first.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert proxy.poster_id(0) == poster.id
    assert proxy.row_of(poster.id) == 0


def test_sorting_keeps_persistent_indexes_on_their_poster(
    models: tuple[PosterTableModel, PosterFilterProxy], catalog: PosterCatalog
) -> None:
    _table, proxy = models
    proxy.load(catalog.rows)
    held = QPersistentModelIndex(proxy.index(5, PosterColumn.TITLE))
    poster_id = held.data(POSTER_ID_ROLE)
    proxy.sort(PosterColumn.TITLE)
    assert held.isValid() and held.data(POSTER_ID_ROLE) == poster_id
    proxy.sort(PosterColumn.TITLE, Qt.SortOrder.DescendingOrder)
    assert held.data(POSTER_ID_ROLE) == poster_id


def test_a_filter_that_changes_nothing_does_not_refilter(
    qtbot: QtBot, models: tuple[PosterTableModel, PosterFilterProxy], catalog: PosterCatalog
) -> None:
    _, proxy = models
    proxy.load(catalog.rows)
    assert proxy.set_filter(PosterFilter("zzz-no-such-poster"))
    with qtbot.assertNotEmitted(proxy.layoutChanged), qtbot.assertNotEmitted(proxy.rowsRemoved):
        assert not proxy.set_filter(PosterFilter("zzz-no-such-poster-at-all"))
    assert proxy.rowCount() == 0


def test_small_changes_insert_rows_and_large_ones_relayout_once(
    qtbot: QtBot, models: tuple[PosterTableModel, PosterFilterProxy], catalog: PosterCatalog
) -> None:
    _, proxy = models
    proxy.load(catalog.rows)
    one = next(r for r in catalog.rows if r.title.startswith("Reproducing classic results"))
    with qtbot.waitSignal(proxy.layoutChanged), qtbot.assertNotEmitted(proxy.rowsRemoved):
        assert proxy.set_filter(PosterFilter("Reproducing classic results"))  # one relayout
    few = proxy.rowCount()
    assert 1 < few <= INCREMENTAL_LIMIT
    with qtbot.waitSignal(proxy.rowsRemoved), qtbot.assertNotEmitted(proxy.layoutChanged):
        assert proxy.set_filter(PosterFilter(f"Reproducing classic results {one.uid}"))
    with qtbot.waitSignal(proxy.rowsInserted), qtbot.assertNotEmitted(proxy.layoutChanged):
        assert proxy.set_filter(PosterFilter("Reproducing classic results"))
    assert proxy.rowCount() == few and proxy.row_of(one.id) is not None
    with qtbot.waitSignal(proxy.layoutChanged):
        assert proxy.set_filter(PosterFilter())
    assert proxy.rowCount() == 150
