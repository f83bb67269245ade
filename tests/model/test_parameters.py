"""The parameter registry: one declaration, checked everywhere."""

import math

import numpy as np
import pytest

import models
from models import PARAMETERS, CollaborationModel, InputError, simulate
from models.parameters import resolve_batch, validate_params


def test_registry_entries_are_complete_and_consistent():
    for name, p in PARAMETERS.items():
        assert p.name == name
        assert p.low <= p.default <= p.high, name
        assert p.group in models.GROUPS, name
        assert p.unit and p.label_de and p.label_en and p.help_de and p.help_en, name
        assert p.label_de != p.label_en or p.label_de in {"Jobcenter"}, name
        if p.integer:
            assert float(p.default).is_integer(), name


def test_contract_names_exist():
    for name in (
        "necessity_init",
        "motivation_init",
        "competence_init",
        "funding_months",
        "turnover_rate",
    ):
        assert name in PARAMETERS
    for name in ("necessity_init", "motivation_init", "competence_init", "turnover_rate"):
        assert (PARAMETERS[name].low, PARAMETERS[name].high) == (0, 1)


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_every_out_of_bounds_value_is_rejected_by_name(name):
    p = PARAMETERS[name]
    for bad in (p.low - 1, p.high + 1, math.nan):
        with pytest.raises(InputError) as err:
            CollaborationModel(rng=1, **{name: bad})
        message = str(err.value)
        assert name in message and "\n" not in message
        assert p.describe_bounds() in message


@pytest.mark.parametrize("bad", ["0.5", True, None, [0.1]])
def test_wrong_types_are_rejected(bad):
    with pytest.raises(InputError, match="'motivation_init' must be a number in"):
        validate_params({"motivation_init": bad})


def test_integer_parameters_reject_fractions():
    expected = r"'funding_months' must be an integer in \[0, 600\]; got 12.5"
    with pytest.raises(InputError, match=expected):
        validate_params({"funding_months": 12.5})
    assert validate_params({"funding_months": 12.0})["funding_months"] == 12


def test_unknown_name_suggests_close_match():
    with pytest.raises(InputError) as err:
        CollaborationModel(rng=1, motivaton_init=0.5)
    assert "unknown parameter 'motivaton_init'" in str(err.value)
    assert "did you mean 'motivation_init'" in str(err.value)
    with pytest.raises(InputError, match="did you mean 'turnover_rate'"):
        simulate([1], 1, turnover_rat=0.1)


def test_batch_values_per_seed_and_shared():
    resolved = resolve_batch({"turnover_rate": [0.1, 0.2, 0.3], "workload": 0.4}, 3)
    np.testing.assert_array_equal(resolved["turnover_rate"], [0.1, 0.2, 0.3])
    np.testing.assert_array_equal(resolved["workload"], [0.4, 0.4, 0.4])
    assert resolved["n_departments"] == 11
    with pytest.raises(InputError, match="one value per seed"):
        resolve_batch({"workload": [0.1, 0.2]}, 3)
    with pytest.raises(InputError, match="must be one value for the whole batch"):
        resolve_batch({"n_departments": [10, 11]}, 2)
    with pytest.raises(InputError, match="'workload' must be a number in"):
        resolve_batch({"workload": [0.1, 1.5]}, 2)
