"""HiGHS through its compiled bindings alone: answers, statuses, and no NumPy."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest

from sci4dl_desktop.domain.highs import Milp, Status, solve_milp

INF = math.inf


def knapsack(values: list[float], weights: list[float], capacity: float) -> Milp:
    """Maximise the value of the items packed (binary), as a minimisation."""
    n = len(values)
    return Milp(
        cost=[-v for v in values],
        col_lower=[0.0] * n,
        col_upper=[1.0] * n,
        integer=[True] * n,
        row_lower=[-INF],
        row_upper=[capacity],
        row_start=[0, n],
        row_index=list(range(n)),
        row_value=weights,
    )


def test_the_integer_optimum_not_the_rounded_relaxation() -> None:
    # The LP relaxation packs item 0 and 5/6 of item 1 (21.67); the best whole packing
    # is items 1 and 2 (21), which rounding the relaxation would never find.
    solution = solve_milp(knapsack([10.0, 14.0, 7.0], [4.0, 6.0, 3.0], 9.0), time_limit=10)
    assert solution.status is Status.OPTIMAL
    assert solution.x is not None
    assert [round(v) for v in solution.x] == [0, 1, 1]
    assert solution.message == "Optimal"


def test_continuous_columns_and_two_sided_rows() -> None:
    # minimise x + 2y with 1 <= x + y <= 4, x - y == 0.5, x integer <= 3, y continuous
    program = Milp(
        cost=[1.0, 2.0],
        col_lower=[0.0, 0.0],
        col_upper=[3.0, INF],
        integer=[True, False],
        row_lower=[1.0, 0.5],
        row_upper=[4.0, 0.5],
        row_start=[0, 2, 4],
        row_index=[0, 1, 0, 1],
        row_value=[1.0, 1.0, 1.0, -1.0],
    )
    solution = solve_milp(program, time_limit=10, presolve=False)
    assert solution.status is Status.OPTIMAL
    assert solution.x == pytest.approx([1.0, 0.5])


def test_an_infeasible_program_is_told_apart() -> None:
    # one binary column that must lie between 0.5 and 0.7
    program = Milp([1.0], [0.0], [1.0], [True], [0.5], [0.7], [0, 1], [0], [1.0])
    for presolve in (True, False):
        solution = solve_milp(program, time_limit=10, presolve=presolve)
        assert solution.status is Status.INFEASIBLE
        assert solution.x is None
        assert solution.message == "Infeasible"


def test_a_solve_stopped_by_the_time_limit_says_so() -> None:
    solution = solve_milp(knapsack([10.0, 14.0, 7.0], [4.0, 6.0, 3.0], 9.0), time_limit=0.0)
    assert solution.status is Status.STOPPED
    assert solution.message == "Time limit reached"


def test_a_program_without_columns_needs_no_solver() -> None:
    assert solve_milp(Milp([], [], [], [], [], [], [0], [], []), time_limit=1).x == []
    impossible = Milp([], [], [], [], [1.0], [2.0], [0, 0], [], [])
    assert solve_milp(impossible, time_limit=1).status is Status.INFEASIBLE


def test_programs_of_growing_size_in_turn() -> None:
    """Each program is solved on its own, whatever size came before (small, big, small)."""
    for n in (3, 5000, 40):
        # n binary columns, at most n // 2 of them, column k worth k + 1
        program = Milp(
            cost=[-(k + 1.0) for k in range(n)],
            col_lower=[0.0] * n,
            col_upper=[1.0] * n,
            integer=[True] * n,
            row_lower=[-INF],
            row_upper=[float(n // 2)],
            row_start=[0, n],
            row_index=list(range(n)),
            row_value=[1.0] * n,
        )
        solution = solve_milp(program, time_limit=30)
        assert solution.status is Status.OPTIMAL
        assert solution.x is not None and len(solution.x) == n
        assert [k for k, v in enumerate(solution.x) if v > 0.5] == list(range(n - n // 2, n))


def test_lists_that_do_not_fit_together_are_refused_with_the_reason() -> None:
    good = knapsack([1.0, 2.0], [1.0, 1.0], 1.0)
    with pytest.raises(ValueError, match="col_upper has 1 entries, expected 2"):
        solve_milp(replace(good, col_upper=[1.0]), time_limit=1)
    with pytest.raises(ValueError, match=r"row_index refers to a column outside 0\.\.1"):
        solve_milp(replace(good, row_index=[0, 2]), time_limit=1)


def run_python(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_mentorship_solve_imports_neither_numpy_nor_scipy() -> None:
    """In a fresh interpreter (other tests' imports do not count): a whole matching
    solve, and what it left in sys.modules."""
    done = run_python(
        """
        import json, sys
        from datetime import UTC, datetime, timedelta
        from sci4dl_desktop.domain.matching import Mentee, Mentor, Problem, Slot, solve
        t0 = datetime(2026, 4, 26, 13, 30, tzinfo=UTC)
        slot = Slot(1, "Coffee break", t0, t0 + timedelta(minutes=30))
        mentors = (Mentor(10, "A", ("scaling laws",), 1), Mentor(11, "B", ("grokking",), 1))
        mentees = (Mentee(1, "X", ("grokking",), frozenset({1})),
                   Mentee(2, "Y", ("scaling law",), frozenset({1})))
        result = solve(Problem(mentors, mentees, (slot,)))
        print(json.dumps({
            "pairs": sorted([a.mentor_id, a.mentee_id] for a in result.assignments),
            "modules": sorted(m for m in sys.modules if m.split(".")[0] in
                              ("numpy", "scipy", "highspy")),
        }))
        """
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["pairs"] == [[10, 2], [11, 1]]
    assert "highspy._core" in report["modules"]
    assert [m for m in report["modules"] if not m.startswith("highspy._core")] == []


def test_without_highspy_the_solver_says_what_to_install() -> None:
    done = run_python(
        """
        import sys
        sys.modules["highspy"] = None  # what an environment without highspy finds
        from sci4dl_desktop.domain.highs import HighsUnavailable, core
        try:
            core()
        except HighsUnavailable as error:
            print(error)
        """
    )
    assert done.returncode == 0, done.stderr
    assert "install the highspy package" in done.stdout
