"""Tests for analysis/hle.py: unit tests on small synthetic frames, then invariants on the real data.

The real-data checks compare against facts stated in the datasets' SOURCE.md files and the published
documents (check values, counts, code changes), never against what the code happened to print.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.data import geography
from analysis.studies import hle

# --------------------------------------------------------------------------------------------
# unit tests, synthetic frames


def test_check_choice_names_parameter_and_allowed_values():
    with pytest.raises(ValueError, match=r"'sex'.*one of: 'male', 'female'"):
        hle.check_choice("sex", "both", hle.SEXES)
    hle.check_choice("sex", "female", hle.SEXES)


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, "0.3", True])
def test_check_cutoff_rejects(bad):
    with pytest.raises(ValueError, match="cutoff"):
        hle.check_cutoff(bad)


def test_msoa_prefix():
    s = pd.Series(["Kingston upon Hull 012", "City of London 001", "Shepway 014"])
    assert hle.msoa_prefix(s).tolist() == ["Kingston upon Hull", "City of London", "Shepway"]
    with pytest.raises(ValueError, match="3-digit"):
        hle.msoa_prefix(pd.Series(["Hartlepool"]))


def _lsoa(rows):
    return pd.DataFrame(rows, columns=["lsoa11_code", "lsoa11_name", "lad17_code", "lad17_name"])


def test_district_of_prefix_maps_and_refuses_ambiguous_names():
    lk = _lsoa([("E01000001", "Aa 001A", "E07000001", "Aa"), ("E01000002", "Aa 002B", "E07000001", "Aa"),
                ("E01000003", "Bb Town 001A", "E06000001", "Bb"), ("W01000001", "Cc 001A", "W06000001", "Cc")])
    out = hle.district_of_prefix(lk)
    assert out["prefix"].tolist() == ["Aa", "Bb Town"]  # Wales dropped
    assert out.set_index("prefix")["lad17_code"].to_dict() == {"Aa": "E07000001", "Bb Town": "E06000001"}
    bad = _lsoa([("E01000001", "Aa 001A", "E07000001", "Aa"), ("E01000002", "Aa 002A", "E07000002", "Ab")])
    with pytest.raises(ValueError, match="span several LADs"):
        hle.district_of_prefix(bad)


def _msoa(rows):
    return pd.DataFrame(rows, columns=["area", "hle", "hle_lci", "hle_uci"])


def test_estimators():
    m = _msoa([("A", 60.0, 59.0, 61.0), ("A", 62.0, 61.5, 62.5), ("A", 70.0, 68.0, 72.0), ("B", 65.0, 64.0, 66.0)])
    mean = hle.estimate(m, "mean", "area").set_index("area")
    assert mean.loc["A", "hle_estimate"] == pytest.approx(64.0)
    assert mean.loc["A", "n_msoa"] == 3 and mean.loc["B", "n_msoa"] == 1
    assert hle.estimate(m, "median", "area").set_index("area").loc["A", "hle_estimate"] == pytest.approx(62.0)
    # weights 1/se^2 with se proportional to the CI width: widths 2, 1, 4 -> weights 1/4, 1, 1/16
    w = np.array([1 / 4, 1, 1 / 16])
    expected = float((w * [60, 62, 70]).sum() / w.sum())
    pw = hle.estimate(m, "precision_weighted", "area").set_index("area")
    assert pw.loc["A", "hle_estimate"] == pytest.approx(expected)
    with pytest.raises(ValueError, match="'estimator'"):
        hle.estimate(m, "mode", "area")
    with pytest.raises(ValueError, match="missing column"):
        hle.estimate(m.drop(columns="hle_uci"), "mean", "area")


def test_precision_weighted_equals_mean_when_precision_equal():
    m = _msoa([("A", 60.0, 59.0, 61.0), ("A", 64.0, 63.0, 65.0)])
    assert hle.estimate(m, "precision_weighted", "area")["hle_estimate"].iloc[0] == pytest.approx(62.0)


def _hle_long():
    return pd.DataFrame({
        "level": ["utla", "utla", "utla", "utla", "england"],
        "code": ["E06000048", "E08000020", "E10000002", "E09000030", None],
        "name": ["Northumberland", "Gateshead", "Buckinghamshire", "Tower Hamlets", "England"],
        "sex": ["male"] * 5, "hle": [61.0, 59.0, 67.0, 56.7, 63.5]})


def test_official_lower_tier_recodes_and_drops_counties():
    out = hle.official_lower_tier(_hle_long(), "male")
    assert out["code"].tolist() == ["E06000057", "E08000037", "E09000030"]
    assert hle.england_value(_hle_long(), "male") == 63.5
    with pytest.raises(ValueError, match="England row"):
        hle.england_value(_hle_long(), "female")


def test_validate_and_summarise():
    off = pd.DataFrame({"code": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"], "hle_official": [60.0, 62, 64, 66]})
    est = pd.DataFrame({"code": ["a", "b", "c", "x"], "hle_estimate": [60.5, 61.0, 64.0, 70.0]})
    v = hle.validate_estimator(off, est)
    assert v["code"].tolist() == ["a", "b", "c"]
    s = hle.error_summary(v)
    assert s["n"] == 3
    assert s["bias"] == pytest.approx(-0.5 / 3)
    assert s["max_abs"] == pytest.approx(1.0) and s["worst"] == "B" and s["worst_error"] == pytest.approx(-1.0)
    assert s["sd"] == pytest.approx(np.std([0.5, -1.0, 0.0], ddof=1))
    assert s["within_half_year"] == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="no area"):
        hle.error_summary(v.iloc[0:0])


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
    out, excl = hle.lower_tier_hle(official, msoa, lad19, "mean", "combine")
    o = out.set_index("lad19_code")
    assert o.loc["E06000001", "hle"] == 60.0 and o.loc["E06000001", "hle_source"] == "official"
    assert o.loc["E06000001", "hle_estimate"] == 59.0  # the estimate is kept beside it
    assert o.loc["E07000001", "hle"] == 65.0 and o.loc["E07000001", "hle_source"] == "estimate"
    assert o.loc["E06000059", "hle"] == 68.0 and o.loc["E06000059", "n_districts_2011"] == 2
    assert excl.empty


def test_lower_tier_exclude_lists_merged_with_reason():
    official, msoa, lad19 = _lt_inputs()
    out, excl = hle.lower_tier_hle(official, msoa, lad19, "mean", "exclude")
    assert excl["lad19_code"].tolist() == ["E06000059"]
    assert "excluded" in excl["reason"].iloc[0] and "E07000049" in excl["reason"].iloc[0]
    assert math.isnan(out.set_index("lad19_code").loc["E06000059", "hle"])
    with pytest.raises(ValueError, match="'merged'"):
        hle.lower_tier_hle(official, msoa, lad19, "mean", "drop")


def test_analysis_table_lists_what_is_lost():
    values = pd.DataFrame({"lad19_code": ["A", "B", "C"], "hle": [60.0, np.nan, 65.0],
                           "hle_source": ["official", "excluded", "estimate"], "hle_official": [60.0, np.nan, np.nan],
                           "hle_estimate": [60.1, 61.0, 65.0], "n_msoa": [5, 4, 3], "n_districts_2011": [1, 2, 1]})
    prio = pd.DataFrame({"lad19_code": ["A", "B", "C", "D"], "lad19_name": ["a", "b", "c", "d"],
                         "priority_category": [1, 2, 3, 1], "via": ["name"] * 4})
    imd = pd.DataFrame({"lad19_code": ["A", "B", "C"], "imd_rank_of_avg_score": [1, 2, 3]})
    excluded = pd.DataFrame({"lad19_code": ["B"], "reason": ["merged; excluded"]})
    t, recs, lost = hle.analysis_table(values, prio, imd, "rank_of_average_score", excluded)
    assert t["lad19_code"].tolist() == ["A", "C"]
    assert lost.set_index("lad19_code")["reason"].to_dict() == {"B": "merged; excluded", "D": "no deprivation rank"}
    assert [len(r.unmatched_left) for r in recs] == [1, 1]  # D has no rank and no HLE row
    with pytest.raises(ValueError, match="'measure'"):
        hle.analysis_table(values, prio, imd, "score", excluded)


@pytest.mark.parametrize("n,cut,k", [(317, 0.3, 95), (310, 0.3, 93), (312, 0.3, 94), (5, 0.5, 3), (10, 0.25, 3),
                                     (314, 0.3, 94)])
def test_n_lowest_rounds_half_up(n, cut, k):
    assert hle.n_lowest(n, cut) == k


def test_lowest_share_includes_ties_and_refuses_missing():
    v = pd.Series([5.0, 1.0, 3.0, 3.0, 9.0, 7.0])
    assert hle.lowest_share(v, 0.5).tolist() == [False, True, True, True, False, False]
    assert hle.lowest_share(v, 0.3).tolist() == [False, True, True, True, False, False]  # k=2, tie at 3.0
    assert hle.lowest_share(v, 0.1).sum() == 1
    with pytest.raises(ValueError, match="missing"):
        hle.lowest_share(pd.Series([1.0, np.nan]), 0.5)


def test_hle_average():
    v = pd.Series([1.0, 2.0, 9.0])
    assert hle.hle_average(v, "england", 5.5) == 5.5
    assert hle.hle_average(v, "mean", 0) == 4.0
    assert hle.hle_average(v, "median", 0) == 2.0
    with pytest.raises(ValueError, match="'average'"):
        hle.hle_average(v, "mode", 0)


def test_classify_halves_fifths_and_sides():
    t = pd.DataFrame({"deprivation_rank": [1, 2, 5, 6, 10], "hle": [60.0, 63.0, 62.0, 61.9, 70.0]})
    out = hle.classify(t, 10, 62.0)
    assert out["half"].tolist() == ["more deprived half"] * 3 + ["less deprived half"] * 2
    assert out["fifth"].tolist() == [1, 1, 3, 3, 5]
    assert out["hle_side"].tolist() == ["below-average HLE", "above-average HLE", "above-average HLE",
                                        "below-average HLE", "above-average HLE"]
    with pytest.raises(ValueError, match="1..10"):
        hle.classify(t.assign(deprivation_rank=[0, 1, 2, 3, 4]), 10, 62.0)


def test_quadrant_counts_keeps_empty_cells_and_lowest_counts():
    t = pd.DataFrame({"priority_category": [1, 1, 3], "quadrant": [hle.QUADRANTS[0], hle.QUADRANTS[3], hle.QUADRANTS[0]],
                      "lowest": [True, False, True]})
    q = hle.quadrant_counts(t)
    assert q.shape == (3, 5) and q.loc[2].sum() == 0
    assert q.loc[1, hle.QUADRANTS[3]] == 1 and q.loc[3, hle.QUADRANTS[0]] == 1 and q.loc[1, "all"] == 2
    c = hle.lowest_counts(t)
    assert (c["n"], c["n_lowest"], c["lowest_g1"], c["lowest_not_g1"], c["g1_not_lowest"]) == (3, 2, 1, 1, 1)


def test_value_changes():
    a = pd.DataFrame({"lad19_code": ["A", "B"], "hle": [60.0, 61.0]})
    b = pd.DataFrame({"lad19_code": ["A", "B"], "hle": [60.0, 61.25]})
    assert hle.value_changes(a, b) == {"n_changed": 1, "max_change": 0.25, "changed": ["B"]}


# --------------------------------------------------------------------------------------------
# the real data


@pytest.fixture(scope="module")
def inputs():
    return hle.load_inputs()


@pytest.fixture(scope="module")
def res(inputs):
    return hle.run(inputs)


def test_parameter_validation_in_run(inputs):
    with pytest.raises(ValueError, match="'sex'"):
        hle.run(inputs, sex="males")
    with pytest.raises(ValueError, match="cutoff"):
        hle.run(inputs, cutoff=30)


def test_msoa_prefixes_all_match_326_districts(res):
    rec = res.reconciliations[1]
    assert rec.matched == 326  # SOURCE.md: 326 distinct prefixes = the 2009-19 LTLAs
    assert rec.unmatched_left.empty and rec.unmatched_right.empty


def test_official_values_reconciliation_pinned(inputs, res):
    rec = res.reconciliations[2]
    counties = {c for c in inputs["hle"].query("level == 'utla'")["code"] if c.startswith("E10")}
    assert len(counties) == 27  # SOURCE.md: 27 E10 counties in the UTLA sheets
    assert set(rec.unmatched_left["key"]) == counties | {"E06000028", "E06000029"}  # Bournemouth, Poole
    districts = {c for c in inputs["imd"]["lad19_code"] if c.startswith("E07")}
    assert len(districts) == 192
    # every shire district, plus the two unitaries created in 2019 (BCP, Dorset)
    assert set(rec.unmatched_right["key"]) == districts | set(geography.MERGED_2019)
    assert len(rec.unmatched_right) == 194
    assert rec.unexplained.empty
    assert rec.matched == 56 + 36 + 33 - 2  # single-tier LAs of 2019 less BCP and Dorset, which are new


def test_priority_reconciliations_pinned(res):
    luf = res.reconciliations[0]
    assert set(luf.unmatched_left["key"]) == {"Buckinghamshire"}
    # joined by name: the four 2019 Buckinghamshire districts (SOURCE.md)
    assert set(luf.unmatched_right["key"]) == {"Aylesbury Vale", "Chiltern", "South Bucks", "Wycombe"}
    for rec in res.reconciliations[3:]:
        assert rec.matched == 317 and rec.unmatched_left.empty and rec.unmatched_right.empty


def test_official_check_values(inputs):
    off = hle.official_lower_tier(inputs["hle"], "male").set_index("name")["hle_official"]
    # SOURCE.md check values, males 2009-13
    assert off["Tower Hamlets"] == pytest.approx(56.70, abs=0.005)
    assert off["Isles of Scilly"] == pytest.approx(71.18, abs=0.005)
    assert off["Richmond upon Thames"] == pytest.approx(69.13, abs=0.005)
    assert off.idxmin() == "Manchester" and off.min() == pytest.approx(55.80, abs=0.005)
    assert hle.england_value(inputs["hle"], "male") == pytest.approx(63.49, abs=0.005)
    assert hle.england_value(inputs["hle"], "female") == pytest.approx(64.77, abs=0.005)
    assert "City of London" in off.index  # kept: it has its own official value and IoD rank


def test_implausible_msoas(inputs):
    imp = inputs["hle"][inputs["hle"]["le_implausible"]]
    assert len(imp) == 6  # SOURCE.md
    assert imp.query("sex == 'male'")["name"].tolist() == ["Southwark 009"]


def test_every_lad19_gets_a_value_and_sources_add_up(res):
    t = res.table
    assert len(t) == 317 and res.lost.empty
    assert (t["hle_source"] == "official").sum() == 56 + 36 + 33 - 2
    assert (t["hle_source"] == "estimate (merged 2019 LA)").sum() == 5
    # Shepway became Folkestone and Hythe (same code): estimated from the 'Shepway NNN' MSOAs
    fh = t.set_index("lad19_code").loc["E07000112"]
    assert fh["lad19_name"] == "Folkestone and Hythe" and fh["hle_source"] == "estimate" and fh["n_msoa"] > 5
    assert t["hle"].between(50, 75).all()


def test_priority_groups_match_the_fund_list(res):
    # SOURCE.md: England 93 / 108 / 113; Buckinghamshire (3) becomes four 2019 districts -> 116
    assert res.table["priority_category"].value_counts().sort_index().tolist() == [93, 108, 116]


def test_estimator_validation_matches_source_notes(res):
    s = res.validation_by_estimator.set_index("estimator")
    assert s.loc["mean", "n"] == 125  # all 56 + 36 + 33 single-tier LAs of 2011
    # SOURCE.md (males, plain mean): bias about -0.02, SD 0.21, max |error| 0.87
    assert abs(s.loc["mean", "bias"]) < 0.05
    assert s.loc["mean", "sd"] == pytest.approx(0.21, abs=0.02)
    assert s.loc["mean", "max_abs"] == pytest.approx(0.87, abs=0.03)


@pytest.mark.parametrize("sex", hle.SEXES)
def test_plain_mean_is_the_best_estimator_for_both_sexes(inputs, sex):
    s = hle.run(inputs, sex=sex).validation_by_estimator.set_index("estimator")
    assert s["rmse"].idxmin() == "mean"  # why it is the default


def test_figure2_counts_are_consistent(res):
    c = res.counts
    assert res.k == 95 == c["n_lowest"]  # round(0.3 x 317)
    assert c["lowest_g1"] + c["lowest_not_g1"] == c["n_lowest"]
    assert c["lowest_g1"] + c["g1_not_lowest"] == 93
    assert res.table.loc[res.table["lowest"], "hle"].max() < res.table.loc[~res.table["lowest"], "hle"].min()


def test_merged_exclude_lists_the_five(inputs):
    r = hle.run(inputs, merged="exclude")
    assert set(r.lost["lad19_code"]) == set(geography.MERGED_2019)
    assert r.counts["n"] == 312 and r.k == 94


def test_claims_rows(res, inputs):
    from analysis.ledger import claims
    from analysis.data import loaders

    led = claims.ledger(hle.claim_rows(res, loaders.luf_priority())).set_index("claim_id")
    assert led.loc["hle_fig2_n_lowest", "published"] == "93"
    assert led.loc["hle_fig2_lowest_in_g1", "published"] == "58"
    assert led.loc["hle_fig2_lowest_not_g1", "published"] == "35"
    assert led.loc["hle_fig2_audit_sum", "verdict"] == "consistent"
    assert led.loc["hle_luf_g1_share", "reproduced"] == pytest.approx(100 * 93 / 314, abs=0.05)
    assert set(led["verdict"]) <= set(claims.VERDICTS)


def test_notebook_parameters_declared():
    from analysis import config
    from analysis.tooling import runner

    path = config.NOTEBOOKS / "01_hle_priority.ipynb"
    declared = runner.declared_parameters(path)
    assert set(declared) == {"sex", "cutoff", "measure", "average", "estimator", "merged", "include_implausible"}
    assert declared["measure"].choices == tuple(hle.MEASURES)
    assert declared["estimator"].choices == hle.ESTIMATORS
    assert runner.validate_parameters(path, {"sex": "female", "cutoff": "0.2"}) == {"sex": "female", "cutoff": 0.2}
    from analysis.errors import ParameterError
    with pytest.raises(ParameterError):
        runner.validate_parameters(path, {"average": "mode"})


def test_committed_ledger_holds_the_figure2_claims(root):
    led = pd.read_csv(root / "results" / "claims" / "hle.csv", dtype=str).set_index("claim_id")
    assert led.loc[["hle_fig2_n_lowest", "hle_fig2_lowest_in_g1", "hle_fig2_lowest_not_g1"], "published"].tolist() == \
        ["93", "58", "35"]
    assert (led["analysis"] == "hle").all()
