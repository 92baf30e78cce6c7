"""Mission 7: the HLE gap between England's upper-tier areas, with simulated intervals. Unit tests on
synthetic frames; invariants on ONS's series; the notebook's declared parameters against the module."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.studies import mission7

matplotlib.use("Agg")


def _frame(values: dict, period="2011-13", sex="male", england=60.0, half=1.0):
    rows = [{"area_code": c, "area_name": f"area {c[-2:]}", "period": period, "sex": sex, "hle": v,
             "lci": None if v is None else v - half, "uci": None if v is None else v + half}
            for c, v in values.items()]
    rows.append({"area_code": mission7.ENGLAND, "area_name": "England", "period": period, "sex": sex,
                 "hle": england, "lci": england - 0.1, "uci": england + 0.1})
    return pd.DataFrame(rows)


TEN = {f"E060000{i:02d}": v for i, v in enumerate([50, 51, 52, 53, 54, 55, 56, 57, 58, 70], start=1)}


def test_gap_one_range_and_tails():
    g = mission7.gap_one(_frame(TEN).query("area_code != @mission7.ENGLAND"), tail=0.2)
    assert g["n_areas"] == 10 and g["k"] == 2
    assert g["range_gap"] == 20.0 and g["highest_area"] == "area 10" and g["lowest_area"] == "area 01"
    assert g["top_mean"] == 64.0 and g["bottom_mean"] == 50.5 and g["decile_gap"] == 13.5


def test_tail_size_rule():
    assert mission7.tail_size(151, 0.1) == 16   # ceil(15.1)
    assert mission7.tail_size(120, 0.1) == 12   # exact, no float creep
    assert mission7.tail_size(5, 0.1) == 1
    with pytest.raises(ValueError, match="at least 2"):
        mission7.tail_size(1, 0.1)


def test_england_is_not_an_area_and_ties_name_every_area():
    f = _frame({**TEN, "E09000001": None}, england=99.0)
    g = mission7.gaps(f, sex="male", tail=0.1).iloc[0]
    assert g["n_areas"] == 10 and g["highest"] == 70
    t = mission7.gap_one(pd.DataFrame({"area_code": ["E1", "E2", "E3"], "area_name": ["b", "a", "c"],
                                       "hle": [60.0, 60.0, 55.0]}), tail=0.1)
    assert t["highest_area"] == "a; b" and t["lowest_area"] == "c"


def test_exclusions():
    g = mission7.gaps(_frame(TEN), exclude=["E06000010"]).iloc[0]
    assert g["n_areas"] == 9 and g["highest"] == 58
    assert mission7.parse_codes("E06000010, E06000001", set(TEN)) == ["E06000010", "E06000001"]
    assert mission7.parse_codes("none", set(TEN)) == []
    with pytest.raises(ParameterError, match="exclude.*unknown area code"):
        mission7.parse_codes("E99999999", set(TEN))


def test_bad_parameters_are_refused():
    f = _frame(TEN)
    with pytest.raises(ParameterError, match="'sex'"):
        mission7.gaps(f, sex="all")
    with pytest.raises(ParameterError, match="'tail'"):
        mission7.gaps(f, tail=0.7)
    with pytest.raises(ParameterError, match="'draws'"):
        mission7.simulate(f, draws=10)
    with pytest.raises(ParameterError, match="'level'"):
        mission7.gap_table(mission7.gaps(f), mission7.simulate(f, draws=500), level=0.5)
    with pytest.raises(ParameterError, match="'interval'"):
        mission7.interval(1.0, 0.0, 2.0, "bca")
    with pytest.raises(ParameterError, match="'aim_baseline'"):
        mission7.aim_path(mission7.england(f), baseline="2011-13")
    with pytest.raises(ValueError, match="missing column"):
        mission7.gaps(f.drop(columns="hle"))
    with pytest.raises(ValueError, match="missing column.*lci"):
        mission7.simulate(f.drop(columns="lci"))
    with pytest.raises(ValueError, match="no England row"):
        mission7.england(f[f["area_code"] != mission7.ENGLAND])


def test_simulation_is_seeded_and_centred():
    f = _frame(TEN, half=0.0)  # no uncertainty: every draw is the published series
    s = mission7.simulate(f, tail=0.2, draws=500, seed=1)
    assert np.allclose(s["range_gap"], 20.0) and np.allclose(s["decile_gap"], 13.5)
    g = _frame(TEN, half=2.0)
    a, b = mission7.simulate(g, draws=500, seed=3), mission7.simulate(g, draws=500, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(mission7.simulate(g, draws=500, seed=4))


def test_sd_from_the_interval():
    # one pair of areas with 95% intervals of +/- 1.96: each draw is N(hle, 1), so the range gap's sd is sqrt(2)
    f = _frame({"E06000001": 50.0, "E06000002": 70.0}, half=mission7.Z95)
    s = mission7.simulate(f, draws=20000, seed=0)
    assert abs(s["range_gap"].std() - np.sqrt(2)) < 0.05 and abs(s["range_gap"].mean() - 20) < 0.05


def test_interval_methods():
    assert mission7.interval(10.0, 9.0, 13.0, "percentile") == (9.0, 13.0)
    assert mission7.interval(10.0, 9.0, 13.0, "basic") == (7.0, 11.0)


def test_verdict_rule():
    assert mission7.verdict(-2.0, -0.1) == "narrowed"
    assert mission7.verdict(0.1, 2.0) == "widened"
    assert mission7.verdict(-0.1, 2.0) == "no clear change"


def test_changes_follow_the_data():
    wider = {k: v + (v == 70) * 6 for k, v in TEN.items()}  # the top area pulls away by 6 years
    f = pd.concat([_frame(TEN, half=0.2), _frame(wider, period="2022-24", half=0.2)])
    point, sim = mission7.gaps(f, sex="male"), mission7.simulate(f, sex="male", draws=1000, seed=1)
    ch = mission7.changes(point, sim, "2011-13", "2022-24", gap="range").iloc[0]
    assert ch["change"] == pytest.approx(6.0) and ch["verdict"] == "widened" and ch["change_lo"] > 5
    back = mission7.changes(point, sim, "2022-24", "2011-13", gap="range").iloc[0]
    assert back["verdict"] == "narrowed" and back["p_narrowed"] > 0.99
    same = pd.concat([_frame(TEN, half=3.0), _frame(TEN, period="2022-24", half=3.0)])
    flat = mission7.changes(mission7.gaps(same, sex="male"), mission7.simulate(same, sex="male", draws=1000),
                            "2011-13", "2022-24").iloc[0]
    assert flat["change"] == 0 and flat["verdict"] == "no clear change"


def test_aim_path_is_a_straight_line_to_five_more_years():
    f = pd.concat([_frame(TEN, period=p, england=e) for p, e in [("2018-20", 60.0), ("2022-24", 61.0)]])
    path = mission7.aim_path(mission7.england(f, "male"), baseline="2018-20")
    assert path["path"].tolist() == [60.0, 60.0 + 5 * 4 / 16]
    assert path["from_path"].iloc[-1] == pytest.approx(61.0 - 61.25)
    s = mission7.aim_summary(path).iloc[0]
    assert s["target_2035"] == 65.0 and s["needed_rise_per_year"] == pytest.approx(4 / 12)


def test_box_findings_one_row_per_gap_start_and_sex_then_the_aim():
    f = pd.concat([_frame(TEN, period=p, england=e, half=0.2) for p, e in
                   [(mission7.FIRST, 59.0), (mission7.WHITE_PAPER, 60.0), ("2022-24", 59.5)]])
    point, sim = mission7.gaps(f, sex="male"), mission7.simulate(f, sex="male", draws=500, seed=1)
    ch = mission7.all_changes(point, sim)
    aim = mission7.aim_summary(mission7.aim_path(mission7.england(f, "male")))
    rows = mission7.box_findings(ch, aim, 0.95, {"changes": "c", "aim": "a"})
    assert rows["finding"].str.replace("\u2011", "-").tolist() == [
        "Range gap, men, since 2011-13", "Range gap, men, since 2018-20", "Decile gap, men, since 2011-13",
        "Decile gap, men, since 2018-20", "England, men, against the path to +5 years by 2035"]
    assert "2011\u201113" in rows["finding"].iloc[0]  # the period never breaks at its hyphen
    assert rows["verdict"].iloc[:4].tolist() == ch.set_index(["gap", "since"]).loc[
        [("range", "2011-13"), ("range", "2018-20"), ("decile", "2011-13"), ("decile", "2018-20")], "verdict"].tolist()
    assert rows["anchor"].tolist() == ["c"] * 4 + ["a"]
    assert rows["verdict"].iloc[-1] == "behind the path"  # 59.5 (59.4 to 59.6) against 60.3 on the path
    with pytest.raises(ValueError, match=r"no anchor for \['aim'\]"):
        mission7.box_findings(ch, aim, 0.95, {"changes": "c"})


def test_signed_never_shows_a_nonzero_bound_as_zero():
    assert [mission7._signed(x) for x in (0.03, -0.2, 1.26, 0.0)] == ["+0.03", "-0.2", "+1.3", "+0.00"]


def test_aim_verdict_reads_the_interval():
    assert mission7.aim_verdict({"lci": 60.0, "uci": 61.0, "path": 61.5}) == "behind the path"
    assert mission7.aim_verdict({"lci": 60.0, "uci": 61.0, "path": 60.5}) == "on the path"
    assert mission7.aim_verdict({"lci": 60.0, "uci": 61.0, "path": 59.5}) == "ahead of the path"


# ------------------------------------------------------------------ ONS's series (real data)


@pytest.fixture(scope="module")
def hle():
    return mission7.load()


def test_upper_tier_coverage(hle):
    a = mission7.areas(hle)
    assert a["area_code"].nunique() == mission7.N_UPPER_TIER
    assert a.groupby(["sex", "period"])["hle"].count().eq(151).all()
    assert a.drop_duplicates("area_code")["area_code"].str[:3].value_counts().to_dict() == {"E06": 62, "E08": 36, "E09": 32, "E10": 21}


def test_not_in_single_tier_is_pinned(hle):
    miss = mission7.not_in_single_tier(hle, mission7.load_single_tier())
    assert (miss["area_code"].str.startswith("E10")).sum() == 21
    assert miss.loc[~miss["area_code"].str.startswith("E10"), "reason"].tolist() == [
        "in the extract under its older code E08000016", "in the extract under its older code E08000019"]


def test_real_gaps_and_intervals(hle):
    point = mission7.gaps(hle)
    assert len(point) == 24 and set(point["n_areas"]) == {151} and set(point["k"]) == {16}
    m = point[point["sex"] == "male"].set_index("period")
    # Blackpool is lowest for men in both end periods; the range is at least Wokingham 70.0 - Blackpool 55.5
    assert m.loc["2011-13", "lowest_area"] == "Blackpool" and m.loc["2022-24", "lowest_area"] == "Blackpool"
    assert m.loc["2011-13", "range_gap"] >= 14.5 and (point["decile_gap"] < point["range_gap"]).all()
    sim = mission7.simulate(hle, draws=500, seed=1)
    t = mission7.gap_table(point, sim, method="percentile")
    assert (t["range_lo"] < t["range_hi"]).all()
    # noise widens a gap between extremes: the simulated median lies above the published range gap
    assert (t["range_gap_sim_median"] > t["range_gap"]).all()


def test_widened_since_takes_a_grid_row(hle):
    row = {"gap": "decile", "tail": 0.1, "interval": "percentile", "level": 0.95, "aim_baseline": "2018-20"}
    out = mission7.widened_since("2011-13", hle=hle, draws=500, **row)
    assert out["sex"].tolist() == ["male", "female"] and out["until"].eq("2022-24").all()
    assert out["widened"].tolist() == (out["change_lo"] > 0).tolist()


def test_england_against_the_aim(hle):
    s = mission7.aim_summary(mission7.aim_path(mission7.england(hle))).set_index("sex")
    assert s.loc["male", "baseline"] == 63.1 and s.loc["male", "england_hle"] == 60.9
    assert (s["from_path"] < 0).all()


def test_figures_draw(hle):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    point = mission7.gaps(hle, sex="female")
    table = mission7.gap_table(point, mission7.simulate(hle, sex="female", draws=500))
    eng = mission7.england(hle, "female")
    assert isinstance(mission7.figure_gaps(table), Figure)
    assert isinstance(mission7.figure_aim(mission7.aim_path(eng), eng), Figure)
    plt.close("all")


def test_notebook_parameters_match_the_module():
    from analysis.tooling import runner

    p = runner.declared_parameters(runner.notebook_path("05_mission7"))
    assert p["sex"].choices == mission7.SEX_CHOICES
    assert p["gap"].choices == mission7.GAPS
    assert tuple(sorted(p["interval"].choices)) == tuple(sorted(mission7.INTERVALS))
    assert p["aim_baseline"].choices == mission7.AIM_BASELINES
    for name, bounds in [("tail", mission7.TAIL_RANGE), ("level", mission7.LEVEL_RANGE),
                         ("draws", mission7.DRAWS_RANGE), ("seed", mission7.SEED_RANGE)]:
        assert (p[name].low, p[name].high) == bounds, name
    assert "measure" not in p  # a gap type is called gap; measure means an IMD measure elsewhere


def test_page_tables_and_sentences():
    f = pd.concat([_frame(TEN, period=p, half=0.5) for p in ("2011-13", "2018-20", "2022-24")])
    point, sim = mission7.gaps(f, sex="male"), mission7.simulate(f, sex="male", draws=500)
    table = mission7.gap_table(point, sim, method="percentile")
    view = mission7.key_periods(table)
    assert view["period"].tolist() == ["2011-13", "2018-20", "2022-24"]
    assert view["range gap"].str.match(r"^20\.0 \(\d+\.\d to \d+\.\d\)$").all()
    ch = mission7.all_changes(point, sim)
    assert len(ch) == 4 and set(ch["verdict"]) == {"no clear change"}  # the same series three times
    assert mission7.describe_overall(ch).endswith("0 show the gap narrowed, 0 show it widened and 4 show no clear change")
    both = mission7.comparison(point, point.assign(n_areas=5))
    assert both["n_areas_ons"].eq(10).all() and both["n_areas_single_tier"].eq(5).all()
