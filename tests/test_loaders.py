"""Loaders: unit tests on synthetic files (bad input stops with a clear message), then invariants
on the real data, checked against the publishers' totals and the mirror's documented shapes."""

import pandas as pd
import pytest

from analysis.data import loaders
from analysis.errors import DataError

HEADER = ("id,Region_Code,Region,Area_Code,Area,Electorate,ExpectedBallots,VerifiedBallotPapers,Pct_Turnout,"
          "Votes_Cast,Valid_Votes,Remain,Leave,Rejected_Ballots,No_official_mark,Voting_for_both_answers,"
          "Writing_or_mark,Unmarked_or_void,Pct_Remain,Pct_Leave,Pct_Rejected")
ROW = "108,E12000006,East,E06000031,Peterborough,120892,87474,87469,72.35,87469,87392,34176,53216,77,0,32,7,38,39.11,60.89,0.09"


def test_changed_column_is_named(tmp_path):
    p = tmp_path / "ref.csv"
    p.write_text(HEADER.replace("Pct_Leave", "Leave_Pct") + "\n" + ROW + "\n")
    with pytest.raises(DataError, match=r"ref.csv: missing column\(s\) \['Pct_Leave'\]"):
        loaders.parse_referendum(p)


def test_value_out_of_range_is_named(tmp_path):
    p = tmp_path / "ref.csv"
    p.write_text(HEADER + "\n" + ROW.replace("60.89,0.09", "160.89,0.09") + "\n")
    with pytest.raises(DataError) as exc:
        loaders.parse_referendum(p)
    msg = str(exc.value)
    assert "ref.csv does not match its schema" in msg
    assert "'pct_leave'" in msg and "160.89" in msg


def test_inconsistent_counts_are_caught(tmp_path):
    p = tmp_path / "ref.csv"
    p.write_text(HEADER + "\n" + ROW.replace(",53216,", ",53217,") + "\n")
    with pytest.raises(DataError, match="leave \\+ remain == valid_votes"):
        loaders.parse_referendum(p)


def test_require_columns_lists_what_was_found():
    with pytest.raises(DataError, match=r"found: \['a'\]"):
        loaders.require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "x.csv")


# --- invariants on the real data --------------------------------------------------------------


def test_referendum_totals_match_the_electoral_commission():
    ref = loaders.referendum()
    assert len(ref) == 382 and ref["area_code"].is_unique
    assert ref["leave"].sum() == 17_410_742
    assert ref["remain"].sum() == 16_141_241
    eng = ref[ref["area_code"].str.match(r"^E0[6-9]")]
    assert len(eng) == 326
    assert (eng["leave"].sum(), eng["remain"].sum()) == (15_187_583, 13_247_674)


def test_cni_wards_and_left_behind_count():
    cni = loaders.cni()
    assert len(cni) == 7433 and cni["ward17_code"].is_unique
    assert cni["left_behind"].sum() == 225
    assert cni["lad17_code"].nunique() == 324
    top = cni.loc[cni["cni_rank"] == 1, "ward17_name"].item()
    assert top == "Laindon Park"


def test_imd_lad_file10_and_file11():
    lad = loaders.imd_lad()
    assert len(lad) == 317 and lad["lad19_code"].str[:3].value_counts().to_dict() == {
        "E07": 192, "E06": 56, "E08": 36, "E09": 33}
    top5 = lad.sort_values("imd_rank_of_avg_score")["lad19_name"].head(5).tolist()
    assert top5 == ["Blackpool", "Knowsley", "Liverpool", "Kingston upon Hull, City of", "Middlesbrough"]
    assert len(loaders.imd_utla()) == 151


def test_imd_lsoa_and_ward():
    lsoa = loaders.imd_lsoa()
    assert len(lsoa) == 32844 and lsoa["lad19_code"].nunique() == 317
    assert lsoa["imd_decile"].value_counts().between(3284, 3285).all()
    ward = loaders.imd_ward()
    assert len(ward) == 7427


def test_hle_2009_13_check_values():
    hle = loaders.hle_2009_13()
    utla = hle[(hle["level"] == "utla") & (hle["sex"] == "male")].set_index("name")["hle"]
    assert round(utla["Tower Hamlets"], 2) == 56.70
    assert round(utla["Isles of Scilly"], 2) == 71.18
    assert utla.idxmin() == "Manchester"
    eng = hle[hle["level"] == "england"].set_index("sex")["hle"]
    assert (round(eng["male"], 2), round(eng["female"], 2)) == (63.49, 64.77)
    msoa = hle[hle["level"] == "msoa"]
    assert msoa["le_implausible"].sum() == 6
    assert msoa["name"].str.replace(r"\s+\d{3}$", "", regex=True).nunique() == 326


def test_hle_series_shape():
    s = loaders.hle_series()
    assert len(s) == 2926
    assert s["period"].nunique() == 11 and s["period"].min() == "2011-13" and s["period"].max() == "2021-23"
    las = s[s["area_code"] != "E92000001"]
    assert las["area_code"].nunique() == 132
    with_values = las.dropna(subset=["hle"]).groupby("period")["area_code"].nunique()
    assert (with_values == 130).all()  # City of London and Isles of Scilly are always NA
    assert set(las.loc[las["hle"].isna(), "area_code"]) == {"E09000001", "E06000053"}
    eng = s[(s["area_code"] == "E92000001") & (s["sex"] == "male")].set_index("period")["hle"]
    assert (eng["2011-13"], eng["2021-23"]) == (63.0, 61.5)


def test_luf_priority_counts():
    luf = loaders.luf_priority()
    assert luf["country"].value_counts().to_dict() == {"England": 314, "Scotland": 32, "Wales": 22}
    eng = luf[luf["country"] == "England"]["priority_category"].value_counts().sort_index().tolist()
    assert eng == [93, 108, 113]
    assert luf["priority_category"].value_counts().sort_index().tolist() == [123, 123, 122]


def test_luf_bids_totals():
    bids = loaders.luf_bids()
    r1 = bids[bids["round"] == 1]
    assert len(r1) == 105 and round(r1["bid_value"].sum()) == 1_693_323_657
    assert round(bids.loc[bids["round"] == 2, "bid_value"].sum()) == 2_088_234_431


def test_lookups_shapes():
    assert len(loaders.lookup_lsoa11_ward17()) == 34753
    w = loaders.lookup_ward17_lad17()
    assert w["ward17_code"].str[0].value_counts().to_dict() == {"E": 7463, "N": 462, "W": 852, "S": 354}
    l = loaders.lookup_lad17_lad19()
    assert (l["lad17_code"] != l["lad19_code"]).sum() == 18


def test_boundaries():
    gdf = loaders.boundaries()
    assert len(gdf) == 382
    assert gdf["lad19_code"].str[:3].isin(["E06", "E07", "E08", "E09"]).sum() == 317
