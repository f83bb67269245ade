"""`[sweep] county`: the sweep runs its scenario in a county's situation."""

import subprocess
import sys

import pytest

from simulation.errors import LocatedInputError
from simulation.sweeps.plan import plan_sweep
from simulation.sweeps.spec import parse_spec

SPEC = """
[sweep]
scenario = "bildung-integriert"
design = "grid"
months = 24
{county}

[parameters]
trust_init = {{ values = [0.2, 0.5] }}
"""


def test_county_is_canonical_and_changes_the_departments():
    plain = plan_sweep(parse_spec(SPEC.format(county=""), source="s.toml"))
    spec = parse_spec(SPEC.format(county='county = "uckermark"'), source="s.toml")
    assert spec.county == "Uckermark"
    assert spec.to_dict()["sweep"]["county"] == "Uckermark"
    assert spec.digest() != parse_spec(SPEC.format(county=""), source="s.toml").digest()
    plan = plan_sweep(spec)
    assert plan.scenario.departments is not None
    assert plan.scenario.department_specs() != plain.scenario.department_specs()
    assert "Uckermark" in plan.scenario.title("de")


@pytest.mark.parametrize("value", ['"Ukermark"', "3"])
def test_unknown_county_is_one_line_naming_the_key(value):
    with pytest.raises(LocatedInputError) as err:
        parse_spec(SPEC.format(county=f"county = {value}"), source="s.toml")
    assert "sweep.county" in str(err.value) and "\n" not in str(err.value)


def test_unknown_county_exits_2_with_closest_names(tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text(SPEC.format(county='county = "Ukermark"'), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "simulation.cli", "sweep", str(spec), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Uckermark" in lines[0] and "sweep.county" in lines[0]
    assert not out.exists()
