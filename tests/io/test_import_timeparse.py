"""Times, dates and durations as people type them, and the hints for mistakes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from sci4dl_desktop.io.timeparse import (
    TimeError,
    end_before_start_hint,
    localize,
    parse_clock,
    parse_day,
    parse_duration,
    parse_moment,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13:30", time(13, 30)),
        ("9:05", time(9, 5)),
        ("09.05", time(9, 5)),
        ("13h30", time(13, 30)),
        ("1:30 PM", time(13, 30)),
        ("1:30pm", time(13, 30)),
        ("1 p.m.", time(13, 0)),
        ("12:15 am", time(0, 15)),
        ("12:15 PM", time(12, 15)),
        ("noon", time(12, 0)),
        ("23:59:30", time(23, 59, 30)),
    ],
)
def test_clock_times_in_24_and_12_hour_forms(text: str, expected: time) -> None:
    assert parse_clock(text).value == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("half past nine", "'half past nine' is not a time"),
        ("25:00", "'25:00' is not a time of day"),
        ("13:30 PM", "'13:30 PM' is not a time on a 12-hour clock"),
        ("", "the time is empty"),
    ],
)
def test_bad_times_say_what_to_write(text: str, message: str) -> None:
    with pytest.raises(TimeError) as caught:
        parse_clock(text)
    assert caught.value.message == message
    assert caught.value.hint == "write it as 13:30 or 1:30 PM"


def test_end_before_start_hints_at_the_likely_slip() -> None:
    hint = end_before_start_hint(parse_clock("11:45pm"), parse_clock("12:30pm"))
    assert hint == "did you mean 11:45am?"
    assert end_before_start_hint(parse_clock("10:00 AM"), parse_clock("1:00 AM")) == (
        "did you mean 1:00 PM?"
    )
    # Noon written as 12 AM: the hour is 0, and PM is still what was meant.
    assert end_before_start_hint(parse_clock("11:30 AM"), parse_clock("12:30 AM")) == (
        "did you mean 12:30 PM?"
    )
    assert end_before_start_hint(parse_clock("11:15am"), parse_clock("12:00am")) == (
        "did you mean 12:00pm?"
    )
    assert end_before_start_hint(parse_clock("13:00"), parse_clock("2:30")) == (
        "did you mean 14:30?"
    )
    assert end_before_start_hint(parse_clock("16:00"), parse_clock("15:00")) == (
        "the end must come after the start: correct one of them"
    )


def test_dates_iso_named_and_unambiguous_slashes() -> None:
    assert parse_day("2026-04-26") == date(2026, 4, 26)
    assert parse_day("26 April 2026") == date(2026, 4, 26)
    assert parse_day("April 26, 2026") == date(2026, 4, 26)
    assert parse_day("26/04/2026") == date(2026, 4, 26)
    assert parse_day("04/26/2026") == date(2026, 4, 26)
    with pytest.raises(TimeError) as caught:
        parse_day("04/05/2026")
    assert caught.value.message == "'04/05/2026' could be 2026-04-05 or 2026-05-04"


def test_durations() -> None:
    assert parse_duration("30") == timedelta(minutes=30)
    assert parse_duration("45 min") == timedelta(minutes=45)
    assert parse_duration("1:15") == timedelta(hours=1, minutes=15)
    assert parse_duration("1h30") == timedelta(hours=1, minutes=30)
    assert parse_duration("00:30:00") == timedelta(minutes=30)
    with pytest.raises(TimeError, match="'soon' is not a duration"):
        parse_duration("soon")


def test_moments_with_dates_and_offsets() -> None:
    day, clock, instant = parse_moment("2026-04-26 9:00 AM")
    assert day == date(2026, 4, 26) and clock is not None and clock.value == time(9)
    _, _, instant = parse_moment("2026-03-29T09:00:00+02:00")
    assert instant == datetime(2026, 3, 29, 7, tzinfo=UTC)


def test_a_time_skipped_by_the_clock_change_is_refused() -> None:
    vienna = ZoneInfo("Europe/Vienna")
    assert localize(date(2026, 3, 29), time(3, 30), vienna).utcoffset() == timedelta(hours=2)
    with pytest.raises(TimeError) as caught:
        localize(date(2026, 3, 29), time(2, 30), vienna)
    assert caught.value.message == (
        "02:30 does not exist on 2026-03-29 in Europe/Vienna (the clocks jump forward then)"
    )
