"""Scenario discovery on a finished sweep: under which conditions does our plan fail?

Reads a sweep directory (``dkbm sweep``), takes the sweep's varied parameters as
inputs and one run metric as output, marks the runs of interest (output below or
above a threshold) and describes where they lie: with PRIM (:mod:`.prim`, a peeling
trajectory with the coverage–density trade-off, box limits and a quasi-p per
restricted parameter) or CART (scikit-learn's ``DecisionTreeClassifier``; each leaf
of interest is a box, as in EMA Workbench's ``cart.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import models
from simulation import formatting as F
from simulation.errors import LocatedInputError

from .prim import Trajectory, prim

METHODS = ("prim", "cart")
MIN_DENSITY = 0.8  # the chosen PRIM box: most coverage among boxes this dense

TEXT = {
    "head": (
        "Szenario-Entdeckung ({method}) in {dir}: {runs} Läufe, {params} Parameter; "
        "von Interesse: {output} {op} {threshold} ({hits} Läufe, {share})",
        "Scenario discovery ({method}) in {dir}: {runs} runs, {params} parameters; "
        "of interest: {output} {op} {threshold} ({hits} runs, {share})",
    ),
    "box": (
        "Gewählte Box {k} von {n}: Abdeckung {coverage}, Dichte {density}, Anteil {mass}",
        "Chosen box {k} of {n}: coverage {coverage}, density {density}, mass {mass}",
    ),
    "leaf": (
        "Blatt {k}: Abdeckung {coverage}, Dichte {density}, Anteil {mass}",
        "Leaf {k}: coverage {coverage}, density {density}, mass {mass}",
    ),
    "col_param": ("Parameter", "parameter"),
    "col_low": ("von", "from"),
    "col_high": ("bis", "to"),
    "col_range": ("Bereich im Sweep", "range in the sweep"),
    "col_p": ("Quasi-p", "quasi-p"),
    "none": ("keine Einschränkung gefunden", "no restriction found"),
    "answer": (
        "Die Läufe von Interesse liegen vor allem dort, wo alle diese Bedingungen gelten.",
        "The runs of interest lie mainly where all of these conditions hold.",
    ),
    "trajectory": ("Schälpfad: Abdeckung gegen Dichte", "Peeling trajectory: coverage vs density"),
    "coverage": ("Abdeckung", "coverage"),
    "density": ("Dichte", "density"),
    "limits": ("Grenzen der gewählten Box", "Limits of the chosen box"),
    "chosen": ("gewählt", "chosen"),
    "share_range": ("Anteil des Sweep-Bereichs", "share of the swept range"),
    "figure": ("Abbildung", "figure"),
    "n_restricted": ("eingeschränkte Parameter", "restricted parameters"),
}


def _t(key: str, lang: str, **fields) -> str:
    de, en = TEXT[key]
    return (de if lang == "de" else en).format(**fields)


@dataclass
class Discovery:
    """What :func:`discover` found: the boxes (PRIM: the trajectory; CART: the leaves of
    interest) and which one answers the question (``chosen``)."""

    method: str
    output: str
    threshold: float
    below: bool
    names: tuple[str, ...]
    bounds: np.ndarray
    boxes: list  # prim.Box-like: limits, coverage, density, mass, n, restricted, quasi_p
    chosen: int
    info: dict = field(default_factory=dict)

    @property
    def box(self):
        return self.boxes[self.chosen]

    def restrictions(self, k: int | None = None) -> list[dict]:
        box = self.boxes[self.chosen if k is None else k]
        rows = []
        for j in box.restricted:
            name = self.names[j]
            par = models.PARAMETERS.get(name)
            rows.append(
                {
                    "parameter": name,
                    "label_de": par.label_de if par else name,
                    "label_en": par.label_en if par else name,
                    "low": float(box.limits[j, 0]),
                    "high": float(box.limits[j, 1]),
                    "range_low": float(self.bounds[j, 0]),
                    "range_high": float(self.bounds[j, 1]),
                    "quasi_p": _num(box.quasi_p.get(j, np.nan)),
                }
            )
        return rows

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "output": self.output,
            "threshold": self.threshold,
            "below": self.below,
            **self.info,
            "chosen": self.chosen,
            "boxes": [
                {
                    "coverage": b.coverage,
                    "density": b.density,
                    "mass": b.mass,
                    "n": b.n,
                    "restricted": [self.names[j] for j in b.restricted],
                }
                for b in self.boxes
            ],
            "restrictions": self.restrictions(),
        }

    def table(self, lang: str = "de") -> str:
        from simulation.sweeps.sensitivity import output_label

        info = self.info
        lines = [
            _t(
                "head",
                lang,
                method=self.method.upper(),
                dir=info["dir"],
                runs=F.count(info["runs"], lang),
                params=len(self.names),
                output=f"{self.output} ({output_label(self.output, lang)})",
                op="<" if self.below else ">",
                threshold=F.number(self.threshold, lang, 4, trim=True),
                hits=F.count(info["hits"], lang),
                share=F.percent(info["hits"] / info["runs"], lang, 1),
            )
        ]
        kind = "box" if self.method == "prim" else "leaf"
        for k in [self.chosen] if self.method == "prim" else range(len(self.boxes)):
            b = self.boxes[k]
            lines.append("")
            lines.append(
                _t(
                    kind,
                    lang,
                    k=k + 1 if self.method == "cart" else k,
                    n=len(self.boxes) - 1,
                    coverage=F.percent(b.coverage, lang, 1),
                    density=F.percent(b.density, lang, 1),
                    mass=F.percent(b.mass, lang, 1),
                )
            )
            rows = self.restrictions(k)
            if not rows:
                lines.append("  " + _t("none", lang))
                continue
            width = max(len(r["parameter"]) for r in rows)
            width = max(width, len(_t("col_param", lang)))
            lines.append(
                f"  {_t('col_param', lang):<{width}}  {_t('col_low', lang):>10}  "
                f"{_t('col_high', lang):>10}  {_t('col_range', lang):>22}"
                + (f"  {_t('col_p', lang):>10}" if self.method == "prim" else "")
            )
            for r in rows:
                span = f"{F.number(r['range_low'], lang, 3)} – {F.number(r['range_high'], lang, 3)}"
                line = (
                    f"  {r['parameter']:<{width}}  {F.number(r['low'], lang, 3):>10}  "
                    f"{F.number(r['high'], lang, 3):>10}  {span:>22}"
                )
                if self.method == "prim":
                    p = r["quasi_p"]
                    p = "–" if p is None else f"{p:.1e}".replace(".", "," if lang == "de" else ".")
                    line += f"  {p:>10}"
                lines.append(line)
        lines.append("")
        lines.append(_t("answer", lang))
        return "\n".join(lines)


def _num(x) -> float | None:
    x = float(x)
    return x if np.isfinite(x) else None


@dataclass
class _Leaf:
    limits: np.ndarray
    coverage: float
    density: float
    mass: float
    n: int
    restricted: tuple[int, ...]
    quasi_p: dict = field(default_factory=dict)


def cart_boxes(x, y, *, min_leaf: float = 0.05, max_depth: int = 4, seed: int = 0):
    """The leaves of a classification tree in which most points are of interest, as boxes
    (largest coverage first). Limits are the tree's thresholds, clipped to the data."""
    from sklearn.tree import DecisionTreeClassifier

    x = np.asarray(x, float)
    y = np.asarray(y, bool)
    tree = DecisionTreeClassifier(
        min_samples_leaf=max(1, int(min_leaf * len(y))), max_depth=max_depth, random_state=seed
    ).fit(x, y)
    t = tree.tree_
    bounds = np.column_stack([x.min(axis=0), x.max(axis=0)])
    leaves = []

    def walk(node, limits):
        if t.children_left[node] == -1:
            inside = np.all((x >= limits[:, 0]) & (x <= limits[:, 1]), axis=1)
            n_in, hits = int(inside.sum()), int(y[inside].sum())
            if n_in and hits / n_in > 0.5:
                restricted = tuple(
                    j
                    for j in range(x.shape[1])
                    if limits[j, 0] > bounds[j, 0] or limits[j, 1] < bounds[j, 1]
                )
                leaves.append(
                    _Leaf(
                        limits.copy(), hits / y.sum(), hits / n_in, n_in / len(y), n_in, restricted
                    )
                )
            return
        j, cut = t.feature[node], t.threshold[node]
        left, right = limits.copy(), limits.copy()
        below = x[:, j][x[:, j] <= cut]
        above = x[:, j][x[:, j] > cut]
        left[j, 1] = min(left[j, 1], below.max() if len(below) else cut)
        right[j, 0] = max(right[j, 0], above.min() if len(above) else cut)
        walk(t.children_left[node], left)
        walk(t.children_right[node], right)

    walk(0, bounds.copy())
    leaves.sort(key=lambda b: -b.coverage)
    return leaves, bounds


def discover(
    path: str | Path,
    output: str,
    threshold: float,
    *,
    below: bool = False,
    method: str = "prim",
) -> Discovery:
    """Scenario discovery on the sweep in ``path``: where is ``output`` above (or, with
    ``below``, below) ``threshold``?

    Raises
    ------
    simulation.errors.LocatedInputError
        A missing sweep directory, an unknown output (naming the allowed ones), a threshold
        outside the range of the data, no (or only) runs of interest, an unknown method.
    """
    from simulation.sweeps.runner import read_results
    from simulation.sweeps.spec import output_names, spec_from_dict, unknown_name
    from simulation.sweeps.storage import SweepDir

    if method not in METHODS:
        raise LocatedInputError(
            "--method", f"unknown method '{method}' (allowed: {', '.join(METHODS)})"
        )
    store = SweepDir(path).require()
    allowed = output_names()
    if output not in allowed:
        raise LocatedInputError(
            "--output",
            unknown_name("output", output, allowed).replace(
                f"({len(allowed)} allowed)", f"(allowed: {', '.join(allowed)})"
            ),
            key="output",
        )
    manifest = store.read_manifest()
    spec = spec_from_dict(manifest["spec"], source=str(store.manifest_path))
    names = tuple(spec.names)
    if not names:
        raise LocatedInputError(
            str(store.path), "the sweep varies no parameter: nothing to explain"
        )
    runs = read_results(store.path, with_errors=False)
    if output not in runs.columns:
        raise LocatedInputError(
            "--output", f"'{output}' is not in this sweep's results", key="output"
        )
    values = runs[output].to_numpy(float)
    ok = np.isfinite(values)
    if not ok.any():
        raise LocatedInputError(
            "--output", f"'{output}' is undefined (NaN) in every run of this sweep", key="output"
        )
    lo, hi = float(values[ok].min()), float(values[ok].max())
    if not lo <= threshold <= hi:
        raise LocatedInputError(
            "--threshold",
            f"must lie within the range of {output} in this sweep: a number in "
            f"[{lo:.6g}, {hi:.6g}]; got {threshold:.6g}",
            key="threshold",
        )
    x = runs.loc[ok, list(names)].to_numpy(float)
    v = values[ok]
    y = v < threshold if below else v > threshold
    if not y.any() or y.all():
        which = "no run" if not y.any() else "every run"
        raise LocatedInputError(
            "--threshold",
            f"{which} has {output} {'<' if below else '>'} {threshold:.6g}: nothing to "
            f"tell apart; choose a threshold in ({lo:.6g}, {hi:.6g})",
            key="threshold",
        )
    info = {
        "dir": str(store.path),
        "runs": len(y),
        "hits": int(y.sum()),
        "undefined": int((~ok).sum()),
        "parameters": list(names),
    }
    if method == "prim":
        traj: Trajectory = prim(x, y, names)
        return Discovery(
            method, output, threshold, below, names, traj.bounds, traj.boxes,
            traj.choose(MIN_DENSITY), info,
        )  # fmt: skip
    leaves, bounds = cart_boxes(x, y)
    if not leaves:
        raise LocatedInputError(
            "--threshold",
            "no leaf of the tree is mostly of interest; try --method prim or another threshold",
            key="threshold",
        )
    return Discovery(method, output, threshold, below, names, bounds, leaves, 0, info)


def plot_discovery(result: Discovery, lang: str = "de"):
    """PRIM: the peeling trajectory (coverage vs density, coloured by the number of
    restricted parameters) beside the chosen box's limits as bars within the swept range.
    CART: the limits of the leaf with the largest coverage."""
    from matplotlib.figure import Figure

    fmt = F.axis_formatter(lang)
    box = result.box
    prim_ = result.method == "prim"
    fig = Figure(figsize=(12 if prim_ else 7, 4.6), layout="constrained")
    axes = fig.subplots(1, 2 if prim_ else 1, squeeze=False)[0]
    if prim_:
        ax = axes[0]
        cov = [b.coverage for b in result.boxes]
        den = [b.density for b in result.boxes]
        dims = [len(b.restricted) for b in result.boxes]
        ax.plot(cov, den, color="0.7", lw=0.8, zorder=1)
        sc = ax.scatter(cov, den, c=dims, cmap="viridis", s=22, zorder=2)
        ax.scatter([box.coverage], [box.density], s=120, facecolors="none", edgecolors="#d62728",
                   lw=2, zorder=3, label=_t("chosen", lang))  # fmt: skip
        fig.colorbar(sc, ax=ax, label=_t("n_restricted", lang), ticks=sorted(set(dims)))
        ax.set_xlabel(_t("coverage", lang))
        ax.set_ylabel(_t("density", lang))
        ax.xaxis.set_major_formatter(fmt)
        ax.yaxis.set_major_formatter(fmt)
        ax.set_title(_t("trajectory", lang), loc="left", fontsize=11)
        ax.grid(alpha=0.3)
        ax.legend(loc="lower left", fontsize=8)
    ax = axes[-1]
    rows = result.restrictions()
    pos = np.arange(len(rows))
    for i, r in enumerate(rows):
        span = (r["range_high"] - r["range_low"]) or 1.0
        a = (r["low"] - r["range_low"]) / span
        b = (r["high"] - r["range_low"]) / span
        ax.barh(i, 1.0, color="#e8e8e8")
        ax.barh(i, b - a, left=a, color="#4c78a8")
        ax.text(a, i + 0.33, F.number(r["low"], lang, 3), fontsize=8, ha="left")
        ax.text(b, i + 0.33, F.number(r["high"], lang, 3), fontsize=8, ha="right")
    ax.set_yticks(pos, [r[f"label_{lang}"] for r in rows])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(fmt)
    ax.set_xlabel(_t("share_range", lang))
    ax.set_title(_t("limits", lang), loc="left", fontsize=11)
    fig.suptitle(
        f"{result.method.upper()}: {result.output} {'<' if result.below else '>'} "
        f"{F.number(result.threshold, lang, 4, trim=True)}",
        fontsize=12,
    )
    return fig


def write_report(result: Discovery, lang: str = "de") -> dict:
    """Write ``DIR/discovery/<method>_<output>.json`` and ``..._<lang>.png``; the JSON data."""
    from simulation.sweeps.storage import atomic_write_bytes

    folder = Path(result.info["dir"]) / "discovery"
    folder.mkdir(exist_ok=True)
    stem = f"{result.method}_{result.output}"
    figure = folder / f"{stem}_{lang}.png"
    fig = plot_discovery(result, lang)
    tmp = figure.with_name(f".{figure.name}.tmp.png")
    try:
        fig.savefig(tmp, dpi=150)
        tmp.replace(figure)
    finally:
        tmp.unlink(missing_ok=True)
    data = result.to_dict()
    data["figure"] = str(figure)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    atomic_write_bytes(folder / f"{stem}.json", (text + "\n").encode("utf-8"))
    return data
