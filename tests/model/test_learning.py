"""Properties of the Bush–Mosteller learner (models/learning.py)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.learning import act, habituate, learn, payoff, reinforce, stimulus

unit = st.floats(0.0, 1.0, allow_nan=False)
rate = st.floats(0.0, 1.0, allow_nan=False, exclude_min=True)
money = st.floats(-1e6, 1e6, allow_nan=False)
signed = st.floats(-1.0, 1.0, allow_nan=False)


@given(money, money, money, money, money, st.integers(0, 3))
def test_stimulus_lies_in_unit_interval(aspiration, t, r, p, s, which):
    received = (t, r, p, s)[which]
    value = stimulus(received, aspiration, t, r, p, s)
    assert -1.0 <= value <= 1.0
    # the sign says whether the payoff beat the aspiration
    assert np.sign(value) == np.sign(received - aspiration) or value == 0.0


def test_stimulus_is_one_at_the_farthest_payoff():
    # [4, 3, 1, 0 | 2]: largest distance 2, so T -> 1, R -> 0.5, P -> -0.5, S -> -1
    got = stimulus(np.array([4.0, 3.0, 1.0, 0.0]), 2.0, 4.0, 3.0, 1.0, 0.0)
    np.testing.assert_array_equal(got, [1.0, 0.5, -0.5, -1.0])


def test_stimulus_is_zero_when_every_payoff_is_the_aspiration():
    assert stimulus(2.0, 2.0, 2.0, 2.0, 2.0, 2.0) == 0.0


@given(unit, signed, rate)
def test_reinforce_keeps_probability_in_unit_interval_and_moves_with_the_stimulus(p, s, lr):
    q = reinforce(p, s, lr)
    assert 0.0 <= q <= 1.0
    if s > 0:
        assert q >= p
    elif s < 0:
        assert q <= p


@given(unit, st.booleans(), signed, rate)
def test_learn_updates_the_action_taken_and_stays_in_range(p, cooperated, s, lr):
    q = learn(p, cooperated, s, lr)
    assert 0.0 <= q <= 1.0
    taken_before = p if cooperated else 1.0 - p
    taken_after = q if cooperated else 1.0 - q
    assert taken_after == pytest.approx(reinforce(taken_before, s, lr), abs=1e-15)


def test_learn_matches_macy_flache_eq_2_by_hand():
    # cooperate at p = 0.5 with s = 0.5, l = 0.5: 0.5 + 0.5 * 0.5 * 0.5
    assert learn(0.5, True, 0.5, 0.5) == 0.625
    # defect at p_C = 0.5 with s = -1, l = 0.5: p_D = 0.5 - 0.5 * 0.5 = 0.25
    assert learn(0.5, False, -1.0, 0.5) == 0.75


@given(money, money)
def test_no_habituation_leaves_the_aspiration_unchanged(aspiration, received):
    assert habituate(aspiration, received, 0.0) == aspiration


@given(money, money, unit)
def test_habituation_moves_the_aspiration_towards_the_payoff(aspiration, received, h):
    new = habituate(aspiration, received, h)
    assert min(aspiration, received) - 1e-9 <= new <= max(aspiration, received) + 1e-9


def test_payoff_is_the_2x2_game():
    own = np.array([True, True, False, False])
    other = np.array([True, False, True, False])
    np.testing.assert_array_equal(payoff(own, other, 4.0, 3.0, 1.0, 0.0), [3.0, 0.0, 4.0, 1.0])


def test_act_chooses_and_trembles():
    u = np.array([0.1, 0.9])
    np.testing.assert_array_equal(act(0.5, u, 0.99, 0.0), [True, False])
    np.testing.assert_array_equal(act(0.5, u, 0.0, 0.5), [False, True])
    np.testing.assert_array_equal(act(0.5, u, 0.3, 0.3), [True, False])  # u_tremble < ε is strict
