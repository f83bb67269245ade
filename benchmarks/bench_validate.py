"""Time of the full `dkbm validate` run (50 seeds per arm) relative to `--quick` (20).

Prints the seconds of each and their ratio; no asserts (timings are not tests).
Run: .venv/bin/python benchmarks/bench_validate.py
"""

from __future__ import annotations

import time

from simulation.validation import runner


def timed(**kwargs) -> float:
    t0 = time.perf_counter()
    runner.run(**kwargs)
    return time.perf_counter() - t0


if __name__ == "__main__":
    timed(only=["SF14"], seeds=2)  # compile / warm caches
    quick, full = timed(quick=True), timed()
    print(f"quick {quick:.2f} s, full {full:.2f} s, full/quick {full / quick:.2f}")
