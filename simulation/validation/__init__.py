"""Pattern-oriented validation: the stylized facts of domain.md §4.9 with knockouts.

Importing the package registers every fact: :mod:`.facts` and, when present,
:mod:`.facts_new` (an error inside it is raised, only a missing module is skipped).
"""

from __future__ import annotations

import importlib

from . import facts, registry  # noqa: F401
from .registry import FACTS, Fact, fact, registered

try:
    importlib.import_module(f"{__name__}.facts_new")
except ModuleNotFoundError as exc:  # only the module itself may be missing
    if exc.name != f"{__name__}.facts_new":
        raise

__all__ = ["FACTS", "Fact", "fact", "registered", "registry"]
