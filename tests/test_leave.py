"""analysis.studies.leave: the declared parameters, unit tests on synthetic frames, and invariants on
the real data (facts from the published documents and from independent checks of the raw files, not
from the study's own output), including its conclusions' figures against the page's record."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.data import geography, imd, left_behind
from analysis.errors import ParameterError
from analysis.ledger import claims as ledger_claims
from analysis.ledger.conclusions import Context
from analysis.studies.leave import CNI_AGGREGATIONS, INNER_CITY_TEXT, STUDY, claims, compute, page, robustness
from analysis.tooling import runner

NOTEBOOK = runner.notebook_path("02_leave_imd_cni")


# ---------------------------------------------------------------------------------------------
# the parameters are the data's vocabulary, checked once where they enter


def test_declared_parameters_match_the_vocabulary():
    declared = STUDY.params
    assert set(declared["imd_measure"].choices) == set(imd.IMD_MEASURES)
    assert declared["cni_aggregation"].choices == CNI_AGGREGATIONS
    assert set(declared["inner_city"].choices) == set(geography.INNER_CITY_DEFINITIONS) == set(INNER_CITY_TEXT)
    assert declared["include_london"].choices == (True, False)
    assert set(declared.names) == {"la_vintage", "cni_aggregation", "imd_measure", "leave_share_of", "include_london",
                                   "inner_city", "n_labels", "confidence"}
    for name, p in runner.declared_parameters(NOTEBOOK).items():  # every default is an allowed value
        runner.validate_parameters(NOTEBOOK, {name: p.default})


def test_unknown_parameter_value_stops_with_its_name():
    with pytest.raises(ParameterError, match="imd_measure"):
        runner.validate_parameters(NOTEBOOK, {"imd_measure": "avg_score"})
    for bad in ({"la_vintage": "lad20"}, {"cni_aggregation": "max"}, {"leave_share_of": "turnout"},
                {"inner_city": "downtown"}, {"n_labels": -1}, {"confidence": 1.5}, {"include_london": "yes"}):
        with pytest.raises(ParameterError, match=next(iter(bad))):
            STUDY.check(bad)


# ---------------------------------------------------------------------------------------------
# unit tests


def test_leave_share_both_denominators_and_bad_input():
    ref = pd.DataFrame({"leave": [50, 30], "valid_votes": [100, 60], "electorate": [200, 100]})
    assert compute.leave_share(ref, "valid_votes").tolist() == [50.0, 50.0]
    assert compute.leave_share(ref, "electorate").tolist() == [25.0, 30.0]
    with pytest.raises(ValueError, match="positive"):
        compute.leave_share(ref.assign(valid_votes=[0, 60]), "valid_votes")
    with pytest.raises(ValueError, match="electorate"):
        compute.leave_share(ref.drop(columns="electorate"), "electorate")


def test_aggregate_cni_all_methods():
    w = pd.DataFrame({"la": ["a", "a", "b", "b"], "cni_score": [10.0, 30.0, 100.0, 0.0], "n_lsoas": [1, 3, 0, 2]})
    assert compute.aggregate_cni(w, "la", "mean").to_dict() == {"a": 20.0, "b": 50.0}
    assert compute.aggregate_cni(w, "la", "median").to_dict() == {"a": 20.0, "b": 50.0}
    weighted = compute.aggregate_cni(w, "la", "lsoa_weighted_mean")
    assert weighted["a"] == pytest.approx(25.0) and weighted["b"] == pytest.approx(0.0)  # weight 0 drops the ward
    share = compute.aggregate_cni(w, "la", "share_worst_decile", worst_share=0.25)  # 1 of 4 wards is worst
    assert share.to_dict() == {"a": 0.0, "b": 50.0}
    with pytest.raises(ValueError, match="unknown aggregation 'max'"):
        compute.aggregate_cni(w, "la", "max")
    with pytest.raises(ValueError, match="n_lsoas"):
        compute.aggregate_cni(w.drop(columns="n_lsoas"), "la", "lsoa_weighted_mean")


def test_ward_lsoa_counts():
    lk = pd.DataFrame({"lsoa11_code": ["l1", "l2", "l3"], "ward17_code": ["w1", "w1", "w2"]})
    assert compute.ward_lsoa_counts(lk).to_dict() == {"w1": 2, "w2": 1}


def test_correlate_pearson_spearman_and_ci():
    rng = np.random.default_rng(1)
    x = pd.Series(rng.normal(size=200))
    y = 0.5 * x + pd.Series(rng.normal(size=200))
    c = compute.correlate(x, y, "pearson")
    assert c["r"] == pytest.approx(np.corrcoef(x, y)[0, 1])
    z, se = math.atanh(c["r"]), 1 / math.sqrt(197)
    assert c["ci_low"] == pytest.approx(math.tanh(z - 1.959964 * se), abs=1e-5)
    assert c["ci_low"] < c["r"] < c["ci_high"] and c["n"] == 200
    s = compute.correlate(x, x ** 3, "spearman")
    assert s["r"] == pytest.approx(1.0)
    assert compute.correlate(x.where(x > -5), y, "pearson")["n"] == 200
    with pytest.raises(ParameterError, match="method"):
        compute.correlate(x, y, "kendall")
    with pytest.raises(ValueError, match="at least 5"):
        compute.correlate(x[:3], y[:3])


def test_fit_line_and_outliers():
    d = pd.DataFrame({"x": [0.0, 1, 2, 3, 4], "leave": [0.0, 1, 2, 10, 4], "name": list("abcde")})
    slope, intercept = compute.fit_line(d["x"], d["x"] * 2 + 1)
    assert slope == pytest.approx(2) and intercept == pytest.approx(1)
    assert compute.outliers(d, "x", "leave", 1)["name"].tolist() == ["d"]
    assert compute.outliers(d, "x", "leave", 0).empty


def _frame(n=40, seed=0):
    """An LA table shaped like la_data's: Leave built from CNI plus noise, IMD independent of both."""
    rng = np.random.default_rng(seed)
    imd_values, cni = rng.normal(size=n), rng.normal(size=n)
    d = pd.DataFrame({"code": [f"E0{i:07d}" for i in range(n)], "name": [f"la{i}" for i in range(n)],
                      "region": ["London" if i < 5 else "North" for i in range(n)]})
    d["london"] = d["region"].eq("London")
    d["leave_valid_votes"] = 50 + 5 * cni + rng.normal(size=n)
    d["leave_electorate"] = d["leave_valid_votes"] * 0.7
    for col in imd.SCORE_COLUMN.values():
        d[col] = imd_values
    for a in compute.CNI_AGGREGATIONS:
        d[f"cni_{a}"] = cni
    return d


def test_select_and_london():
    d = _frame()
    s = compute.select(d, include_london=False)
    assert list(s.columns) == ["code", "name", "region", "london", "leave", "imd", "cni"] and len(s) == 35
    assert compute.select(d, imd_measure="extent")["imd"].equals(d["imd_extent"])
    with pytest.raises(ValueError, match="cni_mean"):
        compute.select(d.drop(columns="cni_mean"))


def test_texts_name_the_specification():
    t = compute.texts(STUDY.check(la_vintage="lad17", imd_measure="extent", cni_aggregation="median",
                                  leave_share_of="electorate", include_london=False, inner_city="london"))
    assert t["imd_text"] == imd.LABEL["extent"] and t["cni_text"] == "median ward CNI score"
    assert t["london_text"] == "excluded" and "326" in t["vintage_text"]
    assert t["inner_city_text"] == INNER_CITY_TEXT["london"]
    assert t["spec_text"] == ("2016 counting areas; IMD extent; CNI as the median of its wards; Leave as a share of "
                              "the electorate; London excluded")


def test_specification_table_reports_every_combination():
    spec = compute.specification_table({"lad19": _frame(), "lad17": _frame(seed=1)})
    assert len(spec) == 2 * (len(imd.IMD_MEASURES) + len(compute.CNI_AGGREGATIONS)) * 2 * 2 * 2
    assert set(spec.loc[spec["index"] == "IMD", "variant"]) == set(imd.IMD_MEASURES)
    assert set(spec["published"]) == {0.18, 0.66}
    assert spec.loc[spec["index"] == "CNI", "r"].min() > 0.8  # leave is built from cni
    near = compute.nearest_table(spec, 2)
    assert near["index"].tolist() == ["IMD", "IMD", "CNI", "CNI"]
    assert near.groupby("index")["abs_diff"].is_monotonic_increasing.all()


def test_specification_facts_say_plainly_when_nothing_reproduces():
    spec = compute.specification_table({"lad19": _frame()})
    f = page.specification_facts(spec, compute.select(_frame()))
    assert f["spec_round_CNI"] == 0 and f["spec_verdict_CNI"] == "is not reproduced by any of them"
    assert f["spec_n_IMD"] == len(imd.IMD_MEASURES) * 8 and f["spec_min_IMD"] <= f["spec_max_IMD"]
    assert f["ci_covers_imd_text"] in ("includes", "excludes")
    forced = spec.assign(rounds_to_published=spec["index"].eq("CNI"))
    n_cni = len(compute.CNI_AGGREGATIONS) * 8
    assert page.specification_facts(forced, compute.select(_frame()))["spec_verdict_CNI"] == f"is reproduced by {n_cni} of them"


def test_la_facts_on_a_synthetic_table():
    f = page.la_facts(_frame(), "average_score", "mean", "valid_votes", True, n_labels=3)
    assert f["n_imd"] == 40 and f["r_cni"] > 0.8 and f["r_cni_lo"] < f["r_cni"] < f["r_cni_hi"]
    assert len(f["outliers_cni"].split(", ")) == 3 and f["n_labels"] == 3
    assert f["contrast_text"].startswith("The CNI correlation is stronger")
    assert f["r_imd_with_london"] == pytest.approx(f["r_imd"])


def test_regression_recovers_the_coefficient():
    d = _frame(200).rename(columns={"leave_valid_votes": "leave", "imd_avg_score": "imd", "cni_mean": "cni"})
    reg = compute.regression(d[["leave", "imd", "cni"]])
    joint = reg[reg["model"] == "imd + cni"].set_index("term")
    assert joint.loc["cni", "coef"] == pytest.approx(5 * d["cni"].std(), rel=0.1)
    assert joint.loc["imd", "ci_low"] < 0 < joint.loc["imd", "ci_high"]
    assert set(reg["model"]) == {"imd", "cni", "imd + cni"}
    f = page.regression_facts(reg)
    assert f["reg_verdict"].startswith("Community need adds to deprivation") and "includes zero" in f["reg_verdict"]
    with pytest.raises(ParameterError, match="cov_type"):
        compute.regression(d, cov_type="HC9")


def _wards(n_inner=20, n_other=80, seed=0):
    """Wards with derived flags: inner-London wards low on both indices, so the remark holds."""
    rng = np.random.default_rng(seed)
    codes = ["E09000007"] * n_inner + ["E07000001"] * n_other
    imd_score = np.r_[rng.uniform(0, 10, n_inner), rng.uniform(0, 100, n_other)]
    cni = np.r_[rng.uniform(0, 10, n_inner), imd_score[n_inner:] + rng.normal(0, 20, n_other)]
    w = pd.DataFrame({"ward17_code": [f"E05{i:06d}" for i in range(n_inner + n_other)], "lad17_code": codes,
                      "imd_score": imd_score, "cni_score": cni})
    w = left_behind.derive_left_behind(w, "own", 0.1)
    return w.assign(left_behind=w["left_behind_derived"])


def test_high_on_both_and_the_inner_city_table():
    w = _wards(10, 10).assign(la=["a"] * 10 + ["b"] * 10)
    t = compute.high_on_both_by_group(w, w["la"].eq("a")).set_index("wards")
    assert t.loc["inner city", "high_on_both"] == 0 and t.loc["all wards", "n"] == 20
    assert t.loc["elsewhere", "high_on_both"] == t.loc["all wards", "high_on_both"] == int(w["left_behind_derived"].sum())
    camden = w.assign(left_behind_derived=[True] + [False] * 19)  # the one ward high on both is in Camden
    table = compute.inner_city_table(camden)
    assert list(table.index) == list(geography.INNER_CITY_DEFINITIONS)
    assert table.loc["inner_london", "high_on_both"] == 1 and table.loc["inner_london", "share_pct"] == 10.0
    assert table.loc["inner_london", "all_wards_pct"] == 5.0 and not table.loc["inner_london", "holds"]
    assert table.loc["inner_london_and_core_cities", "wards"] == 10
    inner, every = compute.inner_city_shares(camden, "inner_london")
    assert (inner, every) == (0.1, 0.05)


def test_ward_facts_and_the_remark_row():
    w = _wards()
    f = page.ward_facts(w, "inner_london")
    assert f["n_inner"] == "20" and f["n_inner_both"] == 0 and f["remark_text"] == "The source's remark holds"
    rows = claims.rows(compute.select(_frame()), compute.specification_table({"lad19": _frame()}),
                       compute.inner_city_table(w), "inner_london", "spec")
    remark = rows.iloc[-1]
    assert remark["claim_id"] == "leave_fig1_inner_city" and remark["verdict"] == "reproduced"
    assert "0 of 20 wards" in remark["note"]
    inner_high = w.assign(cni_score=np.where(w["lad17_code"].eq("E09000007"), 1000.0, w["cni_score"]),
                          imd_score=np.where(w["lad17_code"].eq("E09000007"), 1000.0, w["imd_score"]))
    inner_high = left_behind.derive_left_behind(inner_high, "own", 0.1)
    assert page.ward_facts(inner_high.assign(left_behind=False))["remark_text"].endswith("does not hold")


def test_claim_rows_carry_the_rule_and_the_nearest_specification():
    spec = compute.specification_table({"lad19": _frame()})
    rows = claims.rows(compute.select(_frame()), spec, compute.inner_city_table(_wards()), "inner_london", "spec")
    assert rows["claim_id"].tolist() == ["leave_imd_r", "leave_cni_r", "leave_fig1_inner_city"]
    imd_row = rows.iloc[0]
    assert imd_row["published"] == "0.18" and imd_row["kind"] == "coefficient"
    assert imd_row["verdict"] in ("reproduced", "differs") and "nearest" in imd_row["note"]
    assert set(rows["analysis"]) == {"leave"} and set(rows["page"]) == {"notebooks/02_leave_imd_cni"}
    assert all("SOURCE" not in n and "ANALYSES" not in n for n in rows["note"])
    assert {c.document.key for c in claims.CLAIMS} == {"lloyd2022"}


def test_plots_draw():
    import matplotlib.pyplot as plt

    d = compute.select(_frame())
    fig, ax = plt.subplots()
    page.plot_la_scatter(ax, d, "cni", "x", 3)
    assert len(ax.texts) == 3 and ax.get_lines()[0].get_label() == "least-squares line (95% CI)"
    plt.close(fig)
    for image in (page.plot_specifications(compute.specification_table({"lad19": _frame()})),
                  page.plot_wards(_wards())):
        assert image.desktop.startswith(b"\x89PNG") and image.phone.startswith(b"\x89PNG") and len(image.alt) > 20
    assert not plt.get_fignums()  # the page images close their figures


def test_la_scatter_draws_the_fitted_line_with_seaborn():
    import matplotlib.pyplot as plt

    d = compute.select(_frame())
    fig, ax = plt.subplots()
    page.plot_la_scatter(ax, d, "imd", "IMD")
    line = [ln for ln in ax.get_lines() if ln.get_label() == "least-squares line (95% CI)"]
    assert len(line) == 1 and ax.collections, "one fitted line and its band"
    plt.close(fig)


def test_la_scatter_one_tooltip_per_la():
    d = compute.select(_frame())
    txt = compute.texts(STUDY.check())
    fig = page.la_scatter(d, "cni", txt, "lad19", 3)
    svg = fig.svg()
    assert svg.count('class="lu-el"') == len(d.dropna(subset=["cni", "leave"]))
    first = d.dropna(subset=["cni", "leave"]).iloc[0]
    assert f'data-name="{first["name"]}"' in svg and "Leave share of valid votes (%): " in svg
    assert fig.png().startswith(b"\x89PNG")
    with pytest.raises(ParameterError, match="x"):
        page.la_scatter(d, "leave", txt, "lad19")
    with pytest.raises(ValueError):
        page.interactive_la_scatter(d, "cni", "x", 3, hover={"nope": "?"}, alt="a", title="t", subtitle="s",
                                     source="src")


def test_the_tables_for_readers_name_every_choice_in_words():
    spec = compute.specification_table({"lad19": _frame(), "lad17": _frame(seed=1)})
    wide = page.specifications_view(spec).frame
    assert len(wide) == len(spec) // 4 and "London out, electorate" in wide.columns  # 4 columns of choices
    near = page.nearest_view(compute.nearest_table(spec, 1)).frame
    assert near["Specification"].iloc[0].startswith("IMD ") and near["Specification"].iloc[1].startswith("CNI as the ")
    shown = " ".join(" ".join(map(str, t.frame.columns)) + " " + t.frame.to_string()
                     for t in (page.specifications_view(spec), page.nearest_view(compute.nearest_table(spec, 3)),
                               page.inner_city_view(compute.inner_city_table(_wards()))))
    for code in ("lad19", "lad17", "valid_votes", "average_score", "inner_london", "share_worst_decile"):
        assert code not in shown, code


def test_data_facts_count_wards_without_lsoa_and_merged_areas():
    la17 = pd.DataFrame({"n_wards": [3, 2], "n_wards_with_lsoa": [3, 1]})
    merged = pd.DataFrame({"n_areas": [2, 3]})
    w = pd.DataFrame({"cni_score": [1.0] * 1200 + [np.nan]})
    assert page.data_facts(la17, w, merged) == {"n_merged_from": 5, "n_merged_into": 2, "n_cni_wards_all": "1,200",
                                                 "n_wards_no_lsoa": 1}


# ---------------------------------------------------------------------------------------------
# the real data


@pytest.fixture(scope="module")
def inputs():
    return STUDY.load()


@pytest.fixture(scope="module")
def la19(inputs):
    return inputs.la["lad19"]


@pytest.fixture(scope="module")
def la17(inputs):
    return inputs.la["lad17"]


@pytest.fixture(scope="module")
def default(inputs):
    return STUDY.run(inputs, STUDY.check())


@pytest.fixture(scope="module")
def ledger():
    return ledger_claims.read_published().set_index("claim_id")


def test_la_counts_and_unmatched_sets(la19, la17):
    t19, r19 = la19
    t17, r17 = la17
    assert len(t19) == 317 and len(t17) == 326  # 326 English counting areas in 2016; 317 English LADs in 2019
    for recs in (r19, r17):
        assert set(recs["cni"].unmatched_left["key"]) == {"E09000001", "E06000053"}  # City, Scilly: no CNI
        assert recs["cni"].unmatched_right.empty and recs["cni"].unexplained.empty
    assert r19["imd"].matched == 317 and r19["imd"].unmatched_left.empty
    assert set(r17["imd"].unmatched_left["key"]) == {  # the 14 districts merged into 5 new LADs in 2019
        "E06000028", "E06000029", "E07000048", "E07000049", "E07000050", "E07000051", "E07000052", "E07000053",
        "E07000190", "E07000191", "E07000201", "E07000204", "E07000205", "E07000206"}
    assert set(r17["imd"].unmatched_right["key"]) == {"E06000058", "E06000059", "E07000244", "E07000245", "E07000246"}
    assert r17["imd"].unexplained.empty
    assert t17["cni_mean"].notna().sum() == 324 and t19["cni_mean"].notna().sum() == 315


def test_la_leave_totals(la19):
    t, _ = la19
    assert t["leave"].sum() == 15_187_583  # Electoral Commission: Leave votes in England, 2016


def test_cni_coefficient_against_an_independent_check(la17):
    t, _ = la17
    c = compute.correlate(t["cni_mean"], t["leave_valid_votes"])
    # computed by hand from the raw CNI and referendum files when the data were added (unweighted ward
    # mean per 2016 counting area, Leave share of valid votes, 324 matched areas)
    assert c["n"] == 324 and round(c["r"], 3) == 0.654


def test_ward_correlation_against_an_independent_check(inputs):
    w = inputs.wards
    c = compute.correlate(w["imd_score"], w["cni_score"])
    assert c["n"] == 7421 and round(c["r"], 3) == 0.415  # by hand from the raw ward files, 7,421 wards in both


def test_wards_without_lsoa(la17):
    t, _ = la17
    assert int((t["n_wards"] - t["n_wards_with_lsoa"]).sum()) > 0  # such wards exist and get weight 0
    assert int(t["n_wards"].sum()) == 7433  # every CNI ward sits in one 2016 area


def test_a_vintage_the_referendum_has_not_stops():
    with pytest.raises(ValueError, match="vintage"):
        compute.la_data("lad20", compute.read_sources())


def test_inner_city_texts_count_the_real_local_authorities(inputs):
    lads = pd.Series(inputs.wards["lad17_code"].dropna().unique())
    assert int(lads.str.startswith("E09").sum()) == 33  # 32 London boroughs and the City
    assert int(lads.str.startswith("E08").sum()) == 36  # the metropolitan districts
    assert "33" in INNER_CITY_TEXT["london"] and "36" in INNER_CITY_TEXT["metropolitan"]


def test_the_default_run_is_the_pages_record(default, ledger):
    led = STUDY.ledger(default).set_index("claim_id")
    for cid in led.index:
        assert float(led.loc[cid, "reproduced"]) == float(ledger.loc[cid, "reproduced"]), cid
        assert led.loc[cid, "verdict"] == ledger.loc[cid, "verdict"] and led.loc[cid, "note"] == ledger.loc[cid, "note"]
    assert len(default.spec) == 2 * (len(imd.IMD_MEASURES) + len(CNI_AGGREGATIONS)) * 8
    assert default.d["london"].any() and len(default.d) == 317


def test_a_run_with_other_parameters_changes_what_they_choose(inputs, default):
    other = STUDY.run(inputs, STUDY.check(la_vintage="lad17", include_london=False, cni_aggregation="median",
                                          leave_share_of="electorate", inner_city="metropolitan", confidence=0.9))
    assert len(other.la) == 326 and not other.d["london"].any() and len(other.d) == 326 - 33
    assert other.d["leave"].max() < default.d["leave"].max()  # a share of the electorate, not of valid votes
    assert other.texts["cni_text"] == "median ward CNI score" and "2016 counting areas" in other.texts["spec_text"]
    r90 = compute.correlate(other.d["cni"], other.d["leave"], "pearson", 0.9)
    r95 = compute.correlate(other.d["cni"], other.d["leave"], "pearson", 0.95)
    assert r95["ci_low"] < r90["ci_low"] < r90["r"]  # the narrower interval of the lower confidence
    assert other.spec["r"].tolist() == default.spec["r"].tolist()  # every specification, whatever this run's
    assert (other.spec["ci_low"] > default.spec["ci_low"]).all()  # ... but at this run's confidence level
    led = STUDY.ledger(other).set_index("claim_id")
    assert "inner city = London and the metropolitan districts" in led.loc["leave_fig1_inner_city", "note"]
    assert led.loc["leave_fig1_inner_city", "reproduced"] == int(default.inner_city.loc["metropolitan", "holds"])
    assert other.wards.equals(default.wards)  # the ward rule is the source's, whatever the LA choices


# ---------------------------------------------------------------------------------------------
# the conclusions: their figures agree with the page's record


@pytest.fixture(scope="module")
def ctx(inputs):
    c = Context(STUDY)
    c._inputs = inputs  # share the loaded inputs
    return c


def test_leave_default_specification_matches_the_leave_page(ctx, ledger):
    spec = dict(la_vintage="lad19", imd_measure="average_score", leave_share_of="valid_votes", include_london=True,
                method="pearson")
    r_imd, _ = robustness.imd_leave_weak(ctx, spec)
    r_cni, _ = robustness.cni_leave_strong(ctx, {**{k: v for k, v in spec.items() if k != "imd_measure"},
                                                 "cni_aggregation": "mean"})
    assert round(r_imd, 4) == float(ledger.loc["leave_imd_r", "reproduced"])
    assert round(r_cni, 4) == float(ledger.loc["leave_cni_r", "reproduced"])


def test_inner_city_default_matches_the_leave_page(ctx, ledger):
    diff, holds = robustness.inner_city_fewer(ctx, {"inner_city": "inner_london", "universe": "own", "worst_share": 0.1})
    assert int(holds) == int(ledger.loc["leave_fig1_inner_city", "reproduced"])
    w = left_behind.derive_left_behind(ctx.inputs.wards, "own", 0.1)
    inner, every = compute.inner_city_shares(w, "inner_london")
    assert math.isclose(diff, 100 * (inner - every)) and 0 <= inner <= 1 and 0 < every < 1


def test_the_conclusions_restate_the_claims():
    by_id = {c.id: c for c in robustness.CONCLUSIONS}
    assert by_id["leave_imd_weak"].published == 0.18 and by_id["leave_cni_strong"].published == 0.66
    assert by_id["leave_cni_beats_imd"].published == 0.48
    assert [c.id for c in STUDY.conclusions] == ["leave_imd_weak", "leave_cni_strong", "leave_cni_beats_imd",
                                                 "leave_inner_city_few"]


def test_map_joins_every_english_boundary_and_shades_the_vote_against_an_even_split(default):
    g = compute.map_frame(default.boundaries, default.frames["lad19"], default.params)
    assert len(g) == 317 and g["lad19_code"].is_unique and g["leave"].notna().all()
    # the two areas without community need: the CNI scores no ward in either
    assert sorted(g.loc[g["cni"].isna(), "lad19_name"]) == ["City of London", "Isles of Scilly"]
    image = page.la_map(default)
    assert image.desktop.startswith(b"\x89PNG") and "Lambeth" in image.alt and "Boston" in image.alt
