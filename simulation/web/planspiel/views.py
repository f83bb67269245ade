"""What each side of a Planspiel sees, as plain data (JSON for phones, tables for the trainer)."""

from __future__ import annotations

import html

import numpy as np

from simulation.web.events import phrase
from simulation.web.texts import number, t

from .room import Room, Seat


def department_names(room: Room, lang: str) -> list[str]:
    return [d.name(lang) for d in room.model.departments]


def participant_view(room: Room, seat: Seat, lang: str) -> dict:
    """Everything the phone of ``seat`` shows, already phrased in ``lang``."""
    with room.lock:
        names = department_names(room, lang)
        view = {
            "code": room.code,
            "month": room.month,
            "round": len(room.rounds),
            "round_months": room.round_months,
            "paused": room.paused,
            "closed": room.closed,
            "version": room.version,
            "seat": seat.number,
            "lang": lang,
            "departments": [
                {
                    "index": k,
                    "name": name,
                    "taken": (holder := room.player_of(k)) is not None and holder is not seat,
                    "mine": seat.dept == k,
                }
                for k, name in enumerate(names)
            ],
            "me": None,
        }
        if seat.dept is not None:
            view["me"] = _department(room, seat, names, lang)
        return view


def _department(room: Room, seat: Seat, names: list[str], lang: str) -> dict:
    k = seat.dept
    d = room.model.departments[k]
    s = room.model.batch.state
    partners = []
    for partner, pos in room.partners(k):
        partners.append(
            {
                "index": partner,
                "name": names[partner],
                "trust": round(float(s.trust[0, pos]), 3),
                "trust_text": number(float(s.trust[0, pos]), lang),
                "project": bool(s.remaining[0, pos] > 0),
                "decision": (seat.decision or {}).get(partner),
            }
        )
    mine = [ev for ev in room.last_events if k in ev.depts or not ev.depts]
    last = [phrase(ev, names, lang) for ev in mine]
    offered = [names[p] for p, v in sorted(seat.last_decision.items()) if v == 1]
    declined = [names[p] for p, v in sorted(seat.last_decision.items()) if v == 0]
    if offered:
        last.insert(0, t("ps_you_offered", lang, names=", ".join(offered)))
    if declined:
        last.insert(len(offered) > 0, t("ps_you_declined", lang, names=", ".join(declined)))
    return {
        "index": k,
        "name": names[k],
        "necessity": round(d.necessity, 3),
        "motivation": round(d.motivation, 3),
        "competence": round(d.competence, 3),
        "necessity_text": number(d.necessity, lang),
        "motivation_text": number(d.motivation, lang),
        "competence_text": number(d.competence, lang),
        "free_hours": round(d.free_hours, 1),
        "free_hours_text": number(d.free_hours, lang, 0),
        "limit": d.diagnosis_label(lang),
        "partners": partners,
        "decided": seat.decision is not None,
        "last_round": last if room.rounds else [],
    }


# --- the trainer ----------------------------------------------------------------------------
def who_plays_html(room: Room, lang: str) -> str:
    names = department_names(room, lang)
    rows = []
    with room.lock:
        for k, name in enumerate(names):
            seat = room.player_of(k)
            who = t("ps_player", lang, n=seat.number) if seat else t("ps_by_model", lang)
            decided = "✓" if seat is not None and seat.decision is not None else ""
            rows.append(
                f"<tr><td>{html.escape(name)}</td><td>{html.escape(who)}</td><td>{decided}</td></tr>"
            )
    head = f"<th>{t('ps_col_department', lang)}</th><th>{t('ps_col_played_by', lang)}</th><th></th>"
    return _table(head, rows, "dkbm-ps-who")


def debrief(room: Room, lang: str) -> dict[str, str]:
    """The debrief as three HTML tables: pairs, limits (Knoster), trust."""
    names = department_names(room, lang)
    with room.lock:
        return {
            "pairs": _pairs_html(room, names, lang),
            "limits": _limits_html(room, names, lang),
            "trust": _trust_html(room, names, lang),
        }


def _pairs_html(room: Room, names: list[str], lang: str) -> str:
    counts: dict[tuple[int, int], dict[str, int]] = {}
    keys = ("offers", "declines", "started", "succeeded", "failed", "withdrawn")

    def entry(a: int, b: int) -> dict[str, int]:
        return counts.setdefault((min(a, b), max(a, b)), dict.fromkeys(keys, 0))

    for r in room.rounds:
        for dept, partner, value in r.choices:
            entry(dept, partner)["offers" if value == 1 else "declines"] += 1
    event_key = {
        "ev_started": "started",
        "ev_succeeded": "succeeded",
        "ev_failed": "failed",
        "ev_defected": "withdrawn",
    }
    for ev in room.events:
        if ev.key in event_key and len(ev.depts) == 2:
            entry(*ev.depts)[event_key[ev.key]] += 1
    rows = []
    for (a, b), c in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        if not any(c.values()):
            continue
        cells = [f"{html.escape(names[a])} – {html.escape(names[b])}"] + [str(c[k]) for k in keys]
        rows.append("<tr>" + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
    head = "".join(
        f"<th>{t(k, lang)}</th>" for k in ("ps_col_pair", *(f"ps_col_{k}" for k in keys))
    )
    return _table(head, rows, "dkbm-ps-pairs")


def _limits_html(room: Room, names: list[str], lang: str) -> str:
    rows = []
    for k, d in enumerate(room.model.departments):
        seat = room.player_of(k)
        who = t("ps_player", lang, n=seat.number) if seat else t("ps_by_model", lang)
        cells = [names[k], who, d.diagnosis_label(lang)]
        rows.append("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in cells) + "</tr>")
    head = "".join(
        f"<th>{t(k, lang)}</th>" for k in ("ps_col_department", "ps_col_played_by", "ps_col_limit")
    )
    return _table(head, rows, "dkbm-ps-limits")


def _trust_html(room: Room, names: list[str], lang: str) -> str:
    first, now = room.history[0]["trust"], room.history[-1]["trust"]
    order = np.argsort(-(np.abs(now - first)))
    rows = []
    for pos in order[:12]:
        a, b = room.pairs[pos]
        cells = [
            f"{names[a]} – {names[b]}",
            number(float(first[pos]), lang),
            number(float(now[pos]), lang),
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in cells) + "</tr>")
    head = "".join(
        f"<th>{t(k, lang)}</th>" for k in ("ps_col_pair", "ps_col_trust_start", "ps_col_trust_now")
    )
    return _table(head, rows, "dkbm-ps-trust")


def _table(head: str, rows: list[str], css: str) -> str:
    return (
        f'<table class="dkbm-table {css}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
