"""Camera frames and pictures that show a real badge QR code, made with `qrcode`.

A frame is what a webcam sees: a grey, slightly noisy scene with the badge's code in
it, with ink that is not quite black and paper that is not quite white.
"""

from __future__ import annotations

import numpy as np
import qrcode
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat
from qrcode.constants import ERROR_CORRECT_Q

WIDTH, HEIGHT = 1280, 720
PF = QVideoFrameFormat.PixelFormat


def qr_grey(text: str, module: int = 8) -> np.ndarray:
    """The code as a uint8 array: 30 for ink, 230 for paper, with a 4-module quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=4)
    code.add_data(text)
    code.make(fit=True)
    modules = np.array(code.get_matrix(), dtype=bool)
    grey = np.where(modules, 30, 230).astype(np.uint8)
    return np.kron(grey, np.ones((module, module), dtype=np.uint8))


def scene(
    text: str | None, *, width: int = WIDTH, height: int = HEIGHT, seed: int = 1
) -> np.ndarray:
    """A camera-like grey scene with the code of `text` left of centre (None: no code)."""
    rng = np.random.default_rng(seed)
    picture = np.full((height, width), 150, dtype=np.int16)
    picture += rng.normal(0, 6, size=(height, width)).astype(np.int16)
    if text is not None:
        code = qr_grey(text).astype(np.int16)
        top, left = (height - code.shape[0]) // 2, width // 3 - code.shape[1] // 2
        picture[top : top + code.shape[0], left : left + code.shape[1]] = code
    return np.clip(picture, 0, 255).astype(np.uint8)


def noise(width: int = WIDTH, height: int = HEIGHT, seed: int = 7) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, size=(height, width), dtype=np.uint8)


def _mapped(pixel_format: QVideoFrameFormat.PixelFormat, width: int, height: int) -> QVideoFrame:
    frame = QVideoFrame(QVideoFrameFormat(QSize(width, height), pixel_format))
    assert frame.map(QVideoFrame.MapMode.WriteOnly)
    return frame


def _plane(frame: QVideoFrame, plane: int, rows: int) -> np.ndarray:
    stride = frame.bytesPerLine(plane)
    return np.frombuffer(frame.bits(plane), dtype=np.uint8, count=stride * rows).reshape(
        rows, stride
    )


def video_frame(grey: np.ndarray, pixel_format: QVideoFrameFormat.PixelFormat) -> QVideoFrame:
    """A QVideoFrame in a camera pixel format showing the grey picture."""
    height, width = grey.shape
    frame = _mapped(pixel_format, width, height)
    try:
        if pixel_format in (PF.Format_NV12, PF.Format_NV21):
            _plane(frame, 0, height)[:, :width] = grey
            _plane(frame, 1, height // 2)[:] = 128
        elif pixel_format in (PF.Format_YUV420P, PF.Format_YV12):
            _plane(frame, 0, height)[:, :width] = grey
            _plane(frame, 1, height // 2)[:] = 128
            _plane(frame, 2, height // 2)[:] = 128
        elif pixel_format in (PF.Format_YUYV, PF.Format_UYVY):
            packed = _plane(frame, 0, height)
            y = 0 if pixel_format == PF.Format_YUYV else 1
            packed[:, 1 - y : 2 * width : 2] = 128
            packed[:, y : 2 * width : 2] = grey
        elif pixel_format in (PF.Format_P010, PF.Format_P016):
            luma = _plane(frame, 0, height)
            luma[:, 0 : 2 * width : 2] = 0
            luma[:, 1 : 2 * width : 2] = grey
            chroma = _plane(frame, 1, height // 2)
            chroma[:, 0::2] = 0
            chroma[:, 1::2] = 128
        else:  # 32-bit RGB of any byte order: grey has the same value in every channel
            pixels = _plane(frame, 0, height)
            for channel in range(4):
                pixels[:, channel : 4 * width : 4] = grey
        return frame
    finally:
        frame.unmap()


def qimage(grey: np.ndarray) -> QImage:
    """The grey picture as a QImage (its own copy of the pixels)."""
    height, width = grey.shape
    data = np.ascontiguousarray(grey)
    return QImage(data.data, width, height, width, QImage.Format.Format_Grayscale8).copy()


def phone_screenshot(
    text: str, *, width: int = 1170, height: int = 2532, module: int = 14
) -> QImage:
    """A tall, white phone screen with a dark header bar and the badge code in the middle."""
    screen = np.full((height, width), 250, dtype=np.uint8)
    screen[: height // 10] = 40
    code = qr_grey(text, module=module)
    top, left = (height - code.shape[0]) // 2, (width - code.shape[1]) // 2
    screen[top : top + code.shape[0], left : left + code.shape[1]] = code
    return qimage(screen)
