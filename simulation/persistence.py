"""How long each lever's effect outlasts it, measured in the model rather than asserted.

A lever's persistence is what the dynamics make of it: the share of what it built that is
still there 12–24 months after it ends. It is measured once per model version by
:func:`measure` and shipped as ``simulation/data/lever_persistence.json``
(``python -m simulation.persistence --write``; a test fails when the file is stale),
so that ``dkbm levers``, the web app and the ODD show the same figure without
simulating at start-up.

The experiment (every number a named constant below): the ``baseline`` situation with the
office funded through the horizon, so that the funding end does not mix into the
measurement; the lever on all departments at intensity 1 for ``DURATION`` months from
month 0; ``SEEDS`` paired seeds (common random numbers) against the run without it. The
quantity measured is the lever's target stock (``Lever.target``) averaged over departments
or pairs, or, where the target is no stock (a flow such as office capacity or brokerage)
or does not move, the mean of the lever's dimension (Müssen, Wollen or Können). Retention
is the mean difference in months ``LATE`` divided by that in months ``END``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

import numpy as np

SEEDS = 40  # paired seeds per arm [ASSUMPTION: retention's standard error below 0.05]
DURATION = 24  # months the lever runs [ASSUMPTION: the levers' usual programme phase]
END = (DURATION - 6, DURATION)  # months whose difference is "at the end" (last half-year)
LATE = (DURATION + 12, DURATION + 24)  # 12–24 months after the end
HIGH, MEDIUM = 2 / 3, 1 / 3  # retention from which a lever's effect lasts long / a while
MOVES = 0.01  # smallest difference at the end that counts as an effect on the stock
# lever targets whose state field has another name; targets without a field are flows
_FIELD = {"shared_understanding": "understanding", "reports": "report"}
FILE = "lever_persistence.json"


@dataclass(frozen=True)
class Persistence:
    """The measured persistence of one lever.

    Attributes
    ----------
    measured : str
        The model state measured (``trust``, ``data_quality``, ... or a dimension's mean).
    at_end, late : float
        Mean paired difference to the run without the lever in months ``END`` and
        ``LATE`` (units of the state measured, 0–1).
    retention : float or None
        ``late / at_end``: 1 = everything built is still there, 0 = gone; None when the
        lever moves no stock (it acts only while it runs).
    label : str
        ``high`` (retention ≥ 2/3), ``medium`` (≥ 1/3), ``low`` or ``while``.
    """

    measured: str
    at_end: float
    late: float
    retention: float | None
    label: str

    def text(self, lang: str = "de") -> str:
        """E.g. "Wirkung hält lange nach (95 % nach 1–2 Jahren)"."""
        from . import formatting as F
        from .i18n import t

        text = t(f"persistence_{self.label}", lang)
        if self.retention is None:
            return text
        return t("persistence_measured", lang, text=text, share=F.percent(self.retention, lang))


def label_of(retention: float) -> str:
    return "high" if retention >= HIGH else "medium" if retention >= MEDIUM else "low"


def _series(interventions, field: str, seeds, months: int, params: dict) -> np.ndarray:
    from models.batch import Batch

    batch = Batch(seeds, interventions, params={"funding_months": months, **params})
    out = np.empty((len(seeds), months))
    for m in range(months):
        batch.run(1)
        value = np.asarray(getattr(batch.state, field), dtype=float)
        out[:, m] = value.reshape(len(seeds), -1).mean(axis=1)
    return out


def measure(
    seeds: int = SEEDS, *, levers: list[str] | None = None, params: dict | None = None
) -> dict[str, Persistence]:
    """Measure the levers' persistence (about 3 s for all 16 with 40 seeds).

    Parameters
    ----------
    seeds : int, default 40
        Paired replications per arm (seeds 1..``seeds``).
    levers : list of str, optional
        Lever ids to measure; default all.
    params : dict, optional
        Registry parameters of both arms (default: the registry's defaults).
    """
    from models.kernel import _FIELDS
    from models.levers import LEVERS

    seed_list = list(range(1, seeds + 1))
    months = LATE[1]
    fields = set(_FIELDS)
    out = {}
    params = dict(params or {})
    base = {}  # field -> the run without a lever, shared by every lever measured on it
    for lever in [lv for lv in LEVERS if levers is None or lv.id in levers]:
        plan = [{"lever": lever.id, "start": 0, "duration": DURATION, "intensity": 1.0}]
        candidates = [_FIELD.get(lever.target, lever.target), lever.dimension]
        for field in [f for f in candidates if f in fields]:
            if field not in base:
                base[field] = _series([], field, seed_list, months, params)
            diff = _series(plan, field, seed_list, months, params) - base[field]
            at_end, late = diff[:, END[0] : END[1]].mean(), diff[:, LATE[0] : LATE[1]].mean()
            if abs(at_end) >= MOVES:
                break
        retention = round(float(late / at_end), 2) if abs(at_end) >= MOVES else None
        out[lever.id] = Persistence(
            field, round(float(at_end), 4), round(float(late), 4), retention,
            "while" if retention is None else label_of(retention),
        )  # fmt: skip
    return out


@cache
def shipped() -> dict[str, Persistence]:
    """The measurement shipped with the package (``simulation/data/lever_persistence.json``)."""
    path = resources.files("simulation") / "data" / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {key: Persistence(**row) for key, row in data.items()}
    except (OSError, ValueError, TypeError) as exc:
        raise RuntimeError(f"{path}: unreadable lever persistence table ({exc}); rebuild it "
                           "with `python -m simulation.persistence --write`") from exc  # fmt: skip


def of(lever_id: str) -> Persistence:
    """The shipped persistence of one lever."""
    return shipped()[lever_id]


def _document(table: dict[str, Persistence]) -> str:
    return json.dumps({k: asdict(v) for k, v in table.items()}, indent=2) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulation.persistence")
    parser.add_argument("--write", action="store_true", help="measure and write the table")
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    args = parser.parse_args(argv)
    document = _document(measure())
    path = resources.files("simulation") / "data" / FILE
    if args.write:
        with resources.as_file(path) as p:
            p.write_text(document, encoding="utf-8")
        return 0
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != document:
            print(f"{path} is stale: python -m simulation.persistence --write", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(document)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
