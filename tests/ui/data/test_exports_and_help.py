"""File > Export writes every format as a real file; Help > CSV columns shows the core's columns."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from data_helpers import WindowFactory
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from sci4dl_desktop.io.csvspec import ATTENDEES, CSV_FORMATS
from sci4dl_desktop.io.progress import Cancelled, CancelToken
from sci4dl_desktop.ui.data.export_formats import EXPORT_FORMATS
from sci4dl_desktop.ui.data.exports import write_export
from sci4dl_desktop.ui.main_window import MainWindow


def _export(window: MainWindow, key: str, target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def choose(_parent: object, _title: str, suggested: str, _filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    action = window.menus.data.export_actions[key]
    assert action.isEnabled()
    action.trigger()
    assert asked and Path(asked[0]).name == next(
        f.file_name for f in EXPORT_FORMATS if f.key == key
    )


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_export_writes_a_file_that_parses(
    open_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    out = tmp_path / "out"
    out.mkdir()
    menu_texts = [a.text() for a in window.menus.data.export_menu.actions()]
    assert menu_texts == [f.label for f in EXPORT_FORMATS]

    for spec in EXPORT_FORMATS:
        _export(window, spec.key, out / spec.file_name, monkeypatch)
        assert (out / spec.file_name).is_file(), spec.key
        assert window.statusBar().currentMessage().startswith(f"Exported {spec.file_name} (")

    package = json.loads((out / "event-package.json").read_text("utf-8"))
    assert package["format"] == "sci4dl-event-package"
    assert len(package["tables"]["attendees"]) == 700
    attendees = _rows(out / "attendees.csv")
    assert len(attendees) == 700 and attendees[0]["Email"].endswith("@speakers.example.org")
    assert len(_rows(out / "sessions.csv")) == 16
    assert len(_rows(out / "posters.csv")) == 150
    assert len(_rows(out / "pairings.csv")) == 40
    root = ElementTree.parse(out / "schedule.xml").getroot()
    assert root.tag == "schedule" and len(root.findall(".//event")) == 16
    schedule = json.loads((out / "schedule.json").read_text("utf-8"))
    assert schedule["schedule"]["conference"]["time_zone_name"] == "America/Sao_Paulo"
    pdf = (out / "program.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(out / "program.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Invited talk 1" in text and "Poster session 2" in text
    assert not list(out.glob(".*"))  # no temporary files left behind


def test_a_cancelled_export_leaves_the_old_file(open_window: WindowFactory, tmp_path: Path) -> None:
    window = open_window()
    assert window.context is not None
    out = tmp_path / "out"
    out.mkdir()
    target = out / "attendees.csv"
    target.write_text("the previous export\n", encoding="utf-8")
    token = CancelToken()
    # Cancel is pressed while the file is being produced.
    with pytest.raises(Cancelled):
        write_export(
            window.context.database, "csv-attendees", target, lambda _p: token.cancel(), token
        )
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in out.iterdir()] == ["attendees.csv"]  # the temporary file is gone


def test_data_actions_are_disabled_without_an_event(open_window: WindowFactory) -> None:
    window = open_window()
    data = window.menus.data
    assert data.import_action.isEnabled() and data.export_menu.isEnabled()
    window.close_event()
    assert not data.import_action.isEnabled()
    assert not data.export_menu.isEnabled()
    assert not data.export_actions["package"].isEnabled()
    assert data.start_import([Path("anything.csv")]) is None


def test_csv_help_shows_the_documented_columns(open_window: WindowFactory) -> None:
    window = open_window()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.menus.data.csv_help_action in help_menu.actions()
    window.menus.data.csv_help_action.trigger()
    dialog = window.menus.data.csv_help
    assert dialog is not None and dialog.isVisible()
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "All files",
        *(spec.title for spec in CSV_FORMATS),
    ]
    attendees = dialog.pages["attendees"].toPlainText()
    for column in ATTENDEES.columns:
        assert column.title in attendees
    assert "E-mail address" in attendees  # a synonym
    assert "Windows-1252" in dialog.pages["rules"].toPlainText()
    dialog.tabs.setCurrentIndex(1)
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == ATTENDEES.example
