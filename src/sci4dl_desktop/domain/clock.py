"""Clocks: the real one, and a simulated event clock for rehearsals and tests."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Wall-clock time as an aware UTC instant, plus a monotonic reading in seconds."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


# Linux's CLOCK_BOOTTIME counts time spent suspended, and so does CLOCK_MONOTONIC on
# macOS (time.monotonic() there does not); elsewhere time.monotonic() is the best there is.
_SLEEP_AWARE_CLOCK: int | None = getattr(
    time,
    "CLOCK_BOOTTIME",
    getattr(time, "CLOCK_MONOTONIC", None) if sys.platform == "darwin" else None,
)


def sleep_aware_monotonic() -> float:
    """Seconds on a monotonic clock that keeps counting while the computer sleeps.

    A talk timer must show the true elapsed time after a laptop wakes up.
    """
    if _SLEEP_AWARE_CLOCK is None:
        return time.monotonic()
    return time.clock_gettime(_SLEEP_AWARE_CLOCK)


class SystemClock:
    """The real clock."""

    rehearsal = False

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return sleep_aware_monotonic()


@dataclass
class RehearsalClock:
    """Event time that starts at a chosen instant and then runs at the real rate.

    `sci4dl-desktop --now 2026-04-26T10:35` uses it so staff can rehearse the day.
    """

    start: datetime
    _mono_origin: float = field(default_factory=sleep_aware_monotonic)
    rehearsal = True

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("the rehearsal start must be time-zone aware")

    def now(self) -> datetime:
        elapsed = sleep_aware_monotonic() - self._mono_origin
        return (self.start + timedelta(seconds=elapsed)).astimezone(UTC)

    def monotonic(self) -> float:
        return sleep_aware_monotonic()


@dataclass
class FakeClock:
    """A clock that moves only when told to: for tests and simulations."""

    current: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    mono: float = 1000.0
    rehearsal = False

    def now(self) -> datetime:
        return self.current

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)
        self.mono += seconds

    def jump_wall(self, seconds: float) -> None:
        """Move wall time but not the monotonic reading (a clock correction)."""
        self.current += timedelta(seconds=seconds)
