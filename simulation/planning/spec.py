"""Optimisation specs (TOML): what to plan for, under which budget, against what uncertainty.

The format is a stable contract (documented in ``docs/planning.md``)::

    [optimise]
    scenario = "baseline"        # the base situation (built-in name or path)
    county = "Uckermark"         # optional: the base runs in this county's situation
    months = 120                 # horizon; default: the scenario's
    budget_euros = 200000        # euros the levers may cost over the horizon
    budget_hours = 8000          # staff hours (departments and Bildungsbüro)
    objective = "lasting_cooperation"   # a run output (see OBJECTIVES)
    robustness = "mean"          # mean | p10 | regret | satisficing
    threshold = 0.2              # satisficing only
    replications = 10
    seed = 1

    [search]
    algorithm = "nsga2"
    population = 40
    generations = 25
    levers = ["political_will", "committees_structures"]   # optional subset
    max_levers = 4

    [uncertainty]
    samples = 16
    turnover_rate = { low = 0.05, high = 0.2 }   # ranges as in a sweep spec

Every problem is collected by :class:`simulation.checks.Checker` and raised at once
(one line each naming the key) before anything runs or is written.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import models
from simulation.checks import Checker, Invalid
from simulation.errors import InputErrors, Problem
from simulation.sweeps.spec import Factor, _parameters, output_names

ROBUSTNESS = ("mean", "p10", "regret", "satisficing")
ALGORITHMS = ("nsga2",)
SECTIONS = ("optimise", "search", "uncertainty")
OPTIMISE_KEYS = (
    "scenario",
    "county",
    "months",
    "budget_euros",
    "budget_hours",
    "objective",
    "robustness",
    "threshold",
    "replications",
    "seed",
    "name",
)
SEARCH_KEYS = ("algorithm", "population", "generations", "levers", "max_levers")
LASTING = "lasting_cooperation"
#: months after the end of all support that ``lasting_cooperation`` needs
LASTING_AFTER = 48


def default_objective() -> str:
    """``lasting_cooperation`` where the model has it (else the sustained-cooperation index)."""
    return LASTING if LASTING in models.RUN_METRICS else "sustained_cooperation_index"


def objectives() -> tuple[str, ...]:
    """Run outputs an optimisation can aim at (those of a sweep's results table)."""
    return output_names()


def minimised(objective: str) -> bool:
    """Whether lower is better (months until something happens)."""
    return objective.endswith("_month")


@dataclass(frozen=True)
class OptimiseSpec:
    """A validated optimisation spec (see the module docstring for the keys)."""

    scenario: object  # simulation.scenarios.Scenario (the base situation, horizon set)
    budget_euros: float
    budget_hours: float
    objective: str = "lasting_cooperation"
    robustness: str = "mean"
    threshold: float | None = None
    replications: int = 10
    seed: int = 1
    algorithm: str = "nsga2"
    population: int = 40
    generations: int = 25
    levers: tuple[str, ...] = models.LEVER_IDS
    max_levers: int = 4
    samples: int = 16
    factors: tuple[Factor, ...] = ()
    fixed: dict = field(default_factory=dict)
    name: str = ""
    source: str = "<spec>"
    county: str = ""  # official name; the scenario is already in its situation

    @property
    def months(self) -> int:
        return self.scenario.months

    def to_dict(self) -> dict:
        """Plain data (TOML-shaped) for the manifest and the resume check."""
        optimise = {
            "scenario": self.scenario.name,
            "months": self.months,
            "budget_euros": self.budget_euros,
            "budget_hours": self.budget_hours,
            "objective": self.objective,
            "robustness": self.robustness,
            "replications": self.replications,
            "seed": self.seed,
        }
        if self.threshold is not None:
            optimise["threshold"] = self.threshold
        if self.county:
            optimise["county"] = self.county
        uncertainty = {"samples": self.samples, **{f.name: f.to_dict() for f in self.factors}}
        uncertainty.update(self.fixed)
        return {
            "optimise": optimise,
            "search": {
                "algorithm": self.algorithm,
                "population": self.population,
                "generations": self.generations,
                "levers": list(self.levers),
                "max_levers": self.max_levers,
            },
            "uncertainty": uncertainty,
            "scenario_toml": self.scenario.to_toml(),
        }


def load_spec(path: str | Path) -> OptimiseSpec:
    """Read and validate a spec file; scenario paths are relative to the spec file."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputErrors(source, [Problem("", "no such optimisation spec file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputErrors(source, [Problem("", f"cannot read the file ({exc})")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputErrors(source, [Problem("", f"not valid TOML: {exc}")]) from None
    return spec_from_dict(data, source=source, base_dir=path.parent)


def spec_from_dict(
    data: dict, *, source: str = "<spec>", base_dir=".", scenario=None
) -> OptimiseSpec:
    """Validate a spec given as nested dicts; raises :class:`InputErrors` with every problem.

    ``scenario``, a :class:`simulation.scenarios.Scenario`, is the base situation instead
    of ``[optimise] scenario`` (e.g. the plan a planner has open in the web app); the
    bundle's levers come on top of its own.
    """
    ck = Checker(source)
    ck.keys(data, SECTIONS, "", "section")
    opt = ck.attempt(lambda: ck.table(data, "optimise"), {})
    search = ck.attempt(lambda: ck.table(data, "search"), {})
    unc = ck.attempt(lambda: ck.table(data, "uncertainty"), {})
    if "optimise" not in data:
        ck.note("optimise", "the [optimise] table is missing", "required")
    ck.keys(opt, OPTIMISE_KEYS, "optimise")
    ck.keys(search, SEARCH_KEYS, "search")

    if scenario is None:
        scenario = ck.attempt(lambda: _scenario(ck, opt, base_dir))
    county = ""
    if "county" in opt:
        county = ck.attempt(lambda: _county(ck, opt["county"]), "")
        if scenario is not None and county:
            from simulation.counties import apply_county

            scenario = apply_county(scenario, county)
    months = None
    if "months" in opt:
        months = ck.attempt(lambda: ck.integer(opt["months"], "optimise.months", 1, 1200))
    if scenario is not None and months is not None and months != scenario.months:
        scenario = ck.attempt(lambda: scenario.with_run(months=months))
    budget = {}
    for key in ("budget_euros", "budget_hours"):
        path = f"optimise.{key}"
        budget[key] = ck.attempt(
            lambda k=key, p=path: ck.number(ck.required(opt, k, "optimise"), p, 0, 1e12)
        )
    objective = ck.attempt(
        lambda: ck.choice(
            opt.get("objective", default_objective()),
            "optimise.objective",
            objectives(),
            "objective",
        )
    )
    robustness = ck.attempt(
        lambda: ck.choice(
            opt.get("robustness", "mean"), "optimise.robustness", ROBUSTNESS, "robustness"
        )
    )
    threshold = None
    if robustness == "satisficing":
        threshold = ck.attempt(
            lambda: ck.number(
                ck.required(opt, "threshold", "optimise"), "optimise.threshold", -1e12, 1e12
            )
        )
    elif "threshold" in opt:
        ck.note("optimise.threshold", "only applies to robustness = 'satisficing'", "threshold")
    replications = ck.attempt(
        lambda: ck.integer(opt.get("replications", 10), "optimise.replications", 1, 10_000), 1
    )
    seed = ck.attempt(lambda: ck.integer(opt.get("seed", 1), "optimise.seed", 0, 2**63 - 1), 0)

    algorithm = ck.attempt(
        lambda: ck.choice(
            search.get("algorithm", "nsga2"), "search.algorithm", ALGORITHMS, "algorithm"
        )
    )
    population = ck.attempt(
        lambda: ck.integer(search.get("population", 40), "search.population", 2, 10_000), 2
    )
    generations = ck.attempt(
        lambda: ck.integer(search.get("generations", 25), "search.generations", 1, 10_000), 1
    )
    levers = ck.attempt(lambda: _levers(ck, search.get("levers", list(models.LEVER_IDS))), ())
    max_levers = ck.attempt(
        lambda: ck.integer(
            search.get("max_levers", 4), "search.max_levers", 1, models.levers.N_LEVERS
        ),
        1,
    )

    samples = ck.attempt(
        lambda: ck.integer(unc.get("samples", 16), "uncertainty.samples", 1, 10_000), 1
    )
    ranges = {k: v for k, v in unc.items() if k != "samples"}

    def fail(key, message):
        ck.fail(key.replace("parameters.", "uncertainty.", 1), message, "uncertainty")

    factors, fixed = ck.attempt(lambda: _parameters(ranges, "lhs", fail), ((), {}))

    if scenario is not None and objective == LASTING:
        funding = max(
            float(scenario.resolved_parameters()["funding_months"]),
            *(float(f.high) for f in factors if f.name == "funding_months"),
            float(fixed.get("funding_months", 0)),
        )
        if funding + LASTING_AFTER > scenario.months:
            ck.note(
                "optimise.months",
                f"{LASTING} needs months >= funding end + {LASTING_AFTER} = "
                f"{int(funding) + LASTING_AFTER}; got {scenario.months}",
                "horizon",
            )
    ck.done()
    return OptimiseSpec(
        scenario=scenario,
        budget_euros=budget["budget_euros"],
        budget_hours=budget["budget_hours"],
        objective=objective,
        robustness=robustness,
        threshold=threshold,
        replications=replications,
        seed=seed,
        algorithm=algorithm,
        population=population,
        generations=generations,
        levers=levers,
        max_levers=max_levers,
        samples=samples,
        factors=tuple(factors),
        fixed=dict(fixed),
        name=str(opt.get("name", "")),
        source=source,
        county=county,
    )


def _scenario(ck: Checker, opt: dict, base_dir):
    from simulation.scenarios import builtin_names, load_scenario

    name = ck.string(opt.get("scenario", "baseline"), "optimise.scenario")
    if name not in builtin_names():
        given = Path(name)
        name = str(given if given.is_absolute() else Path(base_dir) / given)
    try:
        return load_scenario(name)
    except models.InputError as exc:
        ck.fail("optimise.scenario", " ".join(str(exc).split()), "scenario")
    raise Invalid  # pragma: no cover


def _county(ck: Checker, value) -> str:
    """The county's official name (unknown: the closest names, as ``dkbm run --county``)."""
    from simulation.counties import get_county

    name = ck.string(value, "optimise.county")
    try:
        return get_county(name, "en").name
    except models.InputError as exc:
        ck.fail("optimise.county", str(exc), "county")
    raise Invalid  # pragma: no cover


def _levers(ck: Checker, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        ck.fail("search.levers", "must be a non-empty list of lever ids", "levers")
    for lever in value:
        ck.choice(lever, "search.levers", models.LEVER_IDS, "lever")
    if len(set(value)) != len(value):
        ck.fail("search.levers", "lists a lever twice", "levers")
    return tuple(value)
