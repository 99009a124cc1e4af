"""Mixed-integer programs solved by HiGHS, through highspy's compiled bindings alone.

Why the bindings are loaded by hand: importing the `highspy` package runs its
`__init__`, which imports its modelling front end (`highspy/highs.py`), which imports
NumPy: 43 MB of the app's bundle for arrays it never needs, since the app builds its
programs itself as plain lists. So `highspy._core`, the pybind11 extension with the
whole solver, is loaded here straight from the installed package's folder (found with
`importlib.util.find_spec`, which does not run `__init__`) and registered in
`sys.modules` under its own name; neither NumPy nor the front end is imported. On
Windows the wheel keeps its DLLs in a sibling `highspy.libs` folder (delvewheel), which
the package's `__init__` would register, so it is added to the DLL search path here.

How the model goes in without NumPy: the bindings take nearly all of it as plain lists
(the `HighsLp`'s bounds, integrality and row-wise matrix, a `HighsLinearObjective`'s
coefficients, the solution's values). The exception is the LP's own cost vector: since
highspy 1.12, `HighsLp.col_cost_` converts through NumPy both ways. So the costs go in
as the model's one linear objective, which HiGHS blends into the cost vector when it
runs (weight 1: the same minimisation), and the LP keeps the zero cost vector of a blank
LP made with `addVar` and kept for the next solve. HiGHS accepts column vectors at least
as long as the number of columns and uses that many entries, so one blank serves every
smaller program; it grows when a bigger one comes.
"""

from __future__ import annotations

import enum
import importlib.machinery
import importlib.util
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORE = "highspy._core"

_lock = threading.Lock()  # loading the bindings, and the shared blank LP


class HighsUnavailable(RuntimeError):
    """HiGHS's bindings (the highspy package) are not installed or do not load."""


class Status(enum.Enum):
    OPTIMAL = "optimal"  # proven optimal (to the relative gap asked for)
    INFEASIBLE = "infeasible"  # proven to have no solution
    STOPPED = "stopped"  # anything else (time limit, ...): x is the best found, or None


@dataclass(frozen=True)
class Milp:
    """minimise cost . x  subject to  row_lower <= A x <= row_upper,
    col_lower <= x <= col_upper, and x[j] integer where integer[j].

    A is given row by row (compressed sparse rows): row r has the entries
    row_value[row_start[r]:row_start[r + 1]] in the columns row_index[same range].
    Missing bounds are -math.inf / math.inf."""

    cost: list[float]
    col_lower: list[float]
    col_upper: list[float]
    integer: list[bool]
    row_lower: list[float]
    row_upper: list[float]
    row_start: list[int]
    row_index: list[int]
    row_value: list[float]

    @property
    def n_cols(self) -> int:
        return len(self.cost)

    @property
    def n_rows(self) -> int:
        return len(self.row_lower)

    def check(self) -> None:
        """Raise ValueError when the lists do not describe one program."""
        n, m = self.n_cols, self.n_rows
        sizes = {
            "col_lower": (len(self.col_lower), n),
            "col_upper": (len(self.col_upper), n),
            "integer": (len(self.integer), n),
            "row_upper": (len(self.row_upper), m),
            "row_start": (len(self.row_start), m + 1),
            "row_value": (len(self.row_value), len(self.row_index)),
        }
        for name, (size, wanted) in sizes.items():
            if size != wanted:
                raise ValueError(f"Milp.{name} has {size} entries, expected {wanted}")
        if self.row_start[0] != 0 or self.row_start[-1] != len(self.row_index):
            raise ValueError("Milp.row_start must run from 0 to the number of entries")
        if self.row_index and not 0 <= min(self.row_index) <= max(self.row_index) < n:
            raise ValueError(f"Milp.row_index refers to a column outside 0..{n - 1}")


@dataclass(frozen=True)
class Solution:
    x: list[float] | None  # a value per column, or None when there is no solution
    status: Status
    message: str  # HiGHS's words for how the solve ended ("Optimal", "Time limit reached")


def core() -> Any:
    """highspy's compiled bindings, loaded without the package's __init__ (once)."""
    with _lock:
        return _load_core()


def _load_core() -> Any:
    loaded = sys.modules.get(CORE)
    if loaded is not None:
        return loaded
    spec = importlib.util.find_spec("highspy")
    if spec is None or not spec.submodule_search_locations:
        raise HighsUnavailable(
            "The HiGHS solver is not installed: install the highspy package "
            "(pip install highspy) or use the app's bundle, which includes it."
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    libs = folder.parent / "highspy.libs"
    if sys.platform == "win32" and libs.is_dir():
        os.add_dll_directory(str(libs))
    path = next(
        (
            folder / f"_core{suffix}"
            for suffix in importlib.machinery.EXTENSION_SUFFIXES
            if (folder / f"_core{suffix}").is_file()
        ),
        None,
    )
    if path is None:
        raise HighsUnavailable(f"HiGHS's compiled bindings (_core) are missing from {folder}.")
    loader = importlib.machinery.ExtensionFileLoader(CORE, str(path))
    module_spec = importlib.util.spec_from_file_location(CORE, path, loader=loader)
    if module_spec is None:
        raise HighsUnavailable(f"HiGHS's compiled bindings at {path} cannot be loaded.")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[CORE] = module
    try:
        loader.exec_module(module)
    except ImportError as error:  # e.g. the HiGHS library next to it is missing
        del sys.modules[CORE]
        raise HighsUnavailable(
            f"HiGHS's compiled bindings at {path} do not load: {error}"
        ) from error
    return module


class _Blank:
    """A `HighsLp` whose cost vector holds at least `size` zeros (see the module notes)."""

    def __init__(self) -> None:
        self.highs: Any = None
        self.size = 0
        self.lp: Any = None

    def at_least(self, hs: Any, n: int) -> Any:
        if self.lp is None or self.size < n:
            if self.highs is None:
                self.highs = hs._Highs()
                _set(self.highs, "output_flag", False)
            target = max(1024, n + n // 4)  # some room for a slightly bigger next program
            for _ in range(target - self.size):
                self.highs.addVar(0.0, 0.0)
            self.size = target
            self.lp = self.highs.getLp()
        return self.lp


_blank = _Blank()


def _set(highs: Any, name: str, value: object) -> None:
    if highs.setOptionValue(name, value) == sys.modules[CORE].HighsStatus.kError:
        raise HighsUnavailable(f"This HiGHS does not take the option {name}={value!r}.")


def _pass_model(hs: Any, highs: Any, milp: Milp) -> None:
    integer, continuous = hs.HighsVarType.kInteger, hs.HighsVarType.kContinuous
    with _lock:
        lp = _blank.at_least(hs, milp.n_cols)
        lp.num_col_ = milp.n_cols
        lp.num_row_ = milp.n_rows
        lp.col_lower_ = milp.col_lower
        lp.col_upper_ = milp.col_upper
        lp.row_lower_ = milp.row_lower
        lp.row_upper_ = milp.row_upper
        lp.integrality_ = [integer if flag else continuous for flag in milp.integer]
        matrix = lp.a_matrix_
        matrix.format_ = hs.MatrixFormat.kRowwise
        matrix.num_col_ = milp.n_cols
        matrix.num_row_ = milp.n_rows
        matrix.start_ = milp.row_start
        matrix.index_ = milp.row_index
        matrix.value_ = milp.row_value
        passed = highs.passModel(lp)
        # The blank keeps only its zero costs between solves, not a copy of this program.
        lp.col_lower_ = lp.col_upper_ = lp.row_lower_ = lp.row_upper_ = []
        lp.integrality_ = []
        matrix.start_, matrix.index_, matrix.value_ = [0], [], []
        lp.num_col_ = lp.num_row_ = matrix.num_col_ = matrix.num_row_ = 0
    if passed == hs.HighsStatus.kError:
        raise ValueError("HiGHS refused the program (its bounds or matrix are not valid).")
    objective = hs.HighsLinearObjective()
    objective.weight = 1.0
    objective.offset = 0.0
    objective.coefficients = milp.cost
    objective.abs_tolerance = 0.0
    objective.rel_tolerance = 0.0
    objective.priority = 0
    if highs.addLinearObjective(objective) == hs.HighsStatus.kError:
        raise ValueError("HiGHS refused the program's objective.")


def solve_milp(
    milp: Milp, *, time_limit: float, mip_rel_gap: float = 0.0, presolve: bool = True
) -> Solution:
    """Solve with HiGHS: optimal (to `mip_rel_gap`), infeasible, or stopped.

    Raises ValueError when the lists do not describe a program, and HighsUnavailable
    when HiGHS cannot be loaded."""
    milp.check()
    if milp.n_cols == 0:
        # nothing to decide: every row adds up to 0
        if all(lo <= 0.0 <= up for lo, up in zip(milp.row_lower, milp.row_upper, strict=True)):
            return Solution([], Status.OPTIMAL, "Optimal")
        return Solution(None, Status.INFEASIBLE, "Infeasible")
    hs = core()
    highs = hs._Highs()
    _set(highs, "output_flag", False)
    _set(highs, "time_limit", float(time_limit))
    _set(highs, "mip_rel_gap", float(mip_rel_gap))
    _set(highs, "presolve", "on" if presolve else "off")
    _set(highs, "blend_multi_objectives", True)
    _pass_model(hs, highs, milp)
    highs.run()
    model_status = highs.getModelStatus()
    message = str(highs.modelStatusToString(model_status))
    if model_status == hs.HighsModelStatus.kOptimal:
        return Solution(list(highs.getSolution().col_value), Status.OPTIMAL, message)
    if model_status == hs.HighsModelStatus.kInfeasible:
        return Solution(None, Status.INFEASIBLE, message)
    solution = highs.getSolution()
    x = list(solution.col_value) if solution.value_valid else None
    return Solution(x, Status.STOPPED, message)


__all__ = ["CORE", "HighsUnavailable", "Milp", "Solution", "Status", "core", "solve_milp"]
