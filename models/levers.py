"""The 16 levers of the Müssen–Wollen–Können framework, as data, and their schedule.

A lever acts on one model quantity (``target``) at a monthly ``rate`` scaled by the
intervention's intensity; how long what it built lasts once it stops is the decay of
that quantity (docs/ODD.md), measured per lever by ``simulation.persistence``. Costs
are paid from the start of an intervention for its duration; effects begin ``delay``
months later and last as long as the intervention was paid for.
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

    def name(self, lang: str = "de") -> str:
        return self.name_de if lang == "de" else self.name_en

    def effect(self, lang: str = "de") -> str:
        return self.effect_de if lang == "de" else self.effect_en


LEVERS: tuple[Lever, ...] = (
    # --- Müssen: recognise the need for change ---------------------------------------------
    Lever(
        id="data_foundation",
        dimension="necessity",
        name_de="Datengrundlagen schaffen",
        name_en="Build data foundations",
        effect_de="Bildungsmonitoring verbessert die Datenqualität.",
        effect_en="Education monitoring raises data quality.",
        target="data_quality",
        rate=0.06,
        dept_hours=0.5,
        office_hours=40.0,
        euros=3000.0,
        delay=6,
    ),
    Lever(
        id="problem_analysis",
        dimension="necessity",
        name_de="Problemlagen erkennen",
        name_en="Identify problems",
        effect_de="Bildungsberichte machen Bedarfe sichtbar, sobald die Daten reichen.",
        effect_en="Education reports make needs visible once the data suffice.",
        target="reports",
        rate=1.0,
        dept_hours=0.5,
        office_hours=20.0,
        euros=500.0,
        delay=2,
    ),
    Lever(
        id="stakeholder_mapping",
        dimension="necessity",
        name_de="Stakeholder identifizieren",
        name_en="Identify stakeholders",
        effect_de=(
            "Ämter erkennen ihre tatsächliche Verflechtung (auch wo sie sie unterschätzen); "
            "gemeinsames Verständnis wächst."
        ),
        effect_en=(
            "Departments see their true interdependence (also where they underrate it); "
            "shared understanding grows."
        ),
        target="shared_understanding",
        rate=0.05,
        dept_hours=0.5,
        office_hours=10.0,
        euros=0.0,
        delay=1,
    ),
    Lever(
        id="action_options",
        dimension="necessity",
        name_de="Handlungsoptionen beschreiben",
        name_en="Describe options for action",
        effect_de="Beschriebene Optionen machen Projekte leichter und lohnender.",
        effect_en="Described options make projects easier and more rewarding.",
        target="options",
        rate=0.08,
        dept_hours=0.5,
        office_hours=15.0,
        euros=0.0,
        delay=2,
    ),
    # --- Wollen: create readiness for change ------------------------------------------------
    Lever(
        id="political_will",
        dimension="motivation",
        name_de="Politischer Wille",
        name_en="Political will",
        effect_de="Die Verwaltungsspitze gibt dem Thema Priorität.",
        effect_en="Leadership makes the topic a priority.",
        target="political_will",
        rate=0.1,
        dept_hours=0,
        office_hours=4.0,
        euros=0.0,
        delay=0,
    ),
    Lever(
        id="negotiation",
        dimension="motivation",
        name_de="Zusammenarbeit durch Aushandlung",
        name_en="Cooperation through negotiation",
        effect_de="Aushandlung klärt Konflikte in verbindlichen, fairen Vereinbarungen: "
        "weniger Ausstiege aus gemeinsamen Projekten, weniger Machtgefälle.",
        effect_en="Negotiation settles conflicts in binding, fair agreements: fewer "
        "partners withdraw from joint projects, power gaps weigh less.",
        target="commitment",
        rate=0.08,
        dept_hours=1,
        office_hours=10.0,
        euros=0.0,
        delay=1,
    ),
    Lever(
        id="shared_goals",
        dimension="motivation",
        name_de="Ziele formulieren",
        name_en="Formulate shared goals",
        effect_de="Gemeinsame Ziele erhöhen den Nutzen gemeinsamer Projekte.",
        effect_en="Shared goals raise the payoff of joint projects.",
        target="goals",
        rate=0.06,
        dept_hours=0.75,
        office_hours=15.0,
        euros=0.0,
        delay=3,
    ),
    Lever(
        id="trust_building",
        dimension="motivation",
        name_de="Akzeptanz, Offenheit und Vertrauen schaffen",
        name_en="Build acceptance, openness and trust",
        effect_de="Informeller Austausch stärkt das Vertrauen.",
        effect_en="Informal exchange strengthens trust.",
        target="trust",
        rate=0.03,
        dept_hours=0.5,
        office_hours=8.0,
        euros=500.0,
        delay=1,
    ),
    Lever(
        id="legitimation",
        dimension="motivation",
        name_de="Legitimation sichern",
        name_en="Secure legitimacy",
        effect_de="Kreistagsbeschluss und Dienstanweisung geben Mandat und Legitimation.",
        effect_en="Council resolution and service instruction give mandate and legitimacy.",
        target="legitimacy",
        rate=0.06,
        dept_hours=0.25,
        office_hours=10.0,
        euros=0.0,
        delay=4,
    ),
    Lever(
        id="resources",
        dimension="motivation",
        name_de="Ressourcen (finanziell/personell) freistellen",
        name_en="Free up resources (money, staff)",
        effect_de="Ämter erhalten freie Stunden; bei Förderende sichern sie Stellen.",
        effect_en="Departments get free hours; at the funding end they secure posts.",
        target="capacity",
        rate=16.0,
        dept_hours=0,
        office_hours=0.0,
        euros=8000.0,
        delay=0,
    ),
    # --- Können: shape change actively ------------------------------------------------------
    Lever(
        id="cooperation_brokering",
        dimension="competence",
        name_de="Kooperation stiften",
        name_en="Broker cooperation",
        effect_de="Das Bildungsbüro bringt Ämter zusammen, die sich noch wenig kennen.",
        effect_en="The education office brings together departments with weak ties.",
        target="brokerage",
        rate=0.15,
        dept_hours=0.25,
        office_hours=30.0,
        euros=0.0,
        delay=1,
    ),
    Lever(
        id="participation",
        dimension="competence",
        name_de="Partizipation ermöglichen",
        name_en="Enable participation",
        effect_de=(
            "Bildungskonferenzen stärken Legitimation und Problembewusstsein, je mehr Ämter "
            "dabei sind; im Plenum kann aber jedes weitere Amt Projekte blockieren: "
            "Arbeitsgruppen (working_groups) erhalten die Einigung."
        ),
        effect_en=(
            "Education conferences strengthen legitimacy and awareness, the more so the more "
            "departments take part; in the plenary every further department can block "
            "projects: working groups (working_groups) keep agreement."
        ),
        target="participation",
        rate=0.03,
        dept_hours=0.5,
        office_hours=25.0,
        euros=1000.0,
        delay=3,
    ),
    Lever(
        id="committees_structures",
        dimension="competence",
        name_de="Gremien und Strukturen aufbauen",
        name_en="Build committees and structures",
        effect_de="Lenkungskreis und Arbeitsgruppen institutionalisieren die Zusammenarbeit.",
        effect_en="Steering group and working groups institutionalise cooperation.",
        target="institutionalisation",
        rate=0.05,
        dept_hours=0.75,
        office_hours=20.0,
        euros=0.0,
        delay=3,
    ),
    Lever(
        id="decision_processes",
        dimension="competence",
        name_de="Entscheidungs- und Abstimmungsprozesse in Gang setzen",
        name_en="Set up decision and coordination processes",
        effect_de="Klare Entscheidungsregeln verhindern Fehlstarts und gleichen Macht aus.",
        effect_en="Clear decision rules prevent false starts and balance power.",
        target="decision_quality",
        rate=0.08,
        dept_hours=0.25,
        office_hours=10.0,
        euros=0.0,
        delay=2,
    ),
    Lever(
        id="communication_channels",
        dimension="competence",
        name_de="Kommunikationswege etablieren",
        name_en="Establish communication channels",
        effect_de="Jour fixe und Plattform verringern Missverständnisse.",
        effect_en="Jour fixe and platform reduce misunderstandings.",
        target="communication",
        rate=0.08,
        dept_hours=0.25,
        office_hours=8.0,
        euros=300.0,
        delay=1,
    ),
    Lever(
        id="qualification",
        dimension="competence",
        name_de="Qualifizierung stärken",
        name_en="Strengthen qualification",
        effect_de="Fortbildungen erhöhen die Kompetenz der Ämter.",
        effect_en="Training raises departments' competence.",
        target="competence",
        rate=0.02,
        dept_hours=2.0,
        office_hours=5.0,
        euros=1500.0,
        delay=3,
    ),
)

LEVER_INDEX: dict[str, int] = {lever.id: k for k, lever in enumerate(LEVERS)}
LEVER_IDS: tuple[str, ...] = tuple(LEVER_INDEX)
N_LEVERS = len(LEVERS)
# defaults of a planned lever, used by scenario files, the web editor and apply_lever
DEFAULT_DURATION = 12  # months
DEFAULT_INTENSITY = 1.0
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
    duration: int = DEFAULT_DURATION
    intensity: float = DEFAULT_INTENSITY
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
