"""The unit of work of a sweep: a batch of runs advanced together by ``models.simulate``.

A task is an importable function with plain-data arguments (NumPy arrays, model
objects), so it pickles for every executor. Each run gets its own seed and its own
parameter values; ``models.simulate`` keeps rows independent, so a run's numbers
do not depend on the batch it is in, the executor or the number of workers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

import models

from .spec import output_names

RUN_COLUMNS = ("run_id", "design_row", "replication", "seed")


@dataclass(frozen=True)
class RunConfig:
    """What every run of a sweep shares.

    Attributes
    ----------
    months : int
        Months per run.
    interventions, shocks : tuple
        Scheduled ``models.Intervention`` / ``models.Shock`` objects of the scenario.
    departments : tuple of models.DepartmentSpec, optional
        The scenario's department table (None: the model's defaults).
    params : dict
        Fixed parameter values (scenario, then the spec's fixed values).
    integer : tuple of str
        Varied parameters stored as integers.
    timeseries_every : int
        Keep the monthly metrics every k months (0: none).
    """

    months: int
    interventions: tuple = ()
    shocks: tuple = ()
    departments: tuple | None = None
    params: dict = field(default_factory=dict)
    integer: tuple[str, ...] = ()
    timeseries_every: int = 0


@dataclass(frozen=True)
class Batch:
    """Runs to advance together; all arrays have one entry per run."""

    index: int
    run_id: np.ndarray
    design_row: np.ndarray
    replication: np.ndarray
    seed: np.ndarray
    values: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.run_id)


@dataclass(frozen=True)
class BatchResult:
    """What a task hands back: one table row per run (and optional time series)."""

    index: int
    first_run_id: int
    runs: int
    failed: int
    summary: pa.Table
    timeseries: pa.Table | None
    seconds: float


def run_batch(config: RunConfig, batch: Batch) -> BatchResult:
    """Simulate every run of ``batch``; a run that raises is recorded with its error."""
    start = time.perf_counter()
    n = len(batch)
    outputs = {name: np.full(n, np.nan) for name in output_names()}
    errors: list[str | None] = [None] * n
    every = config.timeseries_every
    ts_months = np.arange(0, config.months + 1, every) if every else None
    series = (
        {m: np.full((n, len(ts_months)), np.nan) for m in models.METRIC_NAMES} if every else None
    )
    for rows in _structural_groups(batch):
        try:
            result = _simulate(config, batch, rows)
        except Exception:  # isolate the failing runs below
            result = None
        if result is not None:
            _store(outputs, series, ts_months, rows, result)
            continue
        for k in rows:
            try:
                _store(outputs, series, ts_months, [k], _simulate(config, batch, [k]))
            except Exception as exc:  # failures are data
                errors[k] = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
    summary = _summary_table(config, batch, outputs, errors)
    timeseries = _timeseries_table(batch, series, ts_months, errors) if every else None
    return BatchResult(
        index=batch.index,
        first_run_id=int(batch.run_id[0]),
        runs=n,
        failed=sum(e is not None for e in errors),
        summary=summary,
        timeseries=timeseries,
        seconds=time.perf_counter() - start,
    )


def _structural_groups(batch: Batch) -> list[list[int]]:
    """Row groups sharing structural values (those fix array shapes in the kernel)."""
    keys = [n for n in batch.values if models.PARAMETERS[n].structural]
    if not keys:
        return [list(range(len(batch)))]
    groups: dict[tuple, list[int]] = {}
    for k in range(len(batch)):
        groups.setdefault(tuple(batch.values[n][k] for n in keys), []).append(k)
    return list(groups.values())


def _simulate(config: RunConfig, batch: Batch, rows: list[int]) -> dict[str, np.ndarray]:
    params = dict(config.params)
    for name, column in batch.values.items():
        par = models.PARAMETERS[name]
        if par.structural:
            params[name] = int(column[rows[0]])
        elif par.integer:
            params[name] = [int(v) for v in column[rows]]
        else:
            params[name] = [float(v) for v in column[rows]]
    return models.simulate(
        [int(s) for s in batch.seed[rows]],
        config.months,
        config.interventions,
        config.shocks,
        departments=config.departments,
        threads=1,  # a sweep already runs one task per core
        **params,
    )


def _store(outputs, series, ts_months, rows, result) -> None:
    rows = np.asarray(rows)
    for m in models.METRIC_NAMES:
        outputs[f"{m}_final"][rows] = result[m][:, -1]
        if series is not None:
            series[m][rows] = result[m][:, ts_months]
    coop = result["cooperation_rate"]
    run_part = coop[:, 1:] if coop.shape[1] > 1 else coop
    # one reduction per row, so the value cannot depend on how many rows the batch has
    outputs["cooperation_rate_mean"][rows] = [np.mean(r) for r in run_part]
    for name in models.RUN_METRICS:
        outputs[name][rows] = result[name]


def _summary_table(config, batch, outputs, errors) -> pa.Table:
    columns: dict[str, pa.Array] = {
        "run_id": pa.array(batch.run_id, pa.int64()),
        "design_row": pa.array(batch.design_row, pa.int64()),
        "replication": pa.array(batch.replication, pa.int32()),
        "seed": pa.array(batch.seed, pa.int64()),
    }
    for name, column in batch.values.items():
        if name in config.integer:
            columns[name] = pa.array(column.astype(np.int64), pa.int64())
        else:
            columns[name] = pa.array(column, pa.float64())
    for name, column in outputs.items():
        columns[name] = pa.array(column, pa.float64())
    columns["error"] = pa.array(errors, pa.string())
    return pa.table(columns)


def _timeseries_table(batch, series, ts_months, errors) -> pa.Table:
    ok = np.array([e is None for e in errors])
    k = len(ts_months)
    columns = {
        "run_id": pa.array(np.repeat(batch.run_id[ok], k), pa.int64()),
        "month": pa.array(np.tile(ts_months, int(ok.sum())), pa.int32()),
    }
    for m, values in series.items():
        columns[m] = pa.array(values[ok].reshape(-1), pa.float64())
    return pa.table(columns)
