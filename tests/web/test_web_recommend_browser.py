"""Empfehlung in headless Chromium: budget in German notation, a tiny search, the front
table, selecting a bundle, "In den Planer übernehmen"; screenshots at 1280×720,
1920×1080 and on a phone (390×844), German and English, without horizontal overflow."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from simulation.web.texts import t

pytestmark = pytest.mark.browser

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def fill(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Enter")


def test_recommend_tiny_search_and_load_into_the_planner(browser_session):
    bs = browser_session()
    page = bs.open()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.locator(".dkbm-view-recommend").click()
    expect(page.get_by_text(t("rec_title", "de"))).to_be_visible()
    fill(page, t("rec_budget_euros", "de"), "abc")
    expect(page.get_by_text("0 bis 10.000.000").first).to_be_visible()
    fill(page, t("rec_budget_euros", "de"), "150.000")
    expect(page.get_by_text("0 bis 10.000.000")).to_have_count(0)
    for key, value in (("population", "3"), ("generations", "1"), ("samples", "2")):
        fill(page, t(f"rec_{key}", "de"), value)
    fill(page, t("rec_replications", "de"), "1")
    page.locator(".dkbm-run-recommend").click()
    table = page.locator(".dkbm-rec-front")
    expect(table).to_be_visible(timeout=60_000)
    expect(table).to_contain_text("€")
    expect(page.locator(".dkbm-rec-front-figure").first).to_be_visible()
    expect(page.locator(".dkbm-rec-bundle-figure").first).to_be_visible()
    bs.shot("rec-01-front-1280x720")
    picks = page.locator(".dkbm-rec-pick")
    n = picks.count()
    assert n >= 2  # the base and at least one bundle with levers
    page.locator(f".dkbm-rec-pick-{n}").click()
    expect(page.locator(".dkbm-rec-bundle")).to_contain_text(t("rec_bundle", "de", n=n))
    levers = page.locator(".dkbm-rec-front tr.dkbm-rec-selected .dkbm-rec-levers").inner_text()
    page.set_viewport_size({"width": 1920, "height": 1080})
    bs.shot("rec-02-bundle-1920x1080")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    bs.shot("rec-03-phone-390x844")
    assert page.evaluate(OVERFLOW) <= 0
    page.set_viewport_size({"width": 1280, "height": 720})
    page.locator(".dkbm-lang").click()
    expect(page.get_by_text(t("rec_title", "en"))).to_be_visible()
    expect(page.locator(".dkbm-rec-front")).to_contain_text(t("rec_col_levers", "en"))
    bs.shot("rec-04-english-1280x720")
    page.locator(".dkbm-lang").click()
    expect(page.get_by_text(t("rec_title", "de"))).to_be_visible()
    page.locator(".dkbm-rec-apply").click()
    expect(page.locator(".dkbm-plan")).to_be_visible()
    names = [part.split(" (")[0] for part in levers.split("; ")]
    expect(page.locator(".dkbm-lever-row")).to_have_count(len(names))
    for name in names:
        expect(page.locator(".dkbm-plan")).to_contain_text(name)
    applied = t("rec_applied", "de", n=n, title="").split(":")[0]
    expect(page.get_by_text(applied, exact=False).first).to_be_visible()
    bs.shot("rec-05-planner-after-apply")
    assert bs.errors == []
