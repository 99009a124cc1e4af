"""QR decoding with zxing-cpp, restricted to QR codes: pictures and brightness views.

Kept apart from the camera code so that scanning a picture does not load QtMultimedia.
zxing-cpp reads a QImage and a `zxingcpp.ImageView` (memory, size, strides) itself, so
the pixels go to the decoder where they are, without another copy.
"""

from __future__ import annotations

import zxingcpp
from PySide6.QtGui import QImage

from sci4dl_desktop.domain.badges import FAMILY


def _qr_texts(image: QImage | zxingcpp.ImageView, *, try_invert: bool) -> list[str]:
    # made per call: a zxing-cpp object kept in a global outlives the module at exit
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = zxingcpp.read_barcodes(image, formats=qr_only, try_invert=try_invert)
    return [barcode.text for barcode in found]


def decode_luminance(view: zxingcpp.ImageView, *, try_invert: bool = True) -> list[str]:
    """The texts of every QR code in an 8-bit brightness view (any row and pixel strides).

    `try_invert=False` skips the second pass that looks for light-on-dark codes: printed
    badges are never inverted, and a camera frame is then decoded in about half the time.
    """
    return _qr_texts(view, try_invert=try_invert)


def decode_image(image: QImage) -> list[str]:
    """The texts of every QR code in a picture, read as 8-bit grey (a picture already in
    that format is read in place)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    if grey.isNull() or grey.width() == 0 or grey.height() == 0:
        return []
    return _qr_texts(grey, try_invert=True)


def badge_payload(texts: list[str]) -> str | None:
    """The text to check in from what a picture or frame held: the first that looks like a
    badge code of any version, else the first QR code at all (the desk then says why it is
    not a badge), or None when there was no QR code."""
    for text in texts:
        if text.strip().upper().startswith(FAMILY):
            return text
    return texts[0] if texts else None


__all__ = ["badge_payload", "decode_image", "decode_luminance"]
