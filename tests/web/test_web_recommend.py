"""Empfehlung (Recommend) view in-process: budget input in German notation, messages for
bad input, the spec it builds, a tiny search through the view's job, selecting a bundle
and loading it into Planen."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from web_helpers import wait_for

from simulation.planning import optimise
from simulation.web import recommend as R
from simulation.web.texts import t

ROOT = Path(__file__).resolve().parents[2]
TINY = {"population": 3, "generations": 1, "samples": 2, "replications": 1}


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("200.000", "de", 200000),
        ("200.000 €", "de", 200000),
        ("1.234.567,5", "de", 1234567.5),
        ("8000", "de", 8000),
        ("0,5", "de", 0.5),
        ("200,000", "en", 200000),
        ("€1,500.25", "en", 1500.25),
        ("8000 h", "en", 8000),
    ],
)
def test_amounts_in_german_and_english_notation(text, lang, value):
    assert R.parse_amount(text, lang) == pytest.approx(value)


@pytest.mark.parametrize("text", ["abc", "-5", "20.000.000", ""])
def test_bad_amount_names_the_field_and_the_range(text):
    label = t("rec_budget_euros", "de")
    value, message = R.check_amount(text, label, "budget_euros", "de")
    assert value is None
    assert message.startswith(label) and "0 bis 10.000.000" in message
    value, message = R.check_amount("200.000", label, "budget_euros", "de")
    assert (value, message) == (200000, "")


def test_ranges_are_those_of_the_example_spec():
    data = tomllib.loads((ROOT / "scenarios/optimise/beispiel.toml").read_text("utf-8"))
    example = {k: (v["low"], v["high"]) for k, v in data["uncertainty"].items() if k != "samples"}
    assert example == R.RANGES


def test_web_defaults_make_a_valid_small_spec():
    spec = optimise.spec_from_dict(R.spec_data(R.DEFAULTS), source="<web>")
    assert (spec.population, spec.generations, spec.samples, spec.replications) == (12, 6, 4, 3)
    assert (spec.budget_euros, spec.budget_hours) == (200000, 8000)
    assert spec.objective == "lasting_cooperation"
    assert {f.name for f in spec.factors} == set(R.RANGES)
    county = optimise.spec_from_dict(
        R.spec_data({**R.DEFAULTS, "county": "Uckermark", "scenario": "funding-cliff"})
    )
    assert county.county == "Uckermark"
    funding = county.scenario.resolved_parameters()["funding_months"]
    assert county.months >= funding + 48  # the horizon lasting_cooperation needs


def test_tiny_search_select_a_bundle_and_load_it_into_the_planner(app):
    session = app.session
    session.view.value = "recommend"
    session.recommend_inputs.value = {**R.DEFAULTS, **TINY, "budget_euros": 150000.0}
    app.click("dkbm-run-recommend")
    wait_for(lambda: session.recommend_result.value is not None, timeout=60)
    wait_for(lambda: session.recommend_progress.value is None, timeout=60)
    wait_for(lambda: not app.rc._is_rendering, timeout=60)
    result = session.recommend_result.value
    assert (result.front["euros"] <= 150000).all()
    texts = " ".join(app.texts())
    assert t("rec_front_title", "de") in texts
    assert result.front["levers_de"][0] in texts
    last = len(result.front)
    app.click(f"dkbm-rec-pick-{last}")
    assert session.recommend_selected.value == last - 1
    app.click("dkbm-rec-apply")
    assert session.view.value == "planner"
    added = session.scenario.value.interventions
    assert added == result.bundles[last - 1]
    assert session.plan_message.value.key == "rec_applied"


def test_the_plan_open_in_planen_is_a_base_and_keeps_its_own_levers(app):
    session = app.session
    own = {"lever": "trust_building", "start": 2, "duration": 12, "intensity": 0.5}
    session.change(lambda d: d["interventions"].append(own))
    session.change(lambda d: d["parameters"].update(turnover_rate=0.15))
    plan = session.scenario.value
    session.view.value = "recommend"
    session.recommend_inputs.value = {**R.DEFAULTS, **TINY, "scenario": R.PLAN}
    assert any(t("rec_base_plan", "de") in s for s in app.texts())
    app.click("dkbm-run-recommend")
    wait_for(lambda: session.recommend_result.value is not None, timeout=60)
    wait_for(lambda: session.recommend_progress.value is None, timeout=60)
    result = session.recommend_result.value
    assert result.spec.scenario.interventions == plan.interventions
    assert result.spec.scenario.resolved_parameters()["turnover_rate"] == 0.15
    k = len(result.front) - 1
    app.click(f"dkbm-rec-pick-{k + 1}")
    app.click("dkbm-rec-apply")
    # the plan's own lever first, then the bundle; its costs are not charged to the budget
    assert session.scenario.value.interventions == plan.interventions + result.bundles[k]
    assert (result.front["euros"] <= R.DEFAULTS["budget_euros"]).all()


def test_cancel_keeps_nothing(app):
    session = app.session
    session.view.value = "recommend"
    session.recommend_inputs.value = {**R.DEFAULTS, "population": 10, "generations": 25}
    app.click("dkbm-run-recommend")
    wait_for(lambda: (session.recommend_progress.value or 0) > 0, timeout=60)
    session.recommend_job.cancel()
    wait_for(lambda: session.recommend_progress.value is None, timeout=60)
    assert session.recommend_result.value is None
    assert session.recommend_message.value.key == "job_cancelled"


def test_bad_field_blocks_the_run_with_a_message(app):
    session = app.session
    session.view.value = "recommend"
    field = app.one("dkbm-rec-budget-euros")
    field.v_model = "viel"
    field.fire_event("keyup.enter", None)
    assert t("rec_budget_euros", "de") in str(app.one("dkbm-rec-budget-euros").messages)
    app.click("dkbm-run-recommend")
    message = session.recommend_message.value
    assert message.key == "rec_err_fields"
    assert t("rec_budget_euros", "de") in message.detail
    assert session.recommend_progress.value is None


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_view_shows_only_texts_of_its_language(app_factory, lang):
    from simulation.web.state import Session
    from simulation.web.texts import TEXTS

    session = Session(lang)
    session.view.value = "recommend"
    spec = optimise.spec_from_dict(R.spec_data({**R.DEFAULTS, **TINY, "robustness": "regret"}))
    session.recommend_result.value = optimise.run(spec, workers=1)
    app = app_factory(session)
    texts = {" ".join(s.split()) for s in app.texts()}
    other = 0 if lang == "en" else 1
    foreign = {" ".join(pair[other].split()) for pair in TEXTS.values() if pair[0] != pair[1]}
    assert t("rec_front_title", lang) in " ".join(texts)
    assert t("rec_regret_note", lang) in " ".join(texts)
    assert not sorted(texts & foreign)
