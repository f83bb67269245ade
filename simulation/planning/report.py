"""Files of ``dkbm optimise --out DIR``: front.csv / front.parquet, best.toml, report.png,
manifest.json (written into a temporary directory that becomes DIR when complete)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

FILES = ("front.csv", "front.parquet", "best.toml", "report.png", "manifest.json")

TEXTS = {
    "front": ("Pareto-Front: Wirkung gegen Kosten", "Pareto front: effect against cost"),
    "cost": ("Kosten (Euro)", "Cost (euros)"),
    "plan": ("Empfohlener Plan", "Recommended plan"),
    "month": ("Monat", "Month"),
    "curves": ("Kooperationsrate: Plan gegen Ausgangslage", "Cooperation rate: plan vs base"),
    "base": ("Ausgangslage", "Base situation"),
    "recommended": ("empfohlen", "recommended"),
    "bundle": ("Plan", "Plan"),
    "coop": ("Kooperationsrate", "Cooperation rate"),
    "none": ("keine zusätzlichen Hebel", "no additional levers"),
}


def _t(key: str, lang: str) -> str:
    return TEXTS[key][0 if lang == "de" else 1]


def front_table(result, lang: str = "de"):
    """The front for Excel: the levers in ``lang``, German or English column names."""
    front = result.front.drop(columns=["levers_en" if lang == "de" else "levers_de"])
    names = {
        "de": {
            "bundle": "Bündel",
            "levers_de": "Hebel",
            "euros": "Euro",
            "hours": "Stunden",
            "objective": "Robustes Ziel",
            "mean": "Mittelwert",
            "p10": "10. Perzentil",
            "ci_low": "95 %-KI unten",
            "ci_high": "95 %-KI oben",
            "recommended": "Empfohlen",
        },
        "en": {
            "bundle": "Bundle",
            "levers_en": "Levers",
            "euros": "Euros",
            "hours": "Hours",
            "objective": "Robust objective",
            "mean": "Mean",
            "p10": "10th percentile",
            "ci_low": "95% CI low",
            "ci_high": "95% CI high",
            "recommended": "Recommended",
        },
    }[lang]
    front = front.copy()
    yes, no = ("ja", "nein") if lang == "de" else ("yes", "no")
    front["recommended"] = [yes if r else no for r in front["recommended"]]
    return front.rename(columns=names)


def csv_bytes(result, lang: str = "de") -> bytes:
    """front.csv as a German (``;``, decimal comma, BOM) or English Excel opens it."""
    from simulation.output import EXCEL_DIGITS

    table = front_table(result, lang)
    for col in table.columns:
        if table[col].dtype.kind == "f":
            whole = col in ("Euro", "Stunden", "Euros", "Hours")
            table[col] = np.round(table[col], 0 if whole else EXCEL_DIGITS)
    sep, dec = (";", ",") if lang == "de" else (",", ".")
    text = table.to_csv(index=False, sep=sep, decimal=dec, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def figure(result, lang: str = "de"):
    """Front, the recommended plan as a timeline and its curves against the base."""
    from matplotlib.figure import Figure

    from models.levers import LEVERS
    from simulation import formatting as F

    front, k = result.front, result.recommended
    fig = Figure(figsize=(16, 5), layout="constrained")
    axes = fig.subplots(1, 3)
    ax = axes[0]
    ax.plot(front["euros"], front["objective"], "o-", color="#4477aa")
    ax.plot(
        front["euros"][k],
        front["objective"][k],
        "o",
        ms=12,
        color="#ee6677",
        label=_t("recommended", lang),
    )
    ax.set_xlabel(_t("cost", lang))
    ax.set_ylabel(f"{result.spec.objective} ({result.spec.robustness})")
    ax.xaxis.set_major_formatter(F.axis_formatter(lang))
    ax.set_title(_t("front", lang))
    ax.legend()
    ax = axes[1]
    bundle = result.bundles[k]
    for row, iv in enumerate(bundle):
        ax.barh(
            row,
            iv.duration,
            left=iv.start,
            height=0.6,
            alpha=0.4 + 0.6 * iv.intensity,
            color="#228833",
        )
    ax.set_yticks(range(len(bundle)), [LEVERS[iv.lever_index].name(lang) for iv in bundle])
    ax.set_xlim(0, result.spec.months)
    ax.set_xlabel(_t("month", lang))
    ax.set_title(_t("plan", lang) if bundle else f"{_t('plan', lang)}: {_t('none', lang)}")
    ax.invert_yaxis()
    ax = axes[2]
    months = np.arange(len(result.base_curves))
    ax.plot(months, result.base_curves, color="#bbbbbb", label=_t("base", lang))
    ax.plot(months, result.curves(k), color="#ee6677", label=_t("plan", lang))
    ax.set_xlabel(_t("month", lang))
    ax.set_ylabel(_t("coop", lang))
    ax.set_title(_t("curves", lang))
    ax.legend()
    return fig


def write_outputs(result, out: Path, lang: str = "de", command=None) -> list[str]:
    """Write every output file into ``out`` (kept: the resume state)."""
    from simulation.output import atomic_directory, manifest, write_json

    out = Path(out)
    state = out / "optimise-state.pkl"
    with atomic_directory(out) as tmp:
        if state.exists():
            shutil.copy2(state, tmp / state.name)
        (tmp / "front.csv").write_bytes(csv_bytes(result, lang))
        result.front.to_parquet(tmp / "front.parquet", index=False)
        (tmp / "best.toml").write_text(result.scenario(result.recommended).to_toml(), "utf-8")
        fig = figure(result, lang)
        fig.savefig(tmp / "report.png", dpi=110)
        spec = result.spec
        data = manifest(
            command=list(command or ["dkbm", "optimise"]),
            scenarios=[spec.scenario],
            seeds=[],
            master_seed=spec.seed,
            months=spec.months,
            wall_time=result.seconds,
            workers=0,
            files=list(FILES),
            extra={
                "optimise": json.loads(json.dumps(spec.to_dict(), default=str)),
                "matrix_ids": result.matrix_ids,
                "evaluations": result.evaluations,
                "runs": result.runs,
                "recommended": result.recommended,
            },
        )
        write_json(tmp / "manifest.json", data)
    return list(FILES)
