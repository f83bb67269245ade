"""Research sweeps: specs, experimental designs, execution on any executor, Parquet
results, resume and sensitivity analysis. Guide: ``docs/sweeps.md``.

>>> from simulation.sweeps import plan_sweep, run_sweep, read_results
>>> report = run_sweep(plan_sweep("sweep.toml"), "out/")     # doctest: +SKIP
>>> frame = read_results("out/")                             # doctest: +SKIP

Names are imported on first use, so that ``simulation.sweeps.cli`` (imported by
``dkbm --help``) does not load NumPy, pandas or pyarrow.
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "DESIGNS": "spec",
    "Factor": "spec",
    "SweepSpec": "spec",
    "load_spec": "spec",
    "parse_spec": "spec",
    "output_names": "spec",
    "Design": "design",
    "build_design": "design",
    "count_points": "design",
    "rescale": "design",
    "salib_problem": "design",
    "unit_sample": "design",
    "Plan": "plan",
    "SweepAborted": "runner",
    "SweepReport": "runner",
    "plan_sweep": "plan",
    "read_results": "runner",
    "run_sweep": "runner",
    "sweep_status": "runner",
    "SensitivityResult": "sensitivity",
    "analyze_sweep": "sensitivity",
    "plot_sensitivity": "sensitivity",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
