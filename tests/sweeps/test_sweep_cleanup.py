"""SIGKILL of a sweep's coordinator: no process stays behind, status says so, resume works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pandas as pd
import psutil  # a dependency of dask.distributed
import pytest
from sweep_helpers import SMALL_SPEC, results, start_sweep, stop, wait_for, worker_threads

from simulation.executors import local_executor
from simulation.sweeps import plan_sweep, run_sweep, sweep_status

SPEC = (
    SMALL_SPEC.replace("samples = 12", "samples = 120")
    .replace("months = 18", "months = 36")
    .replace("batch_size = 5", "batch_size = 4")
)


def _gone(children: list[psutil.Process], timeout: float = 10) -> list[int]:
    _, alive = psutil.wait_procs(children, timeout=timeout)
    return [p.pid for p in alive]


def test_sigkill_of_the_coordinator_leaves_no_process_and_status_says_interrupted(
    write_spec, tmp_path, dkbm
):
    spec = write_spec(SPEC)
    out = tmp_path / "out"
    proc = start_sweep(spec, out, 2)
    try:
        running = sweep_status(out)
        code, stdout, _ = dkbm("sweep", "status", out, "--lang", "en")
        assert proc.poll() is None, "the sweep ended before it could be killed"
        children = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        stop(proc)
    assert running["running"] and running["last_session"] == "running"
    assert running["resume"] is None
    session = running["sessions"][-1]
    assert session["pid"] == proc.pid and session["host"]
    assert "(last session: running)" in stdout and "continue with" not in stdout
    # two workers and multiprocessing's resource tracker
    assert len(children) >= 3, [c.cmdline() for c in children]
    assert not _gone(children), "processes left behind after kill -9 of the coordinator"

    status = sweep_status(out)
    assert not status["running"] and status["last_session"] == "interrupted"
    assert status["sessions"][-1]["killed"]
    assert 0 < status["sessions"][-1]["runs"] == status["done"] < status["total"]
    code, stdout, _ = dkbm("sweep", "status", out)
    assert code == 0
    assert "unvollständig (letzte Sitzung: abgebrochen)" in stdout
    assert f"Prozess {proc.pid} auf" in stdout
    command = f"dkbm sweep {out / 'spec.toml'} --out {out} --resume"
    assert f"fortsetzen mit: {command}" in stdout
    code, stdout, _ = dkbm("sweep", "status", out, "--lang", "en")
    assert "incomplete (last session: interrupted)" in stdout
    assert f"continue with: {command}" in stdout

    # the command that status prints
    code, _, _ = dkbm(*command.split()[1:], "--workers", 1, "--quiet")
    assert code == 0
    run_sweep(plan_sweep(spec), tmp_path / "whole", progress=False)
    pd.testing.assert_frame_equal(results(out), results(tmp_path / "whole"))
    final = sweep_status(out)
    assert final["status"] == "complete" and final["resume"] is None
    killed, resumed = final["sessions"]
    assert (killed["status"], killed["killed"]) == ("interrupted", True)
    assert resumed["runs_before"] == killed["runs"] and resumed["status"] == "completed"


def test_a_second_coordinator_is_refused_while_one_runs(write_spec, tmp_path, dkbm):
    spec = write_spec(SPEC)
    out = tmp_path / "out"
    proc = start_sweep(spec, out, 1)
    try:
        code, _, stderr = dkbm("sweep", spec, "--out", out, "--resume", "--quiet")
        assert proc.poll() is None, "the sweep ended before the second one started"
    finally:
        stop(proc)
    assert code == 2
    assert f"a session of this sweep is running (process {proc.pid} on" in stderr


WATCHDOG_ONLY = """
import os, sys, time, multiprocessing
from concurrent.futures import ProcessPoolExecutor
from simulation.executors import init_worker

if __name__ == "__main__":
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"),
                               initializer=init_worker, initargs=(os.getpid(), False))
    for _ in range(2):
        pool.submit(time.sleep, 120)
    print("ready", flush=True)
    time.sleep(120)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="compares with prctl on Linux")
def test_the_watchdog_alone_ends_workers_of_a_killed_parent(tmp_path):
    """The portable fallback: without PR_SET_PDEATHSIG, the workers notice on their own."""
    script = tmp_path / "pool.py"
    script.write_text(textwrap.dedent(WATCHDOG_ONLY), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    proc = subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout.readline().strip() == "ready"
        parent = psutil.Process(proc.pid)

        def workers():
            found = [c for c in parent.children() if "spawn_main" in " ".join(c.cmdline())]
            return found if len(found) == 2 else None

        workers = wait_for(workers, 60, "two workers")
        proc.kill()
        proc.wait(10)
    finally:
        stop(proc)
    assert not _gone(workers, timeout=10), "workers outlived their parent"


def test_pool_workers_compute_with_one_thread():
    with local_executor(2) as pool:
        seen = pool.submit(worker_threads).result()
    assert seen == {
        "numba": 1,
        "kernel": 1,
        "NUMBA_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }
