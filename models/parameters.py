"""The parameter registry: every model parameter is declared here, once.

Scenario validation, ``dkbm run --set``, the web app's controls, sweep bounds and
the parameter table in ``docs/ODD.md`` are all derived from :data:`PARAMETERS`.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

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


_PARAMETER_LIST = [
    # --- Müssen / necessity --------------------------------------------------------------
    Parameter(
        name="necessity_init",
        default=0.3,
        low=0,
        high=1,
        unit="share 0..1",
        group="necessity",
        label_de="Problembewusstsein (Start)",
        label_en="Necessity awareness (initial)",
        help_en="Mean initial necessity awareness across departments.",
        help_de="Mittleres anfängliches Problembewusstsein der Ämter.",
    ),
    Parameter(
        name="necessity_decay",
        default=0.04,
        low=0,
        high=0.5,
        unit="1/month",
        group="necessity",
        label_de="Verblassen der Aufmerksamkeit",
        label_en="Attention decay",
        help_en="Monthly rate at which necessity awareness returns to its baseline without new reports.",
        help_de="Monatliche Rate, mit der das Problembewusstsein ohne neue Berichte zurückgeht.",
    ),
    Parameter(
        name="report_effect",
        default=0.5,
        low=0,
        high=1,
        unit="share 0..1",
        group="necessity",
        label_de="Wirkung eines Bildungsberichts",
        label_en="Effect of an education report",
        help_en="Share of the gap between awareness and true need that a report closes at full data quality and full problem_analysis intensity.",
        help_de="Anteil der Lücke zwischen Bewusstsein und Bedarf, den ein Bericht bei voller Datenqualität und voller Intensität der Problemanalyse schließt.",
    ),
    Parameter(
        name="peer_influence",
        default=0.05,
        low=0,
        high=0.5,
        unit="1/month",
        group="necessity",
        label_de="Einfluss über Vertrauen",
        label_en="Peer influence",
        help_en="Monthly rate at which awareness spreads between linked departments, weighted by trust.",
        help_de="Monatliche Rate, mit der sich Bewusstsein über vertrauensvolle Beziehungen ausbreitet.",
    ),
    Parameter(
        name="data_quality_init",
        default=0.15,
        low=0,
        high=1,
        unit="share 0..1",
        group="necessity",
        label_de="Datengrundlage (Start)",
        label_en="Data foundation (initial)",
        help_en="Initial quality of the education data base; also the level it decays back to.",
        help_de="Anfängliche Qualität der Bildungsdaten; auch das Niveau, auf das sie zurückfällt.",
    ),
    Parameter(
        name="data_decay",
        default=0.028,
        low=0,
        high=0.5,
        unit="1/month",
        group="necessity",
        label_de="Veralten der Daten",
        label_en="Data staleness",
        help_en="Monthly rate at which data quality decays toward its initial level without monitoring.",
        help_de="Monatliche Rate, mit der die Datenqualität ohne Monitoring veraltet.",
    ),
    # --- Wollen / motivation -------------------------------------------------------------
    Parameter(
        name="motivation_init",
        default=0.4,
        low=0,
        high=1,
        unit="share 0..1",
        group="motivation",
        label_de="Motivation (Start)",
        label_en="Motivation (initial)",
        help_en="Mean initial motivation to invest in cooperation across departments.",
        help_de="Mittlere anfängliche Bereitschaft der Ämter, in Zusammenarbeit zu investieren.",
    ),
    Parameter(
        name="aspiration",
        default=0.75,
        low=-0.5,
        high=1.5,
        unit="ratio",
        group="motivation",
        label_de="Anspruchsniveau (Start)",
        label_en="Aspiration level (initial)",
        help_en="Payoff a department is satisfied with in the cooperation game; an outcome above it reinforces the action taken, one below it discourages it.",
        help_de="Nutzen, mit dem ein Amt im Kooperationsspiel zufrieden ist; ein Ergebnis darüber bestärkt die gewählte Handlung, eines darunter schwächt sie.",
    ),
    Parameter(
        name="aspiration_habituation",
        default=0.0,
        low=0,
        high=1,
        unit="share 0..1",
        group="motivation",
        label_de="Gewöhnung des Anspruchs",
        label_en="Aspiration habituation",
        help_en="Share by which a department's aspiration moves towards each payoff it receives (0 = fixed aspiration).",
        help_de="Anteil, um den sich das Anspruchsniveau eines Amts an jeden erhaltenen Nutzen anpasst (0 = fester Anspruch).",
    ),
    Parameter(
        name="payoff_temptation",
        default=1.5,
        low=-5,
        high=5,
        unit="ratio",
        group="motivation",
        label_de="Auszahlung Versuchung",
        label_en="Temptation payoff",
        help_en="Payoff of declining or withdrawing while the partner invests: the hours kept (scaled up by workload).",
        help_de="Nutzen, wenn ein Amt absagt oder aussteigt, während der Partner investiert: die gesparten Stunden (steigt mit der Arbeitslast).",
    ),
    Parameter(
        name="payoff_reward",
        default=1.0,
        low=-5,
        high=5,
        unit="ratio",
        group="motivation",
        label_de="Auszahlung gemeinsamer Erfolg",
        label_en="Reward payoff",
        help_en="Value of a successful joint project to each partner (expected value when both agree).",
        help_de="Wert eines erfolgreichen gemeinsamen Projekts für jeden Partner (Erwartungswert, wenn beide zusagen).",
    ),
    Parameter(
        name="payoff_punishment",
        default=0.0,
        low=-5,
        high=5,
        unit="ratio",
        group="motivation",
        label_de="Auszahlung beidseitige Absage",
        label_en="Punishment payoff",
        help_en="Payoff when both decline, both withdraw or a project fails: nothing gained.",
        help_de="Nutzen, wenn beide absagen, beide aussteigen oder ein Projekt scheitert: nichts gewonnen.",
    ),
    Parameter(
        name="payoff_sucker",
        default=-4.0,
        low=-5,
        high=5,
        unit="ratio",
        group="motivation",
        label_de="Auszahlung vergebliche Vorleistung",
        label_en="Sucker's payoff",
        help_en="Payoff of agreeing or staying while the partner declines or withdraws: hours wasted (scaled up by workload).",
        help_de="Nutzen, wenn ein Amt zusagt oder bleibt, während der Partner absagt oder aussteigt: vergeudete Stunden (steigt mit der Arbeitslast).",
    ),
    Parameter(
        name="learning_rate",
        default=0.09,
        low=0,
        high=1,
        unit="share 0..1",
        group="motivation",
        label_de="Lernrate Motivation",
        label_en="Motivation learning rate",
        help_en="Bush-Mosteller learning rate l: how far each outcome of the cooperation game moves motivation, the propensity to cooperate.",
        help_de="Lernrate l (Bush-Mosteller): wie stark jedes Ergebnis des Kooperationsspiels die Motivation, die Neigung zur Zusammenarbeit, verschiebt.",
    ),
    Parameter(
        name="motivation_decay",
        default=0.02,
        low=0,
        high=0.5,
        unit="1/month",
        group="motivation",
        label_de="Rückgang der Motivation",
        label_en="Motivation decay",
        help_en="Monthly rate at which motivation returns to its initial level.",
        help_de="Monatliche Rate, mit der die Motivation auf ihr Ausgangsniveau zurückgeht.",
    ),
    Parameter(
        name="political_will_init",
        default=0.4,
        low=0,
        high=1,
        unit="share 0..1",
        group="motivation",
        label_de="Politischer Wille (Grundniveau)",
        label_en="Political will (baseline)",
        help_en="Baseline priority that political leadership gives to education management.",
        help_de="Grundniveau der Priorität, die die Verwaltungsspitze dem Bildungsmanagement gibt.",
    ),
    Parameter(
        name="political_will_decay",
        default=0.058,
        low=0,
        high=0.5,
        unit="1/month",
        group="motivation",
        label_de="Abklingen des politischen Willens",
        label_en="Political will decay",
        help_en="Monthly rate at which political will returns to its baseline (0.058 = half-life 12 months).",
        help_de="Monatliche Rate, mit der der politische Wille auf sein Grundniveau zurückgeht.",
    ),
    Parameter(
        name="leadership_pull",
        default=0.015,
        low=0,
        high=0.5,
        unit="1/month",
        group="motivation",
        label_de="Zug durch Führung",
        label_en="Leadership pull",
        help_en="Monthly rate at which political will raises departments' motivation.",
        help_de="Monatliche Rate, mit der politischer Wille die Motivation der Ämter hebt.",
    ),
    Parameter(
        name="trust_init",
        default=0.35,
        low=0,
        high=1,
        unit="share 0..1",
        group="motivation",
        label_de="Vertrauen (Vorgeschichte)",
        label_en="Trust (prehistory)",
        help_en="Mean initial trust between interdependent departments.",
        help_de="Mittleres anfängliches Vertrauen zwischen verflochtenen Ämtern.",
    ),
    Parameter(
        name="trust_gain",
        default=0.1,
        low=0,
        high=1,
        unit="share 0..1",
        group="motivation",
        label_de="Vertrauensgewinn je Erfolg",
        label_en="Trust gain per success",
        help_en="Share of the distance to full trust gained after a successful joint project.",
        help_de="Anteil des Abstands zu vollem Vertrauen, der nach einem Erfolg gewonnen wird.",
    ),
    Parameter(
        name="trust_loss_ratio",
        default=3.0,
        low=1,
        high=10,
        unit="ratio",
        group="motivation",
        label_de="Asymmetrie Vertrauensverlust",
        label_en="Trust loss asymmetry",
        help_en="Trust lost on a (perceived) defection relative to the gain on a success.",
        help_de="Vertrauensverlust bei (wahrgenommenem) Ausstieg im Verhältnis zum Gewinn bei Erfolg.",
    ),
    Parameter(
        name="failure_trust_loss",
        default=0.05,
        low=0,
        high=1,
        unit="share 0..1",
        group="motivation",
        label_de="Vertrauensverlust bei Misserfolg",
        label_en="Trust loss on failure",
        help_en="Share of trust lost after a joint project fails without anyone's fault.",
        help_de="Anteil des Vertrauens, der nach einem unverschuldeten Misserfolg verloren geht.",
    ),
    Parameter(
        name="reputation_spillover",
        default=0.25,
        low=0,
        high=1,
        unit="share 0..1",
        group="motivation",
        label_de="Ruf aus Erfolgen (Übertragung auf andere Paare)",
        label_en="Reputation from successes (spillover to other pairs)",
        help_en="Share of a success's trust gain that each other pair of the two partners also gains: a visible success gives a department the reputation of a reliable partner (Vangen & Huxham 2003: expectations from reputation; Weick 1984: small wins attract allies; SF4). Each success counts once, whatever the project's size. 0 = trust grows only in the pair that succeeded. Value [ASSUMPTION]: hearsay counts a quarter of own experience.",
        help_de="Anteil des Vertrauensgewinns eines Erfolgs, den auch jedes andere Paar der beiden Partner gewinnt: ein sichtbarer Erfolg gibt einem Amt den Ruf eines verlässlichen Partners (Vangen & Huxham 2003: Erwartungen aus dem Ruf; Weick 1984: kleine Erfolge gewinnen Verbündete; SF4). Jeder Erfolg zählt einmal, gleich wie groß das Projekt ist. 0 = Vertrauen wächst nur im erfolgreichen Paar. Wert [ANNAHME]: Hörensagen zählt ein Viertel der eigenen Erfahrung.",
    ),
    Parameter(
        name="legitimacy_init",
        default=0.1,
        low=0,
        high=1,
        unit="share 0..1",
        group="motivation",
        label_de="Legitimation (Start)",
        label_en="Legitimacy (initial)",
        help_en="Initial formal legitimacy (council resolution, service instruction, budget line).",
        help_de="Anfängliche formale Legitimation (Kreistagsbeschluss, Dienstanweisung, Haushaltstitel).",
    ),
    Parameter(
        name="election_hazard",
        default=0.0167,
        low=0,
        high=0.2,
        unit="1/month",
        group="motivation",
        label_de="Wahlwahrscheinlichkeit",
        label_en="Election hazard",
        help_en="Monthly probability of an election or change of leadership (1/60 = council term of 5 years).",
        help_de="Monatliche Wahrscheinlichkeit einer Wahl oder eines Führungswechsels (1/60 = 5 Jahre).",
    ),
    Parameter(
        name="election_volatility",
        default=0.4,
        low=0,
        high=1,
        unit="share 0..1",
        group="motivation",
        label_de="Wechselhaftigkeit nach Wahlen",
        label_en="Election volatility",
        help_en="Spread of the new political will after a random election, before legitimacy buffers it.",
        help_de="Streuung des politischen Willens nach einer Wahl, bevor Legitimation sie abfedert.",
    ),
    # --- Können / competence -------------------------------------------------------------
    Parameter(
        name="competence_init",
        default=0.3,
        low=0,
        high=1,
        unit="share 0..1",
        group="competence",
        label_de="Kompetenz (Start)",
        label_en="Competence (initial)",
        help_en="Mean initial competence for cross-departmental work across departments.",
        help_de="Mittlere anfängliche Kompetenz der Ämter für ressortübergreifende Arbeit.",
    ),
    Parameter(
        name="learning_by_doing",
        default=0.015,
        low=0,
        high=0.2,
        unit="1/month",
        group="competence",
        label_de="Lernen durch Tun",
        label_en="Learning by doing",
        help_en="Monthly competence gain per active joint project, as a share of the distance to 1.",
        help_de="Monatlicher Kompetenzgewinn je laufendem Projekt, als Anteil des Abstands zu 1.",
    ),
    Parameter(
        name="competence_decay",
        default=0.01,
        low=0,
        high=0.1,
        unit="1/month",
        group="competence",
        label_de="Verlernen",
        label_en="Competence decay",
        help_en="Monthly rate at which unused competence returns to its baseline; up to 3x faster, toward a lower level, in the workload trap (skills not used for a year decay markedly: Arthur et al. 1998; rate [ASSUMPTION]).",
        help_de="Monatliche Rate, mit der ungenutzte Kompetenz zum Ausgangsniveau zurückkehrt; bei Überlastung bis zu 3-mal schneller und tiefer (ein Jahr ungenutzte Fähigkeiten gehen deutlich zurück: Arthur et al. 1998; Rate [ANNAHME]).",
    ),
    Parameter(
        name="competence_loss_turnover",
        default=0.4,
        low=0,
        high=1,
        unit="share 0..1",
        group="competence",
        label_de="Kompetenzverlust bei Personalwechsel",
        label_en="Competence lost per turnover",
        help_en="Share of a department's competence lost when its liaison person leaves.",
        help_de="Anteil der Kompetenz, der beim Wechsel der Ansprechperson verloren geht.",
    ),
    Parameter(
        name="institutionalisation_init",
        default=0.05,
        low=0,
        high=1,
        unit="share 0..1",
        group="competence",
        label_de="Institutionalisierung (Start)",
        label_en="Institutionalisation (initial)",
        help_en="Initial level of committees, procedures and routines for cooperation.",
        help_de="Anfängliches Niveau von Gremien, Verfahren und Routinen der Zusammenarbeit.",
    ),
    Parameter(
        name="institution_decay",
        default=0.019,
        low=0,
        high=0.5,
        unit="1/month",
        group="competence",
        label_de="Verfall ungenutzter Strukturen",
        label_en="Decay of unused structures",
        help_en="Monthly decay of institutionalisation when structures are not used (0.019 = half-life 36 months).",
        help_de="Monatlicher Verfall ungenutzter Strukturen (0,019 = Halbwertszeit 36 Monate).",
    ),
    Parameter(
        name="trust_floor",
        default=0.6,
        low=0,
        high=1,
        unit="share 0..1",
        group="competence",
        label_de="Vertrauensboden durch Strukturen",
        label_en="Institutional trust floor",
        help_en="Trust cannot fall below this factor times institutionalisation.",
        help_de="Vertrauen fällt nicht unter diesen Faktor mal Institutionalisierung.",
    ),
    Parameter(
        name="meeting_base",
        default=0.22,
        low=0,
        high=1,
        unit="1/month",
        group="competence",
        label_de="Begegnungen ohne Strukturen",
        label_en="Meetings without structures",
        help_en="Monthly probability that two interdependent departments meet without any structure.",
        help_de="Monatliche Wahrscheinlichkeit, dass sich zwei Ämter ohne Strukturen begegnen.",
    ),
    Parameter(
        name="project_duration",
        default=6,
        low=1,
        high=36,
        unit="months",
        group="competence",
        label_de="Projektdauer",
        label_en="Project duration",
        help_en="Duration of a joint project.",
        help_de="Dauer eines gemeinsamen Projekts.",
        integer=True,
    ),
    Parameter(
        name="project_hours",
        default=6.0,
        low=0,
        high=80,
        unit="hours/month",
        group="competence",
        label_de="Projektaufwand je Amt",
        label_en="Project hours per department",
        help_en="Staff hours each partner spends per month on a joint project.",
        help_de="Arbeitsstunden, die jedes Amt je Monat für ein gemeinsames Projekt aufwendet.",
    ),
    Parameter(
        name="project_difficulty",
        default=0.4,
        low=0,
        high=1,
        unit="share 0..1",
        group="competence",
        label_de="Projektschwierigkeit",
        label_en="Project difficulty",
        help_en="Mean difficulty of joint projects (0 = small wins, 1 = flagship).",
        help_de="Mittlere Schwierigkeit gemeinsamer Projekte (0 = kleine Erfolge, 1 = Leuchtturm).",
    ),
    # --- Umfeld / environment ------------------------------------------------------------
    Parameter(
        name="n_departments",
        default=11,
        low=2,
        high=400,
        unit="departments",
        group="environment",
        label_de="Anzahl Ämter",
        label_en="Number of departments",
        help_en="Number of departments and partners (11 = the default Landkreis; more adds external partners).",
        help_de="Anzahl der Ämter und Partner (11 = Standard-Landkreis; mehr ergänzt externe Partner).",
        integer=True,
        structural=True,
    ),
    Parameter(
        name="funding_months",
        default=36,
        low=0,
        high=600,
        unit="months",
        group="environment",
        label_de="Förderende (Monat)",
        label_en="Funding ends (month)",
        help_en="Month in which programme funding ends (36 = Bildung integriert without extension).",
        help_de="Monat, in dem die Programmförderung endet (36 = Bildung integriert ohne Verlängerung).",
        integer=True,
    ),
    Parameter(
        name="funded_posts",
        default=2.0,
        low=0,
        high=10,
        unit="FTE",
        group="environment",
        label_de="Geförderte Stellen",
        label_en="Funded posts",
        help_en="Bildungsbüro staff funded by the programme (2 = manager and monitoring post).",
        help_de="Vom Programm geförderte Stellen im Bildungsbüro (2 = Management und Monitoring).",
    ),
    Parameter(
        name="core_posts",
        default=0.0,
        low=0,
        high=10,
        unit="FTE",
        group="environment",
        label_de="Stellen im Regelhaushalt",
        label_en="Posts in the regular budget",
        help_en="Bildungsbüro staff paid from the municipality's own budget, independent of funding.",
        help_de="Stellen im Bildungsbüro aus dem eigenen Haushalt, unabhängig von der Förderung.",
    ),
    Parameter(
        name="turnover_rate",
        default=0.10,
        low=0,
        high=1,
        unit="share/year",
        group="environment",
        label_de="Personalfluktuation",
        label_en="Staff turnover",
        help_en="Annual share of departments' liaison persons who are replaced.",
        help_de="Jährlicher Anteil der Ansprechpersonen in den Ämtern, die wechseln.",
    ),
    Parameter(
        name="workload",
        default=0.5,
        low=0,
        high=1,
        unit="share 0..1",
        group="environment",
        label_de="Arbeitsbelastung",
        label_en="Workload",
        help_en="Mean share of staff time bound by the core mandate.",
        help_de="Mittlerer Anteil der Arbeitszeit, der durch Pflichtaufgaben gebunden ist.",
    ),
    Parameter(
        name="workload_threshold",
        default=0.75,
        low=0,
        high=1,
        unit="share 0..1",
        group="environment",
        label_de="Überlastungsschwelle",
        label_en="Overload threshold",
        help_en="Workload above which departments skip meetings and let skills decay (capability trap).",
        help_de="Belastung, ab der Ämter Termine absagen und Kompetenzen verfallen (Überlastungsfalle).",
    ),
    Parameter(
        name="capacity_hours",
        default=40.0,
        low=0,
        high=200,
        unit="hours/month",
        group="environment",
        label_de="Freie Stunden je Amt",
        label_en="Free hours per department",
        help_en="Mean staff hours per month a department could give to cooperation at zero workload.",
        help_de="Mittlere Stunden je Monat, die ein Amt ohne Belastung für Zusammenarbeit hätte.",
    ),
    Parameter(
        name="init_spread",
        default=0.1,
        low=0,
        high=0.5,
        unit="share 0..1",
        group="environment",
        label_de="Streuung zwischen Ämtern",
        label_en="Spread between departments",
        help_en="Standard deviation of random differences between departments' initial values.",
        help_de="Standardabweichung zufälliger Unterschiede zwischen den Startwerten der Ämter.",
    ),
    Parameter(
        name="misperception",
        default=0.2,
        low=0,
        high=1,
        unit="share 0..1",
        group="environment",
        label_de="Fehlwahrnehmung",
        label_en="Misperception",
        help_en="Share of no-fault failures read as defection when there are no communication channels.",
        help_de="Anteil unverschuldeter Misserfolge, die ohne Kommunikationswege als Ausstieg gelesen werden.",
    ),
    # --- added for the stylized facts SF13, SF15, ... (neutral defaults) ------------------
    Parameter(
        name="self_organisation",
        default=1.0,
        low=0,
        high=1,
        unit="factor",
        group="environment",
        label_de="Selbstorganisation der Ämter",
        label_en="Self-organisation of departments",
        help_en="Factor on the chance that a pair starts a project without the education office (1 = as modelled, 0 = every project needs the office; SF13 knockout). [ASSUMPTION]",
        help_de="Faktor auf die Chance, dass ein Paar ein Projekt ohne das Bildungsbüro startet (1 = wie modelliert, 0 = jedes Projekt braucht das Büro; Knockout von SF13). [ANNAHME]",
    ),
    Parameter(
        name="agenda_response",
        default=0.5,
        low=0,
        high=1,
        unit="1/month",
        group="environment",
        label_de="Reaktion der Führung auf den Bericht",
        label_en="Leadership response to a report",
        help_en="Monthly share of the gap in shared goals, legitimacy (conference) and, following the goals, institutionalisation that the agenda set by a report closes at full agenda and high political will (0.5: structures follow a report within about a year, as in the Uckermark 2019; 0 = reports only raise awareness). [ASSUMPTION]",
        help_de="Monatlicher Anteil der Lücke bei gemeinsamen Zielen, Legitimation (Konferenz) und, den Zielen folgend, Institutionalisierung, den die von einem Bericht gesetzte Agenda bei voller Agenda und hohem politischem Willen schließt (0,5: Strukturen folgen einem Bericht binnen etwa eines Jahres, wie in der Uckermark 2019; 0 = Berichte heben nur das Bewusstsein). [ANNAHME]",
    ),
    Parameter(
        name="forum_size_penalty",
        default=0.1,
        low=0,
        high=1,
        unit="share 0..1",
        group="competence",
        label_de="Einspruchsrisiko je weiterem Forumsmitglied",
        label_en="Objection risk per further forum member",
        help_en="Chance that one further department of the group deciding in the participation forum objects to a joint project of two forum members (veto players, Scharpf 1993): of the projects a pair agreed on, (1 - this)^(k - 2) start in a deciding group of k departments, the plenary of the whole forum or, with working groups, WORKING_GROUP_SIZE (with all 11 departments in the plenary 39 %, in working groups 90 %); 0 = forum size costs no agreement, the SF10 knockout; SF10 runs with the default 0.1. [ASSUMPTION]",
        help_de="Wahrscheinlichkeit, dass ein weiteres Amt der im Beteiligungsforum entscheidenden Gruppe einem gemeinsamen Projekt zweier Forumsmitglieder widerspricht (Vetospieler, Scharpf 1993): Von den Projekten, auf die sich ein Paar geeinigt hat, starten in einer entscheidenden Gruppe von k Ämtern (das Plenum des ganzen Forums oder, mit Arbeitsgruppen, WORKING_GROUP_SIZE) (1 - dieser Wert)^(k - 2) (mit allen 11 Ämtern im Plenum 39 %, in Arbeitsgruppen 90 %); 0 = die Forumsgröße kostet keine Einigung, der Knockout von SF10; SF10 läuft mit dem Standardwert 0,1. [ANNAHME]",
    ),
    Parameter(
        name="working_groups",
        default=0.0,
        low=0,
        high=1,
        unit="share 0..1",
        group="competence",
        label_de="Arbeit in kleinen Arbeitsgruppen",
        label_en="Work split into small working groups",
        help_en="Share of the participation forum's decisions taken in small working groups of WORKING_GROUP_SIZE departments instead of the plenary: fewer departments can object (forum_size_penalty), while the forum still informs and legitimates with all its members (0 = plenary only). Working groups cost no extra hours [simplification].",
        help_de="Anteil der Entscheidungen des Beteiligungsforums, der in kleinen Arbeitsgruppen von WORKING_GROUP_SIZE Ämtern statt im Plenum fällt: Weniger Ämter können widersprechen (forum_size_penalty), das Forum informiert und legitimiert aber weiter mit allen Mitgliedern (0 = nur Plenum). Arbeitsgruppen kosten keine zusätzlichen Stunden [Vereinfachung].",
    ),
    Parameter(
        name="project_scale",
        default=1.0,
        low=0.25,
        high=4,
        unit="factor",
        group="competence",
        label_de="Projektgröße (Ehrgeiz)",
        label_en="Project size (ambition)",
        help_en="Size of joint projects relative to the usual one: a project of size k runs k times project_duration months with the same hours per month, is harder by scale_difficulty * ln k, and its success builds the trust of one success (or of k small successes with trust_per_size 1) (1 = as modelled; 3 = a flagship project, SF4).",
        help_de="Größe gemeinsamer Projekte relativ zum üblichen: ein Projekt der Größe k läuft k-mal project_duration Monate mit denselben Stunden je Monat, ist um scale_difficulty * ln k schwieriger, und sein Erfolg schafft das Vertrauen eines Erfolgs (oder von k kleinen Erfolgen mit trust_per_size 1) (1 = wie modelliert; 3 = ein Leuchtturmprojekt, SF4).",
    ),
    Parameter(
        name="scale_difficulty",
        default=0.3,
        low=0,
        high=1,
        unit="share 0..1",
        group="competence",
        label_de="Schwierigkeit großer Projekte",
        label_en="Difficulty of large projects",
        help_en="Difficulty added per unit of ln(project_scale): larger projects have more interfaces and risks (no effect at project_scale 1; 0 is the SF4 knockout). [ASSUMPTION]",
        help_de="Zusätzliche Schwierigkeit je Einheit ln(project_scale): größere Projekte haben mehr Schnittstellen und Risiken (ohne Wirkung bei project_scale 1; 0 ist der Knockout von SF4). [ANNAHME]",
    ),
    Parameter(
        name="decision_rule",
        default=0,
        low=0,
        high=1,
        unit="rule",
        group="competence",
        label_de="Entscheidungsregel (0 Einstimmigkeit, 1 qualifizierte Mehrheit)",
        label_en="Decision rule (0 unanimity, 1 qualified majority)",
        help_en="How a pair decides on a joint project: 0 = both must agree; 1 = a side with at least QUALIFIED_MAJORITY of the pair's power may decide alone, and the outvoted partner is more likely to withdraw (SF11).",
        help_de="Wie ein Paar über ein gemeinsames Projekt entscheidet: 0 = beide müssen zustimmen; 1 = eine Seite mit mindestens QUALIFIED_MAJORITY der Macht des Paares darf allein entscheiden, und der überstimmte Partner steigt eher aus (SF11).",
        integer=True,
    ),
    Parameter(
        name="power_spread",
        default=1.0,
        low=0,
        high=2,
        unit="factor",
        group="competence",
        label_de="Machtgefälle zwischen Ämtern",
        label_en="Power imbalance between departments",
        help_en="Factor on the departments' power differences around their mean (1 = as in the department table, 0 = equal power; SF11 knockout).",
        help_de="Faktor auf die Machtunterschiede der Ämter um ihren Mittelwert (1 = wie in der Ämtertabelle, 0 = gleiche Macht; Knockout von SF11).",
    ),
    Parameter(
        name="readiness_gate",
        default=1,
        low=0,
        high=1,
        unit="switch",
        group="necessity",
        label_de="Knoster-Schranke von Müssen und Können (1 an, 0 aus)",
        label_en="Knoster gate of necessity and competence (1 on, 0 off)",
        help_en="1: a department agrees only as far as its necessity and competence pass the Hill gate (7.6); 0: the gate is off and only motivation and the situation decide (the SF1 knockout; the diagnosis is unchanged).",
        help_de="1: ein Amt stimmt nur zu, soweit Müssen und Können die Hill-Schranke passieren (7.6); 0: die Schranke ist aus, nur Wollen und Lage entscheiden (Knockout von SF1; die Diagnose bleibt).",
        integer=True,
    ),
    Parameter(
        name="interdependence_perception",
        default=1.0,
        low=0,
        high=1,
        unit="share 0..1",
        group="necessity",
        label_de="Wahrgenommene Verflechtung",
        label_en="Perceived interdependence",
        help_en="Share of their true interdependence that departments see at the start; it sets how interdependence draws pairs to meet (7.6), and stakeholder_mapping reveals the rest (1 = seen fully, the model as before). [ASSUMPTION]",
        help_de="Anteil ihrer tatsächlichen Verflechtung, den die Ämter zu Beginn sehen; er bestimmt, wie stark Verflechtung Paare zusammenführt (7.6), und die Stakeholder-Analyse deckt den Rest auf (1 = voll gesehen, das Modell wie zuvor). [ANNAHME]",
    ),
    Parameter(
        name="goals_agreement",
        default=0.0,
        low=0,
        high=3,
        unit="logit",
        group="motivation",
        label_de="Gemeinsame Ziele in der Zustimmung",
        label_en="Shared goals in agreement",
        help_en="Weight of shared goals in a department's decision to agree to a joint project (added to the logit of 7.6; 0 = goals act only on a success's value, the model as before). [ASSUMPTION]",
        help_de="Gewicht gemeinsamer Ziele in der Entscheidung eines Amts, einem gemeinsamen Projekt zuzustimmen (im Logit von 7.6; 0 = Ziele wirken nur auf den Wert eines Erfolgs, das Modell wie zuvor). [ANNAHME]",
    ),
    Parameter(
        name="anchoring",
        default=1,
        low=0,
        high=1,
        unit="switch",
        group="competence",
        label_de="Verankerung durch Strukturen (1 an, 0 aus)",
        label_en="Anchoring by structures (1 on, 0 off)",
        help_en="1: institutionalisation acts (routine meetings and self-started projects 7.6, lasting decision processes and outcome 7.7, turnover buffer and trust floor 7.8) and legitimacy secures the budget line that takes over programme posts at the funding end (7.1); 0: institutionalisation is still built and decays but has none of these effects and no post is taken over on the strength of legitimacy (the SF6 knockout; Bryson et al. 2006).",
        help_de="1: Institutionalisierung wirkt (Routinetreffen und selbst gestartete Projekte 7.6, dauerhafte Entscheidungsprozesse und Ergebnisse 7.7, Puffer gegen Fluktuation und Vertrauensboden 7.8), und Legitimation sichert die Haushaltsstelle, die Programmstellen zum Förderende übernimmt (7.1); 0: Institutionalisierung wird aufgebaut und zerfällt, wirkt aber nicht, und keine Stelle wird kraft Legitimation übernommen (Knockout von SF6; Bryson et al. 2006).",
        integer=True,
    ),
    Parameter(
        name="legitimacy_buffer",
        default=1,
        low=0,
        high=1,
        unit="switch",
        group="motivation",
        label_de="Legitimation dämpft Wahlen (1 an, 0 aus)",
        label_en="Legitimacy buffers elections (1 on, 0 off)",
        help_en="1: an election cuts political will, its base and mandates by its severity times (1 - legitimacy) (7.1); 0: by its severity regardless of legitimacy (the SF9 knockout; Emerson et al. 2012).",
        help_de="1: eine Wahl senkt politischen Willen, seine Basis und Mandate um ihre Schwere mal (1 - Legitimation) (7.1); 0: um ihre Schwere unabhängig von der Legitimation (Knockout von SF9; Emerson et al. 2012).",
        integer=True,
    ),
    Parameter(
        name="turnover_buffer",
        default=1,
        low=0,
        high=1,
        unit="switch",
        group="competence",
        label_de="Strukturen puffern Fluktuation (1 an, 0 aus)",
        label_en="Structures buffer turnover (1 on, 0 off)",
        help_en="1: structures keep the share I of what a departing liaison person carried (competence, personal trust, understanding and commitment lose only 1 - I of their turnover loss, 7.8); 0: turnover costs as much with structures as without (the SF7 knockout; the trust floor stays). [ASSUMPTION for the form]",
        help_de="1: Strukturen bewahren den Anteil I dessen, was eine ausscheidende Kontaktperson trug (Kompetenz, persönliches Vertrauen, Verständnis und Verbindlichkeit verlieren nur 1 - I ihres Fluktuationsverlusts, 7.8); 0: Fluktuation kostet mit Strukturen so viel wie ohne (Knockout von SF7; der Vertrauensboden bleibt). [ANNAHME für die Form]",
        integer=True,
    ),
    Parameter(
        name="office_limit",
        default=1,
        low=0,
        high=1,
        unit="switch",
        group="competence",
        label_de="Kapazität des Bildungsbüros begrenzt (1 an, 0 aus)",
        label_en="Education-office capacity binds (1 on, 0 off)",
        help_en="1: the office's free hours limit how many brokered projects start per month and how much it supports running ones (7.2, 7.6); 0: every agreed project starts and gets full support, whatever the office's posts (the SF12 knockout; Kania & Kramer 2011).",
        help_de="1: die freien Stunden des Bildungsbüros begrenzen, wie viele vermittelte Projekte je Monat starten und wie stark es laufende unterstützt (7.2, 7.6); 0: jedes vereinbarte Projekt startet und wird voll unterstützt, gleich wie viele Stellen das Büro hat (Knockout von SF12; Kania & Kramer 2011).",
        integer=True,
    ),
    Parameter(
        name="trust_per_size",
        default=0,
        low=0,
        high=1,
        unit="switch",
        group="competence",
        label_de="Vertrauen je Erfolg wächst mit der Projektgröße (1 an, 0 aus)",
        label_en="Trust per success grows with project size (1 on, 0 off)",
        help_en="0: every success, small or large, is one turn of the trust-building loop and raises trust by trust_gain (Vangen & Huxham 2003; Ansell & Gash 2008, small wins); 1: a success of a project of size k builds as much trust as k small successes (the SF4 knockout, with scale_difficulty 0). No effect at project_scale 1.",
        help_de="0: jeder Erfolg, klein oder groß, ist eine Runde im Kreislauf des Vertrauensaufbaus und hebt das Vertrauen um trust_gain (Vangen & Huxham 2003; Ansell & Gash 2008, kleine Erfolge); 1: der Erfolg eines Projekts der Größe k schafft so viel Vertrauen wie k kleine Erfolge (Knockout von SF4, mit scale_difficulty 0). Ohne Wirkung bei project_scale 1.",
        integer=True,
    ),
    Parameter(
        name="betrayal_memory_decay",
        default=0.05,
        low=0,
        high=1,
        unit="1/month",
        group="motivation",
        label_de="Verblassen der Enttäuschung",
        label_en="Fading of a betrayal",
        help_en="Monthly share by which a pair's memory of its last withdrawal fades; while it "
        "lasts, a success's trust gain is divided by 1 + (trust_loss_ratio - 1) x memory, so "
        "lost trust is regained more slowly than it was first built (Slovic 1993; Lewicki & "
        "Bunker 1995; 0.05: half-life about 14 months; 1 = no memory, the SF3 knockout; "
        "rate [ASSUMPTION]).",
        help_de="Monatlicher Anteil, um den die Erinnerung eines Paares an seinen letzten "
        "Ausstieg verblasst; solange sie währt, wird der Vertrauensgewinn eines Erfolgs durch "
        "1 + (trust_loss_ratio - 1) x Erinnerung geteilt, verlorenes Vertrauen kehrt also "
        "langsamer zurück, als es entstand (Slovic 1993; Lewicki & Bunker 1995; 0,05: "
        "Halbwertszeit etwa 14 Monate; 1 = keine Erinnerung, Knockout von SF3; Rate "
        "[ANNAHME]).",
    ),
    Parameter(
        name="firefighting_load",
        default=3.0,
        low=0,
        high=5,
        unit="factor",
        group="competence",
        label_de="Mehrarbeit durch fehlende Kompetenz",
        label_en="Extra workload from lost competence",
        help_en="Workload added per unit of competence below the department's baseline: with "
        "less capability the same tasks take longer, leaving less time to learn (capability "
        "trap, Repenning & Sterman 2002; 0 = no feedback). [ASSUMPTION]",
        help_de="Zusätzliche Arbeitslast je Einheit Kompetenz unter dem Ausgangsniveau des "
        "Amtes: mit weniger Können dauern dieselben Aufgaben länger, es bleibt weniger Zeit "
        "zum Lernen (Fähigkeitsfalle, Repenning & Sterman 2002; 0 = keine Rückkopplung). "
        "[ANNAHME]",
    ),
]

#: Defaults as declared above, before the calibrated profile is applied.
DECLARED_DEFAULTS: dict[str, float] = {p.name: p.default for p in _PARAMETER_LIST}
#: The calibrated profile (``models/calibrated.toml``, written by ``dkbm calibrate``):
#: ``{"calibration": {date, spec, ...}, "parameters": {name: value}, "priors": {name: [lo, hi]}}``.
PROFILE_PATH = Path(__file__).with_name("calibrated.toml")


def load_profile(path: Path = PROFILE_PATH) -> dict:
    """Read a calibrated profile; {} if there is none. A bad profile raises InputError."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: not a readable parameter profile ({exc})") from None
    names = {p.name: p for p in _PARAMETER_LIST}
    for name, value in data.get("parameters", {}).items():
        if name not in names:
            raise InputError(f"{path}: parameters.{name}: unknown parameter (see `dkbm params`)")
        names[name].check(value)
    return data


PROFILE: dict = load_profile()
_PARAMETER_LIST = [
    replace(p, default=p.check(PROFILE["parameters"][p.name]))
    if p.name in PROFILE.get("parameters", {})
    else p
    for p in _PARAMETER_LIST
]
PARAMETERS: dict[str, Parameter] = {p.name: p for p in _PARAMETER_LIST}
DEFAULTS: dict[str, float] = {p.name: p.default for p in _PARAMETER_LIST}


def calibrated(name: str) -> dict | None:
    """Prior range, calibrated value and declared default of ``name``; None if not calibrated."""
    values = PROFILE.get("parameters", {})
    if name not in values:
        return None
    prior = PROFILE.get("priors", {}).get(name)
    return {"value": values[name], "prior": prior, "declared": DECLARED_DEFAULTS[name]}


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
