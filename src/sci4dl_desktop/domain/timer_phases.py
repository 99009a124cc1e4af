"""Phases of a slot and their thresholds: when to wrap up, the final minute, questions.

    normal -> wrap-up -> final minute -> [questions -> final minute] -> overtime

Pure functions of the time left; the state machine that measures it is `domain/timer.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sci4dl_desktop.store.enums import SessionKind

NS = 1_000_000_000
MINUTE = 60
MIN_TOTAL_SECONDS = 60  # removing minutes stops at a one-minute slot
MAX_SECONDS = 24 * 3600


class TimerError(ValueError):
    """An action the timer cannot take in its state; the message says why."""


class Phase(StrEnum):
    NORMAL = "normal"
    WRAP_UP = "wrap_up"
    FINAL_MINUTE = "final_minute"
    QUESTIONS = "questions"
    OVERTIME = "overtime"

    @property
    def label(self) -> str:
        """The word shown beside the numerals, so that colour is never the only signal."""
        return _PHASE_LABELS[self]


_PHASE_LABELS = {
    Phase.NORMAL: "Time left",
    Phase.WRAP_UP: "Wrap up",
    Phase.FINAL_MINUTE: "Final minute",
    Phase.QUESTIONS: "Questions",
    Phase.OVERTIME: "Overtime",
}


@dataclass(frozen=True)
class Thresholds:
    """When the phases of a slot begin, in seconds before its end.

    `wrap_up` and `final` count down to the end of the talk (0 switches wrap-up off);
    `questions`, when not 0, keeps the last seconds of the slot as a separate Q&A
    segment: the numerals then count down the talk first, then the questions.
    """

    wrap_up: int
    final: int = MINUTE
    questions: int = 0

    def __post_init__(self) -> None:
        for name in ("wrap_up", "final", "questions"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TimerError(f"the {name.replace('_', '-')} time must be whole seconds")
            if not 0 <= value <= MAX_SECONDS:
                raise TimerError(
                    f"the {name.replace('_', '-')} time {value} s is out of range "
                    f"(0 to {MAX_SECONDS // 3600} hours)"
                )

    def to_json(self) -> dict[str, int]:
        return {"wrap_up": self.wrap_up, "final": self.final, "questions": self.questions}

    @classmethod
    def from_json(cls, value: Any, where: str) -> Thresholds:
        """Read thresholds stored as JSON; `where` names the place for the error message."""
        if not isinstance(value, Mapping):
            raise TimerError(f"{where}: expected an object with wrap_up, final, questions")
        unknown = sorted(set(value) - {"wrap_up", "final", "questions"})
        if unknown:
            raise TimerError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")
        try:
            return cls(
                wrap_up=value.get("wrap_up", 0),
                final=value.get("final", MINUTE),
                questions=value.get("questions", 0),
            )
        except TimerError as exc:
            raise TimerError(f"{where}: {exc}") from exc


DEFAULT_THRESHOLDS: Mapping[SessionKind, Thresholds] = {
    SessionKind.INVITED_TALK: Thresholds(wrap_up=5 * MINUTE),
    SessionKind.CONTRIBUTED_TALK: Thresholds(wrap_up=2 * MINUTE),
    SessionKind.PANEL: Thresholds(wrap_up=10 * MINUTE),
    SessionKind.POSTER_SESSION: Thresholds(wrap_up=10 * MINUTE),
    SessionKind.BREAK: Thresholds(wrap_up=5 * MINUTE),
    SessionKind.SOCIAL: Thresholds(wrap_up=10 * MINUTE),
    SessionKind.AWARD: Thresholds(wrap_up=5 * MINUTE),
    SessionKind.OTHER: Thresholds(wrap_up=5 * MINUTE),
}


def to_ns(seconds: float) -> int:
    """A clock reading or a span in seconds as integer nanoseconds."""
    return round(seconds * NS)


def ceil_seconds(ns: int) -> int:
    return -(-ns // NS)


def format_clock(seconds: int) -> str:
    """'MM:SS' with as many minute digits as needed: 30:00, 05:00, 00:07, 125:00."""
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def format_countdown(ns: int) -> str:
    """Time left, rounded up: a talk shows 30:00 at its start and 00:00 at its end."""
    return format_clock(ceil_seconds(max(0, ns)))


def format_overtime(ns: int) -> str:
    """Time over, counting up from +00:00: 30.4 s over reads +00:30."""
    return "+" + format_clock(max(0, ns) // NS)


def phase_for(remaining_ns: int, total_ns: int, thresholds: Thresholds) -> tuple[Phase, int]:
    """The phase with `remaining_ns` of `total_ns` left, and the time its numerals show."""
    if remaining_ns < 0:
        return Phase.OVERTIME, -remaining_ns
    final_ns, wrap_ns, questions_ns = (
        thresholds.final * NS,
        thresholds.wrap_up * NS,
        thresholds.questions * NS,
    )
    if 0 < questions_ns < total_ns:
        talk_left = remaining_ns - questions_ns
        if talk_left <= 0:
            return (Phase.FINAL_MINUTE if remaining_ns <= final_ns else Phase.QUESTIONS), (
                remaining_ns
            )
        remaining_ns = talk_left
    if remaining_ns <= final_ns:
        return Phase.FINAL_MINUTE, remaining_ns
    if remaining_ns <= wrap_ns:
        return Phase.WRAP_UP, remaining_ns
    return Phase.NORMAL, remaining_ns


__all__ = [
    "DEFAULT_THRESHOLDS",
    "MAX_SECONDS",
    "MINUTE",
    "MIN_TOTAL_SECONDS",
    "NS",
    "Phase",
    "Thresholds",
    "TimerError",
    "ceil_seconds",
    "format_clock",
    "format_countdown",
    "format_overtime",
    "phase_for",
    "to_ns",
]
