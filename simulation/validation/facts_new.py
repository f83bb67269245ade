"""The stylized-fact experiments added with their mechanisms in issue 9, item 5.

SF13 (bridging then bonding), ... Same conventions as :mod:`.facts`: one statistic per
seed, paired arms share the seed, criteria and knockouts in ``criteria.toml``.
"""

from __future__ import annotations

import numpy as np

import models

from .facts import BALANCED, bundle, cooperation
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


STRUCTURE_STEP = 0.05  # institutionalisation above the no-report run that counts as structures
ACTION_WINDOW = 12  # months after the first report within which structures must follow


def _report_to_structure(seeds, overrides, will: float) -> np.ndarray:
    """Months from the first report to structures (inf: none; NaN: no report)."""
    months = 60
    settings = {
        "agenda_response": 0.5,
        "political_will_init": will,
        "election_hazard": 0.0,
        "funding_months": 120,
    }
    levers = bundle(("data_foundation", "problem_analysis"), 0, 60)
    run = models.simulate(list(seeds), months, levers, **{**settings, **overrides})
    without = models.simulate(
        list(seeds), months, levers, **{**settings, "report_effect": 0.0, **overrides}
    )
    gain = run["institutionalisation"] - without["institutionalisation"]
    lag = np.full(len(seeds), np.nan)
    for r in range(len(seeds)):
        reports = np.nonzero(run["reports"][r] > 0)[0]
        if reports.size == 0:
            continue
        first = reports[0]
        hit = np.nonzero(gain[r, first:] >= STRUCTURE_STEP)[0]
        lag[r] = hit[0] if hit.size else np.inf
    return lag


@fact("SF15")
def data_necessity_action(seeds, overrides, quick):
    high = _report_to_structure(seeds, overrides, 0.8)
    low = _report_to_structure(seeds, overrides, 0.1)
    within = [
        np.where(np.isnan(x), np.nan, (x <= ACTION_WINDOW).astype(float)) for x in (high, low)
    ]
    return within[0] - within[1]


# conflict as the share of departments that oppose a proposed project (Choi & Robertson
# 2014: at low conflict every group agrees quickly, whatever its rule)
HIGH_CONFLICT = 0.3  # motivation_init: most departments are unwilling
LOW_CONFLICT = 0.8  # motivation_init: most are willing
READY = {"necessity_init": 0.8, "competence_init": 0.8}

SMALL_FORUM = ("jugendamt", "schulverwaltung", "sozialamt")


@fact("SF10")
def forum_size_tradeoff(seeds, overrides, quick):
    def arm(targets, groups):
        forum = [models.Intervention("participation", 0, 60, targets=targets)]
        return cooperation(
            seeds,
            60,
            {"forum_size_penalty": 0.1, "working_groups": groups, **overrides},
            13,
            60,
            interventions=forum,
        )

    large, small = (), SMALL_FORUM
    return (arm(large, 1.0) - arm(small, 1.0)) - (arm(large, 0.0) - arm(small, 0.0))


@fact("SF4")
def small_wins(seeds, overrides, quick):
    levers = bundle(("cooperation_brokering", "qualification"), 0, 48)

    def trust(scale):
        params = {"funding_months": 120, "project_scale": scale, **overrides}
        out = models.simulate(list(seeds), 96, levers, **params)
        return out["mean_trust"][:, 49:97].mean(axis=1)

    return trust(1.0) - trust(3.0)


@fact("SF11")
def majority_under_conflict(seeds, overrides, quick):
    levers = bundle(("cooperation_brokering", "qualification"), 0, 48)

    def arm(rule, motivation):
        params = {
            "funding_months": 120,
            "decision_rule": rule,
            "motivation_init": motivation,
            **READY,  # conflict, not awareness or ability, keeps them apart
            **overrides,
        }
        c = models.simulate(list(seeds), 96, levers, **params)["cooperation_rate"]
        return c[:, 1:97].mean(axis=1)

    def advantage(motivation):  # of the qualified majority over unanimity
        return arm(1, motivation) - arm(0, motivation)

    return advantage(HIGH_CONFLICT) - advantage(LOW_CONFLICT)
