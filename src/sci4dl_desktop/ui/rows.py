"""One row height for every list and table of the app: the text plus room to breathe.

Qt's default rows hug their text, which is hard to read from a step back and hard to
hit with a mouse in a hurry. Lists use `RoomyRows` as their delegate; tables with
a fixed row height use `row_height`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

ROW_PADDING = 10  # pixels above and below the text of a one-line row, together


def row_height(widget: QWidget) -> int:
    """The height of a one-line row in `widget`'s font."""
    return widget.fontMetrics().height() + ROW_PADDING


class RoomyRows(QStyledItemDelegate):
    """Rows as tall as the text needs plus padding, at least `row_height` of the font."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        least = option.fontMetrics.height() + ROW_PADDING
        return QSize(size.width(), max(size.height() + ROW_PADDING // 2, least))


__all__ = ["ROW_PADDING", "RoomyRows", "row_height"]
