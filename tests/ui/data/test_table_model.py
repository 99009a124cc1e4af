"""The text table behind the preview and the data page, checked by Qt's model tester."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from sci4dl_desktop.ui.data.table_model import KEY_ROLE, FoldingFilter, TextRow, TextTableModel

ROWS = [
    TextRow(("Poster session 1", "12", "Grokking"), "#1", (None, 12, None)),
    TextRow(("Poster session 1", "9", "Lottery tickets"), "#2", (None, 9, None)),
    TextRow(("Poster session 2", "", "Édge of stability"), "#3", (None, None, None)),
    TextRow(("Poster session 2", "100", "Scaling laws"), "#4", (None, 100, None)),
]


def test_the_model_and_its_filter_pass_the_model_tester(qapp: object) -> None:
    model = TextTableModel(("Session", "Board", "Title"))
    proxy = FoldingFilter()
    proxy.setSourceModel(model)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(ROWS)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Board"
    assert model.index(0, 2).data(KEY_ROLE) == "#1"

    proxy.sort(1, Qt.SortOrder.AscendingOrder)  # numbers sort as numbers, empty first
    assert [proxy.index(r, 1).data() for r in range(4)] == ["", "9", "12", "100"]

    proxy.set_text("EDGE")  # accents and case folded
    assert [proxy.index(r, 2).data() for r in range(proxy.rowCount())] == ["Édge of stability"]
    proxy.set_text("session 1 lottery")  # every word, in any column
    assert [proxy.index(r, 0).data(KEY_ROLE) for r in range(proxy.rowCount())] == ["#2"]
    proxy.set_text("")
    assert proxy.rowCount() == 4
    model.set_rows([])
    assert proxy.rowCount() == 0
