"""End to end in headless Chromium against a real ``dkbm web`` server.

Every request that does not go to 127.0.0.1 is blocked and recorded: the page must
render anyway (offline) and nothing may try to leave the machine. Screenshots are
kept in test-artifacts/web/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from simulation.web.texts import t

pytestmark = pytest.mark.browser


def month_text(month: int, months: int = 120, lang: str = "de") -> str:
    return t("month_of", lang, month=month, months=months)


def current_month(page) -> int:
    text = page.locator(".dkbm-month").first.inner_text()
    return int(re.search(r"\d+", text).group())


def test_loads_offline_and_nothing_leaves_the_machine(browser_session, web_server):
    bs = browser_session()
    page = bs.open()
    expect(page.get_by_text(t("app_title", "de"))).to_be_visible()
    expect(page.get_by_text(month_text(0))).to_be_visible()
    expect(page.locator(".dkbm-live-chart img, img.dkbm-live-chart").first).to_be_visible()
    expect(page.get_by_text(t("params_card", "de"))).to_be_visible()
    bs.shot("01-planner-loaded")
    assert bs.outside == []
    assert bs.errors == []
    log = web_server.log_text()
    assert "Could not load URL" not in log  # no front-end file was missing locally
    assert "Traceback" not in log


def test_step_and_play_pause(browser_session):
    bs = browser_session()
    page = bs.open()
    page.locator(".dkbm-step").click()
    expect(page.get_by_text(month_text(1))).to_be_visible()
    page.locator(".dkbm-step").click()
    expect(page.get_by_text(month_text(2))).to_be_visible()
    page.locator(".dkbm-play").click()
    expect(page.locator(".dkbm-play")).to_contain_text(t("pause", "de"), ignore_case=True)
    page.wait_for_function(
        "() => /\\b([5-9]|\\d\\d+) von/.test(document.querySelector('.dkbm-month').innerText)",
        timeout=60_000,
    )
    page.locator(".dkbm-play").click()
    expect(page.locator(".dkbm-play")).to_contain_text(t("play", "de"), ignore_case=True)
    stopped = current_month(page)
    page.wait_for_timeout(1500)
    assert current_month(page) == stopped
    expect(page.locator(".dkbm-log")).to_be_visible()
    bs.shot("02-after-play")
    assert bs.errors == []


def test_trainer_applies_a_lever_live(browser_session):
    bs = browser_session()
    page = bs.open()
    page.locator(".dkbm-view-trainer").click()
    quick = page.locator(".dkbm-now-steering-group")
    expect(quick).to_be_visible()
    for month in (1, 2, 3):
        page.locator(".dkbm-step").click()
        expect(page.get_by_text(month_text(month))).to_be_visible()
    quick.click()
    expect(page.locator(".dkbm-log")).to_contain_text(
        t("ev_now_lever", "de", item="Gremien und Strukturen aufbauen", number=24)
    )
    page.locator(".dkbm-now-election").click()
    expect(page.locator(".dkbm-log")).to_contain_text("Wahl")
    page.locator(".dkbm-step").click()
    expect(page.get_by_text(month_text(4))).to_be_visible()
    bs.shot("03-trainer-lever-applied")
    assert bs.errors == []


def test_language_switch(browser_session):
    bs = browser_session()
    page = bs.open()
    page.locator(".dkbm-lang").click()
    expect(page.get_by_text(t("app_title", "en"))).to_be_visible()
    expect(page.locator(".dkbm-step")).to_contain_text(t("step", "en"), ignore_case=True)
    expect(page.get_by_text(t("params_card", "en"))).to_be_visible()
    bs.shot("04-english")
    page.locator(".dkbm-lang").click()
    expect(page.get_by_text(t("app_title", "de"))).to_be_visible()


def test_compare_two_scenarios(browser_session):
    bs = browser_session()
    page = bs.open()
    page.locator(".dkbm-view-compare").click()
    runs = page.get_by_label(t("run_replications", "de"))
    runs.fill("5")
    runs.press("Enter")
    page.locator(".dkbm-run-compare").click()
    expect(page.locator(".dkbm-compare-figure").first).to_be_visible(timeout=120_000)
    table = page.locator(".dkbm-compare-table")
    expect(table).to_contain_text(builtin_title("baseline"))
    expect(table).to_contain_text(builtin_title("structures-first"))
    expect(page.locator(".dkbm-diff-table")).to_contain_text("[")
    bs.shot("05-compare")
    assert bs.errors == []


def builtin_title(name: str) -> str:
    from simulation.scenarios import builtin_scenarios

    return builtin_scenarios()[name].title("de")


def test_bad_upload_shows_the_error_and_the_app_keeps_working(browser_session):
    bs = browser_session()
    page = bs.open()
    with page.expect_file_chooser() as chooser:
        page.get_by_text(t("upload_button", "de")).click()
    chooser.value.set_files(
        files=[
            {
                "name": "kaputt.toml",
                "mimeType": "text/plain",
                "buffer": b"[parameters]\nturnover_rat = 0.2\n",
            }
        ]
    )
    error = page.locator(".dkbm-error")
    expect(error).to_contain_text("kaputt.toml")
    expect(error).to_contain_text("turnover_rate")
    expect(page.get_by_text(t("err_upload", "de"), exact=False)).to_be_visible()
    bs.shot("06-bad-upload")
    page.locator(".dkbm-step").click()  # still serving this session
    expect(page.get_by_text(month_text(1))).to_be_visible()
    assert "Traceback" not in page.locator("body").inner_text()


def test_two_sessions_do_not_affect_each_other(browser_session):
    first, second = browser_session(), browser_session()
    page1 = first.open()
    for month in (1, 2, 3):
        page1.locator(".dkbm-step").click()
        expect(page1.get_by_text(month_text(month))).to_be_visible()
    page2 = second.open()
    expect(page2.get_by_text(month_text(0))).to_be_visible()
    page2.locator(".dkbm-lang").click()
    expect(page2.get_by_text(t("app_title", "en"))).to_be_visible()
    expect(page1.get_by_text(t("app_title", "de"))).to_be_visible()
    expect(page1.get_by_text(month_text(3))).to_be_visible()
    second.shot("07-second-session")
    assert first.outside == [] and second.outside == []
