"""Start the Solara server of the web app: offline, on loopback, in a child process.

``dkbm web`` runs ``python -m solara run simulation.web.app --production`` with this
interpreter, waits until the page answers, prints its address on stdout and stops
the server on Ctrl+C or SIGTERM.

Offline operation: Solara's page loads its front-end (Vue, Vuetify, require.js, fonts)
from ``/_solara/cdn/...``, which the server answers from a cache directory filled by the
``solara-assets`` package (``<venv>/share/solara/cdn``). On a cache miss Solara would
fetch the file from a CDN on the internet; ``SOLARA_ASSETS_CDN`` is pointed at a
closed loopback port instead, so the server never goes online, and
:func:`missing_assets` checks before the start that every file the page needs is there.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

APP_MODULE = "simulation.web.entry"  # light: the app itself is warmed up in the background
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765
START_TIMEOUT = 90.0  # seconds until the page must answer
OFFLINE_CDN = "http://127.0.0.1:9/npm/"  # closed port: a cache miss fails at once, locally
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServerError(Exception):
    """The server could not be started (one line, for ``error:``)."""


def server_env(lang: str, base: dict | None = None) -> dict[str, str]:
    """Environment of the server process."""
    env = dict(os.environ if base is None else base)
    env.update(
        {
            "MPLBACKEND": "Agg",
            "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
            "SOLARA_ASSETS_CDN": OFFLINE_CDN,
            "DKBM_WEB_LANG": lang,
            "PYTHONUNBUFFERED": "1",
            # plain http on loopback is fine: not Solara's 15-line cookie warning per page
            "PYTHONWARNINGS": "ignore:Cookies with samesite:UserWarning",
        }
    )
    return env


def solara_command(host: str, port: int, python: str | None = None) -> list[str]:
    return [
        python or sys.executable,
        "-m",
        "solara",
        "run",
        APP_MODULE,
        "--production",
        "--no-open",
        "--host",
        host,
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def asset_cache() -> Path:
    """Where Solara looks for its front-end files."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def required_assets() -> list[str]:
    """The ``package@version`` directories the page loads, read from Solara's page template
    (Vue 2 build, as ipyvue < 2 uses)."""
    import solara

    template = Path(solara.__file__).parent / "server" / "templates" / "solara.html.j2"
    text = _drop_vue3_branches(template.read_text("utf-8"))
    found = re.findall(r"{{cdn}}/((?:@[\w.-]+/)?[\w.-]+@[\w.-]+)/", text)
    packages = set(found)
    packages.add("font-awesome@4.5.0")  # fontawesome_path, see solara.server.settings
    return sorted(packages)


def _drop_vue3_branches(text: str) -> str:
    """Remove the ``{% if vue3 == True %}`` branches (up to their own ``else``/``endif``)."""
    out, depth, skipping = [], 0, None
    for token in re.split(r"({%.*?%})", text, flags=re.S):
        tag = token.strip("{}% \n\t") if token.startswith("{%") else None
        if tag is not None and tag.startswith("if "):
            depth += 1
            if skipping is None and re.fullmatch(r"if vue3 == True", tag):
                skipping = depth
                continue
        elif tag in ("else", "endif") or (tag or "").startswith("elif"):
            if skipping == depth:
                if tag == "endif":
                    depth -= 1
                skipping = None
                continue
            if tag == "endif":
                depth -= 1
        if skipping is None:
            out.append(token)
    return "".join(out)


def missing_assets(cache: Path | None = None) -> list[str]:
    cache = asset_cache() if cache is None else cache
    return [p for p in required_assets() if not (cache / p).is_dir()]


def check_port(host: str, port: int) -> None:
    """Fail early, with a clear line, if ``host`` is unknown or ``port`` is taken."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise ServerError(
            f"--host '{host}': unknown host name or address "
            f"(use {DEFAULT_HOST} for this computer only)"
        ) from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise ServerError(
                f"--port {port}: cannot listen on {host}:{port} ({exc.strerror}); "
                f"choose another port, e.g. --port {port + 1}"
            ) from None


def free_port(host: str = DEFAULT_HOST) -> int:
    """A port that is free on ``host`` now."""
    family, _, _, _, address = socket.getaddrinfo(host, 0, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind(address)
        return sock.getsockname()[1]


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def wait_until_serving(url: str, process: subprocess.Popen, timeout: float = START_TIMEOUT):
    """Poll ``url`` until it answers 200; fail if the process ends or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(
                f"the Solara server stopped during start-up "
                f"(exit code {process.returncode}); see the messages above"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise ServerError(f"the Solara server did not answer at {url} within {timeout:.0f} s")


def network_address() -> str:
    """This computer's address in the local network (no packet is sent); loopback if none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))
            return sock.getsockname()[0]
        except OSError:
            return DEFAULT_HOST


def join_base(host: str, port: int) -> str:
    """The address phones use to join a Planspiel (``DKBM_WEB_JOIN_BASE``)."""
    if host in ("0.0.0.0", "::"):
        host = network_address()
    return url_of(host, port).rstrip("/")


def start(host: str, port: int, lang: str, *, stdout=None, stderr=None) -> subprocess.Popen:
    """Start the server process (not waiting for it)."""
    env = server_env(lang)
    env["DKBM_WEB_JOIN_BASE"] = join_base(host, port)
    env["DKBM_WEB_PORT"] = str(port)  # simulation.web.entry warms up once this answers
    return subprocess.Popen(
        solara_command(host, port),
        env=env,
        stdout=stdout,
        stderr=stderr,
        stdin=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen, grace: float = 5.0) -> int:
    """Stop the server process: SIGTERM, then SIGKILL after ``grace`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, lang: str = "de") -> int:
    """Run the web app until interrupted; print its address once it serves.

    Returns the exit code (0 after Ctrl+C or SIGTERM).
    """
    check_port(host, port)  # also checks the host, before a free port is looked for
    if port == 0:
        port = free_port(host)
    missing = missing_assets()
    if missing:
        raise ServerError(
            f"offline front-end files missing in {asset_cache()}: {', '.join(missing)}; "
            "run scripts/setup.sh (it installs solara-assets)"
        )
    if host not in LOOPBACK:
        print(
            f"dkbm web: listening on {host}, beyond this computer: other devices in the "
            f"network can open {join_base(host, port)}/ (Planspiel: {join_base(host, port)}"
            "/planspiel)",
            file=sys.stderr,
        )
    url = url_of(host, port)
    # Solara's banner ("starting at ...", printed before it accepts connections) is
    # dropped: stdout carries only the address, printed once the page answers; errors
    # still reach stderr
    process = start(host, port, lang, stdout=subprocess.DEVNULL)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        wait_until_serving(url, process)
        print(url, flush=True)
        print(
            "dkbm web: Strg+C beendet den Server / Ctrl+C stops the server",
            file=sys.stderr,
            flush=True,
        )
        code = process.wait()
        return code
    except KeyboardInterrupt:
        stop(process)
        return 0
    finally:
        stop(process)
        signal.signal(signal.SIGTERM, previous)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _stderr_fd():
    try:
        return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return subprocess.DEVNULL
