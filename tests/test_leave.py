"""analysis.leave: unit tests on synthetic frames, and invariants on the real data (facts from the
SOURCE.md files and the published documents, not from this module's own output)."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.studies import leave


# ---------------------------------------------------------------------------------------------
# unit tests


def test_leave_share_both_denominators_and_bad_input():
    ref = pd.DataFrame({"leave": [50, 30], "valid_votes": [100, 60], "electorate": [200, 100]})
    assert leave.leave_share(ref, "valid_votes").tolist() == [50.0, 50.0]
    assert leave.leave_share(ref, "electorate").tolist() == [25.0, 30.0]
    with pytest.raises(ValueError, match="leave_measure"):
        leave.leave_share(ref, "turnout")
    with pytest.raises(ValueError, match="positive"):
        leave.leave_share(ref.assign(valid_votes=[0, 60]), "valid_votes")


def test_worst_decile_floor_and_ties():
    s = pd.Series(np.arange(20, 0, -1, dtype=float))  # 20 wards, highest first
    flag = leave.worst_decile(s, 0.1)
    assert flag.sum() == 2 and flag.iloc[:2].all()
    tied = pd.Series([5.0, 5.0, 1.0, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01])
    assert leave.worst_decile(tied, 0.1).tolist()[:2] == [True, True]  # ties share the lower rank
    assert leave.worst_decile(pd.Series([3.0, np.nan] + [1.0] * 9), 0.1).tolist()[0] is True
    with pytest.raises(ValueError, match="cutoff"):
        leave.worst_decile(s, 1.5)


def test_aggregate_cni_all_methods():
    wards = pd.DataFrame({"la": ["a", "a", "b", "b"], "cni_score": [10.0, 30.0, 100.0, 0.0],
                          "n_lsoas": [1, 3, 0, 2]})
    assert leave.aggregate_cni(wards, "la", "mean").to_dict() == {"a": 20.0, "b": 50.0}
    assert leave.aggregate_cni(wards, "la", "median").to_dict() == {"a": 20.0, "b": 50.0}
    w = leave.aggregate_cni(wards, "la", "lsoa_weighted_mean")
    assert w["a"] == pytest.approx(25.0) and w["b"] == pytest.approx(0.0)  # weight 0 drops the ward
    share = leave.aggregate_cni(wards, "la", "share_worst_decile", cutoff=0.25)  # 1 of 4 wards is worst
    assert share.to_dict() == {"a": 0.0, "b": 50.0}
    with pytest.raises(ValueError, match="cni_aggregation"):
        leave.aggregate_cni(wards, "la", "max")
    with pytest.raises(ValueError, match="n_lsoas"):
        leave.aggregate_cni(wards.drop(columns="n_lsoas"), "la", "lsoa_weighted_mean")


def test_ward_lsoa_counts():
    lk = pd.DataFrame({"lsoa11_code": ["l1", "l2", "l3"], "ward17_code": ["w1", "w1", "w2"]})
    assert leave.ward_lsoa_counts(lk).to_dict() == {"w1": 2, "w2": 1}


def test_correlate_pearson_spearman_and_ci():
    rng = np.random.default_rng(1)
    x = pd.Series(rng.normal(size=200))
    y = 0.5 * x + pd.Series(rng.normal(size=200))
    c = leave.correlate(x, y, "pearson")
    assert c["r"] == pytest.approx(np.corrcoef(x, y)[0, 1])
    z, se = math.atanh(c["r"]), 1 / math.sqrt(197)
    assert c["ci_low"] == pytest.approx(math.tanh(z - 1.959964 * se), abs=1e-5)
    assert c["ci_low"] < c["r"] < c["ci_high"] and c["n"] == 200
    s = leave.correlate(x, x ** 3, "spearman")
    assert s["r"] == pytest.approx(1.0)
    assert leave.correlate(x.where(x > -5), y, "pearson")["n"] == 200
    with pytest.raises(ValueError, match="method"):
        leave.correlate(x, y, "kendall")
    with pytest.raises(ValueError, match="at least 5"):
        leave.correlate(x[:3], y[:3])


def test_fit_line_and_outliers():
    d = pd.DataFrame({"x": [0.0, 1, 2, 3, 4], "leave": [0.0, 1, 2, 10, 4], "name": list("abcde")})
    slope, intercept = leave.fit_line(d["x"], d["x"] * 2 + 1)
    assert slope == pytest.approx(2) and intercept == pytest.approx(1)
    assert leave.outliers(d, "x", "leave", 1)["name"].tolist() == ["d"]
    assert leave.outliers(d, "x", "leave", 0).empty


def _frame(n=40, seed=0):
    rng = np.random.default_rng(seed)
    imd = rng.normal(size=n)
    cni = rng.normal(size=n)
    d = pd.DataFrame({"code": [f"E0{i:07d}" for i in range(n)], "name": [f"la{i}" for i in range(n)],
                      "region": ["London" if i < 5 else "North" for i in range(n)]})
    d["london"] = d["region"].eq("London")
    d["leave_valid_votes"] = 50 + 5 * cni + rng.normal(size=n)
    d["leave_electorate"] = d["leave_valid_votes"] * 0.7
    for col in leave.IMD_MEASURES.values():
        d[col] = imd
    for a in leave.CNI_AGGREGATIONS:
        d[f"cni_{a}"] = cni
    return d


def test_select_and_london():
    d = _frame()
    s = leave.select(d, include_london=False)
    assert list(s.columns) == ["code", "name", "region", "london", "leave", "imd", "cni"] and len(s) == 35
    with pytest.raises(ValueError, match="imd_measure"):
        leave.select(d, imd_measure="rank")


def test_specification_table_reports_every_combination():
    spec = leave.specification_table({"lad19": _frame(), "lad17": _frame(seed=1)})
    assert len(spec) == 2 * (5 + 4) * 2 * 2 * 2
    assert set(spec["published"]) == {0.18, 0.66}
    assert spec.loc[spec["index"] == "CNI", "r"].min() > 0.8  # leave is built from cni
    with pytest.raises(ValueError, match="la_vintage"):
        leave.specification_table({"lad20": _frame()})
    assert len(leave.nearest(spec, "IMD", 3)) == 3


def test_regression_recovers_the_coefficient():
    d = _frame(200).rename(columns={"leave_valid_votes": "leave", "imd_avg_score": "imd", "cni_mean": "cni"})
    reg = leave.regression(d[["leave", "imd", "cni"]])
    joint = reg[reg["model"] == "imd + cni"].set_index("term")
    assert joint.loc["cni", "coef"] == pytest.approx(5 * d["cni"].std(), rel=0.1)
    assert joint.loc["imd", "ci_low"] < 0 < joint.loc["imd", "ci_high"]
    assert set(reg["model"]) == {"imd", "cni", "imd + cni"}
    with pytest.raises(ValueError, match="cov_type"):
        leave.regression(d, cov_type="HC9")


def test_remark_verdict_and_claim():
    assert leave.remark_verdict(0.0, 0.03) == "reproduced"
    assert leave.remark_verdict(0.05, 0.03) == "differs"
    row = leave.remark_claim("x", "leave", "s", 0, 248, 225, 7421, "inner_london")
    assert row["verdict"] == "reproduced" and row["reproduced"] == 1
    with pytest.raises(ValueError):
        leave.remark_claim("x", "leave", "s", 5, 2, 225, 7421, "inner_london")


def test_plots_draw():
    import matplotlib.pyplot as plt

    d = leave.select(_frame())
    fig, ax = plt.subplots()
    leave.plot_la_scatter(ax, d, "cni", "x", 3)
    assert len(ax.texts) == 3
    fig2 = plt.figure()
    leave.plot_specifications(fig2, leave.specification_table({"lad19": _frame()}))
    plt.close("all")


def test_interactive_la_scatter_one_tooltip_per_la():
    d = leave.select(_frame())
    fig = leave.interactive_la_scatter(d, "cni", "x", 3, hover={"leave": "Leave (%)", "cni": "CNI"}, alt="a scatter",
                                       title="t", subtitle="s", source="src")
    svg = fig.svg()
    assert svg.count('class="lu-el"') == len(d.dropna(subset=["cni", "leave"]))
    first = d.dropna(subset=["cni", "leave"]).iloc[0]
    assert f'data-name="{first["name"]}"' in svg and "Leave (%): " in svg
    assert fig.png().startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        leave.interactive_la_scatter(d, "cni", "x", 3, hover={"nope": "?"}, alt="a", title="t", subtitle="s",
                                     source="src")


# ---------------------------------------------------------------------------------------------
# the real data


@pytest.fixture(scope="module")
def la19():
    return leave.la_data("lad19")


@pytest.fixture(scope="module")
def la17():
    return leave.la_data("lad17")


def test_la_counts_and_unmatched_sets(la19, la17):
    t19, r19 = la19
    t17, r17 = la17
    assert len(t19) == 317 and len(t17) == 326  # ref: eu_referendum_2016 and lookups SOURCE.md
    for recs in (r19, r17):
        assert set(recs["cni"].unmatched_left["key"]) == {"E09000001", "E06000053"}  # City, Scilly: no CNI
        assert recs["cni"].unmatched_right.empty and recs["cni"].unexplained.empty
    assert r19["imd"].matched == 317 and r19["imd"].unmatched_left.empty
    assert set(r17["imd"].unmatched_left["key"]) == {
        "E06000028", "E06000029", "E07000048", "E07000049", "E07000050", "E07000051", "E07000052", "E07000053",
        "E07000190", "E07000191", "E07000201", "E07000204", "E07000205", "E07000206"}
    assert set(r17["imd"].unmatched_right["key"]) == {"E06000058", "E06000059", "E07000244", "E07000245", "E07000246"}
    assert r17["imd"].unexplained.empty
    assert t17["cni_mean"].notna().sum() == 324 and t19["cni_mean"].notna().sum() == 315


def test_la_leave_totals(la19):
    t, _ = la19
    assert t["leave"].sum() == 15_187_583  # England, eu_referendum_2016/SOURCE.md


def test_cni_coefficient_against_the_data_notes(la17):
    t, _ = la17
    c = leave.correlate(t["cni_mean"], t["leave_valid_votes"])
    assert c["n"] == 324 and round(c["r"], 3) == 0.654  # cni_2019/SOURCE.md cross-check (unweighted mean, LAD17)


def test_ward_correlation_against_the_data_notes():
    from analysis.studies import wards
    w, _ = wards.ward_data()
    c = leave.correlate(w["imd_score"], w["cni_score"])
    assert c["n"] == 7421 and round(c["r"], 3) == 0.415  # imd2019_ward/SOURCE.md


def test_bad_vintage_stops():
    with pytest.raises(ValueError, match="la_vintage"):
        leave.la_data("lad20")


def test_html_table_is_plain_and_deterministic():
    df = pd.DataFrame({"a": ["x"], "r": [0.123456]})
    h = leave.html_table(df, 2)
    assert "<table" in h and "0.12" in h and "0.1235" not in h and "<th></th>" not in h
    assert h == leave.html_table(df, 2)
    with pytest.raises(ValueError, match="decimals"):
        leave.html_table(df, -1)
