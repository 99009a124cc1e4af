"""File > Import as an organiser uses it: choose files, read the preview, import or correct."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from data_helpers import WindowFactory, count_rows
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.store.models import Attendee
from sci4dl_desktop.ui.data.import_dialog import ImportDialog
from sci4dl_desktop.ui.main_window import MainWindow
from sci4dl_desktop.ui.tasks import ThreadPoolRunner

NEW_ATTENDEES = (
    "Name,E-mail address,Affiliation,Ticket type\n"
    "Ana Souza,ana.souza@example.org,Universidade de São Paulo,PhD student\n"
    "Bo Chen,bo.chen@example.org,Tsinghua University,academic\n"
    "Chloé Dubois,chloe.dubois@example.fr,Université Paris-Saclay,industry\n"
    # the demo's first attendee, with a new affiliation: matched by email, changed
    "Jascha Sohl-Dickstein,jascha.sohldickstein@speakers.example.org,Flatiron Institute,speaker\n"
)


def _choose(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *args, **kwargs: ([str(p) for p in paths], "")),
    )


def _import_from_menu(window: MainWindow) -> ImportDialog:
    action = window.menus.data.import_action
    assert action.isEnabled()
    action.trigger()
    dialog = window.menus.data.import_dialog
    assert dialog is not None
    return dialog


def _cell(dialog: ImportDialog, action: str, row: int, column: int) -> str:
    _view, model = dialog.change_views[action]
    return str(model.index(row, column).data())


def test_import_a_csv_previews_then_writes_it(
    qtbot: QtBot, open_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    assert window.context is not None
    database = window.context.database
    before = count_rows(database, Attendee)
    source = tmp_path / "registrations.csv"
    source.write_text(NEW_ATTENDEES, encoding="utf-8")
    _choose(monkeypatch, source)
    topics: list[str] = []
    window.context.signals.data_changed.connect(topics.append)

    dialog = _import_from_menu(window)

    assert dialog.isVisible()
    assert dialog.counts.text() == "New: 3   ·   Changed: 1   ·   Unchanged: 0   ·   Refused: 0"
    assert "registrations.csv (attendees CSV" in dialog.summary.toPlainText()
    assert dialog.read_as[source].text().startswith("attendees CSV, UTF-8")
    assert dialog.tabs.tabText(2) == "Changed (1)"
    assert _cell(dialog, "change", 0, 3) == "affiliation: Anthropic → Flatiron Institute"
    assert [_cell(dialog, "add", r, 1) for r in range(3)] == [
        "Ana Souza <ana.souza@example.org>",
        "Bo Chen <bo.chen@example.org>",
        "Chloé Dubois <chloe.dubois@example.fr>",
    ]
    assert count_rows(database, Attendee) == before  # nothing written by the preview
    assert dialog.import_button.isEnabled()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert count_rows(database, Attendee) == before + 3
    with database.session() as session:
        jascha = session.scalars(
            select(Attendee).where(Attendee.email == "jascha.sohldickstein@speakers.example.org")
        ).one()
        assert jascha.affiliation == "Flatiron Institute"
        ana = session.scalars(select(Attendee).where(Attendee.name == "Ana Souza")).one()
        assert ana.category.value == "student" and ana.badge_serial == "S26-0701"
    assert topics == ["attendees"]
    assert window.statusBar().currentMessage().startswith("Imported: attendees: 3 added, 1 changed")


def test_a_bad_row_is_shown_and_import_stays_disabled(
    qtbot: QtBot, open_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    assert window.context is not None
    database = window.context.database
    before = count_rows(database, Attendee)
    source = tmp_path / "attendees.csv"
    source.write_text(
        "Name,Email,Category\n"
        "Ana Souza,ana.souza@example.org,student\n"
        "Bo Chen,bo.chen(at)example.org,academic\n",
        encoding="utf-8",
    )
    _choose(monkeypatch, source)

    dialog = _import_from_menu(window)

    assert not dialog.import_button.isEnabled()
    assert dialog.tabs.currentIndex() == 0 and dialog.tabs.tabText(0) == "Refused (1)"
    model = dialog.problems_model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[:4] == ["attendees.csv", "row 3", "Email", "bo.chen(at)example.org"]
    assert row[4] == "'bo.chen(at)example.org' is not an e-mail address"
    assert row[5] == "check for a missing @ or a space"
    assert "Nothing can be imported while 1 problem remains" in dialog.verdict.text()
    assert "all or nothing" in dialog.verdict.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # disabled: no effect
    assert count_rows(database, Attendee) == before
    qtbot.mouseClick(dialog.help_button, Qt.MouseButton.LeftButton)
    assert dialog.csv_help is not None and dialog.csv_help.isVisible()
    assert dialog.csv_help.tabs.tabText(dialog.csv_help.tabs.currentIndex()) == "Attendees"
    dialog.csv_help.close()

    # The organiser corrects the file and checks again.
    source.write_text(source.read_text().replace("(at)", "@"), encoding="utf-8")
    qtbot.mouseClick(dialog.recheck_button, Qt.MouseButton.LeftButton)
    assert dialog.tabs.tabText(0) == "Refused (0)"
    assert dialog.import_button.isEnabled()
    dialog.reject()
    assert count_rows(database, Attendee) == before


def test_choosing_another_format_checks_the_file_again(
    qtbot: QtBot, open_window: WindowFactory, tmp_path: Path
) -> None:
    window = open_window()
    source = tmp_path / "people.csv"
    source.write_text(NEW_ATTENDEES, encoding="utf-8")
    dialog = window.menus.data.start_import([source])
    assert dialog is not None
    box = dialog.format_boxes[source]
    assert box.accessibleName() == "Format of people.csv"

    box.setCurrentIndex(box.findData("csv-posters"))

    assert dialog.read_as[source].text().startswith("posters CSV")
    assert not dialog.import_button.isEnabled()
    problems = [
        dialog.problems_model.index(r, 4).data() for r in range(dialog.problems_model.rowCount())
    ]
    assert any("Title" in p for p in problems)

    box.setCurrentIndex(0)  # detect again
    assert dialog.read_as[source].text().startswith("attendees CSV")
    assert dialog.import_button.isEnabled()
    dialog.reject()


def test_a_file_of_unknown_format_says_so(open_window: WindowFactory, tmp_path: Path) -> None:
    window = open_window()
    source = tmp_path / "notes.json"
    source.write_text('{"hello": "world"}', encoding="utf-8")
    dialog = window.menus.data.start_import([source])
    assert dialog is not None
    assert dialog.read_as[source].text() == "not read: see Refused below"
    message = dialog.problems_model.index(0, 4).data()
    assert "neither an event package, a frab schedule.json nor OpenReview notes" in message
    assert (
        dialog.problems_model.index(0, 5).data() == "choose its format in the list of files above"
    )
    assert not dialog.import_button.isEnabled()
    dialog.reject()


def _big_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Email", "Affiliation", "Category"])
        for n in range(rows):
            writer.writerow([f"Attendee {n}", f"attendee{n}@example.org", "University", "student"])


def test_a_50000_row_import_keeps_the_window_responsive_and_cancels_cleanly(
    qtbot: QtBot, open_window: WindowFactory, tmp_path: Path
) -> None:
    runner = ThreadPoolRunner()
    window = open_window(tasks=runner)
    assert window.context is not None
    database = window.context.database
    before = count_rows(database, Attendee)
    source = tmp_path / "big.csv"
    _big_csv(source, 50_000)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    phases: list[str] = []

    dialog = window.menus.data.start_import([source])
    assert dialog is not None and dialog.job is not None
    dialog.progressed.connect(lambda p: phases.append(p.phase))
    assert dialog.progress.isVisible() and dialog.progress.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.job.running, timeout=120_000)  # type: ignore[union-attr]
    # The event loop kept turning while the file was read and checked on the worker.
    assert len(ticks) >= 10
    assert dialog.counts.text().startswith("New: 50,000")
    assert any(p.startswith("Reading big.csv") for p in phases)

    ticks.clear()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(p == "Writing attendees" for p in phases), timeout=120_000)
    qtbot.mouseClick(dialog.progress.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.job.running, timeout=120_000)  # type: ignore[union-attr]
    timer.stop()

    assert dialog.verdict.text() == "Cancelled: nothing was written."
    assert ticks  # the window kept working while writing, too
    assert dialog.isVisible() and dialog.import_button.isEnabled()  # may try again
    assert count_rows(database, Attendee) == before
    dialog.reject()
    runner.wait_for_done()
