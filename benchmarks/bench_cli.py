"""Benchmark of the ``dkbm`` command line and of the ensemble path.

Measures, in one run on this machine:

1. ``dkbm --help`` wall time (subprocess, median of repeats). Target: < 0.5 s.
2. 30 replications x 120 months of the default scenario (``baseline``) through the
   batch path (``simulation.ensemble.run_ensemble``, one process) against 30
   one-at-a-time Mesa runs (``models.CollaborationModel`` stepped 120 times) with the
   same seeds. Target: batch throughput >= 10x the Mesa runs.
3. A large ensemble in one process against the same split across local worker
   processes, which is what ``simulation.ensemble.PARALLEL_THRESHOLD`` is based on
   (skipped with ``--quick``).

Prints the figures and writes ``benchmarks/results/cli.json``. Asserts nothing.

Usage: ``.venv/bin/python benchmarks/bench_cli.py [--quick] [--repeats N]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "cli.json"
DKBM = Path(sys.executable).parent / "dkbm"


def _median_time(fn, repeats: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def bench_help(repeats: int) -> dict:
    env = {**os.environ, "MPLBACKEND": "Agg"}

    def call():
        subprocess.run([DKBM, "--help"], check=True, capture_output=True, env=env)

    call()  # warm the file cache
    median, times = _median_time(call, repeats)
    return {"median_s": median, "times_s": times, "target_s": 0.5, "meets_target": median < 0.5}


def bench_ensemble(repeats: int) -> dict:
    import numpy as np

    import models
    from simulation.ensemble import run_ensemble
    from simulation.scenarios import load_scenario

    scenario = load_scenario("baseline")
    n, months = 30, 120
    seeds = scenario.replication_seeds(n)

    def batch():
        return run_ensemble(scenario, replications=n, months=months, workers=1, progress=False)

    batch()  # warm-up (imports, caches)
    batch_s, batch_times = _median_time(batch, repeats)

    def mesa():
        runs = []
        for seed in seeds:
            model = models.CollaborationModel(rng=seed, **scenario.model_kwargs())
            for _ in range(months):
                model.step()
            runs.append(model.series("cooperation_rate"))
        return runs

    mesa_s, mesa_times = _median_time(mesa, max(1, repeats // 3))
    identical = bool(np.array_equal(np.array(mesa()), batch().series["cooperation_rate"]))
    return {
        "replications": n,
        "months": months,
        "batch_s": batch_s,
        "batch_times_s": batch_times,
        "mesa_s": mesa_s,
        "mesa_times_s": mesa_times,
        "speedup": mesa_s / batch_s,
        "target_speedup": 10.0,
        "meets_target": mesa_s / batch_s >= 10.0,
        "identical_series": identical,
    }


def bench_split(workers: int) -> dict:
    from simulation.ensemble import PARALLEL_THRESHOLD, auto_workers, run_ensemble
    from simulation.executors import available_cores
    from simulation.scenarios import load_scenario

    scenario = load_scenario("bildung-integriert")
    months = 120
    n = PARALLEL_THRESHOLD // months + 1000  # just above where auto_workers splits

    def run(w):
        return run_ensemble(scenario, replications=n, months=months, workers=w, progress=False)

    def cpu() -> float:  # this process and its finished (joined) workers
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    c0 = cpu()
    one_s, _ = _median_time(lambda: run(1), 1)
    c1 = cpu()
    split_s, _ = _median_time(lambda: run(workers), 1)
    c2 = cpu()
    return {
        "replications": n,
        "months": months,
        "cores": available_cores(),
        "workers": workers,
        "one_process_s": one_s,
        "split_s": split_s,
        "speedup": one_s / split_s,
        # wall time depends on what else runs; CPU time shows the work itself
        "one_process_cpu_s": c1 - c0,
        "split_cpu_s": c2 - c1,
        "load_average_before": load,
        "parallel_threshold_run_months": PARALLEL_THRESHOLD,
        "auto_workers": auto_workers(n, months),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the process-split benchmark")
    parser.add_argument("--repeats", type=int, default=7, help="repeats per timing (default 7)")
    args = parser.parse_args(argv)

    result = {
        "load_average_at_start": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }
    result["help"] = bench_help(args.repeats)
    h = result["help"]
    print(f"dkbm --help: median {h['median_s'] * 1000:.0f} ms (target < 500 ms)")

    result["ensemble"] = bench_ensemble(args.repeats)
    e = result["ensemble"]
    print(
        f"30 x 120 months, baseline: batch {e['batch_s']:.3f} s, 30 Mesa runs {e['mesa_s']:.2f} s "
        f"-> {e['speedup']:.1f}x (target >= 10x); identical series: {e['identical_series']}"
    )
    if not args.quick:
        result["split"] = bench_split(workers=max(2, result["cores"] or 2))
        s = result["split"]
        print(
            f"{s['replications']} x {s['months']} months: one process {s['one_process_s']:.2f} s, "
            f"{s['workers']} workers {s['split_s']:.2f} s -> {s['speedup']:.2f}x "
            f"(auto_workers chooses {s['auto_workers']}); CPU {s['one_process_cpu_s']:.1f} s vs "
            f"{s['split_cpu_s']:.1f} s; load average {s['load_average_before']:.1f}"
        )

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    tmp.replace(RESULTS)
    print(f"written: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
