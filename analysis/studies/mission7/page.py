"""What the mission-7 page shows: its findings in words (every number glued from here), its tables and figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.studies.mission7 import FIRST, GAPS, SEXES, WHITE_PAPER
from analysis.studies.mission7.compute import (AIM_RISE, AIM_YEAR, GAP_LABEL, PEOPLE, SOURCE_LINE, Result, areas,
                                               aim_verdict, mid_year)

# --------------------------------------------------------------------------------------------
# sentences for the page


def ons_caveat(meta: dict) -> str:
    """ONS's own paragraph on the interim method, from the series' metadata."""
    paras = [p.strip() for p in meta["caveats"].split("\n\n") if "interim" in p]
    if not paras:
        raise ValueError("the series' metadata has no paragraph on the interim method")
    return paras[0]


def describe_changes(ch: pd.DataFrame, level: float) -> str:
    """``"for men, widened: 14.5 to 18.4 years, a change of +3.9 (95% interval +1.09 to +9.31; ...)"`` per sex."""
    return "; ".join(
        f"for {PEOPLE[r['sex']]}, {r['verdict']}: {r['gap_since']:.1f} to {r['gap_until']:.1f} years, a change of "
        f"{r['change']:+.1f} ({level:.0%} interval {r['change_lo']:+.2f} to {r['change_hi']:+.2f}; the gap narrowed "
        f"in {r['p_narrowed']:.0%} of the simulations)" for _, r in ch.iterrows())


def describe_aim(summary: pd.DataFrame) -> str:
    """England against the path, per sex."""
    return "; ".join(
        f"for {PEOPLE[r['sex']]}, {r['england_hle']:.1f} years in {r['period']} (95% interval {r['lci']:.1f} to "
        f"{r['uci']:.1f}) against {r['path']:.2f} on the path from {r['baseline']:.1f} in {r['baseline_period']} to "
        f"{r['target_2035']:.1f} in {AIM_YEAR}: {abs(r['from_path']):.2f} years "
        f"{'behind' if r['from_path'] < 0 else 'ahead of'} it, so HLE would now have to rise "
        f"{r['needed_rise_per_year']:.2f} years a year, against the path's {r['path_rise_per_year']:.2f}"
        for _, r in summary.iterrows())


def describe_overall(ch: pd.DataFrame) -> str:
    """How many of the comparisons narrowed, widened or showed no clear change."""
    n = ch["verdict"].value_counts()
    verb = lambda k: f"{k} shows" if k == 1 else f"{k} show"  # noqa: E731
    return (f"of these {len(ch)} comparisons (two gaps, two starting periods, two sexes), "
            f"{verb(n.get('narrowed', 0))} the gap narrowed, {verb(n.get('widened', 0))} it widened and "
            f"{verb(n.get('no clear change', 0))} no clear change")


def gap_label(gap: str, tail: float) -> str:
    """A gap in words, with the tail share of the decile gap."""
    return GAP_LABEL[gap].replace("tenth", f"{tail:.0%}")


def findings(res: Result) -> dict[str, str | int]:
    """Every value the page's prose quotes, formatted as printed, keyed by its glue name."""
    p, point, table = res.params, res.point, res.table
    inflation = (table["range_gap_sim_median"] - table["range_gap"]).agg(["min", "max"])
    return {
        "n_areas": int(point["n_areas"].min()), "n_periods": point["period"].nunique(),
        "first": point["period"].min(), "last": res.latest,
        "ons_caveat": ons_caveat(res.meta), "source_date": res.meta["source_date"],
        "n_excluded": len(res.excluded), "k_used": int(point["k"].iloc[0]),
        "tail_pct": f"{p.tail:.0%}", "level_pct": f"{p.level:.0%}", "draws": f"{p.draws:,}", "interval": p.interval,
        "gap_label": gap_label(p.gap, p.tail), "other_label": gap_label(res.other_gap, p.tail),
        "since_first": describe_changes(res.picked(p.gap, FIRST), p.level),
        "since_wp": describe_changes(res.picked(p.gap, WHITE_PAPER), p.level),
        "other_first": describe_changes(res.picked(res.other_gap, FIRST), p.level),
        "other_wp": describe_changes(res.picked(res.other_gap, WHITE_PAPER), p.level),
        "aim": describe_aim(res.aim), "overall": describe_overall(res.changes),
        "other_method": res.other_method, "overall_other_method": describe_overall(res.changes_other_method),
        "aim_baseline": p.aim_baseline,
        "inflation": f"{inflation['min']:.1f} to {inflation['max']:.1f}",
        "n_single_tier": areas(res.single).dropna(subset=["hle"])["area_code"].nunique(),
    }


def _signed(x: float) -> str:
    """A change with its sign, to 0.1 year, or to 0.01 where 0.1 would read as zero (so that an interval
    that excludes zero never reads "+0.0")."""
    return f"{x:+.1f}" if abs(x) >= 0.05 else f"{x:+.2f}"


def box_findings(ch: pd.DataFrame, aim: pd.DataFrame, level: float, anchors: dict[str, str]) -> pd.DataFrame:
    """The rows of the box that opens the page (``report.findings_box``): each gap's change per sex and
    starting period, with its interval, then England against the 2035 path per sex. ``anchors`` maps
    ``"changes"`` and ``"aim"`` to the ids of the sections that show the work."""
    missing = sorted({"changes", "aim"} - set(anchors))
    if missing:
        raise ValueError(f"box_findings: no anchor for {missing}; expected anchors for 'changes' and 'aim'")
    nobreak = "\u2011"  # a period such as 2011-13 never breaks at its hyphen in a narrow column
    gaps_ = [{"finding": (f"{'Range' if r['gap'] == 'range' else 'Decile'} gap, {PEOPLE[r['sex']]}, "
                          f"since {r['since'].replace('-', nobreak)}"),
              "figure": (f"{r['gap_since']:.1f} to {r['gap_until']:.1f} years in {r['until']}: {r['change']:+.1f} "
                         f"({level:.0%} interval {_signed(r['change_lo'])} to {_signed(r['change_hi'])})"),
              "verdict": r["verdict"], "anchor": anchors["changes"]}
             for _, r in ch.sort_values(["gap", "since", "sex"], key=lambda s: s.map(
                 {g: i for i, g in enumerate((*GAPS, FIRST, WHITE_PAPER, *SEXES))})).iterrows()]
    aims = [{"finding": f"England, {PEOPLE[r['sex']]}, against the path to +{AIM_RISE:.0f} years by {AIM_YEAR}",
             "figure": (f"{r['england_hle']:.1f} years in {r['period']} (95% interval {r['lci']:.1f} to {r['uci']:.1f}) "
                        f"against {r['path']:.1f} on the path"),
             "verdict": aim_verdict(r), "anchor": anchors["aim"]} for _, r in aim.iterrows()]
    return pd.DataFrame(gaps_ + aims, columns=["finding", "figure", "verdict", "anchor"])


def checked_output(res: Result) -> str:
    """The gaps in the key periods, every change and England against the path, one line each (the
    page's checked output)."""
    t = res.table
    lines = [f"{r['sex']} {r['period']} {r['n_areas']} range {r['range_gap']:.1f} ({r['range_lo']:.2f}, "
             f"{r['range_hi']:.2f}) decile {r['decile_gap']:.2f} ({r['decile_lo']:.2f}, {r['decile_hi']:.2f})"
             for _, r in t[t["period"].isin([FIRST, WHITE_PAPER, res.latest])].iterrows()]
    other = res.changes_other_method
    lines += [f"{r['sex']} {r['gap']} {r['since']} {r['change']:+.2f} ({r['change_lo']:+.2f}, {r['change_hi']:+.2f}) "
              f"{r['p_narrowed']:.3f} {r['verdict']}"
              for _, r in pd.concat([res.changes, other.assign(gap=other["gap"] + "*")]).iterrows()]
    lines += [f"{r['sex']} {r['period']} {r['england_hle']} path {r['path']:.2f} from path {r['from_path']:+.2f}"
              for _, r in res.aim.iterrows()]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# tables for the page


def key_periods(table: pd.DataFrame, periods=(FIRST, WHITE_PAPER)) -> pd.DataFrame:
    """Both gaps with their intervals in the given periods and the latest, one row per sex and period."""
    keep = list(periods) + [table["period"].max()]
    t = table[table["period"].isin(keep)]
    out = pd.DataFrame({"sex": t["sex"], "period": t["period"], "areas": t["n_areas"]})
    for g in GAPS:
        out[f"{g} gap"] = [f"{v:.1f} ({lo:.1f} to {hi:.1f})" for v, lo, hi in
                           zip(t[f"{g}_gap"], t[f"{g}_lo"], t[f"{g}_hi"])]
    return out.reset_index(drop=True)


def change_view(ch: pd.DataFrame) -> pd.DataFrame:
    """The verdict table for the page."""
    return pd.DataFrame({
        "sex": ch["sex"], "gap": ch["gap"], "from": ch["since"], "to": ch["until"],
        "gap then": ch["gap_since"].round(1), "gap now": ch["gap_until"].round(1), "change": ch["change"].round(1),
        "interval": [f"{lo:+.1f} to {hi:+.1f}" for lo, hi in zip(ch["change_lo"], ch["change_hi"])],
        "share of draws narrower": ch["p_narrowed"].round(3), "verdict": ch["verdict"]})


# --------------------------------------------------------------------------------------------
# figures (house style: call figures.use_style() first)

SEX_COLOURS = {"male": "#0072B2", "female": "#D55E00"}


def _periods_axis(ax, periods):
    ax.set_xticks(np.arange(len(periods)), periods, rotation=45, ha="right")
    ax.set_xlabel("3-year period")


def figure_gaps(res: Result):
    """Both gaps over time by sex, each with its simulated interval as a band; the title gives the
    headline gap's verdicts since 2011-13."""
    import matplotlib.pyplot as plt

    from analysis import figures

    table, p = res.table, res.params
    verdicts = res.picked(p.gap, FIRST)
    periods = sorted(table["period"].unique())
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), sharey=False)
    for ax, g in zip(axes, GAPS):
        for s, d in table.groupby("sex", sort=False):
            d = d.set_index("period").reindex(periods)
            x = np.arange(len(periods))
            ax.fill_between(x, d[f"{g}_lo"], d[f"{g}_hi"], color=SEX_COLOURS[s], alpha=0.18, lw=0)
            ax.plot(x, d[f"{g}_gap"], marker="o", color=SEX_COLOURS[s], lw=2,
                    label=f"{PEOPLE[s]}, {p.level:.0%} interval shaded")
        _periods_axis(ax, periods)
        ax.set_ylim(0, table[f"{g}_hi"].max() * 1.1)
        ax.set_ylabel("gap in healthy life expectancy (years)")
        ax.set_title(f"{g} gap: {gap_label(g, p.tail)}", fontsize=10)
        ax.legend(fontsize=8, loc="lower left")
    title = f"The {p.gap} gap since {verdicts['since'].iloc[0]}: " + "; ".join(
        f"{PEOPLE[r['sex']]}: {r['verdict']}" for _, r in verdicts.iterrows())
    band = "basic intervals (for the areas' true values)" if p.interval == "basic" else "percentile intervals"
    return figures.finish(fig, title=title, source=SOURCE_LINE,
                          subtitle=f"England's {int(table['n_areas'].min())} upper-tier areas. Bands: {p.level:.0%} "
                                   f"{band}, simulated from ONS's 95% confidence intervals")


def figure_aim(res: Result):
    """England's HLE (with its interval) for the whole series, and the straight path to +5 years by 2035."""
    import matplotlib.pyplot as plt

    from analysis import figures

    path, full = res.path, res.eng
    fig, ax = plt.subplots(figsize=(10, 5))
    for s, d in full.groupby("sex", sort=False):
        x = d["period"].map(mid_year)
        ax.errorbar(x, d["england_hle"], yerr=[d["england_hle"] - d["lci"], d["uci"] - d["england_hle"]],
                    color=SEX_COLOURS[s], marker="o", ms=4, lw=1.5, capsize=2, label=f"England, {PEOPLE[s]}")
        p = path[path["sex"] == s]
        xs = [p["year"].iloc[0], AIM_YEAR]
        ax.plot(xs, [p["baseline"].iloc[0], p["target_2035"].iloc[0]], color=SEX_COLOURS[s], ls="--", lw=1,
                label=f"aim's path, {PEOPLE[s]} (+{AIM_RISE:.0f} years from {p['period'].iloc[0]})")
    ax.set_xlabel("middle year of the 3-year period")
    ax.set_ylabel("healthy life expectancy at birth (years)")
    ax.legend(fontsize=8, loc="upper left", ncol=2)
    last = path.groupby("sex", sort=False).last()
    words = " and ".join(f"{abs(r['from_path']):.2f} ({PEOPLE[s]})" for s, r in last.iterrows())
    return figures.finish(fig, title=f"In {last['period'].iloc[0]} England's HLE was {words} years off the path to five "
                                     f"more years by 2035", source=SOURCE_LINE,
                          subtitle="Bars: ONS's 95% confidence intervals; dashed: a straight line from the baseline to "
                                   "the 2035 target")
