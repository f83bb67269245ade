"""Mesa's own tooling works on the model."""

import mesa
import pandas as pd

import models


def test_mesa_batch_run():
    results = mesa.batch_run(
        models.CollaborationModel,
        parameters={"turnover_rate": [0.05, 0.3], "funding_months": 12},
        rng=[1, 2],
        max_steps=24,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    assert frame["RunId"].nunique() == 4
    assert set(frame["turnover_rate"]) == {0.05, 0.3}
    assert (frame["Step"] == 24).all()
    assert frame["cooperation_rate"].between(0, 1).all()
    assert set(frame["diagnosis"]) <= {d[0] for d in models.DIAGNOSES}
    # batch_run's runs equal the batch path
    direct = models.simulate([1], 24, turnover_rate=0.3, funding_months=12)
    row = frame[(frame["rng"] == 1) & (frame["turnover_rate"] == 0.3)].iloc[0]
    assert row["mean_trust"] == direct["mean_trust"][0, -1]


def test_agents_are_real_mesa_agents_on_a_network():
    model = models.CollaborationModel(rng=3)
    assert len(model.agents) == 11
    assert isinstance(model.grid, mesa.discrete_space.Network)
    jugendamt = model.departments[0]
    assert jugendamt.key == "jugendamt" and jugendamt.name("de") == "Jugendamt"
    neighbours = {a.key for a in jugendamt.cell.neighborhood.agents}
    assert "schulverwaltung" in neighbours
    frame = model.datacollector.get_agent_vars_dataframe()
    assert list(frame.columns) == ["diagnosis"] and len(frame) == 11


def test_agents_read_their_aspiration_which_habituation_moves():
    fixed = models.CollaborationModel(rng=3, aspiration_habituation=0.0)
    moving = models.CollaborationModel(rng=3, aspiration_habituation=0.5)
    start = [d.aspiration for d in moving.departments]
    assert start == [d.aspiration for d in fixed.departments]
    for _ in range(36):
        fixed.step()
        moving.step()
    assert [d.aspiration for d in fixed.departments] == start
    assert [d.aspiration for d in moving.departments] != start
