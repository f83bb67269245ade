"""Performance of the docking model (issue 8): ``macy_flache`` with 4,000 seeds x 1,000 rounds.

Measures, in one process with ``NUMBA_NUM_THREADS=1`` (one core):

a. the full call ``macy_flache(range(4000), 1000)`` at the default game, median of the
   repeats after one warm-up call (compilation or cache loading excluded; reported apart);
b. the share of that time spent drawing the uniforms (``default_rng(seed).random``, the
   same draws the call makes), so that the compiled loop's cost is visible as a ratio.

Target: (a) under 2 s on one core. Prints a table and writes
``benchmarks/results/docking.json``. It never asserts.

Usage::

    .venv/bin/python benchmarks/bench_docking.py            # about 15 s when idle
    .venv/bin/python benchmarks/bench_docking.py --quick    # results/docking-quick.json
"""

from __future__ import annotations

import os

os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import argparse
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from bench_model import timed, write_json

SEEDS = 4000
ROUNDS = 1000
TARGET_SECONDS = 2.0
RESULTS = Path(__file__).resolve().parent / "results" / "docking.json"
QUICK_RESULTS = RESULTS.with_name("docking-quick.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats: a smoke run")
    parser.add_argument("--repeats", type=int, default=11, help="repeats (default 11)")
    parser.add_argument("--output", type=Path, help="JSON result file")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else max(args.repeats, 5)
    output = args.output or (QUICK_RESULTS if args.quick else RESULTS)
    load_before = os.getloadavg()

    start = time.perf_counter()
    from models.docking import macy_flache

    macy_flache([0], 1)
    first = time.perf_counter() - start

    seeds = range(SEEDS)
    u = np.empty((ROUNDS, 4))
    full, draws = [], []
    for _ in range(repeats):
        full.append(timed(lambda: macy_flache(seeds, ROUNDS)))
        draws.append(timed(lambda: [np.random.default_rng(s).random(out=u) for s in seeds]))
    med = statistics.median(full)
    med_draws = statistics.median(draws)
    res = {
        "benchmark": "bench_docking",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "numba_threads": os.environ["NUMBA_NUM_THREADS"],
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
        "macy_flache": {
            "seeds": SEEDS,
            "rounds": ROUNDS,
            "repeats": repeats,
            "import_and_first_call_s": round(first, 3),
            "median_s": round(med, 4),
            "min_s": round(min(full), 4),
            "draws_share": round(med_draws / med, 3),
            "target_s": TARGET_SECONDS,
            "pass": med < TARGET_SECONDS,
        },
    }
    m = res["macy_flache"]
    print(
        f"dkbm-sim docking benchmark  {res['when']}  load average before/after "
        f"{res['machine']['load_before']} / {res['machine']['load_after']}\n"
        f"macy_flache {SEEDS} seeds x {ROUNDS} rounds, one core: median {m['median_s']:.3f} s "
        f"(min {m['min_s']:.3f}, {repeats} repeats; {m['draws_share']:.0%} of it drawing "
        f"uniforms)  target < {TARGET_SECONDS:g} s  {'PASS' if m['pass'] else 'MISS'}\n"
        f"import + first call (compile or load cache): {m['import_and_first_call_s']:.2f} s"
    )
    write_json(res, output)
    print(f"\nwrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
