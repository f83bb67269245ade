"""Robust intervention planning under a budget: ``dkbm optimise``.

Decision variables per allowed lever: used or not, start month, duration, intensity and,
for levers that take department hours, the target (all departments or one). The search
(Optuna's NSGA-II, MIT) maximises a robust objective over a fixed matrix of uncertainty
samples × replications (common random numbers: seeds keyed by sample and replication,
never by candidate) against the share of the budget spent, with the budget as a
constraint. Costs are what the kernel counts (``lever_euros`` / ``lever_hours``): the
plan's monthly cost inputs summed over the horizon, computed by the same function
(:func:`models.kernel.inputs`). The non-dominated bundles of the search, the built-in
scenarios' bundles that fit the budget and the base are then re-evaluated on fresh
samples and seeds (MORDM re-evaluation); the front and the recommendation are taken
from those fresh values.

Evaluations are batched: one ``models.simulate`` call per bundle advances all its
samples × replications at once; bundles go in tasks through the project's executors
(serial, process pool, Dask).
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import models
from models.errors import DkbmError
from models.levers import LEVERS, Intervention, Plan, get_lever
from simulation.seeds import replication_seeds

from .spec import LASTING, LASTING_AFTER, OptimiseSpec, load_spec, minimised, spec_from_dict

__all__ = [
    "Cancelled",
    "OptimiseResult",
    "bundle_cost",
    "evaluate",
    "load_spec",
    "run",
    "scenario_toml",
    "spec_from_dict",
]

FRESH_FACTOR = 4  # re-evaluation: this many times the search's samples, on fresh draws
INTENSITIES = (0.25, 0.5, 0.75, 1.0)
MAX_DURATION = 60  # months one lever may run
STATE_FILE = "optimise-state.pkl"
INFEASIBLE_SCORE = -1e9  # told to the sampler for bundles over budget (never simulated)


class Cancelled(DkbmError):
    """The optimisation was cancelled; with ``out`` set it resumes with ``resume=True``."""


# --- bundles ---------------------------------------------------------------------------------
def dept_targeted(lever_id: str) -> bool:
    """Whether a lever addresses departments (it takes their hours) and so has a target."""
    return get_lever(lever_id).dept_hours > 0


def latest_end(spec: OptimiseSpec) -> int:
    """Month by which every intervention must have ended (the objective's horizon)."""
    if spec.objective == LASTING:
        return max(1, spec.months - LASTING_AFTER)
    return spec.months


def key_of(bundle: Sequence[Intervention]) -> tuple:
    return tuple(
        (iv.lever, iv.start, iv.duration, float(iv.intensity), iv.targets) for iv in bundle
    )


def decode(spec: OptimiseSpec, params: dict) -> tuple[Intervention, ...]:
    """The bundle of one sampled point (at most ``max_levers`` levers, in lever order)."""
    end = latest_end(spec)
    chosen = []
    for lever in spec.levers:
        if not params[f"{lever}.use"]:
            continue
        start = min(int(params[f"{lever}.start"]), end - 1)
        duration = max(1, min(int(params[f"{lever}.duration"]), end - start))
        target = params.get(f"{lever}.target", "all")
        chosen.append(
            Intervention(
                lever,
                start,
                duration,
                float(params[f"{lever}.intensity"]),
                () if target == "all" else (target,),
            )
        )
    if len(chosen) > spec.max_levers:  # keep the strongest, ties by lever order
        keep = sorted(range(len(chosen)), key=lambda k: (-chosen[k].intensity, k))
        chosen = [chosen[k] for k in sorted(keep[: spec.max_levers])]
    return tuple(chosen)


def distributions(spec: OptimiseSpec) -> dict:
    from optuna.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    end = latest_end(spec)
    keys = ["all", *(d.key for d in spec.scenario.department_specs())]
    out = {}
    for lever in spec.levers:
        out[f"{lever}.use"] = CategoricalDistribution([False, True])
        out[f"{lever}.start"] = IntDistribution(0, end - 1)
        out[f"{lever}.duration"] = IntDistribution(1, max(1, min(MAX_DURATION, end)))
        out[f"{lever}.intensity"] = FloatDistribution(0.25, 1.0, step=0.25)
        if dept_targeted(lever):
            out[f"{lever}.target"] = CategoricalDistribution(keys)
    return out


def bundle_cost(scenario, bundle: Sequence[Intervention], months: int) -> tuple[float, float]:
    """Euros and staff hours that ``bundle`` adds to the scenario's own levers over
    ``months`` months, counted as the kernel counts them (``lever_euros``, ``lever_hours``)."""
    from models import kernel
    from models.shocks import shock_vector

    keys = [d.key for d in scenario.department_specs()]
    onset, ongoing = shock_vector((), 0)

    def total(interventions):
        if not interventions:
            return 0.0, 0.0
        plan = Plan(interventions, keys)
        cost = [plan.cost(m) for m in range(months)]
        x = kernel.inputs(np.zeros_like(cost), cost, [onset] * months, [ongoing] * months)
        return float(x.euros.sum()), float(x.month_hours.sum())

    base = total(scenario.interventions)
    both = total((*scenario.interventions, *bundle))
    return both[0] - base[0], both[1] - base[1]


def builtin_bundles(spec: OptimiseSpec) -> dict[str, tuple[Intervention, ...]]:
    """The built-in scenarios' lever bundles that the search could also choose: their
    levers allowed, at most ``max_levers`` of them, within the horizon and the budget."""
    from simulation.scenarios import builtin_scenarios

    keys = {d.key for d in spec.scenario.department_specs()}
    end = latest_end(spec)
    out = {}
    for name, sc in builtin_scenarios().items():
        bundle = tuple(sc.interventions)
        levers = {iv.lever for iv in bundle}
        if not bundle or not levers <= set(spec.levers) or len(levers) > spec.max_levers:
            continue
        if any(iv.start + iv.duration > end or not set(iv.targets) <= keys for iv in bundle):
            continue
        euros, hours = bundle_cost(spec.scenario, bundle, spec.months)
        if euros <= spec.budget_euros and hours <= spec.budget_hours:
            out[name] = bundle
    return out


# --- evaluation (the task run by the executors) -----------------------------------------------
@dataclass(frozen=True)
class EvalConfig:
    """What every evaluation of one optimisation shares (plain data: it pickles)."""

    months: int
    objective: str
    interventions: tuple = ()
    shocks: tuple = ()
    departments: tuple | None = None
    params: dict = field(default_factory=dict)


def evaluate(
    config: EvalConfig, bundles: list, seeds: list[int], values: dict, threads: int | None = 1
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per bundle: the objective of every row and the mean monthly cooperation rate.

    One ``models.simulate`` call per bundle advances all rows (uncertainty samples ×
    replications, with per-row parameter values) together.
    """
    from simulation.sweeps.spec import output_names
    from simulation.sweeps.tasks import _store

    out = []
    n = len(seeds)
    for bundle in bundles:
        result = models.simulate(
            seeds,
            config.months,
            (*config.interventions, *bundle),
            config.shocks,
            departments=config.departments,
            threads=threads,
            **{**config.params, **values},  # a sampled uncertainty overrides the base's value
        )
        outputs = {name: np.full(n, np.nan) for name in output_names()}
        _store(outputs, None, None, list(range(n)), result)
        out.append((outputs[config.objective], result["cooperation_rate"].mean(axis=0)))
    return out


@dataclass(frozen=True)
class Draws:
    """A fixed matrix of uncertainty samples × replications (the same for every bundle)."""

    samples: int
    replications: int
    seeds: list[int]
    values: dict[str, list]
    matrix_id: str


def draws(spec: OptimiseSpec, samples: int, stream: int) -> Draws:
    """Latin-hypercube samples of the uncertain ranges and one seed per (sample, replicate).

    ``stream`` 0 is the search's matrix, 1 the fresh one of the re-evaluation.
    """
    from scipy.stats import qmc

    r = spec.replications
    seeds = [
        s for k in range(samples) for s in replication_seeds(spec.seed, r, k + stream * 1_000_003)
    ]
    values: dict[str, list] = {}
    if spec.factors:
        unit = qmc.LatinHypercube(
            d=len(spec.factors), rng=np.random.default_rng([spec.seed, stream])
        ).random(samples)
        for j, f in enumerate(spec.factors):
            col = f.low + unit[:, j] * (f.high - f.low)
            col = np.round(col).astype(int).tolist() if f.integer else col.tolist()
            values[f.name] = [v for v in col for _ in range(r)]
    matrix_id = hashlib.sha256(json.dumps([seeds, values], sort_keys=True).encode()).hexdigest()[
        :16
    ]
    return Draws(samples, r, seeds, values, matrix_id)


def per_sample(spec: OptimiseSpec, values: np.ndarray, samples: int) -> np.ndarray:
    """One bundle's objective per uncertainty sample (mean over its replications); a
    missing value counts as 0 (months-until measures: as the month after the horizon)."""
    worst = spec.months + 1.0 if minimised(spec.objective) else 0.0
    return np.where(np.isfinite(values), values, worst).reshape(samples, -1).mean(axis=1)


def best_per_sample(spec: OptimiseSpec, rows: Sequence[np.ndarray], samples: int) -> np.ndarray:
    """Per sample the best value among the bundles of ``rows`` (the regret reference)."""
    table = np.array([per_sample(spec, v, samples) for v in rows])
    return table.min(axis=0) if minimised(spec.objective) else table.max(axis=0)


def robust(spec: OptimiseSpec, values: np.ndarray, samples: int, best=None) -> dict:
    """Robustness statistics of one bundle's row values (sample-major).

    ``best`` (regret only): per sample the best value among the alternatives evaluated
    together with this bundle (:func:`best_per_sample`); the regret in a sample is how
    far the bundle falls short of that best, the objective its 90th percentile.
    """
    from simulation.ensemble import mean_ci

    sign = -1.0 if minimised(spec.objective) else 1.0
    v = per_sample(spec, values, samples)
    mean, low, high, _ = mean_ci(v)
    p10 = float(np.percentile(v, 90 if sign < 0 else 10))
    if spec.robustness == "mean":
        objective, score = mean, sign * mean
    elif spec.robustness == "p10":
        objective, score = p10, sign * p10
    elif spec.robustness == "regret":
        best = v if best is None else best
        regret = np.maximum(sign * (best - v), 0.0)  # shortfall against the best alternative
        objective = float(np.percentile(regret, 90))
        score = -objective
    else:  # satisficing: share of samples that reach the threshold
        objective = float(np.mean(sign * v >= sign * spec.threshold))
        score = objective
    return {
        "objective": float(objective),
        "score": float(score),
        "mean": mean,
        "p10": p10,
        "ci_low": low,
        "ci_high": high,
        "per_sample": v,
    }


# --- the result --------------------------------------------------------------------------------
@dataclass
class OptimiseResult:
    """The re-evaluated non-dominated bundles and the recommendation."""

    spec: OptimiseSpec
    front: object  # pandas.DataFrame
    bundles: list[tuple[Intervention, ...]]
    recommended: int
    base_curves: np.ndarray
    _curves: list[np.ndarray]
    base: dict
    evaluations: int
    runs: int
    seconds: float
    matrix_ids: dict

    def curves(self, k: int) -> np.ndarray:
        """Mean monthly cooperation rate of bundle ``k`` (fresh draws), shape (months + 1,)."""
        return self._curves[k]

    def scenario(self, k: int):
        """The base scenario with bundle ``k`` added (a valid ``dkbm run`` scenario)."""
        from simulation.scenarios import scenario_from_dict

        base = self.spec.scenario
        data = base.to_dict()
        data["scenario"]["name"] = f"{base.name}-optimiert"
        data["scenario"]["title_de"] = f"{base.title('de')}: empfohlenes Bündel"
        data["scenario"]["title_en"] = f"{base.title('en')}: recommended bundle"
        data["interventions"] = base.to_dict()["interventions"] + [
            {
                "lever": iv.lever,
                "start": iv.start,
                "duration": iv.duration,
                "intensity": iv.intensity,
                **({"targets": list(iv.targets)} if iv.targets else {}),
            }
            for iv in self.bundles[k]
        ]
        return scenario_from_dict(data, "<optimise>")


def scenario_toml(result: OptimiseResult, k: int) -> str:
    """TOML text of :meth:`OptimiseResult.scenario` (runnable with ``dkbm run``)."""
    return result.scenario(k).to_toml()


def describe_bundle(bundle: Sequence[Intervention], lang: str = "de") -> str:
    """The levers in words as the planner's fields read (start month, duration):
    ``Politischer Wille (ab Monat 0, 24 Monate, 75 %); …``."""
    from simulation import formatting as F

    if not bundle:
        return "keine zusätzlichen Hebel" if lang == "de" else "no additional levers"
    since = "ab Monat" if lang == "de" else "from month"
    parts = []
    for iv in bundle:
        lever = LEVERS[iv.lever_index]
        where = ""
        if iv.targets:
            names = {d.key: d for d in models.DEFAULT_DEPARTMENTS}
            where = ", " + ", ".join(
                getattr(names[t], f"name_{lang}", t) if t in names else t for t in iv.targets
            )
        parts.append(
            f"{lever.name(lang)} ({since} {iv.start}, {F.months(iv.duration, lang)}, "
            f"{F.percent(iv.intensity, lang)}{where})"
        )
    return "; ".join(parts)


# --- the search --------------------------------------------------------------------------------
def non_dominated(score: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Indices of the points not dominated in (score up, cost down), sorted by cost."""
    order = sorted(range(len(score)), key=lambda k: (cost[k], -score[k]))
    keep, best = [], -math.inf
    for k in order:
        if score[k] > best:
            keep.append(k)
            best = score[k]
    return np.array(keep, dtype=int)


class _Evaluator:
    """Evaluates bundles on one draw matrix through an executor, with a cache (resume)."""

    def __init__(self, config, executor, cache, on_task, cancel, threads):
        self.config, self.executor, self.cache = config, executor, cache
        self.on_task, self.cancel, self.threads = on_task, cancel, threads

    def __call__(self, bundles: list, d: Draws) -> list[tuple[np.ndarray, np.ndarray]]:
        from simulation.executors import executor_slots

        todo = []
        for b in bundles:
            k = (d.matrix_id, key_of(b))
            if k not in self.cache and k not in [(d.matrix_id, key_of(t)) for t in todo]:
                todo.append(b)
        if todo:
            slots = executor_slots(self.executor)
            size = max(1, math.ceil(len(todo) / (2 * slots))) if slots > 1 else len(todo)
            chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
            if slots == 1:
                chunks = [[b] for b in todo]
            futures = [
                self.executor.submit(evaluate, self.config, chunk, d.seeds, d.values, self.threads)
                for chunk in chunks
            ]
            try:
                for chunk, future in zip(chunks, futures, strict=True):
                    if self.cancel is not None and self.cancel.is_set():
                        raise Cancelled("optimisation cancelled")
                    for b, res in zip(chunk, future.result(), strict=True):
                        self.cache[(d.matrix_id, key_of(b))] = res
                    self.on_task(len(chunk))
            except BaseException:
                for f in futures:
                    f.cancel()
                raise
        return [self.cache[(d.matrix_id, key_of(b))] for b in bundles]


def run(
    spec: OptimiseSpec,
    *,
    out=None,
    workers: int = 1,
    scheduler: str | None = None,
    cluster: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    resume: bool = False,
    executor=None,
    write: bool = True,
) -> OptimiseResult:
    """Search, re-evaluate on fresh draws and (with ``out``) write the outputs.

    ``on_progress(done, total)`` counts bundle evaluations (total: population ×
    generations + the re-evaluated set, estimated until it is known); it is called from
    the calling thread. ``cancel`` (a ``threading.Event``) raises :class:`Cancelled`
    at the next finished task; with ``out`` the state is saved and ``resume=True``
    continues exactly (same front as an uninterrupted run).
    """
    import contextlib

    from simulation import executors

    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if executor is None:
            if scheduler or cluster:
                executor = stack.enter_context(
                    executors.dask_executor(scheduler, workers=workers if cluster else None)
                )
            else:
                executor = executors.local_executor(workers)
                stack.callback(executor.shutdown, wait=True, cancel_futures=True)
        threads = None if isinstance(executor, executors.SerialExecutor) else 1
        result = _run(spec, out, executor, threads, on_progress, cancel, resume)
    result.seconds = time.perf_counter() - started
    if out is not None and write:
        from .report import write_outputs

        write_outputs(result, Path(out), command=["python", "-c", "optimise.run"])
    return result


def _state_digest(spec: OptimiseSpec) -> str:
    text = json.dumps(spec.to_dict(), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _run(spec, out, executor, threads, on_progress, cancel, resume) -> OptimiseResult:
    import optuna
    from optuna.samplers import NSGAIISampler

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    state_path = Path(out) / STATE_FILE if out is not None else None
    digest = _state_digest(spec)
    cache: dict = {}
    if resume and state_path is not None and state_path.exists():
        saved = pickle.loads(state_path.read_bytes())
        if saved.get("digest") != digest:
            from simulation.errors import LocatedInputError

            raise LocatedInputError(
                str(out), "--resume: the directory holds another optimisation spec"
            )
        cache = saved["cache"]

    def save():
        if state_path is None:
            return
        state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = state_path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps({"digest": digest, "cache": cache}))
        tmp.replace(state_path)

    pop, gens = spec.population, spec.generations
    total = [pop * gens + 2 * pop]
    done = [0]

    def on_task(n):
        done[0] += n
        if on_progress is not None:
            on_progress(min(done[0], total[0]), total[0])

    kw = spec.scenario.model_kwargs()
    config = EvalConfig(
        months=spec.months,
        objective=spec.objective,
        interventions=tuple(kw.pop("interventions")),
        shocks=tuple(kw.pop("shocks")),
        departments=kw.pop("departments"),
        params={**kw, **spec.fixed},
    )
    evaluator = _Evaluator(config, executor, cache, on_task, cancel, threads)
    search = draws(spec, spec.samples, 0)
    fresh = draws(spec, spec.samples * FRESH_FACTOR, 1)

    def share(euros, hours):
        def one(x, budget):
            return x / budget if budget > 0 else (0.0 if x <= 0 else math.inf)

        return max(one(euros, spec.budget_euros), one(hours, spec.budget_hours))

    try:
        ((base_values, _),) = evaluator([()], search)
        sampler = NSGAIISampler(population_size=pop, seed=spec.seed)
        study = optuna.create_study(directions=["maximize", "minimize"], sampler=sampler)
        dists = distributions(spec)
        pool: dict = {(): ()}  # key -> bundle, every feasible bundle evaluated
        scores: dict = {(): None}
        for _gen in range(gens):
            trials = [study.ask(dists) for _ in range(pop)]
            bundles = [decode(spec, t.params) for t in trials]
            costs = [bundle_cost(spec.scenario, b, spec.months) for b in bundles]
            feasible = [
                b
                for b, (e, h) in zip(bundles, costs, strict=True)
                if e <= spec.budget_euros and h <= spec.budget_hours
            ]
            on_task(pop - len(feasible))
            evaluator(feasible, search)
            save()
            # regret: against the best of this generation's bundles and the base, per sample
            rows = [base_values, *(cache[(search.matrix_id, key_of(b))][0] for b in feasible)]
            best_gen = best_per_sample(spec, rows, spec.samples)
            for trial, b, (e, h) in zip(trials, bundles, costs, strict=True):
                over = max(e - spec.budget_euros, 0.0) + max(h - spec.budget_hours, 0.0)
                trial.set_constraint("budget", over)
                if over > 0:
                    study.tell(trial, [INFEASIBLE_SCORE, share(e, h)])
                    continue
                values, _ = cache[(search.matrix_id, key_of(b))]
                s = robust(spec, values, spec.samples, best_gen)["score"]
                pool[key_of(b)], scores[key_of(b)] = b, (s, share(e, h))
                study.tell(trial, [s, share(e, h)])
        for b in builtin_bundles(spec).values():
            evaluator([b], search)
            pool[key_of(b)] = b
        # candidates for the re-evaluation: the search front, the built-in bundles, the base
        keys = [k for k in pool if k]
        rows = [cache[(search.matrix_id, k)][0] for k in keys]
        best_all = best_per_sample(spec, [base_values, *rows], spec.samples)
        sc = [robust(spec, values, spec.samples, best_all)["score"] for values in rows]
        costs = {k: bundle_cost(spec.scenario, pool[k], spec.months) for k in keys}
        shares = np.array([share(*costs[k]) for k in keys])
        front_keys = [keys[i] for i in non_dominated(np.array(sc), shares)] if keys else []
        builtin_keys = [key_of(b) for b in builtin_bundles(spec).values()]
        candidates = [(), *dict.fromkeys([*front_keys, *builtin_keys])]
        total[0] = done[0] + len(candidates)
        fresh_results = evaluator([pool[k] for k in candidates], fresh)
        save()
    except Cancelled:
        save()
        raise
    best_fresh = best_per_sample(spec, [v for v, _ in fresh_results], fresh.samples)
    stats = [robust(spec, v, fresh.samples, best_fresh) for v, _ in fresh_results]
    all_costs = [bundle_cost(spec.scenario, pool[k], spec.months) for k in candidates]
    shares = np.array([share(*c) for c in all_costs])
    scores_fresh = np.array([s["score"] for s in stats])
    keep = non_dominated(scores_fresh, shares)
    best = max(keep, key=lambda i: (scores_fresh[i], -shares[i]))
    import pandas as pd

    rows = []
    for rank, i in enumerate(keep):
        b = pool[candidates[i]]
        rows.append(
            {
                "bundle": rank + 1,
                "levers_de": describe_bundle(b, "de"),
                "levers_en": describe_bundle(b, "en"),
                "euros": all_costs[i][0],
                "hours": all_costs[i][1],
                "objective": stats[i]["objective"],
                "mean": stats[i]["mean"],
                "p10": stats[i]["p10"],
                "ci_low": stats[i]["ci_low"],
                "ci_high": stats[i]["ci_high"],
                "recommended": bool(i == best),
            }
        )
    front = pd.DataFrame(rows)
    base_stats = {k: v for k, v in stats[0].items() if k != "per_sample"}
    return OptimiseResult(
        spec=spec,
        front=front,
        bundles=[pool[candidates[i]] for i in keep],
        recommended=int(np.flatnonzero(keep == best)[0]),
        base_curves=fresh_results[0][1],
        _curves=[fresh_results[i][1] for i in keep],
        base={**base_stats, "euros": 0.0, "hours": 0.0},
        evaluations=len(cache),
        runs=len(cache) * 0
        + sum(
            len(search.seeds) if mid == search.matrix_id else len(fresh.seeds) for mid, _ in cache
        ),
        seconds=0.0,
        matrix_ids={"search": search.matrix_id, "fresh": fresh.matrix_id},
    )
