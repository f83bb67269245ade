"""The module the Solara server loads (``dkbm web``): light, so the server answers early.

Importing the app (matplotlib figures, the planner, the model with Mesa and pandas)
takes several seconds on a small machine. This module imports only Solara; a
background thread warms everything up as soon as the server process starts (imports the
app and the Mesa model, builds one session, draws the live chart and the network once),
while the browser loads the page's front-end files. The first page render waits for the
warm-up only if it has not finished yet (Python's import lock), and then finds everything
loaded. ``benchmarks/bench_web.py`` measures server start to page interactive.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

# Solara and reacton look up pandas.DataFrame, numpy.ndarray and PIL.Image lazily in
# sys.modules on every render: a render while another thread is half-way through
# importing one of them fails. So these come in now, before the server answers.
import numpy  # noqa: F401
import pandas  # noqa: F401
import PIL.Image  # noqa: F401
import solara

log = logging.getLogger(__name__)
ready = threading.Event()
PORT_ENV = "DKBM_WEB_PORT"  # set by ``dkbm web``: the warm-up starts when it accepts
SOCKET_WAIT, WARM_UP_WAIT = 30.0, 120.0  # seconds


def wait_for_socket(port: int, timeout: float = SOCKET_WAIT) -> None:
    """Return once the server accepts connections on ``port`` (or after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)


def warm_up() -> None:
    """Import and exercise the app once (in a daemon thread of the server process), as
    soon as the server's socket is up, so that the server answers first."""
    try:
        port = os.environ.get(PORT_ENV, "")
        if port.isdigit():
            wait_for_socket(int(port))
        from .app import App  # noqa: F401 - the import is the warm-up
        from .live import live_chart, live_series, network_chart
        from .state import Session

        session = Session()
        model = session.live.model
        live_chart(session, session.lang.value, False).render(live_series(model), 0)
        network_chart(session, session.lang.value, False, "readiness").render(model)
    except Exception:  # the page will show the real error when it renders
        log.exception("web app warm-up failed")
    finally:
        ready.set()


threading.Thread(target=warm_up, name="dkbm-warm-up", daemon=True).start()


@solara.component
def Page():
    """One browser session (see :func:`simulation.web.app.Page`)."""
    # one import at a time: wait for the warm-up rather than import beside it
    ready.wait(WARM_UP_WAIT)
    from .app import Page as AppPage

    return AppPage()


@solara.component
def Layout(children=[]):  # noqa: B006 - Solara's layout signature
    """No Solara app bar or sidebar (see :func:`simulation.web.app.Layout`)."""
    solara.Column(children=children, style="width: 100%", gap="0px")
