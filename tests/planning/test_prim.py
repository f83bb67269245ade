"""PRIM against known answers: a planted box it must recover (clean and with label
noise, as in docs/research: Friedman & Fisher's setting), and a second box in other
dimensions with a discrete input."""

import itertools

import numpy as np
import pytest

from simulation.planning.prim import prim


def planted(seed=0, n=2000, noise=0.0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(size=(n, 5))
    y = (x[:, 0] >= 0.6) & (x[:, 1] <= 0.3)
    if noise:
        y = y ^ (rng.uniform(size=n) < noise)
    return x, y


def test_planted_box_noise_free():
    x, y = planted()
    traj = prim(x, y)
    box = traj.boxes[traj.choose(0.9)]
    assert set(box.restricted) == {0, 1}
    assert box.limits[0, 0] == pytest.approx(0.6, abs=0.03)
    assert box.limits[1, 1] == pytest.approx(0.3, abs=0.03)
    assert box.coverage >= 0.9 and box.density >= 0.9
    assert max(box.quasi_p.values()) < 1e-10


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_box_with_label_noise(seed):
    x, y = planted(seed, noise=0.05)
    traj = prim(x, y)
    box = traj.boxes[traj.choose(0.88)]
    assert set(box.restricted) == {0, 1}
    assert box.limits[0, 0] == pytest.approx(0.6, abs=0.03)
    assert box.limits[1, 1] == pytest.approx(0.3, abs=0.03)
    assert box.coverage >= 0.65 and box.density >= 0.88
    assert max(box.quasi_p.values()) < 1e-10


def test_trajectory_trades_coverage_for_density():
    x, y = planted(3, noise=0.05)
    traj = prim(x, y, paste=False)
    cov = [b.coverage for b in traj.boxes]
    mass = [b.mass for b in traj.boxes]
    assert traj.boxes[0].coverage == 1.0 and traj.boxes[0].mass == 1.0
    assert all(a >= b for a, b in itertools.pairwise(cov))
    assert all(a > b for a, b in itertools.pairwise(mass))
    assert traj.boxes[-1].mass >= 0.05
    assert traj.boxes[-1].density > 0.8 > traj.boxes[0].density


def test_second_box_two_sided_and_discrete():
    """Interest where 0.2 <= x2 <= 0.7 and the integer x3 >= 3 (of 0..5), x0, x1 noise."""
    rng = np.random.default_rng(7)
    n = 3000
    x = np.column_stack(
        [rng.uniform(size=n), rng.uniform(size=n), rng.uniform(size=n), rng.integers(0, 6, n)]
    )
    y = (x[:, 2] >= 0.2) & (x[:, 2] <= 0.7) & (x[:, 3] >= 3)
    traj = prim(x, y, names=["a", "b", "c", "k"])
    box = traj.boxes[traj.choose(0.9)]
    assert set(box.restricted) == {2, 3}
    assert box.limits[2, 0] == pytest.approx(0.2, abs=0.03)
    assert box.limits[2, 1] == pytest.approx(0.7, abs=0.03)
    assert box.limits[3, 0] == 3
    assert box.coverage >= 0.85 and box.density >= 0.9
