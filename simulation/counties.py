"""The 18 Brandenburg counties (14 Landkreise, 4 kreisfreie Städte) and their situation.

``counties()`` reads ``simulation/data/counties/counties.csv`` (indicators, dl-de/by-2-0,
see SOURCES.md there) and ``history.csv`` (education-management history).
``apply_county`` runs a scenario in a county's situation by :func:`county_mapping`.
"""

from __future__ import annotations

import csv
import difflib
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from models.errors import InputError

# --- named coefficients of the mapping (docs/ODD.md, "County situation") ----------------
NEED_EXPONENT = 0.5  # need = default * (county / state) ** 0.5, as the two county scenarios
# [ASSUMPTION] which indicator drives which department's need
NEED_INDICATOR = {
    "jugendamt": "inkar_kinderarmut_pct",
    "sozialamt": "inkar_kinderarmut_pct",
    "schulverwaltung": "share_no_hsa_2023_pct",
    "schulamt": "share_no_hsa_2023_pct",
    "jobcenter": "alq_2025_pct",
    "arbeitsagentur": "alq_2025_pct",
    "wirtschaftsfoerderung": "alq_2025_pct",
    "gesundheitsamt": "esu2016_speech_lang_disorder_pct",
    "integration": "share_foreign_pupils_2023_pct",
}
WORKLOAD_PER_UNEMPLOYMENT = 0.1  # [ASSUMPTION] workload += 0.1 * (alq/state alq - 1)
KIND = {"kfS": "kreisfreie Stadt", "LK": "Landkreis"}


@dataclass(frozen=True)
class County:
    key: str  # AGS
    name: str
    kind: str  # "Landkreis" / "kreisfreie Stadt"
    population: int
    indicators: tuple[tuple[str, float], ...]
    programmes: str
    first_structure_year: int | None
    first_report_year: int | None
    source: str

    def indicator(self, name: str) -> float:
        return dict(self.indicators)[name]


def _path(name: str):
    return resources.files("simulation") / "data" / "counties" / name


def _read(name: str) -> list[dict]:
    path = _path(name)
    try:
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        if not rows or "ags" not in rows[0]:
            raise ValueError("no 'ags' column")
        return rows
    except (OSError, ValueError, csv.Error, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: county file missing or corrupt ({exc})", key="county") from None


def _year(x: str) -> int | None:
    return int(x) if x.strip() else None


@cache
def _load() -> tuple[tuple[County, ...], dict[str, float]]:
    history = {r["ags"]: r for r in _read("history.csv")}
    out, state = [], {}
    for r in _read("counties.csv"):
        ind = tuple((k, float(v)) for k, v in r.items() if k not in ("ags", "name", "type") and v)
        if r["type"] == "Land":
            state = dict(ind)
            continue
        h = history.get(r["ags"], {})
        out.append(
            County(
                r["ags"],
                r["name"],
                KIND[r["type"]],
                int(r["pop_2023"]),
                ind,
                h.get("programmes", ""),
                _year(h.get("first_structure_year", "")),
                _year(h.get("first_report_year", "")),
                h.get("source", ""),
            )
        )
    # state values missing in the Land row: population(u15)-weighted mean of the counties
    for key in NEED_INDICATOR.values():
        if key not in state:
            w = [c.indicator("pop_u15_2023") for c in out]
            state[key] = sum(c.indicator(key) * wi for c, wi in zip(out, w, strict=False)) / sum(w)
    return tuple(out), state


def counties() -> tuple[County, ...]:
    """The 18 counties in official order (AGS)."""
    return _load()[0]


def _fold(text: str) -> str:
    text = text.lower().replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum())


def get_county(name: str, lang: str = "de") -> County:
    """A county by name or AGS, case-insensitive, with or without umlauts/ß."""
    table = {_fold(c.name): c for c in counties()} | {c.key: c for c in counties()}
    folded = _fold(str(name))
    if folded in table:
        return table[folded]
    close = difflib.get_close_matches(folded, list(table), n=3, cutoff=0.5)
    names = ", ".join(table[c].name for c in close) or "–"
    if lang == "en":
        msg = f"unknown county '{name}'; closest: {names} (list: dkbm counties)"
    else:
        msg = f"unbekannter Kreis '{name}'; am ähnlichsten: {names} (Liste: dkbm counties)"
    raise InputError(msg, key="county")


def county_mapping(county: County, specs, params: dict) -> tuple[tuple, dict]:
    """Departments and parameters in ``county``'s situation (ODD "County situation")."""
    state = _load()[1]
    new = []
    for s in specs:
        key = NEED_INDICATOR.get(s.key)
        if key is None:
            new.append(s)
            continue
        ratio = county.indicator(key) / state[key]
        new.append(replace(s, need=round(min(1.0, s.need * ratio**NEED_EXPONENT), 4)))
    import models

    base = models.validate_params(params)["workload"]
    ratio = county.indicator("alq_2025_pct") / state["alq_2025_pct"]
    workload = min(1.0, max(0.0, base + WORKLOAD_PER_UNEMPLOYMENT * (ratio - 1)))
    return tuple(new), {**params, "workload": round(workload, 4)}


def apply_county(scenario, county: County | str):
    """``scenario`` run in ``county``'s situation."""
    c = county if isinstance(county, County) else get_county(county)
    specs, params = county_mapping(c, scenario.department_specs(), scenario.parameters)
    data = scenario.to_dict()
    data["parameters"] = params
    data["departments"] = [
        {
            k: getattr(s, k)
            for k in (
                "key",
                "name_de",
                "name_en",
                "power",
                "capacity",
                "workload",
                "need",
                "external",
            )
        }
        for s in specs
    ]
    data["parameters"].pop("n_departments", None)
    data["scenario"]["municipality"] = "kreisfreie_stadt" if c.kind != "Landkreis" else "landkreis"
    data["scenario"]["title_de"] = f"{scenario.title('de')} – {c.name}"
    data["scenario"]["title_en"] = f"{scenario.title('en')} – {c.name}"
    return scenario._changed(data)


# --- listing (`dkbm counties`) ---------------------------------------------------------------
TABLE_INDICATORS = (
    "share_no_hsa_2023_pct",
    "inkar_kinderarmut_pct",
    "alq_2025_pct",
    "share_foreign_pupils_2023_pct",
)
_KIND_EN = {"Landkreis": "rural district", "kreisfreie Stadt": "county-free city"}


def counties_document() -> list[dict]:
    """The 18 as plain data (``dkbm counties --json``)."""
    return [
        {
            "key": c.key,
            "name": c.name,
            "kind": c.kind,
            "population": c.population,
            "indicators": dict(c.indicators),
            "programmes": c.programmes,
            "first_structure_year": c.first_structure_year,
            "first_report_year": c.first_report_year,
            "source": c.source,
        }
        for c in counties()
    ]


def counties_table(lang: str = "de") -> str:
    """A terminal table of the 18 with German (or English) number conventions."""
    from . import formatting as F

    head = (
        (
            "AGS",
            "Kreis",
            "Art",
            "Einw.",
            "o. Abschl.",
            "Kinderarmut",
            "ALQ",
            "ausl. Sch.",
            "Struktur",
            "Bericht",
            "Programme",
        )
        if lang == "de"
        else (
            "AGS",
            "County",
            "Kind",
            "Pop.",
            "no cert.",
            "child pov.",
            "unempl.",
            "for. pupils",
            "structure",
            "report",
            "programmes",
        )
    )
    rows = [head]
    for c in counties():
        rows.append(
            (
                c.key,
                c.name,
                c.kind if lang == "de" else _KIND_EN[c.kind],
                F.count(c.population, lang),
                *(F.percent(c.indicator(k) / 100, lang, 1) for k in TABLE_INDICATORS),
                str(c.first_structure_year or "–"),
                str(c.first_report_year or "–"),
                c.programmes,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head) - 1)]
    lines = [
        "  ".join(x.ljust(w) for x, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1]
        for r in rows
    ]
    note = (
        "Quelle: Regionaldatenbank Deutschland u. a., dl-de/by-2-0; Daten verändert: Anteile "
        "berechnet (simulation/data/counties/SOURCES.md)"
        if lang == "de"
        else "Source: Regionaldatenbank Deutschland et al., dl-de/by-2-0; data changed: shares "
        "computed (simulation/data/counties/SOURCES.md)"
    )
    return "\n".join([*lines, note])
