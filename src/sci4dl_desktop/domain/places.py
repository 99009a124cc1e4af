"""Where each mentorship meeting happens, without crowding any one place.

Every place takes at most `per_place` meetings in one break. A mentee whose poster
session is right before or after the break (within `near_poster_minutes`) meets their
mentor at their own poster board; everyone else meets at a numbered table, a mentor
keeping the same "home" table in every break where possible, and named spots take
over when the tables are full. Meetings that already have a place (locked pairs) keep
it and count towards the cap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class PlaceSettings:
    tables: int = 12
    per_place: int = 3  # meetings per place per break
    spots: tuple[str, ...] = ()  # named spots used when the tables are full
    near_poster_minutes: int = 30

    def problems(self) -> list[str]:
        found = []
        if self.tables < 0:
            found.append("The number of tables cannot be negative.")
        if self.per_place < 1:
            found.append("Each place must take at least one meeting per break.")
        if self.near_poster_minutes < 0:
            found.append("The poster distance in minutes cannot be negative.")
        if self.tables == 0 and not any(s.strip() for s in self.spots):
            found.append("Give at least one table or one named spot for the meetings.")
        return found


@dataclass(frozen=True)
class PosterSpot:
    """A mentee's own poster: its board, and when and where its session is."""

    board: int
    start: datetime
    end: datetime
    hall: str = ""


@dataclass(frozen=True)
class Meeting:
    key: Hashable
    mentor_id: int
    break_id: int
    break_start: datetime
    break_end: datetime
    area: str = ""  # where the break happens, e.g. 'Foyer'
    poster: PosterSpot | None = None
    fixed_place: str = ""  # kept as it is (a locked pair's place)


@dataclass(frozen=True)
class PlaceResult:
    places: dict[Hashable, str]
    crowded: tuple[str, ...] = ()  # warnings: places over the cap, and why
    counts: dict[tuple[int, str], int] = field(default_factory=dict)  # (break, place) -> n


def table_name(number: int, area: str) -> str:
    return f"Table {number}, {area}" if area else f"Table {number}"


def board_name(spot: PosterSpot) -> str:
    return f"Board {spot.board}, {spot.hall}" if spot.hall else f"Board {spot.board}"


def near_poster(meeting: Meeting, minutes: int) -> bool:
    """True when the mentee's poster session is within `minutes` before or after the break."""
    spot = meeting.poster
    if spot is None:
        return False
    gap = timedelta(minutes=minutes)
    overlaps = spot.start < meeting.break_end and meeting.break_start < spot.end
    return not overlaps and (
        timedelta(0) <= spot.start - meeting.break_end <= gap
        or timedelta(0) <= meeting.break_start - spot.end <= gap
    )


def assign_places(
    meetings: Sequence[Meeting],
    settings: PlaceSettings,
    mentor_order: Iterable[int] = (),
) -> PlaceResult:
    """A place for every meeting; `mentor_order` fixes each mentor's home table (1, 2, ...)."""
    home = {mentor_id: n for n, mentor_id in enumerate(mentor_order)}
    for mentor_id in sorted({m.mentor_id for m in meetings} - set(home)):
        home[mentor_id] = len(home)
    places: dict[Hashable, str] = {}
    counts: Counter[tuple[int, str]] = Counter()
    crowded: list[str] = []
    by_break: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_break.setdefault(meeting.break_id, []).append(meeting)
    for break_id, here in sorted(by_break.items()):
        count: Counter[str] = Counter()
        for m in here:
            if m.fixed_place:
                places[m.key] = m.fixed_place
                count[m.fixed_place] += 1
        free = [m for m in here if not m.fixed_place]
        groups: dict[int, list[Meeting]] = {}
        for m in free:
            spot = m.poster
            if spot is not None and near_poster(m, settings.near_poster_minutes):
                name = board_name(spot)
                if count[name] < settings.per_place:
                    places[m.key] = name
                    count[name] += 1
                    continue
            groups.setdefault(m.mentor_id, []).append(m)
        for mentor_id in sorted(groups, key=lambda j: home[j]):
            group = groups[mentor_id]
            area = group[0].area
            candidates = _candidates(settings, area, home[mentor_id], count)
            whole = [p for p in candidates if count[p] + len(group) <= settings.per_place]
            for m in group:
                if whole:
                    place = whole[0]
                else:
                    roomy = [p for p in candidates if count[p] < settings.per_place]
                    place = roomy[0] if roomy else min(candidates, key=lambda p: count[p])
                places[m.key] = place
                count[place] += 1
        for name, n in sorted(count.items()):
            counts[(break_id, name)] = n
            if n > settings.per_place:
                crowded.append(
                    f"{name} has {n} meetings in one break (the cap is {settings.per_place}): "
                    "add tables or named spots, or raise the cap."
                )
    return PlaceResult(places, tuple(crowded), dict(counts))


def _candidates(settings: PlaceSettings, area: str, home: int, count: Counter[str]) -> list[str]:
    """Places in order of preference: the home table, then the emptiest tables, then spots."""
    tables = [table_name(n, area) for n in range(1, settings.tables + 1)]
    spots = [s.strip() for s in settings.spots if s.strip()]
    preferred = [tables[home % len(tables)]] if tables else []
    others = sorted(
        (p for p in tables if p not in preferred), key=lambda p: (count[p], tables.index(p))
    )
    found = [*preferred, *others, *sorted(spots, key=lambda p: (count[p], spots.index(p)))]
    return found or [area or "Mentorship meeting point"]
