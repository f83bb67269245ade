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


def objective_name(spec, lang: str = "de") -> str:
    """The objective in words (a run metric's label, else its id)."""
    import models

    if spec.objective in models.RUN_METRICS:
        de, en = models.RUN_METRICS[spec.objective]
        return de if lang == "de" else en
    return spec.objective


def objective_label(spec, lang: str = "de") -> str:
    """The objective with the robustness measure: ``Kooperation ohne Förderung (p10)``."""
    return f"{objective_name(spec, lang)} ({spec.robustness})"


def draw_front(ax, result, k: int, lang: str = "de", label: str | None = None) -> None:
    """The front (euros against the robust objective), bundle ``k`` marked. The front is
    non-dominated in the larger budget share (euros or hours), so a point may cost more
    euros than a better one (and fewer hours)."""
    from simulation import formatting as F

    front = result.front
    ax.plot(front["euros"], front["objective"], "o", color="#4477aa")
    ax.plot(
        front["euros"][k],
        front["objective"][k],
        "o",
        ms=12,
        color="#ee6677",
        label=label or _t("recommended", lang),
    )
    for i, (x, y) in enumerate(zip(front["euros"], front["objective"], strict=True)):
        ax.annotate(str(i + 1), (x, y), textcoords="offset points", xytext=(4, 6), fontsize=8)
    ax.set_xlabel(_t("cost", lang))
    ax.set_ylabel(objective_label(result.spec, lang))
    ax.xaxis.set_major_formatter(F.axis_formatter(lang))
    ax.yaxis.set_major_formatter(F.axis_formatter(lang))
    ax.set_title(_t("front", lang))
    ax.legend()


def draw_timeline(ax, result, k: int, lang: str = "de", title: str | None = None) -> None:
    """Bundle ``k`` as a timeline (one bar per lever; darker = more intensive)."""
    from models.levers import LEVERS

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
    title = title or _t("plan", lang)
    ax.set_title(title if bundle else f"{title}: {_t('none', lang)}")
    ax.invert_yaxis()


def draw_curves(ax, result, k: int, lang: str = "de", label: str | None = None) -> None:
    """The mean cooperation rate of bundle ``k`` against the base (fresh draws)."""
    from simulation import formatting as F

    months = np.arange(len(result.base_curves))
    ax.plot(months, result.base_curves, color="#bbbbbb", label=_t("base", lang))
    ax.plot(months, result.curves(k), color="#ee6677", label=label or _t("plan", lang))
    ax.set_xlabel(_t("month", lang))
    ax.set_ylabel(_t("coop", lang))
    ax.yaxis.set_major_formatter(F.axis_formatter(lang))
    ax.set_title(_t("curves", lang))
    ax.legend()


def figure(result, lang: str = "de"):
    """Front, the recommended plan as a timeline and its curves against the base."""
    from matplotlib.figure import Figure

    k = result.recommended
    fig = Figure(figsize=(16, 5), layout="constrained")
    axes = fig.subplots(1, 3)
    draw_front(axes[0], result, k, lang)
    draw_timeline(axes[1], result, k, lang)
    draw_curves(axes[2], result, k, lang)
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
