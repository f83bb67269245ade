"""Sweep specs and experimental designs: validation, run counts, rescaling."""

from __future__ import annotations

import numpy as np
import pytest
from sweep_helpers import SMALL_SPEC

import models
from simulation.errors import LocatedInputError
from simulation.sweeps import (
    build_design,
    count_points,
    load_spec,
    parse_spec,
    rescale,
    salib_problem,
    unit_sample,
)

HEAD = '[sweep]\nscenario = "baseline"\nreplications = 2\nseed = 1\nmonths = 12\n'

# (spec text, words the one-line error must contain)
BAD_SPECS = {
    "unknown parameter": (
        HEAD + 'design = "lhs"\nsamples = 4\n[parameters]\nmotivaton_init = { low = 0.1 }\n',
        ["parameters.motivaton_init", "did you mean 'motivation_init'"],
    ),
    "bounds outside registry": (
        HEAD + 'design = "lhs"\nsamples = 4\n[parameters]\n'
        "turnover_rate = { low = 0.1, high = 1.5 }\n",
        ["parameters.turnover_rate.high", "registry bounds", "[0, 1]", "1.5"],
    ),
    "low not below high": (
        HEAD + 'design = "lhs"\nsamples = 4\n[parameters]\n'
        "motivation_init = { low = 0.8, high = 0.2 }\n",
        ["parameters.motivation_init", "'low' (0.8) must be below 'high' (0.2)"],
    ),
    "sobol with values": (
        HEAD + 'design = "sobol"\nsamples = 8\n[parameters]\n'
        "turnover_rate = { values = [0.1, 0.2] }\n",
        ["parameters.turnover_rate", "design 'sobol'", "values list", "design = 'grid'"],
    ),
    "grid with a range": (
        HEAD + 'design = "grid"\n[parameters]\nturnover_rate = { low = 0.1, high = 0.2 }\n',
        ["parameters.turnover_rate", "design 'grid' needs a values list"],
    ),
    "bad design name": (
        HEAD + 'design = "latin"\nsamples = 4\n[parameters]\nturnover_rate = {}\n',
        ["sweep.design", "unknown design 'latin'", "grid, random, lhs, sobol, morris"],
    ),
    "samples zero": (
        HEAD + 'design = "random"\nsamples = 0\n[parameters]\nturnover_rate = {}\n',
        ["sweep.samples", "integer > 0", "got 0"],
    ),
    "sobol samples not a power of two": (
        HEAD + 'design = "sobol"\nsamples = 100\n[parameters]\nturnover_rate = {}\n',
        ["sweep.samples", "power of 2", "64 or 128"],
    ),
    "grid with samples": (
        HEAD + 'design = "grid"\nsamples = 4\n[parameters]\nturnover_rate = { values = [0.1] }\n',
        ["sweep.samples", "no effect with design 'grid'"],
    ),
    "unknown section": (
        HEAD + 'design = "lhs"\nsamples = 4\n[parameter]\nturnover_rate = {}\n',
        ["parameter", "unknown section", "did you mean 'parameters'"],
    ),
    "unknown sweep key": (
        '[sweep]\ndesign = "lhs"\nsamples = 4\nreplication = 3\n[parameters]\nturnover_rate = {}\n',
        ["sweep.replication", "did you mean 'replications'"],
    ),
    "unknown parameter key": (
        HEAD + 'design = "lhs"\nsamples = 4\n[parameters]\nturnover_rate = { lo = 0.1 }\n',
        ["parameters.turnover_rate.lo", "unknown key"],
    ),
    "levels with lhs": (
        HEAD + 'design = "lhs"\nsamples = 4\nlevels = 4\n[parameters]\nturnover_rate = {}\n',
        ["sweep.levels", "only applies to design 'morris'"],
    ),
    "nothing varied": (
        HEAD + 'design = "lhs"\nsamples = 4\n[parameters]\nturnover_rate = 0.1\n',
        ["parameters", "no parameter is varied"],
    ),
    "bad TOML": (
        '[sweep]\ndesign = "lhs\nsamples = 4\n',
        ["not valid TOML", "line 2"],
    ),
    "unknown output": (
        HEAD + 'design = "lhs"\nsamples = 4\n[parameters]\nturnover_rate = {}\n'
        '[sensitivity]\noutputs = ["cooperation_rate_fnal"]\n',
        ["sensitivity.outputs", "did you mean 'cooperation_rate_final'"],
    ),
    "unknown scenario": (
        '[sweep]\nscenario = "basline"\ndesign = "lhs"\nsamples = 4\n'
        "[parameters]\nturnover_rate = {}\n",
        ["sweep.scenario", "did you mean 'baseline'"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SPECS))
def test_bad_spec_exits_2_with_one_line(case, write_spec, dkbm, tmp_path):
    text, words = BAD_SPECS[case]
    spec = write_spec(text)
    out = tmp_path / "out"
    code, stdout, stderr = dkbm("sweep", spec, "--out", out, "--workers", 1, "--quiet")
    assert code == 2
    assert stdout == ""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"error: {spec}: "), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert not out.exists(), "nothing may be written for a bad spec"


def test_cli_flag_errors(write_spec, dkbm, tmp_path):
    spec = write_spec()
    cases = [
        (("sweep", spec), "--out"),
        (("sweep", spec, "--out", tmp_path / "o", "--workers", 0), "--workers"),
        (("sweep", spec, "--out", tmp_path / "o", "--dashboard"), "--dashboard"),
        (("sweep", tmp_path / "missing.toml", "--out", tmp_path / "o"), "no such sweep spec"),
        (("sweep", "status", tmp_path / "nowhere"), "no such sweep directory"),
        (("sensitivity", tmp_path), "not a sweep directory"),
    ]
    for args, word in cases:
        code, _, stderr = dkbm(*args)
        assert code == 2, args
        assert stderr.startswith("error: ") and word in stderr and stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_valid_spec_round_trips_through_canonical_toml():
    spec = parse_spec(SMALL_SPEC, source="small.toml")
    again = parse_spec(spec.to_toml(), source="again.toml")
    assert again.to_dict() == spec.to_dict()
    assert again.digest() == spec.digest()
    assert spec.names == ("motivation_init", "turnover_rate", "project_duration")
    assert spec.fixed == {"trust_init": 0.45}
    # an empty table means the registry's full range
    full = parse_spec(HEAD + 'design = "lhs"\nsamples = 4\n[parameters]\ntrust_init = {}\n')
    par = models.PARAMETERS["trust_init"]
    assert (full.factors[0].low, full.factors[0].high) == (par.low, par.high)


def test_load_spec_reads_files(write_spec):
    spec = load_spec(write_spec())
    assert spec.design == "lhs" and spec.samples == 12
    with pytest.raises(LocatedInputError):
        load_spec(write_spec("[sweep]\n", name="empty.toml"))


@pytest.mark.parametrize(
    ("design", "extra", "expected"),
    [
        ("sobol", "", lambda n, d: n * (d + 2)),
        ("sobol", "second_order = true\n", lambda n, d: n * (2 * d + 2)),
        ("morris", "", lambda n, d: n * (d + 1)),
        ("lhs", "", lambda n, d: n),
        ("random", "", lambda n, d: n),
    ],
)
def test_design_sizes_follow_the_salib_formulas(design, extra, expected):
    text = (
        HEAD + f'design = "{design}"\nsamples = 8\n{extra}[parameters]\n'
        "motivation_init = { low = 0.2, high = 0.6 }\nturnover_rate = {}\n"
        "project_duration = { low = 3, high = 9 }\n"
    )
    spec = parse_spec(text)
    design_ = build_design(spec)
    assert design_.points == count_points(spec) == expected(8, 3)
    assert np.all((design_.unit >= 0) & (design_.unit <= 1))
    values = design_.values
    assert np.all((values[:, 0] >= 0.2) & (values[:, 0] <= 0.6))
    assert np.all((values[:, 2] >= 3) & (values[:, 2] <= 9))
    assert np.array_equal(values[:, 2], np.round(values[:, 2]))
    # the same spec gives the same design
    assert np.array_equal(build_design(spec).values, values)


def test_grid_is_the_full_product_first_parameter_slowest():
    text = (
        HEAD + 'design = "grid"\n[parameters]\nturnover_rate = { values = [0.1, 0.2] }\n'
        "project_duration = { low = 2, high = 6, steps = 3 }\n"
    )
    design = build_design(parse_spec(text))
    assert design.values.tolist() == [
        [0.1, 2], [0.1, 4], [0.1, 6], [0.2, 2], [0.2, 4], [0.2, 6],
    ]  # fmt: skip


def test_rescale_maps_integers_to_equal_bins():
    unit = np.linspace(0, 1, 1001)[:, None]
    values = rescale(unit, [2], [5], [True])[:, 0]
    counts = np.bincount(values.astype(int))[2:]
    assert set(values) == {2, 3, 4, 5}
    assert counts.max() - counts.min() <= 1
    assert rescale(np.array([[0.5]]), [0.2], [0.6], [False])[0, 0] == pytest.approx(0.4)


def test_salib_problem_comes_from_the_registry():
    spec = parse_spec(SMALL_SPEC)
    problem = salib_problem(spec)
    assert problem["names"] == list(spec.names)
    assert problem["num_vars"] == 3
    assert problem["bounds"][1] == [0.0, 0.3]
    assert problem["labels_de"][0] == models.PARAMETERS["motivation_init"].label_de
    # the unit sample of SALib's Sobol scheme has N (D + 2) rows in [0, 1]
    x = unit_sample("sobol", 3, 16, seed=3)
    assert x.shape == (16 * 5, 3) and x.min() >= 0 and x.max() <= 1
