"""Reading the times and dates people type into spreadsheets and schedule files.

Times: 24-hour ("13:30", "9.05", "13h30") and 12-hour ("1:30 PM", "1:30pm", "1 p.m.",
"noon"). Dates: ISO ("2026-04-26"), with the month's name ("26 April 2026",
"April 26, 2026"), and d/m/y or m/d/y when only one reading is possible. Durations:
"30" (minutes), "30 min", "1h30", "1:30", "01:30:00".

Errors are TimeError with a message and a hint that say what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sci4dl_desktop.io.problems import quote

TIME_HINT = "write it as 13:30 or 1:30 PM"
DATE_HINT = "write it as 2026-04-26"

_TWELVE = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ap>[ap])\.?\s*m\.?$",
    re.IGNORECASE,
)
_TWENTY_FOUR = re.compile(r"^(?P<h>\d{1,2})[:.hH](?P<m>\d{2})(?::(?P<s>\d{2}))?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DURATION_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_DURATION_WORDS = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(?P<m>\d+)\s*(?:m|min|mins|minute|minutes)?)?$",
    re.IGNORECASE,
)
_DATE_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%A %d %B %Y",
    "%a %d %b %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
)


class TimeError(ValueError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A wall-clock time as written: the time, the text, and am/pm when it had one."""

    value: time
    text: str
    meridiem: str | None = None  # "a" or "p"


def parse_clock(text: str) -> ClockTime:
    raw = text.strip()
    lowered = raw.lower()
    if lowered in ("noon", "12 noon", "midday"):
        return ClockTime(time(12, 0), raw, "p")
    if lowered == "midnight":
        return ClockTime(time(0, 0), raw, "a")
    match = _TWELVE.match(raw)
    if match:
        hour, minute = int(match["h"]), int(match["m"] or 0)
        second = int(match["s"] or 0)
        if not 1 <= hour <= 12 or minute > 59 or second > 59:
            raise TimeError(f"{quote(raw)} is not a time on a 12-hour clock", TIME_HINT)
        ap = match["ap"].lower()
        hour = hour % 12 + (12 if ap == "p" else 0)
        return ClockTime(time(hour, minute, second), raw, ap)
    match = _TWENTY_FOUR.match(raw)
    if match:
        hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise TimeError(f"{quote(raw)} is not a time of day", TIME_HINT)
        return ClockTime(time(hour, minute, second), raw)
    if not raw:
        raise TimeError("the time is empty", TIME_HINT)
    raise TimeError(f"{quote(raw)} is not a time", TIME_HINT)


def parse_day(text: str) -> date:
    raw = text.strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    match = _SLASHED.match(raw)
    if match:
        first, second, year = (int(g) for g in match.groups())
        readings = set()
        for day, month in ((first, second), (second, first)):
            try:
                readings.add(date(year, month, day))
            except ValueError:
                continue
        if len(readings) == 1:
            return readings.pop()
        if len(readings) == 2:
            a, b = sorted(readings)
            raise TimeError(
                f"{quote(raw)} could be {a.isoformat()} or {b.isoformat()}",
                f"write the date as {a.isoformat()} or {b.isoformat()}",
            )
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    if not raw:
        raise TimeError("the date is empty", DATE_HINT)
    raise TimeError(f"{quote(raw)} is not a date", DATE_HINT)


def parse_moment(text: str) -> tuple[date | None, ClockTime | None, datetime | None]:
    """A cell that holds a time, a date and a time, or an ISO instant with an offset.

    Returns (day, clock, instant): instant is set (aware) when the text had an offset;
    otherwise clock is set, and day when the text had a date.
    """
    raw = text.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", raw):
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is not None:
                return None, None, parsed
            return parsed.date(), ClockTime(parsed.time(), raw[11:]), None
    head, _, rest = raw.partition(" ")
    if rest and re.match(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[/.]\d{1,2}[/.]\d{4}$", head):
        return parse_day(head), parse_clock(rest), None
    return None, parse_clock(raw), None


def parse_duration(text: str) -> timedelta:
    raw = text.strip()
    hint = "write minutes (45) or hours and minutes (1:15)"
    match = _DURATION_CLOCK.match(raw)
    if match:
        hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
        if minutes > 59 or seconds > 59:
            raise TimeError(f"{quote(raw)} is not a duration", hint)
        value = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    else:
        match = _DURATION_WORDS.match(raw)
        if not raw or not match or not (match["h"] or match["m"]):
            raise TimeError(f"{quote(raw)} is not a duration", hint)
        value = timedelta(hours=float(match["h"] or 0), minutes=int(match["m"] or 0))
    if value <= timedelta(0):
        raise TimeError(f"the duration {quote(raw)} is not longer than zero", hint)
    return value


def localize(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The instant of a wall-clock time on a day in a zone; refuses times that do not exist."""
    local = datetime.combine(day, clock, tzinfo=zone)
    back = local.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise TimeError(
            f"{clock:%H:%M} does not exist on {day.isoformat()} in {zone.key} "
            "(the clocks jump forward then)",
            "give a time before or after the jump",
        )
    return local


def _swap_meridiem(text: str, to: str) -> str:
    def repl(match: re.Match[str]) -> str:
        letter = match.group(1)
        return (to.upper() if letter.isupper() else to) + match.group(2)

    return re.sub(r"([aApP])(\.?\s*[mM]\.?)$", repl, text.strip())


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def end_before_start_hint(start: ClockTime, end: ClockTime) -> str:
    """What the person probably meant when a session ends before it starts."""
    s, e = _minutes(start.value), _minutes(end.value)
    if start.meridiem == "p" and s - 720 < e and start.value.hour != 12:
        return f"did you mean {_swap_meridiem(start.text, 'a')}?"
    if end.meridiem == "a" and e + 720 > s:
        return f"did you mean {_swap_meridiem(end.text, 'p')}?"
    if start.meridiem is None and end.meridiem is None and end.value.hour < 12 and e + 720 > s:
        return f"did you mean {end.value.hour + 12}:{end.value.minute:02d}?"
    return "the end must come after the start: correct one of them"


__all__ = [
    "DATE_HINT",
    "TIME_HINT",
    "ClockTime",
    "TimeError",
    "end_before_start_hint",
    "localize",
    "parse_clock",
    "parse_day",
    "parse_duration",
    "parse_moment",
]
