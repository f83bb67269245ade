"""A compact PRIM (Patient Rule Induction Method) for scenario discovery.

Friedman & Fisher 1999 (Stat. Comput. 9:123) as used in exploratory modelling
(Bryant & Lempert 2010, TFSC 77:34; EMA Workbench's ``analysis/prim.py``, BSD-3, whose
defaults we follow: peeling alpha = 0.05, minimum mass 0.05, the ``LENIENT1`` peeling
objective, a one-sided binomial quasi-p per restricted dimension). Written here because
the packages that ship PRIM depend on GPL code (platypus-opt, ``prim``).

Input is a numeric matrix ``x`` (n, d) and a boolean ``y`` (case of interest). The
result is the peeling trajectory: a sequence of boxes, each with coverage
(share of all cases of interest inside), density (share of the box that is of
interest), mass (share of all points inside), its limits and the restricted dimensions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.stats import binomtest

ALPHA = 0.05  # share peeled off per step
MASS_MIN = 0.05  # stop when the box holds less than this share of the points


@dataclass
class Box:
    """One box of the trajectory: ``limits[j] = (low, high)`` (inclusive) per dimension."""

    limits: np.ndarray  # (d, 2)
    coverage: float
    density: float
    mass: float
    n: int
    restricted: tuple[int, ...]
    quasi_p: dict[int, float] = field(default_factory=dict)


@dataclass
class Trajectory:
    """The peeling (and final pasting) trajectory of :func:`prim`; ``names`` of the columns."""

    boxes: list[Box]
    names: tuple[str, ...]
    bounds: np.ndarray  # (d, 2) range of the data

    def choose(self, min_density: float = 0.8) -> int:
        """Index of the box with the largest coverage among those with density >=
        ``min_density`` (Bryant & Lempert's trade-off); the densest box if none reaches it."""
        ok = [i for i, b in enumerate(self.boxes) if b.density >= min_density and i > 0]
        if not ok:
            return int(np.argmax([b.density for b in self.boxes]))
        return max(ok, key=lambda i: (self.boxes[i].coverage, self.boxes[i].density))


def _inside(x: np.ndarray, limits: np.ndarray) -> np.ndarray:
    return np.all((x >= limits[:, 0]) & (x <= limits[:, 1]), axis=1)


def _box(x, y, limits, bounds, total_y) -> Box:
    inside = _inside(x, limits)
    n_in = int(inside.sum())
    hits = int(y[inside].sum())
    restricted = tuple(
        j for j in range(x.shape[1]) if limits[j, 0] > bounds[j, 0] or limits[j, 1] < bounds[j, 1]
    )
    quasi = {}
    for j in restricted:  # the box without restriction j: is j's cut better than chance?
        loose = limits.copy()
        loose[j] = bounds[j]
        ins = _inside(x, loose)
        p0 = float(y[ins].mean()) if ins.any() else 0.0
        quasi[j] = (
            float(binomtest(hits, n_in, p0, alternative="greater").pvalue)
            if n_in and 0 < p0 < 1
            else (0.0 if p0 == 0 and hits else 1.0)
        )
    return Box(
        limits.copy(),
        coverage=hits / total_y if total_y else 0.0,
        density=hits / n_in if n_in else 0.0,
        mass=n_in / len(y),
        n=n_in,
        restricted=restricted,
        quasi_p=quasi,
    )


def _peel_candidates(x, y, limits, inside, alpha):
    """Every one-sided peel of an alpha-quantile slice: (objective, j, side, new limit)."""
    mean_now = y[inside].mean()
    n_now = inside.sum()
    best = None
    for j in range(x.shape[1]):
        col = x[inside, j]
        for side, q in ((0, alpha), (1, 1 - alpha)):
            cut = np.quantile(col, q, method="linear")
            keep = col > cut if side == 0 else col < cut
            if side == 0 and not keep.any():
                continue
            # discrete columns: the quantile may equal the limit; peel at least one level
            if keep.all() or not keep.any():
                continue
            n_keep = keep.sum()
            gain = y[inside][keep].mean() - mean_now
            obj = gain / (n_now - n_keep)  # LENIENT1: gain per point removed
            if best is None or obj > best[0]:
                new = col[keep].min() if side == 0 else col[keep].max()
                best = (obj, j, side, new)
    return best


def prim(
    x,
    y,
    names=None,
    *,
    alpha: float = ALPHA,
    mass_min: float = MASS_MIN,
    paste: bool = True,
) -> Trajectory:
    """Peel ``x`` towards the points where ``y`` is true; return the trajectory.

    Each step removes the ``alpha`` quantile slice at one end of one dimension, the one
    that raises the box's density most per point removed, until the box would hold less
    than ``mass_min`` of the points or no peel raises the density. If ``paste``, the last
    box is then widened one side at a time while that raises its density (Friedman &
    Fisher's pasting); the pasted box is appended to the trajectory.
    """
    x = np.asarray(x, float)
    y = np.asarray(y, bool)
    if x.ndim != 2 or len(x) != len(y):
        raise ValueError("x must be (n, d) and y of length n")
    names = tuple(names) if names is not None else tuple(f"x{j}" for j in range(x.shape[1]))
    bounds = np.column_stack([x.min(axis=0), x.max(axis=0)])
    total_y = int(y.sum())
    limits = bounds.copy()
    boxes = [_box(x, y, limits, bounds, total_y)]
    n = len(y)
    while True:
        inside = _inside(x, limits)
        if y[inside].all():
            break
        cand = _peel_candidates(x, y, limits, inside, alpha)
        if cand is None or cand[0] <= 0:
            break
        _, j, side, new = cand
        trial = limits.copy()
        trial[j, side] = new
        if _inside(x, trial).sum() < mass_min * n:
            break
        limits = trial
        boxes.append(_box(x, y, limits, bounds, total_y))
    if paste and len(boxes) > 1:
        pasted = _paste(x, y, limits, bounds, alpha)
        if not np.array_equal(pasted, limits):
            boxes.append(_box(x, y, pasted, bounds, total_y))
    return Trajectory(boxes, names, bounds)


def _paste(x, y, limits, bounds, alpha):
    """Widen one side at a time by about ``alpha`` of the box's points while density rises."""
    limits = limits.copy()
    while True:
        inside = _inside(x, limits)
        dens = y[inside].mean()
        step = max(1, round(alpha * inside.sum()))
        best = None
        for j in range(x.shape[1]):
            others = limits.copy()
            others[j] = bounds[j]
            pool = _inside(x, others) & ~inside
            for side in (0, 1):
                col = x[pool, j]
                col = col[col < limits[j, 0]] if side == 0 else col[col > limits[j, 1]]
                if not len(col):
                    continue
                col = np.sort(col)
                new = col[-min(step, len(col))] if side == 0 else col[min(step, len(col)) - 1]
                trial = limits.copy()
                trial[j, side] = new
                d = y[_inside(x, trial)].mean()
                if d > dens and (best is None or d > best[0]):
                    best = (d, trial)
        if best is None:
            return limits
        limits = best[1]
