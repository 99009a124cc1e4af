"""Fair mentorship matching: an integer program solved by SciPy's HiGHS.

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
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

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
class Program:
    """The integer program in SciPy's terms, with the meaning of each x variable."""

    c: np.ndarray
    constraints: LinearConstraint
    integrality: np.ndarray
    bounds: Bounds
    edge_mentor: np.ndarray  # per x variable: index into problem.mentors
    edge_mentee: np.ndarray  # ... into problem.mentees
    edge_break: np.ndarray  # ... into problem.breaks
    edge_score: np.ndarray
    edge_locked: np.ndarray
    coverage_weight: float


@dataclass(frozen=True)
class Edges:
    """Every meeting the constraints allow, as parallel arrays of indices and scores."""

    mentor: np.ndarray  # index into problem.mentors
    mentee: np.ndarray  # index into problem.mentees
    slot: np.ndarray  # index into problem.breaks
    score: np.ndarray


def candidate_edges(problem: Problem) -> Edges:
    """Mentor and mentee both free in a break the mentee can attend, mentor with capacity."""
    mentee_free = np.array(
        [
            [s.id in m.breaks and busy_reason(m.busy, s) is None for s in problem.breaks]
            for m in problem.mentees
        ],
        dtype=bool,
    ).reshape(len(problem.mentees), len(problem.breaks))
    mentor_free = np.array(
        [
            [m.capacity > 0 and busy_reason(m.busy, s) is None for s in problem.breaks]
            for m in problem.mentors
        ],
        dtype=bool,
    ).reshape(len(problem.mentors), len(problem.breaks))
    allowed = mentee_free[:, None, :] & mentor_free[None, :, :]  # mentee x mentor x break
    i_of, j_of, b_of = (a.astype(np.int64) for a in np.nonzero(allowed))
    scores = overlap_matrix(
        [m.interests for m in problem.mentors], [m.interests for m in problem.mentees]
    )
    score = scores[i_of, j_of] if i_of.size else np.zeros(0)
    return Edges(j_of, i_of, b_of, score)


def _rows(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers for the distinct keys: (row of each entry, the distinct keys in row order)."""
    unique, inverse = np.unique(keys, return_inverse=True)
    return inverse.astype(np.int64), unique


def build_program(problem: Problem) -> Program:
    edges = candidate_edges(problem)
    j_of, i_of, b_of, score = edges.mentor, edges.mentee, edges.slot, edges.score
    n_edges = len(score)
    n_mentors, n_mentees, n_breaks = len(problem.mentors), len(problem.mentees), len(problem.breaks)
    options = problem.options
    mentor_pos = {m.id: j for j, m in enumerate(problem.mentors)}
    mentee_pos = {m.id: i for i, m in enumerate(problem.mentees)}
    break_pos = {s.id: b for b, s in enumerate(problem.breaks)}
    edge_key = (i_of * n_mentors + j_of) * n_breaks + b_of
    lock_keys = np.array(
        [
            (mentee_pos[k.mentee_id] * n_mentors + mentor_pos[k.mentor_id]) * n_breaks
            + break_pos[k.break_id]
            for k in problem.locks
        ],
        dtype=np.int64,
    )
    locked = np.isin(edge_key, lock_keys)

    # Mentor loads are split into unit steps u(j, k) of increasing cost fairness*(k-1).
    max_load = [m.capacity * n_breaks for m in problem.mentors]
    step_mentor = np.repeat(np.arange(len(max_load)), max_load).astype(np.int64)
    step_cost = np.concatenate([np.arange(k, dtype=float) for k in max_load] or [np.zeros(0)])
    step_cost *= options.fairness
    n_steps = len(step_cost)

    best_per_mentee = np.zeros(n_mentees)
    np.maximum.at(best_per_mentee, i_of, score)
    penalty_room = float(sum(load_penalty(k, options.fairness) for k in max_load))
    coverage_weight = float(
        1.0 + best_per_mentee.sum() * options.meetings_per_mentee + penalty_room
    )

    x = np.arange(n_edges)
    y_col = n_edges + np.arange(n_mentees)
    u_col = n_edges + n_mentees + np.arange(n_steps)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    lower: list[np.ndarray] = []
    upper: list[np.ndarray] = []
    offset = 0

    def block(
        row: np.ndarray, col: np.ndarray, val: np.ndarray, n: int, lo: np.ndarray, hi: np.ndarray
    ) -> None:
        nonlocal offset
        rows.append(row + offset)
        cols.append(col)
        vals.append(val)
        lower.append(lo)
        upper.append(hi)
        offset += n

    ones = np.ones(n_edges)
    # capacity of a mentor in a break
    capacity = np.array([m.capacity for m in problem.mentors], dtype=float)
    r, keys = _rows(j_of * n_breaks + b_of)
    block(r, x, ones, len(keys), np.full(len(keys), -np.inf), capacity[keys // n_breaks])
    # a mentee at most once per break
    r, keys = _rows(i_of * n_breaks + b_of)
    block(r, x, ones, len(keys), np.full(len(keys), -np.inf), np.ones(len(keys)))
    if options.meetings_per_mentee > 1 and n_breaks > 1:
        # never the same mentor twice
        r, keys = _rows(i_of * n_mentors + j_of)
        block(r, x, ones, len(keys), np.full(len(keys), -np.inf), np.ones(len(keys)))
    if options.meetings_per_mentee < n_breaks:
        # at most so many meetings per mentee
        r, keys = _rows(i_of)
        n = len(keys)
        block(r, x, ones, n, np.full(n, -np.inf), np.full(n, float(options.meetings_per_mentee)))
    # coverage: y_i <= sum of x over the mentee's meetings
    block(
        np.concatenate([i_of, np.arange(n_mentees)]),
        np.concatenate([x, y_col]),
        np.concatenate([-ones, np.ones(n_mentees)]),
        n_mentees,
        np.full(n_mentees, -np.inf),
        np.zeros(n_mentees),
    )
    # load: sum of x over the mentor's meetings == sum of the mentor's unit steps
    block(
        np.concatenate([j_of, step_mentor]),
        np.concatenate([x, u_col]),
        np.concatenate([ones, -np.ones(n_steps)]),
        n_mentors,
        np.zeros(n_mentors),
        np.zeros(n_mentors),
    )
    n_vars = n_edges + n_mentees + n_steps
    matrix = coo_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(offset, n_vars),
    ).tocsr()
    c = np.concatenate([-score, np.full(n_mentees, -coverage_weight), step_cost])
    integrality = np.concatenate([np.ones(n_edges), np.zeros(n_mentees + n_steps)])
    lb = np.concatenate([locked.astype(float), np.zeros(n_mentees + n_steps)])
    return Program(
        c=c,
        constraints=LinearConstraint(matrix, np.concatenate(lower), np.concatenate(upper)),
        integrality=integrality,
        bounds=Bounds(lb, np.ones(n_vars)),
        edge_mentor=j_of,
        edge_mentee=i_of,
        edge_break=b_of,
        edge_score=score,
        edge_locked=locked,
        coverage_weight=coverage_weight,
    )


def run_program(
    program: Program, time_limit: float = SOLVER_TIME_LIMIT_S
) -> tuple[np.ndarray | None, int, str]:
    """Solve with HiGHS to proven optimality (no relative gap): (x, status, message).

    Presolve is off: the matrix is close to totally unimodular (a bipartite b-matching
    per break, tied by laminar per-mentee and per-mentor rows), so the root LP is
    nearly always integral already and presolve costs more time than it saves.
    """
    if program.c.size == 0:
        return np.zeros(0), 0, "nothing to decide"
    res = milp(
        program.c,
        constraints=program.constraints,
        integrality=program.integrality,
        bounds=program.bounds,
        options={"mip_rel_gap": 0.0, "presolve": False, "time_limit": time_limit},
    )
    return (None if res.x is None else np.asarray(res.x)), int(res.status), str(res.message)


# -- solving and explaining ----------------------------------------------------------------


def solve(problem: Problem, *, time_limit: float = SOLVER_TIME_LIMIT_S) -> MatchResult:
    """The best proposal for the problem, or the reasons it has none."""
    started = time.perf_counter()
    problems = validate(problem)
    if problems:
        return MatchResult(feasible=False, problems=tuple(problems))
    program = build_program(problem)
    solution, status, message = run_program(program, time_limit)
    if solution is None:
        if status == 2:
            text = "The constraints cannot all be met together; unlock some pairs and try again."
        else:
            text = f"The solver stopped without a proposal ({message}); try again."
        return MatchResult(feasible=False, problems=(text,))
    chosen = np.flatnonzero(solution[: len(program.edge_score)] > 0.5)
    assignments = []
    for e in chosen:
        mentor = problem.mentors[int(program.edge_mentor[e])]
        mentee = problem.mentees[int(program.edge_mentee[e])]
        assignments.append(
            Assignment(
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                break_id=problem.breaks[int(program.edge_break[e])].id,
                score=float(program.edge_score[e]),
                shared=overlap(mentor.interests, mentee.interests).shared,
                locked=bool(program.edge_locked[e]),
            )
        )
    return evaluate(
        problem,
        assignments,
        coverage_weight=program.coverage_weight,
        optimal=status == 0,
        solve_seconds=time.perf_counter() - started,
    )
