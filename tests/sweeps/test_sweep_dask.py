"""Dask distributed: a LocalCluster and a real scheduler with worker processes.

The results must equal the local ones bit for bit; losing a worker mid-sweep must
still give every run exactly once.
"""

from __future__ import annotations

import signal
import threading

import pandas as pd
import pytest
from sweep_helpers import BIN, SMALL_SPEC, free_port, results, spawn, stop, wait_for

from simulation.executors import dask_executor
from simulation.sweeps import plan_sweep, run_sweep

LONGER_SPEC = (
    SMALL_SPEC.replace("samples = 12", "samples = 60")
    .replace("months = 18", "months = 36")
    .replace("batch_size = 5", "batch_size = 4")
)


def test_local_cluster_equals_serial(write_spec, tmp_path):
    spec = write_spec()
    run_sweep(plan_sweep(spec), tmp_path / "serial", progress=False)
    lines = []
    with dask_executor(workers=2, log=lines.append) as executor:
        report = run_sweep(
            plan_sweep(spec),
            tmp_path / "dask",
            executor=executor,
            progress=False,
            executor_label="dask:local",
        )
    assert report.done == 24 and report.failed == 0
    pd.testing.assert_frame_equal(results(tmp_path / "dask"), results(tmp_path / "serial"))
    assert lines == []  # no dashboard unless asked for


@pytest.fixture
def cluster():
    """A `dask scheduler` and two `dask worker` processes on 127.0.0.1 (no nanny)."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = {}
    try:
        procs["scheduler"] = spawn(
            [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"]
        )
        for name in ("w1", "w2"):
            procs[name] = spawn(
                [
                    BIN / "dask",
                    "worker",
                    address,
                    "--name",
                    name,
                    "--nworkers",
                    1,
                    "--nthreads",
                    1,
                    "--no-nanny",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ]
            )
        from dask.distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=90)
        yield address, procs
    finally:
        for proc in reversed(list(procs.values())):
            stop(proc)


def test_scheduler_and_workers_equal_local_and_survive_a_killed_worker(
    cluster, write_spec, tmp_path, dkbm
):
    address, procs = cluster
    spec = write_spec()
    run_sweep(plan_sweep(spec), tmp_path / "serial", progress=False)
    code, stdout, _ = dkbm(
        "sweep", spec, "--out", tmp_path / "remote", "--scheduler", address, "--quiet"
    )
    assert code == 0, stdout
    pd.testing.assert_frame_equal(results(tmp_path / "remote"), results(tmp_path / "serial"))

    longer = write_spec(LONGER_SPEC, name="longer.toml")
    out = tmp_path / "killed"
    outcome = {}

    def sweep():
        try:
            with dask_executor(address) as executor:
                outcome["report"] = run_sweep(
                    plan_sweep(longer), out, executor=executor, progress=False
                )
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=sweep)
    thread.start()
    try:
        wait_for(lambda: list((out / "results").glob("part-*.parquet")), 60, "a first batch")
        procs["w1"].send_signal(signal.SIGKILL)
        procs["w1"].wait(10)
        parts_at_kill = len(list((out / "results").glob("part-*.parquet")))
    finally:
        thread.join(120)
    assert not thread.is_alive(), "the sweep did not finish after a worker was killed"
    assert "error" not in outcome, outcome.get("error")
    report = outcome["report"]
    assert parts_at_kill < 30, "the worker was killed after the sweep had finished"
    frame = results(out)
    assert report.done == report.total == 120 and report.failed == 0
    assert frame["run_id"].tolist() == list(range(120))  # every run, once
    assert frame["error"].isna().all()
    run_sweep(plan_sweep(longer), tmp_path / "local", progress=False)
    pd.testing.assert_frame_equal(frame, results(tmp_path / "local"))


def test_unreachable_scheduler_is_an_input_error(write_spec, tmp_path, dkbm):
    import dask

    address = f"tcp://127.0.0.1:{free_port()}"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code, _, stderr = dkbm(
            "sweep", write_spec(), "--out", tmp_path / "o", "--scheduler", address, "-q"
        )
    assert code == 2
    assert stderr.startswith("error: --scheduler: cannot reach a Dask scheduler at " + address)
    assert stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()
