"""Rebuild simulation/data/counties/counties.csv from the raw Regionaldatenbank tables.

Usage: python scripts/build_counties.py  (reads data/regionaldatenbank/, see SOURCES.md there).
Adapted from the research build script; ESU 2016 values are typed from the LAVG table g20.
"""

import csv
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
R = os.path.join(ROOT, "data", "regionaldatenbank") + os.sep
AGS = [
    "12051",
    "12052",
    "12053",
    "12054",
    "12060",
    "12061",
    "12062",
    "12063",
    "12064",
    "12065",
    "12066",
    "12067",
    "12068",
    "12069",
    "12070",
    "12071",
    "12072",
    "12073",
]
NAME = {
    "12051": "Brandenburg an der Havel",
    "12052": "Cottbus",
    "12053": "Frankfurt (Oder)",
    "12054": "Potsdam",
    "12060": "Barnim",
    "12061": "Dahme-Spreewald",
    "12062": "Elbe-Elster",
    "12063": "Havelland",
    "12064": "Märkisch-Oderland",
    "12065": "Oberhavel",
    "12066": "Oberspreewald-Lausitz",
    "12067": "Oder-Spree",
    "12068": "Ostprignitz-Ruppin",
    "12069": "Potsdam-Mittelmark",
    "12070": "Prignitz",
    "12071": "Spree-Neiße",
    "12072": "Teltow-Fläming",
    "12073": "Uckermark",
    "12": "Land Brandenburg",
}
TYPE = {a: ("kfS" if a < "12060" else "LK") for a in AGS}
TYPE["12"] = "Land"
KEYS = [*AGS, "12"]


def rows(f):
    out = []
    for line in open(R + f, encoding="utf-8"):
        p = line.rstrip("\n").split(";")
        if len(p) > 3 and p[0][:2] == "20" and p[0][:4].isdigit() and p[1] in KEYS:
            out.append(p)
    return out


def num(x):
    x = x.strip()
    if x in ("-", ".", "x", "...", "/", ""):
        return None
    return float(x.replace(",", "."))


D = {k: {} for k in KEYS}
# leavers 2023 (school year 2022/23)
for p in rows("21111-02-06-4.csv"):
    k = p[1]
    D[k]["leavers_total_2023"] = int(num(p[3]))
    D[k]["leavers_no_hsa_2023"] = int(num(p[5]))
    D[k]["leavers_hsa_2023"] = int(num(p[7]))
    D[k]["leavers_msa_2023"] = int(num(p[9]))
    D[k]["leavers_abi_2023"] = int(num(p[15]))
    D[k]["share_no_hsa_2023_pct"] = round(100 * num(p[5]) / num(p[3]), 1)
# unemployment 2025 annual avg
for p in rows("13211-02-05-4.csv"):
    k = p[1]
    D[k]["unemployed_2025"] = int(num(p[3]))
    D[k]["unemployed_foreign_2025"] = int(num(p[4]))
    D[k]["unemployed_15_25_2025"] = int(num(p[7]))
    D[k]["unemployed_longterm_2025"] = int(num(p[9]))
    D[k]["alq_abh_2025_pct"] = num(p[10])
    D[k]["alq_2025_pct"] = num(p[11])
    D[k]["alq_foreign_2025_pct"] = num(p[14])
    D[k]["alq_15_25_2025_pct"] = num(p[15])
# income 2021
for p in rows("82411-01-03-4.csv"):
    D[p[1]]["disp_income_per_capita_2021_eur"] = int(num(p[4]))
# schools/pupils
SA = {
    "Grundschulen": "gs",
    "Schularten mit mehreren Bildungsgängen": "os",
    "Gymnasien": "gym",
    "Integrierte Gesamtschulen": "ges",
    "Freie Waldorfschulen": "waldorf",
    "Sonderschulen/Förderschulen": "foerder",
    "Abendschulen und Kollegs": "abend",
    "Schulartunabhängige Orientierungsstufe": "orient",
}
for p in rows("21111-01-03-4.csv"):
    k = p[1]
    sa = p[3]
    if sa == "Insgesamt":
        D[k]["pupils_2023"] = int(num(p[5]))
        D[k]["pupils_foreign_2023"] = int(num(p[7]))
        D[k]["share_foreign_pupils_2023_pct"] = round(100 * num(p[7]) / num(p[5]), 1)
    elif sa in SA:
        v = num(p[4])
        D[k]["schools_" + SA[sa] + "_2023"] = int(v) if v is not None else 0
for k in KEYS:
    d = D[k]
    d["schools_sum_2023"] = sum(
        d.get("schools_" + s + "_2023", 0) for s in ["gs", "os", "gym", "ges", "waldorf", "foerder"]
    )
# population
for line in csv.DictReader(open(R + "12411-02-03-4_BB_clean.csv", encoding="utf-8"), delimiter=";"):
    k = line["region_code"]
    y = line["jahr"]
    ag = line["altersgruppe"]
    v = int(line["insgesamt"])
    if ag == "Insgesamt":
        D[k]["pop_" + y] = v
    if ag in (
        "unter 3 Jahre",
        "3 bis unter 6 Jahre",
        "6 bis unter 10 Jahre",
        "10 bis unter 15 Jahre",
    ):
        D[k]["pop_u15_" + y] = D[k].get("pop_u15_" + y, 0) + v
    if ag == "unter 3 Jahre":
        D[k]["pop_u3_" + y] = v
    if ag == "3 bis unter 6 Jahre":
        D[k]["pop_3_6_" + y] = v
# deutschlandatlas
dla = json.load(open(R + "deutschlandatlas_KRS1222_depuls.json"))["data"]
for k in AGS:
    ind = dla[k + "000"]["indicators"]
    for src, dst in [
        ("kinder_bg", "dla_kinder_bg_u15_pct"),
        ("kbetr_u3", "dla_kita_u3_pct"),
        ("kbetr_ue3", "dla_kita_3_6_pct"),
        ("schule_oabschl", "dla_leavers_no_hsa_pct"),
        ("bev_ausl", "dla_foreigners_pct"),
        ("alq", "dla_alq_pct"),
        ("sozsich", "dla_minsich_pct"),
    ]:
        D[k][dst] = ind.get(src)
# INKAR via GStahn
for r in csv.DictReader(open(R + "inkar_merged_kre_final_GStahn.csv", encoding="utf-8")):
    k = r["ID_K"]
    if k in AGS:
        D[k]["inkar_kinderarmut_pct"] = round(float(r["Child_Poverty"]), 2)
        D[k]["inkar_kitas_n"] = int(float(r["Daycare"]))
        D[k]["inkar_grundschulen_poi_n"] = int(float(r["School_Primary"]))
# LAVG ESU 2016 Sprach- und Sprechstörungen (gesundheitsplattform table g20)
esu = {
    "12051": (643, 29.2),
    "12052": (920, 17.7),
    "12053": (501, 30.3),
    "12054": (1964, 18.5),
    "12060": (1806, 16.9),
    "12061": (1786, 14.7),
    "12062": (905, 20.3),
    "12063": (1781, 20.7),
    "12064": (1982, 16.4),
    "12065": (2246, 22.9),
    "12066": (940, 23.4),
    "12067": (1610, 26.8),
    "12068": (1030, 32.4),
    "12069": (2224, 20.6),
    "12070": (723, 21.9),
    "12071": (1031, 15.1),
    "12072": (1713, 20.0),
    "12073": (1168, 25.0),
    "12": (24973, 20.9),
}
for k, (n, pct) in esu.items():
    D[k]["esu2016_examined_n"] = n
    D[k]["esu2016_speech_lang_disorder_pct"] = pct
# derived
for k in KEYS:
    d = D[k]
    d["share_u15_2023_pct"] = round(100 * d["pop_u15_2023"] / d["pop_2023"], 1)
pass
# shipped-dataset draft
cols = [
    "ags",
    "name",
    "type",
    "pop_2023",
    "pop_u15_2023",
    "leavers_total_2023",
    "leavers_no_hsa_2023",
    "share_no_hsa_2023_pct",
    "alq_2025_pct",
    "alq_15_25_2025_pct",
    "unemployed_2025",
    "pupils_2023",
    "pupils_foreign_2023",
    "share_foreign_pupils_2023_pct",
    "schools_gs_2023",
    "schools_os_2023",
    "schools_gym_2023",
    "schools_ges_2023",
    "schools_foerder_2023",
    "schools_sum_2023",
    "disp_income_per_capita_2021_eur",
    "dla_kinder_bg_u15_pct",
    "dla_kita_u3_pct",
    "dla_kita_3_6_pct",
    "dla_foreigners_pct",
    "inkar_kinderarmut_pct",
    "esu2016_speech_lang_disorder_pct",
]
with open(
    os.path.join(ROOT, "simulation", "data", "counties", "counties.csv"),
    "w",
    encoding="utf-8",
    newline="",
) as f:
    w = csv.writer(f)
    w.writerow(cols)
    for k in KEYS:
        d = dict(D[k])
        d["ags"] = k
        d["name"] = NAME[k]
        d["type"] = TYPE[k]
        w.writerow([d.get(c, "") if d.get(c) is not None else "" for c in cols])
print("wrote simulation/data/counties/counties.csv")
