"""Time control of the live run (back, slider, branch, overlay) and the readable event log."""

from collections import Counter

import numpy as np
import pytest

import models
from simulation.web.events import LINES_PER_MONTH, PRIORITY, digest, phrase_line
from simulation.web.state import Action, LiveRun, Session, builtin

SCENARIO = "baseline"  # no levers: a steering group makes a visible difference


def fresh(months: int, actions=()) -> models.CollaborationModel:
    """The reference: a new model with the live run's seed, actions applied at their month."""
    scenario = builtin(SCENARIO)
    model = models.CollaborationModel(rng=LiveRun.seed_of(scenario), **scenario.model_kwargs())
    pending = list(actions)
    while True:
        for a in [a for a in pending if a.month == model.month]:
            model.apply_lever(a.item, duration=a.duration, intensity=a.intensity)
            pending.remove(a)
        if model.month >= months:
            return model
        model.step()


def series(model) -> np.ndarray:
    return model.series("cooperation_rate")


@pytest.fixture
def live():
    return LiveRun(builtin(SCENARIO))


def test_back_and_forward_replay_the_same_run_with_its_actions(live):
    live.step(5)
    live.act(Action(5, "lever", "trust_building", duration=12))
    live.step(25)
    before = series(live.model).copy()
    events_before = list(live.events)
    live.back()
    assert live.month == 29
    np.testing.assert_array_equal(series(live.model), before[:30])
    live.go_to(3)  # before the action: it is not applied yet
    assert live.month == 3 and live.live_interventions == builtin(SCENARIO).interventions
    live.go_to(30)  # forward again: the action is replayed at month 5
    np.testing.assert_array_equal(series(live.model), before)
    assert live.events == events_before
    assert live.ghost is None  # moving in time does not branch


def test_slider_is_bounded_by_the_furthest_month_reached(live):
    live.step(12)
    live.go_to(4)
    live.go_to(500)
    assert live.month == 12 == live.reached
    live.go_to(-3)
    assert live.month == 0


def test_branch_replays_with_the_same_random_numbers_and_keeps_the_old_run(live):
    live.step(40)
    old = series(live.model).copy()
    live.go_to(10)
    live.act(Action(10, "lever", "committees_structures", duration=24))  # branches here
    live.step(30)
    assert live.ghost is not None
    np.testing.assert_array_equal(live.ghost["cooperation_rate"], old)
    new = series(live.model)
    np.testing.assert_array_equal(new[:11], old[:11])  # the past is untouched
    reference = fresh(40, [Action(10, "lever", "committees_structures", duration=24)])
    np.testing.assert_array_equal(new, series(reference))  # bit for bit a run from month 0
    assert not np.array_equal(new, old)  # the lever changed the run
    assert live.reached == 40


def test_branch_drops_the_actions_after_the_branch_month(live):
    live.step(20)
    live.act(Action(20, "lever", "qualification"))
    live.step(10)
    live.go_to(8)
    live.branch()
    assert live.actions == [] and live.reached == 8
    live.step(22)
    np.testing.assert_array_equal(series(live.model), series(fresh(30)))


def test_reset_keeps_the_run_as_overlay_and_it_can_be_hidden():
    session = Session("de")
    session.step(15)
    run = series(session.live.model).copy()
    session.reset()
    assert session.live.month == 0
    np.testing.assert_array_equal(session.live.ghost["cooperation_rate"], run)
    session.clear_ghost()
    assert session.live.ghost is None


def test_funding_end_can_be_triggered_only_once():
    session = Session("de")
    session.step(4)
    session.act(Action(4, "funding_end"))
    assert session.live_message.value is None
    session.act(Action(4, "funding_end"))
    assert session.live_message.value.key == "err_action"
    session.step(3)
    session.act(Action(7, "funding_end"))
    keys = [e.key for e in session.live.events]
    assert keys.count("ev_now_funding_end") == 1
    assert session.live.funding_ended


# --- the readable log ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def long_run():
    run = LiveRun(builtin("funding-cliff"))  # many events
    run.flips = 0  # months in which some department turned ready (again)
    previous = np.array(run.model.batch.state.diagnosis[0], copy=True)
    for _ in range(60):
        run.step(1)
        now = np.array(run.model.batch.state.diagnosis[0], copy=True)
        run.flips += int(((now == 0) & (previous != 0)).sum())
        previous = now
    run.act(Action(60, "lever", "committees_structures", duration=24))
    run.act(Action(60, "shock", "election"))
    run.step(60)
    return run


def test_log_has_few_lines_a_month_most_important_first(long_run):
    lines = digest(long_run.events)
    per_month = Counter(line.month for line in lines if PRIORITY[line.key] > 0)
    assert max(per_month.values()) <= LINES_PER_MONTH
    assert len(lines) < len(long_run.events)  # grouped
    for month in per_month:
        ranks = [PRIORITY[line.key] for line in lines if line.month == month]
        assert ranks == sorted(ranks)
    own = [line for line in lines if line.key in ("ev_now_lever", "ev_now_shock")]
    assert [line.month for line in own] == [60, 60]


def test_log_tells_readiness_once_per_department(long_run):
    ready = [e.depts for e in long_run.events if e.key == "ev_ready" and e.month <= 60]
    assert ready and len(ready) == len(set(ready))
    assert long_run.flips > len(ready)  # departments do turn ready more than once


def test_log_phrases_name_departments_without_declension(long_run):
    names = [d.name("de") for d in long_run.model.departments]
    texts = [phrase_line(line, names, "de") for line in digest(long_run.events)]
    assert texts
    assert not [s for s in texts if "zwischen" in s or " von " in s]
    grouped = [
        s for s, line in zip(texts, digest(long_run.events), strict=True) if len(line.events) > 1
    ]
    assert grouped and all("; " in s for s in grouped)  # one line lists them
    assert len(texts) == len(
        set(zip(texts, [line.month for line in digest(long_run.events)], strict=True))
    )


def test_branch_here_drops_the_actions_of_its_own_month_but_acting_keeps_them(live):
    live.step(20)
    live.act(Action(20, "lever", "qualification"))
    live.step(5)
    live.go_to(20)
    assert [iv.lever for iv in live.live_interventions] == ["qualification"]
    live.branch()  # "Ab hier neu": month 20 as it was before anything was done there
    assert live.actions == [] and live.live_interventions == ()
    live.act(Action(20, "lever", "trust_building"))
    live.step(5)
    live.go_to(20)
    live.act(Action(20, "shock", "election"))  # acting in the past keeps month 20's lever
    assert [a.item for a in live.actions] == ["trust_building", "election"]
