"""Per-session state: each browser session owns one :class:`Session` and so its own model.

Nothing here lives at module level: :func:`simulation.web.app.Page` creates a Session
with ``solara.use_memo`` when a browser connects, so two sessions (two workshop
participants, two browser tabs) never share a model, a plan or a result.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace

import solara

import models
from simulation.scenarios import Scenario, builtin_scenarios, scenario_from_dict

from .events import Event, EventWatcher
from .texts import default_lang

log = logging.getLogger(__name__)

MAX_EVENTS = 400  # events kept in the log of a live run
DEFAULT_SCENARIO = "baseline"
SPEEDS = (1, 2, 4, 8, 16)  # months per second in Play
TRAINER_ACTIONS = ("steering_group", "election", "funding_end")


@dataclass(frozen=True)
class Message:
    """A message for the page: a text key and its fields, phrased when shown.

    ``detail`` is a validator's one-line message (file, key path, allowed values); it
    is shown as it is, after the translated text. ``problems`` are the
    :class:`simulation.errors.Problem` of a checked file, each shown on its own line in
    the page's language; ``source`` names the file.
    """

    key: str
    fields: dict = field(default_factory=dict)
    detail: str = ""
    level: str = "error"
    problems: tuple = ()
    source: str = ""


@dataclass(frozen=True)
class Action:
    """Something a trainer did to the live run at a given month (replayed on rebuild)."""

    month: int
    kind: str  # "lever", "shock" or "funding_end"
    item: str = ""
    duration: int = models.DEFAULT_DURATION
    intensity: float = models.DEFAULT_INTENSITY
    severity: float = models.DEFAULT_SEVERITY


class LiveRun:
    """One live :class:`models.CollaborationModel` with its event log.

    The run is replication 0 of the scenario's ensemble (same seed). Changing the
    scenario rebuilds the model and replays it, with the trainer's live actions, to
    the month it had reached, so a changed control shows its effect at once.
    """

    def __init__(self, scenario: Scenario):
        self.lock = threading.RLock()
        self.actions: list[Action] = []
        self.scenario = scenario
        self.model, self.watcher, self.events = self._build(scenario)

    # --- building ------------------------------------------------------------------------
    @staticmethod
    def seed_of(scenario: Scenario) -> int:
        return int(scenario.replication_seeds(1)[0])

    def _build(self, scenario: Scenario):
        model = models.CollaborationModel(rng=self.seed_of(scenario), **scenario.model_kwargs())
        return model, EventWatcher(model), []

    def rebuild(self, scenario: Scenario, keep_month: bool = True) -> None:
        """Use ``scenario`` from now on; replay to the current month if ``keep_month``.

        Raises
        ------
        models.InputError
            If the model rejects the scenario; the current run is then left unchanged.
        """
        with self.lock:
            target = min(self.month, scenario.months) if keep_month else 0
            actions = [a for a in self.actions if a.month < target] if keep_month else []
            model, watcher, events = self._build(scenario)
            old = (self.model, self.watcher, self.events, self.actions, self.scenario)
            self.model, self.watcher, self.events = model, watcher, events
            self.scenario, self.actions = scenario, []
            try:
                for action in actions:
                    self._advance_to(action.month)
                    self._do(action)
                self._advance_to(target)
            except Exception:
                self.model, self.watcher, self.events, self.actions, self.scenario = old
                raise

    def reset(self) -> None:
        """Back to month 0 of the same scenario, without the live actions."""
        self.rebuild(self.scenario, keep_month=False)

    # --- running -------------------------------------------------------------------------
    @property
    def month(self) -> int:
        return int(self.model.month)

    @property
    def months(self) -> int:
        return int(self.scenario.months)

    @property
    def finished(self) -> bool:
        return self.month >= self.months

    def step(self, n: int = 1) -> int:
        """Advance up to ``n`` months (not past the horizon); return the months done."""
        with self.lock:
            done = 0
            while done < n and not self.finished:
                self.model.step()
                self._log(self.watcher.after_step(self.model))
                done += 1
            return done

    def _advance_to(self, month: int) -> None:
        while self.month < month:
            self.model.step()
            self._log(self.watcher.after_step(self.model))

    def _log(self, events: list[Event]) -> None:
        self.events.extend(events)
        if len(self.events) > MAX_EVENTS:
            del self.events[: len(self.events) - MAX_EVENTS]

    # --- live actions --------------------------------------------------------------------
    def act(self, action: Action) -> None:
        """Apply a lever, a shock or the funding end now (it acts from the next step on).

        Raises
        ------
        models.InputError
            If the action is not possible now (e.g. funding has already ended).
        """
        with self.lock:
            self._do(action)

    def _do(self, action: Action) -> None:
        model, month = self.model, self.month
        if action.kind == "lever":
            model.apply_lever(action.item, duration=action.duration, intensity=action.intensity)
            self._log(
                [
                    Event(
                        month,
                        "ev_now_lever",
                        item=action.item,
                        number=action.duration,
                        kind="action",
                    )
                ]
            )
        elif action.kind == "shock":
            model.apply_shock(action.item, severity=action.severity)
            self._log([Event(month, "ev_now_shock", item=action.item, kind="politics")])
        elif action.kind == "funding_end":
            end_funding_now(model)
            self._log([Event(month, "ev_now_funding_end", kind="politics")])
        else:  # pragma: no cover - programming error
            raise ValueError(f"unknown action kind {action.kind!r}")
        self.actions.append(
            Action(
                month, action.kind, action.item, action.duration, action.intensity, action.severity
            )
        )

    @property
    def funding_month(self) -> int:
        return int(self.model.params["funding_months"])

    @property
    def live_interventions(self) -> tuple[models.Intervention, ...]:
        return tuple(self.model.interventions)

    @property
    def live_shocks(self) -> tuple[models.Shock, ...]:
        return tuple(self.model.shocks)


def end_funding_now(model: models.CollaborationModel) -> None:
    """Make programme funding end in the coming month (see ``CollaborationModel.end_funding``).

    Raises
    ------
    models.InputError
        If funding has already ended.
    """
    model.end_funding()


# --- scenarios --------------------------------------------------------------------------
def builtin(name: str = DEFAULT_SCENARIO) -> Scenario:
    return builtin_scenarios()[name]


def modified(scenario: Scenario, data: dict, source: str = "web") -> Scenario:
    """A scenario from changed TOML-shaped ``data``, validated like a file.

    The name and titles mark it as the planner's own variant, so comparisons can tell
    it apart from the built-in scenario it started from.

    Raises
    ------
    simulation.errors.LocatedInputError
        One line naming the key path and the allowed values.
    """
    from .texts import t

    data = dict(data)
    head = dict(data.get("scenario", {}))
    name = str(head.get("name", scenario.name))
    if not name.endswith("-eigen"):
        head["name"] = f"{name}-eigen"[:60]
        # the planner's own plan is named as they name it
        head["title_de"] = t("my_plan", "de", title=scenario.title("de"))
        head["title_en"] = t("my_plan", "en", title=scenario.title("en"))
    data["scenario"] = head
    changed = scenario_from_dict(data, source)
    # only a real change makes a variant: changed back (runs 30 -> 500 -> 30) is the original
    base = builtin_scenarios().get(changed.name.removesuffix("-eigen"))
    if (
        base is not None
        and replace(changed, name=base.name, title_de=base.title_de, title_en=base.title_en) == base
    ):
        return base
    return changed


class Session:
    """The state of one browser session.

    Reactive values drive the page; the model itself is a plain object in
    :attr:`live`, and :attr:`tick` is bumped whenever it changes.
    """

    def __init__(self, lang: str | None = None):
        scenario = builtin()
        self.lang = solara.reactive(lang or default_lang())
        self.view = solara.reactive("planner")
        self.scenario = solara.reactive(scenario)
        self.source = solara.reactive(DEFAULT_SCENARIO)  # built-in name or "upload"
        self.live = LiveRun(scenario)
        self.tick = solara.reactive(0)
        self.playing = solara.reactive(False)
        self.speed = solara.reactive(2)
        self.colour_by = solara.reactive("readiness")
        self.live_message = solara.reactive(None)
        self.plan_message = solara.reactive(None)
        self.upload_message = solara.reactive(None)
        self.param_errors = solara.reactive({})
        self.ensemble = solara.reactive(None)
        self.ensemble_progress = solara.reactive(None)
        self.ensemble_message = solara.reactive(None)
        self.compare_names = solara.reactive([DEFAULT_SCENARIO, "structures-first"])
        self.compare_result = solara.reactive(None)
        self.compare_progress = solara.reactive(None)
        self.compare_message = solara.reactive(None)
        self.figures: dict = {}  # PNGs of ensemble and comparison figures, by result and language

    # --- live run ------------------------------------------------------------------------
    def bump(self) -> None:
        self.tick.value = self.tick.value + 1

    def step(self, n: int = 1) -> int:
        done = self.live.step(n)
        if self.live.finished:
            self.playing.value = False
        self.live_message.value = None
        self.bump()
        return done

    def reset(self) -> None:
        self.playing.value = False
        self.live.reset()
        self.live_message.value = None
        self.bump()

    def act(self, action: Action) -> None:
        try:
            self.live.act(action)
        except models.InputError as exc:
            self.live_message.value = Message("err_action", detail=str(exc))
        else:
            self.live_message.value = None
        self.bump()

    # --- scenario ------------------------------------------------------------------------
    def switch_scenario(
        self,
        scenario: Scenario,
        *,
        keep_month: bool,
        source: str | None = None,
        target: str = "plan",
    ) -> bool:
        """Switch to ``scenario`` if the model accepts it; else show why, keep the old one."""
        box = self.plan_message if target == "plan" else self.upload_message
        try:
            self.live.rebuild(scenario, keep_month=keep_month)
        except models.InputError as exc:
            box.value = Message("err_invalid", detail=str(exc))
            return False
        self.scenario.value = scenario
        if source is not None:
            self.source.value = source
        box.value = None
        self.ensemble.value = None
        self.bump()
        return True

    def change(self, mutate, *, target: str = "plan") -> bool:
        """Apply ``mutate(data)`` to the scenario's TOML-shaped data and validate it."""
        box = self.plan_message if target == "plan" else self.upload_message
        current = self.scenario.value
        data = current.to_dict()
        try:
            mutate(data)
            scenario = modified(current, data)
        except models.InputError as exc:
            box.value = Message("err_invalid", detail=str(exc))
            return False
        return self.switch_scenario(scenario, keep_month=True, target=target)
