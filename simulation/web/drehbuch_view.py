"""The Drehbuch (scripted demo) in the Training view.

Under "Mehr": choose a built-in Drehbuch or upload one (TOML, validated like a scenario
file), "Drehbuch starten". While it runs, the bar shows "Weiter" (the next step, or play
until it is due) and "Drehbuch beenden", and the step's caption stands above the curves.
"""

from __future__ import annotations

import solara

import models
from simulation.drehbuch import builtin_drehbuecher, parse_drehbuch

from .state import Message, Session
from .texts import t
from .widgets import ItemSelect, TomlUpload, guarded

MAX_UPLOAD_KB = 64
DEFAULT_SCRIPT = "lenkungsgruppe"  # the 20-minute plan of docs/web.md


def read_script_upload(session: Session, name: str, content: bytes) -> bool:
    """Validate an uploaded Drehbuch and start it; a bad file names the file and key."""
    box = session.live_message
    if len(content) > MAX_UPLOAD_KB * 1024:
        size = {"name": name, "size": len(content) // 1024, "limit": MAX_UPLOAD_KB}
        box.value = Message("err_upload_size", size)
        return False
    try:
        script = parse_drehbuch(content.decode("utf-8"), source=name)
    except UnicodeDecodeError:
        box.value = Message("err_upload_encoding", {"name": name})
        return False
    except models.InputError as exc:
        box.value = Message("err_script", detail=str(exc))
        return False
    return session.start_script(script)


@solara.component
def DrehbuchChooser(session: Session, on_started=None):
    """Choose and start a Drehbuch; ``on_started()`` runs after a start (folds the panel)."""
    lang = session.lang.value
    scripts = builtin_drehbuecher()
    chosen = solara.use_reactive(
        DEFAULT_SCRIPT if DEFAULT_SCRIPT in scripts else next(iter(scripts))
    )
    box = session.live_message

    def start(script):
        if session.start_script(script) and on_started is not None:
            on_started()

    ItemSelect(
        t("script_choose", lang),
        [(name, s.title(lang)) for name, s in scripts.items()],
        chosen.value,
        chosen.set,
        style="min-width: 20em",
    )
    solara.Button(
        t("script_start", lang),
        icon_name="mdi-script-text-play-outline",
        on_click=guarded(box, lambda: start(scripts[chosen.value])),
        outlined=True,
        classes=["dkbm-script-start"],
    )
    ScriptUpload(session)


@solara.component
def ScriptUpload(session: Session):
    lang = session.lang.value
    TomlUpload(
        t("script_upload", lang),
        lambda name, content: read_script_upload(session, name, content),
        session.live_message,
    )


@solara.component
def DrehbuchBar(session: Session, tick: int):
    """ "Weiter" and "Drehbuch beenden" while a Drehbuch runs."""
    script = session.script.value
    if script is None:
        return
    lang = session.lang.value
    box = session.live_message
    solara.Button(
        t("script_next", lang),
        icon_name="mdi-skip-next",
        on_click=guarded(box, session.script_continue),
        color="success",
        large=True,
        disabled=session.playing.value or session.live.finished,
        classes=["dkbm-script-next"],
    )
    solara.Button(
        t("script_stop", lang),
        icon_name="mdi-close",
        on_click=session.stop_script,
        text=True,
        classes=["dkbm-script-stop"],
    )


@solara.component
def DrehbuchCaption(session: Session, tick: int):
    """The current step's caption, above the curves."""
    script, step = session.script.value, session.script_step.value
    if script is None or step is None:
        return
    lang = session.lang.value
    done = session.script_next >= len(script.steps)
    head = t(
        "script_progress",
        lang,
        title=script.title(lang),
        step=max(session.script_next, 1),
        steps=len(script.steps),
    )
    with solara.Div(classes=["dkbm-caption"]):
        solara.Text(
            head + (" · " + t("script_done", lang) if done else ""), classes=["dkbm-caption-head"]
        )
        solara.Text(step.caption(lang), classes=["dkbm-caption-text"])
