"""Run a sweep over any ``concurrent.futures.Executor``, streaming results to Parquet.

One code path for every executor: batches are formed deterministically from the
run ids (``batch_size`` runs each, from the spec), submitted through a bounded
window, and each finished batch is written as one part file by this process, so
workers need no shared file system and the coordinator holds at most a window of
batches. ``--resume`` runs exactly the runs that have no result row yet.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import models
from simulation.errors import LocatedInputError

from .manifest import (
    SCENARIO_COPY,
    coordinator,
    new_manifest,
    now,
    reproducible_spec_text,
    session_alive,
    versions,
)
from .plan import Plan, design_chunks, iter_batches, plan_sweep, points_table
from .spec import SweepSpec, output_names
from .storage import FORMAT, SweepDir
from .tasks import Batch, BatchResult, RunConfig, run_batch

__all__ = [
    "Plan",
    "SweepAborted",
    "SweepReport",
    "plan_sweep",
    "read_results",
    "run_sweep",
    "sweep_status",
]


class SweepAborted(RuntimeError):
    """The executor broke (e.g. a process-pool worker died); finished batches are kept."""


@dataclass(frozen=True)
class SweepReport:
    """Outcome of one call of :func:`run_sweep`."""

    path: Path
    total: int
    done: int
    failed: int
    ran: int
    seconds: float
    status: str

    @property
    def missing(self) -> int:
        return self.total - self.done


# --- running ---------------------------------------------------------------------------------
def run_sweep(
    plan: Plan | SweepSpec | str | Path,
    out: str | Path,
    *,
    executor: cf.Executor | None = None,
    resume: bool = False,
    progress: bool = True,
    window: int | Callable[[], int] | None = None,
    executor_label: str = "serial",
    log: Callable[[str], None] | None = None,
) -> SweepReport:
    """Run (or resume) a sweep into directory ``out``.

    Parameters
    ----------
    plan : Plan, SweepSpec or path
        What to run (a path or spec is validated with :func:`plan_sweep`).
    out : path
        Sweep directory; must not hold a sweep unless ``resume``.
    executor : concurrent.futures.Executor, optional
        Where batches run; default in this process (:class:`simulation.executors.SerialExecutor`).
        The caller owns it (and shuts it down).
    resume : bool
        Continue the sweep in ``out``: run exactly the runs without a result row.
    progress : bool
        Show a progress bar (runs done / total, rate, ETA) on stderr.
    window : int or callable, optional
        Most batches in flight at once; default twice the executor's workers.
    executor_label : str
        Recorded in the manifest's session (e.g. ``"processes:2"``).

    Returns
    -------
    SweepReport
    """
    store = SweepDir(out)
    if not isinstance(plan, Plan):
        plan = plan_sweep(plan, resume_dir=out if resume else None)
    with contextlib.ExitStack() as stack:
        if resume:
            _hold_lock(stack, store.require())
            manifest = _check_resume(plan, store)
        else:
            manifest = _create(plan, store)
            _hold_lock(stack, store)
        return _run_session(
            plan, store, manifest, executor, resume, progress, window, executor_label, log
        )


def _hold_lock(stack: contextlib.ExitStack, store: SweepDir) -> None:
    """Take the session lock for the rest of ``stack``; refuse if another session runs."""
    if stack.enter_context(store.session_lock()):
        return
    sessions = store.read_manifest().get("sessions") or [{}]
    last = sessions[-1]
    who = f"process {last['pid']} on {last['host']}" if "pid" in last else "another process"
    raise LocatedInputError(
        str(store.path),
        f"a session of this sweep is running ({who}, started {last.get('started', '?')}); "
        "wait until it ends or stop it first",
    )


def _run_session(
    plan: Plan,
    store: SweepDir,
    manifest: dict,
    executor: cf.Executor | None,
    resume: bool,
    progress: bool,
    window: int | Callable[[], int] | None,
    executor_label: str,
    log: Callable[[str], None] | None,
) -> SweepReport:
    from simulation.executors import SerialExecutor, executor_slots

    executor = executor or SerialExecutor()
    if window is None:
        window = lambda: max(2, 2 * executor_slots(executor))  # noqa: E731
    limit = _throttled(window) if callable(window) else (lambda: int(window))

    done, _ = store.done_mask(plan.total)
    before = int(done.sum())
    _close_dead_sessions(manifest["sessions"], before)
    session = {
        "started": now(),
        **coordinator(),
        "executor": executor_label,
        "resumed": resume,
        "runs_before": before,
        "git": versions()["git"] if resume else manifest["versions"]["git"],
        "status": "running",
    }
    first_git = manifest["sessions"][0]["git"] if manifest["sessions"] else session["git"]
    if log is not None and session["git"] != first_git:
        log(
            f"warning: the code (git {session['git'][:12]}) differs from the one that started "
            f"this sweep (git {first_git[:12]}); runs of the two may differ"
        )
    manifest["sessions"].append(session)
    manifest["status"] = "running"
    store.write_manifest(manifest)

    from tqdm import tqdm

    bar = tqdm(
        total=plan.total,
        initial=before,
        unit="run",
        file=sys.stderr,
        disable=not progress,
        mininterval=0.5,
        dynamic_ncols=True,
        desc="sweep",
    )
    start = time.perf_counter()
    ran = failures = 0
    batches = iter_batches(plan, ~done)
    inflight: dict[cf.Future, tuple[Batch, bool]] = {}
    status = "completed"
    try:
        while True:
            while len(inflight) < limit():
                item = next(batches, None)
                if item is None:
                    break
                inflight[executor.submit(run_batch, plan.config, item[0])] = item
            if not inflight:
                break
            finished, _ = cf.wait(list(inflight), return_when=cf.FIRST_COMPLETED)
            for future in finished:
                batch, whole = inflight.pop(future)
                result = _result_of(future, plan.config, batch)
                name = store.part_name(batch.index, result.first_run_id, whole)
                store.write_result(name, result.summary, result.timeseries)
                ran += result.runs
                failures += result.failed
                bar.update(result.runs)
                if result.failed:
                    bar.set_postfix(failed=failures, refresh=False)
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    except cf.BrokenExecutor as exc:
        status = "aborted"
        raise SweepAborted(
            f"the executor broke ({type(exc).__name__}: {exc}); {ran} runs finished in this "
            f"session are saved; continue with --resume"
        ) from None
    except BaseException:
        status = "aborted"
        raise
    finally:
        for future in inflight:
            future.cancel()
        bar.close()
        seconds = time.perf_counter() - start
        counts = store.progress(plan.total)
        if status == "completed" and counts.missing:
            status = "incomplete"
        session.update(
            finished=now(),
            seconds=round(seconds, 3),
            runs=ran,
            runs_failed=failures,
            status=status,
        )
        manifest["status"] = "complete" if counts.missing == 0 else status
        manifest["progress"] = {
            "total": counts.total,
            "done": counts.done,
            "failed": counts.failed,
            "missing": counts.missing,
        }
        store.write_manifest(manifest)
    if log is not None and failures:
        log(f"warning: {failures} runs failed; their errors are in the 'error' column")
    return SweepReport(store.path, counts.total, counts.done, counts.failed, ran, seconds, status)


def _close_dead_sessions(sessions: list[dict], done: int) -> None:
    """Record sessions still marked running (their process was killed) as interrupted.

    Called while holding the session lock, so none of them runs. Their runs are the
    results that appeared until the next session started.
    """
    for k, session in enumerate(sessions):
        if session.get("status") != "running":
            continue
        later = sessions[k + 1]["runs_before"] if k + 1 < len(sessions) else done
        session.update(status="interrupted", killed=True, runs=later - session["runs_before"])


def _throttled(fn: Callable[[], int], every: float = 2.0) -> Callable[[], int]:
    """``fn`` re-evaluated at most every ``every`` seconds (it may ask a scheduler)."""
    cache = {"at": -np.inf, "value": 1}

    def limit() -> int:
        now = time.monotonic()
        if now - cache["at"] >= every:
            cache["at"], cache["value"] = now, max(1, int(fn()))
        return cache["value"]

    return limit


def _result_of(future: cf.Future, config: RunConfig, batch: Batch) -> BatchResult:
    """The batch's result; if the task itself failed, every run is recorded as failed."""
    try:
        return future.result()
    except cf.BrokenExecutor:
        raise
    except Exception as exc:  # e.g. a Dask KilledWorker: failures are data
        return failed_result(config, batch, f"{type(exc).__name__}: {' '.join(str(exc).split())}")


def failed_result(config: RunConfig, batch: Batch, error: str) -> BatchResult:
    from .tasks import _summary_table

    n = len(batch)
    outputs = {name: np.full(n, np.nan) for name in output_names()}
    summary = _summary_table(config, batch, outputs, [error] * n)
    timeseries = None
    if config.timeseries_every:
        from .tasks import _timeseries_table

        months = np.arange(0, config.months + 1, config.timeseries_every)
        series = {m: np.full((n, len(months)), np.nan) for m in models.METRIC_NAMES}
        timeseries = _timeseries_table(batch, series, months, [error] * n)
    return BatchResult(batch.index, int(batch.run_id[0]), n, n, summary, timeseries, 0.0)


def _create(plan: Plan, store: SweepDir) -> dict:
    path = store.path
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        what = "a sweep" if store.is_sweep() else "other files"
        raise LocatedInputError(
            str(path),
            f"--out directory already holds {what}; add --resume to continue it or choose "
            "another directory",
            key="out",
        )
    # build the skeleton next to it and rename it into place: never half a sweep directory
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = SweepDir(path.parent / f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.path.mkdir()
        tmp.results.mkdir()
        scenario = plan.scenario
        text = scenario.text if scenario.text is not None else scenario.to_toml()
        (tmp.path / SCENARIO_COPY).write_text(text, encoding="utf-8")
        tmp.spec_path.write_text(reproducible_spec_text(plan.spec), encoding="utf-8")
        tmp.write_points(points_table(plan))
        tmp.write_design(design_chunks(plan))
        manifest = new_manifest(plan)
        tmp.write_manifest(manifest)
        os.replace(tmp.path, path)  # path is absent or an empty directory
    finally:
        shutil.rmtree(tmp.path, ignore_errors=True)
    return manifest


def _check_resume(plan: Plan, store: SweepDir) -> dict:
    store.require()
    manifest = store.read_manifest()
    if manifest.get("format") != FORMAT:
        raise LocatedInputError(str(store.manifest_path), f"format is not {FORMAT}")
    if manifest.get("spec_sha256") != plan.spec.digest():
        raise LocatedInputError(
            str(store.path),
            f"was started from a different spec than {plan.spec.source}; resume with "
            f"{store.spec_path} or start a new --out directory",
        )
    if manifest["scenario"]["sha256"] != plan.scenario.sha256:
        raise LocatedInputError(
            str(store.path),
            f"scenario '{plan.scenario.name}' changed since the sweep started; resume with "
            f"{store.spec_path} (it uses the saved copy {SCENARIO_COPY})",
        )
    if manifest["design"]["runs"] != plan.total:
        raise LocatedInputError(str(store.path), "the design does not match the stored one")
    if manifest["versions"].get("dkbm-sim") != versions()["dkbm-sim"]:
        raise LocatedInputError(
            str(store.path),
            f"was started with dkbm-sim {manifest['versions'].get('dkbm-sim')}; this is "
            f"{versions()['dkbm-sim']}: results would mix model versions",
        )
    store.clean_temporary()
    store.results.mkdir(exist_ok=True)
    return manifest


def read_results(path: str | Path, *, with_errors: bool = True):
    """The results table of a sweep as a pandas DataFrame, sorted by run id.

    Parameters
    ----------
    with_errors : bool
        Keep failed runs (``error`` not null); False drops them.
    """
    import pandas as pd

    store = SweepDir(path).require()
    parts = store.part_files()
    if not parts:
        return pd.DataFrame()
    frame = pd.read_parquet(store.results)
    if not with_errors:
        frame = frame[frame["error"].isna()]
    return frame.sort_values("run_id", kind="stable").reset_index(drop=True)


def sweep_status(path: str | Path) -> dict:
    """Done / failed / missing runs of a sweep directory, with its design and sessions.

    Returns
    -------
    dict
        ``path``, ``status`` (``complete`` or ``incomplete``), ``last_session``
        (``completed``, ``incomplete``, ``interrupted``, ``aborted`` or ``running``),
        ``running`` (a coordinator is at work now), ``resume`` (the command that
        continues an incomplete sweep that is not running, else None), ``total``,
        ``done``, ``ok``, ``failed``, ``missing``, ``design`` (from the manifest),
        ``sessions`` and ``errors`` (up to 5 distinct messages with their counts).
        A session recorded as running whose coordinator is gone (killed: its session
        lock is free, or its pid no longer runs on this host) is reported as
        ``interrupted`` with ``killed: true`` and the runs saved until then.
    """
    import pyarrow.parquet as pq

    store = SweepDir(path).require()
    manifest = store.read_manifest()
    total = int(manifest["design"]["runs"])
    counts = store.progress(total)
    errors: dict[str, int] = {}
    if counts.failed:
        for part in store.part_files():
            for message in pq.read_table(part, columns=["error"]).column("error").drop_null():
                key = message.as_py()
                errors[key] = errors.get(key, 0) + 1
    sessions = [dict(s) for s in manifest.get("sessions", [])]
    lock_held = store.session_running()
    running = False
    for k, session in enumerate(sessions):
        if session.get("status") != "running":
            continue
        last = k == len(sessions) - 1
        if last and session_alive(session, lock_held):
            running = True
            continue
        # the process ended without recording its end: killed (SIGKILL, power, OOM)
        later = counts.done if last else sessions[k + 1].get("runs_before", counts.done)
        session.update(status="interrupted", killed=True, runs=later - session["runs_before"])
    resume = None
    if counts.missing and not running:
        resume = f"dkbm sweep {store.spec_path} --out {store.path} --resume"
    return {
        "path": str(store.path),
        "status": "complete" if counts.missing == 0 else "incomplete",
        "last_session": sessions[-1]["status"] if sessions else "none",
        "running": running,
        "resume": resume,
        "total": total,
        "done": counts.done,
        "ok": counts.ok,
        "failed": counts.failed,
        "missing": counts.missing,
        "design": manifest["design"],
        "sessions": sessions,
        "errors": dict(sorted(errors.items(), key=lambda kv: -kv[1])[:5]),
    }
