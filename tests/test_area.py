"""analysis.studies.area: the name search and the joins on synthetic frames; the table on the real data."""

import json
import re

import pandas as pd
import pytest

from analysis import config
from analysis.studies import area


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
    assert area.normalise(raw) == normal


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
    assert rec.unmatched_right["name"].tolist() == ["Wales"] and rec.unexplained.empty
    with pytest.raises(ValueError, match="pct_low_pay"):
        area.join_regions(t, low.drop(columns="pct_low_pay"))


def test_join_series_uses_the_own_code_then_the_2023_unitary():
    t = pd.DataFrame({"code": ["E06000001", "E07000026", "E07000032"], "name": ["Hartlepool", "Allerdale", "Amber Valley"],
                      "lad23_code": [None, "E06000063", None]})
    series = pd.DataFrame({"area_code": ["E06000001", "E06000063", "E92000001", "E06000099"],
                           "area_name": ["Hartlepool", "Cumberland", "England", "Nowhere"]})
    out, rec = area.join_series(t, series)
    assert out["mission7_code"].fillna("none").tolist() == ["E06000001", "E06000063", "none"]
    assert rec.unmatched_left["key"].tolist() == ["E07000032"]
    assert rec.unexplained["key"].tolist() == ["E06000099"]  # an area of the series that covers no LA


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
    for slot in area.SLOTS:
        assert t[slot].isna().all(), f"{slot} is a slot: nothing may fill it here"


def test_the_unmatched_sets_are_pinned(real):
    t, joins, _ = real
    assert {k: (r.matched, len(r.unmatched_left), len(r.unmatched_right)) for k, r in joins.items()
            if k != "luf_r1"} == {"leave": (317, 0, 0), "priority": (317, 0, 0), "low_pay": (9, 0, 3),
                                  "mission7": (153, 164, 0)}
    assert sorted(joins["low_pay"].unmatched_right["name"]) == ["Northern Ireland", "Scotland", "Wales"]
    assert joins["mission7"].unmatched_left["key"].str.startswith("E07").all()
    assert joins["luf_r1"].unmatched_right.empty  # every award lands on a LA of 2019
    for name, rec in joins.items():
        assert rec.unexplained.empty, f"{name}: {rec}"
    assert t["cni_mean"].isna().sum() == 2  # the Isles of Scilly and the City of London have no CNI wards


def test_hull_and_its_2023_successors_are_found(real):
    t, _, _ = real
    assert area.find(t, "Hull") == area.find(t, "kingston upon hull") == ["E06000010"]
    assert len(area.find(t, "North Yorkshire")) == 7  # its seven districts of 2019
    assert area.find(t, "Cumberland") == ["E07000026", "E07000028", "E07000029"]


def test_committed_table_is_what_the_page_writes(real, tmp_path, monkeypatch):
    t, _, _ = real
    monkeypatch.setenv("LEVELUP_OUTPUT_DIR", str(tmp_path))
    area.write(t)
    assert (tmp_path / "area.csv").read_text() == (config.ROOT / "results" / "area.csv").read_text(), \
        "results/area.csv is stale: run `python -m analysis run 92_your_area`"
