"""Drehbücher: parsing (every bad input names the file and key) and playing them."""

import numpy as np
import pytest

import models
from simulation.drehbuch import builtin_drehbuecher, parse_drehbuch, read_drehbuch
from simulation.web.drehbuch_view import read_script_upload
from simulation.web.state import Session

HEAD = """
[drehbuch]
name = "probe"
title_de = "Probe"
title_en = "Trial"
scenario = "baseline"
"""
STEP = """
[[steps]]
month = 6
caption_de = "Jetzt"
caption_en = "Now"
"""


def test_a_small_drehbuch_parses():
    script = parse_drehbuch(HEAD + STEP + STEP.replace("6", "12") + 'lever = "qualification"\n')
    assert script.scenario == "baseline" and len(script.steps) == 2
    assert script.steps[1].lever == "qualification" and script.steps[1].month == 12
    assert script.steps[0].caption("en") == "Now" and script.steps[0].pause


BAD = [
    ("toml", HEAD + "[[steps]\n", ["line", "TOML syntax error"]),
    ("section", HEAD + STEP + "[stepz]\n", ["stepz", "did you mean 'steps'"]),
    ("head-key", HEAD.replace("speed", "") + "tempo = 2\n" + STEP, ["drehbuch.tempo"]),
    ("scenario", HEAD.replace('"baseline"', '"basline"') + STEP, ["drehbuch.scenario", "baseline"]),
    ("speed", HEAD + "speed = 3\n" + STEP, ["drehbuch.speed", "1, 2, 4, 8, 16"]),
    ("no-steps", HEAD, ["steps", "at least one"]),
    (
        "caption",
        HEAD + STEP.replace('caption_en = "Now"\n', ""),
        ["steps[0].caption_en", "required"],
    ),
    ("month", HEAD + STEP.replace("6", "121"), ["steps[0].month", "[0, 120]", "121"]),
    ("order", HEAD + STEP + STEP.replace("6", "3"), ["steps[1].month", ">= 6"]),
    ("lever", HEAD + STEP + 'lever = "comittees"\n', ["steps[0].lever", "unknown lever"]),
    ("shock", HEAD + STEP + 'shock = "flood"\n', ["steps[0].shock", "election"]),
    (
        "severity",
        HEAD + STEP + "shock = 'election'\nseverity = 2\n",
        ["steps[0].severity", "[0, 1]"],
    ),
    ("pause", HEAD + STEP + 'pause = "no"\n', ["steps[0].pause", "true or false"]),
    ("colour", HEAD + STEP + 'colour_by = "trust"\n', ["steps[0].colour_by", "diagnosis"]),
    ("highlight", HEAD + STEP + 'highlight = "bauamt"\n', ["steps[0].highlight", "jugendamt"]),
    ("rewind", HEAD + STEP + "rewind = 9\n", ["steps[0].rewind", "[0, 6]"]),
    ("step-key", HEAD + STEP + "monat = 3\n", ["steps[0].monat", "did you mean 'month'"]),
]


@pytest.mark.parametrize(("text", "fragments"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_malformed_drehbuch_names_file_and_key(tmp_path, text, fragments):
    path = tmp_path / "mein-drehbuch.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(models.InputError) as info:
        read_drehbuch(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path)), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_builtin_drehbuecher_follow_the_guide():
    scripts = builtin_drehbuecher()
    assert set(scripts) >= {"lenkungsgruppe", "foerderende"}
    for script in scripts.values():
        assert script.title("de") != script.title("en")
        assert any(step.rewind is not None for step in script.steps)  # the comparison
        assert all(step.caption("de") and step.caption("en") for step in script.steps)
    steering = scripts["lenkungsgruppe"]
    assert steering.scenario == "baseline"  # no structures yet: the group makes a difference
    assert any(step.lever == "committees_structures" for step in steering.steps)


def play(session: Session, limit: int = 40) -> list:
    """Press "Weiter" until the script ends; return (month, step index) after each press."""
    seen = []
    for _ in range(limit):
        session.script_continue()
        while session.playing.value:
            session.step(4)
        seen.append((session.live.month, session.script_next))
        if session.script_next >= len(session.script.value.steps):
            break
    return seen


def test_playing_the_steering_group_script_pauses_at_each_step_and_compares():
    session = Session("de")
    script = builtin_drehbuecher()["lenkungsgruppe"]
    assert session.start_script(script)
    assert session.script_step.value is script.steps[0] and session.colour_by.value == "diagnosis"
    seen = play(session)
    months = [m for m, _ in seen]
    # each "Weiter" stops exactly at the month of the next pausing step (never past it)
    expected = [s.rewind if s.rewind is not None else s.month for s in script.steps[1:] if s.pause]
    assert months == expected == [0, 0, 24, 24, 36, 48, 72, 24, 72]
    live = session.live
    assert live.ghost is not None  # the run with the steering group, dashed
    levers = [iv.lever for iv in live.live_interventions]
    assert "committees_structures" not in levers  # the replay is without it
    assert [s.kind for s in live.live_shocks] == ["election"]  # the same election again
    with_group = live.ghost["institutionalisation"][72]
    without = live.model.series("institutionalisation")[72]
    assert with_group > without


def test_a_step_without_pause_plays_on():
    text = HEAD + STEP + STEP.replace("6", "9") + "pause = false\n" + STEP.replace("6", "15")
    session = Session("de")
    session.start_script(parse_drehbuch(text))
    assert session.live.month == 0
    session.script_continue()
    while session.playing.value:
        session.step(1)
    assert session.live.month == 6
    session.script_continue()
    while session.playing.value:
        session.step(1)
    assert session.live.month == 15 and session.script_next == 3


def test_highlight_rings_the_department_in_the_network():
    from simulation.web.network import NetworkChart

    model = models.CollaborationModel(rng=1)
    chart = NetworkChart(model, "de", "readiness", large=True)
    plain = chart.frame(model).astype(int)
    ringed = chart.frame(model, "sozialamt").astype(int)
    assert np.abs(plain - ringed).sum() > 0
    np.testing.assert_array_equal(chart.frame(model), plain)


def test_uploaded_drehbuch_is_validated_and_started():
    session = Session("de")
    assert not read_script_upload(session, "kaputt.toml", (HEAD + "speed = 3\n" + STEP).encode())
    message = session.live_message.value
    assert message.key == "err_script" and "kaputt.toml" in message.detail
    assert "drehbuch.speed" in message.detail
    assert read_script_upload(session, "gut.toml", (HEAD + STEP).encode())
    assert session.script.value.name == "probe"
