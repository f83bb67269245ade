"""The trainer's Planspiel view (Solara): open a room, show the join address and QR code,
the counts, who plays which department, the network, the curves and the event log;
"Nächste Runde", pause, debrief, close and export.

The trainer's session keeps the room's trainer token; every action goes through the
room's own checks (the same as the HTTP API's).
"""

from __future__ import annotations

import html
import logging
import os
import time
from dataclasses import dataclass

import solara

from models import InputError
from simulation.scenarios import builtin_names, load_scenario
from simulation.web.events import phrase
from simulation.web.network import NetworkChart
from simulation.web.plots import LiveChart
from simulation.web.texts import t

from .api import LOOPBACK
from .record import export_zip
from .room import MAX_PARTICIPANTS, ROOMS, ROUND_MONTHS, PlanspielError, Room
from .views import debrief, department_names, who_plays_html

log = logging.getLogger(__name__)

JOIN_BASE_ENV = "DKBM_WEB_JOIN_BASE"  # set by `dkbm web`: http://<address>:<port>
POLL_SECONDS = 0.25
CHART_MONTHS = 36  # x axis of the curves; a game is 12 to 36 months
EVENTS_SHOWN = 25
# departments of a room: the scenario's own, or more (generic external partners) so that
# up to 40 participants each play one
DEPARTMENT_CHOICES = (16, 20, 24, 30, 40)


@dataclass
class TrainerRoom:
    """The room a trainer's session opened, with its token and cached figures."""

    room: Room | None = None
    charts: dict | None = None


def trainer_state(session) -> TrainerRoom:
    return session.__dict__.setdefault("_planspiel", TrainerRoom())


def trainer_address(room: Room) -> str:
    """The app's address that brings this trainer's room back after a reload."""
    return f"/?planspiel={room.code}&key={room.trainer_token}"


def restore(session, search: str | None) -> bool:
    """Give ``session`` the room named in the address (``?planspiel=CODE&key=TOKEN``)."""
    from urllib.parse import parse_qs

    query = parse_qs(search or "")
    code, key = query.get("planspiel", [""])[0], query.get("key", [""])[0]
    room = ROOMS.rooms.get(code)
    if room is None or room.closed:
        return False
    try:
        room.check_trainer(key)
    except PlanspielError:
        return False
    trainer_state(session).room = room
    session.view.value = "planspiel"
    return True


def opened_locally() -> bool:
    """Whether this page was opened as the server's own computer (``Host: 127.0.0.1``...).

    A phone in the workshop network opens the app under the network address: it gets no
    "Raum eröffnen" (the HTTP API checks the client address itself). A soft guard only:
    the room's trainer token is what protects a room.
    """
    from solara.lab import headers

    values = headers.value
    if not values:  # rendered outside a server (tests)
        return True
    host = (values.get("host") or [""])[0]
    name = host.rsplit(":", 1)[0] if host.count(":") <= 1 else host.rsplit("]", 1)[0]
    return name.strip("[]") in LOOPBACK


def join_url(code: str) -> str:
    base = os.environ.get(JOIN_BASE_ENV, "http://127.0.0.1:8765").rstrip("/")
    return f"{base}/planspiel/{code}"


def qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=6, border=2, dark="#1b1b1b")


@solara.component
def PlanspielView(session):
    lang = session.lang.value
    state = trainer_state(session)
    room_box = solara.use_reactive(state.room)
    room = room_box.value
    router = solara.use_router()

    def opened(new: Room) -> None:
        state.room = new
        room_box.set(new)
        router.push(trainer_address(new))  # a reload of this page keeps the room

    def closed() -> None:
        state.room = None
        room_box.set(None)
        router.push("/")

    with solara.Column(classes=["dkbm-large", "dkbm-planspiel"], gap="12px"):
        solara.Text(t("ps_title", lang), style="font-size: 1.5em; font-weight: 700")
        if room is None:
            OpenRoom(session, opened)
        else:
            RoomPanel(session, room, on_closed=closed)


@solara.component
def OpenRoom(session, on_open):
    lang = session.lang.value
    scenario, set_scenario = solara.use_state("baseline")
    months, set_months = solara.use_state(1)
    own = solara.use_memo(lambda: len(load_scenario(scenario).department_specs()), [scenario])
    sizes = [own, *(k for k in DEPARTMENT_CHOICES if k > own)]
    size, set_size = solara.use_state(own)
    error, set_error = solara.use_state("")
    solara.Text(t("ps_intro", lang), style="color: #444")
    if not opened_locally():
        solara.Warning(t("ps_err_local_only", lang), classes=["dkbm-ps-local-only"])
        return

    def open_room():
        params = {} if size in (None, own) else {"n_departments": int(size)}
        try:
            room = ROOMS.open(scenario, months, **params)
        except PlanspielError as exc:
            set_error(t(exc.key, lang, **exc.fields))
            return
        except InputError as exc:  # e.g. a scenario that lists its departments
            set_error(str(exc))
            return
        on_open(room)

    with solara.Row(gap="16px", style="align-items: center; flex-wrap: wrap"):
        solara.Select(
            t("ps_scenario", lang),
            value=scenario,
            values=list(builtin_names()),
            on_value=set_scenario,
            style="max-width: 22em",
        )
        solara.Select(
            t("ps_departments", lang),
            value=size if size in sizes else own,
            values=sizes,
            on_value=set_size,
            style="max-width: 10em",
            classes=["dkbm-ps-size"],
        )
        solara.ToggleButtonsSingle(
            value=months, values=list(ROUND_MONTHS), on_value=set_months, classes=["dkbm-ps-months"]
        )
        solara.Text(t("ps_round_months", lang))
        solara.Button(
            t("ps_open", lang),
            on_click=open_room,
            color="primary",
            x_large=True,
            classes=["dkbm-ps-open"],
        )
    if error:
        solara.Error(error)


@solara.component
def RoomPanel(session, room: Room, on_closed):
    lang = session.lang.value
    version, set_version = solara.use_state(room.version)
    show_debrief, set_debrief = solara.use_state(False)
    error, set_error = solara.use_state("")

    def watch():
        seen = room.version
        while True:
            time.sleep(POLL_SECONDS)
            if room.version != seen:
                seen = room.version
                set_version(seen)

    solara.use_thread(watch, dependencies=[room.code])
    token = room.trainer_token
    url = join_url(room.code)

    def act(fn):
        def run():
            try:
                fn()
                set_error("")
            except PlanspielError as exc:
                set_error(t(exc.key, lang, **exc.fields))
            set_version(room.version)

        return run

    counts = room.counts()
    with solara.Row(gap="24px", style="flex-wrap: wrap; align-items: flex-start"):
        with solara.Column(gap="6px", style="min-width: 20em; flex: 1"):
            solara.Text(
                t("ps_room", lang, code=room.code),
                classes=["dkbm-ps-code"],
                style="font-size: 1.6em; font-weight: 700; letter-spacing: .08em",
            )
            solara.Text(t("ps_join_at", lang))
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f'<a href="{html.escape(url)}" '
                f'target="_blank" class="dkbm-ps-url" style="font-size: 1.3em; '
                f'word-break: break-all">{html.escape(url)}</a>',
            )
            solara.Text(t("ps_join_lan", lang), classes=["dkbm-note"])
            solara.Text(
                t("ps_participants", lang, n=counts["participants"]) + f" (≤ {MAX_PARTICIPANTS})",
                classes=["dkbm-ps-participants"],
                style="font-size: 1.3em; font-weight: 600",
            )
            solara.Text(
                t("ps_decisions", lang, k=counts["decided"], n=counts["players"]),
                classes=["dkbm-ps-decisions"],
                style="font-size: 1.3em; font-weight: 600",
            )
            solara.Text(
                t("ps_month", lang, month=room.month)
                + " · "
                + t("ps_round", lang, n=len(room.rounds)),
                classes=["dkbm-ps-month"],
                style="font-size: 1.3em",
            )
        solara.HTML(tag="div", unsafe_innerHTML=qr_svg(url), classes=["dkbm-ps-qr"])
    with solara.Row(gap="12px", style="flex-wrap: wrap; align-items: center"):
        solara.ToggleButtonsSingle(
            value=room.round_months,
            values=list(ROUND_MONTHS),
            on_value=lambda m: act(lambda: room.set_round_months(token, m))(),
            classes=["dkbm-ps-months"],
        )
        solara.Text(t("ps_round_months", lang))
        solara.Button(
            t("ps_next", lang),
            on_click=act(lambda: room.next_round(token)),
            color="primary",
            x_large=True,
            disabled=room.paused or room.closed,
            classes=["dkbm-ps-next"],
        )
        solara.Button(
            t("ps_resume" if room.paused else "ps_pause", lang),
            on_click=act(lambda: room.set_paused(token, not room.paused)),
            x_large=True,
            outlined=True,
            classes=["dkbm-ps-pause"],
            disabled=room.closed,
        )
        solara.Button(
            t("ps_debrief", lang),
            on_click=lambda: set_debrief(not show_debrief),
            x_large=True,
            outlined=True,
            classes=["dkbm-ps-debrief"],
        )
        solara.FileDownload(
            lambda: export_zip(room),
            filename=f"planspiel-{room.code}.zip",
            label=t("ps_export", lang),
        )

        def close():
            act(lambda: room.close(token))()
            on_closed()

        solara.Button(
            t("ps_close", lang),
            on_click=close,
            x_large=True,
            color="error",
            outlined=True,
            classes=["dkbm-ps-close"],
        )
    solara.Text(t("ps_export_hint", lang), classes=["dkbm-note"])
    if error:
        solara.Error(error, classes=["dkbm-ps-error"])
    if room.paused:
        solara.Warning(t("ps_paused", lang))
    if show_debrief:
        Debrief(room, lang, version)
    with solara.Columns([7, 4]):
        with solara.Column():
            Curves(room, lang, room.month)
            solara.Text(t("ps_who_plays", lang), style="font-weight: 600")
            solara.HTML(
                tag="div",
                unsafe_innerHTML=who_plays_html(room, lang),
                classes=["dkbm-ps-who-wrap", "dkbm-scroll"],
            )
        with solara.Column():
            players = tuple(
                getattr(room.player_of(k), "number", None) for k in range(room.n_departments)
            )
            Network(room, lang, room.month, players)
            solara.Text(t("events_title", lang), style="font-weight: 600")
            solara.HTML(
                tag="div",
                unsafe_innerHTML=events_html(room, lang),
                classes=["dkbm-log", "dkbm-log-large"],
            )


def events_html(room: Room, lang: str) -> str:
    names = department_names(room, lang)
    with room.lock:
        events = list(reversed(room.events[-EVENTS_SHOWN:]))
    if not events:
        return f"<p>{html.escape(t('ps_events_empty', lang))}</p>"
    items = "".join(
        f'<li><span class="dkbm-ev-month">{html.escape(t("month_now", lang, month=ev.month))}'
        f"</span> {html.escape(phrase(ev, names, lang))}</li>"
        for ev in events
    )
    return f'<ul class="dkbm-events">{items}</ul>'


def _chart(room: Room, kind: str, key, make):
    cache = room.__dict__.setdefault("_charts", {})
    entry = cache.get(kind)
    if entry is None or entry[0] != key:
        entry = (key, make())
        cache[kind] = entry
    return entry[1]


@solara.component
def Curves(room: Room, lang: str, month: int):
    def render():
        with room.lock:
            model = room.model
            months = max(CHART_MONTHS, room.month + 12)
            funding = int(model.params["funding_months"])
            chart = _chart(
                room,
                "curves",
                (lang, months),
                lambda: LiveChart(
                    months, tuple(model.interventions), tuple(model.shocks), funding, lang, True
                ),
            )
            series = {
                name: model.series(name)
                for name in (
                    "cooperation_rate",
                    "mean_necessity",
                    "mean_motivation",
                    "mean_competence",
                    "mean_trust",
                    "institutionalisation",
                )
            }
            try:
                return chart.render(series, room.month)
            except Exception:  # a figure bug must not take the page down
                log.exception("planspiel chart failed")
                return None

    png = solara.use_memo(render, [month, lang])  # the figures change with the month only
    if png is not None:
        solara.Image(png, width="100%", classes=["dkbm-ps-chart"])


class _Played:
    """A department whose name carries its player ("Jugendamt · S3"), for the network."""

    def __init__(self, department, player: int | None):
        self._department, self._player = department, player

    def __getattr__(self, name):
        return getattr(self._department, name)

    def name(self, lang: str = "de") -> str:
        base = self._department.name(lang)
        if self._player is None:
            return base
        short = base.split(" /")[0].split(" (")[0]
        return f"{short} · {t('ps_seat_short', lang, n=self._player)}"


class _PlayedModel:
    """The room's model as the network figure sees it: players named on the nodes."""

    def __init__(self, room: Room):
        self.batch = room.model.batch
        self.departments = [
            _Played(d, getattr(room.player_of(k), "number", None))
            for k, d in enumerate(room.model.departments)
        ]


@solara.component
def Network(room: Room, lang: str, month: int, players: tuple):
    def render():
        with room.lock:
            chart = _chart(
                room,
                "network",
                (lang, players),
                lambda: NetworkChart(_PlayedModel(room), lang, "readiness", True),
            )
            try:
                return chart.render(_PlayedModel(room))
            except Exception:
                log.exception("planspiel network failed")
                return None

    png = solara.use_memo(render, [month, lang, players])  # not on every decision
    if png is not None:
        solara.Image(png, width="100%", classes=["dkbm-ps-network"])


@solara.component
def Debrief(room: Room, lang: str, version: int):
    parts = debrief(room, lang)
    with solara.Card(t("ps_debrief", lang), classes=["dkbm-ps-debrief-card"]):
        for key, part in (
            ("ps_debrief_pairs", "pairs"),
            ("ps_debrief_limits", "limits"),
            ("ps_debrief_trust", "trust"),
        ):
            solara.Text(t(key, lang), style="font-weight: 600; margin-top: 8px")
            solara.HTML(tag="div", unsafe_innerHTML=parts[part], classes=["dkbm-scroll"])
