"""Parts of the desk page: the scanner detector's timing, item models, colours, sounds."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from sci4dl_desktop.domain.checkin_types import AttendeeSummary
from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.store.checkins import AuditRow
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.ui.context import AppContext
from sci4dl_desktop.ui.desk.models import AttendeeResultsModel, AuditLogModel
from sci4dl_desktop.ui.desk.scanner import ScannerBurstFilter
from sci4dl_desktop.ui.desk.sounds import SOUND_FILES, VerdictSounds, sound_path
from sci4dl_desktop.ui.desk.verdict_panel import IDLE, PROBLEM, state_colours
from sci4dl_desktop.ui.pages import PAGES, Role
from sci4dl_desktop.ui.theme import make_palette

ZONE = ZoneInfo("America/Sao_Paulo")
TOKEN = "S4D1:AAAAAA:S26-0001:1:ABCDEFGHIJKLMNOP"


class SteppingTime:
    """A time source that moves on by `step` seconds every time it is read."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def field(qtbot: QtBot) -> Iterator[QLineEdit]:
    host = QWidget()  # stands for the desk page
    qtbot.addWidget(host)
    line = QLineEdit(host)
    QVBoxLayout(host).addWidget(line)
    host.show()
    qtbot.waitExposed(host)
    yield line


def make_filter(field: QLineEdit, step: float) -> tuple[ScannerBurstFilter, list[str]]:
    page = field.parentWidget()
    assert page is not None
    detector = ScannerBurstFilter(page, time_source=SteppingTime(step))
    scans: list[str] = []
    detector.scanned.connect(scans.append)
    detector.install()
    return detector, scans


def test_fast_burst_is_a_scan(qtbot: QtBot, field: QLineEdit) -> None:
    detector, scans = make_filter(field, step=0.004)
    qtbot.keyClicks(field, TOKEN)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    detector.remove()
    assert scans == [TOKEN] and field.text() == ""


def test_slow_typing_of_the_same_text_is_not_a_scan(qtbot: QtBot, field: QLineEdit) -> None:
    detector, scans = make_filter(field, step=0.2)  # a person: 200 ms between keys
    qtbot.keyClicks(field, TOKEN)
    qtbot.waitUntil(lambda: field.text() == TOKEN, timeout=2000)
    detector.remove()
    assert scans == []


def test_a_scan_without_enter_ends_when_the_keys_stop(qtbot: QtBot, field: QLineEdit) -> None:
    detector, scans = make_filter(field, step=0.004)
    qtbot.keyClicks(field, TOKEN)
    assert scans == []  # still waiting for more keys
    qtbot.waitUntil(lambda: scans == [TOKEN], timeout=2000)
    detector.remove()
    assert field.text() == ""


def test_keys_outside_the_page_are_left_alone(qtbot: QtBot, field: QLineEdit) -> None:
    other = QLineEdit()
    qtbot.addWidget(other)
    detector, scans = make_filter(field, step=0.004)
    qtbot.keyClicks(other, TOKEN)
    detector.remove()
    assert other.text() == TOKEN and scans == []


def summary(i: int, checked_in: bool) -> AttendeeSummary:
    return AttendeeSummary(
        id=i,
        name=f"Person {i}",
        email=f"p{i}@example.org",
        affiliation="EPFL",
        category=AttendeeCategory.STUDENT,
        badge_serial=f"S26-{i:04d}",
        badge_revision=2 if i == 2 else 1,
        checked_in_at=datetime(2026, 4, 26, 12, 2, tzinfo=UTC) if checked_in else None,
        checked_in_desk="Desk 2" if checked_in else "",
    )


def test_results_model(qtbot: QtBot) -> None:
    model = AttendeeResultsModel(ZONE)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows([summary(1, True), summary(2, False)])
    assert model.rowCount() == 2 and model.columnCount() == 6
    assert model.index(0, 5).data() == "Yes, 09:02 at Desk 2"
    assert model.index(1, 4).data() == "S26-0002 (rev. 2)"
    assert model.row_of(2) == 1 and model.row_of(3) is None
    assert "Not yet" in model.index(1, 0).data(Qt.ItemDataRole.AccessibleTextRole)


def test_audit_model(qtbot: QtBot) -> None:
    model = AuditLogModel(ZONE)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    at = datetime(2026, 4, 26, 12, 2, 5, tzinfo=UTC)
    model.set_rows([AuditRow(1, at, "Desk 2", "scan_refused", None, "", "forged: ...")])
    assert [model.index(0, c).data() for c in range(5)] == [
        "09:02:05",
        "Desk 2",
        "Scan refused",
        "",
        "forged: ...",
    ]


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize(
    "state", [VerdictState.ADMITTED, VerdictState.ALREADY, VerdictState.REFUSED, PROBLEM]
)
def test_verdict_colours_read_in_both_palettes(qapp: object, state: str, dark: bool) -> None:
    palette = make_palette(dark)
    strong, tint = state_colours(state, palette)
    assert tint is not None
    text = palette.color(QPalette.ColorRole.WindowText)
    base = palette.color(QPalette.ColorRole.Base)
    assert contrast(text, tint) >= 7.0  # the headline on the tinted panel (AAA)
    assert contrast(strong, tint) >= 3.0  # the icon and the state word against the panel
    assert contrast(base, strong) >= 3.0  # the glyph inside the icon
    assert state_colours(IDLE, palette)[1] is None


def test_sound_files_are_small_distinct_wavs(qapp: object) -> None:
    contents = set()
    for state in SOUND_FILES:
        path = sound_path(state)
        assert path.stat().st_size < 20_000
        with wave.open(str(path)) as sound:
            assert sound.getnchannels() == 1 and sound.getsampwidth() == 2
            assert 0.2 <= sound.getnframes() / sound.getframerate() <= 0.6
        contents.add(path.read_bytes())
    assert len(contents) == 3


@pytest.mark.qt_log_ignore(
    "Couldn't (load|resolve)", "PulseAudioService", "QSoundEffect", "Using Qt multimedia"
)
def test_each_verdict_has_its_own_sound_effect(qapp: object, tmp_path: object) -> None:
    settings = QSettings(f"{tmp_path}/s.ini", QSettings.Format.IniFormat)
    sounds = VerdictSounds(settings)
    sources = {sounds.effect(state).source().toLocalFile() for state in SOUND_FILES}
    assert sources == {str(sound_path(state)) for state in SOUND_FILES}
    assert sounds.play(VerdictState.ADMITTED) is True  # no audio device here: must not crash
    sounds.set_enabled(False)
    assert sounds.play(VerdictState.REFUSED) is False


def test_desk_page_is_registered_for_the_desk_role(app_context: AppContext) -> None:
    [spec] = [p for p in PAGES if p.key == "desk"]
    assert spec.role is Role.DESK and spec.icon == "desk" and not spec.in_kiosk
    page = spec.build(app_context)
    try:
        assert page.objectName() == "page-desk"
    finally:
        page.deleteLater()
