"""The main window's data actions: File > Import…, File > Export ▸, Help > CSV columns….

    install_data_actions(window, file_menu, help_menu, before=close_action)

The actions work on the window's open event (`window.context`) and are disabled while
none is open and in kiosk mode. Import asks for the files, then shows the preview
dialog; nothing is written before the person presses Import there.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from sci4dl_desktop.ui.data.export_formats import EXPORT_FORMATS
from sci4dl_desktop.ui.icons import icon

if TYPE_CHECKING:  # the database layer loads when first used, not with the window
    from sci4dl_desktop.io.apply import ApplyReport
    from sci4dl_desktop.ui.context import AppContext
    from sci4dl_desktop.ui.data.csv_help import CsvHelpDialog
    from sci4dl_desktop.ui.data.exports import Exporter
    from sci4dl_desktop.ui.data.import_dialog import ImportDialog

IMPORT_FOLDER_KEY = "data/import-folder"
IMPORT_FILTERS = ";;".join(
    (
        "Event data (*.csv *.tsv *.txt *.xml *.json)",
        "CSV files (*.csv *.tsv *.txt)",
        "frab schedules (*.xml *.json)",
        "OpenReview notes and event packages (*.json)",
        "All files (*)",
    )
)


class DataActions(QObject):
    def __init__(
        self,
        window: QMainWindow,
        file_menu: QMenu,
        help_menu: QMenu | None = None,
        before: QAction | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.import_dialog: ImportDialog | None = None
        self.csv_help: CsvHelpDialog | None = None

        self.import_action = QAction(icon("import"), "&Import…", window)
        self.import_action.setObjectName("action-import")
        self.import_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.import_action.setStatusTip(
            "Import frab schedules, OpenReview notes, CSV files or an event package, "
            "with a preview before anything is written"
        )
        self.import_action.triggered.connect(lambda _checked=False: self.start_import())
        window.addAction(self.import_action)

        self.export_menu = QMenu("&Export", window)
        self.export_menu.setObjectName("menu-export")
        self.export_menu.setIcon(icon("export"))
        self._exporter: Exporter | None = None
        self.export_actions: dict[str, QAction] = {}
        for spec in EXPORT_FORMATS:
            action = self.export_menu.addAction(spec.label)
            action.setObjectName(f"action-export-{spec.key}")
            action.triggered.connect(partial(self._export, spec.key))
            self.export_actions[spec.key] = action

        file_menu.insertAction(before, self.import_action)  # type: ignore[arg-type]
        file_menu.insertMenu(before, self.export_menu)  # type: ignore[arg-type]
        file_menu.insertSeparator(before)  # type: ignore[arg-type]

        self.csv_help_action = QAction("&CSV columns…", window)
        self.csv_help_action.setObjectName("action-csv-help")
        self.csv_help_action.setStatusTip(
            "The columns of the CSV files the app imports and exports"
        )
        self.csv_help_action.triggered.connect(lambda _checked=False: self.show_csv_help())
        if help_menu is not None:
            first = help_menu.actions()[0] if help_menu.actions() else None
            help_menu.insertAction(first, self.csv_help_action)  # type: ignore[arg-type]
            if first is not None:
                help_menu.insertSeparator(first)

        for name in ("event_opened", "event_closed"):
            signal = getattr(window, name, None)
            if signal is not None:
                signal.connect(self.sync)
        self.sync()

    # -- state ------------------------------------------------------------------------

    def context(self) -> AppContext | None:
        """The open event's context, or None (no event, or a kiosk)."""
        context: AppContext | None = getattr(self.window, "context", None)
        if context is None or context.kiosk:
            return None
        return context

    def _settings(self) -> QSettings:
        settings = getattr(self.window, "settings", None)
        return settings if isinstance(settings, QSettings) else QSettings()

    def sync(self) -> None:
        """Enable the actions when an event is open (and this is no kiosk)."""
        enabled = self.context() is not None
        self.import_action.setEnabled(enabled)
        self.export_menu.setEnabled(enabled)
        for action in self.export_actions.values():
            action.setEnabled(enabled)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15_000)

    def _problem(self, title: str, text: str) -> None:
        report = getattr(self.window, "report_problem", None)
        if callable(report):
            report(title, text)
            return
        QMessageBox.warning(self.window, title, text)

    # -- import -----------------------------------------------------------------------

    def start_import(self, paths: Sequence[Path] | None = None) -> ImportDialog | None:
        context = self.context()
        if context is None:
            return None
        if paths is None:
            settings = self._settings()
            folder = str(settings.value(IMPORT_FOLDER_KEY, "") or "") or str(Path.home())
            chosen, _ = QFileDialog.getOpenFileNames(
                self.window, "Import event data", folder, IMPORT_FILTERS
            )
            if not chosen:
                return None
            paths = [Path(p) for p in chosen]
            settings.setValue(IMPORT_FOLDER_KEY, str(paths[0].parent))
        from sci4dl_desktop.ui.data.import_dialog import ImportDialog

        dialog = ImportDialog(context, paths, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        dialog.destroyed.connect(lambda: setattr(self, "import_dialog", None))
        self.import_dialog = dialog
        dialog.open()
        dialog.check()
        return dialog

    def _imported(self, report: ApplyReport) -> None:
        lines = report.lines()
        self._status("Imported: " + ("; ".join(lines) if lines else "the event package"))

    # -- export and help -------------------------------------------------------------

    @property
    def exporter(self) -> Exporter:
        if self._exporter is None:
            from sci4dl_desktop.ui.data.exports import Exporter

            self._exporter = Exporter(self.context, self._settings(), self.window)
            self._exporter.finished.connect(self._status)
            self._exporter.failed.connect(self._problem)
        return self._exporter

    def _export(self, key: str, _checked: bool = False) -> None:
        self.exporter.choose_and_export(key)

    def show_csv_help(self, key: str | None = None) -> CsvHelpDialog:
        if self.csv_help is None:
            from sci4dl_desktop.ui.data.csv_help import CsvHelpDialog

            self.csv_help = CsvHelpDialog(self.window)
        if key is not None:
            self.csv_help.show_format(key)
        if self.csv_help.isVisible():  # already open behind the window: bring it forward
            self.csv_help.raise_()
            self.csv_help.activateWindow()
        else:
            self.csv_help.show()
        return self.csv_help


def install_data_actions(
    window: QMainWindow,
    file_menu: QMenu,
    help_menu: QMenu | None = None,
    before: QAction | None = None,
) -> DataActions:
    """Add Import…, the Export submenu and CSV help to the window's menus."""
    return DataActions(window, file_menu, help_menu, before)


__all__ = ["DataActions", "install_data_actions"]
