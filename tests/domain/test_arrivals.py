"""Live arrivals: totals by category, arrivals per five minutes, the morning window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from sci4dl_desktop.domain.arrivals import (
    BUCKET,
    bucket_arrivals,
    build_report,
    floor_bucket,
    load_arrivals,
    morning_window,
)
from sci4dl_desktop.domain.checkin import CheckInService
from sci4dl_desktop.domain.clock import FakeClock
from sci4dl_desktop.store.checkins import ArrivalRow
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.store.models import Attendee

STUDENT, SPEAKER = AttendeeCategory.STUDENT, AttendeeCategory.SPEAKER
DEMO_ZONE = ZoneInfo("America/Sao_Paulo")


def demo_time(hhmm: str) -> datetime:
    """An instant on the demo day (26 April 2026), given as São Paulo wall-clock time."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=DEMO_ZONE)


def test_arrivals_fall_in_their_five_minutes_and_outside_ones_are_left_out() -> None:
    start, end = demo_time("09:00"), demo_time("09:15")
    arrivals = [
        (demo_time("09:00"), STUDENT),  # on the boundary: the bucket it starts
        (demo_time("09:04") + timedelta(seconds=59), SPEAKER),
        (demo_time("09:05"), STUDENT),
        (demo_time("09:14") + timedelta(seconds=59), STUDENT),
        (demo_time("09:15"), STUDENT),  # the end is not included
        (demo_time("08:59"), STUDENT),
    ]
    buckets = bucket_arrivals(arrivals, start, end)
    assert [b.start.strftime("%H:%M") for b in buckets] == ["09:00", "09:05", "09:10"]
    assert [b.total for b in buckets] == [2, 1, 1]
    assert buckets[0].count(SPEAKER) == 1 and buckets[0].count(STUDENT) == 1
    assert buckets[2].count(AttendeeCategory.REMOTE) == 0


def test_buckets_stay_five_real_minutes_across_a_clock_change() -> None:
    zone = ZoneInfo("America/New_York")  # 2026-03-08 02:00 -> 03:00
    start = datetime(2026, 3, 8, 1, 50, tzinfo=zone)
    end = datetime(2026, 3, 8, 3, 10, tzinfo=zone)
    arrival = datetime(2026, 3, 8, 3, 2, tzinfo=zone)
    buckets = bucket_arrivals([(arrival, STUDENT)], start, end)
    utc = [b.start.astimezone(UTC) for b in buckets]
    assert all(b - a == BUCKET for a, b in pairwise(utc))
    assert [b.start.strftime("%H:%M") for b in buckets] == ["01:50", "01:55", "03:00", "03:05"]
    assert buckets[2].total == 1


def test_the_window_covers_the_morning_and_stretches_for_early_late_and_now() -> None:
    nine = demo_time("09:00")
    assert morning_window(nine, [], demo_time("06:00"), DEMO_ZONE) == (
        demo_time("07:30"),
        demo_time("12:00"),
    )
    early, late = demo_time("07:12"), demo_time("12:31")
    start, end = morning_window(nine, [early, late], demo_time("08:00"), DEMO_ZONE)
    assert (start, end) == (demo_time("07:10"), demo_time("12:35"))
    assert morning_window(nine, [], demo_time("13:02"), DEMO_ZONE)[1] == demo_time("13:05")
    assert morning_window(nine, [], demo_time("23:59"), DEMO_ZONE)[1] == demo_time("12:00")
    assert floor_bucket(demo_time("09:04"), DEMO_ZONE) == demo_time("09:00")


def row(attendee_id: int, at: datetime, category: AttendeeCategory = STUDENT) -> ArrivalRow:
    return ArrivalRow(attendee_id, f"Person {attendee_id}", None, "", category, f"S-{attendee_id}",
                      at, "Desk 1")  # fmt: skip


def test_report_totals_recent_arrivals_and_the_busiest_five_minutes() -> None:
    arrivals = [row(i, demo_time("08:40") + timedelta(seconds=20 * i)) for i in range(1, 13)]
    arrivals += [row(20, demo_time("08:58")), row(21, demo_time("09:01"), SPEAKER)]
    counts = {
        STUDENT: (330, 13),
        SPEAKER: (11, 1),
        AttendeeCategory.REMOTE: (45, 0),
    }
    report = build_report(
        zone=DEMO_ZONE,
        now=demo_time("09:05"),
        day=demo_time("09:00").date(),
        first_session=demo_time("09:00"),
        counts=counts,
        arrivals=list(reversed(arrivals)),
    )
    assert report.expected == 341 and report.checked_in == 14  # remote people are not expected
    assert report.share == pytest.approx(14 / 341)
    assert [r.attendee_id for r in report.arrivals][:2] == [1, 2]  # in arrival order
    assert report.recent == 2  # 08:58 and 09:01 are within fifteen minutes of 09:05
    busiest = report.busiest
    assert busiest is not None and busiest.start == demo_time("08:40") and busiest.total == 12
    remote = next(c for c in report.categories if c.category is AttendeeCategory.REMOTE)
    assert remote.expected == 0 and remote.share is None and remote.still_to_come == 0
    student = next(c for c in report.categories if c.category is STUDENT)
    assert student.still_to_come == 317
    assert report.categories_present == (SPEAKER, STUDENT, AttendeeCategory.REMOTE)


def test_load_arrivals_counts_admissions_that_stand(
    demo_db: Database, fake_clock: FakeClock
) -> None:
    fake_clock.current = demo_time("08:31")
    service = CheckInService(demo_db, fake_clock, "Desk 2")
    with demo_db.session() as s:
        people = s.scalars(select(Attendee).order_by(Attendee.id)).all()
        remote = next(p for p in people if p.category is AttendeeCategory.REMOTE)
        tokens = [service.token_for(p) for p in people[:6]] + [service.token_for(remote)]
    for token in tokens:
        service.scan(token)
        fake_clock.advance(95)
    service.undo(people[0].id, "wrong person")
    service.scan(tokens[1])  # already in: counted once

    report = load_arrivals(demo_db, fake_clock.now())
    stats = service.stats()
    assert report.checked_in == stats.checked_in == 5
    assert report.expected == stats.expected == 655
    assert {r.attendee_id for r in report.arrivals} == {p.id for p in people[1:6]}
    assert sum(b.total for b in report.buckets) == 5
    assert report.buckets[0].start == demo_time("07:30")  # the first session is at 09:00
    assert all(r.desk == "Desk 2" for r in report.arrivals)
    assert report.day.isoformat() == "2026-04-26"
