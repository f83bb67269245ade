"""Sweep specifications: a TOML file that says what to vary, how, and how often.

The format is a stable contract (documented in ``docs/sweeps.md``)::

    [sweep]
    scenario = "baseline"      # built-in scenario name or path (relative to the spec file)
    design = "lhs"             # grid | random | lhs | sobol | morris
    samples = 256              # base samples (random, lhs, sobol, morris; not grid)
    replications = 5
    seed = 42
    months = 120               # optional; default: the scenario's months, else 120

    [parameters]
    motivation_init = { low = 0.1, high = 0.9 }       # a range (sampled designs)
    turnover_rate = { values = [0.05, 0.1, 0.2] }     # a list (grid)
    trust_init = 0.5                                  # fixed for the whole sweep

Every parameter name, bound and value is checked against the registry
(``models.PARAMETERS``) when the spec is loaded, before anything runs or is written.
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import models
from models.parameters import unknown_message
from simulation.errors import LocatedInputError

DESIGNS = ("grid", "random", "lhs", "sobol", "morris")
SAMPLED_DESIGNS = ("random", "lhs", "sobol", "morris")
SWEEP_KEYS = {
    "scenario": "built-in scenario name or path to a scenario file",
    "design": "one of " + ", ".join(DESIGNS),
    "samples": "an integer > 0: base samples of random, lhs, sobol, morris",
    "replications": "an integer > 0: runs per design point, one seed each",
    "seed": "an integer >= 0: master seed",
    "months": "an integer >= 1: months per run",
    "batch_size": "an integer > 0: runs per task (default 128)",
    "timeseries_every": "an integer >= 0: store the monthly metrics every k months (0: off)",
    "second_order": "boolean (sobol only): also sample for second-order indices",
    "levels": "an even integer >= 2 (morris only): grid levels per parameter",
    "name": "free text",
    "description": "free text",
    "county": "a Brandenburg county (see `dkbm counties`): the scenario runs in its situation",
}
PARAMETER_KEYS = ("low", "high", "values", "steps")
SENSITIVITY_KEYS = ("outputs", "num_resamples", "conf_level")
SECTIONS = ("sweep", "parameters", "sensitivity")
DEFAULT_OUTPUTS = ("sustained_cooperation_index", "cooperation_rate_final", "cooperation_rate_mean")
DEFAULT_BATCH_SIZE = 128


@dataclass(frozen=True)
class Factor:
    """One varied parameter: a range (sampled designs) or a list of values (grid).

    Attributes
    ----------
    name : str
        Registry name.
    low, high : float
        Inclusive range that unit-cube samples are rescaled to (sampled designs).
    values : tuple of float, optional
        Levels of a grid design.
    integer : bool
        Whether values are rounded to whole numbers (from the registry).
    """

    name: str
    low: float | None = None
    high: float | None = None
    values: tuple[float, ...] | None = None
    integer: bool = False

    def to_dict(self) -> dict:
        if self.values is not None:
            return {"values": list(self.values)}
        return {"low": self.low, "high": self.high}


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep specification (see the module docstring for the keys)."""

    scenario: str
    design: str
    factors: tuple[Factor, ...]
    replications: int = 1
    seed: int = 0
    samples: int | None = None
    months: int | None = None
    fixed: dict[str, float | int] = field(default_factory=dict)
    batch_size: int = DEFAULT_BATCH_SIZE
    timeseries_every: int = 0
    second_order: bool = False
    levels: int = 4
    outputs: tuple[str, ...] = DEFAULT_OUTPUTS
    num_resamples: int = 100
    conf_level: float = 0.95
    name: str = ""
    description: str = ""
    source: str = "<spec>"
    base_dir: str = "."
    county: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.factors)

    def to_dict(self) -> dict:
        """Canonical plain-data form (TOML-shaped), stored in the manifest."""
        sweep = {
            "scenario": self.scenario,
            "design": self.design,
            "replications": self.replications,
            "seed": self.seed,
            "batch_size": self.batch_size,
            "timeseries_every": self.timeseries_every,
        }
        if self.samples is not None:
            sweep["samples"] = self.samples
        if self.months is not None:
            sweep["months"] = self.months
        if self.design == "sobol":
            sweep["second_order"] = self.second_order
        if self.design == "morris":
            sweep["levels"] = self.levels
        if self.name:
            sweep["name"] = self.name
        if self.description:
            sweep["description"] = self.description
        if self.county:
            sweep["county"] = self.county
        parameters = {f.name: f.to_dict() for f in self.factors}
        parameters.update(self.fixed)
        return {
            "sweep": sweep,
            "parameters": parameters,
            "sensitivity": {
                "outputs": list(self.outputs),
                "num_resamples": self.num_resamples,
                "conf_level": self.conf_level,
            },
        }

    def digest(self) -> str:
        """SHA-256 of the canonical form without the scenario's name or path.

        ``--resume`` compares it; the scenario is compared by content instead, so the
        copy saved in the sweep directory resumes a sweep started from a built-in name.
        """
        data = self.to_dict()
        del data["sweep"]["scenario"]
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def to_toml(self) -> str:
        """The canonical form as TOML text (loads back to an equal spec)."""
        return to_toml(self.to_dict())


def load_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep spec file.

    Raises
    ------
    simulation.errors.LocatedInputError
        One line ``<path>: <key>: <message>`` for a missing file, bad TOML or any
        invalid key or value.
    """
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LocatedInputError(source, "no such sweep spec file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LocatedInputError(source, f"cannot read the file ({exc})") from None
    return parse_spec(text, source=source, base_dir=str(path.parent))


def parse_spec(text: str, *, source: str = "<spec>", base_dir: str = ".") -> SweepSpec:
    """Validate spec TOML text; see :func:`load_spec`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LocatedInputError(source, f"not valid TOML: {exc}") from None
    return spec_from_dict(data, source=source, base_dir=base_dir)


def spec_from_dict(data: dict, *, source: str = "<spec>", base_dir: str = ".") -> SweepSpec:
    """Validate a spec given as nested dicts (the parsed TOML)."""

    def fail(key: str, message: str):
        raise LocatedInputError(source, f"{key}: {message}", key=key)

    for section in data:
        if section not in SECTIONS:
            fail(section, unknown_name("section", section, SECTIONS))
        if not isinstance(data[section], dict):
            fail(section, f"must be a table [{section}]; got {data[section]!r}")
    if "sweep" not in data:
        fail("sweep", "the [sweep] table is missing")
    sweep = data["sweep"]
    for key in sweep:
        if key not in SWEEP_KEYS:
            fail(f"sweep.{key}", unknown_name("key", key, SWEEP_KEYS))

    def integer(key, default, minimum):
        value = sweep.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            fail(f"sweep.{key}", f"must be {SWEEP_KEYS[key].split(':')[0]}; got {value!r}")
        return value

    design = sweep.get("design")
    if design is None:
        fail("sweep.design", f"missing; choose one of {', '.join(DESIGNS)}")
    if design not in DESIGNS:
        fail("sweep.design", unknown_name("design", design, DESIGNS))
    scenario = sweep.get("scenario", "baseline")
    if not isinstance(scenario, str) or not scenario.strip():
        fail("sweep.scenario", f"must be a scenario name or file path; got {scenario!r}")
    if design in SAMPLED_DESIGNS:
        if "samples" not in sweep:
            fail("sweep.samples", f"missing; design '{design}' needs an integer > 0")
        samples = integer("samples", None, 1)
    else:
        if "samples" in sweep:
            fail(
                "sweep.samples",
                "has no effect with design 'grid' (the grid is the "
                "product of the 'values' lists); remove it",
            )
        samples = None
    if design == "sobol" and samples & (samples - 1):
        below = 1 << (samples.bit_length() - 1)
        fail(
            "sweep.samples",
            f"design 'sobol' needs a power of 2 (Sobol' sequence balance); "
            f"got {samples}, use {below} or {below * 2}",
        )
    for key, only in (("second_order", "sobol"), ("levels", "morris")):
        if key in sweep and design != only:
            fail(f"sweep.{key}", f"only applies to design '{only}'; this spec uses '{design}'")
    second_order = sweep.get("second_order", False)
    if not isinstance(second_order, bool):
        fail("sweep.second_order", f"must be true or false; got {second_order!r}")
    levels = integer("levels", 4, 2)
    if levels % 2:
        fail("sweep.levels", f"must be an even integer >= 2; got {levels}")
    months = sweep.get("months")
    if months is not None:
        months = integer("months", None, 1)
    for key in ("name", "description"):
        if not isinstance(sweep.get(key, ""), str):
            fail(f"sweep.{key}", f"must be a string; got {sweep[key]!r}")
    county = sweep.get("county")
    if county is not None:
        county = _county_name(county, fail)

    factors, fixed = _parameters(data.get("parameters", {}), design, fail)
    if not factors:
        fail(
            "parameters",
            "no parameter is varied; give at least one range "
            "({ low = ..., high = ... }) or values list ({ values = [...] })",
        )
    if design == "grid":
        bad = [f.name for f in factors if f.values is None]
        if bad:
            fail(
                f"parameters.{bad[0]}",
                "design 'grid' needs a values list "
                "({ values = [...] } or { low = ..., high = ..., steps = n })",
            )

    outputs, num_resamples, conf_level = _sensitivity(data.get("sensitivity", {}), fail)
    return SweepSpec(
        scenario=scenario,
        design=design,
        factors=tuple(factors),
        replications=integer("replications", 1, 1),
        seed=integer("seed", 0, 0),
        samples=samples,
        months=months,
        fixed=fixed,
        batch_size=integer("batch_size", DEFAULT_BATCH_SIZE, 1),
        timeseries_every=integer("timeseries_every", 0, 0),
        second_order=second_order,
        levels=levels,
        outputs=outputs,
        num_resamples=num_resamples,
        conf_level=conf_level,
        name=sweep.get("name", ""),
        description=sweep.get("description", ""),
        source=source,
        base_dir=base_dir,
        county=county,
    )


def _county_name(value, fail) -> str:
    """The canonical name of ``[sweep] county`` (case and umlauts as in `dkbm counties`)."""
    if not isinstance(value, str) or not value.strip():
        fail("sweep.county", f"must be a county name (see `dkbm counties`); got {value!r}")
    from simulation.counties import get_county

    try:
        return get_county(value).name
    except models.InputError as exc:
        fail("sweep.county", str(exc))


def unknown_name(what: str, name, allowed) -> str:
    """``models``' unknown-name message, pointing to where the allowed names are listed."""
    where = "list them with `dkbm params`" if what == "parameter" else "listed in docs/sweeps.md"
    return unknown_message(what, name, allowed).replace(f"list them with `dkbm {what}s`", where)


def _parameters(table: dict, design: str, fail):
    factors: list[Factor] = []
    fixed: dict[str, float | int] = {}
    for name, entry in table.items():
        key = f"parameters.{name}"
        if name not in models.PARAMETERS:
            fail(key, unknown_name("parameter", name, models.PARAMETERS))
        par = models.PARAMETERS[name]
        if not isinstance(entry, dict):
            fixed[name] = _check(par, entry, key, fail)
            continue
        for sub in entry:
            if sub not in PARAMETER_KEYS:
                fail(f"{key}.{sub}", unknown_name("key", sub, PARAMETER_KEYS))
        if "values" in entry:
            if design in SAMPLED_DESIGNS:
                fail(
                    key,
                    f"design '{design}' samples each parameter from a range and cannot "
                    "take a values list; use { low = ..., high = ... } or design = 'grid'",
                )
            if set(entry) != {"values"}:
                fail(
                    key, "give either 'values' or 'low'/'high' (with 'steps' for a grid), not both"
                )
            values = entry["values"]
            if not isinstance(values, list) or not values:
                fail(f"{key}.values", f"must be a non-empty list of numbers; got {values!r}")
            checked = tuple(_check(par, v, f"{key}.values", fail) for v in values)
            if len(set(checked)) != len(checked):
                fail(f"{key}.values", f"lists a value twice: {list(values)}")
            factors.append(Factor(name, values=checked, integer=par.integer))
            continue
        low = _check(par, entry.get("low", par.low), f"{key}.low", fail)
        high = _check(par, entry.get("high", par.high), f"{key}.high", fail)
        if not low < high:
            fail(
                key,
                f"'low' ({low:g}) must be below 'high' ({high:g}); for a constant "
                f"write {name} = {low:g}",
            )
        if "steps" in entry:
            if design != "grid":
                fail(f"{key}.steps", f"only applies to design 'grid'; this spec uses '{design}'")
            steps = entry["steps"]
            if isinstance(steps, bool) or not isinstance(steps, int) or steps < 2:
                fail(f"{key}.steps", f"must be an integer >= 2; got {steps!r}")
            values = [low + (high - low) * i / (steps - 1) for i in range(steps)]
            if par.integer:
                values = sorted({round(v) for v in values})
            factors.append(Factor(name, values=tuple(values), integer=par.integer))
        else:
            factors.append(Factor(name, low=low, high=high, integer=par.integer))
    return factors, fixed


def _check(par, value, key: str, fail):
    try:
        return par.check(value)
    except models.InputError as exc:
        fail(key, str(exc).replace("must be", "must be within the registry bounds:", 1))


def _sensitivity(table: dict, fail):
    for key in table:
        if key not in SENSITIVITY_KEYS:
            fail(f"sensitivity.{key}", unknown_name("key", key, SENSITIVITY_KEYS))
    outputs = table.get("outputs", list(DEFAULT_OUTPUTS))
    if not isinstance(outputs, list) or not outputs or not all(isinstance(o, str) for o in outputs):
        fail("sensitivity.outputs", f"must be a non-empty list of output names; got {outputs!r}")
    allowed = output_names()
    for name in outputs:
        if name not in allowed:
            fail("sensitivity.outputs", unknown_name("output", name, allowed))
    resamples = table.get("num_resamples", 100)
    if isinstance(resamples, bool) or not isinstance(resamples, int) or resamples < 10:
        fail("sensitivity.num_resamples", f"must be an integer >= 10; got {resamples!r}")
    conf = table.get("conf_level", 0.95)
    if isinstance(conf, bool) or not isinstance(conf, (int, float)) or not 0 < conf < 1:
        fail("sensitivity.conf_level", f"must be a number in (0, 1); got {conf!r}")
    return tuple(outputs), resamples, float(conf)


def output_names() -> tuple[str, ...]:
    """Names of the per-run output columns of a sweep's results table."""
    return (
        *(f"{m}_final" for m in models.METRIC_NAMES),
        "cooperation_rate_mean",
        *models.RUN_METRICS,
    )


def to_toml(data: dict) -> str:
    """TOML text of spec-shaped data (tables of scalars, lists and inline tables)."""
    lines: list[str] = []
    for section, table in data.items():
        lines.append(f"[{section}]")
        for key, value in table.items():
            lines.append(f"{key} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "nan"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")
