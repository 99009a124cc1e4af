"""Badges and the camera: decoding throughput and printing 700 badges.

Camera path: 1280x720 camera frames (NV12 and YUYV, the formats webcams deliver),
each showing a different badge QR code on a noisy grey scene. Measured: frames
decoded per second through the app's pipeline, i.e. `QVideoFrameInput` ->
`QMediaCaptureSession` -> the camera panel's video sink -> `LatestFrameDecoder` (frame
mapped, luminance viewed in place, zxing-cpp on the worker thread) -> the decoded
texts back on the GUI thread, while a simulated camera sends frames 1.5 times as fast
as they can be decoded (so the decoder is never starved and drops stale frames, as it
does with a real camera). Baseline, same run: bare `zxingcpp.read_barcodes` of the
same frames' brightness (contiguous bytes, one per pixel), back to back, with the
reader options the app uses for camera frames (QR codes only, no second pass for
light-on-dark codes). Both are frames per second; target: the pipeline keeps at least
0.8 of the bare rate.

Badges: the 700 badges of the demo event written to an A4 PDF (`write_badges_pdf`:
QR codes made, names fitted, pages drawn and the file written), against making the
700 QR images alone with `qrcode` (same tokens, same error correction, alphanumeric
mode, its default image factory). Target: at most 2x.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from statistics import NormalDist

import qrcode
import zxingcpp
from qrcode.constants import ERROR_CORRECT_Q
from qrcode.util import MODE_ALPHA_NUM, QRData

from harness import Benchmark, Result

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FRAMES = 24
CAMERA_SECONDS = 10.0
ROUNDS = 7
FEED_FACTOR = 1.5  # the simulated camera is this many times faster than bare decoding
WIDTH, HEIGHT = 1280, 720
QR_ONLY = zxingcpp.BarcodeFormat.QRCode


def _app() -> object:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


# a uniformly random byte -> camera noise around a grey background (normal, sigma 8)
_NOISE = bytes(
    min(255, max(0, round(NormalDist(150, 8).inv_cdf((i + 0.5) / 256)))) for i in range(256)
)


def _scene(token: str, seed: int) -> bytes:
    """A noisy grey 1280x720 picture, one byte a pixel, with the token's code somewhere."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=4)
    code.add_data(QRData(token.encode("ascii"), mode=MODE_ALPHA_NUM))
    code.make(fit=True)
    matrix = code.get_matrix()
    rows = [bytes(30 if dark else 225 for dark in line for _ in range(7)) for line in matrix]
    side = len(matrix) * 7
    grey = bytearray(random.Random(seed).randbytes(WIDTH * HEIGHT).translate(_NOISE))
    top = 120 + (seed * 37) % (HEIGHT - side - 200)
    left = 200 + (seed * 91) % (WIDTH - side - 400)
    for y in range(side):
        start = (top + y) * WIDTH + left
        grey[start : start + side] = rows[y // 7]
    return bytes(grey)


def _frames() -> tuple[list[object], list[memoryview], list[str]]:
    """Video frames and the same frames' brightness (height x width views), and the tokens
    they show."""
    from PySide6.QtCore import QSize
    from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat

    from sci4dl_desktop.domain.badges import make_token

    secret = b"benchmark secret of the camera path"
    frames: list[object] = []
    greys: list[memoryview] = []
    tokens = [make_token(secret, f"S26-{i:04d}", 1) for i in range(FRAMES)]
    for i, token in enumerate(tokens):
        grey = _scene(token, i)
        nv12 = i % 2 == 0
        pixel_format = (
            QVideoFrameFormat.PixelFormat.Format_NV12
            if nv12
            else QVideoFrameFormat.PixelFormat.Format_YUYV
        )
        frame = QVideoFrame(QVideoFrameFormat(QSize(WIDTH, HEIGHT), pixel_format))
        frame.map(QVideoFrame.MapMode.WriteOnly)
        stride = frame.bytesPerLine(0)
        plane = memoryview(frame.bits(0))
        if nv12:
            chroma = frame.bytesPerLine(1) * HEIGHT // 2
            memoryview(frame.bits(1))[:chroma] = b"\x80" * chroma
        else:
            plane[: stride * HEIGHT] = b"\x80" * (stride * HEIGHT)  # Y is overwritten below
        step = 1 if nv12 else 2
        for y in range(HEIGHT):
            plane[y * stride : y * stride + step * WIDTH : step] = grey[y * WIDTH : (y + 1) * WIDTH]
        frame.unmap()
        frames.append(frame)
        greys.append(memoryview(grey).cast("B", (HEIGHT, WIDTH)))
    return frames, greys, tokens


def _bare_fps(greys: list[memoryview], seconds: float) -> tuple[float, float]:
    """Frames per second, and frames per second of processor time, of bare decoding."""
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        zxingcpp.read_barcodes(greys[done % FRAMES], formats=QR_ONLY, try_invert=False)
        done += 1
    return done / (time.perf_counter() - start), done / (time.process_time() - cpu)


class _Pipeline:
    """The camera panel fed by a simulated camera, built once and run round after round."""

    def __init__(self, frames: list[object]) -> None:
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtMultimedia import QVideoFrameInput

        from sci4dl_desktop.ui.desk.camera import CameraPanel

        self.frames = frames
        self.panel = CameraPanel()
        self.feed = QVideoFrameInput(self.panel)
        self.panel.session.setVideoFrameInput(self.feed)
        self.decoded: list[str] = []  # reported codes, to check every one
        self.panel.decoder.decoded.connect(self.decoded.extend)
        self.sent = 0
        self.camera = QTimer()
        self.camera.setTimerType(Qt.TimerType.PreciseTimer)
        self.camera.timeout.connect(self._send)

    def _send(self) -> None:
        self.feed.sendVideoFrame(self.frames[self.sent % FRAMES])
        self.sent += 1

    def fps(self, seconds: float, interval_ms: int) -> tuple[float, float]:
        """Frames decoded per second while the camera sends one every `interval_ms`, and
        per second of processor time (all threads: the GUI thread's share included)."""
        from PySide6.QtCore import QCoreApplication, QTimer

        app = QCoreApplication.instance()
        assert app is not None
        self.camera.setInterval(interval_ms)
        self.camera.start()
        QTimer.singleShot(100, app.quit)  # warm up: the decoder thread is running
        app.exec()
        before, start = self.panel.decoder.frames_decoded, time.perf_counter()
        cpu = time.process_time()
        QTimer.singleShot(round(seconds * 1000), app.quit)
        app.exec()
        decoded = self.panel.decoder.frames_decoded - before
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        self.camera.stop()
        return decoded / elapsed, decoded / cpu

    def close(self) -> None:
        self.panel.shutdown()
        self.panel.deleteLater()


def measure_camera() -> Result:
    _app()
    frames, greys, tokens = _frames()
    for grey, token in zip(greys, tokens, strict=True):  # every frame holds a readable badge
        assert [b.text for b in zxingcpp.read_barcodes(grey, formats=QR_ONLY)] == [token]
    pipeline = _Pipeline(frames)
    bare: list[float] = []
    ours: list[float] = []
    bare_cpu: list[float] = []
    ours_cpu: list[float] = []
    try:
        for _round in range(ROUNDS):  # interleaved, so both see the same machine load
            fps, per_cpu = _bare_fps(greys, CAMERA_SECONDS / ROUNDS)
            bare.append(fps)
            bare_cpu.append(per_cpu)
            interval = max(1, int(1000 / fps / FEED_FACTOR))  # a camera faster than decoding
            fps, per_cpu = pipeline.fps(CAMERA_SECONDS / ROUNDS, interval)
            ours.append(fps)
            ours_cpu.append(per_cpu)
    finally:
        pipeline.close()
    efficiency = statistics.median(ours_cpu) / statistics.median(bare_cpu)
    known = set(tokens)
    misread = sum(1 for text in pipeline.decoded if text not in known)
    return Result(
        measured=statistics.median(ours),
        baseline=statistics.median(bare),
        unit="fps",
        absolute_ok=misread == 0 and bool(pipeline.decoded),
        detail=f"median of {ROUNDS} interleaved rounds, camera at {FEED_FACTOR}x the bare rate; "
        f"per processor second {efficiency:.2f}x; {misread} misread",
    )


def measure_badges() -> Result:
    _app()
    from sci4dl_desktop.domain.badge_sheet import BadgeLayout, load_badges, qr_modules
    from sci4dl_desktop.io.demo import create_demo_database
    from sci4dl_desktop.ui.printing.badges import write_badges_pdf

    with tempfile.TemporaryDirectory() as folder:
        database = create_demo_database(Path(folder) / "demo.sci4dl")
        badges = load_badges(database)
        database.close()
        assert len(badges) == 700

        start = time.perf_counter()
        for badge in badges:
            code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q)
            code.add_data(QRData(badge.token.encode("ascii"), mode=MODE_ALPHA_NUM))
            code.make(fit=True)
            code.make_image()
        images = time.perf_counter() - start

        start = time.perf_counter()
        for badge in badges:
            qr_modules(badge.token)
        matrices = time.perf_counter() - start

        pdf = Path(folder) / "badges.pdf"
        start = time.perf_counter()
        run = write_badges_pdf(pdf, badges, BadgeLayout.A4)
        measured = time.perf_counter() - start
        size = pdf.stat().st_size
    return Result(
        measured=measured,
        baseline=images,
        absolute_ok=run.badges == 700 and run.pages == 88,
        detail=f"{run.pages} pages, {size / 1e6:.1f} MB; QR matrices alone {matrices:.2f} s",
    )


BENCHMARKS = [
    Benchmark(
        "camera: frames decoded per second (1280x720)",
        "ratio >= 0.8 vs bare zxing-cpp",
        measure_camera,
        min_ratio=0.8,
    ),
    Benchmark(
        "badges: 700 badges to an A4 PDF",
        "ratio <= 2.0 vs 700 QR images alone",
        measure_badges,
        max_ratio=2.0,
    ),
]
