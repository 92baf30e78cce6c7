"""Tests for the HLE study (analysis/studies/hle/): unit tests on small synthetic frames, then invariants on the
real data, then the robustness page's conclusions on the study's own runs.

The real-data checks compare against facts of the datasets (the ONS workbook's published check values,
the Fund's list, the code changes of 2013-2020), never against what the code happened to print.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.errors import DataError, ParameterError

from analysis.data import geography, imd
from analysis.ledger.conclusions import Context
from analysis.studies.hle import STUDY, claims, compute, page, robustness

# --------------------------------------------------------------------------------------------
# unit tests, synthetic frames


def test_a_choice_outside_the_declaration_is_refused_naming_the_allowed_values():
    with pytest.raises(ParameterError, match=r"'sex' = 'both' is not allowed; one of: 'male', 'female'"):
        STUDY.check(sex="both")
    assert STUDY.check(sex="female").sex == "female"
    for name, bad in (("average", "mode"), ("merged", "drop"), ("estimator", "mode"), ("unit", "lad20"),
                      ("imd_measure", "rank_of_extent"), ("include_implausible", 1)):
        with pytest.raises(ParameterError, match=f"^01_hle_priority: parameter '{name}'"):
            STUDY.check({name: bad})


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, "0.3", True])
def test_cutoff_outside_its_range_is_refused(bad):
    with pytest.raises(ParameterError, match="'cutoff'"):
        STUDY.check(cutoff=bad)


def test_msoa_prefix():
    s = pd.Series(["Kingston upon Hull 012", "City of London 001", "Shepway 014"])
    assert compute.msoa_prefix(s).tolist() == ["Kingston upon Hull", "City of London", "Shepway"]
    with pytest.raises(ValueError, match="3-digit"):
        compute.msoa_prefix(pd.Series(["Hartlepool"]))


def _lsoa(rows):
    return pd.DataFrame(rows, columns=["lsoa11_code", "lsoa11_name", "lad17_code", "lad17_name"])


def test_district_of_prefix_maps_and_refuses_ambiguous_names():
    lk = _lsoa([("E01000001", "Aa 001A", "E07000001", "Aa"), ("E01000002", "Aa 002B", "E07000001", "Aa"),
                ("E01000003", "Bb Town 001A", "E06000001", "Bb"), ("W01000001", "Cc 001A", "W06000001", "Cc")])
    out = compute.district_of_prefix(lk)
    assert out["prefix"].tolist() == ["Aa", "Bb Town"]  # Wales dropped
    assert out.set_index("prefix")["lad17_code"].to_dict() == {"Aa": "E07000001", "Bb Town": "E06000001"}
    bad = _lsoa([("E01000001", "Aa 001A", "E07000001", "Aa"), ("E01000002", "Aa 002A", "E07000002", "Ab")])
    with pytest.raises(ValueError, match="span several LADs"):
        compute.district_of_prefix(bad)


def _msoa(rows):
    return pd.DataFrame(rows, columns=["area", "hle", "hle_lci", "hle_uci"])


def test_estimators():
    m = _msoa([("A", 60.0, 59.0, 61.0), ("A", 62.0, 61.5, 62.5), ("A", 70.0, 68.0, 72.0), ("B", 65.0, 64.0, 66.0)])
    mean = compute.estimate(m, "mean", "area").set_index("area")
    assert mean.loc["A", "hle_estimate"] == pytest.approx(64.0)
    assert mean.loc["A", "n_msoa"] == 3 and mean.loc["B", "n_msoa"] == 1
    assert compute.estimate(m, "median", "area").set_index("area").loc["A", "hle_estimate"] == pytest.approx(62.0)
    # weights 1/se^2 with se proportional to the CI width: widths 2, 1, 4 -> weights 1/4, 1, 1/16
    w = np.array([1 / 4, 1, 1 / 16])
    expected = float((w * [60, 62, 70]).sum() / w.sum())
    pw = compute.estimate(m, "precision_weighted", "area").set_index("area")
    assert pw.loc["A", "hle_estimate"] == pytest.approx(expected)
    with pytest.raises(ValueError, match="estimator 'mode'"):
        compute.estimate(m, "mode", "area")
    with pytest.raises(ValueError, match="missing column"):
        compute.estimate(m.drop(columns="hle_uci"), "mean", "area")


def test_precision_weighted_equals_mean_when_precision_equal():
    m = _msoa([("A", 60.0, 59.0, 61.0), ("A", 64.0, 63.0, 65.0)])
    assert compute.estimate(m, "precision_weighted", "area")["hle_estimate"].iloc[0] == pytest.approx(62.0)


def _hle_long():
    return pd.DataFrame({
        "level": ["utla", "utla", "utla", "utla", "england"],
        "code": ["E06000048", "E08000020", "E10000002", "E09000030", None],
        "name": ["Northumberland", "Gateshead", "Buckinghamshire", "Tower Hamlets", "England"],
        "sex": ["male"] * 5, "hle": [61.0, 59.0, 67.0, 56.7, 63.5]})


def test_official_lower_tier_recodes_and_drops_counties():
    out = compute.official_lower_tier(_hle_long(), "male")
    assert out["code"].tolist() == ["E06000057", "E08000037", "E09000030"]
    assert compute.england_value(_hle_long(), "male") == 63.5
    with pytest.raises(ValueError, match="England row"):
        compute.england_value(_hle_long(), "female")


def test_validate_and_summarise():
    off = pd.DataFrame({"code": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"], "hle_official": [60.0, 62, 64, 66]})
    est = pd.DataFrame({"code": ["a", "b", "c", "x"], "hle_estimate": [60.5, 61.0, 64.0, 70.0]})
    v = compute.validate_estimator(off, est)
    assert v["code"].tolist() == ["a", "b", "c"]
    s = compute.error_summary(v)
    assert s["n"] == 3
    assert s["bias"] == pytest.approx(-0.5 / 3)
    assert s["max_abs"] == pytest.approx(1.0) and s["worst"] == "B" and s["worst_error"] == pytest.approx(-1.0)
    assert s["sd"] == pytest.approx(np.std([0.5, -1.0, 0.0], ddof=1))
    assert s["within_half_year"] == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="no area"):
        compute.error_summary(v.iloc[0:0])


def _lt_inputs():
    lad19 = pd.DataFrame({"lad19_code": ["E06000001", "E07000001", "E06000059"],
                          "lad19_name": ["Uni", "District", "Dorset"]})
    official = pd.DataFrame({"code": ["E06000001"], "hle_official": [60.0]})
    msoa = pd.DataFrame({"lad19_code": ["E06000001", "E07000001", "E07000001", "E06000059", "E06000059"],
                         "lad17_code": ["E06000001", "E07000001", "E07000001", "E07000049", "E07000050"],
                         "hle": [59.0, 64.0, 66.0, 67.0, 69.0], "hle_lci": [58.0] * 5, "hle_uci": [70.0] * 5})
    return official, msoa, lad19


def test_lower_tier_prefers_official_and_combines_merged():
    official, msoa, lad19 = _lt_inputs()
    out, excl = compute.lower_tier_hle(official, msoa, lad19, "mean", "combine")
    o = out.set_index("lad19_code")
    assert o.loc["E06000001", "hle"] == 60.0 and o.loc["E06000001", "hle_source"] == "official"
    assert o.loc["E06000001", "hle_estimate"] == 59.0  # the estimate is kept beside it
    assert o.loc["E07000001", "hle"] == 65.0 and o.loc["E07000001", "hle_source"] == "estimate"
    assert o.loc["E06000059", "hle"] == 68.0 and o.loc["E06000059", "n_districts_2011"] == 2
    assert excl.empty


def test_lower_tier_exclude_lists_merged_with_reason():
    official, msoa, lad19 = _lt_inputs()
    out, excl = compute.lower_tier_hle(official, msoa, lad19, "mean", "exclude")
    assert excl["lad19_code"].tolist() == ["E06000059"]
    assert "excluded" in excl["reason"].iloc[0] and "E07000049" in excl["reason"].iloc[0]
    assert math.isnan(out.set_index("lad19_code").loc["E06000059", "hle"])


def test_lad19_frame_lists_what_is_lost():
    values = pd.DataFrame({"lad19_code": ["A", "B", "C"], "lad19_name": ["a", "b", "c"], "hle": [60.0, np.nan, 65.0],
                           "hle_source": ["official", "excluded", "estimate"]})
    prio = pd.DataFrame({"lad19_code": ["A", "B", "C", "D"], "lad19_name": ["a", "b", "c", "d"],
                         "priority_category": [1, 2, 3, 1], "via": ["name"] * 4})
    excluded = pd.DataFrame({"lad19_code": ["B"], "reason": ["merged; excluded"]})
    t, lost, rec = compute.lad19_frame(values, excluded, prio)
    assert t["la_code"].tolist() == ["A", "C"]
    assert lost.set_index("la_code")["reason"].to_dict() == {"B": "merged; excluded", "D": "no HLE value"}
    assert rec.unmatched_left["key"].tolist() == ["D"]


def test_add_rank_keeps_unranked_and_refuses_unknown_measure():
    t = pd.DataFrame({"la_code": ["E06000060", "E07000001"], "la_name": ["Buckinghamshire", "a"], "hle": [68.0, 60.0]})
    ranks = pd.DataFrame({"lad19_code": ["E07000001", "E07000004"], "lad19_name": ["a", "Aylesbury Vale"],
                          "imd_rank_of_avg_score": [3, 200]})
    no_2019_mergers = pd.DataFrame({"lad17_code": [], "lad19_code": []})
    out, rec = compute.add_rank(t, ranks, "average_score", geography.known_reasons(no_2019_mergers))
    assert out.set_index("la_code")["deprivation_rank"].isna().to_dict() == {"E06000060": True, "E07000001": False}
    assert "2020 unitary" in rec.unmatched_left["reason"].iloc[0]
    assert rec.unexplained.empty  # Aylesbury Vale: merged into Buckinghamshire, a known reason
    with pytest.raises(ParameterError, match="'imd_measure'"):
        compute.add_rank(t, ranks, "rank_of_average_score")


def _list_2013():
    luf = pd.DataFrame({"name": ["Alpha", "Buckinghamshire", "Dorset", "Folkestone and Hythe", "East Suffolk", "Nowhere"],
                        "priority_category": [1, 3, 3, 1, 2, 2]})
    ltla13 = pd.DataFrame({"lad17_code": ["E07000001", "E07000112", "E07000004", "E07000049"],
                           "lad17_name": ["Alpha", "Shepway", "Aylesbury Vale", "East Dorset"]})
    lad19 = pd.DataFrame({"lad19_code": ["E07000001", "E06000059", "E07000112", "E07000244", "E07000999"],
                          "lad19_name": ["Alpha", "Dorset", "Folkestone and Hythe", "East Suffolk", "Nowhere"]})
    return luf, ltla13, lad19


def test_luf_list_2013_matches_by_code_then_county_area():
    matched, unmatched = compute.luf_list_2013(*_list_2013())
    m = matched.set_index("la_name")
    assert m.loc["Alpha", "code_2013"] == "E07000001"
    # renamed without a boundary change: same code, same area, so it keeps its 2013 value
    assert m.loc["Folkestone and Hythe", "code_2013"] == "E07000112"
    assert m.loc["Folkestone and Hythe", "matched_as"] == "2013 lower-tier LA of the same code (called Shepway in 2013)"
    # the 2020 unitary covers exactly the 2013 county's four districts
    assert m.loc["Buckinghamshire", ["la_code", "code_2013"]].tolist() == ["E06000060", "E10000002"]
    why = unmatched.set_index("la_name")["reason"]
    assert set(why.index) == {"Dorset", "East Suffolk", "Nowhere"}
    assert "also held E07000048" in why["Dorset"]  # the county of 2013 included Christchurch
    assert why["East Suffolk"].startswith("created April 2019 from E07000205, E07000206")
    assert why["Nowhere"].startswith("unexplained")
    with pytest.raises(DataError, match="ltla13 lacks columns"):
        compute.luf_list_2013(_list_2013()[0], pd.DataFrame({"code": []}), _list_2013()[2])


def test_a_renamed_council_is_matched_by_code_not_name():
    luf = pd.DataFrame({"name": ["New Name", "Same Name"], "priority_category": [1, 2]})
    ltla13 = pd.DataFrame({"lad17_code": ["E07000010", "E07000011"], "lad17_name": ["Old Name", "Other"]})
    lad19 = pd.DataFrame({"lad19_code": ["E07000010", "E07000099"], "lad19_name": ["New Name", "Same Name"]})
    matched, unmatched = compute.luf_list_2013(luf, ltla13, lad19)
    assert matched["la_name"].tolist() == ["New Name"]  # a new code under an old name would not match
    assert unmatched["la_name"].tolist() == ["Same Name"]


def test_luf_list_hle_official_then_estimate_and_county_pools_districts():
    matched = pd.DataFrame({"la_code": ["E06000001", "E07000001", "E06000060"], "la_name": ["Uni", "Dist", "Bucks"],
                            "priority_category": [1, 2, 3], "code_2013": ["E06000001", "E07000001", "E10000002"]})
    official = pd.DataFrame({"code": ["E06000001", "E10000002"], "hle_official": [60.0, 68.0]})
    msoa = pd.DataFrame({"lad17_code": ["E06000001", "E07000001", "E07000001", "E07000004", "E07000005"],
                         "hle": [59.0, 64.0, 66.0, 67.0, 69.0], "hle_lci": [58.0] * 5, "hle_uci": [70.0] * 5})
    out = compute.luf_list_hle(matched, official, msoa, "mean").set_index("la_name")
    assert out.loc["Uni", ["hle", "hle_source"]].tolist() == [60.0, "official"]
    assert out.loc["Dist", ["hle", "hle_source"]].tolist() == [65.0, "estimate"]
    assert out.loc["Bucks", ["hle", "hle_source", "hle_estimate", "n_msoa"]].tolist() == [68.0, "official (2013 county)", 68.0, 2]
    with pytest.raises(DataError, match="neither an official value nor MSOAs"):
        compute.luf_list_hle(matched.assign(code_2013=["E06000002", "E07000001", "E10000002"]), official,
                         msoa[msoa["lad17_code"] != "E06000001"], "mean")


def test_deprived_fifth_below():
    t = pd.DataFrame({"deprivation_rank": [1, 2, 3, 9, np.nan], "hle": [60.0, 70.0, 60.0, 60.0, 50.0],
                      "priority_category": [2, 2, 1, 2, 2]})
    c = compute.classify(t, 10, 62.0)
    assert c["fifth"].tolist()[:4] == [1, 1, 2, 5] and pd.isna(c["fifth"].iloc[4]) and pd.isna(c["quadrant"].iloc[4])
    assert compute.deprived_fifth_below(c).index.tolist() == [0]  # not rank 2 (above average), not unranked


@pytest.mark.parametrize("n,cut,k", [(317, 0.3, 95), (310, 0.3, 93), (312, 0.3, 94), (5, 0.5, 3), (10, 0.25, 3),
                                     (314, 0.3, 94)])
def test_n_lowest_rounds_half_up(n, cut, k):
    assert compute.n_lowest(n, cut) == k


def test_lowest_share_includes_ties_and_refuses_missing():
    v = pd.Series([5.0, 1.0, 3.0, 3.0, 9.0, 7.0])
    assert compute.lowest_share(v, 0.5).tolist() == [False, True, True, True, False, False]
    assert compute.lowest_share(v, 0.3).tolist() == [False, True, True, True, False, False]  # k=2, tie at 3.0
    assert compute.lowest_share(v, 0.1).sum() == 1
    with pytest.raises(ValueError, match="missing"):
        compute.lowest_share(pd.Series([1.0, np.nan]), 0.5)


def test_hle_average():
    v = pd.Series([1.0, 2.0, 9.0])
    assert compute.hle_average(v, "england", 5.5) == 5.5
    assert compute.hle_average(v, "mean", 0) == 4.0
    assert compute.hle_average(v, "median", 0) == 2.0


def test_classify_halves_fifths_and_sides():
    t = pd.DataFrame({"deprivation_rank": [1, 2, 5, 6, 10], "hle": [60.0, 63.0, 62.0, 61.9, 70.0]})
    out = compute.classify(t, 10, 62.0)
    assert out["half"].tolist() == ["more deprived half"] * 3 + ["less deprived half"] * 2
    assert out["fifth"].tolist() == [1, 1, 3, 3, 5]
    assert out["hle_side"].tolist() == ["below-average HLE", "above-average HLE", "above-average HLE",
                                        "below-average HLE", "above-average HLE"]
    with pytest.raises(ValueError, match="1..10"):
        compute.classify(t.assign(deprivation_rank=[0, 1, 2, 3, 4]), 10, 62.0)


def test_quadrant_counts_keeps_empty_cells_and_lowest_counts():
    t = pd.DataFrame({"priority_category": [1, 1, 3], "quadrant": [compute.QUADRANTS[0], compute.QUADRANTS[3], compute.QUADRANTS[0]],
                      "lowest": [True, False, True]})
    q = compute.quadrant_counts(t)
    assert q.shape == (3, 5) and q.loc[2].sum() == 0
    assert q.loc[1, compute.QUADRANTS[3]] == 1 and q.loc[3, compute.QUADRANTS[0]] == 1 and q.loc[1, "all"] == 2
    c = compute.lowest_counts(t)
    assert (c["n"], c["n_lowest"], c["lowest_g1"], c["lowest_not_g1"], c["g1_not_lowest"]) == (3, 2, 1, 1, 1)


def test_value_changes():
    a = pd.DataFrame({"lad19_code": ["A", "B"], "hle": [60.0, 61.0]})
    b = pd.DataFrame({"lad19_code": ["A", "B"], "hle": [60.0, 61.25]})
    assert compute.value_changes(a, b) == {"n_changed": 1, "max_change": 0.25, "changed": ["B"]}


# --------------------------------------------------------------------------------------------
# the real data


@pytest.fixture(scope="module")
def inputs():
    return compute.load()


@pytest.fixture(scope="module")
def res(inputs):
    return compute.run(inputs, STUDY.check())  # the default: unit luf_list


@pytest.fixture(scope="module")
def res19(inputs):
    return compute.run(inputs, STUDY.check(unit="lad19"))


def _rec(res, name):
    (rec,) = [r for r in res.reconciliations if r.name.startswith(name)]
    return rec


def test_category_against_deprivation_is_a_spearman_rank_correlation():
    from analysis.studies.hle import deprivation

    cols = {imd.rank_column(m): [1, 2, 3, 4, 5, 6] for m in imd.IMD_MEASURES}
    t = pd.DataFrame({"priority_category": [1, 1, 2, 2, 3, 3], **cols})
    out = deprivation.category_against_deprivation(t, "average_score")
    assert out["rho"] > 0.9 and not out["holds"] and out["n"] == 6  # tied categories: not quite 1
    unrelated = t.assign(**{imd.rank_column("average_score"): [1, 6, 2, 5, 3, 4]})
    assert deprivation.category_against_deprivation(unrelated, "average_score")["holds"]


def test_pockets_are_high_on_extent_or_concentration_but_not_on_the_average():
    from analysis.studies.hle import deprivation

    t = pd.DataFrame({"lad19_code": list("ABCDE"), "lad19_name": list("abcde"), "priority_category": [1, 2, 3, 1, 2],
                      imd.rank_column("average_score"): [1, 5, 6, 2, 9],
                      imd.rank_column("extent"): [1, 2, 9, 2, 9], imd.rank_column("local_concentration"): [1, 9, 3, 9, 9]})
    out = deprivation.pockets_of_deprivation(t, n_las=10, share=0.3)  # "high": rank 3 or better
    assert out["top"] == 3 and out["table"]["lad19_name"].tolist() == ["b", "c"]
    assert out["n_not_category_1"] == 2 and out["holds"] and out["n_high_average"] == 2
    assert out["category_1_share_high_average"] == 100.0


def test_hle_against_income_joins_across_the_2019_mergers(inputs):
    from analysis.studies.hle import deprivation

    t, rec = deprivation.utla_income(compute.official_values(inputs.hle, "male"), inputs.imd_utla)
    assert set(rec.unmatched_left["key"]) == {"E10000009", "E06000028", "E06000029"}  # Dorset county, Bournemouth, Poole
    assert set(rec.unmatched_right["key"]) == {"E06000058", "E06000059"} and rec.unexplained.empty
    assert rec.matched == len(t) == 149
    assert deprivation.hle_against_income(t)["rho"] < 0  # more income deprivation, lower HLE
    res = compute.run(inputs, STUDY.check())
    assert _rec(res, "Upper-tier HLE 2009-13").matched == 149 and res.income["n"] == 149


def test_other_parameters_change_what_they_should(inputs, res):
    p = STUDY.check(cutoff=0.2)
    r = compute.run(inputs, p)
    assert p.changed() == {"cutoff": 0.2} and r.params is p
    assert r.table[["la_code", "hle"]].equals(res.table[["la_code", "hle"]])  # the same LAs and values
    assert r.k == compute.n_lowest(len(res.table), 0.2) == r.counts["n_lowest"] < res.k
    female = compute.run(inputs, STUDY.check(sex="female"))
    assert female.england == pytest.approx(64.77, abs=0.005) and set(female.table["la_code"]) == set(res.table["la_code"])
    assert not female.values["hle"].equals(res.values["hle"])
    median = compute.run(inputs, STUDY.check(average="median"))
    assert median.average == pytest.approx(res.table["hle"].median()) and median.counts == res.counts
    extent = compute.run(inputs, STUDY.check(imd_measure="extent"))
    assert not extent.table.set_index("la_code")["deprivation_rank"].equals(
        res.table.set_index("la_code")["deprivation_rank"])
    assert extent.counts == res.counts  # the rank moves the quadrants, not the lowest share
    with_implausible = compute.run(inputs, STUDY.check(include_implausible=True))
    assert compute.value_changes(res.values, with_implausible.values, "hle_estimate")["n_changed"] >= 1


def test_msoa_prefixes_all_match_326_districts(res):
    rec = _rec(res, "MSOA name prefix")
    assert rec.matched == 326  # the 326 lower-tier LAs of England, 2009-19
    assert rec.unmatched_left.empty and rec.unmatched_right.empty


def test_official_values_reconciliation_pinned(inputs, res):
    rec = _rec(res, "HLE 2009-13 upper-tier sheet")
    counties = {c for c in inputs.hle.query("level == 'utla'")["code"] if c.startswith("E10")}
    assert len(counties) == 27  # the 27 shire counties of 2013
    assert set(rec.unmatched_left["key"]) == counties | {"E06000028", "E06000029"}  # Bournemouth, Poole
    districts = {c for c in inputs.imd["lad19_code"] if c.startswith("E07")}
    assert len(districts) == 192
    # every shire district, plus the two unitaries created in 2019 (BCP, Dorset)
    assert set(rec.unmatched_right["key"]) == districts | set(geography.MERGED_2019)
    assert rec.unexplained.empty
    assert rec.matched == 56 + 36 + 33 - 2  # single-tier LAs of 2019 less BCP and Dorset, which are new


def test_luf_list_unmatched_set_pinned(res):
    lost = res.lost.set_index("la_name")["reason"]
    # the April 2019 mergers: no 2013 LA had their area (Folkestone and Hythe keeps Shepway's code and area)
    assert set(lost.index) == {"Bournemouth, Christchurch and Poole", "Dorset", "East Suffolk", "West Suffolk",
                               "Somerset West and Taunton"}
    assert lost.str.startswith("created April 2019").all() and "E07000048" in lost["Dorset"]
    fh = res.table.set_index("la_name").loc["Folkestone and Hythe"]
    assert fh["la_code"] == "E07000112" and "called Shepway in 2013" in fh["matched_as"]
    rec = _rec(res, "Levelling Up Fund list -> lower-tier LAs of 2013")
    assert rec.unexplained.empty
    assert set(rec.unmatched_left["name"]) == set(lost.index) | {"Buckinghamshire"}
    assert len(rec.unmatched_right) == 18  # the 2013 districts merged by 2020
    assert rec.unmatched_right["reason"].str.startswith("district merged into").all()
    assert len(res.table) == 314 - len(lost)


def test_each_unit_says_in_words_what_it_leaves_out(inputs, res, res19):
    words = page.unit_words(res)
    assert all(n in words for n in res.lost["la_name"]) and "Shepway" in words and "Buckinghamshire" in words
    assert "leave out none" in page.unit_words(res19)
    excluded = compute.run(inputs, STUDY.check(unit="lad19", merged="exclude"))
    assert all(n in page.unit_words(excluded) for n in excluded.lost["la_name"])


def test_buckinghamshire_takes_the_county_value_and_has_no_rank(inputs, res):
    t = res.table.set_index("la_name")
    county = inputs.hle.query("level == 'utla' and sex == 'male' and code == 'E10000002'")["hle"].iloc[0]
    assert t.loc["Buckinghamshire", "hle"] == county
    assert t.loc["Buckinghamshire", "hle_source"] == "official (2013 county)"
    assert res.unranked["la_name"].tolist() == ["Buckinghamshire"]  # File 10 ranks its 2019 districts
    rank = _rec(res, "LAs of the unit -> IoD 2019 File 10")
    assert rank.unexplained.empty
    assert set(rank.unmatched_right["key"]) == set(geography.BUCKS_DISTRICTS_2019) | set(res.lost["la_code"])
    assert res.quadrants["all"].sum() == len(res.table) - 1


def test_priority_reconciliations_pinned(res19):
    luf = _rec(res19, "Levelling Up Fund list -> IoD 2019")
    assert set(luf.unmatched_left["key"]) == {"Buckinghamshire"}
    assert set(luf.unmatched_right["key"]) == {"Aylesbury Vale", "Chiltern", "South Bucks", "Wycombe"}
    for name in ("priority categories", "LAs of the unit"):
        rec = _rec(res19, name)
        assert rec.matched == 317 and rec.unmatched_left.empty and rec.unmatched_right.empty


def test_official_check_values(inputs):
    off = compute.official_lower_tier(inputs.hle, "male").set_index("name")["hle_official"]
    # the ONS workbook's values, males 2009-13
    assert off["Tower Hamlets"] == pytest.approx(56.70, abs=0.005)
    assert off["Isles of Scilly"] == pytest.approx(71.18, abs=0.005)
    assert off["Richmond upon Thames"] == pytest.approx(69.13, abs=0.005)
    assert off.idxmin() == "Manchester" and off.min() == pytest.approx(55.80, abs=0.005)
    assert compute.england_value(inputs.hle, "male") == pytest.approx(63.49, abs=0.005)
    assert compute.england_value(inputs.hle, "female") == pytest.approx(64.77, abs=0.005)
    assert "City of London" in off.index  # kept: it has its own official value and IoD rank


def test_implausible_msoas(inputs):
    imp = inputs.hle[inputs.hle["le_implausible"]]
    assert len(imp) == 6  # ONS flags six MSOA-by-sex estimates
    assert imp.query("sex == 'male'")["name"].tolist() == ["Southwark 009"]


def test_every_lad19_gets_a_value_and_sources_add_up(res19):
    t = res19.table
    assert len(t) == 317 and res19.lost.empty
    assert (t["hle_source"] == "official").sum() == 56 + 36 + 33 - 2
    assert (t["hle_source"] == "estimate (merged 2019 LA)").sum() == 5
    # Shepway became Folkestone and Hythe (same code): estimated from the 'Shepway NNN' MSOAs
    fh = t.set_index("la_code").loc["E07000112"]
    assert fh["la_name"] == "Folkestone and Hythe" and fh["hle_source"] == "estimate" and fh["n_msoa"] > 5
    assert t["hle"].between(50, 75).all()


def test_priority_groups_match_the_fund_list(inputs, res, res19):
    listed = inputs.luf["priority_category"].value_counts().sort_index()
    assert listed.tolist() == [93, 108, 113]  # the Fund's English list
    # lad19: Buckinghamshire (group 3) becomes four 2019 districts
    assert res19.table["priority_category"].value_counts().sort_index().tolist() == [93, 108, 116]
    # luf_list: the list less the LAs left out
    expected = listed.sub(res.lost["priority_category"].value_counts(), fill_value=0).astype(int)
    assert res.table["priority_category"].value_counts().sort_index().tolist() == expected.tolist()


def test_estimator_validation(res):
    s = res.validation_by_estimator.set_index("estimator")
    assert s.loc["mean", "n"] == 125  # all 56 + 36 + 33 single-tier LAs of 2011
    # the plain mean of the MSOAs is close to the official value: small bias, SD about 0.2 years
    assert abs(s.loc["mean", "bias"]) < 0.05
    assert s.loc["mean", "sd"] < 0.25 and s.loc["mean", "max_abs"] < 1.0


@pytest.mark.parametrize("sex", compute.SEXES)
def test_plain_mean_is_the_best_estimator_for_both_sexes(inputs, sex):
    s = compute.run(inputs, STUDY.check(sex=sex)).validation_by_estimator.set_index("estimator")
    assert s["rmse"].idxmin() == "mean"  # why it is the default


@pytest.mark.parametrize("which", ["res", "res19"])
def test_figure2_counts_are_consistent(which, request):
    r = request.getfixturevalue(which)
    c = r.counts
    assert r.k == c["n_lowest"] == compute.n_lowest(len(r.table), 0.3)
    assert c["lowest_g1"] + c["lowest_not_g1"] == c["n_lowest"]
    assert c["lowest_g1"] + c["g1_not_lowest"] == (r.table["priority_category"] == 1).sum()
    assert r.table.loc[r.table["lowest"], "hle"].max() < r.table.loc[~r.table["lowest"], "hle"].min()


def test_merged_exclude_lists_the_five(inputs):
    r = compute.run(inputs, STUDY.check(unit="lad19", merged="exclude"))
    assert set(r.lost["la_code"]) == set(geography.MERGED_2019)
    assert r.counts["n"] == 312 and r.k == 94
    assert _rec(r, "LAs of the unit -> IoD 2019 File 10").unexplained.empty


def test_group2_count_is_inside_its_quadrant(inputs, res):
    g2 = page.group2_table(inputs, STUDY.check())
    assert g2.shape == (5, 2) and list(g2.columns) == list(compute.UNITS) and tuple(g2.index) == imd.IMD_MEASURES
    assert g2.loc["average_score", "luf_list"] == len(res.group2)
    # the most deprived fifth lies inside the more deprived half
    assert len(res.group2) <= res.quadrants.loc[2, compute.QUADRANTS[0]]


def test_claims_rows(res, inputs):
    from analysis.ledger import claims as ledger

    led = STUDY.ledger(res).set_index("claim_id")
    assert led.loc[["hle_fig2_n_lowest", "hle_fig2_lowest_in_g1", "hle_fig2_lowest_not_g1",
                    "hle_fig1_g2_deprived_fifth_below", "hle_fig1_g3_deprived_below"], "published"].tolist() == \
        ["93", "58", "35", "3", "11"]
    assert led.loc["hle_fig2_audit_sum", "verdict"] == "consistent"
    assert led.loc["hle_luf_g1_share", "reproduced"] == pytest.approx(100 * 93 / 314, abs=0.05)
    assert led.loc["hle_fig1_g3_deprived_below", "kind"] == "count"  # printed as a count, tested as one
    assert led.loc["hle_fig1_g3_deprived_below", "reproduced"] == res.quadrants.loc[3, compute.QUADRANTS[0]]
    remarks = led[led["kind"] == "remark"]
    assert remarks["rule"].str.startswith("holds if").all()
    assert (led.loc[led["kind"] != "remark", "rule"] == "").all()
    assert led.loc["hle_inactive_sickness", "verdict"] == ledger.NOT_TESTABLE
    assert "Annual Population Survey" in led.loc["hle_inactive_sickness", "test_data"]
    assert led.loc["laird_averaged_out", "document"].startswith("A. Laird (2021)")
    counts = led[led["kind"].isin(["count", "share", "coefficient", "audit"])]
    says_why = counts["tolerance_reason"].fillna("").str.len().gt(0) | counts["note"].str.contains("tolerance")
    assert says_why.all(), "every numeric row says why its tolerance (or none) was chosen"
    assert set(led["verdict"]) <= set(ledger.VERDICTS)


def test_notebook_parameters_declared():
    from analysis import config
    from analysis.tooling import runner

    path = config.NOTEBOOKS / "01_hle_priority.ipynb"
    declared = runner.declared_parameters(path)
    assert set(declared) == {"sex", "cutoff", "imd_measure", "unit", "average", "estimator", "merged",
                             "include_implausible"}
    assert declared["sex"].choices == compute.SEXES
    assert declared["imd_measure"].choices == imd.IMD_MEASURES
    assert declared["unit"].choices == compute.UNITS and declared["unit"].default == "luf_list"
    assert declared["average"].choices == compute.AVERAGES
    assert declared["estimator"].choices == compute.ESTIMATORS
    assert declared["merged"].choices == compute.MERGED
    assert runner.validate_parameters(path, {"sex": "female", "cutoff": "0.2"}) == {"sex": "female", "cutoff": 0.2}
    with pytest.raises(ParameterError):
        runner.validate_parameters(path, {"average": "mode"})


def test_committed_ledger_holds_the_published_claims(root):
    led = pd.read_csv(root / "results" / "claims" / "hle.csv", dtype=str).set_index("claim_id")
    assert led.loc[["hle_fig2_n_lowest", "hle_fig2_lowest_in_g1", "hle_fig2_lowest_not_g1"], "published"].tolist() == \
        ["93", "58", "35"]
    assert (led["analysis"] == "hle").all()
    assert list(led.index) == [c.id for c in claims.CLAIMS]  # every declared claim, in order, and no other
    assert (led["page"] == claims.PAGE).all()


@pytest.mark.parametrize("county", sorted(compute.COUNTIES_2013))
def test_county_districts_pool_to_the_county_value(inputs, county):
    # the districts transcribed for each 2013 county: their MSOAs, pooled, come close to its official value
    msoa, _ = compute.msoa_table(inputs.hle, compute.district_of_prefix(inputs.lsoa_lookup), inputs.lad_lookup, "male")
    districts = compute.COUNTIES_2013[county][1]
    inside = msoa[msoa["lad17_code"].isin(districts)]
    assert inside["lad17_code"].nunique() == len(districts)  # every transcribed code is a 2011 district
    official = compute.official_values(inputs.hle, "male").set_index("code").loc[county, "hle_official"]
    # within half a year, the band that holds 98% of the single-tier LAs' estimates
    assert abs(inside["hle"].mean() - official) < 0.5


def test_the_pages_findings_name_the_choices_in_words(inputs, res):
    other = compute.run(inputs, res.params.replace(include_implausible=True))
    f = page.findings(res, other)
    assert (f["p_sex"], f["p_cutoff"], f["p_average"], f["p_implausible"]) == ("male", "30%", "England's value", "left out")
    assert f["p_measure"] == imd.LABEL["average_score"] and f["p_unit"] == compute.UNIT_LABEL["luf_list"]
    assert f["g2_n"] == len(compute.deprived_fifth_below(res.table)) and f["n_luf_eng"] == 314
    assert f["run_note"].startswith("These are the published figures' own settings")
    female = page.findings(compute.run(inputs, STUDY.check(sex="female", cutoff=0.2)), other)
    assert female["run_note"].startswith("This run uses female HLE and the lowest 20%")


def test_the_pages_opening_follows_the_ledger(inputs, res):
    led = STUDY.ledger(res)
    v = led.set_index("claim_id")["verdict"]
    f = page.found(res, led)
    exact = (v[list(page.FIG2)] == "reproduced").all()
    assert f["found_lowest"].startswith("The Health Foundation's central count reproduces exactly") == exact
    c = res.counts
    assert f"{c['lowest_g1']} are in the Levelling Up Fund's priority group 1 and {c['lowest_not_g1']}" in f["found_lowest"]
    # each statement before the briefing's Figure 1 is said to fail exactly when its verdict is not "reproduced"
    failing = int((v[["hle_fig1_g3_deprived_below", "hle_fig1_g2_deprived_fifth_below",
                      "hle_fig1_g1_less_deprived_above"]] != "reproduced").sum())
    assert (f"{page.NUMBER_WORDS[failing].capitalize()} of its statements" in f["found_deprivation"]) == (failing > 0)
    assert ("do follow deprivation" in f["found_fund"]) == (v["hle_fund_little_relation"] != "reproduced")
    for text in f.values():
        assert "_" not in text and "`" not in text, text  # no code names in what a reader sees first


def test_the_group2_words_say_what_the_table_and_group_3_say(inputs, res):
    g2 = page.group2_table(inputs, res.params)
    words = page.group2_words(res, g2)
    g3 = compute.deprived_fifth_below(res.table, 3)
    assert f"We find {len(res.group2)}" in words and all(n in words for n in res.group2["la_name"])
    assert f"runs from {g2.to_numpy().min()} to {g2.to_numpy().max()}" in words
    assert f"priority group 3, the lowest priority, is {len(g3)}" in words or f"group 3 is {len(g3)}" in words




def test_sensitivity_changes_one_parameter_at_a_time(inputs, res):
    changes = page.variations(res.params)
    assert {"sex": "female"} in changes and {"unit": "lad19"} in changes and all(len(c) == 1 for c in changes)
    sens = page.sensitivity(inputs, res.params, [{"cutoff": 0.2}])
    assert sens["change"].tolist() == ["(this run)", "cutoff=0.2"]
    assert sens["lowest share (LAs)"].tolist() == [res.k, compute.n_lowest(len(res.table), 0.2)]


# --------------------------------------------------------------------------------------------
# the robustness page's conclusions, on the study's own runs


@pytest.fixture(scope="module")
def ctx():
    return Context(STUDY)


def test_default_specification_matches_the_hle_page(ctx):
    from analysis.ledger import claims as ledger

    published = ledger.read_published().set_index("claim_id")
    c = robustness.hle_result(ctx)["counts"]
    assert c["n_lowest"] == int(published.loc["hle_fig2_n_lowest", "reproduced"])
    assert c["lowest_not_g1"] == int(published.loc["hle_fig2_lowest_not_g1", "reproduced"])
    value, _ = robustness.share_lowest_not_g1(ctx, {"sex": "male", "cutoff": 0.3, "estimator": "mean", "unit": "luf_list"})
    assert math.isclose(value, 100 * c["lowest_not_g1"] / c["n_lowest"])
    assert robustness.deprived_fifth_below(ctx, 2) == int(published.loc["hle_fig1_g2_deprived_fifth_below", "reproduced"])


def test_shortcut_equals_a_full_run(ctx, inputs):
    spec = dict(sex="female", cutoff=0.25, average="median", estimator="median", merged="exclude", unit="lad19")
    short = robustness.hle_result(ctx, imd_measure="extent", **spec)
    full = compute.run(inputs, STUDY.check(imd_measure="extent", **spec))
    assert short["counts"] == full.counts
    assert short["quadrants"].equals(full.quadrants)
    assert math.isclose(short["average"], full.average)
    assert robustness.deprived_fifth_below(ctx, 3, imd_measure="extent", **spec) == \
        len(compute.deprived_fifth_below(full.table, 3))
    with pytest.raises(ParameterError, match="'cutoff'"):
        robustness.hle_result(ctx, cutoff=30)


def test_conclusions_restate_the_claims():
    by_id = {c.id: c for c in STUDY.conclusions}
    assert list(by_id) == ["hle_lowest_not_g1", "hle_g3_deprived_below", "hle_g1_less_deprived_above",
                           "hle_g2_deprived_fifth_below"]
    assert by_id["hle_g3_deprived_below"].published == claims.CLAIMS_BY_ID["hle_fig1_g3_deprived_below"].published == 11
    assert by_id["hle_g1_less_deprived_above"].rule == claims.CLAIMS_BY_ID["hle_fig1_g1_less_deprived_above"].rule
    assert by_id["hle_lowest_not_g1"].published == round(100 * 35 / 93, 1)
    assert by_id["hle_lowest_not_g1"].published_text == "35 of 93 (37.6%)"
    assert by_id["hle_g2_deprived_fifth_below"].published == claims.CLAIMS_BY_ID["hle_fig1_g2_deprived_fifth_below"].published
    assert all(c.document is not None and c.document.key == "healthfoundation2021" for c in by_id.values())
