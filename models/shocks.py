"""Exogenous shocks: events a scenario schedules to test what lasts.

The end of programme funding is not a shock but the parameter ``funding_months``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import InputError
from .parameters import unknown_message

SHOCK_KINDS: dict[str, dict[str, str | int]] = {
    "election": {
        "de": "Wahl / Führungswechsel",
        "en": "Election / change of leadership",
        "effect_de": "Politischer Wille und Mandate brechen ein, abgefedert durch Legitimation.",
        "effect_en": "Political will and mandates drop, buffered by legitimacy.",
        "duration": 1,
    },
    "turnover_wave": {
        "de": "Personalwechsel-Welle",
        "en": "Turnover wave",
        "effect_de": "Ein Anteil der Ansprechpersonen wechselt auf einmal.",
        "effect_en": "A share of liaison persons leaves at once.",
        "duration": 1,
    },
    "budget_cut": {
        "de": "Haushaltskürzung",
        "en": "Budget cut",
        "effect_de": "Freie Stunden der Ämter sinken für ein Jahr.",
        "effect_en": "Departments' free hours fall for a year.",
        "duration": 12,
    },
    "crisis": {
        "de": "Krise (z. B. Zuwanderung 2015/16)",
        "en": "Crisis (e.g. the 2015/16 arrivals)",
        "effect_de": "Bedarf und Arbeitsbelastung steigen zugleich.",
        "effect_en": "Need and workload rise together.",
        "duration": 18,
    },
    "reorganisation": {
        "de": "Umorganisation",
        "en": "Reorganisation",
        "effect_de": "Strukturen wachsen, aber Umstellung kostet Zeit und Kompetenz.",
        "effect_en": "Structures grow, but the transition costs time and competence.",
        "duration": 6,
    },
}
DEFAULT_SEVERITY = 0.5  # of a planned shock, used by scenario files, the web editor, apply_shock
SHOCK_INDEX = {kind: k for k, kind in enumerate(SHOCK_KINDS)}
ONE_MONTH_KINDS = frozenset(k for k, v in SHOCK_KINDS.items() if v["duration"] == 1)


@dataclass(frozen=True)
class Shock:
    """A scheduled shock.

    Parameters
    ----------
    kind : str
        One of :data:`SHOCK_KINDS`.
    month : int
        Month (0-based) in which it strikes.
    severity : float
        0..1.
    duration : int or None
        Months it lasts (budget cut, crisis, reorganisation); ``None`` takes the
        kind's default.
    """

    kind: str
    month: int
    severity: float = DEFAULT_SEVERITY
    duration: int | None = None

    def __post_init__(self):
        if self.kind not in SHOCK_KINDS:
            raise InputError(unknown_message("shock kind", self.kind, SHOCK_KINDS), key="kind")
        m = self.month
        if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 0:
            raise InputError(
                f"shock '{self.kind}': 'month' must be an integer >= 0; got {m!r}", key="month"
            )
        s = self.severity
        if isinstance(s, bool) or not isinstance(s, (int, float)) or not 0 <= s <= 1:
            raise InputError(
                f"shock '{self.kind}': 'severity' must be a number in [0, 1]; got {s!r}",
                key="severity",
            )
        d = self.duration
        if self.kind in ONE_MONTH_KINDS and d not in (None, 1):
            raise InputError(
                f"shock '{self.kind}' acts in its month only; 'duration' must be 1 or left "
                f"out; got {d!r}",
                key="duration",
            )
        if d is None:
            object.__setattr__(self, "duration", int(SHOCK_KINDS[self.kind]["duration"]))
        elif isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
            raise InputError(
                f"shock '{self.kind}': 'duration' must be an integer >= 1; got {d!r}",
                key="duration",
            )

    def name(self, lang: str = "de") -> str:
        return str(SHOCK_KINDS[self.kind]["de" if lang == "de" else "en"])

    def strikes(self, month: int) -> bool:
        return month == self.month

    def lasts(self, month: int) -> bool:
        return self.month <= month < self.month + self.duration


def shock_vector(shocks, month: int) -> tuple[np.ndarray, np.ndarray]:
    """Severity of each kind striking in ``month`` and of each kind lasting through it."""
    onset = np.zeros(len(SHOCK_KINDS))
    ongoing = np.zeros(len(SHOCK_KINDS))
    for s in shocks:
        k = SHOCK_INDEX[s.kind]
        if s.strikes(month):
            onset[k] = max(onset[k], s.severity)
        if s.lasts(month):
            ongoing[k] = max(ongoing[k], s.severity)
    return onset, ongoing
