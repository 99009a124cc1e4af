"""Where things go on the timeline: room columns, time scale, session blocks, navigation.

Time runs down in real elapsed time from the first whole local hour of the day, so a
day with a DST change is drawn as it is lived. Sessions that overlap in one room share
the room's column side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRectF

from sci4dl_desktop.domain.schedule import (
    NO_ROOM,
    SessionView,
    TimesById,
    day_span,
    effective_times,
    hour_marks,
)

MIN_SHORTEST_MINUTES = 10.0  # a block this short still gets two lines of text
MAX_PX_PER_MINUTE = 8.0
MIN_PX_PER_MINUTE = 1.0


@dataclass(frozen=True)
class Metrics:
    """Font-derived sizes, so the timeline scales with the font and the screen."""

    line: float  # line spacing of the block font
    em: float  # width of "M"
    ruler_width: float

    @property
    def pad(self) -> float:
        return round(self.line * 0.3)

    @property
    def min_column_width(self) -> float:
        return 13 * self.em


@dataclass(frozen=True)
class Column:
    room_id: int | None
    name: str
    x: float
    width: float


@dataclass(frozen=True)
class Block:
    session: SessionView
    rect: QRectF
    column: int
    projected: QRectF | None  # where adjusted (projected) times put it, if adjusted


class Direction(Enum):
    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"


def _lanes(sessions: Sequence[SessionView]) -> dict[int, tuple[int, int]]:
    """Lane and lane count of each session, for sessions that overlap in one room."""
    result: dict[int, tuple[int, int]] = {}
    cluster: list[tuple[int, int]] = []  # (session id, lane)
    lane_ends: list[datetime] = []
    cluster_end: datetime | None = None

    def close() -> None:
        for session_id, lane in cluster:
            result[session_id] = (lane, len(lane_ends))

    for session in sorted(sessions, key=lambda s: (s.start, s.end, s.id)):
        if cluster_end is not None and session.start >= cluster_end:
            close()
            cluster, lane_ends, cluster_end = [], [], None
        lane = next((i for i, end in enumerate(lane_ends) if end <= session.start), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(session.end)
        else:
            lane_ends[lane] = session.end
        cluster.append((session.id, lane))
        cluster_end = session.end if cluster_end is None else max(cluster_end, session.end)
    close()
    return result


class TimelineLayout:
    """The geometry of one day's timeline for a given widget size."""

    def __init__(
        self,
        sessions: Sequence[SessionView],
        zone: ZoneInfo,
        metrics: Metrics,
        width: float,
        height: float,
        adjusted: TimesById | None = None,
    ) -> None:
        self.zone = zone
        self.metrics = metrics
        self.top = round(metrics.line * 0.8)
        self.bottom = round(metrics.line * 0.8)
        span = day_span(sessions, zone, adjusted)
        self.origin: datetime | None = span[0] if span else None
        self.finish: datetime | None = span[1] if span else None
        minutes = (
            (self.finish - self.origin).total_seconds() / 60
            if self.origin is not None and self.finish is not None
            else 0.0
        )
        shortest = min(
            (s.duration.total_seconds() / 60 for s in sessions), default=MIN_SHORTEST_MINUTES
        )
        needed = 2 * metrics.line + 2 * metrics.pad + 4
        self.min_px_per_minute = min(
            MAX_PX_PER_MINUTE,
            max(MIN_PX_PER_MINUTE, needed / max(MIN_SHORTEST_MINUTES, shortest)),
        )
        self.min_height = self.top + minutes * self.min_px_per_minute + self.bottom
        available = height - self.top - self.bottom
        self.px_per_minute = max(self.min_px_per_minute, available / minutes if minutes else 0)
        self.height = max(height, self.min_height)

        room_keys: dict[int | None, tuple[int, str]] = {}
        for session in sessions:
            room_keys[session.room_id] = (session.room_position, session.room_name)
        ordered = sorted(room_keys.items(), key=lambda item: (item[0] is None, item[1][0]))
        count = max(1, len(ordered))
        self.min_width = metrics.ruler_width + count * metrics.min_column_width
        self.width = max(width, self.min_width)
        column_width = (self.width - metrics.ruler_width) / count
        self.columns: tuple[Column, ...] = tuple(
            Column(
                room_id=key,
                name=name if key is not None else NO_ROOM,
                x=metrics.ruler_width + i * column_width,
                width=column_width,
            )
            for i, (key, (_, name)) in enumerate(ordered)
        )
        column_of = {c.room_id: i for i, c in enumerate(self.columns)}

        blocks: list[Block] = []
        for index in sorted(set(column_of.values())):
            in_room = [s for s in sessions if column_of[s.room_id] == index]
            lanes = _lanes(in_room)
            column = self.columns[index]
            for session in in_room:
                lane, lane_count = lanes[session.id]
                lane_width = column.width / lane_count
                x = column.x + lane * lane_width
                rect = self._rect(x, lane_width, session.start, session.end)
                projected = None
                if adjusted and session.id in adjusted:
                    start, end = effective_times(session, adjusted)
                    projected = self._rect(x, lane_width, start, end)
                blocks.append(Block(session, rect, index, projected))
        blocks.sort(key=lambda b: (b.session.start, b.column, b.rect.x(), b.session.id))
        self.blocks: tuple[Block, ...] = tuple(blocks)
        self._by_id = {b.session.id: b for b in blocks}

    def _rect(self, x: float, width: float, start: datetime, end: datetime) -> QRectF:
        # Whole logical pixels: fills and borders stay sharp at any device pixel ratio.
        left, right = round(x + 3), round(x + width - 3)
        top, bottom = round(self.y_of(start) + 1), round(self.y_of(end) - 1)
        return QRectF(left, top, right - left, max(2, bottom - top))

    # -- mapping ---------------------------------------------------------------------

    def y_of(self, instant: datetime) -> float:
        if self.origin is None:
            return float(self.top)
        minutes = (instant - self.origin).total_seconds() / 60
        return self.top + minutes * self.px_per_minute

    def contains_time(self, instant: datetime) -> bool:
        return (
            self.origin is not None
            and self.finish is not None
            and self.origin <= instant <= self.finish
        )

    def hour_marks(self) -> list[tuple[float, str]]:
        if self.origin is None or self.finish is None:
            return []
        return [
            (self.y_of(t), label) for t, label in hour_marks(self.origin, self.finish, self.zone)
        ]

    def block(self, session_id: int) -> Block | None:
        return self._by_id.get(session_id)

    def block_at(self, point: QPointF) -> Block | None:
        for block in reversed(self.blocks):
            if block.rect.contains(point):
                return block
        return None

    # -- keyboard navigation -----------------------------------------------------------

    def step(self, session_id: int | None, forward: bool) -> int | None:
        """The next (or previous) block in time order, or None past either end."""
        if not self.blocks:
            return None
        if session_id is None or session_id not in self._by_id:
            return self.blocks[0 if forward else -1].session.id
        ids = [b.session.id for b in self.blocks]
        index = ids.index(session_id) + (1 if forward else -1)
        return ids[index] if 0 <= index < len(ids) else None

    def neighbour(self, session_id: int, direction: Direction) -> int | None:
        """The block above, below, left or right of a block; None when there is none."""
        current = self._by_id.get(session_id)
        if current is None:
            return None
        middle = current.rect.center()
        if direction in (Direction.UP, Direction.DOWN):
            down = direction is Direction.DOWN
            same = [
                b
                for b in self.blocks
                if b.column == current.column
                and b is not current
                and (b.rect.top() >= current.rect.bottom() - 2 if down
                     else b.rect.bottom() <= current.rect.top() + 2)
            ]  # fmt: skip
            if not same:
                return None
            best = min(
                same,
                key=lambda b: (
                    abs(b.rect.top() - current.rect.bottom())
                    if down
                    else abs(current.rect.top() - b.rect.bottom()),
                    abs(b.rect.center().x() - middle.x()),
                ),
            )
            return best.session.id
        step = 1 if direction is Direction.RIGHT else -1
        column = current.column + step
        while 0 <= column < len(self.columns):
            candidates = [b for b in self.blocks if b.column == column]
            if candidates:
                best = min(candidates, key=lambda b: _vertical_distance(b.rect, middle.y()))
                return best.session.id
            column += step
        return None


def _vertical_distance(rect: QRectF, y: float) -> float:
    if rect.top() <= y <= rect.bottom():
        return 0.0
    return min(abs(rect.top() - y), abs(rect.bottom() - y))
