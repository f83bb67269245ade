"""Planner-ready output in a real browser: the plan editor, the formatted and explained
key figures, choosing the reference of a comparison, and German upload errors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import models
from simulation import persistence
from simulation.scenarios import builtin_scenarios
from simulation.web.texts import t

pytestmark = pytest.mark.browser


def _choose(page, select, option: str) -> None:
    select.click()
    page.get_by_role("option", name=option, exact=True).first.click()


def _boxes_overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_plan_editor_shows_cost_delay_and_permanence(browser_session):
    bs = browser_session()
    page = bs.open()
    row = page.locator(".dkbm-lever-row")
    expect(row).to_have_count(0)  # the default scenario has no levers
    page.locator(".dkbm-add-lever").click()
    expect(row).to_have_count(1)
    lever = models.get_lever("committees_structures")
    facts = row.first.locator(".dkbm-lever-facts")
    expect(facts).to_contain_text(lever.effect("de"))
    # cost per month in German money format, the lead time and the persistence
    expect(facts).to_contain_text(re.compile(r"Aufwand je Monat: [\d.]+ €"))
    expect(facts).to_contain_text(f"Vorlauf {lever.delay} Monate, wirkt ab Monat {lever.delay}")
    expect(facts).to_contain_text(persistence.of(lever.id).text("de"))
    # labels and fields of one row do not overlap (1400 px wide)
    labels = row.first.locator("label").all()
    boxes = [b for b in (label.bounding_box() for label in labels) if b]
    assert len(boxes) >= 4
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _boxes_overlap(a, b), (a, b)
    # "bis Horizont": the lever is kept up to the end (Verstetigung)
    row.first.locator(".dkbm-permanent-box input").check(force=True)
    expect(row.first.locator(".dkbm-permanent-text")).to_have_text(t("until_horizon_short", "de"))
    expect(page.locator(".dkbm-modified")).to_contain_text("Angepasst gegenüber")
    bs.shot("10-plan-editor")
    assert bs.errors == []


def test_key_figures_are_formatted_and_explained(browser_session):
    bs = browser_session()
    page = bs.open()
    _choose(
        page,
        page.locator(".dkbm-scenario .v-select").first,
        builtin_scenarios()["bildung-integriert"].title("de"),
    )
    page.get_by_role("tab", name=t("tab_ensemble", "de")).click()
    page.locator(".dkbm-run-ensemble").click()
    summary = page.locator(".dkbm-summary")
    expect(summary).to_be_visible(timeout=120_000)
    euros = summary.locator('tr[data-metric="lever_euros_final"]')
    expect(euros).to_contain_text(re.compile(r"\d{1,3}(\.\d{3})+ €"))  # "153.900 €"
    share = summary.locator('tr[data-metric="takeoff_share"]')
    expect(share).to_contain_text(re.compile(r"\d+ %"))
    month = summary.locator('tr[data-metric="takeoff_month"]')
    expect(month).to_contain_text(re.compile(r"Monat \d+,\d"))
    assert not re.search(r"\d\.\d{1,2}\b", summary.inner_text())  # no decimal points
    # every key figure carries its one-sentence explanation
    for key in ("sustained_cooperation_index", "takeoff_month", "takeoff_share"):
        expect(summary).to_contain_text(t(f"explain:{key}", "de"))
    expect(page.get_by_text(t("download_excel", "de"))).to_be_visible()
    bs.shot("11-key-figures")
    assert bs.errors == []


def test_comparison_against_a_chosen_reference(browser_session):
    bs = browser_session()
    page = bs.open()
    page.locator(".dkbm-view-compare").click()
    runs = page.get_by_label(t("run_replications", "de"))
    runs.fill("5")
    runs.press("Enter")
    second = builtin_scenarios()["structures-first"].title("de")
    reference = page.locator(".dkbm-reference")
    expect(reference).to_contain_text(builtin_scenarios()["baseline"].title("de"))  # default
    _choose(page, reference, second)
    page.locator(".dkbm-run-compare").click()
    table = page.locator(".dkbm-compare-table")
    expect(table).to_be_visible(timeout=120_000)
    expect(table).to_contain_text(f"{second} ({t('reference', 'de')})")
    expect(page.locator(".dkbm-diff-table")).to_contain_text(
        builtin_scenarios()["baseline"].title("de")
    )
    expect(page.get_by_text(t("compare_diff_table", "de", name=second))).to_be_visible()
    bs.shot("12-compare-reference")
    assert bs.errors == []


def test_upload_lists_every_problem_in_german(browser_session):
    bs = browser_session()
    page = bs.open()
    with page.expect_file_chooser() as chooser:
        page.locator(".dkbm-upload").click()
    button = page.locator(".dkbm-upload")
    assert button.get_attribute("title") not in (None, "", "null")
    assert "(0)" not in button.inner_text()
    chooser.value.set_files(
        files=[
            {
                "name": "zwei-fehler.toml",
                "mimeType": "text/plain",
                "buffer": b"[run]\nmonths = 0\n[parameters]\nturnover_rat = 0.2\n"
                b"motivation_init = 1.5\n",
            }
        ]
    )
    error = page.locator(".dkbm-error")
    expect(error).to_contain_text("zwei-fehler.toml")
    expect(error).to_contain_text("run.months: muss eine ganze Zahl von 1 bis 1.200 sein")
    expect(error).to_contain_text("meinten Sie „turnover_rate“?")
    expect(error).to_contain_text("angegeben: 1,5")
    text = error.inner_text()
    for english in ("did you mean", "dkbm params", "must be", "unknown"):
        assert english not in text
    assert len([line for line in text.splitlines() if line.startswith("•")]) == 3
    bs.shot("13-upload-errors")
    assert bs.errors == []
