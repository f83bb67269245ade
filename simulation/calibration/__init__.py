"""Pattern-oriented calibration by approximate Bayesian computation (``dkbm calibrate``).

Own rejection ABC and ABC-SMC (Beaumont et al. 2009 weights) on the project's executors:
each generation evaluates a fixed set of proposals in chunks, every chunk is stored as
one Parquet file, so ``--resume`` reproduces the posterior bit for bit. Guide:
``docs/calibration.md``.
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "CalibrationSpec": "spec",
    "load_spec": "spec",
    "parse_spec": "spec",
    "PATTERNS": "patterns",
    "run_calibration": "engine",
    "CalibrationResult": "engine",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
