"""Rejection ABC and ABC-SMC maths (numpy only): proposals, acceptance, weights.

Each generation evaluates a fixed number of proposals and keeps the ``population`` with
the smallest distance (ties by proposal index), so eps_t is the population/proposals
quantile of the generation's distances and the number of runs is known in advance.
Generation 0 samples the uniform prior (rejection ABC); later generations resample the
previous population by weight and perturb with a Gaussian of twice its weighted
covariance, redrawing proposals outside the prior support before anything is simulated;
weights w_i ∝ prior(θ_i) / Σ_j w_j K(θ_i | θ_j) (Beaumont et al. 2009, Biometrika 96:983).
"""

from __future__ import annotations

import numpy as np


def propose(generation: int, seed: int, low, high, count: int, previous=None) -> np.ndarray:
    """``count`` proposals of ``generation`` (deterministic in seed and previous population)."""
    rng = np.random.default_rng([int(seed), 7919, int(generation)])
    low, high = np.asarray(low, float), np.asarray(high, float)
    if previous is None:
        return low + (high - low) * rng.random((count, len(low)))
    theta, weights = previous
    cov = kernel_cov(theta, weights)
    chol = np.linalg.cholesky(cov)
    out = np.empty((count, len(low)))
    filled = 0
    while filled < count:
        pick = rng.choice(len(theta), size=count, p=weights)
        cand = theta[pick] + rng.standard_normal((count, len(low))) @ chol.T
        ok = np.all((cand >= low) & (cand <= high), axis=1)
        take = cand[ok][: count - filled]
        out[filled : filled + len(take)] = take
        filled += len(take)
    return out


def kernel_cov(theta: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Twice the weighted covariance (with a small ridge so it is always positive definite)."""
    cov = np.atleast_2d(np.cov(theta, rowvar=False, aweights=weights))
    scale = np.maximum(np.diag(cov), 1e-12)
    return 2.0 * cov + 1e-9 * np.diag(scale)


def accept(distance: np.ndarray, population: int) -> np.ndarray:
    """Indices of the ``population`` smallest distances (stable: ties in proposal order)."""
    return np.argsort(distance, kind="stable")[:population]


def smc_weights(theta, previous) -> np.ndarray:
    """Beaumont 2009 importance weights of ``theta`` (uniform prior), normalised."""
    if previous is None:
        return np.full(len(theta), 1.0 / len(theta))
    prev_theta, prev_w = previous
    cov = kernel_cov(prev_theta, prev_w)
    inv = np.linalg.inv(cov)
    diff = theta[:, None, :] - prev_theta[None, :, :]
    q = np.einsum("ijk,kl,ijl->ij", diff, inv, diff)
    kernel = np.exp(-0.5 * q)  # the normalising constant cancels
    w = 1.0 / (kernel @ prev_w)
    return w / w.sum()


def ess(weights: np.ndarray) -> float:
    """Effective sample size (Σw)² / Σw²."""
    return float(weights.sum() ** 2 / (weights**2).sum())


def weighted_quantile(x: np.ndarray, w: np.ndarray, q) -> np.ndarray:
    order = np.argsort(x, kind="stable")
    cw = np.cumsum(w[order])
    cw = (cw - 0.5 * w[order]) / cw[-1]
    return np.interp(q, cw, x[order])
