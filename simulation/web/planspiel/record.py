"""A Planspiel's run as files: the scenario and the decisions, replayable by ``dkbm``.

``export_zip(room)`` packs ``scenario.toml`` (the room's scenario) and
``decisions.json`` (seed, rounds with their overrides, and the recorded cooperation
series); ``dkbm planspiel replay decisions.json`` rebuilds the run from them and
checks that it reproduces the recorded series bit for bit.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np

import models
from simulation.errors import LocatedInputError
from simulation.scenarios import Scenario, load_scenario

FORMAT = "dkbm-planspiel/1"
SCENARIO_FILE = "scenario.toml"
DECISIONS_FILE = "decisions.json"
CHECKED_METRICS = ("cooperation_rate", "mean_trust", "institutionalisation")


def record_of(room) -> dict:
    """The decisions file's content for ``room`` (call under ``room.lock``)."""
    model = room.model
    return {
        "format": FORMAT,
        "scenario": SCENARIO_FILE,
        "seed": room.seed,
        "months": model.month,
        "departments": [
            {
                "index": k,
                "key": d.key,
                "player": getattr(room.player_of(k), "number", None),
            }
            for k, d in enumerate(model.departments)
        ],
        "rounds": [r.to_dict() for r in room.rounds],
        "series": {name: model.series(name).tolist() for name in CHECKED_METRICS},
    }


def export_zip(room) -> bytes:
    """``scenario.toml`` and ``decisions.json`` of the room's run, as a ZIP archive."""
    with room.lock:
        record = record_of(room)
        scenario = room.scenario
        text = scenario.text if scenario.text is not None else scenario.to_toml()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(SCENARIO_FILE, text)
        archive.writestr(DECISIONS_FILE, json.dumps(record, indent=1) + "\n")
    return buffer.getvalue()


def replay(record: dict, scenario: Scenario) -> models.CollaborationModel:
    """The room's run rebuilt: same seed, the same overrides in the same months."""
    from .room import MODEL, apply_choices

    model = models.CollaborationModel(rng=int(record["seed"]), **scenario.model_kwargs())
    st = model.batch.structure
    pairs = list(zip(st.pair_i.tolist(), st.pair_j.tolist(), strict=True))
    for entry in record["rounds"]:
        apply_choices(model.batch, pairs, [tuple(c) for c in entry["choices"]])
        for _ in range(int(entry["months"])):
            model.step()
        model.batch.choices[:] = MODEL
    for _ in range(int(record["months"]) - model.month):  # pragma: no cover - months beyond
        model.step()
    return model


def load_record(path: str | Path) -> tuple[dict, Scenario]:
    """Read a decisions file and the scenario it names (relative to the file)."""
    path = Path(path)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LocatedInputError(str(path), f"cannot read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise LocatedInputError(str(path), f"not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise LocatedInputError(str(path), f"format: must be '{FORMAT}' (a Planspiel export)")
    for key, kind in (("seed", int), ("months", int), ("rounds", list), ("scenario", str)):
        if not isinstance(record.get(key), kind):
            raise LocatedInputError(str(path), f"{key}: missing or not a {kind.__name__}", key=key)
    scenario_path = path.parent / record["scenario"]
    return record, load_scenario(scenario_path)


def check_replay(record: dict, model: models.CollaborationModel) -> list[str]:
    """Names of the recorded series that the replayed model does not reproduce."""
    bad = []
    for name, values in record.get("series", {}).items():
        again = model.series(name)
        if len(again) != len(values) or not np.array_equal(again, np.asarray(values, float)):
            bad.append(name)
    return bad
