"""Run every registered fact with and without its mechanism and judge the criteria.

Interval: the two-sided 95 % Student-t interval of the mean of the per-seed statistic,
``mean ± t(0.975, n-1) · sd / sqrt(n)`` over the seeds whose statistic is finite.
``passed``: the whole interval satisfies the criterion. ``vanishes`` (strict): no point of
the knockout's interval satisfies it, i.e. the knockout's whole interval lies on the
failing side of the threshold (the threshold itself counts as failing for > and <).
A fact *fails* when it is not passed or its knockout does not vanish.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

from models import InputError

from . import criteria as criteria_mod
from . import load_facts
from .registry import FACTS

load_facts()

SEED_BASE = 20_000  # seeds of fact SFk: SEED_BASE + 1000·k + 0 .. n-1


@dataclass(frozen=True)
class Arm:
    value: float
    ci95: tuple[float, float]
    n: int  # seeds with a finite statistic
    per_seed: tuple[float, ...]


@dataclass(frozen=True)
class FactResult:
    id: str
    criterion: criteria_mod.Criterion
    seeds: int
    base: Arm
    knockout: Arm
    passed: bool
    vanishes: bool
    seconds: float

    @property
    def ok(self) -> bool:
        return self.passed and self.vanishes

    def to_json(self, lang: str = "de") -> dict:
        c = self.criterion
        return {
            "id": self.id,
            "title_de": c.title_de,
            "title_en": c.title_en,
            "criterion": c.text(lang),
            "value": _num(self.base.value),
            "ci95": [_num(x) for x in self.base.ci95],
            "passed": self.passed,
            "knockout": {
                "mechanism": c.knockout.mechanism(lang),
                "value": _num(self.knockout.value),
                "ci95": [_num(x) for x in self.knockout.ci95],
                "vanishes": self.vanishes,
            },
        }


@dataclass(frozen=True)
class Report:
    seeds: int | None  # the --seeds override, else None (each fact's own count)
    quick: bool
    facts: tuple[FactResult, ...]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.facts)

    def to_json(self, lang: str = "de") -> dict:
        counts = sorted({f.seeds for f in self.facts})
        seeds = counts[0] if len(counts) == 1 else counts
        return {"seeds": seeds, "facts": [f.to_json(lang) for f in self.facts]}


def _num(x: float):
    return None if not np.isfinite(x) else float(x)


def interval(values: np.ndarray) -> Arm:
    """Mean and Student-t 95 % interval of the finite values."""
    v = np.asarray(values, dtype=float)
    finite = v[np.isfinite(v)]
    n = finite.size
    if n == 0:
        return Arm(np.nan, (np.nan, np.nan), 0, tuple(v.tolist()))
    mean = float(finite.mean())
    if n == 1:
        return Arm(mean, (np.nan, np.nan), 1, tuple(v.tolist()))
    half = float(stats.t.ppf(0.975, n - 1) * finite.std(ddof=1) / np.sqrt(n))
    return Arm(mean, (mean - half, mean + half), n, tuple(v.tolist()))


def satisfied_everywhere(c: criteria_mod.Criterion, arm: Arm) -> bool:
    lo, hi = arm.ci95
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return False
    return c.holds(lo) and c.holds(hi)


def satisfied_nowhere(c: criteria_mod.Criterion, arm: Arm) -> bool:
    lo, hi = arm.ci95
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return False
    return not c.holds(lo) and not c.holds(hi)


def fact_seeds(fid: str, n: int) -> np.ndarray:
    return SEED_BASE + 1000 * int(fid[2:]) + np.arange(n, dtype=np.int64)


def select(only: list[str] | None, table: dict[str, criteria_mod.Criterion]) -> list[str]:
    """The fact ids to run, in order; :class:`InputError` for an unknown or unmatched id."""
    known = sorted(set(FACTS) & set(table), key=lambda f: int(f[2:]))
    for fid in FACTS:
        if fid not in table:
            raise InputError(f"criteria.toml: fact {fid} is registered but has no [{fid}] table")
    for fid in table:
        if fid not in FACTS:
            raise InputError(f"criteria.toml: [{fid}] has no registered experiment", key=fid)
    if not only:
        return known
    for fid in only:
        if fid not in known:
            raise InputError(
                f"--only: unknown fact '{fid}'; allowed: {', '.join(known)}", key="only"
            )
    return [f for f in known if f in only]


def run(
    only: list[str] | None = None,
    seeds: int | None = None,
    quick: bool = False,
    criteria_path=None,
    on_fact=None,
) -> Report:
    """Run the selected facts; ``seeds`` overrides each fact's own seed count."""
    if seeds is not None and (isinstance(seeds, bool) or int(seeds) < 2):
        raise InputError(f"--seeds must be an integer >= 2; got {seeds}", key="seeds")
    table = criteria_mod.load(criteria_path)
    results = []
    for fid in select(only, table):
        c = table[fid]
        n = seeds if seeds is not None else (c.quick_seeds if quick else c.seeds)
        s = fact_seeds(fid, n)
        t0 = time.perf_counter()
        base = interval(FACTS[fid](s, {}, quick))
        knock = interval(FACTS[fid](s, dict(c.knockout.params), quick))
        result = FactResult(
            fid,
            c,
            n,
            base,
            knock,
            satisfied_everywhere(c, base),
            satisfied_nowhere(c, knock),
            time.perf_counter() - t0,
        )
        results.append(result)
        if on_fact is not None:
            on_fact(result)
    return Report(seeds, quick, tuple(results))


__all__ = ["Arm", "FactResult", "Report", "asdict", "interval", "run"]
