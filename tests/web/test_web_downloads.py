"""The Training view's downloads: the animation replays the trainer's live actions."""

import io

import numpy as np
from PIL import Image

from simulation.animate import animation_bytes
from simulation.web.state import Action, builtin
from simulation.web.trainer_downloads import replay_actions


def frames(data: bytes) -> list[np.ndarray]:
    with Image.open(io.BytesIO(data)) as gif:
        out = []
        for k in range(gif.n_frames):
            gif.seek(k)
            out.append(np.asarray(gif.convert("RGB"), dtype=int))
        return out


def test_animation_download_contains_the_live_actions():
    scenario = builtin("baseline").with_run(months=8)
    plain = animation_bytes(scenario, ".gif", "de")
    acted = animation_bytes(
        scenario,
        ".gif",
        "de",
        before_month=replay_actions([Action(2, "lever", "committees_structures", duration=6)]),
    )
    a, b = frames(plain), frames(acted)
    assert len(a) == len(b) == 9
    assert np.array_equal(a[2], b[2])  # identical up to the action
    assert not np.array_equal(a[-1], b[-1])  # the steering group shows afterwards


def test_handout_download_is_a_pdf():
    from simulation.handout import handout_bytes

    data = handout_bytes(builtin("baseline").with_run(months=24, replications=4), "en")
    assert data.startswith(b"%PDF-") and data.count(b"/Type /Page") >= 3
