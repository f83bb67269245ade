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

from .errors import LocatedInputError
from .formatting import plain
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
        raise LocatedInputError(source, _toml_error(exc), key="toml") from None
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
class _Checker:
    """Validation helpers that raise one-line errors located in ``source``."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, path: str, message: str):
        raise LocatedInputError(self.source, f"{path}: {message}", key=path)

    def keys(self, table: Mapping, allowed, path: str, what: str = "key") -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'? " if close else ""
                if what == "parameter":
                    listing = f"({len(allowed)} parameters; list them with `dkbm params`)"
                else:
                    listing = f"(allowed: {', '.join(allowed)})"
                self.fail(f"{path}.{key}" if path else str(key), f"unknown {what}; {hint}{listing}")

    def table(self, data: Mapping, key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            self.fail(key, f"must be a table written [{key}]; got {_describe(value)}")
        return dict(value)

    def array(self, data: Mapping, key: str) -> list[dict]:
        value = data.get(key, [])
        if isinstance(value, Mapping):
            self.fail(key, f"must be an array of tables written [[{key}]]; got a single table")
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.fail(key, f"must be an array of tables written [[{key}]]; got {_describe(value)}")
        return [dict(v) for v in value]

    def string(self, value, path: str, pattern: re.Pattern | None = None, rule: str = "") -> str:
        if not isinstance(value, str):
            self.fail(path, f"must be a string; got {_describe(value)}")
        if pattern is not None and not pattern.match(value):
            self.fail(path, f"must be {rule}; got {value!r}")
        return value

    def integer(self, value, path: str, low: int, high: int | None = None) -> int:
        rule = f"an integer in [{low}, {high}]" if high is not None else f"an integer >= {low}"
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"must be {rule}; got {_describe(value)}")
        if value < low or (high is not None and value > high):
            self.fail(path, f"must be {rule}; got {value}")
        return value

    def number(self, value, path: str, low: float, high: float) -> float:
        rule = f"a number in [{plain(low)}, {plain(high)}]"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(path, f"must be {rule}; got {_describe(value)}")
        if not math.isfinite(value) or not low <= value <= high:
            self.fail(path, f"must be {rule}; got {plain(value)}")
        return float(value)

    def choice(self, value, path: str, allowed, what: str) -> str:
        if not isinstance(value, str):
            self.fail(path, f"must be a string naming a {what}; got {_describe(value)}")
        if value not in allowed:
            allowed = list(allowed)
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.fail(path, f"unknown {what} {value!r}; {hint}(allowed: {', '.join(allowed)})")
        return value

    def build(self, path: str, factory, *args):
        """Call a model constructor; its own checks become errors located at ``path``."""
        try:
            return factory(*args)
        except models.InputError as exc:
            self.fail(f"{path}.{exc.key}" if exc.key else path, str(exc))

    def required(self, table: Mapping, key: str, path: str):
        if key not in table:
            self.fail(f"{path}.{key}", "is required")
        return table[key]

    def parameter(self, name, value, path: str) -> float | int:
        par = models.PARAMETERS[name]
        try:
            return par.check(value)
        except models.InputError:
            got = plain(value) if _is_number(value) else _describe(value)
            self.fail(path, f"must be {par.describe_bounds()} ({par.unit}); got {got}")


def check_parameters(params: Mapping, source: str, prefix: str = "parameters") -> dict:
    """Validate registry parameters (names and bounds); return them in registry order."""
    ck = _Checker(source)
    ck.keys(params, models.PARAMETERS, prefix, "parameter")
    checked = {
        name: ck.parameter(name, params[name], f"{prefix}.{name}" if prefix else name)
        for name in params
    }
    return {name: checked[name] for name in models.PARAMETERS if name in checked}


def scenario_from_dict(data: Mapping, source: str, *, default_name: str = "scenario") -> Scenario:
    """Validate TOML-shaped data (as from ``tomllib``) into a :class:`Scenario`."""
    ck = _Checker(source)
    ck.keys(data, SECTIONS, "", "section")

    head = ck.table(data, "scenario")
    ck.keys(head, SCENARIO_KEYS, "scenario")
    name = ck.string(
        head.get("name", default_name),
        "scenario.name",
        _NAME,
        "lower-case letters, digits, '-' or '_' (e.g. 'structures-first')",
    )
    texts = {k: ck.string(head.get(k, ""), f"scenario.{k}") for k in SCENARIO_KEYS[1:5]}
    municipality = ck.choice(
        head.get("municipality", "landkreis"),
        "scenario.municipality",
        MUNICIPALITY_TYPES,
        "municipality type",
    )

    run = ck.table(data, "run")
    ck.keys(run, RUN_KEYS, "run")
    months = ck.integer(run.get("months", DEFAULT_MONTHS), "run.months", 1, MAX_MONTHS)
    replications = ck.integer(
        run.get("replications", DEFAULT_REPLICATIONS), "run.replications", 1, MAX_REPLICATIONS
    )
    seed = ck.integer(run.get("seed", DEFAULT_SEED), "run.seed", 0, MAX_SEED)

    params = check_parameters(ck.table(data, "parameters"), source)

    departments = None
    if "departments" in data:
        departments = _departments(ck, ck.array(data, "departments"))
        n_given = params.get("n_departments")
        if n_given is not None and n_given != len(departments):
            ck.fail(
                "parameters.n_departments",
                f"is {n_given} but [[departments]] lists {len(departments)}; "
                "leave it out or make them agree",
            )
    if departments is not None:
        keys = tuple(s.key for s in departments)
    else:
        keys = tuple(s.key for s in default_departments(int(params.get("n_departments", 11))))

    interventions = tuple(
        _intervention(ck, entry, k, months, keys)
        for k, entry in enumerate(ck.array(data, "interventions"))
    )
    shocks = tuple(_shock(ck, entry, k, months) for k, entry in enumerate(ck.array(data, "shocks")))
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


def _departments(ck: _Checker, entries: list[dict]) -> tuple[models.DepartmentSpec, ...]:
    if len(entries) < 2:
        ck.fail("departments", f"needs at least 2 [[departments]] entries; got {len(entries)}")
    specs, seen = [], set()
    for k, entry in enumerate(entries):
        path = f"departments[{k}]"
        ck.keys(entry, DEPARTMENT_KEYS, path)
        key = ck.string(
            ck.required(entry, "key", path),
            f"{path}.key",
            _KEY,
            "lower-case letters, digits or '_', starting with a letter (e.g. 'jugendamt')",
        )
        if key in seen:
            ck.fail(f"{path}.key", f"'{key}' is used twice; department keys must be unique")
        seen.add(key)
        # a default department's key brings its default values; others start from generic ones
        base = _DEFAULT_SPECS.get(key) or models.DepartmentSpec(key, key, key)
        values = {}
        for fname in ("name_de", "name_en"):
            if fname in entry:
                values[fname] = ck.string(entry[fname], f"{path}.{fname}")
        if "name_de" in values and "name_en" not in values and key not in _DEFAULT_SPECS:
            values["name_en"] = values["name_de"]
        for fname, (low, high) in DEPARTMENT_BOUNDS.items():
            if fname in entry:
                values[fname] = ck.number(entry[fname], f"{path}.{fname}", low, high)
        if "external" in entry:
            if not isinstance(entry["external"], bool):
                ck.fail(
                    f"{path}.external", f"must be true or false; got {_describe(entry['external'])}"
                )
            values["external"] = entry["external"]
        specs.append(replace(base, key=key, **values))
    return tuple(specs)


def _intervention(ck: _Checker, entry: dict, k: int, months: int, keys) -> models.Intervention:
    path = f"interventions[{k}]"
    ck.keys(entry, INTERVENTION_KEYS, path)
    lever = ck.choice(ck.required(entry, "lever", path), f"{path}.lever", models.LEVER_IDS, "lever")
    start = ck.integer(entry.get("start", 0), f"{path}.start", 0, months - 1)
    duration = ck.integer(entry.get("duration", 12), f"{path}.duration", 1, MAX_MONTHS)
    intensity = ck.number(entry.get("intensity", 1.0), f"{path}.intensity", 0, 1)
    targets = entry.get("targets", [])
    if not isinstance(targets, list):
        ck.fail(f"{path}.targets", f"must be an array of department keys; got {_describe(targets)}")
    for j, target in enumerate(targets):
        ck.choice(target, f"{path}.targets[{j}]", keys, "department")
    return ck.build(path, models.Intervention, lever, start, duration, intensity, tuple(targets))


def _shock(ck: _Checker, entry: dict, k: int, months: int) -> models.Shock:
    path = f"shocks[{k}]"
    ck.keys(entry, SHOCK_KEYS, path)
    kind = ck.choice(
        ck.required(entry, "kind", path), f"{path}.kind", models.SHOCK_KINDS, "shock kind"
    )
    month = ck.integer(ck.required(entry, "month", path), f"{path}.month", 0, months - 1)
    severity = ck.number(entry.get("severity", 0.5), f"{path}.severity", 0, 1)
    duration = entry.get("duration")
    if duration is not None:
        duration = ck.integer(duration, f"{path}.duration", 1, MAX_MONTHS)
    return ck.build(path, models.Shock, kind, month, severity, duration)


def _toml_error(exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if found:
        reason = message[: found.start()].strip()
        return f"line {found.group(1)}, column {found.group(2)}: TOML syntax error: {reason}"
    return f"TOML syntax error: {message}"


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _describe(value) -> str:
    kinds = {bool: "a boolean", str: "a string", list: "an array", dict: "a table"}
    for kind, word in kinds.items():
        if isinstance(value, kind):
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
            return f"{word} {shown}" if kind in (bool, str) else word
    if _is_number(value):
        return plain(value)
    return type(value).__name__


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
