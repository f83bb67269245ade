"""The department network: nodes coloured by readiness or Knoster diagnosis, edges by
trust (width) and running joint projects (colour).

Like the live chart it is drawn once and then only its nodes and edges are redrawn
onto the saved background.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from matplotlib import colormaps, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

import models

from .plots import rgba_to_png
from .texts import t

DIAGNOSIS_COLOURS = ("#2ca02c", "#9e9ac8", "#d62728", "#ff7f0e", "#8c564b", "#7f7f7f")
PROJECT_COLOUR = "#e6550d"
IDLE_COLOUR = "#9aa5b1"
READINESS_MAP = colormaps["RdYlGn"]


def layout(structure) -> np.ndarray:
    """Fixed node positions (n, 2): a spring layout weighted by interdependence."""
    graph = nx.Graph()
    graph.add_nodes_from(range(structure.n))
    for i, j, w in zip(
        structure.pair_i.tolist(), structure.pair_j.tolist(), structure.dep.tolist(), strict=True
    ):
        graph.add_edge(i, j, weight=w)
    pos = nx.spring_layout(graph, seed=7, weight="weight", k=1.6 / np.sqrt(max(structure.n, 1)))
    xy = np.array([pos[k] for k in range(structure.n)], dtype=float)
    xy -= xy.mean(axis=0)
    scale = np.abs(xy).max() or 1.0
    return xy / scale


def short_name(name: str) -> str:
    """A node label: the name up to a slash or bracket, wrapped once."""
    for sep in (" /", " ("):
        name = name.split(sep)[0]
    words = name.split()
    if len(name) > 14 and len(words) > 1:
        half = len(words) // 2
        return " ".join(words[:half]) + "\n" + " ".join(words[half:])
    return name


class NetworkChart:
    """The network figure of one live model (one structure, one language, one colouring)."""

    def __init__(
        self, model: models.CollaborationModel, lang: str, colour_by: str, large: bool = False
    ):
        st = model.batch.structure
        self.colour_by = colour_by
        self.xy = layout(st)
        self.pi, self.pj = st.pair_i, st.pair_j
        size, dpi, font = ((5.0, 5.0), 92, 14) if large else ((5.2, 5.0), 84, 10)
        with rc_context({"font.size": font}):
            self.fig = Figure(figsize=size, dpi=dpi)
            self.canvas = FigureCanvasAgg(self.fig)
            ax = self.fig.add_axes((0.02, 0.2, 0.96, 0.72))
            ax.set_xlim(-1.35, 1.35)
            ax.set_ylim(-1.2, 1.2)
            ax.set_axis_off()
            self.ax = ax
            title = self.fig.text(
                0.02, 0.97, t("network_title", lang), va="top", fontsize=font * 1.1, weight="bold"
            )
            segments = np.stack([self.xy[self.pi], self.xy[self.pj]], axis=1)
            self.edges = LineCollection(segments, colors=IDLE_COLOUR, linewidths=1.0, zorder=1)
            ax.add_collection(self.edges)
            self.nodes = ax.scatter(
                self.xy[:, 0],
                self.xy[:, 1],
                s=(520 if large else 380),
                c="#cccccc",
                edgecolors="#333333",
                linewidths=0.8,
                zorder=2,
            )
            # a ring around the department a Drehbuch step points at (hidden until then)
            self.ring = ax.scatter(
                [0.0],
                [0.0],
                s=(520 if large else 380) * 4.0,
                facecolors="none",
                edgecolors="#f39c12",
                linewidths=5,
                zorder=1.5,
            )
            self.keys = [d.key for d in model.departments]
            names = [short_name(d.name(lang)) for d in model.departments]
            self.labels = [
                ax.annotate(
                    label,
                    (x, y),
                    xytext=(0, -14 if not large else -17),
                    textcoords="offset points",
                    ha="center",
                    va="top",
                    fontsize=font * (0.9 if large else 0.8),
                    zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
                )
                for (x, y), label in zip(self.xy, names, strict=True)
            ]
            handles = [
                Line2D([], [], color=PROJECT_COLOUR, lw=3, label=t("legend_project", lang)),
                Line2D([], [], color=IDLE_COLOUR, lw=3, label=t("legend_no_project", lang)),
            ]
            if colour_by == "diagnosis":
                handles += [
                    Patch(color=c, label=models.diagnosis_label(k, lang))
                    for k, c in enumerate(DIAGNOSIS_COLOURS)
                ]
                ncol = 2
            else:
                handles += [
                    Patch(color=READINESS_MAP(v), label=t(key, lang))
                    for v, key in (
                        (0.1, "legend_ready_low"),
                        (0.5, "legend_ready_mid"),
                        (0.9, "legend_ready_high"),
                    )
                ]
                ncol = 2
            legend = self.fig.legend(
                handles=handles,
                loc="lower center",
                ncol=ncol,
                fontsize=font * 0.85,
                frameon=False,
                title=t("legend_edges", lang),
                title_fontsize=font * 0.85,
            )
            # Three layers: the static background, edges and nodes drawn per step, and the
            # labels on top. Drawing eleven labels per step costs more than the rest, so
            # they are drawn once onto a transparent overlay that is blended in per step.
            self.dynamic = [self.edges, self.nodes]
            for artist in [*self.dynamic, self.ring, *self.labels]:
                artist.set_visible(False)
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.fig.bbox)
            for artist in [title, legend, self.fig.patch]:
                artist.set_visible(False)
            for artist in self.labels:
                artist.set_visible(True)
            self.canvas.draw()
            overlay = np.asarray(self.canvas.buffer_rgba(), dtype=np.float32)
            self.overlay_alpha = overlay[..., 3:4] / 255.0
            self.overlay_rgb = overlay[..., :3] * self.overlay_alpha
            for artist in [title, legend, self.fig.patch, *self.dynamic]:
                artist.set_visible(True)
            for artist in self.labels:
                artist.set_visible(False)

    def colours(self, model) -> list:
        if self.colour_by == "diagnosis":
            codes = np.asarray(model.batch.state.diagnosis[0], dtype=int)
            return [DIAGNOSIS_COLOURS[c] for c in codes]
        return [READINESS_MAP(d.readiness) for d in model.departments]

    def render(self, model, highlight: str | None = None) -> bytes:
        return rgba_to_png(self.frame(model, highlight))

    def frame(self, model, highlight: str | None = None) -> np.ndarray:
        """The network as an RGB array (uint8) for this month; ``highlight`` (a department
        key) is ringed."""
        s = model.batch.state
        trust = np.asarray(s.trust[0], dtype=float)
        active = np.asarray(s.remaining[0] > 0)
        self.edges.set_linewidths(0.6 + 7.0 * trust)
        self.edges.set_colors([PROJECT_COLOUR if a else IDLE_COLOUR for a in active])
        self.nodes.set_facecolors(self.colours(model))
        self.canvas.restore_region(self.background)
        if highlight in self.keys:
            self.ring.set_offsets(self.xy[[self.keys.index(highlight)]])
            self.ring.set_visible(True)
            self.ax.draw_artist(self.ring)
        for artist in self.dynamic:
            self.ax.draw_artist(artist)
        rgb = np.asarray(self.canvas.buffer_rgba())[..., :3]
        blended = self.overlay_rgb + rgb * (1.0 - self.overlay_alpha)
        return blended.astype(np.uint8)
