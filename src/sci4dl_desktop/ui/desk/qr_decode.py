"""QR decoding with zxing-cpp, restricted to QR codes: pictures and brightness arrays.

Kept apart from the camera code so that scanning a picture does not load QtMultimedia.
"""

from __future__ import annotations

import numpy as np
import zxingcpp
from PySide6.QtGui import QImage

from sci4dl_desktop.domain.badges import FAMILY


def decode_luminance(gray: np.ndarray, *, try_invert: bool = True) -> list[str]:
    """The texts of every QR code in a 2-D uint8 brightness array (any strides).

    `try_invert=False` skips the second pass that looks for light-on-dark codes: printed
    badges are never inverted, and a camera frame is then decoded in about half the time.
    """
    # made per call: a zxing-cpp object kept in a global outlives the module at exit
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = zxingcpp.read_barcodes(gray, formats=qr_only, try_invert=try_invert)
    return [barcode.text for barcode in found]


def decode_image(image: QImage) -> list[str]:
    """The texts of every QR code in a picture (read as 8-bit grey, without another copy)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    if width == 0 or height == 0:
        return []
    buffer = np.frombuffer(grey.constBits(), dtype=np.uint8, count=stride * height)
    return decode_luminance(buffer.reshape(height, stride)[:, :width])


def badge_payload(texts: list[str]) -> str | None:
    """The text to check in from what a picture or frame held: the first that looks like a
    badge code of any version, else the first QR code at all (the desk then says why it is
    not a badge), or None when there was no QR code."""
    for text in texts:
        if text.strip().upper().startswith(FAMILY):
            return text
    return texts[0] if texts else None


__all__ = ["badge_payload", "decode_image", "decode_luminance"]
