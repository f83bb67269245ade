"""Checks of input files that find every problem at once, in German and English.

:class:`Checker` records each problem (path, English one-line message, a code and its
fields) and stops only the check of the value concerned; :meth:`Checker.done` raises
:class:`simulation.errors.InputErrors` with all of them. The CLI prints the English
lines (one ``error:`` line each); the web app shows :func:`problem_text` in the page's
language, with German numbers and words.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping

from . import formatting as F
from .errors import InputErrors, Problem
from .i18n import TEXT, t


class Invalid(Exception):
    """The value being checked has a recorded problem; its check stops, the others go on."""


class Checker:
    """Validation helpers that record one-line problems located in ``source``."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    # --- recording -------------------------------------------------------------------------
    def note(self, path: str, message: str, code: str = "", **fields) -> None:
        """Record a problem and go on."""
        self.problems.append(Problem(path, message, code, fields))

    def fail(self, path: str, message: str, code: str = "", **fields):
        """Record a problem and stop checking this value (raises :class:`Invalid`)."""
        self.note(path, message, code, **fields)
        raise Invalid

    def attempt(self, check: Callable, default=None):
        """``check()``, or ``default`` if it recorded a problem."""
        try:
            return check()
        except Invalid:
            return default

    def done(self) -> None:
        """Raise every recorded problem at once (no-op if there was none)."""
        if self.problems:
            raise InputErrors(self.source, self.problems)

    # --- checks ----------------------------------------------------------------------------
    def keys(self, table: Mapping, allowed, path: str, what: str = "key") -> None:
        """Record each unknown key of ``table`` (the known ones are checked on)."""
        allowed = list(allowed)
        for key in table:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            if what == "parameter":
                listing = f"({len(allowed)} parameters; list them with `dkbm params`)"
            else:
                listing = f"(allowed: {', '.join(allowed)})"
            self.note(
                f"{path}.{key}" if path else str(key),
                f"unknown {what}; {hint}{listing}",
                "unknown_parameter" if what == "parameter" else "unknown_key",
                what=what,
                close=close[0] if close else "",
                allowed=allowed,
            )

    def table(self, data: Mapping, key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            self.fail(
                key,
                f"must be a table written [{key}]; got {describe(value)}",
                "table",
                key=key,
                got=value,
            )
        return dict(value)

    def array(self, data: Mapping, key: str) -> list[dict]:
        value = data.get(key, [])
        if isinstance(value, Mapping):
            self.fail(
                key,
                f"must be an array of tables written [[{key}]]; got a single table",
                "array",
                key=key,
                got=value,
            )
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.fail(
                key,
                f"must be an array of tables written [[{key}]]; got {describe(value)}",
                "array",
                key=key,
                got=value,
            )
        return [dict(v) for v in value]

    def string(self, value, path: str, pattern: re.Pattern | None = None, rule: str = "") -> str:
        if not isinstance(value, str):
            self.fail(path, f"must be a string; got {describe(value)}", "string", got=value)
        if pattern is not None and not pattern.match(value):
            self.fail(
                path, f"must be {rule}; got {value!r}", f"pattern:{path.split('.')[-1]}", got=value
            )
        return value

    def integer(self, value, path: str, low: int, high: int | None = None) -> int:
        rule = f"an integer in [{low}, {high}]" if high is not None else f"an integer >= {low}"
        code = "integer" if high is not None else "integer_min"
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(
                path, f"must be {rule}; got {describe(value)}", code, low=low, high=high, got=value
            )
        if value < low or (high is not None and value > high):
            self.fail(path, f"must be {rule}; got {value}", code, low=low, high=high, got=value)
        return value

    def number(self, value, path: str, low: float, high: float) -> float:
        rule = f"a number in [{F.plain(low)}, {F.plain(high)}]"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(
                path,
                f"must be {rule}; got {describe(value)}",
                "number",
                low=low,
                high=high,
                got=value,
            )
        if not math.isfinite(value) or not low <= value <= high:
            self.fail(
                path,
                f"must be {rule}; got {F.plain(value)}",
                "number",
                low=low,
                high=high,
                got=value,
            )
        return float(value)

    def boolean(self, value, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"must be true or false; got {describe(value)}", "boolean", got=value)
        return value

    def choice(self, value, path: str, allowed, what: str) -> str:
        allowed = list(allowed)
        if not isinstance(value, str):
            self.fail(
                path,
                f"must be a string naming a {what}; got {describe(value)}",
                "choice_type",
                what=what,
                got=value,
            )
        if value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.fail(
                path,
                f"unknown {what} {value!r}; {hint}(allowed: {', '.join(allowed)})",
                "choice",
                what=what,
                value=value,
                close=close[0] if close else "",
                allowed=allowed,
            )
        return value

    def build(self, path: str, factory, *args):
        """Call a model constructor; its own checks become problems located at ``path``."""
        from models.errors import InputError

        try:
            return factory(*args)
        except InputError as exc:
            self.fail(f"{path}.{exc.key}" if exc.key else path, str(exc), "model", detail=str(exc))

    def required(self, table: Mapping, key: str, path: str):
        if key not in table:
            self.fail(f"{path}.{key}", "is required", "required")
        return table[key]

    def parameter(self, name: str, value, path: str) -> float | int:
        import models

        par = models.PARAMETERS[name]
        try:
            return par.check(value)
        except models.InputError:
            got = F.plain(value) if is_number(value) else describe(value)
            self.fail(
                path,
                f"must be {par.describe_bounds()} ({par.unit}); got {got}",
                "integer_unit" if par.integer else "number_unit",
                low=par.low,
                high=par.high,
                unit=par.unit,
                got=value,
            )


# --- values in words --------------------------------------------------------------------------
def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_KINDS = {
    bool: ("a boolean", "ein Wahrheitswert"),
    str: ("a string", "ein Text"),
    list: ("an array", "eine Liste"),
    dict: ("a table", "eine Tabelle"),
}


def describe(value, lang: str = "en") -> str:
    """A value as a message names it: ``a string 'x'``, ``an array``, ``12``."""
    for kind, words in _KINDS.items():
        if isinstance(value, kind):
            word = words[1 if lang == "de" else 0]
            if kind is bool:
                return f"{word} {str(value).lower() if lang == 'de' else value!r}"
            if kind is str:
                shown = value if len(value) <= 38 else value[:37] + "…"
                return f"{word} „{shown}“" if lang == "de" else f"{word} {_short_repr(value)}"
            return word
    if is_number(value):
        return F.plain(value) if lang != "de" else F.number(value, "de", 6, trim=True, group=False)
    return type(value).__name__


def _short_repr(value: str) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def problem_text(problem: Problem, lang: str = "de") -> str:
    """One problem in ``lang``: ``path: message``, German wording and numbers for ``de``."""
    if lang == "en" or f"chk_{problem.code.split(':')[0]}" not in TEXT:
        return problem.line()
    fields = dict(problem.fields)
    code = problem.code
    key = f"chk_{code.replace(':', '_')}"
    if key not in TEXT:
        key = f"chk_{code.split(':')[0]}"
    shown = {}
    for name, value in fields.items():
        if name == "got":
            shown[name] = describe(value, lang)
        elif name in ("low", "high"):
            shown[name] = "∞" if value is None else F.number(value, lang, 6, trim=True)
        elif name == "allowed":
            shown[name] = ", ".join(str(v) for v in value)
        elif name == "what":
            shown[name] = t(f"chk_what_{value.replace(' ', '_')}", lang)
        elif name == "unit":
            unit_key = f"unit:{value}"
            shown[name] = t(unit_key, lang) if unit_key in TEXT else value
        else:
            shown[name] = value
    shown["hint"] = t("chk_hint", lang, close=fields["close"]) if fields.get("close") else ""
    message = t(key, lang, **{k: v for k, v in shown.items() if "{" + k in TEXT[key][0]})
    return f"{problem.path}: {message}" if problem.path else message


# --- horizons long enough for what is analysed -------------------------------------------------
def horizon_problem(output: str, months: int, funding: tuple[float, float]) -> str | None:
    """Why ``months`` is too short (or funding too early) for ``output``, or None.

    ``funding`` is the range of ``funding_months`` over the runs (low, high). Only the
    sustained-cooperation index depends on the horizon: it averages years 3 and 4 after
    the funding end (from month F + 25 on) against the last funded year (needs F >= 12).
    Shared by sweeps, calibration and optimisation, which check their outputs before
    anything runs.
    """
    from models.metrics import SCI_AFTER, SCI_BEFORE

    if output != "sustained_cooperation_index":
        return None
    low, high = funding
    need = math.ceil(high) + SCI_AFTER[0]
    if months < need:
        return (
            f"{output} needs months >= funding_months + {SCI_AFTER[0]} = {need} "
            f"(funding ends up to month {F.plain(high)}); got months = {months}"
        )
    if low < SCI_BEFORE:
        return (
            f"{output} needs funding_months >= {SCI_BEFORE} (a funded year to compare "
            f"with); got funding_months down to {F.plain(low)}"
        )
    return None
