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
