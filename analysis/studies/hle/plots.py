"""The HLE page's figures: the briefing's Figure 2 (HLE by priority group, the lowest share filled) and
Figure 1 (deprivation rank against HLE), the map of the mismatch (all interactive: tap, hover or find an
area) and the check of the district estimate (static), each in the house style."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import geography, imd
from analysis.studies.hle.compute import AVERAGE_LABEL, QUADRANTS, Result

DATA_SOURCE = ("ONS, healthy life expectancy 2009-13; MHCLG, English Indices of Deprivation 2019; HM Treasury, "
               "MHCLG and DfT, Levelling Up Fund priority list (March 2021). Shire districts estimated from their "
               "neighbourhoods (MSOAs).")

#: how each kind of HLE value is named in the figures' tooltips
SOURCE_LABEL = {"official": "ONS", "estimate": "estimated", "official (2013 county)": "ONS (2013 county)",
                "estimate (merged 2019 LA)": "estimated (merged 2019)"}
#: the quadrants of the deprivation figure, as its tooltips name them
QUARTER = dict(zip(QUADRANTS, ("more deprived, below average", "more deprived, above average",
                               "less deprived, below average", "less deprived, above average")))


def hover_frame(res: Result) -> pd.DataFrame:
    """The analysis table with display columns for the interactive figures' tooltips (kept short: every
    point of every figure carries its own)."""
    t = res.table.copy()
    t["group"] = t["priority_category"].map(lambda c: str(int(c)))
    t["lowest_label"] = t["lowest"].map({True: "yes", False: "no"})
    t["source_label"] = t["hle_source"].map(SOURCE_LABEL)
    t["quarter"] = t["quadrant"].map(QUARTER)
    return t


def figure_validation(res: Result):
    """Estimated against official HLE for the single-tier LAs, with the line of equality (a static figure)."""
    import matplotlib.pyplot as plt

    from analysis import figures

    p, v = res.params, res.validation
    s = res.validation_by_estimator.set_index("estimator").loc[p.estimator]
    both = v[["hle_official", "hle_estimate"]]
    lo, hi = float(both.min().min()) - 0.5, float(both.max().max()) + 0.5
    fig, ax = plt.subplots(figsize=(5.6, 5.4))
    ax.plot([lo, hi], [lo, hi], color=figures.GREY, linestyle="--", linewidth=1, zorder=1, label="estimate = official")
    ax.scatter(v["hle_official"], v["hle_estimate"], s=22, color=figures.OKABE_ITO[4], edgecolors="white",
               linewidths=0.5, zorder=3, label="a single-tier local authority")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_xlabel(f"Official {p.sex} HLE 2009-13, ONS (years)")
    ax.set_ylabel("Estimated from its neighbourhoods, MSOAs (years)")
    ax.legend(loc="upper left", fontsize=8)
    figures.finish(fig, title=f"The estimate tracks the official {p.sex} HLE closely",
                   subtitle=f"{int(s['n'])} single-tier LAs: bias {s['bias']:+.2f}, SD {s['sd']:.2f}, worst "
                            f"{s['worst_error']:+.2f} years ({s['worst']})",
                   source="ONS, healthy life expectancy 2009-13 (neighbourhood and upper-tier tables).")
    return figures.static_figure(fig, alt=(
        f"Scatter plot with one point per single-tier local authority: the official {p.sex} healthy life expectancy "
        "in years across, the value estimated from its neighbourhoods up. The points lie along the dashed line where "
        "the estimate equals the official value."))


def figure_deprivation(res: Result):
    """The briefing's Figure 1: deprivation rank against HLE by priority group (interactive scatter)."""
    from analysis import figures

    p, Sex = res.params, res.params.sex.capitalize()
    h = hover_frame(res)
    h = h[h["deprivation_rank"].notna()]
    return figures.interactive_scatter(
        h, "deprivation_rank", "hle", name="la_name", color="group",
        colours={str(k): v for k, v in figures.PRIORITY_COLOURS.items()}, hover=["quarter", "source_label"],
        labels={"deprivation_rank": "Deprivation rank", "hle": f"{Sex} HLE (years)", "group": "Priority group",
                "source_label": "Value", "quarter": "Quarter"},
        xlabel=f"Rank of the {imd.LABEL[p.imd_measure]} (1 = most deprived of {res.n_ranked} local authorities)",
        ylabel=f"{Sex} healthy life expectancy at birth, 2009-13 (years)",
        hlines={res.average: f"{AVERAGE_LABEL[p.average]} average, {res.average:.1f} years"},
        title=f"Priority group 3 includes {int(res.quadrants.loc[3, QUADRANTS[0]])} deprived authorities with "
              "below-average HLE",
        subtitle=f"{Sex} HLE 2009-13 against the rank of the {imd.LABEL[p.imd_measure]}, {len(h)} local authorities, "
                 "by priority group", source=DATA_SOURCE, figsize=(8.5, 6.2),
        alt=(f"Interactive scatter plot with one point per local authority: its IMD 2019 rank across, most deprived on "
             f"the left, and its {p.sex} healthy life expectancy up, coloured by priority group 1, 2 or 3, with a "
             "line at the average. Healthy life expectancy rises from the deprived left to the less deprived right; "
             "group 1 points gather on the left, but some group 3 points sit on the left below the average and some "
             "group 1 points on the right above it."))


def figure_lowest(res: Result):
    """The briefing's Figure 2: HLE by priority group, the lowest share filled (interactive strip plot)."""
    from analysis import figures

    p, Sex, pct, c, t = res.params, res.params.sex.capitalize(), f"{res.params.cutoff:.0%}", res.counts, res.table
    h = hover_frame(res)
    line = (res.threshold + t.loc[~t["lowest"], "hle"].min()) / 2  # between the k-th LA and the next
    per_group = h.groupby("priority_category")["lowest"].agg(["sum", "size"])
    return figures.interactive_strip(
        h, "priority_category", "hle", name="la_name", filled="lowest",
        colours=figures.PRIORITY_COLOURS, hover=["deprivation_rank", "lowest_label", "source_label"],
        labels={"priority_category": "Priority group", "hle": f"{Sex} HLE (years)", "deprivation_rank": "Deprivation rank",
                "lowest_label": f"Lowest {pct}", "source_label": "Value"},
        ticklabels={g: f"priority group {g}{' (greatest need)' if g == 1 else ''}\n{int(r['sum'])} of {int(r['size'])} "
                       f"in the lowest {pct}" for g, r in per_group.iterrows()},
        xlabel="Levelling Up Fund priority group", ylabel=f"{Sex} healthy life expectancy at birth, 2009-13 (years)",
        hlines={line: f"below: the lowest {pct} ({res.k} local authorities)"},
        title=f"{c['lowest_not_g1']} of the {c['n_lowest']} authorities with the lowest {p.sex} HLE are not in "
              "priority group 1",
        subtitle=f"{Sex} HLE 2009-13 by Levelling Up Fund priority group; filled: the lowest {pct} of {c['n']} local "
                 "authorities", source=DATA_SOURCE, figsize=(8, 6),
        alt=(f"Interactive strip plot of {p.sex} healthy life expectancy, one point per local authority, in three "
             f"columns for priority groups 1, 2 and 3, with a dashed line below which the lowest {pct} are drawn filled. "
             "Group 1 sits lowest, group 3 highest, but filled points below the line appear in all three groups."))


def map_frame(res: Result, boundaries, simplify_m: float = 1500) -> object:
    """English LAD 2019 polygons with HLE, priority group and the mismatch flags (a GeoDataFrame).

    With unit ``luf_list`` the four 2019 Buckinghamshire districts show the 2020 unitary's values. The
    outlines are simplified to ``simplify_m`` metres on the British National Grid (about a pixel of the
    page's size) to keep the stored page small.
    """
    from analysis.figures import BNG

    g = boundaries[boundaries["lad19_code"].str.startswith("E")].to_crs(BNG)
    g["geometry"] = g.geometry.simplify(simplify_m, preserve_topology=True)
    g["la_code"] = g["lad19_code"]
    if res.params.unit == "luf_list":
        g["la_code"] = g["la_code"].replace({d: geography.BUCKS_UA_2020[0] for d in geography.BUCKS_DISTRICTS_2019})
    h = hover_frame(res)[["la_code", "hle", "priority_category", "lowest", "group", "deprivation_rank"]]
    g = g.merge(h, on="la_code", how="left")
    low = g["lowest"].astype("boolean").fillna(False).astype(bool)
    pct = f"{res.params.cutoff:.0%}"
    g["where"] = np.select([low & (g["priority_category"] != 1), low],
                           [f"lowest {pct} of HLE, not group 1", f"lowest {pct} of HLE, group 1"], f"not in the lowest {pct}")
    g.loc[g["hle"].isna(), "where"] = None
    return g


def where_colours(res: Result) -> dict:
    """Colours of :func:`map_frame`'s ``where`` categories: the mismatch stands out, in a colour no priority
    group has; the lowest in group 1 take group 1's colour."""
    from analysis import figures

    pct = f"{res.params.cutoff:.0%}"
    return {f"lowest {pct} of HLE, not group 1": figures.OKABE_ITO[2], f"lowest {pct} of HLE, group 1":
            figures.PRIORITY_COLOURS[1], f"not in the lowest {pct}": "#C8C8C8"}


def figure_map(res: Result):
    """Where the LAs with the lowest HLE fall outside priority group 1 (interactive map)."""
    from analysis import figures

    p, Sex, pct, c = res.params, res.params.sex.capitalize(), f"{res.params.cutoff:.0%}", res.counts
    return figures.interactive_choropleth(
        map_frame(res, res.boundaries), "where", name="lad19_name", hover=["hle", "group", "deprivation_rank"],
        categorical=True, colours=where_colours(res), legend_title=f"{Sex} healthy life expectancy 2009-13",
        missing_label="not analysed",
        labels={"where": "Shown as", "hle": f"{Sex} HLE (years)", "group": "Priority group",
                "deprivation_rank": "Deprivation rank"},
        title=f"Where the lowest {p.sex} HLE is outside priority group 1",
        subtitle=f"{c['lowest_not_g1']} of the {c['n_lowest']} in the lowest {pct} are not in group 1",
        source=DATA_SOURCE + " Boundaries: ONS, local authority districts, December 2019.",
        alt=(f"Interactive map of England's lower-tier local authorities in three colours: those in the lowest {pct} "
             f"of {p.sex} healthy life expectancy that are in priority group 1, those in the lowest {pct} that are "
             "not, and the rest. The low-HLE areas outside group 1 are scattered through the North, the Midlands, "
             "London and the coasts. Each area's tooltip gives its healthy life expectancy and priority group."))
