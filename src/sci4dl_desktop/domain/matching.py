"""Fair mentorship matching: an integer program solved by HiGHS.

Each candidate meeting is a binary variable x(mentor, mentee, break). The program

    maximise  W * (mentees met at least once)          (first priority)
            + sum of topic-overlap scores of meetings
            - fairness * sum over mentors of load*(load-1)/2

subject to: a mentor's capacity in every break, a mentee at most once per break and
at most `meetings_per_mentee` times in all, never the same mentor twice, nobody booked
in a break they are busy in (speaking, on a panel, presenting their poster), and every
locked pair kept. W exceeds anything the other terms can gain, so covering one more
mentee always wins; the convex load penalty makes the k-th meeting of a mentor cost a
little more than the (k-1)-th, so the load spreads instead of piling onto one mentor.

The program is built here with plain lists (its constraint matrix row by row) and
handed to HiGHS through `domain.highs`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sci4dl_desktop.domain.highs import Milp, Solution, Status, solve_milp
from sci4dl_desktop.domain.interests import overlap, overlap_matrix
from sci4dl_desktop.domain.matching_model import (
    DEFAULT_FAIRNESS,
    Assignment,
    Busy,
    Lock,
    MatchResult,
    Mentee,
    Mentor,
    Options,
    Problem,
    Slot,
    Unmatched,
    busy_reason,
    evaluate,
    load_penalty,
    validate,
)

SOLVER_TIME_LIMIT_S = 60.0

__all__ = [
    "DEFAULT_FAIRNESS",
    "Assignment",
    "Busy",
    "Edges",
    "Lock",
    "MatchResult",
    "Mentee",
    "Mentor",
    "Options",
    "Problem",
    "Program",
    "Slot",
    "Unmatched",
    "build_program",
    "candidate_edges",
    "evaluate",
    "run_program",
    "solve",
    "validate",
]


# -- the integer program -------------------------------------------------------------------


@dataclass(frozen=True)
class Edges:
    """Every meeting the constraints allow, as parallel lists of indices and scores, in
    the order of (mentee, mentor, break)."""

    mentor: list[int]  # index into problem.mentors
    mentee: list[int]  # index into problem.mentees
    slot: list[int]  # index into problem.breaks
    score: list[float]


@dataclass(frozen=True)
class Program:
    """The integer program, with the meaning of each x variable.

    Its columns are the meetings x (binary, one per candidate edge, in the order of
    `Edges`), then y (one per mentee: met at least once), then every mentor's unit load
    steps u."""

    milp: Milp
    edge_mentor: list[int]  # per x variable: index into problem.mentors
    edge_mentee: list[int]  # ... into problem.mentees
    edge_break: list[int]  # ... into problem.breaks
    edge_score: list[float]
    edge_locked: list[bool]
    coverage_weight: float


def candidate_edges(problem: Problem) -> Edges:
    """Mentor and mentee both free in a break the mentee can attend, mentor with capacity."""
    mentor_free = [
        [m.capacity > 0 and busy_reason(m.busy, s) is None for s in problem.breaks]
        for m in problem.mentors
    ]
    scores = overlap_matrix(
        [m.interests for m in problem.mentors], [m.interests for m in problem.mentees]
    )
    edges = Edges([], [], [], [])
    for i, mentee in enumerate(problem.mentees):
        free = [
            b
            for b, s in enumerate(problem.breaks)
            if s.id in mentee.breaks and busy_reason(mentee.busy, s) is None
        ]
        if not free:
            continue
        row = scores[i]
        for j, mentor_can in enumerate(mentor_free):
            for b in free:
                if mentor_can[b]:
                    edges.mentor.append(j)
                    edges.mentee.append(i)
                    edges.slot.append(b)
                    edges.score.append(row[j])
    return edges


class _Rows:
    """The constraint matrix, row by row (compressed sparse rows), with each row's bounds."""

    def __init__(self) -> None:
        self.start: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, columns: list[int], values: list[float], lower: float, upper: float) -> None:
        self.index += columns
        self.value += values
        self.start.append(len(self.index))
        self.lower.append(lower)
        self.upper.append(upper)

    def at_most(self, buckets: list[list[int]], bound: Callable[[int], float]) -> None:
        """`sum of x over the bucket <= bound(key)` for every bucket that is not empty,
        in the order of the keys (the bucket's position)."""
        for key, columns in enumerate(buckets):
            if columns:
                self.add(columns, [1.0] * len(columns), -math.inf, bound(key))


def _bucket(keys: Iterable[int], size: int) -> list[list[int]]:
    """The x columns (edge numbers) of each key in range(size)."""
    buckets: list[list[int]] = [[] for _ in range(size)]
    for edge, key in enumerate(keys):
        buckets[key].append(edge)
    return buckets


def build_program(problem: Problem) -> Program:
    edges = candidate_edges(problem)
    j_of, i_of, b_of, score = edges.mentor, edges.mentee, edges.slot, edges.score
    n_edges = len(score)
    n_mentors, n_mentees, n_breaks = len(problem.mentors), len(problem.mentees), len(problem.breaks)
    options = problem.options
    mentor_pos = {m.id: j for j, m in enumerate(problem.mentors)}
    mentee_pos = {m.id: i for i, m in enumerate(problem.mentees)}
    break_pos = {s.id: b for b, s in enumerate(problem.breaks)}
    lock_keys = {
        (mentee_pos[k.mentee_id], mentor_pos[k.mentor_id], break_pos[k.break_id])
        for k in problem.locks
    }
    locked = [False] * n_edges
    if lock_keys:
        locked = [key in lock_keys for key in zip(i_of, j_of, b_of, strict=True)]

    # Mentor loads are split into unit steps u(j, k) of increasing cost fairness*(k-1).
    capacity = [m.capacity for m in problem.mentors]
    max_load = [c * n_breaks for c in capacity]
    step_cost = [options.fairness * k for n in max_load for k in range(n)]
    n_steps = len(step_cost)

    best_per_mentee = [0.0] * n_mentees
    for i, s in zip(i_of, score, strict=True):
        if s > best_per_mentee[i]:
            best_per_mentee[i] = s
    penalty_room = float(sum(load_penalty(k, options.fairness) for k in max_load))
    coverage_weight = float(1.0 + sum(best_per_mentee) * options.meetings_per_mentee + penalty_room)

    rows = _Rows()
    # capacity of a mentor in a break
    keys = [j * n_breaks + b for j, b in zip(j_of, b_of, strict=True)]
    rows.at_most(_bucket(keys, n_mentors * n_breaks), lambda key: capacity[key // n_breaks])
    # a mentee at most once per break
    keys = [i * n_breaks + b for i, b in zip(i_of, b_of, strict=True)]
    rows.at_most(_bucket(keys, n_mentees * n_breaks), lambda key: 1.0)
    if options.meetings_per_mentee > 1 and n_breaks > 1:
        # never the same mentor twice
        keys = [i * n_mentors + j for i, j in zip(i_of, j_of, strict=True)]
        rows.at_most(_bucket(keys, n_mentees * n_mentors), lambda key: 1.0)
    per_mentee = _bucket(i_of, n_mentees)
    if options.meetings_per_mentee < n_breaks:
        # at most so many meetings per mentee
        rows.at_most(per_mentee, lambda key: options.meetings_per_mentee)
    # coverage: y_i <= sum of x over the mentee's meetings
    for i, meetings in enumerate(per_mentee):
        rows.add([*meetings, n_edges + i], [-1.0] * len(meetings) + [1.0], -math.inf, 0.0)
    # load: sum of x over the mentor's meetings == sum of the mentor's unit steps
    step = n_edges + n_mentees
    for j, meetings in enumerate(_bucket(j_of, n_mentors)):
        steps = range(step, step + max_load[j])
        step += max_load[j]
        rows.add([*meetings, *steps], [1.0] * len(meetings) + [-1.0] * len(steps), 0.0, 0.0)

    n_free = n_mentees + n_steps
    milp = Milp(
        cost=[-s for s in score] + [-coverage_weight] * n_mentees + step_cost,
        col_lower=[1.0 if lock else 0.0 for lock in locked] + [0.0] * n_free,
        col_upper=[1.0] * (n_edges + n_free),
        integer=[True] * n_edges + [False] * n_free,
        row_lower=rows.lower,
        row_upper=rows.upper,
        row_start=rows.start,
        row_index=rows.index,
        row_value=rows.value,
    )
    return Program(
        milp=milp,
        edge_mentor=j_of,
        edge_mentee=i_of,
        edge_break=b_of,
        edge_score=score,
        edge_locked=locked,
        coverage_weight=coverage_weight,
    )


def run_program(program: Program, time_limit: float = SOLVER_TIME_LIMIT_S) -> Solution:
    """Solve with HiGHS to proven optimality (no relative gap).

    Presolve is off: the matrix is close to totally unimodular (a bipartite b-matching
    per break, tied by laminar per-mentee and per-mentor rows), so the root LP is
    nearly always integral already and presolve costs more time than it saves.
    """
    return solve_milp(program.milp, time_limit=time_limit, presolve=False)


# -- solving and explaining ----------------------------------------------------------------


def solve(problem: Problem, *, time_limit: float = SOLVER_TIME_LIMIT_S) -> MatchResult:
    """The best proposal for the problem, or the reasons it has none."""
    started = time.perf_counter()
    problems = validate(problem)
    if problems:
        return MatchResult(feasible=False, problems=tuple(problems))
    program = build_program(problem)
    solution = run_program(program, time_limit)
    if solution.x is None:
        if solution.status is Status.INFEASIBLE:
            text = "The constraints cannot all be met together; unlock some pairs and try again."
        else:
            text = f"The solver stopped without a proposal ({solution.message}); try again."
        return MatchResult(feasible=False, problems=(text,))
    assignments = []
    for e, value in enumerate(solution.x[: len(program.edge_score)]):
        if value <= 0.5:
            continue
        mentor = problem.mentors[program.edge_mentor[e]]
        mentee = problem.mentees[program.edge_mentee[e]]
        assignments.append(
            Assignment(
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                break_id=problem.breaks[program.edge_break[e]].id,
                score=program.edge_score[e],
                shared=overlap(mentor.interests, mentee.interests).shared,
                locked=program.edge_locked[e],
            )
        )
    return evaluate(
        problem,
        assignments,
        coverage_weight=program.coverage_weight,
        optimal=solution.status is Status.OPTIMAL,
        solve_seconds=time.perf_counter() - started,
    )
