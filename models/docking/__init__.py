"""Docking models: the published models that parts of the kernel are aligned with.

Axtell, Axelrod, Epstein & Cohen (1996) call this "docking": one mechanism, two
implementations, the same results. :func:`macy_flache` is the two-player
Bush–Mosteller model of Macy & Flache (2002) built on :mod:`models.learning`;
:func:`kernel_pair` is the compiled kernel in its docking configuration (ODD §12.1).
"""

from .kernel_pair import kernel_pair
from .macy_flache import lock_in, macy_flache

__all__ = ["kernel_pair", "lock_in", "macy_flache"]
