"""The desk page's other ways in and out: camera, pictures, and printing badges.

`DeskTools(page, context)` adds to the desk page's top bar:

* **Camera (Ctrl+K)** shows or hides the camera panel beside the verdict; showing it
  starts the first camera. Badge codes it reads go to `page.scan`, like a scanner's.
* **Scan from picture… (Ctrl+I)** decodes a picture file; a picture (or any file)
  dropped anywhere on the page is scanned the same way.
* **Print badges… (Ctrl+P)**: the selected attendee, the search results, or everyone.

QtMultimedia and the printing modules are loaded on first use, not with the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMenu, QToolButton
from shiboken6 import isValid
from sqlalchemy import select

from sci4dl_desktop.domain.text import fold
from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.picture_scan import (
    PictureDropFilter,
    PictureScan,
    scan_file,
    scan_image,
)
from sci4dl_desktop.ui.icons import icon

if TYPE_CHECKING:
    from sci4dl_desktop.ui.desk.camera import CameraPanel
    from sci4dl_desktop.ui.desk.page import DeskPage

PICTURE_FILTER = (
    "Pictures (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.heic *.avif);;All files (*)"
)
PICTURE_FOLDER_KEY = "desk/picture_folder"


class DeskTools(QObject):
    """Camera panel, picture scanning and badge printing for one desk page."""

    def __init__(self, page: DeskPage, context: AppContext) -> None:
        super().__init__(page)
        self._page = page
        self._context = context
        self.camera: CameraPanel | None = None
        self.last_picture: PictureScan | None = None

        self.camera_button = self._tool_button(
            "desk-camera-toggle", "Camera", "Show the camera scanner (Ctrl+K)", "camera"
        )
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self.show_camera)
        self.picture_button = self._tool_button(
            "desk-scan-picture",
            "Scan picture…",
            "Check in from a picture of a badge, e.g. a phone screenshot (Ctrl+I); "
            "you can also drop a picture on the page",
            "picture",
        )
        self.picture_button.clicked.connect(self.choose_picture)
        self.print_button = self._tool_button(
            "desk-print-badges", "Print badges…", "Print badges (Ctrl+P)", "print"
        )
        self.print_menu = QMenu(page)
        self.print_menu.setObjectName("desk-print-menu")
        self.print_selected = QAction("Badge of the &selected attendee…", self.print_menu)
        self.print_results = QAction("Badges of the search &results…", self.print_menu)
        self.print_everyone = QAction("Badges of &everyone…", self.print_menu)
        for action in (self.print_selected, self.print_results, self.print_everyone):
            self.print_menu.addAction(action)
        self.print_selected.triggered.connect(self.print_selected_badge)
        self.print_results.triggered.connect(self.print_result_badges)
        self.print_everyone.triggered.connect(self.print_all_badges)
        self.print_menu.aboutToShow.connect(self._update_print_menu)
        self.print_button.setMenu(self.print_menu)
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        bar = getattr(page, "top_bar", None)
        if isinstance(bar, QHBoxLayout):
            for button in (self.camera_button, self.picture_button, self.print_button):
                bar.insertWidget(bar.count() - 1, button)  # before the sound button
        for keys, slot in (
            ("Ctrl+K", self.camera_button.toggle),
            ("Ctrl+I", self.choose_picture),
            ("Ctrl+P", self._open_print_menu),
        ):
            QShortcut(
                QKeySequence(keys),
                page,
                slot,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        self.drops = PictureDropFilter(page, self.scan_picture_file, self.scan_picture_image)

    def _tool_button(self, name: str, text: str, tip: str, icon_name: str) -> QToolButton:
        button = QToolButton(self._page)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        button.setIcon(icon(icon_name))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    # -- camera ------------------------------------------------------------------------------

    def show_camera(self, shown: bool) -> None:
        """Show the camera panel beside the verdict and start the camera, or hide both."""
        if self.camera_button.isChecked() != shown:
            self.camera_button.setChecked(shown)  # comes back here through toggled
            return
        if shown:
            try:
                panel = self._camera_panel()
            except ImportError as exc:  # QtMultimedia links to the system's libpulse0
                self.camera_button.setChecked(False)
                self.camera_button.setToolTip(f"No camera: Qt Multimedia does not load ({exc})")
                self._page.verdict.show_idle(
                    "No camera here: it needs the system's libpulse0. "
                    "Scan with a scanner or from a picture (Ctrl+I)."
                )
                return
            panel.show()
            if panel.chooser.count() and not panel.running:
                panel.start_button.setChecked(True)
            panel.chooser.setFocus()
        elif self.camera is not None:
            self.camera.hide()  # stops the camera
            self._page.search_panel.search.setFocus()

    def _camera_panel(self) -> CameraPanel:
        if self.camera is None:
            from sci4dl_desktop.ui.desk.camera import CameraPanel

            panel = CameraPanel(self._page)
            width = panel.fontMetrics().averageCharWidth() * 46
            panel.setMinimumWidth(max(340, width))
            panel.setMaximumWidth(max(420, width * 3 // 2))
            panel.payload_read.connect(self._page.scan)
            row = getattr(self._page, "verdict_row", None)
            if isinstance(row, QHBoxLayout):
                row.addWidget(panel)
            self.drops.watch(panel)
            self.camera = panel
        return self.camera

    # -- pictures ----------------------------------------------------------------------------

    def choose_picture(self) -> None:
        settings = self._context.settings
        folder = str(
            settings.value(PICTURE_FOLDER_KEY, "") or ""
        ) or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        chosen, _filter = QFileDialog.getOpenFileName(
            self._page, "Scan a badge from a picture", folder, PICTURE_FILTER
        )
        if chosen:
            settings.setValue(PICTURE_FOLDER_KEY, str(Path(chosen).parent))
            self.scan_picture_file(Path(chosen))

    def scan_picture_file(self, path: Path) -> None:
        """Decode a picture file off the GUI thread, then check in the badge it shows."""
        self._page.verdict.show_idle(f"Reading {path.name}…")
        self._context.tasks.run(lambda: scan_file(path), self._picture_scanned, self._failed)

    def scan_picture_image(self, image: QImage, name: str) -> None:
        copy = QImage(image)
        self._context.tasks.run(lambda: scan_image(copy, name), self._picture_scanned, self._failed)

    def _picture_scanned(self, result: PictureScan) -> None:
        if not isValid(self._page):
            return
        self.last_picture = result
        if result.payload is not None:
            self._page.scan(result.payload)
            return
        self._page.verdict.show_problem(
            f"No badge code found in {result.name}",
            f"{result.problem[:1].upper()}{result.problem[1:]}. Nothing was recorded: "
            "scan the badge itself, or search by name (Ctrl+F).",
        )
        self._page.sounds.play(VerdictState.REFUSED)

    def _failed(self, exc: BaseException) -> None:
        self._picture_scanned(PictureScan("the picture", None, f"it could not be read ({exc})"))

    # -- printing ----------------------------------------------------------------------------

    def _open_print_menu(self) -> None:
        """Ctrl+P: the print menu under its button (without waiting for it to close)."""
        button = self.print_button
        self.print_menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
        self.print_menu.setActiveAction(self.print_menu.actions()[0])

    def _update_print_menu(self) -> None:
        panel = self._page.search_panel
        current = panel.current()
        self.print_selected.setEnabled(current is not None)
        self.print_selected.setText(
            f"Badge of the &selected attendee ({current.name})…"
            if current
            else "Badge of the &selected attendee…"
        )
        results = panel.model.rowCount()
        self.print_results.setEnabled(results > 0)
        self.print_results.setText(f"Badges of the search &results ({results})…")

    def print_selected_badge(self) -> None:
        current = self._page.search_panel.current()
        if current is not None:
            self.print_badges([current.id])

    def print_result_badges(self) -> None:
        model = self._page.search_panel.model
        rows = (model.attendee(row) for row in range(model.rowCount()))
        ids = [row.id for row in rows if row is not None]
        if ids:
            self.print_badges(ids)

    def print_all_badges(self) -> None:
        database = self._context.database

        def everyone() -> list[int]:
            event_id = database.event().id
            with database.session() as session:
                rows = session.execute(
                    select(Attendee.id, Attendee.name).where(Attendee.event_id == event_id)
                ).all()
            return [row.id for row in sorted(rows, key=lambda r: (fold(r.name), r.id))]

        def failed(exc: BaseException) -> None:
            if isValid(self._page):
                self._page.verdict.show_idle(f"Cannot read the attendee list: {exc}.")

        self._context.tasks.run(everyone, self.print_badges, failed)

    def print_badges(self, attendee_ids: Sequence[int]) -> None:
        if not isValid(self._page):
            return
        from sci4dl_desktop.ui.printing.badges import print_badges

        print_badges(
            self._page, self._context.database, list(attendee_ids), settings=self._context.settings
        )


__all__ = ["DeskTools"]
