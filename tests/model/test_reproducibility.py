"""Same seed, same numbers: the Mesa model and the batch path are one computation."""

import pickle

import numpy as np
import pytest

import models
from models import CollaborationModel, Intervention, Shock, simulate

PLAN = [
    Intervention("committees_structures", 0, 24),
    Intervention("qualification", 6, 12, 0.5, ("jugendamt",)),
]
SHOCKS = [Shock("election", 30, 0.7), Shock("crisis", 10, 0.5)]


def mesa_series(seed, months, **kwargs):
    model = CollaborationModel(rng=seed, **kwargs)
    for _ in range(months):
        model.step()
    return model


@pytest.mark.parametrize(
    "kwargs", [{}, {"interventions": PLAN, "shocks": SHOCKS, "turnover_rate": 0.3, "workload": 0.7}]
)
def test_batch_rows_equal_mesa_runs_bit_for_bit(kwargs):
    seeds = [3, 17, 2024]
    batch = simulate(seeds, 48, **kwargs)
    for k, seed in enumerate(seeds):
        model = mesa_series(seed, 48, **kwargs)
        for name in models.METRIC_NAMES:
            np.testing.assert_array_equal(batch[name][k], model.series(name), err_msg=name)
        assert np.array_equal(
            batch["sustained_cooperation_index"][k],
            model.sustained_cooperation_index,
            equal_nan=True,
        )


def test_per_seed_parameters_match_single_runs():
    seeds = [5, 6, 7]
    rates = [0.05, 0.2, 0.6]
    batch = simulate(seeds, 36, turnover_rate=rates)
    for k in range(3):
        alone = simulate([seeds[k]], 36, turnover_rate=rates[k])
        for name in ("cooperation_rate", "mean_trust", "mean_competence"):
            np.testing.assert_array_equal(batch[name][k], alone[name][0])


def test_row_does_not_depend_on_batch_neighbours():
    a = simulate([11, 12], 30)
    b = simulate([99, 12, 5], 30)
    np.testing.assert_array_equal(a["cooperation_rate"][1], b["cooperation_rate"][1])


def test_same_seed_same_run_and_different_seeds_differ():
    a, b, c = (mesa_series(s, 60) for s in (8, 8, 9))
    assert a.datacollector.get_model_vars_dataframe().equals(
        b.datacollector.get_model_vars_dataframe()
    )
    assert not np.array_equal(a.series("mean_trust"), c.series("mean_trust"))


def test_shapes_and_month_zero():
    result = simulate([1, 2], 10)
    for name in models.METRIC_NAMES:
        assert result[name].shape == (2, 11)
    assert result["sustained_cooperation_index"].shape == (2,)
    model = CollaborationModel(rng=1)
    for name in models.METRIC_NAMES:
        assert result[name][0, 0] == model.series(name)[0]


def test_unseeded_model_records_its_seed():
    model = CollaborationModel()
    for _ in range(5):
        model.step()
    again = mesa_series(model.seed, 5)
    np.testing.assert_array_equal(model.series("mean_trust"), again.series("mean_trust"))


def test_model_pickles_with_standard_pickle():
    model = mesa_series(4, 6)
    clone = pickle.loads(pickle.dumps(model))
    model.step()
    clone.step()
    assert clone.current["mean_trust"][0] == model.current["mean_trust"][0]


@pytest.mark.parametrize("bad", [[-1], [1.5], ["x"], []])
def test_bad_seeds_are_rejected(bad):
    with pytest.raises(models.InputError, match="seed"):
        simulate(bad, 5)
