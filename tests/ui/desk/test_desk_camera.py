"""The camera scanner: real QR frames through QtMultimedia, decoded off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from badge_frames import PF, Grey, noise, scene, video_frame
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat, QVideoFrameInput
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.store.enums import CheckInAction
from sci4dl_desktop.store.models import Attendee, CheckIn
from sci4dl_desktop.ui.desk import camera as camera_module
from sci4dl_desktop.ui.desk.camera import REARM_SECONDS, CameraPanel
from sci4dl_desktop.ui.desk.frame_decoder import LatestFrameDecoder, decode_frame, luminance
from sci4dl_desktop.ui.desk.page import DeskPage
from sci4dl_desktop.ui.desk.qr_decode import decode_luminance

# offscreen there is no GPU: Qt converts frames for the preview on the CPU and says so
pytestmark = pytest.mark.qt_log_ignore("No RHI backend")

LENKA = "Lenka Zdeborová"
JASCHA = "Jascha Sohl-Dickstein"


def token_of(page: DeskPage, name: str) -> str:
    with page._context.database.session() as s:
        attendee = s.scalars(select(Attendee).where(Attendee.name == name)).one()
    return page.service.token_for(attendee)


def log_actions(page: DeskPage) -> list[CheckInAction]:
    with page._context.database.session() as s:
        return list(s.scalars(select(CheckIn.action).order_by(CheckIn.id)))


@pytest.fixture
def no_cameras(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(camera_module, "camera_devices", lambda: [])


@pytest.fixture
def panel(qtbot: QtBot, page: DeskPage, no_cameras: None) -> Iterator[CameraPanel]:
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    panel = page.tools.camera
    assert panel is not None and panel.isVisible()
    yield panel
    panel.shutdown()


class Feed:
    """A video source for the panel's capture session, as a camera would be."""

    def __init__(self, panel: CameraPanel) -> None:
        self.input = QVideoFrameInput(panel)
        panel.session.setVideoFrameInput(self.input)

    def send(self, frame: QVideoFrame) -> None:
        assert self.input.sendVideoFrame(frame)


def test_a_badge_shown_to_the_camera_is_checked_in_once(
    qtbot: QtBot, page: DeskPage, panel: CameraPanel
) -> None:
    feed = Feed(panel)
    frame = video_frame(scene(token_of(page, LENKA)), PF.Format_NV12)
    feed.send(frame)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED, timeout=5000)
    assert page.verdict.headline.text() == f"Welcome, {LENKA}"
    assert panel.view_stack.currentWidget() is panel.preview  # the live picture is on screen
    for _ in range(5):  # the badge stays in front of the camera for a while
        feed.send(frame)
        qtbot.waitUntil(lambda: panel.decoder.idle, timeout=5000)
    assert log_actions(page) == [CheckInAction.CHECK_IN]
    assert page.verdict.state == VerdictState.ADMITTED  # never turns amber by itself
    assert panel.reads == 1


def test_the_next_badge_and_a_badge_shown_again_later(
    qtbot: QtBot, page: DeskPage, panel: CameraPanel
) -> None:
    now = [100.0]
    panel.time_source = lambda: now[0]
    feed = Feed(panel)
    lenka = video_frame(scene(token_of(page, LENKA)), PF.Format_YUYV)
    feed.send(lenka)
    qtbot.waitUntil(lambda: page.verdict.headline.text() == f"Welcome, {LENKA}", timeout=5000)
    now[0] += 1
    feed.send(video_frame(scene(token_of(page, JASCHA), seed=2), PF.Format_YUYV))
    qtbot.waitUntil(lambda: page.verdict.headline.text() == f"Welcome, {JASCHA}", timeout=5000)
    now[0] += REARM_SECONDS + 1  # Lenka comes back to the desk with her badge
    page._context.clock.advance(60)  # type: ignore[attr-defined]
    feed.send(lenka)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ALREADY, timeout=5000)
    assert LENKA in page.verdict.subline.text()
    assert log_actions(page) == [CheckInAction.CHECK_IN, CheckInAction.CHECK_IN]


def test_frames_without_a_badge_change_nothing(
    qtbot: QtBot, page: DeskPage, panel: CameraPanel
) -> None:
    feed = Feed(panel)
    for grey in (noise(), scene(None), Grey.filled(1280, 720, 0)):
        feed.send(video_frame(grey, PF.Format_NV12))
        qtbot.waitUntil(lambda: panel.decoder.idle, timeout=5000)
    assert panel.decoder.frames_decoded >= 1
    assert page.verdict.state == "idle"
    assert log_actions(page) == []


def test_a_qr_code_that_is_not_a_badge_is_refused(
    qtbot: QtBot, page: DeskPage, panel: CameraPanel
) -> None:
    Feed(panel).send(video_frame(scene("https://example.org/not-a-badge"), PF.Format_NV12))
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.REFUSED, timeout=5000)
    assert page.verdict.headline.text() == "Not a valid badge"


def test_no_camera_says_so_and_the_panel_hides_again_with_ctrl_k(
    qtbot: QtBot, page: DeskPage, panel: CameraPanel
) -> None:
    assert "No camera found" in panel.status.text()
    assert panel.view_stack.currentWidget() is panel.no_picture
    assert not panel.start_button.isEnabled()
    assert not panel.chooser.isEnabled()
    assert panel.accessibleName() == "Camera scanner"
    qtbot.keyClick(panel.chooser, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert not panel.isVisible()
    assert not page.tools.camera_button.isChecked()
    assert page.search_panel.search.hasFocus()


@pytest.mark.parametrize(
    "pixel_format",
    [
        PF.Format_NV12,
        PF.Format_NV21,
        PF.Format_YUV420P,
        PF.Format_YV12,
        PF.Format_YUYV,
        PF.Format_UYVY,
        PF.Format_P010,
        PF.Format_RGBX8888,
        PF.Format_BGRA8888,
        PF.Format_ARGB8888,
        PF.Format_XBGR8888,
    ],
    ids=lambda f: f.name.removeprefix("Format_"),
)
def test_every_camera_pixel_format_decodes(
    qapp: object, pixel_format: QVideoFrameFormat.PixelFormat
) -> None:
    text = "S4D1:ABCDEF:S26-0042:1:ABCDEFGHIJKLMNOP"
    assert decode_frame(video_frame(scene(text), pixel_format)) == [text]


@pytest.mark.parametrize("pixel_format", [PF.Format_NV12, PF.Format_UYVY, PF.Format_BGRA8888])
def test_a_frame_is_read_in_place_not_copied(
    qapp: object, pixel_format: QVideoFrameFormat.PixelFormat
) -> None:
    text = "S4D1:ABCDEF:S26-0042:1:ABCDEFGHIJKLMNOP"
    frame = video_frame(scene(text), pixel_format)
    assert frame.map(QVideoFrame.MapMode.ReadWrite)
    try:
        view = luminance(frame)
        assert view is not None
        assert decode_luminance(view, try_invert=False) == [text]
        plane = memoryview(frame.bits(0))
        plane[:] = b"\x80" * plane.nbytes  # the frame's memory now shows a flat grey
        assert decode_luminance(view, try_invert=False) == []
    finally:
        frame.unmap()


def test_the_decoder_works_off_the_gui_thread_on_the_newest_frame(qtbot: QtBot) -> None:
    gate = threading.Event()
    threads: list[int] = []

    def slow_decode(frame: QVideoFrame) -> list[str]:
        threads.append(threading.get_ident())
        gate.wait(5)
        return decode_frame(frame)

    decoder = LatestFrameDecoder(decode=slow_decode)
    seen: list[list[str]] = []
    decoder.decoded.connect(seen.append)
    frames = {
        text: video_frame(scene(text), PF.Format_NV12) for text in ("FIRST", "B", "C", "NEWEST")
    }
    try:
        decoder.submit(frames["FIRST"])
        qtbot.waitUntil(lambda: len(threads) == 1)  # the worker is busy with the first
        for text in ("B", "C", "NEWEST"):
            decoder.submit(frames[text])
        gate.set()
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
        qtbot.waitUntil(lambda: decoder.idle)
    finally:
        decoder.stop()
    assert seen == [["FIRST"], ["NEWEST"]]  # B and C went stale and were never decoded
    assert decoder.frames_dropped == 2
    assert threading.get_ident() not in threads


def test_hiding_the_page_stops_the_decoder_thread(
    qtbot: QtBot, page: DeskPage, panel: CameraPanel
) -> None:
    Feed(panel).send(video_frame(scene(None), PF.Format_NV12))
    qtbot.waitUntil(lambda: panel.decoder._thread is not None)
    worker = panel.decoder._thread
    assert worker is not None
    page.hide()
    assert not worker.is_alive()
