"""Thresholds, phases and the numerals, as pure functions of the time left."""

from __future__ import annotations

import pytest

from sci4dl_desktop.domain.timer_phases import (
    DEFAULT_THRESHOLDS,
    NS,
    Phase,
    Thresholds,
    TimerError,
    format_countdown,
    format_overtime,
    phase_for,
)
from sci4dl_desktop.store.enums import SessionKind


def test_defaults_wrap_up_at_five_minutes_for_invited_and_two_for_contributed_talks() -> None:
    assert DEFAULT_THRESHOLDS[SessionKind.INVITED_TALK] == Thresholds(wrap_up=300, final=60)
    assert DEFAULT_THRESHOLDS[SessionKind.CONTRIBUTED_TALK] == Thresholds(wrap_up=120, final=60)
    assert set(DEFAULT_THRESHOLDS) == set(SessionKind)


@pytest.mark.parametrize(
    ("ns", "text"),
    [
        (30 * 60 * NS, "30:00"),
        (5 * 60 * NS - 1, "05:00"),
        (NS + 1, "00:02"),
        (1, "00:01"),
        (0, "00:00"),
        (125 * 60 * NS, "125:00"),
    ],
)
def test_countdown_numerals(ns: int, text: str) -> None:
    assert format_countdown(ns) == text


def test_overtime_numerals_count_up_whole_seconds() -> None:
    assert format_overtime(0) == "+00:00"
    assert format_overtime(30 * NS + NS // 2) == "+00:30"
    assert format_overtime(83 * NS) == "+01:23"


def test_phase_boundaries() -> None:
    t = Thresholds(wrap_up=300, final=60)
    total = 1800 * NS
    assert phase_for(301 * NS, total, t) == (Phase.NORMAL, 301 * NS)
    assert phase_for(300 * NS, total, t)[0] is Phase.WRAP_UP
    assert phase_for(60 * NS, total, t)[0] is Phase.FINAL_MINUTE
    assert phase_for(0, total, t)[0] is Phase.FINAL_MINUTE
    assert phase_for(-1, total, t) == (Phase.OVERTIME, 1)


def test_wrap_up_zero_switches_it_off_and_questions_longer_than_the_slot_are_ignored() -> None:
    assert phase_for(100 * NS, 1800 * NS, Thresholds(wrap_up=0))[0] is Phase.NORMAL
    no_room = Thresholds(wrap_up=300, questions=3600)
    assert phase_for(1800 * NS, 1800 * NS, no_room) == (Phase.NORMAL, 1800 * NS)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"wrap_up": -5}, "wrap-up time -5 s is out of range"),
        ({"wrap_up": 300, "final": "60"}, "final time must be whole seconds"),
        ({"wrap_up": True}, "wrap-up time must be whole seconds"),
        ({"wrap_up": 300, "colour": "red"}, "unknown field"),
        ([300, 60], "expected an object"),
    ],
)
def test_bad_stored_thresholds_say_what_and_where(value: object, message: str) -> None:
    with pytest.raises(TimerError, match=message) as caught:
        Thresholds.from_json(value, "event setting chair.thresholds.panel")
    assert str(caught.value).startswith("event setting chair.thresholds.panel")


def test_thresholds_round_trip_through_json() -> None:
    t = Thresholds(wrap_up=240, final=30, questions=300)
    assert Thresholds.from_json(t.to_json(), "here") == t
