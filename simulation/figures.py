"""Report and comparison figures, in German or English, readable on a slide.

Built on ``matplotlib.figure.Figure`` without pyplot, so no GUI backend is touched
and figures can be made in worker threads of the web app.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import models
from simulation.formatting import axis_formatter, count, number, percent

from .ensemble import Ensemble, metric_label
from .i18n import t

DIMENSION_COLOURS = {"necessity": "#1b9e77", "motivation": "#d95f02", "competence": "#7570b3"}
DIMENSION_METRICS = {
    "necessity": "mean_necessity",
    "motivation": "mean_motivation",
    "competence": "mean_competence",
}
MAIN_COLOUR = "#1f4e79"
SHOCK_COLOUR = "#c0392b"
SHADE_COLOUR = "#f2c14e"
FUNDING_COLOUR = "#555555"
SCENARIO_COLOURS = ("#1f4e79", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d")
COMPARED_METRICS = (
    "cooperation_rate_final",
    "cooperation_rate_mean",
    "sustained_cooperation_index",
    "mean_trust_final",
    "institutionalisation_final",
)


def _band(values: np.ndarray):
    """Mean, 95% CI of the mean and the 2.5-97.5% range of runs, per month."""
    from scipy import stats

    n = values.shape[0]
    mean = values.mean(axis=0)
    if n > 1:
        half = stats.t.ppf(0.975, n - 1) * values.std(axis=0, ddof=1) / np.sqrt(n)
    else:
        half = np.zeros_like(mean)
    low, high = np.percentile(values, [2.5, 97.5], axis=0)
    return mean, mean - half, mean + half, low, high


def acting_periods(interventions, months: int) -> list[tuple[int, int]]:
    """Months in which any lever acts (from start + delay on, for its duration), merged
    into spans; the CLI report, the web app and the comparison shade the same months."""
    spans = sorted(
        (iv.start + iv.delay, min(iv.start + iv.delay + iv.duration, months))
        for iv in interventions
        if iv.start + iv.delay < months
    )
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def plan_strip(
    ax, interventions, shocks, funding: int, months: int, lang: str, fontsize: float
) -> None:
    """The plan as a Gantt-like strip: one bar per lever (colour = dimension, opacity =
    intensity; light part = lead time before it acts) labelled with the lever's name,
    shocks and the funding end as vertical lines."""
    ax.set_xlim(0, months)
    rows = list(interventions)
    for row, iv in enumerate(rows):
        lever = models.get_lever(iv.lever)
        colour = DIMENSION_COLOURS[lever.dimension]
        if iv.delay:
            ax.barh(row, iv.delay, left=iv.start, height=0.8, color=colour, alpha=0.15)
        ax.barh(
            row,
            iv.duration,
            left=iv.start + iv.delay,
            height=0.8,
            color=colour,
            alpha=0.25 + 0.5 * iv.intensity,
        )
        # the name inside the strip, right of the bar start (no wide tick labels)
        ax.text(
            min(iv.start, months * 0.97) + months * 0.005,
            row,
            _short(lever.name(lang), 48),
            va="center",
            ha="left",
            fontsize=fontsize * 0.72,
            clip_on=True,
        )
    ax.set_yticks([])
    if rows:
        ax.set_ylim(len(rows) - 0.5, -0.5)
    else:
        ax.text(
            0.5,
            0.5,
            t("no_levers_planned", lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=fontsize * 0.85,
            color="#666666",
        )
    for shock in shocks:
        if shock.month < months:
            ax.axvline(shock.month + 0.5, color=SHOCK_COLOUR, ls="--", lw=1.4)
            ax.annotate(
                shock.name(lang),
                (shock.month + 0.5, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -2),
                textcoords="offset points",
                va="top",
                fontsize=fontsize * 0.75,
                color=SHOCK_COLOUR,
            )
    if 0 < funding <= months:
        ax.axvline(funding, color="#555555", ls=":", lw=1.5)
    ax.set_title(t("plan_strip_title", lang), fontsize=fontsize, loc="left")
    ax.grid(axis="x", alpha=0.3)
    ax.tick_params(axis="x", labelbottom=False)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def mark_plan(
    ax, periods, shocks, funding: int, months: int, lang: str, label: bool = False
) -> None:
    """Shade the months in which levers act (``periods`` from :func:`acting_periods`),
    mark shocks and the funding end on a time axis; ``label`` names them for a legend
    and writes the shocks' names."""
    for k, (a, b) in enumerate(periods):
        ax.axvspan(
            a,
            b,
            color=SHADE_COLOUR,
            alpha=0.2,
            lw=0,
            label=t("intervention_period", lang) if label and k == 0 else None,
        )
    if 0 < funding <= months:
        ax.axvline(
            funding,
            color=FUNDING_COLOUR,
            ls=":",
            lw=1.5,
            label=t("funding_end", lang) if label else None,
        )
    for k, shock in enumerate(shocks):
        if shock.month >= months:
            continue
        ax.axvline(
            shock.month + 0.5,
            color=SHOCK_COLOUR,
            ls="--",
            lw=1.3,
            label=t("shocks", lang) if label and k == 0 else None,
        )
        if shock.duration > 1:  # how long it lasts
            ax.axvspan(
                shock.month,
                min(shock.month + shock.duration, months),
                color=SHOCK_COLOUR,
                alpha=0.07,
                lw=0,
            )
        if label:
            ax.annotate(
                shock.name(lang),
                (shock.month + 0.5, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(-3, -4),
                textcoords="offset points",
                rotation=90,
                ha="right",
                va="top",
                fontsize=8,
                color=SHOCK_COLOUR,
            )


def _mark_events(ax, ens: Ensemble, lang: str, label: bool) -> None:
    scenario = ens.scenario
    funding = int(scenario.resolved_parameters()["funding_months"])
    periods = acting_periods(scenario.interventions, ens.months)
    mark_plan(ax, periods, scenario.shocks, funding, ens.months, lang, label)


def _style_share_axis(ax, lang: str, top: float) -> None:
    ax.set_ylim(0, min(1.0, max(top * 1.15, 0.1)))
    ax.set_xlabel(t("month", lang))
    ax.set_ylabel(t("share_axis", lang))
    ax.yaxis.set_major_formatter(axis_formatter(lang))
    ax.grid(alpha=0.3)


def _plot_band(ax, months_axis, values, colour, label, lang, runs_band=True) -> float:
    mean, lo, hi, p_lo, p_hi = _band(values)
    if runs_band:
        ax.fill_between(
            months_axis, p_lo, p_hi, color=colour, alpha=0.12, lw=0, label=t("runs95", lang)
        )
    ax.fill_between(
        months_axis,
        lo,
        hi,
        color=colour,
        alpha=0.35,
        lw=0,
        label=t("ci95_mean", lang) if runs_band else None,
    )
    ax.plot(months_axis, mean, color=colour, lw=2, label=label)
    return float(np.nanmax(p_hi if runs_band else hi))


def _mark_first_report(ax, ens: Ensemble, lang: str) -> None:
    """A dotted line at the median first report month, labelled with the share of runs."""
    from .ensemble import first_report_stat

    stat = first_report_stat(ens)
    if stat["median"] is None:
        return
    label = t(
        "first_report_marker",
        lang,
        month=number(stat["median"], lang, 0),
        share=percent(stat["share"], lang),
    )
    ax.axvline(stat["median"], color="#1b7837", ls="-.", lw=1.4, label=label)


def report_figure(ens: Ensemble, lang: str = "de") -> Figure:
    """Cooperation (with 95% bands), Müssen/Wollen/Können, trust, institutionalisation,
    and the levers over time; intervention periods shaded, shocks and funding end marked."""
    scenario = ens.scenario
    x = np.arange(ens.months + 1)
    n_rows = max(len(scenario.interventions), 1)
    fig = Figure(figsize=(13, 8.5 + 0.18 * n_rows), layout="constrained")
    grid = fig.add_gridspec(3, 2, height_ratios=[3, 3, 0.5 + 0.2 * n_rows])
    ax_coop = fig.add_subplot(grid[0, 0])
    ax_dims = fig.add_subplot(grid[0, 1], sharex=ax_coop)
    ax_trust = fig.add_subplot(grid[1, 0], sharex=ax_coop)
    ax_inst = fig.add_subplot(grid[1, 1], sharex=ax_coop)
    ax_plan = fig.add_subplot(grid[2, :], sharex=ax_coop)

    series = ens.series
    top = _plot_band(ax_coop, x, series["cooperation_rate"], MAIN_COLOUR, t("mean", lang), lang)
    _mark_events(ax_coop, ens, lang, label=True)
    _mark_first_report(ax_coop, ens, lang)
    _style_share_axis(ax_coop, lang, top)
    ax_coop.set_title(models.METRICS["cooperation_rate"].label(lang))

    top = 0.0
    for dim, name in DIMENSION_METRICS.items():
        label = models.METRICS[name].label(lang)
        colour = DIMENSION_COLOURS[dim]
        top = max(top, _plot_band(ax_dims, x, series[name], colour, label, lang, False))
    _mark_events(ax_dims, ens, lang, label=False)
    _style_share_axis(ax_dims, lang, top)
    ax_dims.set_title(t("panel_dimensions", lang))
    ax_dims.legend(loc="best", fontsize=8, framealpha=0.9)

    for ax, name in ((ax_trust, "mean_trust"), (ax_inst, "institutionalisation")):
        top = _plot_band(ax, x, series[name], MAIN_COLOUR, t("mean", lang), lang)
        _mark_events(ax, ens, lang, label=False)
        _style_share_axis(ax, lang, top)
        ax.set_title(models.METRICS[name].label(lang))

    funding = int(scenario.resolved_parameters()["funding_months"])
    plan_strip(ax_plan, scenario.interventions, scenario.shocks, funding, ens.months, lang, 10)
    ax_plan.tick_params(axis="x", labelbottom=True)
    ax_plan.set_xlabel(t("month", lang))
    handles, labels = ax_coop.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), fontsize=9)
    fig.suptitle(
        f"{scenario.title(lang)}\n"
        + t(
            "report_subtitle",
            lang,
            runs=count(ens.replications, lang),
            months=ens.months,
            seed=ens.seed,
        ),
        fontsize=14,
    )
    return fig


def comparison_figure(
    ensembles: Sequence[Ensemble], differences: dict[str, dict], lang: str = "de"
) -> Figure:
    """Cooperation of each scenario over time, and paired differences from the first.

    Parameters
    ----------
    ensembles : sequence of Ensemble
        Run with the same seeds; the first is the reference.
    differences : dict
        Scenario name -> :func:`simulation.ensemble.paired_differences` for each other scenario.
    """
    base = ensembles[0]
    fig = Figure(figsize=(14, 6.5), layout="constrained")
    ax_time, ax_diff = fig.subplots(1, 2, width_ratios=[1.2, 1])
    x = np.arange(base.months + 1)
    top = 0.0
    for k, ens in enumerate(ensembles):
        colour = SCENARIO_COLOURS[k % len(SCENARIO_COLOURS)]
        top = max(
            top,
            _plot_band(
                ax_time,
                x,
                ens.series["cooperation_rate"],
                colour,
                _wrap(ens.scenario.title(lang), 40),
                lang,
                runs_band=False,
            ),
        )
    _style_share_axis(ax_time, lang, top)
    _mark_scenario_plans(ax_time, ensembles, lang)
    ax_time.set_title(
        _wrap(models.METRICS["cooperation_rate"].label(lang) + f" ({t('mean', lang)})", 60),
        fontsize=11,
    )

    others = list(ensembles[1:])
    rows = list(COMPARED_METRICS)
    offsets = np.linspace(-0.25, 0.25, len(others)) if len(others) > 1 else [0.0]
    for k, ens in enumerate(others):
        colour = SCENARIO_COLOURS[(k + 1) % len(SCENARIO_COLOURS)]
        diff = differences[ens.scenario.name]
        for r, key in enumerate(rows):
            mean = diff[key]["mean"]
            lo, hi = diff[key]["ci95"]
            if mean is None:
                continue
            y = r + offsets[k]
            if lo is not None and hi is not None:
                ax_diff.plot([lo, hi], [y, y], color=colour, lw=2)
            ax_diff.plot(
                [mean], [y], "o", color=colour, label=ens.scenario.title(lang) if r == 0 else None
            )
    ax_diff.axvline(0, color="#555555", lw=1)
    ax_diff.set_yticks(
        range(len(rows)), [_wrap(metric_label(k, lang, base.months), 34) for k in rows]
    )
    ax_diff.set_ylim(len(rows) - 0.5, -0.5)
    ax_diff.set_xlabel(t("difference", lang))
    ax_diff.xaxis.set_major_formatter(axis_formatter(lang))
    ax_diff.grid(axis="x", alpha=0.3)
    ax_diff.set_title(
        _wrap(t("panel_differences", lang, name=base.scenario.title(lang)), 55), fontsize=10
    )
    handles, labels = ax_time.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 4), fontsize=9)
    fig.suptitle(
        f"{t('comparison_title', lang)}\n"
        + t(
            "report_subtitle",
            lang,
            runs=count(base.replications, lang),
            months=base.months,
            seed=base.seed,
        ),
        fontsize=14,
    )
    return fig


def _wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (titles that fit)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _mark_scenario_plans(ax, ensembles: Sequence[Ensemble], lang: str) -> None:
    """Below the curves, one thin band per scenario in its colour where its levers act,
    and each scenario's funding end as a dotted line in its colour (one line if shared)."""
    from matplotlib.transforms import blended_transform_factory

    months = ensembles[0].months
    band = blended_transform_factory(ax.transData, ax.transAxes)
    height = min(0.035, 0.12 / len(ensembles))
    ends = {}
    for k, ens in enumerate(ensembles):
        colour = SCENARIO_COLOURS[k % len(SCENARIO_COLOURS)]
        for a, b in acting_periods(ens.scenario.interventions, months):
            ax.add_patch(
                Rectangle(
                    (a, k * height),
                    b - a,
                    height * 0.8,
                    transform=band,
                    color=colour,
                    alpha=0.55,
                    lw=0,
                    label=None,
                )
            )
        funding = int(ens.scenario.resolved_parameters()["funding_months"])
        if 0 < funding <= months:
            ends.setdefault(funding, colour)
    shared = len(ends) == 1
    for k, (funding, colour) in enumerate(sorted(ends.items())):
        ax.axvline(
            funding,
            color=FUNDING_COLOUR if shared else colour,
            ls=":",
            lw=1.5,
            label=t("funding_end", lang) if k == 0 else None,
        )
    # room for the bands below zero, so that they never hide a curve
    high = ax.get_ylim()[1]
    frac = len(ensembles) * height + 0.01
    ticks = [y for y in ax.get_yticks() if 0 <= y <= high + 1e-9]
    ax.set_ylim(-frac / (1 - frac) * high, high)
    ax.set_yticks(ticks)
    if any(ens.scenario.interventions for ens in ensembles):
        ax.add_patch(
            Rectangle((0, 0), 0, 0, color="0.5", alpha=0.55, lw=0, label=t("levers_band", lang))
        )


def save_figure(fig: Figure, directory: str | Path, stem: str) -> list[Path]:
    """Write ``stem.png`` (150 dpi) and ``stem.svg`` into ``directory``; return the paths."""
    directory = Path(directory)
    png, svg = directory / f"{stem}.png", directory / f"{stem}.svg"
    fig.savefig(png, dpi=150, metadata={"Software": None})
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "dkbm"}):
        fig.savefig(svg, metadata={"Date": None})
    return [png, svg]
