"""The benchmark harness: every entry measures itself and a baseline in the same run.

A benchmark module in bench/ is named bench_*.py and defines BENCHMARKS, a list of
Benchmark. Each measure() returns a Result: the measured value, the baseline value
measured just now on this machine, and (optionally) an absolute check. The harness
prints one table: name, measured, baseline, ratio, target, and whether it was met.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    measured: float
    baseline: float
    unit: str = "s"
    absolute_ok: bool = True  # an extra absolute bound, such as "under 16 ms"
    detail: str = ""

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")


@dataclass(frozen=True)
class Benchmark:
    name: str
    target: str  # shown as written, e.g. "ratio <= 2.0"
    measure: Callable[[], Result]
    max_ratio: float | None = None  # the measured/baseline ratio must be at most this
    min_ratio: float | None = None  # ... or at least this (for throughputs)
    on_request: bool = False  # slow (builds bundles): runs only when named on the command line

    def met(self, result: Result) -> bool:
        ok = result.absolute_ok
        if self.max_ratio is not None:
            ok = ok and result.ratio <= self.max_ratio
        if self.min_ratio is not None:
            ok = ok and result.ratio >= self.min_ratio
        return ok


def median_time(func: Callable[[], object], repeat: int = 7) -> float:
    """The median wall time of calling func, in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def format_value(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.2f} ms" if value < 1 else f"{value:.3f} s"
    return f"{value:.3g} {unit}"
