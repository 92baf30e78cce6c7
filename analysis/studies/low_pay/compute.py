"""The audit of Table 2: every total and percentage recomputed from the table's own parts.

:func:`load` reads the transcribed tables; :func:`run` audits them for one set of parameters; every
other function is pure (tables in, numbers out). The rounding allowed is half a unit of the printed
precision: a share printed to 1 dp may be off by 0.05 points, a count printed to the nearest 1,000 by
500, a constituency share printed to 0 dp by 0.5 points.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data import geography, loaders
from analysis.data.geography import Reconciliation
from analysis.params import Params
from analysis.studies.low_pay import ons_name

#: Real Living Wage in force at the ASHE 2019 reference date (April 2019), announced November 2018
RLW_2019 = {"UK outside London": 9.00, "London": 10.55}

#: Independent facts: Westminster constituencies per region/nation in 2019 (650), on the boundaries used
#: at the 2010-2019 general elections (England and Wales from 2010; Scotland 2005; Northern Ireland 2008).
#: Source: House of Commons Library general election results by region (data/published/tuc_low_pay_2019.md).
#: Regions are named as ONS names them.
WESTMINSTER_SEATS_2019 = {
    "North East": 29, "North West": 75, "Yorkshire and The Humber": 54, "East Midlands": 46,
    "West Midlands": 59, "East": 58, "London": 73, "South East": 84, "South West": 55, "Wales": 40,
    "Scotland": 59, "Northern Ireland": 18,
}

#: why a row of Table 2 may have no seat count when joined to WESTMINSTER_SEATS_2019
JOIN_REASONS = {"UK": "the table's total row, not a region: its seats are the sum of the regions' (650)"}

#: published rounding: half a unit of the printed precision
HALF_PP_1DP = 0.05     # a % printed to 1 dp
HALF_COUNT = 500       # a count printed to the nearest 1,000
HALF_PP_0DP = 0.5      # a % printed to 0 dp


# --------------------------------------------------------------------------------------------
# load and run


@dataclass(frozen=True)
class Inputs:
    table: pd.DataFrame            # Table 2 as printed (13 rows), its regions named as ONS names them
    sectors: pd.DataFrame          # the essay's sector figures
    seats: dict[str, int]          # constituencies per region, 2019


def load() -> Inputs:
    """The transcribed tables (the only reading in this study)."""
    return Inputs(table2(), loaders.tuc_low_pay_2019_sectors(), dict(WESTMINSTER_SEATS_2019))


def table2() -> pd.DataFrame:
    """Table 2 as printed, each region named as ONS names it (:func:`analysis.studies.low_pay.ons_name`):
    the spelling changes, no value does."""
    t = loaders.tuc_low_pay_2019()
    return t.assign(region=t["region"].map(ons_name))


@dataclass(frozen=True)
class Result:
    params: Params
    table: pd.DataFrame
    sectors: pd.DataFrame
    seats: dict[str, int]
    employees: dict                # the regional counts against the UK count
    uk_share: dict                 # the UK share against the employee-weighted regional shares
    one_in_seven: dict             # the lowest regional share against one in seven
    constituencies: dict           # the regional constituency counts against the UK's 391 and 62%
    by_region: pd.DataFrame        # each region's constituency count against its real seats
    sector_checks: pd.DataFrame    # each sector's median against its share below the Real Living Wage
    above: list[str]               # the regions above the page's threshold
    seats_join: Reconciliation     # Table 2's rows against the seat counts, by region name


def run(inputs: Inputs, params: Params) -> Result:
    """The whole audit for one set of checked parameters."""
    df, seats = inputs.table, inputs.seats
    return Result(params=params, table=df, sectors=inputs.sectors, seats=seats, employees=employees_sum(df),
                  uk_share=uk_share_check(df), one_in_seven=one_in_seven_check(df),
                  constituencies=constituency_total_check(df, seats, params.denominator),
                  by_region=constituency_checks(df, seats), sector_checks=sector_checks(inputs.sectors),
                  above=highlight_above(df, params.threshold), seats_join=join_seats(df, seats))


# --------------------------------------------------------------------------------------------
# the audit's arithmetic


def _check_table(df: pd.DataFrame) -> None:
    need = ["region", "pct_low_pay", "employees_low_pay", "constituencies_over_20pct",
            "constituencies_over_20pct_pct", "row_type"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"table: missing column(s) {missing}; expected the columns of loaders.tuc_low_pay_2019(): "
                         f"{need}")
    if (df["row_type"] == "total").sum() != 1:
        raise ValueError("table: expected exactly one row with row_type 'total' (the UK row)")


def split(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The regional rows and the UK total row."""
    _check_table(df)
    return df[df["row_type"] == "region"].reset_index(drop=True), df[df["row_type"] == "total"].iloc[0]


def employees_sum(df: pd.DataFrame) -> dict:
    """Sum of the regional low-paid counts against the UK count; tolerance 500 per printed count."""
    reg, uk = split(df)
    total = int(reg["employees_low_pay"].sum())
    tol = HALF_COUNT * (len(reg) + 1)
    return {"published": int(uk["employees_low_pay"]), "recomputed": total, "tolerance": tol,
            "arithmetic": " + ".join(f"{v / 1000:,.0f}" for v in reg["employees_low_pay"])
                          + f" = {total / 1000:,.0f} thousand; printed UK {uk['employees_low_pay'] / 1000:,.0f} thousand"}


def implied_employees(df: pd.DataFrame) -> pd.Series:
    """Employee jobs implied by each row: low-paid count / (share / 100)."""
    missing = [c for c in ("employees_low_pay", "pct_low_pay") if c not in df.columns]
    if missing:
        raise ValueError(f"implied_employees: missing column(s) {missing}")
    if (df["pct_low_pay"] <= 0).any():
        raise ValueError("implied_employees: pct_low_pay must be positive")
    return df["employees_low_pay"] / (df["pct_low_pay"] / 100)


def weighted_share_bounds(counts, shares, half_count: float = HALF_COUNT,
                          half_share: float = HALF_PP_1DP) -> tuple[float, float, float]:
    """The employee-weighted mean share sum(c) / sum(c / s), with its range over the printed rounding.

    ``shares`` in %. Returns (point, low, high). The extremes lie at the corners of the rounding box:
    the high end takes every share at its upper bound, the low end at its lower bound, and each
    count at one of its two bounds (all 2^n combinations are tried; n = 12 here).
    """
    c = np.asarray(counts, dtype=float)
    s = np.asarray(shares, dtype=float)
    if c.shape != s.shape or c.ndim != 1 or len(c) == 0:
        raise ValueError("counts and shares must be 1-d sequences of the same, non-zero length")
    if (s <= half_share).any() or (c <= half_count).any():
        raise ValueError("counts and shares must be larger than their rounding half-widths")
    if len(c) > 16:
        raise ValueError("weighted_share_bounds enumerates 2^n corners: at most 16 rows")
    point = 100 * c.sum() / (c / (s / 100)).sum()
    corners = np.array(list(itertools.product((-1.0, 1.0), repeat=len(c))))
    cc = c + corners * half_count
    hi = (100 * cc.sum(axis=1) / (cc / ((s + half_share) / 100)).sum(axis=1)).max()
    lo = (100 * cc.sum(axis=1) / (cc / ((s - half_share) / 100)).sum(axis=1)).min()
    return float(point), float(lo), float(hi)


def uk_share_check(df: pd.DataFrame) -> dict:
    """Does the UK % equal the employee-weighted mean of the regional %s (implied employees = count / share)?"""
    reg, uk = split(df)
    point, lo, hi = weighted_share_bounds(reg["employees_low_pay"], reg["pct_low_pay"])
    emp_reg = implied_employees(reg).sum()
    emp_uk = uk["employees_low_pay"] / (uk["pct_low_pay"] / 100)
    tol = max(hi - point, point - lo) + HALF_PP_1DP
    return {"published": float(uk["pct_low_pay"]), "recomputed": point, "low": lo, "high": hi, "tolerance": tol,
            "implied_employees_regions": float(emp_reg), "implied_employees_uk": float(emp_uk),
            "arithmetic": (f"sum of counts {reg['employees_low_pay'].sum() / 1e3:,.0f}k / sum of implied employees "
                           f"{emp_reg / 1e6:.2f}m = {point:.2f}% (range {lo:.2f}-{hi:.2f}% over the printed rounding); "
                           f"printed UK {uk['pct_low_pay']}% implies {emp_uk / 1e6:.2f}m employees")}


def constituency_checks(df: pd.DataFrame, seats: dict[str, int]) -> pd.DataFrame:
    """Each region's constituency count and % against its real number of seats.

    Columns: the printed number and %, ``implied_seats`` (number / %), ``whole_seats_fitting`` (the
    whole numbers N with 100 * number / N within 0.5 of the printed %), the real ``seats``,
    ``pct_of_real_seats`` and the verdicts ``fits_printed_pct`` (the real N gives the printed % to
    0 dp) and ``count_within_seats`` (number <= real seats). Northern Ireland (n/a) is kept, untested.
    """
    reg, _ = split(df)
    missing = [r for r in reg["region"] if r not in seats]
    if missing:
        raise ValueError(f"seats: no constituency count for {missing}")
    rows = []
    for _, r in reg.iterrows():
        n, p, real = r["constituencies_over_20pct"], r["constituencies_over_20pct_pct"], seats[r["region"]]
        if pd.isna(n):
            rows.append({"region": r["region"], "number": pd.NA, "pct": pd.NA, "implied_seats": np.nan,
                         "whole_seats_fitting": "", "seats": real, "pct_of_real_seats": np.nan,
                         "fits_printed_pct": pd.NA, "count_within_seats": pd.NA})
            continue
        n, p = int(n), int(p)
        fitting = [N for N in range(max(n, 1), 2 * real + n + 1) if abs(100 * n / N - p) <= HALF_PP_0DP + 1e-9]
        pct_real = 100 * n / real
        rows.append({"region": r["region"], "number": n, "pct": p,
                     "implied_seats": n / (p / 100) if p else np.inf,
                     "whole_seats_fitting": ", ".join(map(str, fitting)) or "none",
                     "seats": real, "pct_of_real_seats": pct_real,
                     "fits_printed_pct": abs(pct_real - p) <= HALF_PP_0DP + 1e-9,
                     "count_within_seats": n <= real})
    out = pd.DataFrame(rows)
    for c in ("number", "pct"):
        out[c] = out[c].astype("Int64")
    for c in ("fits_printed_pct", "count_within_seats"):
        out[c] = out[c].astype("boolean")
    return out


def constituency_total_check(df: pd.DataFrame, seats: dict[str, int], denominator: str = "gb") -> dict:
    """Do the regional counts sum to the UK's 391, and is 391 / (constituencies) the printed 62%?

    ``denominator``: ``gb`` = the constituencies of the regions with a printed count (Great Britain,
    632: Northern Ireland is n/a) or ``uk`` = all 650.
    """
    reg, uk = split(df)
    given = reg[reg["constituencies_over_20pct"].notna()]
    total = int(given["constituencies_over_20pct"].sum())
    denom = int(sum(seats[r] for r in given["region"])) if denominator == "gb" else int(sum(seats.values()))
    return {"published_number": int(uk["constituencies_over_20pct"]), "recomputed_number": total,
            "published_pct": int(uk["constituencies_over_20pct_pct"]), "denominator": denom,
            "denominator_label": "in Great Britain (the regions with a count)" if denominator == "gb"
                                 else "in the UK",
            "recomputed_pct": 100 * int(uk["constituencies_over_20pct"]) / denom,
            "recomputed_pct_from_parts": 100 * total / denom}


def one_in_seven_check(df: pd.DataFrame) -> dict:
    """'Over one in seven jobs in every region and nation': the lowest share, at its rounding low end."""
    reg, _ = split(df)
    i = reg["pct_low_pay"].idxmin()
    low = float(reg.loc[i, "pct_low_pay"]) - HALF_PP_1DP
    return {"published": 100 / 7, "recomputed": low, "region": reg.loc[i, "region"],
            "n_over": int((reg["pct_low_pay"] - HALF_PP_1DP > 100 / 7).sum()), "n_regions": len(reg)}


def sector_checks(sectors: pd.DataFrame, rlw: float = RLW_2019["UK outside London"]) -> pd.DataFrame:
    """A median below the Real Living Wage means more than half are below it, and vice versa."""
    need = ["sector", "median_hourly_pay_gbp", "pct_below_rlw"]
    if [c for c in need if c not in sectors.columns]:
        raise ValueError(f"sectors: expected columns {need}, found {list(sectors.columns)}")
    s = sectors.dropna(subset=["pct_below_rlw"]).copy()
    s["median_below_rlw"] = s["median_hourly_pay_gbp"] < rlw
    s["share_over_half"] = s["pct_below_rlw"] > 50
    s["consistent"] = s["median_below_rlw"] == s["share_over_half"]
    return s.reset_index(drop=True)


def join_seats(df: pd.DataFrame, seats: dict[str, int]) -> Reconciliation:
    """Table 2's rows joined to the seat counts by region name; only the UK total row is left over."""
    table = pd.DataFrame({"region": list(seats), "seats": list(seats.values())})
    _, rec = geography.reconcile(df, table, "region", name="Table 2 rows -> seats in 2019", left_label="Table 2",
                                 right_label="Westminster seats 2019", left_name="region", right_name="region",
                                 reasons=JOIN_REASONS)
    return rec


def highlight_above(df: pd.DataFrame, threshold: float) -> list[str]:
    """Regions whose printed share is above ``threshold`` (%)."""
    reg, _ = split(df)
    return reg.loc[reg["pct_low_pay"] > threshold, "region"].tolist()


def failing_regions(cc: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`constituency_checks` whose printed % does not fit the real seats, or whose
    number exceeds them (regions with no printed count are not tested)."""
    bad = cc["fits_printed_pct"].fillna(True).eq(False) | cc["count_within_seats"].fillna(True).eq(False)
    return cc[bad]
