"""Run the benchmarks and print the table.

    .venv/bin/python bench/run.py            # all of them except the slow (on_request) ones
    .venv/bin/python bench/run.py poster     # those whose name contains "poster"
    .venv/bin/python bench/run.py bundle     # the slow ones (on_request) run only when named

Exits 1 if a target is missed.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from harness import Benchmark, format_value  # noqa: E402


def discover() -> list[Benchmark]:
    found: list[Benchmark] = []
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.extend(module.BENCHMARKS)
    return found


def main(argv: list[str]) -> int:
    wanted = [w.lower() for w in argv]
    benchmarks = [
        b
        for b in discover()
        if (any(w in b.name.lower() for w in wanted) if wanted else not b.on_request)
    ]
    header = f"{'benchmark':<48} {'measured':>12} {'baseline':>12} {'ratio':>7}  {'target':<34} ok"
    print(header)
    print("-" * len(header))
    failures = 0
    for bench in benchmarks:
        result = bench.measure()
        met = bench.met(result)
        failures += not met
        print(
            f"{bench.name:<48} {format_value(result.measured, result.unit):>12} "
            f"{format_value(result.baseline, result.unit):>12} {result.ratio:>7.2f}  "
            f"{bench.target:<34} {'yes' if met else 'NO'}"
            + (f"  ({result.detail})" if result.detail else ""),
            flush=True,
        )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
