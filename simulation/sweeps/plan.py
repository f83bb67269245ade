"""Plan a sweep: validate the spec against its scenario, build the design, form batches.

Runs are numbered ``run_id = design_row * replications + replication``; batch ``k`` holds
run ids ``k*B ... k*B + B - 1`` (``B = batch_size``), so batches, part-file names and
numbers are the same on every executor. Seeds come from the master seed per design row
(``simulation.seeds.replication_seeds(seed, replications, design_row=row)``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

import models
from simulation.errors import LocatedInputError
from simulation.seeds import replication_seeds

from .design import Design, build_design, count_points
from .spec import SweepSpec, load_spec
from .storage import SweepDir
from .tasks import Batch, RunConfig

DESIGN_CHUNK = 8192  # design points per chunk of design.parquet


@dataclass(frozen=True)
class Plan:
    """A validated sweep, ready to run: spec, scenario, shared run settings, design."""

    spec: SweepSpec
    scenario: object
    config: RunConfig
    design: Design
    warnings: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.design.points * self.spec.replications

    @property
    def batches(self) -> int:
        return -(-self.total // self.spec.batch_size)


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
    if spec.county:
        from simulation.counties import apply_county

        scenario = apply_county(scenario, spec.county)
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
    warnings = _check_horizon(spec, run_scenario)
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
    return Plan(spec, scenario, config, design, warnings)


def _check_horizon(spec: SweepSpec, scenario) -> tuple[str, ...]:
    """Fail (outputs chosen in [sensitivity]) or warn (the default outputs) when the
    horizon is too short for an output the sweep analyses."""
    from simulation.checks import horizon_problem

    from .spec import DEFAULT_OUTPUTS

    funding = float(scenario.resolved_parameters()["funding_months"])
    bounds = (funding, funding)
    for factor in spec.factors:
        if factor.name == "funding_months":
            values = factor.values or (factor.low, factor.high)
            bounds = (min(values), max(values))
    chosen = spec.outputs != DEFAULT_OUTPUTS
    warnings = []
    for output in spec.outputs:
        problem = horizon_problem(output, scenario.months, bounds)
        if problem is None:
            continue
        if chosen:
            raise LocatedInputError(
                spec.source,
                f"sensitivity.outputs: {problem}; raise sweep.months or drop the output",
                key="sensitivity.outputs",
            )
        warnings.append(
            f"{spec.source}: {problem}; it will be undefined (raise sweep.months, or list "
            "the outputs you need under [sensitivity] outputs)"
        )
    return tuple(warnings)


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
