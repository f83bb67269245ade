"""The dkbm commands end to end: run, compare, listings, outputs, figures, exit codes."""

import hashlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib.image
import numpy as np
import pandas as pd
import pytest

import models
from simulation import ensemble as E
from simulation.cli import main
from simulation.figures import comparison_figure, report_figure
from simulation.scenarios import SCENARIO_DIR, builtin_names, load_scenario
from simulation.seeds import replication_seeds

DKBM = Path(sys.executable).parent / "dkbm"
SHORT = ["--replications", "3", "--months", "30"]
ENV = {**os.environ, "MPLBACKEND": "Agg"}


def _run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _check_png(path):
    image = matplotlib.image.imread(path)
    assert image.ndim == 3 and image.shape[0] > 300 and image.shape[1] > 300
    ink = (image[..., :3] < 0.9).any(axis=2).mean()
    assert ink > 0.02, f"{path} is (nearly) blank"


def _check_svg(path):
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) > 100


def test_run_json_has_the_documented_form_and_is_reproducible(capsys):
    code, out, err = _run(capsys, ["run", "structures-first", *SHORT, "--json", "--seed", "7"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["scenario"] == "structures-first"
    assert (doc["seed"], doc["replications"], doc["months"]) == (7, 3, 30)
    for key in (
        "cooperation_rate_final",
        "sustained_cooperation_index",
        "mean_trust_final",
        "institutionalisation_final",
        "takeoff_month",
    ):
        stat = doc["metrics"][key]
        assert set(stat) == {"mean", "ci95"} and len(stat["ci95"]) == 2
    # horizon 30 < funding end + 25: the sustained cooperation index is undefined, not NaN
    assert doc["metrics"]["sustained_cooperation_index"]["mean"] is None
    again = _run(capsys, ["run", "structures-first", *SHORT, "--json", "--seed", "7"])[1]
    assert again == out


def test_run_prints_metrics_and_diagnosis_per_department(capsys):
    code, out, _ = _run(capsys, ["run", *SHORT, "--lang", "en"])
    assert code == 0
    assert "Cooperation rate (month 30)" in out
    assert "95% CI" in out
    for spec in models.DEFAULT_DEPARTMENTS:
        assert spec.name_en in out
    labels = {d[2] for d in models.DIAGNOSES}
    assert any(label in out for label in labels)
    assert out.rstrip().splitlines()[-1].startswith("Hint: --out")


def test_a_horizon_too_short_for_lasting_cooperation_says_how_long_it_must_be(capsys):
    code, out, err = _run(capsys, ["run", "baseline", *SHORT, "--lang", "en"])
    assert code == 0
    funding_end = int(models.DEFAULTS["funding_months"])  # baseline: no levers, default funding
    need = funding_end + models.metrics.LASTING_AFTER[1]
    assert f"--months {need} or more" in err and "lasting cooperation is undefined" in err
    # long enough: a value, and no note
    code, out, err = _run(
        capsys, ["run", "baseline", "--replications", "2", "--months", str(need), "--json"]
    )
    assert code == 0 and "undefined" not in err
    assert json.loads(out)["metrics"]["lasting_cooperation"]["mean"] is not None


def test_run_out_writes_everything_and_says_where_the_report_is(tmp_path, capsys):
    target = tmp_path / "runs" / "sf"
    code, out, err = _run(capsys, ["run", "structures-first", *SHORT, "--out", str(target)])
    assert code == 0, err
    assert out.rstrip().splitlines()[-1] == f"Bericht: {target / 'report.png'}"
    for name in (
        "timeseries.csv",
        "timeseries.parquet",
        "summary.json",
        "manifest.json",
        "report.png",
        "report.svg",
        "replications.csv",
        "timeseries_excel.csv",
        "replications_excel.csv",
        "diagnosis.json",
        "scenario.toml",
    ):
        assert (target / name).is_file(), name
    assert sorted(p.name for p in target.parent.iterdir()) == ["sf"]  # no temporary left

    frame = pd.read_csv(target / "timeseries.csv")
    assert list(frame.columns) == ["replication", "month", *models.METRIC_NAMES]
    assert len(frame) == 3 * 31
    assert frame.groupby("replication")["month"].apply(list).tolist() == [list(range(31))] * 3
    parquet = pd.read_parquet(target / "timeseries.parquet")
    pd.testing.assert_frame_equal(parquet, frame, check_exact=False, rtol=1e-15)

    summary = json.loads((target / "summary.json").read_text("utf-8"))
    json_out = _run(capsys, ["run", "structures-first", *SHORT, "--json"])[1]
    assert summary == json.loads(json_out)

    manifest = json.loads((target / "manifest.json").read_text("utf-8"))
    assert manifest["seeds"] == replication_seeds(1, 3)
    assert manifest["months"] == 30 and manifest["tool"] == "dkbm"
    (scenario,) = manifest["scenarios"]
    file_hash = hashlib.sha256((SCENARIO_DIR / "structures-first.toml").read_bytes()).hexdigest()
    assert scenario["sha256"] == file_hash
    assert scenario["run_sha256"] == load_scenario("structures-first").with_run(months=30).sha256
    assert (
        scenario["resolved_parameters"] == load_scenario("structures-first").resolved_parameters()
    )
    assert manifest["command"][:3] == ["dkbm", "run", "structures-first"]
    assert manifest["versions"]["numpy"] == np.__version__
    assert "git" in manifest and manifest["wall_time_s"] >= 0
    _check_png(target / "report.png")
    _check_svg(target / "report.svg")

    # a second run replaces an earlier result in place
    code, _, err = _run(capsys, ["run", "baseline", *SHORT, "--out", str(target)])
    assert code == 0, err
    assert json.loads((target / "summary.json").read_text("utf-8"))["scenario"] == "baseline"


def test_a_failing_run_leaves_nothing_behind(tmp_path, capsys, monkeypatch):
    import simulation.figures

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(simulation.figures, "report_figure", broken)
    target = tmp_path / "new" / "deeper" / "out"
    code, _, err = _run(capsys, ["run", *SHORT, "--out", str(target)])
    assert code == 1
    assert err.strip() == "error: internal error: RuntimeError: disk on fire"
    assert list(tmp_path.iterdir()) == []


def test_internal_errors_exit_1_with_traceback_only_in_debug(capsys, monkeypatch):
    def boom(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(E, "run_ensemble", boom)
    code, _, err = _run(capsys, ["run", *SHORT])
    assert (code, err) == (1, "error: internal error: ZeroDivisionError: division by zero\n")
    monkeypatch.setenv("DKBM_DEBUG", "1")
    code, _, err = _run(capsys, ["run", *SHORT])
    assert code == 1 and "Traceback" in err and err.rstrip().endswith("division by zero")


def test_model_input_errors_exit_2(capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise models.InputError("'seeds' must be integers >= 0; got -1", key="seed")

    monkeypatch.setattr(E, "run_ensemble", refuse)
    assert _run(capsys, ["run", *SHORT]) == (
        2,
        "",
        "error: 'seeds' must be integers >= 0; got -1\n",
    )


def test_compare_uses_common_random_numbers(tmp_path, capsys):
    copy = tmp_path / "copy.toml"
    copy.write_text(
        (SCENARIO_DIR / "structures-first.toml")
        .read_text("utf-8")
        .replace('name = "structures-first"', 'name = "copy"'),
        "utf-8",
    )
    code, out, err = _run(capsys, ["compare", "structures-first", str(copy), *SHORT, "--json"])
    assert code == 0, err
    doc = json.loads(out)
    assert (
        doc["scenarios"] == ["structures-first", "copy"] and doc["reference"] == "structures-first"
    )
    for key, stat in doc["differences"]["copy"].items():
        if stat["mean"] is not None:
            assert stat["mean"] == 0.0, key
    assert doc["metrics"]["copy"] == doc["metrics"]["structures-first"]


def test_compare_out_writes_figure_and_table(tmp_path, capsys):
    target = tmp_path / "cmp"
    argv = ["compare", "baseline", "structures-first", "data-first", *SHORT, "--out", str(target)]
    code, out, err = _run(capsys, [*argv, "--lang", "en"])
    assert code == 0, err
    assert "Difference" in out
    assert out.rstrip().splitlines()[-1] == f"Report: {target / 'comparison.png'}"
    table = pd.read_csv(target / "comparison.csv")
    from simulation.output import COMPARISON_COLUMNS

    assert list(table.columns) == list(COMPARISON_COLUMNS)  # the web app's layout too
    excel = pd.read_csv(target / "comparison_excel.csv", encoding="utf-8-sig")  # --lang en
    assert list(excel.columns[:2]) == ["scenario", "metric"]
    assert set(table["scenario"]) == {"baseline", "structures-first", "data-first"}
    assert table.loc[table["scenario"] == "baseline", "difference"].isna().all()
    _check_png(target / "comparison.png")
    _check_svg(target / "comparison.svg")
    manifest = json.loads((target / "manifest.json").read_text("utf-8"))
    assert [s["name"] for s in manifest["scenarios"]] == [
        "baseline",
        "structures-first",
        "data-first",
    ]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_listings(capsys, lang):
    code, out, _ = _run(capsys, ["scenarios", "--lang", lang])
    assert code == 0 and all(name in out for name in builtin_names())
    code, out, _ = _run(capsys, ["levers", "--lang", lang])
    assert code == 0 and all(lever.name(lang) in out for lever in models.LEVERS)
    code, out, _ = _run(capsys, ["params", "--lang", lang])
    assert code == 0 and all(p.label(lang) in out for p in models.PARAMETERS.values())
    code, out, _ = _run(capsys, ["scenarios", "funding-cliff-takeover", "--lang", lang])
    assert code == 0 and load_scenario("funding-cliff-takeover").title(lang) in out


def test_listings_as_json(capsys):
    scenarios = json.loads(_run(capsys, ["scenarios", "--json"])[1])
    assert scenarios[0]["scenario"]["name"] == "baseline"
    assert {s["scenario"]["name"] for s in scenarios} == set(builtin_names())
    levers = json.loads(_run(capsys, ["levers", "--json"])[1])
    assert [lever["id"] for lever in levers] == list(models.LEVER_IDS)
    params = json.loads(_run(capsys, ["params", "--json"])[1])
    assert {p["name"] for p in params} == set(models.PARAMETERS)
    one = json.loads(_run(capsys, ["scenarios", "baseline", "--json"])[1])
    assert one["sha256"] == load_scenario("baseline").sha256


@pytest.mark.parametrize("command", ["run", "compare", "scenarios", "levers", "params"])
def test_every_help_explains_defaults(capsys, command):
    code, out, _ = _run(capsys, [command, "--help"])
    assert code == 0 and "default" in out
    if command in ("run", "compare"):
        for word in ("months", "replications", "seed", "--out", "--set"):
            assert word in out


def test_report_figure_is_labelled_in_both_languages():
    scenario = load_scenario("crisis-2015")
    ens = E.run_ensemble(scenario, replications=3, months=40, progress=False)
    for lang, month in (("de", "Monat"), ("en", "month")):
        fig = report_figure(ens, lang)
        axes = fig.get_axes()
        assert len(axes) == 5
        assert all(ax.get_xlabel() == month for ax in axes)
        titles = {ax.get_title() for ax in axes}
        assert models.METRICS["cooperation_rate"].label(lang) in titles
        assert models.METRICS["institutionalisation"].label(lang) in titles
        legend = [text.get_text() for text in fig.legends[0].get_texts()]
        assert any("95" in text for text in legend)
        texts = [text.get_text() for ax in axes for text in ax.texts]
        assert models.get_lever("committees_structures").name(lang) in texts
        assert scenario.shocks[0].name(lang) in texts
    base = E.run_ensemble(load_scenario("baseline"), replications=3, months=40, progress=False)
    fig = comparison_figure([base, ens], {"crisis-2015": E.paired_differences(base, ens)}, "en")
    assert fig.get_axes()[0].get_xlabel() == "month"


# --- the real entry point, in subprocesses ----------------------------------------------------
def test_entry_point_help_and_bad_input():
    done = subprocess.run([DKBM, "--help"], capture_output=True, text=True, env=ENV, timeout=60)
    assert done.returncode == 0
    for command in ("run", "compare", "scenarios", "levers", "params"):
        assert command in done.stdout
    done = subprocess.run(
        [DKBM, "run", "--set", "motivation_init=7"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: --set: motivation_init: must be a number in [0, 1] (share 0..1); got 7"
    ]


def test_entry_point_runs_a_scenario():
    done = subprocess.run(
        [DKBM, "run", "bildung-integriert", "--replications", "2", "--months", "24", "--json"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["scenario"] == "bildung-integriert"


def test_help_imports_no_heavy_modules():
    code = (
        "import sys\n"
        "from simulation.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('numpy', 'pandas', 'matplotlib', 'mesa', 'scipy', 'models')"
        " if m in sys.modules)\n"
        "print('HEAVY:' + ','.join(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "HEAVY:"


def test_help_texts_print_percent_signs_once(capsys):
    import argparse

    from simulation.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert {"run", "compare", "sweep", "sensitivity"} <= set(sub.choices)
    for name in sub.choices:
        code, out, _ = _run(capsys, [name, "--help"])
        assert code == 0 and "%%" not in out, name
    code, out, _ = _run(capsys, ["run", "--help"])
    assert "95 %" in " ".join(out.split())
