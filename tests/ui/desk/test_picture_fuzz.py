"""Random and damaged pictures never crash the scanner and never yield a badge."""

from __future__ import annotations

from pathlib import Path

import pytest
from badge_frames import phone_screenshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QBuffer, QByteArray, QIODevice

from sci4dl_desktop.ui.desk.picture_scan import scan_file

TOKEN = "S4D1:ABCDEF:S26-0042:1:ABCDEFGHIJKLMNOP"


def encoded(fmt: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert phone_screenshot(TOKEN, width=390, height=844, module=6).save(buffer, fmt)
    return bytes(data.data())


@pytest.fixture(scope="module")
def good_pictures(qapp: object) -> dict[str, bytes]:
    return {"png": encoded("PNG"), "jpg": encoded("JPG")}


def test_the_undamaged_pictures_do_hold_the_badge(
    good_pictures: dict[str, bytes], tmp_path: Path
) -> None:
    for suffix, data in good_pictures.items():
        path = tmp_path / f"good.{suffix}"
        path.write_bytes(data)
        assert scan_file(path).payload == TOKEN


# decoders of damaged files complain through Qt's warning channel: that is expected here
@pytest.mark.qt_log_level_fail("CRITICAL")
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    suffix=st.sampled_from(["png", "jpg"]),
    cut=st.floats(min_value=0.0, max_value=0.97),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=40),
    junk=st.binary(max_size=64),
)
def test_cut_and_corrupted_pictures_are_answered_without_a_badge_or_a_crash(
    good_pictures: dict[str, bytes],
    tmp_path: Path,
    suffix: str,
    cut: float,
    flips: list[tuple[float, int]],
    junk: bytes,
) -> None:
    data = bytearray(good_pictures[suffix][: max(1, int(len(good_pictures[suffix]) * cut))])
    for where, value in flips:
        data[min(int(where * len(data)), len(data) - 1)] = value
    data += junk
    path = tmp_path / f"damaged.{suffix}"
    path.write_bytes(bytes(data))
    result = scan_file(path)
    assert result.name == path.name
    assert result.payload is None or result.payload == TOKEN  # never a made-up payload
    assert result.payload is not None or result.problem


@pytest.mark.qt_log_level_fail("CRITICAL")
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=4096))
def test_random_bytes_are_not_a_picture_of_a_badge(
    qapp: object, tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "random.png"
    path.write_bytes(data)
    result = scan_file(path)
    assert result.payload is None and result.problem
