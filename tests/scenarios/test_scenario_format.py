"""The scenario file format: parsing, validation, defaults, writing back."""

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import models
from simulation.errors import LocatedInputError
from simulation.scenarios import (
    DEFAULT_MONTHS,
    DEFAULT_REPLICATIONS,
    DEFAULT_SEED,
    Scenario,
    check_parameters,
    load_scenario,
    parse_scenario,
    read_scenario_file,
)

FULL = """
[scenario]
name = "full"
title_de = "Alles"
title_en = "Everything"
description_de = "Zeile 1\\nZeile \\"2\\""
description_en = "Line 1"
municipality = "kreisfreie_stadt"

[run]
months = 48
replications = 7
seed = 99

[parameters]
motivation_init = 0.45
funding_months = 24
core_posts = 1

[[departments]]
key = "jugendamt"
need = 0.9

[[departments]]
key = "schulverwaltung"

[[departments]]
key = "hochschule"
name_de = "Hochschule"
external = true
power = 0.2

[[interventions]]
lever = "committees_structures"
start = 2
duration = 20
intensity = 0.75
targets = ["jugendamt", "hochschule"]

[[interventions]]
lever = "data_foundation"

[[shocks]]
kind = "crisis"
month = 10
severity = 0.3
duration = 4

[[shocks]]
kind = "election"
month = 30
"""


def test_full_file_is_read_with_all_its_fields():
    s = parse_scenario(FULL, "full.toml")
    assert (s.name, s.municipality, s.months, s.replications, s.seed) == (
        "full",
        "kreisfreie_stadt",
        48,
        7,
        99,
    )
    assert s.description_de == 'Zeile 1\nZeile "2"'
    assert s.parameters == {"motivation_init": 0.45, "funding_months": 24, "core_posts": 1.0}
    assert isinstance(s.parameters["funding_months"], int)
    assert [d.key for d in s.departments] == ["jugendamt", "schulverwaltung", "hochschule"]
    jugendamt = s.departments[0]
    default = models.DEFAULT_DEPARTMENTS[0]
    # a default department's key keeps its default values for the fields left out
    assert jugendamt.need == 0.9
    assert (jugendamt.power, jugendamt.name_de) == (default.power, default.name_de)
    assert s.departments[2].name_en == "Hochschule"
    assert s.departments[2].external is True
    assert s.interventions[0] == models.Intervention(
        "committees_structures", 2, 20, 0.75, ("jugendamt", "hochschule")
    )
    assert s.interventions[1] == models.Intervention("data_foundation", 0, 12, 1.0, ())
    assert s.shocks[1].duration == models.SHOCK_KINDS["election"]["duration"]
    assert s.resolved_parameters()["n_departments"] == 3


def test_empty_file_is_the_default_scenario_named_after_the_file(tmp_path):
    path = tmp_path / "my-case.toml"
    path.write_text("", "utf-8")
    s = read_scenario_file(path)
    assert s.name == "my-case"
    assert (s.months, s.replications, s.seed) == (
        DEFAULT_MONTHS,
        DEFAULT_REPLICATIONS,
        DEFAULT_SEED,
    )
    assert s.model_kwargs() == {"interventions": (), "shocks": (), "departments": None}
    assert s.resolved_parameters() == models.validate_params({})
    odd = tmp_path / "Mein Fall (2).toml"
    odd.write_text("", "utf-8")
    assert read_scenario_file(odd).name == "mein-fall-2"


def test_every_department_field_can_be_written_in_a_file():
    from dataclasses import fields

    from simulation.scenarios import DEPARTMENT_KEYS

    assert set(DEPARTMENT_KEYS) == {f.name for f in fields(models.DepartmentSpec)}


def test_round_trip_of_a_full_file():
    s = parse_scenario(FULL, "full.toml")
    text = s.to_toml()
    again = parse_scenario(text, "again.toml")
    assert again == s
    assert again.to_toml() == text


def test_sha256_is_that_of_the_file_until_changed(tmp_path):
    path = tmp_path / "full.toml"
    path.write_bytes(FULL.encode("utf-8"))
    s = read_scenario_file(path)
    assert s.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert s.source_sha256 == s.sha256
    changed = s.with_parameters(turnover_rate=0.2).with_run(months=40)
    assert changed.text is None
    assert changed.sha256 == hashlib.sha256(changed.to_toml().encode()).hexdigest()
    assert changed.sha256 != s.sha256
    assert changed.source_sha256 == s.sha256


def test_with_parameters_validates_and_keeps_the_rest():
    s = parse_scenario(FULL, "full.toml")
    t = s.with_parameters(turnover_rate=0.25, motivation_init=0.5)
    assert t.parameters["turnover_rate"] == 0.25
    assert t.parameters["motivation_init"] == 0.5
    assert (t.interventions, t.shocks, t.departments) == (s.interventions, s.shocks, s.departments)
    with pytest.raises(LocatedInputError, match=r"parameters\.turnover_rate: must be a number in"):
        s.with_parameters(turnover_rate=1.5)
    with pytest.raises(LocatedInputError, match="did you mean 'turnover_rate'"):
        s.with_parameters(turnover_rat=0.1)


def test_with_run_checks_the_horizon():
    s = parse_scenario(FULL, "full.toml")
    assert s.with_run(months=31, replications=3, seed=5).months == 31
    with pytest.raises(
        LocatedInputError, match=r"shocks\[1\]\.month: must be an integer in \[0, 29\]"
    ):
        s.with_run(months=30)


def test_model_kwargs_build_the_mesa_model_with_the_scenarios_departments():
    s = parse_scenario(FULL, "full.toml")
    model = models.CollaborationModel(rng=3, **s.model_kwargs())
    assert [d.key for d in model.departments] == ["jugendamt", "schulverwaltung", "hochschule"]
    assert model.params["motivation_init"] == 0.45
    assert model.interventions == s.interventions


def test_check_parameters_returns_registry_order_and_rejects_bad_values():
    out = check_parameters({"turnover_rate": 0.2, "necessity_init": 0.1}, "--set", prefix="")
    assert list(out) == ["necessity_init", "turnover_rate"]
    with pytest.raises(LocatedInputError) as info:
        check_parameters({"project_duration": 2.5}, "--set", prefix="")
    assert str(info.value).startswith("--set: project_duration: must be an integer in [1, 36]")


def test_load_scenario_tells_names_from_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_scenario("baseline").name == "baseline"
    (tmp_path / "x.toml").write_text('[scenario]\nname = "x"\n', "utf-8")
    assert load_scenario("x.toml").name == "x"
    with pytest.raises(LocatedInputError, match="did you mean 'baseline'"):
        load_scenario("baselin")
    with pytest.raises(LocatedInputError, match="file not found"):
        load_scenario("missing.toml")


# --- property: whatever valid scenario is built, it survives a round trip --------------------
_names = st.from_regex(r"[a-z][a-z0-9_-]{0,15}", fullmatch=True)
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def scenarios(draw):
    months = draw(st.integers(1, 240))
    params = {}
    for name in draw(st.lists(st.sampled_from(sorted(models.PARAMETERS)), max_size=5, unique=True)):
        par = models.PARAMETERS[name]
        if par.structural:
            continue
        if par.integer:
            params[name] = draw(st.integers(int(par.low), int(par.high)))
        else:
            params[name] = draw(st.floats(par.low, par.high, allow_nan=False))
    keys = [s.key for s in models.DEFAULT_DEPARTMENTS]
    interventions = [
        models.Intervention(
            draw(st.sampled_from(models.LEVER_IDS)),
            draw(st.integers(0, months - 1)),
            draw(st.integers(1, 300)),
            draw(st.floats(0, 1)),
            tuple(draw(st.lists(st.sampled_from(keys), max_size=3, unique=True))),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    shocks = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(sorted(models.SHOCK_KINDS)))
        # one-month kinds (election, turnover wave) take no other duration
        longest = 1 if models.SHOCK_KINDS[kind]["duration"] == 1 else 60
        duration = draw(st.one_of(st.none(), st.integers(1, longest)))
        month = draw(st.integers(0, months - 1))
        shocks.append(models.Shock(kind, month, draw(st.floats(0, 1)), duration))
    return Scenario(
        name=draw(_names),
        title_de=draw(_text),
        title_en=draw(_text),
        description_de=draw(_text),
        municipality=draw(st.sampled_from(["landkreis", "kreisfreie_stadt"])),
        months=months,
        replications=draw(st.integers(1, 1000)),
        seed=draw(st.integers(0, 2**63 - 1)),
        params=tuple((k, params[k]) for k in models.PARAMETERS if k in params),
        interventions=tuple(interventions),
        shocks=tuple(shocks),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_any_valid_scenario_round_trips(s):
    again = parse_scenario(s.to_toml(), "generated.toml")
    assert again == s
