"""Loaders of IoD 2025 (``imd2025_lad``) and the mid-year population (``population_2022``): bad input
stops with a message naming the file and column; invariants on the real files (rows, keys, ranges, totals)."""

import pytest

from analysis.data import loaders, registry
from analysis.errors import DataError

IMD25_HEADER = ("area_code,area_name,area_type,deprivation_data_year,index_domain,average_rank,rank_average_rank,"
                "average_score,rank_average_score,proportion_bottom_decile,rank_proportion_bottom_decile")
IMD25_ROW = "E06000001,Hartlepool,Local Authority District (2024),2025,Index of Multiple Deprivation,23075.98,30,37.58,6,0.4211,3"
POP_HEADER = ("Area code,Area name,Age,Mid-2011 population (Female),Mid-2022 population (Female),"
              "Mid-2011 population (Male),Mid-2022 population (Male)")


def test_imd2025_missing_column_is_named(tmp_path):
    p = tmp_path / "imd25.csv"
    p.write_text(IMD25_HEADER.replace("rank_average_score", "score_rank") + "\n" + IMD25_ROW + "\n")
    with pytest.raises(DataError, match=r"imd25.csv: missing column\(s\) \['rank_average_score'\]"):
        loaders.parse_imd2025_lad(p)


def test_imd2025_out_of_range_and_wrong_count_are_named(tmp_path):
    p = tmp_path / "imd25.csv"
    p.write_text(IMD25_HEADER + "\n" + IMD25_ROW.replace(",37.58,", ",137.58,") + "\n")
    with pytest.raises(DataError) as exc:
        loaders.parse_imd2025_lad(p)
    msg = str(exc.value)
    assert "imd25.csv does not match its schema" in msg and "'imd_avg_score'" in msg and "137.58" in msg
    assert "296 local authorities" in msg


def test_imd2025_without_imd_rows_stops(tmp_path):
    p = tmp_path / "imd25.csv"
    p.write_text(IMD25_HEADER + "\n" + IMD25_ROW.replace("Index of Multiple Deprivation", "Crime") + "\n")
    with pytest.raises(DataError, match="no rows with index_domain == 'Index of Multiple Deprivation'"):
        loaders.parse_imd2025_lad(p)


def test_population_missing_column_and_negative_count_are_named(tmp_path):
    p = tmp_path / "pop.csv"
    p.write_text(POP_HEADER.replace("Mid-2022 population (Male)", "Mid-2022 (Male)") + "\nE06000001,Hartlepool,0,1,2,3,4\n")
    with pytest.raises(DataError, match=r"pop.csv: missing column\(s\) \['Mid-2022 population \(Male\)'\]"):
        loaders.parse_population(p)
    p.write_text(POP_HEADER + "\nE06000001,Hartlepool,0,1,2,3,-4\n")
    with pytest.raises(DataError) as exc:
        loaders.parse_population(p)
    assert "'male_2022'" in str(exc.value) and "-4" in str(exc.value)


def test_registry_entries_carry_caveats():
    for dataset in ("imd2025_lad", "population_2022"):
        s = registry.source(dataset)
        assert s.licence == "OGL-3.0" and len(s.sha256) == 64 and s.urls[0].startswith("https://")
        assert s.caveats and s.upstream


# --- invariants on the real data --------------------------------------------------------------


def test_imd2025_lad_296_las_of_2024():
    d = loaders.imd2025_lad()
    assert len(d) == 296 and d["lad24_code"].is_unique
    assert d["lad24_code"].str[:3].value_counts().to_dict() == {"E07": 164, "E06": 63, "E08": 36, "E09": 33}
    assert sorted(d["imd_rank_of_avg_score"]) == list(range(1, 297))
    assert sorted(d["imd_rank_of_avg_rank"]) == list(range(1, 297))
    assert d["imd_prop_lsoas_most_deprived_10pc"].between(0, 1).all()
    # ranks agree with the measures they rank (1 = highest score = most deprived; scores are printed
    # rounded, so neighbours may tie)
    assert d.sort_values("imd_rank_of_avg_score")["imd_avg_score"].is_monotonic_decreasing
    top = d.nsmallest(3, "imd_rank_of_avg_score")["lad24_name"].tolist()
    assert top == ["Blackpool", "Middlesbrough", "Burnley"]
    assert {"E06000063", "E06000064", "E06000065", "E06000066"} <= set(d["lad24_code"])


def test_population_rows_areas_and_totals():
    p = loaders.population_2022()
    assert len(p) == 36764 and not p.duplicated(["area_code", "age"]).any()
    assert p["age"].min() == 0 and p["age"].max() == 90
    areas = p.drop_duplicates("area_code")["area_code"].str[:3].value_counts().to_dict()
    assert {k: areas[k] for k in ("E06", "E07", "E08", "E09", "S12", "W06", "N09", "E12")} == {
        "E06": 63, "E07": 164, "E08": 36, "E09": 33, "S12": 32, "W06": 22, "N09": 11, "E12": 9}
    tot = p.assign(y2022=p["female_2022"] + p["male_2022"], y2011=p["female_2011"] + p["male_2011"]) \
        .groupby("area_code")[["y2011", "y2022"]].sum()
    assert tot.loc["K02000001"].tolist() == [63_285_145, 67_596_281]  # ONS's UK totals
    assert tot.loc["E92000001"].tolist() == [53_107_169, 57_106_398]  # and England's
    la = tot[tot.index.str.match(r"^E0[6-9]")]
    assert la.sum().tolist() == tot.loc["E92000001"].tolist()  # the 296 LAs add up to England
    assert tot.loc["E06000009", "y2022"] == 141_574  # Blackpool


def test_population_las_are_the_imd2025_las():
    p = loaders.population_2022()
    las = set(p.loc[p["area_code"].str.match(r"^E0[6-9]"), "area_code"])
    assert las == set(loaders.imd2025_lad()["lad24_code"])
