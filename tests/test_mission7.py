"""Mission 7: the HLE gap between England's upper-tier areas, with simulated intervals. Unit tests on
synthetic frames; invariants on ONS's series; the declared parameters; the conclusion the robustness
page tests, against the page's own result."""

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.ledger.conclusions import Context
from analysis.studies.mission7 import (AIM_BASELINES, DRAWS_RANGE, FIRST, GAPS, INTERVALS, LEVEL_RANGE, N_UPPER_TIER,
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


def _inputs(series: pd.DataFrame, single: pd.DataFrame | None = None) -> compute.Inputs:
    return compute.Inputs(series, series if single is None else single, META)


def _run(series: pd.DataFrame, **params) -> compute.Result:
    return compute.run(_inputs(series), STUDY.check({"draws": 500, **params}))


THREE = pd.concat([_frame(TEN, period=p, england=e, half=0.5) for p, e in
                   [(FIRST, 59.0), (WHITE_PAPER, 60.0), ("2022-24", 59.5)]])


def test_gap_one_range_and_tails():
    g = compute.gap_one(_frame(TEN).query("area_code != @compute.ENGLAND"), tail=0.2)
    assert g["n_areas"] == 10 and g["k"] == 2
    assert g["range_gap"] == 20.0 and g["highest_area"] == "area 10" and g["lowest_area"] == "area 01"
    assert g["top_mean"] == 64.0 and g["bottom_mean"] == 50.5 and g["decile_gap"] == 13.5


def test_tail_size_rule():
    assert compute.tail_size(151, 0.1) == 16   # ceil(15.1)
    assert compute.tail_size(120, 0.1) == 12   # exact, no float creep
    assert compute.tail_size(5, 0.1) == 1
    with pytest.raises(ValueError, match="at least 2"):
        compute.tail_size(1, 0.1)


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
        _run(THREE, exclude="E06000099")  # well formed, but no area of the series
    assert _run(THREE, exclude="E06000010").point["highest"].eq(58).all()


def test_parameters_are_checked_once_where_they_enter():
    for values, message in [({"sex": "all"}, "'sex' = 'all' is not allowed"),
                            ({"tail": 0.7}, "'tail' = 0.7 is out of range; allowed 0.05 to 0.25"),
                            ({"draws": 10}, "'draws' = 10 is out of range; allowed 500 to 20000"),
                            ({"draws": 500.0}, "'draws' = 500.0 must be a int"),
                            ({"level": 0.5}, "'level' = 0.5 is out of range"),
                            ({"interval": "bca"}, "'interval' = 'bca' is not allowed; one of: 'basic', 'percentile'"),
                            ({"aim_baseline": "2011-13"}, "'aim_baseline' = '2011-13' is not allowed"),
                            ({"seed": -1}, "'seed' = -1 is out of range"),
                            ({"measure": "range"}, "unknown parameter 'measure'")]:
        with pytest.raises(ParameterError, match=message):
            STUDY.check(values)


def test_the_declaration_is_the_modules_vocabulary():
    p = STUDY.params
    assert p["sex"].choices == SEX_CHOICES and p["gap"].choices == GAPS
    assert p["interval"].choices == INTERVALS and p["aim_baseline"].choices == AIM_BASELINES
    for name, bounds in [("tail", TAIL_RANGE), ("level", LEVEL_RANGE), ("draws", DRAWS_RANGE), ("seed", SEED_RANGE)]:
        assert p[name].range == bounds, name
    assert "measure" not in p  # a gap type is called gap; measure means an IMD measure elsewhere
    d = STUDY.params.defaults()
    assert (d.sex, d.gap, d.tail, d.level, d.interval, d.draws, d.seed, d.aim_baseline, d.exclude) == (
        "both", "range", 0.1, 0.95, "basic", 4000, 7, "2018-20", ())


def test_frames_missing_columns_are_refused():
    f = _frame(TEN)
    with pytest.raises(ValueError, match="missing column"):
        compute.gaps(f.drop(columns="hle"))
    with pytest.raises(ValueError, match="missing column.*lci"):
        compute.simulate(f.drop(columns="lci"))
    with pytest.raises(ValueError, match="no England row"):
        compute.england(f[f["area_code"] != compute.ENGLAND])
    with pytest.raises(ValueError, match="no England value for the baseline 2019-21"):
        compute.aim_path(compute.england(f), baseline="2019-21")


def test_simulation_is_seeded_and_centred():
    f = _frame(TEN, half=0.0)  # no uncertainty: every draw is the published series
    s = compute.simulate(f, tail=0.2, draws=500, seed=1)
    assert np.allclose(s["range_gap"], 20.0) and np.allclose(s["decile_gap"], 13.5)
    g = _frame(TEN, half=2.0)
    a, b = compute.simulate(g, draws=500, seed=3), compute.simulate(g, draws=500, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(compute.simulate(g, draws=500, seed=4))


def test_sd_from_the_interval():
    # one pair of areas with 95% intervals of +/- 1.96: each draw is N(hle, 1), so the range gap's sd is sqrt(2)
    f = _frame({"E06000001": 50.0, "E06000002": 70.0}, half=compute.Z95)
    s = compute.simulate(f, draws=20000, seed=0)
    assert abs(s["range_gap"].std() - np.sqrt(2)) < 0.05 and abs(s["range_gap"].mean() - 20) < 0.05


def test_interval_methods():
    assert compute.interval(10.0, 9.0, 13.0, "percentile") == (9.0, 13.0)
    assert compute.interval(10.0, 9.0, 13.0, "basic") == (7.0, 11.0)


def test_verdict_rule():
    assert compute.verdict(-2.0, -0.1) == "narrowed"
    assert compute.verdict(0.1, 2.0) == "widened"
    assert compute.verdict(-0.1, 2.0) == "no clear change"


def test_changes_follow_the_data():
    wider = {k: v + (v == 70) * 6 for k, v in TEN.items()}  # the top area pulls away by 6 years
    f = pd.concat([_frame(TEN, half=0.2), _frame(wider, period="2022-24", half=0.2)])
    point, sim = compute.gaps(f, sex="male"), compute.simulate(f, sex="male", draws=1000, seed=1)
    ch = compute.changes(point, sim, "2011-13", "2022-24", gap="range").iloc[0]
    assert ch["change"] == pytest.approx(6.0) and ch["verdict"] == "widened" and ch["change_lo"] > 5
    back = compute.changes(point, sim, "2022-24", "2011-13", gap="range").iloc[0]
    assert back["verdict"] == "narrowed" and back["p_narrowed"] > 0.99
    same = pd.concat([_frame(TEN, half=3.0), _frame(TEN, period="2022-24", half=3.0)])
    flat = compute.changes(compute.gaps(same, sex="male"), compute.simulate(same, sex="male", draws=1000),
                           "2011-13", "2022-24").iloc[0]
    assert flat["change"] == 0 and flat["verdict"] == "no clear change"


def test_aim_path_is_a_straight_line_to_five_more_years():
    f = pd.concat([_frame(TEN, period=p, england=e) for p, e in [("2018-20", 60.0), ("2022-24", 61.0)]])
    path = compute.aim_path(compute.england(f, "male"), baseline="2018-20")
    assert path["path"].tolist() == [60.0, 60.0 + 5 * 4 / 16]
    assert path["from_path"].iloc[-1] == pytest.approx(61.0 - 61.25)
    s = compute.aim_summary(path).iloc[0]
    assert s["target_2035"] == 65.0 and s["needed_rise_per_year"] == pytest.approx(4 / 12)


def test_box_findings_one_row_per_gap_start_and_sex_then_the_aim():
    f = pd.concat([_frame(TEN, period=p, england=e, half=0.2) for p, e in
                   [(FIRST, 59.0), (WHITE_PAPER, 60.0), ("2022-24", 59.5)]])
    res = _run(f, sex="male", seed=1)
    ch, aim = res.changes, res.aim
    rows = page.box_findings(ch, aim, 0.95, {"changes": "c", "aim": "a"})
    assert rows["finding"].str.replace("\u2011", "-").tolist() == [
        "Range gap, men, since 2011-13", "Range gap, men, since 2018-20", "Decile gap, men, since 2011-13",
        "Decile gap, men, since 2018-20", "England, men, against the path to +5 years by 2035"]
    assert "2011\u201113" in rows["finding"].iloc[0]  # the period never breaks at its hyphen
    assert rows["verdict"].iloc[:4].tolist() == ch.set_index(["gap", "since"]).loc[
        [("range", "2011-13"), ("range", "2018-20"), ("decile", "2011-13"), ("decile", "2018-20")], "verdict"].tolist()
    assert rows["anchor"].tolist() == ["c"] * 4 + ["a"]
    assert rows["verdict"].iloc[-1] == "behind the path"  # 59.5 (59.4 to 59.6) against 60.3 on the path
    with pytest.raises(ValueError, match=r"no anchor for \['aim'\]"):
        page.box_findings(ch, aim, 0.95, {"changes": "c"})


def test_signed_never_shows_a_nonzero_bound_as_zero():
    assert [page._signed(x) for x in (0.03, -0.2, 1.26, 0.0)] == ["+0.03", "-0.2", "+1.3", "+0.00"]


def test_aim_verdict_reads_the_interval():
    assert compute.aim_verdict({"lci": 60.0, "uci": 61.0, "path": 61.5}) == "behind the path"
    assert compute.aim_verdict({"lci": 60.0, "uci": 61.0, "path": 60.5}) == "on the path"
    assert compute.aim_verdict({"lci": 60.0, "uci": 61.0, "path": 59.5}) == "ahead of the path"


def test_run_with_other_parameters_changes_what_they_should():
    base = _run(THREE, sex="male", seed=1)
    assert set(base.point["sex"]) == {"male"} and base.other_gap == "decile" and base.other_method == "percentile"
    assert base.point["k"].eq(1).all() and base.path["period"].iloc[0] == WHITE_PAPER
    tail = _run(THREE, sex="male", seed=1, tail=0.2)
    assert tail.point["k"].eq(2).all() and (tail.point["decile_gap"] < base.point["decile_gap"]).all()
    assert tail.point["range_gap"].equals(base.point["range_gap"])
    seed = _run(THREE, sex="male", seed=2)
    assert seed.point.equals(base.point) and not seed.sim.equals(base.sim)
    pct = _run(THREE, sex="male", seed=1, interval="percentile")
    pd.testing.assert_frame_equal(pct.changes, base.changes_other_method)
    assert pct.sim.equals(base.sim) and pct.other_method == "basic"
    wide = _run(THREE, sex="male", seed=1, level=0.99)
    assert ((wide.table["range_hi"] - wide.table["range_lo"]) > (base.table["range_hi"] - base.table["range_lo"])).all()
    more = _run(THREE, sex="male", seed=1, draws=1000)
    assert len(more.sim) == 2 * len(base.sim)
    gap = _run(THREE, sex="male", seed=1, gap="decile")
    assert gap.other_gap == "range" and gap.changes.equals(base.changes)
    assert page.findings(gap)["since_first"] == page.describe_changes(base.picked("decile", FIRST), 0.95)
    both = _run(THREE)  # a series of men only: both sexes measure the men alone
    assert both.point["sex"].tolist() == ["male"] * 3


def test_the_ledger_is_empty():
    assert claims.CLAIMS == () and STUDY.claims == ()
    led = STUDY.ledger(_run(THREE))
    assert led.empty and list(led.columns)[:2] == ["claim_id", "analysis"]


def test_page_tables_and_sentences():
    res = _run(THREE, sex="male", interval="percentile")
    view = page.key_periods(res.table)
    assert view["period"].tolist() == ["2011-13", "2018-20", "2022-24"]
    assert view["range gap"].str.match(r"^20\.0 \(\d+\.\d to \d+\.\d\)$").all()
    ch = res.changes
    assert len(ch) == 4 and set(ch["verdict"]) == {"no clear change"}  # the same series three times
    assert page.describe_overall(ch).endswith("0 show the gap narrowed, 0 show it widened and 4 show no clear change")
    both = compute.comparison(res.point, res.point.assign(n_areas=5))
    assert both["n_areas_ons"].eq(10).all() and both["n_areas_single_tier"].eq(5).all()
    f = page.findings(res)
    assert (f["n_areas"], f["n_periods"], f["first"], f["last"], f["k_used"]) == (10, 3, "2011-13", "2022-24", 1)
    assert f["ons_caveat"] == "Made with an interim method." and f["draws"] == "500" and f["tail_pct"] == "10%"
    assert f["gap_label"] == "highest minus lowest area" and f["other_label"] == "top minus bottom 10% of areas (means)"
    text = page.checked_output(res).splitlines()
    assert len(text) == 3 + 8 + 1 and text[0].startswith("male 2011-13 10 range 20.0 (")
    assert text[-1].startswith("male 2022-24 59.5 path 61.25 from path -1.75")


# ------------------------------------------------------------------ ONS's series (real data)


@pytest.fixture(scope="module")
def inputs():
    return STUDY.load()


@pytest.fixture(scope="module")
def hle(inputs):
    return inputs.series


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


def test_real_gaps_and_intervals(hle):
    point = compute.gaps(hle)
    assert len(point) == 24 and set(point["n_areas"]) == {151} and set(point["k"]) == {16}
    m = point[point["sex"] == "male"].set_index("period")
    # Blackpool is lowest for men in both end periods; the range is at least Wokingham 70.0 - Blackpool 55.5
    assert m.loc["2011-13", "lowest_area"] == "Blackpool" and m.loc["2022-24", "lowest_area"] == "Blackpool"
    assert m.loc["2011-13", "range_gap"] >= 14.5 and (point["decile_gap"] < point["range_gap"]).all()
    sim = compute.simulate(hle, draws=500, seed=1)
    t = compute.gap_table(point, sim, method="percentile")
    assert (t["range_lo"] < t["range_hi"]).all()
    # noise widens a gap between extremes: the simulated median lies above the published range gap
    assert (t["range_gap_sim_median"] > t["range_gap"]).all()


def test_a_run_on_a_grid_row(inputs):
    row = {"gap": "decile", "tail": 0.1, "interval": "percentile", "level": 0.95, "aim_baseline": "2018-20"}
    res = STUDY.run(inputs, STUDY.check(row, draws=500))
    out = res.picked("decile", FIRST)
    assert out["sex"].tolist() == ["male", "female"] and out["until"].eq("2022-24").all()
    assert (out["verdict"] == "widened").tolist() == (out["change_lo"] > 0).tolist()


def test_england_against_the_aim(hle):
    s = compute.aim_summary(compute.aim_path(compute.england(hle))).set_index("sex")
    assert s.loc["male", "baseline"] == 63.1 and s.loc["male", "england_hle"] == 60.9
    assert (s["from_path"] < 0).all()


def test_figures_draw(inputs):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    res = STUDY.run(inputs, STUDY.check(sex="female", draws=500))
    assert isinstance(page.figure_gaps(res), Figure)
    assert isinstance(page.figure_aim(res), Figure)
    plt.close("all")


def test_gap_change_is_the_mission7_pages_change(inputs):
    """The robustness page's figure is the page's own change (both sexes simulated in one draw)."""
    ctx = Context(STUDY)
    ch = robustness.gap_change(ctx, sex="female", gap="decile", tail=0.1, interval="basic")
    res = STUDY.run(inputs, STUDY.check(gap="decile", tail=0.1))
    on_page = res.picked("decile", FIRST).set_index("sex").loc["female"]
    assert math.isclose(ch["change"], on_page["change"]) and math.isclose(ch["change_lo"], on_page["change_lo"])
    other = robustness.gap_change(ctx, sex="male", gap="range", interval="percentile")
    on_page = res.changes_other_method.set_index(["gap", "since", "sex"]).loc[("range", FIRST, "male")]
    assert math.isclose(other["change_lo"], on_page["change_lo"])
    value, holds = robustness.gap_widened(ctx, {"sex": "female", "gap": "decile", "tail": 0.1, "interval": "basic"})
    assert value == ch["change"] and holds == (ch["change_lo"] > 0)
    assert sum(1 for k in ctx.memo if k[0] == "run") == 1  # one run, shared by the gap types and interval readings
