"""The self-test's QR check: a badge code read back by the real decoder from a picture and
from a camera frame, and a selftest that fails when the desk cannot read one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
import zxingcpp

from sci4dl_desktop.app import run_selftest
from sci4dl_desktop.domain.badges import FAMILY
from sci4dl_desktop.store.database import copy_file_database
from sci4dl_desktop.ui import pages
from sci4dl_desktop.ui.desk import frame_decoder, scan_check
from sci4dl_desktop.ui.pages import PageSpec, Role


def test_the_check_picture_holds_a_badge_code_and_the_check_passes(qapp: object) -> None:
    picture = scan_check.camera_picture("S4D1:ABCDEF:S26-0042:1:ABCDEFGHIJKLMNOP")
    assert (picture.width(), picture.height()) == scan_check.FRAME_SIZE
    # zxing-cpp on its own reads what the check drew
    found = [code.text for code in zxingcpp.read_barcodes(picture)]
    assert found == ["S4D1:ABCDEF:S26-0042:1:ABCDEFGHIJKLMNOP"]
    assert scan_check.check_scanning() == []


# offscreen there is no GPU: Qt converts the frame on the CPU and says so
@pytest.mark.qt_log_ignore("No RHI backend")
def test_a_camera_path_that_reads_nothing_is_reported(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frame_decoder, "luminance", lambda frame: None)  # falls back to toImage
    monkeypatch.setattr(frame_decoder, "decode_image", lambda image: [])
    [problem] = scan_check.check_scanning()
    assert problem.startswith("a camera frame read as [], expected ['S4D")


def test_without_qt_multimedia_the_picture_is_still_checked(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("PySide6.QtMultimedia", "sci4dl_desktop.ui.desk.frame_decoder"):
        monkeypatch.setitem(sys.modules, name, None)
    assert scan_check.check_scanning() == []
    monkeypatch.setattr(scan_check, "decode_image", lambda image: ["WIFI:S:venue;;"])
    [problem] = scan_check.check_scanning()
    assert problem.startswith("a badge picture read as ['WIFI:S:venue;;'], expected")


def test_selftest_fails_when_the_desk_cannot_read_a_badge(
    qapp: object,
    tmp_path: Path,
    demo_template: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    event = tmp_path / "event.sci4dl"
    copy_file_database(demo_template, event)
    desk = next(spec for spec in pages.PAGES if spec.key == "desk")
    monkeypatch.setattr(
        pages, "PAGES", (PageSpec("desk", Role.DESK, "Desk", "desk", desk.factory),)
    )
    monkeypatch.setattr(scan_check, "decode_image", lambda image: [])
    args = argparse.Namespace(db=str(event), demo=False, now=None)
    assert run_selftest(args) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(
        f"selftest failed: QR reading: a badge picture read as [], expected ['{FAMILY}"
    )
