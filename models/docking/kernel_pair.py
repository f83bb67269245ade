"""The kernel in its docking configuration: one pair of departments playing the game.

docs/ODD.md, section 12.1: two departments, one linked pair, the Knoster gate and every
lever off, no resource limits, no Bildungsbüro bottleneck, no turnover, no elections or
shocks, no drift of motivation, fixed payoffs. What remains of the monthly step is the
meeting of the pair (7.6) played as the 2×2 game of Macy & Flache (2002): each side agrees
(cooperates) with probability equal to its motivation and learns with
:mod:`models.learning`. The kernel must then reproduce :func:`models.docking.macy_flache`
statistically (``tests/validation/test_docking.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..batch import Batch
from ..departments import DepartmentSpec
from .macy_flache import _game, _number

#: registry parameters that switch off drift, turnover and elections
_STILL = {
    "init_spread": 0.0,
    "leadership_pull": 0.0,
    "motivation_decay": 0.0,
    "turnover_rate": 0.0,
    "election_hazard": 0.0,
}


def kernel_pair(
    seeds: Sequence[int],
    rounds: int,
    *,
    aspiration: float = 2.0,
    learning_rate: float = 0.5,
    habituation: float = 0.0,
    payoffs: Sequence[float] = (4, 3, 1, 0),
    p0: float = 0.5,
) -> dict[str, np.ndarray]:
    """Run the kernel's docking configuration for ``rounds`` months.

    Parameters
    ----------
    seeds : sequence of int
        One replication per seed, seeded as every kernel run (:class:`models.batch.Batch`).
    rounds : int
        Months, one round of the game each.
    aspiration, learning_rate, habituation, payoffs, p0 : float
        As in :func:`models.docking.macy_flache`. Payoffs and aspiration are divided by
        the largest of their absolute values so that they lie within the registry's
        bounds; the stimulus ``(π − A) / sup|X − A|`` and hence the dynamics do not
        change under this rescaling.

    Returns
    -------
    dict
        ``"p_cooperate"``: float array ``(len(seeds), 2)``, both departments' motivation
        (probability to agree) after the last round.
    """
    game = _game(payoffs)
    aspiration = _number("aspiration", aspiration, -np.inf, np.inf)
    p0 = _number("p0", p0, 0.0, 1.0)
    scale = float(max(np.abs(game).max(), abs(aspiration))) or 1.0
    t, r, p, s = (float(x) for x in game / scale)
    specs = [
        DepartmentSpec(key=key, name_de=key, name_en=key, necessity=1.0, motivation=p0)
        for key in ("a", "b")
    ]
    params = {
        **_STILL,
        "aspiration": aspiration / scale,
        "aspiration_habituation": habituation,
        "learning_rate": learning_rate,
        "payoff_temptation": t,
        "payoff_reward": r,
        "payoff_punishment": p,
        "payoff_sucker": s,
    }
    batch = Batch(seeds, departments=specs, params=params)
    fr = batch.frame
    fr.p = fr.p._replace(gated=np.zeros(len(batch.seeds)))  # the docking switch
    batch.run(rounds, threads=1)
    return {"p_cooperate": batch.state.motivation.copy()}
