"""Run a sweep over any ``concurrent.futures.Executor``, streaming results to Parquet.

One code path for every executor: batches are formed deterministically from the
run ids (``batch_size`` runs each, from the spec), submitted through a bounded
window, and each finished batch is written as one part file by this process, so
workers need no shared file system and the coordinator holds at most a window of
batches. ``--resume`` runs exactly the runs that have no result row yet.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

import models
from simulation.errors import LocatedInputError
from simulation.seeds import replication_seeds

from .design import Design, build_design, count_points, run_formula
from .spec import SweepSpec, load_spec, output_names, to_toml
from .storage import FORMAT, SweepDir
from .tasks import Batch, BatchResult, RunConfig, run_batch

SCENARIO_COPY = "scenario.toml"
DESIGN_CHUNK = 8192  # design points per chunk of design.parquet


class SweepAborted(RuntimeError):
    """The executor broke (e.g. a process-pool worker died); finished batches are kept."""


@dataclass(frozen=True)
class Plan:
    """A validated sweep, ready to run: spec, scenario, shared run settings, design."""

    spec: SweepSpec
    scenario: object
    config: RunConfig
    design: Design

    @property
    def total(self) -> int:
        return self.design.points * self.spec.replications

    @property
    def batches(self) -> int:
        return -(-self.total // self.spec.batch_size)


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


def plan_sweep(
    spec: SweepSpec | str | Path,
    *,
    resume_dir: str | Path | None = None,
    design: Design | None = None,
) -> Plan:
    """Validate ``spec`` against its scenario and build the design; nothing is written.

    With ``resume_dir``, the design points are read from that sweep directory rather
    than sampled again (so a resumed sweep cannot drift with library versions).

    Raises
    ------
    simulation.errors.LocatedInputError
        For a bad spec, an unknown scenario or a spec/scenario conflict.
    """
    if not isinstance(spec, SweepSpec):
        spec = load_spec(spec)
    if resume_dir is not None and design is None:
        design = _stored_design(spec, SweepDir(resume_dir))
    from simulation.scenarios import load_scenario

    target = spec.scenario
    if _looks_like_path(target):
        target = str(Path(spec.base_dir) / target)
    try:
        scenario = load_scenario(target)
    except models.InputError as exc:
        message = str(exc).removeprefix("scenario: ")
        raise LocatedInputError(
            spec.source, f"sweep.scenario: {message}", key="sweep.scenario"
        ) from None
    if scenario.departments is not None and "n_departments" in spec.names:
        raise LocatedInputError(
            spec.source,
            f"parameters.n_departments: cannot be varied: scenario '{scenario.name}' lists its "
            f"{len(scenario.departments)} departments",
            key="parameters.n_departments",
        )
    try:
        run_scenario = scenario
        if spec.fixed:
            run_scenario = run_scenario.with_parameters(**spec.fixed)
        if spec.months is not None:
            run_scenario = run_scenario.with_run(months=spec.months)
    except models.InputError as exc:
        raise LocatedInputError(spec.source, f"conflicts with its scenario: {exc}") from None
    kwargs = run_scenario.model_kwargs()
    params = {
        k: v
        for k, v in kwargs.items()
        if k not in ("interventions", "shocks", "departments") and k not in spec.names
    }
    config = RunConfig(
        months=run_scenario.months,
        interventions=tuple(kwargs["interventions"]),
        shocks=tuple(kwargs["shocks"]),
        departments=kwargs["departments"],
        params=params,
        integer=tuple(f.name for f in spec.factors if f.integer),
        timeseries_every=spec.timeseries_every,
    )
    if design is None:
        points = count_points(spec)
        if points * spec.replications > 2**40:
            raise LocatedInputError(spec.source, f"the design has {points} points; too many")
        design = build_design(spec)
    return Plan(spec, scenario, config, design)


def _looks_like_path(name: str) -> bool:
    return "/" in name or "\\" in name or Path(name).suffix == ".toml"


# --- batches and the design table ----------------------------------------------------------
def _seeds(master: int, replications: int, rows: np.ndarray) -> np.ndarray:
    """Seeds (rows, replications): replication_seeds of each design row."""
    return np.array(
        [replication_seeds(master, replications, design_row=int(r)) for r in rows], dtype=np.int64
    ).reshape(len(rows), replications)


def iter_batches(plan: Plan, todo: np.ndarray) -> Iterator[tuple[Batch, bool]]:
    """Batches of the runs flagged in ``todo``; yields ``(batch, whole)``.

    Batch ``k`` always holds run ids ``k*B ... k*B + B - 1`` (or the missing ones among
    them), so batches, part-file names and numbers do not depend on the executor.
    """
    spec, values = plan.spec, plan.design.values
    size, reps = spec.batch_size, spec.replications
    for k in range(plan.batches):
        ids = np.arange(k * size, min((k + 1) * size, plan.total), dtype=np.int64)
        keep = todo[ids]
        if not keep.any():
            continue
        ids = ids[keep]
        rows, rep = ids // reps, ids % reps
        unique, inverse = np.unique(rows, return_inverse=True)
        seeds = _seeds(spec.seed, reps, unique)[inverse, rep]
        batch = Batch(
            index=k,
            run_id=ids,
            design_row=rows,
            replication=rep,
            seed=seeds,
            values={n: values[rows, j] for j, n in enumerate(plan.design.names)},
        )
        yield batch, bool(keep.all())


def points_table(plan: Plan) -> pa.Table:
    design = plan.design
    columns = {"design_row": pa.array(np.arange(design.points), pa.int64())}
    for j, name in enumerate(design.names):
        columns[f"u_{name}"] = pa.array(design.unit[:, j], pa.float64())
    for j, name in enumerate(design.names):
        columns[name] = _value_array(plan, name, design.values[:, j])
    return pa.table(columns)


def _value_array(plan: Plan, name: str, column: np.ndarray) -> pa.Array:
    if name in plan.config.integer:
        return pa.array(column.astype(np.int64), pa.int64())
    return pa.array(column, pa.float64())


def design_chunks(plan: Plan) -> Iterator[pa.Table]:
    """The run table (run_id, design_row, replication, seed, parameters) in chunks."""
    reps, design = plan.spec.replications, plan.design
    for start in range(0, max(design.points, 1), DESIGN_CHUNK):
        rows = np.arange(start, min(start + DESIGN_CHUNK, design.points), dtype=np.int64)
        seeds = _seeds(plan.spec.seed, reps, rows)
        run_rows = np.repeat(rows, reps)
        columns = {
            "run_id": pa.array(np.arange(start * reps, start * reps + len(run_rows)), pa.int64()),
            "design_row": pa.array(run_rows, pa.int64()),
            "replication": pa.array(np.tile(np.arange(reps), len(rows)), pa.int32()),
            "seed": pa.array(seeds.reshape(-1), pa.int64()),
        }
        for j, name in enumerate(design.names):
            columns[name] = _value_array(plan, name, design.values[run_rows, j])
        yield pa.table(columns)


def design_from_points(names: tuple[str, ...], table: pa.Table) -> Design:
    unit = np.column_stack([table.column(f"u_{n}").to_numpy() for n in names])
    values = np.column_stack([table.column(n).to_numpy().astype(float) for n in names])
    return Design(names, unit, values)


# --- manifest --------------------------------------------------------------------------------
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
    root = Path(models.__file__).resolve().parents[1]
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "status",
                "--porcelain",
                "--untracked-files=no",
                "--",
                "models",
                "simulation",
            ],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+modified" if dirty else "")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_manifest(plan: Plan) -> dict:
    spec, scenario = plan.spec, plan.scenario
    return {
        "format": FORMAT,
        "created": _now(),
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


def _reproducible_spec_text(spec: SweepSpec) -> str:
    data = spec.to_dict()
    data["sweep"]["scenario"] = SCENARIO_COPY
    return (
        "# Canonical copy written by `dkbm sweep`; `dkbm sweep spec.toml --out NEW` repeats the\n"
        "# sweep with the scenario as it was (scenario.toml).\n" + to_toml(data)
    )


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
    from simulation.executors import SerialExecutor, executor_slots

    store = SweepDir(out)
    if not isinstance(plan, Plan):
        plan = plan_sweep(plan, resume_dir=out if resume else None)
    if resume:
        manifest = _check_resume(plan, store)
    else:
        manifest = _create(plan, store)
    executor = executor or SerialExecutor()
    if window is None:
        window = lambda: max(2, 2 * executor_slots(executor))  # noqa: E731
    limit = _throttled(window) if callable(window) else (lambda: int(window))

    done, _ = store.done_mask(plan.total)
    before = int(done.sum())
    session = {
        "started": _now(),
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
            finished=_now(),
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
    path.mkdir(parents=True, exist_ok=True)
    store.results.mkdir()
    scenario = plan.scenario
    text = scenario.text if scenario.text is not None else scenario.to_toml()
    from .storage import atomic_write_bytes

    atomic_write_bytes(path / SCENARIO_COPY, text.encode("utf-8"))
    atomic_write_bytes(store.spec_path, _reproducible_spec_text(plan.spec).encode("utf-8"))
    store.write_points(points_table(plan))
    store.write_design(design_chunks(plan))
    manifest = new_manifest(plan)
    store.write_manifest(manifest)
    return manifest


def _stored_design(spec: SweepSpec, store: SweepDir) -> Design:
    store.require()
    names = spec.names
    points = store.read_points()
    missing = [n for n in names if n not in points.column_names]
    if missing:
        raise LocatedInputError(
            str(store.path),
            f"was started from a different spec (no parameter {missing[0]!r}); resume with "
            f"{store.spec_path} or start a new --out directory",
        )
    return design_from_points(names, points)


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
        ``path``, ``status`` (``complete`` or ``incomplete``), ``last_session`` (as
        recorded: ``completed``, ``interrupted``, ``aborted``, or ``running`` if the
        process was killed or is still running), ``total``, ``done``, ``ok``,
        ``failed``, ``missing``, ``design`` (from the manifest), ``sessions`` and
        ``errors`` (up to 5 distinct messages with their counts).
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
    sessions = manifest.get("sessions", [])
    return {
        "path": str(store.path),
        "status": "complete" if counts.missing == 0 else "incomplete",
        "last_session": sessions[-1]["status"] if sessions else "none",
        "total": total,
        "done": counts.done,
        "ok": counts.ok,
        "failed": counts.failed,
        "missing": counts.missing,
        "design": manifest["design"],
        "sessions": sessions,
        "errors": dict(sorted(errors.items(), key=lambda kv: -kv[1])[:5]),
    }
