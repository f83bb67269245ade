"""The compiled kernel's own contracts: metric order, fused metrics, chunking, sums."""

import dataclasses

import numpy as np
import pytest

import models
from models import Intervention, Shock, batch, kernel, metrics


def test_the_compiled_metrics_are_recorded_in_metric_names_order():
    assert kernel._RECORDED == models.METRIC_NAMES


@pytest.mark.parametrize("kwargs", [{}, {"shocks": [Shock("turnover_wave", 3, 0.9)]}])
def test_fused_metrics_equal_the_numpy_metrics_of_the_state(kwargs):
    b = models.Batch(range(6), (Intervention("cooperation_brokering", 0, 30),), **kwargs)
    for _ in range(40):
        b.advance()
        expected = metrics.monthly(b.state, b.structure)
        for name in models.METRIC_NAMES:
            np.testing.assert_array_equal(b.metrics[name], expected[name], err_msg=name)


def _states_equal(a: kernel.State, b: kernel.State) -> None:
    for f in dataclasses.fields(kernel.State):
        np.testing.assert_array_equal(getattr(a, f.name), getattr(b, f.name), err_msg=f.name)


def test_chunked_run_equals_month_by_month_steps(monkeypatch):
    """Partial row chunks and a partial last block of months draw the same streams."""
    monkeypatch.setattr(batch, "ROWS_PER_CHUNK", 3)
    plan = (Intervention("resources", 2, 20), Intervention("trust_building", 5, 9))
    shocks = (Shock("election", 7, 0.8), Shock("crisis", 14, 0.5))
    seeds = [4, 8, 15, 16, 23, 42, 99]
    fast = models.Batch(seeds, plan, shocks)
    out = fast.run(29)
    slow = models.Batch(seeds, plan, shocks)
    for m in range(1, 30):
        slow.advance()
        for k, name in enumerate(models.METRIC_NAMES):
            np.testing.assert_array_equal(out[k, :, m], slow.metrics[name], err_msg=name)
    _states_equal(fast.state, slow.state)
    assert fast.month == slow.month == 29


def test_a_step_leaves_its_input_state_untouched():
    b = models.Batch([1, 2], (Intervention("qualification", 0, 12),))
    for _ in range(5):
        b.advance()
    before = b.state
    copy = kernel.unpack(kernel.fresh_like(kernel.pack(before), copy=True), before.month)
    b.advance()
    b.run(3)
    _states_equal(before, copy)


@pytest.mark.parametrize("n", [1, 7, 8, 11, 34, 127, 128, 129, 160, 300, 1000])
def test_pairwise_sum_equals_numpy_row_sums(n):
    x = np.random.default_rng(n).random((20, n)) * 10.0 ** np.arange(-10, 10)[:, None]
    expected = x.sum(axis=1)
    got = np.array([kernel._pairwise_sum(row) for row in x])
    np.testing.assert_array_equal(got, expected)


def test_clip01_follows_numpy_also_for_signed_zeros_and_nan():
    values = np.array([0.0, -0.0, -1.0, 0.5, 1.0, 2.0, np.nan, np.inf, -np.inf])
    expected = np.minimum(np.maximum(values, 0.0), 1.0)
    with np.errstate(invalid="ignore"):
        got = kernel.clip01(values)
    np.testing.assert_array_equal(got, expected)
    assert np.array_equal(np.signbit(got), np.signbit(expected))


def test_threads_do_not_change_a_number(monkeypatch):
    monkeypatch.setattr(batch, "ROWS_PER_CHUNK", 4)
    seeds = list(range(30))
    one = models.Batch(seeds, (Intervention("resources", 0, 50),)).run(40, threads=1)
    two = models.Batch(seeds, (Intervention("resources", 0, 50),)).run(40, threads=3)
    np.testing.assert_array_equal(one, two)


def test_kernel_threads_reads_the_environment(monkeypatch):
    monkeypatch.setenv("DKBM_KERNEL_THREADS", "1")
    assert batch.kernel_threads() == 1
    monkeypatch.setenv("DKBM_KERNEL_THREADS", "two")
    with pytest.raises(models.InputError, match="DKBM_KERNEL_THREADS"):
        batch.kernel_threads()


def _project_months(choice: int | None, months: int = 60) -> int:
    """Months in which pair 0 has a running project, over 20 replications."""
    b = models.Batch(range(20), (Intervention("cooperation_brokering", 0, months),))
    if choice is not None:
        b.choices[:, 0, :] = choice
    running = 0
    for _ in range(months):
        running += int((b.advance().remaining[:, 0] > 0).sum())
    return running


def test_a_declining_player_prevents_every_project_of_the_pair():
    assert _project_months(None) > 0
    assert _project_months(0) == 0


def test_offers_by_both_players_make_the_pair_cooperate_more():
    assert _project_months(1) > 2 * _project_months(None)


def test_choices_change_only_the_pair_played():
    free = models.Batch(range(50), params={"turnover_rate": 0.0})
    played = models.Batch(range(50), params={"turnover_rate": 0.0})
    played.choices[:, 0, :] = 1
    free.advance()
    played.advance()
    # in the first month the other pairs meet exactly as without players: the streams
    # are the same and meetings do not depend on other pairs (without turnover, whose
    # effect on trust depends on the county's institutionalisation)
    np.testing.assert_array_equal(
        free.state.understanding[:, 1:], played.state.understanding[:, 1:]
    )
    assert not np.array_equal(free.state.understanding[:, 0], played.state.understanding[:, 0])


def test_bad_choices_are_refused():
    b = models.Batch([1])
    with pytest.raises(models.InputError, match="choices"):
        b.choices = np.full((1, 3, 2), 2)
    b.choices = np.ones_like(b.choices)
    b.set_params(workload=0.6)
    assert (b.choices == 1).all()  # kept across a parameter change
