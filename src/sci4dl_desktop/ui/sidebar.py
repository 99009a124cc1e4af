"""The sidebar: the event's pages grouped under the roles of the people who use them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from sci4dl_desktop.ui.icons import icon, icon_exists
from sci4dl_desktop.ui.pages import PageSpec, Role

KEY_ROLE = Qt.ItemDataRole.UserRole
HEADER_ROLE = Qt.ItemDataRole.UserRole + 1
SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def grouped(specs: Sequence[PageSpec]) -> list[tuple[Role, list[PageSpec]]]:
    """Pages by role, roles in their declared order; roles without pages are left out."""
    groups: list[tuple[Role, list[PageSpec]]] = []
    for role in Role:
        members = [spec for spec in specs if spec.role is role]
        if members:
            groups.append((role, members))
    return groups


def hint_width(font: QFont, shortcut: str) -> int:
    """The room a page's shortcut hint ("Ctrl+3") takes beside its name."""
    return QFontMetrics(_hint_font(font)).horizontalAdvance(shortcut) + 12


def _hint_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
    return small


class SidebarDelegate(QStyledItemDelegate):
    """Role headings as small caps labels; pages as tall rows with a rounded highlight."""

    def _row_height(self, option: QStyleOptionViewItem) -> int:
        return max(36, round(option.fontMetrics.height() * 2.3))

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = option.fontMetrics
        if index.data(HEADER_ROLE):
            height = round(metrics.height() * (2.2 if index.row() == 0 else 2.8))
            return QSize(0, height)
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        title = str(index.data(Qt.ItemDataRole.DisplayRole))
        shortcut = str(index.data(SHORTCUT_ROLE) or "")
        side = max(18, round(metrics.height() * 1.25))
        hint = hint_width(option.font, shortcut)
        width = 6 + 10 + side + 10 + QFontMetrics(bold).horizontalAdvance(title) + hint + 16
        return QSize(width, self._row_height(option))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        palette: QPalette = option.palette
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if index.data(HEADER_ROLE):
            font = QFont(option.font)
            font.setBold(True)
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.82))
            font.setCapitalization(QFont.Capitalization.AllUppercase)
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            text_rect = rect.adjusted(14, 0, -8, -5)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                str(index.data(Qt.ItemDataRole.DisplayRole)),
            )
            painter.restore()
            return
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus) or bool(
            option.widget is not None and option.widget.hasFocus()
        )
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        pill = rect.adjusted(6, 2, -6, -2)
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        icon_mode = QIcon.Mode.Normal
        if selected:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            if focused:
                text_colour = palette.color(QPalette.ColorRole.HighlightedText)
                icon_mode = QIcon.Mode.Selected
            else:
                fill.setAlphaF(0.22)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(pill, 7, 7)
        elif hovered:
            fill = QColor(palette.color(QPalette.ColorRole.WindowText))
            fill.setAlphaF(0.07)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(pill, 7, 7)
        side = max(18, round(option.fontMetrics.height() * 1.25))
        icon_rect = QRect(pill.left() + 10, pill.center().y() - side // 2 + 1, side, side)
        page_icon = index.data(Qt.ItemDataRole.DecorationRole)
        if page_icon is not None:
            page_icon.paint(painter, icon_rect, Qt.AlignmentFlag.AlignCenter, icon_mode)
        font = QFont(option.font)
        if selected:
            font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(text_colour)
        text_rect = pill.adjusted(icon_rect.width() + 20, 0, -8, 0)
        title = str(index.data(Qt.ItemDataRole.DisplayRole))
        shortcut = str(index.data(SHORTCUT_ROLE) or "")
        small = _hint_font(option.font)
        hint_width = QFontMetrics(small).horizontalAdvance(shortcut) + 12 if shortcut else 0
        title_width = QFontMetrics(font).horizontalAdvance(title)
        # The shortcut shows on the current or hovered row, where the title leaves room.
        show_hint = bool(shortcut) and (selected or hovered)
        show_hint = show_hint and title_width + hint_width <= text_rect.width()
        text = QFontMetrics(font).elidedText(title, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text
        )
        if show_hint:
            hint = QColor(text_colour)
            hint.setAlphaF(0.65)
            painter.setPen(hint)
            painter.setFont(small)
            painter.drawText(
                pill.adjusted(0, 0, -10, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                shortcut,
            )
        painter.restore()


class Sidebar(QListWidget):
    """Keyboard navigable: arrows, Home/End and Page Up/Down move between pages only."""

    page_chosen = Signal(str)

    def __init__(self, specs: Sequence[PageSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName("Pages")
        self.setAccessibleDescription("The event's pages, grouped by who uses them")
        self.setItemDelegate(SidebarDelegate(self))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.setUniformItemSizes(False)
        self.setSpacing(0)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.viewport().setAutoFillBackground(False)  # paintEvent draws the background
        self._keys: list[str] = []
        position = 0
        for role, members in grouped(specs):
            header = QListWidgetItem(role.value, self)
            header.setData(HEADER_ROLE, True)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setData(Qt.ItemDataRole.AccessibleTextRole, f"{role.value} pages")
            for spec in members:
                position += 1
                item = QListWidgetItem(spec.title, self)
                item.setData(KEY_ROLE, spec.key)
                item.setIcon(icon(spec.icon if icon_exists(spec.icon) else "info"))
                shortcut = f"Ctrl+{position}" if position <= 9 else ""
                item.setData(SHORTCUT_ROLE, shortcut)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{spec.title}, {role.value}")
                item.setToolTip(f"{spec.title} ({shortcut})" if shortcut else spec.title)
                self._keys.append(spec.key)
        self.currentItemChanged.connect(self._on_current_changed)

    def keys(self) -> list[str]:
        """The page keys in the order shown (Ctrl+1 is the first)."""
        return list(self._keys)

    def current_key(self) -> str | None:
        item = self.currentItem()
        key = item.data(KEY_ROLE) if item is not None else None
        return str(key) if key else None

    def select_key(self, key: str) -> bool:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(KEY_ROLE) == key:
                self.setCurrentItem(item)
                return True
        return False

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None and current.data(KEY_ROLE):
            self.page_chosen.emit(str(current.data(KEY_ROLE)))

    def _page_rows(self) -> list[int]:
        return [row for row in range(self.count()) if self.item(row).data(KEY_ROLE)]

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        rows = self._page_rows()
        if not rows:
            return super().moveCursor(action, modifiers)
        Action = QAbstractItemView.CursorAction
        if action in (Action.MoveHome, Action.MovePageUp):
            return self.model().index(rows[0], 0)
        if action in (Action.MoveEnd, Action.MovePageDown):
            return self.model().index(rows[-1], 0)
        return super().moveCursor(action, modifiers)

    def background_colour(self) -> QColor:
        """The window colour shifted slightly towards the text: set apart in both schemes."""
        palette = self.palette()
        base, text = (
            palette.color(QPalette.ColorRole.Window),
            palette.color(QPalette.ColorRole.WindowText),
        )
        mix = 0.045
        return QColor.fromRgbF(
            base.redF() + (text.redF() - base.redF()) * mix,
            base.greenF() + (text.greenF() - base.greenF()) * mix,
            base.blueF() + (text.blueF() - base.blueF()) * mix,
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        rect = self.viewport().rect()
        painter.fillRect(rect, self.background_colour())
        line = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        line.setAlphaF(0.12)
        painter.fillRect(rect.right(), rect.top(), 1, rect.height(), line)
        painter.end()
        super().paintEvent(event)

    def sizeHint(self) -> QSize:
        width = max(200, self.sizeHintForColumn(0) + 8)
        return QSize(min(width, 300), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """Wide enough for every page's name (the shortcut hints may go): never squeezed
        by a page that wants more room."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate = self.itemDelegate()
        names = [
            delegate.sizeHint(option, self.model().index(row, 0)).width()
            - hint_width(option.font, str(self.item(row).data(SHORTCUT_ROLE) or ""))
            for row in self._page_rows()
        ]
        return QSize(min(max(names, default=120) + 8, 300), super().minimumSizeHint().height())
