"""`--county` on `dkbm run`: real CLI process, real files."""

import json
import subprocess
import sys


def _run(tmp_path, *args):
    cmd = [
        sys.executable,
        "-m",
        "simulation.cli",
        "run",
        "bildung-integriert",
        "--json",
        "--replications",
        "3",
        "--months",
        "24",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=300)


def test_county_changes_run_and_unknown_exits_2(tmp_path):
    a = _run(tmp_path, "--county", "Uckermark")
    b = _run(tmp_path, "--county", "potsdam")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    assert json.loads(a.stdout)["metrics"] != json.loads(b.stdout)["metrics"]
    bad = _run(tmp_path, "--county", "Ukermark", "--out", str(tmp_path / "c"))
    assert bad.returncode == 2
    assert "Uckermark" in bad.stderr and "dkbm counties" in bad.stderr
    assert not (tmp_path / "c").exists()


def test_counties_listing_json_and_table():
    out = subprocess.run(
        [sys.executable, "-m", "simulation.cli", "counties", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    doc = json.loads(out.stdout)
    assert len(doc) == 18
    assert set(doc[0]) == {
        "key",
        "name",
        "kind",
        "population",
        "indicators",
        "programmes",
        "first_structure_year",
        "first_report_year",
        "source",
    }
    table = subprocess.run(
        [sys.executable, "-m", "simulation.cli", "counties"],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "184.290" in table and "dl-de/by-2-0" in table
