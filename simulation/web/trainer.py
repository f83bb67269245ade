"""Trainer mode: the live run in large type, laid out for a projector.

One bar of controls (Step / Play / Month back / a slider to any month reached /
Branch here / Reset, speed and month; then the one-click actions "Jetzt:
Lenkungsgruppe einrichten", "Jetzt: Wahl", "Jetzt: Förderende", any lever or event,
the Drehbuch and the downloads), and below it the curves and the network side by side,
sized to the window so that at 1280×720 and 1920×1080 both are visible without
scrolling; the readable event log sits under the network. On a phone everything stacks.
"""

from __future__ import annotations

import solara

from .live import (
    ChooseAndApply,
    ColourChooser,
    EventLog,
    LiveChartView,
    NetworkView,
    PlayButton,
    PlayLoop,
)
from .state import SPEEDS, Action, Message, Session
from .texts import t
from .widgets import Island, ItemSelect, MessageView, guarded

# One-click actions: text key -> what happens now.
QUICK_ACTIONS: dict[str, Action] = {
    # a steering group (Lenkungskreis) is the lever "Gremien und Strukturen aufbauen"
    "now_steering_group": Action(0, "lever", "committees_structures", duration=24),
    "now_election": Action(0, "shock", "election", severity=0.6),
    "now_funding_end": Action(0, "funding_end"),
}

# The page above the stage: header (about 52 px) and the bar (one or two rows).
TRAINER_CSS = """
.dkbm-trainer { font-size: 1.1rem; }
.dkbm-header { padding-top: 0 !important; padding-bottom: 0 !important; }
.dkbm-header .dkbm-title { display: none; }
.dkbm-header .v-tabs { flex: 0 1 auto; width: auto; }
.dkbm-scenario-title { font-weight: 700; color: #1f4e79; margin-left: auto;
                       white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.dkbm-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px;
            padding: 4px 0; border-bottom: 1px solid #dde3ea; }
.dkbm-bar .v-btn { font-size: 1rem !important; text-transform: none; letter-spacing: 0;
                   padding: 0 14px !important; }
.dkbm-bar .v-sheet.d-flex { display: contents !important; }
.dkbm-bar .dkbm-slider { flex: 1 1 200px; min-width: 180px; max-width: 320px; }
.dkbm-bar .dkbm-slider .v-label { display: none; }
.dkbm-bar .dkbm-slider .v-input__slot { margin-bottom: 0; }
.dkbm-bar .dkbm-month { margin-left: 12px; font-size: 1.35rem; font-weight: 700;
                        white-space: nowrap; }
.dkbm-stage { display: grid; grid-template-columns: minmax(0, auto) minmax(260px, 1fr);
              gap: 10px; align-items: start; margin-top: 6px; }
.dkbm-stage img.dkbm-live-chart { width: auto !important; height: auto;
    max-width: 100%; max-height: calc(100vh - var(--dkbm-top)); display: block; }
.dkbm-stage img.dkbm-network { width: auto !important; height: auto; max-width: 100%;
    max-height: calc(0.62 * (100vh - var(--dkbm-top))); display: block; margin: 0 auto; }
.dkbm-stage .dkbm-log .dkbm-events { font-size: 1rem;
    max-height: calc(0.38 * (100vh - var(--dkbm-top)) - 2.2em); }
.dkbm-trainer { --dkbm-top: 204px; }
.dkbm-stage.dkbm-captioned { --dkbm-top: 300px; }
.dkbm-caption { background: #fff8e1; border-left: 6px solid #f1c40f; padding: 6px 12px;
                margin-top: 6px; }
.dkbm-caption-head { font-size: 0.85rem; color: #6d5a00; display: block; }
.dkbm-caption-text { font-size: 1.25rem; font-weight: 600; display: block; line-height: 1.3; }
.dkbm-stage .dkbm-live-chart, .dkbm-stage .dkbm-network { margin-top: 0; }
@media (min-width: 1600px) and (min-height: 950px) {
  .dkbm-stage img.dkbm-live-chart { height: calc(100vh - var(--dkbm-top)); object-fit: contain; }
  .dkbm-stage img.dkbm-network { height: calc(0.62 * (100vh - var(--dkbm-top)));
      object-fit: contain; }
}
@media (max-width: 900px) {
  .dkbm-stage { grid-template-columns: minmax(0, 1fr); }
  .dkbm-stage img.dkbm-live-chart, .dkbm-stage img.dkbm-network { width: 100% !important;
      max-height: none; height: auto; }
  .dkbm-stage .dkbm-log .dkbm-events { max-height: 16em; }
  .dkbm-bar .dkbm-slider { max-width: none; flex-basis: 100%; }
}
"""


@solara.component
def TrainerView(session: Session):
    solara.Style(TRAINER_CSS)
    with solara.Column(classes=["dkbm-large", "dkbm-trainer"], gap="0px"):
        Island(lambda: TrainerLive(session), classes=["dkbm-live"])


def quick_handler(session: Session, key: str):
    """The click handler of a one-click action (at the month shown)."""

    def run():
        template = QUICK_ACTIONS[key]
        session.act(
            Action(
                session.live.month,
                template.kind,
                template.item,
                template.duration,
                template.intensity,
                template.severity,
            )
        )

    return guarded(session.live_message, run)


@solara.component
def TimeBar(session: Session, tick: int):
    """Step, Play/Pause, Month back, the month slider, Branch here, Reset, speed, month."""
    lang = session.lang.value
    live = session.live
    playing = session.playing.value
    box = session.live_message

    with solara.Row(classes=["dkbm-bar-group", "dkbm-transport"], gap="8px"):
        PlayButton(session, large=True)
        solara.Button(
            t("step", lang),
            icon_name="mdi-step-forward",
            on_click=guarded(box, lambda: session.step(1)),
            color="primary",
            outlined=True,
            disabled=playing or live.finished,
            classes=["dkbm-step"],
            large=True,
        )
        solara.Button(
            t("back", lang),
            icon_name="mdi-step-backward",
            on_click=guarded(box, session.back),
            outlined=True,
            disabled=live.month == 0,
            classes=["dkbm-back"],
            large=True,
        )
        with solara.Div(classes=["dkbm-slider"]):
            solara.SliderInt(
                t("month_slider", lang),
                value=live.month,
                min=0,
                max=max(live.reached, 1),
                on_value=guarded(box, session.go_to),
                disabled=live.reached == 0,
            )
        solara.Button(
            t("branch", lang),
            icon_name="mdi-source-branch",
            on_click=guarded(box, session.branch),
            outlined=True,
            disabled=live.month == 0 and not live.actions,
            classes=["dkbm-branch"],
            large=True,
            attributes={"title": t("branch_help", lang)},
        )
        solara.Button(
            t("reset", lang),
            icon_name="mdi-restore",
            on_click=guarded(box, session.reset),
            outlined=True,
            classes=["dkbm-reset"],
            large=True,
        )
        ItemSelect(
            t("speed_short", lang),
            [(s, f"{s}") for s in SPEEDS],
            session.speed.value,
            session.speed.set,
            style="max-width: 8.5em",
        )
    PlayLoop(session)


@solara.component
def ActionBar(session: Session, tick: int):
    """The one-click actions, the overlay switch and the Drehbuch; "Mehr" unfolds any
    lever or event, the node colouring and the downloads."""
    from .drehbuch_view import DrehbuchBar, DrehbuchChooser
    from .trainer_downloads import TrainerDownloads

    lang = session.lang.value
    live = session.live
    more = solara.use_reactive(False)
    with solara.Row(classes=["dkbm-bar-group", "dkbm-actions"], gap="8px"):
        for key in QUICK_ACTIONS:
            done = key == "now_funding_end" and live.funding_ended
            solara.Button(
                t(key, lang),
                on_click=quick_handler(session, key),
                color="secondary",
                disabled=done,
                large=True,
                classes=["dkbm-quick", f"dkbm-{key.replace('_', '-')}"],
                attributes={"title": t("funding_done", lang)} if done else {},
            )
        solara.Button(
            t("more", lang),
            icon_name="mdi-chevron-up" if more.value else "mdi-chevron-down",
            on_click=lambda: more.set(not more.value),
            outlined=True,
            large=True,
            classes=["dkbm-more"],
        )
        if live.ghost is not None:
            solara.Button(
                t("clear_ghost", lang),
                icon_name="mdi-eye-off",
                on_click=session.clear_ghost,
                text=True,
                classes=["dkbm-clear-ghost"],
            )
        DrehbuchBar(session, tick)
        if session.script.value is None:  # the caption names the Drehbuch instead
            solara.Text(session.scenario.value.title(lang), classes=["dkbm-scenario-title"])
        solara.Text(
            t("month_of", lang, month=live.month, months=live.months), classes=["dkbm-month"]
        )
    if more.value:
        with solara.Row(classes=["dkbm-bar-group", "dkbm-more-panel"], gap="8px"):
            ChooseAndApply(session)
            ColourChooser(session, style="max-width: 14em")
            DrehbuchChooser(session, on_started=lambda: more.set(False))
            TrainerDownloads(session)


@solara.component
def TrainerLive(session: Session):
    """Everything that changes with a step, in its own render tree (see ``Island``); the
    only reader of ``session.tick`` in trainer mode."""
    from .drehbuch_view import DrehbuchCaption

    lang = session.lang.value
    tick = session.tick.value
    live = session.live
    with solara.Div(classes=["dkbm-bar"]):
        TimeBar(session, tick)
        ActionBar(session, tick)
    if live.finished:
        MessageView(Message("finished", {"months": live.months}, level="warning"), lang)
    MessageView(session.live_message.value, lang)
    DrehbuchCaption(session, tick)
    captioned = session.script_step.value is not None and session.script.value is not None
    with solara.Div(classes=["dkbm-stage", "dkbm-captioned" if captioned else "dkbm-plain"]):
        with solara.Div(classes=["dkbm-stage-chart"]):
            LiveChartView(session, tick, large=True)
            if live.ghost is not None:
                solara.Text(t("ghost_note", lang), classes=["dkbm-note", "dkbm-ghost-note"])
        with solara.Div(classes=["dkbm-stage-side"]):
            NetworkView(session, tick, large=True, chooser=False)
            EventLog(session, tick, large=True)
