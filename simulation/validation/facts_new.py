"""The stylized-fact experiments added with their mechanisms in issue 9, item 5.

SF13 (bridging then bonding), ... Same conventions as :mod:`.facts`: one statistic per
seed, paired arms share the seed, criteria and knockouts in ``criteria.toml``.
"""

from __future__ import annotations

import numpy as np

import models

from .facts import BALANCED, bundle
from .registry import fact


def _yearly(series: np.ndarray, years: int) -> np.ndarray:
    """Means of months 1-12, 13-24, ... of a ``(R, months + 1)`` series: shape ``(R, years)``."""
    return np.stack([series[:, 1 + 12 * k : 13 + 12 * k].mean(axis=1) for k in range(years)], 1)


@fact("SF13")
def bridging_then_bonding(seeds, overrides, quick):
    params = {"funding_months": 120, **overrides}  # the office stays: its loss is no fall
    levers = bundle((*BALANCED, "cooperation_brokering"))
    out = models.simulate(list(seeds), 120, levers, **params)
    c = out["network_centralisation"]
    peak = _yearly(c, 5).max(axis=1)
    start = c[:, 1:4].mean(axis=1)
    late = c[:, 109:121].mean(axis=1)
    return np.minimum(peak - start, peak - late)
