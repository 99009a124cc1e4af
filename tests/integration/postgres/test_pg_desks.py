"""Eight desk processes scanning the same 500 badges at once on one PostgreSQL server.

The database decides who was first (the admission's primary key, under READ
COMMITTED): exactly one first check-in per attendee, every other scan "already".
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from pg_desks import DeskProcess, admissions, first_check_ins, logged_scan_ids, on_site_tokens
from sqlalchemy import func, select

from sci4dl_desktop.domain.checkin_types import AuditAction
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import Attendee, AuditEntry

DESKS = 8
BADGES = 500

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_eight_desks_scanning_the_same_badges_admit_each_person_once(
    pg_demo: Database, pg_demo_url: str, tmp_path: Path
) -> None:
    tokens = on_site_tokens(pg_demo, BADGES)
    assert len(tokens) == BADGES
    desks = []
    for number in range(1, DESKS + 1):
        order = list(tokens.values())
        random.Random(number).shuffle(order)
        desks.append(DeskProcess(pg_demo_url, f"Desk {number}", order, tmp_path, "--wait-go"))
    for desk in desks:
        desk.expect("ready")
    for desk in desks:
        desk.go()
    for desk in desks:
        desk.finish()

    reports = [r for desk in desks for r in desk.reports]
    assert len(reports) == DESKS * BADGES
    assert {r.where for r in reports} == {"online"}
    states = Counter(r.state for r in reports)
    assert states == {"admitted": BADGES, "already": (DESKS - 1) * BADGES}
    admitted = Counter(r.serial for r in reports if r.state == "admitted")
    assert set(admitted) == set(tokens) and set(admitted.values()) == {1}

    firsts = first_check_ins(pg_demo)
    assert len(firsts) == BADGES and set(firsts.values()) == {1}
    assert admissions(pg_demo) == BADGES
    assert set(logged_scan_ids(pg_demo)) == {r.scan_id for r in reports if r.state == "admitted"}
    with pg_demo.session() as s:
        already = s.scalar(
            select(func.count()).where(AuditEntry.action == AuditAction.ALREADY.value)
        )
        desks_used = set(s.scalars(select(AuditEntry.desk).distinct()))
        checked_in = Counter(
            (serial, desk)
            for serial, desk in s.execute(
                select(Attendee.badge_serial, AuditEntry.desk)
                .join(Attendee, Attendee.id == AuditEntry.attendee_id)
                .where(AuditEntry.action == AuditAction.CHECK_IN.value)
            )
        )
    assert already == (DESKS - 1) * BADGES
    # one check-in entry per person, by the desk that admitted them
    admitted_by = {
        (r.serial, f"Desk {number}")
        for number, desk in enumerate(desks, 1)
        for r in desk.reports
        if r.state == "admitted"
    }
    assert set(checked_in) == admitted_by and set(checked_in.values()) == {1}
    assert desks_used == {f"Desk {n}" for n in range(1, DESKS + 1)}
