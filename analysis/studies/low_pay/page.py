"""What the low-pay page shows: Table 2 as printed, the audit's findings in words, its tables and figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.studies.low_pay.compute import HALF_PP_0DP, HALF_PP_1DP, RLW_2019, Result, failing_regions, split


def _na(value, fmt: str = "{}") -> str:
    return "n/a" if pd.isna(value) else fmt.format(value)


def printed_table(df: pd.DataFrame) -> pd.DataFrame:
    """Table 2 as the page shows it: the printed values with readable headers, ``n/a`` where printed so."""
    return pd.DataFrame({
        "region or nation": df["region"],
        "% of employees below the RLW": df["pct_low_pay"].map("{:.1f}".format),
        "employees below the RLW": df["employees_low_pay"].map("{:,}".format),
        "constituencies with >20% low pay": [_na(v, "{:d}") for v in df["constituencies_over_20pct"]],
        "% of the region's constituencies": [_na(v, "{:d}") for v in df["constituencies_over_20pct_pct"]],
    }).set_index("region or nation")


def checks_view(cc: pd.DataFrame) -> pd.DataFrame:
    """:func:`constituency_checks` as the page shows it."""
    cols = {"region": "region", "number": "printed number", "pct": "printed %", "seats": "seats in 2019",
            "pct_of_real_seats": "number / seats (%)",
            "whole_seats_fitting": "seats that would fit the printed number and %",
            "fits_printed_pct": "printed % fits the seats", "count_within_seats": "number within the seats"}
    view = cc[list(cols)].astype(object).where(cc[list(cols)].notna(), "n/a")
    view["pct_of_real_seats"] = [v if v == "n/a" else f"{v:.2f}" for v in view["pct_of_real_seats"]]
    return view.rename(columns=cols).astype(str).set_index("region")


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


def findings(res: Result) -> dict[str, str | int]:
    """Every value the page's prose quotes, formatted as printed, keyed by its glue name."""
    reg, uk = split(res.table)
    lo, hi = reg.loc[reg["pct_low_pay"].idxmin()], reg.loc[reg["pct_low_pay"].idxmax()]
    emp, share, seven, const = res.employees, res.uk_share, res.one_in_seven, res.constituencies
    cc, seats, sec = res.by_region, res.seats, res.sector_checks
    rounds = abs(const["recomputed_pct"] - const["published_pct"]) <= HALF_PP_0DP
    out = {
        "rlw_uk": f"{RLW_2019['UK outside London']:.2f}", "rlw_london": f"{RLW_2019['London']:.2f}",
        "min_share": f"{lo['pct_low_pay']:.1f}", "min_region": lo["region"],
        "max_share": f"{hi['pct_low_pay']:.1f}", "max_region": hi["region"],
        "uk_share": f"{uk['pct_low_pay']:.1f}", "n_above": len(res.above),
        "threshold": f"{res.params.threshold:g}",
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
    """The ledger rows as the page shows them (a claim the page cannot test names the data that would)."""
    cols = ["statement", "published", "reproduced", "kind", "tolerance", "verdict", "test_data"]
    return (ledger[cols].fillna("").astype(str).rename(columns={"test_data": "would be tested by"})
            .set_index("statement"))


def verdict_summary(ledger: pd.DataFrame) -> str:
    """How many checks got each verdict, and which were inconsistent (the page's checked output)."""
    counts = ledger["verdict"].value_counts().sort_index().to_string()
    bad = ledger.loc[ledger["verdict"] == "inconsistent in source", "claim_id"]
    return f"{counts}\ninconsistent: {', '.join(bad)}"


# --------------------------------------------------------------------------------------------
# figures (house style: call figures.use_style() first)


def figure_regions(res: Result):
    """Three panels on the regions of Table 2: share below the RLW (with the UK and the threshold),
    employees below the RLW, and % of constituencies with over 20% low pay (printed, and recomputed
    from the real number of seats)."""
    import matplotlib.pyplot as plt

    from analysis import figures
    from analysis.figures import BASE, HIGHLIGHT, INK, MUTED

    highlight, threshold = res.params.highlight, res.params.threshold
    reg, uk = split(res.table)
    cc = res.by_region
    y = np.arange(len(reg))[::-1]
    colours = [HIGHLIGHT if r in highlight else BASE for r in reg["region"]]
    fig, axes = plt.subplots(1, 3, figsize=(12, 5.6), sharey=True)
    ax = axes[0]
    ax.barh(y, reg["pct_low_pay"], color=colours)
    ukp = float(uk["pct_low_pay"])
    ax.axvline(ukp, color=INK, lw=1.2, ls="--")
    ax.axvline(threshold, color=MUTED, lw=1, ls=":")
    top = len(reg) - 0.45
    right_first = ukp >= threshold
    ax.text(ukp, top, f" UK {ukp:.1f}%" if right_first else f"UK {ukp:.1f}% ", fontsize=8, va="bottom",
            ha="left" if right_first else "right")
    ax.text(threshold, top, f"threshold {threshold:g}% " if right_first else f" threshold {threshold:g}%",
            fontsize=8, va="bottom", color=MUTED, ha="right" if right_first else "left")
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
    ax.scatter(cc["pct_of_real_seats"], y, marker="D", color=INK, s=18, zorder=3,
               label="printed number / real seats")
    for yi, (_, r) in zip(y, cc.iterrows()):
        if pd.isna(r["pct"]):
            ax.text(1, yi, "n/a (not published)", va="center", fontsize=8, color=MUTED)
        elif not bool(r["fits_printed_pct"]):
            ax.text(max(r["pct"], r["pct_of_real_seats"]) + 4, yi,
                    f"{r['number']}/{r['seats']} = {r['pct_of_real_seats']:.0f}%\nprinted {r['pct']}%",
                    va="center", fontsize=7.5, color=INK, linespacing=0.95)
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
                    source="TUC (Williamson 2022), Table 2, from ASHE 2019 (ONS ad hoc release 10743; constituency "
                           "counts by the TUC); seats: Westminster constituencies 2019")
    return fig


def figure_sectors(res: Result, rlw: float = RLW_2019["UK outside London"]):
    """Median hourly pay (with the RLW) and % below the RLW for the essay's three sectors."""
    import matplotlib.pyplot as plt

    from analysis import figures
    from analysis.figures import BASE, HIGHLIGHT, INK, MUTED

    s = res.sector_checks
    uk = res.sectors[res.sectors["pct_below_rlw"].isna()]
    y = np.arange(len(s))[::-1]
    colours = [HIGHLIGHT if b else BASE for b in s["median_below_rlw"]]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
    ax = axes[0]
    ax.barh(y, s["median_hourly_pay_gbp"], color=colours)
    for yi, v in zip(y, s["median_hourly_pay_gbp"]):
        ax.text(0.25, yi, f"£{v:.2f}", va="center", ha="left", fontsize=8, color="white", fontweight="bold")
    ax.axvline(rlw, color=INK, ls="--", lw=1.2)
    ax.text(rlw, len(s) - 0.45, f"Real Living Wage £{rlw:.2f} ", fontsize=8, ha="right")
    if len(uk):
        ax.axvline(uk["median_hourly_pay_gbp"].iloc[0], color=MUTED, ls=":", lw=1)
        ax.text(uk["median_hourly_pay_gbp"].iloc[0], len(s) - 0.45, f" UK median £{uk['median_hourly_pay_gbp'].iloc[0]:.2f}",
                fontsize=8, color=MUTED, ha="left")
    ax.set_ylim(-0.6, len(s) - 0.2)
    ax.set_xlim(0, 18)
    ax.set_xlabel("median gross hourly pay (£)")
    ax.set_title("Median pay (orange: below the Real Living Wage)", fontsize=10)
    ax.set_yticks(y, s["sector"])
    ax = axes[1]
    ax.barh(y, s["pct_below_rlw"], color=colours)
    for yi, v in zip(y, s["pct_below_rlw"]):
        ax.text(v + 1, yi, f"{v:g}%", va="center", fontsize=8)
    ax.axvline(50, color=MUTED, ls=":", lw=1)
    ax.text(50, len(s) - 0.45, " half of employees", fontsize=8, color=MUTED)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of employees below the Real Living Wage")
    ax.set_title("Share of employees below the Real Living Wage", fontsize=10)
    top = s.loc[s["pct_below_rlw"].idxmax()]
    figures.finish(fig, title=f"{top['sector']}: median pay £{top['median_hourly_pay_gbp']:.2f}, "
                               f"{top['pct_below_rlw']:g}% of jobs below the Real Living Wage",
                    source="TUC (Williamson 2022), essay text (2019/2020 figures, as printed)")
    return fig
