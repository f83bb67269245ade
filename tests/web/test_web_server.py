"""`dkbm web` (flags, errors), the offline asset check, the web ensembles and the event log."""

from __future__ import annotations

import socket

import numpy as np
import pytest

import models
from simulation.cli import main
from simulation.ensemble import run_ensemble
from simulation.scenarios import builtin_scenarios
from simulation.web import jobs, server
from simulation.web.events import EventWatcher, phrase
from simulation.web.state import end_funding_now


# --- the command --------------------------------------------------------------------------------
def test_web_is_a_dkbm_subcommand(capsys):
    assert main(["--help"]) == 0
    assert "web" in capsys.readouterr().out
    assert main(["web", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--port" in out and "--host" in out and "--lang" in out and "8765" in out


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["web", "--port", "70000"], "--port"),
        (["web", "--port", "acht"], "--port"),
        (["web", "--lang", "fr"], "--lang"),
        (["web", "--host", ""], "--host"),
    ],
)
def test_bad_flags_are_one_line_errors_with_exit_2(capsys, argv, expected):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and expected in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_taken_port_is_reported_before_anything_starts(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["web", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --port") and str(port) in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_host_is_reported(capsys):
    assert main(["web", "--host", "no-such-host.invalid", "--port", "0"]) == 2
    assert capsys.readouterr().err.startswith("error: --host")


def test_server_environment_is_offline_headless_and_carries_the_language():
    env = server.server_env("en", base={})
    assert env["DKBM_WEB_LANG"] == "en"
    assert env["MPLBACKEND"] == "Agg"
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")
    command = server.solara_command("127.0.0.1", 8765, python="py")
    assert command[:5] == ["py", "-m", "solara", "run", "simulation.web.entry"]
    assert "samesite" in env["PYTHONWARNINGS"]  # no cookie warning on plain http
    assert "--production" in command and command[command.index("--host") + 1] == "127.0.0.1"


# --- offline front-end files ------------------------------------------------------------------
def test_every_front_end_file_the_page_needs_is_installed_locally():
    required = server.required_assets()
    assert any(p.startswith("@widgetti/solara-vuetify-app@") for p in required)
    assert any(p.startswith("requirejs@") for p in required)
    assert not any("vuetify3" in p for p in required)  # ipyvue < 2: the Vue 2 app
    assert server.missing_assets() == []


def test_missing_files_are_found(tmp_path):
    (tmp_path / "requirejs@2.3.6").mkdir()
    missing = server.missing_assets(tmp_path)
    assert "requirejs@2.3.6" not in missing
    assert any(p.startswith("@widgetti/solara-vuetify-app@") for p in missing)


def test_vue3_branches_are_dropped_from_the_template():
    text = (
        "a {% if vue3 == True %}{{cdn}}/v3@1.0.0/x {% if production %}p{% else %}d{% endif %}"
        "{% else %}{{cdn}}/v2@2.0.0/y{% endif %} b"
    )
    kept = server._drop_vue3_branches(text)
    assert "v3@1.0.0" not in kept and "v2@2.0.0" in kept and kept.startswith("a ")


# --- ensembles --------------------------------------------------------------------------------
def test_web_ensemble_equals_run_ensemble_bit_for_bit():
    scenario = builtin_scenarios()["structures-first"].with_run(months=24, replications=4)
    progress = []
    ours = jobs.run_with_progress(scenario, progress.append)
    theirs = run_ensemble(scenario, workers=1, progress=False)
    assert ours.seeds == theirs.seeds
    for name in models.METRIC_NAMES:
        assert np.array_equal(ours.series[name], theirs.series[name]), name
    assert np.array_equal(ours.diagnosis, theirs.diagnosis)
    assert progress[-1] == 1.0 and progress == sorted(progress)


def test_comparison_uses_the_same_seeds_and_pairs_differences():
    library = builtin_scenarios()
    scenarios = [library["baseline"].with_run(months=24), library["data-first"].with_run(months=24)]
    ensembles, differences = jobs.compare(scenarios, 3, 7)
    assert ensembles[0].seeds == ensembles[1].seeds
    assert list(differences) == ["data-first"]
    assert "cooperation_rate_final" in differences["data-first"]


def test_cancelled_ensemble_returns_nothing():
    import threading

    cancel = threading.Event()
    cancel.set()
    scenario = builtin_scenarios()["baseline"].with_run(months=12, replications=2)
    assert jobs.run_with_progress(scenario, cancel=cancel) is None


# --- events and live actions ----------------------------------------------------------------------
def test_event_log_reports_every_project_event_of_the_model():
    model = models.CollaborationModel(rng=11)
    watcher = EventWatcher(model)
    counted = {"ev_started": 0, "ev_succeeded": 0, "ev_failed": 0, "ev_defected": 0}
    logged = dict.fromkeys(counted, 0)
    for _ in range(60):
        model.step()
        s = model.batch.state
        counted["ev_started"] += int(s.started.sum())
        counted["ev_succeeded"] += int(s.succeeded.sum())
        counted["ev_failed"] += int(s.failed.sum())
        counted["ev_defected"] += int(s.defected.sum())
        for event in watcher.after_step(model):
            if event.key in logged:
                logged[event.key] += 1
    assert logged == counted
    assert sum(counted.values()) > 0


def test_events_are_phrased_with_department_names_in_both_languages():
    from simulation.web.events import Event

    names_de = [d.name("de") for d in models.CollaborationModel(rng=1).departments]
    names_en = [d.name("en") for d in models.CollaborationModel(rng=1).departments]
    event = Event(3, "ev_started", (0, 1))
    # names stay in the nominative: no "zwischen Jugendamt und Staatliches Schulamt"
    assert phrase(event, names_de, "de") == "Neues gemeinsames Projekt: Jugendamt – Schulverwaltung"
    assert phrase(event, names_en, "en") == f"New joint project: {names_en[0]} – {names_en[1]}"
    drop = Event(5, "ev_trust_drop", (0, 1))
    assert phrase(drop, names_de, "de") == "Vertrauensbruch: Jugendamt – Schulverwaltung"


def test_funding_end_now_moves_the_funding_end_to_the_current_month():
    model = models.CollaborationModel(rng=2, funding_months=36)
    for _ in range(5):
        model.step()
    end_funding_now(model)
    assert model.params["funding_months"] == 5
    fte_before = model.current["office_fte"][0]
    model.step()  # the funded posts go now, unless taken over
    assert model.current["office_fte"][0] <= fte_before
    model.step()
    with pytest.raises(models.InputError):
        end_funding_now(model)
