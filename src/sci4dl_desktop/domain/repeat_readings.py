"""The desk's memory of the last seconds' badge readings: one badge read twice counts once.

A handheld scanner or a camera often reads the same badge two or three times in a
row. The same payload read again within `window` seconds (by the desk clock's monotonic
reading) gets the first reading's verdict back, marked as a repeat, and nothing is
recorded for it.
"""

from __future__ import annotations

from sci4dl_desktop.domain.verdict import Verdict


class RecentReadings:
    """Verdicts of the payloads read in the last `window` seconds (not thread-safe: the
    desk calls it under its own lock)."""

    def __init__(self, window: float) -> None:
        self.window = window
        # kept in the order of the readings' times, so forgetting stops at the first
        # recent one instead of going through every reading of the last seconds
        self._readings: dict[str, tuple[float, Verdict]] = {}

    def repeat_of(self, key: str, now: float) -> Verdict | None:
        """The verdict of the same payload read less than `window` ago, as a repeat (the
        reading's time refreshed), or None; readings older than that are forgotten."""
        readings = self._readings
        while readings:
            oldest = next(iter(readings))
            if now - readings[oldest][0] < self.window:
                break
            del readings[oldest]
        found = readings.pop(key, None)
        if found is None or now - found[0] >= self.window:
            return None
        readings[key] = (now, found[1])  # to the end: the newest reading
        return found[1].as_repeat()

    def remember(self, key: str, now: float, verdict: Verdict) -> None:
        self._readings[key] = (now, verdict)

    def clear(self) -> None:
        """Forget every reading (after an undo or a new badge, a read must count again)."""
        self._readings.clear()


__all__ = ["RecentReadings"]
