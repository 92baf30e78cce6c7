"""What the missions tracker gives the "your area" page: the join of each mission's rows to the LAs of 2019
on synthetic frames (own code, merged into a unitary, a same-area re-code, the county's figure, missing
everywhere), and on the real data the table, the unmatched sets and values read back from the files."""

import re

import numpy as np
import pandas as pd
import pytest

from analysis.data import loaders
from analysis.pages import area as page
from analysis.studies.missions import MISSIONS, STUDY, compute
from analysis.studies.missions import area as ma

# ------------------------------------------------------------------------------ synthetic

#: five LAs of 2019: one unitary of its own, two districts merged into Cumberland in 2023, two districts of
#: Suffolk, and Barnsley (re-coded by ONS in 2025)
PLACES = pd.DataFrame({
    "code": ["E06000010", "E07000026", "E07000028", "E07000203", "E07000200", "E08000016"],
    "name": ["Kingston upon Hull, City of", "Allerdale", "Carlisle", "Mid Suffolk", "Babergh", "Barnsley"],
    "code_2023": ["E06000010", "E06000063", "E06000063", "E07000203", "E07000200", "E08000016"],
    "name_2023": ["Kingston upon Hull, City of", "Cumberland", "Cumberland", "Mid Suffolk", "Babergh", "Barnsley"],
    "upper_code": ["E06000010", "E06000063", "E06000063", "E10000029", "E10000029", "E08000016"],
    "upper_name": ["Kingston upon Hull, City of", "Cumberland", "Cumberland", "Suffolk", "Suffolk", "Barnsley"],
    "county": [False, False, False, True, True, False]})
CURRENT = {"E06000010", "E06000063", "E07000203", "E07000200", "E08000038"}
SHOWN = ma.Shown("Pay", "pay", "£", 0, "highest", "1 = highest pay", "£{:,.0f}")


def _rows(values: dict, periods=(("2020", "2020-01-01", "2020-12-31"), ("2024", "2024-01-01", "2024-12-31"))):
    """Rows of an indicator: ``values`` maps (code, level) to one value per period (None: a row, no value)."""
    out = []
    for (code, level), vs in values.items():
        for (p, s, e), v in zip(periods, vs):
            out.append({"area_code": code, "area_name": code, "level": level, "period": p, "period_label": p,
                        "period_start": pd.Timestamp(s), "period_end": pd.Timestamp(e),
                        "value": np.nan if v is None else v, "lci": np.nan, "uci": np.nan})
    return pd.DataFrame(out, columns=compute.COLUMNS)


def _join(df, base="2020"):
    current = ma.current_codes(PLACES, CURRENT)
    return ma.join_mission(1, PLACES, df, current, base, SHOWN)


def _frame():
    return _rows({("E92000001", "england"): [500, 600], ("E06000010", "lad"): [400, 450],
                  ("E06000063", "lad"): [None, 520], ("E07000203", "lad"): [550, 580],
                  ("E07000200", "lad"): [500, None], ("E10000029", "county"): [530, 590],
                  ("E08000038", "lad"): [410, 470], ("E10000012", "county"): [600, 650],
                  ("W06000001", "lad"): [300, 350]})


def test_current_codes_follow_mergers_and_recodes():
    assert ma.current_codes(PLACES, CURRENT).tolist() == ["E06000010", "E06000063", "E06000063", "E07000203",
                                                          "E07000200", "E08000038"]
    with pytest.raises(ValueError, match="E08000016"):
        ma.current_codes(PLACES, CURRENT - {"E08000038"})


def test_own_code_unitary_recode_and_county_fallback():
    t, rec = _join(_frame())
    t = t.set_index("code")
    assert t["mission1"].tolist() == [450, 520, 520, 580, 590, 470]
    assert t["mission1_area"].tolist() == ["E06000010", "E06000063", "E06000063", "E07000203", "E10000029", "E08000038"]
    assert t["mission1_how"].tolist() == ["own", "unitary", "unitary", "own", "county", "own"]
    assert t.loc["E06000010", "mission1_change"] == 50 and t.loc["E07000200", "mission1_change"] == 60  # Suffolk's
    assert np.isnan(t.loc["E07000026", "mission1_change"])  # Cumberland has no value for the baseline
    assert t.loc["E06000010", "mission1_detail"] == "Up £50 since 2020"
    assert t.loc["E07000200", "mission1_detail"] == "Up £60 since 2020; Suffolk's figure: ONS publishes this for the county"
    assert t.loc["E07000026", "mission1_detail"] == "No figure for 2020; Cumberland's figure"
    assert rec.matched == 6 and rec.unmatched_left.empty
    # Essex covers none of these LAs; Suffolk is used; Wales is not an English area
    assert rec.unmatched_right["key"].tolist() == ["E10000012"]
    assert rec.unmatched_right["reason"].str.startswith("unexplained").all()  # no district of Essex here


def test_missing_everywhere_is_reported_with_its_reason():
    df = _frame()
    df = df[~((df["area_code"] == "E10000029") & (df["period"] == "2024"))]  # Suffolk has no latest value
    df = df[~((df["area_code"] == "E06000010") & (df["period"] == "2024"))]   # Hull's latest row dropped
    df = df[df["area_code"] != "E06000063"]                                      # Cumberland not in the file
    t, rec = _join(df)
    t = t.set_index("code")
    assert t.loc[["E06000010", "E07000026", "E07000028", "E07000200"], "mission1"].isna().all()
    assert t.loc[["E06000010", "E07000200"], "mission1_detail"].isna().all()
    why = dict(zip(rec.unmatched_left["key"], rec.unmatched_left["reason"]))
    assert set(why) == {"E06000010", "E07000026", "E07000028", "E07000200"} and rec.matched == 2
    assert why["E06000010"] == "ONS gives E06000010 a value up to 2020, none for 2024"
    assert why["E07000200"] == "ONS's row for E07000200 in 2024 has no value, nor for Suffolk"
    assert why["E07000026"] == "unexplained: not in ONS's file"  # Cumberland existed in 2024
    # a period that began before the unitary was made explains its absence
    early = df.assign(period_start=df["period_start"] - pd.DateOffset(years=4),
                      period_end=df["period_end"] - pd.DateOffset(years=4))
    why = dict(zip(*[_join(early)[1].unmatched_left[k] for k in ("key", "reason")]))
    assert "Cumberland, the unitary it became part of, was made in April 2023" in why["E07000026"]


def test_one_period_or_a_series_that_ended_shows_no_change():
    df = _rows({("E92000001", "england"): [600], ("E06000010", "lad"): [450]},
               periods=(("2024", "2024-01-01", "2024-12-31"),))
    t, _ = ma.join_mission(1, PLACES.iloc[:1], df, ["E06000010"], None, SHOWN)
    assert t["mission1"].tolist() == [450] and t["mission1_change"].isna().all() and t["mission1_detail"].isna().all()
    fig = ma.figure(1, df, SHOWN, None, 0)
    assert fig.label == "Pay, 2024" and fig.year == 2024 and "one period only" in fig.note
    assert fig.rank_unit == "mission1_area" and fig.among == "local authorities"


def test_change_words():
    assert ma._change_words(SHOWN, -1.2, "2020") == "down £1 since 2020"
    pct = ma.Shown("x", "x", "%", 0, "highest", "", "{:.0f} points")
    assert ma._change_words(pct, 1.0, "2018/19") == "up 1 point since 2018/19"
    assert ma._change_words(pct, 0.2, "2018/19") == "no change since 2018/19"
    assert ma.period_words("30 April 2025") == "April 2025" and ma.period_words("2024/25") == "2024/25"


# ------------------------------------------------------------------------------ the real data


@pytest.fixture(scope="module")
def real():
    places, _ = page.places(loaders.imd_lad(), loaders.lookup_lad23_utla23(), loaders.referendum(),
                            loaders.lookup_lad17_lad19())
    return places, ma.area(places)


def test_one_row_per_la_of_2019_with_every_metric(real):
    places, part = real
    t = part.table
    assert len(t) == 317 and t["code"].is_unique and set(t["code"]) == set(places["code"])
    assert [f.column for f in part.figures] == [f"mission{n}" for n in (1, 3, 4, 5, 6, 8, 9, 10)]
    assert set(ma.SHOWN) | set(ma.LEFT_OUT) == {m.number for m in MISSIONS}
    for f in part.figures:
        assert re.search(r"\d{4}", f.label) and not re.search(r"\w_\w", f.label + f.note + f.among)
        words = t[f.detail].dropna()
        assert not words.str.contains(r"\w_\w|E\d{8}").any()
    # the missions with a baseline: the change is the same area's two values
    for n in (1, 5, 6, 8, 10):
        c = ma.column(n)
        assert t[f"{c}_change"].notna().sum() > 280
        assert t.loc[t[f"{c}_change"].notna(), f"{c}_detail"].str.contains(r"^(?:Up|Down|No change) ").all()
    for n in (3, 4, 9):
        assert t[f"mission{n}_change"].isna().all()


def test_the_unmatched_sets_are_pinned(real):
    _, part = real
    left = {k: sorted(r.unmatched_left["name"]) for k, r in part.joins.items()}
    scilly_city = ["City of London", "Isles of Scilly"]
    cumbria = ["Allerdale", "Barrow-in-Furness", "Carlisle", "Copeland", "Eden", "South Lakeland"]
    northants = ["Corby", "Daventry", "East Northamptonshire", "Kettering", "Northampton", "South Northamptonshire",
                 "Wellingborough"]
    assert left == {"missions_1": scilly_city, "missions_3": sorted(["Bournemouth, Christchurch and Poole", "Dorset",
                                                                     *cumbria, *northants]),
                    "missions_4": [], "missions_5": scilly_city, "missions_6": [],
                    "missions_8": sorted([*scilly_city, *cumbria]), "missions_9": [], "missions_10": ["Isles of Scilly"]}
    for k, r in part.joins.items():
        assert r.unexplained.empty, str(r)
        # what ONS publishes that no LA takes: the counties whose districts all have their own figure
        assert r.unmatched_right["key"].str.startswith("E10").all()
        assert (r.unmatched_right["reason"] == "a county whose districts all have their own figure").all()
    assert len(part.joins["missions_1"].unmatched_right) == 21 and part.joins["missions_9"].unmatched_right.empty
    assert part.joins["missions_3"].unmatched_left["reason"].str.contains("was made in April 20(?:19|21|23)").all()


def test_county_figures_are_the_countys_row_in_the_file(real):
    places, part = real
    t = part.table.merge(places[["code", "name", "county_name"]], on="code").set_index("name")
    assert dict((t["mission8_how"] == "county").groupby(t["county_name"]).sum().loc[lambda s: s > 0]) == {
        "Devon": 1, "Essex": 2, "Lancashire": 1, "Lincolnshire": 1, "Surrey": 2}
    assert dict((t["mission3_how"] == "county").groupby(t["county_name"]).sum().loc[lambda s: s > 0]) == {"Suffolk": 2}
    for n in (1, 4, 5, 6, 9, 10):
        assert not (t[f"mission{n}_how"] == "county").any()
    # West Devon's life satisfaction of 2022/23 is Devon's, read straight from the file
    f = loaders.els("personal_wellbeing_estimates")
    devon = f[(f["indicator"] == "Satisfaction") & (f["area_code"] == "E10000008") & (f["period_label"] == "2022/23")]
    assert t.at["West Devon", "mission8"] == pytest.approx(devon["value"].item())
    assert t.at["West Devon", "mission8_detail"].endswith("Devon's figure: ONS publishes this for the county")
    # Mid Suffolk's primary school results are its own (ONS publishes them for districts), Suffolk's is not shown
    k = loaders.els("pupils_at_expected_standards_by_end_of_primary_school")
    mid = k[(k["area_code"] == "E07000203") & (k["period_label"] == "2024/25") & (k["indicator"] == MISSIONS[4].indicator)]
    assert t.at["Mid Suffolk", "mission5"] == pytest.approx(mid["value"].item()) and t.at["Mid Suffolk", "mission5_how"] == "own"


def test_merged_and_recoded_las_take_their_current_areas_figure(real):
    places, part = real
    t = part.table.merge(places[["code", "name"]], on="code").set_index("name")
    f = loaders.els("gross_median_weekly_pay")
    latest = compute.england(f[f["indicator"] == MISSIONS[0].indicator]).iloc[-1]["period"]
    pay = f[(f["indicator"] == MISSIONS[0].indicator) & (f["period"] == latest)].set_index("area_code")["value"]
    assert t.at["Allerdale", "mission1"] == pytest.approx(pay["E06000063"])  # Cumberland's
    assert t.at["Barnsley", "mission1"] == pytest.approx(pay["E08000038"]) and t.at["Barnsley", "mission1_how"] == "own"
    assert (t["mission1_how"] == "unitary").sum() == (places["code_2023"] != places["code"]).sum() == 28


def test_the_baseline_is_the_trackers(real):
    _, part = real
    res = compute.run(compute.load(), STUDY.params.defaults())
    base = res.table.set_index("mission")["baseline_period"]
    for f in part.figures:
        n = int(f.column.removeprefix("mission"))
        if "since" in f.note:
            assert f"since {ma.period_words(base[n])}" in f.note
