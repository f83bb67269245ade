"""Experimental designs: points in the unit cube, rescaled per parameter.

Every sampled design draws points in ``[0, 1]^D`` and rescales column ``j`` to the
spec's range of parameter ``j`` (itself inside the registry bounds); integer
parameters map the unit interval onto ``low, low + 1, ..., high`` in equal parts.
Points per design, for ``N = samples`` and ``D`` varied parameters:

========  ====================================  ========================================
design    points                                source
========  ====================================  ========================================
grid      product of the values lists           full factorial, first parameter slowest
random    N                                     ``numpy.random.default_rng(seed)``
lhs       N                                     ``scipy.stats.qmc.LatinHypercube``
sobol     N (D + 2), or N (2D + 2) with S2      ``SALib.sample.sobol`` (Saltelli scheme)
morris    N (D + 1)                             ``SALib.sample.morris`` (N trajectories)
========  ====================================  ========================================

Runs = points x replications.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

import models

from .spec import SweepSpec


@dataclass(frozen=True)
class Design:
    """The design points of a sweep.

    Attributes
    ----------
    names : tuple of str
        Varied parameters, in spec order (the columns).
    unit : ndarray, shape (points, D)
        Coordinates in the unit cube (NaN for a grid), as SALib's analysis expects.
    values : ndarray, shape (points, D)
        Parameter values given to the model.
    """

    names: tuple[str, ...]
    unit: np.ndarray
    values: np.ndarray

    @property
    def points(self) -> int:
        return len(self.values)


def count_points(spec: SweepSpec) -> int:
    """Design points of ``spec`` without sampling (see the module table)."""
    d, n = len(spec.factors), spec.samples
    if spec.design == "grid":
        return math.prod(len(f.values) for f in spec.factors)
    if spec.design == "sobol":
        return n * (2 * d + 2 if spec.second_order else d + 2)
    if spec.design == "morris":
        return n * (d + 1)
    return n


def run_formula(spec: SweepSpec) -> str:
    """How the run count follows from the spec, e.g. ``"N (D + 2) R = 64 x 5 x 3"``."""
    d, r = len(spec.factors), spec.replications
    if spec.design == "grid":
        sizes = " x ".join(str(len(f.values)) for f in spec.factors)
        return f"product of values x R = {sizes} x {r}"
    n = spec.samples
    if spec.design == "sobol":
        if spec.second_order:
            return f"N (2D + 2) R = {n} x {2 * d + 2} x {r}"
        return f"N (D + 2) R = {n} x {d + 2} x {r}"
    if spec.design == "morris":
        return f"N (D + 1) R = {n} x {d + 1} x {r}"
    return f"N R = {n} x {r}"


def salib_problem(spec: SweepSpec) -> dict:
    """The SALib problem of a sampled design, built from the spec and the registry.

    Bounds are the spec's ranges; ``labels_de``/``labels_en`` and ``units`` come
    from ``models.PARAMETERS`` (extra keys that SALib ignores).
    """
    pars = [models.PARAMETERS[f.name] for f in spec.factors]
    return {
        "num_vars": len(pars),
        "names": [p.name for p in pars],
        "bounds": [[f.low, f.high] for f in spec.factors],
        "labels_de": [p.label_de for p in pars],
        "labels_en": [p.label_en for p in pars],
        "units": [p.unit for p in pars],
    }


def unit_sample(
    design: str,
    d: int,
    n: int,
    seed: int,
    *,
    second_order: bool = False,
    levels: int = 4,
) -> np.ndarray:
    """Points in ``[0, 1]^d`` for a sampled design (rows in SALib's order).

    Parameters
    ----------
    design : {"random", "lhs", "sobol", "morris"}
    d : int
        Number of parameters (>= 1).
    n : int
        Base samples; see the module table for the number of rows.
    seed : int
        Seed of the sampler; the same seed gives the same points.
    """
    if design == "random":
        return np.random.default_rng(seed).random((n, d))
    if design == "lhs":
        from scipy.stats import qmc

        return qmc.LatinHypercube(d=d, rng=np.random.default_rng(seed)).random(n)
    problem = {"num_vars": d, "names": [f"x{j}" for j in range(d)], "bounds": [[0.0, 1.0]] * d}
    if design == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, n, calc_second_order=second_order, seed=seed)
    if design == "morris":
        from SALib.sample import morris

        return morris.sample(problem, n, num_levels=levels, seed=seed)
    raise ValueError(f"not a sampled design: {design!r}")


def rescale(unit: np.ndarray, low, high, integer) -> np.ndarray:
    """Map unit-cube columns to ``[low, high]``; integer columns to equal-width bins.

    Parameters
    ----------
    unit : ndarray, shape (points, D)
    low, high : sequences of float, length D
    integer : sequence of bool, length D
    """
    low, high = np.asarray(low, float), np.asarray(high, float)
    values = low + unit * (high - low)
    for j in np.flatnonzero(np.asarray(integer, bool)):
        values[:, j] = np.minimum(low[j] + np.floor(unit[:, j] * (high[j] - low[j] + 1)), high[j])
    return values


def build_design(spec: SweepSpec) -> Design:
    """Sample (or enumerate) the design points of ``spec``."""
    names = spec.names
    if spec.design == "grid":
        rows = list(itertools.product(*(f.values for f in spec.factors)))
        values = np.array(rows, dtype=float).reshape(len(rows), len(names))
        return Design(names, np.full_like(values, np.nan), values)
    unit = unit_sample(
        spec.design,
        len(names),
        spec.samples,
        spec.seed,
        second_order=spec.second_order,
        levels=spec.levels,
    )
    values = rescale(
        unit,
        [f.low for f in spec.factors],
        [f.high for f in spec.factors],
        [f.integer for f in spec.factors],
    )
    return Design(names, unit, values)
