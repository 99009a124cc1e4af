"""One open event: the rehearsal banner, the sidebar and the pages, built on first show."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.fonts import scale_font
from sci4dl_desktop.ui.icons import IconWidget, icon
from sci4dl_desktop.ui.pages import PageSpec
from sci4dl_desktop.ui.sidebar import Sidebar
from sci4dl_desktop.ui.status import RehearsalBanner, rehearsal_text

REFRESH_DELAY_MS = 250
SIDEBAR_SPLITTER_KEY = "window/sidebar-splitter"


def page_splitter_key(page_key: str, splitter: QSplitter) -> str:
    return f"pages/{page_key}/{splitter.objectName()}"


class PageErrorPanel(QWidget):
    """Shown in place of a page that failed to build: what failed and the details."""

    def __init__(self, spec: PageSpec, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page-error-{spec.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(12)
        layout.addWidget(IconWidget(icon("error"), 40, self))
        title = QLabel(f"The {spec.title} page could not be opened", self)
        scale_font(title, 1.4, bold=True)
        self.message = QLabel(f"{type(error).__name__}: {error}", self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(
            "The other pages still work. Report this message with the details below.", self
        )
        hint.setWordWrap(True)
        details = QPlainTextEdit("".join(traceback.format_exception(error)), self)
        details.setReadOnly(True)
        details.setAccessibleName("Error details")
        for widget in (title, self.message, hint):
            layout.addWidget(widget)
        layout.addWidget(details, 1)
        self.setAccessibleName(title.text())


class EventView(QWidget):
    """The frame around the pages of one event. Owns no database: the window does."""

    page_changed = Signal(str)

    def __init__(
        self, context: AppContext, specs: Sequence[PageSpec], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("event-view")
        self.context = context
        self.specs = [spec for spec in specs if spec.in_kiosk or not context.kiosk]
        self._by_key = {spec.key: spec for spec in self.specs}
        self.pages: dict[str, QWidget] = {}
        self.build_errors: dict[str, BaseException] = {}
        self._stale: set[str] = set()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner: RehearsalBanner | None = None
        if context.rehearsal:
            zone = ZoneInfo(context.database.event().timezone)
            self.banner = RehearsalBanner(rehearsal_text(context.clock, zone), self)
            layout.addWidget(self.banner)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("sidebar-splitter")
        self.splitter.setChildrenCollapsible(False)
        self.sidebar = Sidebar(self.specs, self.splitter)
        self.stack = QStackedWidget(self.splitter)
        self.stack.setObjectName("page-stack")
        self.stack.setAccessibleName("Page")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([self.sidebar.sizeHint().width(), 1000])
        layout.addWidget(self.splitter, 1)

        self.sidebar.page_chosen.connect(self.show_page)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh_pages)
        context.signals.data_changed.connect(self._on_data_changed)
        self.restore_layout()

    # --- pages -------------------------------------------------------------------------

    def keys(self) -> list[str]:
        return self.sidebar.keys()

    def current_key(self) -> str | None:
        return self.sidebar.current_key()

    def sidebar_specs(self) -> list[PageSpec]:
        """The pages in the order the sidebar shows them (grouped by role)."""
        return [self._by_key[key] for key in self.keys()]

    def current_page(self) -> QWidget | None:
        key = self.current_key()
        return self.pages.get(key) if key else None

    def page(self, key: str) -> QWidget:
        """The page's widget, built now if it has not been shown yet."""
        widget = self.pages.get(key)
        if widget is None:
            widget = self._build(self._by_key[key])
        return widget

    def show_page(self, key: str) -> None:
        if key not in self._by_key:
            return
        widget = self.page(key)
        if self.sidebar.current_key() != key:
            self.sidebar.select_key(key)  # comes back here through page_chosen
            return
        if self.stack.currentWidget() is not widget:
            self.stack.setCurrentWidget(widget)
            if key in self._stale:
                self._stale.discard(key)
                self._call_refresh(key, widget)
            self.page_changed.emit(key)

    def show_offset(self, step: int) -> None:
        """The next (step 1) or previous (step -1) page, wrapping around."""
        keys = self.keys()
        if not keys:
            return
        current = self.current_key()
        index = keys.index(current) if current in keys else -1
        self.show_page(keys[(index + step) % len(keys)])

    def _build(self, spec: PageSpec) -> QWidget:
        try:
            widget = spec.build(self.context)
        except Exception as exc:
            self.build_errors[spec.key] = exc
            widget = PageErrorPanel(spec, exc, self.stack)
        widget.setAccessibleName(widget.accessibleName() or f"{spec.title} page")
        self.pages[spec.key] = widget
        self.stack.addWidget(widget)
        self._restore_page_splitters(spec.key, widget)
        return widget

    # --- refresh on data changes -----------------------------------------------------

    def _on_data_changed(self, _topic: str) -> None:
        self._refresh_timer.start()

    def _refresh_pages(self) -> None:
        current = self.current_key()
        for key, widget in self.pages.items():
            if not callable(getattr(widget, "refresh", None)):
                continue
            if key == current:
                self._call_refresh(key, widget)
            else:
                self._stale.add(key)

    def _call_refresh(self, key: str, widget: QWidget) -> None:
        try:
            widget.refresh()  # type: ignore[attr-defined]
        except Exception as exc:
            window = self.window()
            bar = getattr(window, "statusBar", None)
            if callable(bar):
                bar().showMessage(f"The {self._by_key[key].title} page failed to refresh: {exc}")
            traceback.print_exception(exc)

    # --- layout persistence ---------------------------------------------------------

    def restore_layout(self) -> None:
        state = self.context.settings.value(SIDEBAR_SPLITTER_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)

    def _restore_page_splitters(self, key: str, widget: QWidget) -> None:
        for splitter in widget.findChildren(QSplitter):
            if not splitter.objectName():
                continue
            state = self.context.settings.value(page_splitter_key(key, splitter))
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)

    def save_layout(self) -> None:
        settings = self.context.settings
        settings.setValue(SIDEBAR_SPLITTER_KEY, self.splitter.saveState())
        for key, widget in self.pages.items():
            for splitter in widget.findChildren(QSplitter):
                if splitter.objectName():
                    settings.setValue(page_splitter_key(key, splitter), splitter.saveState())

    def dispose(self) -> None:
        """Stop listening and timers before the event's database is closed."""
        self._refresh_timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self.context.signals.data_changed.disconnect(self._on_data_changed)
