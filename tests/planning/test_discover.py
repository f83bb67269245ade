"""`dkbm discover` on a real sweep (a small `dkbm sweep` run in the test)."""

import json
import subprocess
import sys

import numpy as np
import pytest

from simulation.planning.discovery import discover
from simulation.sweeps.runner import read_results

SPEC = """
[sweep]
scenario = "baseline"
design = "lhs"
samples = 100
replications = 2
seed = 3
months = 72

[parameters]
motivation_init = { low = 0.1, high = 0.9 }
turnover_rate = { low = 0.0, high = 0.3 }
trust_init = { low = 0.1, high = 0.9 }
"""


def dkbm(*args):
    return subprocess.run(
        [sys.executable, "-m", "simulation.cli", *args], capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    root = tmp_path_factory.mktemp("disc")
    (root / "sweep.toml").write_text(SPEC, encoding="utf-8")
    out = root / "s"
    done = dkbm("sweep", str(root / "sweep.toml"), "--out", str(out), "--workers", "1", "-q")
    assert done.returncode == 0, done.stderr
    return out


def test_prim_box_describes_the_runs_of_interest(sweep):
    runs = read_results(sweep, with_errors=False)
    y = runs["cooperation_rate_mean"].to_numpy() < 0.03
    result = discover(sweep, "cooperation_rate_mean", 0.03, below=True)
    box = result.box
    x = runs[list(result.names)].to_numpy(float)
    inside = np.all((x >= box.limits[:, 0]) & (x <= box.limits[:, 1]), axis=1)
    # the statistics are those of the data, recomputed here
    assert box.coverage == pytest.approx(y[inside].sum() / y.sum())
    assert box.density == pytest.approx(y[inside].mean())
    assert box.density > y.mean() + 0.1  # denser than the sweep as a whole
    # low motivation at the start is where cooperation fails: its upper limit is cut
    rows = {r["parameter"]: r for r in result.restrictions()}
    assert "motivation_init" in rows
    assert rows["motivation_init"]["high"] < 0.8
    assert rows["motivation_init"]["quasi_p"] < 0.05


def test_cli_prim_and_cart_in_both_languages(sweep):
    de = dkbm("discover", str(sweep), "--output", "cooperation_rate_mean",
              "--threshold", "0,03", "--below")  # fmt: skip
    assert de.returncode == 0, de.stderr
    assert "Abdeckung" in de.stdout and "motivation_init" in de.stdout
    assert (sweep / "discovery" / "prim_cooperation_rate_mean_de.png").stat().st_size > 10_000
    en = dkbm("discover", str(sweep), "--output", "cooperation_rate_mean", "--threshold",
              "0.03", "--below", "--method", "cart", "--lang", "en", "--json")  # fmt: skip
    assert en.returncode == 0, en.stderr
    data = json.loads(en.stdout)
    assert data["method"] == "cart" and data["boxes"]
    assert all(b["density"] > 0.5 for b in data["boxes"])
    assert (sweep / "discovery" / "cart_cooperation_rate_mean_en.png").is_file()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--output", "cooperaton_rate_mean", "--threshold", "0.03"], "allowed: cooperation_rate_"),
        (["--output", "cooperation_rate_mean", "--threshold", "5"], "--threshold: must lie"),
        (["--output", "cooperation_rate_mean", "--threshold", "0", "--below"], "no run has"),
    ],
)
def test_bad_input_exits_2_with_one_line(sweep, args, needle):
    before = (
        sorted(p.name for p in (sweep / "discovery").glob("*"))
        if (sweep / "discovery").exists()
        else []
    )
    done = dkbm("discover", str(sweep), *args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0]
    after = (
        sorted(p.name for p in (sweep / "discovery").glob("*"))
        if (sweep / "discovery").exists()
        else []
    )
    assert after == before


def test_missing_sweep_dir(tmp_path):
    done = dkbm("discover", str(tmp_path / "nope"), "--output", "cooperation_rate_mean",
                "--threshold", "0.1")  # fmt: skip
    assert done.returncode == 2
    assert "no such sweep directory" in done.stderr
