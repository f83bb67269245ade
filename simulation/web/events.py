"""The live event log: what happened in the model last month, in plain words.

Events are stored language-neutral (a text key, department indices, a lever or shock
id) and phrased only when shown, so switching the language re-phrases the whole log.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import models

from .texts import t

# A pair's trust falling by at least this much (0..1 scale) in one month "collapses".
TRUST_DROP = 0.05


@dataclass(frozen=True)
class Event:
    """One line of the event log.

    Attributes
    ----------
    month : int
        Model month at the end of which it happened (1 = after the first step).
    key : str
        Text key in :mod:`simulation.web.texts` (``ev_...``).
    depts : tuple of int
        Department indices named in the text (0, 1 or 2).
    item : str or None
        Lever id or shock kind named in the text.
    number : int or None
        A duration in months, where the text has one.
    kind : str
        ``project``, ``trouble``, ``people``, ``politics`` or ``action``: the colour of
        the line.
    """

    month: int
    key: str
    depts: tuple[int, ...] = ()
    item: str | None = None
    number: int | None = None
    kind: str = "project"


class EventWatcher:
    """Compares the model's state after each step with the state before it."""

    def __init__(self, model: models.CollaborationModel):
        self.remember(model)

    def remember(self, model: models.CollaborationModel) -> None:
        s = model.batch.state
        self._trust = np.array(s.trust[0], copy=True)
        self._diagnosis = np.array(s.diagnosis[0], copy=True)

    def after_step(self, model: models.CollaborationModel) -> list[Event]:
        """Events of the month just simulated, in a stable order."""
        s, st = model.batch.state, model.batch.structure
        month = int(s.month)
        out: list[Event] = []
        start = month - 1  # the step that just ran started in this month
        if start == int(model.params["funding_months"]):
            out.append(Event(month, "ev_funding_end", kind="politics"))
        for shock in model.shocks:
            if shock.month == start:
                out.append(Event(month, "ev_shock", item=shock.kind, kind="politics"))
        for iv in model.interventions:
            if iv.start + iv.delay == start:
                out.append(Event(month, "ev_lever_acts", item=iv.lever, kind="action"))
        if bool(s.report[0]):
            out.append(Event(month, "ev_report", kind="politics"))
        if bool(s.election[0]) and not any(e.item == "election" for e in out):
            out.append(Event(month, "ev_election", kind="politics"))
        pairs = list(zip(st.pair_i.tolist(), st.pair_j.tolist(), strict=True))
        for field, key, kind in (
            ("started", "ev_started", "project"),
            ("succeeded", "ev_succeeded", "project"),
            ("failed", "ev_failed", "trouble"),
            ("defected", "ev_defected", "trouble"),
        ):
            for pos in np.flatnonzero(getattr(s, field)[0]):
                out.append(Event(month, key, pairs[pos], kind=kind))
        drop = self._trust - s.trust[0]
        for pos in np.flatnonzero(drop >= TRUST_DROP):
            out.append(Event(month, "ev_trust_drop", pairs[pos], kind="trouble"))
        for k in np.flatnonzero(s.turnover[0]):
            out.append(Event(month, "ev_turnover", (int(k),), kind="people"))
        ready_now = (s.diagnosis[0] == 0) & (self._diagnosis != 0)
        for k in np.flatnonzero(ready_now):
            out.append(Event(month, "ev_ready", (int(k),), kind="project"))
        self.remember(model)
        return out


def phrase(event: Event, names: list[str], lang: str) -> str:
    """The event as a sentence, e.g. "Jugendamt und Schulverwaltung starten ein gemeinsames
    Projekt"; ``names`` are the department names in ``lang``."""
    fields: dict[str, object] = {}
    for label, index in zip(("a", "b"), event.depts, strict=False):
        fields[label] = names[index] if 0 <= index < len(names) else str(index)
    if event.item is not None:
        if event.item in models.SHOCK_KINDS:
            fields["item"] = models.Shock(event.item, 0).name(lang)
        else:
            fields["item"] = models.get_lever(event.item).name(lang)
    if event.number is not None:
        fields["number"] = event.number
    return t(event.key, lang, **fields)
