"""The Planspiel end to end: a trainer (laptop) and phones (390 x 844) on a real server.

The trainer opens a room in the Solara app; participants' phones open the join
address in their own browser contexts (own cookies = own seats). Requests that leave
127.0.0.1 are blocked and recorded. Screenshots go to test-artifacts/web/.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.cookiejar
import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

import models
from simulation.web.planspiel.room import FAILED_LOOKUPS_PER_MINUTE
from simulation.web.planspiel.trainer_view import qr_svg
from simulation.web.texts import t

pytestmark = pytest.mark.browser

NAMES = [d.name("de") for d in models.default_departments(11)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
LOCAL = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")  # as conftest


class Phone:
    """One participant's phone: a browser context of its own at 390 x 844."""

    def __init__(self, browser, url: str):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.set_default_timeout(30_000)
        self.page.goto(url)

    def _route(self, route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def pick(self, index: int):
        self.page.locator(f'.ps-dept-btn[data-index="{index}"]').click()
        expect(self.page.locator(".ps-you")).to_have_text(t("ps_you_play", "de", name=NAMES[index]))

    def month(self, month: int, lang: str = "de"):
        expect(self.page.locator(".ps-month")).to_have_text(t("ps_month", lang, month=month))

    def shot(self, name: str):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.fixture
def phones(browser):
    made = []

    def make(url: str) -> Phone:
        phone = Phone(browser, url)
        made.append(phone)
        return phone

    yield make
    for phone in made:
        phone.context.close()


def open_room(bs) -> tuple[object, str]:
    page = bs.open()
    page.locator(".dkbm-view-planspiel").click()
    page.locator(".dkbm-ps-open").click()
    code_text = page.locator(".dkbm-ps-code").inner_text()
    return page, re.search(r"[0-9A-Z]{7}", code_text).group()


def counts(page, participants: int, decided: int, players: int):
    expect(page.locator(".dkbm-ps-participants")).to_contain_text(
        t("ps_participants", "de", n=participants)
    )
    expect(page.locator(".dkbm-ps-decisions")).to_have_text(
        t("ps_decisions", "de", k=decided, n=players)
    )


def test_trainer_and_three_phones_play_rounds(browser_session, phones, web_server):
    bs = browser_session()
    page, code = open_room(bs)
    url = f"{web_server.url}planspiel/{code}"
    expect(page.locator(".dkbm-ps-url")).to_have_text(url)
    assert page.locator(".dkbm-ps-qr svg").count() == 1
    # the QR code encodes exactly this address (same modules as segno's code for it)
    modules = page.locator(".dkbm-ps-qr svg path").get_attribute("d")
    assert modules and modules == re.search(r' d="([^"]+)"', qr_svg(url)).group(1)
    counts(page, 0, 0, 0)
    # the trainer's reload keeps the room (the address holds its code and key)
    assert f"planspiel={code}" in page.url
    page.reload()
    expect(page.locator(".dkbm-ps-code")).to_have_text(t("ps_room", "de", code=code))

    p = [phones(url) for _ in range(3)]
    p[0].pick(0)
    # phone 1 sees department 0 taken (pushed, no reload)
    expect(p[1].page.locator('.ps-dept-btn[data-index="0"]')).to_be_disabled()
    p[1].pick(1)
    p[2].pick(2)
    counts(page, 3, 0, 3)

    # phone 0 offers to its first partner and declines its second; phone 1 leaves all open
    first, second = p[0].page.locator(".ps-partner").nth(0), p[0].page.locator(".ps-partner").nth(1)
    offered = first.locator(".ps-pname").inner_text()
    first.locator(".ps-offer").click()
    second.locator(".ps-decline").click()
    p[0].page.locator(".ps-submit").click()
    expect(p[0].page.locator(".ps-status")).to_have_text(t("ps_submitted", "de"))
    p[1].page.locator(".ps-submit").click()
    expect(p[1].page.locator(".ps-status")).to_be_visible()
    counts(page, 3, 2, 3)
    p[0].shot("planspiel-phone-decided")

    page.locator(".dkbm-ps-next").click()
    for phone in p:
        phone.month(1)
    counts(page, 3, 0, 3)
    expect(page.locator(".dkbm-ps-month")).to_have_text(
        t("ps_month", "de", month=1) + " · " + t("ps_round", "de", n=1)
    )
    expect(p[0].page.locator(".ps-last")).to_contain_text(t("ps_you_offered", "de", names=offered))
    expect(p[0].page.locator(".ps-submit")).to_be_enabled()  # decided anew each round

    # a reload (or a phone that slept) keeps the seat
    p[1].page.reload()
    expect(p[1].page.locator(".ps-you")).to_have_text(t("ps_you_play", "de", name=NAMES[1]))
    p[1].month(1)
    counts(page, 3, 0, 3)

    # three months per round
    page.locator(".dkbm-ps-months button").nth(1).click()
    page.locator(".dkbm-ps-next").click()
    for phone in p:
        phone.month(4)
    p[2].page.locator(".ps-lang").click()
    p[2].month(4, "en")
    english = models.default_departments(11)[2].name("en")
    expect(p[2].page.locator(".ps-you")).to_have_text(t("ps_you_play", "en", name=english))
    p[2].shot("planspiel-phone-en")
    p[1].shot("planspiel-phone")

    # a participant's page cannot call trainer actions, even by hand
    status = p[0].page.evaluate(
        """async (code) => {
            const r = await fetch(`/planspiel/api/${code}/trainer/next`, {method: "POST",
                headers: {"X-Trainer-Token": "guess"}, body: "{}"});
            return [r.status, (await r.json()).error];
        }""",
        code,
    )
    assert status == [403, "ps_err_not_trainer"]
    p[0].month(4)

    page.locator(".dkbm-ps-debrief").click()
    expect(page.locator(".dkbm-ps-pairs")).to_be_visible()
    expect(page.locator(".dkbm-ps-limits")).to_contain_text(t("ps_player", "de", n=1))
    page.set_viewport_size({"width": 1400, "height": 900})
    bs.shot("planspiel-trainer-laptop")
    page.set_viewport_size({"width": 1280, "height": 720})
    bs.shot("planspiel-trainer-projector")

    page.locator(".dkbm-ps-close").click()
    for phone, lang in zip(p, ("de", "de", "en"), strict=True):
        expect(phone.page.locator(".ps-closed")).to_have_text(t("ps_closed", lang))
    assert bs.outside == [] and bs.errors == []
    for phone in p:
        assert phone.outside == [] and phone.errors == []


# --- the server's rules, called directly -------------------------------------------------------
class Client:
    """A participant or trainer talking HTTP to the server (cookies kept)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), urllib.request.ProxyHandler({})
        )

    def call(self, path: str, body=None, token: str | None = None, method: str = "POST"):
        data = None if body is None and method == "GET" else json.dumps(body or {}).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token is not None:
            request.add_header("X-Trainer-Token", token)
        try:
            with self.opener.open(request, timeout=20) as response:
                raw = response.read()
                return response.status, raw
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def json(self, *args, **kwargs):
        status, raw = self.call(*args, **kwargs)
        return status, json.loads(raw)

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def test_rooms_are_isolated_and_trainer_actions_need_the_token(web_server):
    trainer = Client(web_server.url)
    _, a = trainer.json("/planspiel/api/rooms", {})
    _, b = trainer.json("/planspiel/api/rooms", {"round_months": 3})
    assert a["code"] != b["code"] and a["url"].endswith(f"/planspiel/{a['code']}")
    alice = Client(web_server.url)
    status, view = alice.json(f"/planspiel/api/{a['code']}/join")
    assert status == 200 and view["seat"] == 1 and view["me"] is None
    assert alice.json(f"/planspiel/api/{a['code']}/choose", {"department": 4})[0] == 200

    for token in (None, "", "guess", b["trainer_token"]):
        for action in ("next", "pause", "close"):
            status, body = alice.json(f"/planspiel/api/{a['code']}/trainer/{action}", token=token)
            assert (status, body["error"]) == (403, "ps_err_not_trainer"), (token, action)
    assert alice.call(f"/planspiel/api/{a['code']}/export", method="GET")[0] == 403
    # another room: no seat there with room A's cookie, and a new seat is room B's own
    status, body = alice.json(f"/planspiel/api/{b['code']}/choose", {"department": 1})
    assert (status, body["error"]) == (401, "ps_err_no_seat")
    assert alice.json(f"/planspiel/api/{b['code']}/join")[1]["seat"] == 1

    status, body = trainer.json(
        f"/planspiel/api/{b['code']}/trainer/next", token=b["trainer_token"]
    )
    assert (status, body["month"]) == (200, 3)
    status, body = trainer.json(
        f"/planspiel/api/{a['code']}/trainer/next", {"months": 1}, token=a["trainer_token"]
    )
    assert (status, body["month"], body["participants"], body["players"]) == (200, 1, 1, 1)
    status, raw = trainer.call(
        f"/planspiel/api/{a['code']}/export", token=a["trainer_token"], method="GET"
    )
    assert status == 200 and raw[:2] == b"PK"

    # the WebSocket of room B refuses room A's seat; room A's pushes A's own view
    async def views():
        import websockets

        ws_base = web_server.url.replace("http://", "ws://").rstrip("/")
        headers = {"Cookie": alice.cookie_header()}
        async with websockets.connect(
            f"{ws_base}/planspiel/ws/{a['code']}", additional_headers=headers
        ) as ws:
            own = json.loads(await asyncio.wait_for(ws.recv(), 10))
        # a phone that vanishes without closing (sleep, lost network), then a round
        gone = await websockets.connect(
            f"{ws_base}/planspiel/ws/{a['code']}", additional_headers=headers
        )
        await asyncio.wait_for(gone.recv(), 10)
        gone.transport.abort()
        await asyncio.sleep(0.3)
        status, _ = trainer.json(
            f"/planspiel/api/{a['code']}/trainer/next", {"months": 1}, token=a["trainer_token"]
        )
        assert status == 200
        await asyncio.sleep(0.5)
        other = Client(web_server.url)  # no cookie at all
        try:
            async with websockets.connect(
                f"{ws_base}/planspiel/ws/{b['code']}",
                additional_headers={"Cookie": other.cookie_header()},
            ) as ws:
                await asyncio.wait_for(ws.recv(), 10)
            refused = None
        except websockets.ConnectionClosed as exc:
            refused = exc.rcvd.code if exc.rcvd else None
        except websockets.InvalidStatus as exc:
            refused = exc.response.status_code
        return own, refused

    # Playwright's sync API runs an event loop in this thread: use another one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        own, refused = pool.submit(asyncio.run, views()).result(60)
    assert own["code"] == a["code"] and own["month"] == 1 and own["me"]["index"] == 4
    assert refused in (4404, 403)
    assert "Traceback" not in web_server.log_text()


def test_a_device_in_the_network_cannot_open_rooms_in_the_app(browser, web_server):
    """Opened under a network name (as phones do), the app offers no "Raum eröffnen"."""
    port = web_server.url.rstrip("/").rsplit(":", 1)[1]
    # a Chromium of its own, with a host name that maps to this computer
    chromium = browser.browser_type.launch(
        executable_path="/usr/bin/chromium",
        headless=True,
        # "workshop.test" is this computer, as a network address would be
        args=["--no-sandbox", "--host-resolver-rules=MAP workshop.test 127.0.0.1"],
    )
    try:
        page = chromium.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(60_000)
        page.goto(f"http://workshop.test:{port}/")
        page.locator(".dkbm-view-planspiel").click()
        expect(page.locator(".dkbm-ps-local-only")).to_contain_text(t("ps_err_local_only", "de"))
        assert page.locator(".dkbm-ps-open").count() == 0
        page.goto(f"http://workshop.test:{port}/planspiel")  # the phones' page works
        expect(page.locator("input.ps-code")).to_be_visible()
    finally:
        chromium.close()


def test_wrong_room_code_gets_a_clear_message(phones, web_server):
    phone = phones(f"{web_server.url}planspiel/ZZZZ999")
    expect(phone.page.locator(".ps-error")).to_have_text(t("ps_err_no_room", "de", code="ZZZZ999"))
    phone.page.locator("input.ps-code").fill("abc1234")
    phone.page.locator(".ps-enter").click()
    expect(phone.page.locator(".ps-error")).to_have_text(t("ps_err_no_room", "de", code="abc1234"))
    phone.shot("planspiel-phone-wrong-code")
    assert phone.outside == [] and phone.errors == []


def test_guessing_codes_is_rate_limited(web_server):
    """Last in this file: afterwards 127.0.0.1 may not look up rooms for a minute."""
    client = Client(web_server.url)
    statuses = [
        client.json(f"/planspiel/api/WRONG{k:02d}/join")[0]
        for k in range(FAILED_LOOKUPS_PER_MINUTE + 1)
    ]
    assert statuses[-1] == 429 and set(statuses[:-1]) <= {404, 429}
    status, body = client.json("/planspiel/api/WRONG99/join")
    assert (status, body["message"]) == (429, t("ps_err_rate", "de"))
