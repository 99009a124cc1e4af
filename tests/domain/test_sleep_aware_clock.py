"""The real clocks count on while the computer sleeps (Linux CLOCK_BOOTTIME)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from sci4dl_desktop.domain.clock import RehearsalClock, SystemClock, sleep_aware_monotonic


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CLOCK_BOOTTIME is Linux's")
def test_the_system_clock_reads_boot_time_on_linux() -> None:
    before = time.clock_gettime(time.CLOCK_BOOTTIME)
    reading = SystemClock().monotonic()
    after = time.clock_gettime(time.CLOCK_BOOTTIME)
    assert before <= reading <= after
    # Boot time includes suspended time, so it is never behind the plain monotonic clock.
    assert reading >= time.monotonic() - 0.5


def test_readings_never_go_back() -> None:
    readings = [sleep_aware_monotonic() for _ in range(1000)]
    assert readings == sorted(readings)


def test_a_rehearsal_clock_runs_at_the_real_rate_from_its_start() -> None:
    start = datetime(2026, 4, 26, 13, 35, tzinfo=UTC)
    clock = RehearsalClock(start)
    first = clock.now()
    assert start <= first < start + timedelta(seconds=5)
    assert clock.now() >= first
    assert clock.monotonic() >= clock._mono_origin
