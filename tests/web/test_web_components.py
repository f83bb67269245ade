"""The web app rendered in-process (solara.render, no browser): controls, step, reset,
play, language, validation messages, timeline, uploads, trainer actions, sessions."""

from __future__ import annotations

import ipyvuetify as v
import numpy as np
import pytest
from web_helpers import Rendered, wait_for

import models
from simulation.scenarios import builtin_scenarios
from simulation.web.controls import groups, slider_step, snap
from simulation.web.planner import MAX_UPLOAD_KB, read_upload
from simulation.web.texts import number, t, unit


def month(app: Rendered) -> int:
    return app.session.live.month


def value_field(app: Rendered, label: str):
    """The exact-value text field of the parameter with German ``label``."""
    for param in app.by_class("dkbm-param"):
        texts = [c for c in param.children if hasattr(c, "children")]
        if any(label in getattr(w, "children", []) for w in texts):
            fields = [w for w in _descendants(param) if isinstance(w, v.TextField)]
            assert len(fields) == 1
            return fields[0]
    raise AssertionError(f"no control labelled {label!r}")


def _descendants(widget):
    """Widgets below ``widget`` in document order."""
    out = []
    for child in getattr(widget, "children", []) or []:
        if isinstance(child, str):
            continue
        out.append(child)
        out.extend(_descendants(child))
    return out


def messages(field) -> str:
    value = field.messages
    return " ".join(value) if isinstance(value, list) else str(value or "")


def type_into(field, text: str) -> None:
    """Type ``text`` and press Enter, as a user would."""
    field.v_model = text
    field.fire_event("keyup.enter", None)


def sliders(app: Rendered, group: str) -> list:
    return [w for w in _descendants(app.one("dkbm-group-" + group)) if isinstance(w, v.Slider)]


def open_group(app: Rendered, group: str) -> None:
    if not any(p for p in app.by_class("dkbm-group-" + group) if _has_params(p)):
        toggle = [
            w
            for w in _descendants(app.one("dkbm-group-" + group))
            if "dkbm-group-toggle" in (getattr(w, "class_", "") or "")
        ]
        toggle[0].click()


def _has_params(group_widget) -> bool:
    return any("dkbm-param" in (getattr(w, "class_", "") or "") for w in _descendants(group_widget))


# --- controls ------------------------------------------------------------------------------
def test_controls_are_generated_from_the_registry_grouped_with_german_labels_and_help(app):
    grouped = groups()
    assert list(grouped) == list(models.GROUPS)
    assert sum(len(p) for p in grouped.values()) == len(models.PARAMETERS)
    for group, pars in grouped.items():
        open_group(app, group)
        text = app.text()
        assert models.GROUPS[group][0] in text  # Müssen / Wollen / Können / Umfeld
        params = [
            w
            for w in _descendants(app.one("dkbm-group-" + group))
            if "dkbm-param" in (getattr(w, "class_", "") or "").split()
        ]
        assert len(params) == len(pars)
        for par in pars:
            assert par.label("de") in text, par.name
            assert f"{par.help('de')} [{unit(par.unit, 'de')}]" in text, par.name
        sliders = [
            w for w in _descendants(app.one("dkbm-group-" + group)) if isinstance(w, v.Slider)
        ]
        assert len(sliders) == len(pars)
        for slider, par in zip(sliders, pars, strict=True):
            assert slider.min == par.low and slider.max == par.high


def test_slider_change_rebuilds_the_live_run_with_the_new_value(app):
    open_group(app, "necessity")
    par = models.PARAMETERS["necessity_init"]
    slider = sliders(app, "necessity")[0]
    app.click("dkbm-step")
    app.click("dkbm-step")
    target = snap(par.default + 0.3, par)
    slider.v_model = target
    assert app.session.scenario.value.resolved_parameters()["necessity_init"] == target
    assert app.session.live.model.params["necessity_init"] == target
    assert month(app) == 2  # replayed to the month it had reached


def test_slider_snapping_noise_is_not_a_change(app):
    open_group(app, "necessity")
    before = app.session.scenario.value
    par = models.PARAMETERS["necessity_decay"]
    slider = sliders(app, "necessity")[1]
    slider.v_model = par.default + slider_step(par) / 10
    assert app.session.scenario.value is before


def test_out_of_range_value_shows_a_translated_message_and_keeps_the_scenario(app):
    open_group(app, "necessity")
    par = models.PARAMETERS["necessity_init"]
    before = app.session.scenario.value
    field = value_field(app, par.label("de"))
    type_into(field, "1,5")
    field = value_field(app, par.label("de"))
    message = messages(field)
    assert par.label("de") in message
    assert "von 0 bis 1" in message and "1,5" in message
    assert app.session.scenario.value is before


def test_text_that_is_no_number_shows_a_message(app):
    open_group(app, "necessity")
    par = models.PARAMETERS["necessity_init"]
    field = value_field(app, par.label("de"))
    type_into(field, "viel")
    assert "bitte eine Zahl eingeben" in messages(value_field(app, par.label("de")))


def test_exact_value_in_german_notation_is_applied(app):
    open_group(app, "necessity")
    par = models.PARAMETERS["necessity_init"]
    type_into(value_field(app, par.label("de")), "0,42")
    assert app.session.scenario.value.resolved_parameters()["necessity_init"] == 0.42


# --- live run: step, reset, play ---------------------------------------------------------------
def test_step_advances_one_month_and_updates_figures_table_and_log(app):
    chart = app.one("dkbm-live-chart").value
    app.click("dkbm-step")
    assert month(app) == 1
    assert t("month_of", "de", month=1, months=120) in app.text()
    assert app.one("dkbm-live-chart").value != chart
    for _ in range(11):
        app.click("dkbm-step")
    text = app.text()
    assert t("month_of", "de", month=12, months=120) in text
    assert "Jugendamt" in text  # the department table
    live = app.session.live
    # the log tells about every project start the model recorded
    started = sum(1 for e in live.events if e.key == "ev_started")
    series = live.model.series("active_projects")
    assert started >= 1 or series.max() == 0


def test_reset_returns_to_month_zero_with_the_same_run(app):
    for _ in range(5):
        app.click("dkbm-step")
    first = app.session.live.model.series("cooperation_rate").copy()
    app.click("dkbm-reset")
    assert month(app) == 0
    assert app.session.live.events == []
    for _ in range(5):
        app.click("dkbm-step")
    assert np.array_equal(app.session.live.model.series("cooperation_rate"), first)


def test_live_run_is_replication_zero_of_the_batch(app):
    for _ in range(24):
        app.click("dkbm-step")
    scenario = app.session.scenario.value
    seed = scenario.replication_seeds(1)[0]
    batch = models.simulate([seed], 24, **scenario.model_kwargs())
    assert np.array_equal(
        app.session.live.model.series("cooperation_rate"), batch["cooperation_rate"][0]
    )


def test_play_runs_until_pause(app):
    app.session.speed.value = 16
    app.click("dkbm-play")
    wait_for(lambda: month(app) >= 3, timeout=30)
    app.click("dkbm-play")  # now labelled Pause
    assert app.session.playing.value is False
    stopped = month(app)
    wait_for(lambda: True, timeout=0.5)
    import time

    time.sleep(0.6)
    assert month(app) == stopped


def test_step_is_disabled_at_the_end_of_the_horizon(app):
    app.session.change(lambda data: data["run"].__setitem__("months", 3))
    for _ in range(3):
        app.click("dkbm-step")
    assert month(app) == 3
    assert app.one("dkbm-step").disabled
    assert t("finished", "de", months=3) in app.text()


# --- language --------------------------------------------------------------------------------
def test_language_switch_changes_every_text(app):
    assert t("step", "de") in app.text()
    app.click("dkbm-lang")
    text = app.text()
    assert app.session.lang.value == "en"
    assert t("step", "en") in text and t("plan_card", "en") in text
    assert t("step", "de") not in app.texts()
    app.click("dkbm-lang")
    assert t("step", "de") in app.text()


def test_default_language_comes_from_the_environment(monkeypatch):
    from simulation.web.state import Session
    from simulation.web.texts import default_lang

    monkeypatch.setenv("DKBM_WEB_LANG", "en")
    assert default_lang() == "en" and Session().lang.value == "en"
    monkeypatch.setenv("DKBM_WEB_LANG", "xx")
    assert default_lang() == "de"


def test_numbers_use_a_decimal_comma_in_german():
    assert number(0.25, "de") == "0,25" and number(0.25, "en") == "0.25"
    assert number(3.0, "de", trim=True) == "3" and number(1200.0, "de", 0) == "1.200"


# --- timeline ----------------------------------------------------------------------------------
def test_add_move_and_remove_a_lever(app):
    app.click("dkbm-add-lever")
    ivs = app.session.scenario.value.interventions
    assert len(ivs) == 1 and ivs[0].lever == "committees_structures" and ivs[0].start == 0
    app.click("dkbm-later")
    assert app.session.scenario.value.interventions[0].start == 6
    assert app.session.live.model.interventions[0].start == 6
    app.click("dkbm-remove")
    assert app.session.scenario.value.interventions == ()


def test_add_a_shock_and_see_it_in_the_plan(app):
    app.click("dkbm-add-shock")
    shocks = app.session.scenario.value.shocks
    assert len(shocks) == 1 and shocks[0].kind == "election"
    assert app.session.live.model.shocks == shocks


def test_lever_start_outside_the_horizon_shows_a_message(app):
    app.click("dkbm-add-lever")
    row = app.one("dkbm-lever-row")
    start = next(w for w in _descendants(row) if isinstance(w, v.TextField))
    type_into(start, "500")
    fields = [w for w in _descendants(app.one("dkbm-lever-row")) if isinstance(w, v.TextField)]
    assert "von 0 bis 119" in messages(fields[0])
    assert app.session.scenario.value.interventions[0].start == 0


def test_bad_combination_targets_and_fewer_departments_is_rejected_visibly(app):
    session = app.session
    session.change(
        lambda d: d["interventions"].append(
            {
                "lever": "participation",
                "start": 0,
                "duration": 12,
                "intensity": 1.0,
                "targets": ["arbeitsagentur"],
            }
        )
    )
    before = session.scenario.value
    assert len(before.interventions) == 1
    session.change(lambda d: d["parameters"].__setitem__("n_departments", 5))
    assert session.scenario.value is before
    text = app.text()
    assert t("err_invalid", "de") in text and "arbeitsagentur" in text
    assert app.by_class("dkbm-error")


# --- uploads ------------------------------------------------------------------------------------
def test_upload_of_a_valid_scenario_file_switches_to_it(app):
    text = builtin_scenarios()["structures-first"].to_toml()
    assert read_upload(app.session, "mein-plan.toml", text.encode())
    assert app.session.scenario.value == builtin_scenarios()["structures-first"]
    assert app.session.source.value == "upload"
    assert "mein-plan.toml" in app.text()


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"[run]\nmonths = 'lang'\n", "run.months"),
        (b"[parameters]\nturnover_rat = 0.2\n", "meinten Sie „turnover_rate“?"),
        (b"[[interventions]]\nlever = 'x'\n", "interventions[0].lever"),
        (b"this is = = not toml", "kein gültiges TOML"),
        (b'__import__("os").system("echo hacked")', "kein gültiges TOML"),
    ],
)
def test_bad_upload_shows_the_validator_message_inline(app, content, expected):
    before = app.session.scenario.value
    assert not read_upload(app.session, "kaputt.toml", content)
    text = app.text()
    assert t("err_upload", "de") in text and expected in text and "kaputt.toml" in text
    assert app.session.scenario.value is before


def test_bad_upload_lists_every_problem_in_the_page_language(app):
    content = (
        b"[run]\nmonths = 0\n[parameters]\nturnover_rat = 0.2\nmotivation_init = 1.5\n"
        b"[[interventions]]\nlever = 'steering'\n"
    )
    assert not read_upload(app.session, "zwei-fehler.toml", content)
    text = app.text()
    for expected in (
        "run.months: muss eine ganze Zahl von 1 bis 1.200 sein; angegeben: 0",
        "parameters.turnover_rat: unbekannter Parameter; meinten Sie „turnover_rate“?",
        "parameters.motivation_init: muss eine Zahl von 0 bis 1 sein (Anteil 0–1); angegeben: 1,5",
        "interventions[0].lever: „steering“ gibt es nicht (Hebel)",
    ):
        assert expected in text, expected
    for english in ("did you mean", "dkbm params", "must be", "unknown", "; got "):
        assert english not in text, english
    app.click("dkbm-lang")
    text = app.text()
    assert "run.months: must be an integer in [1, 1200]; got 0" in text
    assert "did you mean 'turnover_rate'" in text


def test_upload_size_limit_and_encoding(app):
    big = b"# x\n" * (MAX_UPLOAD_KB * 1024 // 4 + 10)
    assert not read_upload(app.session, "gross.toml", big)
    assert (
        t("err_upload_size", "de", name="gross.toml", size=len(big) // 1024, limit=MAX_UPLOAD_KB)
        in app.text()
    )
    assert not read_upload(app.session, "latin1.toml", "name = 'Müller'".encode("latin-1"))
    assert t("err_upload_encoding", "de", name="latin1.toml") in app.text()


def test_scenario_download_is_the_validated_toml(app):
    from simulation.scenarios import parse_scenario

    downloads = [w for w in app.all_widgets() if type(w).__name__ == "FileDownloadWidget"]
    assert downloads  # the TOML, CSV and PNG buttons are FileDownload widgets
    assert parse_scenario(app.session.scenario.value.to_toml()) == app.session.scenario.value


# --- trainer mode -------------------------------------------------------------------------------
def to_trainer(app: Rendered) -> None:
    app.session.view.value = "trainer"
    assert app.by_class("dkbm-now-steering-group")


def test_trainer_one_click_lever_acts_from_now_and_is_logged(app):
    to_trainer(app)
    for _ in range(4):
        app.click("dkbm-step")
    app.click("dkbm-now-steering-group")
    live = app.session.live
    assert [(iv.lever, iv.start) for iv in live.model.interventions] == [
        ("committees_structures", 4)
    ]
    assert t("ev_now_lever", "de", item="Gremien und Strukturen aufbauen", number=24) in app.text()


def test_trainer_election_and_funding_end_now(app):
    to_trainer(app)
    app.click("dkbm-step")
    app.click("dkbm-now-election")
    assert [(s.kind, s.month) for s in app.session.live.model.shocks] == [("election", 1)]
    app.click("dkbm-now-funding-end")
    assert app.session.live.funding_month == 1
    app.click("dkbm-step")
    app.click("dkbm-step")
    app.click("dkbm-now-funding-end")  # once ended, it cannot end again
    assert t("err_action", "de") in app.text()
    assert app.session.live.funding_month == 1


def test_live_actions_survive_a_parameter_change(app):
    to_trainer(app)
    for _ in range(3):
        app.click("dkbm-step")
    app.click("dkbm-now-steering-group")
    app.click("dkbm-step")
    app.session.change(lambda d: d["parameters"].__setitem__("turnover_rate", 0.2))
    assert app.session.live.month == 4
    assert [iv.start for iv in app.session.live.model.interventions] == [3]


def test_trainer_mode_has_large_type(app):
    to_trainer(app)
    assert app.by_class("dkbm-large")
    assert app.one("dkbm-step").large and app.one("dkbm-play").large
    assert app.one("dkbm-now-steering-group").large


# --- sessions -----------------------------------------------------------------------------------
def test_two_sessions_have_their_own_models(app_factory):
    a, b = app_factory(), app_factory()
    for _ in range(3):
        a.click("dkbm-step")
    a.click("dkbm-lang")
    assert a.session.live.month == 3 and b.session.live.month == 0
    assert a.session.live.model is not b.session.live.model
    assert b.session.lang.value == "de"
    assert t("month_of", "de", month=0, months=120) in b.text()


def test_page_makes_a_session_per_render():
    import solara

    from simulation.web.app import Page

    box1, rc1 = solara.render(Page(), handle_error=False)
    box2, rc2 = solara.render(Page(), handle_error=False)
    try:
        step1 = [
            w
            for w in Rendered.all_widgets(_Box(box1))
            if isinstance(w, v.Btn) and "dkbm-step" in (w.class_ or "")
        ]
        step1[0].click()
        texts2 = Rendered.texts(_Box(box2))
        assert t("month_of", "de", month=0, months=120) in texts2
        assert t("month_of", "de", month=1, months=120) in Rendered.texts(_Box(box1))
    finally:
        rc1.close()
        rc2.close()


class _Box:
    def __init__(self, box):
        self.box = box

    def all_widgets(self):
        return Rendered.all_widgets(self)


# --- what counts as a change ------------------------------------------------------------------
def test_only_real_changes_make_my_plan(app):
    base = builtin_scenarios()["funding-cliff"]
    assert app.session.switch_scenario(base, keep_month=False, source="funding-cliff")

    def runs(n):
        def mutate(data):
            data["run"]["replications"] = n

        return mutate

    assert app.session.change(runs(500))
    assert app.session.scenario.value != base
    assert t("modified_note", "de", title=base.title("de")) in app.text()
    assert app.session.change(runs(30))  # changed back: the original again, not "angepasst"
    assert app.session.scenario.value == base and app.session.scenario.value.name == base.name
    assert t("modified_note", "de", title=base.title("de")) not in app.text()

    def later(data):
        data["interventions"][0]["start"] += 6

    assert app.session.change(later)
    mine = app.session.scenario.value
    assert mine.title("de") == "Mein Plan (aus „Förderende ohne Übernahme“)"
    assert mine.title("en") == "My plan (from 'Funding cliff without takeover')"


# --- background jobs -------------------------------------------------------------------------
def test_the_cancel_button_stops_a_running_ensemble(app):
    session = app.session

    def long_run(data):
        data["run"]["months"] = 1200
        data["run"]["replications"] = 500

    assert session.change(long_run)
    app.select_tab(t("tab_ensemble", "de"))
    wait_for(lambda: app.by_class("dkbm-run-ensemble"), timeout=10)
    app.click("dkbm-run-ensemble")
    wait_for(lambda: session.ensemble_progress.value is not None, timeout=10)
    wait_for(lambda: app.by_class("dkbm-cancel"), timeout=10)
    app.click("dkbm-cancel")
    wait_for(lambda: session.ensemble_progress.value is None, timeout=60, what="the job to stop")
    assert session.ensemble.value is None
    wait_for(lambda: t("job_cancelled", "de") in app.text(), timeout=10)
