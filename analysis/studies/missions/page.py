"""What the missions tracker's page shows: its findings in words (every number glued from here), the
one-line-per-mission table, the figure of England and the spread of areas, and the folded detail."""

from __future__ import annotations

import math
import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from analysis import figures
from analysis.studies.missions import EXTRAS, MISSIONS, SKILLS_MORE

#: decimals each mission's metric is shown to
DECIMALS = {1: 0, 2: 0, 3: 1, 4: 1, 5: 0, 6: 0, 7: 1, 8: 2, 9: 0, 10: 1, 11: 1, 12: 0}
#: decimals of the further indicators that differ from their mission's
EXTRA_DECIMALS = {"Employment rate": 1, "Gross value added per hour worked": 2, "4G coverage": 1, "5G coverage": 1,
                  "Level 3 or above qualifications (Great Britain)": 1}
#: the glued values that are whole paragraphs (shown as text, not as a highlighted number)
PARAGRAPHS = tuple(f"m{m.number}" for m in MISSIONS) + ("change_maps",)
#: each panel's title: the metric in a few words, with its unit
SHORT = {1: "median weekly pay (£, cash terms)", 3: "minutes to jobs by public transport or walking",
         5: "pupils at the expected standard (%)", 6: "skills achievements per 100,000 people",
         7: "women's healthy life expectancy (years)", 8: "life satisfaction (0 to 10)",
         10: "first-time buyers per 1,000 dwellings", 11: "homicides per million people"}
#: the maps of change: each panel's metric in a word or two, and the unit of its change
MAP_TITLE = {1: "weekly pay", 3: "travel time to jobs", 5: "pupils at the expected standard",
             6: "skills achievements", 7: "women's healthy life expectancy", 8: "life satisfaction",
             10: "first-time buyers", 11: "homicides"}
CHANGE_UNIT = {1: "£ a week", 3: "minutes", 5: "percentage points", 6: "per 100,000 people", 7: "years",
               8: "points out of 10", 10: "per 1,000 dwellings", 11: "per million people"}
SOURCE = "ONS, Explore Local Statistics and Health state life expectancies; the compendium's calculations"


def fmt(v, mission: int, sign: bool = False, decimals: int | None = None) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    d = DECIMALS[mission] if decimals is None else decimals
    return figures.number(v, d, prefix="+" if sign and v > 0 else "")


def gap_text(r, which: str, decimals: int | None = None) -> str:
    """The gap in one period, with its interval where there is one."""
    v = r.get(f"gap_{which}")
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    n, d = r["mission"], decimals
    if r["intervals"]:
        return f"{fmt(v, n, decimals=d)} ({fmt(r[f'gap_{which}_lo'], n, decimals=d)} to {fmt(r[f'gap_{which}_hi'], n, decimals=d)})"
    return f"{fmt(v, n, decimals=d)} (descriptive)"


def england_text(r, decimals: int | None = None) -> str:
    """England's latest value and its change since the baseline, in one cell."""
    n, base = r["mission"], r["baseline_period"]
    text = f"{fmt(r['england_latest'], n, decimals=decimals)} ({r['latest_period']})"
    if isinstance(base, str) and base != r["latest_period"]:
        text += f"; {fmt(r['england_change'], n, sign=True, decimals=decimals)} since {base}"
    return text


def verdict_text(r, decimals: int | None = None) -> str:
    """The verdict, with the gap it rests on where there is one."""
    if str(r["verdict"]).startswith("cannot"):
        return str(r["verdict"]).replace("cannot be judged: ", "cannot be judged (") + ")"
    return (f"{r['verdict']}. Gap {gap_text(r, 'baseline', decimals)} at the baseline, "
            f"{gap_text(r, 'latest', decimals)} now")


def lines(res) -> pd.DataFrame:
    """One row per mission, as the page's first table shows it (three columns, to fit a phone)."""
    rows = [{"metric": f"{r['mission']}. {r['metric'][:1].upper()}{r['metric'][1:]}", "latest": england_text(r),
             "verdict": verdict_text(r),
             "plain": r["verdict"]} for _, r in res.table.iterrows()]
    return pd.DataFrame(rows)


def summary_table(res):
    return figures.table(lines(res), {"metric": "Mission and metric", "latest": "England: latest, and change",
                                      "verdict": "Verdict, and the gap between areas it rests on"},
                         caption="Table 1. Each mission's local metric: England's latest value and its change since "
                                 "the baseline, the verdict, and the gap between areas at the baseline and now (with "
                                 "its 95% interval where ONS publishes intervals).")


#: the missions with further metrics, in order; their tables follow Table 1
EXTRA_MISSIONS = tuple(sorted({m.number for m in EXTRAS}))


def extra_table(res, mission: int):
    """Mission ``mission``'s further metrics (:data:`analysis.studies.missions.EXTRAS`), a small table of
    England's latest value and the verdict, numbered after Table 1 in the order of the missions."""
    d = res.extra[res.extra["mission"] == mission]
    if d.empty:
        raise ValueError(f"mission {mission} has no further metrics; those with some: {list(EXTRA_MISSIONS)}")
    rows = [{"metric": r["metric"][0].upper() + r["metric"][1:],
             "latest": england_text(r, EXTRA_DECIMALS.get(r["indicator"])),
             "verdict": verdict_text(r, EXTRA_DECIMALS.get(r["indicator"]))} for _, r in d.iterrows()]
    return figures.table(pd.DataFrame(rows), {"metric": "Further metric", "latest": "England: latest, and change",
                                              "verdict": "Verdict, and the gap between areas"},
                         caption=f"Table {2 + EXTRA_MISSIONS.index(mission)}. Mission {mission}: further metrics, "
                                 "by the same rules as its main one.")


def count_text(res, mission: int) -> str:
    """The aim that is a count, converted from ONS's rate, in words ('' for a mission without one)."""
    c = res.counts.set_index("mission")
    if mission not in c.index:
        return ""
    r = c.loc[mission]
    if str(r["verdict"]).startswith("cannot"):
        return f" The aim as a number of buyers {r['verdict']}."
    return (f" As a count: ONS gives achievements per 100,000 people aged 19 and over, so the rate times England's "
            f"{figures.number(r['adults'] / 1e6, 1)} million people of that age in mid-2022 gives about "
            f"{figures.number(round(r['count_baseline'], -3), 0)} achievements a year at the baseline and "
            f"{figures.number(round(r['count_latest'], -3), 0)} now, {figures.number(round(r['count_change'], -3), 0, prefix='+' if r['count_change'] > 0 else '')} "
            f"(the population held fixed; achievements, not people, so one person may count twice). Against a straight "
            f"line to {figures.number(SKILLS_MORE)} more a year by 2030, the count should be "
            f"{figures.number(round(r['count_path'], -3), 0)} by now: {r['verdict']}.")


def mission_text(r) -> str:
    """One mission's paragraph, every number from the result."""
    n = r["mission"]
    head = f"{r['aim']}. Measured here by {r['metric']}, across {r['areas']}."
    if str(r["verdict"]).startswith("cannot"):
        latest = ("" if r["latest_period"] is None
                  else f" England's latest value is {fmt(r['england_latest'], n)} ({r['latest_period']}).")
        return f"{head}{latest} Verdict: {r['verdict']}."
    text = (f"{head} England: {fmt(r['england_latest'], n)} ({r['latest_period']}), "
            f"{fmt(r['england_change'], n, sign=True)} since {r['baseline_period']}. The gap between areas was "
            f"{gap_text(r, 'baseline')} then and {gap_text(r, 'latest')} now: {r['gap_verdict']}.")
    if r["intervals"]:
        text += (f" Of the {int(r['areas_matched'])} areas with ONS's intervals in both periods, "
                 f"{int(r['clearly_rose'])} clearly rose, {int(r['no_clear_change'])} show no clear change and "
                 f"{int(r['clearly_fell'])} clearly fell.")
    if r["aim_verdict"]:
        text += (f" Against a straight line to the 2030 aim of {fmt(r['aim_2030'], n)}, England should be at "
                 f"{fmt(r['aim_path'], n)} by now: {r['aim_verdict']}.")
    if r["note"]:
        text += f" Note: {r['note']}."
    return text


def findings(res) -> dict[str, str]:
    """Every value the page's prose quotes, keyed by its glue name."""
    t = res.table
    judged = t[t["gap_verdict"].astype(str) != ""]
    groups = {}
    for _, r in judged.iterrows():
        groups.setdefault(str(r["gap_verdict"]).replace(" (descriptive)", ""), []).append(str(r["mission"]))
    said = "; ".join(f"{w}: {', '.join(ms)}" for w, ms in sorted(groups.items()))
    n_ci = int(judged["intervals"].sum())
    out = {"n_judged": str(len(judged)), "n_cannot": str(len(t) - len(judged)), "by_verdict": said,
           "n_intervals": str(n_ci)}
    aims = t[t["aim_verdict"].astype(str) != ""]
    said = [(r["mission"], f"mission {r['mission']}, {r['aim_verdict']}") for _, r in aims.iterrows()]
    said += [(r["mission"], f"mission {r['mission']} (its aim a count), {r['verdict']}") for _, r in res.counts.iterrows()
             if not str(r["verdict"]).startswith("cannot")]
    out["aims"] = "; ".join(w for _, w in sorted(said)) or "none"
    for _, r in t.iterrows():
        out[f"m{r['mission']}"] = mission_text(r) + count_text(res, r["mission"])
    out["change_maps"] = change_maps_words(res)
    return out


def figure_spread(res):
    """England and the spread of areas over time, one panel per mission with a local series: two a row for a
    desktop column, one a row for a phone."""
    from analysis.figures.phone import PHONE_WIDTH_IN

    return figures.static_figure(_spread_panels(res, 2, 9), phone=_spread_panels(res, 1, PHONE_WIDTH_IN),
                                 alt="Small charts, one per mission with more than one period, each with England's "
                                     "value over time as a black line and the range of areas as grey bands.")


def _spread_panels(res, cols: int, width: float):
    """:func:`figure_spread`'s drawing, ``cols`` panels a row across ``width`` inches."""
    sp = res.spread
    shown = [m for m in MISSIONS if m.number in SHORT and sp[sp["mission"] == m.number]["period"].nunique() > 1]
    rows = math.ceil(len(shown) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width, 2.6 * rows), squeeze=False)
    for ax, m in zip(axes.flat, shown):
        d = sp[sp["mission"] == m.number].sort_values("period_end")
        x = pd.to_datetime(d["period_end"])
        ax.fill_between(x, d["min"], d["max"], color="#cccccc", alpha=0.5, label="lowest to highest area")
        ax.fill_between(x, d["p10"], d["p90"], color="#888888", alpha=0.5, label="middle 80% of areas")
        ax.plot(x, d["england"], color="#000000", marker="o", ms=3, label="England")
        ax.set_title(textwrap.fill(f"Mission {m.number}: {SHORT[m.number]}", 60 if cols > 1 else 40), fontsize=9)
        if cols == 1:  # fewer years across a phone's width, so that they do not run together
            ax.xaxis.set_major_locator(mdates.YearLocator(base=3))
    for ax in list(axes.flat)[len(shown):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=9, loc="best")
    return figures.finish(fig, "England and the spread of areas, by mission", source=SOURCE)


def change_map_frame(res, mission: int):
    """The current English LAs' polygons with one mission's published change since the baseline
    (``change``; missing where an LA lacks a value in either period)."""
    d = res.changes[res.changes["mission"] == mission][["area_code", "change"]]
    return res.boundaries.merge(d, on="area_code", how="left", validate="one_to_one")


def change_maps_words(res) -> str:
    """Which missions the maps show, and how many English LAs each leaves grey, in words."""
    shown = sorted(res.changes["mission"].unique())
    grey = {n: int(change_map_frame(res, n)["change"].isna().sum()) for n in shown}
    said = ", ".join(f"{g} for mission {n}" for n, g in grey.items())
    return (f"The maps show the {len(shown)} missions judged across local authorities. An English local authority "
            f"without a published value in both periods is grey: {said}.")


def _change_maps(res, cols: int):
    """:func:`figure_change_maps`'s drawing, ``cols`` maps a row."""
    from matplotlib.colors import CenteredNorm

    t = res.table.set_index("mission")
    shown = sorted(res.changes["mission"].unique())
    rows = math.ceil(len(shown) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(8 if cols > 1 else 5, (3.6 if cols > 1 else 4.0) * rows), squeeze=False)
    for ax, n in zip(axes.flat, shown):
        g = change_map_frame(res, n)
        figures.choropleth(ax, g, "change", legend_title=f"change ({CHANGE_UNIT[n]})", cmap="PRGn", simplify=1500,
                           norm=CenteredNorm(0), vintage=None)
        ax.set_title(f"Mission {n}: {MAP_TITLE[n]}\n{t.loc[n, 'baseline_period']} to {t.loc[n, 'latest_period']}",
                     fontsize=9)
    for ax in list(axes.flat)[len(shown):]:
        ax.set_visible(False)
    figures.finish(fig, "How each local authority changed since the baseline",
                   subtitle="Published values, latest minus baseline; green a rise, purple a fall, white no change; "
                            "grey no value in both",
                   source=SOURCE + ". Boundaries: ONS, local authority districts, December 2019, merged into today's.")
    return fig


def figure_change_maps(res):
    """Each area's change since the baseline, one map per mission judged across local authorities, each
    on its own scale centred on no change (purple a fall, green a rise): two a row, so that their text reads at a
    desktop column's width, and one a row on a phone."""
    shown = sorted(res.changes["mission"].unique())
    return figures.static_figure(_change_maps(res, 2), phone=_change_maps(res, 1), alt=(
        f"{len(shown)} maps of England's local authorities, one per mission ({', '.join(map(str, shown))}), each "
        "shading an area's change since the baseline from purple (a fall) through white to green (a rise)."))


def declaration(res):
    """The missions as declared: dataset, indicator, areas, 2030 aim and any reason for no verdict."""
    rows = [{"mission": m.number, "dataset": m.dataset, "indicator": m.indicator, "areas": m.areas,
             "aim": "–" if m.aim_2030 is None else f"{m.aim_2030:g}", "reason": m.reason or "–"} for m in MISSIONS]
    return figures.table(pd.DataFrame(rows), {"mission": "Mission", "dataset": "Dataset", "indicator": "Indicator",
                                              "areas": "Areas", "aim": "2030 aim (England)",
                                              "reason": "Why no verdict"},
                         caption=f"Table {2 + len(EXTRA_MISSIONS)}. The metric declared for each mission.")


def areas_used(res):
    t = res.table.copy()
    for c in ("n_areas_baseline", "n_areas_latest", "areas_matched"):
        if c not in t:
            t[c] = float("nan")
    return figures.table(t, {"mission": "Mission", "baseline_period": "Baseline", "latest_period": "Latest",
                             "n_areas_baseline": "Areas at the baseline", "n_areas_latest": "Areas now",
                             "areas_matched": "Areas with intervals in both"},
                         caption=f"Table {3 + len(EXTRA_MISSIONS)}. Periods and areas used; areas are matched by their "
                                 "current code, and an "
                                 "area published in only one of the two periods is left out of the counts.")


def checked_output(res) -> str:
    t = res.table
    return "\n".join(f"{r['mission']:>2} {fmt(r['england_latest'], r['mission'])} {r['verdict'][:60]}"
                     for _, r in t.iterrows())
