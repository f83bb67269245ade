"""Two Bush–Mosteller players in a repeated 2×2 game (Macy & Flache 2002)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..batch import check_count, check_seed
from ..errors import InputError
from ..jit import kjit
from ..learning import act, habituate, learn, payoff, stimulus

#: uniforms per round: two choices, then two trembles (players 0 and 1)
DRAWS_PER_ROUND = 4
#: seeds simulated per call of the compiled loop; bounds the memory of the draws
_CHUNK = 256


@kjit()
def _play(p, actions, aspiration0, rate, habituation, game, trembling, u):
    """Play ``u.shape[1]`` rounds for each row; ``p[:, 0]`` holds the start (in place)."""
    temptation, reward, punishment, sucker = game[0], game[1], game[2], game[3]
    for r in range(u.shape[0]):
        a0 = aspiration0
        a1 = aspiration0
        p0 = p[r, 0, 0]
        p1 = p[r, 0, 1]
        for t in range(u.shape[1]):
            c0 = act(p0, u[r, t, 0], u[r, t, 2], trembling)
            c1 = act(p1, u[r, t, 1], u[r, t, 3], trembling)
            pay0 = payoff(c0, c1, temptation, reward, punishment, sucker)
            pay1 = payoff(c1, c0, temptation, reward, punishment, sucker)
            p0 = learn(p0, c0, stimulus(pay0, a0, temptation, reward, punishment, sucker), rate)
            p1 = learn(p1, c1, stimulus(pay1, a1, temptation, reward, punishment, sucker), rate)
            a0 = habituate(a0, pay0, habituation)
            a1 = habituate(a1, pay1, habituation)
            actions[r, t, 0] = c0
            actions[r, t, 1] = c1
            p[r, t + 1, 0] = p0
            p[r, t + 1, 1] = p1


def _finite(value) -> bool:
    real = isinstance(value, (int, float, np.integer, np.floating))
    return real and not isinstance(value, bool) and math.isfinite(float(value))


def _number(name: str, value, low: float, high: float, *, open_low: bool = False) -> float:
    bracket = "(" if open_low else "["
    allowed = f"a number in {bracket}{low:g}, {high:g}]"
    if not _finite(value):
        raise InputError(f"'{name}' must be {allowed}; got {value!r}", key=name)
    x = float(value)
    if not (low < x if open_low else low <= x) or not x <= high:
        raise InputError(f"'{name}' must be {allowed}; got {x:g}", key=name)
    return x


def _game(payoffs) -> np.ndarray:
    allowed = "four finite numbers (T, R, P, S)"
    try:
        values = list(payoffs)
    except TypeError:
        raise InputError(f"'payoffs' must be {allowed}; got {payoffs!r}", key="payoffs") from None
    if len(values) != 4 or not all(_finite(v) for v in values):
        raise InputError(f"'payoffs' must be {allowed}; got {payoffs!r}", key="payoffs")
    return np.array(values, dtype=np.float64)


def macy_flache(
    seeds: Sequence[int],
    rounds: int,
    *,
    aspiration: float = 2.0,
    learning_rate: float = 0.5,
    habituation: float = 0.0,
    payoffs: Sequence[float] = (4, 3, 1, 0),
    p0: float = 0.5,
    trembling: float = 0.0,
) -> dict[str, np.ndarray]:
    """Replicate the two-player Bush–Mosteller model of Macy & Flache (2002).

    Two symmetric players choose simultaneously each round, receive the payoff of the
    game ``[T, R, P, S | A | l]`` and learn with :func:`models.learning.learn`; with
    ``habituation > 0`` each player's aspiration follows its own payoffs.

    Parameters
    ----------
    seeds : sequence of int
        One replication per seed (integers ≥ 0). Row ``k`` depends on ``seeds[k]`` alone:
        it draws ``rounds × 4`` uniforms from ``numpy.random.default_rng(seeds[k])``
        (per round: the choices of players 0 and 1, then their trembles), the seeding
        scheme of :class:`models.batch.Batch`.
    rounds : int
        Number of rounds, ≥ 0.
    aspiration : float
        Initial aspiration ``A`` of both players, payoff units (any finite number).
    learning_rate : float
        ``l`` in (0, 1].
    habituation : float
        ``h`` in [0, 1]; 0 keeps the aspiration fixed.
    payoffs : sequence of four floats
        ``(T, R, P, S)``, payoff units; the default is the prisoner's dilemma of
        Macy & Flache (2002) and Izquierdo et al. (2008).
    p0 : float
        Initial probability to cooperate of both players, in [0, 1].
    trembling : float
        Probability ε in [0, 1] that a chosen action is flipped before it is played.

    Returns
    -------
    dict
        ``"p_cooperate"``: float array ``(len(seeds), rounds + 1, 2)``, the players'
        probabilities to cooperate; index 0 along axis 1 is the start.
        ``"actions"``: bool array ``(len(seeds), rounds, 2)``, True = cooperated.

    Raises
    ------
    models.errors.InputError
        For an argument outside its range, naming the argument and the range.
    """
    seeds = [check_seed(s) for s in seeds]
    rounds = check_count("rounds", rounds)
    aspiration = _number("aspiration", aspiration, -math.inf, math.inf)
    learning_rate = _number("learning_rate", learning_rate, 0.0, 1.0, open_low=True)
    habituation = _number("habituation", habituation, 0.0, 1.0)
    p0 = _number("p0", p0, 0.0, 1.0)
    trembling = _number("trembling", trembling, 0.0, 1.0)
    game = _game(payoffs)

    n = len(seeds)
    p = np.empty((n, rounds + 1, 2))
    p[:, 0, :] = p0
    actions = np.empty((n, rounds, 2), dtype=np.bool_)
    u = np.empty((min(n, _CHUNK), rounds, DRAWS_PER_ROUND))
    for lo in range(0, n, _CHUNK):
        hi = min(lo + _CHUNK, n)
        for k in range(lo, hi):
            np.random.default_rng(seeds[k]).random(out=u[k - lo])
        _play(
            p[lo:hi],
            actions[lo:hi],
            aspiration,
            learning_rate,
            habituation,
            game,
            trembling,
            u[: hi - lo],
        )
    return {"p_cooperate": p, "actions": actions}


def lock_in(p_cooperate: np.ndarray, threshold: float = 0.99) -> dict[str, np.ndarray]:
    """Classify the final state of each replication.

    Parameters
    ----------
    p_cooperate : array ``(runs, rounds + 1, 2)``
        As returned by :func:`macy_flache`.
    threshold : float
        Both players' probability to cooperate ≥ ``threshold`` counts as locked into
        mutual cooperation, both ≤ ``1 − threshold`` as mutual defection
        (Macy & Flache 2002 use 0.99).

    Returns
    -------
    dict
        Boolean arrays ``"cooperation"`` and ``"defection"`` of shape ``(runs,)``.
    """
    last = p_cooperate[:, -1, :]
    return {
        "cooperation": np.all(last >= threshold, axis=1),
        "defection": np.all(last <= 1.0 - threshold, axis=1),
    }
