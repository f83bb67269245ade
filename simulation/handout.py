"""``dkbm handout``: an A4 PDF for workshop participants (matplotlib's PDF backend).

Page 1: the framework (Müssen, Wollen, Können and the 16 levers), the scenario and its
plan. Page 2: the curves over the scenario's ensemble with 95% intervals and the key
figures. Page 3: the Knoster diagnosis per department and questions for discussion.
Every text is German or English (:mod:`simulation.i18n`).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

import models

from . import ensemble as E
from . import formatting as F
from .animate import atomic_file
from .figures import (
    DIMENSION_COLOURS,
    DIMENSION_METRICS,
    MAIN_COLOUR,
    _mark_events,
    _plot_band,
    _style_share_axis,
)
from .i18n import t
from .scenarios import Scenario

A4 = (8.27, 11.69)  # inches, portrait
MARGIN = 0.07  # of the page width
HEADER_COLOUR = "#1f4e79"
QUESTIONS = 6
KEY_FIGURES = (
    "cooperation_rate_final",
    "sustained_cooperation_index",
    "takeoff_share",
    "mean_trust_final",
    "institutionalisation_final",
)


class Page:
    """A text page: write headings, paragraphs and rows from the top down."""

    def __init__(self, pdf: PdfPages, lang: str, number: int):
        self.fig = Figure(figsize=A4)
        self.pdf, self.lang, self.y = pdf, lang, 0.95
        self.fig.text(
            1 - MARGIN,
            0.025,
            f"dkbm-sim · {t('handout_page', lang, page=number)}",
            ha="right",
            fontsize=7.5,
            color="#777777",
        )

    def heading(self, text: str, size: float = 13) -> None:
        self.y -= 0.012
        self.fig.text(
            MARGIN, self.y, text, fontsize=size, weight="bold", color=HEADER_COLOUR, va="top"
        )
        self.y -= 0.012 + size / 720

    def paragraph(self, text: str, size: float = 9.5, width: int = 100, **kw) -> None:
        lines = textwrap.wrap(text, width) or [""]
        self.fig.text(
            MARGIN, self.y, "\n".join(lines), fontsize=size, va="top", linespacing=1.35, **kw
        )
        self.y -= len(lines) * size * 1.35 / 72 / A4[1] + 0.008

    def close(self) -> None:
        self.pdf.savefig(self.fig)


def framework_page(pdf: PdfPages, scenario: Scenario, ens, lang: str) -> None:
    page = Page(pdf, lang, 1)
    page.heading(t("handout_title", lang, title=scenario.title(lang)), 16)
    page.paragraph(
        t("report_subtitle", lang, runs=ens.replications, months=ens.months, seed=ens.seed),
        color="#555555",
    )
    page.heading(t("handout_framework", lang))
    page.paragraph(t("handout_framework_text", lang))
    # the 16 levers in three columns, one per dimension
    top = page.y
    col_w = (1 - 2 * MARGIN) / 3
    lowest = top
    for k, (dim, (de, en)) in enumerate(models.DIMENSIONS.items()):
        x = MARGIN + k * col_w
        page.fig.text(
            x,
            top,
            de if lang == "de" else en,
            fontsize=11,
            weight="bold",
            color=DIMENSION_COLOURS[dim],
            va="top",
        )
        subtitle = "\n".join(textwrap.wrap(t(f"handout_dim_{dim}", lang), 28))
        page.fig.text(
            x, top - 0.02, subtitle, fontsize=8, va="top", style="italic", color="#444444"
        )
        y = top - 0.07
        for lever in models.LEVERS:
            if lever.dimension != dim:
                continue
            text = "\n".join(textwrap.wrap("• " + lever.name(lang), 30, subsequent_indent="  "))
            page.fig.text(x, y, text, fontsize=8.5, va="top", linespacing=1.25)
            y -= 0.0165 * (text.count("\n") + 1) + 0.004
        lowest = min(lowest, y)
    page.y = lowest - 0.01
    page.heading(t("handout_scenario", lang))
    page.paragraph(scenario.description(lang) or scenario.title(lang))
    page.heading(t("handout_plan", lang), 11)
    rows = plan_rows(scenario, ens, lang)
    for row in rows:
        page.paragraph(row, size=9, width=105)
    page.close()


def plan_rows(scenario: Scenario, ens, lang: str) -> list[str]:
    """The plan in words: levers with their months, shocks, the funding end."""
    rows = []
    for iv in scenario.interventions:
        lever = models.get_lever(iv.lever)
        rows.append(
            "• "
            + t(
                "handout_plan_lever",
                lang,
                lever=lever.name(lang),
                start=iv.start,
                end=iv.start + iv.duration,
                intensity=F.number(iv.intensity, lang, trim=True),
            )
        )
    for shock in scenario.shocks:
        rows.append("• " + t("handout_plan_shock", lang, shock=shock.name(lang), month=shock.month))
    funding = int(scenario.resolved_parameters()["funding_months"])
    rows.append("• " + t("handout_plan_funding", lang, month=funding))
    if not scenario.interventions:
        rows.insert(0, "• " + t("no_interventions", lang))
    return rows


def curves_page(pdf: PdfPages, scenario: Scenario, ens, lang: str) -> None:
    fig = Figure(figsize=A4)
    fig.text(
        MARGIN,
        0.955,
        t("handout_curves", lang),
        fontsize=14,
        weight="bold",
        color=HEADER_COLOUR,
        va="top",
    )
    fig.text(
        MARGIN,
        0.93,
        "\n".join(textwrap.wrap(t("handout_curves_text", lang, runs=ens.replications), 110)),
        fontsize=9,
        va="top",
        color="#444444",
    )
    grid = fig.add_gridspec(
        2, 2, left=0.1, right=0.96, top=0.87, bottom=0.47, hspace=0.4, wspace=0.3
    )
    x = np.arange(ens.months + 1)
    axes = [fig.add_subplot(grid[r, c]) for r in range(2) for c in range(2)]
    series = ens.series
    top = _plot_band(axes[0], x, series["cooperation_rate"], MAIN_COLOUR, t("mean", lang), lang)
    _style_share_axis(axes[0], lang, top)
    axes[0].set_title(models.METRICS["cooperation_rate"].label(lang), fontsize=10)
    top = 0.0
    for dim, name in DIMENSION_METRICS.items():
        top = max(
            top,
            _plot_band(
                axes[1],
                x,
                series[name],
                DIMENSION_COLOURS[dim],
                models.METRICS[name].label(lang),
                lang,
                False,
            ),
        )
    _style_share_axis(axes[1], lang, top)
    axes[1].set_title(t("handout_panel_dimensions", lang), fontsize=10)
    axes[1].legend(fontsize=6.5, loc="best")
    for ax, name in ((axes[2], "mean_trust"), (axes[3], "institutionalisation")):
        top = _plot_band(ax, x, series[name], MAIN_COLOUR, t("mean", lang), lang)
        _style_share_axis(ax, lang, top)
        ax.set_title(models.METRICS[name].label(lang), fontsize=10)
    for k, ax in enumerate(axes):
        _mark_events(ax, ens, lang, label=k == 0)
        ax.set_xlabel(t("month", lang), fontsize=8.5)
        ax.tick_params(labelsize=7.5)
        ax.yaxis.label.set_size(8.5)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.425),
        ncol=3,
        fontsize=7.5,
        frameon=False,
    )
    # key figures with their intervals
    values = E.summary(ens)["metrics"]
    y = 0.33
    fig.text(
        MARGIN,
        y,
        t("summary_heading", lang),
        fontsize=11,
        weight="bold",
        color=HEADER_COLOUR,
        va="top",
    )
    y -= 0.03
    for key in KEY_FIGURES:
        stat = values[key]
        lo, hi = stat["ci95"]
        fig.text(MARGIN, y, E.metric_label(key, lang, ens.months), fontsize=9, va="top")
        fig.text(
            0.68,
            y,
            F.metric_value(key, stat["mean"], lang),
            fontsize=9,
            va="top",
            ha="right",
            weight="bold",
        )
        fig.text(0.71, y, F.metric_bounds(key, stat["mean"], lo, hi, lang), fontsize=9, va="top")
        y -= 0.022
    fig.text(MARGIN, y - 0.01, t("ci_note", lang), fontsize=7.5, va="top", color="#555555")
    fig.text(
        1 - MARGIN,
        0.025,
        f"dkbm-sim · {t('handout_page', lang, page=2)}",
        ha="right",
        fontsize=7.5,
        color="#777777",
    )
    pdf.savefig(fig)


def diagnosis_page(pdf: PdfPages, scenario: Scenario, ens, lang: str) -> None:
    page = Page(pdf, lang, 3)
    page.heading(t("handout_diagnosis", lang), 14)
    page.paragraph(t("handout_diagnosis_text", lang, months=ens.months))
    rows = E.diagnosis_table(ens, lang)
    y = page.y - 0.005
    cols = (MARGIN, 0.45, 0.78)
    for x, head in zip(
        cols, ("handout_col_department", "handout_col_diagnosis", "handout_col_share"), strict=True
    ):
        page.fig.text(x, y, t(head, lang), fontsize=9, weight="bold", va="top")
    y -= 0.022
    for row in rows:
        ready = row["diagnosis"] == "ready"
        page.fig.text(cols[0], y, row["name"], fontsize=9, va="top")
        page.fig.text(
            cols[1], y, row["label"], fontsize=9, va="top", color="#2ca02c" if ready else "#c0392b"
        )
        page.fig.text(
            cols[2],
            y,
            F.percent(row["share"], lang),
            fontsize=9,
            va="top",
        )
        y -= 0.02
    page.y = y - 0.01
    page.heading(t("handout_questions", lang))
    for k in range(1, QUESTIONS + 1):
        page.paragraph(f"{k}. " + t(f"handout_q{k}", lang), size=10, width=92)
        page.y -= 0.004
    page.heading(t("handout_more", lang), 11)
    page.paragraph(t("handout_more_text", lang), size=9)
    page.close()


def write_handout(
    scenario: Scenario, out: Path, *, lang: str = "de", progress: bool | None = None
) -> int:
    """Run ``scenario``'s ensemble and write the handout to ``out``; return the pages."""
    ens = E.run_ensemble(scenario, progress=progress)
    pages = 0
    with atomic_file(out) as tmp:
        with PdfPages(
            tmp,
            metadata={
                "Title": t("handout_title", lang, title=scenario.title(lang)),
                "Creator": "dkbm-sim",
            },
        ) as pdf:
            for make in (framework_page, curves_page, diagnosis_page):
                make(pdf, scenario, ens, lang)
                pages += 1
    return pages


def handout_bytes(scenario: Scenario, lang: str = "de") -> bytes:
    """The handout as PDF bytes (for the web app's download)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "handout.pdf"
        write_handout(scenario, path, lang=lang, progress=False)
        return path.read_bytes()
