"""dkbm calibrate: spec checks, the ABC maths, a real small run, resume bit for bit."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from process_helpers import default_sigint

from simulation.calibration import abc
from simulation.calibration.engine import run_calibration
from simulation.calibration.spec import parse_spec

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "calibrations" / "small.toml"
GOOD = SMALL.read_text(encoding="utf-8")


def _dkbm(*args, cwd=ROOT, **kw):
    return subprocess.run(
        [sys.executable, "-m", "simulation.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        **kw,
    )


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("seeds = 2", "seedz = 2", "calibrate.seedz"),
        ("data_decay = [0.0, 0.1]", "data_decay = [0.1, 0.1]", "priors.data_decay"),
        ("data_decay = [0.0, 0.1]", "data_decoy = [0.0, 0.1]", "priors.data_decoy"),
        ("spontaneous = {", "spontanous = {", "patterns.spontanous"),
        (
            "tolerance = 0.5 }\ntakeover",
            "tolerance = 0 }\ntakeover",
            "patterns.first_report.tolerance",
        ),
        ("tolerance = 0.25 }", "tolerance = -1.0 }", "patterns.spontaneous.tolerance"),
    ],
)
def test_bad_spec_exits_2_with_one_line_and_writes_nothing(tmp_path, old, new, key):
    assert old in GOOD
    spec = tmp_path / "bad.toml"
    spec.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    proc = _dkbm("calibrate", spec, "--out", out, "--workers", 1, "--quiet")
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert key in lines[0] and "bad.toml" in lines[0]
    assert not out.exists()


def test_spec_parses_and_holdout_is_not_fitted():
    spec = parse_spec(GOOD, "small.toml", base_dir=str(SMALL.parent))
    assert spec.fitted == ("first_report", "takeover")
    assert spec.holdout == ("spontaneous",)
    assert spec.priors["data_decay"] == (0.0, 0.1)


def test_smc_recovers_a_known_mean_on_a_toy_model():
    """Known answer: θ ~ U[-5, 5], y ~ N(θ, 1), observed y = 1: posterior mean ≈ 1."""
    rng = np.random.default_rng(3)
    low, high = np.array([-5.0]), np.array([5.0])
    previous = None
    for g in range(5):
        theta = abc.propose(g, 1, low, high, 4000, previous)
        y = theta[:, 0] + rng.standard_normal((len(theta), 20)).mean(axis=1) * 1.0
        keep = abc.accept(np.abs(y - 1.0), 400)
        w = abc.smc_weights(theta[keep], previous)
        previous = (theta[keep], w)
    mean = float(np.sum(previous[0][:, 0] * previous[1]))
    # posterior of the mean of 20 draws: N(1, 1/20) -> sd 0.22; margin 0.15
    assert abs(mean - 1.0) < 0.15
    assert abc.ess(previous[1]) > 100
    assert np.all((previous[0] >= low) & (previous[0] <= high))


def test_weights_are_uniform_in_generation_zero_and_positive_later():
    theta = abc.propose(0, 5, [0, 0], [1, 1], 50)
    w0 = abc.smc_weights(theta, None)
    assert np.allclose(w0, 1 / 50)
    theta1 = abc.propose(1, 5, [0, 0], [1, 1], 50, (theta, w0))
    w1 = abc.smc_weights(theta1, (theta, w0))
    assert np.all(w1 > 0) and np.isclose(w1.sum(), 1.0)


def test_small_calibration_writes_every_output(tmp_path):
    out = tmp_path / "cal"
    result = run_calibration(SMALL, out, progress=False)
    for name in (
        "posterior.parquet",
        "identifiability.csv",
        "marginals.png",
        "pairs.png",
        "profile.toml",
        "manifest.json",
        "spec.toml",
    ):
        assert (out / name).is_file(), name
    post = pd.read_parquet(out / "posterior.parquet")
    assert len(post) == 20 and np.isclose(post["weight"].sum(), 1.0)
    ident = pd.read_csv(out / "identifiability.csv")
    assert list(ident["parameter"]) == ["data_quality_init", "data_decay", "legitimacy_init"]
    assert "spontaneous" in result.holdout
    h = result.holdout["spontaneous"]
    assert 0 <= h["posterior_share_within"] <= 1 and 0 <= h["prior_share_within"] <= 1
    import models.parameters as P

    profile = P.load_profile(out / "profile.toml")
    assert set(profile["parameters"]) == set(ident.loc[ident["identified"], "parameter"])
    assert profile["calibration"]["spec"] == "small.toml"


def test_interrupted_run_resumes_to_the_same_posterior_bit_for_bit(tmp_path):
    # small.toml in chunks of 4 proposals: the interrupt after the first chunk lands with
    # dozens of chunks to go, however fast the machine (with 20 it could miss the run)
    spec = tmp_path / "chunked.toml"
    spec.write_text(GOOD.replace("batch_size = 20", "batch_size = 4"), encoding="utf-8")
    assert spec.read_text(encoding="utf-8") != GOOD
    straight = tmp_path / "straight"
    _ok = _dkbm("calibrate", spec, "--out", straight, "--workers", 1, "--quiet")
    assert _ok.returncode == 0, _ok.stderr
    cut = tmp_path / "cut"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simulation.cli",
            "calibrate",
            str(spec),
            "--out",
            str(cut),
            "--workers",
            "1",
            "--quiet",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_sigint,
    )
    g0 = cut / "generations" / "g00"
    deadline = time.time() + 120
    while time.time() < deadline and not (g0.exists() and list(g0.glob("part-*.parquet"))):
        time.sleep(0.05)  # interrupt once the first chunk is stored
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.fail("the run finished before it could be interrupted; make the spec larger")
    assert proc.returncode == 130, err
    assert "--resume" in err
    assert not (cut / "posterior.parquet").exists()
    again = _dkbm("calibrate", spec, "--out", cut, "--workers", 1, "--quiet", "--resume")
    assert again.returncode == 0, again.stderr
    a = pd.read_parquet(straight / "posterior.parquet")
    b = pd.read_parquet(cut / "posterior.parquet")
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_processes_give_the_same_posterior_as_serial(tmp_path):
    from simulation.executors import local_executor

    a = run_calibration(SMALL, tmp_path / "a", progress=False)
    with local_executor(2) as ex:
        b = run_calibration(SMALL, tmp_path / "b", executor=ex, progress=False)
    assert np.array_equal(a.theta, b.theta) and np.array_equal(a.weights, b.weights)


def test_resume_refuses_a_changed_spec(tmp_path):
    out = tmp_path / "cal"
    assert _dkbm("calibrate", SMALL, "--out", out, "--workers", 1, "--quiet").returncode == 0
    changed = tmp_path / "small.toml"
    changed.write_text(GOOD.replace("seed = 1", "seed = 2"), encoding="utf-8")
    proc = _dkbm("calibrate", changed, "--out", out, "--workers", 1, "--quiet", "--resume")
    assert proc.returncode == 2 and "spec differs" in proc.stderr


def test_dask_local_cluster_gives_the_same_posterior(tmp_path):
    a = _dkbm("calibrate", SMALL, "--out", tmp_path / "a", "--workers", 1, "--quiet")
    b = _dkbm(
        "calibrate", SMALL, "--out", tmp_path / "b", "--cluster", "local", "--workers", 2, "--quiet"
    )
    assert a.returncode == 0 and b.returncode == 0, b.stderr
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "a" / "posterior.parquet"),
        pd.read_parquet(tmp_path / "b" / "posterior.parquet"),
        check_exact=True,
    )


def test_first_report_discrepancy_is_graded_towards_the_window():
    from simulation.calibration.patterns import report_discrepancy

    nan = np.nan
    months = np.array(
        [
            [12.0, 12.0, 12.0, 12.0],  # far too early
            [20.0, 20.0, 20.0, 20.0],  # nearer the window
            [24.0, 30.0, 48.0, 36.0],  # inside
            [nan, nan, nan, nan],  # no report at all
            [60.0, 60.0, 60.0, 60.0],  # too late
        ]
    )
    d = report_discrepancy(months, 24, 48)
    assert d[2] == 0.0 and d[3] == 1.0
    assert d[1] < d[0] < d[3]
    assert 0 < d[4] < 1
    # one run without a report counts as fully outside
    assert report_discrepancy(np.array([[30.0, nan]]), 24, 48)[0] == 0.5


def test_takeover_and_spontaneous_discrepancies_are_graded():
    from simulation.calibration.patterns import spontaneous_discrepancy, takeover_discrepancy

    kept = np.array([[0.0, 0.0], [0.2, 0.2], [0.4, 0.6], [1.0, 0.5]])
    d = takeover_discrepancy(kept, 1.0)
    assert d[3] == 0.0 and d[0] == 1.0
    assert d[2] < d[1] < d[0]
    s = spontaneous_discrepancy(np.array([0.0, 0.2, 0.4, 0.7, 1.0]), 0.2)
    assert s[0] == s[1] == 0.0 and s[4] == 1.0
    assert s[2] < s[3] < s[4]
    assert np.isclose(s[2], 0.25)  # twice max_rate sits exactly at the spec's tolerance


def test_data_readiness_orders_runs_that_report_at_the_same_month():
    from simulation.calibration.patterns import report_discrepancy

    month = np.array([[15.0], [15.0], [30.0]])
    ready = np.array([[8.0], [14.0], [30.0]])
    d = report_discrepancy(month, 24, 48, ready)
    assert d[1] < d[0] and d[2] == 0.0
    assert report_discrepancy(month, 24, 48)[0] == report_discrepancy(month, 24, 48)[1]
