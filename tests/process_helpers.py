"""Helpers shared by the test suites: waiting for a condition, a free port, starting and
stopping a process we started. Import from here (``from process_helpers import ...``),
not a copy; ``tests/conftest.py`` puts this directory on ``sys.path``."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from simulation.web.server import free_port  # noqa: F401  (the product's own, re-exported)


def default_sigint() -> None:
    """``preexec_fn`` for a child that a test interrupts with SIGINT (Ctrl-C): a child
    inherits an ignored SIGINT (pytest-xdist's workers ignore it) and Python then keeps
    ignoring it, so the default is restored before the child's Python starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for(predicate, timeout: float = 30.0, what: str = "the condition", interval=0.05):
    """Poll until ``predicate()`` is truthy and return its value; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def stop(proc: subprocess.Popen, timeout: float = 10, *, group: bool = False) -> None:
    """Terminate a process we started (with ``group``, its whole process group, for a
    process started with ``start_new_session=True``) and reap it; kill it if it does not
    end within ``timeout`` seconds."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM) if group else proc.terminate()
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL) if group else proc.kill()
            proc.wait(timeout)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
