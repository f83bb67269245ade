"""Drehbücher: scripted workshop demos for the Training view, as small TOML files.

A Drehbuch names a scenario and lists steps. Each step happens at a month of the live
run: the run pauses there (unless ``pause = false``), shows a caption and may apply a
lever, a shock or the funding end, colour the network by diagnosis, highlight a
department, or rewind (go back to a month and start a new branch there, with the run so
far kept as the dashed overlay). "Weiter" plays on to the next step.

```toml
[drehbuch]
name = "lenkungsgruppe"
title_de = "…"
title_en = "…"
scenario = "baseline"         # a built-in scenario
speed = 2                     # months per second while playing to the next step

[[steps]]
month = 24
caption_de = "Jetzt richten wir eine Lenkungsgruppe ein."
caption_en = "Now we set up a steering group."
lever = "committees_structures"
duration = 24
```

Files are validated like scenario files: unknown keys, wrong types and values out of
range give one line naming the file, the key path and what is allowed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import models

from .checks import Checker, Invalid
from .errors import InputErrors, LocatedInputError
from .scenarios import SCENARIO_DIR, _toml_problem, builtin_scenarios

DREHBUCH_DIR = SCENARIO_DIR / "drehbuch"
DREHBUCH_KEYS = ("name", "title_de", "title_en", "scenario", "speed")
STEP_KEYS = (
    "month",
    "caption_de",
    "caption_en",
    "pause",
    "lever",
    "duration",
    "intensity",
    "shock",
    "severity",
    "funding_end",
    "colour_by",
    "highlight",
    "rewind",
)
COLOURINGS = ("readiness", "diagnosis")
SPEEDS = (1, 2, 4, 8, 16)
MAX_STEPS = 50


@dataclass(frozen=True)
class Step:
    """One step of a Drehbuch (see the module docstring)."""

    month: int
    caption_de: str
    caption_en: str
    pause: bool = True
    lever: str | None = None
    duration: int = 12
    intensity: float = 1.0
    shock: str | None = None
    severity: float = 0.5
    funding_end: bool = False
    colour_by: str | None = None
    highlight: str | None = None
    rewind: int | None = None

    def caption(self, lang: str = "de") -> str:
        return self.caption_en if lang == "en" else self.caption_de


@dataclass(frozen=True)
class Drehbuch:
    name: str
    title_de: str
    title_en: str
    scenario: str
    steps: tuple[Step, ...] = field(default_factory=tuple)
    speed: int = 2
    source: str = "<text>"

    def title(self, lang: str = "de") -> str:
        return self.title_en if lang == "en" else self.title_de


def parse_drehbuch(text: str, source: str = "<text>") -> Drehbuch:
    """A Drehbuch from TOML text.

    Raises
    ------
    LocatedInputError
        ``<source>: <key path>: <what is allowed>``, one line.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputErrors(source, [_toml_problem(exc)]) from None
    ck = Checker(source)
    try:
        drehbuch = _parse(ck, data, source)
    except Invalid:  # recorded in ck
        drehbuch = None
    ck.done()
    return drehbuch


def _parse(ck: Checker, data: dict, source: str) -> Drehbuch:
    ck.keys(data, ("drehbuch", "steps"), "", "section")
    head = ck.table(data, "drehbuch")
    ck.keys(head, DREHBUCH_KEYS, "drehbuch")
    name = ck.string(ck.required(head, "name", "drehbuch"), "drehbuch.name")
    titles = {
        k: ck.string(ck.required(head, k, "drehbuch"), f"drehbuch.{k}")
        for k in ("title_de", "title_en")
    }
    scenario = ck.choice(
        ck.required(head, "scenario", "drehbuch"),
        "drehbuch.scenario",
        tuple(builtin_scenarios()),
        "scenario",
    )
    speed = head.get("speed", 2)
    if speed not in SPEEDS or isinstance(speed, bool):
        ck.fail("drehbuch.speed", f"must be one of {', '.join(map(str, SPEEDS))}; got {speed!r}")
    months = builtin_scenarios()[scenario].months
    departments = tuple(d.key for d in builtin_scenarios()[scenario].department_specs())
    entries = ck.array(data, "steps")
    if not entries:
        ck.fail("steps", "at least one [[steps]] entry is needed")
    if len(entries) > MAX_STEPS:
        ck.fail("steps", f"at most {MAX_STEPS} steps; got {len(entries)}")
    steps, now = [], 0
    for k, entry in enumerate(entries):
        step = _step(ck, entry, f"steps[{k}]", months, now, departments)
        now = step.rewind if step.rewind is not None else step.month
        steps.append(step)
    return Drehbuch(
        name, titles["title_de"], titles["title_en"], scenario, tuple(steps), speed, source
    )


def _step(
    ck: Checker, entry: dict, path: str, months: int, now: int, departments: tuple[str, ...]
) -> Step:
    ck.keys(entry, STEP_KEYS, path)
    month = ck.integer(ck.required(entry, "month", path), f"{path}.month", 0, months)
    if month < now:
        ck.fail(
            f"{path}.month",
            f"must be >= {now}, the month where the previous step left off; got {month}",
        )
    captions = {
        k: ck.string(ck.required(entry, k, path), f"{path}.{k}")
        for k in ("caption_de", "caption_en")
    }
    kwargs: dict = {}
    for key in ("pause", "funding_end"):
        if key in entry:
            if not isinstance(entry[key], bool):
                ck.fail(f"{path}.{key}", f"must be true or false; got {entry[key]!r}")
            kwargs[key] = entry[key]
    if "lever" in entry:
        kwargs["lever"] = ck.choice(entry["lever"], f"{path}.lever", models.LEVER_IDS, "lever")
    if "shock" in entry:
        kwargs["shock"] = ck.choice(
            entry["shock"], f"{path}.shock", tuple(models.SHOCK_KINDS), "shock"
        )
    if "duration" in entry:
        kwargs["duration"] = ck.integer(entry["duration"], f"{path}.duration", 1, months)
    for key in ("intensity", "severity"):
        if key in entry:
            kwargs[key] = ck.number(entry[key], f"{path}.{key}", 0.0, 1.0)
    if "colour_by" in entry:
        kwargs["colour_by"] = ck.choice(
            entry["colour_by"], f"{path}.colour_by", COLOURINGS, "colouring"
        )
    if "highlight" in entry:
        kwargs["highlight"] = ck.choice(
            entry["highlight"], f"{path}.highlight", departments, "department"
        )
    if "rewind" in entry:
        kwargs["rewind"] = ck.integer(entry["rewind"], f"{path}.rewind", 0, month)
    return Step(month, captions["caption_de"], captions["caption_en"], **kwargs)


def read_drehbuch(path: str | Path) -> Drehbuch:
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise LocatedInputError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise LocatedInputError(str(path), "not UTF-8 text") from None
    return parse_drehbuch(text, str(path))


@cache
def builtin_drehbuecher() -> dict[str, Drehbuch]:
    """The built-in Drehbücher (``scenarios/drehbuch/*.toml``), by name."""
    out = {}
    for path in sorted(DREHBUCH_DIR.glob("*.toml")):
        script = read_drehbuch(path)
        if script.name != path.stem:
            raise LocatedInputError(
                str(path),
                f"drehbuch.name: must equal the file name '{path.stem}'; got '{script.name}'",
                key="drehbuch.name",
            )
        out[script.name] = script
    return out
