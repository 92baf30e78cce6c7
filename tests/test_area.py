"""analysis.pages.area: the name search and the joins on synthetic frames; the table on the real data."""

import json
import re

import pandas as pd
import pytest

from analysis import config
from analysis.data import geography
from analysis.pages import area


def _names():
    return pd.DataFrame({"code": ["E06000010", "E08000029", "E09000001", "E07000163", "E06000023"],
                         "name": ["Kingston upon Hull, City of", "Solihull", "City of London", "Craven",
                                  "Bristol, City of"],
                         "name_2023": ["Kingston upon Hull, City of", "Solihull", "City of London", "North Yorkshire",
                                       "Bristol, City of"]})


@pytest.mark.parametrize("raw, normal", [
    ("Kingston upon Hull, City of", "kingston upon hull"), ("City of London", "london"),
    ("Herefordshire, County of", "herefordshire"), ("King's Lynn and West Norfolk", "king s lynn and west norfolk"),
    ("  Brighton & Hove ", "brighton and hove"), ("Newcastle-upon-Tyne", "newcastle upon tyne")])
def test_normalise_forgives_case_punctuation_and_city_of(raw, normal):
    assert geography.name_key(raw) == normal


@pytest.mark.parametrize("query, codes", [
    ("Hull", ["E06000010"]), ("kingston upon hull", ["E06000010"]), ("KINGSTON-UPON-HULL, city of", ["E06000010"]),
    ("solihull", ["E08000029"]), ("City of London", ["E09000001"]), ("north yorkshire", ["E07000163"]),
    ("bristol", ["E06000023"]), ("city of bristol", ["E06000023"]), ("", []), ("Atlantis", [])])
def test_find(query, codes):
    assert area.find(_names(), query) == codes


def test_find_lists_every_match_when_the_name_is_not_exact():
    names = pd.DataFrame({"code": ["A", "B", "C", "D"], "name": ["North Devon", "Mid Devon", "Devonport", "Undevon"]})
    assert area.find(names, "devon") == ["A", "B", "C"]  # the query starts a word (as typed), never inside one
    assert area.find(names, "devonport") == ["C"]


def test_rank_counts_only_areas_with_a_value_and_shares_ties():
    r = area.rank(pd.Series([3.0, 1.0, None, 3.0]), highest_first=True)
    assert r.tolist() == [1, 3, pd.NA, 1]
    assert area.rank(pd.Series([3.0, 1.0]), highest_first=False).tolist() == [2, 1]


def test_join_regions_matches_ignoring_case_and_reports_the_nations():
    t = pd.DataFrame({"code": ["A", "B"], "region": ["Yorkshire and The Humber", "London"]})
    low = pd.DataFrame({"region": ["Yorkshire and the Humber", "London", "Wales", "UK"],
                        "row_type": ["region", "region", "region", "total"], "pct_low_pay": [22.1, 19.8, 22.6, 20.5]})
    out, rec = area.join_regions(t, low)
    assert out["region_low_pay_pct"].tolist() == [22.1, 19.8]
    assert out["region_low_pay_rank"].tolist() == [1, 2]  # among the LAs' regions: Wales is not one
    assert rec.unmatched_right["name"].tolist() == ["Wales"] and rec.unexplained.empty
    with pytest.raises(ValueError, match="pct_low_pay"):
        area.join_regions(t, low.drop(columns="pct_low_pay"))


def test_join_series_uses_the_own_code_then_the_2023_unitary_then_the_same_name():
    t = pd.DataFrame({"code": ["E06000001", "E07000026", "E07000032", "E08000016", "E09000001", "E08000019"],
                      "name": ["Hartlepool", "Allerdale", "Amber Valley", "Barnsley", "City of London", "Sheffield"]})
    series = pd.DataFrame({"area_code": ["E06000001", "E06000063", "E92000001", "E08000038", "E10000007", "E06000099",
                                         "E08000039", "E08000040"],
                           "area_name": ["Hartlepool", "Cumberland", "England", "Barnsley", "Derbyshire", "Nowhere",
                                         "Sheffield", "Sheffield"]})
    out, rec = area.join_series(t, series)
    assert out["mission7_code"].fillna("none").tolist() == ["E06000001", "E06000063", "none", "E08000038", "none", "none"]
    assert out["mission7_match"].fillna("none").tolist() == ["own code", "2023 unitary", "none", "same name, newer code",
                                                             "none", "none"]  # two areas called Sheffield: neither taken
    reasons = dict(zip(rec.unmatched_left["key"], rec.unmatched_left["reason"]))
    assert "no district-to-county lookup" in reasons["E07000032"] and "no estimate" in reasons["E09000001"]
    assert "E10000007" in set(rec.unmatched_right["key"]) and "county" in rec.unmatched_right.set_index("key").loc[
        "E10000007", "reason"]
    assert sorted(rec.unexplained["key"]) == ["E06000099", "E08000039", "E08000040"]
    with pytest.raises(ValueError, match="area_name"):
        area.join_series(t, series.drop(columns="area_name"))


def test_join_fund_gives_money_in_millions_per_head_and_ranks():
    t = pd.DataFrame({"code": ["A", "B", "C"], "name": ["Ay", "Bee", "Cee"]})
    la19 = pd.DataFrame({"lad19_code": ["A", "B", "C"], "lad19_name": ["Ay", "Bee", "Cee"],
                         "money": [2e6, 0.0, 5e6], "per_head": [20.0, 0.0, 5.0]})
    out, rec = area.join_fund(t, la19, "2")
    assert out["luf_r2_money_m"].tolist() == [2.0, 0.0, 5.0]
    assert out["luf_r2_money_rank"].tolist() == [2, 3, 1] and out["luf_r2_per_head_rank"].tolist() == [1, 3, 2]
    assert rec.matched == 3 and rec.unexplained.empty
    with pytest.raises(ValueError, match="per_head"):
        area.join_fund(t, la19.drop(columns="per_head"), "1")


def test_bids_outside_lists_each_unplaced_bid_with_its_reason():
    placed = pd.DataFrame({"bid_id": ["R1-1", "R1-1", "R1-2"]})
    unplaced = pd.DataFrame({"bid_id": ["R1-3"], "area": ["Powys"], "reason": ["Wales: outside England"]})
    rec = area.bids_outside(placed, unplaced, "1")
    assert rec.matched == 2 and rec.unmatched_left["key"].tolist() == ["R1-3"] and rec.unexplained.empty


def test_series_of_ranks_every_area_in_the_latest_period():
    rows = [("E06000001", "Ay", "2011-13", "male", 60.0), ("E06000001", "Ay", "2012-14", "male", 61.0),
            ("E06000002", "Bee", "2012-14", "male", 58.0), ("E06000003", "Cee", "2012-14", "male", 65.0),
            ("E92000001", "England", "2012-14", "male", 63.0)]
    s = pd.DataFrame(rows, columns=["area_code", "area_name", "period", "sex", "hle"]).assign(
        lci=lambda d: d["hle"] - 1, uci=lambda d: d["hle"] + 1)
    out = area.series_of(s, ["E06000001"])
    assert out["periods"] == ["2011-13", "2012-14"] and out["latest"] == "2012-14" and out["n"] == {"male": 3}
    assert out["areas"] == {"E06000001": {"name": "Ay", "rank": {"male": 2},
                                          "male": [[60.0, 59.0, 61.0], [61.0, 60.0, 62.0]]}}
    assert area.series_of(s, ["E06000002"])["areas"]["E06000002"]["male"] == [None, [58.0, 57.0, 59.0]]


def test_search_box_embeds_the_data_safely_and_refuses_an_empty_table():
    data = {"columns": ["code", "name"], "rows": [["X", "</script><b>"]], "fields": [], "series": {}}
    html = area.search_box(data)
    assert html.count("</script>") == 2  # the data's own "</script>" is escaped
    blob = re.search(r'<script type="application/json" id="lu-area-data">(.*?)</script>', html).group(1)
    assert json.loads(blob)["rows"] == [["X", "</script><b>"]]
    assert 'for="lu-area-q"' in html and "http" not in html
    with pytest.raises(Exception, match="empty"):
        area.search_box({"rows": []})


# ------------------------------------------------------------------------------ the real data


@pytest.fixture(scope="module")
def real():
    inputs = area.load()
    return (*area.table(**inputs), inputs)


def test_one_row_per_english_la_of_2019(real):
    t, _, _ = real
    assert len(t) == 317 and t["code"].is_unique and t["code"].str.match(r"^E0[6-9]").all()
    assert set(t["hle_male_source"]) == {"official", "estimate", "estimate (merged 2019 LA)"}
    assert t["hle_male_rank"].min() == 1 and t["hle_male_rank"].max() == 317
    assert t["leave_pct"].between(20, 80).all()  # a percentage of valid votes
    assert set(t["priority_category"].astype(str)) == {"1", "2", "3"}
    # the Fund: each LA's money over both rounds is its two rounds' money, under the same attribution
    assert (t["luf_both_money_m"] - t["luf_r1_money_m"] - t["luf_r2_money_m"]).abs().max() < 1e-6
    assert (t["luf_r1_money_m"] > 0).sum() > 50 and (t["luf_r2_money_m"] > 0).sum() > 50
    assert t["population_estimated"].sum() == (t["code_2023"] != t["code"]).sum() == 28


def test_the_unmatched_sets_are_pinned(real):
    t, joins, _ = real
    assert {k: (r.matched, len(r.unmatched_left), len(r.unmatched_right)) for k, r in joins.items()} == {
        "leave": (317, 0, 0), "priority": (317, 0, 0), "luf_r1": (317, 0, 0), "luf_r2": (317, 0, 0),
        "luf_both": (317, 0, 0), "luf_r1_bids": (76, 29, 0), "luf_r2_bids": (80, 31, 0), "low_pay": (9, 0, 3),
        "mission7": (151, 166, 21)}
    assert sorted(joins["low_pay"].unmatched_right["name"]) == ["Northern Ireland", "Scotland", "Wales"]
    for r in ("r1", "r2"):  # the bids that reach no LA here are those outside England
        assert joins[f"luf_{r}_bids"].unmatched_left["reason"].str.match(r"^(Scotland|Wales|Northern Ireland):").all()
    m7 = joins["mission7"]
    left = m7.unmatched_left.set_index("key")
    two_tier = t.loc[t["code"].str.startswith("E07") & (t["code_2023"] == t["code"]), "code"]
    assert set(left.index) == set(two_tier) | {"E06000053", "E09000001"}  # + the Isles of Scilly, City of London
    assert left.loc[two_tier, "reason"].str.contains("no district-to-county lookup").all()
    assert m7.unmatched_right["key"].str.startswith("E10").all() and len(m7.unmatched_right) == 21
    assert t.loc[t["mission7_match"] == "same name, newer code", ["code", "mission7_code"]].values.tolist() == [
        ["E08000016", "E08000038"], ["E08000019", "E08000039"]]  # Barnsley, Sheffield
    for name, rec in joins.items():
        assert rec.unexplained.empty, f"{name}: {rec}"
    assert t["cni_mean"].isna().sum() == 2  # the Isles of Scilly and the City of London have no CNI wards


def test_hull_and_the_2023_unitaries_are_found(real):
    t, _, _ = real
    assert area.find(t, "Hull") == area.find(t, "kingston upon hull") == ["E06000010"]
    assert len(area.find(t, "North Yorkshire")) == 7  # its seven districts of 2019
    assert area.find(t, "Cumberland") == ["E07000026", "E07000028", "E07000029"]
    assert area.find(t, "Buckinghamshire") == ["E07000004", "E07000005", "E07000006", "E07000007"]
    assert area.find(t, "westmorland") == ["E07000027", "E07000030", "E07000031"]
    assert len(area.find(t, "Somerset")) == 4 and "North Somerset" not in set(t.loc[t["code"].isin(area.find(t, "Somerset")), "name"])
    bucks = t[t["code"].isin(area.find(t, "Buckinghamshire"))]
    assert set(bucks["mission7_code"]) == {"E06000060"} and set(bucks["mission7_match"]) == {"2023 unitary"}
    hull = t.set_index("code").loc["E06000010"]
    assert hull["mission7_code"] == "E06000010" and hull["mission7_match"] == "own code"


def test_the_page_data_holds_what_the_table_file_holds(real, tmp_path, monkeypatch):
    t, _, inputs = real
    monkeypatch.setenv("LEVELUP_OUTPUT_DIR", str(tmp_path))
    area.write(t)
    written = pd.read_csv(tmp_path / "area.csv")
    data = area.payload(t, inputs["series"])
    shown = pd.DataFrame(data["rows"], columns=data["columns"])
    for f in data["fields"]:  # the box shows the figures the file holds, to the file's six significant digits
        pd.testing.assert_series_equal(shown[f["column"]].astype(float), written[f["column"]].astype(float),
                                       check_exact=True, check_names=False)
    assert set(data["series"]["areas"]) == set(t["mission7_code"].dropna())
    assert len(area.search_box(data).encode()) < 200_000  # one compact block, not a page per LA


def test_committed_table_is_what_the_page_writes(real, tmp_path, monkeypatch):
    t, _, _ = real
    monkeypatch.setenv("LEVELUP_OUTPUT_DIR", str(tmp_path))
    area.write(t)
    assert (tmp_path / "area.csv").read_text() == (config.ROOT / "results" / "area.csv").read_text(), \
        "results/area.csv is stale: run `python -m analysis run 92_your_area`"
