"""docs/ODD.md: its generated tables match the code, and it names everything the code has."""

import inspect
import re
import shutil

import numpy as np
import pytest

import models
from models import kernel
from models.shocks import SHOCK_KINDS
from simulation import odd

TEXT = odd.ODD_PATH.read_text(encoding="utf-8")
SECTIONS = {
    1: "Purpose and patterns",
    2: "Entities, state variables and scales",
    3: "Process overview and scheduling",
    4: "Design concepts",
    5: "Initialization",
    6: "Input data",
    7: "Submodels",
    8: "The 16 levers",
    9: "Shocks",
    10: "Parameters",
    11: "Constants",
    12: "Validation against stylized facts",
    13: "References",
}
# the kernel's comments refer to these subsections by number
SUBMODELS = {
    "7.1": "Exogenous",
    "7.2": "Levers: costs",
    "7.3": "Necessity",
    "7.4": "Motivation drift",
    "7.5": "Running projects",
    "7.6": "New projects",
    "7.7": "Municipal stocks",
    "7.8": "Turnover",
}


@pytest.mark.parametrize("name", list(odd.BLOCKS))
def test_generated_table_equals_what_the_code_generates(name):
    assert odd.block_text(TEXT, name) == odd.BLOCKS[name](), (
        f"docs/ODD.md: generated block '{name}' is stale; run `python -m simulation.odd --write`"
    )


def test_check_fails_on_a_stale_table_and_write_repairs_it(tmp_path, capsys):
    path = tmp_path / "ODD.md"
    shutil.copy(odd.ODD_PATH, path)
    assert odd.main(["--check", "--path", str(path)]) == 0
    p = models.PARAMETERS["trust_gain"]
    row = f"| `trust_gain` | {odd.fmt_number(p.default)} |"
    assert row in TEXT
    path.write_text(TEXT.replace(row, "| `trust_gain` | 0.123 |"), encoding="utf-8")
    capsys.readouterr()
    assert odd.main(["--check", "--path", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "parameters" in err and "--write" in err
    assert odd.update_odd(path) is True
    assert path.read_text(encoding="utf-8") == TEXT
    assert odd.update_odd(path) is False
    assert not list(tmp_path.glob(".*.tmp"))


def test_missing_marker_is_bad_input_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "ODD.md"
    broken = TEXT.replace(odd.END.format("levers"), "")
    path.write_text(broken, encoding="utf-8")
    for mode in ("--check", "--write"):
        assert odd.main([mode, "--path", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
        assert str(path) in err and "END GENERATED: levers" in err
    assert path.read_text(encoding="utf-8") == broken
    assert odd.main(["--check", "--path", str(tmp_path / "missing.md")]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_every_section_heading_exists():
    for number, title in SECTIONS.items():
        assert re.search(rf"^## {number} {re.escape(title)}", TEXT, re.M), f"section {number}"
    for number, title in SUBMODELS.items():
        assert re.search(rf"^### {re.escape(number)} {re.escape(title)}", TEXT, re.M), number
    assert re.search(r"^### 7\.9 Readings a reader could take two ways", TEXT, re.M)


def test_every_parameter_lever_shock_and_metric_is_named():
    names = [*models.PARAMETERS, *models.LEVER_IDS, *SHOCK_KINDS, *models.METRIC_NAMES]
    missing = [n for n in names if f"`{n}`" not in TEXT]
    assert not missing


def test_every_kernel_constant_appears_and_is_documented():
    names = odd.kernel_constant_names()
    assert {"OFFICE_HOURS_PER_FTE", "RECENT_SUCCESS", "B0", "G_POWER", "PAIR_DRAWS"} <= set(names)
    assert all(hasattr(kernel, n) for n in names)
    missing = [n for n in names if f"`{n}`" not in odd.block_text(TEXT, "constants")]
    assert not missing
    for name in ("constants", "metrics", "draws"):
        assert odd.UNDOCUMENTED not in odd.BLOCKS[name](), name


def test_every_random_draw_is_listed():
    draws = odd.block_text(TEXT, "draws")
    for name in (*kernel.PAIR_DRAWS, *odd.DEPT_DRAW_NAMES, *odd.GLOBAL_DRAW_NAMES):
        assert f"`{name}`" in draws
    rows = [line for line in draws.splitlines() if line.startswith("| $")]
    n_draws = kernel.N_DEPT_DRAWS + kernel.N_PAIR_DRAWS + kernel.N_GLOBAL_DRAWS
    assert len(rows) == n_draws


def test_constants_parser_reads_trailing_comments():
    source = (
        "import x\n"
        "A = 1  # one thing\n"
        "B, C = 2, 3\n"
        "_PRIVATE = 4  # hidden\n"
        "lower = 5\n"
        "D: float = 6.0  # annotated\n"
        "E = (\n    'a',\n    'b',\n)\n"
    )
    assert odd.constants_in_source(source) == {
        "A": "one thing",
        "B": None,
        "C": None,
        "D": "annotated",
        "E": None,
    }


def test_a_comment_shared_by_a_tuple_assignment_yields_to_a_specific_meaning():
    source = "A, B = 1, 2  # both things\nC = 3  # own thing\nD, E = 4, 5\n"
    assert odd.shared_comment_names(source) == {"A", "B"}
    assert odd.constant_meaning("A", "both things", shared=True) == "both things"
    odd.CONSTANT_MEANINGS["A"] = "the first thing"
    try:
        assert odd.constant_meaning("A", "both things", shared=True) == "the first thing"
        assert odd.constant_meaning("A", "own thing", shared=False) == "own thing"
    finally:
        del odd.CONSTANT_MEANINGS["A"]
    assert odd.constant_meaning("D", None, shared=False) == odd.UNDOCUMENTED


def test_shared_kernel_comments_show_the_specific_meaning():
    rows = odd.block_text(TEXT, "constants").splitlines()
    for name in odd.shared_comment_names(inspect.getsource(kernel)):
        if name in odd.CONSTANT_MEANINGS:
            (row,) = [r for r in rows if r.startswith(f"| `{name}` |")]
            assert odd.CONSTANT_MEANINGS[name] in row, name


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (96.0, "96"),
        (11, "11"),
        (np.int64(6), "6"),
        (0.0167, "0.0167"),
        (np.float64(0.058), "0.058"),
        (-0.5, "-0.5"),
        (3000.0, "3000"),
        (0.1 + 0.2, "0.30000000000000004"),
        (True, "yes"),
    ],
)
def test_numbers_are_formatted_deterministically(value, text):
    assert odd.fmt_number(value) == text


def test_tables_are_stable_and_escape_pipes():
    assert odd.generated_blocks() == odd.generated_blocks()
    assert odd._cell("a | b\n c") == r"a \| b c"
