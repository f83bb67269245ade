"""The dkbm-sim web app (Solara): plan, compare, and run a workshop.

Start it with ``dkbm web`` (see ``docs/web.md``). Each browser session gets its own
:class:`simulation.web.state.Session` (and so its own model) from ``use_memo`` in
:func:`Page`; nothing mutable lives at module level.
"""

from __future__ import annotations

import threading

import solara

from models.warmup import warm_up

from . import plots
from .compare import CompareView
from .planner import PlannerView
from .planspiel import api as planspiel_api
from .planspiel.trainer_view import PlanspielView
from .planspiel.trainer_view import restore as planspiel_restore
from .recommend import RecommendView
from .state import Session
from .texts import LANGS, t
from .trainer import TrainerView

VIEWS = ("planner", "compare", "trainer", "planspiel", "recommend")

# the server imports this module before it serves: load fonts now, not on the first page
plots.warm_up()
# and load (or, after a kernel change, compile) the model's compiled step in the background,
# so that the first Step does not wait for it
threading.Thread(target=warm_up, name="dkbm-kernel-warm-up", daemon=True).start()
# the phones' Planspiel pages and API, in front of Solara's catch-all route
planspiel_api.install()

CSS = """
/* five views do not fit a phone: the tab bar scrolls within the screen */
.v-tabs { max-width: 100vw; overflow-x: auto; }
.v-card__title { word-break: normal; hyphens: auto; }
.dkbm-main { padding: 8px 12px 48px; }  /* the Solara banner sits below, never on content */
:not(.dkbm-scroll) > table.dkbm-table { display: block; overflow-x: auto; max-width: 100%; }
.dkbm-table { border-collapse: collapse; font-size: 0.8rem; width: 100%; }
.dkbm-scroll { overflow-x: auto; }
.dkbm-table th, .dkbm-table td { border-bottom: 1px solid #ddd; padding: 2px 6px;
                                 text-align: left; }
.dkbm-table th { background: #f3f6f9; }
.dkbm-events { list-style: none; padding-left: 0; max-height: 22em; overflow-y: auto;
               margin: 0; }
.dkbm-events li { padding: 2px 0; border-bottom: 1px dotted #e0e0e0; }
.dkbm-ev-month { color: #777; font-size: 0.85em; margin-right: 4px; }
.dkbm-log-large .dkbm-events { font-size: 1.15rem; max-height: 16em; }
.dkbm-large { font-size: 1.2rem; }
.dkbm-large .v-btn { font-size: 1.05rem !important; }
.dkbm-note { font-size: 0.8em; color: #555; }
.dkbm-error .v-alert__content, .dkbm-error { white-space: pre-line; }
.dkbm-num { white-space: nowrap; font-variant-numeric: tabular-nums; }
.dkbm-explain { font-size: 0.85em; color: #555; line-height: 1.25; margin-bottom: 2px; }
.dkbm-info { display: inline-block; width: 1.15em; height: 1.15em; line-height: 1.15em;
             margin-left: 4px; border-radius: 50%; background: #1f4e79; color: white;
             font-size: 0.75em; font-weight: 700; font-style: italic; text-align: center;
             cursor: help; vertical-align: 1px; }
.dkbm-explain-list { font-size: 0.8em; color: #444; padding-left: 1.2em; margin: 6px 0; }
"""


@solara.component
def Header(session: Session):
    lang = session.lang.value

    def switch_lang():
        session.lang.value = LANGS[(LANGS.index(session.lang.value) + 1) % len(LANGS)]

    with solara.Row(
        classes=["dkbm-header"],
        gap="12px",
        style="background: #1f4e79; color: white; padding: 6px 16px; "
        "align-items: center; flex-wrap: wrap",
    ):
        solara.Text(
            t("app_title", lang),
            classes=["dkbm-title"],
            style="font-size: 1.25rem; font-weight: 600; margin-right: 24px",
        )
        with solara.lab.Tabs(
            value=VIEWS.index(session.view.value),
            on_value=lambda index: session.view.set(VIEWS[index]),
            background_color="#1f4e79",
            slider_color="white",
            dark=True,
        ):
            for view in VIEWS:
                solara.lab.Tab(t(f"view_{view}", lang), classes=[f"dkbm-view-{view}"])
        solara.v.Spacer()
        solara.Button(
            t("lang_switch", lang),
            on_click=switch_lang,
            outlined=True,
            style="color: white; border-color: white",
            classes=["dkbm-lang"],
            attributes={"title": t("lang_switch_help", lang)},
        )


@solara.component
def Page():
    """One browser session: its own Session (model, plan, results), made on connect."""
    session = solara.use_memo(Session, [])
    router = solara.use_router()

    # a trainer's reload: the address names the Planspiel room and its key
    def restore() -> None:
        planspiel_restore(session, router.search)

    solara.use_effect(restore, [])
    App(session)


@solara.component
def App(session: Session):
    lang = session.lang.value
    view = session.view.value
    solara.Title(t("page_title", lang))
    solara.Style(CSS)
    with solara.Column(gap="0px", classes=["dkbm-app"], style="width: 100%"):
        Header(session)
        with solara.Column(classes=["dkbm-main"]):
            if view == "compare":
                CompareView(session)
            elif view == "trainer":
                TrainerView(session)
            elif view == "planspiel":
                PlanspielView(session)
            elif view == "recommend":
                RecommendView(session)
            else:
                PlannerView(session)
    return None


@solara.component
def Layout(children=[]):  # noqa: B006 - Solara's layout signature
    """No Solara app bar or sidebar: the page brings its own header (works on a projector)."""
    solara.Column(children=children, style="width: 100%", gap="0px")
