"""The manifest of a sweep: spec, scenario, design, versions and sessions (``manifest.json``)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import socket

from ..output import git_commit
from .design import run_formula
from .plan import Plan
from .spec import SweepSpec, to_toml
from .storage import FORMAT

SCENARIO_COPY = "scenario.toml"


def versions() -> dict[str, str]:
    """Versions of Python, the packages the numbers depend on, and the git commit."""
    from importlib import metadata

    out = {"python": platform.python_version(), "platform": platform.platform()}
    for dist in (
        "dkbm-sim",
        "mesa",
        "numpy",
        "scipy",
        "pandas",
        "pyarrow",
        "SALib",
        "dask",
        "distributed",
    ):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    out["git"] = _git_commit()
    return out


def _git_commit() -> str:
    """``<commit>`` or ``<commit>+modified``; ``unknown`` outside a git checkout."""
    git = git_commit()
    if git is None:
        return "unknown"
    return git["commit"] + ("+modified" if git["dirty"] else "")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def coordinator() -> dict:
    """Who runs a session: ``pid``, ``host`` and the process's start time (``pid_started``).

    The start time (seconds since the epoch, from the OS) tells a pid that was reused
    by a later process from the coordinator itself.
    """
    return {"pid": os.getpid(), "host": socket.gethostname(), "pid_started": _started(os.getpid())}


def _started(pid: int) -> float | None:
    try:
        import psutil  # a dependency of dask.distributed
    except ImportError:  # pragma: no cover
        return None
    try:
        return round(psutil.Process(pid).create_time(), 2)
    except (psutil.Error, OSError):
        return None


def session_alive(session: dict, lock_held: bool | None) -> bool:
    """Whether the process of a session recorded as ``running`` still runs.

    ``lock_held`` (the sweep directory's session lock, see ``SweepDir.session_running``)
    decides where it is known: the kernel releases a dead coordinator's lock. Without
    it (no ``flock``, or a sweep written before the lock existed), a session on this
    host is alive while its pid runs with the recorded start time; a session on another
    host is assumed alive.
    """
    if lock_held is not None:
        return lock_held
    if session.get("host") != socket.gethostname() or "pid" not in session:
        return True
    started = _started(int(session["pid"]))
    if started is None:
        return False
    recorded = session.get("pid_started")
    return recorded is None or abs(started - float(recorded)) < 1.0


def new_manifest(plan: Plan) -> dict:
    spec, scenario = plan.spec, plan.scenario
    return {
        "format": FORMAT,
        "created": now(),
        "spec": spec.to_dict(),
        "spec_sha256": spec.digest(),
        "spec_source": spec.source,
        "scenario": {
            "name": scenario.name,
            "source": scenario.source,
            "sha256": scenario.sha256,
            "copy": SCENARIO_COPY,
        },
        "design": {
            "kind": spec.design,
            "parameters": list(plan.design.names),
            "points": plan.design.points,
            "replications": spec.replications,
            "runs": plan.total,
            "formula": run_formula(spec),
            "months": plan.config.months,
            "seed": spec.seed,
            "batch_size": spec.batch_size,
            "batches": plan.batches,
        },
        "versions": versions(),
        "sessions": [],
        "status": "created",
    }


def reproducible_spec_text(spec: SweepSpec) -> str:
    data = spec.to_dict()
    data["sweep"]["scenario"] = SCENARIO_COPY
    return (
        "# Canonical copy written by `dkbm sweep`; `dkbm sweep spec.toml --out NEW` repeats the\n"
        "# sweep with the scenario as it was (scenario.toml).\n" + to_toml(data)
    )
