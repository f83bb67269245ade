"""Planspiel rooms without a browser: the rules the server enforces, decisions, replay."""

from __future__ import annotations

import io
import json
import math
import zipfile

import numpy as np
import pytest

from simulation.cli import main
from simulation.web.planspiel import room as room_module
from simulation.web.planspiel.record import check_replay, export_zip, record_of, replay
from simulation.web.planspiel.room import (
    CODE_ALPHABET,
    CODE_LENGTH,
    FAILED_LOOKUPS_PER_MINUTE,
    MAX_PARTICIPANTS,
    PlanspielError,
    Rooms,
    normalise_code,
)
from simulation.web.planspiel.views import participant_view


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def rooms():
    return Rooms()


def refused(key: str, fn, *args):
    with pytest.raises(PlanspielError) as info:
        fn(*args)
    assert info.value.key == key
    return info.value


def test_codes_are_unguessable_and_forgiving_to_type(rooms):
    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) >= 30
    codes = {rooms.open().code for _ in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert rooms.get(code.lower()[:3] + " " + code.lower()[3:]).code == code
    assert normalise_code("ab-io l") == "AB101"


def test_seats_departments_and_the_limit_of_participants(rooms):
    room = rooms.open()
    a = room.join()
    assert room.join(a.token) is a  # a reload keeps the seat
    b = room.join("not-a-seat")
    assert b is not a
    room.choose(a.token, 3)
    refused("ps_err_taken", room.choose, b.token, 3)
    refused("ps_err_bad_department", room.choose, b.token, room.n_departments)
    refused("ps_err_no_seat", room.choose, "forged", 4)
    view = participant_view(room, b, "de")
    assert view["departments"][3]["taken"] and not view["departments"][4]["taken"]
    assert view["me"] is None
    for _ in range(MAX_PARTICIPANTS - 2):
        room.join()
    refused("ps_err_full", room.join)
    assert room.counts() == {"participants": MAX_PARTICIPANTS, "players": 1, "decided": 0}


def test_only_the_trainer_token_advances_pauses_and_closes(rooms):
    room, other = rooms.open(), rooms.open()
    seat = room.join()
    for token in (None, "", seat.token, other.trainer_token, room.trainer_token[:-1]):
        refused("ps_err_not_trainer", room.next_round, token)
        refused("ps_err_not_trainer", room.set_paused, token, True)
        refused("ps_err_not_trainer", room.close, token)
    assert room.month == 0 and not room.paused and not room.closed
    room.set_paused(room.trainer_token, True)
    refused("ps_err_paused", room.next_round, room.trainer_token)
    room.set_paused(room.trainer_token, False)
    room.next_round(room.trainer_token, 3)
    assert (room.month, other.month) == (3, 0)
    refused("ps_err_bad_months", room.next_round, room.trainer_token, 2)
    room.close(room.trainer_token)
    refused("ps_err_closed", room.join)


def test_decisions_enter_the_kernel_for_the_round_only(rooms, monkeypatch):
    room = rooms.open()
    seat = room.join()
    room.choose(seat.token, 3)
    (p1, pos1), (p2, pos2) = room.partners(3)[:2]
    refused("ps_err_bad_decision", room.decide, seat.token, {str(p1): 2})
    refused("ps_err_bad_decision", room.decide, seat.token, {"3": 1})  # not a partner
    room.decide(seat.token, {str(p1): 1, str(p2): 0})
    assert room.counts()["decided"] == 1
    seen = []
    real_step = room.model.step

    def step():
        seen.append(room.model.batch.choices.copy())
        real_step()

    monkeypatch.setattr(room.model, "step", step)
    room.next_round(room.trainer_token, 3)
    assert len(seen) == 3
    side = lambda pos, partner: 1 if room.pairs[pos][0] == partner else 0  # noqa: E731
    for choices in seen:
        assert choices.shape == (1, len(room.pairs), 2) and choices.dtype == np.int8
        assert choices[0, pos1, side(pos1, p1)] == 1
        assert choices[0, pos2, side(pos2, p2)] == 0
        assert (choices != -1).sum() == 2  # everybody else: the model decides
    assert (room.model.batch.choices == -1).all()
    assert room.counts()["decided"] == 0  # decided anew each round
    view = participant_view(room, seat, "en")
    assert view["month"] == 3 and view["round"] == 1
    assert view["me"]["last_round"][0].startswith("You offered:")


def test_the_batch_lets_the_model_decide_by_default():
    from models.batch import Batch

    batch = Batch([1, 2])
    assert batch.choices.shape == (2, batch.structure.n_pairs, 2)
    assert batch.choices.dtype == np.int8 and (batch.choices == -1).all()


def test_a_room_run_is_the_seeded_model_run_when_nobody_plays(rooms):
    import models

    room = rooms.open()
    for months in (1, 3, 3):
        room.next_round(room.trainer_token, months)
    alone = models.CollaborationModel(rng=room.seed, **room.scenario.model_kwargs())
    for _ in range(7):
        alone.step()
    np.testing.assert_array_equal(
        room.model.series("cooperation_rate"), alone.series("cooperation_rate")
    )


def test_export_replays_bit_for_bit_through_the_cli(rooms, tmp_path, capsys):
    room = rooms.open()
    seats = [room.join() for _ in range(3)]
    for k, seat in enumerate(seats):
        room.choose(seat.token, k)
    for r in range(4):
        for k, seat in enumerate(seats):
            room.decide(seat.token, {str(p): (r + k + p) % 2 for p, _ in room.partners(k)})
        room.next_round(room.trainer_token, 3 if r % 2 else 1)
    with zipfile.ZipFile(io.BytesIO(export_zip(room))) as archive:
        archive.extractall(tmp_path)
    record = json.loads((tmp_path / "decisions.json").read_text())
    assert record == json.loads(json.dumps(record_of(room)))
    assert len(record["rounds"]) == 4 and record["months"] == 8
    assert check_replay(record, replay(record, room.scenario)) == []
    assert main(["planspiel", "replay", str(tmp_path / "decisions.json")]) == 0
    out = capsys.readouterr().out
    assert "4 Runden, 8 Monate" in out and "Bit für Bit" in out
    # a tampered record is caught
    record["series"]["cooperation_rate"][-1] += 0.5
    (tmp_path / "decisions.json").write_text(json.dumps(record))
    assert main(["planspiel", "replay", str(tmp_path / "decisions.json"), "--lang", "en"]) == 1
    assert "Differs from the recording: cooperation_rate" in capsys.readouterr().out


def test_replay_rejects_a_file_that_is_no_export(tmp_path, capsys):
    path = tmp_path / "decisions.json"
    path.write_text('{"format": "something"}')
    assert main(["planspiel", "replay", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "dkbm-planspiel/1" in err and "Traceback" not in err


def test_wrong_codes_are_rate_limited_per_client():
    clock = Clock()
    rooms = Rooms(clock=clock)
    room = rooms.open()
    for _ in range(FAILED_LOOKUPS_PER_MINUTE):
        refused("ps_err_no_room", rooms.get, "WRONG00", "10.0.0.7")
    # blocked now, even for the right code (a guess must not learn that it hit)
    refused("ps_err_rate", rooms.get, room.code, "10.0.0.7")
    assert rooms.get(room.code, "10.0.0.8") is room  # other clients are not affected
    clock.now += 61
    assert rooms.get(room.code, "10.0.0.7") is room


def test_idle_rooms_expire(rooms, monkeypatch):
    room = rooms.open()
    room.touched -= room_module.IDLE_SECONDS + 1
    rooms.expire()
    assert room.closed
    refused("ps_err_closed", room.join)
    room.touched -= 601
    rooms.expire()
    refused("ps_err_no_room", rooms.get, room.code)


def test_dkbm_web_on_all_interfaces_says_so_in_one_line(monkeypatch, capsys):
    from simulation.web import server

    class Process:
        returncode = 0

        def poll(self):
            return 0

        def wait(self, *args):
            return 0

    started = {}

    def start(host, port, lang, **kwargs):
        started["env_base"] = server.join_base(host, port)
        return Process()

    def interrupted(url, process):
        raise KeyboardInterrupt

    # nothing listens: the checks and the child process are replaced
    monkeypatch.setattr(server, "check_port", lambda host, port: None)
    monkeypatch.setattr(server, "missing_assets", lambda: [])
    monkeypatch.setattr(server, "start", start)
    monkeypatch.setattr(server, "wait_until_serving", interrupted)
    monkeypatch.setattr(server, "network_address", lambda: "192.168.1.20")
    assert server.serve("0.0.0.0", 8765) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "beyond" in line]
    assert len(lines) == 1
    assert "http://192.168.1.20:8765/planspiel" in lines[0]
    assert started["env_base"] == "http://192.168.1.20:8765"
    assert server.serve("127.0.0.1", 8765) == 0
    assert "beyond" not in capsys.readouterr().err


def _starts(room) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    for ev in room.events:
        if ev.key == "ev_started":
            out[ev.depts] = out.get(ev.depts, 0) + 1
    return out


def test_a_forced_decline_prevents_that_pairs_project(rooms):
    """With the kernel honouring Batch.choices: a participant who always says "not now"
    to one partner never starts a project with it, where the model alone did."""
    free = rooms.open()
    for _ in range(12):
        free.next_round(free.trainer_token, 3)
    started = _starts(free)
    assert started, "the model alone started no project in 36 months (seed of baseline)"
    (i, j), _ = max(started.items(), key=lambda kv: kv[1])

    played = rooms.open()
    seat = played.join()
    played.choose(seat.token, i)
    for _ in range(12):
        played.decide(seat.token, {str(j): 0})
        played.next_round(played.trainer_token, 3)
    assert _starts(played).get((i, j), 0) == 0
    pos = played.pairs.index((i, j))
    assert not any(snap["active"][pos] for snap in played.history)


def test_every_text_of_the_planspiel_exists_in_both_languages():
    """The t("key") calls of the Python modules and the tr("key") calls of the phone page."""
    import re
    from pathlib import Path

    from simulation import i18n
    from simulation.web.planspiel import page
    from simulation.web.texts import TEXTS

    folder = Path(page.__file__).parent
    used = set()
    for path in folder.glob("*.py"):
        text = path.read_text("utf-8")
        used |= set(re.findall(r'\bt\(\s*"(\w+)"', text))
        used |= set(re.findall(r'\btr\(\s*"(\w+)"', text))
        used |= set(re.findall(r'"(ps_err_\w+)"', text))
    assert len(used) > 40
    assert sorted(k for k in used if k not in TEXTS and k not in i18n.TEXT) == []
    js = set(re.findall(r'\btr\("(\w+)"', page.SCRIPT)) | set(
        re.findall(r'data-t="(\w+)"', page.room_html("X", "de"))
    )
    assert js and js <= set(page.KEYS)
