"""The parameter registry: every model parameter is declared here, once.

Scenario validation, ``dkbm run --set``, the web app's controls, sweep bounds and
the parameter table in ``docs/ODD.md`` are all derived from :data:`PARAMETERS`.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import InputError

GROUPS = {
    "necessity": ("Müssen", "Necessity"),
    "motivation": ("Wollen", "Motivation"),
    "competence": ("Können", "Competence"),
    "environment": ("Umfeld", "Environment"),
}


@dataclass(frozen=True)
class Parameter:
    """One model parameter.

    Attributes
    ----------
    name : str
        Keyword accepted by :class:`models.CollaborationModel` and :func:`models.simulate`.
    default, low, high : float
        Default value and inclusive bounds.
    unit : str
        Unit in English (``"share 0..1"``, ``"months"``, ``"1/month"``, ...).
    group : str
        One of :data:`GROUPS` (Müssen / Wollen / Können / Umfeld).
    label_de, label_en : str
        Short labels for controls and tables.
    help_en, help_de : str
        One-line explanations.
    integer : bool
        Whether the value must be a whole number.
    structural : bool
        Whether the value fixes array shapes and so must be shared by a batch.
    """

    name: str
    default: float
    low: float
    high: float
    unit: str
    group: str
    label_de: str
    label_en: str
    help_en: str
    help_de: str
    integer: bool = False
    structural: bool = False

    def label(self, lang: str = "de") -> str:
        return self.label_de if lang == "de" else self.label_en

    def help(self, lang: str = "de") -> str:
        return self.help_de if lang == "de" else self.help_en

    @property
    def kind(self) -> str:
        return "integer" if self.integer else "number"

    def describe_bounds(self) -> str:
        """E.g. ``"a number in [0, 1]"`` or ``"an integer in [0, 600]"``."""
        article = "an" if self.integer else "a"
        return f"{article} {self.kind} in [{_fmt(self.low)}, {_fmt(self.high)}]"

    def check(self, value) -> float | int:
        """Return ``value`` as float/int or raise :class:`InputError` naming this parameter."""
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise InputError(
                f"'{self.name}' must be {self.describe_bounds()}; got {value!r}", key=self.name
            )
        if not math.isfinite(float(value)) or not self.low <= value <= self.high:
            raise InputError(
                f"'{self.name}' must be {self.describe_bounds()}; got {_fmt(value)}",
                key=self.name,
            )
        if self.integer:
            if float(value) != int(value):
                raise InputError(
                    f"'{self.name}' must be {self.describe_bounds()}; got {_fmt(value)}",
                    key=self.name,
                )
            return int(value)
        return float(value)


def _fmt(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def _p(name, default, low, high, unit, group, label_de, label_en, help_en, help_de, **kw):
    return Parameter(
        name, default, low, high, unit, group, label_de, label_en, help_en, help_de, **kw
    )


_PARAMETER_LIST = [
    # --- Müssen / necessity --------------------------------------------------------------
    _p(
        "necessity_init",
        0.3,
        0,
        1,
        "share 0..1",
        "necessity",
        "Problembewusstsein (Start)",
        "Necessity awareness (initial)",
        "Mean initial necessity awareness across departments.",
        "Mittleres anfängliches Problembewusstsein der Ämter.",
    ),
    _p(
        "necessity_decay",
        0.04,
        0,
        0.5,
        "1/month",
        "necessity",
        "Verblassen der Aufmerksamkeit",
        "Attention decay",
        "Monthly rate at which necessity awareness returns to its baseline without new reports.",
        "Monatliche Rate, mit der das Problembewusstsein ohne neue Berichte zurückgeht.",
    ),
    _p(
        "report_effect",
        0.5,
        0,
        1,
        "share 0..1",
        "necessity",
        "Wirkung eines Bildungsberichts",
        "Effect of an education report",
        "Share of the gap between awareness and true need that a report closes at full data quality and full problem_analysis intensity.",
        "Anteil der Lücke zwischen Bewusstsein und Bedarf, den ein Bericht bei voller Datenqualität und voller Intensität der Problemanalyse schließt.",
    ),
    _p(
        "peer_influence",
        0.05,
        0,
        0.5,
        "1/month",
        "necessity",
        "Einfluss über Vertrauen",
        "Peer influence",
        "Monthly rate at which awareness spreads between linked departments, weighted by trust.",
        "Monatliche Rate, mit der sich Bewusstsein über vertrauensvolle Beziehungen ausbreitet.",
    ),
    _p(
        "data_quality_init",
        0.15,
        0,
        1,
        "share 0..1",
        "necessity",
        "Datengrundlage (Start)",
        "Data foundation (initial)",
        "Initial quality of the education data base; also the level it decays back to.",
        "Anfängliche Qualität der Bildungsdaten; auch das Niveau, auf das sie zurückfällt.",
    ),
    _p(
        "data_decay",
        0.028,
        0,
        0.5,
        "1/month",
        "necessity",
        "Veralten der Daten",
        "Data staleness",
        "Monthly rate at which data quality decays toward its initial level without monitoring.",
        "Monatliche Rate, mit der die Datenqualität ohne Monitoring veraltet.",
    ),
    # --- Wollen / motivation -------------------------------------------------------------
    _p(
        "motivation_init",
        0.4,
        0,
        1,
        "share 0..1",
        "motivation",
        "Motivation (Start)",
        "Motivation (initial)",
        "Mean initial motivation to invest in cooperation across departments.",
        "Mittlere anfängliche Bereitschaft der Ämter, in Zusammenarbeit zu investieren.",
    ),
    _p(
        "aspiration",
        0.3,
        0,
        1,
        "share 0..1",
        "motivation",
        "Anspruchsniveau",
        "Aspiration level",
        "Payoff a department expects from a joint project; above it motivation grows, below it falls.",
        "Erwarteter Nutzen eines gemeinsamen Projekts; darüber steigt die Motivation, darunter sinkt sie.",
    ),
    _p(
        "learning_rate",
        0.2,
        0,
        1,
        "share 0..1",
        "motivation",
        "Lernrate Motivation",
        "Motivation learning rate",
        "Bush-Mosteller learning rate of motivation after a project ends.",
        "Lernrate der Motivation nach Projektende (Bush-Mosteller).",
    ),
    _p(
        "motivation_decay",
        0.02,
        0,
        0.5,
        "1/month",
        "motivation",
        "Rückgang der Motivation",
        "Motivation decay",
        "Monthly rate at which motivation returns to its initial level.",
        "Monatliche Rate, mit der die Motivation auf ihr Ausgangsniveau zurückgeht.",
    ),
    _p(
        "political_will_init",
        0.4,
        0,
        1,
        "share 0..1",
        "motivation",
        "Politischer Wille (Grundniveau)",
        "Political will (baseline)",
        "Baseline priority that political leadership gives to education management.",
        "Grundniveau der Priorität, die die Verwaltungsspitze dem Bildungsmanagement gibt.",
    ),
    _p(
        "political_will_decay",
        0.058,
        0,
        0.5,
        "1/month",
        "motivation",
        "Abklingen des politischen Willens",
        "Political will decay",
        "Monthly rate at which political will returns to its baseline (0.058 = half-life 12 months).",
        "Monatliche Rate, mit der der politische Wille auf sein Grundniveau zurückgeht.",
    ),
    _p(
        "leadership_pull",
        0.015,
        0,
        0.5,
        "1/month",
        "motivation",
        "Zug durch Führung",
        "Leadership pull",
        "Monthly rate at which political will raises departments' motivation.",
        "Monatliche Rate, mit der politischer Wille die Motivation der Ämter hebt.",
    ),
    _p(
        "trust_init",
        0.35,
        0,
        1,
        "share 0..1",
        "motivation",
        "Vertrauen (Vorgeschichte)",
        "Trust (prehistory)",
        "Mean initial trust between interdependent departments.",
        "Mittleres anfängliches Vertrauen zwischen verflochtenen Ämtern.",
    ),
    _p(
        "trust_gain",
        0.1,
        0,
        1,
        "share 0..1",
        "motivation",
        "Vertrauensgewinn je Erfolg",
        "Trust gain per success",
        "Share of the distance to full trust gained after a successful joint project.",
        "Anteil des Abstands zu vollem Vertrauen, der nach einem Erfolg gewonnen wird.",
    ),
    _p(
        "trust_loss_ratio",
        3.0,
        1,
        10,
        "ratio",
        "motivation",
        "Asymmetrie Vertrauensverlust",
        "Trust loss asymmetry",
        "Trust lost on a (perceived) defection relative to the gain on a success.",
        "Vertrauensverlust bei (wahrgenommenem) Ausstieg im Verhältnis zum Gewinn bei Erfolg.",
    ),
    _p(
        "failure_trust_loss",
        0.05,
        0,
        1,
        "share 0..1",
        "motivation",
        "Vertrauensverlust bei Misserfolg",
        "Trust loss on failure",
        "Share of trust lost after a joint project fails without anyone's fault.",
        "Anteil des Vertrauens, der nach einem unverschuldeten Misserfolg verloren geht.",
    ),
    _p(
        "legitimacy_init",
        0.1,
        0,
        1,
        "share 0..1",
        "motivation",
        "Legitimation (Start)",
        "Legitimacy (initial)",
        "Initial formal legitimacy (council resolution, service instruction, budget line).",
        "Anfängliche formale Legitimation (Kreistagsbeschluss, Dienstanweisung, Haushaltstitel).",
    ),
    _p(
        "election_hazard",
        0.0167,
        0,
        0.2,
        "1/month",
        "motivation",
        "Wahlwahrscheinlichkeit",
        "Election hazard",
        "Monthly probability of an election or change of leadership (1/60 = council term of 5 years).",
        "Monatliche Wahrscheinlichkeit einer Wahl oder eines Führungswechsels (1/60 = 5 Jahre).",
    ),
    _p(
        "election_volatility",
        0.4,
        0,
        1,
        "share 0..1",
        "motivation",
        "Wechselhaftigkeit nach Wahlen",
        "Election volatility",
        "Spread of the new political will after a random election, before legitimacy buffers it.",
        "Streuung des politischen Willens nach einer Wahl, bevor Legitimation sie abfedert.",
    ),
    # --- Können / competence -------------------------------------------------------------
    _p(
        "competence_init",
        0.3,
        0,
        1,
        "share 0..1",
        "competence",
        "Kompetenz (Start)",
        "Competence (initial)",
        "Mean initial competence for cross-departmental work across departments.",
        "Mittlere anfängliche Kompetenz der Ämter für ressortübergreifende Arbeit.",
    ),
    _p(
        "learning_by_doing",
        0.015,
        0,
        0.2,
        "1/month",
        "competence",
        "Lernen durch Tun",
        "Learning by doing",
        "Monthly competence gain per active joint project, as a share of the distance to 1.",
        "Monatlicher Kompetenzgewinn je laufendem Projekt, als Anteil des Abstands zu 1.",
    ),
    _p(
        "competence_decay",
        0.005,
        0,
        0.1,
        "1/month",
        "competence",
        "Verlernen",
        "Competence decay",
        "Monthly rate at which unused competence returns to its baseline; up to 3x faster, toward a lower level, in the workload trap.",
        "Monatliche Rate, mit der ungenutzte Kompetenz zum Ausgangsniveau zurückkehrt; bei Überlastung bis zu 3-mal schneller und tiefer.",
    ),
    _p(
        "competence_loss_turnover",
        0.4,
        0,
        1,
        "share 0..1",
        "competence",
        "Kompetenzverlust bei Personalwechsel",
        "Competence lost per turnover",
        "Share of a department's competence lost when its liaison person leaves.",
        "Anteil der Kompetenz, der beim Wechsel der Ansprechperson verloren geht.",
    ),
    _p(
        "institutionalisation_init",
        0.05,
        0,
        1,
        "share 0..1",
        "competence",
        "Institutionalisierung (Start)",
        "Institutionalisation (initial)",
        "Initial level of committees, procedures and routines for cooperation.",
        "Anfängliches Niveau von Gremien, Verfahren und Routinen der Zusammenarbeit.",
    ),
    _p(
        "institution_decay",
        0.019,
        0,
        0.5,
        "1/month",
        "competence",
        "Verfall ungenutzter Strukturen",
        "Decay of unused structures",
        "Monthly decay of institutionalisation when structures are not used (0.019 = half-life 36 months).",
        "Monatlicher Verfall ungenutzter Strukturen (0,019 = Halbwertszeit 36 Monate).",
    ),
    _p(
        "trust_floor",
        0.6,
        0,
        1,
        "share 0..1",
        "competence",
        "Vertrauensboden durch Strukturen",
        "Institutional trust floor",
        "Trust cannot fall below this factor times institutionalisation.",
        "Vertrauen fällt nicht unter diesen Faktor mal Institutionalisierung.",
    ),
    _p(
        "meeting_base",
        0.08,
        0,
        1,
        "1/month",
        "competence",
        "Begegnungen ohne Strukturen",
        "Meetings without structures",
        "Monthly probability that two interdependent departments meet without any structure.",
        "Monatliche Wahrscheinlichkeit, dass sich zwei Ämter ohne Strukturen begegnen.",
    ),
    _p(
        "project_duration",
        6,
        1,
        36,
        "months",
        "competence",
        "Projektdauer",
        "Project duration",
        "Duration of a joint project.",
        "Dauer eines gemeinsamen Projekts.",
        integer=True,
    ),
    _p(
        "project_hours",
        6.0,
        0,
        80,
        "hours/month",
        "competence",
        "Projektaufwand je Amt",
        "Project hours per department",
        "Staff hours each partner spends per month on a joint project.",
        "Arbeitsstunden, die jedes Amt je Monat für ein gemeinsames Projekt aufwendet.",
    ),
    _p(
        "project_difficulty",
        0.4,
        0,
        1,
        "share 0..1",
        "competence",
        "Projektschwierigkeit",
        "Project difficulty",
        "Mean difficulty of joint projects (0 = small wins, 1 = flagship).",
        "Mittlere Schwierigkeit gemeinsamer Projekte (0 = kleine Erfolge, 1 = Leuchtturm).",
    ),
    # --- Umfeld / environment ------------------------------------------------------------
    _p(
        "n_departments",
        11,
        2,
        400,
        "departments",
        "environment",
        "Anzahl Ämter",
        "Number of departments",
        "Number of departments and partners (11 = the default Landkreis; more adds external partners).",
        "Anzahl der Ämter und Partner (11 = Standard-Landkreis; mehr ergänzt externe Partner).",
        integer=True,
        structural=True,
    ),
    _p(
        "funding_months",
        36,
        0,
        600,
        "months",
        "environment",
        "Förderende (Monat)",
        "Funding ends (month)",
        "Month in which programme funding ends (36 = Bildung integriert without extension).",
        "Monat, in dem die Programmförderung endet (36 = Bildung integriert ohne Verlängerung).",
        integer=True,
    ),
    _p(
        "funded_posts",
        2.0,
        0,
        10,
        "FTE",
        "environment",
        "Geförderte Stellen",
        "Funded posts",
        "Bildungsbüro staff funded by the programme (2 = manager and monitoring post).",
        "Vom Programm geförderte Stellen im Bildungsbüro (2 = Management und Monitoring).",
    ),
    _p(
        "core_posts",
        0.0,
        0,
        10,
        "FTE",
        "environment",
        "Stellen im Regelhaushalt",
        "Posts in the regular budget",
        "Bildungsbüro staff paid from the municipality's own budget, independent of funding.",
        "Stellen im Bildungsbüro aus dem eigenen Haushalt, unabhängig von der Förderung.",
    ),
    _p(
        "turnover_rate",
        0.10,
        0,
        1,
        "share/year",
        "environment",
        "Personalfluktuation",
        "Staff turnover",
        "Annual share of departments' liaison persons who are replaced.",
        "Jährlicher Anteil der Ansprechpersonen in den Ämtern, die wechseln.",
    ),
    _p(
        "workload",
        0.5,
        0,
        1,
        "share 0..1",
        "environment",
        "Arbeitsbelastung",
        "Workload",
        "Mean share of staff time bound by the core mandate.",
        "Mittlerer Anteil der Arbeitszeit, der durch Pflichtaufgaben gebunden ist.",
    ),
    _p(
        "workload_threshold",
        0.75,
        0,
        1,
        "share 0..1",
        "environment",
        "Überlastungsschwelle",
        "Overload threshold",
        "Workload above which departments skip meetings and let skills decay (capability trap).",
        "Belastung, ab der Ämter Termine absagen und Kompetenzen verfallen (Überlastungsfalle).",
    ),
    _p(
        "capacity_hours",
        40.0,
        0,
        200,
        "hours/month",
        "environment",
        "Freie Stunden je Amt",
        "Free hours per department",
        "Mean staff hours per month a department could give to cooperation at zero workload.",
        "Mittlere Stunden je Monat, die ein Amt ohne Belastung für Zusammenarbeit hätte.",
    ),
    _p(
        "init_spread",
        0.1,
        0,
        0.5,
        "share 0..1",
        "environment",
        "Streuung zwischen Ämtern",
        "Spread between departments",
        "Standard deviation of random differences between departments' initial values.",
        "Standardabweichung zufälliger Unterschiede zwischen den Startwerten der Ämter.",
    ),
    _p(
        "misperception",
        0.2,
        0,
        1,
        "share 0..1",
        "environment",
        "Fehlwahrnehmung",
        "Misperception",
        "Share of no-fault failures read as defection when there are no communication channels.",
        "Anteil unverschuldeter Misserfolge, die ohne Kommunikationswege als Ausstieg gelesen werden.",
    ),
]

PARAMETERS: dict[str, Parameter] = {p.name: p for p in _PARAMETER_LIST}
DEFAULTS: dict[str, float] = {p.name: p.default for p in _PARAMETER_LIST}


def get_parameter(name: str) -> Parameter:
    """Return the registry entry for ``name`` or raise a one-line :class:`InputError`."""
    try:
        return PARAMETERS[name]
    except KeyError:
        raise InputError(unknown_message("parameter", name, PARAMETERS), key=name) from None


def unknown_message(what: str, name, allowed) -> str:
    """One-line message for an unknown name, with a close-match suggestion."""
    allowed = list(allowed)
    close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    if len(allowed) <= 12:
        hint += f" (allowed: {', '.join(allowed)})"
    else:
        listing = {"parameter": "; list them with `dkbm params`"}.get(what, "")
        hint += f" ({len(allowed)} allowed{listing})"
    return f"unknown {what} '{name}'{hint}"


def validate_params(params: Mapping[str, object]) -> dict[str, float | int]:
    """Check scalar parameter values and fill in defaults.

    Raises
    ------
    InputError
        For an unknown name (with a suggestion) or an out-of-bounds or ill-typed value.
    """
    resolved = dict(DEFAULTS)
    for name, value in params.items():
        resolved[name] = get_parameter(name).check(value)
    resolved["n_departments"] = int(resolved["n_departments"])
    resolved["funding_months"] = int(resolved["funding_months"])
    resolved["project_duration"] = int(resolved["project_duration"])
    return resolved


def resolve_batch(params: Mapping[str, object], n_runs: int) -> dict[str, np.ndarray | int]:
    """Resolve parameters for a batch of ``n_runs`` replications.

    Each value may be a scalar shared by the batch or a sequence with one value
    per replication. Structural parameters must be scalars.

    Returns
    -------
    dict
        Structural parameters as ``int``; every other parameter as a float64
        array of shape ``(n_runs,)``.
    """
    out: dict[str, np.ndarray | int] = {}
    given = dict(params)
    for name in given:
        get_parameter(name)
    for name, par in PARAMETERS.items():
        value = given.get(name, par.default)
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence | np.ndarray):
            checked = par.check(value)
            out[name] = checked if par.structural else np.full(n_runs, float(checked))
            continue
        if par.structural:
            raise InputError(
                f"'{name}' fixes the shape of the model and must be one value for the whole "
                f"batch; got a sequence of {len(value)}",
                key=name,
            )
        values = list(value)
        if len(values) != n_runs:
            raise InputError(
                f"'{name}' must be a scalar or have one value per seed ({n_runs}); "
                f"got {len(values)} values",
                key=name,
            )
        out[name] = np.array([par.check(v) for v in values], dtype=float)
    return out
