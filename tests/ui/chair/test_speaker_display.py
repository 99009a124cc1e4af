"""The speaker display, the timer settings, the speakers' check-in and the chime."""

from __future__ import annotations

import pytest
from chair_helpers import at, check_in_first_speaker
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QDoubleSpinBox
from pytestqt.qtbot import QtBot

from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.domain.timer import Phase
from sci4dl_desktop.domain.timer_store import load_thresholds
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import (
    Person,
    SessionSpeaker,
)
from sci4dl_desktop.ui.chair.page import ChairPage
from sci4dl_desktop.ui.chair.settings_dialog import ThresholdsDialog
from sci4dl_desktop.ui.chair.sound import should_ring
from sci4dl_desktop.ui.chair.speaker_display import ScreenChooser
from sci4dl_desktop.ui.chair.timer_face import compute_layout
from sci4dl_desktop.ui.context import AppContext


def start_contributed_talk(qtbot: QtBot, page: ChairPage, clock: FakeClock) -> None:
    clock.current = at("11:00")
    page.refresh()
    assert page.card.title.text() == "Contributed talk 1"
    qtbot.keyClick(page, Qt.Key.Key_Space)


def test_overtime_counts_up_with_the_word_overtime_on_the_speaker_display(
    qtbot: QtBot, page: ChairPage, nine: FakeClock
) -> None:
    display = page.speaker_display()
    qtbot.addWidget(display)
    start_contributed_talk(qtbot, page, nine)
    nine.advance(13 * 60)
    qtbot.waitUntil(lambda: display.face.word() == "Wrap up")
    assert (display.face.text(), display.face.tone()) == ("02:00", "wrap_up")
    nine.advance(60)
    qtbot.waitUntil(lambda: display.face.word() == "Final minute")
    nine.advance(90)
    qtbot.waitUntil(lambda: display.face.text() == "+00:30")
    assert (display.face.word(), display.face.tone()) == ("Overtime", "overtime")


def test_the_chairs_message_appears_on_the_display_and_clears(
    qtbot: QtBot, page: ChairPage, nine: FakeClock
) -> None:
    display = page.speaker_display()
    qtbot.addWidget(display)
    qtbot.keyClick(page, Qt.Key.Key_Space)
    qtbot.keyClicks(page.message_edit, "5 minutes for questions")
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    assert display.face.message() == "5 minutes for questions"
    assert "5 minutes for questions" in display.face.accessibleDescription()
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert display.face.message() == ""
    page.presets.setFocus()
    qtbot.keyClick(page.presets, Qt.Key.Key_Down)
    assert display.face.message() == "5 minutes for questions"


def test_the_screen_chooser_puts_the_display_full_screen_and_esc_leaves_it(
    qtbot: QtBot, page: ChairPage
) -> None:
    def choose() -> None:
        chooser = QApplication.activeModalWidget()
        assert isinstance(chooser, ScreenChooser)
        assert chooser.screens.count() == len(QGuiApplication.screens())
        assert "main screen" in chooser.screens.item(0).text()
        qtbot.keyClick(chooser.screens, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose)
    page.choose_display()
    display = page.speaker_display()
    qtbot.addWidget(display)
    qtbot.waitUntil(display.isFullScreen)
    assert display.face.text() == "30:00"
    qtbot.keyClick(display, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not display.isFullScreen())
    assert display.isVisible()
    qtbot.keyClick(display, Qt.Key.Key_F11)
    qtbot.waitUntil(display.isFullScreen)


def test_the_chairs_keys_work_while_the_display_has_the_focus(
    qtbot: QtBot, page: ChairPage, nine: FakeClock
) -> None:
    display = page.speaker_display()
    qtbot.addWidget(display)
    display.show()
    display.activateWindow()
    qtbot.waitUntil(display.isActiveWindow)
    display.setFocus()
    qtbot.keyClick(display, Qt.Key.Key_Space)
    nine.advance(10)
    qtbot.waitUntil(lambda: display.face.text() == "29:50")


def test_thresholds_changed_in_the_settings_take_effect_and_are_stored(
    qtbot: QtBot, page: ChairPage, app_context: AppContext, nine: FakeClock
) -> None:
    qtbot.keyClick(page, Qt.Key.Key_Space)
    nine.advance(22 * 60)
    qtbot.waitUntil(lambda: page.face.text() == "08:00")
    assert page.face.word() == "Time left"

    def set_ten_minutes() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ThresholdsDialog)
        spin = dialog.spin(SessionKind.INVITED_TALK, "wrap_up")
        assert spin.accessibleName() == "Wrap up at for invited talks"
        spin.selectAll()
        qtbot.keyClicks(spin, "10")
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, set_ten_minutes)
    page.open_settings()
    qtbot.waitUntil(lambda: page.face.word() == "Wrap up")
    with app_context.database.session() as s:
        stored = load_thresholds(s)
    assert stored.for_kind(SessionKind.INVITED_TALK).wrap_up == 600
    assert stored.for_kind(SessionKind.CONTRIBUTED_TALK).wrap_up == 120


def test_the_settings_refuse_a_wrap_up_after_the_final_minute(qtbot: QtBot) -> None:
    dialog = ThresholdsDialog({})
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    spin = dialog.spin(SessionKind.PANEL, "wrap_up")
    assert isinstance(spin, QDoubleSpinBox)
    spin.setValue(0.5)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # not accepted
    assert dialog.problem.text().startswith("Panel: wrap-up (0.5 min) must come before")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults),
        Qt.MouseButton.LeftButton,
    )
    assert spin.value() == 10.0
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.thresholds()[SessionKind.PANEL].wrap_up == 600


def test_the_speakers_check_in_shows_from_any_desk(
    qtbot: QtBot, page: ChairPage, app_context: AppContext
) -> None:
    assert "not checked in yet" in page.card.speakers.text()
    with app_context.database.transaction() as s:
        talk = check_in_first_speaker(s, "Invited talk 1", "08:52", "Desk 1")
        guest = Person(event_id=talk.event_id, name="Ada Guest", affiliation="Nowhere")
        s.add(guest)
        s.flush()
        talk.speaker_links.append(SessionSpeaker(person_id=guest.id))
    assert "not checked in yet" in page.card.speakers.text()  # another computer's desk
    page.reload_timer.timeout.emit()  # the page looks again every 30 s
    text = page.card.speakers.text()
    assert "Jascha Sohl-Dickstein (Anthropic)</b> — checked in 08:52" in text
    assert "Ada Guest (Nowhere)</b> — no registration record" in text


def test_the_chime_rings_once_per_phase_entered_when_switched_on(
    qtbot: QtBot, page: ChairPage, nine: FakeClock, monkeypatch: object
) -> None:
    played: list[str] = []

    class Effect:
        def play(self) -> None:
            played.append("chime")

    page.chime._load = Effect  # type: ignore[method-assign,assignment]  # no sound device in CI
    qtbot.keyClick(page, Qt.Key.Key_Space)
    nine.advance(26 * 60)
    qtbot.waitUntil(lambda: page.face.word() == "Wrap up")
    assert played == []  # off by default
    qtbot.mouseClick(page.chime_box, Qt.MouseButton.LeftButton)
    assert page.chime.enabled
    nine.advance(3 * 60 + 30)
    qtbot.waitUntil(lambda: page.face.word() == "Final minute")
    nine.advance(45)
    qtbot.waitUntil(lambda: page.face.word() == "Overtime")
    assert played == ["chime", "chime"]
    qtbot.keyClick(page, Qt.Key.Key_Plus)  # back to the final minute: silent
    page.tick()
    assert played == ["chime", "chime"]


def test_should_ring_only_forwards() -> None:
    assert should_ring(Phase.NORMAL, Phase.WRAP_UP)
    assert should_ring(Phase.FINAL_MINUTE, Phase.QUESTIONS)
    assert should_ring(Phase.QUESTIONS, Phase.FINAL_MINUTE)
    assert should_ring(Phase.FINAL_MINUTE, Phase.OVERTIME)
    assert not should_ring(Phase.OVERTIME, Phase.FINAL_MINUTE)
    assert not should_ring(Phase.WRAP_UP, Phase.NORMAL)
    assert not should_ring(None, Phase.OVERTIME)


def test_numerals_keep_their_size_and_place_from_countdown_into_overtime() -> None:
    size = QSize(3840, 2160)
    countdown = compute_layout(size, "00:00", with_message=False)
    overtime = compute_layout(size, "+00:00", with_message=False)
    assert countdown.numeral_font.pixelSize() == overtime.numeral_font.pixelSize()
    assert countdown.numeral_font.pixelSize() > 800  # readable across a room
    assert len({countdown.cell[d] for d in "0123456789"}) == 1  # tabular: no jitter
    assert countdown.width_of("11:11") == countdown.width_of("08:08")


def test_the_face_paints_its_numerals_in_the_phase_colour(qtbot: QtBot) -> None:
    from PySide6.QtGui import QImage, QPainter

    from sci4dl_desktop.ui.chair.timer_face import STAGE_COLOURS, TimerFace

    face = TimerFace()
    qtbot.addWidget(face)
    size = QSize(960, 540)
    face.resize(size)

    def coloured_share(text: str, tone: str) -> float:
        face.show_reading(text, "Overtime", tone)
        image = QImage(size, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        face.paint_on(painter, size)
        painter.end()
        wanted = STAGE_COLOURS[tone][1].rgb()
        hits = sum(image.pixel(x, y) == wanted for x in range(0, 960, 4) for y in range(0, 540, 4))
        return hits / (240 * 135)

    one = coloured_share("11:11", "overtime")
    eights = coloured_share("88:88", "overtime")
    assert 0.03 < one < eights  # more ink for 8s than for 1s: each glyph is really drawn
    assert coloured_share("88:88", "normal") == pytest.approx(eights, rel=0.05)


def test_a_check_in_at_a_desk_of_this_app_shows_at_once(
    qtbot: QtBot, page: ChairPage, app_context: AppContext
) -> None:
    with app_context.database.transaction() as s:
        check_in_first_speaker(s, "Invited talk 1", "08:40", "Desk 2")
    app_context.signals.data_changed.emit("check_ins")
    assert "checked in 08:40" in page.card.speakers.text()
