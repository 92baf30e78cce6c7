"""analysis.studies.left_behind and the rule it applies (analysis.data.left_behind): the declared
parameters, unit tests on synthetic frames, and invariants on the real data."""

import numpy as np
import pandas as pd
import pytest

from analysis.data import geography, left_behind, loaders
from analysis.errors import ParameterError
from analysis.ledger import claims as ledger_claims
from analysis.ledger.conclusions import Context
from analysis.studies.left_behind import STUDY, UNIVERSE_TEXT, claims, compute, outcomes, page, robustness
from analysis.tooling import runner

NOTEBOOK = runner.notebook_path("06_left_behind_wards")


def test_declared_parameters_match_the_rule():
    declared = STUDY.params
    assert set(declared.names) == {"universe", "worst_share"}
    assert set(declared["universe"].choices) == set(left_behind.UNIVERSES) == set(UNIVERSE_TEXT)
    low, high = declared["worst_share"].range
    assert 0 < low < declared["worst_share"].default < high < 1
    with pytest.raises(ParameterError, match="worst_share"):
        runner.validate_parameters(NOTEBOOK, {"worst_share": 0.5})
    with pytest.raises(ParameterError, match="universe"):
        STUDY.check(universe="global")


def _wards(n=20):
    return pd.DataFrame({"ward17_code": [f"E05{i:06d}" for i in range(n)],
                         "cni_score": np.arange(n, 0, -1, dtype=float),
                         "imd_score": np.r_[np.arange(n, 0, -1, dtype=float)[:1], [0.5], np.arange(n - 2, 0, -1.0)],
                         "left_behind": [True, True] + [False] * (n - 2)})


def _domain_wards(n=40, gap=1.0):
    """Wards in four IMD deciles; the first two of each decile flagged, ``gap`` more deprived on every
    domain but the living environment (less deprived there), and with few civic assets."""
    rng = np.random.default_rng(7)
    imd = np.arange(n, 0, -1, dtype=float)
    flag = np.zeros(n, dtype=bool)
    flag[[0, 1, 10, 11]] = True
    out = {"ward17_code": [f"E05{i:06d}" for i in range(n)], "imd_score": imd, "left_behind": flag,
           "civic_assets_score": np.where(flag, 90.0, rng.uniform(0, 40, n))}
    for d in outcomes.DOMAINS:
        sign = -1 if d == "environment" else 1
        out[f"{d}_score"] = imd / 10 + rng.normal(0, 0.05, n) + sign * gap * flag
    return pd.DataFrame(out)


def test_imd_decile_is_the_tenth_by_score():
    d = outcomes.imd_decile(pd.Series([10.0, 9, 8, 7, 6, 5, 4, 3, 2, 1, np.nan]))
    assert d.iloc[:10].tolist() == list(range(1, 11)) and d.isna().iloc[10]


def test_domain_gaps_compare_within_deciles_and_see_the_sign():
    gaps = outcomes.domain_gaps(_domain_wards()).set_index("domain")
    assert gaps.attrs["n_flagged"] == 4 and gaps.attrs["deciles"] == [1, 3]  # only deciles holding a flagged ward
    assert gaps.loc["Income", "worse"] and gaps.loc["Income", "difference"] == pytest.approx(1.0, abs=0.15)
    assert not gaps.loc["Living environment", "worse"] and gaps.loc["Living environment", "ci_high"] < 0
    none = outcomes.domain_gaps(_domain_wards(gap=0.0))
    assert not none["ci_low"].gt(0.2).any()  # no gap, no large difference found


def test_civic_assets_share_counts_flagged_wards_above_the_mean():
    c = outcomes.civic_assets_below_average(_domain_wards())
    assert c["n"] == 4 and c["pct_worse_than_mean"] == 100.0 and c["mean"] < 90


def test_worst_share_floor_and_ties():
    s = pd.Series(np.arange(20, 0, -1, dtype=float))  # 20 wards, highest first
    flag = left_behind.worst_share(s, 0.1)
    assert flag.sum() == 2 and flag.iloc[:2].all()
    tied = pd.Series([5.0, 5.0, 1.0, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01])
    assert left_behind.worst_share(tied, 0.1).tolist()[:2] == [True, True]  # ties share the lower rank
    assert left_behind.worst_share(pd.Series([3.0, np.nan] + [1.0] * 9), 0.1).tolist()[0] is True
    with pytest.raises(ParameterError, match="worst_share"):
        left_behind.worst_share(s, 1.5)


def test_inner_city_definitions():
    codes = pd.Series(["E09000007", "E09000011", "E08000025", "E08000001", "E07000001"])
    assert geography.inner_city(codes, "inner_london").tolist() == [True, False, False, False, False]
    assert geography.inner_city(codes, "inner_london_and_core_cities").tolist() == [True, False, True, False, False]
    assert geography.inner_city(codes, "london").tolist() == [True, True, False, False, False]
    assert geography.inner_city(codes, "metropolitan").tolist() == [True, True, True, True, False]
    with pytest.raises(ValueError, match="inner-city definition 'downtown'"):
        geography.inner_city(codes, "downtown")
    assert len(geography.INNER_LONDON) == 14 and len(geography.CORE_CITIES) == 8


def test_derive_compare_and_agreement():
    w = left_behind.derive_left_behind(_wards(), "own", 0.1)
    assert w["left_behind_derived"].tolist()[:2] == [True, False]  # ward 2 is not worst on IMD
    a = compute.agreement(w)
    assert a == {"derived": 1, "published": 2, "both": 1, "derived_only": 0, "published_only": 1}
    diff = compute.compare_flags(w)
    assert diff["ward17_code"].tolist() == ["E05000001"] and diff["why"].iloc[0].endswith("on ward IMD")
    with pytest.raises(ParameterError, match="universe"):
        left_behind.derive_left_behind(_wards(), "global")


def test_common_universe_ranks_only_shared_wards():
    w = _wards().assign(imd_score=lambda d: d["imd_score"].where(d.index != 0))
    own = left_behind.derive_left_behind(w, "own", 0.1)
    common = left_behind.derive_left_behind(w, "common", 0.1)
    assert bool(own.loc[0, "cni_worst"]) and not bool(common.loc[0, "cni_worst"])


def test_per_la():
    w = left_behind.derive_left_behind(_wards(), "own", 0.1).assign(la=["a"] * 10 + ["b"] * 10)
    p = compute.per_la(w, "la").set_index("la")
    assert p.loc["a", "left_behind"] == 1 and p.loc["a", "pct_left_behind"] == 10.0
    assert p.loc["b", "left_behind"] == 0 and p["wards"].tolist() == [10, 10]


def test_page_facts_la_table_and_claim_rows():
    w = left_behind.derive_left_behind(_wards(), "own", 0.1)
    f = page.page_facts(w, "own", 0.1)
    assert f["lb_published_only"] == 1 and f["n_pub_not_imd"] == 1 and f["n_pub_not_cni"] == 0
    assert f["worst_share_pct"] == "10%" and f["n_cni"] == "20"
    w19 = w.assign(lad19_code=["E1"] * 5 + ["E2"] * 15)
    by_la = compute.la_table(w19, pd.Series({"E1": "One", "E2": "Two"}))
    assert by_la["lad19_name"].tolist() == ["One", "Two"] and by_la["left_behind"].tolist() == [1, 0]
    assert page.la_facts(by_la, 1) == {"n_la_with": 1, "n_la": 2, "top_las": "One (1)"}
    gaps = outcomes.domain_gaps(_domain_wards())
    civic = outcomes.civic_assets_below_average(_domain_wards())
    rows = claims.rows(compute.agreement(w), "own", 0.1, gaps, civic)
    assert rows["verdict"].tolist()[:2] == ["differs", "differs"]  # 1 and 2 against the published 225
    assert rows["published"].iloc[0] == "225" and "the worst 10% on each index" in rows["note"].iloc[0]
    assert rows.set_index("claim_id").loc["crowe_community_space", "reproduced"] == 100.0
    assert rows.set_index("claim_id")["rule"].str.len().gt(0).sum() == 2  # the two qualitative statements
    assert set(rows["analysis"]) == {"left_behind"} and set(rows["page"]) == {"notebooks/06_left_behind_wards"}


def test_left_behind_map_has_one_tooltip_per_la():
    import geopandas as gpd
    from shapely.geometry import box

    from analysis import figures

    figures.use_style()
    gdf = gpd.GeoDataFrame({"lad19_code": ["E1", "E2", "W1"], "lad19_name": ["One", "Two", "Wales"]},
                           geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 1, 2)], crs=figures.BNG)
    by_la = pd.DataFrame({"lad19_code": ["E1"], "wards": [10], "left_behind": [2], "pct_left_behind": [20.0]})
    html = page.left_behind_map(gdf, by_la, 0.1).html()
    assert 'data-name="One"' in html and 'data-name="Two"' in html and "Wales" not in html


# ---------------------------------------------------------------------------------------------
# the real data: counts published by Local Trust, and checks made by hand on the raw ward files

MISSING_IMD = {"E05003230", "E05003257", "E05003259", "E05006760", "E05006764", "E05008917", "E05008922",
               "E05009880", "E05010102", "E05010187", "E05010593", "E05010599"}


@pytest.fixture(scope="module")
def inputs():
    return STUDY.load()


def test_ward_join_unmatched_sets(inputs):
    df, rec = inputs.wards, inputs.rec
    assert rec.matched == 7421
    assert set(rec.unmatched_left["key"]) == MISSING_IMD
    right = rec.unmatched_right
    assert len(right) == 6 and "E05011093" in set(right["key"])  # 5 City of London wards + Scilly
    assert rec.unexplained.empty
    assert len(df) == 7433 + 6


def test_left_behind_rederivation(inputs):
    res = STUDY.run(inputs, STUDY.check())
    a = res.agreement
    assert a["published"] == 225  # Local Trust's published count
    # the rule applied by hand to the CNI and British Red Cross ward IMD files: 743 wards in the CNI's
    # worst 10%, 225 wards in the worst 10% on both, 218 of them flagged by Local Trust
    assert a["derived"] == 225 and a["both"] == 218
    assert int(res.wards["cni_worst"].sum()) == 743


def test_a_run_with_other_parameters_changes_what_they_choose(inputs):
    default = STUDY.run(inputs, STUDY.check())
    wider = STUDY.run(inputs, STUDY.check(worst_share=0.2))
    common = STUDY.run(inputs, STUDY.check(universe="common"))
    assert wider.agreement["derived"] > default.agreement["derived"]
    assert wider.agreement["published"] == default.agreement["published"] == 225  # the flag does not move
    assert int(wider.wards["cni_worst"].sum()) == 1486  # floor(0.2 x 7,433)
    assert int(common.wards["cni_worst"].sum()) == 742  # floor(0.1 x 7,421): the wards on both indices
    assert wider.by_la["left_behind"].sum() == wider.agreement["derived"]
    led = STUDY.ledger(wider).set_index("claim_id")
    assert "the worst 20% on each index" in led.loc["left_behind_count", "note"]
    assert led.loc["left_behind_count", "verdict"] == "differs"


def test_published_flag_within_cni_worst_decile(inputs):
    lb = inputs.wards[inputs.wards["left_behind"]]
    assert lb["cni_rank"].between(4, 732).all()  # the flagged wards' CNI ranks run from 4 to 732


def test_no_inner_london_ward_is_published_left_behind(inputs):
    df = inputs.wards
    inner = geography.inner_city(df["lad17_code"], "inner_london")
    assert inner.sum() > 200
    assert not (df["left_behind"] & inner).any()


def test_lad19_created_reasons_name_the_april_2019_mergers():
    r = geography.lad19_created_reasons(loaders.lookup_lad17_lad19())
    assert set(r) == {"E06000058", "E06000059", "E07000244", "E07000245", "E07000246"}
    assert "E07000049" in r["E06000059"]


def test_crowe_comparison_uses_local_trusts_225_wards(inputs):
    res = STUDY.run(inputs, STUDY.check())
    assert res.gaps.attrs["n_flagged"] == 225 == res.civic["n"]  # the published flag, whatever the parameters
    assert set(res.gaps["domain"]) == set(outcomes.DOMAINS.values())
    assert res.gaps.attrs["deciles"][0] == 1  # left-behind wards are in the most deprived decile
    other = STUDY.run(inputs, STUDY.check(worst_share=0.2))
    pd.testing.assert_frame_equal(other.gaps, res.gaps)


def test_left_behind_default_matches_the_wards_page(inputs):
    ctx = Context(STUDY)
    ctx._inputs = inputs  # share the loaded inputs
    n, holds = robustness.left_behind_count(ctx, {"universe": "own"})
    ledger = ledger_claims.read_published().set_index("claim_id")
    assert n == int(ledger.loc["left_behind_count", "reproduced"]) and holds
    assert robustness.CONCLUSIONS[0].published == claims.CLAIMS_BY_ID["left_behind_count"].published == 225
