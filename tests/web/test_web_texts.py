"""Every visible text comes from the translation table: both languages, the same fields,
no key missing, and no German text on an English page (nor the other way round)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from web_helpers import Rendered, wait_for

import models
from simulation import i18n
from simulation.counties import counties
from simulation.scenarios import builtin_scenarios
from simulation.web.texts import TEXTS, t

WEB = Path(__file__).resolve().parents[2] / "simulation" / "web"
NEUTRAL = re.compile(r"[\d\s.,:;%+\-–−×/\[\]()∞…€]*(h|€|i)?")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_entry_has_german_and_english_with_the_same_fields():
    # one shape for every translation table: key -> (German, English)
    for key, (de, en) in {**i18n.TEXT, **TEXTS}.items():
        assert de.strip() and en.strip(), key
        assert fields(de) == fields(en), key


def test_every_unit_of_the_registry_is_translated():
    for par in models.PARAMETERS.values():
        assert f"unit:{par.unit}" in i18n.TEXT, par.unit


def _literal_keys() -> set[tuple[str, str]]:
    """(file, key) for every t("key"), Message("key"), Event(month, "key") in the app."""
    found = set()
    for path in WEB.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            args = node.args
            position = {"t": 0, "Message": 0, "Event": 1}.get(name)
            if position is not None and len(args) > position:
                arg = args[position]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add((path.name, arg.value))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(
                    r"(ev|err|ok|now|live_panel|legend|col|view|group)_\w+", node.value
                ):
                    found.add((path.name, node.value))
    return found


def test_every_key_used_in_the_code_exists():
    keys = _literal_keys()
    assert len(keys) > 50  # the scan sees the app's texts
    missing = sorted((f, k) for f, k in keys if k not in TEXTS and k not in i18n.TEXT)
    assert not missing


def test_dynamic_keys_exist():
    from simulation.web.app import VIEWS

    for view in VIEWS:
        assert f"view_{view}" in TEXTS
    for group in models.GROUPS:
        assert f"group_{group}" in TEXTS


def _pairs():
    """(German, English) of every bilingual text the page can show."""
    yield from TEXTS.values()
    yield from i18n.TEXT.values()
    for par in models.PARAMETERS.values():
        yield par.label_de, par.label_en
        yield par.help_de, par.help_en
    for lever in models.LEVERS:
        yield lever.name_de, lever.name_en
    for kind in models.SHOCK_KINDS.values():
        yield kind["de"], kind["en"]
    for metric in models.METRICS.values():
        yield metric.label_de, metric.label_en
    for _, de, en in models.DIAGNOSES:
        yield de, en
    for spec in models.DEFAULT_DEPARTMENTS:
        yield spec.name_de, spec.name_en
    for de, en in models.GROUPS.values():
        yield de, en
    for county in counties():  # proper names, the same in both languages
        yield county.name, county.name
    for scenario in builtin_scenarios().values():
        yield scenario.title("de"), scenario.title("en")
        yield scenario.description("de"), scenario.description("en")


def _same_in_both() -> set[str]:
    return {" ".join(de.split()) for de, en in _pairs() if de == en}


def _german_only() -> set[str]:
    return {" ".join(de.split()) for de, en in TEXTS.values() if de != en}


def _english_only() -> set[str]:
    return {" ".join(en.split()) for de, en in TEXTS.values() if de != en}


def _render_everything(lang: str) -> set[str]:
    """The texts of every view, with an ensemble and a comparison computed, in ``lang``."""
    from simulation.web.state import Session

    session = Session(lang)
    app = Rendered(session)
    try:
        texts = set(app.texts())
        session.change(lambda d: d["run"].update(months=24, replications=3))
        session.change(
            lambda d: d["interventions"].append(
                {"lever": "trust_building", "start": 2, "duration": 6, "intensity": 0.5}
            )
        )
        session.change(lambda d: d["shocks"].append({"kind": "budget_cut", "month": 3}))
        for group in models.GROUPS:
            toggle = [w for w in app.by_class("dkbm-group-toggle") if group_title(w, group, lang)]
            toggle[0].click()
            texts |= set(app.texts())
        for _ in range(6):
            app.click("dkbm-step")
        app.select_tab(t("tab_ensemble", lang))
        app.click("dkbm-run-ensemble")
        wait_for(lambda: session.ensemble.value is not None, timeout=60)
        wait_for(lambda: not app.rc._is_rendering, timeout=60)
        texts |= set(app.texts())  # with the ensemble's figure and tables
        app.select_tab(t("view_trainer", lang))
        assert session.view.value == "trainer"
        app.click("dkbm-now-steering-group")
        app.click("dkbm-step")
        texts |= set(app.texts())
        session.view.value = "compare"
        from simulation.web import jobs

        scenarios = [builtin_scenarios()["baseline"], builtin_scenarios()["data-first"]]
        session.compare_result.value = jobs.compare(
            [s.with_run(months=24) for s in scenarios], 3, 1
        )
        texts |= set(app.texts())
        session.view.value = "recommend"  # the form (its results: test_web_recommend.py)
        texts |= set(app.texts())
    finally:
        app.close()
    return texts


def group_title(widget, group: str, lang: str) -> bool:
    return any(
        isinstance(c, str) and c.startswith(t("group_" + group, lang)) for c in widget.children
    )


@pytest.fixture(scope="module")
def rendered_texts():
    return {lang: _render_everything(lang) for lang in ("de", "en")}


def test_english_page_shows_no_german_text_of_the_table(rendered_texts):
    leaked = sorted(rendered_texts["en"] & _german_only())
    assert not leaked


def test_german_page_shows_no_english_text_of_the_table(rendered_texts):
    leaked = sorted(rendered_texts["de"] & _english_only())
    assert not leaked


def test_no_text_is_the_same_in_both_languages_unless_it_is_neutral(rendered_texts):
    same = rendered_texts["de"] & rendered_texts["en"]
    untranslated = sorted(s for s in same if not NEUTRAL.fullmatch(s) and s not in _same_in_both())
    assert not untranslated, untranslated


def test_the_render_covered_the_views(rendered_texts):
    de = rendered_texts["de"]
    for key in (
        "plan_card",
        "params_card",
        "summary_title",
        "branch",
        "compare_title",
        "events_title",
        "now_steering_group",
        "rec_title",
    ):
        assert any(t(key, "de") in s for s in de), key
