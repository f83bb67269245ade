"""Sensitivity analysis: known answers first (Ishigami, a linear function), then sweeps."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from sweep_helpers import results

from simulation.sweeps import parse_spec, plan_sweep, rescale, run_sweep, salib_problem
from simulation.sweeps.design import unit_sample
from simulation.sweeps.sensitivity import (
    analyze_sweep,
    morris_indices,
    noise_share,
    point_means,
    sobol_indices,
)

PI = math.pi


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a: float = 7.0, b: float = 0.1):
    """Analytical first-order and total indices (Ishigami & Homma 1990)."""
    v1 = 0.5 * (1 + b * PI**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = 8 * b**2 * PI**8 / 225
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_sobol_pipeline_recovers_the_ishigami_indices():
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-PI, PI]] * 3}
    unit = unit_sample("sobol", 3, 1024, seed=1)
    x = rescale(unit, [-PI] * 3, [PI] * 3, [False] * 3)
    y = ishigami(x)
    # two replications per point whose mean is the point's value, as a sweep stores them
    rows = np.repeat(np.arange(len(y)), 2)
    runs = np.repeat(y, 2) + np.tile([0.25, -0.25], len(y))
    means = point_means(rows, runs, len(y))
    assert np.allclose(means, y)
    frame = sobol_indices(problem, means, num_resamples=100, seed=0)
    s1, st = ishigami_indices()
    got = frame.loc[["x1", "x2", "x3"]]
    assert np.allclose(got["S1"], s1, atol=0.05), got
    assert np.allclose(got["ST"], st, atol=0.05), got
    assert (got["S1_conf"] > 0).all() and (got["S1_conf"] < 0.1).all()
    assert list(frame.index) == ["x1", "x2", "x3"]  # ranked by ST: 0.56, 0.44, 0.24


def test_morris_pipeline_recovers_a_linear_function():
    lows, highs = [0.0, 0.0, 0.0], [2.0, 10.0, 1.0]
    problem = {
        "num_vars": 3,
        "names": ["a", "b", "c"],
        "bounds": list(zip(lows, highs, strict=True)),
    }
    unit = unit_sample("morris", 3, 20, seed=2, levels=4)
    x = rescale(unit, lows, highs, [False] * 3)
    y = 3 * x[:, 0] - 1 * x[:, 1] + 0 * x[:, 2]
    frame = morris_indices(problem, unit, y, levels=4, seed=0)
    # an effect per full range: |3| * 2 and |-1| * 10; no spread for a linear function
    assert frame.loc["a", "mu_star"] == pytest.approx(6.0)
    assert frame.loc["b", "mu_star"] == pytest.approx(10.0)
    assert frame.loc["b", "mu"] == pytest.approx(-10.0)
    assert frame.loc["c", "mu_star"] == pytest.approx(0.0, abs=1e-12)
    assert np.allclose(frame["sigma"], 0, atol=1e-9)
    assert list(frame.index) == ["b", "a", "c"]


def test_point_means_and_noise_share():
    rows = np.array([0, 0, 1, 1, 2, 2])
    y = np.array([1.0, 3.0, np.nan, 5.0, np.nan, np.nan])
    assert np.array_equal(point_means(rows, y, 3), [2.0, 5.0, np.nan], equal_nan=True)
    # replications that differ only by noise: the noise explains everything
    rng = np.random.default_rng(0)
    rows = np.repeat(np.arange(200), 4)
    assert noise_share(rows, rng.normal(size=800), 200) > 0.8
    assert noise_share(rows, rows * 10 + rng.normal(size=800) * 0.01, 200) < 0.01


SOBOL_SWEEP = """
[sweep]
design = "sobol"
samples = 16
replications = 2
seed = 3
months = 24
[parameters]
motivation_init = { low = 0.1, high = 0.9 }
trust_init = { low = 0.1, high = 0.9 }
turnover_rate = { low = 0.0, high = 0.4 }
[sensitivity]
outputs = ["cooperation_rate_mean", "mean_trust_final"]
"""


def test_sweep_indices_equal_salib_on_the_stored_results(write_spec, tmp_path, dkbm):
    spec = write_spec(SOBOL_SWEEP)
    out = tmp_path / "out"
    run_sweep(plan_sweep(spec), out, progress=False)
    result = analyze_sweep(out, seed=4)
    # recompute from the Parquet rows with SALib directly: same order, same numbers
    from SALib.analyze import sobol

    frame = results(out)
    y = frame.groupby("design_row")["mean_trust_final"].mean().sort_index().to_numpy()
    assert len(y) == 16 * 5
    direct = sobol.analyze(
        salib_problem(parse_spec(SOBOL_SWEEP)),
        y,
        calc_second_order=False,
        num_resamples=100,
        conf_level=0.95,
        seed=4,
    )
    got = result.indices["mean_trust_final"].loc[["motivation_init", "trust_init", "turnover_rate"]]
    assert np.array_equal(got["S1"].to_numpy(), direct["S1"])
    assert np.array_equal(got["ST_conf"].to_numpy(), direct["ST_conf"])

    code, stdout, _ = dkbm("sensitivity", out, "--json", "--lang", "en")
    assert code == 0
    data = json.loads(stdout)
    assert data["method"] == "sobol" and data["runs"] == 160
    ranking = data["outputs"]["cooperation_rate_mean"]["ranking"]
    assert [r["rank"] for r in ranking] == [1, 2, 3]
    assert [r["ST"] for r in ranking] == sorted((r["ST"] for r in ranking), reverse=True)
    assert {"S1", "S1_conf", "ST", "ST_conf", "label_de", "label_en"} <= set(ranking[0])
    figure = data["figure"]
    assert figure.endswith("sobol_en.png")
    with open(figure, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    code, stdout, _ = dkbm("sensitivity", out, "--output", "cooperation_rate_final")
    # German by default: German words and the decimal comma in table and figure
    assert code == 0 and "Rang" in stdout and "cooperation_rate_final" in stdout
    assert "80 Designpunkte × 2 Wiederholungen = 160 Läufe" in stdout
    assert "rank" not in stdout and re.search(r"\s-?\d,\d{4}\s", stdout)
    code, stdout, _ = dkbm("sensitivity", out, "--lang", "en", "--output", "mean_trust_final")
    assert code == 0 and "  rank  parameter" in stdout and re.search(r"\s-?\d\.\d{4}\s", stdout)
    assert (out / "sensitivity" / "sobol_de.png").is_file()


def test_morris_sweep_and_refusals(write_spec, tmp_path, dkbm):
    text = SOBOL_SWEEP.replace('"sobol"', '"morris"').replace("samples = 16", "samples = 6")
    out = tmp_path / "out"
    run_sweep(plan_sweep(write_spec(text)), out, progress=False)
    code, stdout, _ = dkbm("sensitivity", out, "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["method"] == "morris" and data["points"] == 6 * 4
    ranking = data["outputs"]["mean_trust_final"]["ranking"]
    assert [r["mu_star"] for r in ranking] == sorted((r["mu_star"] for r in ranking), reverse=True)
    # a missing batch: refuse (SALib needs every point, in order)
    part = next((out / "results").glob("part-*.parquet"))
    part.unlink()
    code, _, stderr = dkbm("sensitivity", out)
    assert code == 2 and "runs are missing" in stderr and "--resume" in stderr
    # not a sobol or morris design
    lhs = SOBOL_SWEEP.replace('"sobol"', '"lhs"')
    run_sweep(plan_sweep(write_spec(lhs, name="lhs.toml")), tmp_path / "lhs", progress=False)
    code, _, stderr = dkbm("sensitivity", tmp_path / "lhs")
    assert code == 2 and "design sobol or morris" in stderr
    code, _, stderr = dkbm("sensitivity", tmp_path / "lhs", "--output", "trust_final")
    assert code == 2


def test_undefined_outputs_are_skipped_with_a_reason(write_spec, tmp_path, dkbm):
    # funding never ends within 24 months, so the sustained-cooperation index is undefined:
    # among the default outputs that is a warning at spec time, then a skip with a reason
    text = (
        SOBOL_SWEEP.replace("samples = 16", "samples = 4")
        .replace('outputs = ["cooperation_rate_mean", "mean_trust_final"]\n', "")
        .replace("[parameters]", "[parameters]\nfunding_months = 100")
    )
    out = tmp_path / "out"
    plan = plan_sweep(write_spec(text))
    assert (
        len(plan.warnings) == 1 and "sustained_cooperation_index needs months" in (plan.warnings[0])
    )
    run_sweep(plan, out, progress=False)
    result = analyze_sweep(out)
    assert "sustained_cooperation_index" in result.skipped
    assert "cooperation_rate_mean" in result.indices
    assert pd.isna(results(out)["sustained_cooperation_index"]).all()


def test_a_horizon_too_short_for_a_chosen_output_fails_at_spec_time(write_spec, dkbm, tmp_path):
    from simulation.errors import LocatedInputError

    chosen = SOBOL_SWEEP.replace('"mean_trust_final"', '"sustained_cooperation_index"')
    # the funding end varies up to month 48: months 24 cannot hold 48 + 25
    text = chosen.replace("[parameters]", "[parameters]\nfunding_months = { low = 12, high = 48 }")
    with pytest.raises(LocatedInputError, match=r"months >= funding_months \+ 25 = 73"):
        plan_sweep(write_spec(text))
    code, _, stderr = dkbm("sweep", write_spec(text, name="b.toml"), "--out", tmp_path / "x")
    assert code == 2 and len(stderr.strip().splitlines()) == 1
    assert "sensitivity.outputs: sustained_cooperation_index needs months" in stderr
    assert not (tmp_path / "x").exists()  # nothing ran
    long_enough = text.replace("months = 24", "months = 73")
    assert plan_sweep(write_spec(long_enough, name="c.toml")).warnings == ()
