"""Server-side matplotlib figures of the web app, sent to the browser as PNG.

The live chart is redrawn after every step, so it is built once (axes, labels,
shaded intervention periods, the plan strip) and only its lines are drawn per step
onto a copy of that background (blitting on the Agg canvas). That keeps a step well
under the time a full redraw takes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

import models
from simulation.figures import (
    DIMENSION_COLOURS,
    MAIN_COLOUR,
    acting_periods,
    mark_plan,
    plan_strip,
)
from simulation.formatting import axis_formatter

from .texts import t

TRUST_COLOUR = "#8c564b"
INSTITUTION_COLOUR = "#17becf"
NOW_COLOUR = "#333333"

# metric -> (panel, colour); panel 0 cooperation, 1 N/W/K, 2 trust, 3 institutionalisation
LIVE_LINES: dict[str, tuple[int, str]] = {
    "cooperation_rate": (0, MAIN_COLOUR),
    "mean_necessity": (1, DIMENSION_COLOURS["necessity"]),
    "mean_motivation": (1, DIMENSION_COLOURS["motivation"]),
    "mean_competence": (1, DIMENSION_COLOURS["competence"]),
    "mean_trust": (2, TRUST_COLOUR),
    "institutionalisation": (3, INSTITUTION_COLOUR),
}
PANEL_TITLES = (
    "live_panel_cooperation",
    "live_panel_dimensions",
    "live_panel_trust",
    "live_panel_institutions",
)


def png_bytes(fig: Figure, dpi: float | None = None) -> bytes:
    """The figure as PNG (a full draw)."""
    buf = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, metadata={"Software": None})
    return buf.getvalue()


def rgba_to_png(rgba: np.ndarray) -> bytes:
    """Encode an RGBA canvas buffer as PNG, fast (RGB, zlib level 1)."""
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba[..., :3])).save(buf, format="png", compress_level=1)
    return buf.getvalue()


class LiveChart:
    """The live figure of one session: plan strip, cooperation, Müssen/Wollen/Können,
    trust and institutionalisation over the whole horizon.

    Parameters
    ----------
    months : int
        Horizon (x axis 0..months).
    interventions, shocks : sequences
        The plan, including levers and shocks applied live.
    funding : int
        Month in which funding ends (dotted line).
    lang : str
    large : bool
        Trainer mode: bigger figure and type.
    """

    def __init__(
        self,
        months: int,
        interventions: Sequence,
        shocks: Sequence,
        funding: int,
        lang: str,
        large: bool = False,
    ):
        self.months = months
        (width, height), dpi, font = ((10.5, 7.2), 92, 16) if large else ((10.5, 6.9), 84, 10.5)
        # the strip grows with the plan: one readable row per lever, the curves keep their size
        n_rows = max(len(interventions), 1)
        row = (0.3 if large else 0.21) * n_rows
        with rc_context({"font.size": font}):
            self.fig = Figure(figsize=(width, height - 0.6 + row), dpi=dpi)
            self.canvas = FigureCanvasAgg(self.fig)
            strip_h = 0.45 + row
            grid = self.fig.add_gridspec(
                3,
                2,
                height_ratios=[strip_h, 2.6, 2.6],
                hspace=0.42,
                wspace=0.18,
                left=0.08,
                right=0.98,
                top=0.94,
                bottom=0.08,
            )
            strip = self.fig.add_subplot(grid[0, :])
            plan_strip(strip, interventions, shocks, funding, months, lang, font)
            self.axes = [
                self.fig.add_subplot(grid[1 + k // 2, k % 2], sharex=strip) for k in range(4)
            ]
            periods = acting_periods(interventions, months)
            for k, ax in enumerate(self.axes):
                mark_plan(ax, periods, (), funding, months, lang)
                ax.set_ylim(0, 1)
                ax.set_xlim(0, months)
                ax.set_title(t(PANEL_TITLES[k], lang), fontsize=font, loc="left")
                ax.yaxis.set_major_formatter(axis_formatter(lang))
                ax.grid(alpha=0.3)
                if k >= 2:
                    ax.set_xlabel(t("axis_month", lang))
                else:
                    ax.tick_params(axis="x", labelbottom=True)
                if k % 2 == 0:
                    ax.set_ylabel(t("axis_share", lang))
            self.lines = {}
            for name, (panel, colour) in LIVE_LINES.items():
                (line,) = self.axes[panel].plot(
                    [],
                    [],
                    color=colour,
                    lw=2.2 if large else 1.8,
                    label=models.METRICS[name].label(lang),
                )
                self.lines[name] = line
            self.axes[1].legend(
                handles=[
                    self.lines[n] for n in ("mean_necessity", "mean_motivation", "mean_competence")
                ],
                loc="upper left",
                fontsize=font * 0.75,
                ncol=1,
                framealpha=0.8,
            )
            self.now = [ax.axvline(0, color=NOW_COLOUR, lw=1.0, alpha=0.7) for ax in self.axes]
            self.month_text = self.fig.text(
                0.99, 0.985, "", ha="right", va="top", fontsize=font * 1.05, weight="bold"
            )
            self.lang = lang
            dynamic = [*self.lines.values(), *self.now, self.month_text]
            for artist in dynamic:
                artist.set_visible(False)
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.fig.bbox)
            for artist in dynamic:
                artist.set_visible(True)
            self.dynamic = dynamic

    def render(self, series: dict[str, np.ndarray], month: int, ghost: dict | None = None) -> bytes:
        """PNG of the chart with the series up to ``month``; ``ghost`` (series of an
        earlier run) is drawn as faint dashed lines under them."""
        return rgba_to_png(self.frame(series, month, ghost))

    def frame(
        self, series: dict[str, np.ndarray], month: int, ghost: dict | None = None
    ) -> np.ndarray:
        """The chart as an RGBA array (see :meth:`render`)."""
        self.canvas.restore_region(self.background)
        if ghost:
            for name, line in self.ghost_lines().items():
                values = ghost.get(name)
                if values is None:
                    continue
                line.set_data(np.arange(len(values)), values)
                line.axes.draw_artist(line)
        x = np.arange(len(next(iter(series.values()))))
        for name, line in self.lines.items():
            line.set_data(x, series[name])
            line.axes.draw_artist(line)
        for ax, now in zip(self.axes, self.now, strict=True):
            now.set_xdata([month, month])
            ax.draw_artist(now)
        return np.asarray(self.canvas.buffer_rgba())

    def ghost_lines(self) -> dict:
        """Faint dashed twins of the lines, for an earlier run (made on first use)."""
        if getattr(self, "_ghost_lines", None) is None:
            self._ghost_lines = {}
            for name, line in self.lines.items():
                (twin,) = line.axes.plot(
                    [], [], color=line.get_color(), lw=line.get_linewidth(), alpha=0.5, ls="--"
                )
                self._ghost_lines[name] = twin
        return self._ghost_lines

    def full_png(self, series: dict[str, np.ndarray], month: int, dpi: float = 150) -> bytes:
        """A full-resolution PNG for download."""
        x = np.arange(len(next(iter(series.values()))))
        for name, line in self.lines.items():
            line.set_data(x, series[name])
        for now in self.now:
            now.set_xdata([month, month])
        title = self.fig.suptitle(
            t("month_of", self.lang, month=month, months=self.months),
            x=0.99,
            ha="right",
            fontsize=11,
        )
        try:
            return png_bytes(self.fig, dpi=dpi)
        finally:
            title.remove()
            self.canvas.draw()  # back to screen resolution; the background is unchanged


def warm_up() -> None:
    """Load matplotlib's fonts once (about half a second), so the first page is faster."""
    fig = Figure(figsize=(1, 1), dpi=50)
    fig.text(0.5, 0.5, "Müssen 0,5", weight="bold")
    fig.text(0.2, 0.2, "Wollen")
    FigureCanvasAgg(fig).draw()


def cached_png(store: dict, key, make) -> bytes:
    """``make()`` once per key; ``store`` is a session's own dict (a few entries kept)."""
    if key not in store:
        if len(store) > 8:
            store.pop(next(iter(store)))
        store[key] = make()
    return store[key]


def ensemble_png(ens, lang: str, dpi: float = 72) -> bytes:
    from simulation.figures import report_figure

    return png_bytes(report_figure(ens, lang), dpi=dpi)


def comparison_png(ensembles, differences, lang: str, dpi: float = 72) -> bytes:
    from simulation.figures import comparison_figure

    return png_bytes(comparison_figure(ensembles, differences, lang), dpi=dpi)
