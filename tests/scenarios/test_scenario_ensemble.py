"""Ensembles: seeds, splitting across processes, Mesa equivalence, statistics."""

import math

import numpy as np
import pytest
from scipy import stats

import models
from simulation import ensemble as E
from simulation.i18n import TEXT, t
from simulation.scenarios import load_scenario, parse_scenario

SCENARIO = parse_scenario(
    """
[run]
months = 36
[parameters]
funding_months = 24
[[interventions]]
lever = "committees_structures"
duration = 24
[[interventions]]
lever = "qualification"
start = 3
targets = ["jugendamt"]
[[shocks]]
kind = "election"
month = 20
severity = 0.7
""",
    "ensemble.toml",
)


def test_more_replications_extend_the_same_runs():
    small = E.run_ensemble(SCENARIO, replications=3, progress=False)
    large = E.run_ensemble(SCENARIO, replications=5, progress=False)
    assert large.seeds[:3] == small.seeds
    for key in small.series:
        np.testing.assert_array_equal(large.series[key][:3], small.series[key], err_msg=key)
    np.testing.assert_array_equal(large.diagnosis[:3], small.diagnosis)


def test_split_across_processes_equals_one_batch():
    one = E.run_ensemble(SCENARIO, replications=6, months=12, workers=1, progress=False)
    split = E.run_ensemble(SCENARIO, replications=6, months=12, workers=2, progress=False)
    assert split.workers == 2
    for key in one.series:
        np.testing.assert_array_equal(split.series[key], one.series[key], err_msg=key)
    np.testing.assert_array_equal(split.diagnosis, one.diagnosis)


def test_rows_and_final_diagnosis_equal_lone_mesa_runs():
    ens = E.run_ensemble(SCENARIO, replications=2, progress=False)
    for k, seed in enumerate(ens.seeds):
        model = models.CollaborationModel(rng=seed, **SCENARIO.model_kwargs())
        for _ in range(ens.months):
            model.step()
        np.testing.assert_array_equal(
            ens.series["cooperation_rate"][k], model.series("cooperation_rate")
        )
        codes = [models.DIAGNOSES[c][0] for c in ens.diagnosis[k]]
        assert codes == [d.diagnosis for d in model.departments]


def test_seed_changes_the_runs():
    a = E.run_ensemble(SCENARIO, replications=2, seed=1, progress=False)
    b = E.run_ensemble(SCENARIO, replications=2, seed=2, progress=False)
    assert a.seeds != b.seeds


def test_auto_workers_keeps_small_ensembles_in_process():
    assert E.auto_workers(30, 120) == 1
    assert E.auto_workers(1, 10**6) == 1


def test_mean_ci_is_the_t_interval_over_finite_values():
    mean, lo, hi, n = E.mean_ci([1.0, 2.0, np.nan, 3.0, 6.0])
    x = np.array([1.0, 2.0, 3.0, 6.0])
    half = stats.t.ppf(0.975, 3) * x.std(ddof=1) / 2
    assert (mean, n) == (3.0, 4)
    assert lo == pytest.approx(3.0 - half) and hi == pytest.approx(3.0 + half)
    assert E.mean_ci([np.nan])[3] == 0 and math.isnan(E.mean_ci([])[0])
    single = E.mean_ci([0.4])
    assert single[0] == 0.4 and math.isnan(single[1])


def _fake(series_overrides, seeds=(1, 2, 3), months=4):
    r = len(seeds)
    series = {name: np.zeros((r, months + 1)) for name in models.METRIC_NAMES}
    series.update({name: np.full(r, np.nan) for name in models.RUN_METRICS})
    series.update(series_overrides)
    return E.Ensemble(
        scenario=load_scenario("baseline"),
        seed=1,
        seeds=list(seeds),
        months=months,
        series=series,
        diagnosis=np.zeros((r, 11), dtype=np.int8),
        departments=models.default_departments(11),
    )


def test_summary_has_the_documented_form_and_undefined_is_null():
    doc = E.summary(_fake({"takeoff_month": np.array([np.nan, 5.0, np.nan])}))
    assert set(doc) == {"scenario", "seed", "replications", "months", "metrics"}
    for key in (
        "cooperation_rate_final",
        "sustained_cooperation_index",
        "mean_trust_final",
        "institutionalisation_final",
        "takeoff_month",
    ):
        assert set(doc["metrics"][key]) == {"mean", "ci95"}
    assert doc["metrics"]["sustained_cooperation_index"] == {"mean": None, "ci95": [None, None]}
    assert doc["metrics"]["takeoff_month"] == {"mean": 5.0, "ci95": [None, None]}
    assert doc["metrics"]["takeoff_share"]["mean"] == pytest.approx(1 / 3)


def test_paired_differences_of_an_ensemble_with_itself_are_zero():
    ens = E.run_ensemble(SCENARIO, replications=4, progress=False)
    diff = E.paired_differences(ens, ens)
    for key, stat in diff.items():
        if stat["mean"] is not None:
            assert stat["mean"] == 0.0, key
    with pytest.raises(ValueError, match="same seeds"):
        E.paired_differences(ens, E.run_ensemble(SCENARIO, replications=4, seed=9, progress=False))


def test_diagnosis_table_counts_codes_per_department():
    ens = _fake({})
    ens.diagnosis[:, 0] = [2, 2, 1]
    rows = E.diagnosis_table(ens, "en")
    assert rows[0]["diagnosis"] == "resistance" and rows[0]["share"] == pytest.approx(2 / 3)
    assert rows[0]["label"] == models.diagnosis_label(2, "en")
    assert rows[1]["diagnosis"] == "ready" and rows[1]["share"] == 1.0
    assert sum(rows[0]["shares"].values()) == pytest.approx(1.0)


def test_every_text_exists_in_both_languages():
    for key, entry in TEXT.items():
        de, en = entry  # one shape for every translation table: key -> (German, English)
        assert de.strip() and en.strip(), key
    for key in E.KEY_METRICS:  # every key figure is explained in both languages
        assert t(f"explain:{key}", "de") != t(f"explain:{key}", "en"), key
    assert t("month") == "Monat" and t("month", "en") == "month"
    assert t("at_month", "en", month=7) == "month 7"
    for key in E.KEY_METRICS:
        assert E.metric_label(key, "de", 120) != E.metric_label(key, "en", 120)
