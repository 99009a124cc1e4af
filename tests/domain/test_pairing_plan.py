"""The mentorship plan on a real event file: loading, proposing, storing, locks, publishing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from sci4dl_desktop.domain.matching import Options
from sci4dl_desktop.domain.pairing_edits import (
    add_pairing,
    delete_pairing,
    move_pairing,
    plan_warnings,
    propose,
    publish,
    set_locked,
    store_proposal,
)
from sci4dl_desktop.domain.pairing_plan import (
    PlanError,
    PlanSettings,
    load_plan,
    load_settings,
    save_settings,
)
from sci4dl_desktop.domain.places import PlaceSettings
from sci4dl_desktop.store.database import Database
from sci4dl_desktop.store.models import MentorProfile, Pairing, Poster, Session

ZONE = ZoneInfo("America/Sao_Paulo")


def demo_time(hhmm: str) -> datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(2026, 4, 26, hour, minute, tzinfo=ZONE)


def plan_of(db: Database):
    with db.session() as s:
        return load_plan(s)


def pairings(db: Database) -> list[Pairing]:
    with db.session() as s:
        return list(s.scalars(select(Pairing).order_by(Pairing.id)))


def mentor_id(db: Database, name: str) -> int:
    plan = plan_of(db)
    return next(m.id for m in plan.problem.mentors if m.name == name)


def test_the_demo_plan_is_read_with_breaks_and_who_is_busy(demo_db: Database) -> None:
    plan = plan_of(demo_db)
    assert [b.label for b in plan.breaks] == [
        "Coffee break 10:30–11:00",
        "Coffee break 15:00–15:30",
    ]
    assert [b.title for b in plan.other_breaks] == ["Lunch break"]
    assert len(plan.problem.mentors) == 7
    assert len(plan.problem.mentees) == 40
    kempe = plan.mentor(mentor_id(demo_db, "Julia Kempe"))
    assert kempe is not None
    assert [b.what for b in kempe.busy] == [
        "speaking in Invited talk 4 (14:00–14:30)",
        "on the panel 'Panel discussion' (15:30–16:30)",
    ]
    presenters = [m for m in plan.problem.mentees if m.id in plan.posters]
    assert presenters
    assert all(
        any(b.what.startswith("presenting their poster in Poster session") for b in m.busy)
        for m in presenters
        if plan.posters[m.id].spot is not None
    )


def test_a_proposal_meets_every_demo_mentee_and_is_stored_as_a_draft(demo_db: Database) -> None:
    proposal = propose(plan_of(demo_db))
    assert proposal.result.feasible and proposal.result.unmatched == ()
    assert proposal.result.covered == 40
    assert all(proposal.places.values())
    assert store_proposal(demo_db, proposal) == 40
    stored = pairings(demo_db)
    assert len(stored) == 40
    assert not any(p.published for p in stored)
    assert {p.place for p in stored} >= {"Table 1, Foyer"}
    assert all(p.score is not None and p.score > 0 for p in stored)
    assert publish(demo_db) == 40
    assert all(p.published for p in pairings(demo_db))
    assert publish(demo_db) == 0


def test_a_panel_moved_into_the_break_keeps_panelists_out_of_it(demo_db: Database) -> None:
    with demo_db.transaction() as s:
        panel = s.scalars(select(Session).where(Session.title == "Panel discussion")).one()
        panel.start_at = demo_time("15:00")
    plan = plan_of(demo_db)
    proposal = propose(plan)
    afternoon = plan.breaks[1].id
    in_afternoon = {a.mentor_id for a in proposal.result.assignments if a.break_id == afternoon}
    names = {plan.name_of("mentor", m) for m in in_afternoon}
    assert names <= {"Jeremy Cohen", "Preetum Nakkiran"}
    # 7 mentors x 3 in the morning + 2 x 3 in the afternoon = 27 seats for 40 mentees.
    assert proposal.result.covered == 27
    assert {u.reason for u in proposal.result.unmatched} == {
        "all compatible mentors are full in Coffee break 10:30–11:00 and Coffee break 15:00–15:30"
    }


def test_a_mentee_presenting_during_a_break_is_not_booked_then(demo_db: Database) -> None:
    plan = plan_of(demo_db)
    mentee = next(m for m in plan.problem.mentees if m.id in plan.posters)
    with demo_db.transaction() as s:
        poster = s.get(Poster, plan.posters[mentee.id].id)
        assert poster is not None
        poster.presented_remotely = False
        session = s.get(Session, poster.poster_session_id)
        assert session is not None
        session.start_at = demo_time("10:00")
        session.end_at = demo_time("11:30")
    proposal = propose(plan_of(demo_db))
    mine = [a for a in proposal.result.assignments if a.mentee_id == mentee.id]
    assert [a.break_id for a in mine] == [plan.breaks[1].id]


def test_locked_pairs_survive_a_new_proposal(demo_db: Database) -> None:
    store_proposal(demo_db, propose(plan_of(demo_db)))
    first = pairings(demo_db)[0]
    other_mentor = next(m.id for m in plan_of(demo_db).problem.mentors if m.id != first.mentor_id)
    # The organiser moves a pair by hand, where the solver would not put it, and locks it.
    with demo_db.transaction() as s:
        full = s.get(MentorProfile, other_mentor)
        assert full is not None
        full.capacity_per_break = 4
    move_pairing(demo_db, first.id, other_mentor, first.slot_id)
    set_locked(demo_db, first.id, True)
    store_proposal(demo_db, propose(plan_of(demo_db)))
    kept = [p for p in pairings(demo_db) if p.locked]
    assert [(p.id, p.mentor_id, p.mentee_id, p.slot_id) for p in kept] == [
        (first.id, other_mentor, first.mentee_id, first.slot_id)
    ]
    assert len(pairings(demo_db)) == 40


def test_locks_beyond_a_lowered_capacity_are_reported(demo_db: Database) -> None:
    store_proposal(demo_db, propose(plan_of(demo_db)))
    busiest = pairings(demo_db)[0]
    group = [
        p
        for p in pairings(demo_db)
        if p.mentor_id == busiest.mentor_id and p.slot_id == busiest.slot_id
    ]
    assert len(group) >= 2
    for p in group:
        set_locked(demo_db, p.id, True)
    with demo_db.transaction() as s:
        profile = s.get(MentorProfile, busiest.mentor_id)
        assert profile is not None
        profile.capacity_per_break = 1
    plan = plan_of(demo_db)
    proposal = propose(plan)
    assert not proposal.result.feasible
    name = plan.name_of("mentor", busiest.mentor_id)
    assert proposal.result.problems[0].startswith(f"{len(group)} locked pairs give {name} more")
    assert any("capacity" in w for w in plan_warnings(plan))
    with pytest.raises(PlanError, match="no proposal to store"):
        store_proposal(demo_db, proposal)
    assert len(pairings(demo_db)) == 40


def test_a_stale_proposal_is_refused_and_nothing_changes(demo_db: Database) -> None:
    proposal = propose(plan_of(demo_db))
    before = [(p.id, p.mentor_id, p.mentee_id) for p in pairings(demo_db)]
    set_locked(demo_db, before[0][0], True)
    with pytest.raises(PlanError, match="locked pairs changed"):
        store_proposal(demo_db, proposal)
    assert [(p.id, p.mentor_id, p.mentee_id) for p in pairings(demo_db)] == before


def test_hand_edits_check_the_constraints(demo_db: Database) -> None:
    store_proposal(demo_db, propose(plan_of(demo_db)))
    plan = plan_of(demo_db)
    first = plan.pairings[0]
    full = next(
        m.id
        for m in plan.problem.mentors
        if sum(p.mentor_id == m.id and p.break_id == first.break_id for p in plan.pairings) == 3
        and m.id != first.mentor_id
    )
    with pytest.raises(PlanError, match="already has 3 meetings in Coffee break"):
        move_pairing(demo_db, first.id, full, first.break_id)
    second = next(p for p in plan.pairings if p.mentee_id != first.mentee_id)
    with pytest.raises(PlanError, match="already meets"):
        add_pairing(demo_db, second.mentor_id, second.mentee_id, second.break_id)
    delete_pairing(demo_db, first.id)
    assert first.id not in {p.id for p in pairings(demo_db)}
    new_id = add_pairing(demo_db, first.mentor_id, first.mentee_id, first.break_id)
    row = next(p for p in pairings(demo_db) if p.id == new_id)
    assert row.place and row.score is not None and not row.published


def test_settings_are_shared_through_the_event_file(demo_db: Database) -> None:
    settings = PlanSettings(
        Options(fairness=0.5, meetings_per_mentee=2),
        PlaceSettings(tables=4, per_place=2, spots=("Terrace",)),
        break_ids=(plan_of(demo_db).breaks[0].id,),
    )
    with demo_db.transaction() as s:
        save_settings(s, settings)
    with demo_db.session() as s:
        assert load_settings(s) == settings
    plan = plan_of(demo_db)
    assert len(plan.breaks) == 1 and plan.problem.options.meetings_per_mentee == 2
    with (
        pytest.raises(PlanError, match="at least one meeting per break"),
        demo_db.transaction() as s,
    ):
        save_settings(s, PlanSettings(places=PlaceSettings(per_place=0)))
