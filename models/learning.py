"""Bush–Mosteller aspiration learning in a 2×2 game (Macy & Flache 2002, eqs. 1–3).

Notation of Izquierdo, Izquierdo & Gotts (2008), a game written ``[T, R, P, S | A | l]``:
temptation ``T`` (defect while the partner cooperates), reward ``R`` (both cooperate),
punishment ``P`` (both defect), sucker's payoff ``S`` (cooperate while the partner
defects), aspiration ``A`` and learning rate ``l``. A player holds one propensity
``p`` = probability to cooperate; the probability to defect is ``1 − p``.

Each function is a NumPy ufunc compiled by numba: it broadcasts over arrays when called
from Python and takes plain floats inside other compiled code (the docking model in
:mod:`models.docking` and the kernel both call these, so the rule exists once).

References
----------
Bush, R. R., & Mosteller, F. (1955). *Stochastic Models for Learning*. Wiley.
Macy, M. W., & Flache, A. (2002). Learning dynamics in social dilemmas. *PNAS* 99
(suppl. 3), 7229–7236.
Izquierdo, S. S., Izquierdo, L. R., & Gotts, N. M. (2008). Reinforcement learning
dynamics in social dilemmas. *JASSS* 11(2), 1.
"""

from __future__ import annotations

from .jit import kvectorize


@kvectorize(["f8(b1, b1, f8, f8, f8, f8)"])
def payoff(own_cooperates, other_cooperates, temptation, reward, punishment, sucker):
    """Payoff of one player in the 2×2 game.

    Parameters
    ----------
    own_cooperates, other_cooperates : bool or array of bool
        The actions actually played this round (True = cooperate).
    temptation, reward, punishment, sucker : float or array
        ``T, R, P, S`` in payoff units (any real numbers; the PD has T > R > P > S).

    Returns
    -------
    float or array
        ``R`` (both cooperate), ``S`` (only I cooperate), ``T`` (only the other
        cooperates) or ``P`` (both defect).
    """
    if own_cooperates:
        return reward if other_cooperates else sucker
    return temptation if other_cooperates else punishment


@kvectorize(["f8(f8, f8, f8, f8, f8, f8)"])
def stimulus(received, aspiration, temptation, reward, punishment, sucker):
    """Normalised stimulus ``s = (π − A) / sup{|T − A|, |R − A|, |P − A|, |S − A|}``.

    Macy & Flache (2002), eq. 1. Dividing by the largest possible distance from the
    aspiration puts every stimulus in [−1, 1] (eq. 1 of Izquierdo et al. 2008).

    Parameters
    ----------
    received : float or array
        Payoff ``π`` of the round (one of ``T, R, P, S``), payoff units.
    aspiration : float or array
        Aspiration ``A``, payoff units.
    temptation, reward, punishment, sucker : float or array
        ``T, R, P, S``, payoff units.

    Returns
    -------
    float or array
        ``s`` in [−1, 1]; 0 when all four payoffs equal ``A`` (nothing to learn).
    """
    scale = max(
        abs(temptation - aspiration),
        abs(reward - aspiration),
        abs(punishment - aspiration),
        abs(sucker - aspiration),
    )
    if scale == 0.0:
        return 0.0
    return (received - aspiration) / scale


@kvectorize(["f8(f8, f8, f8)"])
def reinforce(p, s, rate):
    """Update the probability of the action just taken (Macy & Flache 2002, eq. 2).

    Parameters
    ----------
    p : float or array
        Probability, in [0, 1], of the action that was taken.
    s : float or array
        Stimulus in [−1, 1] (:func:`stimulus`).
    rate : float or array
        Learning rate ``l`` in (0, 1].

    Returns
    -------
    float or array
        ``p + (1 − p)·l·s`` if ``s ≥ 0`` (a satisfying outcome moves ``p`` towards 1),
        else ``p + p·l·s`` (towards 0); stays in [0, 1].
    """
    if s >= 0.0:
        return p + (1.0 - p) * rate * s
    return p + p * rate * s


@kvectorize(["f8(f8, b1, f8, f8)"])
def learn(p_cooperate, cooperated, s, rate):
    """New probability to cooperate after playing ``cooperated`` and feeling ``s``.

    The rule of :func:`reinforce` is applied to the action actually taken: to ``p`` after
    cooperation, to ``1 − p`` after defection; the other action gets the rest.

    Parameters
    ----------
    p_cooperate : float or array
        Probability to cooperate before the update, in [0, 1].
    cooperated : bool or array of bool
        The action actually played (after any trembling).
    s : float or array
        Stimulus in [−1, 1].
    rate : float or array
        Learning rate ``l`` in (0, 1].

    Returns
    -------
    float or array
        Probability to cooperate after the update, in [0, 1].
    """
    if cooperated:
        return reinforce(p_cooperate, s, rate)
    return 1.0 - reinforce(1.0 - p_cooperate, s, rate)


@kvectorize(["f8(f8, f8, f8)"])
def habituate(aspiration, received, habituation):
    """Move the aspiration towards the payoff just received (Macy & Flache 2002, eq. 3).

    Parameters
    ----------
    aspiration : float or array
        Aspiration ``A`` before the round, payoff units.
    received : float or array
        Payoff ``π`` of the round, payoff units.
    habituation : float or array
        Habituation ``h`` in [0, 1]; 0 keeps ``A`` fixed.

    Returns
    -------
    float or array
        ``(1 − h)·A + h·π``; applied after the stimulus of the round.
    """
    return (1.0 - habituation) * aspiration + habituation * received


@kvectorize(["b1(f8, f8, f8, f8)"])
def act(p_cooperate, u_choice, u_tremble, trembling):
    """Action played: cooperate with probability ``p``, then flip it with probability ε.

    Parameters
    ----------
    p_cooperate : float or array
        Probability to cooperate, in [0, 1].
    u_choice, u_tremble : float or array
        Independent uniform draws in [0, 1).
    trembling : float or array
        Trembling-hands probability ε in [0, 1] (Izquierdo et al. 2008, section 4.4).

    Returns
    -------
    bool or array of bool
        True = cooperate. Both draws are always consumed, so the random stream does not
        depend on ε.
    """
    chosen = u_choice < p_cooperate
    if u_tremble < trembling:
        return not chosen
    return chosen
