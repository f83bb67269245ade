"""The vectorised kernel: the model's dynamics as pure functions over NumPy arrays.

Every array's leading axis is the replication. Department arrays have shape
``(R, n)``, pair arrays ``(R, L)`` over the ``L`` interdependent pairs, municipal
stocks ``(R,)``. The Mesa model is a batch of one; :func:`models.simulate` runs many.

Random numbers are passed in: each replication draws one block of uniforms per
month (:func:`block_size`) whose shape depends only on ``n`` and ``L``, so a row of a
batch and a lone model built from the same seed consume identical streams. No
operation mixes rows (no BLAS, no reduction across replications), which keeps every
row bit-identical to the same replication run alone.

The equations are described in docs/ODD.md, section 7 ("Submodels"); the numbers in
the comments below refer to its subsections.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np

from . import levers as lv
from .departments import LINK_THRESHOLD, DepartmentSpec, initial_offsets, interdependence
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
DIAGNOSIS_THRESHOLD = 0.35  # below this a factor counts as missing (Knoster)
READINESS_HALF = 0.2  # a factor at this level halves readiness (Hill gate, exponent 3)
# cooperation decision (7.6)
B0, B_TRUST, B_WILL, B_MANDATE, B_UNDERSTANDING, B_LOAD = -0.5, 2.0, 1.5, 1.0, 1.0, 2.0
# project success (7.5)
G0, G_COMP, G_DATA, G_OFFICE, G_DIFF, G_UNDERSTANDING, G_POWER = -0.8, 3.0, 1.0, 1.0, 2.5, 1.0, 1.5
WITHDRAW_BASE, WITHDRAW_OVERLOAD, WITHDRAW_UNWILLING = 0.003, 0.3, 0.015
FALSE_START = 0.3  # share of agreed projects that stall without decision processes
PARTICIPATION_AWARENESS = 0.03  # monthly share of the awareness gap closed by conferences
MAPPING_AWARENESS = 0.02  # monthly share of the awareness gap closed by stakeholder mapping
RESOURCE_RELIEF = 0.2  # workload taken off a department by the resources lever at intensity 1

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
    """Everything a step needs besides the state: structure, parameters, index arrays.

    ``v[name]`` holds a parameter per replication ``(R,)``, ``c[name]`` the same as a
    column ``(R, 1)`` that broadcasts over departments or pairs.
    """

    def __init__(self, st: Structure, params: Mapping[str, object], r: int):
        self.st, self.r, self.n, self.n_pairs = st, r, st.n, st.n_pairs
        self.v = {k: v for k, v in params.items() if isinstance(v, np.ndarray)}
        self.c = {k: v[:, None] for k, v in self.v.items()}
        offs = (np.arange(r) * st.n)[:, None]
        self.idx_i = (offs + st.pair_i).ravel()
        self.idx_j = (offs + st.pair_j).ravel()
        self.ranks = np.broadcast_to(np.arange(st.n_pairs), (r, st.n_pairs))
        c = self.c
        self.hours = c["capacity_hours"] * st.capacity  # (R, n) at zero workload
        self.hazard = 1.0 - (1.0 - c["turnover_rate"]) ** (1.0 / 12.0)
        self.trust_loss = np.minimum(c["trust_gain"] * c["trust_loss_ratio"], 1.0)
        self.room = np.maximum(1.0 - c["workload_threshold"], 1e-9)
        # meeting bonus of interdependent pairs: 0.1 * dep per unit of the pair's mean necessity
        self.dep_half = 0.05 * st.dep

    def scatter(self, on_i: np.ndarray, on_j: np.ndarray) -> np.ndarray:
        """Sum pair values onto their departments: ``on_i`` onto i, ``on_j`` onto j.

        bincount adds in pair order within each row, whatever the batch size.
        """
        size = self.r * self.n
        a = np.bincount(self.idx_i, weights=on_i.ravel(), minlength=size)
        b = np.bincount(self.idx_j, weights=on_j.ravel(), minlength=size)
        return (a + b).reshape(self.r, self.n)


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
    mandate: np.ndarray
    workload: np.ndarray
    free_hours: np.ndarray
    tenure: np.ndarray
    diagnosis: np.ndarray  # int8 codes, see metrics.DIAGNOSES
    turnover: np.ndarray  # bool: liaison replaced in the last step
    # pairs (R, L)
    trust: np.ndarray
    understanding: np.ndarray
    remaining: np.ndarray  # months left of the running project, 0 = none
    difficulty: np.ndarray
    since_success: np.ndarray  # months since the pair's last success
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
    report: np.ndarray  # bool: a report appeared in the last step
    election: np.ndarray  # bool: an election took place in the last step
    queued: np.ndarray  # agreed projects not started for lack of office hours
    hours_spent: np.ndarray  # cumulative staff hours on levers
    euros_spent: np.ndarray  # cumulative euros on levers

    def replace(self, **changes) -> State:
        return State(**{f: changes.get(f, getattr(self, f)) for f in _FIELDS})


_FIELDS = tuple(f.name for f in fields(State))


def conjunctive_readiness(necessity, motivation, competence):
    """Knoster gate: the product of x³/(x³ + h³) over Müssen, Wollen and Können.

    A factor near zero blocks readiness; moderate values barely reduce it.
    """
    h3 = READINESS_HALF**3
    n3, w3, k3 = necessity**3, motivation**3, competence**3
    return n3 / (n3 + h3) * (w3 / (w3 + h3)) * (k3 / (k3 + h3))


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _clip01(x):
    return np.minimum(np.maximum(x, 0.0), 1.0)


def office_fte(v: Mapping, month: int, retained: np.ndarray) -> np.ndarray:
    """Bildungsbüro staff: core posts plus funded posts (taken-over share after the end)."""
    funded = month < v["funding_months"]
    return v["core_posts"] + v["funded_posts"] * np.where(funded, 1.0, retained)


def _diagnose(necessity, motivation, competence, free, decision, project_hours):
    """Knoster diagnosis: what limits a department (0 = ready, see metrics.DIAGNOSES).

    The department's own elements come first: the weakest of necessity, motivation,
    competence and resources (free hours for one project) if it is below
    DIAGNOSIS_THRESHOLD (ties go to the first); otherwise missing decision processes of
    the municipality (false starts); otherwise ready.
    """
    resources = _clip01(free / np.maximum(project_hours, 1.0))
    weakest = necessity
    code = np.ones(necessity.shape, dtype=np.int8)
    for k, x in enumerate((motivation, competence, resources), start=2):
        lower = x < weakest
        weakest = np.where(lower, x, weakest)
        code = np.where(lower, np.int8(k), code)
    no_process = (decision < DIAGNOSIS_THRESHOLD)[:, None]
    return np.where(
        weakest < DIAGNOSIS_THRESHOLD, code, np.where(no_process, np.int8(5), np.int8(0))
    )


def initial_state(fr: Frame, z: np.ndarray) -> State:
    """Month-0 state from normal draws ``z`` of shape ``(R, init_size)``."""
    st, r, n, n_pairs, c, v = fr.st, fr.r, fr.n, fr.n_pairs, fr.c, fr.v
    spread = c["init_spread"]
    dims = []
    for d, name in enumerate(("necessity_init", "motivation_init", "competence_init")):
        mean = np.where(np.isnan(st.fixed[d]), c[name] + st.offsets[d], st.fixed[d])
        dims.append(_clip01(mean + spread * z[:, d * n : (d + 1) * n]))
    necessity, motivation, competence = dims
    trust = _clip01(c["trust_init"] + spread * z[:, 3 * n : 3 * n + n_pairs])
    workload = _clip01(c["workload"] + st.workload)
    free = fr.hours * (1.0 - workload)
    decision = np.full(r, DECISION_INIT)
    retained = np.ones(r)
    no_pairs = np.zeros((r, n_pairs), dtype=bool)
    return State(
        month=0,
        necessity=necessity,
        motivation=motivation,
        competence=competence,
        necessity_base=necessity,
        motivation_base=motivation,
        competence_base=competence,
        mandate=np.broadcast_to(st.mandate, (r, n)).copy(),
        workload=workload,
        free_hours=free,
        tenure=np.zeros((r, n)),
        diagnosis=_diagnose(necessity, motivation, competence, free, decision, c["project_hours"]),
        turnover=np.zeros((r, n), dtype=bool),
        trust=trust,
        understanding=np.broadcast_to(0.2 * st.dep, (r, n_pairs)).copy(),
        remaining=np.zeros((r, n_pairs)),
        difficulty=np.zeros((r, n_pairs)),
        since_success=np.full((r, n_pairs), 999.0),
        started=no_pairs,
        succeeded=no_pairs,
        failed=no_pairs,
        defected=no_pairs,
        political_will=v["political_will_init"].copy(),
        political_base=v["political_will_init"].copy(),
        legitimacy=v["legitimacy_init"].copy(),
        data_quality=v["data_quality_init"].copy(),
        institutionalisation=v["institutionalisation_init"].copy(),
        office_fte=office_fte(v, 0, retained),
        retained=retained,
        communication=np.full(r, COMMUNICATION_INIT),
        decision_quality=decision,
        goals=np.zeros(r),
        options=np.zeros(r),
        outcome=np.zeros(r),
        since_report=np.full(r, float(REPORT_INTERVAL)),
        report=np.zeros(r, dtype=bool),
        election=np.zeros(r, dtype=bool),
        queued=np.zeros(r),
        hours_spent=np.zeros(r),
        euros_spent=np.zeros(r),
    )


def step(
    s: State,
    fr: Frame,
    effect: np.ndarray,
    cost: np.ndarray,
    onset: np.ndarray,
    ongoing: np.ndarray,
    u: np.ndarray,
) -> State:
    """Advance every replication by one month.

    Parameters
    ----------
    s : State
        State at the start of the month.
    fr : Frame
        Structure, parameters and index arrays of the batch.
    effect, cost : ndarray, shape (N_LEVERS, n)
        Lever intensities acting and being paid for this month (shared by the batch).
    onset, ongoing : ndarray, shape (n_shock_kinds,)
        Severity of shocks striking this month and of shocks lasting through it.
    u : ndarray, shape (R, block_size)
        This month's uniform draws, one row per replication.

    Returns
    -------
    State
        The state at the end of the month. ``s`` is not modified.
    """
    st, r, n, n_pairs, c, v = fr.st, fr.r, fr.n, fr.n_pairs, fr.c, fr.v
    t = s.month
    pi, pj = st.pair_i, st.pair_j
    u_dept = u[:, :n]
    draws = u[:, n : n + N_PAIR_DRAWS * n_pairs].reshape(r, N_PAIR_DRAWS, n_pairs)
    (
        u_meet,
        u_yes_i,
        u_yes_j,
        u_alone,
        u_prio,
        u_diff,
        u_outcome,
        u_misp,
        u_wd_i,
        u_wd_j,
        u_false,
    ) = (draws[:, k] for k in range(N_PAIR_DRAWS))
    gl = effect.max(axis=1)  # municipality-level intensity of each lever

    # 7.1 Exogenous: funding end, elections, shocks ----------------------------------------
    retained = s.retained
    at_end = t == v["funding_months"]
    if at_end.any():
        # programme posts are taken over in proportion to legitimacy and freed resources
        take = _clip01((s.legitimacy - 0.2) / 0.5 + 0.5 * gl[_L["resources"]])
        retained = np.where(at_end, take, retained)
    fte = office_fte(v, t, retained)
    legit = s.legitimacy
    random_election = u[:, -2] < v["election_hazard"]
    drawn = _clip01(v["political_will_init"] + (u[:, -1] - 0.5) * 2.0 * v["election_volatility"])
    base = np.where(
        random_election, legit * s.political_base + (1 - legit) * drawn, s.political_base
    )
    will = np.where(
        random_election, legit * s.political_will + (1 - legit) * drawn, s.political_will
    )
    mandate = s.mandate
    severity = onset[SHOCK_INDEX["election"]]
    if severity > 0:  # a scheduled election lowers priority and mandates, unless legitimate
        cut = severity * (1.0 - legit)
        base, will = base * (1.0 - cut), will * (1.0 - cut)
        mandate = mandate * (1.0 - 0.5 * cut)[:, None]
    election = random_election | (severity > 0)
    crisis = ongoing[SHOCK_INDEX["crisis"]]
    reorg_onset = onset[SHOCK_INDEX["reorganisation"]]
    # freed resources (posts, budget) relieve the core workload (M6: the way out of the trap)
    workload = _clip01(
        c["workload"]
        + st.workload
        + 0.3 * crisis
        + 0.15 * ongoing[SHOCK_INDEX["reorganisation"]]
        - RESOURCE_RELIEF * effect[_L["resources"]]
    )
    need = np.minimum(st.need + 0.3 * crisis, 1.0)
    trap = np.maximum(workload - c["workload_threshold"], 0.0) / fr.room
    competence = s.competence
    institution = s.institutionalisation
    if reorg_onset > 0:
        competence = competence * (1.0 - 0.1 * reorg_onset)
        institution = institution + 0.2 * reorg_onset * (1.0 - institution)

    # 7.2 Levers: what they cost this month --------------------------------------------------
    # numpy sums, not BLAS, so that totals are the same on every machine
    lever_hours = (cost * lv.DEPT_HOURS[:, None]).sum(axis=0)  # (n,), shared by the batch
    paid = cost.max(axis=1)
    office_lever_hours = float((paid * lv.OFFICE_HOURS).sum())
    euros = float((paid * lv.EUROS).sum())
    active = s.remaining > 0
    n_running = fr.scatter(active, active)
    free = (
        fr.hours * (1.0 - workload) * (1.0 - ongoing[SHOCK_INDEX["budget_cut"]])
        + _RATE["resources"] * effect[_L["resources"]]
        - lever_hours
        - c["project_hours"] * n_running
    )
    n_active = active.sum(axis=1)
    facilitation = OFFICE_HOURS_PER_PROJECT * n_active
    office_free = OFFICE_HOURS_PER_FTE * fte - office_lever_hours
    support = _clip01(office_free / np.maximum(facilitation, 1.0))

    # 7.3 Necessity (Müssen) -------------------------------------------------------------------
    data = s.data_quality
    report = (
        (gl[_L["problem_analysis"]] > 0)
        & (data >= REPORT_DATA_THRESHOLD)
        & (s.since_report >= REPORT_INTERVAL)
    )
    gap = np.maximum(need - s.necessity, 0.0)
    flow = s.trust * (s.necessity[:, pj] - s.necessity[:, pi])  # i gains, j loses
    necessity = _clip01(
        s.necessity
        + (report * data * gl[_L["problem_analysis"]])[:, None] * c["report_effect"] * gap
        + c["peer_influence"] * fr.scatter(flow, -flow) / st.degree
        + (
            PARTICIPATION_AWARENESS * effect[_L["participation"]]
            + MAPPING_AWARENESS * effect[_L["stakeholder_mapping"]]
            + 0.05 * crisis
        )
        * gap
        - c["necessity_decay"] * (s.necessity - s.necessity_base)
    )

    # 7.4 Motivation drift (Wollen) ------------------------------------------------------------
    motivation = _clip01(
        s.motivation
        + c["leadership_pull"] * will[:, None] * (1 - s.motivation)
        - c["motivation_decay"] * (s.motivation - s.motivation_base)
    )

    # 7.5 Running projects: withdrawal, completion, outcome, learning -------------------------
    overload = _clip01(-free / np.maximum(c["project_hours"], 1.0))
    withdraw = WITHDRAW_BASE + WITHDRAW_OVERLOAD * overload + WITHDRAW_UNWILLING * (1 - motivation)
    defected = active & ((u_wd_i < withdraw[:, pi]) | (u_wd_j < withdraw[:, pj]))
    going = active & ~defected
    remaining = np.where(going, s.remaining - 1.0, 0.0)
    completes = going & (remaining == 0)
    trust = s.trust
    ended = completes | defected
    # In most months no project ends; skipping the outcome updates then is exact.
    if ended.any():
        success_p = _sigmoid(
            G0
            + G_COMP * np.minimum(competence[:, pi], competence[:, pj])
            + (G_DATA * data + G_OFFICE * support)[:, None]
            - G_DIFF * s.difficulty
            + G_UNDERSTANDING * s.understanding
            - G_POWER * st.power_gap * (1.0 - s.decision_quality)[:, None]
        )
        succeeded = completes & (u_outcome < success_p)
        failed = completes & ~succeeded
        misread = failed & (u_misp < c["misperception"] * (1.0 - s.communication)[:, None])
        trust = np.where(succeeded, trust + c["trust_gain"] * (1.0 - trust), trust)
        trust = np.where(failed & ~misread, trust * (1.0 - c["failure_trust_loss"]), trust)
        trust = np.where(defected | misread, trust * (1.0 - fr.trust_loss), trust)
        # Bush-Mosteller motivation learning from every project that ended (M14)
        win = succeeded * (0.8 + 0.3 * s.goals + 0.1 * s.options)[:, None]
        effort = 0.05 + 0.2 * workload
        n_ended = fr.scatter(ended, ended)
        payoff = (fr.scatter(ended * win, ended * win) - n_ended * effort) / np.maximum(
            n_ended, 1.0
        )
        surprise = payoff - c["aspiration"]
        learn = c["learning_rate"] * surprise * np.where(surprise > 0, 1.0 - motivation, motivation)
        motivation = _clip01(motivation + (n_ended > 0) * learn)
    else:
        succeeded = failed = misread = np.zeros_like(ended)
    since_success = np.where(succeeded, 0.0, s.since_success + 1.0)
    # learning by doing, training, and forgetting, faster in the workload trap (M4, M6)
    competence = _clip01(
        competence
        + (
            c["learning_by_doing"] * n_running
            + _RATE["qualification"] * effect[_L["qualification"]]
        )
        * (1.0 - competence)
        - c["competence_decay"]
        * (1.0 + 2.0 * trap)
        * (competence - s.competence_base * (1.0 - trap))
    )

    # 7.6 New projects: meeting, decision, resources, the office bottleneck ------------------
    readiness = conjunctive_readiness(necessity, motivation, competence)
    free_i, free_j = free[:, pi], free[:, pj]
    broker = np.maximum(
        effect[_L["cooperation_brokering"]][pi], effect[_L["cooperation_brokering"]][pj]
    )
    meet_p = (
        c["meeting_base"]
        + (0.35 * institution + 0.15 * s.communication)[:, None]
        + _RATE["cooperation_brokering"] * broker * support[:, None] * (1.0 - trust)
        + fr.dep_half * (necessity[:, pi] + necessity[:, pj])
    )
    meet_p = _clip01(meet_p) * (1.0 - trap[:, pi]) * (1.0 - trap[:, pj])
    meet = ~active & (free_i >= MEETING_HOURS) & (free_j >= MEETING_HOURS) & (u_meet < meet_p)
    understanding = np.where(
        meet, s.understanding + 0.05 * (1.0 - s.understanding), s.understanding
    )
    pair_logit = B0 + B_TRUST * trust + B_WILL * will[:, None] + B_UNDERSTANDING * understanding
    dept_logit = B_MANDATE * mandate - B_LOAD * workload
    agree = (
        meet
        & (u_yes_i < readiness[:, pi] * _sigmoid(pair_logit + dept_logit[:, pi]))
        & (u_yes_j < readiness[:, pj] * _sigmoid(pair_logit + dept_logit[:, pj]))
    )
    hours = c["project_hours"]
    ready = (
        agree
        & (free_i >= hours)
        & (free_j >= hours)
        & (u_false >= FALSE_START * (1.0 - s.decision_quality)[:, None])
    )
    # Pairs with trust and routines start on their own; the others need the office,
    # whose free hours limit how many start (M7, SF12).
    alone = u_alone < trust * (0.3 + 0.7 * institution)[:, None]
    needs_office = ready & ~alone
    slots = np.floor(np.maximum(office_free - facilitation, 0.0) / OFFICE_HOURS_PER_START)
    order = np.argsort(np.where(needs_office, u_prio, 2.0), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, fr.ranks, axis=1)
    brokered = needs_office & (rank < slots[:, None])
    started = (ready & alone) | brokered
    queued = (needs_office & ~brokered).sum(axis=1).astype(float)
    remaining = np.where(started, c["project_duration"], remaining)
    difficulty = np.where(
        started,
        _clip01(c["project_difficulty"] * (1.0 - 0.5 * s.options)[:, None] + 0.4 * (u_diff - 0.5)),
        np.where(remaining > 0, s.difficulty, 0.0),
    )

    # 7.7 Municipal stocks ---------------------------------------------------------------------
    n_success = succeeded.sum(axis=1)
    n_bad = (defected | misread).sum(axis=1)
    cooperating = (remaining > 0) | (since_success < RECENT_SUCCESS)
    coop_rate = cooperating.sum(axis=1) / n_pairs
    will = _clip01(
        will
        + _RATE["political_will"] * gl[_L["political_will"]] * (1.0 - will)
        - v["political_will_decay"] * (will - base)
        + 0.01 * n_success * (1.0 - will)
        - 0.01 * n_bad * will
    )
    legit = _clip01(
        legit
        + (
            _RATE["legitimation"] * gl[_L["legitimation"]]
            + _RATE["participation"] * gl[_L["participation"]]
        )
        * (1.0 - legit)
        - legit / 240.0
    )
    mandate = _clip01(
        mandate
        + _RATE["legitimation"] * effect[_L["legitimation"]] * (1.0 - mandate)
        - mandate / 240.0
    )
    data = _clip01(
        data
        + _RATE["data_foundation"] * gl[_L["data_foundation"]] * (1.0 - data) * np.minimum(fte, 1.0)
        - v["data_decay"] * (data - v["data_quality_init"])
    )
    communication = _clip01(
        s.communication
        + _RATE["communication_channels"]
        * gl[_L["communication_channels"]]
        * (1.0 - s.communication)
        - (s.communication - COMMUNICATION_INIT) / 30.0
    )
    decision = _clip01(
        s.decision_quality
        + _RATE["decision_processes"] * gl[_L["decision_processes"]] * (1.0 - s.decision_quality)
        - (s.decision_quality - DECISION_INIT) * (1.0 - institution) / 60.0
    )
    goals = _clip01(
        s.goals
        + _RATE["shared_goals"] * gl[_L["shared_goals"]] * (1.0 - s.goals)
        - s.goals * (1.0 - legit) / 48.0
    )
    options = _clip01(
        s.options
        + _RATE["action_options"] * gl[_L["action_options"]] * (1.0 - s.options)
        - s.options / 24.0
    )
    institution = _clip01(
        institution
        + (
            _RATE["committees_structures"] * gl[_L["committees_structures"]]
            + 0.01 * gl[_L["decision_processes"]]
            + 0.004 * n_success
        )
        * (1.0 - institution)
        - v["institution_decay"] * institution * (1.0 - coop_rate) * (1.0 + trap.mean(axis=1))
    )
    mapping = effect[_L["stakeholder_mapping"]]
    negotiation = effect[_L["negotiation"]]
    understanding = _clip01(
        understanding
        + (
            _RATE["stakeholder_mapping"] * st.dep * np.maximum(mapping[pi], mapping[pj])
            + _RATE["negotiation"] * np.maximum(negotiation[pi], negotiation[pj])
        )
        * (1.0 - understanding)
        - understanding / 60.0
    )
    building = effect[_L["trust_building"]]
    trust = trust + _RATE["trust_building"] * np.maximum(building[pi], building[pj]) * (1 - trust)
    outcome = _clip01(
        s.outcome
        + 0.05 * n_success / n_pairs * (0.5 + 0.5 * data) * (1.0 - s.outcome)
        - 0.01 * s.outcome * (1.0 - institution)
    )

    # 7.8 Turnover (M5) --------------------------------------------------------------------------
    wave = onset[SHOCK_INDEX["turnover_wave"]]
    turnover = u_dept < fr.hazard + (1.0 - fr.hazard) * wave
    floor = c["trust_floor"] * institution[:, None]
    # Most months nobody leaves; skipping the updates then is exact (np.where would
    # return the unchanged arrays) and saves a sixth of a single run's time.
    if turnover.any():
        # Structures keep the share I of what a liaison person carried (minutes, routines,
        # role-based relations); the successor brings general skills (half the baseline).
        kept = (1.0 - institution)[:, None]
        lost = c["competence_loss_turnover"] * kept
        competence = np.where(
            turnover, (1 - lost) * competence + lost * 0.5 * s.competence_base, competence
        )
        necessity = np.where(
            turnover, necessity - TURNOVER_RESET * (necessity - s.necessity_base), necessity
        )
        motivation = np.where(
            turnover, motivation - TURNOVER_RESET * (motivation - s.motivation_base), motivation
        )
        pair_turn = turnover[:, pi] | turnover[:, pj]
        rho = TURNOVER_TRUST_LOSS * kept
        # the personal part of trust regresses to the prehistory, of understanding to nothing
        trust = np.where(pair_turn, (1 - rho) * trust + rho * c["trust_init"], trust)
        understanding = np.where(pair_turn, (1 - rho) * understanding, understanding)
    trust = _clip01(np.maximum(trust, floor))  # institutional trust survives people (M12)

    return State(
        month=t + 1,
        necessity=necessity,
        motivation=motivation,
        competence=competence,
        necessity_base=s.necessity_base,
        motivation_base=s.motivation_base,
        competence_base=s.competence_base,
        mandate=mandate,
        workload=workload,
        free_hours=free,
        tenure=np.where(turnover, 0.0, s.tenure + 1.0),
        diagnosis=_diagnose(necessity, motivation, competence, free, decision, hours),
        turnover=turnover,
        trust=trust,
        understanding=understanding,
        remaining=remaining,
        difficulty=difficulty,
        since_success=since_success,
        started=started,
        succeeded=succeeded,
        failed=failed,
        defected=defected,
        political_will=will,
        political_base=base,
        legitimacy=legit,
        data_quality=data,
        institutionalisation=institution,
        office_fte=fte,
        retained=retained,
        communication=communication,
        decision_quality=decision,
        goals=goals,
        options=options,
        outcome=outcome,
        since_report=np.where(report, 0.0, s.since_report + 1.0),
        report=report,
        election=election,
        queued=queued,
        hours_spent=s.hours_spent + (lever_hours.sum() + office_lever_hours),
        euros_spent=s.euros_spent + euros,
    )
