"""Mission 7: the HLE gap between England's upper-tier areas, with intervals (analysis.stats.gaps).
Unit tests on synthetic frames; invariants on ONS's series; the declared parameters; the Health
Foundation's two statements; the conclusion the robustness page tests, against the page's own result."""

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.ledger.conclusions import Context
from analysis.stats import gaps as gapstats
from analysis.studies.mission7 import (AIM_BASELINES, BRIEFING, DRAWS_RANGE, FIRST, GAPS, LEVEL_RANGE, N_UPPER_TIER,
                                       SEED_RANGE, SEX_CHOICES, STUDY, TAIL_RANGE, WHITE_PAPER, claims, compute, page,
                                       parse_codes, robustness)

matplotlib.use("Agg")


def _frame(values: dict, period="2011-13", sex="male", england=60.0, half=1.0):
    rows = [{"area_code": c, "area_name": f"area {c[-2:]}", "period": period, "sex": sex, "hle": v,
             "lci": None if v is None else v - half, "uci": None if v is None else v + half}
            for c, v in values.items()]
    rows.append({"area_code": compute.ENGLAND, "area_name": "England", "period": period, "sex": sex,
                 "hle": england, "lci": england - 0.1, "uci": england + 0.1})
    return pd.DataFrame(rows)


TEN = {f"E060000{i:02d}": v for i, v in enumerate([50, 51, 52, 53, 54, 55, 56, 57, 58, 70], start=1)}
META = {"caveats": "First.\n\nMade with an interim method.", "source_date": "2026-02-19"}
#: IMD 2019 for the ten synthetic areas: the lower the HLE, the more deprived (rank 1); the last has no rank
IMD = pd.DataFrame({"utla19_code": list(TEN)[:9], "utla19_name": [f"area {c[-2:]}" for c in list(TEN)[:9]],
                    "imd_rank_of_avg_score": range(1, 10), "imd_avg_score": np.linspace(40, 10, 9)})
PERIODS = [(FIRST, 59.0), ("2017-19", 59.5), (WHITE_PAPER, 60.0), ("2022-24", 59.5)]


def _inputs(series: pd.DataFrame, single: pd.DataFrame | None = None) -> compute.Inputs:
    return compute.Inputs(series, series if single is None else single, META, IMD)


def _run(series: pd.DataFrame, **params) -> compute.Result:
    return compute.run(_inputs(series), STUDY.check({"draws": 500, **params}))


SERIES = pd.concat([_frame(TEN, period=p, england=e, half=0.5) for p, e in PERIODS])


def test_gap_one_range_and_tails():
    g = compute.gap_one(_frame(TEN).query("area_code != @compute.ENGLAND"), tail=0.2)
    assert g["n_areas"] == 10 and g["k"] == 2
    assert g["range_gap"] == 20.0 and g["highest_area"] == "area 10" and g["lowest_area"] == "area 01"
    assert g["top_mean"] == 64.0 and g["bottom_mean"] == 50.5 and g["tenths_gap"] == 13.5


def test_england_is_not_an_area_and_ties_name_every_area():
    f = _frame({**TEN, "E09000001": None}, england=99.0)
    g = compute.gaps(f, sex="male", tail=0.1).iloc[0]
    assert g["n_areas"] == 10 and g["highest"] == 70
    t = compute.gap_one(pd.DataFrame({"area_code": ["E1", "E2", "E3"], "area_name": ["b", "a", "c"],
                                      "hle": [60.0, 60.0, 55.0]}), tail=0.1)
    assert t["highest_area"] == "a; b" and t["lowest_area"] == "c"


def test_exclusions():
    g = compute.gaps(_frame(TEN), exclude=["E06000010"]).iloc[0]
    assert g["n_areas"] == 9 and g["highest"] == 58
    assert parse_codes("E06000010, E06000001") == ("E06000010", "E06000001")
    assert parse_codes("none") == () and parse_codes("") == ()
    assert STUDY.check(exclude="E06000017").exclude == ("E06000017",)
    with pytest.raises(ParameterError, match=r"'exclude' = 'E99999999': not upper-tier area code\(s\)"):
        STUDY.check(exclude="E99999999")
    assert compute.known_codes(("E06000010",), set(TEN)) == ("E06000010",)
    with pytest.raises(ParameterError, match="exclude.*unknown area code"):
        compute.known_codes(("E06000099",), set(TEN))
    with pytest.raises(ParameterError, match=r"unknown area code\(s\) \['E06000099'\]"):
        _run(SERIES, exclude="E06000099")  # well formed, but no area of the series
    res = _run(SERIES, exclude="E06000010")
    assert res.extremes["highest"].eq(58).all() and res.table.groupby("gap")["n_areas"].max().to_dict() == {
        "range": 9, "slope": 9, "tenths": 9}


def test_parameters_are_checked_once_where_they_enter():
    for values, message in [({"sex": "all"}, "'sex' = 'all' is not allowed"),
                            ({"gap": "decile"}, "'gap' = 'decile' is not allowed; one of: 'slope', 'tenths', 'range'"),
                            ({"tail": 0.7}, "'tail' = 0.7 is out of range; allowed 0.05 to 0.25"),
                            ({"draws": 10}, "'draws' = 10 is out of range; allowed 500 to 20000"),
                            ({"draws": 500.0}, "'draws' = 500.0 must be a int"),
                            ({"level": 0.5}, "'level' = 0.5 is out of range"),
                            ({"aim_baseline": "2011-13"}, "'aim_baseline' = '2011-13' is not allowed"),
                            ({"seed": -1}, "'seed' = -1 is out of range"),
                            ({"interval": "basic"}, "unknown parameter 'interval'"),
                            ({"measure": "range"}, "unknown parameter 'measure'")]:
        with pytest.raises(ParameterError, match=message):
            STUDY.check(values)


def test_the_declaration_is_the_modules_vocabulary():
    p = STUDY.params
    # the three gaps this page draws, each one of the shared module's (the tracker also offers its fourth)
    assert p["sex"].choices == SEX_CHOICES and p["gap"].choices == GAPS
    assert GAPS == tuple(m for m in gapstats.MEASURES if m != "top_rest")
    assert p["aim_baseline"].choices == AIM_BASELINES
    for name, bounds in [("tail", TAIL_RANGE), ("level", LEVEL_RANGE), ("draws", DRAWS_RANGE), ("seed", SEED_RANGE)]:
        assert p[name].range == bounds, name
    assert "measure" not in p and "interval" not in p  # one interval method; measure means an IMD measure elsewhere
    d = STUDY.params.defaults()
    assert (d.sex, d.gap, d.tail, d.level, d.draws, d.seed, d.aim_baseline, d.exclude) == (
        "both", "slope", 0.1, 0.95, 2000, 7, "2018-20", ())


def test_frames_missing_columns_are_refused():
    f = _frame(TEN)
    with pytest.raises(ValueError, match="missing column"):
        compute.gaps(f.drop(columns="hle"))
    with pytest.raises(ValueError, match="missing column.*lci"):
        compute.measure(f.drop(columns="lci"), compute.deprivation(IMD, f)[0])
    with pytest.raises(ValueError, match="IMD table: missing column.*imd_rank_of_avg_score"):
        compute.deprivation(IMD.drop(columns="imd_rank_of_avg_score"), f)
    with pytest.raises(ValueError, match="no England row"):
        compute.england(f[f["area_code"] != compute.ENGLAND])
    with pytest.raises(ValueError, match="no England value for the baseline 2019-21"):
        compute.aim_path(compute.england(f), baseline="2019-21")


def test_deprivation_joins_by_code_and_reports_what_it_leaves_out():
    dep, rec = compute.deprivation(IMD, SERIES)
    assert len(dep) == 9 and dep["match"].eq("same code").all()
    assert rec.unmatched_right["key"].tolist() == ["E06000010"] and len(rec.unexplained) == 1


def test_the_slope_index_uses_the_ranked_areas_and_the_others_every_area():
    res = _run(SERIES, sex="male", seed=1)
    t = res.table.set_index(["gap", "period"])
    assert t.loc[("slope", FIRST), "n_areas"] == 9 and t.loc[("tenths", FIRST), "n_areas"] == 10
    # areas 1-9 rise one year per rank: the slope index over 9 areas is 9 years, with no correction
    assert t.loc[("slope", FIRST), "estimate"] == pytest.approx(9.0) == t.loc[("slope", FIRST), "as_measured"]
    assert (t["lower"] <= t["estimate"]).all() and (t["estimate"] <= t["upper"]).all()


def test_changes_follow_the_data():
    wider = {k: v + (v - 54) * 0.5 for k, v in TEN.items()}  # every area pulled away from the middle
    f = pd.concat([_frame(TEN, period=FIRST, half=0.2), _frame(TEN, period="2017-19", half=0.2),
                   _frame(TEN, period=WHITE_PAPER, half=0.2), _frame(wider, period="2022-24", half=0.2)])
    res = _run(f, sex="male", seed=1)
    ch = res.changes.set_index(["gap", "since"])
    for g in GAPS:
        assert ch.loc[(g, FIRST), "verdict"] == "widened", g
        assert ch.loc[(g, FIRST), "change_lo"] <= ch.loc[(g, FIRST), "change"] <= ch.loc[(g, FIRST), "change_hi"]
    back = compute.changes(res.gaps, "slope", "2022-24", FIRST).iloc[0]
    assert back["verdict"] == "narrowed" and back["change"] == pytest.approx(-ch.loc[("slope", FIRST), "change"])
    flat = _run(pd.concat([_frame(TEN, period=p, half=3.0) for p, _ in PERIODS]), sex="male")
    assert set(flat.changes["verdict"]) == {"no clear change"}
    assert flat.changes.loc[flat.changes["gap"] == "slope", "change"].abs().max() < 1e-9


def test_seeds_are_fixed_per_gap_sex_and_period():
    assert compute.period_seed(7, "tenths", "female", "2022-24") == [7, 1, 1, 2022]
    a, b = _run(SERIES, seed=3), _run(SERIES, seed=3)
    pd.testing.assert_frame_equal(a.table, b.table)
    c = _run(SERIES, seed=4)
    assert not a.table.equals(c.table)
    slope = lambda r: r.table[r.table["gap"] == "slope"].reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(slope(a), slope(c))  # no simulation in the slope index


def test_aim_path_is_a_straight_line_to_five_more_years():
    f = pd.concat([_frame(TEN, period=p, england=e) for p, e in [("2018-20", 60.0), ("2022-24", 61.0)]])
    path = compute.aim_path(compute.england(f, "male"), baseline="2018-20")
    assert path["path"].tolist() == [60.0, 60.0 + 5 * 4 / 16]
    assert path["from_path"].iloc[-1] == pytest.approx(61.0 - 61.25)
    s = compute.aim_summary(path).iloc[0]
    assert s["target_2035"] == 65.0 and s["needed_rise_per_year"] == pytest.approx(4 / 12)


def test_england_change_and_its_interval():
    e = compute.england(SERIES, "male")
    c = compute.england_change(e, FIRST, "2017-19").iloc[0]
    # England 59.0 (58.9 to 59.1) then 59.5 (59.4 to 59.6): +0.5, interval half-width 1.96 x sqrt(2) x 0.1 / 1.96
    assert c["change"] == pytest.approx(0.5) and c["change_hi"] - c["change"] == pytest.approx(0.1 * math.sqrt(2))


def test_the_briefing_rules():
    row = lambda lo, hi, ch=0.0: {"change": ch, "change_lo": lo, "change_hi": hi}  # noqa: E731
    assert claims.widened(pd.DataFrame([row(0.1, 1), row(0.2, 2)]))
    assert not claims.widened(pd.DataFrame([row(0.1, 1), row(-0.2, 2)]))
    assert not claims.widened(pd.DataFrame(columns=["change_lo"]))
    assert claims.stalled(pd.DataFrame([row(0.1, 0.5, 0.3), row(-0.9, -0.5, -0.7)]))  # under a year either way
    assert claims.stalled(pd.DataFrame([row(-0.4, 2.6, 1.1), row(0.1, 0.3, 0.2)]))  # a year or more, unclear
    assert not claims.stalled(pd.DataFrame([row(1.1, 1.5, 1.3), row(0.1, 0.3, 0.2)]))  # a clear rise of a year
    assert set(claims.RULES) == {c.id for c in claims.CLAIMS} and all(c.kind == "remark" for c in claims.CLAIMS)


def test_box_findings_lead_with_the_headline_gap_then_the_aim_and_the_claims():
    res = _run(SERIES, sex="male", seed=1)
    led = STUDY.ledger(res)
    rows = page.box_findings(res.changes, res.aim, 0.95, {"changes": "c", "aim": "a", "claims": "b"},
                             headline="tenths", ledger=led, claim_figures=page.claim_figures(res))
    assert rows["finding"].str.replace("\u2011", "-").tolist() == [
        "Tenths gap, men, since 2011-13", "Tenths gap, men, since 2018-20", "Slope index, men, since 2011-13",
        "Range gap, men, since 2011-13", "England, men, against the path to +5 years by 2035",
        'Health Foundation: "has also widened between rich and poor"',
        'Health Foundation: "the stalling health improvements seen over the past 10 years"']
    assert "2011\u201113" in rows["finding"].iloc[0]  # the period never breaks at its hyphen
    assert rows["verdict"].iloc[-2:].tolist() == led["verdict"].tolist()
    assert rows["anchor"].tolist() == ["c"] * 4 + ["a", "b", "b"]
    assert rows["verdict"].iloc[4] == "behind the path"  # 59.5 (59.4 to 59.6) against 60.3 on the path
    with pytest.raises(ValueError, match=r"no anchor for \['aim'\]"):
        page.box_findings(res.changes, res.aim, 0.95, {"changes": "c"})


def test_signed_never_shows_a_nonzero_bound_as_zero():
    assert [page._signed(x) for x in (0.03, -0.2, 1.26, 0.0)] == ["+0.03", "-0.2", "+1.3", "+0.00"]


def test_aim_verdict_reads_the_interval():
    assert compute.aim_verdict({"lci": 60.0, "uci": 61.0, "path": 61.5}) == "behind the path"
    assert compute.aim_verdict({"lci": 60.0, "uci": 61.0, "path": 60.5}) == "on the path"
    assert compute.aim_verdict({"lci": 60.0, "uci": 61.0, "path": 59.5}) == "ahead of the path"


def test_run_with_other_parameters_changes_what_they_should():
    base = _run(SERIES, sex="male", seed=1)
    assert set(base.extremes["sex"]) == {"male"} and base.path["period"].iloc[0] == WHITE_PAPER
    tail = _run(SERIES, sex="male", seed=1, tail=0.2)
    assert tail.extremes["k"].eq(2).all() and base.extremes["k"].eq(1).all()
    other = lambda r, g: r.table[r.table["gap"] == g].reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(other(tail, "range"), other(base, "range"))  # the tail moves only the tenths gap
    assert not other(tail, "tenths").equals(other(base, "tenths"))
    wide = _run(SERIES, sex="male", seed=1, level=0.99)
    width = lambda r: (r.table["upper"] - r.table["lower"]).to_numpy()  # noqa: E731
    assert (width(wide) > width(base)).all()
    gap = _run(SERIES, sex="male", seed=1, gap="range")
    assert gap.changes.equals(base.changes)  # the headline picks what the page leads with, not what it measures
    assert page.findings(gap)["since_first"] == page.describe_changes(base.picked("range", FIRST), 0.95)
    both = _run(SERIES)  # a series of men only: both sexes measure the men alone
    assert set(both.extremes["sex"]) == {"male"}


def test_page_tables_and_sentences():
    res = _run(SERIES, sex="male")
    view = page.key_periods(res.table)
    assert view["period"].tolist() == ["2011-13", "2018-20", "2022-24"]
    assert view["slope index"].str.match(r"^9\.0 \(\d+\.\d to \d+\.\d\)$").all()
    assert list(view.columns[2:]) == ["slope index", "tenths gap", "tenths, before the correction", "range gap",
                                      "range, before the correction"]
    ch = res.changes
    assert len(ch) == 6 and set(ch["verdict"]) == {"no clear change"}  # the same areas in every period
    assert page.describe_overall(ch) == ("of these 6 comparisons (three gaps, two starting periods, one sex), 0 show "
                                         "the gap narrowed, 0 show it widened and 6 show no clear change")
    f = page.findings(res)
    assert (f["n_areas"], f["n_ranked"], f["n_periods"], f["first"], f["last"], f["k_used"]) == (
        10, 9, 4, "2011-13", "2022-24", 1)
    assert f["ons_caveat"] == "Made with an interim method." and f["draws"] == "500" and f["tail_pct"] == "10%"
    assert f["gap_label"] == "slope index of inequality against deprivation" and f["left_out"] == "area 10"
    text = page.checked_output(res).splitlines()
    assert len(text) == 12 + 6 + 1 + 1 + 1 and text[0].startswith("slope male 2011-13 9 9.00 (")
    assert text[-1].startswith("male 2022-24 59.5 path 61.25 from path -1.75")
    html = page.claims_table(STUDY.ledger(res), claims.described(res))
    assert html.count('<tr id="claim-mission7_hf_') == 2 and "rule (set before the computation)" in html


# ------------------------------------------------------------------ ONS's series (real data)


@pytest.fixture(scope="module")
def inputs():
    return STUDY.load()


@pytest.fixture(scope="module")
def hle(inputs):
    return inputs.series


@pytest.fixture(scope="module")
def published(inputs):
    return STUDY.run(inputs, STUDY.params.defaults())


def test_upper_tier_coverage(hle):
    a = compute.areas(hle)
    assert a["area_code"].nunique() == N_UPPER_TIER
    assert a.groupby(["sex", "period"])["hle"].count().eq(151).all()
    assert a.drop_duplicates("area_code")["area_code"].str[:3].value_counts().to_dict() == {"E06": 62, "E08": 36, "E09": 32, "E10": 21}


def test_not_in_single_tier_is_pinned(inputs):
    miss = compute.not_in_single_tier(inputs.series, inputs.single)
    assert (miss["area_code"].str.startswith("E10")).sum() == 21
    assert miss.loc[~miss["area_code"].str.startswith("E10"), "reason"].tolist() == [
        "in the extract under its older code E08000016", "in the extract under its older code E08000019"]


def test_the_deprivation_join_is_pinned(inputs):
    dep, rec = compute.deprivation(inputs.imd, inputs.series)
    assert len(dep) == 147 and rec.unexplained.empty
    assert dep["match"].value_counts().to_dict() == {"same code": 142, "same area, new code": 3,
                                                     "same name, newer code": 2}
    assert sorted(rec.unmatched_left["key"]) == ["E06000053", "E09000001", "E10000006", "E10000021"]
    assert sorted(rec.unmatched_right["key"]) == ["E06000061", "E06000062", "E06000063", "E06000064"]
    assert dep.set_index("area_code").loc[["E06000060", "E08000038"], "utla19_code"].tolist() == ["E10000002",
                                                                                                  "E08000016"]


def test_as_measured_gaps_on_the_real_series(hle):
    point = compute.gaps(hle)
    assert len(point) == 24 and set(point["n_areas"]) == {151} and set(point["k"]) == {16}
    m = point[point["sex"] == "male"].set_index("period")
    # Blackpool is lowest for men in both end periods; the range is at least Wokingham 70.0 - Blackpool 55.5
    assert m.loc["2011-13", "lowest_area"] == "Blackpool" and m.loc["2022-24", "lowest_area"] == "Blackpool"
    assert m.loc["2011-13", "range_gap"] >= 14.5 and (point["tenths_gap"] < point["range_gap"]).all()


def test_no_estimate_on_the_page_lies_outside_its_interval(published):
    t = published.table
    assert len(t) == 3 * 2 * 12 and ((t["lower"] <= t["estimate"]) & (t["estimate"] <= t["upper"])).all()
    for ch in (published.changes, published.briefing, published.eng_change):
        assert ((ch["change_lo"] <= ch["change"]) & (ch["change"] <= ch["change_hi"])).all()
    for side in ("since", "until"):
        c = published.changes
        assert ((c[f"{side}_lo"] <= c[f"gap_{side}"]) & (c[f"gap_{side}"] <= c[f"{side}_hi"])).all()
    # noise pushes the gaps between extremes up: their estimates lie below the gaps as measured
    sel = t[t["gap"] != "slope"]
    assert (sel["estimate"] < sel["as_measured"]).all()


def test_the_interval_covers_the_truth_with_the_published_standard_errors(hle):
    """400 replicates with women's published standard errors of 2022-24 (the widest): the truth is the
    published estimates with their spread shrunk to the spread of true values they imply (variance of
    the estimates less the mean squared standard error); coverage of the 95% interval within 0.91-0.99."""
    g = compute.areas(hle)
    g = g[(g["sex"] == "female") & (g["period"] == "2022-24")]
    se = gapstats.se_from_ci(g["lci"], g["uci"])
    y = g["hle"].to_numpy()
    shrink = np.sqrt((y.var(ddof=1) - np.mean(se ** 2)) / y.var(ddof=1))
    truth = y.mean() + shrink * (y - y.mean())
    rank = truth + 1.5 * np.random.default_rng(0).standard_normal(len(y))  # a deprivation-like ranking
    rng = np.random.default_rng(2024)
    true = {"slope": gapstats.slope_index(truth, np.zeros(len(y)), rank).estimate,
            "tenths": gapstats.tenths_gap(truth, np.zeros(len(y)), draws=100).as_measured}
    hits = {"slope": 0, "tenths": 0}
    for i in range(400):
        noisy = truth + se * rng.standard_normal(len(y))
        for m in hits:
            est = gapstats.gap(m, noisy, se, rank=rank, draws=250, seed=i)
            hits[m] += est.lower <= true[m] <= est.upper
    assert all(0.91 <= h / 400 <= 0.99 for h in hits.values()), hits


def test_a_run_on_a_grid_row(inputs):
    row = {"gap": "tenths", "tail": 0.2, "level": 0.95, "aim_baseline": "2018-20"}
    res = STUDY.run(inputs, STUDY.check(row, draws=500))
    out = res.picked("tenths", FIRST)
    assert out["sex"].tolist() == ["male", "female"] and out["until"].eq("2022-24").all()
    assert (out["verdict"] == "widened").tolist() == (out["change_lo"] > 0).tolist()


def test_england_against_the_aim(hle):
    s = compute.aim_summary(compute.aim_path(compute.england(hle))).set_index("sex")
    assert s.loc["male", "baseline"] == 63.1 and s.loc["male", "england_hle"] == 60.9
    assert (s["from_path"] < 0).all()


def test_the_briefing_claims_read_the_run(published):
    led = STUDY.ledger(published)
    assert led["claim_id"].tolist() == [c.id for c in claims.CLAIMS] and set(led["kind"]) == {"remark"}
    b = published.briefing
    assert b["since"].eq(FIRST).all() and b["until"].eq(BRIEFING).all() and b["n_areas"].eq(147).all()
    assert led.set_index("claim_id").loc["mission7_hf_gap_widened", "reproduced"] == int(claims.widened(b))
    assert led.set_index("claim_id").loc["mission7_hf_stalling", "reproduced"] == int(
        claims.stalled(published.eng_change))
    assert led.set_index("claim_id")["rule"].to_dict() == claims.RULES  # each rule is the claim's own, in the ledger


def test_figures_draw(inputs):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    res = STUDY.run(inputs, STUDY.check(sex="female", draws=500))
    assert isinstance(page.figure_gaps(res), Figure)
    assert isinstance(page.figure_aim(res), Figure)
    plt.close("all")


def test_gap_change_is_the_mission7_pages_change(published):
    """The robustness page's figure is the page's own change, interval and verdict, for every measure."""
    ctx = Context(STUDY)
    for g in GAPS:
        for s in ("male", "female"):
            ch = robustness.gap_change(ctx, sex=s, gap=g)
            on_page = published.picked(g, FIRST).set_index("sex").loc[s]
            assert (ch["change"], ch["change_lo"], ch["verdict"]) == (on_page["change"], on_page["change_lo"],
                                                                       on_page["verdict"])
            value, holds = robustness.gap_widened(ctx, {"sex": s, "gap": g})
            assert value == ch["change"] and holds == (ch["verdict"] == "widened")
    assert sum(1 for k in ctx.memo if k[0] == "run") == 1  # one run, shared by the measures
