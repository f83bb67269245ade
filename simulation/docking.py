"""Figures and the table of the Macy & Flache docking (docs/docking.md, notebook 04).

``python -m simulation.docking --write docs/img`` redraws the two figures of
``docs/docking.md`` (PNG, German and English) and prints the table in both languages.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from models.docking import lock_in, macy_flache
from models.docking.published import RESULTS, SCE, evaluate

from .figures import MAIN_COLOUR, SHOCK_COLOUR
from .formatting import axis_formatter, bounds, count, number
from .i18n import t

#: aspiration levels of the window figure, payoff units
WINDOW_ASPIRATIONS = np.round(np.arange(-0.5, 4.51, 0.25), 2)


def window(aspirations=WINDOW_ASPIRATIONS, runs: int = 500, rounds: int = 1000) -> dict:
    """Shares of runs locked into mutual cooperation / defection per aspiration level.

    Game [4, 3, 1, 0 | A | 0.5], p0 = 0.5, seeds 0 … runs − 1 at every level.
    """
    coop, defect = [], []
    for a in aspirations:
        li = lock_in(macy_flache(range(runs), rounds, aspiration=float(a))["p_cooperate"])
        coop.append(li["cooperation"].mean())
        defect.append(li["defection"].mean())
    return {
        "aspiration": np.asarray(aspirations),
        "cooperation": np.array(coop),
        "defection": np.array(defect),
        "runs": runs,
    }


def window_figure(data: dict | None = None, lang: str = "de") -> Figure:
    """The aspiration window: lock-in shares against the aspiration ``A``."""
    data = data or window()
    fig = Figure(figsize=(7.5, 4.2), layout="constrained")
    ax = fig.add_subplot()
    ax.axvspan(1.0, 3.0, color="#dddddd", label=t("docking_window", lang))
    for key, style, colour in (
        ("cooperation", "o-", MAIN_COLOUR),
        ("defection", "s--", SHOCK_COLOUR),
    ):
        label = t("docking_locked_cc" if key == "cooperation" else "docking_locked_dd", lang)
        ax.plot(data["aspiration"], data[key], style, color=colour, label=label)
    for x, name in ((1.0, "P"), (3.0, "R"), (4.0, "T"), (0.0, "S")):
        ax.axvline(x, color="#888888", lw=0.8)
        ax.text(
            x, 1.03, name, ha="center", va="bottom", fontsize=9, transform=ax.get_xaxis_transform()
        )
    ax.set_xlabel(t("docking_aspiration", lang))
    ax.set_ylabel(t("docking_share_runs", lang, runs=data["runs"]))
    ax.set_ylim(-0.02, 1.02)
    ax.xaxis.set_major_formatter(axis_formatter(lang))
    ax.yaxis.set_major_formatter(axis_formatter(lang))
    ax.legend(loc="upper right", fontsize=9, framealpha=0.95)
    return fig


def sce_figure(lang: str = "de", runs: int = 200, rounds: int = 1000, shown: int = 12) -> Figure:
    """Trajectories of p(cooperate) in [4, 3, 1, 0 | 2 | l], slow (1/16) and fast (0.5) learning."""
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    for ax, rate, name in zip(
        axes, (1 / 16, 0.5), ("1/16", "0,5" if lang == "de" else "0.5"), strict=True
    ):
        p = macy_flache(range(runs), rounds, aspiration=2.0, learning_rate=rate)["p_cooperate"]
        for k in range(shown):
            ax.plot(p[k, :, 0], color="#9bb7d4", lw=0.6)
        ax.plot(
            p[:, :, 0].mean(axis=0),
            color=MAIN_COLOUR,
            lw=2,
            label=t("docking_mean_runs", lang, runs=runs),
        )
        ax.axhline(SCE, color=SHOCK_COLOUR, ls="--", label=t("docking_sce", lang))
        ax.set_title(f"l = {name}")
        ax.set_xlabel(t("docking_round", lang))
        ax.yaxis.set_major_formatter(axis_formatter(lang))
    axes[0].set_ylabel(t("docking_p_cooperate", lang))
    axes[0].legend(loc="upper right", fontsize=9)
    return fig


def table(lang: str = "de") -> list[dict[str, str]]:
    """Rows of published value, ours and its 95 % interval (see :data:`RESULTS`)."""
    rows = []
    for entry in RESULTS:
        ours, low, high = evaluate(entry)
        rows.append(
            {
                t("docking_col_result", lang): entry["what"] if lang == "en" else entry["what_de"],
                t("docking_col_published", lang): number(entry["published"], lang, 3),
                t("docking_col_ours", lang): number(ours, lang, 3),
                t("docking_col_interval", lang): bounds(low, high, lang, 3),
                t("docking_col_runs", lang): count(entry["runs"], lang),
                t("docking_col_source", lang): entry["source"],
            }
        )
    return rows


def markdown(rows: list[dict[str, str]]) -> str:
    """A Markdown table of :func:`table` rows."""
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r[h] for h in head) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="directory for the PNG/SVG figures")
    args = parser.parse_args(argv)
    data = window()
    for lang in ("de", "en"):
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            # PNG only: the SVGs of 14 trajectories x 1,000 rounds are megabytes
            window_figure(data, lang).savefig(args.write / f"docking_window_{lang}.png", dpi=120)
            sce_figure(lang).savefig(args.write / f"docking_sce_{lang}.png", dpi=120)
        print(markdown(table(lang)), end="\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
