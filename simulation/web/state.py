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
# the live run's curves (an earlier run's are kept for the dashed overlay)
LIVE_METRICS = (
    "cooperation_rate",
    "mean_necessity",
    "mean_motivation",
    "mean_competence",
    "mean_trust",
    "institutionalisation",
)


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
    """One live :class:`models.CollaborationModel` with its event log and its timeline.

    The run is replication 0 of the scenario's ensemble (same seed). The trainer's live
    actions form a timeline: stepping back (or to any month already reached) rebuilds the
    model from month 0 with the same seed and replays the timeline to that month, so the
    random numbers and everything before are exactly as they were; stepping forward again
    replays the actions that followed. A new action at an earlier month (or
    :meth:`branch`) starts a new branch from there; the previous run's curves are kept in
    :attr:`ghost` so the audience sees what the change did. Changing the scenario rebuilds
    the model and replays it, with the actions up to now, to the current month.
    """

    def __init__(self, scenario: Scenario):
        self.lock = threading.RLock()
        self.actions: list[Action] = []
        self.scenario = scenario
        self.ghost: dict | None = None  # series of the run before the last branch or reset
        self.reached = 0  # furthest month of this branch
        self._reached_series: dict | None = None  # its series, while we are before it
        self.model, self.watcher, self.events = self._build(scenario)

    # --- building ------------------------------------------------------------------------
    @staticmethod
    def seed_of(scenario: Scenario) -> int:
        return int(scenario.replication_seeds(1)[0])

    def _build(self, scenario: Scenario):
        model = models.CollaborationModel(rng=self.seed_of(scenario), **scenario.model_kwargs())
        self._next = 0  # index of the next timeline action to apply to this model
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
            self._replay(scenario, actions, target)
            self.reached, self._reached_series = target, None

    def _replay(self, scenario: Scenario, actions: list[Action], target: int) -> None:
        """A fresh model of ``scenario`` with ``actions`` as timeline, advanced to
        ``target``; on failure everything stays as it was."""
        old = (self.model, self.watcher, self.events, self.actions, self.scenario, self._next)
        self.scenario, self.actions = scenario, list(actions)
        self.model, self.watcher, self.events = self._build(scenario)
        try:
            self._advance_to(target)
        except Exception:
            (self.model, self.watcher, self.events, self.actions, self.scenario, self._next) = old
            raise

    def reset(self) -> None:
        """Back to month 0 of the same scenario, without the live actions; the run so far
        stays as the overlay (:attr:`ghost`)."""
        with self.lock:
            self.ghost = self.branch_series()
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
            self._apply_due()
            while done < n and not self.finished:
                self._step_once()
                done += 1
            return done

    def _step_once(self) -> None:
        self.model.step()
        self._log(self.watcher.after_step(self.model))
        if self.month >= self.reached:
            self.reached, self._reached_series = self.month, None
        self._apply_due()

    def _advance_to(self, month: int) -> None:
        self._apply_due()
        while self.month < month:
            self._step_once()

    def _apply_due(self) -> None:
        """Apply the timeline's actions of the current month (replayed after a rebuild)."""
        while self._next < len(self.actions) and self.actions[self._next].month <= self.month:
            self._do(self.actions[self._next], record=False)
            self._next += 1

    def _log(self, events: list[Event]) -> None:
        self.events.extend(events)
        if len(self.events) > MAX_EVENTS:
            del self.events[: len(self.events) - MAX_EVENTS]

    # --- time control --------------------------------------------------------------------
    def go_to(self, month: int) -> None:
        """Show ``month`` (0 .. :attr:`reached`) of this branch: forward by replaying the
        timeline, back by rebuilding from month 0 with the same seed."""
        with self.lock:
            month = max(0, min(int(month), self.reached, self.months))
            if month == self.month:
                return
            if month > self.month:
                self._advance_to(month)
                return
            if self._reached_series is None:
                self._reached_series = self.series()
            saved = self._reached_series
            self._replay(self.scenario, self.actions, month)
            self._reached_series = saved

    def back(self, months: int = 1) -> None:
        self.go_to(self.month - months)

    def branch(self, keep_current: bool = False) -> None:
        """Start a new branch at the current month: the actions from this month on are
        dropped (``keep_current``: those already applied this month stay), the run so far
        (to the furthest month reached) becomes the overlay."""
        with self.lock:
            self.ghost = self.branch_series()
            month = self.month
            kept = [a for a in self.actions[: self._next] if keep_current or a.month < month]
            if len(kept) < self._next:  # this month's actions were applied: replay without
                self._replay(self.scenario, kept, month)
            self.actions = kept
            self._next = len(kept)
            self.reached, self._reached_series = month, None

    def branch_series(self) -> dict:
        """The curves of this branch up to the furthest month reached."""
        if self.month < self.reached and self._reached_series is not None:
            return self._reached_series
        return self.series()

    def series(self) -> dict:
        return {name: self.model.series(name) for name in LIVE_METRICS}

    def clear_ghost(self) -> None:
        self.ghost = None

    # --- live actions --------------------------------------------------------------------
    def act(self, action: Action) -> None:
        """Apply a lever, a shock or the funding end now (it acts from the next step on).

        Before the furthest month reached, this starts a new branch (see :meth:`branch`).

        Raises
        ------
        models.InputError
            If the action is not possible now (e.g. funding has already ended).
        """
        with self.lock:
            if action.kind == "funding_end" and self.funding_ended:
                raise models.InputError(
                    f"funding already ends in month {self.funding_month}", key="funding_months"
                )
            if self.month < self.reached or self._next < len(self.actions):
                self.branch(keep_current=True)
            self._do(action)
            self._next = len(self.actions)

    @property
    def funding_ended(self) -> bool:
        """Funding has ended or ends with the coming month: "Förderende" is done."""
        return self.month >= self.funding_month

    def _do(self, action: Action, record: bool = True) -> None:
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
        if record:
            self.actions.append(
                Action(
                    month,
                    action.kind,
                    action.item,
                    action.duration,
                    action.intensity,
                    action.severity,
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
        self.county = solara.reactive(None)  # county name the scenario runs in, or None
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
        # Drehbuch (scripted demo): the script, the index of its next step, the step shown
        self.script = solara.reactive(None)
        self.script_next = 0
        self.script_step = solara.reactive(None)
        self.highlight = solara.reactive(None)  # department key ringed in the network
        # Empfehlung (robust planning): the form, the job, the result, the bundle shown
        self.recommend_inputs = solara.reactive(None)  # dict; None: the web defaults
        self.recommend_result = solara.reactive(None)
        self.recommend_progress = solara.reactive(None)
        self.recommend_message = solara.reactive(None)
        self.recommend_selected = solara.reactive(None)
        self.recommend_job = None  # its simulation.web.jobs.Job, made by the view

    # --- live run ------------------------------------------------------------------------
    def bump(self) -> None:
        self.tick.value = self.tick.value + 1

    def step(self, n: int = 1) -> int:
        due = self._script_due_month()
        if due is not None:
            n = max(0, min(n, due - self.live.month))
        done = self.live.step(n)
        if self.live.finished:
            self.playing.value = False
        self.live_message.value = None
        if due is not None and self.live.month >= due:
            self.playing.value = False
            self._run_script_steps()
        self.bump()
        return done

    # --- Drehbuch --------------------------------------------------------------------------
    def start_script(self, script) -> bool:
        """Play a :class:`simulation.drehbuch.Drehbuch` from its first step (its scenario
        from month 0, no overlay); False if its scenario cannot be used."""
        self.playing.value = False
        scenario = builtin(script.scenario)
        if not self.switch_scenario(scenario, keep_month=False, source=script.scenario):
            return False
        self.live.clear_ghost()
        self.speed.value = script.speed
        self.script.value, self.script_next = script, 0
        self.script_step.value, self.highlight.value = None, None
        self._run_script_steps()
        self.bump()
        return True

    def stop_script(self) -> None:
        self.script.value, self.script_step.value, self.highlight.value = None, None, None
        self.script_next = 0
        self.bump()

    def script_continue(self) -> None:
        """ "Weiter": the next step now if it is due, else play until it is (after the
        last step: play on to the end)."""
        if self.script.value is None:
            return
        due = self._script_due_month()
        if due is not None and due <= self.live.month:
            self._run_script_steps()
            self.bump()
        elif not self.live.finished:
            self.playing.value = True

    def _script_due_month(self) -> int | None:
        script = self.script.value
        if script is None or self.script_next >= len(script.steps):
            return None
        return script.steps[self.script_next].month

    def _run_script_steps(self) -> None:
        """Apply the script's due steps, up to and including the first that pauses."""
        script = self.script.value
        while script is not None and self.script_next < len(script.steps):
            step = script.steps[self.script_next]
            if step.month > self.live.month:
                self.playing.value = True  # a step without pause: play on to the next
                return
            self._apply_script_step(step)
            self.script_next += 1
            if step.pause:
                self.playing.value = False
                return

    def _apply_script_step(self, step) -> None:
        live = self.live
        if step.rewind is not None:
            live.go_to(step.rewind)
            live.branch()
        month = live.month
        if step.lever:
            self.act(Action(month, "lever", step.lever, step.duration, step.intensity))
        if step.shock:
            self.act(Action(month, "shock", step.shock, severity=step.severity))
        if step.funding_end:
            self.act(Action(month, "funding_end"))
        if step.colour_by:
            self.colour_by.value = step.colour_by
        self.highlight.value = step.highlight
        self.script_step.value = step

    def reset(self) -> None:
        self.playing.value = False
        self.live.reset()
        self.live_message.value = None
        self.bump()

    def go_to(self, month: int) -> None:
        """Show a month already reached (back or forward on this branch)."""
        self.playing.value = False
        self.live.go_to(month)
        self.live_message.value = None
        self.bump()

    def back(self) -> None:
        self.go_to(self.live.month - 1)

    def branch(self) -> None:
        self.playing.value = False
        self.live.branch()
        self.live_message.value = Message("branched", {"month": self.live.month}, level="success")
        self.bump()

    def clear_ghost(self) -> None:
        self.live.clear_ghost()
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
        county: str | None = None,
    ) -> bool:
        """Switch to ``scenario`` if the model accepts it; else show why, keep the old one.

        A new ``source`` also sets the county the scenario runs in (None: its own situation).
        """
        box = self.plan_message if target == "plan" else self.upload_message
        try:
            self.live.rebuild(scenario, keep_month=keep_month)
        except models.InputError as exc:
            box.value = Message("err_invalid", detail=str(exc))
            return False
        self.scenario.value = scenario
        if source is not None:
            self.source.value = source
            self.county.value = county
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
