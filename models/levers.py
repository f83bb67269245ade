"""The 16 levers of the Müssen–Wollen–Können framework, as data, and their schedule.

A lever acts on one model quantity (``target``) at a monthly ``rate`` scaled by the
intervention's intensity; ``persistence`` says how long what it built lasts once it
stops (it is the decay of that quantity, see docs/ODD.md). Costs are paid from the
start of an intervention for its duration; effects begin ``delay`` months later and
last as long as the intervention was paid for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import InputError
from .parameters import unknown_message


@dataclass(frozen=True)
class Lever:
    """One lever of the source framework.

    Attributes
    ----------
    id : str
        Stable identifier used in scenario files and the API.
    dimension : str
        ``necessity`` (Müssen), ``motivation`` (Wollen) or ``competence`` (Können).
    name_de, name_en : str
        Names as in the source talk and in English.
    effect_de, effect_en : str
        One-line description of the model effect.
    target : str
        The state quantity it moves (see docs/ODD.md, "Levers").
    rate : float
        Monthly rate of the effect at intensity 1.
    dept_hours : float
        Staff hours per month each targeted department spends at intensity 1.
    office_hours : float
        Bildungsbüro hours per month at intensity 1.
    euros : float
        Euros per month at intensity 1.
    delay : int
        Months from the start of the intervention to its first effect.
    persistence : str
        ``low``, ``medium`` or ``high``: how long the effect outlasts the lever.
    """

    id: str
    dimension: str
    name_de: str
    name_en: str
    effect_de: str
    effect_en: str
    target: str
    rate: float
    dept_hours: float
    office_hours: float
    euros: float
    delay: int
    persistence: str

    def name(self, lang: str = "de") -> str:
        return self.name_de if lang == "de" else self.name_en

    def effect(self, lang: str = "de") -> str:
        return self.effect_de if lang == "de" else self.effect_en


LEVERS: tuple[Lever, ...] = (
    # --- Müssen: recognise the need for change ---------------------------------------------
    Lever(
        "data_foundation",
        "necessity",
        "Datengrundlagen schaffen",
        "Build data foundations",
        "Bildungsmonitoring verbessert die Datenqualität.",
        "Education monitoring raises data quality.",
        "data_quality",
        0.06,
        0.5,
        40.0,
        3000.0,
        6,
        "medium",
    ),
    Lever(
        "problem_analysis",
        "necessity",
        "Problemlagen erkennen",
        "Identify problems",
        "Bildungsberichte machen Bedarfe sichtbar, sobald die Daten reichen.",
        "Education reports make needs visible once the data suffice.",
        "reports",
        1.0,
        0.5,
        20.0,
        500.0,
        2,
        "low",
    ),
    Lever(
        "stakeholder_mapping",
        "necessity",
        "Stakeholder identifizieren",
        "Identify stakeholders",
        "Ämter erkennen ihre Verflechtung; gemeinsames Verständnis wächst.",
        "Departments see their interdependence; shared understanding grows.",
        "shared_understanding",
        0.05,
        0.5,
        10.0,
        0.0,
        1,
        "high",
    ),
    Lever(
        "action_options",
        "necessity",
        "Handlungsoptionen beschreiben",
        "Describe options for action",
        "Beschriebene Optionen machen Projekte leichter und lohnender.",
        "Described options make projects easier and more rewarding.",
        "options",
        0.08,
        0.5,
        15.0,
        0.0,
        2,
        "medium",
    ),
    # --- Wollen: create readiness for change ------------------------------------------------
    Lever(
        "political_will",
        "motivation",
        "Politischer Wille",
        "Political will",
        "Die Verwaltungsspitze gibt dem Thema Priorität.",
        "Leadership makes the topic a priority.",
        "political_will",
        0.1,
        0,
        4.0,
        0.0,
        0,
        "low",
    ),
    Lever(
        "negotiation",
        "motivation",
        "Zusammenarbeit durch Aushandlung",
        "Cooperation through negotiation",
        "Aushandlungsrunden schaffen gemeinsames Verständnis.",
        "Negotiation rounds build shared understanding.",
        "shared_understanding",
        0.08,
        1,
        10.0,
        0.0,
        1,
        "medium",
    ),
    Lever(
        "shared_goals",
        "motivation",
        "Ziele formulieren",
        "Formulate shared goals",
        "Gemeinsame Ziele erhöhen den Nutzen gemeinsamer Projekte.",
        "Shared goals raise the payoff of joint projects.",
        "goals",
        0.06,
        0.75,
        15.0,
        0.0,
        3,
        "medium",
    ),
    Lever(
        "trust_building",
        "motivation",
        "Akzeptanz, Offenheit und Vertrauen schaffen",
        "Build acceptance, openness and trust",
        "Informeller Austausch stärkt das Vertrauen.",
        "Informal exchange strengthens trust.",
        "trust",
        0.03,
        0.5,
        8.0,
        500.0,
        1,
        "low",
    ),
    Lever(
        "legitimation",
        "motivation",
        "Legitimation sichern",
        "Secure legitimacy",
        "Kreistagsbeschluss und Dienstanweisung geben Mandat und Legitimation.",
        "Council resolution and service instruction give mandate and legitimacy.",
        "legitimacy",
        0.06,
        0.25,
        10.0,
        0.0,
        4,
        "high",
    ),
    Lever(
        "resources",
        "motivation",
        "Ressourcen (finanziell/personell) freistellen",
        "Free up resources (money, staff)",
        "Ämter erhalten freie Stunden; bei Förderende sichern sie Stellen.",
        "Departments get free hours; at the funding end they secure posts.",
        "capacity",
        16.0,
        0,
        0.0,
        8000.0,
        0,
        "low",
    ),
    # --- Können: shape change actively ------------------------------------------------------
    Lever(
        "cooperation_brokering",
        "competence",
        "Kooperation stiften",
        "Broker cooperation",
        "Das Bildungsbüro bringt Ämter zusammen, die sich noch wenig kennen.",
        "The education office brings together departments with weak ties.",
        "brokerage",
        0.15,
        0.25,
        30.0,
        0.0,
        1,
        "medium",
    ),
    Lever(
        "participation",
        "competence",
        "Partizipation ermöglichen",
        "Enable participation",
        "Bildungskonferenzen stärken Legitimation und Problembewusstsein.",
        "Education conferences strengthen legitimacy and awareness.",
        "participation",
        0.03,
        0.5,
        25.0,
        1000.0,
        3,
        "medium",
    ),
    Lever(
        "committees_structures",
        "competence",
        "Gremien und Strukturen aufbauen",
        "Build committees and structures",
        "Lenkungskreis und Arbeitsgruppen institutionalisieren die Zusammenarbeit.",
        "Steering group and working groups institutionalise cooperation.",
        "institutionalisation",
        0.05,
        0.75,
        20.0,
        0.0,
        3,
        "high",
    ),
    Lever(
        "decision_processes",
        "competence",
        "Entscheidungs- und Abstimmungsprozesse in Gang setzen",
        "Set up decision and coordination processes",
        "Klare Entscheidungsregeln verhindern Fehlstarts und gleichen Macht aus.",
        "Clear decision rules prevent false starts and balance power.",
        "decision_quality",
        0.08,
        0.25,
        10.0,
        0.0,
        2,
        "high",
    ),
    Lever(
        "communication_channels",
        "competence",
        "Kommunikationswege etablieren",
        "Establish communication channels",
        "Jour fixe und Plattform verringern Missverständnisse.",
        "Jour fixe and platform reduce misunderstandings.",
        "communication",
        0.08,
        0.25,
        8.0,
        300.0,
        1,
        "medium",
    ),
    Lever(
        "qualification",
        "competence",
        "Qualifizierung stärken",
        "Strengthen qualification",
        "Fortbildungen erhöhen die Kompetenz der Ämter.",
        "Training raises departments' competence.",
        "competence",
        0.02,
        2.0,
        5.0,
        1500.0,
        3,
        "low",
    ),
)

LEVER_INDEX: dict[str, int] = {lever.id: k for k, lever in enumerate(LEVERS)}
LEVER_IDS: tuple[str, ...] = tuple(LEVER_INDEX)
N_LEVERS = len(LEVERS)
DIMENSIONS = {
    "necessity": ("Müssen", "Necessity"),
    "motivation": ("Wollen", "Motivation"),
    "competence": ("Können", "Competence"),
}

# Column vectors over the levers, used by the kernel to price a month's plan.
DEPT_HOURS = np.array([lever.dept_hours for lever in LEVERS])
OFFICE_HOURS = np.array([lever.office_hours for lever in LEVERS])
EUROS = np.array([lever.euros for lever in LEVERS])


def get_lever(lever_id: str) -> Lever:
    try:
        return LEVERS[LEVER_INDEX[lever_id]]
    except KeyError:
        raise InputError(unknown_message("lever", lever_id, LEVER_IDS), key="lever") from None


@dataclass(frozen=True)
class Intervention:
    """A scheduled use of one lever.

    Parameters
    ----------
    lever : str
        Lever id (see :data:`LEVER_IDS`).
    start : int
        First month (0-based; month 0 is the first step) in which costs are paid.
    duration : int
        Months for which the lever is applied, >= 1.
    intensity : float
        0..1; scales effect and cost.
    targets : tuple of str
        Department keys the lever addresses; empty means all departments.
    """

    lever: str
    start: int = 0
    duration: int = 12
    intensity: float = 1.0
    targets: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        get_lever(self.lever)
        object.__setattr__(self, "targets", tuple(self.targets))
        for name, low in (("start", 0), ("duration", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
                raise InputError(
                    f"intervention '{self.lever}': '{name}' must be an integer >= {low}; "
                    f"got {value!r}",
                    key=name,
                )
        x = self.intensity
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not 0 <= x <= 1:
            raise InputError(
                f"intervention '{self.lever}': 'intensity' must be a number in [0, 1]; got {x!r}",
                key="intensity",
            )

    @property
    def lever_index(self) -> int:
        return LEVER_INDEX[self.lever]

    @property
    def delay(self) -> int:
        return LEVERS[self.lever_index].delay

    def paying(self, month: int) -> bool:
        return self.start <= month < self.start + self.duration

    def acting(self, month: int) -> bool:
        first = self.start + self.delay
        return first <= month < first + self.duration


class Plan:
    """The interventions of a run, evaluated month by month.

    ``effect(month)`` and ``cost(month)`` return ``(N_LEVERS, n)`` intensity
    matrices (per lever and department; the maximum over overlapping
    interventions). Department-level effects use the row for each department;
    municipality-level effects use the row maximum.
    """

    def __init__(self, interventions: Iterable[Intervention], dept_keys: Sequence[str]):
        self.interventions = tuple(interventions)
        self.keys = tuple(dept_keys)
        index = {k: i for i, k in enumerate(self.keys)}
        n = len(self.keys)
        self._masks = []
        for iv in self.interventions:
            mask = np.zeros(n)
            if not iv.targets:
                mask[:] = 1.0
            for t in iv.targets:
                if t not in index:
                    raise InputError(
                        f"intervention '{iv.lever}': {unknown_message('department', t, self.keys)}",
                        key="targets",
                    )
                mask[index[t]] = 1.0
            self._masks.append(mask * iv.intensity)

    def add(self, intervention: Intervention) -> Plan:
        return Plan((*self.interventions, intervention), self.keys)

    def _matrix(self, month: int, active) -> np.ndarray:
        out = np.zeros((N_LEVERS, len(self.keys)))
        for iv, mask in zip(self.interventions, self._masks, strict=True):
            if active(iv, month):
                row = out[iv.lever_index]
                np.maximum(row, mask, out=row)
        return out

    def effect(self, month: int) -> np.ndarray:
        return self._matrix(month, Intervention.acting)

    def cost(self, month: int) -> np.ndarray:
        return self._matrix(month, Intervention.paying)
