"""Take the workshop run home: the live run as GIF or MP4, the scenario's handout as PDF.

The same files as ``dkbm animate`` and ``dkbm handout``; the animation includes the
trainer's live actions (replayed at their months), the handout is the scenario's.
"""

from __future__ import annotations

import solara

import models

from .state import Session
from .texts import t


def replay_actions(actions):
    """``before_month(model)`` for :func:`simulation.animate.animate`: the live actions."""
    from .state import end_funding_now

    pending = sorted(actions, key=lambda a: a.month)

    def before_month(model: models.CollaborationModel) -> None:
        while pending and pending[0].month <= model.month:
            a = pending.pop(0)
            if a.kind == "lever":
                model.apply_lever(a.item, duration=a.duration, intensity=a.intensity)
            elif a.kind == "shock":
                model.apply_shock(a.item, severity=a.severity)
            else:
                end_funding_now(model)

    return before_month


@solara.component
def TrainerDownloads(session: Session):
    lang = session.lang.value
    scenario = session.scenario.value

    def animation(suffix):
        def make():
            from simulation.animate import animation_bytes

            return animation_bytes(
                session.live.scenario,
                suffix,
                lang,
                before_month=replay_actions(list(session.live.actions)),
            )

        return make

    def handout():
        from simulation.handout import handout_bytes

        return handout_bytes(scenario, lang)

    with solara.Row(gap="4px", classes=["dkbm-downloads"]):
        for suffix, mime in ((".gif", "image/gif"), (".mp4", "video/mp4")):
            solara.FileDownload(
                animation(suffix),
                filename=f"dkbm-{scenario.name}{suffix}",
                label=t(f"download_{suffix[1:]}", lang),
                mime_type=mime,
            )
        solara.FileDownload(
            handout,
            filename=f"dkbm-handout-{scenario.name}.pdf",
            label=t("download_handout", lang),
            mime_type="application/pdf",
        )
