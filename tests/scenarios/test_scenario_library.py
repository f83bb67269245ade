"""The built-in scenarios: complete, loadable, runnable and reproducible."""

import hashlib

import numpy as np
import pytest

import models
from simulation.ensemble import run_ensemble
from simulation.scenarios import SCENARIO_DIR, builtin_names, builtin_scenarios, parse_scenario

LIBRARY = builtin_scenarios()
REQUIRED = {
    "baseline",
    "data-first",
    "political-will-alone",
    "structures-first",
    "bildung-integriert",
    "funding-cliff",
    "funding-cliff-takeover",
    "turnover-wave",
    "election-low-legitimacy",
    "election-high-legitimacy",
    "crisis-2015",
    "kreisfreie-stadt",
    "laendlicher-landkreis",
    "kein-programm",
}


def test_library_holds_the_situations_of_the_issue():
    assert len(LIBRARY) >= 8
    assert REQUIRED <= set(LIBRARY)
    assert next(iter(LIBRARY)) == "baseline"
    assert set(builtin_names()) == {p.stem for p in SCENARIO_DIR.glob("*.toml")}


def test_baseline_is_the_status_quo_without_levers():
    base = LIBRARY["baseline"]
    assert base.interventions == () and base.shocks == ()
    assert base.parameters == {} and base.departments is None


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_scenario_is_described_in_both_languages_and_round_trips(name):
    s = LIBRARY[name]
    assert s.name == name
    for text in (s.title_de, s.title_en, s.description_de, s.description_en):
        assert text.strip()
    assert s.title_de != s.title_en or name == "baseline"
    assert s.sha256 == hashlib.sha256((SCENARIO_DIR / f"{name}.toml").read_bytes()).hexdigest()
    assert parse_scenario(s.to_toml(), "copy.toml") == s


def test_paired_scenarios_differ_only_where_their_descriptions_say():
    low, high = LIBRARY["election-low-legitimacy"], LIBRARY["election-high-legitimacy"]
    assert high.interventions[: len(low.interventions)] == low.interventions
    assert [iv.lever for iv in high.interventions[len(low.interventions) :]] == ["legitimation"]
    assert (low.shocks, low.parameters) == (high.shocks, high.parameters)
    cliff, takeover = LIBRARY["funding-cliff"], LIBRARY["funding-cliff-takeover"]
    extra = {iv.lever for iv in set(takeover.interventions) - set(cliff.interventions)}
    assert extra == {"legitimation", "resources"}
    assert LIBRARY["kreisfreie-stadt"].municipality == "kreisfreie_stadt"
    assert LIBRARY["bildung-integriert"].resolved_parameters()["funding_months"] == 36
    assert LIBRARY["bildung-integriert"].resolved_parameters()["funded_posts"] == 2.0


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_scenario_runs_briefly_and_reproduces_bit_for_bit(name):
    s = LIBRARY[name]
    a = run_ensemble(s, replications=3, months=30, progress=False)
    b = run_ensemble(s, replications=3, months=30, progress=False)
    assert a.seeds == b.seeds == s.replication_seeds(3)
    for key in a.series:
        np.testing.assert_array_equal(a.series[key], b.series[key], err_msg=key)
    np.testing.assert_array_equal(a.diagnosis, b.diagnosis)
    assert a.diagnosis.shape == (3, len(s.department_specs()))
    # the ensemble path is models.simulate, row for row
    direct = models.simulate(a.seeds, 30, **s.model_kwargs())
    for key in direct:
        np.testing.assert_array_equal(a.series[key], direct[key], err_msg=key)
