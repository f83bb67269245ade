"""Pattern-oriented validation: the stylized facts of domain.md §4.9 with knockouts.

The facts register on first use (:func:`load_facts`, called by :mod:`.runner` and on
access to ``FACTS`` and friends), not at import, so that ``dkbm --help`` stays light:
:mod:`.facts` and, when present, :mod:`.facts_new` (an error inside it is raised, only
a missing module is skipped).
"""

from __future__ import annotations

import importlib

_REGISTRY_NAMES = ("FACTS", "Fact", "fact", "registered", "registry")


def load_facts() -> None:
    """Import the fact modules, which register their facts."""
    importlib.import_module(f"{__name__}.facts")
    try:
        importlib.import_module(f"{__name__}.facts_new")
    except ModuleNotFoundError as exc:  # only the module itself may be missing
        if exc.name != f"{__name__}.facts_new":
            raise


def __getattr__(name: str):
    if name in _REGISTRY_NAMES:
        load_facts()
        registry = importlib.import_module(f"{__name__}.registry")
        return registry if name == "registry" else getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FACTS", "Fact", "fact", "load_facts", "registered", "registry"]
