"""Advance many replications at once: the batch path used by ensembles and sweeps."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

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


MONTHS_PER_DRAW = 12  # months of uniforms drawn per generator call in Batch.run
ROWS_PER_CHUNK = 64  # replications advanced together (their uniforms stay in cache)


def kernel_threads() -> int:
    """Threads for :meth:`Batch.run`: ``DKBM_KERNEL_THREADS`` if set, else the usable cores.

    Process pools set it to 1 in their workers, where the cores are already taken.
    """
    given = os.environ.get("DKBM_KERNEL_THREADS", "").strip()
    if given:
        try:
            return max(1, int(given))
        except ValueError:
            raise InputError(
                f"DKBM_KERNEL_THREADS must be a positive integer; got {given!r}",
                key="DKBM_KERNEL_THREADS",
            ) from None
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


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
        self._block = np.empty((len(self.seeds), 1, kernel.block_size(n, n_pairs)))
        self._out = np.empty((len(metrics.METRIC_NAMES), len(self.seeds), 1))
        self.state = kernel.initial_state(self.frame, z)
        self.metrics = metrics.monthly(self.state, self.structure)
        self._arrays_of: kernel.State | None = None  # the state self._arrays belong to
        self._arrays: kernel.Arrays | None = None
        self._cache = None  # (plan, shocks, first month, inputs) of _inputs

    @property
    def month(self) -> int:
        return self.state.month

    @property
    def choices(self) -> np.ndarray:
        """Decisions of departments played by people (Planspiel), applied while set.

        An int8 array of shape ``(R, L, 2)``: entry ``[k, l, 0]`` is the choice of
        department ``structure.pair_i[l]`` towards ``structure.pair_j[l]`` in
        replication k, ``[k, l, 1]`` the other side's. ``-1`` (the default): the model
        decides; ``0``: decline a new project and withdraw from a running one; ``1``:
        offer a project (the pair meets if both have the hours), agree, and stay in a
        running one. Random numbers are drawn as always, so everything else in the run
        is what the same seed gives. Assign into it (``batch.choices[...] = 1``) or
        assign a whole array of that shape.
        """
        return self.frame.w.choices

    @choices.setter
    def choices(self, values) -> None:
        values = np.asarray(values)
        target = self.frame.w.choices
        if values.shape != target.shape or not np.isin(values, (-1, 0, 1)).all():
            raise InputError(
                f"choices must be an array of shape {target.shape} with values -1, 0 or 1",
                key="choices",
            )
        target[:] = values

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
        choices = self.choices
        self.frame = kernel.Frame(self.structure, self.params, len(self.seeds))
        self.frame.w.choices[:] = choices

    def advance(self) -> kernel.State:
        """Advance every replication by one month and return the new state.

        The month's metrics are then in :attr:`metrics` (arrays of shape ``(R,)``).
        """
        t = self.state.month
        for g, row in zip(self._generators, self._block, strict=True):
            g.random(out=row)
        block, x0 = self._inputs(t)
        # the arrays of the state this batch produced are reused; a state replaced from
        # outside (an agent's setter) is packed anew
        start = self._arrays if self._arrays_of is self.state else kernel.pack(self.state)
        end = kernel.fresh_like(start)
        fr = self.frame
        kernel.advance(
            start,
            end,
            fr.p,
            fr.g,
            block,
            fr.w,
            self._block,
            0,
            len(self.seeds),
            t,
            1,
            self._out,
            0,
            x0,
        )
        self.state = kernel.unpack(end, t + 1)
        self._arrays, self._arrays_of = end, self.state
        self.metrics = dict(zip(metrics.METRIC_NAMES, self._out[:, :, 0].copy(), strict=True))
        return self.state

    def _inputs(self, t: int) -> tuple[kernel.Inputs, int]:
        """The batch-shared inputs of month ``t`` and its index in the cached block.

        Computed for :data:`MONTHS_PER_DRAW` months at once and kept until the plan or
        the shocks change.
        """
        cached = self._cache
        if (
            cached is None
            or cached[0] is not self.plan
            or cached[1] is not self.shocks
            or not (cached[2] <= t < cached[2] + MONTHS_PER_DRAW)
        ):
            cached = (self.plan, self.shocks, t, self._month_inputs(t, MONTHS_PER_DRAW))
            self._cache = cached
        return cached[3], t - cached[2]

    def _month_inputs(self, t: int, months: int) -> kernel.Inputs:
        shocks = [shock_vector(self.shocks, t + m) for m in range(months)]
        return kernel.inputs(
            [self.plan.effect(t + m) for m in range(months)],
            [self.plan.cost(t + m) for m in range(months)],
            [onset for onset, _ in shocks],
            [ongoing for _, ongoing in shocks],
        )

    def run(self, months: int, on_month=None, threads: int | None = None) -> np.ndarray:
        """Advance by ``months`` months; return the metrics of every month.

        Parameters
        ----------
        months : int
            Months to advance (>= 0).
        on_month : callable, optional
            Called once per month, in bursts after each block of months (progress,
            cancellation).
        threads : int, optional
            Threads that advance disjoint sets of replications; default
            :func:`kernel_threads`. Rows never interact, so the numbers do not depend
            on it.

        Returns
        -------
        ndarray, shape (len(METRIC_NAMES), R, months + 1)
            Column 0 holds the current month.

        Notes
        -----
        Uniforms are drawn for up to :data:`MONTHS_PER_DRAW` months per generator call and
        rows advanced in chunks of :data:`ROWS_PER_CHUNK`, which consumes every stream
        exactly as month-by-month :meth:`advance` does.
        """
        r, t = len(self.seeds), self.state.month
        out = np.empty((len(metrics.METRIC_NAMES), r, months + 1))
        for k, name in enumerate(metrics.METRIC_NAMES):
            out[k, :, 0] = self.metrics[name]
        start = kernel.fresh_like(kernel.pack(self.state), copy=True)
        end = kernel.fresh_like(start)
        rows = min(r, ROWS_PER_CHUNK)
        chunks = [(lo, min(lo + rows, r)) for lo in range(0, r, rows)]
        threads = max(1, min(kernel_threads() if threads is None else int(threads), len(chunks)))
        # thread i takes every threads-th chunk, with a uniform buffer of its own
        buffers = [np.empty((rows, MONTHS_PER_DRAW, self._block.shape[2])) for _ in range(threads)]
        fr = self.frame

        def advance_chunks(i: int, block, k: int, done: int) -> None:
            u = buffers[i]
            for lo, hi in chunks[i::threads]:
                for g, row in zip(self._generators[lo:hi], u, strict=False):
                    g.random(out=row[:k])  # releases the GIL, as the compiled step does
                kernel.advance(start, end, fr.p, fr.g, block, fr.w, u, lo, hi, t, k, out, done + 1)

        pool = ThreadPoolExecutor(threads) if threads > 1 else None
        try:
            done = 0
            while done < months:
                k = min(MONTHS_PER_DRAW, months - done)
                block = self._month_inputs(t, k)
                if pool is None:
                    advance_chunks(0, block, k, done)
                else:
                    for f in [
                        pool.submit(advance_chunks, i, block, k, done) for i in range(threads)
                    ]:
                        f.result()
                if k % 2:
                    start, end = end, start
                t, done = t + k, done + k
                self.state = kernel.unpack(start, t)
                if on_month is not None:
                    for _ in range(k):
                        on_month()
        finally:
            if pool is not None:
                pool.shutdown()
        self.metrics = dict(zip(metrics.METRIC_NAMES, out[:, :, -1].copy(), strict=True))
        return out


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
    threads: int | None = None,
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
    threads : int, optional
        Threads advancing disjoint replications (:meth:`Batch.run`); default
        :func:`kernel_threads`. The numbers do not depend on it.
    **params
        Registry parameters (see ``models.PARAMETERS``): a scalar shared by the batch
        or a sequence with one value per seed.

    Returns
    -------
    dict of str to ndarray
        Every monthly metric (``models.METRIC_NAMES``) as an array of shape
        ``(len(seeds), months + 1)``, column 0 being month 0; and the run metrics
        (``models.RUN_METRICS``: ``sustained_cooperation_index``, ``takeoff_month``,
        ``first_report_month``, ``support_end_month``, ``lasting_cooperation``) of shape
        ``(len(seeds),)``.
    """
    months = check_count("months", months)
    return record(Batch(seeds, interventions, shocks, departments, params), months, threads=threads)


def record(
    batch: Batch, months: int, on_month=None, threads: int | None = None
) -> dict[str, np.ndarray]:
    """Advance ``batch`` by ``months`` and return its series as :func:`simulate` does.

    ``on_month()``, if given, is called after every month (progress, cancellation);
    ``threads`` as in :meth:`Batch.run`.
    """
    start = batch.month
    out = batch.run(months, on_month, threads)
    series = {name: out[k] for k, name in enumerate(metrics.METRIC_NAMES)}
    funding = batch.params["funding_months"] - start
    series.update(run_metrics(series, funding, lever_end(batch.plan.interventions) - start))
    return series


def lever_end(interventions) -> int:
    """The month after which no intervention applies any more; 0 without interventions."""
    return max((iv.start + iv.duration for iv in interventions), default=0)


def run_metrics(series: dict, funding_months, lever_end: int = 0) -> dict[str, np.ndarray]:
    """Per-run indices from monthly series ``(R, months + 1)`` (``cooperation_rate``, ``reports``).

    ``funding_months`` and ``lever_end`` count from column 0 of the series.
    """
    cooperation = np.atleast_2d(series["cooperation_rate"])
    support_end = metrics.support_end_month(funding_months, lever_end, cooperation.shape[0])
    return {
        "sustained_cooperation_index": metrics.sustained_cooperation_index(
            cooperation, np.asarray(funding_months).astype(int)
        ),
        "takeoff_month": metrics.takeoff_month(cooperation),
        "first_report_month": metrics.first_report_month(series["reports"]),
        "support_end_month": support_end,
        "lasting_cooperation": metrics.lasting_cooperation(cooperation, support_end),
    }
