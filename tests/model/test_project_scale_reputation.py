"""SF4: a success spreads reputation to the partners' other pairs, once per success.

Both batches share the seeds; without turnover the month of the first success is the
only place where the arms differ, so the spillover can be checked to the last bit of
its formula (docs/ODD.md 7.5).
"""

import numpy as np
import pytest

from models import Batch, Intervention

SEEDS = list(range(100, 116))
LEVERS = [Intervention("cooperation_brokering", 0, 48)]
STILL = {"turnover_rate": 0.0}  # no turnover: trust changes only through projects


def _first_success(**params):
    """States of the spillover run and the run without it in the first month with a
    success, and the state of the month before (identical in both runs)."""
    spread = Batch(SEEDS, LEVERS, params={**STILL, **params})
    alone = Batch(SEEDS, LEVERS, params={**STILL, **params, "reputation_spillover": 0.0})
    for _ in range(48):
        before = spread.state
        a, b = spread.advance(), alone.advance()
        if a.succeeded.any():
            return before, a, b, spread
        np.testing.assert_array_equal(a.trust, b.trust)  # no success, no difference
    pytest.fail("no success in 48 months")


def _expected(before, a, b, batch):
    """Trust of the run with spillover from the run without it (formula of 7.5)."""
    st = batch.structure
    p = batch.frame.p
    expected = b.trust.copy()
    for r in range(len(SEEDS)):
        wins = np.zeros(st.n)
        np.add.at(wins, st.pair_i[a.succeeded[r]], 1)
        np.add.at(wins, st.pair_j[a.succeeded[r]], 1)
        seen = wins[st.pair_i] + wins[st.pair_j] - 2 * a.succeeded[r]
        step = p.reputation_spillover[r] * p.success_gain[r]
        step = step / (1 + p.regain_damping[r] * a.wariness[r])
        expected[r] = 1 - (1 - b.trust[r]) * (1 - step) ** seen
    return expected, seen


def test_a_success_raises_trust_in_the_partners_other_pairs():
    before, a, b, batch = _first_success()
    expected, _ = _expected(before, a, b, batch)
    np.testing.assert_allclose(a.trust, expected, rtol=0, atol=1e-12)
    st = batch.structure
    for r in np.nonzero(a.succeeded.any(axis=1))[0]:
        partners = np.union1d(st.pair_i[a.succeeded[r]], st.pair_j[a.succeeded[r]])
        touched = np.isin(st.pair_i, partners) | np.isin(st.pair_j, partners)
        others = touched & ~a.succeeded[r]
        assert others.any() and np.all(a.trust[r, others] > b.trust[r, others])
        np.testing.assert_array_equal(a.trust[r, ~touched], b.trust[r, ~touched])
    assert batch.frame.p.reputation_spillover[0] > 0  # on by default


@pytest.mark.parametrize("per_size", [0, 1])
def test_a_flagship_success_spreads_one_success_of_reputation(per_size):
    """Whatever the size, the spillover is a share of the pair's own gain: one turn of the
    loop (trust_per_size 0), k small successes with the SF4 knockout (1)."""
    params = {"project_scale": 3.0, "trust_per_size": per_size, "scale_difficulty": 0.0}
    before, a, b, batch = _first_success(**params)
    expected, _ = _expected(before, a, b, batch)
    np.testing.assert_allclose(a.trust, expected, rtol=0, atol=1e-12)
    g = batch.frame.p.trust_gain
    np.testing.assert_allclose(batch.frame.p.success_gain, g if per_size == 0 else 1 - (1 - g) ** 3)


def test_no_spillover_leaves_the_model_as_before():
    """reputation_spillover 0: the other pairs keep their trust after a success."""
    params = {**STILL, "trust_floor": 0.0, "reputation_spillover": 0.0}  # floor: no rise either
    spread = Batch(SEEDS, LEVERS, params=params)
    st = spread.structure
    for _ in range(48):
        before = spread.state.trust.copy()
        s = spread.advance()
        for r in np.nonzero(s.succeeded.any(axis=1))[0]:
            busy = s.succeeded[r] | s.failed[r] | s.defected[r]
            partners = np.union1d(st.pair_i[s.succeeded[r]], st.pair_j[s.succeeded[r]])
            others = (np.isin(st.pair_i, partners) | np.isin(st.pair_j, partners)) & ~busy
            np.testing.assert_array_equal(s.trust[r, others], before[r, others])
