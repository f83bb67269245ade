"""Every bad input: exit 2, one line on stderr naming the key, nothing written."""

from pathlib import Path

import pytest

from simulation.cli import main

GOOD_HEAD = '[scenario]\nname = "case"\n[run]\nmonths = 24\n'

# (id, file content, fragments the one-line message must contain)
BAD_FILES = [
    ("toml-syntax", '[scenario\nname = "x"\n', ["bad.toml", "line 1", "TOML syntax error"]),
    ("toml-duplicate-key", "name = 1\nname = 2\n", ["bad.toml", "line 2"]),
    (
        "unknown-section",
        "[paramters]\nturnover_rate = 0.1\n",
        ["paramters", "did you mean 'parameters'"],
    ),
    (
        "unknown-scenario-key",
        '[scenario]\ntitel_de = "x"\n',
        ["scenario.titel_de", "did you mean 'title_de'"],
    ),
    (
        "unknown-run-key",
        "[run]\nreplicatons = 5\n",
        ["run.replicatons", "did you mean 'replications'"],
    ),
    ("run-months-zero", "[run]\nmonths = 0\n", ["run.months", "[1, 1200]", "got 0"]),
    ("run-seed-string", '[run]\nseed = "one"\n', ["run.seed", "integer", "'one'"]),
    ("bad-name", '[scenario]\nname = "Mein Fall"\n', ["scenario.name", "lower-case"]),
    (
        "bad-municipality",
        '[scenario]\nmunicipality = "stadt"\n',
        ["scenario.municipality", "landkreis, kreisfreie_stadt"],
    ),
    (
        "unknown-parameter",
        "[parameters]\nmotivaton_init = 0.3\n",
        ["parameters.motivaton_init", "did you mean 'motivation_init'"],
    ),
    (
        "parameter-out-of-bounds",
        "[parameters]\nmotivation_init = 1.5\n",
        ["parameters.motivation_init", "[0, 1]", "1.5"],
    ),
    (
        "parameter-wrong-type",
        '[parameters]\nfunding_months = "36"\n',
        ["parameters.funding_months", "integer in [0, 600]"],
    ),
    (
        "parameter-not-integer",
        "[parameters]\nproject_duration = 6.5\n",
        ["parameters.project_duration", "integer"],
    ),
    (
        "parameter-bool",
        "[parameters]\nworkload = true\n",
        ["parameters.workload", "number in [0, 1]"],
    ),
    (
        "interventions-not-array",
        GOOD_HEAD + '[interventions]\nlever = "qualification"\n',
        ["interventions", "[[interventions]]"],
    ),
    (
        "unknown-lever",
        GOOD_HEAD + '[[interventions]]\nlever = "comittees_structures"\n',
        ["interventions[0].lever", "did you mean 'committees_structures'"],
    ),
    (
        "lever-missing",
        GOOD_HEAD + "[[interventions]]\nstart = 3\n",
        ["interventions[0].lever", "required"],
    ),
    (
        "start-after-horizon",
        GOOD_HEAD + '[[interventions]]\nlever = "qualification"\nstart = 30\n',
        ["interventions[0].start", "[0, 23]", "30"],
    ),
    (
        "duration-zero",
        GOOD_HEAD + '[[interventions]]\nlever = "qualification"\nduration = 0\n',
        ["interventions[0].duration", "[1, 1200]"],
    ),
    (
        "intensity-too-high",
        GOOD_HEAD + '[[interventions]]\nlever = "qualification"\nintensity = 1.5\n',
        ["interventions[0].intensity", "[0, 1]"],
    ),
    (
        "unknown-target",
        GOOD_HEAD
        + '[[interventions]]\nlever = "qualification"\ntargets = ["jugendamt", "bauamt"]\n',
        ["interventions[0].targets[1]", "unknown department 'bauamt'", "jugendamt"],
    ),
    (
        "targets-not-array",
        GOOD_HEAD + '[[interventions]]\nlever = "qualification"\ntargets = "jugendamt"\n',
        ["interventions[0].targets", "array"],
    ),
    (
        "unknown-intervention-key",
        GOOD_HEAD + '[[interventions]]\nlever = "qualification"\nende = 5\n',
        ["interventions[0].ende", "allowed: lever, start, duration, intensity, targets"],
    ),
    (
        "unknown-shock-kind",
        GOOD_HEAD + '[[shocks]]\nkind = "elction"\nmonth = 3\n',
        ["shocks[0].kind", "did you mean 'election'"],
    ),
    (
        "shock-month-missing",
        GOOD_HEAD + '[[shocks]]\nkind = "election"\n',
        ["shocks[0].month", "required"],
    ),
    (
        "shock-after-horizon",
        GOOD_HEAD + '[[shocks]]\nkind = "crisis"\nmonth = 24\n',
        ["shocks[0].month", "[0, 23]"],
    ),
    (
        "shock-negative-severity",
        GOOD_HEAD + '[[shocks]]\nkind = "crisis"\nmonth = 2\nseverity = -0.1\n',
        ["shocks[0].severity", "[0, 1]"],
    ),
    (
        "shock-duration-zero",
        GOOD_HEAD + '[[shocks]]\nkind = "crisis"\nmonth = 2\nduration = 0\n',
        ["shocks[0].duration", "[1, 1200]"],
    ),
    (
        "election-with-duration",
        GOOD_HEAD + '[[shocks]]\nkind = "election"\nmonth = 2\nduration = 3\n',
        ["shocks[0].duration", "must be 1 or left out"],
    ),
    ("one-department", '[[departments]]\nkey = "jugendamt"\n', ["departments", "at least 2"]),
    (
        "duplicate-department",
        '[[departments]]\nkey = "jugendamt"\n[[departments]]\nkey = "jugendamt"\n',
        ["departments[1].key", "used twice"],
    ),
    (
        "department-out-of-range",
        '[[departments]]\nkey = "jugendamt"\ncapacity = 9\n[[departments]]\nkey = "sozialamt"\n',
        ["departments[0].capacity", "[0, 5]"],
    ),
    (
        "department-key-missing",
        '[[departments]]\nname_de = "Amt"\n[[departments]]\nkey = "sozialamt"\n',
        ["departments[0].key", "required"],
    ),
    (
        "department-count-mismatch",
        "[parameters]\nn_departments = 5\n"
        '[[departments]]\nkey = "jugendamt"\n[[departments]]\nkey = "sozialamt"\n',
        ["parameters.n_departments", "5", "2"],
    ),
]


def _bad(capsys, argv, *fragments):
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    assert out == ""
    return lines[0]


def _nothing_written(tmp_path, inputs):
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(inputs)


@pytest.mark.parametrize(
    ("content", "fragments"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_malformed_scenario_file(tmp_path, capsys, content, fragments):
    path = tmp_path / "bad.toml"
    path.write_text(content, "utf-8")
    _bad(capsys, ["run", str(path), "--out", str(tmp_path / "out" / "run")], *fragments)
    _nothing_written(tmp_path, ["bad.toml"])


def test_non_utf8_file(tmp_path, capsys):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[scenario]\ntitle_de = "Grüße"\n'.encode("latin-1"))
    _bad(
        capsys,
        ["run", str(path), "--out", str(tmp_path / "out")],
        "latin1.toml",
        "not UTF-8",
        "0xfc",
    )
    _nothing_written(tmp_path, ["latin1.toml"])


def test_missing_file_and_directory(tmp_path, capsys):
    _bad(capsys, ["run", str(tmp_path / "nope.toml")], "nope.toml", "file not found")
    (tmp_path / "dir.toml").mkdir()
    _bad(capsys, ["run", str(tmp_path / "dir.toml")], "dir.toml", "is a directory")


def test_unreadable_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "secret.toml"
    path.write_text("", "utf-8")
    real = Path.read_bytes

    def denied(self):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real(self)

    # chmod 0 does not stop root, so the operating system's answer is simulated
    monkeypatch.setattr(Path, "read_bytes", denied)
    _bad(capsys, ["run", str(path)], "secret.toml", "cannot read", "Permission denied")


BAD_FLAGS = [
    (
        "set-out-of-bounds",
        ["run", "--set", "motivation_init=2"],
        ["--set: motivation_init", "[0, 1]"],
    ),
    (
        "set-unknown",
        ["run", "--set", "turnover_rat=0.2"],
        ["--set: turnover_rat", "did you mean 'turnover_rate'"],
    ),
    ("set-no-value", ["run", "--set", "turnover_rate"], ["--set", "KEY=VALUE"]),
    ("set-text", ["run", "--set", "workload=high"], ["--set: workload", "'high'"]),
    ("months-zero", ["run", "--months", "0"], ["--months", "[1, 1200]"]),
    ("months-text", ["run", "--months", "ten"], ["--months", "'ten'"]),
    (
        "months-cut-shock",
        ["run", "election-low-legitimacy", "--months", "24"],
        ["--months", "shocks[0].month", "[0, 23]"],
    ),
    ("replications-negative", ["run", "--replications", "-1"], ["--replications", "[1, 100000]"]),
    ("seed-negative", ["run", "--seed", "-5"], ["--seed", "[0, "]),
    ("workers-zero", ["run", "--workers", "0"], ["--workers", "[1, 256]"]),
    ("lang", ["run", "--lang", "fr"], ["--lang", "'de'", "'en'"]),
    ("unknown-option", ["run", "--replication", "3", "--foo"], ["--foo"]),
    (
        "unknown-scenario",
        ["run", "baselin"],
        ["'baselin'", "did you mean 'baseline'", "structures-first"],
    ),
    ("unknown-command", ["rnu"], ["rnu", "run"]),
    ("no-command", [], ["choose a command"]),
    ("compare-one", ["compare", "baseline"], ["at least two"]),
    ("compare-twice", ["compare", "baseline", "baseline"], ["'baseline'", "twice"]),
    (
        "compare-horizon",
        ["compare", "baseline", "election-low-legitimacy", "--months", "30"],
        ["--months", "shocks[0].month"],
    ),
    ("scenarios-unknown", ["scenarios", "baselin"], ["did you mean 'baseline'"]),
]


@pytest.mark.parametrize(
    ("argv", "fragments"), [c[1:] for c in BAD_FLAGS], ids=[c[0] for c in BAD_FLAGS]
)
def test_bad_flags(tmp_path, capsys, argv, fragments):
    out = tmp_path / "out"
    extra = ["--out", str(out)] if argv and argv[0] in ("run", "compare") else []
    _bad(capsys, [*argv, *extra], *fragments)
    _nothing_written(tmp_path, [])


def test_out_is_a_file(tmp_path, capsys):
    (tmp_path / "report.txt").write_text("keep me", "utf-8")
    _bad(capsys, ["run", "--out", str(tmp_path / "report.txt")], "--out", "not a directory")
    assert (tmp_path / "report.txt").read_text("utf-8") == "keep me"


def test_out_is_a_foreign_directory(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.tex").write_text("keep me", "utf-8")
    _bad(capsys, ["run", "--out", str(tmp_path / "docs")], "--out", "not a dkbm result directory")
    assert [p.name for p in (tmp_path / "docs").iterdir()] == ["thesis.tex"]


def test_every_problem_of_a_file_is_reported_one_line_each(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(
        "[senario]\n[run]\nmonths = 0\n[parameters]\nturnover_rat = 0.2\n"
        'motivation_init = 1.5\n[[interventions]]\nlever = "steering"\nduration = "x"\n'
        '[[shocks]]\nkind = "election"\n',
        "utf-8",
    )
    code = main(["run", str(path), "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    expected = [
        "senario: unknown section; did you mean 'scenario'?",
        "run.months: must be an integer in [1, 1200]; got 0",
        "parameters.turnover_rat: unknown parameter; did you mean 'turnover_rate'?",
        "parameters.motivation_init: must be a number in [0, 1] (share 0..1); got 1.5",
        "interventions[0].lever: unknown lever 'steering'",
        "interventions[0].duration: must be an integer in [1, 1200]; got a string 'x'",
        "shocks[0].month: is required",
    ]
    assert len(lines) == len(expected), err
    for line, fragment in zip(lines, expected, strict=True):
        assert line.startswith(f"error: {path}: ") and fragment in line, (line, fragment)
    _nothing_written(tmp_path, ["bad.toml"])


def test_problems_read_in_german_with_german_numbers():
    from simulation.checks import problem_text
    from simulation.errors import InputErrors
    from simulation.scenarios import parse_scenario

    with pytest.raises(InputErrors) as caught:
        parse_scenario("[run]\nmonths = 1300\n[parameters]\nmotivation_init = 1.25\n", "x.toml")
    de = [problem_text(p, "de") for p in caught.value.problems]
    assert de == [
        "run.months: muss eine ganze Zahl von 1 bis 1.200 sein; angegeben: 1300",
        "parameters.motivation_init: muss eine Zahl von 0 bis 1 sein (Anteil 0–1); angegeben: 1,25",
    ]
    assert [problem_text(p, "en") for p in caught.value.problems] == [
        p.line() for p in caught.value.problems
    ]
