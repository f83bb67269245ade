"""The compiled kernel: the model's monthly step, one numba function per ODD submodel.

Every array's leading axis is the replication. Department arrays have shape
``(R, n)``, pair arrays ``(R, L)`` over the ``L`` interdependent pairs, municipal
stocks ``(R,)``. The Mesa model is a batch of one; :func:`models.simulate` runs many.

Random numbers are passed in: each replication draws one block of uniforms per
month (:func:`block_size`) whose shape depends only on ``n`` and ``L``, so a row of a
batch and a lone model built from the same seed consume identical streams. No
operation mixes rows (no reduction across replications), which keeps every row
bit-identical to the same replication run alone, on any number of threads. How the
compiled code is organised: docs/ODD.md, section 3.5.

The equations are described in docs/ODD.md, section 7 ("Submodels"); the numbers in
the comments below refer to its subsections.
"""

from __future__ import annotations

import math
from collections import namedtuple
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np

from . import levers as lv
from .departments import LINK_THRESHOLD, DepartmentSpec, initial_offsets, interdependence
from .jit import kjit, kvectorize
from .learning import habituate, learn, payoff, stimulus
from .shocks import SHOCK_INDEX

# --- constants (docs/ODD.md, table "Constants") -------------------------------------------
OFFICE_HOURS_PER_FTE = 96.0  # Bildungsbüro hours per FTE and month available for cooperation
OFFICE_HOURS_PER_START = 8.0  # office hours to broker and set up one joint project
OFFICE_HOURS_PER_PROJECT = 4.0  # office hours per month to facilitate one running project
MEETING_HOURS = 2.0  # hours each side needs free to meet
RECENT_SUCCESS = 12  # months a success keeps a pair counted as cooperating
REPORT_INTERVAL = 12  # months between education reports
REPORT_DATA_THRESHOLD = 0.35  # data quality a report needs
TURNOVER_TRUST_LOSS = 0.5  # share of personal trust and understanding lost per turnover
TURNOVER_RESET = 0.5  # share of necessity and motivation that regresses to baseline
MANDATE_INTERNAL, MANDATE_EXTERNAL = 0.3, 0.15
COMMUNICATION_INIT, DECISION_INIT = 0.1, 0.2  # everyday levels that levers build on
DIAGNOSIS_GATE = 0.5  # a factor is missing where it cuts the chance to agree to this share
DECISION_DIAGNOSIS = 0.35  # Q below this: about 20 % of agreed projects stall [ASSUMPTION]
READINESS_HALF = 0.2  # a factor at this level halves readiness (Hill gate, exponent 3)
_H3 = READINESS_HALF**3  # in Python: numba would multiply where NumPy calls pow
# cooperation decision (7.6)
B0, B_TRUST, B_WILL, B_MANDATE, B_UNDERSTANDING, B_LOAD = 0.5, 2.0, 1.5, 1.0, 1.0, 2.0
# project success (7.5)
G0, G_COMP, G_DATA, G_OFFICE, G_DIFF, G_UNDERSTANDING, G_POWER = -0.8, 3.0, 1.0, 1.0, 2.5, 1.0, 1.5
WITHDRAW_BASE, WITHDRAW_OVERLOAD, WITHDRAW_UNWILLING = 0.003, 0.3, 0.015
# the cooperation game (M14, 7.5-7.6)
STAKES_WORKLOAD = 0.5  # T and S grow by this share of workload (7.5) [ASSUMPTION]
REWARD_GOALS = 0.375  # share by which shared goals raise a success's value (7.5) [ASSUMPTION]
REWARD_OPTIONS = 0.125  # share by which described options raise it (7.5) [ASSUMPTION]
FALSE_START = 0.3  # share of agreed projects that stall without decision processes
PARTICIPATION_AWARENESS = 0.03  # monthly share of the awareness gap closed by conferences
MAPPING_AWARENESS = 0.02  # monthly share of the awareness gap closed by stakeholder mapping
RESOURCE_RELIEF = 0.2  # workload taken off a department by the resources lever at intensity 1
# --- further coefficients of the equations (ODD 7.x); all [ASSUMPTION] unless a source is named
MONTHS_PER_YEAR = 12.0  # converts the annual turnover rate into a monthly hazard (7.8)
MIN_ROOM = 1e-9  # numerical floor of 1 - workload_threshold (no model meaning)
UNDERSTANDING_INIT = 0.2  # initial shared understanding per unit of interdependence [ASSUMPTION]
NO_SUCCESS_YET = 999.0  # months since success of a pair that never succeeded (sentinel)
MEETING_NECESSITY = 0.05  # meeting chance per unit of interdependence x necessity [ASSUMPTION]
RETAIN_LEGITIMACY_ZERO = 0.2  # legitimacy below which no funded post is kept (7.1) [ASSUMPTION]
RETAIN_LEGITIMACY_SPAN = 0.5  # legitimacy span from none to all posts taken over (7.1) [ASSUMPTION]
RETAIN_RESOURCES = 0.5  # share of posts the resources lever secures at funding end [ASSUMPTION]
REORG_INSTITUTION = 0.2  # share of the institution gap a reorganisation closes (7.1) [ASSUMPTION]
CRISIS_WORKLOAD = 0.3  # workload added by a crisis at severity 1 (7.1) [ASSUMPTION]
REORG_WORKLOAD = 0.15  # workload added by a running reorganisation at severity 1 (7.1) [ASSUMPTION]
CRISIS_NEED = 0.3  # need added by a crisis at severity 1 (7.1) [ASSUMPTION]
REORG_COMPETENCE_LOSS = 0.1  # share of competence lost when a reorganisation starts [ASSUMPTION]
ELECTION_MANDATE_CUT = 0.5  # share of the election cut that mandates suffer (7.1) [ASSUMPTION]
CRISIS_AWARENESS = 0.05  # monthly share of the awareness gap a crisis closes (7.3) [ASSUMPTION]
TRAP_FORGETTING = 2.0  # extra competence forgetting in the full trap (Repenning & Sterman 2001)
ROUTINE_INSTITUTION = 0.35  # meeting probability added by institutionalisation (7.6) [ASSUMPTION]
ROUTINE_COMMUNICATION = 0.15  # meeting probability added by communication (7.6) [ASSUMPTION]
SELF_START_BASE = 0.3  # share of trust with which a pair starts without the office [ASSUMPTION]
SELF_START_INSTITUTION = 0.7  # added share at full institutionalisation (7.6) [ASSUMPTION]
# bonding (SF13; Berardo & Scholz 2010, Scholz, Berardo & Kile 2008): pairs with a record of
# joint success and much at stake between them start their own projects
SELF_START_BOND = 2.0  # self-start chance per record x interdependence, max 1 [ASSUMPTION]
BOND_PER_SUCCESS = 0.5  # share of the record gap one joint success closes [ASSUMPTION]
BOND_LIFETIME = 120.0  # months: decay time of a pair's record of joint success [ASSUMPTION]
OPTIONS_EASE = 0.5  # share of project difficulty removed by described options (7.6) [ASSUMPTION]
MEETING_UNDERSTANDING = 0.05  # share of the understanding gap one meeting closes (7.6) [ASSUMPTION]
DIFFICULTY_SPREAD = 0.4  # range of a started project's difficulty around its mean [ASSUMPTION]
WILL_PER_SUCCESS = 0.01  # share of the will gap one success closes (7.7, M13) [ASSUMPTION]
WILL_PER_FAILURE = 0.01  # share of will one defection or misread failure costs (7.7) [ASSUMPTION]
LEGITIMACY_LIFETIME = 240.0  # months: mean lifetime of legitimacy and mandates (7.7) [ASSUMPTION]
COMMUNICATION_LIFETIME = 30.0  # months: decay of communication to everyday level [ASSUMPTION]
DECISION_LIFETIME = 60.0  # months: decay time of decision processes without structures [ASSUMPTION]
GOALS_LIFETIME = 48.0  # months: decay time of shared goals without legitimacy (7.7) [ASSUMPTION]
OPTIONS_LIFETIME = 24.0  # months: decay time of described options (7.7) [ASSUMPTION]
UNDERSTANDING_LIFETIME = 60.0  # months: decay time of shared understanding (7.7) [ASSUMPTION]
PROCESSES_INSTITUTION = 0.01  # institutionalisation rate of decision processes (7.7) [ASSUMPTION]
SUCCESS_INSTITUTION = 0.004  # institutionalisation per success (7.7, M12) [ASSUMPTION]
OUTCOME_GAIN = 0.05  # education outcome gain per success rate (7.7) [ASSUMPTION]
OUTCOME_BASE = 0.5  # share of the outcome gain without data (7.7) [ASSUMPTION]
OUTCOME_DATA = 0.5  # share of the outcome gain that needs data (7.7) [ASSUMPTION]
OUTCOME_DECAY = 0.01  # monthly outcome decay without structures (7.7) [ASSUMPTION]
SUCCESSOR_COMPETENCE = 0.5  # share of the baseline competence a successor brings (7.8) [ASSUMPTION]
# negotiated commitment (lever `negotiation`, 7.5 and 7.7; Ansell & Gash 2008: commitment)
COMMITMENT_HOLD = 0.6  # share of withdrawals a full binding agreement prevents [ASSUMPTION]
COMMITMENT_FAIRNESS = 0.5  # share of the power-gap penalty a full agreement removes [ASSUMPTION]
COMMITMENT_LIFETIME = 36.0  # months: decay time of a negotiated agreement [ASSUMPTION]
# agenda setting after a report (SF15, 7.3 and 7.7; Uckermark 2019, domain.md 3.2)
AGENDA_WILL_HALF = 0.5  # political will at which the response to the agenda is half [ASSUMPTION]
_AW3 = AGENDA_WILL_HALF**3
# forum size (lever `participation`, SF10; Scharpf 1993: every further party to a joint
# decision is a further chance of a veto; Smaldino & Lubell 2011: small groups agree)
WORKING_GROUP_SIZE = 3.0  # departments in one working group (the pair and one more) [ASSUMPTION]
# decision rule and power (SF11; Choi & Robertson 2014)
QUALIFIED_MAJORITY = 2.0 / 3.0  # power share with which one side may decide alone [ASSUMPTION]
WITHDRAW_OVERRULED = 0.05  # monthly withdrawal chance added for an outvoted partner [ASSUMPTION]
UNIFORM_CENTRE = 0.5  # centre of a uniform draw: u - 1/2 is uniform on [-1/2, 1/2]
PAIRWISE_BLOCK = 128  # NumPy's pairwise-summation block (numerics, no model meaning)

PAIR_DRAWS = (
    "meet",
    "yes_i",
    "yes_j",
    "self_organise",
    "priority",
    "difficulty",
    "outcome",
    "misperceive",
    "withdraw_i",
    "withdraw_j",
    "false_start",
)
N_PAIR_DRAWS = len(PAIR_DRAWS)
N_DEPT_DRAWS = 1  # turnover
N_GLOBAL_DRAWS = 2  # election event, election outcome

_L = lv.LEVER_INDEX
_RATE = {lever.id: lever.rate for lever in lv.LEVERS}


@dataclass(frozen=True)
class Structure:
    """What is fixed for a run: the departments and their linked pairs."""

    specs: tuple[DepartmentSpec, ...]
    dep: np.ndarray  # (L,) interdependence of each linked pair
    pair_i: np.ndarray  # (L,) int
    pair_j: np.ndarray  # (L,) int
    power_gap: np.ndarray  # (L,) |p_i - p_j|
    power: np.ndarray  # (n,) relative power (budget weight) of each department
    capacity: np.ndarray  # (n,) relative free hours
    workload: np.ndarray  # (n,) workload offsets
    need: np.ndarray  # (n,) true need
    offsets: np.ndarray  # (3, n) offsets of initial N, W, K
    fixed: np.ndarray  # (3, n) explicit initial N, W, K or NaN
    mandate: np.ndarray  # (n,) initial mandate
    degree: np.ndarray  # (n,) number of linked partners (>= 1)

    @property
    def n(self) -> int:
        return len(self.specs)

    @property
    def n_pairs(self) -> int:
        return len(self.dep)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.specs)

    @classmethod
    def build(cls, specs: Sequence[DepartmentSpec]) -> Structure:
        specs = tuple(specs)
        n = len(specs)
        full = interdependence(specs)
        i, j = np.nonzero(np.triu(full, k=1) >= LINK_THRESHOLD)
        power = np.array([s.power for s in specs])
        fixed = np.array(
            [
                [np.nan if getattr(s, f) is None else getattr(s, f) for s in specs]
                for f in ("necessity", "motivation", "competence")
            ]
        )
        degree = np.bincount(i, minlength=n) + np.bincount(j, minlength=n)
        return cls(
            specs=specs,
            dep=full[i, j],
            pair_i=i,
            pair_j=j,
            power_gap=np.abs(power[i] - power[j]),
            power=power,
            capacity=np.array([s.capacity for s in specs]),
            workload=np.array([s.workload for s in specs]),
            need=np.array([s.need for s in specs]),
            offsets=initial_offsets(specs),
            fixed=fixed,
            mandate=np.array([MANDATE_EXTERNAL if s.external else MANDATE_INTERNAL for s in specs]),
            degree=np.maximum(degree, 1).astype(float),
        )


def block_size(n: int, n_pairs: int) -> int:
    """Uniform draws per replication and month."""
    return N_DEPT_DRAWS * n + N_PAIR_DRAWS * n_pairs + N_GLOBAL_DRAWS


def init_size(n: int, n_pairs: int) -> int:
    """Standard-normal draws per replication at construction."""
    return 3 * n + n_pairs


class Frame:
    """Everything a step needs besides the state: structure, parameters, working arrays.

    ``v[name]`` holds a parameter per replication ``(R,)``, ``c[name]`` the same as a
    column ``(R, 1)`` that broadcasts over departments or pairs (both for the NumPy
    code that builds the initial state). ``p``, ``g`` and ``w`` are what the compiled
    step takes: the parameters with the per-row quantities derived from them, the
    structure, and scratch arrays.
    """

    def __init__(self, st: Structure, params: Mapping[str, object], r: int):
        self.st, self.r, self.n, self.n_pairs = st, r, st.n, st.n_pairs
        self.v = {k: v for k, v in params.items() if isinstance(v, np.ndarray)}
        self.c = {k: v[:, None] for k, v in self.v.items()}
        c = self.c
        self.hours = c["capacity_hours"] * st.capacity  # (R, n) at zero workload
        derived = {
            "hours": self.hours,
            "hazard": (1.0 - (1.0 - c["turnover_rate"]) ** (1.0 / MONTHS_PER_YEAR))[:, 0],
            "trust_loss": np.minimum(c["trust_gain"] * c["trust_loss_ratio"], 1.0)[:, 0],
            "room": np.maximum(1.0 - c["workload_threshold"], MIN_ROOM)[:, 0],
            # project size (SF4): a project of scale k lasts k times as long, is harder by
            # scale_difficulty * ln k; its success is one turn of the trust-building loop
            # (trust_per_size 0) or worth k small successes of trust (1, the SF4 knockout)
            "duration": np.where(
                c["project_scale"] == 1.0,
                c["project_duration"],
                np.maximum(np.round(c["project_duration"] * c["project_scale"]), 1.0),
            )[:, 0],
            "size_difficulty": (c["scale_difficulty"] * np.log(c["project_scale"]))[:, 0],
            # power of each department with its differences scaled by power_spread (SF11)
            "power": np.clip(
                st.power.mean() + c["power_spread"] * (st.power - st.power.mean()), 0.0, 1.0
            ),
            "success_gain": np.where(
                (c["project_scale"] == 1.0) | (c["trust_per_size"] == 0.0),
                c["trust_gain"],
                1.0 - (1.0 - c["trust_gain"]) ** c["project_scale"],
            )[:, 0],
            # 1 = the full model; 0 = the docking configuration (docs/ODD.md, 12.1)
            "gated": np.ones(r),
            # the asymmetry of trust (SF3): after a betrayal the same ratio that makes the
            # loss larger than a gain also discounts later gains while the memory lasts
            "regain_damping": (c["trust_loss_ratio"] - 1.0)[:, 0],
        }
        self.p = Params(
            *(np.ascontiguousarray(self.v[k], dtype=float) for k in _KERNEL_PARAMETERS),
            *(np.ascontiguousarray(x, dtype=float) for x in derived.values()),
        )
        self.g = geometry(st)
        self.w = scratch(r, st.n, st.n_pairs)


# The registry parameters the compiled step reads, and what it derives from them per row.
# Listed here, not taken from the registry, so that a change of the set changes this
# file and thereby invalidates the compiled code cached for it.
_KERNEL_PARAMETERS = (
    "agenda_response",
    "anchoring",
    "aspiration",
    "aspiration_habituation",
    "betrayal_memory_decay",
    "competence_decay",
    "competence_loss_turnover",
    "core_posts",
    "data_decay",
    "data_quality_init",
    "decision_rule",
    "election_hazard",
    "election_volatility",
    "failure_trust_loss",
    "firefighting_load",
    "forum_size_penalty",
    "interdependence_perception",
    "funded_posts",
    "funding_months",
    "goals_agreement",
    "institution_decay",
    "leadership_pull",
    "learning_by_doing",
    "learning_rate",
    "legitimacy_buffer",
    "meeting_base",
    "misperception",
    "motivation_decay",
    "necessity_decay",
    "office_limit",
    "payoff_punishment",
    "payoff_reward",
    "payoff_sucker",
    "payoff_temptation",
    "peer_influence",
    "political_will_decay",
    "political_will_init",
    "power_spread",
    "project_difficulty",
    "project_duration",
    "project_hours",
    "project_scale",
    "readiness_gate",
    "report_effect",
    "reputation_spillover",
    "scale_difficulty",
    "self_organisation",
    "trust_floor",
    "trust_gain",
    "trust_init",
    "trust_per_size",
    "turnover_buffer",
    "workload",
    "workload_threshold",
    "working_groups",
)
Params = namedtuple(
    "Params",
    (
        *_KERNEL_PARAMETERS,
        "hours",
        "hazard",
        "trust_loss",
        "room",
        "duration",
        "size_difficulty",
        "power",
        "success_gain",
        "gated",
        "regain_damping",
    ),
)


@dataclass(slots=True)
class State:
    """The dynamic state of a batch (docs/ODD.md, "State variables")."""

    month: int
    # departments (R, n)
    necessity: np.ndarray
    motivation: np.ndarray
    competence: np.ndarray
    necessity_base: np.ndarray
    motivation_base: np.ndarray
    competence_base: np.ndarray
    aspiration: np.ndarray  # payoff units
    mandate: np.ndarray
    workload: np.ndarray
    free_hours: np.ndarray
    tenure: np.ndarray
    diagnosis: np.ndarray  # int8 codes, see metrics.DIAGNOSES
    turnover: np.ndarray  # bool: liaison replaced in the last step
    # pairs (R, L)
    trust: np.ndarray
    understanding: np.ndarray
    commitment: np.ndarray  # negotiated, binding agreement of the pair
    wariness: np.ndarray  # the pair's memory of its last betrayal, 1 = fresh (SF3)
    bond: np.ndarray  # the pair's record of joint success, 0..1 (bonding, SF13)
    perceived: np.ndarray  # the interdependence the pair's departments see (stakeholder_mapping)
    remaining: np.ndarray  # months left of the running project, 0 = none
    difficulty: np.ndarray
    since_success: np.ndarray  # months since the pair's last success
    overruled: np.ndarray  # side outvoted for the running project: 0 none, 1 = i, 2 = j (SF11)
    brokered: np.ndarray  # bool: the pair's current or last project was started by the office
    started: np.ndarray  # bool events of the last step
    succeeded: np.ndarray
    failed: np.ndarray
    defected: np.ndarray
    # municipality (R,)
    political_will: np.ndarray
    political_base: np.ndarray
    legitimacy: np.ndarray
    data_quality: np.ndarray
    institutionalisation: np.ndarray
    office_fte: np.ndarray
    retained: np.ndarray  # share of funded posts taken over at the funding end
    communication: np.ndarray
    decision_quality: np.ndarray
    goals: np.ndarray
    options: np.ndarray
    outcome: np.ndarray
    since_report: np.ndarray
    agenda: np.ndarray  # the need a report put on the political agenda (SF15)
    report: np.ndarray  # bool: a report appeared in the last step
    election: np.ndarray  # bool: an election took place in the last step
    queued: np.ndarray  # agreed projects not started for lack of office hours
    hours_spent: np.ndarray  # cumulative staff hours on levers
    euros_spent: np.ndarray  # cumulative euros on levers

    def replace(self, **changes) -> State:
        return State(**{f: changes.get(f, getattr(self, f)) for f in _FIELDS})


_FIELDS = tuple(f.name for f in fields(State))


_ARRAY_FIELDS = tuple(f for f in _FIELDS if f != "month")
_BASE_FIELDS = ("necessity_base", "motivation_base", "competence_base")  # never written
Arrays = namedtuple("Arrays", _ARRAY_FIELDS)

# Kernel-local order of the levers and shocks. The compiled code indexes them by the
# private constants below; the Python side permutes the plan's rows into this order, so
# that a reordering in levers.py or shocks.py cannot reach stale compiled code (numba's
# cache is keyed on this file only).
_KERNEL_LEVERS = (
    "resources",
    "problem_analysis",
    "participation",
    "stakeholder_mapping",
    "qualification",
    "cooperation_brokering",
    "political_will",
    "legitimation",
    "data_foundation",
    "communication_channels",
    "decision_processes",
    "shared_goals",
    "action_options",
    "committees_structures",
    "negotiation",
    "trust_building",
)
(
    _RES,
    _ANALYSIS,
    _PARTICIPATION,
    _MAPPING,
    _QUALIFICATION,
    _BROKERING,
    _POLITICAL,
    _LEGITIMATION,
    _DATA,
    _CHANNELS,
    _PROCESSES,
    _GOALS,
    _OPTIONS,
    _COMMITTEES,
    _NEGOTIATION,
    _TRUST,
) = range(len(_KERNEL_LEVERS))
_KERNEL_SHOCKS = ("election", "turnover_wave", "budget_cut", "crisis", "reorganisation")
_ELECTION, _WAVE, _BUDGET_CUT, _CRISIS, _REORGANISATION = range(len(_KERNEL_SHOCKS))
_LEVER_ROWS = np.array([_L[name] for name in _KERNEL_LEVERS])
_SHOCK_ROWS = np.array([SHOCK_INDEX[kind] for kind in _KERNEL_SHOCKS])

# The monthly metrics the compiled step records, in the order of metrics.METRIC_NAMES
# (checked there at import).
_RECORDED = (
    "cooperation_rate",
    "mean_necessity",
    "mean_motivation",
    "mean_competence",
    "mean_trust",
    "mean_understanding",
    "institutionalisation",
    "political_will",
    "legitimacy",
    "data_quality",
    "communication",
    "decision_quality",
    "education_outcome",
    "share_ready",
    "office_fte",
    "active_projects",
    "successes",
    "failures",
    "defections",
    "queued_projects",
    "lever_hours",
    "lever_euros",
    "reports",
    "network_centralisation",
    "decision_equity",
)

Geometry = namedtuple("Geometry", "pair_i pair_j dep power_gap dep_half need workload degree rate")
Inputs = namedtuple(
    "Inputs", "effect gl lever_hours office_lever_hours euros month_hours onset ongoing"
)
Scratch = namedtuple(
    "Scratch",
    "need trap n_running withdraw readiness acc_a acc_b wins active misread needs_office "
    "support office_free facilitation choices",
)


def geometry(st: Structure) -> Geometry:
    """The structure as contiguous arrays for the compiled step."""
    return Geometry(
        pair_i=st.pair_i.astype(np.int64),
        pair_j=st.pair_j.astype(np.int64),
        dep=np.ascontiguousarray(st.dep, dtype=float),
        power_gap=np.ascontiguousarray(st.power_gap, dtype=float),
        dep_half=np.ascontiguousarray(MEETING_NECESSITY * st.dep),
        need=np.ascontiguousarray(st.need, dtype=float),
        workload=np.ascontiguousarray(st.workload, dtype=float),
        degree=np.ascontiguousarray(st.degree, dtype=float),
        rate=np.array([_RATE[name] for name in _KERNEL_LEVERS]),
    )


def scratch(r: int, n: int, n_pairs: int) -> Scratch:
    """Working arrays of one month's step (contents never outlive a call), and the
    decisions of departments played by people (``choices``, see ``Batch.choices``)."""
    dept = [np.zeros((r, n)) for _ in range(8)]
    pairs = [np.zeros((r, n_pairs), dtype=bool) for _ in range(3)]
    choices = np.full((r, n_pairs, 2), -1, dtype=np.int8)
    return Scratch(*dept, *pairs, np.zeros(r), np.zeros(r), np.zeros(r), choices)


def inputs(effect, cost, onset, ongoing) -> Inputs:
    """The batch-shared inputs of a sequence of months, stacked on a leading axis.

    ``effect`` and ``cost`` have shape ``(k, N_LEVERS, n)``, ``onset`` and ``ongoing``
    ``(k, n_shock_kinds)``. Sums over levers are taken here with NumPy (not BLAS), as
    the NumPy kernel took them, so that totals are the same on every machine.
    """
    effect, cost = np.asarray(effect, dtype=float), np.asarray(cost, dtype=float)
    lever_hours = (cost * lv.DEPT_HOURS[None, :, None]).sum(axis=1)  # (k, n)
    paid = cost.max(axis=2)  # (k, N_LEVERS)
    office = np.array([float((p * lv.OFFICE_HOURS).sum()) for p in paid])
    euros = np.array([float((p * lv.EUROS).sum()) for p in paid])
    month_hours = np.array([h.sum() + o for h, o in zip(lever_hours, office, strict=True)])
    return Inputs(
        effect=np.ascontiguousarray(effect[:, _LEVER_ROWS]),
        gl=np.ascontiguousarray(effect.max(axis=2)[:, _LEVER_ROWS]),
        lever_hours=np.ascontiguousarray(lever_hours),
        office_lever_hours=office,
        euros=euros,
        month_hours=month_hours,
        onset=np.ascontiguousarray(np.asarray(onset, dtype=float)[:, _SHOCK_ROWS]),
        ongoing=np.ascontiguousarray(np.asarray(ongoing, dtype=float)[:, _SHOCK_ROWS]),
    )


_DTYPES = tuple(
    np.int8
    if f == "diagnosis"
    else np.bool_
    if f
    in ("turnover", "brokered", "started", "succeeded", "failed", "defected", "report", "election")
    else np.float64
    for f in _ARRAY_FIELDS
)


def pack(s: State) -> Arrays:
    """The state's arrays as the compiled step takes them (contiguous, canonical dtypes).

    Arrays that already conform are passed as they are; a field replaced from outside
    (e.g. a trainer setting an agent's value) is converted.
    """
    return Arrays(
        *(
            np.ascontiguousarray(getattr(s, f), dtype=d)
            for f, d in zip(_ARRAY_FIELDS, _DTYPES, strict=True)
        )
    )


def unpack(a: Arrays, month: int) -> State:
    return State(month=month, **a._asdict())


def fresh_like(a: Arrays, copy: bool = False) -> Arrays:
    """New arrays shaped like ``a`` (copies if ``copy``); the constant bases are shared.

    Fields of one dtype and shape are rows of one block, so that a step allocates a
    handful of arrays rather than forty; each row is C-contiguous.
    """
    groups: dict[tuple, list[int]] = {}
    for k, (f, x) in enumerate(zip(_ARRAY_FIELDS, a, strict=True)):
        if f not in _BASE_FIELDS:
            groups.setdefault((x.dtype, x.shape), []).append(k)
    out = list(a)
    for (dtype, shape), ks in groups.items():
        block = np.empty((len(ks), *shape), dtype=dtype)
        for row, k in enumerate(ks):
            if copy:
                block[row] = a[k]
            out[k] = block[row]
    return Arrays(*out)


# --- compiled elementary functions ---------------------------------------------------------
# NumPy's semantics exactly: maximum/minimum return the second argument on ties and
# propagate NaN; these are what the NumPy kernel computed.
_sub = kjit(no_cpython_wrapper=True)


@_sub
def _max(a, b):
    return a if (a > b or a != a) else b


@_sub
def _min(a, b):
    return a if (a < b or a != a) else b


@kvectorize(["f8(f8)"])
def clip01(x):
    """``min(max(x, 0), 1)`` with NumPy's tie and NaN rules."""
    y = x if (x > 0.0 or x != x) else 0.0
    return y if (y < 1.0 or y != y) else 1.0


@_sub
def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


@kjit()
def _pairwise_sum(x):
    """NumPy's sum of a contiguous row: sequential below 8, 8 accumulators up to 128."""
    n = x.shape[0]
    if n < 8:
        s = 0.0
        for i in range(n):
            s += x[i]
        return s
    if n > PAIRWISE_BLOCK:
        h = n // 2
        h -= h % 8
        return _pairwise_sum(x[:h]) + _pairwise_sum(x[h:])
    r = x[:8].copy()
    i = 8
    while i < n - n % 8:
        for k in range(8):
            r[k] += x[i + k]
        i += 8
    s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    while i < n:
        s += x[i]
        i += 1
    return s


@kvectorize(["f8(f8, f8, f8)"])
def conjunctive_readiness(necessity, motivation, competence):
    """Knoster gate: the product of x³/(x³ + h³) over Müssen, Wollen and Können.

    A factor near zero blocks readiness; moderate values barely reduce it.
    """
    h3 = _H3
    n3 = math.pow(necessity, 3.0)
    w3 = math.pow(motivation, 3.0)
    k3 = math.pow(competence, 3.0)
    return n3 / (n3 + h3) * (w3 / (w3 + h3)) * (k3 / (k3 + h3))


@_sub
def _enabled(necessity, competence):
    """The Muessen and Koennen factors of the Knoster gate (7.6): x³/(x³ + h³) each."""
    n3 = math.pow(necessity, 3.0)
    k3 = math.pow(competence, 3.0)
    return n3 / (n3 + _H3) * (k3 / (k3 + _H3))


@kvectorize(["f8(f8, f8, f8, f8, f8)"])
def office_fte(core_posts, funded_posts, funding_months, month, retained):
    """Bildungsbüro staff: core posts plus funded posts (taken-over share after the end)."""
    return core_posts + funded_posts * (1.0 if month < funding_months else retained)


@kvectorize(["i1(f8, f8, f8, f8, f8, f8)"])
def diagnose(necessity, motivation, competence, free, decision, project_hours):
    """Knoster diagnosis: what limits a department (0 = ready, see metrics.DIAGNOSES).

    A factor is missing where the gate of 7.6 bites: where it multiplies the
    department's chance to agree to a joint project by less than DIAGNOSIS_GATE. For
    necessity and competence that is the Hill factor x³/(x³ + h³), below one half
    exactly where x < READINESS_HALF; for motivation the propensity W itself; resources
    are missing where the free hours do not cover one project (no start is possible:
    factor 0). The weakest missing factor is diagnosed (ties go to the first);
    otherwise missing decision processes of the municipality (Q < DECISION_DIAGNOSIS);
    otherwise ready.
    """
    n3 = math.pow(necessity, 3.0)
    k3 = math.pow(competence, 3.0)
    weakest, code = n3 / (n3 + _H3), 1
    if motivation < weakest:
        weakest, code = motivation, 2
    k_factor = k3 / (k3 + _H3)
    if k_factor < weakest:
        weakest, code = k_factor, 3
    resources = 1.0 if free >= project_hours else 0.0
    if resources < weakest:
        weakest, code = resources, 4
    if weakest < DIAGNOSIS_GATE:
        return code
    return 5 if decision < DECISION_DIAGNOSIS else 0


@_sub
def _success_value(gated, goals, options):
    """What a successful project is worth relative to ``payoff_reward`` (7.5): more with
    shared goals and described options; exactly 1 in the docking configuration."""
    return 1.0 + gated * (REWARD_GOALS * goals + REWARD_OPTIONS * options)


@_sub
def _scales(aspiration, value, temptation, punishment, sucker):
    """Whether a reward between 0 and ``value`` could set the stimulus' scale
    ``sup{|T - A|, |R - A|, |P - A|, |S - A|}`` (otherwise the scale, and every stimulus
    but that of mutual cooperation, is the same for any such reward)."""
    bound = _max(abs(aspiration), abs(value - aspiration))
    rest = _max(
        _max(abs(temptation - aspiration), abs(punishment - aspiration)), abs(sucker - aspiration)
    )
    return bound > rest


@_sub
def _play_round(
    motivation, aspiration, r, i, j, c_i, c_j, reward, realised, stake_i, stake_j, t, pun, s, lr, h
):
    """One round of the cooperation game for both sides of pair ij (M14, 7.5-7.6).

    ``c_i``, ``c_j``: the actions taken (True = cooperate); ``reward``: the game's R,
    ``realised``: what mutual cooperation paid this time (R, or P for a failed project);
    ``stake_*``: the factor on T and S of each side. Each side learns with the rules of
    :mod:`models.learning` (Macy & Flache 2002, eqs. 1-3): stimulus against its own
    aspiration, reinforcement of the action taken, then habituation.
    """
    t_i, s_i, t_j, s_j = t * stake_i, s * stake_i, t * stake_j, s * stake_j
    got_i = payoff(c_i, c_j, t_i, realised, pun, s_i)
    got_j = payoff(c_j, c_i, t_j, realised, pun, s_j)
    a_i, a_j = aspiration[r, i], aspiration[r, j]
    s_i = stimulus(got_i, a_i, t_i, reward, pun, s_i)
    s_j = stimulus(got_j, a_j, t_j, reward, pun, s_j)
    motivation[r, i] = learn(motivation[r, i], c_i, s_i, lr)
    motivation[r, j] = learn(motivation[r, j], c_j, s_j, lr)
    aspiration[r, i] = habituate(a_i, got_i, h)
    aspiration[r, j] = habituate(a_j, got_j, h)


def initial_state(fr: Frame, z: np.ndarray) -> State:
    """Month-0 state from normal draws ``z`` of shape ``(R, init_size)``."""
    st, r, n, n_pairs, c, v = fr.st, fr.r, fr.n, fr.n_pairs, fr.c, fr.v
    spread = c["init_spread"]
    dims = []
    for d, name in enumerate(("necessity_init", "motivation_init", "competence_init")):
        mean = np.where(np.isnan(st.fixed[d]), c[name] + st.offsets[d], st.fixed[d])
        dims.append(clip01(mean + spread * z[:, d * n : (d + 1) * n]))
    necessity, motivation, competence = dims
    trust = clip01(c["trust_init"] + spread * z[:, 3 * n : 3 * n + n_pairs])
    workload = clip01(c["workload"] + st.workload)
    free = fr.hours * (1.0 - workload)
    decision = np.full(r, DECISION_INIT)
    retained = np.ones(r)
    no_pairs = np.zeros((r, n_pairs), dtype=bool)
    return State(
        month=0,
        necessity=necessity,
        motivation=motivation,
        competence=competence,
        necessity_base=necessity.copy(),
        motivation_base=motivation.copy(),
        competence_base=competence.copy(),
        aspiration=np.broadcast_to(c["aspiration"], (r, n)).copy(),
        mandate=np.broadcast_to(st.mandate, (r, n)).copy(),
        workload=workload,
        free_hours=free,
        tenure=np.zeros((r, n)),
        diagnosis=diagnose(
            necessity, motivation, competence, free, decision[:, None], c["project_hours"]
        ),
        turnover=np.zeros((r, n), dtype=bool),
        trust=trust,
        understanding=np.broadcast_to(UNDERSTANDING_INIT * st.dep, (r, n_pairs)).copy(),
        commitment=np.zeros((r, n_pairs)),
        wariness=np.zeros((r, n_pairs)),
        bond=np.zeros((r, n_pairs)),
        perceived=(c["interdependence_perception"] * st.dep).copy(),
        remaining=np.zeros((r, n_pairs)),
        difficulty=np.zeros((r, n_pairs)),
        since_success=np.full((r, n_pairs), NO_SUCCESS_YET),
        brokered=no_pairs.copy(),
        overruled=np.zeros((r, n_pairs)),
        started=no_pairs,
        succeeded=no_pairs.copy(),
        failed=no_pairs.copy(),
        defected=no_pairs.copy(),
        political_will=v["political_will_init"].copy(),
        political_base=v["political_will_init"].copy(),
        legitimacy=v["legitimacy_init"].copy(),
        data_quality=v["data_quality_init"].copy(),
        institutionalisation=v["institutionalisation_init"].copy(),
        office_fte=office_fte(v["core_posts"], v["funded_posts"], v["funding_months"], 0, retained),
        retained=retained,
        communication=np.full(r, COMMUNICATION_INIT),
        decision_quality=decision,
        goals=np.zeros(r),
        options=np.zeros(r),
        outcome=np.zeros(r),
        since_report=np.full(r, float(REPORT_INTERVAL)),
        agenda=np.zeros(r),
        report=np.zeros(r, dtype=bool),
        election=np.zeros(r, dtype=bool),
        queued=np.zeros(r),
        hours_spent=np.zeros(r),
        euros_spent=np.zeros(r),
    )


# --- the submodels (docs/ODD.md, section 7) ------------------------------------------------
# Each loops over the replications lo..hi and reads the state S at the start of the month;
# it writes the state E at its end, or the scratch W where a later submodel needs a value
# that is not part of the state. Where a value passes through several submodels (trust,
# competence, ...), each writes its stage into E and the next reads it from there. The
# expressions keep the NumPy kernel's order of operations, so that every number is the
# same as before the port (docs/ODD.md, "Kernel organisation").


@_sub
def exogenous(S, E, P, G, X, W, u, lo, hi, t, m, k):
    """7.1 Funding end, elections and shocks; workload, need and the workload trap."""
    n, last = S.necessity.shape[1], u.shape[2] - 1
    relief = X.effect[m, _RES]
    election, crisis = X.onset[m, _ELECTION], X.ongoing[m, _CRISIS]
    reorganising, reorganisation = X.onset[m, _REORGANISATION], X.ongoing[m, _REORGANISATION]
    for r in range(lo, hi):
        ur = u[r - lo, k]
        retained = S.retained[r]
        if t == P.funding_months[r]:
            # programme posts are taken over in proportion to legitimacy and freed resources;
            # without anchoring (the SF6 knockout) legitimacy secures no budget line
            retained = clip01(
                (S.legitimacy[r] * P.anchoring[r] - RETAIN_LEGITIMACY_ZERO) / RETAIN_LEGITIMACY_SPAN
                + RETAIN_RESOURCES * X.gl[m, _RES]
            )
        E.retained[r] = retained
        E.office_fte[r] = office_fte(
            P.core_posts[r], P.funded_posts[r], P.funding_months[r], t, retained
        )
        legit = S.legitimacy[r]
        if P.legitimacy_buffer[r] == 0.0:  # the SF9 knockout: legitimacy buffers nothing
            legit = 0.0
        base, will = S.political_base[r], S.political_will[r]
        random_election = ur[last - 1] < P.election_hazard[r]
        if random_election:
            drawn = clip01(
                P.political_will_init[r]
                + (ur[last] - UNIFORM_CENTRE) * 2.0 * P.election_volatility[r]
            )
            base = legit * base + (1 - legit) * drawn
            will = legit * will + (1 - legit) * drawn
        cut = election * (1.0 - legit)
        if election > 0:  # a scheduled election lowers priority and mandates, unless legitimate
            base, will = base * (1.0 - cut), will * (1.0 - cut)
        E.political_base[r], E.political_will[r] = base, will
        E.election[r] = random_election or election > 0
        institution = S.institutionalisation[r]
        if reorganising > 0:
            institution = institution + REORG_INSTITUTION * reorganising * (1.0 - institution)
        E.institutionalisation[r] = institution
        for d in range(n):
            mandate = S.mandate[r, d]
            if election > 0:
                mandate = mandate * (1.0 - ELECTION_MANDATE_CUT * cut)
            E.mandate[r, d] = mandate
            competence = S.competence[r, d]
            if reorganising > 0:
                competence = competence * (1.0 - REORG_COMPETENCE_LOSS * reorganising)
            E.competence[r, d] = competence
            # freed resources (posts, budget) relieve the core workload (M6: the way out);
            # lost competence makes the same tasks take longer (the capability trap, SF8)
            workload = clip01(
                P.workload[r]
                + G.workload[d]
                + CRISIS_WORKLOAD * crisis
                + REORG_WORKLOAD * reorganisation
                - RESOURCE_RELIEF * relief[d]
                + P.firefighting_load[r] * _max(S.competence_base[r, d] - competence, 0.0)
            )
            E.workload[r, d] = workload
            W.need[r, d] = _min(G.need[d] + CRISIS_NEED * crisis, 1.0)
            W.trap[r, d] = _max(workload - P.workload_threshold[r], 0.0) / P.room[r]


@_sub
def lever_costs(S, E, P, G, X, W, lo, hi, m):
    """7.2 What levers and running projects take from free hours; Bildungsbüro support."""
    n, n_pairs = S.necessity.shape[1], S.trust.shape[1]
    cut = X.ongoing[m, _BUDGET_CUT]
    for r in range(lo, hi):
        a, b = W.acc_a[r], W.acc_b[r]
        a[:] = 0.0
        b[:] = 0.0
        n_active = 0
        for p in range(n_pairs):
            active = S.remaining[r, p] > 0
            W.active[r, p] = active
            if active:
                a[G.pair_i[p]] += 1.0
                b[G.pair_j[p]] += 1.0
                n_active += 1
        for d in range(n):
            n_running = a[d] + b[d]
            W.n_running[r, d] = n_running
            E.free_hours[r, d] = (
                P.hours[r, d] * (1.0 - E.workload[r, d]) * (1.0 - cut)
                + G.rate[_RES] * X.effect[m, _RES, d]
                - X.lever_hours[m, d]
                - P.project_hours[r] * n_running
            )
        facilitation = OFFICE_HOURS_PER_PROJECT * n_active
        office_free = OFFICE_HOURS_PER_FTE * E.office_fte[r] - X.office_lever_hours[m]
        W.facilitation[r], W.office_free[r] = facilitation, office_free
        W.support[r] = clip01(office_free / _max(facilitation, 1.0))
        if P.office_limit[r] == 0.0:  # the SF12 knockout: the office's capacity never binds
            W.support[r] = 1.0


@_sub
def necessity(S, E, P, G, X, W, lo, hi, m):
    """7.3 Müssen: reports, peers, conferences and mapping close the awareness gap."""
    n, n_pairs = S.necessity.shape[1], S.trust.shape[1]
    analysis = X.gl[m, _ANALYSIS]
    crisis = X.ongoing[m, _CRISIS]
    for r in range(lo, hi):
        data = S.data_quality[r]
        report = analysis > 0 and data >= REPORT_DATA_THRESHOLD
        report = report and S.since_report[r] >= REPORT_INTERVAL
        E.report[r] = report
        pushed = (1.0 if report else 0.0) * data * analysis * P.report_effect[r]
        # the report puts the need on the agenda; attention fades like awareness (SF15)
        x = S.agenda[r]
        E.agenda[r] = clip01(x + pushed * (1.0 - x) - P.necessity_decay[r] * x)
        a, b = W.acc_a[r], W.acc_b[r]
        a[:] = 0.0
        b[:] = 0.0
        for p in range(n_pairs):
            i, j = G.pair_i[p], G.pair_j[p]
            flow = S.trust[r, p] * (S.necessity[r, j] - S.necessity[r, i])  # i gains, j loses
            a[i] += flow
            b[j] += -flow
        for d in range(n):
            x = S.necessity[r, d]
            gap = _max(W.need[r, d] - x, 0.0)
            awareness = (
                PARTICIPATION_AWARENESS * X.effect[m, _PARTICIPATION, d]
                + MAPPING_AWARENESS * X.effect[m, _MAPPING, d]
                + CRISIS_AWARENESS * crisis
            )
            E.necessity[r, d] = clip01(
                x
                + pushed * gap
                + P.peer_influence[r] * (a[d] + b[d]) / G.degree[d]
                + awareness * gap
                - P.necessity_decay[r] * (x - S.necessity_base[r, d])
            )


@_sub
def motivation(S, E, P, lo, hi):
    """7.4 Wollen drifts towards political will and back to its baseline."""
    n = S.necessity.shape[1]
    for r in range(lo, hi):
        pull = P.leadership_pull[r] * E.political_will[r]
        for d in range(n):
            x = S.motivation[r, d]
            E.motivation[r, d] = clip01(
                x + pull * (1 - x) - P.motivation_decay[r] * (x - S.motivation_base[r, d])
            )
            E.aspiration[r, d] = S.aspiration[r, d]


@_sub
def _forum_members(forum):
    """Departments in the participation forum, weighted by the lever's intensity (SF10)."""
    total = 0.0
    for d in range(forum.shape[0]):
        total += forum[d]
    return total


@_sub
def _spread_reputation(E, P, G, W, r, n, n_pairs):
    """A success is visible (SF4): it gives both partners the reputation of a reliable
    partner in their other pairs, each of which gains reputation_spillover times the trust
    the pair itself gained, per success of a partner this month (7.5).

    Vangen & Huxham (2003): expectations in the trust-building loop form from reputation as
    well as own experience; Weick (1984): small wins attract allies; Ansell & Gash (2008):
    small wins feed trust in the forum. A success counts once, whatever the project's size
    (``success_gain``), so more frequent small wins spread more trust.
    """
    for d in range(n):
        W.wins[r, d] = 0.0
    seen_any = False
    for p in range(n_pairs):
        if E.succeeded[r, p]:
            W.wins[r, G.pair_i[p]] += 1.0
            W.wins[r, G.pair_j[p]] += 1.0
            seen_any = True
    if not seen_any:
        return
    gain = P.reputation_spillover[r] * P.success_gain[r]
    for p in range(n_pairs):
        # the partners' successes in their other pairs (the pair's own one counts twice)
        own = 2.0 if E.succeeded[r, p] else 0.0
        seen = int(W.wins[r, G.pair_i[p]] + W.wins[r, G.pair_j[p]] - own)
        if seen > 0:
            # a remembered betrayal discounts reputation as it discounts own gains (SF3)
            step = gain / (1.0 + P.regain_damping[r] * E.wariness[r, p])
            gap = 1.0 - E.trust[r, p]
            for _ in range(seen):
                gap = gap * (1.0 - step)
            E.trust[r, p] = 1.0 - gap


@_sub
def running_projects(S, E, P, G, X, W, u, lo, hi, m, k):
    """7.5 Running projects: withdrawal, completion, outcome, trust and learning."""
    n, n_pairs = S.necessity.shape[1], S.trust.shape[1]
    qualification = X.effect[m, _QUALIFICATION]
    for r in range(lo, hi):
        ur = u[r - lo, k]
        hours = _max(P.project_hours[r], 1.0)
        for d in range(n):
            overload = clip01(-E.free_hours[r, d] / hours)
            W.withdraw[r, d] = (
                WITHDRAW_BASE
                + WITHDRAW_OVERLOAD * overload
                + WITHDRAW_UNWILLING * (1 - E.motivation[r, d])
            )
        # the game (M14): T, P, S of the registry, the reward of a success (7.5)
        gated = P.gated[r]
        temptation, punishment, sucker = (
            P.payoff_temptation[r],
            P.payoff_punishment[r],
            P.payoff_sucker[r],
        )
        rate, habituation = P.learning_rate[r], P.aspiration_habituation[r]
        reward = P.payoff_reward[r] * _success_value(gated, S.goals[r], S.options[r])
        office = G_DATA * S.data_quality[r] + G_OFFICE * W.support[r]
        balance = 1.0 - S.decision_quality[r]
        doubt = P.misperception[r] * (1.0 - S.communication[r])
        for p in range(n_pairs):
            i, j = G.pair_i[p], G.pair_j[p]
            active = W.active[r, p]
            # a side played by a person (W.choices >= 0) withdraws if and only if it chose to
            choice_i, choice_j = W.choices[r, p, 0], W.choices[r, p, 1]
            # a binding agreement (negotiation) keeps partners in (7.5)
            hold = 1.0 - COMMITMENT_HOLD * S.commitment[r, p]
            leave_i, leave_j = W.withdraw[r, i] * hold, W.withdraw[r, j] * hold
            if S.overruled[r, p] == 1.0:  # an outvoted partner leaves more readily (SF11)
                leave_i = leave_i + WITHDRAW_OVERRULED
            elif S.overruled[r, p] == 2.0:
                leave_j = leave_j + WITHDRAW_OVERRULED
            out_i = ur[n + 8 * n_pairs + p] < leave_i if choice_i < 0 else choice_i == 0
            out_j = ur[n + 9 * n_pairs + p] < leave_j if choice_j < 0 else choice_j == 0
            defected = active and (out_i or out_j)
            going = active and not defected
            remaining = S.remaining[r, p] - 1.0 if going else 0.0
            completes = going and remaining == 0
            trust = S.trust[r, p]
            # the memory of a betrayal fades slowly and discounts trust gains (SF3)
            wariness = S.wariness[r, p] * (1.0 - P.betrayal_memory_decay[r])
            succeeded = failed = misread = False
            if completes:
                success_p = _sigmoid(
                    G0
                    + G_COMP * _min(E.competence[r, i], E.competence[r, j])
                    + office
                    - G_DIFF * S.difficulty[r, p]
                    + G_UNDERSTANDING * S.understanding[r, p]
                    - G_POWER
                    * G.power_gap[p]
                    * P.power_spread[r]
                    * balance
                    * (1.0 - COMMITMENT_FAIRNESS * S.commitment[r, p])
                )
                succeeded = ur[n + 6 * n_pairs + p] < success_p
                failed = not succeeded
                misread = failed and ur[n + 7 * n_pairs + p] < doubt
                if succeeded:
                    trust = trust + P.success_gain[r] * (1.0 - trust) / (
                        1.0 + P.regain_damping[r] * wariness
                    )
                if failed and not misread:
                    trust = trust * (1.0 - P.failure_trust_loss[r])
            if defected or misread:
                trust = trust * (1.0 - P.trust_loss[r])
                wariness = 1.0
            if completes or defected:
                # the game of the running project: stay (C) or withdraw (D); a completed
                # project pays the reward if it succeeded and nothing if it failed (M14)
                _play_round(
                    E.motivation,
                    E.aspiration,
                    r,
                    i,
                    j,
                    not out_i,
                    not out_j,
                    reward,
                    reward if succeeded or not completes else punishment,
                    1.0 + gated * STAKES_WORKLOAD * E.workload[r, i],
                    1.0 + gated * STAKES_WORKLOAD * E.workload[r, j],
                    temptation,
                    punishment,
                    sucker,
                    rate,
                    habituation,
                )
            E.trust[r, p] = trust
            E.wariness[r, p] = wariness
            E.remaining[r, p] = remaining
            E.defected[r, p], E.succeeded[r, p], E.failed[r, p] = defected, succeeded, failed
            W.misread[r, p] = misread
            E.since_success[r, p] = 0.0 if succeeded else S.since_success[r, p] + 1.0
            # the record of joint success fades; a betrayal costs it as it costs trust (SF13)
            bond = S.bond[r, p] * (1.0 - 1.0 / BOND_LIFETIME)
            if succeeded:
                bond = bond + BOND_PER_SUCCESS * (1.0 - bond)
            if defected or misread:
                bond = bond * (1.0 - P.trust_loss[r])
            E.bond[r, p] = bond
        if P.reputation_spillover[r] > 0.0:
            _spread_reputation(E, P, G, W, r, n, n_pairs)
        # learning by doing, training, and forgetting, faster in the workload trap (M4, M6)
        for d in range(n):
            x, trap = E.competence[r, d], W.trap[r, d]
            E.competence[r, d] = clip01(
                x
                + (
                    P.learning_by_doing[r] * W.n_running[r, d]
                    + G.rate[_QUALIFICATION] * qualification[d]
                )
                * (1.0 - x)
                - P.competence_decay[r]
                * (1.0 + TRAP_FORGETTING * trap)
                * (x - S.competence_base[r, d] * (1.0 - trap))
            )


@_sub
def new_projects(S, E, P, G, X, W, u, lo, hi, m, k):
    """7.6 Meeting, the decision of both sides, resources and the Bildungsbüro bottleneck."""
    n, n_pairs = S.necessity.shape[1], S.trust.shape[1]
    broker_effect = X.effect[m, _BROKERING]
    # the participation forum decides its members' joint projects (SF10): its size
    forum = X.effect[m, _PARTICIPATION]
    forum_members = _forum_members(forum)
    for r in range(lo, hi):
        ur = u[r - lo, k]
        for d in range(n):
            W.readiness[r, d] = -1.0  # computed when a pair of the department meets
        # what structures do, unless the SF6 knockout switches their anchoring off
        institution = E.institutionalisation[r] * P.anchoring[r]
        will = E.political_will[r]
        hours = P.project_hours[r]
        routine = ROUTINE_INSTITUTION * institution + ROUTINE_COMMUNICATION * S.communication[r]
        stall = FALSE_START * (1.0 - S.decision_quality[r])
        own = (SELF_START_BASE + SELF_START_INSTITUTION * institution) * P.self_organisation[r]
        difficulty = P.project_difficulty[r] * (1.0 - OPTIONS_EASE * S.options[r])
        if P.size_difficulty[r] != 0.0:  # larger projects are harder (SF4)
            difficulty = difficulty + P.size_difficulty[r]
        # the game of the meeting (M14): agree (C) or decline (D)
        gated = P.gated[r] > 0.0
        temptation, punishment, sucker = (
            P.payoff_temptation[r],
            P.payoff_punishment[r],
            P.payoff_sucker[r],
        )
        rate, habituation = P.learning_rate[r], P.aspiration_habituation[r]
        value = P.payoff_reward[r] * _success_value(P.gated[r], S.goals[r], S.options[r])
        office = G_DATA * S.data_quality[r] + G_OFFICE * W.support[r]
        balance = 1.0 - S.decision_quality[r]
        # veto players (SF10; Scharpf 1993): a project two forum members agreed on needs
        # the consent of the group that decides it, the plenary or, with working groups, a
        # group of WORKING_GROUP_SIZE; each further member objects with forum_size_penalty
        groups = P.working_groups[r]
        deciders = (1.0 - groups) * forum_members + groups * _min(forum_members, WORKING_GROUP_SIZE)
        others = _max(deciders - 2.0, 0.0)  # the members of the deciding group besides the pair
        veto = 1.0 - math.pow(1.0 - P.forum_size_penalty[r], others)
        n_needs = 0
        for p in range(n_pairs):
            i, j = G.pair_i[p], G.pair_j[p]
            trust = E.trust[r, p]
            free_i, free_j = E.free_hours[r, i], E.free_hours[r, j]
            understanding = S.understanding[r, p]
            meet = not W.active[r, p] and (
                not gated or (free_i >= MEETING_HOURS and free_j >= MEETING_HOURS)
            )
            if meet and gated:
                broker = _max(broker_effect[i], broker_effect[j])
                meet_p = (
                    P.meeting_base[r]
                    + routine
                    + G.rate[_BROKERING] * broker * W.support[r] * (1.0 - trust)
                    + (
                        G.dep_half[p]
                        if P.interdependence_perception[r] == 1.0
                        else MEETING_NECESSITY * S.perceived[r, p]
                    )
                    * (E.necessity[r, i] + E.necessity[r, j])
                )
                meet_p = clip01(meet_p) * (1.0 - W.trap[r, i]) * (1.0 - W.trap[r, j])
                # a person's offer brings the pair together
                meet = ur[n + p] < meet_p or W.choices[r, p, 0] == 1 or W.choices[r, p, 1] == 1
            agree = False
            E.overruled[r, p] = 0.0
            if meet:
                understanding = understanding + MEETING_UNDERSTANDING * (1.0 - understanding)
                reward = value
                if gated:
                    pair_logit = (
                        B0 + B_TRUST * trust + B_WILL * will + B_UNDERSTANDING * understanding
                    )
                    if P.goals_agreement[r] > 0.0:  # shared goals: agreement on what (item 6)
                        pair_logit = pair_logit + P.goals_agreement[r] * S.goals[r]
                    logit_i = B_MANDATE * E.mandate[r, i] - B_LOAD * E.workload[r, i]
                    logit_j = B_MANDATE * E.mandate[r, j] - B_LOAD * E.workload[r, j]
                    for d in (i, j):  # once per month, when needed: cubes are costly
                        if W.readiness[r, d] < 0.0:
                            W.readiness[r, d] = (
                                _enabled(E.necessity[r, d], E.competence[r, d])
                                if P.readiness_gate[r] > 0.0
                                else 1.0  # the SF1 knockout: no Muessen/Koennen gate
                            )
                    # the propensity W, gated by Muessen, Koennen and the situation
                    gate_i = E.motivation[r, i] * W.readiness[r, i] * _sigmoid(pair_logit + logit_i)
                    gate_j = E.motivation[r, j] * W.readiness[r, j] * _sigmoid(pair_logit + logit_j)
                else:  # docking: the propensity itself (docs/ODD.md, 12.1)
                    gate_i, gate_j = E.motivation[r, i], E.motivation[r, j]
                choice_i, choice_j = W.choices[r, p, 0], W.choices[r, p, 1]
                yes_i = ur[n + n_pairs + p] < gate_i if choice_i < 0 else choice_i == 1
                yes_j = ur[n + 2 * n_pairs + p] < gate_j if choice_j < 0 else choice_j == 1
                agree = yes_i and yes_j
                if not agree and P.decision_rule[r] > 0.0 and gated and (yes_i or yes_j):
                    # qualified majority: a side with enough power decides alone (SF11)
                    power_i, power_j = P.power[r, i], P.power[r, j]
                    total = power_i + power_j
                    if total > 0.0:
                        if yes_i and power_i >= QUALIFIED_MAJORITY * total:
                            agree = True
                            E.overruled[r, p] = 2.0
                        elif yes_j and power_j >= QUALIFIED_MAJORITY * total:
                            agree = True
                            E.overruled[r, p] = 1.0
                stake_i = 1.0 + P.gated[r] * STAKES_WORKLOAD * E.workload[r, i]
                stake_j = 1.0 + P.gated[r] * STAKES_WORKLOAD * E.workload[r, j]
                if gated and (
                    agree
                    or _scales(
                        E.aspiration[r, i],
                        value,
                        temptation * stake_i,
                        punishment,
                        sucker * stake_i,
                    )
                    or _scales(
                        E.aspiration[r, j],
                        value,
                        temptation * stake_j,
                        punishment,
                        sucker * stake_j,
                    )
                ):
                    # the reward of agreeing is the joint project's expected value (7.5)
                    reward = value * _sigmoid(
                        G0
                        + G_COMP * _min(E.competence[r, i], E.competence[r, j])
                        + office
                        - G_DIFF * difficulty
                        + G_UNDERSTANDING * understanding
                        - G_POWER
                        * G.power_gap[p]
                        * P.power_spread[r]
                        * balance
                        * (1.0 - COMMITMENT_FAIRNESS * S.commitment[r, p])
                    )
                _play_round(
                    E.motivation,
                    E.aspiration,
                    r,
                    i,
                    j,
                    yes_i,
                    yes_j,
                    reward,
                    reward,
                    stake_i,
                    stake_j,
                    temptation,
                    punishment,
                    sucker,
                    rate,
                    habituation,
                )
            E.understanding[r, p] = understanding
            ready = agree and gated and free_i >= hours and free_j >= hours
            # the deciding group of the forum must consent as well (SF10): the veto shares
            # the draw of the false start, blocked = 1 - (1 - stall)(1 - veto e_i e_j)
            blocked = stall
            if veto > 0.0 and forum[i] > 0.0 and forum[j] > 0.0:
                blocked = stall + (1.0 - stall) * veto * forum[i] * forum[j]
            ready = ready and ur[n + 10 * n_pairs + p] >= blocked
            # Pairs with trust and routines start on their own; the others need the office,
            # whose free hours limit how many start (M7, SF12).
            # Bonding (SF13): a pair with a record of joint success and high
            # interdependence starts on its own, and the office moves on to new pairs.
            bonding = SELF_START_BOND * E.bond[r, p] * G.dep[p] * P.self_organisation[r]
            alone = ur[n + 3 * n_pairs + p] < trust * own + bonding
            needs_office = ready and not alone
            W.needs_office[r, p] = needs_office
            n_needs += needs_office
            E.started[r, p] = ready and alone
        slots = math.floor(_max(W.office_free[r] - W.facilitation[r], 0.0) / OFFICE_HOURS_PER_START)
        if P.office_limit[r] == 0.0:
            slots = n_pairs
        queued = 0
        if n_needs > 0:
            # the office serves the waiting pairs in random order (ties: pair order)
            priority = ur[n + 4 * n_pairs : n + 5 * n_pairs]
            for p in range(n_pairs):
                if W.needs_office[r, p]:
                    rank = 0
                    for q in range(n_pairs):
                        if W.needs_office[r, q] and (
                            priority[q] < priority[p] or (priority[q] == priority[p] and q < p)
                        ):
                            rank += 1
                    if rank < slots:
                        E.started[r, p] = True
                    else:
                        queued += 1
        E.queued[r] = queued
        for p in range(n_pairs):
            # bridging: a project the office started ties both partners to the office (SF13)
            E.brokered[r, p] = W.needs_office[r, p] if E.started[r, p] else S.brokered[r, p]
            if not E.started[r, p]:
                E.overruled[r, p] = S.overruled[r, p] if E.remaining[r, p] > 0 else 0.0
            if E.started[r, p]:
                E.remaining[r, p] = P.duration[r]
                E.difficulty[r, p] = clip01(
                    difficulty + DIFFICULTY_SPREAD * (ur[n + 5 * n_pairs + p] - UNIFORM_CENTRE)
                )
            else:
                E.difficulty[r, p] = S.difficulty[r, p] if E.remaining[r, p] > 0 else 0.0


@_sub
def municipal_stocks(S, E, P, G, X, W, lo, hi, m):
    """7.7 Political will, legitimacy, mandates, data, processes, structures, outcome."""
    n, n_pairs = S.necessity.shape[1], S.trust.shape[1]
    gl, rate = X.gl[m], G.rate
    legitimation = X.effect[m, _LEGITIMATION]
    mapping, negotiation = X.effect[m, _MAPPING], X.effect[m, _NEGOTIATION]
    building = X.effect[m, _TRUST]
    forum = X.effect[m, _PARTICIPATION]
    # an inclusive forum is legitimate in proportion to whom it includes (SF10; Ansell &
    # Gash 2008): all departments at intensity e give the lever's full e, as the maximum did
    included = _forum_members(forum) / n
    for r in range(lo, hi):
        n_success = n_bad = cooperating = 0
        for p in range(n_pairs):
            n_success += E.succeeded[r, p]
            n_bad += E.defected[r, p] or W.misread[r, p]
            cooperating += E.remaining[r, p] > 0 or E.since_success[r, p] < RECENT_SUCCESS
        coop_rate = cooperating / n_pairs
        will, base = E.political_will[r], E.political_base[r]
        E.political_will[r] = clip01(
            will
            + rate[_POLITICAL] * gl[_POLITICAL] * (1.0 - will)
            - P.political_will_decay[r] * (will - base)
            + WILL_PER_SUCCESS * n_success * (1.0 - will)
            - WILL_PER_FAILURE * n_bad * will
        )
        legit = S.legitimacy[r]
        legit = clip01(
            legit
            + (rate[_LEGITIMATION] * gl[_LEGITIMATION] + rate[_PARTICIPATION] * included)
            * (1.0 - legit)
            - legit / LEGITIMACY_LIFETIME
        )
        # the agenda moves a willing leadership to act (SF15): goals, a conference, structures
        will3 = math.pow(E.political_will[r], 3.0)
        act = P.agenda_response[r] * E.agenda[r] * (will3 / (will3 + _AW3))
        if act > 0.0:
            legit = clip01(legit + act * (1.0 - legit))
        E.legitimacy[r] = legit
        for d in range(n):
            x = E.mandate[r, d]
            E.mandate[r, d] = clip01(
                x + rate[_LEGITIMATION] * legitimation[d] * (1.0 - x) - x / LEGITIMACY_LIFETIME
            )
        data = S.data_quality[r]
        data = clip01(
            data
            + rate[_DATA] * gl[_DATA] * (1.0 - data) * _min(E.office_fte[r], 1.0)
            - P.data_decay[r] * (data - P.data_quality_init[r])
        )
        E.data_quality[r] = data
        x = S.communication[r]
        E.communication[r] = clip01(
            x
            + rate[_CHANNELS] * gl[_CHANNELS] * (1.0 - x)
            - (x - COMMUNICATION_INIT) / COMMUNICATION_LIFETIME
        )
        institution = E.institutionalisation[r]
        x = S.decision_quality[r]
        E.decision_quality[r] = clip01(
            x
            + rate[_PROCESSES] * gl[_PROCESSES] * (1.0 - x)
            - (x - DECISION_INIT) * (1.0 - institution * P.anchoring[r]) / DECISION_LIFETIME
        )
        x = S.goals[r]
        E.goals[r] = clip01(
            x + rate[_GOALS] * gl[_GOALS] * (1.0 - x) - x * (1.0 - legit) / GOALS_LIFETIME
        )
        if act > 0.0:
            x = E.goals[r]
            E.goals[r] = clip01(x + act * (1.0 - x))
        x = S.options[r]
        E.options[r] = clip01(x + rate[_OPTIONS] * gl[_OPTIONS] * (1.0 - x) - x / OPTIONS_LIFETIME)
        trap_mean = _pairwise_sum(W.trap[r]) / n
        institution = clip01(
            institution
            + (
                rate[_COMMITTEES] * gl[_COMMITTEES]
                + PROCESSES_INSTITUTION * gl[_PROCESSES]
                + SUCCESS_INSTITUTION * n_success
            )
            * (1.0 - institution)
            - P.institution_decay[r] * institution * (1.0 - coop_rate) * (1.0 + trap_mean)
        )
        if act > 0.0:  # structures follow the goals
            institution = clip01(institution + act * E.goals[r] * (1.0 - institution))
        E.institutionalisation[r] = institution
        for p in range(n_pairs):
            i, j = G.pair_i[p], G.pair_j[p]
            x = E.understanding[r, p]
            E.understanding[r, p] = clip01(
                x
                + rate[_MAPPING] * G.dep[p] * _max(mapping[i], mapping[j]) * (1.0 - x)
                - x / UNDERSTANDING_LIFETIME
            )
            # mapping shows the departments their true interdependence (issue 9, item 6)
            x = S.perceived[r, p]
            E.perceived[r, p] = x + rate[_MAPPING] * _max(mapping[i], mapping[j]) * (G.dep[p] - x)
            x = S.commitment[r, p]
            E.commitment[r, p] = clip01(
                x
                + rate[_NEGOTIATION] * _max(negotiation[i], negotiation[j]) * (1.0 - x)
                - x / COMMITMENT_LIFETIME
            )
            x = E.trust[r, p]
            E.trust[r, p] = x + rate[_TRUST] * _max(building[i], building[j]) * (1 - x)
        x = S.outcome[r]
        E.outcome[r] = clip01(
            x
            + OUTCOME_GAIN * n_success / n_pairs * (OUTCOME_BASE + OUTCOME_DATA * data) * (1.0 - x)
            - OUTCOME_DECAY * x * (1.0 - institution * P.anchoring[r])
        )


@_sub
def turnover(S, E, P, G, X, W, u, lo, hi, m, k):
    """7.8 Turnover (M5): liaison persons leave; structures keep part of what they carried."""
    n, n_pairs = S.necessity.shape[1], S.trust.shape[1]
    wave = X.onset[m, _WAVE]
    for r in range(lo, hi):
        ur = u[r - lo, k]
        institution = E.institutionalisation[r] * P.anchoring[r]  # 0: the SF6 knockout
        hazard = P.hazard[r]
        any_left = False
        for d in range(n):
            left = ur[d] < hazard + (1.0 - hazard) * wave
            E.turnover[r, d] = left
            any_left = any_left or left
            E.tenure[r, d] = 0.0 if left else S.tenure[r, d] + 1.0
        kept = 1.0 - institution * P.turnover_buffer[r]  # 0: the SF7 knockout
        if any_left:
            # Structures keep the share I of what a liaison person carried (minutes,
            # routines, role-based relations); the successor brings general skills (half
            # the baseline).
            lost = P.competence_loss_turnover[r] * kept
            for d in range(n):
                if E.turnover[r, d]:
                    E.competence[r, d] = (1 - lost) * E.competence[
                        r, d
                    ] + lost * SUCCESSOR_COMPETENCE * (S.competence_base[r, d])
                    x = E.necessity[r, d]
                    E.necessity[r, d] = x - TURNOVER_RESET * (x - S.necessity_base[r, d])
                    x = E.motivation[r, d]
                    E.motivation[r, d] = x - TURNOVER_RESET * (x - S.motivation_base[r, d])
                    x = E.aspiration[r, d]  # the successor brings the initial aspiration
                    E.aspiration[r, d] = x - TURNOVER_RESET * (x - P.aspiration[r])
        rho = TURNOVER_TRUST_LOSS * kept
        floor = P.trust_floor[r] * institution
        for p in range(n_pairs):
            trust = E.trust[r, p]
            if any_left and (E.turnover[r, G.pair_i[p]] or E.turnover[r, G.pair_j[p]]):
                # the personal part of trust regresses to the prehistory, of understanding
                # to nothing
                trust = (1 - rho) * trust + rho * P.trust_init[r]
                E.understanding[r, p] = (1 - rho) * E.understanding[r, p]
                E.commitment[r, p] = (1 - rho) * E.commitment[r, p]
            E.trust[r, p] = clip01(_max(trust, floor))  # institutional trust survives people (M12)


@_sub
def bookkeeping(S, E, P, X, lo, hi, m):
    """Diagnosis, report clock and the cumulative cost of levers."""
    n = S.necessity.shape[1]
    for r in range(lo, hi):
        for d in range(n):
            E.diagnosis[r, d] = diagnose(
                E.necessity[r, d],
                E.motivation[r, d],
                E.competence[r, d],
                E.free_hours[r, d],
                E.decision_quality[r],
                P.project_hours[r],
            )
        E.since_report[r] = 0.0 if E.report[r] else S.since_report[r] + 1.0
        E.hours_spent[r] = S.hours_spent[r] + X.month_hours[m]
        E.euros_spent[r] = S.euros_spent[r] + X.euros[m]


@_sub
def _centralisation(remaining, since_success, brokered, pair_i, pair_j, direct, via_office):
    """Freeman degree centralisation of one row's cooperation network (SF13).

    The nodes are the Bildungsbüro and the departments with at least one tie. A
    cooperating pair (a running project or a success within ``RECENT_SUCCESS`` months, as
    in the cooperation rate) whose project the office started ties both partners to the
    office (bridging); one that started on its own ties the two departments directly
    (bonding). ``sum(max degree - degree) / ((N - 1)(N - 2))`` over these ``N`` nodes: 1
    for a star around the office, lower the more departments are tied directly; 0 with
    fewer than two departments tied. Departments without a tie are left out, so that the
    value measures the network's shape, not how many departments cooperate. ``direct``
    and ``via_office`` are scratch rows of length n.
    """
    n = direct.shape[0]
    direct[:] = 0.0
    via_office[:] = 0.0
    for p in range(remaining.shape[0]):
        if remaining[p] > 0 or since_success[p] < RECENT_SUCCESS:
            i, j = pair_i[p], pair_j[p]
            if brokered[p]:
                via_office[i] = 1.0
                via_office[j] = 1.0
            else:
                direct[i] += 1.0
                direct[j] += 1.0
    office = 0.0
    tied = 0.0
    for d in range(n):
        office += via_office[d]
        tied += 1.0 if direct[d] + via_office[d] > 0 else 0.0
    if tied < 2:
        return 0.0
    top = office
    for d in range(n):
        top = _max(top, direct[d] + via_office[d])
    spread = top - office
    for d in range(n):
        degree = direct[d] + via_office[d]
        if degree > 0:
            spread += top - degree
    return spread / (tied * (tied - 1.0))


@_sub
def record(E, G, W, out, lo, hi, col):
    """The monthly metrics (in the order of _RECORDED) of rows lo..hi into ``out[:, r, col]``."""
    n, n_pairs = E.necessity.shape[1], E.trust.shape[1]
    for r in range(lo, hi):
        cooperating = active = successes = failures = defections = ready = outvoted = 0
        for p in range(n_pairs):
            running = E.remaining[r, p] > 0
            outvoted += running and E.overruled[r, p] > 0.0
            cooperating += running or E.since_success[r, p] < RECENT_SUCCESS
            active += running
            successes += E.succeeded[r, p]
            failures += E.failed[r, p]
            defections += E.defected[r, p]
        for d in range(n):
            ready += E.diagnosis[r, d] == 0
        values = (
            cooperating / n_pairs,
            _pairwise_sum(E.necessity[r]) / n,
            _pairwise_sum(E.motivation[r]) / n,
            _pairwise_sum(E.competence[r]) / n,
            _pairwise_sum(E.trust[r]) / n_pairs,
            _pairwise_sum(E.understanding[r]) / n_pairs,
            E.institutionalisation[r],
            E.political_will[r],
            E.legitimacy[r],
            E.data_quality[r],
            E.communication[r],
            E.decision_quality[r],
            E.outcome[r],
            ready / n,
            E.office_fte[r],
            float(active),
            float(successes),
            float(failures),
            float(defections),
            E.queued[r],
            E.hours_spent[r],
            E.euros_spent[r],
            1.0 if E.report[r] else 0.0,
            _centralisation(
                E.remaining[r],
                E.since_success[r],
                E.brokered[r],
                G.pair_i,
                G.pair_j,
                W.acc_a[r],
                W.acc_b[r],
            ),
            1.0 - outvoted / _max(float(active), 1.0),
        )
        for k in range(len(values)):
            out[k, r, col] = values[k]


def advance(S, E, P, G, X, W, u, lo, hi, t0, months, out, col0, x0=0) -> None:
    """Advance rows lo..hi by ``months`` months (see :func:`_advance`).

    Every argument is built by this module (:func:`pack`, :func:`fresh_like`,
    :class:`Frame`, :func:`inputs`) with fixed dtypes and C order, so after the first
    call the compiled entry point is called directly: numba's type dispatch over the
    150 arrays would cost four times the month's computation of a single run.
    """
    global _entry
    args = (S, E, P, G, X, W, u, int(lo), int(hi), int(t0), int(months), out, int(col0), int(x0))
    if _entry is None:
        _advance(*args)
        _entry = _advance.overloads[tuple(_advance.typeof_pyval(a) for a in args)].entry_point
    else:
        _entry(*args)


_entry = None


@kjit(nogil=True)
def _advance(S, E, P, G, X, W, u, lo, hi, t0, months, out, col0, x0):
    """Advance rows lo..hi by ``months`` months, recording into ``out[:, :, col0 + m]``.

    The state alternates between the buffers ``S`` and ``E``: after an odd number of
    months the result is in ``E``, after an even number in ``S``. Month ``k`` of the call
    takes row r's uniforms from ``u[r - lo, k]`` and the batch-shared inputs from
    ``X[x0 + k]``.
    """
    for k in range(months):
        t, m = t0 + k, x0 + k
        exogenous(S, E, P, G, X, W, u, lo, hi, t, m, k)
        lever_costs(S, E, P, G, X, W, lo, hi, m)
        necessity(S, E, P, G, X, W, lo, hi, m)
        motivation(S, E, P, lo, hi)
        running_projects(S, E, P, G, X, W, u, lo, hi, m, k)
        new_projects(S, E, P, G, X, W, u, lo, hi, m, k)
        municipal_stocks(S, E, P, G, X, W, lo, hi, m)
        turnover(S, E, P, G, X, W, u, lo, hi, m, k)
        bookkeeping(S, E, P, X, lo, hi, m)
        record(E, G, W, out, lo, hi, col0 + k)
        S, E = E, S
