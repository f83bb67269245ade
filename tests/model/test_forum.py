"""SF10: the participation forum informs and legitimates with every member, but in the
plenary every further member can veto a joint project; working groups keep it small."""

from __future__ import annotations

import numpy as np

from models import PARAMETERS, Intervention, simulate
from models.kernel import WORKING_GROUP_SIZE

SEEDS = list(range(300, 316))
ON = {"forum_size_penalty": 0.1}  # SF10's objection risk
MONTHS = 36
ALL = [Intervention("participation", 0, MONTHS)]
THREE = [
    Intervention("participation", 0, MONTHS, targets=("jugendamt", "schulverwaltung", "sozialamt"))
]


def run(levers, **params):
    return simulate(SEEDS, MONTHS, levers, **{**ON, **params})


def cooperation(levers, **params):
    return run(levers, **params)["cooperation_rate"][:, 13:].mean()


def test_the_objection_risk_is_on_by_default_and_the_working_group_holds_three():
    assert PARAMETERS["forum_size_penalty"].default == ON["forum_size_penalty"]
    assert PARAMETERS["working_groups"].default == 0.0
    assert WORKING_GROUP_SIZE == len(THREE[0].targets)


def test_without_objections_working_groups_change_nothing():
    a = run(ALL, forum_size_penalty=0.0)
    b = run(ALL, forum_size_penalty=0.0, working_groups=1.0)
    for metric in a:
        np.testing.assert_array_equal(a[metric], b[metric], err_msg=metric)


def test_a_plenary_of_all_departments_costs_agreement_unless_split_into_working_groups():
    free = cooperation(ALL, forum_size_penalty=0.0)
    plenary = cooperation(ALL)
    groups = cooperation(ALL, working_groups=1.0)
    half = cooperation(ALL, working_groups=0.5)
    assert plenary < half < groups < free
    assert groups - plenary > 0.02  # nine further members can object, instead of one
    assert free - groups < 0.5 * (free - plenary)


def test_a_certain_veto_in_the_plenary_stops_every_new_project():
    active = run(ALL, forum_size_penalty=1.0)["active_projects"]
    free = run(ALL, forum_size_penalty=0.0)["active_projects"]
    later = active[:, 12:]  # the forum acts fully after its delay; queued starts are long done
    assert np.all(np.diff(later, axis=1) <= 0)  # projects end, none starts
    assert np.any(np.diff(free[:, 12:], axis=1) > 0)  # without objections they do


def test_a_forum_of_three_is_one_working_group():
    a = run(THREE)
    b = run(THREE, working_groups=1.0)
    for metric in a:
        np.testing.assert_array_equal(a[metric], b[metric], err_msg=metric)
    one = cooperation(THREE, forum_size_penalty=0.5)  # one further member can object
    assert one < cooperation(THREE, forum_size_penalty=0.0)


def test_legitimacy_grows_with_whom_the_forum_includes_not_with_its_agreement():
    def legitimacy(levers, **params):
        return run(levers, **params)["legitimacy"][:, -1].mean()

    everyone, three, none = legitimacy(ALL), legitimacy(THREE), legitimacy([])
    assert everyone > three > none
    assert legitimacy(ALL, forum_size_penalty=0.0) == everyone  # the veto costs no legitimacy
