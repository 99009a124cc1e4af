"""The shared-server parts of a desk page: live updates, the server banner, conflicts, upload.

Attached to a DeskPage whose service is a DeskService:

* live updates (ui/live.py): other desks' check-ins and walk-ins reach the search
  index and the offline copy, then every page, within a second;
* the banner says when the server is unreachable and how many scans wait; every
  few seconds (and on "Try the server now") the service tries to upload them;
* the Conflicts tab lists people admitted here offline whom another desk had
  admitted too, until staff mark them reviewed;
* on a shared server, a desk still called by the default name is asked for its own.

All database work runs through `context.tasks`; the GUI thread never waits for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QBoxLayout
from shiboken6 import isValid

from sci4dl_desktop.domain.desk_service import DeskService, DeskStatus
from sci4dl_desktop.domain.desk_sync import SyncReport
from sci4dl_desktop.store.desk_cache import Conflict
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.conflicts_view import ConflictsView
from sci4dl_desktop.ui.desk.server_banner import ServerBanner
from sci4dl_desktop.ui.live import LiveUpdates

if TYPE_CHECKING:
    from sci4dl_desktop.ui.desk.page import DeskPage

SYNC_INTERVAL_MS = 3000
LOCAL_EDIT_TOPICS = frozenset({"attendees", "event"})


class MultiDesk(QObject):
    def __init__(self, page: DeskPage, context: AppContext) -> None:
        super().__init__(page)
        from sci4dl_desktop.ui.desk.page import DESK_NAME_KEY

        self._page = page
        self._context = context
        self._name_key = DESK_NAME_KEY
        service = page.service
        assert isinstance(service, DeskService)
        self.service = service
        self._syncing = False
        self._was_offline = False

        self.banner = ServerBanner(page)
        layout = page.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(1, self.banner)  # under the desk name, above the verdict
        self.banner.retry_requested.connect(self.sync_now)
        self.banner.conflicts_requested.connect(self.show_conflicts)

        self.conflicts = ConflictsView(service.event_zone, page)
        self.conflicts.review_requested.connect(self.mark_reviewed)
        self.conflicts_tab: int | None = None
        if service.cache is not None:
            self.conflicts_tab = page.tabs.addTab(self.conflicts, "C&onflicts")
        else:
            self.conflicts.hide()

        self.live = LiveUpdates.attach(context, page)
        self.live.add_applier(service.apply_changes)
        self.live.connection_changed.connect(self._live_connection)
        service.live = self.live.connected

        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        context.signals.data_changed.connect(self._data_changed)
        page.desk_name.editingFinished.connect(self._name_edited)
        if service.cache is not None:
            self.banner.show_name_hint(not context.settings.contains(DESK_NAME_KEY))
            self.timer.start()
            self._run(service.sync, self._synced)  # what a crash left queued goes up first
            self._run(service.refresh_cache, lambda _none: self.update_status())

    # -- status ------------------------------------------------------------------------------

    def update_status(self) -> None:
        if self.service.cache is not None:
            self._run(self.service.status, self._show_status)

    def _show_status(self, status: DeskStatus) -> None:
        self.banner.show_status(status)
        if self.conflicts_tab is not None:
            count = f" ({status.conflicts})" if status.conflicts else ""
            self._page.tabs.setTabText(self.conflicts_tab, f"C&onflicts{count}")
        if status.conflicts != self.conflicts.model.rowCount():
            self.reload_conflicts()
        if self._was_offline and not status.offline:
            self._context.signals.data_changed.emit("attendees")  # read the server's state again
        self._was_offline = status.offline

    def _data_changed(self, topic: str) -> None:
        """Connected before the page's own handler, so it runs first."""
        if not isValid(self._page):
            return
        if topic in LOCAL_EDIT_TOPICS and not self.live.announcing:
            # Another page of this window changed attendees (an import, an edit): no change
            # feed reports that on SQLite, so the page's refresh reads them all again.
            self.service.invalidate_index()
        if topic == "check_ins":
            self.update_status()

    def _live_connection(self, connected: bool) -> None:
        self.service.live = connected
        if not connected and self.service.cache is not None:
            # The feed lost the server: find out now rather than at the next scan.
            self._run(self.service.check_server, lambda _ok: self.update_status())

    def _name_edited(self) -> None:
        if self._context.settings.contains(self._name_key):
            self.banner.show_name_hint(False)

    # -- upload ------------------------------------------------------------------------------

    def _tick(self) -> None:
        status = self.banner.status
        if status.offline or status.waiting or self.service.offline:
            self.sync_now()
        else:
            self.update_status()  # a failed read may have taken the desk offline

    def sync_now(self) -> None:
        """Try the server now: upload what waits and come back online if it answers."""
        if self._syncing or self.service.cache is None:
            return
        self._syncing = True
        self._run(self.service.sync, self._synced, self._sync_failed)

    def _synced(self, report: SyncReport | None) -> None:
        self._syncing = False
        if report is not None and report.conflicts:
            self.reload_conflicts()
        self.update_status()

    def _sync_failed(self, exc: BaseException) -> None:
        self._syncing = False
        self.banner.show_status(self.banner.status)
        self.banner.text.setToolTip(f"Upload failed: {exc}")

    # -- conflicts ---------------------------------------------------------------------------

    def reload_conflicts(self) -> None:
        self._run(self.service.conflicts, self._show_conflicts)

    def _show_conflicts(self, rows: list[Conflict]) -> None:
        self.conflicts.set_rows(rows)

    def show_conflicts(self) -> None:
        if self.conflicts_tab is None:
            return
        self._page.tabs.setCurrentIndex(self.conflicts_tab)
        self.reload_conflicts()
        self.conflicts.table.setFocus()

    def mark_reviewed(self, scan_id: str) -> None:
        def done(_changed: bool) -> None:
            self.reload_conflicts()
            self.update_status()

        self._run(lambda: self.service.mark_reviewed(scan_id), done)

    # -- plumbing ----------------------------------------------------------------------------

    def _run(self, work: Any, done: Any, failed: Any = None) -> None:
        def finished(result: Any) -> None:
            if isValid(self) and isValid(self._page):
                done(result)

        def errored(exc: BaseException) -> None:
            if isValid(self) and isValid(self._page):
                (failed or self._report)(exc)

        self._context.tasks.run(work, finished, errored)

    def _report(self, exc: BaseException) -> None:
        self.banner.text.setToolTip(f"{type(exc).__name__}: {exc}")


__all__ = ["SYNC_INTERVAL_MS", "MultiDesk"]
