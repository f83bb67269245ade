"""docs/cli.md documents every key a scenario file may hold, and repeating a run works."""

import json
from pathlib import Path

import models
from simulation.cli import main
from simulation.scenarios import (
    DEPARTMENT_KEYS,
    INTERVENTION_KEYS,
    RUN_KEYS,
    SCENARIO_KEYS,
    SECTIONS,
    SHOCK_KEYS,
    builtin_names,
)

GUIDE = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")


def test_guide_names_every_section_key_and_value():
    for section in SECTIONS:
        assert f"[{section}]" in GUIDE, section
    keys = (*SCENARIO_KEYS, *RUN_KEYS, *DEPARTMENT_KEYS, *INTERVENTION_KEYS, *SHOCK_KEYS)
    names = (*keys, *models.PARAMETERS, *models.LEVER_IDS, *models.SHOCK_KINDS, *builtin_names())
    for name in names:
        assert f"`{name}`" in GUIDE, name
    for key in ("cooperation_rate_final", "sustained_cooperation_index", "takeoff_month"):
        assert f"`{key}`" in GUIDE


def test_scenario_toml_of_an_output_repeats_the_run(tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["run", "turnover-wave", "--months", "30", "--replications", "2", "--seed", "5"]
    assert main([*argv, "--out", str(out), "--json", "--set", "turnover_rate=0.3"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["run", str(out / "scenario.toml"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == first
