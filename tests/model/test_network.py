"""SF13 bonding: a pair's record of joint success and its interdependence let it start
projects without the Bildungsbüro (Berardo & Scholz 2010; Scholz, Berardo & Kile 2008)."""

import numpy as np

from models import Batch, Intervention, kernel

SEEDS = list(range(300, 330))
READY = {
    **{k: 0.8 for k in ("necessity_init", "motivation_init", "competence_init", "trust_init")},
    "funding_months": 120,
}
LEVERS = [Intervention("cooperation_brokering", 0, 48), Intervention("qualification", 0, 48)]


def test_the_record_of_joint_success_grows_with_successes_fades_and_breaks_with_betrayal():
    params = {**READY, "misperception": 0.0}  # no misread failures: only withdrawals cut it
    batch = Batch(SEEDS, LEVERS, params=params)
    loss = batch.frame.p.trust_loss[:, None]
    successes = withdrawals = 0
    for _ in range(48):
        before = batch.state
        s = batch.advance()
        faded = before.bond * (1.0 - 1.0 / kernel.BOND_LIFETIME)
        expected = np.where(s.succeeded, faded + kernel.BOND_PER_SUCCESS * (1.0 - faded), faded)
        expected = np.where(s.defected, expected * (1.0 - loss), expected)
        np.testing.assert_allclose(s.bond, expected, rtol=1e-12, atol=0)
        successes += int(s.succeeded.sum())
        withdrawals += int(s.defected.sum())
    assert successes > 20 and withdrawals > 5, (successes, withdrawals)
    assert batch.state.bond.max() > kernel.BOND_PER_SUCCESS  # repeated successes add up


def _first_month(bond: float, **extra) -> kernel.State:
    batch = Batch(SEEDS, LEVERS, params={**READY, **extra})
    batch.state = batch.state.replace(bond=np.full_like(batch.state.trust, bond))
    return batch.advance()


def test_a_record_of_success_and_interdependence_let_a_pair_start_without_the_office():
    """Same random numbers, only the record differs: every pair that started on its own
    without a record also does with one, more do, and more so the higher the pair's
    interdependence; the office brokers less for them."""
    none, full = _first_month(0.0), _first_month(0.25)  # 0.25: no pair is sure to
    alone_none = none.started & ~none.brokered
    alone_full = full.started & ~full.brokered
    assert np.all(alone_full[alone_none])
    assert alone_full.sum() > alone_none.sum() + 20, (alone_full.sum(), alone_none.sum())
    assert (full.started & full.brokered).sum() < (none.started & none.brokered).sum()
    dep = Batch(SEEDS[:1]).structure.dep
    high, low = dep >= np.quantile(dep, 0.75), dep <= np.quantile(dep, 0.25)
    share = [alone_full[:, m].sum() / max(full.started[:, m].sum(), 1) for m in (high, low)]
    assert share[0] > share[1], share


def test_without_self_organisation_a_record_does_not_bypass_the_office():
    """The SF13 knockout: with self_organisation 0 every project starts through the office,
    whatever the pair's record."""
    s = _first_month(1.0, self_organisation=0.0)
    assert s.started.any()
    assert np.all(s.brokered[s.started])
