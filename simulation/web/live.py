"""The live run: Step / Play / Pause / Reset, curves, network, department table, event log.

Used by the planner view and, in large type, by the trainer view. Only components
below :func:`LiveRunView` read ``session.tick``, so a step re-renders the figures and
tables of the live run and nothing else.
"""

from __future__ import annotations

import html
import logging
import time

import solara

import models

from .events import digest, phrase_line
from .network import NetworkChart
from .plots import LiveChart
from .state import LIVE_METRICS, SPEEDS, Message, Session
from .texts import number, t
from .widgets import Island, ItemSelect, MessageView, guarded

log = logging.getLogger(__name__)

MAX_FRAMES_PER_SECOND = 5  # above this speed several months are stepped per redraw
EVENTS_SHOWN = 40
EVENT_COLOURS = {
    "project": "#1f77b4",
    "trouble": "#c0392b",
    "people": "#7f7f7f",
    "politics": "#8e44ad",
    "action": "#b8860b",
}


def live_chart(session: Session, lang: str, large: bool) -> LiveChart:
    """The session's cached live chart for the current plan (rebuilt when it changes)."""
    live = session.live
    key = (lang, large, live.months, live.live_interventions, live.live_shocks, live.funding_month)
    cache = session.__dict__.setdefault("_charts", {})
    entry = cache.get(("live", large))
    if entry is None or entry[0] != key:
        entry = (
            key,
            LiveChart(
                live.months,
                live.live_interventions,
                live.live_shocks,
                live.funding_month,
                lang,
                large,
            ),
        )
        cache[("live", large)] = entry
    return entry[1]


def network_chart(session: Session, lang: str, large: bool, colour_by: str) -> NetworkChart:
    model = session.live.model
    key = (lang, large, colour_by, model.batch.structure.keys, id(model.batch.structure))
    cache = session.__dict__.setdefault("_charts", {})
    entry = cache.get(("net", large))
    if entry is None or entry[0] != key:
        entry = (key, NetworkChart(model, lang, colour_by, large))
        cache[("net", large)] = entry
    return entry[1]


def live_series(model: models.CollaborationModel) -> dict:
    return {name: model.series(name) for name in LIVE_METRICS}


def toggle_play(session: Session) -> None:
    """Play or pause; at the end of the horizon say so instead of playing."""
    live = session.live
    if not session.playing.value and live.finished:
        session.live_message.value = Message("finished", {"months": live.months}, level="warning")
        return
    session.playing.value = not session.playing.value


@solara.component
def PlayLoop(session: Session):
    """Steps the live run while Play is on, in a thread of this session."""
    playing = session.playing.value
    speed = session.speed.value

    def loop(cancel):
        if not playing:
            return
        months_per_frame = max(1, round(speed / MAX_FRAMES_PER_SECOND))
        interval = months_per_frame / speed
        while not cancel.is_set() and session.playing.value:
            started = time.perf_counter()
            try:
                session.step(months_per_frame)
            except Exception as exc:  # keep the server alive; say so on the page
                log.exception("play loop failed")
                session.playing.value = False
                session.live_message.value = Message("err_internal", detail=type(exc).__name__)
                return
            if session.live.finished:
                session.playing.value = False
                return
            cancel.wait(max(0.0, interval - (time.perf_counter() - started)))

    solara.use_thread(loop, dependencies=[playing, speed], intrusive_cancel=False)


def PlayButton(session: Session, **size):
    """Play/Pause of the live run (Planen and Training)."""
    lang, playing = session.lang.value, session.playing.value
    return solara.Button(
        t("pause", lang) if playing else t("play", lang),
        icon_name="mdi-pause" if playing else "mdi-play",
        on_click=guarded(session.live_message, lambda: toggle_play(session)),
        color="primary",
        disabled=session.live.finished and not playing,
        classes=["dkbm-play"],
        **size,
    )


@solara.component
def Transport(session: Session, tick: int, large: bool = False):
    """Step / Play-Pause / Reset, the speed and the month (``tick``: see LiveRunView)."""
    lang = session.lang.value
    live = session.live
    playing = session.playing.value
    box = session.live_message

    size = {"x_large": True} if large else {}
    with solara.Row(
        gap="10px", style="align-items: center; flex-wrap: wrap", classes=["dkbm-transport"]
    ):
        solara.Button(
            t("step", lang),
            icon_name="mdi-step-forward",
            on_click=guarded(box, lambda: session.step(1)),
            color="primary",
            disabled=playing or live.finished,
            classes=["dkbm-step"],
            **size,
        )
        PlayButton(session, **size)
        solara.Button(
            t("reset", lang),
            icon_name="mdi-restore",
            on_click=guarded(box, session.reset),
            outlined=True,
            classes=["dkbm-reset"],
            **size,
        )
        ItemSelect(
            t("speed", lang),
            [(s, f"{s}") for s in SPEEDS],
            session.speed.value,
            session.speed.set,
            style="max-width: 15em",
        )
        solara.Text(
            t("month_of", lang, month=live.month, months=live.months),
            classes=["dkbm-month"],
            style=f"font-size: {'1.8em' if large else '1.25em'}; font-weight: 600",
        )
    if live.finished:
        MessageView(Message("finished", {"months": live.months}, level="warning"), lang)
    MessageView(box.value, lang)
    PlayLoop(session)


@solara.component
def LiveChartView(session: Session, tick: int, large: bool = False):
    lang = session.lang.value
    live = session.live

    def render():
        try:
            return live_chart(session, lang, large).render(
                live_series(live.model), live.month, ghost=live.ghost if large else None
            )
        except Exception:  # a figure bug must not take the page down
            log.exception("live chart failed")
            return None

    png = solara.use_memo(render, [tick, lang, large])
    if png is None:
        MessageView(Message("err_internal", detail="chart"), lang)
        return
    solara.Image(png, width="100%", classes=["dkbm-live-chart"])


@solara.component
def NetworkView(session: Session, tick: int, large: bool = False, chooser: bool = True):
    lang = session.lang.value
    colour_by = session.colour_by.value
    live = session.live

    def render():
        try:
            return network_chart(session, lang, large, colour_by).render(
                live.model, session.highlight.value
            )
        except Exception:
            log.exception("network chart failed")
            return None

    png = solara.use_memo(render, [tick, lang, large, colour_by, session.highlight.value])
    if chooser:
        ColourChooser(session)
    if png is None:
        MessageView(Message("err_internal", detail="network"), lang)
        return
    solara.Image(png, width="100%", classes=["dkbm-network"])


@solara.component
def ColourChooser(session: Session, style: str = "max-width: 18em"):
    lang = session.lang.value
    ItemSelect(
        t("colour_by", lang),
        [("readiness", t("colour_readiness", lang)), ("diagnosis", t("colour_diagnosis", lang))],
        session.colour_by.value,
        session.colour_by.set,
        style=style,
    )


def department_table_html(model: models.CollaborationModel, lang: str) -> str:
    """The departments with N, W, K, readiness, Knoster diagnosis, projects, free hours."""
    heads = [
        "col_department",
        "col_necessity",
        "col_motivation",
        "col_competence",
        "col_readiness",
        "col_diagnosis",
        "col_projects",
        "col_hours",
    ]
    rows = []
    for d in model.departments:
        ready = d.diagnosis == "ready"
        cells = [
            html.escape(d.name(lang)),
            number(d.necessity, lang),
            number(d.motivation, lang),
            number(d.competence, lang),
            number(d.readiness, lang),
            f'<span style="color: {"#2ca02c" if ready else "#c0392b"}">'
            f"{html.escape(d.diagnosis_label(lang))}</span>",
            str(d.active_projects),
            number(d.free_hours, lang, 0),
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{html.escape(t(h, lang))}</th>" for h in heads)
    return (
        f'<table class="dkbm-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


@solara.component
def DepartmentTable(session: Session, tick: int):
    lang = session.lang.value
    solara.Text(t("table_title", lang), style="font-weight: 600")
    solara.HTML(
        tag="div",
        unsafe_innerHTML=department_table_html(session.live.model, lang),
        classes=["dkbm-departments", "dkbm-scroll"],
    )


def event_log_html(session: Session, lang: str, limit: int = EVENTS_SHOWN) -> str:
    live = session.live
    names = [d.name(lang) for d in live.model.departments]
    items = []
    for line in reversed(digest(live.events)[-limit:]):
        colour = EVENT_COLOURS.get(line.kind, "#333333")
        month = html.escape(t("month_now", lang, month=line.month))
        items.append(
            f'<li class="dkbm-ev-{line.kind}"><span class="dkbm-ev-month">{month}'
            f'</span> <span style="color: {colour}">{html.escape(phrase_line(line, names, lang))}'
            "</span></li>"
        )
    if not items:
        return f'<p class="dkbm-ev-empty">{html.escape(t("events_empty", lang))}</p>'
    return f'<ul class="dkbm-events">{"".join(items)}</ul>'


@solara.component
def EventLog(session: Session, tick: int, large: bool = False):
    lang = session.lang.value
    solara.Text(t("events_title", lang), style="font-weight: 600")
    solara.HTML(
        tag="div",
        unsafe_innerHTML=event_log_html(session, lang),
        classes=["dkbm-log", "dkbm-log-large" if large else "dkbm-log-small"],
    )


@solara.component
def LiveDownload(session: Session):
    lang = session.lang.value

    def data():
        live = session.live
        chart = live_chart(session, lang, False)
        return chart.full_png(live_series(live.model), live.month)

    solara.FileDownload(
        data,
        filename=f"dkbm-live-{session.scenario.value.name}.png",
        label=t("download_live_png", lang),
        mime_type="image/png",
    )


@solara.component
def LiveRunView(session: Session):
    """The live run in the planner view, in a render tree of its own (see ``Island``)."""
    Island(lambda: LiveRunBody(session), classes=["dkbm-live"])


@solara.component
def LiveRunBody(session: Session):
    """The live run inside the planner view.

    The only reader of ``session.tick`` here: its children get the tick as an argument,
    so a step triggers one render pass (each reader would trigger one of its own).
    """
    lang = session.lang.value
    tick = session.tick.value
    solara.Text(t("live_help", lang), style="font-size: 0.85em; color: #555")
    Transport(session, tick)
    LiveChartView(session, tick)
    with solara.Columns([4, 6]):
        with solara.Column():
            NetworkView(session, tick)
        with solara.Column():
            DepartmentTable(session, tick)
    EventLog(session, tick)
    LiveDownload(session)


def lever_now_items(lang: str) -> list[tuple[str, str]]:
    return [(lv.id, lv.name(lang)) for lv in models.LEVERS]


@solara.component
def ChooseAndApply(session: Session):
    """Any lever or shock, now (besides the one-click trainer buttons)."""
    from .state import Action
    from .timeline import shock_items

    lang = session.lang.value
    lever = solara.use_reactive("trust_building")
    shock = solara.use_reactive("budget_cut")
    box = session.live_message
    with solara.Row(gap="8px", style="align-items: center; flex-wrap: wrap"):
        ItemSelect(
            t("choose_lever", lang),
            lever_now_items(lang),
            lever.value,
            lever.set,
            style="min-width: 18em",
        )
        solara.Button(
            t("now_lever", lang),
            on_click=guarded(
                box, lambda: session.act(Action(session.live.month, "lever", lever.value))
            ),
            outlined=True,
            classes=["dkbm-now-lever"],
        )
        ItemSelect(
            t("choose_shock", lang),
            shock_items(lang),
            shock.value,
            shock.set,
            style="min-width: 14em",
        )
        solara.Button(
            t("now_shock", lang),
            on_click=guarded(
                box, lambda: session.act(Action(session.live.month, "shock", shock.value))
            ),
            outlined=True,
            classes=["dkbm-now-shock"],
        )
