"""The calibration spec (TOML): ``[calibrate]``, ``[priors]``, ``[patterns]``.

Every problem is collected by :class:`simulation.checks.Checker` and raised at once
(one line each, naming file and key); nothing is written before the spec is valid.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from simulation.checks import Checker, describe

CALIBRATE_KEYS = (
    "scenario",
    "county",
    "months",
    "seeds",
    "population",
    "proposals",
    "generations",
    "budget",
    "method",
    "seed",
    "batch_size",
)
METHODS = ("smc", "rejection")
#: per pattern: allowed keys and their defaults (tolerance is the fixed scale of d_k)
PATTERN_KEYS = {
    "first_report": {"low": 24.0, "high": 48.0, "tolerance": 0.3},
    "takeover": {"scenario": "funding-cliff-takeover", "target": 1.0, "tolerance": 0.3},
    "spontaneous": {"max_rate": 0.2, "months": 120, "tolerance": 0.25},
    "ordering": {"tolerance": 0.35, "year": 2026},
}


@dataclass(frozen=True)
class CalibrationSpec:
    """A validated calibration spec."""

    source: str
    scenario: str
    county: str | None
    months: int
    seeds: int
    population: int
    proposals: int
    generations: int
    method: str
    seed: int
    batch_size: int
    priors: dict[str, tuple[float, float]]
    patterns: dict[str, dict]
    holdout: tuple[str, ...]
    text: str = ""
    base_dir: str = "."
    budget: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def fitted(self) -> tuple[str, ...]:
        return tuple(p for p in self.patterns if p not in self.holdout)


def load_spec(path: str | Path) -> CalibrationSpec:
    path = Path(path)
    checker = Checker(str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        checker.note("", f"cannot read the spec ({exc.strerror or exc})", "io")
        checker.done()
    return parse_spec(text, str(path), base_dir=str(path.parent))


def parse_spec(text: str, source: str = "<spec>", base_dir: str = ".") -> CalibrationSpec:
    import models

    c = Checker(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        c.note("", f"not valid TOML ({exc})", "toml")
        c.done()
    c.keys(data, ("calibrate", "priors", "patterns"), "", "section")
    cal = c.attempt(lambda: c.table(data, "calibrate"), {})
    c.keys(cal, CALIBRATE_KEYS, "calibrate")
    scenario = c.attempt(
        lambda: c.string(cal.get("scenario", "bildung-integriert"), "calibrate.scenario"),
        "bildung-integriert",
    )
    county = cal.get("county")
    if county is not None:
        county = c.attempt(lambda: c.string(county, "calibrate.county"))
    months = c.attempt(lambda: c.integer(cal.get("months", 120), "calibrate.months", 1, 1200), 120)
    seeds = c.attempt(lambda: c.integer(cal.get("seeds", 4), "calibrate.seeds", 1, 1000), 4)
    population = c.attempt(
        lambda: c.integer(cal.get("population", 200), "calibrate.population", 2, 10**6), 200
    )
    proposals = c.attempt(
        lambda: c.integer(
            cal.get("proposals", 4 * population), "calibrate.proposals", population, 10**7
        ),
        4 * population,
    )
    method = c.attempt(
        lambda: c.choice(cal.get("method", "smc"), "calibrate.method", METHODS, "method"), "smc"
    )
    seed = c.attempt(lambda: c.integer(cal.get("seed", 1), "calibrate.seed", 0, 2**63 - 1), 1)
    batch_size = c.attempt(
        lambda: c.integer(cal.get("batch_size", 64), "calibrate.batch_size", 1, 10**5), 64
    )
    budget = None
    generations = 1
    if "generations" in cal and "budget" in cal:
        c.note("calibrate.budget", "give either generations or budget, not both", "exclusive")
    elif "budget" in cal:
        budget = c.attempt(lambda: c.integer(cal["budget"], "calibrate.budget", 1, 10**9))
    else:
        generations = c.attempt(
            lambda: c.integer(cal.get("generations", 4), "calibrate.generations", 1, 100), 4
        )

    priors: dict[str, tuple[float, float]] = {}
    table = c.attempt(lambda: c.table(data, "priors"), {})
    if not table and "priors" not in data:
        c.note("priors", "is required: give at least one parameter = [low, high]", "required")
    c.keys(table, models.PARAMETERS, "priors", "parameter")
    for name, value in table.items():
        if name not in models.PARAMETERS:
            continue
        par = models.PARAMETERS[name]
        path = f"priors.{name}"
        if par.structural or par.integer:
            c.note(path, "an integer or structural parameter cannot be calibrated", "integer")
            continue
        if not (isinstance(value, list) and len(value) == 2):
            c.note(path, f"must be an array [low, high]; got {describe(value)}", "prior")
            continue
        lo = c.attempt(partial(c.parameter, name, value[0], path + "[0]"))
        hi = c.attempt(partial(c.parameter, name, value[1], path + "[1]"))
        if lo is None or hi is None:
            continue
        if not hi > lo:
            c.note(path, f"empty prior range: low must be < high; got [{lo}, {hi}]", "prior")
            continue
        priors[name] = (float(lo), float(hi))

    patterns: dict[str, dict] = {}
    holdout: tuple[str, ...] = ()
    ptable = c.attempt(lambda: c.table(data, "patterns"), {})
    if not ptable:
        c.note("patterns", "is required: name at least one pattern", "required")
    c.keys(ptable, (*PATTERN_KEYS, "holdout"), "patterns", "pattern")
    for name, value in ptable.items():
        if name not in PATTERN_KEYS:
            continue
        path = f"patterns.{name}"
        if value is True:
            value = {}
        if not isinstance(value, dict):
            c.note(path, f"must be a table (or true); got {describe(value)}", "table")
            continue
        c.keys(value, PATTERN_KEYS[name], path)
        conf = dict(PATTERN_KEYS[name])
        for key, given in value.items():
            if key not in conf:
                continue
            if key == "scenario":
                conf[key] = c.attempt(partial(c.string, given, f"{path}.scenario"), conf[key])
            elif key in ("months", "year"):
                conf[key] = c.attempt(
                    partial(c.integer, given, f"{path}.{key}", 1, 3000), conf[key]
                )
            elif key == "tolerance":
                got = c.attempt(partial(c.number, given, f"{path}.tolerance", -1e9, 1e9))
                if got is not None and got <= 0:
                    c.note(f"{path}.tolerance", f"must be > 0; got {given}", "tolerance")
                elif got is not None:
                    conf[key] = got
            else:
                conf[key] = c.attempt(partial(c.number, given, f"{path}.{key}", 0, 1e6), conf[key])
        if name == "first_report" and conf["high"] < conf["low"]:
            c.note(f"{path}.high", "must be >= low", "range")
        patterns[name] = conf
    if "holdout" in ptable:
        value = ptable["holdout"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            c.note("patterns.holdout", f"must be an array of pattern names; got {describe(value)}")
        else:
            unknown = [k for k in ptable if k not in PATTERN_KEYS and k != "holdout"]
            for v in value:
                if v not in patterns and not unknown:
                    allowed = ", ".join(patterns) or "none"
                    c.note("patterns.holdout", f"{v!r} is not a pattern of this spec ({allowed})")
            holdout = tuple(value)
            if patterns and set(holdout) >= set(patterns):
                c.note("patterns.holdout", "holds out every pattern; at least one must be fitted")
    c.done()
    if budget is not None:
        from .patterns import runs_per_particle

        per_gen = proposals * runs_per_particle(patterns, holdout, seeds)
        generations = max(1, budget // per_gen)
    if method == "rejection":
        generations = 1
    return CalibrationSpec(
        source=source,
        scenario=scenario,
        county=county,
        months=months,
        seeds=seeds,
        population=population,
        proposals=proposals,
        generations=generations,
        method=method,
        seed=seed,
        batch_size=batch_size,
        priors=priors,
        patterns=patterns,
        holdout=holdout,
        text=text,
        base_dir=base_dir,
        budget=budget,
    )
