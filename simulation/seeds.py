"""Seeds for replications, derived from one master seed (NumPy SeedSequence).

Replication ``k`` of design row ``d`` always gets the same seed, whatever the
executor, the batch it runs in or the number of workers. Seed ``k`` of
``replication_seeds(master, n)`` is the same for every ``n > k``, so a run with more
replications extends one with fewer, and two scenarios run with the same master seed
share their random numbers (common random numbers).
"""

from __future__ import annotations

import numpy as np


def replication_seeds(master: int, n: int, design_row: int | None = None) -> list[int]:
    """Seeds (63-bit ints) of ``n`` replications.

    Parameters
    ----------
    master : int
        Master seed (>= 0).
    n : int
        Number of replications.
    design_row : int, optional
        Row of an experimental design; each row gets its own independent stream.
    """
    key = [int(master)] if design_row is None else [int(master), int(design_row)]
    children = np.random.SeedSequence(key).spawn(n)
    return [int(c.generate_state(1, np.uint64)[0] >> np.uint64(1)) for c in children]
