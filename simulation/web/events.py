"""The live event log: what happened in the model last month, in plain words.

Events are stored language-neutral (a text key, department indices, a lever or shock
id) and phrased only when shown, so switching the language re-phrases the whole log.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import models

from .texts import TEXTS, t

# A pair's trust falling by at least this much (0..1 scale) in one month "collapses".
TRUST_DROP = 0.05
# The same pair's trust collapse is told again only after this many months.
TRUST_DROP_QUIET = 12
# At most this many lines per month in the readable log (the trainer's own actions always).
LINES_PER_MONTH = 3
# Names listed in a grouped line before "and N more".
NAMES_PER_LINE = 3

# Order of the readable log within a month (lower first): the trainer's actions, funding
# and politics, breakthroughs, breaks of trust, reports, structures, the rest.
PRIORITY: dict[str, int] = {
    "ev_now_lever": 0,
    "ev_now_shock": 0,
    "ev_now_funding_end": 0,
    "ev_funding_end": 1,
    "ev_shock": 1,
    "ev_election": 1,
    "ev_succeeded": 2,
    "ev_ready": 2,
    "ev_trust_drop": 3,
    "ev_defected": 3,
    "ev_failed": 3,
    "ev_report": 4,
    "ev_lever_acts": 5,
    "ev_started": 6,
    "ev_turnover": 7,
}
ALWAYS_SHOWN = 0  # priority of lines never cut by LINES_PER_MONTH


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
        self.announced_ready: set[int] = set()  # "now ready" is told once per department
        self.last_drop: dict[int, int] = {}  # pair position -> month of its last collapse
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
            if month - self.last_drop.get(int(pos), -TRUST_DROP_QUIET) >= TRUST_DROP_QUIET:
                out.append(Event(month, "ev_trust_drop", pairs[pos], kind="trouble"))
            self.last_drop[int(pos)] = month
        for k in np.flatnonzero(s.turnover[0]):
            out.append(Event(month, "ev_turnover", (int(k),), kind="people"))
        ready_now = (s.diagnosis[0] == 0) & (self._diagnosis != 0)
        for k in np.flatnonzero(ready_now):
            if int(k) not in self.announced_ready:
                self.announced_ready.add(int(k))
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
        fields["item"] = phrase_item(event, lang)
    if event.number is not None:
        fields["number"] = event.number
    return t(event.key, lang, **fields)


@dataclass(frozen=True)
class LogLine:
    """One line of the readable log: the events of one month with the same text key."""

    month: int
    key: str
    kind: str
    events: tuple[Event, ...]


def digest(events: list[Event], per_month: int = LINES_PER_MONTH) -> list[LogLine]:
    """The events grouped per month and key, most important first, at most ``per_month``
    lines a month (the trainer's own actions are always kept); in month order."""
    by_month: dict[int, dict[str, list[Event]]] = {}
    for ev in events:
        by_month.setdefault(ev.month, {}).setdefault(ev.key, []).append(ev)
    lines: list[LogLine] = []
    for month in sorted(by_month):
        groups = sorted(by_month[month].items(), key=lambda kv: PRIORITY.get(kv[0], len(PRIORITY)))
        kept = 0
        for key, evs in groups:
            own = PRIORITY.get(key) == ALWAYS_SHOWN
            if own or kept < per_month:
                if own and len({(e.item, e.number) for e in evs}) > 1:
                    lines.extend(LogLine(month, key, e.kind, (e,)) for e in evs)
                else:
                    lines.append(LogLine(month, key, evs[0].kind, tuple(evs)))
                kept += 0 if own else 1
    return lines


def pair_names(event: Event, names: list[str]) -> str:
    """ "Jugendamt – Schulverwaltung": no case ending needed in German."""
    return " – ".join(names[k] if 0 <= k < len(names) else str(k) for k in event.depts)


def phrase_line(line: LogLine, names: list[str], lang: str) -> str:
    """A log line as text; several events of one kind become one line listing them."""
    if len(line.events) == 1:
        return phrase(line.events[0], names, lang)
    listed = [pair_names(e, names) for e in line.events if e.depts]
    items = [phrase_item(e, lang) for e in line.events if e.item is not None and not e.depts]
    parts = listed or items
    text = "; ".join(parts[:NAMES_PER_LINE])
    if len(parts) > NAMES_PER_LINE:
        text += " " + t("ev_more", lang, count=len(parts) - NAMES_PER_LINE)
    group_key = f"{line.key}_n"
    if group_key not in TEXTS:
        return phrase(line.events[0], names, lang)
    return t(group_key, lang, count=len(line.events), list=text)


def phrase_item(event: Event, lang: str) -> str:
    if event.item in models.SHOCK_KINDS:
        return models.Shock(event.item, 0).name(lang)
    return models.get_lever(event.item).name(lang)
