"""Performance of the core model (issue 2): single run, batch path, scaling.

Measures, in one process and one run so that the references share the machine's noise:

a. single run: ``CollaborationModel`` (11 departments, construct + 120 steps, DataCollector
   included) against Mesa's bundled Boltzmann wealth example with 11 agents and 120 steps;
   the two are timed alternately, the figure is the ratio of the medians (target <= 2x);
b. batch path: 1,000 replications x 120 months through ``models.simulate`` against
   ``CollaborationModel`` run one replication at a time. The one-at-a-time throughput is
   extrapolated from single runs timed in between the batch runs (target >= 30x);
c. scaling: one run with 10, 40 and 160 departments through ``models.simulate``; time per
   step, linked pairs, cost per step and pair (target: the cost per step grows no faster
   than the number of pairs; 160 departments x 120 months in under 2 s).

Prints a table with the targets and writes ``benchmarks/results/model.json``. It never
asserts: timings depend on the machine and its load, so they are reported, not tested.

Usage::

    .venv/bin/python benchmarks/bench_model.py            # under a minute when idle
    .venv/bin/python benchmarks/bench_model.py --quick    # smoke run, results/model-quick.json
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import mesa
import numpy as np
from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario, BoltzmannWealth

import models

MONTHS = 120
N_DEFAULT = 11
BATCH_SIZE = 1000
SCALING = (10, 40, 160)
TARGET_SINGLE_RATIO = 2.0  # at most this many times the Boltzmann example
TARGET_BATCH_SPEEDUP = 30.0  # at least this throughput over one-at-a-time Mesa runs
TARGET_160_SECONDS = 2.0
RESULTS = Path(__file__).resolve().parent / "results" / "model.json"
QUICK_RESULTS = RESULTS.with_name("model-quick.json")


def timed(fn: Callable[[], object]) -> float:
    """Wall time of one call in seconds, garbage collection done before and paused during."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def run_collaboration(seed: int, months: int = MONTHS, **params) -> None:
    model = models.CollaborationModel(rng=seed, **params)
    for _ in range(months):
        model.step()


def run_boltzmann(seed: int, months: int = MONTHS) -> None:
    model = BoltzmannWealth(BoltzmannScenario(n=N_DEFAULT, rng=seed))
    for _ in range(months):
        model.step()


def median_ms(values: list[float]) -> float:
    return 1e3 * statistics.median(values)


def bench_single(repeats: int, warmup: int) -> dict:
    """(a) One default run against the Boltzmann example, timed alternately."""
    for k in range(warmup):
        run_collaboration(10_000 + k)
        run_boltzmann(10_000 + k)
    ours, boltzmann = [], []
    for k in range(repeats):
        # alternate which goes first so that drifts in load hit both alike
        pair = [
            (ours, lambda k=k: run_collaboration(k)),
            (boltzmann, lambda k=k: run_boltzmann(k)),
        ]
        for sink, fn in pair if k % 2 == 0 else pair[::-1]:
            sink.append(timed(fn))
    ratio = statistics.median(ours) / statistics.median(boltzmann)
    paired = statistics.median(a / b for a, b in zip(ours, boltzmann, strict=True))
    return {
        "repeats": repeats,
        "collaboration_model_ms": median_ms(ours),
        "boltzmann_ms": median_ms(boltzmann),
        "ratio": ratio,
        "ratio_paired_median": paired,
        "collaboration_model_ms_all": [1e3 * t for t in ours],
        "boltzmann_ms_all": [1e3 * t for t in boltzmann],
        "target": f"<= {TARGET_SINGLE_RATIO:g}x",
        "pass": ratio <= TARGET_SINGLE_RATIO,
    }


def bench_batch(rounds: int, singles_per_round: int) -> dict:
    """(b) 1,000 replications through models.simulate against single Mesa runs."""
    seeds = list(range(BATCH_SIZE))
    models.simulate(seeds[:50], MONTHS)  # warm-up
    run_collaboration(20_000)
    batch, single = [], []
    for r in range(rounds):
        batch.append(timed(lambda: models.simulate(seeds, MONTHS)))
        for k in range(singles_per_round):
            single.append(timed(lambda s=r * singles_per_round + k: run_collaboration(s)))
    batch_s = statistics.median(batch)
    single_s = statistics.median(single)
    mesa_total = BATCH_SIZE * single_s
    speedup = mesa_total / batch_s
    return {
        "replications": BATCH_SIZE,
        "months": MONTHS,
        "batch_runs": rounds,
        "single_runs": len(single),
        "simulate_s": batch_s,
        "simulate_s_all": batch,
        "single_run_ms": 1e3 * single_s,
        "mesa_one_at_a_time_s_extrapolated": mesa_total,
        "batch_runs_per_s": BATCH_SIZE / batch_s,
        "mesa_runs_per_s": 1.0 / single_s,
        "speedup": speedup,
        "note": (
            f"one-at-a-time throughput extrapolated from {len(single)} single "
            "CollaborationModel runs (median) timed between the batch runs"
        ),
        "target": f">= {TARGET_BATCH_SPEEDUP:g}x",
        "pass": speedup >= TARGET_BATCH_SPEEDUP,
    }


def bench_scaling(repeats: int) -> dict:
    """(c) Cost per step for 10, 40 and 160 departments (one run, batch path)."""
    pairs = {n: models.Batch([0], params={"n_departments": n}).structure.n_pairs for n in SCALING}
    for n in SCALING:  # warm-up
        models.simulate([1], MONTHS, n_departments=n)
    total = {n: [] for n in SCALING}
    setup = {n: [] for n in SCALING}
    for k in range(repeats):
        for n in SCALING if k % 2 == 0 else SCALING[::-1]:
            setup[n].append(timed(lambda n=n, k=k: models.simulate([k], 0, n_departments=n)))
            total[n].append(timed(lambda n=n, k=k: models.simulate([k], MONTHS, n_departments=n)))
    rows = []
    for n in SCALING:
        run_s = statistics.median(total[n])
        step_s = max(run_s - statistics.median(setup[n]), 0.0) / MONTHS
        rows.append(
            {
                "departments": n,
                "pairs": pairs[n],
                "run_s": run_s,
                "step_us": 1e6 * step_s,
                "step_us_per_pair": 1e6 * step_s / pairs[n],
            }
        )
    # cost per step may grow at most as fast as the number of pairs
    growth = [
        {
            "from": a["departments"],
            "to": b["departments"],
            "step_cost_growth": b["step_us"] / a["step_us"],
            "pair_growth": b["pairs"] / a["pairs"],
        }
        for a, b in itertools.pairwise(rows)
    ]
    grows_ok = all(g["step_cost_growth"] <= g["pair_growth"] for g in growth)
    big = rows[-1]["run_s"]
    # the same size through the Mesa model, DataCollector included, for reference
    mesa_160 = statistics.median(
        timed(lambda k=k: run_collaboration(k, n_departments=SCALING[-1])) for k in range(3)
    )
    return {
        "repeats": repeats,
        "rows": rows,
        "growth": growth,
        "pass_growth": grows_ok,
        "run_160_s": big,
        "collaboration_model_160_s": mesa_160,
        "target_160": f"< {TARGET_160_SECONDS:g} s",
        "pass_160": big < TARGET_160_SECONDS and mesa_160 < TARGET_160_SECONDS,
    }


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(res: dict) -> str:
    a, b, c = res["single_run"], res["batch"], res["scaling"]
    paired = a["ratio_paired_median"]
    lines = [
        f"dkbm-sim model benchmark  {res['when']}  load average before/after "
        f"{res['machine']['load_before']} / {res['machine']['load_after']}",
        "",
        f"{'measure':58s} {'value':>12s}  {'target':>10s}  result",
        "-" * 92,
        f"{'(a) CollaborationModel, 11 depts x 120 months, median':58s} "
        f"{a['collaboration_model_ms']:9.1f} ms",
        f"{'    Boltzmann example, 11 agents x 120 steps, median':58s} {a['boltzmann_ms']:9.1f} ms",
        f"{f'    ratio of medians (paired median {paired:.2f}x)':58s} "
        f"{a['ratio']:11.2f}x  {a['target']:>10s}  {verdict(a['pass'])}",
        f"{'(b) simulate, 1,000 reps x 120 months, median':58s} {b['simulate_s']:10.2f} s",
        f"{'    CollaborationModel one at a time, per run (median)':58s} "
        f"{b['single_run_ms']:9.1f} ms",
        f"{'    ... x 1,000, extrapolated':58s} {b['mesa_one_at_a_time_s_extrapolated']:10.1f} s",
        f"{'    throughput ratio (batch / one at a time)':58s} {b['speedup']:11.1f}x  "
        f"{b['target']:>10s}  {verdict(b['pass'])}",
        "(c) scaling, one run through simulate:",
        f"    {'depts':>5s} {'pairs':>6s} {'run (s)':>9s} {'step (us)':>10s} {'us/step/pair':>13s}",
    ]
    for row in c["rows"]:
        lines.append(
            f"    {row['departments']:5d} {row['pairs']:6d} {row['run_s']:9.3f} "
            f"{row['step_us']:10.0f} {row['step_us_per_pair']:13.2f}"
        )
    for g in c["growth"]:
        lines.append(
            f"    {g['from']:>3d} -> {g['to']:<3d} step cost x{g['step_cost_growth']:.2f}, "
            f"pairs x{g['pair_growth']:.2f}"
        )
    lines += [
        f"{'    step cost grows no faster than pairs':58s} {'':12s}  {'<= pairs':>10s}  "
        f"{verdict(c['pass_growth'])}",
        f"{'    160 depts x 120 months, simulate':58s} {c['run_160_s']:10.3f} s  "
        f"{c['target_160']:>10s}  {verdict(c['run_160_s'] < TARGET_160_SECONDS)}",
        f"{'    160 depts x 120 months, CollaborationModel (reference)':58s} "
        f"{c['collaboration_model_160_s']:10.3f} s  {c['target_160']:>10s}  "
        f"{verdict(c['collaboration_model_160_s'] < TARGET_160_SECONDS)}",
        "",
        "Timings are wall-clock medians (time.perf_counter, gc paused while timing); other",
        "processes on the machine add noise, so compare ratios measured in the same run.",
    ]
    return "\n".join(lines)


def write_json(data: dict, path: Path) -> None:
    """Write atomically: a temporary file in the same directory, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2)
            fh.write("\n")
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; results are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats: a smoke run")
    parser.add_argument(
        "--repeats", type=int, default=31, help="repeats of (a), at least 15 (default 31)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="JSON result file (default results/model.json, results/model-quick.json with --quick)",
    )
    args = parser.parse_args(argv)
    if not args.quick and args.repeats < 15:
        parser.error("--repeats must be at least 15 (medians of fewer runs are too noisy)")
    repeats = 3 if args.quick else args.repeats
    output = args.output or (QUICK_RESULTS if args.quick else RESULTS)
    load_before = os.getloadavg()
    res = {
        "benchmark": "bench_model",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "mesa": mesa.__version__,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }
    res["single_run"] = bench_single(repeats, warmup=1 if args.quick else 3)
    res["batch"] = bench_batch(
        rounds=1 if args.quick else 5, singles_per_round=3 if args.quick else 10
    )
    res["scaling"] = bench_scaling(repeats=2 if args.quick else 11)
    res["machine"]["load_before"] = [round(x, 2) for x in load_before]
    res["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(report(res))
    write_json(res, output)
    print(f"\nwrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
