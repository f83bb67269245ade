"""Write the reference runs that pin the kernel's numbers (``kernel_reference.npz``).

The file was first written with the NumPy kernel of commit a861f47, and the compiled
kernel that replaced it reproduced it bit for bit (commit c1f1b9a). It is compared by
``tests/model/test_kernel_reference.py``. Rewrite it only when a model change is meant
to change numbers, in the commit of that change (as issue 8's Wollen learning did)::

    python tests/model/reference/generate.py

Cases: every built-in scenario (levers, shocks and departments included) over its own
horizon, four replication seeds each; a batch of 24 runs whose parameters are drawn
across the registry bounds (every mechanism, also extreme ones); 40 departments.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

import models  # noqa: E402
from simulation.scenarios import builtin_scenarios  # noqa: E402

OUT = Path(__file__).with_name("kernel_reference.npz")
N_SEEDS = 4
N_RANDOM = 24


def random_parameters(n: int, seed: int = 20261207) -> dict[str, np.ndarray]:
    """``n`` parameter sets drawn uniformly within the registry bounds (not structural)."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, p in models.PARAMETERS.items():
        if p.structural:
            continue
        values = rng.uniform(p.low, p.high, n)
        out[name] = np.round(values) if p.integer else values
    return out


def cases():
    """(name, simulate arguments) of every reference case."""
    for name, sc in builtin_scenarios().items():
        seeds = sc.replication_seeds(N_SEEDS)
        yield name, {"seeds": seeds, "months": sc.months, **sc.model_kwargs()}
    yield (
        "random-parameters",
        {
            "seeds": list(range(N_RANDOM)),
            "months": 120,
            "shocks": [models.Shock("crisis", 20, 0.6), models.Shock("turnover_wave", 50, 0.5)],
            "interventions": [models.Intervention("cooperation_brokering", 0, 60)],
            **random_parameters(N_RANDOM),
        },
    )
    yield "forty-departments", {"seeds": [1, 2], "months": 120, "n_departments": 40}


def run(case: dict) -> dict[str, np.ndarray]:
    case = dict(case)
    return models.simulate(case.pop("seeds"), case.pop("months"), **case)


def main() -> None:
    arrays = {}
    for name, case in cases():
        for metric, values in run(case).items():
            arrays[f"{name}/{metric}"] = values
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB, {len(arrays)} arrays)")


if __name__ == "__main__":
    main()
