"""Fixtures of the web app tests.

Fast tests render the app in-process with ``solara.render`` (no browser). Browser tests
(``-m browser``) start a real ``dkbm web`` server on a free port once per session and
drive headless Chromium (``/usr/bin/chromium``) through Playwright; every request that
is not to 127.0.0.1 is blocked and recorded, and screenshots go to test-artifacts/web/.
"""

from __future__ import annotations

import os
import re
import selectors
import subprocess
import sys
import time
from pathlib import Path

import pytest
from process_helpers import free_port, stop
from web_helpers import Rendered

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")


def _cheap_comms() -> None:
    """Solara's test-mode comm records a stack trace per widget (a third of a render);
    the tests do not need it."""
    import comm
    import solara.comm

    dummy = getattr(solara.comm, "DummyComm", None)
    if dummy is not None and comm.create_comm is getattr(solara.comm, "create_dummy_comm", None):
        comm.create_comm = lambda *args, **kwargs: dummy(*args, **kwargs)


_cheap_comms()

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")


@pytest.fixture
def app():
    rendered = Rendered()
    yield rendered
    rendered.close()


@pytest.fixture
def app_factory():
    made = []

    def make(session=None):
        rendered = Rendered(session)
        made.append(rendered)
        return rendered

    yield make
    for rendered in made:
        rendered.close()


# --- a real server and a real browser --------------------------------------------------------
class Server:
    def __init__(self, url: str, process: subprocess.Popen, log: Path):
        self.url, self.process, self.log = url, process, log

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


def _start_server(tmp: Path) -> Server:
    port = free_port()
    log = tmp / "dkbm-web.log"
    dkbm = Path(sys.executable).with_name("dkbm")
    command = [str(dkbm), "web"] if dkbm.exists() else [sys.executable, "-m", "simulation.web"]
    command += ["--port", str(port), "--lang", "de"]
    with open(log, "wb") as err:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: teardown stops it and solara
            cwd=ROOT,
        )
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + 120
    line = b""
    try:
        while time.monotonic() < deadline and not line.endswith(b"\n"):
            if process.poll() is not None:
                raise RuntimeError(
                    f"dkbm web exited with {process.returncode}: "
                    f"{log.read_text('utf-8', errors='replace')[-2000:]}"
                )
            if selector.select(timeout=0.5):
                chunk = os.read(process.stdout.fileno(), 1)
                if not chunk:
                    break
                line += chunk
    finally:
        selector.close()
    url = line.decode().strip()
    if not re.fullmatch(r"http://127\.0\.0\.1:\d+/", url):
        _stop_server(process)
        raise RuntimeError(
            f"dkbm web printed {url!r}, not its address; log:\n"
            f"{log.read_text('utf-8', errors='replace')[-2000:]}"
        )
    return Server(url, process, log)


def _stop_server(process: subprocess.Popen) -> None:
    stop(process, group=True)  # the server and its solara workers


@pytest.fixture(scope="session")
def web_server(tmp_path_factory):
    server = _start_server(tmp_path_factory.mktemp("web"))
    try:
        yield server
    finally:
        _stop_server(server.process)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class BrowserSession:
    """One browser context (= one app session) with outside requests blocked."""

    def __init__(self, browser, server: Server):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.set_default_timeout(60_000)
        self.server = server

    def _route(self, route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self):
        self.page.goto(self.server.url)
        self.page.locator(".dkbm-step").first.wait_for(state="visible")
        self.page.locator(".dkbm-live-chart").first.wait_for(state="visible")
        return self.page

    def shot(self, name: str):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def browser_session(browser, web_server):
    made = []

    def make():
        session = BrowserSession(browser, web_server)
        made.append(session)
        return session

    yield make
    for session in made:
        session.close()
