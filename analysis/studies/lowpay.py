"""Low pay by region: the TUC essay's Table 2 (ASHE 2019), transcribed, validated and audited.

Source: Janet Williamson (TUC), "Levelling up and work", in *Levelling Up: What is it and can it
work?* (CILU, University of West London, January 2022), Table 2, from ASHE 2019 via the Living Wage
Foundation. The table is a published fact, not a downloaded file: it is transcribed in
``data/published/tuc_low_pay_2019.csv`` with its provenance beside it (``tuc_low_pay_2019.md``) and
loaded here, validated by a pandera schema.

The audit recomputes every total and percentage from the table's own parts and tests each row against
independent facts (the number of Westminster constituencies per region in 2019). It never corrects the
source: it reports each check with its arithmetic and a verdict, allowing for the published rounding
(shares printed to 1 dp may be off by 0.05 points, counts printed to the nearest 1,000 by 500,
constituency shares printed to 0 dp by 0.5 points).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis import config
from analysis.data.loaders import validate
from analysis.errors import DataError, ParameterError, check_choice, check_range
from analysis.ledger import claims

ANALYSIS = "low_pay"
PUBLISHED = config.ROOT / "data" / "published"
SOURCE = "Williamson (TUC), 'Levelling up and work', CILU/UWL Jan 2022, Table 2 (ASHE 2019 via the Living Wage Foundation)"

#: the regions and nations of Table 2, in the printed order (the UK total row follows them)
REGIONS = ("North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands", "East",
           "London", "South East", "South West", "Wales", "Scotland", "Northern Ireland")

#: Real Living Wage in force at the ASHE 2019 reference date (April 2019), announced November 2018
RLW_2019 = {"UK outside London": 9.00, "London": 10.55}

#: Independent facts: Westminster constituencies per region/nation in 2019 (650), on the boundaries used
#: at the 2010-2019 general elections (England and Wales from 2010; Scotland 2005; Northern Ireland 2008).
#: Source: House of Commons Library general election results by region (data/published/tuc_low_pay_2019.md).
WESTMINSTER_SEATS_2019 = {
    "North East": 29, "North West": 75, "Yorkshire and the Humber": 54, "East Midlands": 46,
    "West Midlands": 59, "East": 58, "London": 73, "South East": 84, "South West": 55, "Wales": 40,
    "Scotland": 59, "Northern Ireland": 18,
}

#: why a row of Table 2 may have no seat count when joined to WESTMINSTER_SEATS_2019
JOIN_REASONS = {"UK": "the table's total row, not a region: its seats are the sum of the regions' (650)"}

#: published rounding: half a unit of the printed precision
HALF_PP_1DP = 0.05     # a % printed to 1 dp
HALF_COUNT = 500       # a count printed to the nearest 1,000
HALF_PP_0DP = 0.5      # a % printed to 0 dp

#: the notebook's parameters: the constituencies the UK's 62% is tested against (``gb``: the 632 of the
#: regions with a printed count, Northern Ireland being n/a; ``uk``: all 650), and the range of the
#: share (%) drawn on the first chart
DENOMINATORS = ("gb", "uk")
THRESHOLD_RANGE = (10.0, 30.0)

TABLE_SCHEMA = pa.DataFrameSchema(
    {
        "region": pa.Column(str, pa.Check.isin([*REGIONS, "UK"]), unique=True),
        "pct_low_pay": pa.Column(float, pa.Check.in_range(0, 100)),
        "employees_low_pay": pa.Column(int, [pa.Check.gt(0), pa.Check(lambda s: s % 1000 == 0,
                                                                       name="printed to the nearest 1,000")]),
        "constituencies_over_20pct": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "constituencies_over_20pct_pct": pa.Column("Int64", pa.Check.in_range(0, 100), nullable=True),
        "row_type": pa.Column(str, pa.Check.isin(["region", "total"])),
    },
    checks=[
        pa.Check(lambda d: len(d) == 13, element_wise=False, name="12 regions and nations plus the UK row"),
        pa.Check(lambda d: d["region"].tolist() == [*REGIONS, "UK"], element_wise=False, name="printed row order"),
        pa.Check(lambda d: (d["row_type"] == "total").tolist() == [False] * 12 + [True], element_wise=False,
                 name="only the UK row is a total"),
        pa.Check(lambda d: d["constituencies_over_20pct"].isna().eq(d["constituencies_over_20pct_pct"].isna()).all(),
                 element_wise=False, name="number and % of constituencies are both given or both n/a"),
    ],
    strict=True,
)

SECTORS_SCHEMA = pa.DataFrameSchema(
    {
        "sector": pa.Column(str, unique=True),
        "median_hourly_pay_gbp": pa.Column(float, pa.Check.in_range(5, 30)),
        "pct_below_rlw": pa.Column(float, pa.Check.in_range(0, 100), nullable=True),
    },
    checks=[pa.Check(lambda d: len(d) == 4, element_wise=False, name="3 sectors and the UK")],
    strict=True,
)


def _read(name: str, dtype: dict) -> pd.DataFrame:
    path = PUBLISHED / name
    if not path.is_file():
        raise DataError(f"the transcribed table {path} is missing; it is committed with the compendium "
                        f"(see data/published/tuc_low_pay_2019.md)")
    return pd.read_csv(path, dtype=dtype)


def published_table() -> pd.DataFrame:
    """Table 2 as printed: 12 regions and nations plus the UK row (13 rows), validated.

    ``constituencies_over_20pct`` and ``constituencies_over_20pct_pct`` are missing for Northern
    Ireland (printed ``n/a``).
    """
    df = _read("tuc_low_pay_2019.csv", {"region": str, "row_type": str, "pct_low_pay": float,
                                        "employees_low_pay": "int64", "constituencies_over_20pct": "Int64",
                                        "constituencies_over_20pct_pct": "Int64"})
    return validate(df, TABLE_SCHEMA, "data/published/tuc_low_pay_2019.csv")


def published_sectors() -> pd.DataFrame:
    """The essay's sector context (median hourly pay, % below the Real Living Wage), as printed."""
    df = _read("tuc_low_pay_2019_sectors.csv", {"sector": str, "median_hourly_pay_gbp": float,
                                                "pct_below_rlw": float})
    return validate(df, SECTORS_SCHEMA, "data/published/tuc_low_pay_2019_sectors.csv")


def seats_table(seats: dict[str, int] | None = None) -> pd.DataFrame:
    """The independent constituency counts as a table (region, seats)."""
    seats = WESTMINSTER_SEATS_2019 if seats is None else seats
    return pd.DataFrame({"region": list(seats), "seats": list(seats.values())})


# --------------------------------------------------------------------------------------------
# parameters


def parse_regions(text: str) -> list[str]:
    """The ``highlight`` parameter: ``"North East, London"`` -> ``["North East", "London"]``;
    ``"none"`` or ``""`` -> ``[]``. An unknown name stops with the allowed names."""
    if not isinstance(text, str):
        raise ParameterError(f"parameter 'highlight' must be region names separated by commas, not {text!r}")
    if text.strip().lower() in ("", "none"):
        return []
    names = [t.strip() for t in text.split(",") if t.strip()]
    for name in names:
        check_choice("highlight", name, REGIONS)
    return names


def _check_table(df: pd.DataFrame) -> None:
    need = ["region", "pct_low_pay", "employees_low_pay", "constituencies_over_20pct",
            "constituencies_over_20pct_pct", "row_type"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"table: missing column(s) {missing}; expected the columns of published_table(): {need}")
    if (df["row_type"] == "total").sum() != 1:
        raise ValueError("table: expected exactly one row with row_type 'total' (the UK row)")


def split(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The regional rows and the UK total row."""
    _check_table(df)
    return df[df["row_type"] == "region"].reset_index(drop=True), df[df["row_type"] == "total"].iloc[0]


# --------------------------------------------------------------------------------------------
# the audit's arithmetic (pure functions)


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


def weighted_share_bounds(counts, shares, half_count: float = HALF_COUNT, half_share: float = HALF_PP_1DP) -> tuple[float, float, float]:
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


def constituency_checks(df: pd.DataFrame, seats: dict[str, int] | None = None) -> pd.DataFrame:
    """Each region's constituency count and % against its real number of seats.

    Columns: the printed number and %, ``implied_seats`` (number / %), ``whole_seats_fitting`` (the
    whole numbers N with 100 * number / N within 0.5 of the printed %), the real ``seats``,
    ``pct_of_real_seats`` and the verdicts ``fits_printed_pct`` (the real N gives the printed % to
    0 dp) and ``count_within_seats`` (number <= real seats). Northern Ireland (n/a) is kept, untested.
    """
    reg, _ = split(df)
    seats = WESTMINSTER_SEATS_2019 if seats is None else seats
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


def constituency_total_check(df: pd.DataFrame, seats: dict[str, int] | None = None,
                             denominator: str = "gb") -> dict:
    """Do the regional counts sum to the UK's 391, and is 391 / (constituencies) the printed 62%?

    ``denominator``: ``gb`` = the constituencies of the regions with a printed count (Great Britain,
    632: Northern Ireland is n/a) or ``uk`` = all 650.
    """
    check_choice("denominator", denominator, DENOMINATORS)
    reg, uk = split(df)
    seats = WESTMINSTER_SEATS_2019 if seats is None else seats
    given = reg[reg["constituencies_over_20pct"].notna()]
    total = int(given["constituencies_over_20pct"].sum())
    denom = int(sum(seats[r] for r in given["region"])) if denominator == "gb" else int(sum(seats.values()))
    return {"published_number": int(uk["constituencies_over_20pct"]), "recomputed_number": total,
            "published_pct": int(uk["constituencies_over_20pct_pct"]), "denominator": denom,
            "denominator_label": "Great Britain (regions with a count)" if denominator == "gb" else "UK",
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


def highlight_above(df: pd.DataFrame, threshold: float) -> list[str]:
    """Regions whose printed share is above ``threshold`` (%, within :data:`THRESHOLD_RANGE`)."""
    check_range("threshold", threshold, *THRESHOLD_RANGE)
    reg, _ = split(df)
    return reg.loc[reg["pct_low_pay"] > threshold, "region"].tolist()


# --------------------------------------------------------------------------------------------
# the ledger


def _slug(region: str) -> str:
    return "_".join(region.lower().replace("the ", "").split())


def audit_claims(df: pd.DataFrame, seats: dict[str, int] | None = None, denominator: str = "gb") -> pd.DataFrame:
    """Every audit check as a claims-ledger row (kind ``audit``)."""
    rows = []
    e = employees_sum(df)
    rows.append(claims.claim(
        "low_pay_employees_sum", ANALYSIS,
        "UK employees below the Real Living Wage (thousands) = sum of the 12 regions and nations",
        e["published"] // 1000, e["recomputed"] / 1000, "audit", source=SOURCE, tolerance=e["tolerance"] / 1000,
        tolerance_reason="each of the 13 counts is printed to the nearest thousand: 0.5 thousand each",
        note=e["arithmetic"], page="Table 2"))
    u = uk_share_check(df)
    rows.append(claims.claim(
        "low_pay_uk_share_weighted", ANALYSIS,
        "UK % below the Real Living Wage = employee-weighted mean of the regional %s (employees = count / share)",
        u["published"], round(u["recomputed"], 3), "audit", source=SOURCE, tolerance=round(u["tolerance"], 3),
        tolerance_reason="the range the printed counts' and shares' rounding allows, plus half the printed 0.1 point",
        note=u["arithmetic"], page="Table 2"))
    o = one_in_seven_check(df)
    rows.append(claims.claim(
        "low_pay_one_in_seven", ANALYSIS,
        "Text: over one in seven jobs (14.29%) in every region and nation are below the Real Living Wage "
        "(test: lowest regional share, at the low end of its rounding, exceeds 100/7)",
        "14.29", round(o["recomputed"], 2), "audit_over", source=SOURCE,
        note=f"lowest: {o['region']} {o['recomputed'] + HALF_PP_1DP:.1f}% (>= {o['recomputed']:.2f}); "
             f"{o['n_over']} of {o['n_regions']} regions over 14.29%", page="text"))
    t = constituency_total_check(df, seats, denominator)
    rows.append(claims.claim(
        "low_pay_constituencies_sum", ANALYSIS, "UK constituencies with over 20% low pay (391) = sum of the regions",
        t["published_number"], t["recomputed_number"], "audit", source=SOURCE, tolerance=0,
        tolerance_reason="counts must add up exactly", note="Northern Ireland n/a: 11 regional counts summed",
        page="Table 2"))
    rows.append(claims.claim(
        "low_pay_constituencies_pct", ANALYSIS,
        f"UK: 391 constituencies are 62% of the {t['denominator']} {t['denominator_label']} constituencies",
        t["published_pct"], round(t["recomputed_pct"], 2), "audit", source=SOURCE, tolerance=HALF_PP_0DP,
        tolerance_reason="printed to a whole per cent", note=f"100 x 391 / {t['denominator']} = {t['recomputed_pct']:.2f}%",
        page="Table 2"))
    rows.append(claims.claim(
        "low_pay_text_over_62pct", ANALYSIS,
        f"Text: in over 62% of constituencies more than one in five jobs are low paid (test: 391 / {t['denominator']} > 62%)",
        62, round(t["recomputed_pct"], 2), "audit_over", source=SOURCE,
        note=f"the table's own counts give {t['recomputed_pct']:.2f}%: '62%' as a rounded figure, but not 'over 62%'",
        page="text"))
    cc = constituency_checks(df, seats)
    for _, r in cc[cc["number"].notna()].iterrows():
        slug = _slug(r["region"])
        rows.append(claims.claim(
            f"low_pay_const_pct_{slug}", ANALYSIS,
            f"{r['region']}: {r['number']} constituencies over 20% low pay are {r['pct']}% of its {r['seats']} seats",
            int(r["pct"]), round(float(r["pct_of_real_seats"]), 2), "audit", source=SOURCE, tolerance=HALF_PP_0DP,
            tolerance_reason="printed to a whole per cent", note=(f"100 x {r['number']} / {r['seats']} = {r['pct_of_real_seats']:.2f}%; the printed % fits "
                  f"N = {r['whole_seats_fitting']} seats"), page="Table 2"))
        rows.append(claims.claim(
            f"low_pay_const_count_{slug}", ANALYSIS,
            f"{r['region']}: {r['number']} constituencies over 20% low pay, at most its {r['seats']} seats",
            int(r["number"]), int(min(r["number"], r["seats"])), "audit", source=SOURCE, tolerance=0,
            tolerance_reason="a count of seats cannot exceed the seats", note=f"{r['number']} {'<=' if r['count_within_seats'] else '>'} {r['seats']} seats", page="Table 2"))
    return claims.ledger(rows)


# --------------------------------------------------------------------------------------------
# the page: tables and the values its prose quotes


def _na(value, fmt: str = "{}") -> str:
    return "n/a" if pd.isna(value) else fmt.format(value)


def printed_table(df: pd.DataFrame) -> pd.DataFrame:
    """Table 2 as the page shows it: the printed values with readable headers, ``n/a`` where printed so."""
    _check_table(df)
    return pd.DataFrame({
        "region or nation": df["region"],
        "% of employees below the RLW": df["pct_low_pay"].map("{:.1f}".format),
        "employees below the RLW": df["employees_low_pay"].map("{:,}".format),
        "constituencies with >20% low pay": [_na(v, "{:d}") for v in df["constituencies_over_20pct"]],
        "% of the region's constituencies": [_na(v, "{:d}") for v in df["constituencies_over_20pct_pct"]],
    }).set_index("region or nation")


def failing_regions(cc: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`constituency_checks` whose printed % does not fit the real seats, or whose
    number exceeds them (regions with no printed count are not tested)."""
    bad = cc["fits_printed_pct"].fillna(True).eq(False) | cc["count_within_seats"].fillna(True).eq(False)
    return cc[bad]


def checks_view(cc: pd.DataFrame) -> pd.DataFrame:
    """:func:`constituency_checks` as the page shows it."""
    cols = {"region": "region", "number": "printed number", "pct": "printed %", "seats": "seats in 2019",
            "pct_of_real_seats": "number / seats (%)",
            "whole_seats_fitting": "seats that would fit the printed number and %",
            "fits_printed_pct": "printed % fits the seats", "count_within_seats": "number within the seats"}
    view = cc[list(cols)].astype(object).where(cc[list(cols)].notna(), "n/a")
    view["pct_of_real_seats"] = [v if v == "n/a" else f"{v:.2f}" for v in view["pct_of_real_seats"]]
    return view.rename(columns=cols).astype(str).set_index("region")


def audit_summary(df: pd.DataFrame, denominator: str = "gb", seats: dict[str, int] | None = None) -> str:
    """The audit's headline numbers, one line each (the page's checked output)."""
    emp, share = employees_sum(df), uk_share_check(df)
    seven, const = one_in_seven_check(df), constituency_total_check(df, seats, denominator)
    lines = [
        f"employees: sum of regions {emp['recomputed']:,} vs UK {emp['published']:,} (tolerance {emp['tolerance']:,})",
        f"UK share: weighted mean {share['recomputed']:.2f}% (range {share['low']:.2f}-{share['high']:.2f}) "
        f"vs printed {share['published']}%",
        f"implied employees: regions {share['implied_employees_regions']:,.0f} vs UK {share['implied_employees_uk']:,.0f}",
        f"lowest share: {seven['region']} {seven['recomputed'] + HALF_PP_1DP:.1f}% vs one in seven {seven['published']:.2f}%",
        f"constituencies: sum {const['recomputed_number']} vs UK {const['published_number']}; "
        f"{const['published_number']}/{const['denominator']} = {const['recomputed_pct']:.2f}% vs printed {const['published_pct']}%",
    ]
    for _, r in failing_regions(constituency_checks(df, seats)).iterrows():
        lines.append(f"{r['region']}: {r['number']} of {r['seats']} seats = {r['pct_of_real_seats']:.2f}% "
                     f"vs printed {r['pct']}%")
    return "\n".join(lines)


def findings(df: pd.DataFrame, sectors: pd.DataFrame, threshold: float = 20.0, denominator: str = "gb",
             seats: dict[str, int] | None = None) -> dict[str, str | int]:
    """Every value the page's prose quotes, formatted as printed, keyed by its glue name."""
    seats = WESTMINSTER_SEATS_2019 if seats is None else seats
    reg, uk = split(df)
    lo, hi = reg.loc[reg["pct_low_pay"].idxmin()], reg.loc[reg["pct_low_pay"].idxmax()]
    emp, share = employees_sum(df), uk_share_check(df)
    seven, const = one_in_seven_check(df), constituency_total_check(df, seats, denominator)
    cc = constituency_checks(df, seats)
    rounds = abs(const["recomputed_pct"] - const["published_pct"]) <= HALF_PP_0DP
    sec = sector_checks(sectors)
    out = {
        "rlw_uk": f"{RLW_2019['UK outside London']:.2f}", "rlw_london": f"{RLW_2019['London']:.2f}",
        "min_share": f"{lo['pct_low_pay']:.1f}", "min_region": lo["region"],
        "max_share": f"{hi['pct_low_pay']:.1f}", "max_region": hi["region"],
        "uk_share": f"{uk['pct_low_pay']:.1f}", "n_above": len(highlight_above(df, threshold)),
        "threshold": f"{threshold:g}",
        "london_count": f"{reg.set_index('region').loc['London', 'employees_low_pay'] / 1000:,.0f}",
        "emp_sum": f"{emp['recomputed']:,}", "emp_uk": f"{emp['published']:,}",
        "emp_diff": f"{emp['published'] - emp['recomputed']:,}",
        "share_point": f"{share['recomputed']:.2f}", "share_low": f"{share['low']:.2f}",
        "share_high": f"{share['high']:.2f}", "share_pub": f"{share['published']:.1f}",
        "emp_implied_regions": f"{share['implied_employees_regions'] / 1e6:.2f}",
        "emp_implied_uk": f"{share['implied_employees_uk'] / 1e6:.2f}",
        "emp_implied_diff": f"{(share['implied_employees_regions'] - share['implied_employees_uk']) / 1e3:,.0f}",
        "seven_region": seven["region"], "seven_share": f"{seven['recomputed'] + HALF_PP_1DP:.1f}",
        "const_sum": const["recomputed_number"], "const_denom": const["denominator"],
        "const_pct": f"{const['recomputed_pct']:.2f}",
        "const_pct_phrase": f"which {'rounds' if rounds else 'does not round'} to the printed {const['published_pct']}%",
        "const_pct_uk": f"{100 * const['published_number'] / sum(seats.values()):.2f}",
        "n_bad_regions": len(failing_regions(cc)), "n_tested_regions": int(cc["number"].notna().sum()),
        "n_sector_ok": int(sec["consistent"].sum()), "n_sectors": len(sec),
    }
    by = cc.set_index("region")
    for key, name in (("yh", "Yorkshire and the Humber"), ("em", "East Midlands")):
        r = by.loc[name]
        out |= {f"{key}_n": int(r["number"]), f"{key}_pct": int(r["pct"]), f"{key}_seats": int(r["seats"]),
                f"{key}_real_pct": f"{r['pct_of_real_seats']:.1f}",
                f"{key}_fit": r["whole_seats_fitting"].replace(", ", " or ")}
    return out


def sectors_view(sectors: pd.DataFrame) -> pd.DataFrame:
    """The essay's sector figures as the page shows them (``n/a`` where the essay gives no share)."""
    return pd.DataFrame({
        "sector": sectors["sector"],
        "median hourly pay (£)": sectors["median_hourly_pay_gbp"].map("{:.2f}".format),
        "% below the Real Living Wage": [_na(v, "{:g}") for v in sectors["pct_below_rlw"]],
    }).set_index("sector")


def ledger_view(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger rows as the page shows them."""
    cols = ["claim_id", "statement", "published", "reproduced", "kind", "tolerance", "verdict"]
    return ledger[cols].fillna("").astype(str).set_index("claim_id")


def verdict_summary(ledger: pd.DataFrame) -> str:
    """How many checks got each verdict, and which were inconsistent (the page's checked output)."""
    counts = ledger["verdict"].value_counts().sort_index().to_string()
    bad = ledger.loc[ledger["verdict"] == "inconsistent in source", "claim_id"]
    return f"{counts}\ninconsistent: {', '.join(bad)}"


# --------------------------------------------------------------------------------------------
# figures (house style: call figures.use_style() first)

HIGHLIGHT = "#D55E00"   # Okabe-Ito vermillion
BASE = "#56B4E9"        # Okabe-Ito sky blue
INCONSISTENT = "#000000"


def figure_regions(df: pd.DataFrame, highlight: list[str] = (), threshold: float = 20.0,
                   seats: dict[str, int] | None = None):
    """Three panels on the regions of Table 2: share below the RLW (with the UK and the threshold),
    employees below the RLW, and % of constituencies with over 20% low pay (printed, and recomputed
    from the real number of seats)."""
    import matplotlib.pyplot as plt

    from analysis import figures

    highlight_above(df, threshold)
    for name in highlight:
        check_choice("highlight", name, REGIONS)
    reg, uk = split(df)
    cc = constituency_checks(df, seats)
    y = np.arange(len(reg))[::-1]
    colours = [HIGHLIGHT if r in highlight else BASE for r in reg["region"]]
    fig, axes = plt.subplots(1, 3, figsize=(12, 5.6), sharey=True)
    ax = axes[0]
    ax.barh(y, reg["pct_low_pay"], color=colours)
    ukp = float(uk["pct_low_pay"])
    ax.axvline(ukp, color="#000000", lw=1.2, ls="--")
    ax.axvline(threshold, color="#444444", lw=1, ls=":")
    top = len(reg) - 0.45
    right_first = ukp >= threshold
    ax.text(ukp, top, f" UK {ukp:.1f}%" if right_first else f"UK {ukp:.1f}% ", fontsize=8, va="bottom",
            ha="left" if right_first else "right")
    ax.text(threshold, top, f"threshold {threshold:g}% " if right_first else f" threshold {threshold:g}%",
            fontsize=8, va="bottom", color="#444444", ha="right" if right_first else "left")
    for yi, v in zip(y, reg["pct_low_pay"]):
        ax.text(0.4, yi, f"{v:.1f}%", va="center", ha="left", fontsize=8, color="white", fontweight="bold")
    ax.set_xlim(0, max(reg["pct_low_pay"].max(), threshold) * 1.12)
    ax.set_xlabel("% of employees")
    ax.set_title("Share below the Real Living Wage", fontsize=10)
    ax.set_yticks(y, reg["region"])
    ax = axes[1]
    ax.barh(y, reg["employees_low_pay"] / 1000, color=colours)
    for yi, v in zip(y, reg["employees_low_pay"] / 1000):
        ax.text(v + 10, yi, f"{v:,.0f}", va="center", fontsize=8)
    ax.set_xlim(0, reg["employees_low_pay"].max() / 1000 * 1.2)
    ax.set_xlabel("thousands of employees")
    ax.set_title(f"Employees below it (UK {uk['employees_low_pay'] / 1e6:.2f} million)", fontsize=10)
    ax = axes[2]
    pct = cc["pct"].astype(float)
    ax.barh(y, pct.fillna(0), color=colours)
    ax.scatter(cc["pct_of_real_seats"], y, marker="D", color=INCONSISTENT, s=18, zorder=3,
               label="printed number / real seats")
    for yi, (_, r) in zip(y, cc.iterrows()):
        if pd.isna(r["pct"]):
            ax.text(1, yi, "n/a (not published)", va="center", fontsize=8, color="#444444")
        elif not bool(r["fits_printed_pct"]):
            ax.text(max(r["pct"], r["pct_of_real_seats"]) + 4, yi,
                    f"{r['number']}/{r['seats']} = {r['pct_of_real_seats']:.0f}%\nprinted {r['pct']}%",
                    va="center", fontsize=7.5, color=INCONSISTENT, linespacing=0.95)
    ax.set_xlim(0, 165)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel("% of the region's constituencies")
    ax.set_title("Constituencies with over 20% low pay", fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    lo, hi = reg.loc[reg["pct_low_pay"].idxmin()], reg.loc[reg["pct_low_pay"].idxmax()]
    figures.finish(fig, title=(f"Low pay runs from {lo['pct_low_pay']:.1f}% of employees ({lo['region']}) "
                                f"to {hi['pct_low_pay']:.1f}% ({hi['region']})"),
                    subtitle="Employees paid below the Real Living Wage, April 2019, as printed; diamonds: the printed "
                             "number of constituencies over the region's real number of seats",
                    source="TUC (Williamson 2022), Table 2, from ASHE 2019 via the Living Wage Foundation; "
                           "seats: Westminster constituencies 2019")
    return fig


def figure_sectors(sectors: pd.DataFrame, rlw: float = RLW_2019["UK outside London"]):
    """Median hourly pay (with the RLW) and % below the RLW for the essay's three sectors."""
    import matplotlib.pyplot as plt

    from analysis import figures

    s = sector_checks(sectors, rlw)
    uk = sectors[sectors["pct_below_rlw"].isna()]
    y = np.arange(len(s))[::-1]
    colours = [HIGHLIGHT if b else BASE for b in s["median_below_rlw"]]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
    ax = axes[0]
    ax.barh(y, s["median_hourly_pay_gbp"], color=colours)
    for yi, v in zip(y, s["median_hourly_pay_gbp"]):
        ax.text(0.25, yi, f"£{v:.2f}", va="center", ha="left", fontsize=8, color="white", fontweight="bold")
    ax.axvline(rlw, color="#000000", ls="--", lw=1.2)
    ax.text(rlw, len(s) - 0.45, f"Real Living Wage £{rlw:.2f} ", fontsize=8, ha="right")
    if len(uk):
        ax.axvline(uk["median_hourly_pay_gbp"].iloc[0], color="#444444", ls=":", lw=1)
        ax.text(uk["median_hourly_pay_gbp"].iloc[0], len(s) - 0.45, f" UK median £{uk['median_hourly_pay_gbp'].iloc[0]:.2f}",
                fontsize=8, color="#444444", ha="left")
    ax.set_ylim(-0.6, len(s) - 0.2)
    ax.set_xlim(0, 18)
    ax.set_xlabel("median gross hourly pay (£)")
    ax.set_title("Median pay (orange: below the Real Living Wage)", fontsize=10)
    ax.set_yticks(y, s["sector"])
    ax = axes[1]
    ax.barh(y, s["pct_below_rlw"], color=colours)
    for yi, v in zip(y, s["pct_below_rlw"]):
        ax.text(v + 1, yi, f"{v:g}%", va="center", fontsize=8)
    ax.axvline(50, color="#444444", ls=":", lw=1)
    ax.text(50, len(s) - 0.45, " half of employees", fontsize=8, color="#444444")
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of employees below the Real Living Wage")
    ax.set_title("Share of employees below the Real Living Wage", fontsize=10)
    top = s.loc[s["pct_below_rlw"].idxmax()]
    figures.finish(fig, title=f"{top['sector']}: median pay £{top['median_hourly_pay_gbp']:.2f}, "
                               f"{top['pct_below_rlw']:g}% of jobs below the Real Living Wage",
                    source="TUC (Williamson 2022), essay text (2019/2020 figures, as printed)")
    return fig
