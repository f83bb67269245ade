"""The stylized-fact experiments whose mechanisms the model has (domain.md §4.9).

Each function returns one statistic per seed; arms inside one fact share the seed
(common random numbers). Criteria and knockouts: ``criteria.toml``.
"""

from __future__ import annotations

import numpy as np

import models
from models import Intervention, Shock

from .registry import fact

HIGH = {"necessity_init": 0.8, "motivation_init": 0.8, "competence_init": 0.8}
NECESSITY_BUNDLE = ("data_foundation", "problem_analysis", "stakeholder_mapping", "action_options")
MOTIVATION_BUNDLE = ("political_will", "negotiation", "shared_goals", "trust_building")
COMPETENCE_BUNDLE = (
    "qualification",
    "communication_channels",
    "cooperation_brokering",
    "decision_processes",
)
BALANCED = (
    "data_foundation",
    "problem_analysis",
    "political_will",
    "legitimation",
    "resources",
    "committees_structures",
    "decision_processes",
    "qualification",
)
STRUCTURES = (
    "data_foundation",
    "problem_analysis",
    "political_will",
    "legitimation",
    "committees_structures",
    "decision_processes",
    "communication_channels",
    "qualification",
)
NO_STRUCTURES = (
    "data_foundation",
    "problem_analysis",
    "political_will",
    "qualification",
    "cooperation_brokering",
)


def bundle(levers, start: int = 0, duration: int = 36) -> list[Intervention]:
    return [Intervention(lever, start, duration) for lever in levers]


def cooperation(seeds, months, overrides, first, last, **settings) -> np.ndarray:
    """Per-seed mean cooperation over months ``first..last``; ``overrides`` win."""
    interventions = settings.pop("interventions", ())
    shocks = settings.pop("shocks", ())
    params = {**settings, **overrides}
    out = models.simulate(list(seeds), months, interventions, shocks, **params)
    return out["cooperation_rate"][:, first : last + 1].mean(axis=1)


@fact("SF1")
def supermodularity(seeds, overrides, quick):
    def arm(n, w):
        return cooperation(
            seeds, 36, overrides, 1, 36, necessity_init=n, motivation_init=w, competence_init=0.6
        )

    lo, hi = 0.3, 0.8
    return arm(hi, hi) - arm(hi, lo) - arm(lo, hi) + arm(lo, lo)


@fact("SF2")
def single_dimension_fades(seeds, overrides, quick):
    kept = {"funding_months": 120}  # the office stays: not confounded with its loss at 36

    def late(levers):
        return cooperation(seeds, 84, overrides, 61, 84, interventions=bundle(levers), **kept)

    base = late(())
    single = np.max(
        [late(b) - base for b in (NECESSITY_BUNDLE, MOTIVATION_BUNDLE, COMPETENCE_BUNDLE)], axis=0
    )
    return late(BALANCED) - base - single


def _first_reach(series: np.ndarray, level: float) -> int | None:
    hit = np.nonzero(series >= level)[0]
    return int(hit[0]) if hit.size else None


@fact("SF3")
def slow_recovery(seeds, overrides, quick):
    params = {
        **HIGH,
        "turnover_rate": 0.0,
        "election_hazard": 0.0,
        "funding_months": 120,
        **overrides,
    }
    months = 120
    batch = models.Batch(
        [int(s) for s in seeds],
        interventions=bundle(("cooperation_brokering", "qualification"), 0, months),
        params=params,
    )
    trust, defected = [batch.state.trust], []
    for _ in range(months):
        s = batch.advance()
        trust.append(s.trust)
        defected.append(s.defected)
    trust = np.array(trust)  # index m = state after month m
    defected = np.array(defected)
    out = np.full(len(seeds), np.nan)
    for r in range(len(seeds)):
        ratios = []
        for m, p in zip(*np.nonzero(defected[:, r, :]), strict=True):
            after = m + 1
            before, low = trust[after - 1, r, p], trust[after, r, p]
            loss = before - low
            if loss <= 0:
                continue
            # the pair's original build-up of the same amount, from its start
            built = _first_reach(trust[:after, r, p], trust[0, r, p] + loss)
            if built is None or built == 0:
                continue
            back = _first_reach(trust[after:, r, p], before)
            if back is None:
                # right-censored: the months left are a lower bound of the recovery time;
                # it says which is longer only when it already exceeds the build-up
                back = months - after
                if back <= built:
                    continue
            if back == 0:
                continue
            ratios.append(np.log2(back / built))
        if ratios:
            out[r] = float(np.median(ratios))
    return out


@fact("SF5")
def s_shaped_takeoff(seeds, overrides, quick):
    out = models.simulate(list(seeds), 48, bundle(BALANCED), **overrides)
    c = out["cooperation_rate"]
    y0 = c[:, 0]
    y = [c[:, 1 + 12 * k : 13 + 12 * k].mean(axis=1) for k in range(4)]
    d1, d2, d4 = y[0] - y0, y[1] - y[0], y[3] - y[2]
    return np.minimum(d2 - d1, d2 - d4)


@fact("SF6")
def institutionalisation_carries(seeds, overrides, quick):
    def late(levers):
        return cooperation(seeds, 84, overrides, 61, 84, interventions=bundle(levers))

    return late(STRUCTURES) - late(NO_STRUCTURES)


@fact("SF7")
def structures_buffer_turnover(seeds, overrides, quick):
    def relative_loss(levers):
        kw = {"interventions": bundle(levers, 0, 120), **HIGH}
        low = cooperation(seeds, 120, overrides, 13, 120, turnover_rate=0.05, **kw)
        high = cooperation(seeds, 120, overrides, 13, 120, turnover_rate=0.4, **kw)
        return 1.0 - high / np.maximum(low, 1e-9)

    return relative_loss(("cooperation_brokering",)) - relative_loss(
        ("committees_structures", "decision_processes")
    )


@fact("SF8")
def lasting_overload_loss(seeds, overrides, quick):
    crisis = [Shock("crisis", 24, 1.0, duration=12)]
    kept = {"workload": 0.6, "funding_months": 120}  # the office stays: its loss hides all
    calm = cooperation(seeds, 84, overrides, 49, 84, **kept)
    hit = cooperation(seeds, 84, overrides, 49, 84, shocks=crisis, **kept)
    return calm - hit


@fact("SF9")
def legitimacy_dampens_election(seeds, overrides, quick):
    def drop(legitimacy):
        kw = {
            "election_hazard": 0.0,
            "legitimacy_init": legitimacy,
            "political_will_init": 0.8,
            "funding_months": 120,  # the office stays: not confounded with its loss at 36
            "interventions": bundle(("committees_structures", "qualification"), 0, 24),
        }
        calm = cooperation(seeds, 84, overrides, 49, 84, **kw)
        shaken = cooperation(
            seeds, 84, overrides, 49, 84, shocks=[Shock("election", 48, 0.9)], **kw
        )
        return calm - shaken

    return drop(0.05) - drop(0.9)


@fact("SF12")
def backbone_bottleneck(seeds, overrides, quick):
    ready = {
        "necessity_init": 0.7,
        "motivation_init": 0.7,
        "competence_init": 0.7,
        "workload": 0.7,
        "funding_months": 120,
    }
    money = bundle(("resources",), 0, 120)

    def gain(posts):
        plain = cooperation(seeds, 60, overrides, 13, 60, funded_posts=posts, **ready)
        funded = cooperation(
            seeds, 60, overrides, 13, 60, funded_posts=posts, interventions=money, **ready
        )
        return funded - plain

    return gain(2.0) - gain(0.25)


@fact("SF14")
def aspiration_habituation(seeds, overrides, quick):
    def sustained(habituation):
        return cooperation(
            seeds,
            120,
            {"aspiration_habituation": habituation, **overrides},
            61,
            120,
            interventions=bundle(BALANCED),
            **HIGH,
        )

    return sustained(0.0) - sustained(0.2)
