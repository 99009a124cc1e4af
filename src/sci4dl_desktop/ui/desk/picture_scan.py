"""Scan a badge from a picture: a file chosen with "Scan from picture…" or dropped on the desk.

An attendee's phone screenshot of their badge is read with zxing-cpp (QR codes only)
on the task runner's thread and goes into the same check-in path as a scanner. Any
picture without a readable code (noise, a truncated or empty file, a text file, a
picture too large to load) gives a red "No badge code found in NAME" that says why,
and never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QSize, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage, QImageReader
from PySide6.QtWidgets import QWidget

from sci4dl_desktop.ui.desk.qr_decode import badge_payload, decode_image

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PIXELS = 120_000_000  # a 12000 x 10000 picture; larger ones are refused, not loaded
DECODE_SIDE = 4000  # larger pictures are scaled down to this longest side before decoding
# fmt: off
PICTURE_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".jfif", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".heic",
    ".heif", ".avif", ".ppm", ".pgm",
})
# fmt: on


@dataclass(frozen=True)
class PictureScan:
    """What one picture held: the payload to check in, or the reason there is none."""

    name: str  # the file name shown to the volunteer
    payload: str | None
    problem: str = ""  # why no code was found, in words, when payload is None


def _scaled(size: QSize) -> QSize:
    longest = max(size.width(), size.height())
    if longest <= DECODE_SIDE:
        return size
    factor = DECODE_SIDE / longest
    return QSize(max(1, round(size.width() * factor)), max(1, round(size.height() * factor)))


def scan_image(image: QImage, name: str) -> PictureScan:
    """Decode an image already in memory (a picture dropped from a browser)."""
    if image.isNull():
        return PictureScan(name, None, "the picture is empty")
    if image.width() * image.height() > MAX_PIXELS:
        return PictureScan(
            name, None, f"the picture is too large ({image.width()}x{image.height()})"
        )
    if max(image.width(), image.height()) > DECODE_SIDE:
        image = image.scaled(_scaled(image.size()))
    payload = badge_payload(decode_image(image))
    if payload is None:
        return PictureScan(name, None, "no QR code could be read in it: try a sharper picture")
    return PictureScan(name, payload)


def scan_file(path: Path) -> PictureScan:
    """Load a picture file and decode the QR code in it. Never raises for a bad file."""
    name = path.name or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return PictureScan(name, None, f"the file cannot be opened ({exc.strerror or exc})")
    if not path.is_file():
        return PictureScan(name, None, "it is not a file")
    if size == 0:
        return PictureScan(name, None, "the file is empty")
    if size > MAX_FILE_BYTES:
        return PictureScan(name, None, f"the file is too large ({size // (1024 * 1024)} MB)")
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
    if not reader.canRead():
        return PictureScan(name, None, "it is not a picture (PNG, JPEG, WebP, ...)")
    dimensions = reader.size()
    if dimensions.isValid():
        if dimensions.width() * dimensions.height() > MAX_PIXELS:
            return PictureScan(
                name,
                None,
                f"the picture is too large ({dimensions.width()}x{dimensions.height()} pixels)",
            )
        reader.setScaledSize(_scaled(dimensions))
    image = reader.read()
    if image.isNull():
        return PictureScan(name, None, f"the picture cannot be read ({reader.errorString()})")
    return scan_image(image, name)


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files among dragged data, pictures first (any file gets an answer)."""
    if not mime.hasUrls():
        return []
    paths = [
        Path(url.toLocalFile())
        for url in mime.urls()
        if isinstance(url, QUrl) and url.isLocalFile() and url.toLocalFile()
    ]
    return sorted(paths, key=lambda p: p.suffix.lower() not in PICTURE_SUFFIXES)


def has_picture(mime: QMimeData) -> bool:
    """True for a drag that carries a file or an image (what the desk offers to scan)."""
    return bool(dropped_files(mime)) or mime.hasImage()


class PictureDropFilter(QObject):
    """Lets a picture be dropped anywhere on a page: `scan_path(path)` or `scan_picture(image)`.

    Installed on the page and on those of its children that take drops themselves (line
    edits take dropped text); only drags that carry files or an image are taken over.
    """

    def __init__(
        self,
        page: QWidget,
        scan_path: Callable[[Path], None],
        scan_picture: Callable[[QImage, str], None],
    ) -> None:
        super().__init__(page)
        self._scan_path = scan_path
        self._scan_picture = scan_picture
        page.setAcceptDrops(True)
        page.installEventFilter(self)
        for child in page.findChildren(QWidget):
            if child.acceptDrops():
                child.installEventFilter(self)

    def watch(self, widget: QWidget) -> None:
        """Also take picture drops aimed at a widget added to the page later."""
        if widget.acceptDrops():
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, (QDragEnterEvent, QDragMoveEvent))
            mime = event.mimeData()
            if mime is not None and has_picture(mime):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            mime = event.mimeData()
            if mime is None or not has_picture(mime):
                return False
            event.acceptProposedAction()
            paths = dropped_files(mime)
            if paths:
                self._scan_path(paths[0])
            else:
                image = mime.imageData()
                self._scan_picture(image if isinstance(image, QImage) else QImage(), "the picture")
            return True
        return False


__all__ = [
    "MAX_PIXELS",
    "PictureDropFilter",
    "PictureScan",
    "dropped_files",
    "has_picture",
    "scan_file",
    "scan_image",
]
