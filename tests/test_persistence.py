"""The levers' persistence is measured in the model: the shipped table is current, and the
measurement follows the dynamics (a faster decay of a lever's target lowers it)."""

from __future__ import annotations

import json

import models
from simulation import persistence


def test_the_shipped_table_is_what_the_model_measures_now():
    fresh = persistence.measure()
    assert set(fresh) == {lever.id for lever in models.LEVERS}
    assert fresh == persistence.shipped(), "python -m simulation.persistence --write"


def test_a_faster_decay_of_the_target_lowers_the_measured_persistence():
    slow = persistence.measure(levers=["data_foundation"], params={"data_decay": 0.0})
    fast = persistence.measure(levers=["data_foundation"], params={"data_decay": 0.3})
    slow, fast = slow["data_foundation"], fast["data_foundation"]
    assert slow.measured == fast.measured == "data_quality"
    assert slow.retention > 0.9 and slow.label == "high"
    assert fast.retention < persistence.MEDIUM and fast.label == "low"


def test_a_lever_that_builds_no_stock_acts_only_while_it_runs():
    p = persistence.shipped()["resources"]  # office capacity: a flow
    assert p.retention is None and p.label == "while"
    assert p.text("de") == "wirkt nur, solange er läuft"


def test_cli_levers_shows_the_measured_persistence_in_both_languages(capsys):
    from simulation.cli import main

    assert main(["levers"]) == 0
    out = capsys.readouterr().out
    trust = persistence.of("trust_building")
    assert trust.text("de") in out and "%" in out
    assert main(["levers", "--json", "--lang", "en"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["trust_building"]["persistence"]["retention"] == trust.retention
