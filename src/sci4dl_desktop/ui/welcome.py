"""The welcome screen shown when no event is open: the demo in one click, new, open, recent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop import APP_DISPLAY_NAME
from sci4dl_desktop.ui.fonts import scaled_font
from sci4dl_desktop.ui.icons import IconWidget, app_icon, icon
from sci4dl_desktop.ui.recent import display_name

TARGET_ROLE = Qt.ItemDataRole.UserRole
DEMO_DESCRIPTION = (
    "The 2nd Workshop on Scientific Methods for Understanding Deep Learning, on "
    "26 April 2026 (São Paulo time): its program, 150 posters, 700 attendees and the "
    "mentorship pairings. You get a fresh copy of your own to explore and change freely."
)


class PrimaryButton(QPushButton):
    """The one obvious first step: a button in the accent colour, kept in step with the theme."""

    def __init__(self, icon_name: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._icon_name = icon_name
        self._apply_accent()

    def _apply_accent(self) -> None:
        palette = QGuiApplication.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        on_accent = palette.color(QPalette.ColorRole.HighlightedText)
        focus = palette.color(QPalette.ColorRole.WindowText)
        self.setStyleSheet(
            f"QPushButton {{ background: {accent.name()}; color: {on_accent.name()};"
            f" border: 1px solid {accent.darker(125).name()}; border-radius: 7px;"
            " padding: 6px 16px; }"
            f"QPushButton:hover {{ background: {accent.lighter(112).name()}; }}"
            f"QPushButton:pressed {{ background: {accent.darker(115).name()}; }}"
            f"QPushButton:focus {{ border: 2px solid {focus.name()}; }}"
            f"QPushButton:disabled {{ background: {palette.color(QPalette.ColorRole.Mid).name()};"
            f" border-color: {palette.color(QPalette.ColorRole.Mid).name()}; }}"
        )
        self.setIcon(icon(self._icon_name, on_accent))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._apply_accent()
        return super().event(event)


class RecentList(QListWidget):
    """Recent events; Enter or a double click opens one."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome-recent")
        self.setAccessibleName("Recent events")
        self.setIconSize(QSize(20, 20))
        self.setUniformItemSizes(True)
        self.itemActivated.connect(lambda item: self.chosen.emit(str(item.data(TARGET_ROLE))))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.chosen.emit(str(item.data(TARGET_ROLE)))
            return
        super().keyPressEvent(event)


class WelcomeScreen(QWidget):
    demo_requested = Signal()
    new_requested = Signal()
    open_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setAccessibleName("Welcome")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        column = QWidget(self)
        column.setMaximumWidth(680)
        column.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        outer.addStretch(1)
        outer.addWidget(column, 4)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setSpacing(14)
        layout.addStretch(1)

        heading = QHBoxLayout()
        heading.setSpacing(16)
        heading.addWidget(IconWidget(app_icon(), 64, column))
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title = QLabel(APP_DISPLAY_NAME, column)
        title.setFont(scaled_font(title, 2.0, bold=True))
        title.setAccessibleName(APP_DISPLAY_NAME)
        subtitle = QLabel("Runs the day of a scientific workshop.", column)
        subtitle.setFont(scaled_font(subtitle, 1.15))
        subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        titles.addWidget(title)
        titles.addWidget(subtitle)
        heading.addLayout(titles, 1)
        layout.addLayout(heading)
        layout.addSpacing(12)

        self.demo_button = PrimaryButton("demo", "  Open the demo event: SCI4DL 2026", column)
        self.demo_button.setObjectName("welcome-demo")
        self.demo_button.setAccessibleName("Open the demo event SCI4DL 2026")
        self.demo_button.setAccessibleDescription(DEMO_DESCRIPTION)
        self.demo_button.setDefault(True)
        self.demo_button.setAutoDefault(True)
        self.demo_button.setIconSize(QSize(24, 24))
        self.demo_button.setFont(scaled_font(self.demo_button, 1.2, bold=True))
        self.demo_button.setMinimumHeight(round(self.demo_button.fontMetrics().height() * 2.6))
        self.demo_button.clicked.connect(self.demo_requested)
        layout.addWidget(self.demo_button)
        description = QLabel(DEMO_DESCRIPTION, column)
        description.setWordWrap(True)
        description.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(description)
        layout.addSpacing(6)

        row = QHBoxLayout()
        row.setSpacing(10)
        self.new_button = QPushButton(icon("new-event"), "  New event…", column)
        self.new_button.setObjectName("welcome-new")
        self.new_button.setAccessibleName("New event")
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton(icon("open"), "  Open…", column)
        self.open_button.setObjectName("welcome-open")
        self.open_button.setAccessibleName("Open an event file")
        self.open_button.clicked.connect(self.open_requested)
        for button in (self.new_button, self.open_button):
            button.setIconSize(QSize(20, 20))
            button.setMinimumHeight(round(button.fontMetrics().height() * 2.2))
            row.addWidget(button)
        layout.addLayout(row)

        self.busy = QWidget(column)
        busy_layout = QVBoxLayout(self.busy)
        busy_layout.setContentsMargins(0, 8, 0, 0)
        self.busy_label = QLabel(self.busy)
        self.busy_label.setObjectName("welcome-busy")
        progress = QProgressBar(self.busy)
        progress.setRange(0, 0)
        progress.setTextVisible(False)
        progress.setMaximumHeight(8)
        progress.setAccessibleName("Working")
        busy_layout.addWidget(self.busy_label)
        busy_layout.addWidget(progress)
        self.busy.hide()
        layout.addWidget(self.busy)

        self.notice_frame = QFrame(column)
        self.notice_frame.setObjectName("welcome-notice-frame")
        self.notice_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice_frame.setBackgroundRole(QPalette.ColorRole.Base)
        self.notice_frame.setAutoFillBackground(True)
        notice_layout = QHBoxLayout(self.notice_frame)
        notice_layout.setContentsMargins(12, 10, 12, 10)
        notice_layout.setSpacing(10)
        notice_layout.addWidget(
            IconWidget(icon("info"), 20, self.notice_frame), 0, Qt.AlignmentFlag.AlignTop
        )
        self.notice = QLabel(self.notice_frame)
        self.notice.setObjectName("welcome-notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        notice_layout.addWidget(self.notice, 1)
        self.notice_frame.hide()
        layout.addWidget(self.notice_frame)

        self.recent_heading = QLabel("Recent events", column)
        self.recent_heading.setFont(scaled_font(self.recent_heading, 1.05, bold=True))
        self.recent = RecentList(column)
        self.recent_heading.setBuddy(self.recent)
        self.recent.chosen.connect(self.recent_chosen)
        layout.addSpacing(8)
        layout.addWidget(self.recent_heading)
        layout.addWidget(self.recent, 2)
        layout.addStretch(1)
        self.set_recent([])

    def set_recent(self, targets: list[str]) -> None:
        self.recent.clear()
        for target in targets:
            name = display_name(target)
            folder = str(Path(target).parent) if "://" not in target else ""
            label = f"{name}  —  {folder}" if folder else name
            item = QListWidgetItem(icon("recent"), label, self.recent)
            item.setData(TARGET_ROLE, target)
            item.setSizeHint(QSize(0, round(self.recent.fontMetrics().height() * 2.1)))
            item.setToolTip(target)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name} in {folder or target}")
        has_any = bool(targets)
        self.recent_heading.setVisible(has_any)
        self.recent.setVisible(has_any)
        if has_any:
            rows = min(len(targets), 6)
            frame = self.recent.frameWidth() * 2
            self.recent.setFixedHeight(self.recent.sizeHintForRow(0) * rows + frame)

    def set_busy(self, text: str | None) -> None:
        """Show what is being prepared and block the buttons meanwhile (None: done)."""
        for widget in (self.demo_button, self.new_button, self.open_button, self.recent):
            widget.setEnabled(text is None)
        self.busy_label.setText(text or "")
        self.busy.setVisible(text is not None)

    def set_notice(self, text: str | None) -> None:
        self.notice.setText(text or "")
        self.notice_frame.setVisible(bool(text))
        self.notice.setAccessibleName(text or "")
