"""The Drehbuch (scripted demo) in the Training view: choose a script, "Weiter"."""

from __future__ import annotations

import solara

from .state import Session


@solara.component
def DrehbuchBar(session: Session, tick: int):
    return None


@solara.component
def DrehbuchChooser(session: Session):
    return None
