"""What the low-pay page shows: what it found in words, Table 2 as printed, the audit's tables and its
figures. Page code only: the numbers come from :mod:`analysis.studies.low_pay.compute`."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from analysis.figures import Table, table
from analysis.studies.low_pay.compute import HALF_PP_0DP, HALF_PP_1DP, RLW_2019, Result, failing_regions, split

#: what the page's two figures show, for a screen reader (the cells' alt text says the same)
ALT_SHARES = ("Horizontal bar chart of the share of employees paid below the Real Living Wage in each region and "
              "nation, from 15.9% in the South East to 25.1% in Northern Ireland, with the UK's 20.5% and the "
              "threshold marked, and the number of low-paid employees beside each bar, largest in London.")
ALT_CONSTITUENCIES = ("Horizontal bar chart of each region's share of constituencies with over 20% low pay as printed, "
                      "with a diamond for the share recomputed from the printed number and the region's real number "
                      "of constituencies; for Yorkshire and The Humber and the East Midlands the diamond falls away "
                      "from the bar and is labelled.")
ALT_SECTORS = ("Two bar charts for wholesale and retail, health and social care, and accommodation and food. Median "
               "hourly pay is £10.30, £13.73 and £8.72; only accommodation and food is below the £9.00 Real Living "
               "Wage line. Shares below the Real Living Wage are 35%, 18.1% and 63%; only accommodation and food is "
               "above half.")


def _na(value, fmt: str = "{}") -> str:
    return "n/a" if pd.isna(value) else fmt.format(value)


# --------------------------------------------------------------------------------------------
# tables for readers


def printed_table(df: pd.DataFrame) -> Table:
    """Table 2 as printed, for readers: plain headers with units, ``n/a`` where printed so."""
    return table(df, {"region": "Region or nation", "pct_low_pay": "Low paid (%)",
                      "employees_low_pay": "Low-paid employees", "constituencies_over_20pct": "Constituencies",
                      "constituencies_over_20pct_pct": "Constituencies (%)"},
                 formats={"pct_low_pay": 1, "constituencies_over_20pct": lambda v: _na(v, "{:d}"),
                          "constituencies_over_20pct_pct": lambda v: _na(v, "{:d}")},
                 caption="Table 1. The essay's Table 2 as printed. Low paid: paid below the Real Living Wage, "
                         "April 2019. Constituencies: the region's Westminster constituencies where over 20% of "
                         "employees are low paid, and their share of its constituencies (n/a: not published for "
                         "Northern Ireland).", visible_rows=len(df))


def checks_table(cc: pd.DataFrame) -> Table:
    """:func:`compute.constituency_checks` for readers: each region's printed constituency count and share
    against its real number of seats."""
    yes_no = {True: "yes", False: "no"}
    return table(cc, {"region": "Region or nation", "number": "Printed number", "pct": "Printed share (%)",
                      "seats": "Constituencies in 2019", "pct_of_real_seats": "Number over constituencies (%)",
                      "whole_seats_fitting": "Constituencies that would fit", "fits_printed_pct": "Share fits",
                      "count_within_seats": "Number fits"},
                 formats={"number": lambda v: _na(v, "{:d}"), "pct": lambda v: _na(v, "{:d}"),
                          "pct_of_real_seats": lambda v: _na(v, "{:.2f}"),
                          "whole_seats_fitting": lambda v: v.replace(", ", " or ") if v else "n/a",
                          "fits_printed_pct": lambda v: _na(v) if pd.isna(v) else yes_no[bool(v)],
                          "count_within_seats": lambda v: _na(v) if pd.isna(v) else yes_no[bool(v)]},
                 caption="Table 2. Each region's constituencies with over 20% low pay, as printed, against its "
                         "real number of Westminster constituencies in 2019 (Northern Ireland: not published, "
                         "not tested).", visible_rows=len(cc))


def sectors_table(sectors: pd.DataFrame) -> Table:
    """The essay's sector figures for readers (``n/a`` where the essay gives no share)."""
    return table(sectors, {"sector": "Sector", "median_hourly_pay_gbp": "Median hourly pay (£)",
                           "pct_below_rlw": "Low paid (%)"},
                 formats={"median_hourly_pay_gbp": 2, "pct_below_rlw": lambda v: _na(v, "{:g}")},
                 caption="Table 3. The essay's sector figures as printed: median hourly pay (2019; wholesale and "
                         "retail 2020) and the share of employees paid below the Real Living Wage (2019).")


def join_table(rec) -> Table:
    """What the join of Table 2 to the seat counts left over, and why."""
    return table(rec.table(), {"side": "Left over", "key": "Row", "reason": "Why"},
                 caption=f"{rec.summary()}.")




# --------------------------------------------------------------------------------------------
# what the page says


def audit_summary(res: Result) -> str:
    """The audit's headline numbers, one line each (the page's checked output)."""
    emp, share, seven, const = res.employees, res.uk_share, res.one_in_seven, res.constituencies
    lines = [
        f"employees: sum of regions {emp['recomputed']:,} vs UK {emp['published']:,} (tolerance {emp['tolerance']:,})",
        f"UK share: weighted mean {share['recomputed']:.2f}% (range {share['low']:.2f}-{share['high']:.2f}) "
        f"vs printed {share['published']}%",
        f"implied employees: regions {share['implied_employees_regions']:,.0f} vs UK {share['implied_employees_uk']:,.0f}",
        f"lowest share: {seven['region']} {seven['recomputed'] + HALF_PP_1DP:.1f}% vs one in seven {seven['published']:.2f}%",
        f"constituencies: sum {const['recomputed_number']} vs UK {const['published_number']}; "
        f"{const['published_number']}/{const['denominator']} = {const['recomputed_pct']:.2f}% vs printed {const['published_pct']}%",
    ]
    for _, r in failing_regions(res.by_region).iterrows():
        lines.append(f"{r['region']}: {r['number']} of {r['seats']} seats = {r['pct_of_real_seats']:.2f}% "
                     f"vs printed {r['pct']}%")
    return "\n".join(lines)


def in_prose(region: str) -> str:
    """A region's name as a sentence says it ("the East Midlands", "Yorkshire and The Humber")."""
    return f"the {region}" if region.split()[0] in ("North", "South", "East", "West") else region


def _region_failure(r: pd.Series) -> str:
    if not bool(r["count_within_seats"]):
        return f"{in_prose(r['region'])} is given more constituencies with high low pay than it had"
    return (f"in {in_prose(r['region'])} the printed number and share of constituencies with high low pay do not "
            "agree")


def found(res: Result, ledger: pd.DataFrame) -> dict[str, str]:
    """The page's opening sentences ("What we found"), from the result and its ledger rows, keyed for glue
    (as Markdown: whole sentences, not figures to stand out)."""
    reg, uk = split(res.table)
    lo, hi = reg.loc[reg["pct_low_pay"].idxmin()], reg.loc[reg["pct_low_pay"].idxmax()]
    led = ledger.set_index("claim_id")
    verdict = led["verdict"]
    bad = verdict == "inconsistent in source"
    audited = led["test_data"].fillna("") == ""
    failures = []
    if bad.get("low_pay_uk_share_weighted", False):
        failures.append("the UK share is not the regions' shares averaged over their employees")
    failures += [_region_failure(r) for _, r in failing_regions(res.by_region).iterrows()]
    if bad.get("low_pay_constituencies_pct", False):
        failures.append("the UK's share of constituencies with high low pay does not fit their number")
    if bad.get("low_pay_text_over_62pct", False):
        failures.append("the text's \"over 62% of constituencies\" is under 62% by the table's own counts")
    n_bad, n_audited = int((bad & audited).sum()), int(audited.sum())
    listed = "; ".join(failures[:-1]) + ("; and " if len(failures) > 1 else "") + (failures[-1] if failures else "")
    audit = (f"Checked against its own parts and against each region's real number of constituencies, the table "
             f"mostly adds up: {n_audited - n_bad} of its {n_audited} checks are consistent. ")
    audit += f"The other {n_bad} are not: {listed}." if n_bad else "None is inconsistent."
    n_untestable = int((verdict == "not testable").sum())
    return {
        "found_spread": (f"In April 2019 between {lo['pct_low_pay']:.1f}% of employees ({lo['region']}) and "
                         f"{hi['pct_low_pay']:.1f}% ({hi['region']}) were paid below the Real Living Wage, and "
                         f"{uk['pct_low_pay']:.1f}% across the UK, by the TUC's Table 2."),
        "found_audit": audit[0].upper() + audit[1:],
        "found_untestable": (f"The table itself cannot be recomputed here, since the survey behind it is not among "
                             f"the compendium's data: its other {n_untestable} figures (the UK totals and the "
                             "essay's sector figures) are recorded as not testable, each with the data that would "
                             "test it."),
    }


def findings(res: Result) -> dict[str, str | int]:
    """Every value the page's prose quotes, formatted as printed, keyed by its glue name."""
    reg, uk = split(res.table)
    emp, share, seven, const = res.employees, res.uk_share, res.one_in_seven, res.constituencies
    cc, seats, sec = res.by_region, res.seats, res.sector_checks
    rounds = abs(const["recomputed_pct"] - const["published_pct"]) <= HALF_PP_0DP
    out = {
        "rlw_uk": f"{RLW_2019['UK outside London']:.2f}", "rlw_london": f"{RLW_2019['London']:.2f}",
        "n_above": len(res.above), "threshold": f"{res.params.threshold:g}", "n_regions": len(reg),
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
        "n_fit_regions": int(cc["number"].notna().sum()) - len(failing_regions(cc)),
        "n_sector_ok": int(sec["consistent"].sum()), "n_sectors": len(sec),
    }
    by = cc.set_index("region")
    for key, name in (("yh", "Yorkshire and The Humber"), ("em", "East Midlands")):
        r = by.loc[name]
        out |= {f"{key}_n": int(r["number"]), f"{key}_pct": int(r["pct"]), f"{key}_seats": int(r["seats"]),
                f"{key}_real_pct": f"{r['pct_of_real_seats']:.1f}",
                f"{key}_fit": r["whole_seats_fitting"].replace(", ", " or ")}
    return out


def verdict_summary(ledger: pd.DataFrame) -> str:
    """How many checks got each verdict, and which were inconsistent (the page's checked output)."""
    counts = ledger["verdict"].value_counts().sort_index().to_string()
    bad = ledger.loc[ledger["verdict"] == "inconsistent in source", "claim_id"]
    return f"{counts}\ninconsistent: {', '.join(bad)}"


# --------------------------------------------------------------------------------------------
# figures (house style: call figures.use_style() first)


def _highlighted(regions) -> str:
    return f"; orange: {' and '.join(regions)}" if regions else ""


def figure_shares(res: Result):
    """The regions of Table 2: the share of employees below the Real Living Wage (with the UK's and the
    page's threshold), each bar labelled with its share and its number of employees."""
    import matplotlib.pyplot as plt

    from analysis import figures
    from analysis.figures import BASE, HIGHLIGHT, INK, MUTED

    highlight, threshold = res.params.highlight, res.params.threshold
    reg, uk = split(res.table)
    y = np.arange(len(reg))[::-1]
    fig, ax = plt.subplots(figsize=(7, 5.4))
    ax.barh(y, reg["pct_low_pay"], color=[HIGHLIGHT if r in highlight else BASE for r in reg["region"]])
    ukp = float(uk["pct_low_pay"])
    ax.axvline(ukp, color=INK, lw=1.2, ls="--")
    ax.axvline(threshold, color=MUTED, lw=1, ls=":")
    top = len(reg) - 0.45
    right_first = ukp >= threshold
    ax.text(ukp, top, f" UK {ukp:.1f}%" if right_first else f"UK {ukp:.1f}% ", fontsize=9, va="bottom",
            ha="left" if right_first else "right")
    ax.text(threshold, top, f"threshold {threshold:g}% " if right_first else f" threshold {threshold:g}%",
            fontsize=9, va="bottom", color=MUTED, ha="right" if right_first else "left")
    right = max(reg["pct_low_pay"].max(), threshold) * 1.3
    for yi, v, n in zip(y, reg["pct_low_pay"], reg["employees_low_pay"]):
        ax.text(0.4, yi, f"{v:.1f}%", va="center", ha="left", fontsize=9, color="white", fontweight="bold")
        ax.text(right, yi, f"{n / 1000:,.0f}k", va="center", ha="right", fontsize=9)
    ax.set_xlim(0, right)
    ax.set_ylim(-0.6, len(reg) - 0.1)
    ax.set_xlabel("% of employees paid below the Real Living Wage")
    ax.set_yticks(y, reg["region"])
    ax.grid(axis="y", visible=False)
    lo, hi = reg.loc[reg["pct_low_pay"].idxmin()], reg.loc[reg["pct_low_pay"].idxmax()]
    figures.finish(fig, title=(f"Low pay runs from {lo['pct_low_pay']:.1f}% of employees ({lo['region']}) "
                                f"to {hi['pct_low_pay']:.1f}% ({hi['region']})"),
                    subtitle=f"Paid below the Real Living Wage, April 2019, as printed; right: how many employees "
                             f"(UK {uk['employees_low_pay'] / 1e6:.2f} million)" + _highlighted(highlight),
                    source="TUC (Williamson 2022), Table 2, from ONS's Annual Survey of Hours and Earnings 2019")
    return fig


def figure_constituencies(res: Result, phone: bool = False):
    """Each region's share of constituencies with over 20% low pay as printed, and recomputed from the
    printed number and its real number of constituencies (the ones that do not fit labelled); with
    ``phone``, the key and labels in fewer words, so that they stay within a phone's width."""
    import matplotlib.pyplot as plt

    from analysis import figures
    from analysis.figures import BASE, HIGHLIGHT, INK, MUTED

    highlight = res.params.highlight
    reg, _ = split(res.table)
    cc = res.by_region
    y = np.arange(len(reg))[::-1]
    fig, ax = plt.subplots(figsize=(7, 5.4))
    ax.barh(y, cc["pct"].astype(float).fillna(0),
            color=[HIGHLIGHT if r in highlight else BASE for r in reg["region"]], label="as printed")
    ax.scatter(cc["pct_of_real_seats"], y, marker="D", color=INK, s=18, zorder=3,
               label="recomputed" if phone else "recomputed from the real number of constituencies")
    for yi, (_, r) in zip(y, cc.iterrows()):
        if pd.isna(r["pct"]):
            ax.text(1, yi, "n/a (not published)", va="center", fontsize=9, color=MUTED)
        elif not bool(r["fits_printed_pct"]):
            ax.text(max(r["pct"], r["pct_of_real_seats"]) + 3, yi,
                    f"{r['pct_of_real_seats']:.0f}%, printed {r['pct']}%" if phone else
                    f"{r['number']} of {r['seats']} = {r['pct_of_real_seats']:.0f}%, printed {r['pct']}%",
                    va="center", fontsize=9, color=INK)
    ax.set_xlim(0, 150)
    ax.set_xticks([0, 50, 100] if phone else [0, 20, 40, 60, 80, 100])
    ax.set_ylim(-0.6, len(reg) + (2.2 if phone else 1.2))  # room for the key above the first region
    ax.set_xlabel("% of the region's constituencies where over 20% of employees are low paid")
    ax.set_yticks(y, reg["region"])
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper right", fontsize=9, ncol=1)
    bad = failing_regions(cc)
    figures.finish(fig, title=f"In {len(bad)} regions the printed share of constituencies does not fit",
                    subtitle="Westminster constituencies in 2019 where over 20% of employees are paid below the Real "
                             "Living Wage" + _highlighted(highlight),
                    source="TUC (Williamson 2022), Table 2 (constituency counts by the TUC); constituencies per region: "
                           "House of Commons Library")
    return fig


def figure_sectors(res: Result, rlw: float = RLW_2019["UK outside London"], phone: bool = False):
    """Median hourly pay (with the RLW) and % below the RLW for the essay's three sectors; with ``phone``, the
    reference lines named in the subtitle rather than beside them, past a phone's width."""
    import matplotlib.pyplot as plt

    from analysis import figures
    from analysis.figures import BASE, HIGHLIGHT, INK, MUTED

    s = res.sector_checks
    uk = res.sectors[res.sectors["pct_below_rlw"].isna()]
    y = np.arange(len(s))[::-1]
    colours = [HIGHLIGHT if b else BASE for b in s["median_below_rlw"]]
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.8))  # side by side the panels share their rows; a phone stacks them
    ax = axes[0]
    ax.barh(y, s["median_hourly_pay_gbp"], color=colours)
    for yi, v in zip(y, s["median_hourly_pay_gbp"]):
        ax.text(0.25, yi, f"£{v:.2f}", va="center", ha="left", fontsize=9, color="white", fontweight="bold")
    ax.axvline(rlw, color=INK, ls="--", lw=1.2)
    if not phone:
        ax.text(rlw, len(s) - 0.45, f"Real Living Wage £{rlw:.2f} ", fontsize=9, ha="right")
    if len(uk):
        ax.axvline(uk["median_hourly_pay_gbp"].iloc[0], color=MUTED, ls=":", lw=1)
        if not phone:
            ax.text(uk["median_hourly_pay_gbp"].iloc[0], len(s) - 0.45,
                    f" UK median £{uk['median_hourly_pay_gbp'].iloc[0]:.2f}", fontsize=9, color=MUTED, ha="left")
    ax.set_ylim(-0.6, len(s) - 0.2)
    ax.set_xlim(0, 18)
    ax.set_xlabel("median gross hourly pay (£)")
    ax.set_title("Median pay (orange: below the\nReal Living Wage)", fontsize=10)
    ax.set_yticks(y, s["sector"])
    ax = axes[1]
    ax.barh(y, s["pct_below_rlw"], color=colours)
    for yi, v in zip(y, s["pct_below_rlw"]):
        ax.text(v + 1, yi, f"{v:g}%", va="center", fontsize=9)
    ax.axvline(50, color=MUTED, ls=":", lw=1)
    if not phone:
        ax.text(50, len(s) - 0.45, " half of employees", fontsize=9, color=MUTED)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of employees below the Real Living Wage")
    ax.set_title("Share of employees below the\nReal Living Wage", fontsize=10)
    ax.set_ylim(-0.6, len(s) - 0.2)
    ax.set_yticks(y, s["sector"] if phone else [])  # each panel names its sectors only when stacked
    top = s.loc[s["pct_below_rlw"].idxmax()]
    title = (f"{top['sector']}: median pay £{top['median_hourly_pay_gbp']:.2f}, {top['pct_below_rlw']:g}% of jobs "
             "below the Real Living Wage")
    figures.finish(fig, title=title if phone else textwrap.fill(title, 70),
                    subtitle=(f"Dashed: the Real Living Wage, £{rlw:.2f}; dotted: the UK median"
                              + (f", £{uk['median_hourly_pay_gbp'].iloc[0]:.2f}" if len(uk) else "")
                              + ", and half of employees") if phone else None,
                    source="TUC (Williamson 2022), essay text (2019/2020 figures, as printed)")
    return fig
