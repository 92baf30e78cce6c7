"""Low pay by region: the transcribed TUC Table 2, its schema, and the audit's arithmetic.

Unit tests use small synthetic tables; the invariants on the real transcription are checked against
the printed table (cell values typed from the essay's Table 2) and arithmetic done by hand, never
against whatever the code printed.
"""

import math
import shutil

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.data import loaders

from analysis.errors import DataError, ParameterError
from analysis.studies.low_pay import REGIONS, STUDY, claims, compute, page, parse_regions

matplotlib.use("Agg")


def _table(rows, total):
    """A synthetic table: rows = [(region, pct, count, n, pct_const)], total likewise."""
    cols = ["region", "pct_low_pay", "employees_low_pay", "constituencies_over_20pct",
            "constituencies_over_20pct_pct"]
    df = pd.DataFrame([*rows, total], columns=cols)
    df["row_type"] = ["region"] * len(rows) + ["total"]
    for c in cols[3:]:
        df[c] = df[c].astype("Int64")
    return df


@pytest.fixture
def small():
    # A: 100k of 500k = 20%; B: 50k of 500k = 10%; UK 150k of 1m = 15%
    return _table([("A", 20.0, 100_000, 5, 50), ("B", 10.0, 50_000, 3, 30)], ("UK", 15.0, 150_000, 8, 40))


SMALL_SEATS = {"A": 10, "B": 10}
SECTORS = pd.DataFrame({"sector": ["x"], "median_hourly_pay_gbp": [8.0], "pct_below_rlw": [60.0]})


def _run(table, seats=SMALL_SEATS, sectors=SECTORS, **params):
    return compute.run(compute.Inputs(table, sectors, seats), STUDY.check(params))


# ------------------------------------------------------------------ the transcription


def test_published_table_matches_the_printed_table():
    t = loaders.tuc_low_pay_2019().set_index("region")
    assert len(t) == 13 and list(t.index) == [*loaders.TABLE2_REGIONS, "UK"]
    # cells typed from the essay's Table 2
    assert t.loc["North East", "pct_low_pay"] == 22.6 and t.loc["North East", "employees_low_pay"] == 229_000
    assert t.loc["Yorkshire and the Humber", "constituencies_over_20pct"] == 57
    assert t.loc["Yorkshire and the Humber", "constituencies_over_20pct_pct"] == 100
    assert t.loc["East Midlands", "constituencies_over_20pct"] == 17
    assert t.loc["London", "employees_low_pay"] == 839_000
    assert pd.isna(t.loc["Northern Ireland", "constituencies_over_20pct"])
    assert t.loc["UK"].tolist()[:4] == [20.5, 5_568_000, 391, 62]


def test_published_sectors_match_the_essay_text():
    s = loaders.tuc_low_pay_2019_sectors().set_index("sector")
    assert s.loc["Accommodation and food", "median_hourly_pay_gbp"] == 8.72
    assert s.loc["Accommodation and food", "pct_below_rlw"] == 63
    assert s.loc["Health and social care", "pct_below_rlw"] == 18.1
    assert s.loc["All employees (UK)", "median_hourly_pay_gbp"] == 13.68


def test_a_bad_transcription_stops_with_the_column_named(tmp_path, monkeypatch):
    shutil.copy(config.PUBLISHED / "tuc_low_pay_2019.csv", tmp_path / "tuc_low_pay_2019.csv")
    p = tmp_path / "tuc_low_pay_2019.csv"
    p.write_text(p.read_text().replace("North East,22.6,229000", "North East,122.6,229500"))
    monkeypatch.setattr(config, "PUBLISHED", tmp_path)
    with pytest.raises(DataError) as exc:
        loaders.tuc_low_pay_2019()
    assert "pct_low_pay" in str(exc.value) and "employees_low_pay" in str(exc.value)


def test_a_missing_transcription_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "PUBLISHED", tmp_path)
    with pytest.raises(DataError, match="transcribed table"):
        loaders.tuc_low_pay_2019()


def test_independent_seat_counts_add_up():
    seats = compute.WESTMINSTER_SEATS_2019
    assert set(seats) == set(REGIONS)  # the regions of Table 2, as ONS names them
    assert sum(seats.values()) == 650 and sum(v for k, v in seats.items() if k != "Northern Ireland") == 632


# ------------------------------------------------------------------ unit tests on synthetic tables


def test_employees_sum(small):
    e = compute.employees_sum(small)
    assert e["recomputed"] == 150_000 and e["published"] == 150_000 and e["tolerance"] == 1_500


def test_implied_employees(small):
    assert compute.implied_employees(small).tolist() == pytest.approx([500_000, 500_000, 1_000_000])
    with pytest.raises(ValueError, match="pct_low_pay"):
        compute.implied_employees(small.assign(pct_low_pay=0.0))


def test_weighted_share_bounds_contains_the_truth_and_every_sample():
    point, lo, hi = compute.weighted_share_bounds([100_000, 50_000], [20.0, 10.0])
    assert point == pytest.approx(15.0)
    assert lo < point < hi
    rng = np.random.default_rng(1)
    for _ in range(500):
        c = np.array([100_000, 50_000]) + rng.uniform(-500, 500, 2)
        s = np.array([20.0, 10.0]) + rng.uniform(-0.05, 0.05, 2)
        v = 100 * c.sum() / (c / (s / 100)).sum()
        assert lo - 1e-9 <= v <= hi + 1e-9


def test_weighted_share_bounds_refuses_bad_input():
    with pytest.raises(ValueError, match="same"):
        compute.weighted_share_bounds([1000, 2000], [10.0])
    with pytest.raises(ValueError, match="half-widths"):
        compute.weighted_share_bounds([1000, 2000], [0.01, 10.0])


def test_uk_share_check_consistent_and_inconsistent(small):
    ok = compute.uk_share_check(small)
    assert ok["recomputed"] == pytest.approx(15.0) and abs(ok["recomputed"] - ok["published"]) <= ok["tolerance"]
    bad = small.copy()
    bad.loc[bad["row_type"] == "total", "pct_low_pay"] = 15.5
    b = compute.uk_share_check(bad)
    assert abs(b["recomputed"] - b["published"]) > b["tolerance"]


def test_constituency_checks_flag_impossible_counts(small):
    t = small.copy()
    t.loc[0, ["constituencies_over_20pct", "constituencies_over_20pct_pct"]] = [12, 100]  # 12 of 10 seats
    cc = compute.constituency_checks(t, SMALL_SEATS).set_index("region")
    assert cc.loc["A", "whole_seats_fitting"] == "12"
    assert not cc.loc["A", "count_within_seats"] and not cc.loc["A", "fits_printed_pct"]
    assert cc.loc["B", "pct_of_real_seats"] == pytest.approx(30.0) and cc.loc["B", "fits_printed_pct"]
    with pytest.raises(ValueError, match="no constituency count"):
        compute.constituency_checks(t, {"A": 10})


def test_constituency_checks_keep_na_rows_untested(small):
    t = small.copy()
    t.loc[1, ["constituencies_over_20pct", "constituencies_over_20pct_pct"]] = [pd.NA, pd.NA]
    cc = compute.constituency_checks(t, SMALL_SEATS).set_index("region")
    assert pd.isna(cc.loc["B", "fits_printed_pct"]) and cc.loc["A", "fits_printed_pct"]


def test_constituency_total_check(small):
    t = compute.constituency_total_check(small, SMALL_SEATS)
    assert (t["recomputed_number"], t["denominator"], t["recomputed_pct"]) == (8, 20, 40.0)
    assert compute.constituency_total_check(small, SMALL_SEATS, "uk")["denominator"] == 20


def test_one_in_seven(small):
    o = compute.one_in_seven_check(small)
    assert o["region"] == "B" and o["recomputed"] == pytest.approx(9.95) and o["n_over"] == 1


def test_sector_checks():
    s = pd.DataFrame({"sector": ["x", "y", "z"], "median_hourly_pay_gbp": [8.0, 12.0, 8.0],
                      "pct_below_rlw": [60.0, 20.0, 30.0]})
    out = compute.sector_checks(s, rlw=9.0)
    assert out["consistent"].tolist() == [True, True, False]
    with pytest.raises(ValueError, match="sectors"):
        compute.sector_checks(s.drop(columns="pct_below_rlw"))


def test_parameters_are_checked_once_where_they_enter(small):
    assert parse_regions("North East, London") == ("North East", "London")
    assert parse_regions("none") == () and parse_regions("") == ()
    assert STUDY.check(highlight="Wales, Scotland").highlight == ("Wales", "Scotland")
    with pytest.raises(ParameterError, match=r"'highlight' = 'North East, Narnia': unknown region\(s\) \['Narnia'\]"):
        STUDY.check(highlight="North East, Narnia")
    with pytest.raises(ParameterError, match="'highlight' = 3 must be a str"):
        STUDY.check(highlight=3)
    with pytest.raises(ParameterError, match="'threshold' = 120 is out of range; allowed 10 to 30"):
        STUDY.check(threshold=120)
    with pytest.raises(ParameterError, match="'denominator' = 'england' is not allowed; one of: 'gb', 'uk'"):
        STUDY.check(denominator="england")
    assert compute.highlight_above(small, 15) == ["A"] and compute.highlight_above(small, 10) == ["A"]


def test_split_needs_one_total_row(small):
    with pytest.raises(ValueError, match="exactly one row"):
        compute.split(small.assign(row_type="region"))
    with pytest.raises(ValueError, match="missing column"):
        compute.split(small.drop(columns="pct_low_pay"))


# ------------------------------------------------------------------ the audit on the real table


@pytest.fixture(scope="module")
def table():
    return compute.table2()  # as printed, the regions named as ONS names them


def test_the_study_names_the_regions_as_ons_does_and_changes_no_value():
    printed, named = loaders.tuc_low_pay_2019(), compute.table2()
    assert "Yorkshire and the Humber" in set(printed["region"])  # as the table prints it
    assert named["region"].tolist() == [*REGIONS, "UK"] and "Yorkshire and The Humber" in REGIONS
    assert named.drop(columns="region").equals(printed.drop(columns="region"))
    assert parse_regions("yorkshire and the humber, London") == ("Yorkshire and The Humber", "London")


def test_employees_sum_by_hand(table):
    # 229+629+492+432+488+471+839+610+482+268+400+227 = 5,567 thousand, against the printed 5,568
    e = compute.employees_sum(table)
    assert e["recomputed"] == 5_567_000 and e["published"] == 5_568_000


def test_uk_share_is_not_the_weighted_mean(table):
    s = compute.uk_share_check(table)
    # by hand: sum(count / share) over the 12 rows is about 27.76 million; 5.567m / 27.76m = 20.05%
    assert s["implied_employees_regions"] == pytest.approx(27.76e6, rel=1e-3)
    assert s["implied_employees_uk"] == pytest.approx(5_568_000 / 0.205)
    assert 19.9 < s["low"] < s["recomputed"] < s["high"] < 20.2
    assert abs(s["published"] - s["recomputed"]) > s["tolerance"]


def test_constituency_totals(table):
    t = compute.constituency_total_check(table, compute.WESTMINSTER_SEATS_2019)
    assert t["recomputed_number"] == 391 and t["denominator"] == 632
    assert t["recomputed_pct"] == pytest.approx(100 * 391 / 632)
    assert compute.constituency_total_check(table, compute.WESTMINSTER_SEATS_2019, "uk")["denominator"] == 650


def test_regions_failing_the_seat_check(table):
    cc = compute.constituency_checks(table, compute.WESTMINSTER_SEATS_2019).set_index("region")
    bad_pct = set(cc.index[cc["fits_printed_pct"].fillna(True).eq(False)])
    bad_count = set(cc.index[cc["count_within_seats"].fillna(True).eq(False)])
    # 57 > 54 seats; 17 / 46 = 37.0%, not 40%; every other region fits its seats
    assert bad_pct == {"Yorkshire and The Humber", "East Midlands"}
    assert bad_count == {"Yorkshire and The Humber"}
    assert cc.loc["East Midlands", "whole_seats_fitting"] == "42, 43"
    assert cc.loc["Wales", "pct_of_real_seats"] == 77.5 and cc.loc["Wales", "fits_printed_pct"]


def test_the_ledger(table):
    full = STUDY.ledger(_run(table, compute.WESTMINSTER_SEATS_2019))
    led = full[full["test_data"] == ""]  # the audits; the rest only the survey could test
    assert full["claim_id"].is_unique and set(led["kind"]) == {"audit", "audit_over"}
    assert len(led) == 6 + 2 * 11 and set(full.loc[full["test_data"] != "", "verdict"]) == {"not testable"}
    inconsistent = set(led.loc[led["verdict"] == "inconsistent in source", "claim_id"])
    assert inconsistent == {"low_pay_uk_share_weighted", "low_pay_text_over_62pct",
                            "low_pay_const_pct_yorkshire_and_humber", "low_pay_const_count_yorkshire_and_humber",
                            "low_pay_const_pct_east_midlands"}
    assert set(led["verdict"]) == {"consistent", "inconsistent in source"}
    uk = STUDY.ledger(_run(table, compute.WESTMINSTER_SEATS_2019, denominator="uk")).set_index("claim_id")
    assert uk.loc["low_pay_constituencies_pct", "verdict"] == "inconsistent in source"  # 391/650 = 60.2%


def test_sector_figures_are_consistent_in_direction():
    assert compute.sector_checks(loaders.tuc_low_pay_2019_sectors())["consistent"].all()


def test_join_to_seats_leaves_only_the_uk_row(table):
    rec = compute.join_seats(table, compute.WESTMINSTER_SEATS_2019)
    assert rec.unmatched_left["key"].tolist() == ["UK"]
    assert rec.unmatched_right.empty and rec.unexplained.empty and rec.matched == 12


def test_figures_draw(table):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    res = _run(table, compute.WESTMINSTER_SEATS_2019, loaders.tuc_low_pay_2019_sectors(), highlight="Wales",
               threshold=22.0)
    assert isinstance(page.figure_shares(res), Figure) and isinstance(page.figure_constituencies(res), Figure)
    fig = page.figure_sectors(res)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    # side by side the panels share their rows, named once; stacked for a phone, each names its sectors
    assert [any(t.get_text() for t in ax.get_yticklabels()) for ax in fig.axes] == [True, False]
    assert all(ax.get_yticklabels()[0].get_text() for ax in page.figure_sectors(res, phone=True).axes)
    plt.close("all")
    assert not math.isnan(compute.uk_share_check(table)["tolerance"])


# ------------------------------------------------------------------ the page's tables and prose values


def test_printed_table_shows_na_and_thousands(small):
    t = small.copy()
    t.loc[1, ["constituencies_over_20pct", "constituencies_over_20pct_pct"]] = [pd.NA, pd.NA]
    view = page.printed_table(t).frame.set_index("Region or nation")
    assert view.index.tolist() == ["A", "B", "UK"]
    assert view.loc["A", "Low-paid employees"] == "100,000" and view.loc["A", "Low paid (%)"] == "20.0"
    assert view.loc["B", "Constituencies"] == "n/a"
    assert view.loc["A", "Constituencies (%)"] == "50"


def test_failing_regions_and_the_checked_summary(small):
    t = small.copy()
    t.loc[0, ["constituencies_over_20pct", "constituencies_over_20pct_pct"]] = [12, 100]  # 12 of 10 seats
    cc = compute.constituency_checks(t, SMALL_SEATS)
    assert compute.failing_regions(cc)["region"].tolist() == ["A"]
    text = page.audit_summary(_run(t))
    assert "employees: sum of regions 150,000 vs UK 150,000 (tolerance 1,500)" in text
    assert text.splitlines()[-1] == "A: 12 of 10 seats = 120.00% vs printed 100%"
    view = page.checks_table(cc).frame.set_index("Region or nation")
    assert view.loc["A", "Number over constituencies (%)"] == "120.00" and view.loc["A", "Number fits"] == "no"


def test_findings_on_the_real_table_by_hand(table):
    f = page.findings(_run(table, compute.WESTMINSTER_SEATS_2019, loaders.tuc_low_pay_2019_sectors(), threshold=22.0,
                           denominator="uk"))
    # counted from the printed shares directly
    above = [r for r, p in zip(loaders.TABLE2_REGIONS, table["pct_low_pay"]) if p > 22.0]
    assert f["n_above"] == len(above) and f["threshold"] == "22"
    assert f["n_regions"] == 12 and f["london_count"] == "839"
    assert f["const_denom"] == 650 and f["const_pct"] == "60.15"  # 391 / 650
    assert f["const_pct_phrase"] == "which does not round to the printed 62%"
    assert (f["yh_n"], f["yh_seats"], f["em_fit"]) == (57, 54, "42 or 43")
    assert (f["n_bad_regions"], f["n_tested_regions"]) == (2, 11)
    assert f["emp_diff"] == "1,000"  # 5,568,000 - 5,567,000


def test_verdict_summary_names_the_inconsistent_claims():
    led = pd.DataFrame({"claim_id": ["a", "b", "c"], "verdict": ["consistent", "inconsistent in source", "consistent"]})
    assert page.verdict_summary(led) == ("verdict\nconsistent                2\ninconsistent in source    1\n"
                                           "inconsistent: b")


def test_sectors_view_as_printed():
    v = page.sectors_table(loaders.tuc_low_pay_2019_sectors()).frame.set_index("Sector")
    assert v.loc["Accommodation and food"].tolist() == ["8.72", "63"]
    assert v.loc["All employees (UK)", "Low paid (%)"] == "n/a"


def test_the_claims_are_declared_from_the_printed_table(table):
    """Every printed figure of Table 2 that the audit tests is a declared claim, typed once (in the table)."""
    declared = {c.id: c for c in claims.CLAIMS}
    assert declared["low_pay_employees_sum"].published == 5_568
    assert declared["low_pay_constituencies_sum"].published == 391
    assert declared["low_pay_const_pct_east_midlands"].published == 40
    assert declared["low_pay_const_count_yorkshire_and_humber"].published == 57
    assert {c.document.key for c in claims.CLAIMS} == {"williamson2022"}
    assert all(c.where.startswith(("Table 2", "text on Table 2", "text on low pay by sector")) for c in claims.CLAIMS)


def test_what_only_the_survey_could_test_is_declared_not_testable_naming_it(table):
    """Table 2 itself and the sector figures cannot be recomputed here: each is a row naming the data that
    would test it (ASHE 2019, ONS ad hoc release 10743, for the table; ASHE by industry for the sectors)."""
    from analysis.ledger import claims as ledger

    untestable = [c for c in claims.CLAIMS if c.test_data]
    sectors = loaders.tuc_low_pay_2019_sectors()
    assert len(untestable) == 3 + len(sectors) + int(sectors["pct_below_rlw"].notna().sum())
    table2 = [c for c in untestable if c.where.startswith("Table 2")]
    assert all("10743" in c.test_data for c in table2) and len(table2) == 3
    assert {c.published for c in untestable if "_sector_median_" in c.id} == {"10.30", "13.73", "8.72", "13.68"}
    assert {c.published for c in untestable if "_below_rlw_" in c.id} == {"35", "18.1", "63"}
    res = STUDY.run(STUDY.load(), STUDY.check())
    led = STUDY.ledger(res).set_index("claim_id")
    assert (led.loc[[c.id for c in untestable], "verdict"] == ledger.NOT_TESTABLE).all()


def test_what_we_found_names_each_failing_check(table):
    """The opening sentences count the checks as the ledger does (6 totals and statements, 2 per region with a
    count: 28; the 5 inconsistent ones are those of test_the_ledger) and name each failure in words."""
    res = _run(table, compute.WESTMINSTER_SEATS_2019, loaders.tuc_low_pay_2019_sectors())
    f = page.found(res, STUDY.ledger(res))
    assert "23 of its 28 checks are consistent. The other 5 are not:" in f["found_audit"]
    assert "Yorkshire and The Humber is given more constituencies" in f["found_audit"]
    assert "in the East Midlands the printed number and share" in f["found_audit"]
    assert f["found_spread"].startswith("In April 2019 between 15.9% of employees (South East) and 25.1% (Northern")
    uk = _run(table, compute.WESTMINSTER_SEATS_2019, loaders.tuc_low_pay_2019_sectors(), denominator="uk")
    f = page.found(uk, STUDY.ledger(uk))
    assert "The other 6 are not:" in f["found_audit"] and "the UK's share of constituencies" in f["found_audit"]
    assert all("_" not in sentence for sentence in f.values())  # no code names
