"""What the mission-7 page shows: its findings in words (every number glued from here), its tables and figures."""

from __future__ import annotations

import html
import textwrap

import numpy as np
import pandas as pd

from analysis.ledger import report
from analysis.studies.mission7 import BRIEFING, FIRST, GAPS, SEXES, WHITE_PAPER
from analysis.studies.mission7.claims import RULES, described
from analysis.studies.mission7.compute import (AIM_RISE, AIM_YEAR, GAP_LABEL, IMD_SOURCE, PEOPLE, SOURCE_LINE,
                                               Result, aim_verdict, areas, mid_year)

#: a gap's name at the start of a sentence or a table row
GAP_NAME = {"slope": "Slope index", "tenths": "Tenths gap", "range": "Range gap"}

# --------------------------------------------------------------------------------------------
# sentences for the page


def ons_caveat(meta: dict) -> str:
    """ONS's own paragraph on the interim method, from the series' metadata."""
    paras = [p.strip() for p in meta["caveats"].split("\n\n") if "interim" in p]
    if not paras:
        raise ValueError("the series' metadata has no paragraph on the interim method")
    return paras[0]


def _signed(x: float) -> str:
    """A change with its sign, to 0.1 year, or to 0.01 where 0.1 would read as zero (so that an interval
    that excludes zero never reads "+0.0")."""
    return f"{x:+.1f}" if abs(x) >= 0.05 else f"{x:+.2f}"


def _with_interval(value: float, lo: float, hi: float) -> str:
    return f"{value:.1f} ({lo:.1f} to {hi:.1f})"


def describe_changes(ch: pd.DataFrame, level: float) -> str:
    """``"for men, no clear change: 10.7 (10.0 to 11.3) to 10.9 (9.9 to 12.0) years, a change of +0.3
    (95% interval -1.0 to +1.5)"`` per sex."""
    return "; ".join(
        f"for {PEOPLE[r['sex']]}, {r['verdict']}: {_with_interval(r['gap_since'], r['since_lo'], r['since_hi'])} to "
        f"{_with_interval(r['gap_until'], r['until_lo'], r['until_hi'])} years, a change of {_signed(r['change'])} "
        f"({level:.0%} interval {_signed(r['change_lo'])} to {_signed(r['change_hi'])})" for _, r in ch.iterrows())


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
    words = {1: "one", 2: "two", 3: "three"}
    gaps_, starts, sexes = (ch[c].nunique() for c in ("gap", "since", "sex"))
    return (f"of these {len(ch)} comparisons ({words[gaps_]} gap{'s' * (gaps_ > 1)}, {words[starts]} starting "
            f"period{'s' * (starts > 1)}, {words[sexes]} sex{'es' * (sexes > 1)}), "
            f"{verb(n.get('narrowed', 0))} the gap narrowed, "
            f"{verb(n.get('widened', 0))} it widened and {verb(n.get('no clear change', 0))} no clear change")


def gap_label(gap: str, tail: float) -> str:
    """A gap in words, with the tail share of the tenths gap."""
    return GAP_LABEL[gap].replace("tenth", f"{tail:.0%}") if gap == "tenths" and tail != 0.1 else GAP_LABEL[gap]


def _span(x: pd.Series) -> str:
    return f"{x.min():.1f} to {x.max():.1f}"


def findings(res: Result) -> dict[str, str | int]:
    """Every value the page's prose quotes, formatted as printed, keyed by its glue name."""
    p, t, ex = res.params, res.table, res.extremes
    others = [g for g in GAPS if g != p.gap]
    push = t["as_measured"] - t["estimate"]
    claim_words = described(res)
    left_out = res.deprivation_join.unmatched_right
    return {
        "n_areas": int(ex["n_areas"].min()), "n_periods": ex["period"].nunique(),
        "n_ranked": int(t.loc[t["gap"] == "slope", "n_areas"].min()),
        "left_out": "; ".join(left_out["name"]), "n_left_out": len(left_out),
        "first": ex["period"].min(), "last": res.latest, "briefing": BRIEFING,
        "ons_caveat": ons_caveat(res.meta), "source_date": res.meta["source_date"],
        "n_excluded": len(res.excluded), "k_used": int(ex["k"].iloc[0]),
        "tail_pct": f"{p.tail:.0%}", "level_pct": f"{p.level:.0%}", "draws": f"{p.draws:,}",
        "gap_label": gap_label(p.gap, p.tail),
        "since_first": describe_changes(res.picked(p.gap, FIRST), p.level),
        "since_wp": describe_changes(res.picked(p.gap, WHITE_PAPER), p.level),
        "first_verdicts": _and([f"{r['verdict']} for {PEOPLE[r['sex']]}"
                                for _, r in res.picked(p.gap, FIRST).iterrows()]),
        "other_label_1": gap_label(others[0], p.tail), "other_label_2": gap_label(others[1], p.tail),
        "other_first_1": describe_changes(res.picked(others[0], FIRST), p.level),
        "other_first_2": describe_changes(res.picked(others[1], FIRST), p.level),
        "aim": describe_aim(res.aim), "overall": describe_overall(res.changes),
        "aim_baseline": p.aim_baseline,
        "push_tenths": _span(push[t["gap"] == "tenths"]), "push_range": _span(push[t["gap"] == "range"]),
        "n_single_tier": areas(res.single).dropna(subset=["hle"])["area_code"].nunique(),
        "rule_widened": RULES["mission7_hf_gap_widened"], "rule_stalling": RULES["mission7_hf_stalling"],
        "data_widened": claim_words["mission7_hf_gap_widened"], "data_stalling": claim_words["mission7_hf_stalling"],
    }


def _box_order(ch: pd.DataFrame, headline: str) -> pd.DataFrame:
    """The headline gap's changes from both starts, then the other gaps' since the first period."""
    keep = (ch["gap"] == headline) | (ch["since"] == FIRST)
    order = {g: i for i, g in enumerate((headline, *[g for g in GAPS if g != headline], FIRST, WHITE_PAPER, *SEXES))}
    return ch[keep].sort_values(["gap", "since", "sex"], key=lambda s: s.map(order))


def claim_figures(res: Result) -> dict[str, str]:
    """Each claim's figures in a few words, for the box that opens the page."""
    nobreak = "\u2011"
    span = f"{FIRST} to {BRIEFING}".replace("-", nobreak)
    def per_sex(d):
        return ", ".join(f"{PEOPLE[r['sex']]} {_signed(r['change'])} ({_signed(r['change_lo'])} to "
                         f"{_signed(r['change_hi'])})" for _, r in d.iterrows())
    return {"mission7_hf_gap_widened": f"slope index, {span}: {per_sex(res.briefing)} years",
            "mission7_hf_stalling": f"England's HLE, {span}: {per_sex(res.eng_change)} years"}


def box_findings(ch: pd.DataFrame, aim: pd.DataFrame, level: float, anchors: dict[str, str], headline: str = "slope",
                 ledger: pd.DataFrame | None = None, claim_figures: dict[str, str] | None = None) -> pd.DataFrame:
    """The rows of the box that opens the page (``report.findings_box``): the headline gap's change per
    sex from both starting periods and the other gaps' since the first, each with its interval; England
    against the 2035 path per sex; then the page's published claims with their verdicts (and their
    figures from ``claim_figures``, by claim id). ``anchors``
    maps ``"changes"``, ``"aim"`` (and ``"claims"`` when ``ledger`` is given) to the ids of the sections
    that show the work."""
    need = {"changes", "aim"} | ({"claims"} if ledger is not None else set())
    missing = sorted(need - set(anchors))
    if missing:
        raise ValueError(f"box_findings: no anchor for {missing}; expected anchors for {sorted(need)}")
    nobreak = "\u2011"  # a period such as 2011-13 never breaks at its hyphen in a narrow column
    gaps_ = [{"finding": f"{GAP_NAME[r['gap']]}, {PEOPLE[r['sex']]}, since {r['since'].replace('-', nobreak)}",
              "figure": (f"{r['gap_since']:.1f} to {r['gap_until']:.1f} years in {r['until']}: {_signed(r['change'])} "
                         f"({level:.0%} interval {_signed(r['change_lo'])} to {_signed(r['change_hi'])})"),
              "verdict": r["verdict"], "anchor": anchors["changes"]} for _, r in _box_order(ch, headline).iterrows()]
    aims = [{"finding": f"England, {PEOPLE[r['sex']]}, against the path to +{AIM_RISE:.0f} years by {AIM_YEAR}",
             "figure": (f"{r['england_hle']:.1f} years in {r['period']} (95% interval {r['lci']:.1f} to {r['uci']:.1f}) "
                        f"against {r['path']:.1f} on the path"),
             "verdict": aim_verdict(r), "anchor": anchors["aim"]} for _, r in aim.iterrows()]
    said = [] if ledger is None else [
        {"finding": f"Health Foundation: {r['published'].removesuffix(' (qualitative remark)')}",
         "figure": (claim_figures or {}).get(r["claim_id"], "")
                   + ("; its rule holds" if r["verdict"] == "reproduced" else "; its rule does not hold"),
         "verdict": r["verdict"], "anchor": anchors["claims"]} for _, r in ledger.iterrows()]
    return pd.DataFrame(gaps_ + aims + said, columns=["finding", "figure", "verdict", "anchor"])


def claims_table(ledger: pd.DataFrame, said: dict[str, str]) -> str:
    """The page's published claims as an HTML table: each statement with the rule set before the
    computation, what the data say and the verdict, side by side. Each row carries the claim's anchor,
    so the report links to it."""
    rows = "".join(
        f'<tr id="{report.claim_anchor(r["claim_id"])}" data-verdict="{html.escape(r["verdict"])}">'
        f'<td class="lu-c-claim">{html.escape(r["published"].removesuffix(" (qualitative remark)"))}: '
        f'{html.escape(r["statement"])}</td>'
        f'<td>{html.escape(RULES[r["claim_id"]].capitalize())}</td>'
        f'<td>{html.escape(said[r["claim_id"]].capitalize())}</td>'
        f'<td class="lu-c-verdict">{report.verdict_label(r["verdict"])}</td></tr>' for _, r in ledger.iterrows())
    cols = "".join(f'<col style="width: {w}%">' for w in (24, 32, 30, 14))
    head = "".join(f'<th scope="col">{h}</th>' for h in ("statement", "rule (set before the computation)",
                                                          "what the data say", "verdict"))
    return (f'<div class="lu-claims-wrap"><table class="lu-findings"><caption>{len(ledger)} statements of the Health '
            f'Foundation\'s briefing, each with its rule.</caption><colgroup>{cols}</colgroup><thead><tr>{head}</tr>'
            f'</thead><tbody>{rows}</tbody></table></div>')


def checked_output(res: Result) -> str:
    """The gaps in the key periods, every change, the claims' figures and England against the path, one
    line each (the page's checked output)."""
    t = res.table
    lines = [f"{r['gap']} {r['sex']} {r['period']} {r['n_areas']} {r['estimate']:.2f} ({r['lower']:.2f}, "
             f"{r['upper']:.2f}) as measured {r['as_measured']:.2f}"
             for _, r in t[t["period"].isin([FIRST, BRIEFING, WHITE_PAPER, res.latest])].iterrows()]
    lines += [f"{r['sex']} {r['gap']} {r['since']}-{r['until']} {r['change']:+.2f} ({r['change_lo']:+.2f}, "
              f"{r['change_hi']:+.2f}) {r['verdict']}" for _, r in pd.concat([res.changes, res.briefing]).iterrows()]
    lines += [f"{r['sex']} England {r['since']}-{r['until']} {r['change']:+.2f} ({r['change_lo']:+.2f}, "
              f"{r['change_hi']:+.2f})" for _, r in res.eng_change.iterrows()]
    lines += [f"{r['sex']} {r['period']} {r['england_hle']} path {r['path']:.2f} from path {r['from_path']:+.2f}"
              for _, r in res.aim.iterrows()]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# tables for the page


def key_periods(table: pd.DataFrame, periods=(FIRST, WHITE_PAPER)) -> pd.DataFrame:
    """Every gap with its interval in the given periods and the latest, one row per sex and period, and
    the tenths and range gaps as measured, before the correction for noise."""
    keep = list(periods) + [table["period"].max()]
    t = table[table["period"].isin(keep)]
    out = None
    for g in GAPS:
        d = t[t["gap"] == g].set_index(["sex", "period"])
        col = pd.DataFrame({f"{GAP_NAME[g].lower()}": [_with_interval(v, lo, hi) for v, lo, hi in
                                                       zip(d["estimate"], d["lower"], d["upper"])]}, index=d.index)
        if g != "slope":
            col[f"{g}, before the correction"] = d["as_measured"].round(1)
        out = col if out is None else out.join(col)
    return out.reset_index().sort_values(["sex", "period"], key=lambda c: c.map(SEXES.index) if c.name == "sex"
                                         else c).reset_index(drop=True)


def change_view(ch: pd.DataFrame) -> pd.DataFrame:
    """The verdict table for the page."""
    return pd.DataFrame({
        "sex": ch["sex"], "gap": ch["gap"], "from": ch["since"], "to": ch["until"],
        "gap then": [_with_interval(v, lo, hi) for v, lo, hi in zip(ch["gap_since"], ch["since_lo"], ch["since_hi"])],
        "gap now": [_with_interval(v, lo, hi) for v, lo, hi in zip(ch["gap_until"], ch["until_lo"], ch["until_hi"])],
        "change": ch["change"].round(1),
        "interval": [f"{_signed(lo)} to {_signed(hi)}" for lo, hi in zip(ch["change_lo"], ch["change_hi"])],
        "verdict": ch["verdict"]})


# --------------------------------------------------------------------------------------------
# figures (house style: call figures.use_style() first)

SEX_COLOURS = {"male": "#0072B2", "female": "#D55E00"}


def _periods_axis(ax, periods):
    ax.set_xticks(np.arange(len(periods)), periods, rotation=45, ha="right")
    ax.set_xlabel("3-year period")


def figure_gaps(res: Result, phone: bool = False):
    """The three gaps over time by sex, one a row, each estimate with its interval as a band (the tenths and
    range gaps as measured, before the correction, dotted); the title gives the headline gap's verdicts since
    2011-13. Drawn for a desktop column, or with ``phone`` for a phone's (the static figure's phone copy)."""
    import matplotlib.pyplot as plt

    from analysis import figures
    from analysis.figures.phone import PHONE_WIDTH_IN

    table, p = res.table, res.params
    verdicts = res.picked(p.gap, FIRST)
    periods = sorted(table["period"].unique())
    fig, axes = plt.subplots(3, 1, figsize=(PHONE_WIDTH_IN, 11.5) if phone else (8, 10.5), sharex=True)
    x = np.arange(len(periods))
    for ax, g in zip(axes, GAPS):
        t = table[table["gap"] == g]
        for s, d in t.groupby("sex", sort=False):
            d = d.set_index("period").reindex(periods)
            ax.fill_between(x, d["lower"], d["upper"], color=SEX_COLOURS[s], alpha=0.18, lw=0)
            ax.plot(x, d["estimate"], marker="o", color=SEX_COLOURS[s], lw=2,  # a phone's key in fewer words
                    label=PEOPLE[s] if phone else f"{PEOPLE[s]}, {p.level:.0%} interval shaded")
            if g != "slope":
                ax.plot(x, d["as_measured"], color=SEX_COLOURS[s], lw=1, ls=":",
                        label=f"{PEOPLE[s]}, as measured" + ("" if phone else " (before the correction)"))
        _periods_axis(ax, periods)
        ax.set_ylim(0, max(t["upper"].max(), t["as_measured"].max()) * 1.1)
        ax.set_ylabel("gap in healthy life expectancy (years)")
        title = f"{GAP_NAME[g]}: {gap_label(g, p.tail)}"
        ax.set_title(textwrap.fill(title, 36) if phone else title, fontsize=9)
        ax.legend(fontsize=9, loc="lower left")
    for ax in axes[:-1]:  # the periods once, under the last
        ax.tick_params(labelbottom=False)
        ax.set_xlabel("")
    title = f"The {GAP_NAME[p.gap].lower()} since {verdicts['since'].iloc[0]}: " + "; ".join(
        f"{PEOPLE[r['sex']]}: {r['verdict']}" for _, r in verdicts.iterrows())
    return figures.finish(fig, title=title, source=f"{SOURCE_LINE}; {IMD_SOURCE}",
                          subtitle=f"England's upper-tier areas ({int(table['n_areas'].max())}; "
                                   f"{int(table.loc[table['gap'] == 'slope', 'n_areas'].min())} with a deprivation "
                                   f"rank for the slope index). Bands: {p.level:.0%} intervals from ONS's 95% "
                                   f"confidence intervals" + ("; dotted: the gap as measured, before the correction"
                                                              if phone else ""))


def figure_aim(res: Result, phone: bool = False):
    """England's HLE (with its interval) for the whole series, and the straight path to +5 years by 2035; with
    ``phone``, drawn at a phone's width, its key in one column."""
    import matplotlib.pyplot as plt

    from analysis import figures
    from analysis.figures.phone import PHONE_WIDTH_IN

    path, full = res.path, res.eng
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 5.5) if phone else (8, 5.2))
    for s, d in full.groupby("sex", sort=False):
        x = d["period"].map(mid_year)
        ax.errorbar(x, d["england_hle"], yerr=[d["england_hle"] - d["lci"], d["uci"] - d["england_hle"]],
                    color=SEX_COLOURS[s], marker="o", ms=4, lw=1.5, capsize=2, label=f"England, {PEOPLE[s]}")
        p = path[path["sex"] == s]
        xs = [p["year"].iloc[0], AIM_YEAR]
        ax.plot(xs, [p["baseline"].iloc[0], p["target_2035"].iloc[0]], color=SEX_COLOURS[s], ls="--", lw=1,
                label=f"aim's path, {PEOPLE[s]}" + ("" if phone else f" (+{AIM_RISE:.0f} years from {p['period'].iloc[0]})"))
    ax.set_xlabel("middle year of the 3-year period")
    ax.set_ylabel("healthy life expectancy at birth (years)")
    ax.legend(fontsize=9, loc="upper left", ncol=1 if phone else 2)
    last = path.groupby("sex", sort=False).last()
    words = " and ".join(f"{abs(r['from_path']):.2f} ({PEOPLE[s]})" for s, r in last.iterrows())
    title = f"In {last['period'].iloc[0]} England's HLE was {words} years off the path to five more years by 2035"
    return figures.finish(fig, title=title if phone else textwrap.fill(title, 70), source=SOURCE_LINE,
                          subtitle="Bars: ONS's 95% confidence intervals; dashed: a straight line from the baseline to "
                                   "the 2035 target" + (f" (+{AIM_RISE:.0f} years from {path['period'].iloc[0]})" if phone
                                                        else ""))


# --------------------------------------------------------------------------------------------
# the page's opening, and its tables for readers


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def what_we_found(res: Result, ledger: pd.DataFrame) -> str:
    """The page's findings in two or three plain sentences: the headline gap's change since the first
    period per sex, England against the 2035 path, and how many of the Health Foundation's statements
    hold on the series."""
    p = res.params
    ch = res.picked(p.gap, FIRST)
    until = ch["until"].iloc[0]
    gap = ("the gap in healthy life expectancy between England's most and least deprived areas"
           if p.gap == "slope" else f"the gap in healthy life expectancy between areas ({gap_label(p.gap, p.tail)})")
    verdicts = _and([f"{r['verdict']} for {PEOPLE[r['sex']]} ({_signed(r['change'])} years, {p.level:.0%} interval "
                     f"{_signed(r['change_lo'])} to {_signed(r['change_hi'])})" for _, r in ch.iterrows()])
    aim = _and([f"{abs(r['from_path']):.1f} years {'behind' if r['from_path'] < 0 else 'ahead of'} it for "
                f"{PEOPLE[r['sex']]}" for _, r in res.aim.iterrows()])
    held = int((ledger["verdict"] == "reproduced").sum())
    n = len(ledger)
    said = ("neither holds" if held == 0 else "both hold" if held == n
            else "one holds and the other does not (the table below says which)")
    return (f"On ONS's healthy life expectancy series (official statistics in development, made with an interim "
            f"method), {gap} shows, from {FIRST} to {until}: {verdicts}. "
            f"In {res.aim['period'].iloc[0]} England was off the straight path to five more years of healthy life "
            f"by {AIM_YEAR}: {aim}. "
            f"Of the Health Foundation's two statements about the gap and stalling health, tested on the same series "
            f"with rules set before the computation, {said}.")


#: the figures' descriptions for screen readers
GAPS_ALT = ("Three line charts, one per measure of the gap, each with one line per sex across the 3-year periods "
            "and a shaded uncertainty band around it: the slope index against deprivation, the gap between the top "
            "and bottom tenth of areas, and the gap between the highest and lowest area. The last two also have "
            "dotted lines for the gaps as measured, which lie above the corrected lines; the bands widen in later "
            "periods.")
AIM_ALT = ("Line chart of England's healthy life expectancy, one line of points per sex with their confidence "
           "intervals, level until about 2019 and falling after, and two dashed lines rising from the baseline to "
           "five years higher in 2035; the latest points lie well below the dashed lines.")


def change_table(ch: pd.DataFrame):
    """:func:`change_view` as a table for readers."""
    from analysis import figures

    v = change_view(ch).assign(sex=lambda d: d["sex"].map(PEOPLE).str.capitalize(),
                               gap=lambda d: d["gap"].map(GAP_NAME))
    return figures.table(v, {"sex": "Sex", "gap": "Gap", "from": "From", "to": "To",
                             "gap then": "Gap then", "gap now": "Gap now",
                             "change": "Change", "interval": "Interval of the change",
                             "verdict": "Verdict"}, formats={"change": _signed},
                         caption="Each gap's change between two periods, and the verdict it gives (years; intervals in brackets).")


def aim_table(aim: pd.DataFrame):
    """England against the path to 2035, per sex, as a table for readers."""
    from analysis import figures

    v = aim.assign(sex=aim["sex"].map(PEOPLE).str.capitalize(),
                   england=[_with_interval(x, lo, hi) for x, lo, hi in zip(aim["england_hle"], aim["lci"], aim["uci"])])
    return figures.table(v, {"sex": "Sex", "period": "Latest period", "england": "England (years, 95% interval)",
                             "path": "On the path (years)", "from_path": "From the path (years)",
                             "needed_rise_per_year": "Rise now needed (years a year)",
                             "path_rise_per_year": "Path's rise (years a year)"},
                         formats={"path": 2, "from_path": 2, "needed_rise_per_year": 2, "path_rise_per_year": 2},
                         caption=f"England's healthy life expectancy at the latest period against the straight path "
                                 f"to five more years by {AIM_YEAR}.")
