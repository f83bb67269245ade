"""Planspiel rooms: workshop participants play the departments of one shared model run.

A :class:`Room` owns one :class:`models.CollaborationModel` (replication 0 of its
scenario, the same seed as the web app's live run). Participants take a seat (a
random seat token, kept by their phone) and pick a free department; each round they
decide, per partner, to offer joint work (1) or to stay out (0). The trainer advances
the run by 1 or 3 months; decisions enter the kernel through ``Batch.choices`` (-1 =
the model decides), so a room's run is a normal seeded model run that ``dkbm
planspiel replay`` repeats from the exported record.

Security model (a workshop on a local network, no accounts): the room code is the
invitation (7 characters of an unambiguous base-32 alphabet, 35 bits, from
:mod:`secrets`); the trainer token (192 bits) never leaves the trainer's session and
every trainer action checks it here, on the server; seats are tokens too, so one
participant cannot act for another; failed code lookups are rate-limited per client;
rooms hold at most :data:`MAX_PARTICIPANTS` and expire when idle.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

import models
from simulation.scenarios import Scenario, load_scenario

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
CODE_LENGTH = 7  # 32**7 = 2**35 codes
MAX_PARTICIPANTS = 40
MAX_ROOMS = 20
IDLE_SECONDS = 4 * 3600.0  # a room nobody touched for this long is closed
ROUND_MONTHS = (1, 3)
FAILED_LOOKUPS_PER_MINUTE = 10  # per client: wrong codes before lookups are refused
JOINS_PER_MINUTE = 60  # per client: new seats
OFFER, DECLINE, MODEL = 1, 0, -1


class PlanspielError(Exception):
    """A refused request: a text key (``ps_err_...``), its fields and an HTTP status."""

    def __init__(self, key: str, status: int = 400, **fields):
        super().__init__(key)
        self.key, self.status, self.fields = key, status, fields


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a participant typed, as a code: upper case, without spaces or dashes."""
    code = "".join(str(text).split()).replace("-", "").upper()
    return code.translate(str.maketrans("ILO", "110"))


@dataclass
class Seat:
    """One participant: a token kept by the phone, and the department played."""

    token: str
    number: int
    dept: int | None = None
    decision: dict[int, int] | None = None  # partner index -> OFFER / DECLINE
    last_decision: dict[int, int] = field(default_factory=dict)
    seen: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class Round:
    """One advance of the run: from ``month``, ``months`` long, with these overrides."""

    month: int
    months: int
    choices: tuple[tuple[int, int, int], ...]  # (department, partner, OFFER or DECLINE)

    def to_dict(self) -> dict:
        return {
            "month": self.month,
            "months": self.months,
            "choices": [list(c) for c in self.choices],
        }


class Room:
    """One Planspiel: a model run, its seats and the trainer's token."""

    def __init__(self, scenario: Scenario, code: str | None = None, round_months: int = 1):
        from simulation.web.events import EventWatcher

        self.code = code or new_code()
        self.trainer_token = secrets.token_urlsafe(24)
        self.scenario = scenario
        self.seed = int(scenario.replication_seeds(1)[0])
        self.model = models.CollaborationModel(rng=self.seed, **scenario.model_kwargs())
        self.watcher = EventWatcher(self.model)
        self.events: list = []
        self.last_events: list = []  # of the last round
        self.seats: dict[str, Seat] = {}
        self.rounds: list[Round] = []
        self.round_months = self._months(round_months)
        self.paused = False
        self.closed = False
        self.version = 0
        self.touched = time.monotonic()
        self.lock = threading.RLock()
        self._listeners: list[Callable[[], None]] = []
        structure = self.model.batch.structure
        self.pairs = list(zip(structure.pair_i.tolist(), structure.pair_j.tolist(), strict=True))
        self.history = [self._snapshot()]

    # --- structure --------------------------------------------------------------------------
    @property
    def n_departments(self) -> int:
        return len(self.model.departments)

    @property
    def month(self) -> int:
        return self.model.month

    def partners(self, dept: int) -> list[tuple[int, int]]:
        """(partner, pair position) of every department linked to ``dept``."""
        out = []
        for pos, (i, j) in enumerate(self.pairs):
            if i == dept:
                out.append((j, pos))
            elif j == dept:
                out.append((i, pos))
        return sorted(out)

    # --- listeners ---------------------------------------------------------------------------
    def subscribe(
        self, listener: Callable[[], None], seat: str | None = None
    ) -> Callable[[], None]:
        """Call ``listener()`` (from any thread) after a change that ``seat`` sees (None:
        every change); returns the unsubscribe function."""
        entry = (seat, listener)
        with self.lock:
            self._listeners.append(entry)

        def unsubscribe() -> None:
            with self.lock:
                if entry in self._listeners:
                    self._listeners.remove(entry)

        return unsubscribe

    def _changed(self, seen_by: str | None = "all") -> None:
        """Bump the version; notify the trainer and the seats that see the change
        (``"all"``, one seat token, or None for the trainer only)."""
        self.version += 1
        self.touched = time.monotonic()
        for seat, listener in list(self._listeners):
            if seat is None or seen_by == "all" or seat == seen_by:
                try:
                    listener()
                except Exception:  # a closed connection must not stop the others
                    pass

    # --- participants ------------------------------------------------------------------------
    def join(self, token: str | None = None) -> Seat:
        """The seat of ``token`` if it is one of this room's, else a new seat."""
        with self.lock:
            self._open()
            if token and token in self.seats:
                seat = self.seats[token]
                seat.seen = time.monotonic()
                return seat
            if len(self.seats) >= MAX_PARTICIPANTS:
                raise PlanspielError("ps_err_full", 409, n=MAX_PARTICIPANTS)
            seat = Seat(secrets.token_urlsafe(18), len(self.seats) + 1)
            self.seats[seat.token] = seat
            self._changed(seen_by=None)
            return seat

    def seat(self, token: str | None) -> Seat:
        seat = self.seats.get(token or "")
        if seat is None:
            raise PlanspielError("ps_err_no_seat", 401)
        return seat

    def player_of(self, dept: int) -> Seat | None:
        for seat in self.seats.values():
            if seat.dept == dept:
                return seat
        return None

    def choose(self, token: str, dept: int) -> None:
        with self.lock:
            self._open()
            seat = self.seat(token)
            if not isinstance(dept, int) or not 0 <= dept < self.n_departments:
                raise PlanspielError("ps_err_bad_department", 400, n=self.n_departments)
            holder = self.player_of(dept)
            if holder is not None and holder is not seat:
                raise PlanspielError("ps_err_taken", 409)
            if seat.dept != dept:
                seat.dept, seat.decision = dept, None
                self._changed()

    def decide(self, token: str, decision: dict) -> None:
        """Record a participant's decision for the coming round: partner -> OFFER / DECLINE."""
        with self.lock:
            self._open()
            if self.paused:
                raise PlanspielError("ps_err_paused", 409)
            seat = self.seat(token)
            if seat.dept is None:
                raise PlanspielError("ps_err_no_department", 409)
            partners = {p for p, _ in self.partners(seat.dept)}
            clean: dict[int, int] = {}
            for key, value in dict(decision).items():
                try:
                    partner = int(key)
                except (TypeError, ValueError):
                    partner = -1
                if partner not in partners or value not in (OFFER, DECLINE):
                    raise PlanspielError("ps_err_bad_decision", 400)
                clean[partner] = int(value)
            seat.decision = clean
            self._changed(seen_by=seat.token)

    # --- the trainer -------------------------------------------------------------------------
    def check_trainer(self, token: str | None) -> None:
        if not token or not secrets.compare_digest(str(token), self.trainer_token):
            raise PlanspielError("ps_err_not_trainer", 403)

    def set_round_months(self, token: str, months: int) -> None:
        with self.lock:
            self.check_trainer(token)
            self.round_months = self._months(months)
            self._changed()

    def set_paused(self, token: str, paused: bool) -> None:
        with self.lock:
            self.check_trainer(token)
            self._open()
            self.paused = bool(paused)
            self._changed()

    def close(self, token: str) -> None:
        with self.lock:
            self.check_trainer(token)
            self.closed = True
            self._changed()

    def next_round(self, token: str, months: int | None = None) -> Round:
        """Advance by one round whether or not everyone decided; undecided = the model."""
        with self.lock:
            self.check_trainer(token)
            self._open()
            if self.paused:
                raise PlanspielError("ps_err_paused", 409)
            months = self.round_months if months is None else self._months(months)
            choices = self.decisions()
            record = Round(self.month, months, choices)
            apply_choices(self.model.batch, self.pairs, choices)
            self.last_events = []
            try:
                for _ in range(months):
                    self.model.step()
                    new = self.watcher.after_step(self.model)
                    self.last_events.extend(new)
                    self.history.append(self._snapshot())
            finally:
                self.model.batch.choices[:] = MODEL
            self.events.extend(self.last_events)
            self.rounds.append(record)
            for seat in self.seats.values():
                seat.last_decision = dict(seat.decision or {})
                seat.decision = None
            self._changed()
            return record

    def decisions(self) -> tuple[tuple[int, int, int], ...]:
        """The submitted decisions as (department, partner, value), sorted."""
        out = []
        for seat in self.seats.values():
            if seat.dept is not None and seat.decision:
                out.extend((seat.dept, p, v) for p, v in seat.decision.items())
        return tuple(sorted(out))

    # --- counts --------------------------------------------------------------------------------
    def counts(self) -> dict:
        players = [s for s in self.seats.values() if s.dept is not None]
        return {
            "participants": len(self.seats),
            "players": len(players),
            "decided": sum(1 for s in players if s.decision is not None),
        }

    # --- helpers -------------------------------------------------------------------------------
    def _open(self) -> None:
        if self.closed:
            raise PlanspielError("ps_err_closed", 410)

    @staticmethod
    def _months(months) -> int:
        if months not in ROUND_MONTHS:
            raise PlanspielError("ps_err_bad_months", 400, allowed="1, 3")
        return int(months)

    def _snapshot(self) -> dict:
        s = self.model.batch.state
        return {
            "month": int(s.month),
            "trust": np.array(s.trust[0], dtype=float),
            "active": np.array(s.remaining[0] > 0),
        }


def apply_choices(batch, pairs: list[tuple[int, int]], choices) -> None:
    """Write (department, partner, value) overrides into ``batch.choices`` (replication 0)."""
    position = {pair: pos for pos, pair in enumerate(pairs)}
    batch.choices[:] = MODEL
    for dept, partner, value in choices:
        if (dept, partner) in position:
            batch.choices[0, position[(dept, partner)], 0] = value
        elif (partner, dept) in position:
            batch.choices[0, position[(partner, dept)], 1] = value
        else:
            raise PlanspielError("ps_err_bad_decision", 400)


class RateLimit:
    """At most ``limit`` events per client in any ``window`` seconds."""

    def __init__(self, limit: int, window: float = 60.0, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.events: dict[str, deque] = {}

    def blocked(self, client: str) -> bool:
        times = self.events.get(client)
        if not times:
            return False
        cutoff = self.clock() - self.window
        while times and times[0] < cutoff:
            times.popleft()
        return len(times) >= self.limit

    def add(self, client: str) -> None:
        self.events.setdefault(client, deque()).append(self.clock())
        if len(self.events) > 10_000:  # forget old clients
            for key in [k for k, v in self.events.items() if not v][:5_000]:
                del self.events[key]


class Rooms:
    """Every open room of this server, by code (shared by all sessions, by design)."""

    def __init__(self, clock=time.monotonic, idle_seconds: float = IDLE_SECONDS):
        self.clock = clock
        self.idle_seconds = idle_seconds
        self.rooms: dict[str, Room] = {}
        self.lock = threading.Lock()
        self.failed = RateLimit(FAILED_LOOKUPS_PER_MINUTE, clock=clock)
        self.joins = RateLimit(JOINS_PER_MINUTE, clock=clock)

    def open(self, scenario: Scenario | str = "baseline", round_months: int = 1, **params) -> Room:
        """A new room on ``scenario`` (a name or a Scenario; ``params`` change it)."""
        if isinstance(scenario, str):
            scenario = load_scenario(scenario)
        if params:
            scenario = scenario.with_parameters(**params)
        with self.lock:
            self.expire()
            if len(self.rooms) >= MAX_ROOMS:
                raise PlanspielError("ps_err_too_many_rooms", 409, n=MAX_ROOMS)
            code = new_code()
            while code in self.rooms:  # pragma: no cover - 1 in 34 billion
                code = new_code()
            room = Room(scenario, code, round_months)
            self.rooms[code] = room
            return room

    def get(self, code: str, client: str = "local") -> Room:
        """The open room with ``code``; failed lookups of ``client`` are limited."""
        with self.lock:
            self.expire()
            if self.failed.blocked(client):
                raise PlanspielError("ps_err_rate", 429)
            room = self.rooms.get(normalise_code(code))
            if room is None:
                self.failed.add(client)
                raise PlanspielError("ps_err_no_room", 404, code=str(code)[:12])
            return room

    def join(self, code: str, token: str | None, client: str = "local") -> tuple[Room, Seat]:
        room = self.get(code, client)
        if not (token and token in room.seats):
            with self.lock:
                if self.joins.blocked(client):
                    raise PlanspielError("ps_err_rate", 429)
                self.joins.add(client)
        return room, room.join(token)

    def expire(self) -> None:
        """Close and forget rooms that are closed or idle for too long."""
        now = time.monotonic()
        for code, room in list(self.rooms.items()):
            if now - room.touched > self.idle_seconds:
                room.closed = True
                room._changed()
            if room.closed and now - room.touched > 600:  # "closed" shown for 10 minutes
                del self.rooms[code]


ROOMS = Rooms()
