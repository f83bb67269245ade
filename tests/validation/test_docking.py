"""Docking of models.docking.macy_flache against Macy & Flache (2002) and Izquierdo et al.

Published results and derived expectations are listed with their sources in
models/docking/published.py and ODD §12. Fixed seeds; each margin is wide enough for
sampling noise and narrow enough that an unnormalised stimulus, a rule that updates the
wrong action, or habituation switched off would miss it.
"""

import numpy as np
import pytest

from models.docking import kernel_pair, lock_in, macy_flache
from models.docking.published import RESULTS, SCE, evaluate
from models.errors import InputError

BY_ID = {e["id"]: e for e in RESULTS}


def test_contract_shapes_start_and_seed_independence():
    out = macy_flache([5, 7, 9], 20, p0=0.3)
    assert out["p_cooperate"].shape == (3, 21, 2)
    assert out["actions"].shape == (3, 20, 2)
    assert out["actions"].dtype == np.bool_
    assert np.all(out["p_cooperate"][:, 0, :] == 0.3)
    alone = macy_flache([7], 20, p0=0.3)
    np.testing.assert_array_equal(alone["p_cooperate"][0], out["p_cooperate"][1])
    np.testing.assert_array_equal(alone["actions"][0], out["actions"][1])
    # rows of a large batch (several chunks) equal lone runs
    big = macy_flache(range(600), 5)
    np.testing.assert_array_equal(macy_flache([555], 5)["p_cooperate"][0], big["p_cooperate"][555])


def test_zero_rounds_returns_the_start():
    out = macy_flache([1, 2], 0, p0=0.8)
    assert out["p_cooperate"].shape == (2, 1, 2)
    assert out["actions"].shape == (2, 0, 2)


def test_one_round_by_hand():
    # both cooperate at p0 = 1: reward 3, A = 2, s = 0.5, l = 0.5 -> p stays 1;
    # with p0 = 0 both defect: punishment 1, s = -0.5 -> p_D = 1 - 0.25, p_C = 0.25
    np.testing.assert_array_equal(macy_flache([0], 1, p0=1.0)["p_cooperate"][0, 1], [1.0, 1.0])
    np.testing.assert_array_equal(macy_flache([0], 1, p0=0.0)["p_cooperate"][0, 1], [0.25, 0.25])


def test_full_trembling_flips_every_action():
    out = macy_flache([3], 10, p0=1.0, learning_rate=1e-9, trembling=1.0)
    assert not out["actions"].any()
    # trembling 0 consumes the same draws: the run equals the default
    np.testing.assert_array_equal(
        macy_flache([3], 50, trembling=0.0)["p_cooperate"], macy_flache([3], 50)["p_cooperate"]
    )


@pytest.mark.parametrize(
    ("kwargs", "name", "allowed"),
    [
        ({"payoffs": (4, 3, 1)}, "payoffs", "four finite numbers"),
        ({"payoffs": (4, 3, 1, "x")}, "payoffs", "four finite numbers"),
        ({"payoffs": 4}, "payoffs", "four finite numbers"),
        ({"learning_rate": 0.0}, "learning_rate", "(0, 1]"),
        ({"learning_rate": 1.5}, "learning_rate", "(0, 1]"),
        ({"p0": -0.1}, "p0", "[0, 1]"),
        ({"habituation": 2}, "habituation", "[0, 1]"),
        ({"trembling": float("nan")}, "trembling", "[0, 1]"),
        ({"aspiration": float("inf")}, "aspiration", "number"),
        ({"rounds": -1}, "rounds", ">= 0"),
        ({"rounds": 2.5}, "rounds", ">= 0"),
    ],
)
def test_bad_arguments_name_the_argument_and_range(kwargs, name, allowed):
    kwargs = {"rounds": 10, **kwargs}
    rounds = kwargs.pop("rounds")
    with pytest.raises(InputError) as err:
        macy_flache([0], rounds, **kwargs)
    assert f"'{name}'" in str(err.value) and allowed in str(err.value)
    assert err.value.key == name


def test_bad_seed_is_rejected():
    with pytest.raises(InputError, match="seeds"):
        macy_flache([-1], 10)


def test_self_correcting_equilibrium_with_slow_learning():
    p = macy_flache(range(200), 500, aspiration=2.0, learning_rate=1 / 16)["p_cooperate"]
    middle = p[:, 100:501]
    assert abs(middle.mean() - SCE) < 0.01
    # runs linger: most states within 0.1 of the SCE, none locked in yet
    assert (np.abs(middle - SCE) < 0.1).mean() > 0.8
    assert not lock_in(p)["cooperation"].any() and not lock_in(p)["defection"].any()
    # the interval of our estimate lies within 0.01 of the published value
    _, low, high = evaluate(BY_ID["sce"])
    assert low - 0.01 < SCE < high + 0.01


def test_fast_learning_leaves_the_sce_for_mutual_cooperation():
    p = macy_flache(range(200), 1000, aspiration=2.0, learning_rate=0.5)["p_cooperate"]
    assert lock_in(p)["cooperation"].mean() > 0.98


def test_aspiration_below_punishment_splits_the_lock_in():
    ours_c, _, _ = evaluate(BY_ID["window_low_cooperation"])
    ours_d, _, _ = evaluate(BY_ID["window_low_defection"])
    assert 0.07 < ours_c < 0.14  # published: about 10 %
    assert 0.86 < ours_d < 0.93  # published: about 90 %
    assert ours_c + ours_d > 0.999  # every run has locked in by round 1000


def test_aspiration_inside_the_window_locks_into_cooperation():
    ours, low, _ = evaluate(BY_ID["window_inside"])
    assert ours > 0.99 and low < 0.998 + 0.003  # published: about 99.8 %


@pytest.mark.parametrize("aspiration", [3.0, 3.5, 4.5])
def test_no_cooperative_lock_in_at_or_above_the_reward(aspiration):
    # derived: for A >= R mutual cooperation gives s <= 0 and lowers both propensities
    out = macy_flache(range(1000), 1000, aspiration=aspiration)
    p, actions = out["p_cooperate"], out["actions"]
    assert not lock_in(p)["cooperation"].any()
    both = actions.all(axis=2)
    assert np.all(p[:, 1:][both] <= p[:, :-1][both])
    assert both.any()  # mutual cooperation does occur, it just never reinforces itself


@pytest.mark.parametrize("aspiration", [1.5, 2.5])
def test_no_defective_lock_in_above_the_punishment(aspiration):
    p = macy_flache(range(1000), 1000, aspiration=aspiration)["p_cooperate"]
    assert not lock_in(p)["defection"].any()


def test_habituation_destabilises_cooperation_and_stabilises_defection():
    def shares(h):
        a = macy_flache(range(1000), 1000, aspiration=2.0, habituation=h)["actions"][:, -200:]
        return a.all(axis=2).mean(), (~a).all(axis=2).mean()

    cc0, dd0 = shares(0.0)
    cc1, dd1 = shares(0.05)
    cc2, dd2 = shares(0.2)
    assert cc0 > 0.95 and dd0 < 0.01
    assert cc1 < 0.8 * cc0 and cc2 < 0.5 * cc1
    assert dd1 > 10 * max(dd0, 0.005) and dd2 > dd1


KERNEL_RUNS = 2000


@pytest.mark.parametrize("aspiration", [2.0, 0.5])
def test_kernel_in_its_docking_configuration_matches_macy_flache(aspiration):
    # ODD 12.1: the compiled kernel with two departments, gate and levers off, plays the
    # same game; its lock-in shares after 1,000 months equal the published model's within
    # 3 standard errors of the difference (independent seed sets)
    kernel = kernel_pair(range(KERNEL_RUNS), 1000, aspiration=aspiration)["p_cooperate"]
    assert kernel.shape == (KERNEL_RUNS, 2)
    ours = lock_in(kernel[:, None, :])
    ref = lock_in(
        macy_flache(range(50_000, 50_000 + KERNEL_RUNS), 1000, aspiration=aspiration)["p_cooperate"]
    )
    for outcome in ("cooperation", "defection"):
        a, b = ours[outcome].mean(), ref[outcome].mean()
        se = np.sqrt((a * (1 - a) + b * (1 - b)) / KERNEL_RUNS)
        assert abs(a - b) <= 3 * max(se, 1 / KERNEL_RUNS), (outcome, a, b, se)
    # and the window's signature itself: inside it cooperation, below it both lock-ins
    if aspiration == 2.0:
        assert ours["cooperation"].mean() > 0.99
    else:
        assert 0.07 < ours["cooperation"].mean() < 0.14
        assert (ours["cooperation"] | ours["defection"]).mean() > 0.999
