"""Read and check ``criteria.toml``: one table per fact, a knockout each, a history."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import models
from models import InputError

COMPARATORS = (">", "<", ">=", "<=")
_TEXT = ("title_de", "title_en", "source", "criterion_de", "criterion_en", "statistic")
_KNOCKOUT_TEXT = ("mechanism_de", "mechanism_en")


@dataclass(frozen=True)
class Knockout:
    mechanism_de: str
    mechanism_en: str
    params: dict

    def mechanism(self, lang: str = "de") -> str:
        return self.mechanism_de if lang == "de" else self.mechanism_en


@dataclass(frozen=True)
class Criterion:
    id: str
    title_de: str
    title_en: str
    source: str
    criterion_de: str
    criterion_en: str
    statistic: str
    comparator: str
    threshold: float
    seeds: int
    quick_seeds: int
    months: int
    knockout: Knockout

    def title(self, lang: str = "de") -> str:
        return self.title_de if lang == "de" else self.title_en

    def text(self, lang: str = "de") -> str:
        return self.criterion_de if lang == "de" else self.criterion_en

    def holds(self, x: float) -> bool:
        """Whether the value ``x`` satisfies ``x <comparator> threshold``."""
        t = self.threshold
        return {">": x > t, "<": x < t, ">=": x >= t, "<=": x <= t}[self.comparator]


def default_path() -> Path:
    return Path(str(resources.files(__package__) / "criteria.toml"))


def load(path: Path | str | None = None) -> dict[str, Criterion]:
    """All criteria by fact id, or :class:`InputError` naming the file and the bad key."""
    path = Path(path) if path is not None else default_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", key="criteria") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})", key="criteria") from None
    out = {}
    for key, table in data.items():
        if key == "history":
            _check_history(path, table)
            continue
        out[key] = _criterion(path, key, table)
    if "history" not in data:
        raise InputError(f"{path}: [[history]] is missing (date, fact, change, reason)", "history")
    return out


def _bad(path, key, what) -> InputError:
    return InputError(f"{path}: '{key}' {what}", key=key)


def _criterion(path, fid, t) -> Criterion:
    if not isinstance(t, dict):
        raise _bad(path, fid, "must be a table")
    for k in _TEXT:
        if not isinstance(t.get(k), str) or not t[k].strip():
            raise _bad(path, f"{fid}.{k}", "must be a non-empty string")
    if t.get("comparator") not in COMPARATORS:
        raise _bad(path, f"{fid}.comparator", f"must be one of {', '.join(COMPARATORS)}")
    thr = t.get("threshold")
    if isinstance(thr, bool) or not isinstance(thr, (int, float)):
        raise _bad(path, f"{fid}.threshold", "must be a number")
    counts = {}
    for k, default in (("seeds", 50), ("quick_seeds", 20), ("months", None)):
        v = t.get(k, default)
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise _bad(path, f"{fid}.{k}", "must be an integer >= 1")
        counts[k] = v
    ko = t.get("knockout")
    if not isinstance(ko, dict):
        raise _bad(path, f"{fid}.knockout", "must be a table (mechanism_de, mechanism_en, params)")
    for k in _KNOCKOUT_TEXT:
        if not isinstance(ko.get(k), str) or not ko[k].strip():
            raise _bad(path, f"{fid}.knockout.{k}", "must be a non-empty string")
    params = ko.get("params")
    if not isinstance(params, dict):
        raise _bad(path, f"{fid}.knockout.params", "must be a table of registry parameters")
    for name, value in params.items():
        if name not in models.PARAMETERS:
            raise _bad(path, f"{fid}.knockout.params.{name}", "is not a registry parameter")
        try:
            models.PARAMETERS[name].check(value)
        except InputError as exc:
            raise _bad(path, f"{fid}.knockout.params.{name}", f"is invalid: {exc}") from None
    return Criterion(
        fid,
        *(t[k] for k in _TEXT),
        t["comparator"],
        float(thr),
        counts["seeds"],
        counts["quick_seeds"],
        counts["months"],
        Knockout(ko["mechanism_de"], ko["mechanism_en"], dict(params)),
    )


def _check_history(path, rows) -> None:
    if not isinstance(rows, list) or not rows:
        raise _bad(path, "history", "must be an array of tables [[history]]")
    for k, row in enumerate(rows):
        for field in ("date", "fact", "change", "reason"):
            if field not in row or not str(row[field]).strip():
                raise _bad(path, f"history[{k}].{field}", "is missing")
