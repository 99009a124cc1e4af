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
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from sci4dl_desktop.domain.interests import Overlap, interests, overlap_of
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
    edge_shared: list[tuple[str, ...]]
    edge_locked: np.ndarray
    coverage_weight: float
    mentee_index: dict[int, int] = field(repr=False, default_factory=dict)


def candidate_edges(problem: Problem) -> list[tuple[int, int, int, Overlap]]:
    """Every meeting the constraints allow: (mentor index, mentee index, break index, overlap)."""
    free_mentors: list[list[int]] = []
    for slot in problem.breaks:
        free_mentors.append(
            [
                j
                for j, m in enumerate(problem.mentors)
                if m.capacity > 0 and busy_reason(m.busy, slot) is None
            ]
        )
    mentor_interests = [interests(m.interests) for m in problem.mentors]
    edges: list[tuple[int, int, int, Overlap]] = []
    cache: dict[tuple[int, int], Overlap] = {}
    for i, mentee in enumerate(problem.mentees):
        mentee_interests = interests(mentee.interests)
        for b, slot in enumerate(problem.breaks):
            if slot.id not in mentee.breaks or busy_reason(mentee.busy, slot) is not None:
                continue
            for j in free_mentors[b]:
                found = cache.get((i, j))
                if found is None:
                    found = cache[(i, j)] = overlap_of(mentor_interests[j], mentee_interests)
                edges.append((j, i, b, found))
    return edges


def _rows(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers for the distinct keys: (row of each entry, the distinct keys in row order)."""
    unique, inverse = np.unique(keys, return_inverse=True)
    return inverse.astype(np.int64), unique


def build_program(problem: Problem) -> Program:
    edges = candidate_edges(problem)
    n_edges = len(edges)
    n_mentees, n_breaks = len(problem.mentees), len(problem.breaks)
    options = problem.options
    j_of = np.fromiter((e[0] for e in edges), dtype=np.int64, count=n_edges)
    i_of = np.fromiter((e[1] for e in edges), dtype=np.int64, count=n_edges)
    b_of = np.fromiter((e[2] for e in edges), dtype=np.int64, count=n_edges)
    score = np.fromiter((e[3].score for e in edges), dtype=float, count=n_edges)
    mentor_pos = {m.id: j for j, m in enumerate(problem.mentors)}
    mentee_pos = {m.id: i for i, m in enumerate(problem.mentees)}
    break_pos = {s.id: b for b, s in enumerate(problem.breaks)}
    lock_keys = {
        (mentor_pos[k.mentor_id], mentee_pos[k.mentee_id], break_pos[k.break_id])
        for k in problem.locks
    }
    locked = np.fromiter(
        ((e[0], e[1], e[2]) in lock_keys for e in edges), dtype=bool, count=n_edges
    )

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
        r, keys = _rows(i_of * len(problem.mentors) + j_of)
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
    n_mentors = len(problem.mentors)
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
        edge_shared=[e[3].shared for e in edges],
        edge_locked=locked,
        coverage_weight=coverage_weight,
        mentee_index=mentee_pos,
    )


def run_program(
    program: Program, time_limit: float = SOLVER_TIME_LIMIT_S
) -> tuple[np.ndarray | None, int, str]:
    """Solve with HiGHS to proven optimality (no relative gap): (x, status, message)."""
    if program.c.size == 0:
        return np.zeros(0), 0, "nothing to decide"
    res = milp(
        program.c,
        constraints=program.constraints,
        integrality=program.integrality,
        bounds=program.bounds,
        options={"mip_rel_gap": 0.0, "time_limit": time_limit},
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
    assignments = tuple(
        Assignment(
            mentor_id=problem.mentors[int(program.edge_mentor[e])].id,
            mentee_id=problem.mentees[int(program.edge_mentee[e])].id,
            break_id=problem.breaks[int(program.edge_break[e])].id,
            score=float(program.edge_score[e]),
            shared=program.edge_shared[e],
            locked=bool(program.edge_locked[e]),
        )
        for e in chosen
    )
    return evaluate(
        problem,
        assignments,
        coverage_weight=program.coverage_weight,
        optimal=status == 0,
        solve_seconds=time.perf_counter() - started,
    )
