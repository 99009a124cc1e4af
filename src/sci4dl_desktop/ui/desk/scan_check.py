"""The self-test's check of the desk's QR reading: a badge code drawn as badges are
printed, read back by zxing-cpp from a picture and from a camera frame.

`selftest` runs it, and so does the bundle's smoke test through `selftest`: it shows that
the decoder and the way the desk hands it pictures and frames work in the bundle, not
only that the pages paint.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from sci4dl_desktop.domain.badge_sheet import qr_modules
from sci4dl_desktop.domain.badges import make_token
from sci4dl_desktop.ui.desk.qr_decode import decode_image

FRAME_SIZE = (1280, 720)  # what a webcam delivers
MODULE_PX = 7
INK, PAPER, BACKGROUND = 30, 225, 150  # a printed badge under desk lighting


def camera_picture(text: str) -> QImage:
    """A grey camera-sized picture with the badge code of `text` (and its quiet zone)."""
    width, height = FRAME_SIZE
    modules = qr_modules(text)
    side = (modules.size + 8) * MODULE_PX
    image = QImage(width, height, QImage.Format.Format_Grayscale8)
    image.fill(QColor(BACKGROUND, BACKGROUND, BACKGROUND))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    left, top = width // 3 - side // 2, (height - side) // 2
    painter.fillRect(QRect(left, top, side, side), QColor(PAPER, PAPER, PAPER))
    painter.setBrush(QColor(INK, INK, INK))
    for y, row in enumerate(modules.rows):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(
                    left + (x + 4) * MODULE_PX, top + (y + 4) * MODULE_PX, MODULE_PX, MODULE_PX
                )
    painter.end()
    return image


def _frame_texts(picture: QImage) -> list[str] | None:
    """The codes the camera path reads from the picture sent as an NV12 frame, or None
    when Qt Multimedia cannot load here (no libpulse0: the desk then has no camera)."""
    try:  # the decoder's module first: it quiets Qt Multimedia's probes of optional libraries
        from sci4dl_desktop.ui.desk.frame_decoder import decode_frame  # noqa: I001
        from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat
    except ImportError:
        return None
    frame = QVideoFrame(
        QVideoFrameFormat(picture.size(), QVideoFrameFormat.PixelFormat.Format_NV12)
    )
    if not frame.map(QVideoFrame.MapMode.WriteOnly):
        return []
    try:
        luma, stride = memoryview(frame.bits(0)), frame.bytesPerLine(0)
        pixels, line = memoryview(picture.constBits()), picture.bytesPerLine()
        width = picture.width()
        for y in range(picture.height()):
            luma[y * stride : y * stride + width] = pixels[y * line : y * line + width]
        chroma = frame.bytesPerLine(1) * (picture.height() // 2)
        memoryview(frame.bits(1))[:chroma] = b"\x80" * chroma
    finally:
        frame.unmap()
    return decode_frame(frame)


def check_scanning() -> list[str]:
    """What went wrong reading a badge code back, one line each (empty: all is well)."""
    token = make_token(b"selftest", "S26-0000", 1)
    picture = camera_picture(token)
    failures = []
    read = decode_image(picture)
    if read != [token]:
        failures.append(f"a badge picture read as {read}, expected [{token!r}]")
    read_frame = _frame_texts(picture)
    if read_frame is not None and read_frame != [token]:
        failures.append(f"a camera frame read as {read_frame}, expected [{token!r}]")
    return failures


__all__ = ["camera_picture", "check_scanning"]
