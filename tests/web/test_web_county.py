"""The county selector of the plan card: a built-in scenario runs in a county's situation,
in the live run and in Planen; "none" returns to the scenario's own situation."""

from __future__ import annotations

import re

import ipyvuetify as v
import pytest

from simulation.counties import apply_county
from simulation.scenarios import builtin_scenarios
from simulation.web.texts import t


def _select(app, label: str):
    return next(w for w in app.widgets(v.Select) if w.label == label)


def test_county_applies_to_live_run_and_plan_and_can_be_cleared(app):
    library = builtin_scenarios()
    session = app.session
    _select(app, t("scenario_select", "de")).v_model = "bildung-integriert"
    assert session.scenario.value == library["bildung-integriert"]
    app.one("dkbm-county-select", v.Select).v_model = "Uckermark"
    expected = apply_county(library["bildung-integriert"], "Uckermark")
    assert session.county.value == "Uckermark"
    assert session.scenario.value == expected  # what Planen runs
    assert session.live.scenario == expected  # the live run was rebuilt in the county
    assert len(session.live.model.departments) == len(expected.department_specs())
    assert "Uckermark" in app.one("dkbm-county-note").children[0]
    assert not app.by_class("dkbm-modified")  # the county is not a manual change
    # another scenario keeps the county
    _select(app, t("scenario_select", "de")).v_model = "funding-cliff"
    assert session.scenario.value == apply_county(library["funding-cliff"], "Uckermark")
    # none: back to the scenario's own situation
    app.one("dkbm-county-select", v.Select).v_model = ""
    assert session.county.value is None
    assert session.scenario.value == library["funding-cliff"]
    assert not app.by_class("dkbm-county-note")


@pytest.mark.browser
def test_county_selector_in_the_browser(browser_session):
    from playwright.sync_api import expect

    bs = browser_session()
    page = bs.open()
    page.set_viewport_size({"width": 1280, "height": 720})
    title = builtin_scenarios()["bildung-integriert"].title("de")
    page.locator(".dkbm-scenario .v-select").first.click()
    page.get_by_role("option", name=title, exact=True).first.click()
    page.locator(".dkbm-county-select").first.click()
    page.get_by_role("option", name="Uckermark (Landkreis)", exact=True).first.click()
    note = page.locator(".dkbm-county-note")
    expect(note).to_contain_text("Lage von Uckermark (Landkreis,")
    expect(note).to_contain_text(re.compile(r"\d{1,3}\.\d{3} Einwohner"))
    expect(page.locator(".dkbm-modified")).to_have_count(0)
    page.locator(".dkbm-county-note").scroll_into_view_if_needed()
    page.screenshot(path=str(_artifact("20-county-selector.png")))
    page.locator(".dkbm-county-select").first.click()
    page.get_by_role("option", name=t("county_none", "de"), exact=True).first.click()
    expect(note).to_have_count(0)
    assert bs.errors == [] and bs.outside == []


def _artifact(name: str):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name
