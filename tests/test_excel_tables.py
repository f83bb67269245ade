"""Downloads for Excel and for code: one comparison layout, "CSV (Excel, deutsch)"."""

import io
import re

import numpy as np
import pandas as pd
import pytest

import models
from simulation import ensemble as E
from simulation.output import COMPARISON_COLUMNS, comparison_frame, excel_csv, timeseries_frame
from simulation.scenarios import load_scenario

SEEDED = {"replications": 6, "months": 40, "seed": 5, "progress": False}


@pytest.fixture(scope="module")
def ensembles():
    runs = [E.run_ensemble(load_scenario(name), **SEEDED) for name in ("baseline", "data-first")]
    base = runs[0]
    return runs, {e.scenario.name: E.paired_differences(base, e) for e in runs[1:]}


def _read_excel(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the umlauts
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")


def test_timeseries_for_a_german_excel(ensembles):
    ens = ensembles[0][1]
    frame = timeseries_frame(ens)
    data = excel_csv(frame, "de", ens.months)
    table = _read_excel(data)
    assert list(table.columns[:3]) == ["Lauf", "Monat", models.METRICS["cooperation_rate"].label_de]
    assert table["Lauf"].min() == 1 and table["Lauf"].max() == ens.replications  # from 1
    assert len(table) == len(frame)
    # rounded to 4 decimals, equal to the exact values within that rounding
    exact = frame["mean_trust"].to_numpy()
    got = table[models.METRICS["mean_trust"].label_de].to_numpy()
    assert np.abs(got - exact).max() <= 0.5e-4 and not np.array_equal(got, exact)
    text = data.decode("utf-8-sig")
    assert "0,3" in text and ";" in text.splitlines()[0]
    assert max(len(d) for d in re.findall(r"\d,(\d+)", text)) <= 4
    assert "." not in text.split("\n", 1)[1]  # no decimal points, no thousands points


def test_comparison_has_one_layout_for_cli_and_web(ensembles):
    runs, differences = ensembles
    frame = comparison_frame(runs, differences, "baseline")
    assert list(frame.columns) == list(COMPARISON_COLUMNS)
    assert len(frame) == len(runs) * len(E.KEY_METRICS)
    ref = frame[frame["scenario"] == "baseline"]
    assert ref["difference"].isna().all() and (ref["n"] <= SEEDED["replications"]).all()
    other = frame[(frame["scenario"] == "data-first") & (frame["metric"] == "mean_trust_final")]
    assert other["difference"].iloc[0] == pytest.approx(
        differences["data-first"]["mean_trust_final"]["mean"]
    )

    titles = {e.scenario.name: e.scenario.title("de") for e in runs}
    table = _read_excel(excel_csv(frame, "de", 40, titles))
    assert list(table.columns[:3]) == ["Szenario", "Kennzahl", "Mittelwert"]
    assert set(table["Szenario"]) == set(titles.values())
    assert "Vertrauen (Monat 40)" in set(table["Kennzahl"])
    euros = table[table["Kennzahl"].str.startswith("Kosten Hebel")]["Mittelwert"]
    assert (euros == euros.round()).all()  # whole euros


def test_english_excel_uses_english_separators(ensembles):
    ens = ensembles[0][0]
    data = excel_csv(timeseries_frame(ens), "en", ens.months)
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(table.columns[:2]) == ["run", "month"] and table["run"].min() == 1
