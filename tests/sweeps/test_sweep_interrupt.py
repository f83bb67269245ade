"""Ctrl-C (SIGINT) on a running `dkbm sweep`, then --resume: same data as one go."""

from __future__ import annotations

import signal

import pandas as pd
import psutil  # a dependency of dask.distributed
import pytest
from sweep_helpers import SMALL_SPEC, results, start_sweep, stop

from simulation.sweeps import plan_sweep, run_sweep

SPEC = (
    SMALL_SPEC.replace("samples = 12", "samples = 60")
    .replace("months = 18", "months = 36")
    .replace("batch_size = 5", "batch_size = 4")
)


@pytest.mark.parametrize("workers", [1, 2])
def test_sigint_then_resume_equals_an_uninterrupted_sweep(workers, write_spec, tmp_path, dkbm):
    spec = write_spec(SPEC)
    out = tmp_path / "out"
    proc = start_sweep(spec, out, workers)
    try:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(60)
        stderr = proc.stderr.read()
    finally:
        stop(proc)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted:" in stderr and "--resume" in stderr
    parts = list((out / "results").glob("part-*.parquet"))
    assert 0 < len(parts) < 30, "the sweep was not interrupted midway"
    code, stdout, _ = dkbm("sweep", "status", out, "--lang", "en")
    assert "incomplete (last session: interrupted)" in stdout

    code, _, _ = dkbm("sweep", spec, "--out", out, "--resume", "--workers", 1, "--quiet")
    assert code == 0
    resumed = results(out)
    run_sweep(plan_sweep(spec), tmp_path / "whole", progress=False)
    pd.testing.assert_frame_equal(resumed, results(tmp_path / "whole"))
    assert not list((out / "results").glob(".*"))


def test_sigterm_saves_exits_143_leaves_no_process_and_resumes(write_spec, tmp_path, dkbm):
    spec = write_spec(SPEC)
    out = tmp_path / "out"
    proc = start_sweep(spec, out, 2)
    try:
        children = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(signal.SIGTERM)
        # orphaned workers would hold stderr open: this then times out instead of hanging
        _, stderr = proc.communicate(timeout=60)
        code = proc.returncode
    finally:
        stop(proc)
    assert code == 143, stderr
    assert "Traceback" not in stderr
    assert "interrupted:" in stderr and "--resume" in stderr
    assert children, "the sweep ran no worker processes"
    _, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, f"processes left behind: {[p.pid for p in alive]}"
    code, stdout, _ = dkbm("sweep", "status", out, "--lang", "en")
    assert "incomplete (last session: interrupted)" in stdout

    code, _, _ = dkbm("sweep", spec, "--out", out, "--resume", "--workers", 1, "--quiet")
    assert code == 0
    run_sweep(plan_sweep(spec), tmp_path / "whole", progress=False)
    pd.testing.assert_frame_equal(results(out), results(tmp_path / "whole"))
