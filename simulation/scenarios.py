"""Scenario files (TOML): parse, validate, write back, and the built-in library.

A scenario describes one municipal situation: who takes part (departments), the
model parameters that differ from the registry defaults, the levers applied
(interventions), the events that strike (shocks) and how to run it (months,
replications, seed). The file layout is a stable contract, documented in
``docs/cli.md``::

    [scenario]        name, title_de, title_en, description_de, description_en, municipality
    [run]             months, replications, seed
    [parameters]      registry names (models.PARAMETERS) -> values
    [[departments]]   optional; replaces the default departments
    [[interventions]] lever, start, duration, intensity, targets
    [[shocks]]        kind, month, severity, duration

Every problem raises :class:`simulation.errors.LocatedInputError` with one line
``<file>: <key path>: <message with the allowed values>``.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import models
from models.departments import DEFAULT_DEPARTMENTS, default_departments
from models.levers import DEFAULT_DURATION, DEFAULT_INTENSITY
from models.shocks import DEFAULT_SEVERITY

from .checks import Checker, describe
from .errors import InputErrors, LocatedInputError, Problem
from .seeds import replication_seeds

# The repository's scenarios/ folder (editable install); a regular install ships the
# same files as data files under <prefix>/share/dkbm-sim/scenarios.
SCENARIO_DIR = Path(__file__).resolve().parents[1] / "scenarios"
if not SCENARIO_DIR.is_dir():  # pragma: no cover - regular (non-editable) install
    SCENARIO_DIR = Path(sys.prefix) / "share" / "dkbm-sim" / "scenarios"

MUNICIPALITY_TYPES = ("landkreis", "kreisfreie_stadt")
MAX_MONTHS = 1200
MAX_REPLICATIONS = 100_000
MAX_SEED = 2**63 - 1
DEFAULT_MONTHS, DEFAULT_REPLICATIONS, DEFAULT_SEED = 120, 30, 1

SECTIONS = ("scenario", "run", "parameters", "departments", "interventions", "shocks")
SCENARIO_KEYS = ("name", "title_de", "title_en", "description_de", "description_en", "municipality")
RUN_KEYS = ("months", "replications", "seed")
INTERVENTION_KEYS = ("lever", "start", "duration", "intensity", "targets")
SHOCK_KEYS = ("kind", "month", "severity", "duration")
# bounds of the numeric department fields, as checked by the model
DEPARTMENT_BOUNDS = {
    "power": (0, 1),
    "capacity": (0, 5),
    "workload": (-1, 1),
    "need": (0, 1),
    "necessity": (0, 1),
    "motivation": (0, 1),
    "competence": (0, 1),
}
DEPARTMENT_KEYS = ("key", "name_de", "name_en", *DEPARTMENT_BOUNDS, "external")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_DEFAULT_SPECS = {s.key: s for s in DEFAULT_DEPARTMENTS}


# --- the scenario --------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    """A validated scenario. Build it with :func:`parse_scenario` or :func:`load_scenario`.

    Attributes
    ----------
    name : str
        Short identifier (lower case, digits, ``-``, ``_``).
    title_de, title_en, description_de, description_en : str
        Texts for planners, in German and English.
    municipality : str
        ``landkreis`` or ``kreisfreie_stadt``.
    months : int
        Horizon in months (1 step = 1 month), default 120.
    replications : int
        Default ensemble size, default 30.
    seed : int
        Master seed of the ensemble, default 1.
    params : tuple of (str, number)
        Parameters that differ from the registry defaults, in registry order.
    departments : tuple of DepartmentSpec or None
        Replaces the default departments when given.
    interventions : tuple of models.Intervention
    shocks : tuple of models.Shock
    source : str
        Where it came from (file path or ``<text>``); not part of equality.
    text : str or None
        The text it was parsed from, or None once changed; not part of equality.
    source_sha256 : str or None
        SHA-256 of the file or text it was read from, kept by changed copies (for
        manifests); None when built in code.
    """

    name: str
    title_de: str = ""
    title_en: str = ""
    description_de: str = ""
    description_en: str = ""
    municipality: str = "landkreis"
    months: int = DEFAULT_MONTHS
    replications: int = DEFAULT_REPLICATIONS
    seed: int = DEFAULT_SEED
    params: tuple[tuple[str, float | int], ...] = ()
    departments: tuple[models.DepartmentSpec, ...] | None = None
    interventions: tuple[models.Intervention, ...] = ()
    shocks: tuple[models.Shock, ...] = ()
    source: str = field(default="<scenario>", compare=False)
    text: str | None = field(default=None, compare=False, repr=False)
    source_sha256: str | None = field(default=None, compare=False, repr=False)

    # --- texts ------------------------------------------------------------------------------
    def title(self, lang: str = "de") -> str:
        return (self.title_en if lang == "en" else self.title_de) or self.name

    def description(self, lang: str = "de") -> str:
        return self.description_en if lang == "en" else self.description_de

    # --- what the model needs ---------------------------------------------------------------
    @property
    def parameters(self) -> dict[str, float | int]:
        """The parameters set by the scenario (registry defaults left out)."""
        return dict(self.params)

    def resolved_parameters(self) -> dict[str, float | int]:
        """Every registry parameter with the value this scenario runs with."""
        resolved = models.validate_params(self.parameters)
        if self.departments is not None:
            resolved["n_departments"] = len(self.departments)
        return resolved

    def department_specs(self) -> tuple[models.DepartmentSpec, ...]:
        """The departments the model will have (the scenario's or the defaults)."""
        if self.departments is not None:
            return self.departments
        return default_departments(int(self.resolved_parameters()["n_departments"]))

    def model_kwargs(self) -> dict:
        """Keyword arguments for ``models.simulate(seeds, months, **kw)`` and
        ``models.CollaborationModel(rng=seed, **kw)``."""
        params = self.parameters
        if self.departments is not None:
            params.pop("n_departments", None)
        return {
            "interventions": self.interventions,
            "shocks": self.shocks,
            "departments": self.departments,
            **params,
        }

    def replication_seeds(self, replications: int | None = None, seed: int | None = None):
        """Seeds of the ensemble; more replications extend the same list."""
        n = self.replications if replications is None else replications
        return replication_seeds(self.seed if seed is None else seed, n)

    # --- changed copies (validated like a file) ---------------------------------------------
    def with_parameters(self, **params) -> Scenario:
        """A copy with ``params`` set (registry names; bounds checked)."""
        data = self.to_dict()
        data["parameters"] = {**data["parameters"], **params}
        return self._changed(data)

    def with_run(
        self, months: int | None = None, replications: int | None = None, seed: int | None = None
    ) -> Scenario:
        """A copy with another horizon, ensemble size or seed (events must fit the horizon)."""
        data = self.to_dict()
        for key, value in (("months", months), ("replications", replications), ("seed", seed)):
            if value is not None:
                data["run"][key] = value
        return self._changed(data)

    def _changed(self, data: dict) -> Scenario:
        changed = scenario_from_dict(data, self.source)
        return replace(changed, source_sha256=self.source_sha256)

    # --- writing ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The scenario as TOML-shaped plain data (``scenario_from_dict`` reads it back)."""
        data: dict = {
            "scenario": {
                "name": self.name,
                "title_de": self.title_de,
                "title_en": self.title_en,
                "description_de": self.description_de,
                "description_en": self.description_en,
                "municipality": self.municipality,
            },
            "run": {"months": self.months, "replications": self.replications, "seed": self.seed},
            "parameters": dict(self.params),
        }
        if self.departments is not None:
            data["departments"] = [
                {k: getattr(s, k) for k in DEPARTMENT_KEYS if getattr(s, k) is not None}
                for s in self.departments
            ]
        data["interventions"] = [
            {
                "lever": iv.lever,
                "start": iv.start,
                "duration": iv.duration,
                "intensity": iv.intensity,
                **({"targets": list(iv.targets)} if iv.targets else {}),
            }
            for iv in self.interventions
        ]
        data["shocks"] = [
            {"kind": s.kind, "month": s.month, "severity": s.severity, "duration": s.duration}
            for s in self.shocks
        ]
        return data

    def to_toml(self) -> str:
        """Canonical TOML text; ``parse_scenario(s.to_toml()) == s``."""
        return dump_toml(self.to_dict())

    @property
    def sha256(self) -> str:
        """SHA-256 of the file or text it was read from; of :meth:`to_toml` once changed."""
        text = self.text if self.text is not None else self.to_toml()
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- reading -------------------------------------------------------------------------------
def parse_scenario(text: str, source: str = "<text>") -> Scenario:
    """Parse and validate scenario TOML text.

    Parameters
    ----------
    text : str
        TOML text.
    source : str
        Name used in error messages (usually the file path).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputErrors(source, [_toml_problem(exc)]) from None
    default_name = "scenario"
    if source and not source.startswith("<"):
        # a file without [scenario] name is named after the file, made a valid name
        slug = re.sub(r"[^a-z0-9_-]+", "-", Path(source).stem.lower()).strip("-_")
        default_name = slug or default_name
    scenario = scenario_from_dict(data, source, default_name=default_name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return replace(scenario, text=text, source_sha256=digest)


def read_scenario_file(path: str | Path) -> Scenario:
    """Read a scenario file (UTF-8 TOML)."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LocatedInputError(source, "file not found", key="path") from None
    except IsADirectoryError:
        raise LocatedInputError(source, "is a directory, not a scenario file", key="path") from None
    except OSError as exc:
        raise LocatedInputError(source, f"cannot read: {exc.strerror}", key="path") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LocatedInputError(
            source,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
            key="encoding",
        ) from None
    return parse_scenario(text, source)


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A built-in scenario by name, or a scenario file by path."""
    text = str(name_or_path)
    library = builtin_names()
    if isinstance(name_or_path, str) and text in library:
        return builtin_scenarios()[text]
    path = Path(text)
    if path.exists() or path.suffix or "/" in text or "\\" in text:
        return read_scenario_file(path)
    close = difflib.get_close_matches(text, library, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise LocatedInputError(
        "scenario",
        f"'{text}' is neither a built-in scenario nor a file; {hint}"
        f"(built-in: {', '.join(library)}; or give a path to a .toml file)",
        key="scenario",
    )


def builtin_names() -> tuple[str, ...]:
    """Names of the built-in scenarios (file stems in ``scenarios/``), sorted."""
    return tuple(sorted(p.stem for p in SCENARIO_DIR.glob("*.toml")))


def builtin_scenarios() -> dict[str, Scenario]:
    """Every built-in scenario, by name (``baseline`` first)."""
    library = dict(_builtin_library())
    return {"baseline": library.pop("baseline"), **library} if "baseline" in library else library


@cache
def _builtin_library() -> tuple[tuple[str, Scenario], ...]:
    out = []
    for name in builtin_names():
        scenario = read_scenario_file(SCENARIO_DIR / f"{name}.toml")
        if scenario.name != name:
            raise LocatedInputError(
                scenario.source,
                f"scenario.name: must equal the file name '{name}' for a built-in scenario; "
                f"got '{scenario.name}'",
                key="scenario.name",
            )
        out.append((name, scenario))
    return tuple(out)


# --- validation ----------------------------------------------------------------------------
def check_parameters(
    params: Mapping, source: str, prefix: str = "parameters", ck: Checker | None = None
) -> dict:
    """Validate registry parameters (names and bounds); return the valid ones in registry
    order. Raises every problem at once unless a ``ck`` of a larger check is given."""
    own = ck is None
    ck = ck or Checker(source)
    ck.keys(params, models.PARAMETERS, prefix, "parameter")
    checked = {}
    for name in params:
        if name in models.PARAMETERS:
            path = f"{prefix}.{name}" if prefix else name
            value = ck.attempt(lambda name=name, path=path: ck.parameter(name, params[name], path))
            if value is not None:
                checked[name] = value
    if own:
        ck.done()
    return {name: checked[name] for name in models.PARAMETERS if name in checked}


def scenario_from_dict(data: Mapping, source: str, *, default_name: str = "scenario") -> Scenario:
    """Validate TOML-shaped data (as from ``tomllib``) into a :class:`Scenario`.

    Every problem of the file is found (one line each) and raised at once as
    :class:`simulation.errors.InputErrors`.
    """
    ck = Checker(source)
    ck.keys(data, SECTIONS, "", "section")

    head = ck.attempt(lambda: ck.table(data, "scenario"), {})
    ck.keys(head, SCENARIO_KEYS, "scenario")
    name = ck.attempt(
        lambda: ck.string(
            head.get("name", default_name),
            "scenario.name",
            _NAME,
            "lower-case letters, digits, '-' or '_' (e.g. 'structures-first')",
        ),
        default_name,
    )
    texts = {
        k: ck.attempt(lambda k=k: ck.string(head.get(k, ""), f"scenario.{k}"), "")
        for k in SCENARIO_KEYS[1:5]
    }
    municipality = ck.attempt(
        lambda: ck.choice(
            head.get("municipality", "landkreis"),
            "scenario.municipality",
            MUNICIPALITY_TYPES,
            "municipality type",
        ),
        "landkreis",
    )

    run = ck.attempt(lambda: ck.table(data, "run"), {})
    ck.keys(run, RUN_KEYS, "run")
    # a wrong horizon is reported once; later checks then allow any month
    months = ck.attempt(
        lambda: ck.integer(run.get("months", DEFAULT_MONTHS), "run.months", 1, MAX_MONTHS),
        MAX_MONTHS,
    )
    replications = ck.attempt(
        lambda: ck.integer(
            run.get("replications", DEFAULT_REPLICATIONS), "run.replications", 1, MAX_REPLICATIONS
        ),
        DEFAULT_REPLICATIONS,
    )
    seed = ck.attempt(
        lambda: ck.integer(run.get("seed", DEFAULT_SEED), "run.seed", 0, MAX_SEED), DEFAULT_SEED
    )

    params = check_parameters(ck.attempt(lambda: ck.table(data, "parameters"), {}), source, ck=ck)

    departments = None
    if "departments" in data:
        departments = ck.attempt(lambda: _departments(ck, ck.array(data, "departments")))
        n_given = params.get("n_departments")
        if departments is not None and n_given is not None and n_given != len(departments):
            ck.note(
                "parameters.n_departments",
                f"is {n_given} but [[departments]] lists {len(departments)}; "
                "leave it out or make them agree",
                "n_departments",
                given=n_given,
                count=len(departments),
            )
    if departments is not None:
        keys = tuple(s.key for s in departments)
    else:
        keys = tuple(s.key for s in default_departments(int(params.get("n_departments", 11))))

    entries = ck.attempt(lambda: ck.array(data, "interventions"), [])
    interventions = tuple(
        ck.attempt(lambda k=k, entry=entry: _intervention(ck, entry, k, months, keys))
        for k, entry in enumerate(entries)
    )
    entries = ck.attempt(lambda: ck.array(data, "shocks"), [])
    shocks = tuple(
        ck.attempt(lambda k=k, entry=entry: _shock(ck, entry, k, months))
        for k, entry in enumerate(entries)
    )
    ck.done()
    return Scenario(
        name=name,
        municipality=municipality,
        months=months,
        replications=replications,
        seed=seed,
        params=tuple(params.items()),
        departments=departments,
        interventions=interventions,
        shocks=shocks,
        source=source,
        **texts,
    )


def _departments(ck: Checker, entries: list[dict]) -> tuple[models.DepartmentSpec, ...]:
    if len(entries) < 2:
        ck.fail(
            "departments",
            f"needs at least 2 [[departments]] entries; got {len(entries)}",
            "min_departments",
            count=len(entries),
        )
    specs, seen, bad = [], set(), False
    for k, entry in enumerate(entries):
        spec = ck.attempt(lambda k=k, entry=entry: _department(ck, entry, k, seen))
        bad = bad or spec is None
        specs.append(spec)
    if bad:
        raise_invalid()  # the problems of the entries are recorded already
    return tuple(specs)


def _department(ck: Checker, entry: dict, k: int, seen: set) -> models.DepartmentSpec:
    path = f"departments[{k}]"
    ck.keys(entry, DEPARTMENT_KEYS, path)
    key = ck.string(
        ck.required(entry, "key", path),
        f"{path}.key",
        _KEY,
        "lower-case letters, digits or '_', starting with a letter (e.g. 'jugendamt')",
    )
    if key in seen:
        ck.fail(
            f"{path}.key",
            f"'{key}' is used twice; department keys must be unique",
            "twice",
            value=key,
        )
    seen.add(key)
    # a default department's key brings its default values; others start from generic ones
    base = _DEFAULT_SPECS.get(key) or models.DepartmentSpec(key, key, key)
    values = {}
    for fname in ("name_de", "name_en"):
        if fname in entry:
            values[fname] = ck.attempt(lambda f=fname: ck.string(entry[f], f"{path}.{f}"))
    if "name_de" in values and "name_en" not in values and key not in _DEFAULT_SPECS:
        values["name_en"] = values["name_de"]
    for fname, (low, high) in DEPARTMENT_BOUNDS.items():
        if fname in entry:
            values[fname] = ck.attempt(
                lambda f=fname, lo=low, hi=high: ck.number(entry[f], f"{path}.{f}", lo, hi)
            )
    if "external" in entry:
        values["external"] = ck.attempt(lambda: ck.boolean(entry["external"], f"{path}.external"))
    if any(v is None for v in values.values()):
        raise_invalid()
    return replace(base, key=key, **values)


def raise_invalid():
    """Stop the check of the current entry (its problems are recorded)."""
    from .checks import Invalid

    raise Invalid


def _intervention(ck: Checker, entry: dict, k: int, months: int, keys) -> models.Intervention:
    path = f"interventions[{k}]"
    ck.keys(entry, INTERVENTION_KEYS, path)
    lever = ck.attempt(
        lambda: ck.choice(
            ck.required(entry, "lever", path), f"{path}.lever", models.LEVER_IDS, "lever"
        )
    )
    start = ck.attempt(lambda: ck.integer(entry.get("start", 0), f"{path}.start", 0, months - 1))
    duration = ck.attempt(
        lambda: ck.integer(
            entry.get("duration", DEFAULT_DURATION), f"{path}.duration", 1, MAX_MONTHS
        )
    )
    intensity = ck.attempt(
        lambda: ck.number(entry.get("intensity", DEFAULT_INTENSITY), f"{path}.intensity", 0, 1)
    )
    targets = entry.get("targets", [])
    if not isinstance(targets, list):
        ck.fail(
            f"{path}.targets",
            f"must be an array of department keys; got {describe(targets)}",
            "targets",
            got=targets,
        )
    ok = [
        ck.attempt(
            lambda j=j, target=target: ck.choice(target, f"{path}.targets[{j}]", keys, "department")
        )
        for j, target in enumerate(targets)
    ]
    if None in (lever, start, duration, intensity) or None in ok:
        raise_invalid()
    return ck.build(path, models.Intervention, lever, start, duration, intensity, tuple(targets))


def _shock(ck: Checker, entry: dict, k: int, months: int) -> models.Shock:
    path = f"shocks[{k}]"
    ck.keys(entry, SHOCK_KEYS, path)
    kind = ck.attempt(
        lambda: ck.choice(
            ck.required(entry, "kind", path), f"{path}.kind", models.SHOCK_KINDS, "shock kind"
        )
    )
    month = ck.attempt(
        lambda: ck.integer(ck.required(entry, "month", path), f"{path}.month", 0, months - 1)
    )
    severity = ck.attempt(
        lambda: ck.number(entry.get("severity", DEFAULT_SEVERITY), f"{path}.severity", 0, 1)
    )
    duration = entry.get("duration")
    if duration is not None:
        duration = ck.attempt(lambda: ck.integer(duration, f"{path}.duration", 1, MAX_MONTHS))
        if duration is None:
            raise_invalid()
    if None in (kind, month, severity):
        raise_invalid()
    return ck.build(path, models.Shock, kind, month, severity, duration)


def _toml_problem(exc: tomllib.TOMLDecodeError) -> Problem:
    message = str(exc)
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if found:
        reason = message[: found.start()].strip()
        line, column = found.group(1), found.group(2)
        return Problem(
            "",
            f"line {line}, column {column}: TOML syntax error: {reason}",
            "toml",
            {"line": line, "column": column},
        )
    return Problem("", f"TOML syntax error: {message}", "toml_nowhere")


# --- writing TOML --------------------------------------------------------------------------
def dump_toml(data: Mapping) -> str:
    """Deterministic TOML for scenario-shaped data (tables of scalars, arrays of tables)."""
    lines: list[str] = []
    for section, value in data.items():
        if isinstance(value, Mapping):
            if lines:
                lines.append("")
            lines.append(f"[{section}]")
            lines.extend(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        else:
            for entry in value:
                lines.append("")
                lines.append(f"[[{section}]]")
                lines.extend(f"{_key(k)} = {_value(v)}" for k, v in entry.items())
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _string(key)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} to TOML")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
