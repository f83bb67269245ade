"""The validation table as terminal text, Markdown (docs/validation.md) and figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simulation.formatting import number

from .runner import FactResult, Report

HEAD = {
    "de": (
        "Fakt",
        "Kriterium",
        "Wert [95-%-KI]",
        "Ergebnis",
        "Knockout",
        "Wert [95-%-KI]",
        "verschwindet",
        "Seeds je Arm",
    ),
    "en": (
        "Fact",
        "Criterion",
        "Value [95 % CI]",
        "Result",
        "Knockout",
        "Value [95 % CI]",
        "vanishes",
        "Seeds per arm",
    ),
}
WORDS = {
    "de": {"pass": "bestanden", "fail": "nicht bestanden", "yes": "ja", "no": "nein"},
    "en": {"pass": "passed", "fail": "failed", "yes": "yes", "no": "no"},
}
INTRO_DE = """\
# Validierung: stilisierte Fakten mit Knockouts

Diese Datei wird erzeugt (`python -m simulation.validation --write`); ein Test schlägt fehl,
wenn sie nicht zum Code passt. Jede Zeile ist ein Ensemble-Experiment zu einem stilisierten
Fakt aus domain.md §4.9: Das Modell misst je Seed eine Kennzahl (meist die Differenz zweier
gepaarter Arme mit denselben Zufallszahlen), daraus Mittelwert und 95-%-Intervall
(Student-t: Mittelwert ± t(0,975; n−1)·s/√n über die Seeds mit endlicher Kennzahl).
**Bestanden** heißt: das ganze Intervall erfüllt das Kriterium. Der **Knockout** schaltet den
Mechanismus ab, der den Fakt erzeugen soll (Registerparameter auf neutralem Wert); er
**verschwindet** nur, wenn kein Punkt seines Intervalls das Kriterium erfüllt. Ein Fakt gilt
als gezeigt, wenn er besteht und sein Knockout verschwindet; sonst endet `dkbm validate` mit
Exit-Code 1. Kriterien, Quellen und Änderungshistorie: `simulation/validation/criteria.toml`.
Die Seeds je Arm legt jeder Fakt in den Kriterien fest (50 bis 200, so viele, wie ein Effekt
nahe der Schwelle braucht); der volle Lauf dauert auf 2 Kernen etwa 3 Sekunden
(`benchmarks/bench_validate.py`).

English: generated table of the stylized facts with knockouts; criteria in
`simulation/validation/criteria.toml`; run `dkbm validate --lang en`.
"""

INTRO_EN = """\
# Validation: stylized facts with knockouts

Each row is an ensemble experiment on a stylized fact of domain.md §4.9: the model measures
one statistic per seed (mostly the difference of two paired arms with the same random
numbers), and from it the mean and 95 % interval (Student-t over the seeds with a finite
statistic). **Passed** means the whole interval satisfies the criterion. The **knockout**
switches off the mechanism that should produce the fact (a registry parameter at its
neutral value); it **vanishes** only when no point of its interval satisfies the criterion.
A fact is shown when it passes and its knockout vanishes; otherwise `dkbm validate` exits
with code 1. Criteria, sources, seeds per arm and their history:
`simulation/validation/criteria.toml`.
"""


def fmt(x: float, lang: str) -> str:
    if x is None or not np.isfinite(x):
        return "–"
    return number(x, lang, digits=3)


def interval_text(arm, lang: str) -> str:
    lo, hi = arm.ci95
    return f"{fmt(arm.value, lang)} [{fmt(lo, lang)}; {fmt(hi, lang)}]"


def rows(report: Report, lang: str) -> list[tuple[str, ...]]:
    w = WORDS[lang]
    out = []
    for f in report.facts:
        c = f.criterion
        out.append(
            (
                f"{f.id} {c.title(lang)}",
                c.text(lang),
                interval_text(f.base, lang),
                w["pass"] if f.passed else w["fail"],
                c.knockout.mechanism(lang),
                interval_text(f.knockout, lang),
                w["yes"] if f.vanishes else w["no"],
                str(f.seeds),
            )
        )
    return out


def terminal(report: Report, lang: str) -> str:
    lines = []
    for r in rows(report, lang):
        lines.append(f"{r[0]}: {r[3]}  {r[2]}")
        lines.append(f"    {r[1]}")
        lines.append(f"    knockout: {r[4]}: {r[5]}, {HEAD[lang][6]}: {r[6]}")
    shown = sum(f.ok for f in report.facts)
    total = len(report.facts)
    lines.append(
        f"{shown}/{total} Fakten gezeigt (bestanden und Knockout verschwindet)"
        if lang == "de"
        else f"{shown}/{total} facts shown (passed and knockout vanishes)"
    )
    return "\n".join(lines)


def markdown(report: Report, lang: str = "de") -> str:
    def cell(s: str) -> str:
        return s.replace("|", "\\|")

    head = HEAD[lang]
    intro = INTRO_DE if lang == "de" else INTRO_EN
    lines = [intro, "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(x) for x in r) + " |" for r in rows(report, lang)]
    if report.quick:
        lines += ["", "(--quick)"]
    return "\n".join(lines) + "\n"


def figure(result: FactResult, path: Path, lang: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    c = result.criterion
    fig, ax = plt.subplots(figsize=(6, 3.2))
    labels = ("mit Mechanismus", "Knockout") if lang == "de" else ("with mechanism", "knockout")
    for k, arm in enumerate((result.base, result.knockout)):
        per = np.asarray(arm.per_seed, dtype=float)
        per = per[np.isfinite(per)]
        ax.scatter(np.full(per.size, k) + np.linspace(-0.15, 0.15, per.size), per, s=6, alpha=0.4)
        if np.all(np.isfinite(arm.ci95)):
            ax.errorbar(
                k,
                arm.value,
                yerr=[[arm.value - arm.ci95[0]], [arm.ci95[1] - arm.value]],
                fmt="o",
                color="black",
                capsize=6,
            )
    ax.axhline(
        c.threshold,
        color="tab:red",
        ls="--",
        label=("Schwelle " if lang == "de" else "threshold ")
        + f"{c.comparator} {number(c.threshold, lang, trim=True)}",
    )
    ax.set_xticks([0, 1], labels)
    ax.set_ylabel("Kennzahl je Seed" if lang == "de" else "statistic per seed")
    ax.set_title(f"{result.id}: {c.title(lang)}", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(report: Report, out: Path, lang: str) -> list[Path]:
    """``validation.md`` and one PNG per fact in ``out``; each file written atomically."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    md = out / "validation.md"
    tmp = md.with_suffix(".md.tmp")
    tmp.write_text(markdown(report, lang), encoding="utf-8")
    tmp.replace(md)
    written.append(md)
    for f in report.facts:
        png = out / f"{f.id}.png"
        tmp = out / f".{f.id}.png.tmp.png"
        figure(f, tmp, lang)
        tmp.replace(png)
        written.append(png)
    return written
