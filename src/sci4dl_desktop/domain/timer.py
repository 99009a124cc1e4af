"""The session timer: a state machine driven by an injected monotonic clock.

    idle --start--> running --pause--> paused --resume--> running --finish--> finished
                                          \\-----------------finish--------------^

While running or paused the timer is in overtime when less than nothing is left;
overtime is a phase, not a state. The phases, in the order a talk meets them:

    normal -> wrap-up -> final minute -> [questions -> final minute] -> overtime

Exactness: every reading of the clock is turned into integer nanoseconds once, and
the elapsed time is always the difference of two readings (now minus an anchor that
moves by the exact length of each pause). Nothing is summed tick by tick, so the
timer shows the same time after eight hours as the clock does, however often or
rarely it is asked, and whatever the GUI was doing in between. With a clock that
counts through suspend (see `domain/clock.py`) a laptop that slept shows the true
elapsed time on wake.

Across a restart the monotonic clock cannot be compared (it restarts at boot), so
`TimerSnapshot` also records wall-clock instants: the elapsed time at the last
transition and when that was. `SessionTimer.restore` re-anchors a running timer
from them, which is exact unless the wall clock was corrected in between.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sci4dl_desktop.domain.clock import Clock
from sci4dl_desktop.domain.timer_phases import (
    DEFAULT_THRESHOLDS,
    MAX_SECONDS,
    MIN_TOTAL_SECONDS,
    MINUTE,
    NS,
    Phase,
    Thresholds,
    TimerError,
    format_countdown,
    format_overtime,
    phase_for,
    to_ns,
)


class TimerState(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"

    @property
    def label(self) -> str:
        return {"idle": "Ready", "running": "Running", "paused": "Paused", "finished": "Finished"}[
            self.value
        ]


@dataclass(frozen=True)
class Reading:
    """What the timer shows at one instant."""

    state: TimerState
    phase: Phase
    elapsed_ns: int
    total_ns: int  # the slot, adjustments included
    remaining_ns: int  # negative in overtime
    shown_ns: int  # time left in the current segment, or the time over in overtime

    @property
    def overtime(self) -> bool:
        return self.phase is Phase.OVERTIME

    @property
    def text(self) -> str:
        return format_overtime(self.shown_ns) if self.overtime else format_countdown(self.shown_ns)

    @property
    def word(self) -> str:
        """The phase word; 'Paused', 'Ready' or 'Finished' when the timer isn't running."""
        if self.state is TimerState.RUNNING:
            return self.phase.label
        if self.state is TimerState.PAUSED and not self.overtime:
            return "Paused"
        if self.state is TimerState.PAUSED:
            return "Paused · Overtime"
        return self.state.label


@dataclass(frozen=True)
class LogEntry:
    """One transition, kept so the day's record says what happened and when."""

    action: str  # start, pause, resume, adjust, finish
    at: datetime  # wall clock, UTC
    elapsed_ns: int
    seconds: int = 0  # for adjust: the change of the slot

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "action": self.action,
            "at": self.at.isoformat(),
            "elapsed_ns": self.elapsed_ns,
        }
        if self.seconds:
            entry["seconds"] = self.seconds
        return entry

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> LogEntry:
        return cls(
            action=str(value["action"]),
            at=aware_utc(datetime.fromisoformat(str(value["at"]))),
            elapsed_ns=int(value["elapsed_ns"]),
            seconds=int(value.get("seconds", 0)),
        )


def aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise TimerError(f"the time {value.isoformat()} has no time zone")
    return value.astimezone(UTC)


@dataclass(frozen=True)
class TimerSnapshot:
    """Everything needed to store a timer and bring it back, in wall-clock terms."""

    duration_s: int
    started_at: datetime | None = None
    ended_at: datetime | None = None
    paused_at: datetime | None = None  # set while paused
    paused_ns: int = 0  # length of the pauses that ended
    adjust_s: int = 0
    checkpoint_at: datetime | None = None  # the wall time of the last transition ...
    checkpoint_elapsed_ns: int = 0  # ... and the elapsed time then
    log: tuple[LogEntry, ...] = ()

    @property
    def state(self) -> TimerState:
        if self.started_at is None:
            return TimerState.IDLE
        if self.ended_at is not None:
            return TimerState.FINISHED
        return TimerState.PAUSED if self.paused_at is not None else TimerState.RUNNING

    @property
    def total_ns(self) -> int:
        return (self.duration_s + self.adjust_s) * NS

    def elapsed_ns_at(self, now: datetime) -> int:
        """The elapsed time at wall time `now` (a stopped timer keeps its last value)."""
        if self.state is not TimerState.RUNNING or self.checkpoint_at is None:
            return self.checkpoint_elapsed_ns
        since = to_ns((now - self.checkpoint_at).total_seconds())
        return self.checkpoint_elapsed_ns + max(0, since)

    def expected_end(self, now: datetime) -> datetime | None:
        """When the slot will end if the speaker keeps to it: never before `now`."""
        if self.state is TimerState.IDLE:
            return None
        if self.ended_at is not None:
            return self.ended_at
        left_ns = max(0, self.total_ns - self.elapsed_ns_at(now))
        return now + timedelta(microseconds=left_ns // 1000)


class SessionTimer:
    """The timer of one session: exact over hours, driven by the clock it is given."""

    def __init__(self, clock: Clock, duration_s: int, thresholds: Thresholds | None = None) -> None:
        _check_duration(duration_s)
        self._clock = clock
        self._duration_s = duration_s
        self._adjust_s = 0
        self.thresholds = thresholds or Thresholds(wrap_up=5 * MINUTE)
        self._state = TimerState.IDLE
        self._anchor_ns = 0  # monotonic reading at which the elapsed time would be zero
        self._frozen_ns = 0  # the elapsed time while not running
        self._pause_began_ns = 0
        self._paused_ns = 0
        self._started_at: datetime | None = None
        self._ended_at: datetime | None = None
        self._paused_at: datetime | None = None
        self._checkpoint_at: datetime | None = None
        self._checkpoint_elapsed_ns = 0
        self._log: list[LogEntry] = []

    # -- reading -----------------------------------------------------------------------

    @property
    def state(self) -> TimerState:
        return self._state

    @property
    def duration_s(self) -> int:
        return self._duration_s

    @property
    def adjust_s(self) -> int:
        return self._adjust_s

    @property
    def total_ns(self) -> int:
        return (self._duration_s + self._adjust_s) * NS

    @property
    def started_at(self) -> datetime | None:
        return self._started_at

    @property
    def ended_at(self) -> datetime | None:
        return self._ended_at

    def _mono_ns(self) -> int:
        return to_ns(self._clock.monotonic())

    def elapsed_ns(self) -> int:
        if self._state is TimerState.RUNNING:
            return self._mono_ns() - self._anchor_ns
        return self._frozen_ns

    def reading(self) -> Reading:
        elapsed = self.elapsed_ns()
        total = self.total_ns
        remaining = total - elapsed
        phase, shown = phase_for(remaining, total, self.thresholds)
        return Reading(self._state, phase, elapsed, total, remaining, shown)

    # -- transitions ---------------------------------------------------------------------

    def start(self) -> None:
        self._require(TimerState.IDLE, "start")
        now_ns = self._mono_ns()
        self._anchor_ns = now_ns
        self._state = TimerState.RUNNING
        self._started_at = self._record("start", 0)

    def pause(self) -> None:
        self._require(TimerState.RUNNING, "pause")
        now_ns = self._mono_ns()
        self._frozen_ns = now_ns - self._anchor_ns
        self._pause_began_ns = now_ns
        self._state = TimerState.PAUSED
        self._paused_at = self._record("pause", self._frozen_ns)

    def resume(self) -> None:
        self._require(TimerState.PAUSED, "resume")
        now_ns = self._mono_ns()
        self._paused_ns += now_ns - self._pause_began_ns
        self._anchor_ns = now_ns - self._frozen_ns
        self._state = TimerState.RUNNING
        self._paused_at = None
        self._record("resume", self._frozen_ns)

    def toggle(self) -> TimerState:
        """Space: start when idle, pause when running, resume when paused."""
        if self._state is TimerState.IDLE:
            self.start()
        elif self._state is TimerState.RUNNING:
            self.pause()
        elif self._state is TimerState.PAUSED:
            self.resume()
        else:
            raise TimerError("this session is finished: go to the next one, or reopen it")
        return self._state

    def adjust(self, seconds: int) -> None:
        """Lengthen (positive) or shorten (negative) the slot."""
        if self._state is TimerState.FINISHED:
            raise TimerError("this session is finished: its time can no longer change")
        if self._duration_s + self._adjust_s + seconds < MIN_TOTAL_SECONDS:
            raise TimerError("a slot cannot be shorter than one minute")
        if self._duration_s + self._adjust_s + seconds > MAX_SECONDS:
            raise TimerError("a slot cannot be longer than a day")
        self._adjust_s += seconds
        if self._state is not TimerState.IDLE:
            self._record("adjust", self.elapsed_ns(), seconds)

    def add_minute(self) -> None:
        self.adjust(MINUTE)

    def remove_minute(self) -> None:
        self.adjust(-MINUTE)

    def set_duration(self, seconds: int) -> None:
        """Change the planned length before the start (a break started late is shorter)."""
        self._require(TimerState.IDLE, "change the length of")
        _check_duration(seconds)
        self._duration_s = seconds

    def finish(self) -> None:
        if self._state not in (TimerState.RUNNING, TimerState.PAUSED):
            raise TimerError(f"cannot finish a timer that is {self._state.label.lower()}")
        if self._state is TimerState.RUNNING:
            self._frozen_ns = self._mono_ns() - self._anchor_ns
        else:
            self._paused_ns += self._mono_ns() - self._pause_began_ns
        self._state = TimerState.FINISHED
        now = self._record("finish", self._frozen_ns)
        # The wall clock may have been corrected backwards; the record must stay ordered.
        self._ended_at = max(now, self._started_at) if self._started_at else now
        self._paused_at = None

    def _require(self, state: TimerState, verb: str) -> None:
        if self._state is not state:
            raise TimerError(f"cannot {verb} a timer that is {self._state.label.lower()}")

    def _record(self, action: str, elapsed_ns: int, seconds: int = 0) -> datetime:
        at = self._clock.now().astimezone(UTC)
        self._checkpoint_at, self._checkpoint_elapsed_ns = at, elapsed_ns
        self._log.append(LogEntry(action, at, elapsed_ns, seconds))
        return at

    # -- persistence ---------------------------------------------------------------------

    def snapshot(self) -> TimerSnapshot:
        return TimerSnapshot(
            duration_s=self._duration_s,
            started_at=self._started_at,
            ended_at=self._ended_at,
            paused_at=self._paused_at,
            paused_ns=self._paused_ns,
            adjust_s=self._adjust_s,
            checkpoint_at=self._checkpoint_at,
            checkpoint_elapsed_ns=self._checkpoint_elapsed_ns,
            log=tuple(self._log),
        )

    @classmethod
    def restore(
        cls, snapshot: TimerSnapshot, clock: Clock, thresholds: Thresholds | None = None
    ) -> SessionTimer:
        """A timer that carries on from a stored snapshot, re-anchored on this clock."""
        timer = cls(clock, snapshot.duration_s, thresholds)
        timer._adjust_s = snapshot.adjust_s
        timer._state = snapshot.state
        timer._started_at = snapshot.started_at
        timer._ended_at = snapshot.ended_at
        timer._paused_at = snapshot.paused_at
        timer._paused_ns = snapshot.paused_ns
        timer._checkpoint_at = snapshot.checkpoint_at
        timer._checkpoint_elapsed_ns = snapshot.checkpoint_elapsed_ns
        timer._log = list(snapshot.log)
        now_ns = timer._mono_ns()
        elapsed = snapshot.elapsed_ns_at(clock.now())
        timer._frozen_ns = elapsed
        timer._anchor_ns = now_ns - elapsed
        if snapshot.state is TimerState.PAUSED and snapshot.paused_at is not None:
            paused_for = to_ns(max(0.0, (clock.now() - snapshot.paused_at).total_seconds()))
            timer._pause_began_ns = now_ns - paused_for
        return timer


def _check_duration(seconds: int) -> None:
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise TimerError("a slot's length must be whole seconds")
    if not MIN_TOTAL_SECONDS <= seconds <= MAX_SECONDS:
        raise TimerError(
            f"a slot of {seconds} s is out of range: between one minute and a day, please"
        )


__all__ = [
    "DEFAULT_THRESHOLDS",
    "MINUTE",
    "NS",
    "LogEntry",
    "Phase",
    "Reading",
    "SessionTimer",
    "Thresholds",
    "TimerError",
    "TimerSnapshot",
    "TimerState",
    "aware_utc",
    "format_countdown",
    "format_overtime",
    "phase_for",
    "to_ns",
]
