"""The Training view in headless Chromium: step back, slider, branch with overlay, and the
presenter layout at projector, full-HD and phone sizes (screenshots in test-artifacts/web/)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from simulation.web.texts import t

pytestmark = pytest.mark.browser


def month_text(month: int, months: int = 120) -> str:
    return t("month_of", "de", month=month, months=months)


def open_trainer(bs, width: int, height: int):
    page = bs.open()
    page.set_viewport_size({"width": width, "height": height})
    page.locator(".dkbm-view-trainer").click()
    expect(page.locator(".dkbm-trainer .dkbm-branch")).to_be_visible()
    return page


def chart_digest(page) -> str:
    """SHA-256 of the live chart's PNG as the browser has it."""
    return page.evaluate(
        """async () => {
            const img = document.querySelector('img.dkbm-live-chart');
            const data = await (await fetch(img.src)).arrayBuffer();
            const hash = await crypto.subtle.digest('SHA-256', data);
            return Array.from(new Uint8Array(hash)).map(b => b.toString(16)).join('');
        }"""
    )


def step(page, months: int, start: int = 0) -> None:
    for month in range(start + 1, start + months + 1):
        page.locator(".dkbm-step").click()
        expect(page.get_by_text(month_text(month))).to_be_visible()


def test_month_back_and_slider(browser_session):
    bs = browser_session()
    page = open_trainer(bs, 1400, 900)
    step(page, 4)
    page.wait_for_timeout(300)
    chart = chart_digest(page)
    page.locator(".dkbm-back").click()
    expect(page.get_by_text(month_text(3))).to_be_visible()
    page.wait_for_timeout(300)
    assert chart_digest(page) != chart
    # the slider goes to any month reached: Home = month 0, End = the furthest (4)
    thumb = page.locator(".dkbm-slider .v-slider__thumb-container")
    thumb.focus()
    page.keyboard.press("Home")
    expect(page.get_by_text(month_text(0))).to_be_visible()
    expect(page.locator(".dkbm-back")).to_be_disabled()
    page.keyboard.press("End")
    expect(page.get_by_text(month_text(4))).to_be_visible()
    page.wait_for_timeout(300)
    assert chart_digest(page) == chart  # the same run, bit for bit
    assert bs.errors == []


def test_branch_here_keeps_the_previous_run_as_overlay(browser_session):
    bs = browser_session()
    page = open_trainer(bs, 1400, 900)
    step(page, 6)
    page.locator(".dkbm-back").click()
    page.locator(".dkbm-back").click()
    expect(page.get_by_text(month_text(4))).to_be_visible()
    expect(page.locator(".dkbm-ghost-note")).to_have_count(0)
    page.locator(".dkbm-branch").click()
    expect(page.get_by_text(t("branched", "de", month=4))).to_be_visible()
    expect(page.locator(".dkbm-ghost-note")).to_be_visible()
    page.locator(".dkbm-now-steering-group").click()
    expect(page.locator(".dkbm-log")).to_contain_text(
        t("ev_now_lever", "de", item="Gremien und Strukturen aufbauen", number=24)
    )
    step(page, 3, start=4)
    bs.shot("trainer-branch-overlay")
    page.locator(".dkbm-clear-ghost").click()
    expect(page.locator(".dkbm-ghost-note")).to_have_count(0)
    assert bs.errors == []


def test_funding_end_button_is_disabled_once_used(browser_session):
    bs = browser_session()
    page = open_trainer(bs, 1400, 900)
    step(page, 2)
    button = page.locator(".dkbm-now-funding-end")
    button.click()
    expect(button).to_be_disabled()
    expect(page.locator(".dkbm-log")).to_contain_text(t("ev_now_funding_end", "de"))


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_presenter_layout_shows_curves_and_network_without_scrolling(
    browser_session, width, height
):
    bs = browser_session()
    page = open_trainer(bs, width, height)
    step(page, 3)
    page.wait_for_timeout(300)
    for selector in ("img.dkbm-live-chart", "img.dkbm-network"):
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (selector, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)
        assert box["height"] >= 0.4 * height, (selector, box)  # large, not a thumbnail
    chart = page.locator("img.dkbm-live-chart").bounding_box()
    assert chart["width"] >= 0.55 * width
    # every control is in the bar above the stage
    bar = page.locator(".dkbm-bar").bounding_box()
    assert bar["y"] + bar["height"] <= chart["y"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    bs.shot(f"trainer-{width}x{height}")
    assert bs.errors == []


def test_phone_layout_does_not_overflow(browser_session):
    bs = browser_session()
    page = open_trainer(bs, 390, 844)
    step(page, 2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for selector in ("img.dkbm-live-chart", "img.dkbm-network"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
    bs.shot("trainer-phone")
    text = page.locator(".dkbm-month").first.inner_text()
    assert re.search(r"\b2\b", text)


def test_server_prints_only_its_address_and_no_cookie_warning(browser_session, web_server):
    bs = browser_session()
    bs.open()  # a page request is what used to trigger Solara's cookie warning
    log = web_server.log_text()
    assert "samesite" not in log.lower()
    assert "Solara server is starting" not in log  # printed before it accepted connections
    assert "Traceback" not in log


def click_until_shown(button, locator, text: str, before: str, attempts: int = 3) -> None:
    """Click ``button`` until ``locator`` shows ``text``. A click right after the page
    re-rendered can get lost on a loaded machine (the server never sees it); it is
    repeated only while ``locator`` still shows ``before``, so a step is never skipped."""
    for _ in range(attempts - 1):
        button.click()
        try:
            expect(locator).to_contain_text(text, timeout=15_000)
            return
        except AssertionError:
            expect(locator).to_contain_text(before)  # unchanged: the click was lost
    button.click()
    expect(locator).to_contain_text(text, timeout=60_000)


def test_drehbuch_plays_step_by_step_with_weiter(browser_session):
    from simulation.drehbuch import builtin_drehbuecher

    script = builtin_drehbuecher()["lenkungsgruppe"]
    bs = browser_session()
    page = open_trainer(bs, 1280, 720)
    page.locator(".dkbm-more").click()
    page.locator(".dkbm-script-start").click()
    caption = page.locator(".dkbm-caption")
    expect(caption).to_contain_text(script.steps[0].caption("de"))

    def step_head(k: int) -> str:  # the caption's head while step k (from 1) is shown
        return t("script_progress", "de", title=script.title("de"), step=k, steps=len(script.steps))

    expect(page.get_by_text(step_head(1))).to_be_visible()
    weiter = page.locator(".dkbm-script-next")
    for k in (1, 2, 3):  # steps at month 0, then play to month 24
        click_until_shown(weiter, caption, script.steps[k].caption("de"), before=step_head(k))
    expect(page.get_by_text(month_text(24))).to_be_visible()
    expect(weiter).to_be_enabled()
    chart = page.locator("img.dkbm-live-chart").bounding_box()
    assert chart["y"] + chart["height"] <= 720  # the caption does not push the curves away
    bs.shot("trainer-drehbuch-1280x720")
    page.locator(".dkbm-script-stop").click()
    expect(caption).to_have_count(0)
    assert bs.errors == []
