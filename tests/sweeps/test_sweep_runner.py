"""Running sweeps: numbers, storage layout, failures, resume, status, executors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from sweep_helpers import SMALL_SPEC, results

import models
from simulation.executors import SerialExecutor, local_executor
from simulation.seeds import replication_seeds
from simulation.sweeps import load_spec, output_names, plan_sweep, run_sweep, sweep_status
from simulation.sweeps import tasks as sweep_tasks


def test_each_run_equals_a_direct_simulate_call(write_spec, tmp_path):
    spec = write_spec(SMALL_SPEC.replace("batch_size = 5", "batch_size = 7"))
    report = run_sweep(plan_sweep(spec), tmp_path / "out", progress=False)
    assert (report.total, report.done, report.failed, report.missing) == (24, 24, 0, 0)
    frame = results(tmp_path / "out")
    assert frame["run_id"].tolist() == list(range(24))
    assert frame["error"].isna().all()
    design = pd.read_parquet(tmp_path / "out" / "design.parquet")
    cols = ["run_id", "design_row", "replication", "seed", *load_spec(spec).names]
    pd.testing.assert_frame_equal(frame[cols], design[cols])
    for row in frame.itertuples():
        assert row.seed == replication_seeds(11, 2, design_row=row.design_row)[row.replication]
        direct = models.simulate(
            [row.seed],
            18,
            trust_init=0.45,
            motivation_init=row.motivation_init,
            turnover_rate=row.turnover_rate,
            project_duration=row.project_duration,
        )
        for m in models.METRIC_NAMES:
            assert getattr(row, f"{m}_final") == direct[m][0, -1]
        assert row.cooperation_rate_mean == direct["cooperation_rate"][0, 1:].mean()
        for m in models.RUN_METRICS:
            assert np.array_equal(getattr(row, m), direct[m][0], equal_nan=True)
    assert set(output_names()) <= set(frame.columns)
    assert frame["project_duration"].dtype == np.int64


def test_layout_manifest_and_reproduction_from_it(write_spec, tmp_path, dkbm):
    spec = write_spec(SMALL_SPEC.replace("batch_size = 5", "batch_size = 5\ntimeseries_every = 6"))
    out = tmp_path / "out"
    code, stdout, _ = dkbm("sweep", spec, "--out", out, "--workers", 1, "--quiet")
    assert code == 0 and "24 of 24 runs done (0 failed)" in stdout
    names = sorted(p.name for p in (out / "results").iterdir())
    assert names == [f"part-{k:06d}.parquet" for k in range(5)]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert manifest["design"]["runs"] == 24 and manifest["design"]["points"] == 12
    assert {"python", "numpy", "SALib", "dask", "dkbm-sim", "git"} <= set(manifest["versions"])
    assert manifest["sessions"][0]["executor"] == "serial"
    assert manifest["sessions"][0]["seconds"] >= 0
    ts = pd.read_parquet(out / "timeseries").sort_values(["run_id", "month"])
    assert sorted(ts["month"].unique()) == [0, 6, 12, 18]
    assert len(ts) == 24 * 4
    frame = results(out)
    last = ts[ts["month"] == 18].set_index("run_id")["cooperation_rate"]
    assert np.array_equal(last.sort_index().to_numpy(), frame["cooperation_rate_final"].to_numpy())
    # the canonical spec and scenario copy in DIR repeat the sweep exactly
    code, _, _ = dkbm("sweep", out / "spec.toml", "--out", tmp_path / "again", "-w", 1, "-q")
    assert code == 0
    pd.testing.assert_frame_equal(results(tmp_path / "again"), frame)


def test_process_pool_equals_serial_and_batches_do_not_matter(write_spec, tmp_path):
    spec = write_spec()
    run_sweep(plan_sweep(spec), tmp_path / "serial", progress=False)
    executor = local_executor(2)
    try:
        run_sweep(plan_sweep(spec), tmp_path / "pool", executor=executor, progress=False)
    finally:
        executor.shutdown()
    serial = results(tmp_path / "serial")
    pd.testing.assert_frame_equal(results(tmp_path / "pool"), serial)
    # another batch size regroups the runs but changes no number
    other = write_spec(SMALL_SPEC.replace("batch_size = 5", "batch_size = 24"), name="b.toml")
    run_sweep(plan_sweep(other), tmp_path / "one", progress=False, window=1)
    pd.testing.assert_frame_equal(results(tmp_path / "one"), serial)


def test_failed_runs_are_recorded_and_the_sweep_goes_on(write_spec, tmp_path, monkeypatch, dkbm):
    real = models.simulate

    def flaky(seeds, months, *args, **params):
        # fail every run whose turnover rate is above 0.2 (as a model bug would)
        if np.any(np.asarray(params["turnover_rate"]) > 0.2):
            raise FloatingPointError("overflow in\n  the kernel")
        return real(seeds, months, *args, **params)

    monkeypatch.setattr(sweep_tasks.models, "simulate", flaky)
    report = run_sweep(plan_sweep(write_spec()), tmp_path / "out", progress=False)
    frame = results(tmp_path / "out")
    bad = frame["turnover_rate"] > 0.2
    assert 0 < bad.sum() < len(frame)
    assert report.failed == bad.sum() and report.done == 24
    assert (frame.loc[bad, "error"] == "FloatingPointError: overflow in the kernel").all()
    assert frame.loc[bad, "cooperation_rate_final"].isna().all()
    assert frame.loc[~bad, "error"].isna().all()
    # the good runs of a batch with a failure equal a clean sweep's
    monkeypatch.setattr(sweep_tasks.models, "simulate", real)
    run_sweep(plan_sweep(write_spec()), tmp_path / "clean", progress=False)
    clean = results(tmp_path / "clean")
    pd.testing.assert_frame_equal(frame[~bad], clean[~bad])
    code, stdout, _ = dkbm("sweep", "status", tmp_path / "out", "--lang", "en")
    assert code == 0
    assert f"{24 - bad.sum()} ok, {bad.sum()} failed), 0 missing" in stdout
    assert "FloatingPointError: overflow in the kernel" in stdout


def test_a_task_that_raises_marks_its_runs_failed(write_spec, tmp_path):
    class Exploding(SerialExecutor):
        def submit(self, fn, /, *args, **kwargs):
            if args[1].index == 2:  # batch 2 is lost, e.g. a worker killed too often
                return super().submit(_raise)
            return super().submit(fn, *args, **kwargs)

    report = run_sweep(
        plan_sweep(write_spec()), tmp_path / "out", executor=Exploding(), progress=False
    )
    frame = results(tmp_path / "out")
    assert report.failed == 5 and len(frame) == 24
    assert frame.loc[frame["error"].notna(), "run_id"].tolist() == [10, 11, 12, 13, 14]
    assert frame["error"].dropna().str.startswith("RuntimeError: lost").all()


def _raise():
    raise RuntimeError("lost")


def test_resume_runs_exactly_the_missing_runs(write_spec, tmp_path, dkbm):
    spec = write_spec()
    out = tmp_path / "out"
    run_sweep(plan_sweep(spec), out, progress=False)
    full = results(out)
    # lose two batches and leave a half-written temporary file behind
    (out / "results" / "part-000001.parquet").unlink()
    (out / "results" / "part-000003.parquet").unlink()
    (out / "results" / ".part-000003.parquet.dead.tmp").write_bytes(b"PAR1 half")
    status = sweep_status(out)
    assert (status["done"], status["missing"], status["status"]) == (14, 10, "incomplete")
    code, stdout, _ = dkbm("sweep", spec, "--out", out, "--resume", "-w", 1, "-q", "--json")
    assert code == 0
    summary = json.loads(stdout)
    assert summary["ran"] == 10 and summary["missing"] == 0
    assert not list((out / "results").glob(".*"))
    pd.testing.assert_frame_equal(results(out), full)
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["resumed"] for s in manifest["sessions"]] == [False, True]
    # a complete sweep resumes to nothing
    code, stdout, _ = dkbm("sweep", spec, "--out", out, "--resume", "-w", 1, "-q", "--json")
    assert code == 0 and json.loads(stdout)["ran"] == 0


def test_resume_refuses_another_spec_and_out_must_be_new(write_spec, tmp_path, dkbm):
    spec = write_spec()
    out = tmp_path / "out"
    assert dkbm("sweep", spec, "--out", out, "-w", 1, "-q")[0] == 0
    code, _, stderr = dkbm("sweep", spec, "--out", out, "-w", 1, "-q")
    assert code == 2 and "already holds a sweep" in stderr and "--resume" in stderr
    other = write_spec(SMALL_SPEC.replace("seed = 11", "seed = 12"), name="other.toml")
    code, _, stderr = dkbm("sweep", other, "--out", out, "--resume", "-w", 1, "-q")
    assert code == 2 and "different spec" in stderr
    assert len(pq.read_table(out / "design.parquet")) == 24


def test_grid_and_structural_parameters(write_spec, tmp_path):
    text = (
        '[sweep]\ndesign = "grid"\nreplications = 2\nseed = 5\nmonths = 6\nbatch_size = 8\n'
        "[parameters]\nn_departments = { values = [4, 7] }\n"
        "turnover_rate = { values = [0.1, 0.3] }\n"
    )
    run_sweep(plan_sweep(write_spec(text)), tmp_path / "out", progress=False)
    frame = results(tmp_path / "out")
    assert len(frame) == 8 and frame["error"].isna().all()
    for row in frame.itertuples():
        direct = models.simulate(
            [row.seed], 6, n_departments=int(row.n_departments), turnover_rate=row.turnover_rate
        )
        assert row.mean_trust_final == direct["mean_trust"][0, -1]


def test_a_broken_executor_aborts_and_keeps_the_finished_batches(write_spec, tmp_path, dkbm):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from simulation.sweeps import SweepAborted

    class Breaking(SerialExecutor):
        def submit(self, fn, /, *args, **kwargs):
            if args[1].index == 3:  # a worker process died: the pool is unusable
                future = Future()
                future.set_exception(BrokenProcessPool("a worker died"))
                return future
            return super().submit(fn, *args, **kwargs)

    spec = write_spec()
    out = tmp_path / "out"
    with pytest.raises(SweepAborted, match="--resume"):
        run_sweep(plan_sweep(spec), out, executor=Breaking(), progress=False, window=1)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["sessions"][-1]["status"] == "aborted"
    assert sorted(p.name for p in (out / "results").iterdir()) == [
        f"part-{k:06d}.parquet" for k in range(3)
    ]
    assert dkbm("sweep", spec, "--out", out, "--resume", "-w", 1, "-q")[0] == 0
    assert sweep_status(out)["status"] == "complete"
