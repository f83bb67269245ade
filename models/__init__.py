"""The Müssen–Wollen–Können collaboration model.

Pure domain code: Mesa agents and model, the vectorised kernel, the parameter
registry, levers, shocks and metrics. No file I/O, printing or UI.
"""

from .batch import Batch, simulate
from .departments import DEFAULT_DEPARTMENTS, DepartmentSpec, default_departments
from .errors import DkbmError, InputError
from .levers import (
    DEFAULT_DURATION,
    DEFAULT_INTENSITY,
    DIMENSIONS,
    LEVER_IDS,
    LEVERS,
    Intervention,
    Lever,
    get_lever,
)
from .metrics import DIAGNOSES, METRIC_NAMES, METRICS, RUN_METRICS, diagnosis_label
from .parameters import DEFAULTS, GROUPS, PARAMETERS, Parameter, validate_params
from .shocks import DEFAULT_SEVERITY, SHOCK_KINDS, Shock

# Mesa is imported only when the agent layer is used, so that workers of the batch path
# (models.simulate) start without it.
_LAZY = {"CollaborationModel": ".model", "Department": ".agents"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'models' has no attribute {name!r}")


__all__ = [
    "DEFAULTS",
    "DEFAULT_DEPARTMENTS",
    "DEFAULT_DURATION",
    "DEFAULT_INTENSITY",
    "DEFAULT_SEVERITY",
    "DIAGNOSES",
    "DIMENSIONS",
    "GROUPS",
    "LEVERS",
    "LEVER_IDS",
    "METRICS",
    "METRIC_NAMES",
    "PARAMETERS",
    "RUN_METRICS",
    "SHOCK_KINDS",
    "Batch",
    "CollaborationModel",
    "Department",
    "DepartmentSpec",
    "DkbmError",
    "InputError",
    "Intervention",
    "Lever",
    "Parameter",
    "Shock",
    "default_departments",
    "diagnosis_label",
    "get_lever",
    "simulate",
    "validate_params",
]
