"""Published and derived results that :func:`models.docking.macy_flache` is docked against.

Each entry names the experiment (keyword arguments of ``macy_flache``), the statistic,
the published or derived value and its source. The validation tests, the docking
notebook and ``docs/docking.md`` all read this one table.
"""

from __future__ import annotations

import math

#: self-correcting equilibrium of [4, 3, 1, 0 | 2 | l]: p = (sqrt(3) - 1) / 2
SCE = (math.sqrt(3.0) - 1.0) / 2.0

RESULTS = (
    {
        "id": "sce",
        "what": "mean p(cooperate), rounds 100–500, slow learning",
        "what_de": "mittlere Kooperationswahrscheinlichkeit, Runden 100–500, langsames Lernen",
        "kwargs": {"aspiration": 2.0, "learning_rate": 1 / 16},
        "rounds": 1000,
        "runs": 200,
        "statistic": "mean_p_100_500",
        "published": SCE,
        "source": "Izquierdo & Izquierdo 2008, figs. 3–4; Izquierdo, Izquierdo & Gotts 2008",
    },
    {
        "id": "window_low_cooperation",
        "what": "share locked into mutual cooperation, A = 0.5",
        "what_de": "Anteil eingerastet in beiderseitige Kooperation, A = 0,5",
        "kwargs": {"aspiration": 0.5},
        "rounds": 1000,
        "runs": 4000,
        "statistic": "cooperation",
        "published": 0.10,
        "source": "Macy & Flache 2002; Izquierdo, Izquierdo & Gotts 2008 (≈ 10 %)",
    },
    {
        "id": "window_low_defection",
        "what": "share locked into mutual defection, A = 0.5",
        "what_de": "Anteil eingerastet in beiderseitige Verweigerung, A = 0,5",
        "kwargs": {"aspiration": 0.5},
        "rounds": 1000,
        "runs": 4000,
        "statistic": "defection",
        "published": 0.90,
        "source": "Macy & Flache 2002; Izquierdo, Izquierdo & Gotts 2008 (≈ 90 %)",
    },
    {
        "id": "window_inside",
        "what": "share locked into mutual cooperation, A = 2",
        "what_de": "Anteil eingerastet in beiderseitige Kooperation, A = 2",
        "kwargs": {"aspiration": 2.0},
        "rounds": 1000,
        "runs": 4000,
        "statistic": "cooperation",
        "published": 0.998,
        "source": "Macy & Flache 2002; Izquierdo, Izquierdo & Gotts 2008 (≈ 99,8 % / 99.8 %)",
    },
    {
        "id": "window_upper_edge",
        "what": "share locked into mutual cooperation, A = R = 3",
        "what_de": "Anteil eingerastet in beiderseitige Kooperation, A = R = 3",
        "kwargs": {"aspiration": 3.0},
        "rounds": 1000,
        "runs": 4000,
        "statistic": "cooperation",
        "published": 0.0,
        "source": "derived, ODD §12: s(R) ≤ 0 for A ≥ R",
    },
)


def evaluate(entry: dict, seed0: int = 0) -> tuple[float, float, float]:
    """Run one entry of :data:`RESULTS` on seeds ``seed0 … seed0 + runs − 1``.

    Returns
    -------
    tuple of float
        Our value and its 95 % interval: the Wilson score interval for a share of
        runs, mean ± 1.96 standard errors of the per-run means for ``mean_p_100_500``.
    """

    from .macy_flache import lock_in, macy_flache

    seeds = range(seed0, seed0 + entry["runs"])
    p = macy_flache(seeds, entry["rounds"], **entry["kwargs"])["p_cooperate"]
    if entry["statistic"] == "mean_p_100_500":
        per_run = p[:, 100:501].mean(axis=(1, 2))
        mean = float(per_run.mean())
        half = 1.96 * float(per_run.std(ddof=1)) / math.sqrt(len(per_run))
        return mean, mean - half, mean + half
    share = float(lock_in(p)[entry["statistic"]].mean())
    return (share, *wilson(share, entry["runs"]))


def wilson(share: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a share observed in ``n`` runs (95 % for z = 1.96)."""
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half
