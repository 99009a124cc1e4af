"""QR decoding of camera frames and pictures with zxing-cpp, off the GUI thread.

`luminance(frame)` gives zxing-cpp the brightness of a mapped `QVideoFrame` as a
`zxingcpp.ImageView` of the frame's own memory (offset, row stride and pixel stride)
wherever the pixel format allows: the Y plane of the planar and semi-planar YUV formats
cameras deliver (NV12, YUV420P, ...), every other byte of packed YUYV/UYVY, the high
byte of 16-bit Y, the green channel of 32-bit RGB. Nothing is copied; only other
formats are converted (through QImage) first.

`LatestFrameDecoder` decodes on one worker thread and always takes the newest frame
submitted: a frame that arrives while another is being decoded replaces any frame
still waiting, so the decoder never falls behind the camera and a badge is read from
what the camera sees now, not from a queue of stale frames. It reports a code when it
appears and then `REPEAT_SECONDS` apart while it stays in view, so the GUI thread is
not woken for every frame of a badge held up to the camera.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import zxingcpp
from PySide6.QtCore import QLoggingCategory, QObject, Signal

# Qt's FFmpeg media backend warns about every optional library it cannot find (PipeWire,
# VA-API); cameras work without them, so those probes stay quiet.
QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false")

from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat  # noqa: E402

from sci4dl_desktop.ui.desk.qr_decode import decode_image, decode_luminance  # noqa: E402

PF = QVideoFrameFormat.PixelFormat
REPEAT_SECONDS = 0.25  # the same codes, still in view, are reported this often

# where the brightness is in the first plane, by format: (offset of the first pixel's
# brightness byte, bytes from one pixel to the next)
_Y_PLANE_8 = dict.fromkeys(  # one byte of luminance per pixel
    (
        PF.Format_NV12,
        PF.Format_NV21,
        PF.Format_YUV420P,
        PF.Format_YUV422P,
        PF.Format_YV12,
        PF.Format_IMC1,
        PF.Format_IMC2,
        PF.Format_IMC3,
        PF.Format_IMC4,
        PF.Format_Y8,
    ),
    (0, 1),
)
# 16-bit little-endian luminance: the high byte is enough
_Y_PLANE_16 = dict.fromkeys(
    (PF.Format_P010, PF.Format_P016, PF.Format_Y16, PF.Format_YUV420P10), (1, 2)
)
# packed 4:2:2: Y in every other byte
_PACKED_YUV = {PF.Format_YUYV: (0, 2), PF.Format_UYVY: (1, 2)}
# 32-bit RGB in memory byte order: the green byte of each pixel
_GREEN = {
    PF.Format_ARGB8888: (2, 4),
    PF.Format_ARGB8888_Premultiplied: (2, 4),
    PF.Format_XRGB8888: (2, 4),
    PF.Format_BGRA8888: (1, 4),
    PF.Format_BGRA8888_Premultiplied: (1, 4),
    PF.Format_BGRX8888: (1, 4),
    PF.Format_ABGR8888: (2, 4),
    PF.Format_XBGR8888: (2, 4),
    PF.Format_RGBA8888: (1, 4),
    PF.Format_RGBX8888: (1, 4),
}
_BRIGHTNESS = {**_Y_PLANE_8, **_Y_PLANE_16, **_PACKED_YUV, **_GREEN}


def luminance(frame: QVideoFrame) -> zxingcpp.ImageView | None:
    """A brightness view of a frame mapped for reading, or None for other pixel formats.

    The view points into the frame's mapped memory: use it before unmapping.
    """
    width, height = frame.width(), frame.height()
    layout = _BRIGHTNESS.get(frame.pixelFormat())
    if width <= 0 or height <= 0 or layout is None:
        return None
    offset, step = layout
    stride = frame.bytesPerLine(0)
    plane = memoryview(frame.bits(0))
    # zxing-cpp wants `height` whole rows of `stride` bytes after the first pixel: with an
    # offset the last row comes up short of the plane's end, and is left out
    rows = min(height, (plane.nbytes - offset) // stride) if stride > 0 else 0
    if rows <= 0 or width * step > stride:
        return None
    buffer: Any = plane[offset:]  # any buffer will do (its stub says a NumPy array)
    return zxingcpp.ImageView(buffer, width, rows, zxingcpp.ImageFormat.Lum, stride, step)


def decode_frame(frame: QVideoFrame) -> list[str]:
    """The QR codes in one video frame (an empty list for a frame that cannot be read)."""
    if not frame.isValid():
        return []
    copy = QVideoFrame(frame)  # a shallow handle: mapping it leaves the caller's frame alone
    if copy.map(QVideoFrame.MapMode.ReadOnly):
        try:
            gray = luminance(copy)
            if gray is not None:
                return decode_luminance(gray, try_invert=False)  # badges are dark on light
        finally:
            copy.unmap()
    image = frame.toImage()  # compressed or GPU-only formats: let Qt convert
    return decode_image(image) if not image.isNull() else []


class LatestFrameDecoder(QObject):
    """Decodes the newest submitted frame on a worker thread; `decoded(texts)` on this one.

    The worker is a daemon thread started on the first frame and ended by `stop()`; it
    never keeps the app from quitting.
    """

    decoded = Signal(list)  # the texts of the QR codes in one frame, never empty

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        decode: Callable[[QVideoFrame], list[str]] = decode_frame,
    ) -> None:
        super().__init__(parent)
        self._decode = decode
        self._ready = threading.Condition()
        self._pending: QVideoFrame | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._busy = False
        self.frames_submitted = 0
        self.frames_dropped = 0  # replaced by a newer frame before the worker took them
        self.frames_decoded = 0
        ready = self._ready

        def release(*_args: object) -> None:
            """Deleted with its panel: let the worker end (only Python state is touched)."""
            with ready:
                self._stopping = True
                self._pending = None
                ready.notify_all()

        self.destroyed.connect(release)

    def submit(self, frame: QVideoFrame) -> None:
        """Offer a frame; it replaces any frame still waiting. Returns at once."""
        with self._ready:
            if self._thread is None or not self._thread.is_alive():
                self._stopping = False
                self._thread = threading.Thread(
                    target=self._run, name="qr-frame-decoder", daemon=True
                )
                self._thread.start()
            if self._pending is not None:
                self.frames_dropped += 1
            self._pending = frame
            self.frames_submitted += 1
            self._ready.notify()

    @property
    def idle(self) -> bool:
        """True when no frame is waiting or being decoded."""
        with self._ready:
            return self._pending is None and not self._busy

    def stop(self) -> None:
        """End the worker after the frame it is decoding; a waiting frame is dropped."""
        with self._ready:
            thread, self._thread = self._thread, None
            self._stopping = True
            self._pending = None
            self._ready.notify_all()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    def _run(self) -> None:
        last_texts: list[str] = []
        last_report = 0.0
        while True:
            with self._ready:
                while self._pending is None and not self._stopping:
                    self._ready.wait()
                if self._stopping or self._pending is None:
                    return
                frame, self._pending = self._pending, None
                self._busy = True
            try:
                texts = self._decode(frame)
            except Exception:  # a frame the decoder cannot read is a frame without a badge
                texts = []
            del frame  # give the camera its buffer back before waiting again
            with self._ready:
                self._busy = False
                self.frames_decoded += 1
                stopping = self._stopping
            now = time.monotonic()
            fresh = texts != last_texts or now - last_report >= REPEAT_SECONDS
            last_texts = texts
            if texts and fresh and not stopping:
                last_report = now
                try:
                    self.decoded.emit(texts)  # queued to the thread this object lives in
                except RuntimeError:  # the panel was deleted meanwhile
                    return


__all__ = ["REPEAT_SECONDS", "LatestFrameDecoder", "decode_frame", "luminance"]
