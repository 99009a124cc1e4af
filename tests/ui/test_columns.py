"""ShareColumns: text columns split the width the short ones leave, again on every resize."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from sci4dl_desktop.ui.columns import ShareColumns


def make_table(qtbot: QtBot) -> QTableView:
    model = QStandardItemModel(3, 4)
    table = QTableView()
    table.setModel(model)
    qtbot.addWidget(table)
    table.horizontalHeader().resizeSection(2, 60)
    table.horizontalHeader().resizeSection(3, 90)
    return table


def test_shared_columns_fill_what_the_fixed_ones_leave(qtbot: QtBot) -> None:
    table = make_table(qtbot)
    ShareColumns(table, {0: 2.0, 1: 1.0}, minimum=40)
    table.resize(800, 300)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    room = table.viewport().width() - 60 - 90
    assert header.sectionSize(0) + header.sectionSize(1) == room
    assert header.sectionSize(0) == pytest.approx(2 * header.sectionSize(1), abs=2)
    table.resize(1200, 300)
    qtbot.waitUntil(lambda: header.sectionSize(0) + header.sectionSize(1) > room)
    assert header.sectionSize(0) + header.sectionSize(1) == table.viewport().width() - 150
    assert (header.sectionSize(2), header.sectionSize(3)) == (60, 90)


def test_a_narrow_view_keeps_the_minimum_and_scrolls(qtbot: QtBot) -> None:
    table = make_table(qtbot)
    ShareColumns(table, {0: 1.0, 1: 1.0}, minimum=80)
    table.resize(200, 300)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    assert (header.sectionSize(0), header.sectionSize(1)) == (80, 80)


def test_shares_must_be_positive(qtbot: QtBot) -> None:
    with pytest.raises(ValueError, match="positive share"):
        ShareColumns(make_table(qtbot), {0: 0.0}, minimum=10)
