"""The published figures the low-pay audit tests: every total and percentage of Table 2, and the two
statements of the text on it; and the figures that only the survey behind them could test, recorded as
not testable with the data that would test them: Table 2 itself against ASHE 2019 (ONS ad hoc release
10743; the constituency counts derived from it by the TUC) and the essay's sector figures (from the Living
Wage Foundation).

The claims are declared from the transcribed tables themselves, so each printed figure is typed once (in
``data/published/``); the tolerance of each follows from how it was printed.
"""

from __future__ import annotations

import pandas as pd

from analysis.data import loaders
from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.ledger.documents import WILLIAMSON
from analysis.studies.low_pay import STUDY
from analysis.studies.low_pay.compute import (HALF_COUNT, HALF_PP_0DP, HALF_PP_1DP, WESTMINSTER_SEATS_2019, Result,
                                              split, table2, uk_share_check)

PAGE = f"notebooks/{STUDY.notebook}"


def slug(region: str) -> str:
    return "_".join(region.lower().replace("the ", "").split())


def declare(table: pd.DataFrame, seats: dict[str, int]) -> tuple[Claim, ...]:
    """The claims of Table 2 as printed (``table``), each region's against its real ``seats``."""
    reg, uk = split(table)
    share_tolerance = round(uk_share_check(table)["tolerance"], 3)  # from the printed rounding alone
    out = [
        Claim("low_pay_employees_sum", WILLIAMSON, "Table 2, UK row",
              "UK employees below the Real Living Wage (thousands): the sum of the 12 regions and nations",
              int(uk["employees_low_pay"]) // 1000, "audit", tolerance=HALF_COUNT * (len(reg) + 1) / 1000,
              tolerance_reason="each of the 13 counts is printed to the nearest thousand: 0.5 thousand each"),
        Claim("low_pay_uk_share_weighted", WILLIAMSON, "Table 2, UK row",
              "UK share below the Real Living Wage (%): the regions' shares averaged over their employees",
              float(uk["pct_low_pay"]), "audit", tolerance=share_tolerance,
              tolerance_reason="the range the printed counts' and shares' rounding allows, plus half the printed 0.1 "
                               "point"),
        Claim("low_pay_one_in_seven", WILLIAMSON, "text on Table 2",
              "The text: over one in seven jobs (14.29%) in every region and nation are paid below the Real Living "
              "Wage (the lowest region's share, at the bottom of its rounding, above it)", "14.29", "audit_over"),
        Claim("low_pay_constituencies_sum", WILLIAMSON, "Table 2, UK row",
              f"UK constituencies with over 20% low pay ({int(uk['constituencies_over_20pct'])}): the sum of the "
              "regions'",
              int(uk["constituencies_over_20pct"]), "audit", tolerance=0,
              tolerance_reason="counts must add up exactly"),
        Claim("low_pay_constituencies_pct", WILLIAMSON, "Table 2, UK row",
              f"UK: {int(uk['constituencies_over_20pct'])} constituencies are {int(uk['constituencies_over_20pct_pct'])}"
              "% of the {denominator} constituencies {denominator_label}",
              int(uk["constituencies_over_20pct_pct"]), "audit", tolerance=HALF_PP_0DP,
              tolerance_reason="printed to a whole per cent"),
        Claim("low_pay_text_over_62pct", WILLIAMSON, "text on Table 2",
              f"The text: in over 62% of constituencies more than one in five jobs are low paid "
              f"({int(uk['constituencies_over_20pct'])} of the {{denominator}} above 62%)", 62, "audit_over"),
    ]
    for _, r in reg[reg["constituencies_over_20pct"].notna()].iterrows():
        n, pct, real = int(r["constituencies_over_20pct"]), int(r["constituencies_over_20pct_pct"]), seats[r["region"]]
        where = f"Table 2, {r['region']} row"
        out += [Claim(f"low_pay_const_pct_{slug(r['region'])}", WILLIAMSON, where,
                      f"{r['region']}: {n} constituencies over 20% low pay are {pct}% of its {real} seats", pct, "audit",
                      tolerance=HALF_PP_0DP, tolerance_reason="printed to a whole per cent"),
                Claim(f"low_pay_const_count_{slug(r['region'])}", WILLIAMSON, where,
                      f"{r['region']}: {n} constituencies over 20% low pay, no more than its {real} seats", n, "audit",
                      tolerance=0, tolerance_reason="a count of seats cannot exceed the seats")]
    return tuple(out)


#: what would test Table 2 itself: the survey it was computed from (ONS, Annual Survey of Hours and
#: Earnings 2019, ad hoc release 10743: employee jobs paid below the Real Living Wage by region and nation,
#: and by Westminster constituency, from which the TUC counted the constituencies over 20%); and what would
#: test the sector figures (ASHE by industry, SIC 2007 section: median gross hourly pay excluding overtime
#: and jobs below the Real Living Wage, as the Living Wage Foundation analysed it). Short: the verdict box
#: shows them beside each verdict.
ASHE_REGIONS = "ONS, ASHE 2019 (release 10743) by region"
ASHE_CONSTITUENCIES = "ONS, ASHE 2019 (release 10743) by constituency"
ASHE_INDUSTRY = "ONS, ASHE by industry"
SECTOR_TEXT = "text on low pay by sector (the Living Wage Foundation's figures)"


def declare_untestable(table: pd.DataFrame, sectors: pd.DataFrame) -> tuple[Claim, ...]:
    """The figures of Table 2 and of the sector text that only the survey behind them could test."""
    _, uk = split(table)
    out = [
        Claim("low_pay_ashe_uk_share", WILLIAMSON, "Table 2, UK row",
              "Table 2 against the survey: UK employees paid below the Real Living Wage in 2019 (%)",
              float(uk["pct_low_pay"]), "share", test_data=ASHE_REGIONS),
        Claim("low_pay_ashe_uk_employees", WILLIAMSON, "Table 2, UK row",
              "Table 2 against the survey: UK employees paid below the Real Living Wage in 2019 (thousands)",
              int(uk["employees_low_pay"]) // 1000, "count", test_data=ASHE_REGIONS),
        Claim("low_pay_ashe_constituencies", WILLIAMSON, "Table 2, UK row",
              "Table 2 against the survey: constituencies where over 20% of employees are paid below the Real Living "
              "Wage", int(uk["constituencies_over_20pct"]), "count", test_data=ASHE_CONSTITUENCIES),
    ]
    for _, r in sectors.iterrows():
        name, s = r["sector"], slug(r["sector"].replace("(UK)", ""))
        year = " (2020)" if name.startswith("Wholesale") else ""
        out.append(Claim(f"low_pay_sector_median_{s}", WILLIAMSON, SECTOR_TEXT,
                         f"{name}: median hourly pay{year} (£)", f"{r['median_hourly_pay_gbp']:.2f}", "coefficient",
                         test_data=ASHE_INDUSTRY))
        if pd.notna(r["pct_below_rlw"]):
            out.append(Claim(f"low_pay_sector_below_rlw_{s}", WILLIAMSON, SECTOR_TEXT,
                             f"{name}: employees paid below the Real Living Wage (2019, %)", f"{r['pct_below_rlw']:g}",
                             "share", test_data=ASHE_INDUSTRY))
    return tuple(out)


CLAIMS = (declare(table2(), WESTMINSTER_SEATS_2019)
          + declare_untestable(table2(), loaders.tuc_low_pay_2019_sectors()))


def ledger(res: Result) -> pd.DataFrame:
    """The audit's ledger rows: each claim's recomputation from the table's parts, with its arithmetic."""
    e, u, o, t = res.employees, res.uk_share, res.one_in_seven, res.constituencies
    values = {"low_pay_employees_sum": e["recomputed"] / 1000, "low_pay_uk_share_weighted": round(u["recomputed"], 3),
              "low_pay_one_in_seven": round(o["recomputed"], 2), "low_pay_constituencies_sum": t["recomputed_number"],
              "low_pay_constituencies_pct": round(t["recomputed_pct"], 2),
              "low_pay_text_over_62pct": round(t["recomputed_pct"], 2)}
    notes = {"low_pay_employees_sum": e["arithmetic"], "low_pay_uk_share_weighted": u["arithmetic"],
             "low_pay_one_in_seven": f"lowest: {o['region']} {o['recomputed'] + HALF_PP_1DP:.1f}% (>= "
                                     f"{o['recomputed']:.2f}); {o['n_over']} of {o['n_regions']} regions over 14.29%",
             "low_pay_constituencies_sum": "Northern Ireland n/a: 11 regional counts summed",
             "low_pay_constituencies_pct": f"100 x 391 / {t['denominator']} = {t['recomputed_pct']:.2f}%",
             "low_pay_text_over_62pct": f"the table's own counts give {t['recomputed_pct']:.2f}%: '62%' as a rounded "
                                        "figure, but not 'over 62%'"}
    for _, r in res.by_region[res.by_region["number"].notna()].iterrows():
        s = slug(r["region"])
        values[f"low_pay_const_pct_{s}"] = round(float(r["pct_of_real_seats"]), 2)
        notes[f"low_pay_const_pct_{s}"] = (f"100 x {r['number']} / {r['seats']} = {r['pct_of_real_seats']:.2f}%; the "
                                           f"printed % fits N = {r['whole_seats_fitting']} seats")
        values[f"low_pay_const_count_{s}"] = int(min(r["number"], r["seats"]))
        notes[f"low_pay_const_count_{s}"] = f"{r['number']} {'<=' if r['count_within_seats'] else '>'} {r['seats']} seats"
    for c in CLAIMS:
        if c.test_data:
            values[c.id] = None
    fill = {"denominator": t["denominator"], "denominator_label": t["denominator_label"]}
    return claims.rows_for(CLAIMS, STUDY.id, PAGE, values, notes, fill=fill)
