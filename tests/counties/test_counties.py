"""County data and API: real files, real scenarios."""

import importlib.resources

import pytest

import models
from models.errors import InputError
from simulation import counties as C
from simulation.scenarios import load_scenario


def test_eighteen_in_official_order():
    cs = C.counties()
    assert len(cs) == 18
    assert [c.key for c in cs] == sorted(c.key for c in cs)
    assert sum(c.kind == "kreisfreie Stadt" for c in cs) == 4


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Spree-Neisse", "Spree-Neiße"),
        ("oberspreewald-lausitz", "Oberspreewald-Lausitz"),
        ("frankfurt oder", "Frankfurt (Oder)"),
        ("MÄRKISCH-ODERLAND", "Märkisch-Oderland"),
        ("Maerkisch-Oderland", "Märkisch-Oderland"),
        ("12073", "Uckermark"),
    ],
)
def test_name_matching(name, expected):
    assert C.get_county(name).name == expected


def test_unknown_name_lists_closest():
    with pytest.raises(InputError) as err:
        C.get_county("Ukermark")
    assert "Uckermark" in str(err.value) and "dkbm counties" in str(err.value)
    assert "\n" not in str(err.value)


def test_history_known_reports():
    assert C.get_county("Elbe-Elster").first_report_year == 2012
    assert C.get_county("Uckermark").first_report_year == 2019


def test_apply_county_reproduces_uckermark_scenario_need():
    s = C.apply_county(load_scenario("bildung-integriert"), "Uckermark")
    need = {d.key: d.need for d in s.departments}
    ref = {d.key: d.need for d in load_scenario("laendlicher-landkreis").departments}
    for key in ("schulverwaltung", "sozialamt", "jobcenter", "gesundheitsamt", "integration"):
        assert need[key] == pytest.approx(ref[key], abs=0.006)


def test_county_changes_the_run():
    base = load_scenario("bildung-integriert").with_run(months=24, replications=4)
    seeds = base.replication_seeds()
    a = models.simulate(seeds, 24, **C.apply_county(base, "Uckermark").model_kwargs())
    b = models.simulate(seeds, 24, **C.apply_county(base, "Potsdam").model_kwargs())
    c = models.simulate(seeds, 24, **C.apply_county(base, "Potsdam").model_kwargs())
    assert repr(a) != repr(b)
    assert repr(b) == repr(c)


def test_package_data_resource():
    assert (importlib.resources.files("simulation") / "data/counties/counties.csv").is_file()


def test_missing_file_names_it(monkeypatch, tmp_path):
    C._load.cache_clear()
    monkeypatch.setattr(C, "_path", lambda name: tmp_path / name)
    with pytest.raises(InputError, match=r"history\.csv"):
        C.counties()
    C._load.cache_clear()
