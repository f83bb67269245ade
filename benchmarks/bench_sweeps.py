"""Benchmark of research sweeps (issue 5). Prints the figures, writes
``benchmarks/results/sweeps.json`` and asserts nothing.

Measures, in one run on this machine (runs of ``MONTHS`` = 60 months unless stated):

1. Throughput (runs/s) of ``dkbm sweep``'s engine against ``mesa.batch_run`` on the same
   model (``models.CollaborationModel``), the same grid design and seeds, with 2 processes
   each. Target: >= 20x. Reported cold (process start-up included, as a command-line
   user sees it) and warm (pool already running, as in a notebook session; best of 3).
2. 2,000 runs on 2 local worker processes against the same sweep in one process.
   Target: speed-up >= 1.6x (warm pool, best of 3 each, timed alternately; cold also
   reported, with the CPU seconds of coordinator and workers).
3. Peak memory (maximum RSS) of the coordinating process for 20,000 runs against 2,000
   runs, each in a fresh subprocess with 2 workers (24 months, to keep the time down; the
   coordinator's memory does not depend on the months). Target: <= 1.2x.
4. A Dask ``LocalCluster`` (2 worker processes, 1 thread each) against the local process
   pool on the same 2,000-run sweep. Target: <= 1.3x the time (warm, best of 3, timed
   alternately; cold also reported).

Usage: ``.venv/bin/python benchmarks/bench_sweeps.py [--quick]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "sweeps.json"
MONTHS = 60
MASTER = 42
REPEATS = 3  # warm timings: best of 3

GRID = {"motivation_init": [0.2, 0.4, 0.6, 0.8], "turnover_rate": [0.05, 0.15, 0.25, 0.35]}

MEMORY_SCRIPT = """
import resource, sys
from simulation.executors import local_executor
from simulation.sweeps import plan_sweep, run_sweep
plan = plan_sweep(sys.argv[1])
executor = local_executor(2)
report = run_sweep(plan, sys.argv[2], executor=executor, progress=False)
executor.shutdown()
print(report.done, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def lhs_spec(runs: int, months: int = MONTHS, replications: int = 5) -> str:
    return f"""
[sweep]
scenario = "baseline"
design = "lhs"
samples = {runs // replications}
replications = {replications}
seed = {MASTER}
months = {months}
[parameters]
motivation_init = {{ low = 0.1, high = 0.9 }}
turnover_rate = {{ low = 0.0, high = 0.4 }}
trust_init = {{ low = 0.1, high = 0.9 }}
"""


def grid_spec(replications: int) -> str:
    lines = [
        "[sweep]",
        'scenario = "baseline"',
        'design = "grid"',
        f"replications = {replications}",
        f"seed = {MASTER}",
        f"months = {MONTHS}",
        "[parameters]",
    ]
    lines += [f"{name} = {{ values = {values} }}" for name, values in GRID.items()]
    return "\n".join(lines) + "\n"


class Workspace:
    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="bench_sweeps_"))
        self.count = 0

    def spec(self, text: str) -> Path:
        self.count += 1
        path = self.root / f"spec{self.count}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def out(self) -> Path:
        self.count += 1
        return self.root / f"out{self.count}"

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


def timed_sweep(ws: Workspace, spec: Path, executor) -> tuple[float, int]:
    from simulation.sweeps import plan_sweep, run_sweep

    plan = plan_sweep(spec)
    start = time.perf_counter()
    report = run_sweep(plan, ws.out(), executor=executor, progress=False)
    return time.perf_counter() - start, report.done


def best_of(repeats: int, fn) -> float:
    """Shortest of ``repeats`` timings: the machine is shared, so take the least disturbed."""
    return min(fn() for _ in range(repeats))


def warm_up(ws: Workspace, executor) -> None:
    """Start every worker and import the model there (a tiny sweep)."""
    from simulation.sweeps import plan_sweep, run_sweep

    spec = ws.spec(lhs_spec(8, months=2, replications=1).replace("seed = 42", "seed = 1"))
    text = spec.read_text().replace("[sweep]", "[sweep]\nbatch_size = 1")
    spec.write_text(text)
    run_sweep(plan_sweep(spec), ws.out(), executor=executor, progress=False)


def bench_batch_run(ws: Workspace, replications: int) -> dict:
    import mesa

    import models
    from simulation.executors import local_executor
    from simulation.seeds import replication_seeds

    runs = replications * len(GRID["motivation_init"]) * len(GRID["turnover_rate"])
    seeds = replication_seeds(MASTER, replications)
    start = time.perf_counter()
    rows = mesa.batch_run(
        models.CollaborationModel,
        parameters=GRID,
        number_processes=2,
        rng=seeds,
        max_steps=MONTHS,
        data_collection_period=-1,
        display_progress=False,
    )
    mesa_seconds = time.perf_counter() - start
    # one row per agent and run: a sanity check of the benchmark itself, not a target
    assert len({row["RunId"] for row in rows}) == runs

    spec = ws.spec(grid_spec(replications))
    start = time.perf_counter()
    executor = local_executor(2)
    ours_cold, done = timed_sweep(ws, spec, executor)
    executor.shutdown()
    ours_cold = time.perf_counter() - start
    executor = local_executor(2)
    warm_up(ws, executor)
    ours_warm = best_of(REPEATS, lambda: timed_sweep(ws, spec, executor)[0])
    executor.shutdown()
    result = {
        "design": f"grid {len(GRID['motivation_init'])} x {len(GRID['turnover_rate'])} x "
        f"{replications} replications = {runs} runs, {MONTHS} months, 2 processes",
        "batch_run_seconds": mesa_seconds,
        "batch_run_runs_per_s": runs / mesa_seconds,
        "sweep_cold_seconds": ours_cold,
        "sweep_warm_seconds": ours_warm,
        "sweep_cold_runs_per_s": done / ours_cold,
        "sweep_warm_runs_per_s": done / ours_warm,
        "ratio_cold": mesa_seconds / ours_cold,
        "ratio_warm": mesa_seconds / ours_warm,
        "target": ">= 20x",
    }
    print(
        f"1. throughput vs mesa.batch_run ({result['design']}):\n"
        f"   batch_run {runs / mesa_seconds:8.1f} runs/s ({mesa_seconds:.1f} s)\n"
        f"   sweep     {done / ours_cold:8.1f} runs/s cold ({ours_cold:.2f} s), "
        f"{done / ours_warm:.1f} runs/s warm ({ours_warm:.2f} s)\n"
        f"   ratio     {result['ratio_cold']:.1f}x cold, {result['ratio_warm']:.1f}x warm "
        f"(target >= 20x)"
    )
    return result


def bench_speedup(ws: Workspace, runs: int) -> dict:
    from simulation.executors import SerialExecutor, local_executor

    spec = ws.spec(lhs_spec(runs))
    start = time.perf_counter()
    executor = local_executor(2)
    timed_sweep(ws, spec, executor)
    executor.shutdown()
    cold = time.perf_counter() - start
    executor = local_executor(2)
    warm_up(ws, executor)
    # timed alternately so that a change in the machine's load hits both
    pairs = [
        (timed_sweep(ws, spec, SerialExecutor())[0], timed_sweep(ws, spec, executor)[0])
        for _ in range(REPEATS)
    ]
    serial = min(s for s, _ in pairs)
    warm = min(w for _, w in pairs)
    # CPU seconds of one more run of each: shows whether wall time was lost to other load
    serial_cpu = cpu_seconds(lambda: timed_sweep(ws, spec, SerialExecutor()))[0]
    pool_cpu = cpu_seconds(lambda: timed_sweep(ws, spec, executor))
    executor.shutdown()
    result = {
        "runs": runs,
        "months": MONTHS,
        "serial_seconds": serial,
        "pool2_warm_seconds": warm,
        "pool2_cold_seconds": cold,
        "speedup_warm": serial / warm,
        "speedup_cold": serial / cold,
        "serial_cpu_seconds": serial_cpu,
        "pool2_cpu_seconds_coordinator_and_workers": pool_cpu,
        "speedup_bound_from_cpu": serial_cpu / max(pool_cpu[0] + max(pool_cpu[1:]), 1e-9),
        "target": ">= 1.6x",
    }
    print(
        f"2. {runs} runs, 2 local workers vs serial: serial {serial:.2f} s, pool {warm:.2f} s "
        f"warm / {cold:.2f} s cold -> speed-up {serial / warm:.2f}x warm, "
        f"{serial / cold:.2f}x cold (target >= 1.6x)\n"
        f"   CPU s: serial {serial_cpu:.2f}; pool coordinator {pool_cpu[0]:.2f}, workers "
        f"{', '.join(f'{c:.2f}' for c in pool_cpu[1:])} -> speed-up with 2 free cores "
        f"<= {result['speedup_bound_from_cpu']:.2f}x"
    )
    return result


def cpu_seconds(fn) -> list[float]:
    """CPU seconds used while ``fn`` runs: this process first, then each child process."""
    import psutil

    me = psutil.Process()

    def snapshot():
        times = {p.pid: sum(p.cpu_times()[:2]) for p in me.children()}
        return sum(me.cpu_times()[:2]), times

    own0, kids0 = snapshot()
    fn()
    own1, kids1 = snapshot()
    return [own1 - own0, *(kids1[pid] - kids0.get(pid, 0.0) for pid in sorted(kids1))]


def bench_memory(ws: Workspace, small: int, large: int) -> dict:
    rss = {}
    seconds = {}
    for runs in (small, large):
        spec = ws.spec(lhs_spec(runs, months=24))
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", MEMORY_SCRIPT, str(spec), str(ws.out())],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.split()
        seconds[runs] = time.perf_counter() - start
        assert int(out[0]) == runs
        rss[runs] = int(out[1]) / 1024  # ru_maxrss is in KiB on Linux
    ratio = rss[large] / rss[small]
    print(
        f"3. peak RSS of the coordinator (24 months, 2 workers): {small} runs "
        f"{rss[small]:.0f} MiB, {large} runs {rss[large]:.0f} MiB -> {ratio:.2f}x "
        f"(target <= 1.2x)"
    )
    return {
        "months": 24,
        "runs": [small, large],
        "peak_rss_mib": [rss[small], rss[large]],
        "seconds": [seconds[small], seconds[large]],
        "ratio": ratio,
        "target": "<= 1.2x",
    }


def bench_dask(ws: Workspace, runs: int) -> dict:
    from simulation.executors import dask_executor, local_executor

    spec = ws.spec(lhs_spec(runs))
    start = time.perf_counter()
    executor = local_executor(2)
    timed_sweep(ws, spec, executor)
    executor.shutdown()
    pool_cold = time.perf_counter() - start
    start = time.perf_counter()
    with dask_executor(workers=2) as executor:
        timed_sweep(ws, spec, executor)
    dask_cold = time.perf_counter() - start
    # warm: both running, timed alternately so that a change in the machine's load hits both
    pool = local_executor(2)
    warm_up(ws, pool)
    with dask_executor(workers=2) as dask:
        warm_up(ws, dask)
        pairs = [
            (timed_sweep(ws, spec, pool)[0], timed_sweep(ws, spec, dask)[0]) for _ in range(REPEATS)
        ]
    pool.shutdown()
    pool_warm = min(p for p, _ in pairs)
    dask_warm = min(d for _, d in pairs)
    result = {
        "runs": runs,
        "months": MONTHS,
        "pool_warm_seconds": pool_warm,
        "dask_warm_seconds": dask_warm,
        "pool_cold_seconds": pool_cold,
        "dask_cold_seconds": dask_cold,
        "ratio_warm": dask_warm / pool_warm,
        "ratio_cold": dask_cold / pool_cold,
        "target": "<= 1.3x",
    }
    print(
        f"4. Dask LocalCluster vs process pool, {runs} runs: pool {pool_warm:.2f} s, Dask "
        f"{dask_warm:.2f} s warm -> {dask_warm / pool_warm:.2f}x; cold {pool_cold:.2f} s vs "
        f"{dask_cold:.2f} s -> {dask_cold / pool_cold:.2f}x (target <= 1.3x)"
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    args = parser.parse_args()
    os.environ.setdefault("MPLBACKEND", "Agg")
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    ws = Workspace()
    load = os.getloadavg()
    try:
        started = time.perf_counter()
        figures = {
            "throughput_vs_batch_run": bench_batch_run(ws, 2 if args.quick else 20),
            "speedup_2_workers": bench_speedup(ws, 400 if args.quick else 2000),
            "memory": bench_memory(ws, 200 if args.quick else 2000, 2000 if args.quick else 20000),
            "dask_vs_pool": bench_dask(ws, 400 if args.quick else 2000),
        }
    finally:
        ws.close()
    from simulation.sweeps.manifest import versions

    data = {
        "quick": args.quick,
        "months": MONTHS,
        "machine": {
            "cores": os.cpu_count(),
            "load_average_at_start": load,
            "load_average_at_end": os.getloadavg(),
            "platform": platform.platform(),
        },
        "versions": versions(),
        "seconds": time.perf_counter() - started,
        **figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(RESULTS)
    print(f"written {RESULTS.relative_to(ROOT)} ({data['seconds']:.0f} s; load {load[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
