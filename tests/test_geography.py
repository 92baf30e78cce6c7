"""Geography: reconcile() on synthetic frames, and the real harmonisations with their unmatched sets pinned."""

import pandas as pd
import pytest

from analysis.data import geography, loaders


def test_reconcile_reports_every_unmatched_key_with_a_reason():
    left = pd.DataFrame({"code": ["E06000001", "E07000004", "W06000001", "E09999999"], "nm": list("abcd")})
    right = pd.DataFrame({"code": ["E06000001", "E06000060"], "v": [1, 2]})
    reasons = {"E07000004": "merged", "E06000060": "new unitary"}
    merged, rec = geography.reconcile(left, right, "code", left_name="nm", reasons=reasons,
                                      left_label="L", right_label="R")
    assert len(merged) == 1 and rec.matched == 1
    got = dict(zip(rec.unmatched_left["key"], rec.unmatched_left["reason"]))
    assert got == {"E07000004": "merged", "E09999999": "unexplained: no counterpart in R",
                   "W06000001": "Wales: outside England"}
    assert rec.unmatched_right["key"].tolist() == ["E06000060"]
    assert rec.unexplained["key"].tolist() == ["E09999999"]
    assert "1 matched; 3 only in L, 1 only in R; 1 unexplained" in rec.summary()
    assert "E09999999" in str(rec) and "E09999999" in rec._repr_markdown_()


def test_reconcile_refuses_duplicate_keys():
    left = pd.DataFrame({"code": ["a", "a"]})
    with pytest.raises(ValueError, match="not unique in left"):
        geography.reconcile(left, pd.DataFrame({"code": ["a"]}), "code", reasons={})


def test_to_lad19_refuses_unknown_codes():
    with pytest.raises(ValueError, match="E07999999"):
        geography.to_lad19(pd.DataFrame({"lad17_code": ["E07999999"]}),
                           pd.DataFrame({"lad17_code": ["E07000001"], "lad19_code": ["E07000001"]}))


# --- real data ---------------------------------------------------------------------------------


def test_referendum_on_lad19_matches_imd_file10_exactly():
    imd = loaders.imd_lad()
    ref19 = geography.referendum_england(loaders.referendum(), loaders.lookup_lad17_lad19(),
                                         imd.set_index("lad19_code")["lad19_name"], "lad19")
    assert len(ref19) == 317
    merged, rec = geography.reconcile(ref19, imd, "lad19_code", left_label="referendum (LAD19)",
                                      right_label="IoD 2019")
    assert rec.matched == 317 and rec.table().empty
    assert ref19["leave"].sum() == 15_187_583
    assert ref19.loc[ref19["n_areas"] > 1, "lad19_code"].tolist() == [
        "E06000058", "E06000059", "E07000244", "E07000245", "E07000246"]
    dorset = ref19.set_index("lad19_code").loc["E06000059"]
    assert dorset["n_areas"] == 5


def test_referendum_lad17_against_cni_las_unmatched_set():
    lookup = loaders.lookup_lad17_lad19()
    ref = geography.referendum_england(loaders.referendum(), lookup, pd.Series(dtype=str), "lad17")
    cni_las = loaders.cni().groupby("lad17_code", as_index=False).size()
    _, rec = geography.reconcile(ref, cni_las, "lad17_code", left_name="lad17_name",
                                 left_label="referendum", right_label="CNI",
                                 reasons=geography.known_reasons(lookup, loaders.CNI_ABSENT_LAS))
    assert rec.matched == 324
    assert sorted(rec.unmatched_left["key"]) == ["E06000053", "E09000001"]
    assert rec.unmatched_right.empty and rec.unexplained.empty


def test_luf_priority_on_lad19():
    luf19, rec = geography.luf_priority_lad19(loaders.luf_priority(), loaders.imd_lad())
    assert len(luf19) == 317 and luf19["lad19_code"].is_unique
    assert rec.unmatched_left["key"].tolist() == ["Buckinghamshire"]
    assert sorted(rec.unmatched_right["name"]) == ["E07000004", "E07000005", "E07000006", "E07000007"]
    assert rec.unexplained.empty
    # 313 named LAs keep their category; Buckinghamshire's four districts take its category
    counts = luf19["priority_category"].value_counts().sort_index().tolist()
    bucks = loaders.luf_priority().set_index("name").loc["Buckinghamshire", "priority_category"]
    expected = [93, 108, 113]
    expected[bucks - 1] += 3
    assert counts == expected


def test_reconciliation_of_a_perfect_join_summarises():
    df = pd.DataFrame({"code": ["a", "b"]})
    _, rec = geography.reconcile(df, df.copy(), "code", reasons={})
    assert rec.summary() == "join: 2 matched; 0 only in left, 0 only in right; 0 unexplained"
    assert rec.table().empty and "2 matched" in rec._repr_markdown_()


def test_name_key_forgives_case_punctuation_and_city_of_and_keeps_lads_apart():
    from analysis.data import loaders

    assert geography.name_key("Kingston upon Hull, City of") == geography.name_key("kingston upon hull")
    assert geography.name_key("St. Helens") == geography.name_key("St Helens") == "st helens"
    assert geography.name_key("Stoke-on-Trent") == "stoke on trent"
    assert geography.name_key("Herefordshire, County of") == "herefordshire"
    assert loaders.imd_lad()["lad19_name"].map(geography.name_key).is_unique


# --- districts and counties (April 2023) ---------------------------------------------------------


def test_district_to_county_lookup_on_the_real_file():
    lk = loaders.lookup_lad23_utla23()
    assert len(lk) == 318 and lk["lad23_code"].is_unique
    assert lk["lad23_code"].str[:3].value_counts().to_dict() == {"E07": 164, "E06": 63, "E08": 36, "E09": 33, "W06": 22}
    eng = lk[lk["lad23_code"].str.startswith("E")]
    district = eng["lad23_code"].str.startswith("E07")
    # every English district is in a county, and every other English LA is its own upper tier (unitary)
    assert eng.loc[district, "utla23_code"].str.startswith("E10").all()
    assert (eng.loc[~district, "utla23_code"] == eng.loc[~district, "lad23_code"]).all()
    assert eng.loc[district, "utla23_code"].nunique() == 21
    suffolk = eng.loc[eng["utla23_name"] == "Suffolk", "lad23_name"]
    assert sorted(suffolk) == ["Babergh", "East Suffolk", "Ipswich", "Mid Suffolk", "West Suffolk"]
    # the 21 counties are exactly the counties of ONS's HLE series
    series = loaders.hle_utla_series()
    assert set(eng.loc[district, "utla23_code"]) == set(series.loc[series["area_code"].str.startswith("E10"), "area_code"])


def test_lookup_refuses_a_district_outside_a_county(tmp_path):
    from analysis.data.loaders.places import parse_lookup_lad23_utla23
    from analysis.errors import DataError

    p = tmp_path / "lookup.csv"
    p.write_text("\ufeffLTLA23CD,LTLA23NM,LTLA23NMW,UTLA23CD,UTLA23NM,UTLA23NMW,ObjectId\n"
                 "E07000203,Mid Suffolk,,E07000203,Mid Suffolk,,1\n", encoding="utf-8")
    with pytest.raises(DataError, match="only a shire district is in a county"):
        parse_lookup_lad23_utla23(p)


def test_every_la_of_2019_reaches_its_upper_tier_of_2023():
    imd = loaders.imd_lad()
    up, rec = geography.upper_tier_2023(imd, loaders.lookup_lad23_utla23())
    assert len(up) == 317 and up["utla23_code"].notna().all()
    assert rec.matched == 296 and rec.unmatched_left.empty and rec.unexplained.empty
    assert rec.unmatched_right["key"].str.startswith("W06").all() and len(rec.unmatched_right) == 22
    by = up.set_index("lad19_code")
    assert by.loc["E07000203", ["utla23_code", "county"]].tolist() == ["E10000029", True]    # Mid Suffolk
    assert by.loc["E07000026", ["utla23_code", "county"]].tolist() == ["E06000063", False]   # Allerdale: Cumberland
    assert by.loc["E06000001", ["utla23_code", "county"]].tolist() == ["E06000001", False]   # Hartlepool
    assert up["county"].sum() == 164


def test_the_abolished_counties_are_file_11s_counties_the_2023_lookup_lacks():
    file11 = loaders.imd_utla()
    counties19 = file11[file11["utla19_code"].str.startswith("E10")].set_index("utla19_code")["utla19_name"]
    counties23 = set(loaders.lookup_lad23_utla23()["utla23_code"])
    assert set(geography.ABOLISHED_COUNTIES) == set(counties19.index) - counties23
    assert {c: n for c, (n, _) in geography.ABOLISHED_COUNTIES.items()} == counties19[list(geography.ABOLISHED_COUNTIES)].to_dict()
    unitaries = [u for _, us in geography.ABOLISHED_COUNTIES.values() for u in us]
    assert sorted(unitaries) == sorted(geography.SUCCESSORS_2023)  # each unitary of 2020-2023 once
    ab = geography.abolished_counties()
    assert ab.groupby("county_name").size().to_dict() == {"Buckinghamshire": 4, "Cumbria": 6, "North Yorkshire": 7,
                                                          "Northamptonshire": 7, "Somerset": 4}
    assert set(ab["lad19_code"]) <= set(loaders.imd_lad()["lad19_code"])


def test_former_names_from_the_data_are_the_2019_mergers_and_one_rename():
    f = geography.former_names(loaders.referendum(), loaders.lookup_lad17_lad19(), loaders.imd_lad())
    from_data = f[f["change"] != "merged 2009"]
    assert from_data["change"].value_counts().to_dict() == {"merged 2019": 14, "renamed": 1}
    assert from_data.loc[from_data["change"] == "renamed", "name"].tolist() == ["Shepway"]
    assert len(f) == 15 + sum(len(ds) for _, ds in geography.FORMER_2009.values())
