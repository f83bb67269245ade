"""Run a calibration over any ``concurrent.futures`` executor; Parquet per chunk; resume.

Layout of ``--out DIR``::

    manifest.json           spec, versions, generations (eps, ESS), status
    spec.toml               the spec as given
    generations/g{t:02d}/part-{k:05d}.parquet   θ, seed, d_k, distance of chunk k
    posterior.parquet       final population with weights
    identifiability.csv, marginals.png, pairs.png, profile.toml, holdout.json
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from simulation.errors import LocatedInputError

from . import abc
from .patterns import Context, evaluate, situations
from .spec import CalibrationSpec, load_spec


@dataclass
class CalibrationResult:
    out: Path
    names: tuple[str, ...]
    theta: np.ndarray
    weights: np.ndarray
    distance: np.ndarray
    generations: list[dict]
    runs: int
    seconds: float
    holdout: dict


def build_context(spec: CalibrationSpec, which=None) -> Context:
    which = tuple(which or spec.patterns)
    sits = {}
    for p in which:
        try:
            sits[p] = situations(spec, p)
        except ImportError:
            raise LocatedInputError(
                spec.source,
                f"patterns.{p}: needs the county data (simulation.counties), which this "
                "installation lacks",
                key=f"patterns.{p}",
            ) from None
        except Exception as exc:  # a bad scenario or county name
            from models import InputError

            if isinstance(exc, InputError):
                raise LocatedInputError(
                    spec.source, f"patterns.{p}: {exc}", key=f"patterns.{p}"
                ) from None
            raise
    return Context(
        names=tuple(spec.priors),
        patterns={p: spec.patterns[p] for p in which},
        situations=sits,
        tolerance={p: spec.patterns[p]["tolerance"] for p in which},
        seed=spec.seed,
        seeds=spec.seeds,
    )


def runs_of(context: Context, which) -> int:
    return sum(sum(s.seeds for s in context.situations[p]) for p in which)


def run_calibration(
    spec: CalibrationSpec | str | Path,
    out: str | Path,
    *,
    executor: cf.Executor | None = None,
    resume: bool = False,
    progress: bool = True,
    executor_label: str = "serial",
    lang: str = "de",
    holdout_draws: int = 100,
) -> CalibrationResult:
    """Run (or resume) the calibration of ``spec`` into ``out`` and write every output."""
    from simulation.executors import SerialExecutor

    if not isinstance(spec, CalibrationSpec):
        spec = load_spec(spec)
    out = Path(out)
    context = build_context(spec)
    _prepare(spec, out, resume)
    executor = executor or SerialExecutor()
    fitted = spec.fitted
    low = np.array([spec.priors[n][0] for n in spec.priors])
    high = np.array([spec.priors[n][1] for n in spec.priors])
    per_particle = runs_of(context, fitted)
    total = spec.generations * spec.proposals * per_particle
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        unit="run",
        file=sys.stderr,
        disable=not progress,
        desc="calibrate",
        mininterval=0.5,
        dynamic_ncols=True,
    )
    start = time.perf_counter()
    ran = 0
    previous = None
    generations: list[dict] = []
    try:
        for g in range(spec.generations):
            theta = abc.propose(g, spec.seed, low, high, spec.proposals, previous)
            frame, new = _generation(spec, context, executor, out, g, theta, fitted, bar)
            ran += new * per_particle
            dist = np.max(np.stack([frame[p] / context.tolerance[p] for p in fitted]), axis=0)
            keep = abc.accept(dist, spec.population)
            kept = theta[keep]
            weights = abc.smc_weights(kept, previous)
            eps = float(dist[keep].max())
            generations.append(
                {
                    "generation": g,
                    "epsilon": eps,
                    "ess": abc.ess(weights),
                    "proposals": spec.proposals,
                    "within_tolerance": int((dist <= 1.0).sum()),
                }
            )
            previous = (kept, weights)
            last = (kept, weights, dist[keep])
            if eps <= 1.0 and spec.method == "smc" and g >= 1:
                break  # every kept particle meets every tolerance
    finally:
        bar.close()
    seconds = time.perf_counter() - start
    kept, weights, dist = last
    from .outputs import write_outputs

    holdout = {}
    if spec.holdout:
        holdout = holdout_check(spec, executor, kept, weights, low, high, holdout_draws)
    result = CalibrationResult(
        out, tuple(spec.priors), kept, weights, dist, generations, ran, seconds, holdout
    )
    write_outputs(spec, result, executor_label, lang)
    return result


def _prepare(spec: CalibrationSpec, out: Path, resume: bool) -> None:
    manifest = out / "manifest.json"
    if resume:
        if not manifest.exists():
            raise LocatedInputError(
                str(out), "--resume: no calibration in this directory", key="resume"
            )
        stored = (out / "spec.toml").read_text(encoding="utf-8")
        if stored != spec.text:
            raise LocatedInputError(
                str(out),
                "--resume: the spec differs from the one this calibration started with",
                key="resume",
            )
        return
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise LocatedInputError(
            str(out), "--out directory is not empty; add --resume to continue it", key="out"
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / "spec.toml").write_text(spec.text, encoding="utf-8")
    _write_json(manifest, {"status": "running", "spec": spec.source})


def _generation(spec, context, executor, out, g, theta, fitted, bar):
    """Evaluate every chunk of generation ``g`` not stored yet; return all d_k columns."""
    folder = out / "generations" / f"g{g:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    b = spec.batch_size
    chunks = range(-(-len(theta) // b))
    per = runs_of(context, fitted)
    todo = [k for k in chunks if not (folder / f"part-{k:05d}.parquet").exists()]
    bar.update(sum(min(b, len(theta) - k * b) for k in chunks if k not in todo) * per)
    window = 4 * max(1, _slots(executor))
    pending = iter(todo)
    inflight: dict[cf.Future, int] = {}
    new = 0
    try:
        while True:
            while len(inflight) < window:
                k = next(pending, None)
                if k is None:
                    break
                index = np.arange(k * b, min((k + 1) * b, len(theta)))
                fut = executor.submit(evaluate, context, g, index, theta[index], fitted)
                inflight[fut] = k
            if not inflight:
                break
            done, _ = cf.wait(list(inflight), return_when=cf.FIRST_COMPLETED)
            for fut in done:
                k = inflight.pop(fut)
                index = np.arange(k * b, min((k + 1) * b, len(theta)))
                _write_chunk(folder / f"part-{k:05d}.parquet", context, index, theta, fut.result())
                new += len(index)
                bar.update(len(index) * per)
    finally:
        for fut in inflight:
            fut.cancel()
    table = _read_generation(folder)
    return {p: table[p].to_numpy() for p in fitted}, new


def _slots(executor) -> int:
    from simulation.executors import executor_slots

    return executor_slots(executor)


def _write_chunk(path: Path, context, index, theta, result) -> None:
    cols = {"particle": pa.array(index, pa.int64()), "seed": pa.array(result["seed"], pa.int64())}
    for j, n in enumerate(context.names):
        cols[n] = pa.array(theta[index, j], pa.float64())
    for p, d in result.items():
        if p != "seed":
            cols[p] = pa.array(d, pa.float64())
    tmp = path.with_suffix(".tmp")
    pq.write_table(pa.table(cols), tmp)
    os.replace(tmp, path)


def _read_generation(folder: Path):
    import pandas as pd

    parts = sorted(folder.glob("part-*.parquet"))
    frame = pd.concat([pq.read_table(p).to_pandas() for p in parts], ignore_index=True)
    return frame.sort_values("particle", kind="stable").reset_index(drop=True)


def holdout_check(spec, executor, theta, weights, low, high, draws: int) -> dict:
    """Posterior- and prior-predictive share of particles meeting each held-out pattern."""
    context = build_context(spec, spec.holdout)
    rng = np.random.default_rng([spec.seed, 104729])
    post = theta[rng.choice(len(theta), size=draws, p=weights)]
    prior = low + (high - low) * rng.random((draws, len(low)))
    out = {}
    for label, sample, gen in (("posterior", post, 1001), ("prior", prior, 1002)):
        futures = [
            executor.submit(
                evaluate,
                context,
                gen,
                np.arange(i, min(i + 32, draws)),
                sample[i : i + 32],
                spec.holdout,
            )
            for i in range(0, draws, 32)
        ]
        results = [f.result() for f in futures]
        for p in spec.holdout:
            d = np.concatenate([r[p] for r in results])
            entry = out.setdefault(p, {"tolerance": spec.patterns[p]["tolerance"]})
            entry[f"{label}_share_within"] = float((d <= spec.patterns[p]["tolerance"]).mean())
            entry[f"{label}_mean_d"] = float(d.mean())
    return out


def _write_json(path: Path, data) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
