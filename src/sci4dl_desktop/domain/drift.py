"""The day's drift: which session is on, how late the day runs, when the rest will start.

Actual times come from the session timers (`TimerRecord`, see `domain/timer_store.py`).
The projection is deliberately simple, so a chair can check it in their head:

1. A session whose timer ran keeps its actual times. A running or paused one ends
   when its timer runs out (pauses and added minutes included), and never before
   now: a talk in overtime ends "now" at the earliest.
2. Sessions before the current one that nobody timed keep their planned times.
3. A session that has not started starts at its planned time or, if later, when
   every session planned to end before it has ended, and never before now. So a
   delay shifts everything after it by the same amount, gaps in the program absorb
   it, and sessions planned to overlap (parallel rooms) do not push each other.
4. Breaks absorb delay: a break that starts late ends at its planned end, but keeps
   at least half of its planned length (`BREAK_MIN_FRACTION`). A 30-minute coffee
   break absorbs up to 15 minutes, a 60-minute lunch up to 30. A talk keeps its
   full length however late it starts. The timer of a break gets the same length
   (`slot_seconds`), so the speaker display says when the break really ends.

`current_delay` is how late the current session will end compared with the plan,
that is how late whatever follows it can begin: "running 7 min late".

Calendars: the projection changes no session row and does not touch
`Session.sequence`. An export that publishes adjusted times asks
`projected_times` and raises the SEQUENCE of the entries it moves itself (see
`domain/session_times.py`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.local_time import round_minutes
from sci4dl_desktop.domain.timer import TimerSnapshot, TimerState
from sci4dl_desktop.domain.timer_store import load_snapshots
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import Event, Session

BREAK_MIN_FRACTION = 0.5
ABSORBING_KINDS = frozenset({SessionKind.BREAK})

Times = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class PlannedSlot:
    """A session as the drift sees it: when it was planned, and what kind it is."""

    id: int
    kind: SessionKind
    start: datetime
    end: datetime
    title: str = ""

    @property
    def planned_seconds(self) -> int:
        return round((self.end - self.start).total_seconds())


@dataclass(frozen=True)
class Day:
    """The program's slots in order, the stored timers, and the event's time zone."""

    slots: tuple[PlannedSlot, ...]
    records: Mapping[int, TimerSnapshot] = field(default_factory=dict)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.slots, key=lambda s: (s.start, s.end, s.id)))
        object.__setattr__(self, "slots", ordered)

    def slot(self, session_id: int) -> PlannedSlot | None:
        return next((s for s in self.slots if s.id == session_id), None)

    def index(self, session_id: int) -> int | None:
        return next((i for i, s in enumerate(self.slots) if s.id == session_id), None)

    def state(self, session_id: int) -> TimerState:
        record = self.records.get(session_id)
        return record.state if record is not None else TimerState.IDLE

    def with_record(self, session_id: int, snapshot: TimerSnapshot | None) -> Day:
        """The same day with one timer replaced (None forgets it)."""
        records = dict(self.records)
        if snapshot is None:
            records.pop(session_id, None)
        else:
            records[session_id] = snapshot
        return Day(self.slots, records, self.zone)

    def local_day(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()


def load_day(session: OrmSession) -> Day:
    """The first event's sessions and timers, read in three queries."""
    event = session.scalars(select(Event).order_by(Event.id).limit(1)).first()
    if event is None:
        return Day(())
    try:
        zone = ZoneInfo(event.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    slots = tuple(
        PlannedSlot(row.id, row.kind, row.start_at, row.end_at, row.title)
        for row in session.execute(
            select(Session.id, Session.kind, Session.start_at, Session.end_at, Session.title).where(
                Session.event_id == event.id
            )
        )
    )
    return Day(slots, load_snapshots(session, event.id), zone)


def _day(source: Day | OrmSession) -> Day:
    return source if isinstance(source, Day) else load_day(source)


def slot_seconds(slot: PlannedSlot, start: datetime) -> int:
    """How long a slot lasts when it starts at `start` (rule 4: breaks absorb delay)."""
    planned = slot.planned_seconds
    if slot.kind not in ABSORBING_KINDS:
        return planned
    keep = math.ceil(planned * BREAK_MIN_FRACTION)
    until_planned_end = math.ceil((slot.end - start).total_seconds())
    return max(keep, until_planned_end, 60)


# -- which session is on -------------------------------------------------------------------


def current_slot(source: Day | OrmSession, now: datetime) -> PlannedSlot | None:
    """The session the chair is on.

    The session whose timer runs (or is paused); else, once a session of today has
    been timed, the first untimed one after the last timed one (the chair goes
    through the program in order, however late); else what the plan says is on now
    or comes next. None when the day is over.
    """
    day = _day(source)
    active = [s for s in day.slots if day.state(s.id) in (TimerState.RUNNING, TimerState.PAUSED)]
    if active:
        return max(active, key=lambda s: day.records[s.id].started_at or s.start)
    today = day.local_day(now)
    timed_today = [
        i
        for i, s in enumerate(day.slots)
        if day.state(s.id) is not TimerState.IDLE and day.local_day(s.start) == today
    ]
    if timed_today:
        following = day.slots[max(timed_today) + 1 :]
        return next((s for s in following if day.state(s.id) is TimerState.IDLE), None)
    return next((s for s in day.slots if s.end > now and day.state(s.id) is TimerState.IDLE), None)


def next_slot(source: Day | OrmSession, current: PlannedSlot | None) -> PlannedSlot | None:
    """The first untimed session after `current`."""
    day = _day(source)
    if current is None:
        return None
    index = day.index(current.id)
    if index is None:
        return None
    return next(
        (s for s in day.slots[index + 1 :] if day.state(s.id) is TimerState.IDLE),
        None,
    )


# -- projection -----------------------------------------------------------------------------


def projected_times(source: Day | OrmSession, now: datetime) -> dict[int, Times]:
    """Every session's (start, end): actual, running, planned or projected (see above)."""
    day = _day(source)
    now = now.astimezone(UTC)
    current = current_slot(day, now)
    found = day.index(current.id) if current is not None else None
    current_index = found if found is not None else len(day.slots)
    result: dict[int, Times] = {}
    done: list[tuple[datetime, datetime]] = []  # (planned end, projected end) so far
    for index, slot in enumerate(day.slots):
        record = day.records.get(slot.id)
        state = record.state if record is not None else TimerState.IDLE
        if record is not None and record.started_at is not None and state is not TimerState.IDLE:
            start = record.started_at
            end = record.expected_end(now) or now
        elif index < current_index:
            start, end = slot.start, slot.end
        else:
            blockers = [projected for planned, projected in done if planned <= slot.start]
            start = max([slot.start, now, *blockers])
            added = record.adjust_s if record is not None else 0  # minutes added before the start
            end = start + timedelta(seconds=slot_seconds(slot, start) + added)
        end = max(end, start)
        result[slot.id] = (start, end)
        done.append((slot.end, end))
    return result


def current_delay(source: Day | OrmSession, now: datetime) -> timedelta:
    """How late the day runs: the current session's projected end minus its planned end.

    After the last session: how late the day ended. Negative when ahead of the plan.
    """
    day = _day(source)
    times = projected_times(day, now)
    slot = current_slot(day, now)
    if slot is None:
        timed = [s for s in day.slots if day.state(s.id) is not TimerState.IDLE]
        if not timed:
            return timedelta(0)
        slot = max(timed, key=lambda s: times[s.id][1])
    return times[slot.id][1] - slot.end


def adjusted_times(
    source: Day | OrmSession, now: datetime, tolerance: timedelta = timedelta(minutes=1)
) -> dict[int, Times]:
    """The projected times that differ from the plan, for the schedule and calendars.

    Empty while nobody times today's sessions: a day the chair does not run from this
    app is shown as planned. Differences under `tolerance` are left out.
    """
    day = _day(source)
    today = day.local_day(now)
    tracked = any(
        day.state(s.id) is not TimerState.IDLE and day.local_day(s.start) == today
        for s in day.slots
    )
    if not tracked:
        return {}
    moved: dict[int, Times] = {}
    times = projected_times(day, now)
    for slot in day.slots:
        start, end = times[slot.id]
        if abs(start - slot.start) >= tolerance or abs(end - slot.end) >= tolerance:
            moved[slot.id] = (start, end)
    return moved


def describe_delay(delta: timedelta) -> str:
    """'on time', 'running 7 min late', 'running 3 min early'."""
    minutes = round_minutes(delta)
    if minutes == 0:
        return "on time"
    return f"running {abs(minutes)} min {'late' if minutes > 0 else 'early'}"


def remaining_slots(day: Day, now: datetime) -> Sequence[PlannedSlot]:
    """The current session and those after it that have not been timed yet."""
    current = current_slot(day, now)
    if current is None:
        return ()
    index = day.index(current.id) or 0
    return tuple(
        s for s in day.slots[index:] if s.id == current.id or day.state(s.id) is TimerState.IDLE
    )


__all__ = [
    "BREAK_MIN_FRACTION",
    "Day",
    "PlannedSlot",
    "adjusted_times",
    "current_delay",
    "current_slot",
    "describe_delay",
    "load_day",
    "next_slot",
    "projected_times",
    "remaining_slots",
    "round_minutes",
    "slot_seconds",
]
