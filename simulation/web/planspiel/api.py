"""The Planspiel's HTTP and WebSocket routes (Starlette), served next to the Solara app.

Participants' phones load one small page (no Solara session: 40 phones cost little) and
get every change pushed over a WebSocket. Every rule is checked here, on the server:

==========================================  =============================================
``GET  /planspiel``                          join page (type the room code)
``GET  /planspiel/{code}``                   the participant page; unknown code: 404 page
``POST /planspiel/api/{code}/join``          take a seat (cookie ``dkbm_seat_<code>``)
``POST /planspiel/api/{code}/choose``        ``{"department": k}``
``POST /planspiel/api/{code}/decide``        ``{"decision": {"<partner>": 1 or 0}}``
``WS   /planspiel/ws/{code}``                the seat's view, pushed after each change
``POST /planspiel/api/rooms``                open a room (only from the server's computer)
``POST /planspiel/api/{code}/trainer/{a}``   ``next``, ``pause``, ``resume``, ``months``,
                                             ``close``: header ``X-Trainer-Token``
``GET  /planspiel/api/{code}/export``        ZIP of scenario + decisions (trainer token)
==========================================  =============================================
"""

from __future__ import annotations

import asyncio
import json

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from simulation.web.texts import LANGS, default_lang, t

from . import page
from .record import export_zip
from .room import ROOMS, PlanspielError, Room, Rooms, normalise_code

PREFIX = "/planspiel"
SEAT_COOKIE = "dkbm_seat_{code}"
SEAT_MAX_AGE = 12 * 3600
LOOPBACK = ("127.0.0.1", "::1", "localhost")
TRAINER_HEADER = "x-trainer-token"

rooms: Rooms = ROOMS


def _lang(request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("dkbm_lang") or default_lang()
    return lang if lang in LANGS else "de"


def _client(request) -> str:
    return request.client.host if request.client else "unknown"


def _error(exc: PlanspielError, lang: str) -> JSONResponse:
    return JSONResponse(
        {"error": exc.key, "message": t(exc.key, lang, **exc.fields)}, status_code=exc.status
    )


async def _body(request: Request) -> dict:
    try:
        data = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise PlanspielError("ps_err_bad_decision", 400) from None
    if not isinstance(data, dict):
        raise PlanspielError("ps_err_bad_decision", 400)
    return data


def _seat_token(request, code: str) -> str | None:
    return request.cookies.get(SEAT_COOKIE.format(code=code))


# --- pages ------------------------------------------------------------------------------------
async def join_page(request: Request) -> Response:
    code = request.query_params.get("code")
    if code:
        return await room_page(request, code)
    return HTMLResponse(page.join_html(_lang(request)))


async def room_page(request: Request, code: str | None = None) -> Response:
    lang = _lang(request)
    code = code or request.path_params["code"]
    try:
        room = rooms.get(code, _client(request))
    except PlanspielError as exc:
        return HTMLResponse(
            page.join_html(lang, error=t(exc.key, lang, **exc.fields)), status_code=exc.status
        )
    return HTMLResponse(page.room_html(room.code, lang))


# --- participants ------------------------------------------------------------------------------
async def join(request: Request) -> Response:
    lang = _lang(request)
    code = request.path_params["code"]
    try:
        token = _seat_token(request, normalise_code(code))
        room, seat = rooms.join(code, token, _client(request))
    except PlanspielError as exc:
        return _error(exc, lang)
    from .views import participant_view

    response = JSONResponse(participant_view(room, seat, lang))
    response.set_cookie(
        SEAT_COOKIE.format(code=room.code),
        seat.token,
        max_age=SEAT_MAX_AGE,
        path=PREFIX,
        httponly=True,
        samesite="strict",
    )
    return response


def _participant(request) -> tuple[Room, str]:
    code = request.path_params["code"]
    room = rooms.get(code, _client(request))
    return room, _seat_token(request, room.code) or ""


async def choose(request: Request) -> Response:
    lang = _lang(request)
    try:
        room, token = _participant(request)
        body = await _body(request)
        room.choose(token, body.get("department"))
    except PlanspielError as exc:
        return _error(exc, lang)
    return JSONResponse({"ok": True})


async def decide(request: Request) -> Response:
    lang = _lang(request)
    try:
        room, token = _participant(request)
        body = await _body(request)
        decision = body.get("decision")
        if not isinstance(decision, dict):
            raise PlanspielError("ps_err_bad_decision", 400)
        room.decide(token, decision)
    except PlanspielError as exc:
        return _error(exc, lang)
    return JSONResponse({"ok": True})


async def live(websocket: WebSocket) -> None:
    """Push the seat's view now and after every change of the room."""
    from .views import participant_view

    code = websocket.path_params["code"]
    lang = _lang(websocket)
    try:
        room = rooms.get(code, _client(websocket))
        seat = room.seat(_seat_token(websocket, room.code))
    except PlanspielError:
        await websocket.close(code=4404)
        return
    await websocket.accept()
    loop = asyncio.get_running_loop()
    changed = asyncio.Event()
    unsubscribe = room.subscribe(lambda: loop.call_soon_threadsafe(changed.set), seat.token)

    async def receive() -> None:
        nonlocal lang
        while True:
            message = await websocket.receive_json()
            if isinstance(message, dict) and message.get("lang") in LANGS:
                lang = message["lang"]
                changed.set()

    reader = asyncio.ensure_future(receive())
    try:
        changed.set()  # the view as it is now
        while not reader.done():
            if changed.is_set():
                changed.clear()
                await websocket.send_text(json.dumps(participant_view(room, seat, lang)))
                if room.closed:
                    break
            waiter = asyncio.ensure_future(changed.wait())
            await asyncio.wait({waiter, reader}, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
    except (WebSocketDisconnect, RuntimeError, OSError):
        pass  # the phone went away (sleep, lost network, closed tab): it reconnects
    finally:
        unsubscribe()
        reader.cancel()
        if websocket.application_state == WebSocketState.CONNECTED:
            try:
                await websocket.close()
            except (WebSocketDisconnect, RuntimeError, OSError):
                pass


# --- the trainer ---------------------------------------------------------------------------------
async def open_room(request: Request) -> Response:
    lang = _lang(request)
    if _client(request) not in LOOPBACK:
        return _error(PlanspielError("ps_err_local_only", 403), lang)
    try:
        body = await _body(request)
        params = {}
        if "n_departments" in body:
            params["n_departments"] = int(body["n_departments"])
        room = rooms.open(
            body.get("scenario", "baseline"), int(body.get("round_months", 1)), **params
        )
    except PlanspielError as exc:
        return _error(exc, lang)
    except (ValueError, TypeError) as exc:  # an InputError of the scenario
        return JSONResponse({"error": "bad_input", "message": str(exc)}, status_code=400)
    base = str(request.base_url).rstrip("/")
    return JSONResponse(
        {
            "code": room.code,
            "trainer_token": room.trainer_token,
            "url": f"{base}{PREFIX}/{room.code}",
        }
    )


async def trainer_action(request: Request) -> Response:
    lang = _lang(request)
    action = request.path_params["action"]
    try:
        room = rooms.get(request.path_params["code"], _client(request))
        token = request.headers.get(TRAINER_HEADER)
        room.check_trainer(token)  # before anything else is read
        body = await _body(request) if await request.body() else {}
        if action == "next":
            room.next_round(token, body.get("months"))
        elif action in ("pause", "resume"):
            room.set_paused(token, action == "pause")
        elif action == "months":
            room.set_round_months(token, body.get("months"))
        elif action == "close":
            room.close(token)
        else:
            return JSONResponse({"error": "unknown_action"}, status_code=404)
    except PlanspielError as exc:
        return _error(exc, lang)
    return JSONResponse({"ok": True, "month": room.month, **room.counts()})


async def export(request: Request) -> Response:
    lang = _lang(request)
    try:
        room = rooms.get(request.path_params["code"], _client(request))
        room.check_trainer(request.headers.get(TRAINER_HEADER))
    except PlanspielError as exc:
        return _error(exc, lang)
    return Response(
        export_zip(room),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="planspiel-{room.code}.zip"'},
    )


routes = [
    Route(PREFIX, join_page),
    Route(f"{PREFIX}/api/rooms", open_room, methods=["POST"]),
    Route(f"{PREFIX}/api/{{code}}/join", join, methods=["POST"]),
    Route(f"{PREFIX}/api/{{code}}/choose", choose, methods=["POST"]),
    Route(f"{PREFIX}/api/{{code}}/decide", decide, methods=["POST"]),
    Route(f"{PREFIX}/api/{{code}}/trainer/{{action}}", trainer_action, methods=["POST"]),
    Route(f"{PREFIX}/api/{{code}}/export", export),
    WebSocketRoute(f"{PREFIX}/ws/{{code}}", live),
    Route(f"{PREFIX}/{{code}}", room_page),
]


def install(app=None) -> None:
    """Put the routes in front of Solara's catch-all route (once per server process)."""
    if app is None:
        from solara.server.starlette import app
    router = app.router
    if any(getattr(r, "path", None) == PREFIX for r in router.routes):
        return
    router.routes[0:0] = routes
