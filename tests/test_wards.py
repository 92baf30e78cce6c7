"""analysis.studies.wards: unit tests on synthetic frames, the notebook's declared parameters, and
invariants on the real data."""

import numpy as np
import pandas as pd
import pytest

from analysis.data import geography, loaders
from analysis.errors import ParameterError
from analysis.studies import wards
from analysis.tooling import runner

NOTEBOOK = runner.notebook_path("06_left_behind_wards")


def test_declared_parameters_match_the_module():
    declared = runner.declared_parameters(NOTEBOOK)
    assert set(declared) == {"universe", "worst_share"}
    assert set(declared["universe"].choices) == set(wards.UNIVERSES) == set(wards.UNIVERSE_TEXT)
    assert 0 < declared["worst_share"].low < declared["worst_share"].default < declared["worst_share"].high < 1
    with pytest.raises(ParameterError, match="worst_share"):
        runner.validate_parameters(NOTEBOOK, {"worst_share": 0.5})


def _wards(n=20):
    return pd.DataFrame({"ward17_code": [f"E05{i:06d}" for i in range(n)],
                         "cni_score": np.arange(n, 0, -1, dtype=float),
                         "imd_score": np.r_[np.arange(n, 0, -1, dtype=float)[:1], [0.5], np.arange(n - 2, 0, -1.0)],
                         "left_behind": [True, True] + [False] * (n - 2)})


def test_worst_share_floor_and_ties():
    s = pd.Series(np.arange(20, 0, -1, dtype=float))  # 20 wards, highest first
    flag = wards.worst_share(s, 0.1)
    assert flag.sum() == 2 and flag.iloc[:2].all()
    tied = pd.Series([5.0, 5.0, 1.0, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01])
    assert wards.worst_share(tied, 0.1).tolist()[:2] == [True, True]  # ties share the lower rank
    assert wards.worst_share(pd.Series([3.0, np.nan] + [1.0] * 9), 0.1).tolist()[0] is True
    with pytest.raises(ParameterError, match="worst_share"):
        wards.worst_share(s, 1.5)


def test_inner_city_definitions():
    codes = pd.Series(["E09000007", "E09000011", "E08000025", "E08000001", "E07000001"])
    assert wards.inner_city(codes, "inner_london").tolist() == [True, False, False, False, False]
    assert wards.inner_city(codes, "inner_london_and_core_cities").tolist() == [True, False, True, False, False]
    assert wards.inner_city(codes, "london").tolist() == [True, True, False, False, False]
    assert wards.inner_city(codes, "metropolitan").tolist() == [True, True, True, True, False]
    with pytest.raises(ParameterError, match="inner_city"):
        wards.inner_city(codes, "downtown")
    assert len(wards.INNER_LONDON) == 14 and len(wards.CORE_CITIES) == 8
    assert set(wards.INNER_CITY_TEXT) == set(wards.INNER_CITY_DEFINITIONS)


def test_derive_compare_and_agreement():
    w = wards.derive_left_behind(_wards(), "own", 0.1)
    assert w["left_behind_derived"].tolist()[:2] == [True, False]  # ward 2 is not worst on IMD
    a = wards.agreement(w)
    assert a == {"derived": 1, "published": 2, "both": 1, "derived_only": 0, "published_only": 1}
    diff = wards.compare_flags(w)
    assert diff["ward17_code"].tolist() == ["E05000001"] and diff["why"].iloc[0].endswith("on ward IMD")
    with pytest.raises(ParameterError, match="universe"):
        wards.derive_left_behind(_wards(), "global")


def test_common_universe_ranks_only_shared_wards():
    w = _wards().assign(imd_score=lambda d: d["imd_score"].where(d.index != 0))
    own = wards.derive_left_behind(w, "own", 0.1)
    common = wards.derive_left_behind(w, "common", 0.1)
    assert bool(own.loc[0, "cni_worst"]) and not bool(common.loc[0, "cni_worst"])


def test_high_on_both_per_la_and_the_inner_city_table():
    w = wards.derive_left_behind(_wards(), "own", 0.1).assign(la=["a"] * 10 + ["b"] * 10)
    t = wards.high_on_both_by_group(w, w["la"].eq("b")).set_index("wards")
    assert t.loc["inner city", "high_on_both"] == 0 and t.loc["all wards", "n"] == 20
    p = wards.per_la(w, "la").set_index("la")
    assert p.loc["a", "left_behind"] == 1 and p.loc["a", "pct_left_behind"] == 10.0
    w = w.assign(lad17_code=["E09000007"] * 10 + ["E07000001"] * 10)  # the one derived ward is in Camden
    table = wards.inner_city_table(w)
    assert list(table.index) == list(wards.INNER_CITY_DEFINITIONS)
    assert table.loc["inner_london", "high_on_both"] == 1 and table.loc["inner_london", "share_pct"] == 10.0
    assert table.loc["inner_london", "all_wards_pct"] == 5.0 and not table.loc["inner_london", "holds"]
    assert table.loc["inner_london_and_core_cities", "wards"] == 10


def test_page_facts_la_table_and_claim_rows():
    w = wards.derive_left_behind(_wards(), "own", 0.1)
    f = wards.page_facts(w, "own", 0.1)
    assert f["lb_published_only"] == 1 and f["n_pub_not_imd"] == 1 and f["n_pub_not_cni"] == 0
    assert f["worst_share_pct"] == "10%" and f["n_cni"] == "20"
    w19 = w.assign(lad19_code=["E1"] * 5 + ["E2"] * 15)
    by_la = wards.la_table(w19, pd.Series({"E1": "One", "E2": "Two"}))
    assert by_la["lad19_name"].tolist() == ["One", "Two"] and by_la["left_behind"].tolist() == [1, 0]
    assert wards.la_facts(by_la, 1) == {"n_la_with": 1, "n_la": 2, "top_las": "One (1)"}
    rows = wards.claim_rows(wards.agreement(w), "own", 0.1)
    assert [r["verdict"] for r in rows] == ["differs", "differs"]  # 1 and 2 against the published 225
    assert rows[0]["published"] == "225" and "worst_share=0.1" in rows[0]["note"]


def test_left_behind_map_has_one_tooltip_per_la():
    import geopandas as gpd
    from shapely.geometry import box

    from analysis import figures

    figures.use_style()
    gdf = gpd.GeoDataFrame({"lad19_code": ["E1", "E2", "W1"], "lad19_name": ["One", "Two", "Wales"]},
                           geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 1, 2)], crs=figures.BNG)
    by_la = pd.DataFrame({"lad19_code": ["E1"], "wards": [10], "left_behind": [2], "pct_left_behind": [20.0]})
    html = wards.left_behind_map(gdf, by_la, 0.1).html()
    assert 'data-name="One"' in html and 'data-name="Two"' in html and "Wales" not in html


# ---------------------------------------------------------------------------------------------
# the real data: counts published by Local Trust, and checks made by hand on the raw ward files

MISSING_IMD = {"E05003230", "E05003257", "E05003259", "E05006760", "E05006764", "E05008917", "E05008922",
               "E05009880", "E05010102", "E05010187", "E05010593", "E05010599"}


@pytest.fixture(scope="module")
def real():
    return wards.ward_data()


def test_ward_join_unmatched_sets(real):
    df, rec = real
    assert rec.matched == 7421
    assert set(rec.unmatched_left["key"]) == MISSING_IMD
    right = rec.unmatched_right
    assert len(right) == 6 and "E05011093" in set(right["key"])  # 5 City of London wards + Scilly
    assert rec.unexplained.empty
    assert len(df) == 7433 + 6


def test_left_behind_rederivation(real):
    df, _ = real
    w = wards.derive_left_behind(df, "own", 0.1)
    a = wards.agreement(w)
    assert a["published"] == 225  # Local Trust's published count
    # the rule applied by hand to the CNI and British Red Cross ward IMD files: 743 wards in the CNI's
    # worst 10%, 225 wards in the worst 10% on both, 218 of them flagged by Local Trust
    assert a["derived"] == 225 and a["both"] == 218
    assert int(w["cni_worst"].sum()) == 743


def test_published_flag_within_cni_worst_decile(real):
    df, _ = real
    lb = df[df["left_behind"]]
    assert lb["cni_rank"].between(4, 732).all()  # the flagged wards' CNI ranks run from 4 to 732


def test_no_inner_london_ward_is_published_left_behind(real):
    df, _ = real
    inner = wards.inner_city(df["lad17_code"], "inner_london")
    assert inner.sum() > 200
    assert not (df["left_behind"] & inner).any()


def test_lad19_created_reasons_name_the_april_2019_mergers():
    r = geography.lad19_created_reasons(loaders.lookup_lad17_lad19())
    assert set(r) == {"E06000058", "E06000059", "E07000244", "E07000245", "E07000246"}
    assert "E07000049" in r["E06000059"]


def test_inner_city_texts_count_the_real_local_authorities(real):
    df, _ = real
    lads = pd.Series(df["lad17_code"].dropna().unique())
    assert int(lads.str.startswith("E09").sum()) == 33  # 32 London boroughs and the City
    assert int(lads.str.startswith("E08").sum()) == 36  # the metropolitan districts
    assert "33" in wards.INNER_CITY_TEXT["london"] and "36" in wards.INNER_CITY_TEXT["metropolitan"]
