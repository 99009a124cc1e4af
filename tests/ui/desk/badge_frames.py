"""Camera frames and pictures that show a real badge QR code, made with `qrcode`.

A frame is what a webcam sees: a grey, slightly noisy scene with the badge's code in
it, with ink that is not quite black and paper that is not quite white. Pictures are
plain bytes, one per pixel, row after row; frames are filled through the memory views
QVideoFrame hands out, row by row with the pixel format's strides.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from statistics import NormalDist

import qrcode
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat
from qrcode.constants import ERROR_CORRECT_Q

WIDTH, HEIGHT = 1280, 720
PF = QVideoFrameFormat.PixelFormat
INK, PAPER, BACKGROUND = 30, 230, 150
# a uniformly random byte -> camera noise around the background (normal, sigma 6)
_NOISE = bytes(
    min(255, max(0, round(NormalDist(BACKGROUND, 6).inv_cdf((i + 0.5) / 256)))) for i in range(256)
)


@dataclass(frozen=True)
class Grey:
    """An 8-bit grey picture: `pixels` holds `height` rows of `width` bytes."""

    width: int
    height: int
    pixels: bytes

    @classmethod
    def filled(cls, width: int, height: int, value: int) -> Grey:
        return cls(width, height, bytes([value]) * (width * height))

    def row(self, y: int) -> bytes:
        return self.pixels[y * self.width : (y + 1) * self.width]

    def pasted(self, other: Grey, top: int, left: int) -> Grey:
        """This picture with `other` drawn over it, its top left corner at (left, top)."""
        pixels = bytearray(self.pixels)
        for y in range(other.height):
            start = (top + y) * self.width + left
            pixels[start : start + other.width] = other.row(y)
        return Grey(self.width, self.height, bytes(pixels))


def qr_grey(text: str, module: int = 8) -> Grey:
    """The code, `module` pixels a module: INK and PAPER, with a 4-module quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    rows = [
        bytes(INK if dark else PAPER for dark in line for _ in range(module)) for line in matrix
    ]
    side = len(matrix) * module
    return Grey(side, side, b"".join(row for row in rows for _ in range(module)))


def scene(text: str | None, *, width: int = WIDTH, height: int = HEIGHT, seed: int = 1) -> Grey:
    """A camera-like grey scene with the code of `text` left of centre (None: no code)."""
    picture = Grey(width, height, random.Random(seed).randbytes(width * height).translate(_NOISE))
    if text is None:
        return picture
    code = qr_grey(text)
    return picture.pasted(code, (height - code.height) // 2, width // 3 - code.width // 2)


def noise(width: int = WIDTH, height: int = HEIGHT, seed: int = 7) -> Grey:
    return Grey(width, height, random.Random(seed).randbytes(width * height))


def _fill(frame: QVideoFrame, plane: int, rows: int, value: int) -> None:
    size = frame.bytesPerLine(plane) * rows
    memoryview(frame.bits(plane))[:size] = bytes([value]) * size


def _write(
    frame: QVideoFrame, rows: list[bytes], *, plane: int = 0, offset: int = 0, step: int = 1
) -> None:
    """Write one byte a pixel into a plane: the first pixel of each row at `offset`, the
    next `step` bytes further on."""
    view, stride = memoryview(frame.bits(plane)), frame.bytesPerLine(plane)
    for y, row in enumerate(rows):
        start = y * stride + offset
        view[start : start + step * len(row) : step] = row


def video_frame(grey: Grey, pixel_format: QVideoFrameFormat.PixelFormat) -> QVideoFrame:
    """A QVideoFrame in a camera pixel format showing the grey picture."""
    width, height = grey.width, grey.height
    rows = [grey.row(y) for y in range(height)]
    frame = QVideoFrame(QVideoFrameFormat(QSize(width, height), pixel_format))
    assert frame.map(QVideoFrame.MapMode.WriteOnly)
    try:
        if pixel_format in (PF.Format_NV12, PF.Format_NV21):
            _write(frame, rows)
            _fill(frame, 1, height // 2, 128)
        elif pixel_format in (PF.Format_YUV420P, PF.Format_YV12):
            _write(frame, rows)
            _fill(frame, 1, height // 2, 128)
            _fill(frame, 2, height // 2, 128)
        elif pixel_format in (PF.Format_YUYV, PF.Format_UYVY):
            y = 0 if pixel_format == PF.Format_YUYV else 1
            _fill(frame, 0, height, 128)
            _write(frame, rows, offset=y, step=2)
        elif pixel_format in (PF.Format_P010, PF.Format_P016):
            _fill(frame, 0, height, 0)
            _write(frame, rows, offset=1, step=2)  # little-endian 16 bits: the high byte
            chroma = [bytes([128]) * width] * (height // 2)
            _fill(frame, 1, height // 2, 0)
            _write(frame, chroma, plane=1, offset=1, step=2)
        else:  # 32-bit RGB of any byte order: grey has the same value in every channel
            for channel in range(4):
                _write(frame, rows, offset=channel, step=4)
        return frame
    finally:
        frame.unmap()


def qimage(grey: Grey) -> QImage:
    """The grey picture as a QImage (its own copy of the pixels)."""
    image = QImage(
        grey.pixels, grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8
    )
    return image.copy()


def phone_screenshot(
    text: str, *, width: int = 1170, height: int = 2532, module: int = 14
) -> QImage:
    """A tall, white phone screen with a dark header bar and the badge code in the middle."""
    screen = Grey.filled(width, height, 250).pasted(Grey.filled(width, height // 10, 40), 0, 0)
    code = qr_grey(text, module=module)
    return qimage(screen.pasted(code, (height - code.height) // 2, (width - code.width) // 2))
