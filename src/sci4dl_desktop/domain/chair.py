"""What the session chair works with: the program with its speakers, and the day's timers.

`load_chair_day` reads everything the chair page shows in a handful of queries (the
sessions, their speakers and whether each speaker has checked in at the desk, the
stored timers and the thresholds) and returns frozen values that a worker thread can
hand to the GUI.

`ChairDesk` is the chair's logic without any GUI: which session is on, and the
keys Space (start, pause, resume), + and - (a minute more or less), F (finish) and
N (finish this session and start the next). Every action returns the timer
snapshots it changed, for the caller to store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from sci4dl_desktop.domain.clock import Clock
from sci4dl_desktop.domain.drift import (
    Day,
    PlannedSlot,
    current_slot,
    load_day,
    next_slot,
    slot_seconds,
)
from sci4dl_desktop.domain.timer import (
    MINUTE,
    SessionTimer,
    TimerError,
    TimerSnapshot,
    TimerState,
)
from sci4dl_desktop.domain.timer_store import ThresholdSettings, load_thresholds
from sci4dl_desktop.store.enums import SessionKind
from sci4dl_desktop.store.models import (
    Admission,
    Attendee,
    Event,
    Person,
    Room,
    Session,
    SessionSpeaker,
)


@dataclass(frozen=True, slots=True)
class SpeakerStatus:
    """A speaker of a session, and whether the registration desk has admitted them."""

    person_id: int
    name: str
    affiliation: str
    registered: bool  # some attendee record is linked to this person
    checked_in_at: datetime | None = None

    def status(self, zone: ZoneInfo) -> str:
        if self.checked_in_at is not None:
            return f"checked in {self.checked_in_at.astimezone(zone):%H:%M}"
        return "not checked in yet" if self.registered else "no registration record"


@dataclass(frozen=True, slots=True)
class ChairSession:
    id: int
    title: str
    subtitle: str
    kind: SessionKind
    start: datetime
    end: datetime
    room: str
    speakers: tuple[SpeakerStatus, ...] = ()


@dataclass(frozen=True)
class ChairDay:
    """Everything the chair page shows, read at one moment."""

    day: Day
    sessions: Mapping[int, ChairSession]
    thresholds: ThresholdSettings
    acronym: str = ""


def load_chair_day(session: OrmSession) -> ChairDay:
    day = load_day(session)
    ids = [slot.id for slot in day.slots]
    rooms = {row.id: row.name for row in session.execute(select(Room.id, Room.name))}
    speakers: dict[int, list[tuple[int, str, str]]] = {}
    for link in session.execute(
        select(SessionSpeaker.session_id, Person.id, Person.name, Person.affiliation)
        .join(Person, Person.id == SessionSpeaker.person_id)
        .where(SessionSpeaker.session_id.in_(ids))
        .order_by(SessionSpeaker.session_id, SessionSpeaker.position)
    ):
        speakers.setdefault(link.session_id, []).append((link.id, link.name, link.affiliation))
    person_ids = {pid for entries in speakers.values() for pid, _, _ in entries}
    registered: set[int] = set()
    admitted: dict[int, datetime] = {}
    for person_id, admitted_at in session.execute(
        select(Attendee.person_id, Admission.at)
        .outerjoin(Admission, Admission.attendee_id == Attendee.id)
        .where(Attendee.person_id.in_(person_ids))
    ):
        if person_id is None:
            continue
        registered.add(person_id)
        if admitted_at is not None:
            earlier = admitted.get(person_id)
            admitted[person_id] = min(admitted_at, earlier) if earlier else admitted_at
    sessions: dict[int, ChairSession] = {}
    for row in session.execute(
        select(
            Session.id,
            Session.title,
            Session.subtitle,
            Session.kind,
            Session.start_at,
            Session.end_at,
            Session.room_id,
        ).where(Session.id.in_(ids))
    ):
        sessions[row.id] = ChairSession(
            id=row.id,
            title=row.title,
            subtitle=row.subtitle,
            kind=row.kind,
            start=row.start_at,
            end=row.end_at,
            room=rooms.get(row.room_id, "") if row.room_id is not None else "",
            speakers=tuple(
                SpeakerStatus(pid, name, affiliation, pid in registered, admitted.get(pid))
                for pid, name, affiliation in speakers.get(row.id, ())
            ),
        )
    acronym = session.scalars(select(Event.acronym).order_by(Event.id).limit(1)).first()
    return ChairDay(day, sessions, load_thresholds(session), acronym or "")


class ChairDesk:
    """The chair's timers over the day: in memory, authoritative for this window."""

    def __init__(self, clock: Clock, data: ChairDay) -> None:
        self._clock = clock
        self._data = data
        self._timers: dict[int, SessionTimer] = {}
        self._selected: int | None = None

    # -- what is on ----------------------------------------------------------------------

    @property
    def data(self) -> ChairDay:
        return self._data

    @property
    def day(self) -> Day:
        """The day with the live state of this desk's timers."""
        return self._data.day

    def reload(self, data: ChairDay) -> None:
        """New data from the database; the timers this desk holds stay as they are."""
        day = data.day
        for session_id, timer in list(self._timers.items()):
            if day.slot(session_id) is None:
                del self._timers[session_id]
            else:
                day = day.with_record(session_id, timer.snapshot())
        for session_id, timer in self._timers.items():
            timer.thresholds = data.thresholds.for_kind(timer_kind(day, session_id))
        self._data = ChairDay(day, data.sessions, data.thresholds, data.acronym)
        if self._selected is not None and day.slot(self._selected) is None:
            self._selected = None

    def current(self) -> PlannedSlot | None:
        if self._selected is not None:
            slot = self.day.slot(self._selected)
            if slot is not None and self.day.state(slot.id) is not TimerState.FINISHED:
                return slot
        return current_slot(self.day, self._clock.now())

    def next(self) -> PlannedSlot | None:
        return next_slot(self.day, self.current())

    def can_select(self) -> bool:
        current = self.current()
        return current is None or self.day.state(current.id) is TimerState.IDLE

    def select(self, session_id: int) -> None:
        """Make another session current (only while no timer runs)."""
        if not self.can_select():
            raise TimerError("finish the running session (F) before choosing another one")
        if self.day.slot(session_id) is None:
            raise TimerError(f"session {session_id} is not in the program")
        if self.day.state(session_id) is TimerState.FINISHED:
            raise TimerError("that session is finished already")
        self._selected = session_id

    def timer(self, session_id: int) -> SessionTimer:
        """The timer of a session, from its stored record or new at its planned length."""
        timer = self._timers.get(session_id)
        if timer is not None:
            return timer
        slot = self.day.slot(session_id)
        if slot is None:
            raise TimerError(f"session {session_id} is not in the program")
        thresholds = self._data.thresholds.for_kind(slot.kind)
        stored = self.day.records.get(session_id)
        if stored is not None:
            timer = SessionTimer.restore(stored, self._clock, thresholds)
        else:
            timer = SessionTimer(self._clock, max(MINUTE, slot.planned_seconds), thresholds)
        self._timers[session_id] = timer
        return timer

    def current_timer(self) -> SessionTimer | None:
        slot = self.current()
        return self.timer(slot.id) if slot is not None else None

    # -- the keys --------------------------------------------------------------------------

    def toggle(self) -> dict[int, TimerSnapshot]:
        """Space: start the current session, or pause or resume it."""
        slot = self._require_current()
        timer = self.timer(slot.id)
        if timer.state is TimerState.IDLE:
            return self._start(slot)
        timer.toggle()
        return self._changed(slot.id)

    def adjust(self, seconds: int) -> dict[int, TimerSnapshot]:
        """+ and -: a minute more or less for the current session."""
        slot = self._require_current()
        self.timer(slot.id).adjust(seconds)
        return self._changed(slot.id)

    def finish(self) -> dict[int, TimerSnapshot]:
        """F: the current session ends now; the next one becomes current, not started."""
        slot = self._require_current()
        timer = self.timer(slot.id)
        if timer.state not in (TimerState.RUNNING, TimerState.PAUSED):
            raise TimerError(f"'{slot.title}' has not started: press Space to start it")
        following = self.next()
        timer.finish()
        changed = self._changed(slot.id)
        self._selected = following.id if following is not None else None
        return changed

    def advance(self) -> dict[int, TimerSnapshot]:
        """N: finish the current session (if it runs) and start the next one now.

        A current session that never started is skipped, and stays untimed.
        """
        slot = self._require_current()
        following = self.next()
        changed: dict[int, TimerSnapshot] = {}
        if self.timer(slot.id).state in (TimerState.RUNNING, TimerState.PAUSED):
            changed.update(self.finish())
        if following is None:
            self._selected = None
            if not changed:
                raise TimerError(f"'{slot.title}' is the last session of the program")
            return changed
        self._selected = following.id
        changed.update(self._start(following))
        return changed

    def _start(self, slot: PlannedSlot) -> dict[int, TimerSnapshot]:
        timer = self.timer(slot.id)
        # A break started late is shorter; minutes added before the start stay on top.
        timer.set_duration(max(MINUTE, slot_seconds(slot, self._clock.now())))
        timer.start()
        self._selected = slot.id
        return self._changed(slot.id)

    def _require_current(self) -> PlannedSlot:
        slot = self.current()
        if slot is None:
            raise TimerError("the program is over: no session left to time")
        return slot

    def _changed(self, session_id: int) -> dict[int, TimerSnapshot]:
        snapshot = self.timer(session_id).snapshot()
        self._data = ChairDay(
            self._data.day.with_record(session_id, snapshot),
            self._data.sessions,
            self._data.thresholds,
            self._data.acronym,
        )
        return {session_id: snapshot}

    def set_thresholds(self, thresholds: ThresholdSettings) -> None:
        self._data = ChairDay(self._data.day, self._data.sessions, thresholds, self._data.acronym)
        for session_id, timer in self._timers.items():
            timer.thresholds = thresholds.for_kind(timer_kind(self.day, session_id))


def timer_kind(day: Day, session_id: int) -> SessionKind:
    slot = day.slot(session_id)
    return slot.kind if slot is not None else SessionKind.OTHER


__all__ = [
    "ChairDay",
    "ChairDesk",
    "ChairSession",
    "SpeakerStatus",
    "load_chair_day",
]
