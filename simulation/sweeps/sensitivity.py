"""Global sensitivity analysis of a finished sweep with SALib: Sobol or Morris.

Replications are averaged per design point (the model is stochastic; SALib's
estimators expect one output per point, in sample order and complete). Sobol
indices (Saltelli 2002, Jansen 1999 estimators as in ``SALib.analyze.sobol``) give
S1 and ST with bootstrap confidence intervals; Morris (Campolongo et al. 2007, via
``SALib.analyze.morris``) gives mu*, its confidence interval and sigma. Morris
effects are computed on unit-cube coordinates, so mu* is in output units per full
range of the parameter as swept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import models
from simulation import formatting as F
from simulation.errors import LocatedInputError
from simulation.i18n import t

from .spec import output_names, spec_from_dict
from .storage import SweepDir, atomic_write_bytes

METHODS = ("sobol", "morris")
COLUMNS = {
    "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
    "morris": ("mu_star", "mu_star_conf", "sigma", "mu"),
}
RANK_BY = {"sobol": "ST", "morris": "mu_star"}


def _t(key: str, lang: str, **fields) -> str:
    return t(f"sens_{key}", lang, **fields)


def output_label(name: str, lang: str = "de") -> str:
    """German or English label of a results column (e.g. ``cooperation_rate_final``)."""
    if name in models.RUN_METRICS:
        de, en = models.RUN_METRICS[name]
        return de if lang == "de" else en
    for suffix in ("final", "mean"):
        metric = name.removesuffix(f"_{suffix}")
        if metric != name and metric in models.METRICS:
            return f"{models.METRICS[metric].label(lang)}, {_t(suffix, lang)}"
    return name


# --- the estimators (plain arrays; checked against the Ishigami function in the tests) ------
def point_means(design_row: np.ndarray, y: np.ndarray, points: int) -> np.ndarray:
    """Mean of ``y`` per design point over its runs, ignoring NaN (NaN if none is finite)."""
    design_row = np.asarray(design_row, np.int64)
    y = np.asarray(y, float)
    finite = np.isfinite(y)
    sums = np.bincount(design_row[finite], weights=y[finite], minlength=points)
    counts = np.bincount(design_row[finite], minlength=points)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def noise_share(design_row: np.ndarray, y: np.ndarray, points: int) -> float:
    """Share of the variance of the point means that replication noise explains.

    Estimated as mean within-point variance / replications per point, divided by the
    variance of the point means (NaN with fewer than 2 replications). Near 1, the
    indices mostly apportion noise: add replications.
    """
    frame = pd.DataFrame({"row": np.asarray(design_row), "y": np.asarray(y, float)}).dropna()
    groups = frame.groupby("row")["y"]
    counts = groups.count()
    if len(counts) < 2 or counts.min() < 2:
        return float("nan")
    within = float((groups.var(ddof=1) / counts).mean())
    between = float(groups.mean().var(ddof=1))
    return min(1.0, within / between) if between > 0 else float("nan")


def sobol_indices(
    problem: dict,
    y: np.ndarray,
    *,
    second_order: bool = False,
    num_resamples: int = 100,
    conf_level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """S1, S1_conf, ST, ST_conf per parameter, ranked by ST (largest first)."""
    from SALib.analyze import sobol

    si = sobol.analyze(
        problem,
        np.asarray(y, float),
        calc_second_order=second_order,
        num_resamples=num_resamples,
        conf_level=conf_level,
        seed=seed,
    )
    frame = pd.DataFrame(
        {c: np.asarray(si[c], float) for c in COLUMNS["sobol"]},
        index=pd.Index(problem["names"], name="parameter"),
    )
    return frame.sort_values("ST", ascending=False, kind="stable")


def morris_indices(
    problem: dict,
    unit_x: np.ndarray,
    y: np.ndarray,
    *,
    levels: int = 4,
    num_resamples: int = 100,
    conf_level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """mu*, its confidence half-width, sigma and mu per parameter, ranked by mu*.

    ``unit_x`` are the unit-cube coordinates of the Morris sample (SALib's order).
    """
    from SALib.analyze import morris

    si = morris.analyze(
        {k: problem[k] for k in ("num_vars", "names", "bounds")},
        np.asarray(unit_x, float),
        np.asarray(y, float),
        num_resamples=num_resamples,
        conf_level=conf_level,
        num_levels=levels,
        seed=seed,
    )
    frame = pd.DataFrame(
        {c: np.asarray(si[c], float) for c in COLUMNS["morris"]},
        index=pd.Index(problem["names"], name="parameter"),
    )
    return frame.sort_values("mu_star", ascending=False, kind="stable")


# --- a sweep directory -------------------------------------------------------------------
@dataclass
class SensitivityResult:
    """Indices of every analysed output of one sweep.

    Attributes
    ----------
    method : {"sobol", "morris"}
    indices : dict of str to DataFrame
        Per output, one row per parameter (ranked), columns :data:`COLUMNS` ``[method]``.
    skipped : dict of str to str
        Outputs that could not be analysed, with the reason.
    info : dict
        Design summary: points, replications, runs, failed runs, months, conf_level.
    """

    method: str
    indices: dict[str, pd.DataFrame]
    skipped: dict[str, str] = field(default_factory=dict)
    info: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        outputs = {}
        for name, frame in self.indices.items():
            ranking = []
            for rank, (par, row) in enumerate(frame.iterrows(), start=1):
                entry = {
                    "rank": rank,
                    "parameter": par,
                    "label_de": models.PARAMETERS[par].label_de,
                    "label_en": models.PARAMETERS[par].label_en,
                }
                entry.update({c: _num(row[c]) for c in frame.columns})
                ranking.append(entry)
            outputs[name] = {
                "label_de": output_label(name, "de"),
                "label_en": output_label(name, "en"),
                "ranking": ranking,
            }
        return {"method": self.method, **self.info, "outputs": outputs, "skipped": self.skipped}

    def table(self, lang: str = "en") -> str:
        """A plain-text ranked table per output, in ``lang`` with its number style."""
        cols = COLUMNS[self.method]
        lines = []
        info = self.info
        level = F.number(100 * info["conf_level"], lang, 1, trim=True)
        head = _t(
            "head",
            lang,
            method=_t(f"title_{self.method}", lang),
            points=F.count(info["points"], lang),
            replications=F.count(info["replications"], lang),
            runs=F.count(info["runs"], lang),
            months=F.count(info["months"], lang),
            level=level,
        )
        if info.get("failed"):
            head += _t("failed", lang, failed=F.count(info["failed"], lang))
        lines.append(head)
        width = max((len(p) for f in self.indices.values() for p in f.index), default=9)
        width = max(width, len(_t("col_parameter", lang)))
        names = [_t(f"col_{c}", lang) for c in cols]
        for name, frame in self.indices.items():
            lines.append("")
            lines.append(f"{name} ({output_label(name, lang)})")
            noise = info.get("noise_share", {}).get(name)
            if noise is not None:
                lines.append(
                    _t("noise", lang, share=F.percent(noise, lang))
                    + (_t("noise_more", lang) if noise > 0.2 else "")
                )
            lines.append(
                f"  {_t('col_rank', lang):>4}  {_t('col_parameter', lang):<{width}}"
                + "".join(f"{c:>14}" for c in names)
            )
            for rank, (par, row) in enumerate(frame.iterrows(), start=1):
                lines.append(
                    f"  {rank:>4}  {par:<{width}}"
                    + "".join(f"{F.number(row[c], lang, 4):>14}" for c in cols)
                )
        for name, reason in self.skipped.items():
            lines.append("")
            lines.append(_t("not_analysed", lang, name=name, reason=reason))
        return "\n".join(lines)


def _num(x) -> float | None:
    x = float(x)
    return x if np.isfinite(x) else None


def analyze_sweep(
    path: str | Path,
    outputs: list[str] | tuple[str, ...] | None = None,
    *,
    seed: int = 0,
) -> SensitivityResult:
    """Sobol or Morris indices (by the sweep's design) of a complete sweep.

    Parameters
    ----------
    path : path
        Sweep directory (``dkbm sweep ... --out path``).
    outputs : list of str, optional
        Result columns to analyse; default the spec's ``[sensitivity] outputs``.
    seed : int
        Seed of the bootstrap resampling for the confidence intervals.

    Raises
    ------
    simulation.errors.LocatedInputError
        If the directory is not a sweep, its design is not sobol/morris, runs are
        missing, or an output name is unknown.
    """
    import pyarrow.dataset as ds

    store = SweepDir(path).require()
    source = str(store.path)
    manifest = store.read_manifest()
    spec = spec_from_dict(manifest["spec"], source=str(store.manifest_path))
    if spec.design not in METHODS:
        raise LocatedInputError(
            source,
            f"sensitivity needs a sweep with design sobol or morris; this one used "
            f"'{spec.design}' (allowed: {', '.join(METHODS)})",
            key="design",
        )
    outputs = list(outputs or spec.outputs)
    allowed = output_names()
    for name in outputs:
        if name not in allowed:
            from .spec import unknown_name

            raise LocatedInputError("--output", unknown_name("output", name, allowed), key="output")
    total = int(manifest["design"]["runs"])
    counts = store.progress(total)
    if counts.missing:
        raise LocatedInputError(
            source,
            f"{counts.missing} of {total} runs are missing; finish the sweep first with "
            f"`dkbm sweep {store.spec_path} --out {store.path} --resume`",
        )
    points = store.read_points()
    names = spec.names
    unit = np.column_stack([points.column(f"u_{n}").to_numpy() for n in names])
    table = ds.dataset(store.results, format="parquet").to_table(
        columns=["design_row", "error", *outputs]
    )
    ok = table.column("error").is_null().to_numpy(zero_copy_only=False)
    rows = table.column("design_row").to_numpy()[ok]
    from .design import salib_problem

    problem = salib_problem(spec)
    n_points = len(unit)
    result = SensitivityResult(
        spec.design,
        {},
        info={
            "design": spec.design,
            "parameters": list(names),
            "points": n_points,
            "replications": spec.replications,
            "runs": total,
            "failed": counts.failed,
            "months": manifest["design"]["months"],
            "conf_level": spec.conf_level,
            "num_resamples": spec.num_resamples,
            "noise_share": {},
        },
    )
    for name in outputs:
        y = point_means(rows, table.column(name).to_numpy(zero_copy_only=False)[ok], n_points)
        undefined = int(np.isnan(y).sum())
        if undefined:
            result.skipped[name] = (
                f"undefined (no finite value in any replication) at {undefined} of "
                f"{n_points} design points"
            )
            continue
        if np.ptp(y) == 0:
            result.skipped[name] = "constant across the design: no variance to apportion"
            continue
        if spec.design == "sobol":
            frame = sobol_indices(
                problem,
                y,
                second_order=spec.second_order,
                num_resamples=spec.num_resamples,
                conf_level=spec.conf_level,
                seed=seed,
            )
        else:
            frame = morris_indices(
                problem,
                unit,
                y,
                levels=spec.levels,
                num_resamples=spec.num_resamples,
                conf_level=spec.conf_level,
                seed=seed,
            )
        result.indices[name] = frame
        values = table.column(name).to_numpy(zero_copy_only=False)[ok]
        result.info["noise_share"][name] = _num(noise_share(rows, values, n_points))
    return result


def plot_sensitivity(result: SensitivityResult, lang: str = "de"):
    """A ranked horizontal bar chart per output (Sobol: S1 and ST; Morris: mu* and sigma);
    for Morris, a mu*-sigma plot per output beside it (Campolongo et al. 2007; the lines
    sigma/mu* = 0.1, 0.5 and 1 separate linear, monotonic and nonlinear or interacting
    effects, after Garcia Sanchez et al. 2014).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    frames = result.indices
    n = max(len(frames), 1)
    d = max((len(f) for f in frames.values()), default=1)
    method = result.method
    morris = method == "morris"
    height = 0.8 + n * max(0.9 + 0.42 * d, 3.6 if morris else 0)
    fig = Figure(figsize=(13.5 if morris else 8.5, height), layout="constrained")
    grid = fig.subplots(n, 2 if morris else 1, squeeze=False)
    axes = grid[:, 0]
    level = F.number(100 * result.info.get("conf_level", 0.95), lang, 1, trim=True)
    fmt = F.axis_formatter(lang)
    for k, (name, frame) in enumerate(frames.items()):
        ax = axes[k]
        frame = frame.iloc[::-1]  # largest at the top
        pos = np.arange(len(frame))
        labels = [models.PARAMETERS[p].label(lang) for p in frame.index]
        h = 0.38
        if method == "sobol":
            ax.barh(
                pos + h / 2,
                frame["S1"],
                h,
                xerr=frame["S1_conf"],
                label=_t("S1", lang),
                color="#4c78a8",
                capsize=2,
            )
            ax.barh(
                pos - h / 2,
                frame["ST"],
                h,
                xerr=frame["ST_conf"],
                label=_t("ST", lang),
                color="#f58518",
                capsize=2,
            )
            ax.set_xlabel(_t("axis_sobol", lang))
            ax.set_xlim(left=min(0.0, float(np.nanmin(frame[["S1", "ST"]].to_numpy())) - 0.05))
        else:
            ax.barh(
                pos + h / 2,
                frame["mu_star"],
                h,
                xerr=frame["mu_star_conf"],
                label=_t("mu_star", lang),
                color="#4c78a8",
                capsize=2,
            )
            ax.barh(pos - h / 2, frame["sigma"], h, label=_t("sigma", lang), color="#f58518")
            ax.set_xlabel(_t("axis_morris", lang))
            _mu_sigma(grid[k, 1], frames[name], name, lang)
        ax.xaxis.set_major_formatter(fmt)
        ax.set_yticks(pos, labels)
        ax.set_title(output_label(name, lang), loc="left", fontsize=11)
        ax.axvline(0, color="0.3", lw=0.8)
        ax.grid(axis="x", alpha=0.3)
        handles, texts = ax.get_legend_handles_labels()
        ax.legend(
            handles,
            texts,
            loc="lower right",
            fontsize=8,
            title_fontsize=8,
            title=_t("whiskers", lang, ci=_t("ci", lang, level=level)),
        )
    for ax in grid[len(frames) :].ravel():
        ax.set_axis_off()
    info = result.info
    runs = _t("runs", lang, runs=F.count(info["runs"], lang), months=info["months"])
    fig.suptitle(f"{_t('title_' + method, lang)} ({runs})", fontsize=12)
    return fig


def _mu_sigma(ax, frame: pd.DataFrame, name: str, lang: str) -> None:
    """The mu*-sigma plane of one output: one point per parameter, with reference lines."""
    mu, sigma = frame["mu_star"].to_numpy(float), frame["sigma"].to_numpy(float)
    top = float(np.nanmax(np.r_[mu, sigma, 1e-12])) * 1.15
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    x = np.array([0.0, top])
    for ratio, style in ((0.1, ":"), (0.5, "--"), (1.0, "-")):
        ax.plot(x, ratio * x, style, color="0.55", lw=0.8)
        end = min(top, top / ratio)
        ax.annotate(
            _t("ratio", lang, ratio=F.number(ratio, lang, 1, trim=True)),
            (end * 0.97, ratio * end * 0.97),
            fontsize=7,
            color="0.4",
            ha="right",
            va="top",
        )
    ax.scatter(mu, sigma, color="#4c78a8", zorder=3)
    order = np.argsort(-mu)
    for rank, idx in enumerate(order[:8]):  # the eight most important carry their name
        label = models.PARAMETERS[frame.index[idx]].label(lang)
        ax.annotate(
            label if len(label) <= 28 else label[:27] + "…",
            (mu[idx], sigma[idx]),
            xytext=(4, 4 if rank % 2 == 0 else -9),
            textcoords="offset points",
            fontsize=7,
        )
    ax.xaxis.set_major_formatter(F.axis_formatter(lang))
    ax.yaxis.set_major_formatter(F.axis_formatter(lang))
    ax.set_xlabel(_t("mu_star", lang))
    ax.set_ylabel(_t("sigma", lang))
    ax.set_title(_t("scatter_title", lang, name=output_label(name, lang)), loc="left", fontsize=10)
    ax.text(
        0.02,
        0.98,
        _t("scatter_help", lang),
        transform=ax.transAxes,
        fontsize=7,
        va="top",
        color="0.35",
    )
    ax.grid(alpha=0.3)


def write_report(
    result: SensitivityResult, path: str | Path, lang: str = "de", figure: str | Path | None = None
) -> dict:
    """Write ``sensitivity/indices.json`` and the bar chart (PNG); return the JSON data."""
    store = SweepDir(path)
    folder = store.path / "sensitivity"
    folder.mkdir(exist_ok=True)
    figure = Path(figure) if figure else folder / f"{result.method}_{lang}.png"
    data = result.to_dict()
    if result.indices:
        fig = plot_sensitivity(result, lang)
        tmp = figure.with_name(f".{figure.name}.tmp.png")
        try:
            fig.savefig(tmp, dpi=150)
            tmp.replace(figure)
        finally:
            tmp.unlink(missing_ok=True)
        data["figure"] = str(figure)
    else:
        data["figure"] = None
    text = json.dumps(data, indent=2, ensure_ascii=False)
    atomic_write_bytes(folder / "indices.json", (text + "\n").encode("utf-8"))
    return data
