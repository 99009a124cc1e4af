"""The mentorship matcher: each constraint on crafted cases, infeasible setups, brute force."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest

from sci4dl_desktop.domain.interests import overlap
from sci4dl_desktop.domain.matching import (
    Busy,
    Lock,
    MatchResult,
    Mentee,
    Mentor,
    Options,
    Problem,
    Slot,
    solve,
)

T0 = datetime(2026, 4, 26, 13, 30, tzinfo=UTC)
MORNING = Slot(1, "Coffee break 10:30", T0, T0 + timedelta(minutes=30))
AFTERNOON = Slot(2, "Coffee break 15:00", T0 + timedelta(hours=4), T0 + timedelta(hours=4.5))
TOPICS = ("loss landscapes", "scaling laws", "double descent", "diffusion models", "grokking")


def mentor(id_: int, interests: tuple[str, ...] = TOPICS[:2], capacity: int = 3, **kw) -> Mentor:
    return Mentor(id_, f"Mentor {id_}", interests, capacity, **kw)


def mentee(id_: int, interests: tuple[str, ...] = TOPICS[:1], breaks=(1, 2), **kw) -> Mentee:
    return Mentee(id_, f"Mentee {id_}", interests, frozenset(breaks), **kw)


def during(slot: Slot, what: str) -> Busy:
    return Busy(slot.start - timedelta(minutes=10), slot.start + timedelta(minutes=5), what)


def assert_valid(problem: Problem, result: MatchResult) -> None:
    """Every hard constraint holds in the result."""
    assert result.feasible
    mentors = {m.id: m for m in problem.mentors}
    mentees = {m.id: m for m in problem.mentees}
    slots = {s.id: s for s in problem.breaks}
    per_mentor_break = itertools.groupby(
        sorted((a.mentor_id, a.break_id) for a in result.assignments)
    )
    for (mentor_id, _), group in per_mentor_break:
        assert len(list(group)) <= mentors[mentor_id].capacity
    keys = [(a.mentee_id, a.break_id) for a in result.assignments]
    assert len(keys) == len(set(keys)), "a mentee booked twice in one break"
    pairs = [(a.mentee_id, a.mentor_id) for a in result.assignments]
    assert len(pairs) == len(set(pairs)), "the same mentor met twice"
    for a in result.assignments:
        slot = slots[a.break_id]
        assert a.break_id in mentees[a.mentee_id].breaks
        for busy in (*mentors[a.mentor_id].busy, *mentees[a.mentee_id].busy):
            assert not busy.overlaps(slot.start, slot.end)
    for lock in problem.locks:
        assert any(
            (a.mentor_id, a.mentee_id, a.break_id)
            == (lock.mentor_id, lock.mentee_id, lock.break_id)
            and a.locked
            for a in result.assignments
        )


def test_capacity_per_break_is_respected_and_the_rest_are_told_why() -> None:
    problem = Problem(
        (mentor(10, capacity=2),), tuple(mentee(i, breaks=(1,)) for i in range(5)), (MORNING,)
    )
    result = solve(problem)
    assert_valid(problem, result)
    assert len(result.assignments) == 2
    assert len(result.unmatched) == 3
    assert {u.reason for u in result.unmatched} == {
        "all compatible mentors are full in Coffee break 10:30"
    }


def test_a_mentee_meets_at_most_one_mentor_per_break() -> None:
    problem = Problem(
        (mentor(10), mentor(11)),
        (mentee(1, breaks=(1,)),),
        (MORNING,),
        options=Options(meetings_per_mentee=3),
    )
    result = solve(problem)
    assert [a.mentee_id for a in result.assignments] == [1]


def test_never_the_same_mentor_twice() -> None:
    problem = Problem(
        (mentor(10),), (mentee(1),), (MORNING, AFTERNOON), options=Options(meetings_per_mentee=2)
    )
    result = solve(problem)
    assert len(result.assignments) == 1
    # ... but with a second mentor the second break is used.
    problem = Problem(
        (mentor(10), mentor(11)),
        (mentee(1),),
        (MORNING, AFTERNOON),
        options=Options(meetings_per_mentee=2),
    )
    result = solve(problem)
    assert_valid(problem, result)
    assert sorted(a.mentor_id for a in result.assignments) == [10, 11]


def test_meetings_per_mentee_caps_the_total() -> None:
    problem = Problem((mentor(10), mentor(11)), (mentee(1),), (MORNING, AFTERNOON))
    assert len(solve(problem).assignments) == 1


def test_a_speaking_mentor_is_not_booked_in_that_break() -> None:
    busy_mentor = mentor(
        10, interests=TOPICS[:1], busy=(during(AFTERNOON, "speaking in Invited talk 5"),)
    )
    problem = Problem(
        (busy_mentor,), (mentee(1, breaks=(2,)), mentee(2, breaks=(1, 2))), (MORNING, AFTERNOON)
    )
    result = solve(problem)
    assert_valid(problem, result)
    assert [(a.mentee_id, a.break_id) for a in result.assignments] == [(2, 1)]
    (left,) = result.unmatched
    assert left.mentee_id == 1
    assert left.reason == "no mentor is free in Coffee break 15:00"


def test_a_mentee_presenting_their_poster_is_not_booked_then() -> None:
    presenting = mentee(1, busy=(during(MORNING, "presenting their poster in Poster session 1"),))
    problem = Problem((mentor(10, capacity=1),), (presenting,), (MORNING, AFTERNOON))
    result = solve(problem)
    assert [(a.mentee_id, a.break_id) for a in result.assignments] == [(1, 2)]

    only_morning = mentee(2, breaks=(1,), busy=presenting.busy)
    result = solve(Problem((mentor(10),), (only_morning,), (MORNING, AFTERNOON)))
    assert result.unmatched[0].reason == (
        "busy in every break they can attend: Coffee break 10:30: "
        "presenting their poster in Poster session 1"
    )


def test_a_mentee_without_breaks_is_reported() -> None:
    result = solve(Problem((mentor(10),), (mentee(1, breaks=()),), (MORNING,)))
    assert result.assignments == ()
    assert result.unmatched[0].reason.startswith("no available break")


def test_topic_overlap_decides_who_meets_whom() -> None:
    mentors = (
        mentor(10, ("scaling laws",), capacity=1),
        mentor(11, ("diffusion models",), capacity=1),
    )
    mentees = (
        mentee(1, ("Diffusion Models",), breaks=(1,)),
        mentee(2, ("scaling law",), breaks=(1,)),
    )
    result = solve(Problem(mentors, mentees, (MORNING,)))
    pairs = {(a.mentor_id, a.mentee_id): a for a in result.assignments}
    assert set(pairs) == {(10, 2), (11, 1)}
    assert pairs[(11, 1)].shared == ("Diffusion Models",)
    assert pairs[(11, 1)].score == pytest.approx(1.5)


def test_locked_pairs_are_kept_even_against_the_scores() -> None:
    mentors = (
        mentor(10, ("scaling laws",), capacity=1),
        mentor(11, ("diffusion models",), capacity=1),
    )
    mentees = (
        mentee(1, ("diffusion models",), breaks=(1,)),
        mentee(2, ("scaling laws",), breaks=(1,)),
    )
    problem = Problem(mentors, mentees, (MORNING,), locks=(Lock(10, 1, 1),))
    result = solve(problem)
    assert_valid(problem, result)
    assert {(a.mentor_id, a.mentee_id, a.locked) for a in result.assignments} == {
        (10, 1, True),
        (11, 2, False),
    }


def test_the_load_spreads_instead_of_filling_the_best_mentor() -> None:
    star = mentor(10, ("scaling laws", "loss landscapes"), capacity=3)
    other = mentor(11, ("scaling laws",), capacity=3)
    mentees = tuple(mentee(i, ("scaling laws", "loss landscapes"), breaks=(1,)) for i in range(4))
    unfair = solve(Problem((star, other), mentees, (MORNING,), options=Options(fairness=0.0)))
    assert sorted(unfair.loads.values()) == [1, 3]
    fair = solve(Problem((star, other), mentees, (MORNING,), options=Options(fairness=1.5)))
    assert sorted(fair.loads.values()) == [2, 2]
    assert fair.fairness_penalty == pytest.approx(1.5 * 2)


def test_meeting_every_mentee_once_comes_before_a_higher_score() -> None:
    # Three seats: A in both breaks, B only in the morning. X loves both mentors, Y and Z
    # share nothing with them. Giving X two meetings scores higher but leaves Z unmet.
    a = mentor(10, ("grokking",), capacity=1)
    b = mentor(11, ("grokking",), capacity=1, busy=(during(AFTERNOON, "on the panel"),))
    x = mentee(1, ("grokking",))
    y, z = mentee(2, ("knitting",)), mentee(3, ("gardening",))
    problem = Problem(
        (a, b), (x, y, z), (MORNING, AFTERNOON), options=Options(meetings_per_mentee=2)
    )
    result = solve(problem)
    assert_valid(problem, result)
    assert result.covered == 3
    assert result.unmatched == ()


def test_locked_pairs_beyond_capacity_are_reported_not_crashed() -> None:
    problem = Problem(
        (mentor(10, capacity=1),),
        (mentee(1), mentee(2)),
        (MORNING,),
        locks=(Lock(10, 1, 1), Lock(10, 2, 1)),
    )
    result = solve(problem)
    assert not result.feasible
    assert result.assignments == ()
    assert result.problems == (
        "2 locked pairs give Mentor 10 more meetings in Coffee break 10:30 than their "
        "capacity of 1: unlock some or raise the capacity.",
    )
    assert result.summary().startswith("No proposal: 2 locked pairs")


def test_other_impossible_locks_say_what_to_change() -> None:
    busy = mentor(10, busy=(during(MORNING, "speaking in Invited talk 3"),))
    problem = Problem(
        (busy, mentor(11)),
        (mentee(1, breaks=(2,)), mentee(2)),
        (MORNING, AFTERNOON),
        locks=(Lock(11, 1, 1), Lock(10, 2, 1), Lock(11, 2, 1), Lock(11, 2, 2), Lock(99, 2, 1)),
        options=Options(meetings_per_mentee=2),
    )
    problems = solve(problem).problems
    assert any("Mentee 1 is not available in that break" in p for p in problems)
    assert any("Mentor 10 is busy then (speaking in Invited talk 3)" in p for p in problems)
    assert any("no longer in the plan" in p for p in problems)
    assert any("Mentee 2 has 2 locked meetings in Coffee break 10:30" in p for p in problems)
    assert any("Mentee 2 is locked with Mentor 11 2 times" in p for p in problems)
    assert any("Mentee 2 has 3 locked meetings, more than the 2 allowed" in p for p in problems)


# -- brute force -------------------------------------------------------------------------------


def brute_force(problem: Problem) -> tuple[int, float] | None:
    """The best (mentees met, score - balance penalty) over every valid plan, or None."""
    slots = problem.breaks
    locks = {(k.mentee_id, k.break_id): k.mentor_id for k in problem.locks}
    options_per_mentee = []
    for me in problem.mentees:
        per_break = []
        for slot in slots:
            choices: list[int | None] = [None]
            if slot.id in me.breaks and not any(b.overlaps(slot.start, slot.end) for b in me.busy):
                choices += [
                    m.id
                    for m in problem.mentors
                    if m.capacity > 0 and not any(b.overlaps(slot.start, slot.end) for b in m.busy)
                ]
            if (me.id, slot.id) in locks:
                locked = locks[(me.id, slot.id)]
                choices = [locked] if locked in choices else []
            per_break.append(choices)
        options_per_mentee.append(list(itertools.product(*per_break)))
    mentors = {m.id: m for m in problem.mentors}
    scores = {
        (m.id, me.id): overlap(m.interests, me.interests).score
        for m in problem.mentors
        for me in problem.mentees
    }
    best: tuple[int, float] | None = None
    for plan in itertools.product(*options_per_mentee):
        load: dict[tuple[int, int], int] = {}
        total_load = dict.fromkeys(mentors, 0)
        score, covered, ok = 0.0, 0, True
        for me, choice in zip(problem.mentees, plan, strict=True):
            chosen = [(j, slot) for j, slot in zip(choice, slots, strict=True) if j is not None]
            if len(chosen) > problem.options.meetings_per_mentee:
                ok = False
                break
            if len({j for j, _ in chosen}) < len(chosen):
                ok = False
                break
            for j, slot in chosen:
                if j not in mentors:
                    ok = False
                    break
                load[(j, slot.id)] = load.get((j, slot.id), 0) + 1
                total_load[j] += 1
                score += scores[(j, me.id)]
            covered += bool(chosen)
        if not ok or any(n > mentors[j].capacity for (j, _), n in load.items()):
            continue
        f = problem.options.fairness
        value = (covered, score - sum(f * n * (n - 1) / 2 for n in total_load.values()))
        if (
            best is None
            or value[0] > best[0]
            or (value[0] == best[0] and value[1] > best[1] + 1e-9)
        ):
            best = value
    return best


def random_problem(rng: random.Random) -> Problem:
    slots = (MORNING, AFTERNOON)[: rng.randint(1, 2)]
    mentors = tuple(
        Mentor(
            10 + j,
            f"M{j}",
            tuple(rng.sample(TOPICS, rng.randint(1, 3))),
            rng.choice([0, 1, 1, 2, 2]),
            busy=(during(rng.choice(slots), "speaking"),) if rng.random() < 0.25 else (),
        )
        for j in range(rng.randint(1, 3))
    )
    mentees = tuple(
        Mentee(
            100 + i,
            f"E{i}",
            tuple(rng.sample(TOPICS, rng.randint(0, 3))),
            frozenset(s.id for s in slots if rng.random() < 0.8),
            busy=(during(rng.choice(slots), "presenting"),) if rng.random() < 0.2 else (),
        )
        for i in range(rng.randint(2, 4))
    )
    locks = ()
    if rng.random() < 0.3:
        # mostly a lock the organiser could make, sometimes an impossible one
        me = rng.choice(mentees)
        slot = rng.choice([s for s in slots if s.id in me.breaks] or list(slots))
        locks = (Lock(rng.choice(mentors).id, me.id, slot.id),)
    options = Options(fairness=rng.choice([0.0, 0.25, 0.8]), meetings_per_mentee=rng.randint(1, 2))
    return Problem(mentors, mentees, slots, locks, options)


@pytest.mark.parametrize("seed", range(60))
def test_the_matcher_finds_the_brute_force_optimum(seed: int) -> None:
    problem = random_problem(random.Random(seed))
    result = solve(problem)
    best = brute_force(problem)
    if best is None:
        assert not result.feasible
        assert result.problems
        return
    assert_valid(problem, result)
    assert result.covered == best[0]
    assert result.quality == pytest.approx(best[1], abs=1e-6)


def test_empty_and_degenerate_problems_are_answered() -> None:
    assert solve(Problem((), (), ())).assignments == ()
    no_breaks = solve(Problem((mentor(10),), (mentee(1, breaks=(1,)),), ()))
    assert no_breaks.unmatched[0].reason.startswith("no available break")
    no_mentors = solve(Problem((), (mentee(1, breaks=(1,)),), (MORNING,)))
    assert no_mentors.unmatched[0].reason == "no mentor is free in Coffee break 10:30"


def test_a_solve_cut_short_by_the_time_limit_says_so() -> None:
    problem = Problem((mentor(10),), (mentee(1), mentee(2)), (MORNING, AFTERNOON))
    result = solve(problem, time_limit=0.0)
    assert not result.feasible
    assert result.problems == (
        "The solver stopped without a proposal (Time limit reached); try again.",
    )
    assert solve(problem).covered == 2
