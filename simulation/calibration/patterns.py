"""The patterns of the calibration, their model situations and discrepancies d_k in [0, 1].

- ``first_report``: the programme scenario (``[calibrate] scenario``, county); per run the
  mean of g(first report month) and g(first month data quality reaches the report
  threshold), g(m) = min(1, distance of m to [low, high] / low), 1 for a run without one;
  d = mean over runs. Graded, so that proposals nearer the window rank first; the data
  readiness breaks the tie among runs whose report waits for the analysis lever (both lie
  in the window exactly when the report does, so d = 0 means the same as before).
- ``takeover``: a programme that secures legitimacy (``funding-cliff-takeover``);
  d = |mean over runs of min(1, share of the funded posts kept / 0.5) - target| (a run keeping
  at least half the posts scores 1, as in the share; fewer posts kept score in between).
- ``spontaneous``: no programme, no funded or core posts (``kein-programm`` if shipped);
  d = max(0, take-off rate - max_rate) / (1 - max_rate) (graded up to a rate of 1; the
  tolerance max_rate / (1 - max_rate) accepts rates up to twice max_rate).
- ``ordering``: every county from its first DKBM structure year to ``year``;
  d = (1 - Kendall tau_b) / 2 of institutionalisation against years since that structure.

Sources: indicators.md §2 (Elbe-Elster, Frankfurt (Oder), Uckermark first reports ~3 years
after the start; Potsdam and Elbe-Elster kept their posts; Elbe-Elster's Bildungskonferenzen
since 2004 without a programme).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import models

#: (de, en) names of the patterns
LABELS = {
    "first_report": (
        "Erster Bildungsbericht nach 24-48 Monaten",
        "First report after 24-48 months",
    ),
    "takeover": (
        "Übernahme der Stellen bei gesicherter Legitimation",
        "Posts taken over where legitimacy was secured",
    ),
    "spontaneous": (
        "Spontane Strukturen ohne Programm: möglich, aber selten",
        "Spontaneous structures without programme: possible but rare",
    ),
    "ordering": (
        "Reihenfolge der Kreise nach Jahren seit der ersten Struktur",
        "Counties' ordering by years since their first structure",
    ),
}
TAKEN_OVER = 0.5  # share of the funded posts kept that counts as a takeover


@dataclass(frozen=True)
class Situation:
    """One model setting a pattern is computed on (plain data, pickles to any worker)."""

    pattern: str
    months: int
    interventions: tuple
    shocks: tuple
    departments: tuple | None
    params: dict
    seeds: int
    weight: float = 0.0  # for ordering: years since the first structure


def _scenario(name: str, base_dir: str = "."):
    from pathlib import Path

    from simulation.scenarios import load_scenario

    if name.endswith(".toml") and not Path(name).is_absolute():
        name = str(Path(base_dir) / name)
    return load_scenario(name)


def _county(scenario, county: str | None):
    if not county:
        return scenario
    from simulation.counties import apply_county, get_county

    return apply_county(scenario, get_county(county))


def _situation(pattern, scenario, seeds, months=None, weight=0.0) -> Situation:
    kw = scenario.model_kwargs()
    return Situation(
        pattern=pattern,
        months=int(months or scenario.months),
        interventions=tuple(kw.pop("interventions")),
        shocks=tuple(kw.pop("shocks")),
        departments=kw.pop("departments"),
        params=kw,
        seeds=seeds,
        weight=weight,
    )


def no_programme(county: str | None = None):
    """The counterfactual: ``kein-programm`` if the library has it, else baseline without posts."""
    from simulation.scenarios import builtin_names

    if "kein-programm" in builtin_names():
        scenario = _scenario("kein-programm")
    else:
        scenario = _scenario("baseline").with_parameters(funded_posts=0.0, core_posts=0.0)
    return _county(scenario, county)


def situations(spec, pattern: str) -> list[Situation]:
    """The model settings pattern ``pattern`` of ``spec`` is computed on."""
    conf = spec.patterns[pattern]
    if pattern == "first_report":
        sc = _county(_scenario(spec.scenario, spec.base_dir), spec.county)
        return [_situation(pattern, sc, spec.seeds, spec.months)]
    if pattern == "takeover":
        sc = _county(_scenario(conf["scenario"], spec.base_dir), spec.county)
        return [_situation(pattern, sc, spec.seeds, max(spec.months, _funding(sc) + 2))]
    if pattern == "spontaneous":
        return [_situation(pattern, no_programme(spec.county), spec.seeds, conf["months"])]
    if pattern == "ordering":
        from simulation.counties import apply_county, counties

        programme = _scenario(spec.scenario, spec.base_dir)
        out = []
        for county in counties():
            first = getattr(county, "first_structure_year", None)
            if first:
                years = max(1, conf["year"] - int(first))
                sc = apply_county(programme, county)
            else:
                years = 0
                sc = no_programme(getattr(county, "name", None))
            months = max(12, 12 * (years or 5))
            out.append(_situation(pattern, sc, 1, months, weight=float(years)))
        return out
    raise KeyError(pattern)


def _funding(scenario) -> int:
    return int(scenario.resolved_parameters()["funding_months"])


def runs_per_particle(patterns, holdout, seeds: int) -> int:
    """Model runs one particle costs (fitted patterns; ordering: one run per county)."""
    n = 0
    for p in patterns:
        if p in holdout:
            continue
        n += 18 if p == "ordering" else seeds
    return n


def first_report_month(result: dict, situation: Situation) -> np.ndarray:
    """Month of the first education report per run (the model's metric where it has one).

    Fallback for a model without the run metric: the first month in which problem_analysis
    runs and data quality reaches the report threshold (models.kernel, ODD 7.3).
    """
    if "first_report_month" in result:
        return np.asarray(result["first_report_month"], dtype=float)
    from models.kernel import REPORT_DATA_THRESHOLD

    dq = result["data_quality"]
    active = np.zeros(dq.shape[1], dtype=bool)
    for iv in situation.interventions:
        if iv.lever == "problem_analysis":
            active[iv.start : iv.start + iv.duration] = True
    hit = (dq[:, :-1] >= REPORT_DATA_THRESHOLD) & active[None, : dq.shape[1] - 1]
    return np.where(hit.any(axis=1), hit.argmax(axis=1).astype(float) + 1, np.nan)


def _window_gap(month: np.ndarray, low: float, high: float) -> np.ndarray:
    month = np.asarray(month, dtype=float)
    dist = np.maximum(np.maximum(low - month, month - high), 0.0)
    return np.where(np.isnan(month), 1.0, np.minimum(1.0, dist / max(low, 1.0)))


def report_discrepancy(month, low: float, high: float, ready=None) -> np.ndarray:
    """Graded d of the first report: mean over runs (axis 1) of min(1, distance / low).

    ``month`` (particles, runs) holds the first report month, NaN for a run without one
    (which counts 1). A run inside [low, high] counts 0. With ``ready`` (the first month
    data quality reaches the report threshold, same shape) each run counts the mean of
    both gaps.
    """
    per_run = _window_gap(month, low, high)
    if ready is not None:
        per_run = 0.5 * (per_run + _window_gap(ready, low, high))
    return per_run.mean(axis=1)


def data_ready_month(result: dict) -> np.ndarray:
    """First month in which data quality reaches the report threshold (NaN if never)."""
    from models.kernel import REPORT_DATA_THRESHOLD

    hit = np.asarray(result["data_quality"])[:, 1:] >= REPORT_DATA_THRESHOLD
    return np.where(hit.any(axis=1), hit.argmax(axis=1).astype(float) + 1, np.nan)


def takeover_discrepancy(kept: np.ndarray, target: float) -> np.ndarray:
    """Graded d of the takeover: |mean over runs of min(1, kept / TAKEN_OVER) - target|.

    ``kept`` (particles, runs): share of the funded posts still held after the funding end.
    """
    score = np.clip(np.asarray(kept, dtype=float) / TAKEN_OVER, 0.0, 1.0)
    return np.abs(score.mean(axis=1) - target)


def spontaneous_discrepancy(rate: np.ndarray, max_rate: float) -> np.ndarray:
    """Graded d of spontaneous take-off: max(0, rate - max_rate) / (1 - max_rate)."""
    excess = np.maximum(0.0, np.asarray(rate, dtype=float) - max_rate)
    return np.minimum(1.0, excess / max(1.0 - max_rate, 1e-9))


def simulate(situation: Situation, theta: np.ndarray, names, seeds) -> dict:
    """Run ``situation`` for every particle row of ``theta`` and seed in ``seeds`` (n, k)."""
    k = seeds.shape[1]
    params = dict(situation.params)
    for j, name in enumerate(names):
        params[name] = [float(v) for v in np.repeat(theta[:, j], k)]
    return models.simulate(
        [int(s) for s in seeds.reshape(-1)],
        situation.months,
        situation.interventions,
        situation.shocks,
        departments=situation.departments,
        threads=1,
        **params,
    )


def discrepancy(pattern: str, conf: dict, sits: list[Situation], theta, names, seeds) -> np.ndarray:
    """d_k in [0, 1] of every particle (row of ``theta``) for ``pattern``."""
    n = theta.shape[0]
    if pattern == "ordering":
        values = np.zeros((n, len(sits)))
        for c, s in enumerate(sits):
            res = simulate(s, theta, names, seeds[:, :1])
            values[:, c] = res["institutionalisation"][:, -1]
        years = np.array([s.weight for s in sits])
        from scipy.stats import kendalltau

        tau = np.array([kendalltau(years, v).statistic for v in values])
        tau = np.nan_to_num(tau, nan=0.0)
        return (1.0 - tau) / 2.0
    (s,) = sits
    k = seeds.shape[1]
    res = simulate(s, theta, names, seeds[:, : s.seeds] if k >= s.seeds else seeds)
    k = min(k, s.seeds)
    if pattern == "first_report":
        month = first_report_month(res, s).reshape(n, k)
        ready = data_ready_month(res).reshape(n, k)
        return report_discrepancy(month, conf["low"], conf["high"], ready)
    if pattern == "takeover":
        funding = int(s.params.get("funding_months", models.DEFAULTS["funding_months"]))
        core = float(s.params.get("core_posts", models.DEFAULTS["core_posts"]))
        posts = float(s.params.get("funded_posts", models.DEFAULTS["funded_posts"]))
        kept = (res["office_fte"][:, funding + 1] - core) / max(posts, 1e-9)
        return takeover_discrepancy(kept.reshape(n, k), conf["target"])
    if pattern == "spontaneous":
        rate = (~np.isnan(res["takeoff_month"])).reshape(n, k).mean(axis=1)
        return spontaneous_discrepancy(rate, conf["max_rate"])
    raise KeyError(pattern)


@dataclass(frozen=True)
class Context:
    """What every evaluation task shares: names, patterns and their situations."""

    names: tuple[str, ...]
    patterns: dict  # name -> conf
    situations: dict  # name -> list[Situation]
    tolerance: dict  # name -> float
    seed: int
    seeds: int


def particle_seeds(seed: int, generation: int, index: np.ndarray, k: int) -> np.ndarray:
    """Seeds (n, k) of particles ``index`` of ``generation``: independent streams per particle."""
    out = np.empty((len(index), k), dtype=np.int64)
    for row, i in enumerate(index):
        children = np.random.SeedSequence([int(seed), int(generation), int(i)]).spawn(k)
        out[row] = [int(c.generate_state(1, np.uint64)[0] >> np.uint64(1)) for c in children]
    return out


def evaluate(context: Context, generation: int, index: np.ndarray, theta: np.ndarray, which):
    """Discrepancies of particles ``index`` (rows of ``theta``) for patterns ``which``.

    An importable task with plain-data arguments: runs in any executor's worker.
    Returns a dict pattern -> d_k array and ``"seed"`` -> the first seed of each particle.
    """
    seeds = particle_seeds(context.seed, generation, index, max(1, context.seeds))
    out = {"seed": seeds[:, 0].copy()}
    for p in which:
        out[p] = discrepancy(
            p, context.patterns[p], context.situations[p], theta, context.names, seeds
        )
    return out
