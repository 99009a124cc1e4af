"""Scanning a badge from a picture: the file dialog, drag and drop, and garbage pictures."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from badge_frames import noise, phone_screenshot, qimage
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from sci4dl_desktop.domain.verdict import VerdictState
from sci4dl_desktop.store.models import Attendee, CheckIn
from sci4dl_desktop.ui.desk.page import DeskPage
from sci4dl_desktop.ui.desk.verdict_panel import PROBLEM

LENKA = "Lenka Zdeborová"


def token_of(page: DeskPage, name: str) -> str:
    with page._context.database.session() as s:
        attendee = s.scalars(select(Attendee).where(Attendee.name == name)).one()
    return page.service.token_for(attendee)


def check_ins(page: DeskPage) -> int:
    with page._context.database.session() as s:
        return int(s.scalar(select(func.count()).select_from(CheckIn)) or 0)


def choose_in_dialog(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The open dialog answers with `path`; returns the folders it was opened in."""
    opened: list[str] = []

    def answer(parent: QWidget, caption: str, folder: str, filters: str) -> tuple[str, str]:
        opened.append(folder)
        assert "Pictures" in filters
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(answer))
    return opened


def drop_on(widget: QWidget, mime: QMimeData) -> bool:
    """Drag `mime` over the widget and let go, as a file manager would; True if taken."""
    centre = QPointF(widget.rect().center())
    action = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(centre.toPoint()), action, mime, buttons, keys)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(centre, action, mime, buttons, keys)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


@pytest.mark.parametrize("suffix", ["png", "jpg"])
def test_a_phone_screenshot_chosen_with_ctrl_i_checks_in(
    qtbot: QtBot, page: DeskPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    path = tmp_path / f"badge screenshot.{suffix}"
    assert phone_screenshot(token_of(page, LENKA)).save(str(path))
    choose_in_dialog(monkeypatch, path)
    qtbot.keyClick(page.search_panel.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)
    assert page.verdict.headline.text() == f"Welcome, {LENKA}"
    assert check_ins(page) == 1
    # a minute later the same picture again: amber, and the dialog opens in the same folder
    page._context.clock.advance(60)  # type: ignore[attr-defined]
    opened = choose_in_dialog(monkeypatch, path)
    qtbot.mouseClick(page.tools.picture_button, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path)]
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ALREADY)


def test_a_picture_dropped_on_the_search_box_checks_in_and_leaves_it_alone(
    qtbot: QtBot, page: DeskPage, tmp_path: Path
) -> None:
    path = tmp_path / "IMG_2041.PNG"
    assert phone_screenshot(token_of(page, LENKA)).save(str(path), "PNG")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    mime.setText(str(path))  # file managers send the path as text too
    search = page.search_panel.search
    assert drop_on(search, mime)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)
    assert search.text() == ""
    assert check_ins(page) == 1


def test_a_picture_dragged_from_a_browser_is_scanned_from_its_pixels(
    qtbot: QtBot, page: DeskPage
) -> None:
    mime = QMimeData()
    mime.setImageData(phone_screenshot(token_of(page, LENKA)))
    assert drop_on(page.verdict, mime)
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)


def test_dragging_plain_text_is_not_taken_over(page: DeskPage) -> None:
    mime = QMimeData()
    mime.setText("Santos")
    assert not drop_on(page.verdict, mime)


def _huge_png(path: Path, width: int, height: int) -> None:
    """A PNG whose header claims a huge picture (the pixels are never needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (1 + (width + 7) // 8) * 64)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def _garbage(kind: str, folder: Path) -> tuple[Path, str]:
    """A file that holds no badge, and a word the message must contain."""
    if kind == "noise.png":
        path = folder / kind
        assert qimage(noise(900, 700)).save(str(path))
        return path, "No QR code"
    if kind in ("truncated.png", "truncated.jpg"):
        whole = folder / f"whole.{kind.rsplit('.', 1)[1]}"
        assert qimage(noise(640, 480)).save(str(whole))
        data = whole.read_bytes()
        path = folder / kind
        path.write_bytes(data[: len(data) // 3])
        return path, "" if kind.endswith("jpg") else "cannot be read"
    if kind == "notes.png":
        path = folder / kind
        path.write_text("Lenka's badge: see attached\n", encoding="utf-8")
        return path, "not a picture"
    if kind == "empty.jpg":
        path = folder / kind
        path.write_bytes(b"")
        return path, "empty"
    if kind == "huge.png":
        path = folder / kind
        _huge_png(path, 40_000, 30_000)
        return path, "too large"
    if kind == "missing.png":
        return folder / kind, "cannot be opened"
    raise AssertionError(kind)


@pytest.mark.qt_log_ignore("Corrupt JPEG", "Premature end of JPEG", "libpng")
@pytest.mark.parametrize(
    "kind",
    [
        "noise.png",
        "truncated.png",
        "truncated.jpg",
        "notes.png",
        "empty.jpg",
        "huge.png",
        "missing.png",
    ],
)
def test_a_picture_without_a_badge_gets_a_red_answer_and_nothing_is_recorded(
    qtbot: QtBot, page: DeskPage, tmp_path: Path, kind: str
) -> None:
    path, reason = _garbage(kind, tmp_path)
    page.tools.scan_picture_file(path)
    qtbot.waitUntil(lambda: page.verdict.state == PROBLEM)
    assert page.verdict.headline.text() == f"No badge code found in {kind}"
    assert reason.lower() in page.verdict.subline.text().lower()
    assert page.sounds.played == [VerdictState.REFUSED]  # type: ignore[attr-defined]
    assert check_ins(page) == 0
    # the desk is ready for the next scan at once
    page.tools.scan_picture_image(phone_screenshot(token_of(page, LENKA)), "good.png")
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.ADMITTED)


def test_a_picture_of_a_qr_code_that_is_not_a_badge_is_refused(
    qtbot: QtBot, page: DeskPage
) -> None:
    page.tools.scan_picture_image(phone_screenshot("WIFI:S:venue;T:WPA;P:secret;;"), "wifi.png")
    qtbot.waitUntil(lambda: page.verdict.state == VerdictState.REFUSED)
    assert page.verdict.headline.text() == "Not a valid badge"


def test_an_empty_image_dropped_gives_a_clear_answer(qtbot: QtBot, page: DeskPage) -> None:
    page.tools.scan_picture_image(QImage(), "the picture")
    qtbot.waitUntil(lambda: page.verdict.state == PROBLEM)
    assert page.verdict.headline.text() == "No badge code found in the picture"
