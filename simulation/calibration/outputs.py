"""Outputs of a calibration: posterior Parquet, identifiability, plots, profile, manifest."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

import models

from .abc import weighted_quantile
from .engine import _write_json
from .patterns import LABELS

IDENTIFIED = 0.5  # posterior 90 % width below this share of the prior width: identified
TEXTS = {
    "density": ("Dichte", "Density"),
    "prior": ("Prior", "Prior"),
    "posterior": ("Posterior", "Posterior"),
    "title_marginals": (
        "Posterior der kalibrierten Parameter",
        "Posterior of the calibrated parameters",
    ),
    "title_pairs": ("Paarweise Posterior", "Pairwise posterior"),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
}


def _t(key, lang):
    de, en = TEXTS[key]
    return de if lang == "de" else en


def summary_rows(spec, result) -> list[dict]:
    rows = []
    for j, name in enumerate(result.names):
        x, w = result.theta[:, j], result.weights
        lo, hi = spec.priors[name]
        q05, q50, q95 = weighted_quantile(x, w, [0.05, 0.5, 0.95])
        mean = float(np.sum(w * x))
        sd = float(np.sqrt(np.sum(w * (x - mean) ** 2)))
        ratio = float((q95 - q05) / (0.9 * (hi - lo)))
        rows.append(
            {
                "parameter": name,
                "prior_low": lo,
                "prior_high": hi,
                "mean": mean,
                "sd": sd,
                "q05": float(q05),
                "median": float(q50),
                "q95": float(q95),
                "width_ratio": ratio,
                "identified": bool(ratio < IDENTIFIED),
            }
        )
    return rows


def write_outputs(spec, result, executor_label: str, lang: str) -> None:
    out = result.out
    cols = {n: pa.array(result.theta[:, j]) for j, n in enumerate(result.names)}
    cols["weight"] = pa.array(result.weights)
    cols["distance"] = pa.array(result.distance)
    pq.write_table(pa.table(cols), out / "posterior.parquet")
    rows = summary_rows(spec, result)
    import pandas as pd

    pd.DataFrame(rows).to_csv(out / "identifiability.csv", index=False)
    _plots(spec, result, rows, out, lang)
    _profile(spec, result, rows, out / "profile.toml")
    from simulation.sweeps.manifest import versions

    manifest = {
        "status": "complete",
        "spec": spec.source,
        "method": spec.method,
        "fitted": list(spec.fitted),
        "holdout": list(spec.holdout),
        "population": spec.population,
        "proposals": spec.proposals,
        "seeds_per_particle": spec.seeds,
        "generations": result.generations,
        "runs_this_session": result.runs,
        "seconds_this_session": round(result.seconds, 3),
        "executor": executor_label,
        "posterior": rows,
        "holdout_check": result.holdout,
        "versions": versions(),
    }
    _write_json(out / "manifest.json", manifest)


def profile_point(spec, result, rows) -> np.ndarray:
    """The profile's parameter vector: a posterior particle, not a vector of marginal medians.

    Marginal medians can fall off a ridge of the posterior (two parameters trading off),
    so the profile takes the particle nearest the weighted medians (distance in prior
    widths) among the particles whose distance is at most the population's weighted
    median distance (all within tolerance when any is).
    """
    theta, w, dist = result.theta, result.weights, result.distance
    cut = min(float(weighted_quantile(dist, w, 0.5)), 1.0)
    candidates = np.flatnonzero(dist <= max(cut, float(dist.min())))
    centre = np.array([r["median"] for r in rows])
    width = np.array([r["prior_high"] - r["prior_low"] for r in rows])
    gap = (((theta[candidates] - centre) / width) ** 2).sum(axis=1)
    return theta[candidates[int(np.argmin(gap))]]


def _profile(spec, result, rows, path: Path) -> None:
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    point = profile_point(spec, result, rows)
    eps = [round(g["epsilon"], 6) for g in result.generations]
    lines = [
        "# Calibrated parameter profile (dkbm calibrate): the posterior particle nearest the",
        "# weighted posterior medians (docs/calibration.md); [posterior] summarises the sample.",
        "# Only identified parameters are set; the others keep their declared defaults.",
        "[calibration]",
        f'date = "{date}"',
        f'spec = "{Path(spec.source).name}"',
        f"patterns = {list(spec.fitted)!r}".replace("'", '"'),
        f"holdout = {list(spec.holdout)!r}".replace("'", '"'),
        f"epsilon = {eps!r}",
        f"population = {len(result.theta)}",
        "",
        "[parameters]",
    ]
    identified = [(r, v) for r, v in zip(rows, point, strict=True) if r["identified"]]
    for r, value in identified:
        lines.append(f"{r['parameter']} = {round(float(value), 6)!r}")
    lines += ["", "[priors]"]
    for r, _ in identified:
        lines.append(f"{r['parameter']} = [{r['prior_low']!r}, {r['prior_high']!r}]")
    for r in rows:
        lines += ["", f"[posterior.{r['parameter']}]"]
        for key in ("median", "q05", "q95", "width_ratio"):
            lines.append(f"{key} = {round(r[key], 6)!r}")
        lines.append(f"identified = {str(r['identified']).lower()}")
    for p, h in result.holdout.items():
        lines += ["", f"[holdout.{p}]"]
        lines += [f"{k} = {round(float(v), 6)!r}" for k, v in h.items()]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _plots(spec, result, rows, out: Path, lang: str) -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = result.names
    p = len(names)
    cols = min(3, p)
    nrows = -(-p // cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(4 * cols, 3 * nrows), squeeze=False)
    for j, name in enumerate(names):
        ax = axes[j // cols][j % cols]
        lo, hi = spec.priors[name]
        ax.hist(
            result.theta[:, j],
            bins=20,
            range=(lo, hi),
            weights=result.weights,
            density=True,
            color="#1f77b4",
            alpha=0.8,
            label=_t("posterior", lang),
        )
        ax.axhline(1.0 / (hi - lo), color="grey", ls="--", label=_t("prior", lang))
        ax.set_title(models.PARAMETERS[name].label(lang), fontsize=9)
        ax.set_xlabel(name, fontsize=8)
        ax.set_ylabel(_t("density", lang), fontsize=8)
    for j in range(p, nrows * cols):
        axes[j // cols][j % cols].axis("off")
    axes[0][0].legend(fontsize=7)
    fig.suptitle(_t("title_marginals", lang))
    fig.tight_layout()
    fig.savefig(out / "marginals.png", dpi=110)
    plt.close(fig)
    fig, axes = plt.subplots(p, p, figsize=(2.2 * p + 1, 2.2 * p + 1), squeeze=False)
    for i in range(p):
        for j in range(p):
            ax = axes[i][j]
            if i == j:
                ax.hist(result.theta[:, j], bins=15, weights=result.weights, color="#1f77b4")
            else:
                ax.scatter(result.theta[:, j], result.theta[:, i], s=4, alpha=0.5)
                ax.set_xlim(*spec.priors[names[j]])
                ax.set_ylim(*spec.priors[names[i]])
            if i == p - 1:
                ax.set_xlabel(models.PARAMETERS[names[j]].label(lang), fontsize=7)
            if j == 0:
                ax.set_ylabel(models.PARAMETERS[names[i]].label(lang), fontsize=7)
            ax.tick_params(labelsize=6)
    fig.suptitle(_t("title_pairs", lang))
    fig.tight_layout()
    fig.savefig(out / "pairs.png", dpi=100)
    plt.close(fig)


def summary_text(spec, result, lang: str = "de") -> str:
    from simulation import formatting as F

    de = lang == "de"
    head = (
        "Parameter  Prior  Median [90 %]  Breite/Prior  identifiziert"
        if de
        else ("parameter  prior  median [90 %]  width/prior  identified")
    )
    lines = [head]
    for r in summary_rows(spec, result):
        num = lambda x: F.number(x, lang, 3, trim=True)  # noqa: E731
        lines.append(
            f"{r['parameter']:<24} [{num(r['prior_low'])}; {num(r['prior_high'])}]  "
            f"{num(r['median'])} [{num(r['q05'])}; {num(r['q95'])}]  "
            f"{num(r['width_ratio'])}  {_t('yes' if r['identified'] else 'no', lang)}"
        )
    for p, h in result.holdout.items():
        label = LABELS[p][0 if de else 1]
        post = F.percent(h["posterior_share_within"], lang)
        prior = F.percent(h["prior_share_within"], lang)
        word = "zurückgehalten" if de else "held out"
        lines.append(f"{word}: {label}: posterior {post}, prior {prior}")
    return "\n".join(lines)
