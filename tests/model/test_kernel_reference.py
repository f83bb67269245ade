"""The kernel's numbers are pinned, metric by metric.

``reference/kernel_reference.npz`` holds every metric of the reference cases (all
built-in scenarios, random parameter sets across the registry bounds, 40 departments).
It was first computed by the NumPy kernel of commit a861f47, which the compiled port
matched bit for bit; since then it is rewritten only by model changes meant to change
numbers (``reference/generate.py``).
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import models

HERE = Path(__file__).with_name("reference")
_spec = importlib.util.spec_from_file_location("kernel_reference", HERE / "generate.py")
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)
REFERENCE = np.load(HERE / "kernel_reference.npz")
CASES = dict(reference.cases())
run = reference.run


@pytest.mark.parametrize("name", list(CASES))
def test_every_metric_equals_the_numpy_kernel(name):
    result = run(CASES[name])
    assert set(result) == {key.split("/", 1)[1] for key in REFERENCE if key.startswith(name + "/")}
    for metric, values in result.items():
        np.testing.assert_array_equal(values, REFERENCE[f"{name}/{metric}"], err_msg=metric)


def test_a_mesa_run_equals_its_reference_row():
    case = dict(CASES["funding-cliff-takeover"])
    seeds, months = case.pop("seeds"), case.pop("months")
    model = models.CollaborationModel(rng=seeds[2], **case)
    for _ in range(months):
        model.step()
    for metric in models.METRIC_NAMES:
        np.testing.assert_array_equal(
            model.series(metric), REFERENCE[f"funding-cliff-takeover/{metric}"][2], err_msg=metric
        )
