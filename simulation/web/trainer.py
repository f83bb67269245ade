"""Trainer mode: the live run in large type with one-click levers and shocks.

Built for a projector in a workshop room: Step / Play / Pause / Reset and the speed,
"Jetzt: Lenkungsgruppe einrichten", "Jetzt: Wahl", "Jetzt: Förderende", big curves,
the network and the running event log in plain words.
"""

from __future__ import annotations

import solara

from .live import ChooseAndApply, EventLog, LiveChartView, NetworkView, Transport
from .state import Action, Session
from .texts import t
from .widgets import Island, guarded

# One-click actions: text key -> what happens now.
QUICK_ACTIONS: dict[str, Action] = {
    # a steering group (Lenkungskreis) is the lever "Gremien und Strukturen aufbauen"
    "now_steering_group": Action(0, "lever", "committees_structures", duration=24),
    "now_election": Action(0, "shock", "election", severity=0.6),
    "now_funding_end": Action(0, "funding_end"),
}


@solara.component
def TrainerView(session: Session):
    lang = session.lang.value
    scenario = session.scenario.value
    with solara.Column(classes=["dkbm-large"], gap="12px"):
        with solara.Row(style="align-items: baseline; flex-wrap: wrap", gap="16px"):
            solara.Text(t("trainer_title", lang), style="font-size: 1.5em; font-weight: 700")
            solara.Text(scenario.title(lang), style="font-size: 1.2em; color: #1f4e79")
        Island(lambda: TrainerLive(session), classes=["dkbm-live"])


@solara.component
def TrainerLive(session: Session):
    """Everything that changes with a step, in its own render tree (see ``Island``); the
    only reader of ``session.tick`` in trainer mode."""
    lang = session.lang.value
    tick = session.tick.value
    box = session.live_message

    def quick(key):
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

        return guarded(box, run)

    with solara.Column(gap="12px"):
        Transport(session, tick, large=True)
        with solara.Row(gap="12px", style="flex-wrap: wrap"):
            for key in QUICK_ACTIONS:
                solara.Button(
                    t(key, lang),
                    on_click=quick(key),
                    color="secondary",
                    x_large=True,
                    classes=["dkbm-quick", f"dkbm-{key.replace('_', '-')}"],
                )
        ChooseAndApply(session)
        solara.Text(t("trainer_hint", lang), style="color: #555")
        with solara.Columns([7, 4]):
            with solara.Column():
                LiveChartView(session, tick, large=True)
            with solara.Column():
                EventLog(session, tick, large=True)
                NetworkView(session, tick, large=True)
