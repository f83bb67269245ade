"""The registry of stylized-fact experiments run by ``dkbm validate``.

A fact is a function registered under its id (``"SF1"`` .. ``"SF15"``, domain.md §4.9)::

    from simulation.validation.registry import fact

    @fact("SF4")
    def small_wins(seeds: np.ndarray, overrides: dict, quick: bool) -> np.ndarray:
        '''One statistic per seed, shape (len(seeds),).'''

The framework (:mod:`simulation.validation.runner`) calls it twice with the same seeds:
with ``overrides = {}`` for the arm *with* the mechanism and with the knockout's
``params`` (``[SFx.knockout] params`` in ``criteria.toml``) for the knockout arm. The
function merges ``overrides`` into its own registry-parameter settings (overrides win),
runs its ensemble and returns one number per seed. The statistic may itself be the
difference of two paired arms simulated with the same seed (common random numbers).
``quick`` asks for the short horizon / cheaper variant used in CI; the criterion must still
be computed honestly. The acceptance criterion (comparator and threshold), the seed count
and the knockout live in ``criteria.toml``, one ``[SFx]`` table per registered fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

FactFunction = Callable[[np.ndarray, dict, bool], np.ndarray]

_ID = re.compile(r"SF[1-9][0-9]?")


@dataclass(frozen=True)
class Fact:
    """A registered experiment: ``id`` and the function computing its per-seed statistic."""

    id: str
    function: FactFunction

    @property
    def number(self) -> int:
        return int(self.id[2:])

    def __call__(self, seeds, overrides: dict, quick: bool) -> np.ndarray:
        seeds = np.asarray(seeds, dtype=np.int64)
        out = np.asarray(self.function(seeds, dict(overrides), bool(quick)), dtype=float)
        if out.shape != seeds.shape:
            raise ValueError(
                f"fact {self.id} returned shape {out.shape}; expected one statistic per seed "
                f"{seeds.shape}"
            )
        return out


FACTS: dict[str, Fact] = {}


def fact(fact_id: str) -> Callable[[FactFunction], FactFunction]:
    """Register the decorated function as the experiment of stylized fact ``fact_id``."""
    if not isinstance(fact_id, str) or not _ID.fullmatch(fact_id):
        raise ValueError(f"fact ids look like 'SF1' .. 'SF15'; got {fact_id!r}")

    def register(function: FactFunction) -> FactFunction:
        if fact_id in FACTS and FACTS[fact_id].function is not function:
            raise ValueError(f"fact {fact_id} is registered twice")
        FACTS[fact_id] = Fact(fact_id, function)
        return function

    return register


def registered() -> list[Fact]:
    """All registered facts in the order SF1, SF2, ..., SF15."""
    return sorted(FACTS.values(), key=lambda f: f.number)
