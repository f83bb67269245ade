"""Outcome metrics: monthly series, per-run indices and the Knoster diagnosis."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .kernel import RECENT_SUCCESS, State, Structure


@dataclass(frozen=True)
class Metric:
    """A monthly metric. ``high`` is None for unbounded counts."""

    name: str
    label_de: str
    label_en: str
    unit: str
    low: float = 0.0
    high: float | None = 1.0

    def label(self, lang: str = "de") -> str:
        return self.label_de if lang == "de" else self.label_en


_SHARE = "share 0..1"
METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric("cooperation_rate", "Kooperationsrate", "Cooperation rate", _SHARE),
        Metric("mean_necessity", "Müssen (Problembewusstsein)", "Necessity awareness", _SHARE),
        Metric("mean_motivation", "Wollen (Motivation)", "Motivation", _SHARE),
        Metric("mean_competence", "Können (Kompetenz)", "Competence", _SHARE),
        Metric("mean_trust", "Vertrauen", "Trust", _SHARE),
        Metric("mean_understanding", "Gemeinsames Verständnis", "Shared understanding", _SHARE),
        Metric("institutionalisation", "Institutionalisierung", "Institutionalisation", _SHARE),
        Metric("political_will", "Politischer Wille", "Political will", _SHARE),
        Metric("legitimacy", "Legitimation", "Legitimacy", _SHARE),
        Metric("data_quality", "Datenqualität", "Data quality", _SHARE),
        Metric("communication", "Kommunikationswege", "Communication channels", _SHARE),
        Metric("decision_quality", "Entscheidungsprozesse", "Decision processes", _SHARE),
        Metric(
            "education_outcome", "Bildungsergebnis (Proxy)", "Education outcome (proxy)", _SHARE
        ),
        Metric(
            "share_ready",
            "Anteil veränderungsbereiter Ämter",
            "Share of departments ready for change",
            _SHARE,
        ),
        Metric("office_fte", "Bildungsbüro (Stellen)", "Education office (FTE)", "FTE", 0, None),
        Metric("active_projects", "Laufende Projekte", "Running projects", "projects", 0, None),
        Metric("successes", "Erfolge im Monat", "Successes in the month", "projects", 0, None),
        Metric("failures", "Misserfolge im Monat", "Failures in the month", "projects", 0, None),
        Metric("defections", "Ausstiege im Monat", "Withdrawals in the month", "projects", 0, None),
        Metric(
            "queued_projects",
            "Nicht gestartete Projekte (Bildungsbüro ausgelastet)",
            "Projects not started (education office busy)",
            "projects",
            0,
            None,
        ),
        Metric(
            "lever_hours",
            "Aufwand Hebel (Stunden, kumuliert)",
            "Lever effort (hours, cumulative)",
            "hours",
            0,
            None,
        ),
        Metric(
            "lever_euros",
            "Kosten Hebel (Euro, kumuliert)",
            "Lever cost (euros, cumulative)",
            "EUR",
            0,
            None,
        ),
        Metric(
            "reports",
            "Bildungsbericht erschienen",
            "Education report published",
            "reports",
            0,
            None,
        ),
        Metric(
            "network_centralisation",
            "Zentralisierung des Kooperationsnetzes (Bildungsbüro als Knoten)",
            "Centralisation of the cooperation network (education office as a node)",
            _SHARE,
        ),
        Metric(
            "decision_equity",
            "Entscheidungsgerechtigkeit (Projekte ohne Überstimmte)",
            "Decision equity (projects without an outvoted partner)",
            _SHARE,
        ),
    )
}
METRIC_NAMES: tuple[str, ...] = tuple(METRICS)

RUN_METRICS: dict[str, tuple[str, str]] = {
    "sustained_cooperation_index": (
        "Nachhaltigkeitsindex der Kooperation",
        "Sustained cooperation index",
    ),
    "takeoff_month": ("Monat des Durchbruchs", "Take-off month"),
    "first_report_month": (
        "Monat des ersten Bildungsberichts",
        "Month of the first education report",
    ),
    "support_end_month": ("Ende aller Förderung (Monat)", "End of all support (month)"),
    "lasting_cooperation": ("Kooperation ohne Förderung", "Cooperation outlasting support"),
}
TAKEOFF_THRESHOLD = 0.25  # cooperation rate that counts as take-off
SCI_BEFORE = 12  # last funded months averaged
SCI_AFTER = (25, 48)  # months after the funding end averaged (years 3 and 4 after it)
# Months after the end of all support averaged by lasting_cooperation: from 24 months on,
# projects started with support and the 12-month memory of their successes have run out.
LASTING_AFTER = (24, 48)

DIAGNOSES: tuple[tuple[str, str, str], ...] = (
    ("ready", "Veränderung möglich", "change possible"),
    ("confusion", "Verwirrung: Müssen fehlt", "confusion: necessity missing"),
    ("resistance", "Widerstand: Wollen fehlt", "resistance: motivation missing"),
    ("anxiety", "Angst: Können fehlt", "anxiety: competence missing"),
    ("frustration", "Frustration: Ressourcen fehlen", "frustration: resources missing"),
    (
        "false_starts",
        "Fehlstarts: Entscheidungswege fehlen",
        "false starts: decision processes missing",
    ),
)
DIAGNOSIS_CODES: tuple[str, ...] = tuple(d[0] for d in DIAGNOSES)


def diagnosis_label(code: int, lang: str = "de") -> str:
    return DIAGNOSES[int(code)][1 if lang == "de" else 2]


def network_centralisation(s: State, st: Structure) -> np.ndarray:
    """Freeman degree centralisation of the cooperation network, shape ``(R,)`` (SF13).

    Nodes: the Bildungsbüro and the departments with at least one tie. A cooperating
    pair whose project the office started ties both partners to the office; one that
    started on its own ties them directly. 0 with fewer than two departments tied. The
    compiled step computes the same (``kernel._centralisation``).
    """
    r, n = s.necessity.shape
    cooperating = (s.remaining > 0) | (s.since_success < RECENT_SUCCESS)
    direct, via = np.zeros((r, n)), np.zeros((r, n), dtype=bool)
    for p, (i, j) in enumerate(zip(st.pair_i, st.pair_j, strict=True)):
        tie = cooperating[:, p]
        bridged = tie & s.brokered[:, p]
        via[:, i] |= bridged
        via[:, j] |= bridged
        direct[:, i] += tie & ~s.brokered[:, p]
        direct[:, j] += tie & ~s.brokered[:, p]
    degree = direct + via
    office = via.sum(axis=1).astype(float)
    tied = (degree > 0).sum(axis=1).astype(float)
    top = np.maximum(office, degree.max(axis=1))
    spread = top - office
    for d in range(n):  # in the compiled step's order of summation
        spread = spread + np.where(degree[:, d] > 0, top - degree[:, d], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(tied >= 2, spread / (tied * (tied - 1.0)), 0.0)


def monthly(s: State, st: Structure) -> dict[str, np.ndarray]:
    """All monthly metrics of a state, each of shape ``(R,)``."""
    n, n_pairs = s.necessity.shape[1], s.trust.shape[1]
    cooperating = (s.remaining > 0) | (s.since_success < RECENT_SUCCESS)
    active = (s.remaining > 0).sum(axis=1)
    return {
        "cooperation_rate": cooperating.sum(axis=1) / n_pairs,
        "mean_necessity": s.necessity.sum(axis=1) / n,
        "mean_motivation": s.motivation.sum(axis=1) / n,
        "mean_competence": s.competence.sum(axis=1) / n,
        "mean_trust": s.trust.sum(axis=1) / n_pairs,
        "mean_understanding": s.understanding.sum(axis=1) / n_pairs,
        "institutionalisation": s.institutionalisation,
        "political_will": s.political_will,
        "legitimacy": s.legitimacy,
        "data_quality": s.data_quality,
        "communication": s.communication,
        "decision_quality": s.decision_quality,
        "education_outcome": s.outcome,
        "share_ready": (s.diagnosis == 0).sum(axis=1) / n,
        "office_fte": s.office_fte,
        "active_projects": active.astype(float),
        "successes": s.succeeded.sum(axis=1).astype(float),
        "failures": s.failed.sum(axis=1).astype(float),
        "defections": s.defected.sum(axis=1).astype(float),
        "queued_projects": s.queued,
        "lever_hours": s.hours_spent,
        "lever_euros": s.euros_spent,
        "reports": s.report.astype(float),
        "network_centralisation": network_centralisation(s, st),
        "decision_equity": 1.0
        - ((s.remaining > 0) & (s.overruled > 0)).sum(axis=1) / np.maximum(active, 1.0),
    }


def sustained_cooperation_index(cooperation: np.ndarray, funding_months) -> np.ndarray:
    """Cooperation in years 3 and 4 after the funding end relative to the last funded year.

    ``mean(c[F+25 .. F+48]) / mean(c[F-11 .. F])`` with ``F = funding_months`` and
    ``c[m]`` the cooperation rate at the end of month ``m`` (column ``m``); for
    ``F = 36`` this is months 61-84 over months 25-36. The gap of two years lets
    projects started with programme support and the 12-month memory of successes
    run out, so the index measures what lasts. Months past the horizon are left out.
    NaN where the horizon ends before ``F + 25``, funding ends before month 12, or the
    last funded year had no cooperation.

    Parameters
    ----------
    cooperation : ndarray, shape (R, months + 1)
    funding_months : int or ndarray of shape (R,)
    """
    c = np.atleast_2d(np.asarray(cooperation, dtype=float))
    r, cols = c.shape
    f = np.broadcast_to(np.asarray(funding_months, dtype=int), (r,))
    out = np.full(r, np.nan)
    for k in range(r):
        end = f[k]
        first, last = end + SCI_AFTER[0], min(end + SCI_AFTER[1], cols - 1)
        if end < SCI_BEFORE or first > last:
            continue
        before = c[k, end - SCI_BEFORE + 1 : end + 1].mean()
        after = c[k, first : last + 1].mean()
        if before > 0:
            out[k] = after / before
    return out


def takeoff_month(cooperation: np.ndarray) -> np.ndarray:
    """First month in which the cooperation rate reaches :data:`TAKEOFF_THRESHOLD`; NaN if never."""
    c = np.atleast_2d(np.asarray(cooperation, dtype=float))
    hit = c >= TAKEOFF_THRESHOLD
    return np.where(hit.any(axis=1), hit.argmax(axis=1).astype(float), np.nan)


def first_report_month(reports: np.ndarray) -> np.ndarray:
    """Month of the first education report (column of the first ``reports > 0``); NaN if none."""
    hit = np.atleast_2d(np.asarray(reports, dtype=float)) > 0
    return np.where(hit.any(axis=1), hit.argmax(axis=1).astype(float), np.nan)


def support_end_month(funding_months, lever_end: int, rows: int) -> np.ndarray:
    """The later of the funding end and the end of the last intervention, per run.

    ``lever_end`` is the month after which no intervention is applied any more
    (``max(start + duration)``, 0 without interventions).
    """
    f = np.broadcast_to(np.asarray(funding_months, dtype=float), (rows,))
    return np.maximum(f, float(lever_end))


def lasting_cooperation(cooperation: np.ndarray, support_end) -> np.ndarray:
    """Cooperation that outlasts all support: ``mean(c[E+24 .. E+48])``, ``E`` = support end.

    Unlike :func:`sustained_cooperation_index` it is not relative to the funded years and
    is measured after the last lever too, so levers that merely run past the funding end
    do not raise it. NaN where the horizon ends before ``E + 48``.

    Parameters
    ----------
    cooperation : ndarray, shape (R, months + 1)
    support_end : ndarray of shape (R,), from :func:`support_end_month`
    """
    c = np.atleast_2d(np.asarray(cooperation, dtype=float))
    r, cols = c.shape
    end = np.broadcast_to(np.asarray(support_end, dtype=float), (r,))
    out = np.full(r, np.nan)
    for k in range(r):
        first, last = int(end[k]) + LASTING_AFTER[0], int(end[k]) + LASTING_AFTER[1]
        if last <= cols - 1:
            out[k] = c[k, first : last + 1].mean()
    return out
