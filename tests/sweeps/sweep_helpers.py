"""Helpers of the sweep tests (a module with a unique name, importable from test files)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
from process_helpers import default_sigint, free_port, stop, wait_for  # noqa: F401  (shared, re-exported)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

SMALL_SPEC = """
[sweep]
scenario = "baseline"
design = "lhs"
samples = 12
replications = 2
seed = 11
months = 18
batch_size = 5
[parameters]
motivation_init = { low = 0.1, high = 0.9 }
turnover_rate = { low = 0.0, high = 0.3 }
project_duration = { low = 2, high = 12 }
trust_init = 0.45
"""


def results(path) -> pd.DataFrame:
    """Results of a sweep sorted by run id (the order the executor finished is irrelevant)."""
    from simulation.sweeps import read_results

    return read_results(path)


def spawn(args, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [str(a) for a in args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=kwargs.pop("cwd", ROOT),
        preexec_fn=default_sigint,
        **kwargs,
    )


def worker_threads() -> dict:
    """Thread settings as a pool worker sees them (runs in the worker)."""
    import numba

    from models.batch import kernel_threads

    names = ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
    return {
        "numba": numba.get_num_threads(),
        "kernel": kernel_threads(),
        **{n: os.environ.get(n) for n in names},
    }


def start_sweep(spec, out, workers: int) -> subprocess.Popen:
    """Start ``dkbm sweep`` in a process and return once its first batch is on disk."""
    proc = spawn([BIN / "dkbm", "sweep", spec, "--out", out, "--workers", workers, "--quiet"])
    try:
        wait_for(
            lambda: list((Path(out) / "results").glob("part-*.parquet")) or proc.poll() is not None,
            120,
            "a first batch",
        )
    except BaseException:
        stop(proc)
        raise
    return proc
