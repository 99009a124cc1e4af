"""Live arrivals: who is in, against who is expected, and how fast people arrive.

Qt-free. `load_arrivals(database, now)` reads the admissions (first check-ins that
stand: an undone check-in does not count) and the registrations, and returns an
`ArrivalsReport`: totals and one row per category, the arrivals counted per five
minutes through the morning, and the list of who arrived when for the CSV report.

The morning window starts 90 minutes before the day's first session (or at the
first arrival, if earlier) and runs at least three hours past that session's start,
on to the latest arrival and to now, never longer than `MAX_WINDOW`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from sci4dl_desktop.store import checkins as q
from sci4dl_desktop.store.checkins import ArrivalRow
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Session

BUCKET = timedelta(minutes=5)
BEFORE_FIRST_SESSION = timedelta(minutes=90)
AFTER_FIRST_SESSION = timedelta(hours=3)
MAX_WINDOW = timedelta(hours=12)
RECENT = timedelta(minutes=15)
DEFAULT_FIRST_SESSION = time(9, 0)


@dataclass(frozen=True)
class CategoryArrivals:
    category: AttendeeCategory
    registered: int
    checked_in: int

    @property
    def expected(self) -> int:
        """Expected on site: remote participants follow online and are not."""
        return 0 if self.category is AttendeeCategory.REMOTE else self.registered

    @property
    def still_to_come(self) -> int:
        return max(self.expected - self.checked_in, 0)

    @property
    def share(self) -> float | None:
        """Checked in as a share of expected (None when nobody is expected)."""
        return self.checked_in / self.expected if self.expected else None


@dataclass(frozen=True)
class Bucket:
    """Arrivals in [start, start + 5 min), by category; `start` is event-local."""

    start: datetime
    counts: tuple[tuple[AttendeeCategory, int], ...]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)

    def count(self, category: AttendeeCategory) -> int:
        return dict(self.counts).get(category, 0)


@dataclass(frozen=True)
class ArrivalsReport:
    zone: tzinfo
    now: datetime
    day: date
    categories: tuple[CategoryArrivals, ...]
    buckets: tuple[Bucket, ...]
    arrivals: tuple[ArrivalRow, ...]  # in time order

    @property
    def expected(self) -> int:
        return sum(c.expected for c in self.categories)

    @property
    def checked_in(self) -> int:
        return sum(c.checked_in for c in self.categories)

    @property
    def share(self) -> float | None:
        return self.checked_in / self.expected if self.expected else None

    @property
    def recent(self) -> int:
        """Arrivals in the last fifteen minutes (now included)."""
        since = self.now - RECENT
        return sum(1 for row in self.arrivals if since < row.at <= self.now)

    @property
    def busiest(self) -> Bucket | None:
        """The five minutes with the most arrivals (the earliest of equals), if any."""
        best = max(self.buckets, key=lambda b: b.total, default=None)
        return best if best is not None and best.total > 0 else None

    @property
    def categories_present(self) -> tuple[AttendeeCategory, ...]:
        """The categories anybody is registered in, in the order of the vocabulary."""
        return tuple(c.category for c in self.categories if c.registered or c.checked_in)


def floor_bucket(instant: datetime, zone: tzinfo) -> datetime:
    """The start of the five-minute bucket holding `instant`, event-local."""
    local = instant.astimezone(zone)
    return local.replace(minute=local.minute - local.minute % 5, second=0, microsecond=0)


def ceil_bucket(instant: datetime, zone: tzinfo) -> datetime:
    start = floor_bucket(instant, zone)
    return start if start == instant.astimezone(zone) else start + BUCKET


def morning_window(
    first_session: datetime, arrivals: Sequence[datetime], now: datetime, zone: tzinfo
) -> tuple[datetime, datetime]:
    """The [start, end) of the chart, both on bucket boundaries (see the module docstring)."""
    start = first_session - BEFORE_FIRST_SESSION
    if arrivals:
        start = min(start, min(arrivals))
    start = floor_bucket(start, zone)
    end = first_session + AFTER_FIRST_SESSION
    if arrivals:
        end = max(end, max(arrivals) + timedelta(microseconds=1))
    if start <= now <= start + MAX_WINDOW:
        end = max(end, now + timedelta(microseconds=1))
    end = min(ceil_bucket(end, zone), start + MAX_WINDOW)
    return start, end


def bucket_arrivals(
    arrivals: Iterable[tuple[datetime, AttendeeCategory]],
    start: datetime,
    end: datetime,
    categories: Sequence[AttendeeCategory] = tuple(AttendeeCategory),
) -> tuple[Bucket, ...]:
    """Count arrivals per five minutes in [start, end); arrivals outside are left out.

    Bucket starts are wall-clock times in start's zone, computed from UTC so that a
    daylight-saving change in the window neither repeats nor skips a bucket.
    """
    zone = start.tzinfo
    if zone is None:
        raise ValueError("the window must be given as aware datetimes")
    first, last = start.astimezone(UTC), end.astimezone(UTC)
    count = max(0, -(-(last - first) // BUCKET))
    tallies = [dict.fromkeys(categories, 0) for _ in range(count)]
    for at, category in arrivals:
        instant = at.astimezone(UTC)
        if first <= instant < last:
            row = tallies[(instant - first) // BUCKET]
            row[category] = row.get(category, 0) + 1
    return tuple(
        Bucket((first + i * BUCKET).astimezone(zone), tuple(tallies[i].items()))
        for i in range(count)
    )


def _event_day(first_day: date, last_day: date, now: datetime, zone: tzinfo) -> date:
    today = now.astimezone(zone).date()
    return today if first_day <= today <= last_day else first_day


def _first_session(database: Database, event_id: int, day: date, zone: tzinfo) -> datetime:
    day_start = datetime.combine(day, time(0), zone)
    with database.session() as session:
        found = session.scalar(
            select(func.min(Session.start_at)).where(
                Session.event_id == event_id,
                Session.start_at >= day_start,
                Session.start_at < day_start + timedelta(days=1),
            )
        )
    return found if found is not None else datetime.combine(day, DEFAULT_FIRST_SESSION, zone)


def build_report(
    *,
    zone: tzinfo,
    now: datetime,
    day: date,
    first_session: datetime,
    counts: dict[AttendeeCategory, tuple[int, int]],
    arrivals: Sequence[ArrivalRow],
) -> ArrivalsReport:
    """An ArrivalsReport from already-read data (`counts`: registered, checked in)."""
    ordered = tuple(sorted(arrivals, key=lambda row: (row.at, row.attendee_id)))
    categories = tuple(
        CategoryArrivals(category, *counts.get(category, (0, 0))) for category in AttendeeCategory
    )
    start, end = morning_window(first_session, [row.at for row in ordered], now, zone)
    buckets = bucket_arrivals(((row.at, row.category) for row in ordered), start, end)
    return ArrivalsReport(zone, now, day, categories, buckets, ordered)


def load_arrivals(database: Database, now: datetime) -> ArrivalsReport:
    """Read the arrivals of the open event as they stand now."""
    event = database.event()
    zone = ZoneInfo(event.timezone)
    day = _event_day(event.first_day, event.last_day, now, zone)
    first_session = _first_session(database, event.id, day, zone)
    with database.session() as session:
        counts = q.category_counts(session, event.id)
        rows = q.arrival_rows(session, event.id)
    return build_report(
        zone=zone, now=now, day=day, first_session=first_session, counts=counts, arrivals=rows
    )


__all__ = [
    "BUCKET",
    "ArrivalsReport",
    "Bucket",
    "CategoryArrivals",
    "bucket_arrivals",
    "build_report",
    "ceil_bucket",
    "floor_bucket",
    "load_arrivals",
    "morning_window",
]
