"""Instants in the event's time zone: UTC checks, local days, hour marks and time texts.

Qt-free. Instants are kept in UTC and shown in the event's zone; every page formats
times, days and shifts from the plan with these helpers, so they read the same everywhere.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

EN_DASH = "\u2013"
MINUS = "\u2212"


def as_utc(instant: datetime, what: str = "instant") -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"the {what} is a naive time ({instant}): pass a time-zone-aware instant")
    return instant.astimezone(UTC)


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


# -- time axis -------------------------------------------------------------------------


def floor_to_hour(instant: datetime, zone: ZoneInfo) -> datetime:
    """The instant at the start of the local hour holding `instant` (DST-safe)."""
    instant = as_utc(instant)
    local = instant.astimezone(zone)
    return (
        instant
        - timedelta(minutes=local.minute, seconds=local.second, microseconds=local.microsecond)
    ).astimezone(UTC)


def ceil_to_hour(instant: datetime, zone: ZoneInfo) -> datetime:
    floored = floor_to_hour(instant, zone)
    return floored if floored == as_utc(instant) else floored + timedelta(hours=1)


def hour_marks(start: datetime, end: datetime, zone: ZoneInfo) -> list[tuple[datetime, str]]:
    """A mark at every elapsed hour from `start` to `end`, labelled in local time.

    The axis runs in real elapsed time, so a day with a DST change shows the jump in
    its labels (01:00, 03:00) instead of two sessions overlapping on the wall clock.
    """
    marks: list[tuple[datetime, str]] = []
    instant, end = as_utc(start), as_utc(end)
    while instant <= end:
        marks.append((instant, format_time(instant, zone)))
        instant += timedelta(hours=1)
    return marks


# -- texts -----------------------------------------------------------------------------


def format_time(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%H:%M")


def format_range(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """'09:00–09:30' in the event's zone; '(+1 day)' when it ends on a later local day."""
    text = f"{format_time(start, zone)}{EN_DASH}{format_time(end, zone)}"
    days = (local_day(end, zone) - local_day(start, zone)).days
    if days > 0:
        text += f" (+{days} day{'s' if days > 1 else ''})"
    return text


def format_day(day: date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def format_short_day(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def round_minutes(delta: timedelta) -> int:
    """Whole minutes, half away from zero: 4 min 30 s late reads 5."""
    minutes = delta.total_seconds() / 60
    return int(math.copysign(math.floor(abs(minutes) + 0.5), minutes))


def format_shift(planned: datetime, projected: datetime) -> str:
    """How far a projected time is from the planned one: '+5 min', '−3 min', 'on time'."""
    minutes = round_minutes(as_utc(projected) - as_utc(planned))
    if minutes == 0:
        return "on time"
    sign = "+" if minutes > 0 else MINUS
    return f"{sign}{abs(minutes)} min"


def format_duration(span: timedelta) -> str:
    minutes = round(span.total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


__all__ = [
    "EN_DASH",
    "MINUS",
    "as_utc",
    "ceil_to_hour",
    "floor_to_hour",
    "format_day",
    "format_duration",
    "format_range",
    "format_shift",
    "format_short_day",
    "format_time",
    "hour_marks",
    "local_day",
    "round_minutes",
]
