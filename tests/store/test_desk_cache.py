"""The desk's local file: the copy of the register, the durable queue, the conflicts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sci4dl_desktop.store.checkins import AdmissionRow, AttendeeRow
from sci4dl_desktop.store.desk_cache import CachedEvent, Conflict, DeskCache, QueueKind
from sci4dl_desktop.store.enums import AttendeeCategory

T0 = datetime(2026, 4, 26, 11, 30, tzinfo=UTC)


def person(number: int, **changes: object) -> AttendeeRow:
    row = AttendeeRow(
        id=number,
        name=f"Ana Núñez {number}",
        email=f"ana{number}@example.org",
        affiliation="USP",
        category=AttendeeCategory.STUDENT,
        roles=["mentee"],
        badge_serial=f"S26-{number:04d}",
        badge_revision=1,
        person_id=None,
        staff_note="",
    )
    return row._replace(**changes)  # type: ignore[arg-type]


@pytest.fixture
def cache(tmp_path: Path) -> DeskCache:
    return DeskCache(tmp_path / "desks" / "desk-2.sqlite")


def test_the_register_and_the_event_come_back_exactly(cache: DeskCache, tmp_path: Path) -> None:
    rows = [person(1), person(2, email=None, category=AttendeeCategory.SPEAKER, person_id=7)]
    cache.save_event(CachedEvent(3, b"\x00\xffsecret", "America/Sao_Paulo"))
    cache.replace_snapshot(rows, [AdmissionRow(2, 99, T0, "Desk 1")], T0)
    cache.close()
    again = DeskCache(tmp_path / "desks" / "desk-2.sqlite")
    assert again.event() == CachedEvent(3, b"\x00\xffsecret", "America/Sao_Paulo")
    assert again.attendees() == rows
    assert again.attendee_by_serial("S26-0002") == rows[1]
    assert again.attendee_by_serial("S26-9999") is None
    assert again.admission_of(2) == AdmissionRow(2, 0, T0, "Desk 1")
    assert again.admission_of(1) is None
    assert again.refreshed_at() == T0


def test_a_queued_check_in_is_on_disk_when_enqueue_returns(
    cache: DeskCache, tmp_path: Path
) -> None:
    cache.replace_snapshot([person(1)], [], T0)
    cache.enqueue(
        scan_id="a" * 32,
        kind=QueueKind.CHECK_IN,
        attendee_id=1,
        at=T0,
        desk="Desk 2",
        detail="badge scan",
        admit=True,
    )
    # Another connection (another process after a crash) sees it at once.
    with sqlite3.connect(tmp_path / "desks" / "desk-2.sqlite") as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert other.execute("SELECT scan_id, kind FROM queue").fetchall() == [
            ("a" * 32, "check_in")
        ]
    assert cache.admission_of(1) == AdmissionRow(1, 0, T0, "Desk 2")
    assert cache.pending_counts() == {QueueKind.CHECK_IN: 1}


def test_queueing_the_same_scan_twice_changes_nothing(cache: DeskCache) -> None:
    for _ in range(2):
        cache.enqueue(
            scan_id="b" * 32, kind=QueueKind.REFUSED, attendee_id=None, at=T0, desk="Desk 2"
        )
    assert cache.pending_count() == 1


def test_a_fresh_snapshot_keeps_admissions_made_offline(cache: DeskCache) -> None:
    cache.replace_snapshot([person(1), person(2)], [], T0)
    cache.enqueue(
        scan_id="c" * 32,
        kind=QueueKind.CHECK_IN,
        attendee_id=1,
        at=T0,
        desk="Desk 2",
        admit=True,
    )
    later = T0 + timedelta(minutes=5)
    cache.replace_snapshot([person(1), person(2)], [AdmissionRow(2, 5, later, "Desk 1")], later)
    assert set(cache.all_admissions()) == {1, 2}
    cache.mark_uploaded("c" * 32, "checked in", later)
    assert cache.pending_count() == 0
    cache.replace_snapshot([person(1), person(2)], [AdmissionRow(2, 5, later, "Desk 1")], later)
    assert set(cache.all_admissions()) == {2}  # uploaded: the server's word counts now


def test_updates_by_attendee_replace_and_remove(cache: DeskCache) -> None:
    cache.replace_snapshot([person(1), person(2)], [AdmissionRow(1, 1, T0, "Desk 1")], T0)
    cache.update_attendees([person(2, badge_revision=2), person(3)], gone=[1])
    assert [(r.id, r.badge_revision) for r in cache.attendees()] == [(2, 2), (3, 1)]
    cache.update_admissions([1, 3], {3: AdmissionRow(3, 8, T0, "Desk 4")})
    assert set(cache.all_admissions()) == {3}


def test_conflicts_are_listed_until_reviewed(cache: DeskCache) -> None:
    cache.enqueue(scan_id="d" * 32, kind=QueueKind.CHECK_IN, attendee_id=4, at=T0, desk="Desk 2")
    conflict = Conflict(
        scan_id="d" * 32,
        attendee_id=4,
        name="Ana Núñez 4",
        badge_serial="S26-0004",
        offline_at=T0,
        offline_desk="Desk 2",
        server_at=T0 - timedelta(minutes=3),
        server_desk="Desk 1",
        found_at=T0 + timedelta(minutes=9),
    )
    cache.mark_uploaded("d" * 32, "conflict", T0 + timedelta(minutes=9), conflict)
    assert cache.conflicts() == [conflict]
    assert cache.queued()[0].outcome == "conflict"
    assert cache.mark_reviewed("d" * 32, T0 + timedelta(minutes=10))
    assert not cache.mark_reviewed("d" * 32, T0 + timedelta(minutes=11))
    assert cache.conflicts() == []
    assert cache.conflicts(include_reviewed=True)[0].reviewed_at == T0 + timedelta(minutes=10)


def test_naive_instants_are_refused(cache: DeskCache) -> None:
    with pytest.raises(ValueError, match="naive"):
        cache.enqueue(
            scan_id="e" * 32,
            kind=QueueKind.ALREADY,
            attendee_id=1,
            at=datetime(2026, 4, 26, 9, 0),
            desk="Desk 2",
        )
    assert cache.pending_count() == 0
