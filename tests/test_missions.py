"""The missions tracker: every rule on synthetic frames, and invariants on the real data read through
the study."""

import numpy as np
import pandas as pd
import pytest

from analysis.stats import gaps as gapstats
from analysis.studies.missions import MISSIONS, STUDY, Mission
from analysis.studies.missions import compute, page, robustness


def _periods(ends):
    return pd.DataFrame({"period": [str(e) for e in ends], "period_end": pd.to_datetime(ends)})


def test_the_baseline_is_the_last_period_ended_before_the_white_paper():
    p = _periods(["2020-12-31", "2021-12-31", "2022-12-31"])
    assert compute.baseline_period(p) == "2021-12-31"
    assert compute.baseline_period(p, lag=2) == "2020-12-31"
    assert compute.baseline_period(_periods(["2022-03-31"])) is None
    assert compute.baseline_period(_periods(["2022-02-01"])) == "2022-02-01"


def test_a_descriptive_gap_moves_only_beyond_the_tolerance():
    assert compute.descriptive_verdict(10, 9.4, 0.05) == "closing (descriptive)"
    assert compute.descriptive_verdict(10, 10.6, 0.05) == "widening (descriptive)"
    assert compute.descriptive_verdict(10, 10.4, 0.05) == "no clear change (descriptive)"
    assert compute.descriptive_verdict(10, 9.6, 0.05) == "no clear change (descriptive)"


def test_the_descriptive_gap_is_the_tenths_the_top_against_the_rest_or_the_range():
    v = np.arange(1, 21, dtype=float)  # 20 areas: a tenth is 2 areas
    assert compute.descriptive_gap(v, "tenths", 0.1) == pytest.approx(19.5 - 1.5)
    assert compute.descriptive_gap(v, "top_rest", 0.1) == pytest.approx(19.5 - 9.5)  # the other 18: 1 to 18
    assert compute.descriptive_gap(v, "range", 0.1) == 19


def test_the_aim_path_is_a_straight_line_to_the_end_of_2030():
    b, end = pd.Timestamp("2019-07-01"), pd.Timestamp("2030-12-31")
    mid = b + (end - b) / 2
    path, v = compute.aim_verdict(60, b, 75.1, mid, 90)
    assert path == pytest.approx(75) and v == "on the path to the 2030 aim"
    assert compute.aim_verdict(60, b, 74.9, mid, 90)[1] == "behind it"
    # an aim below the baseline is met by falling
    assert compute.aim_verdict(20, b, 14, mid, 10)[1] == "on the path to the 2030 aim"
    assert compute.aim_verdict(20, b, 16, mid, 10)[1] == "behind it"


def test_an_area_clearly_rises_or_falls_only_with_its_whole_interval():
    a0 = pd.DataFrame({"area_code": ["A", "B", "C"], "area_name": ["a", "b", "c"], "value": [10.0, 10, 10],
                       "lci": [9.0, 9, 9], "uci": [11.0, 11, 11]})
    a1 = a0.assign(value=[13.0, 7.0, 11.0], lci=[12.0, 6.0, 10.0], uci=[14.0, 8.0, 12.0])
    out = compute.area_changes(a0, a1, 0.95).set_index("area_code")["verdict"]
    assert out.to_dict() == {"A": "clearly rose", "B": "clearly fell", "C": "no clear change"}
    # an area in one period only is not counted
    assert len(compute.area_changes(a0, a1.iloc[:2], 0.95)) == 2


def test_a_metric_without_periods_either_side_cannot_be_judged():
    p = pd.DataFrame({"period": ["a"], "period_label": ["2023/24"], "period_end": pd.to_datetime(["2024-03-31"])})
    assert compute.why_not(p, None, {"period": "a"}) == "one period only (2023/24)"
    p2 = pd.DataFrame({"period": ["a", "b"], "period_label": ["2022", "2023"],
                       "period_end": pd.to_datetime(["2022-12-31", "2023-12-31"])})
    assert compute.why_not(p2, None, {"period": "b"}).startswith("no period before the White Paper")
    assert compute.why_not(p2, "b", {"period": "b", "period_label": "2023"}).startswith("the series ended")
    assert compute.why_not(p2, "a", {"period": "b"}) == ""
    assert compute.why_not(p2, "a", None) == "no value for England"


def test_the_gap_method_verdicts_all_have_words():
    assert set(compute.GAP_WORDS) == set(gapstats.VERDICTS)


def _synthetic(spread_after: float, n: int = 60, half: float = 0.2) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    rows = []
    for period, end, s in (("2020", "2020-12-31", 1.0), ("2024", "2024-12-31", spread_after)):
        vals = 50 + s * rng.standard_normal(n)
        rows += [{"area_code": f"E0{i:07d}", "area_name": f"area {i}", "level": "lad", "value": v,
                  "lci": v - half, "uci": v + half} for i, v in enumerate(vals)]
        rows.append({"area_code": compute.ENGLAND, "area_name": "England", "level": "england", "value": 50.0,
                     "lci": np.nan, "uci": np.nan})
        for r in rows[-(n + 1):]:
            r |= {"period": period, "period_label": period, "period_start": pd.Timestamp(f"{period}-01-01"),
                  "period_end": pd.Timestamp(end)}
    return pd.DataFrame(rows)


@pytest.mark.parametrize("after, words", [(3.0, "widening"), (0.3, "closing")])
def test_a_gap_with_intervals_is_judged_by_the_interval_of_its_change(after, words):
    m = Mission(99, "aim", "x", "y", "z")
    row, areas = compute.summary_row(m, _synthetic(after), STUDY.check(draws=500))
    assert row["intervals"] and row["gap_verdict"] == words
    assert row["clearly_rose"] + row["no_clear_change"] + row["clearly_fell"] == len(areas) == 60


def test_a_gap_without_intervals_is_descriptive():
    df = _synthetic(3.0).assign(lci=np.nan, uci=np.nan)
    row, areas = compute.summary_row(Mission(99, "aim", "x", "y", "z"), df, STUDY.check())
    assert areas is None and not row["intervals"] and row["gap_verdict"] == "widening (descriptive)"


def test_a_declared_reason_overrides_the_computation():
    row, _ = compute.summary_row(Mission(99, "aim", "x", "y", "z", reason="no local series"), _synthetic(3.0),
                                 STUDY.check())
    assert row["verdict"] == "cannot be judged: no local series"


def test_twelve_missions_declared_once():
    assert [m.number for m in MISSIONS] == list(range(1, 13))
    assert set(robustness.JUDGED) <= {m.number for m in MISSIONS}


# --------------------------------------------------------------------------------------------
# the real data


@pytest.fixture(scope="module")
def res():
    return STUDY.run(STUDY.load(), STUDY.check())


def test_twelve_rows_one_per_mission(res):
    assert list(res.table["mission"]) == list(range(1, 13))


def test_england_ks2_share_2018_19_is_65_through_the_study(res):
    r = res.table.set_index("mission").loc[5]
    assert r["baseline_period"] == "2018/19" and r["england_baseline"] == 65


def test_every_verdict_follows_the_declared_words(res):
    allowed = {"closing", "no clear change", "widening"}
    for _, r in res.table.iterrows():
        if r["verdict"].startswith("cannot be judged: "):
            continue
        assert r["gap_verdict"].replace(" (descriptive)", "") in allowed
        assert r["aim_verdict"] in ("", "on the path to the 2030 aim", "behind it")


def test_the_missions_without_a_verdict_are_those_expected(res):
    cannot = set(res.table.loc[res.table["verdict"].str.startswith("cannot"), "mission"])
    assert cannot == {2, 3, 4, 9, 12}
    assert cannot.isdisjoint(robustness.JUDGED) and cannot | set(robustness.JUDGED) == set(range(1, 13))


def test_the_area_counts_add_up_to_the_matched_areas(res):
    t = res.table[res.table["intervals"].astype(bool)]
    assert set(t["mission"]) == {1, 7, 8}
    assert (t["clearly_rose"] + t["no_clear_change"] + t["clearly_fell"] == t["areas_matched"]).all()
    assert (t["areas_matched"] <= t[["n_areas_baseline", "n_areas_latest"]].min(axis=1)).all()


def test_the_page_has_one_line_per_mission_and_no_verdict_typed(res):
    lines = page.lines(res)
    assert len(lines) == 12 and list(lines["plain"]) == list(res.table["verdict"])
    f = page.findings(res)
    assert all(f"m{n}" in f for n in range(1, 13))


def test_further_metrics_and_the_count_of_mission_6(res):
    from analysis.studies.missions import EXTRAS
    assert len(res.extra) == len(EXTRAS) and set(res.extra["mission"]) == {1, 4, 6, 8, 10}
    c = res.counts.set_index("mission")
    assert c.loc[6, "count_latest"] == pytest.approx(res.table.set_index("mission").loc[6, "england_latest"]
                                                     * c.loc[6, "adults"] / 1e5)
    assert c.loc[10, "verdict"].startswith("cannot be judged")
    assert page.EXTRA_MISSIONS == (1, 4, 6, 8, 10)
    captions = [page.extra_table(res, n).caption for n in page.EXTRA_MISSIONS]
    assert [c.split(".")[0] for c in captions] == ["Table 2", "Table 3", "Table 4", "Table 5", "Table 6"]
    with pytest.raises(ValueError, match="no further metrics"):
        page.extra_table(res, 2)


def test_the_maps_of_change_cover_the_judged_missions_of_local_authorities(res):
    judged = res.table[(res.table["gap_verdict"].astype(str) != "")]
    lad = {m.number for m in MISSIONS if m.level == "lad"}
    assert set(res.changes["mission"]) == set(judged["mission"]) & lad
    assert len(res.boundaries) == 296 and res.boundaries["area_code"].is_unique
    for n in set(res.changes["mission"]):
        g = page.change_map_frame(res, n)
        assert len(g) == 296  # every current English LA drawn; those without both values grey
        d = res.changes[res.changes["mission"] == n]
        assert (d["change"] == d["after"] - d["before"]).all()


#: the English LAs each map leaves grey: no published value in the baseline or the latest period (new
#: unitaries of 2021 and 2023 without a value at a baseline before them, small areas ONS does not
#: estimate, and values ONS suppressed)
GREY = {1: {"E06000053", "E06000061", "E06000062", "E06000063", "E06000064", "E07000244", "E07000245", "E09000001"},
        5: {"E06000053", "E09000001"}, 6: {"E06000063", "E06000064"},
        8: {"E06000053", "E06000063", "E06000064", "E07000047", "E07000073", "E07000074", "E07000117", "E07000135",
            "E07000136", "E07000208", "E07000212", "E09000001"}, 10: {"E06000053"}}


def test_the_maps_leave_grey_only_the_pinned_areas_and_draw_no_area_outside_england(res):
    for n, grey in GREY.items():
        g = page.change_map_frame(res, n)
        assert set(g.loc[g["change"].isna(), "area_code"]) == grey, n
        outside = set(res.changes.loc[res.changes["mission"] == n, "area_code"]) - set(g["area_code"])
        assert {c[0] for c in outside} <= {"W", "S", "N"}, n
