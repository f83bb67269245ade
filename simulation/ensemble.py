"""Run a scenario as an ensemble on the batch path, and summarise it.

Replication ``k`` runs with seed ``k`` of ``simulation.seeds.replication_seeds(seed, n)``,
so a larger ensemble extends a smaller one and two scenarios run with the same seed
share their random numbers (common random numbers, for paired comparisons).

Large ensembles are split into chunks of replications that run in local worker
processes. Rows of the kernel never mix, so the result equals one batch bit for bit
whatever the split.
"""

from __future__ import annotations

import itertools
import math
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass

import numpy as np

import models
from models.batch import record
from models.metrics import LASTING_AFTER

from .executors import available_cores, local_executor
from .i18n import t
from .scenarios import Scenario

# Run-months above which worker processes pay for their start-up (about 1.5 s each to import
# the model) and for sending the series back. The compiled kernel already runs a batch on
# every core in one process (threads), so processes pay only for very large ensembles.
PARALLEL_THRESHOLD = 10_000_000
MIN_REPLICATIONS_PER_WORKER = 1000
# a few chunks per worker for the progress bar; small chunks cost more per replication
CHUNKS_PER_WORKER = 2
MIN_CHUNK = 500


@dataclass
class Ensemble:
    """The outcome of :func:`run_ensemble`.

    Attributes
    ----------
    scenario : Scenario
    seed : int
        Master seed.
    seeds : list of int
        One seed per replication.
    months : int
    series : dict of str to ndarray
        Monthly metrics ``(R, months + 1)`` and run metrics ``(R,)``, as from
        ``models.simulate``.
    diagnosis : ndarray of int8, shape (R, n_departments)
        Knoster diagnosis code (index into ``models.DIAGNOSES``) in the last month.
    departments : tuple of DepartmentSpec
    wall_time : float
        Seconds spent simulating.
    workers : int
        Processes used (1 = this process).
    """

    scenario: Scenario
    seed: int
    seeds: list[int]
    months: int
    series: dict[str, np.ndarray]
    diagnosis: np.ndarray
    departments: tuple[models.DepartmentSpec, ...]
    wall_time: float = 0.0
    workers: int = 1

    @property
    def replications(self) -> int:
        return len(self.seeds)


# --- running -------------------------------------------------------------------------------
def simulate_chunk(
    seeds: Sequence[int], months: int, kwargs: dict, on_month: Callable[[], None] | None = None
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """``models.simulate`` plus the final Knoster diagnosis of every department.

    Top-level and plain-data arguments, so that it runs in worker processes.
    """
    kwargs = dict(kwargs)
    batch = models.Batch(
        seeds,
        kwargs.pop("interventions", ()),
        kwargs.pop("shocks", ()),
        kwargs.pop("departments", None),
        kwargs,
    )
    series = record(batch, months, on_month)
    return series, np.asarray(batch.state.diagnosis, dtype=np.int8).copy()


def auto_workers(replications: int, months: int) -> int:
    """Worker processes worth starting for an ensemble of this size (1 = none)."""
    cores = available_cores()
    if cores <= 1 or replications * months < PARALLEL_THRESHOLD:
        return 1
    return max(1, min(cores, replications // MIN_REPLICATIONS_PER_WORKER))


def run_ensemble(
    scenario: Scenario,
    *,
    replications: int | None = None,
    months: int | None = None,
    seed: int | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    on_month: Callable[[], None] | None = None,
) -> Ensemble:
    """Run ``scenario`` once per replication seed on the batch path.

    Parameters
    ----------
    scenario : Scenario
    replications, months, seed : int, optional
        Override the scenario's ``[run]`` values. Events after a shortened horizon do
        not happen (use ``Scenario.with_run`` to have that checked).
    workers : int, optional
        Processes; default :func:`auto_workers` (one batch in this process unless the
        ensemble is large). The numbers do not depend on it.
    progress : bool, optional
        Show a tqdm bar on stderr; default: when stderr is a terminal.
    on_month : callable, optional
        Called after every simulated month in one process (``workers`` is then 1); an
        exception it raises stops the run (the web app's progress bar and cancel button).
    """
    n = scenario.replications if replications is None else int(replications)
    months = scenario.months if months is None else int(months)
    seed = scenario.seed if seed is None else int(seed)
    seeds = scenario.replication_seeds(n, seed)
    if on_month is not None:
        workers = 1
    workers = auto_workers(n, months) if workers is None else max(1, int(workers))
    workers = min(workers, n)
    if progress is None:
        progress = sys.stderr.isatty()
    kwargs = scenario.model_kwargs()
    started = time.perf_counter()
    bar = _progress_bar(n * months, progress, scenario.name)
    try:
        if workers == 1:

            def tick():
                if bar is not None:
                    bar.update(n)
                if on_month is not None:
                    on_month()

            series, diagnosis = simulate_chunk(seeds, months, kwargs, on_month=tick)
        else:
            series, diagnosis = _run_parallel(seeds, months, kwargs, workers, bar)
    finally:
        if bar is not None:
            bar.close()
    return Ensemble(
        scenario=scenario,
        seed=seed,
        seeds=list(seeds),
        months=months,
        series=series,
        diagnosis=diagnosis,
        departments=scenario.department_specs(),
        wall_time=time.perf_counter() - started,
        workers=workers,
    )


def _run_parallel(seeds, months, kwargs, workers, bar):
    n_chunks = max(workers, min(workers * CHUNKS_PER_WORKER, len(seeds) // MIN_CHUNK))
    n_chunks = min(n_chunks, len(seeds))
    bounds = np.linspace(0, len(seeds), n_chunks + 1).astype(int)
    chunks = [seeds[a:b] for a, b in itertools.pairwise(bounds) if b > a]
    results = [None] * len(chunks)
    with local_executor(workers) as pool:
        futures = {pool.submit(simulate_chunk, c, months, kwargs): k for k, c in enumerate(chunks)}
        for future in as_completed(futures):
            k = futures[future]
            results[k] = future.result()
            if bar is not None:
                bar.update(len(chunks[k]) * months)
    series = {name: np.concatenate([r[0][name] for r in results], axis=0) for name in results[0][0]}
    return series, np.concatenate([r[1] for r in results], axis=0)


def _progress_bar(total: int, enabled: bool, name: str):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=name, unit="rep-month", unit_scale=True, file=sys.stderr)


# --- statistics ----------------------------------------------------------------------------
# Key metrics of summaries: JSON name -> (series name, reduction).
KEY_METRICS: dict[str, tuple[str, str]] = {
    "cooperation_rate_final": ("cooperation_rate", "final"),
    "cooperation_rate_mean": ("cooperation_rate", "mean"),
    "sustained_cooperation_index": ("sustained_cooperation_index", "run"),
    "takeoff_month": ("takeoff_month", "run"),
    "takeoff_share": ("takeoff_month", "defined"),
    "lasting_cooperation": ("lasting_cooperation", "run"),
    "first_report_month": ("first_report_month", "run"),
    "mean_necessity_final": ("mean_necessity", "final"),
    "mean_motivation_final": ("mean_motivation", "final"),
    "mean_competence_final": ("mean_competence", "final"),
    "mean_trust_final": ("mean_trust", "final"),
    "institutionalisation_final": ("institutionalisation", "final"),
    "legitimacy_final": ("legitimacy", "final"),
    "education_outcome_final": ("education_outcome", "final"),
    "lever_hours_final": ("lever_hours", "final"),
    "lever_euros_final": ("lever_euros", "final"),
}


def key_metric_values(ens: Ensemble) -> dict[str, np.ndarray]:
    """One value per replication for each of :data:`KEY_METRICS` (NaN = undefined)."""
    out = {}
    for key, (name, how) in KEY_METRICS.items():
        values = np.asarray(ens.series[name], dtype=float)
        if how == "final":
            out[key] = values[:, -1]
        elif how == "mean":
            out[key] = values[:, 1:].mean(axis=1) if ens.months else values[:, 0]
        elif how == "defined":
            out[key] = (~np.isnan(values)).astype(float)
        else:
            out[key] = values
    return out


def lasting_horizon_warning(ens: Ensemble, lang: str = "de") -> str | None:
    """A warning when the horizon is too short for ``lasting_cooperation`` in every run.

    Returns the one-line text (``None`` when at least one run has a value): the metric
    needs ``E + 48`` months, ``E`` the later of the funding end and the last lever's end.
    """
    if np.isfinite(np.asarray(ens.series["lasting_cooperation"], dtype=float)).any():
        return None
    end = int(np.nanmax(np.asarray(ens.series["support_end_month"], dtype=float)))
    return t(
        "warn_lasting_short",
        lang,
        months=ens.months,
        end=end,
        need=end + LASTING_AFTER[1],
    )


def mean_ci(values) -> tuple[float, float, float, int]:
    """Mean and t-based 95% confidence interval of the mean over the finite values.

    Returns
    -------
    mean, low, high : float
        NaN when there are no finite values; ``low`` and ``high`` NaN for fewer than 2.
    n : int
        Number of finite values used.
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    mean = float(x.mean())
    if n < 2:
        return mean, math.nan, math.nan, 1
    from scipy import stats

    half = float(stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return mean, mean - half, mean + half, n


def _json_number(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _stat(values) -> dict:
    mean, lo, hi, _ = mean_ci(values)
    return {"mean": _json_number(mean), "ci95": [_json_number(lo), _json_number(hi)]}


def summary(ens: Ensemble) -> dict:
    """The ``--json`` / ``summary.json`` document: key metrics with 95% intervals."""
    return {
        "scenario": ens.scenario.name,
        "seed": ens.seed,
        "replications": ens.replications,
        "months": ens.months,
        "metrics": {key: _stat(v) for key, v in key_metric_values(ens).items()}
        | {"first_report_month": first_report_stat(ens)},
    }


def first_report_stat(ens: Ensemble) -> dict:
    """Mean, ci95 and median of the first report month over the runs with a report, and
    the share of runs with a report (0 when none reports)."""
    month = np.asarray(ens.series["first_report_month"], dtype=float)
    stat = _stat(month)
    seen = month[np.isfinite(month)]
    stat["median"] = _json_number(float(np.median(seen))) if len(seen) else None
    stat["share"] = float(len(seen) / len(month)) if len(month) else None
    return stat


def paired_differences(base: Ensemble, other: Ensemble) -> dict[str, dict]:
    """``other - base`` per key metric over paired replications (same seeds).

    Pairs where either value is undefined are left out.
    """
    if base.seeds != other.seeds:
        raise ValueError("paired differences need ensembles run with the same seeds")
    a, b = key_metric_values(base), key_metric_values(other)
    return {key: _stat(b[key] - a[key]) for key in KEY_METRICS}


def metric_label(key: str, lang: str, months: int) -> str:
    """Readable label of a key metric, e.g. ``"Kooperationsrate (Monat 120)"``."""
    name, how = KEY_METRICS[key]
    if key == "takeoff_share":
        return t("takeoff_share", lang)
    if how in ("run", "defined"):
        de, en = models.RUN_METRICS[name]
        return de if lang == "de" else en
    label = models.METRICS[name].label(lang)
    if how == "mean":
        return f"{label} ({t('over_horizon', lang)})"
    return f"{label} ({t('at_month', lang, month=months)})"


def diagnosis_table(ens: Ensemble, lang: str = "de") -> list[dict]:
    """Per department: the most frequent final Knoster diagnosis and its share of runs."""
    rows = []
    for k, spec in enumerate(ens.departments):
        counts = np.bincount(ens.diagnosis[:, k].astype(int), minlength=len(models.DIAGNOSES))
        code = int(counts.argmax())
        rows.append(
            {
                "department": spec.key,
                "name": spec.name(lang),
                "diagnosis": models.DIAGNOSES[code][0],
                "label": models.diagnosis_label(code, lang),
                "share": float(counts[code] / counts.sum()),
                "shares": {
                    models.DIAGNOSES[c][0]: float(counts[c] / counts.sum())
                    for c in range(len(counts))
                },
            }
        )
    return rows
