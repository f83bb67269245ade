"""Advance many replications at once: the batch path used by ensembles and sweeps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from . import kernel, metrics
from .departments import DepartmentSpec, check_departments, default_departments
from .errors import InputError
from .levers import Intervention, Plan
from .parameters import PARAMETERS, resolve_batch, unknown_message
from .shocks import Shock, shock_vector


def check_seed(seed) -> int:
    """``seed`` as an int, or :class:`InputError` unless it is an integer >= 0."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seeds must be integers >= 0; got {seed!r}", key="seed")
    return int(seed)


def check_count(name: str, value) -> int:
    """``value`` as an int, or :class:`InputError` naming ``name`` unless it is >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise InputError(f"'{name}' must be an integer >= 0; got {value!r}", key=name)
    return int(value)


class Batch:
    """A batch of replications sharing interventions, shocks and departments.

    Each replication owns a generator ``numpy.random.default_rng(seed)``: it draws
    its initial normals once and then one block of uniforms per month.
    """

    def __init__(
        self,
        seeds: Sequence[int],
        interventions: Iterable[Intervention] = (),
        shocks: Iterable[Shock] = (),
        departments: Sequence[DepartmentSpec] | None = None,
        params: Mapping[str, object] | None = None,
    ):
        self.seeds = [check_seed(s) for s in seeds]
        if not self.seeds:
            raise InputError("seeds must contain at least one seed", key="seed")
        params = dict(params or {})
        if departments is not None:
            departments = check_departments(departments)
            given = params.get("n_departments", len(departments))
            if given != len(departments):
                raise InputError(
                    f"'n_departments' is {given!r} but the department table has "
                    f"{len(departments)} entries; leave it out or make them agree",
                    key="n_departments",
                )
            params["n_departments"] = len(departments)
        self.params = resolve_batch(params, len(self.seeds))
        specs = departments or default_departments(self.params["n_departments"])
        self.structure = kernel.Structure.build(specs)
        self.frame = kernel.Frame(self.structure, self.params, len(self.seeds))
        self.plan = Plan([_intervention(i) for i in interventions], self.structure.keys)
        self.shocks = tuple(_shock(s) for s in shocks)
        self._generators = [np.random.default_rng(s) for s in self.seeds]
        n, n_pairs = self.structure.n, self.structure.n_pairs
        z = np.stack([g.standard_normal(kernel.init_size(n, n_pairs)) for g in self._generators])
        self._block = np.empty((len(self.seeds), kernel.block_size(n, n_pairs)))
        self.state = kernel.initial_state(self.frame, z)
        # choices[r, l, side]: -1 the model decides, 0 decline / withdraw, 1 agree /
        # continue; overrides the choice of side i (0) or j (1) of linked pair l towards
        # its partner in the months stepped while set (a Planspiel participant's decision)
        self.choices = np.full((len(self.seeds), n_pairs, 2), -1, np.int8)

    @property
    def month(self) -> int:
        return self.state.month

    def add_intervention(self, intervention: Intervention) -> None:
        """Schedule one more intervention (e.g. a lever applied live)."""
        self.plan = self.plan.add(_intervention(intervention))

    def add_shock(self, shock: Shock) -> None:
        self.shocks = (*self.shocks, _shock(shock))

    def set_params(self, **params) -> None:
        """Change parameters from the coming month on (scalars or one value per seed)."""
        for name in params:
            if PARAMETERS.get(name) is None or PARAMETERS[name].structural:
                raise InputError(
                    f"'{name}' cannot change during a run"
                    if name in PARAMETERS
                    else unknown_message("parameter", name, PARAMETERS),
                    key=name,
                )
        given = {k: v for k, v in self.params.items() if not isinstance(v, int)}
        given.update(params)
        given["n_departments"] = self.params["n_departments"]
        self.params = resolve_batch(given, len(self.seeds))
        self.frame = kernel.Frame(self.structure, self.params, len(self.seeds))

    def advance(self) -> kernel.State:
        """Advance every replication by one month and return the new state."""
        t = self.state.month
        for g, row in zip(self._generators, self._block, strict=True):
            g.random(out=row)
        onset, ongoing = shock_vector(self.shocks, t)
        self.state = kernel.step(
            self.state,
            self.frame,
            self.plan.effect(t),
            self.plan.cost(t),
            onset,
            ongoing,
            self._block,
        )
        return self.state


def _intervention(x) -> Intervention:
    if isinstance(x, Intervention):
        return x
    if isinstance(x, Mapping):
        return Intervention(**x)
    raise InputError(
        f"an intervention must be an Intervention or a mapping; got {x!r}", key="interventions"
    )


def _shock(x) -> Shock:
    if isinstance(x, Shock):
        return x
    if isinstance(x, Mapping):
        return Shock(**x)
    raise InputError(f"a shock must be a Shock or a mapping; got {x!r}", key="shocks")


def simulate(
    seeds: Sequence[int],
    months: int = 120,
    interventions: Iterable[Intervention] = (),
    shocks: Iterable[Shock] = (),
    *,
    departments: Sequence[DepartmentSpec] | None = None,
    **params,
) -> dict[str, np.ndarray]:
    """Run one replication per seed, all at once.

    Parameters
    ----------
    seeds : sequence of int
        One replication per seed; row ``k`` equals ``CollaborationModel(rng=seeds[k])``.
    months : int, default 120
        Months to simulate (>= 0).
    interventions, shocks : iterables
        :class:`Intervention` / :class:`Shock` objects or mappings of their fields,
        shared by every replication.
    departments : sequence of DepartmentSpec, optional
        Replaces the default departments.
    **params
        Registry parameters (see ``models.PARAMETERS``): a scalar shared by the batch
        or a sequence with one value per seed.

    Returns
    -------
    dict of str to ndarray
        Every monthly metric (``models.METRIC_NAMES``) as an array of shape
        ``(len(seeds), months + 1)``, column 0 being month 0; and the run metrics
        ``sustained_cooperation_index`` and ``takeoff_month`` of shape ``(len(seeds),)``.
    """
    months = check_count("months", months)
    return record(Batch(seeds, interventions, shocks, departments, params), months)


def record(batch: Batch, months: int, on_month=None) -> dict[str, np.ndarray]:
    """Advance ``batch`` by ``months`` and return its series as :func:`simulate` does.

    ``on_month()``, if given, is called after every month (progress, cancellation).
    """
    start = batch.month
    series = {name: np.empty((len(batch.seeds), months + 1)) for name in metrics.METRIC_NAMES}
    _record(series, batch.state, 0)
    for m in range(1, months + 1):
        _record(series, batch.advance(), m)
        if on_month is not None:
            on_month()
    funding = batch.params["funding_months"] - start
    series.update(run_metrics(series["cooperation_rate"], funding))
    return series


def _record(series: dict, state: kernel.State, column: int) -> None:
    for name, values in metrics.monthly(state).items():
        series[name][:, column] = values


def run_metrics(cooperation: np.ndarray, funding_months) -> dict[str, np.ndarray]:
    """Per-run indices from a cooperation series ``(R, months + 1)``."""
    return {
        "sustained_cooperation_index": metrics.sustained_cooperation_index(
            cooperation, np.asarray(funding_months).astype(int)
        ),
        "takeoff_month": metrics.takeoff_month(cooperation),
    }
