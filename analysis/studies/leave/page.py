"""What the Leave page shows: the facts it glues (each dict keyed for ``glue``), its tables and its
figures (house style: call ``figures.use_style()`` first). Page code only: the numbers come from
:mod:`analysis.studies.leave.compute`."""

from __future__ import annotations

import textwrap
from itertools import product

import pandas as pd

from analysis.data import geography
from analysis.data.loaders import require_columns
from analysis.errors import check_choice
from analysis.figures import Table, static_figure, table
from analysis.studies.leave import (INDEX_LABELS, INNER_CITY_SHORT, LEAVE_SHARES_OF, LEAVE_SHORT, MEASURE_SHORT,
                                    METHOD_LABELS, VINTAGE_COUNTED, VINTAGE_SHORT)
from analysis.studies.leave.compute import (LONDON, METHODS, PUBLISHED_R, correlate, inner_city_table, nearest,
                                            map_frame, outliers, select, specification_words)

SOURCE_LA = ("Electoral Commission, EU referendum 2016; MHCLG, IoD 2019 File 10; "
             "OCSI for Local Trust, Community Needs Index 2019 (ward scores aggregated here)")
SOURCE_WARD = ("OCSI for Local Trust, Community Needs Index 2019; MHCLG IoD 2019, ward aggregation by "
               "British Red Cross")


# --------------------------------------------------------------------------------------------
# the page's facts (each dict keyed for ``glue``)


def data_facts(la17: pd.DataFrame, ward_table: pd.DataFrame, merged: pd.DataFrame) -> dict:
    """Counts the method section quotes: merged areas, CNI wards, CNI wards with no LSOA (weight 0).

    ``la17``: :func:`compute.la_data` on ``lad17`` (every CNI ward sits in one of its areas); ``merged``: the
    2019 LADs made of more than one counting area (:func:`compute.merged_areas`).
    """
    require_columns(la17, ["n_wards", "n_wards_with_lsoa"], "data_facts")
    require_columns(merged, ["n_areas"], "data_facts")
    return {"n_merged_from": int(merged["n_areas"].sum()), "n_merged_into": len(merged),
            "n_cni_wards_all": f"{int(ward_table['cni_score'].notna().sum()):,}",
            "n_wards_no_lsoa": int((la17["n_wards"] - la17["n_wards_with_lsoa"]).sum())}


def ward_facts(wards: pd.DataFrame, inner_city: str = "inner_london", confidence: float = 0.95) -> dict:
    """Figure 1: ward IMD against CNI, and the inner-city remark on the ``inner_city`` definition.

    ``wards``: :func:`analysis.data.geography.ward_indices` after :func:`analysis.data.left_behind.derive_left_behind`.
    """
    require_columns(wards, ["lad17_code", "imd_score", "cni_score", "left_behind"], "ward_facts")
    both = wards.dropna(subset=["imd_score", "cni_score"])
    r = correlate(both["imd_score"], both["cni_score"], "pearson", confidence)
    rho = correlate(both["imd_score"], both["cni_score"], "spearman", confidence)
    table = inner_city_table(wards)
    row = table.loc[inner_city]
    inner = both[geography.inner_city(both["lad17_code"], inner_city)]
    published_inner = wards["left_behind"] & geography.inner_city(wards["lad17_code"], inner_city)
    return {"ward_n": f"{r['n']:,}", "ward_r": r["r"], "ward_r_lo": r["ci_low"], "ward_r_hi": r["ci_high"],
            "ward_rho": rho["r"], "ward_r2_pct": f"{100 * r['r'] ** 2:.0f}%",
            "n_inner": f"{row['wards']:,}", "n_inner_both": int(row["high_on_both"]),
            "pct_inner_both": f"{row['share_pct']:.1f}%", "n_all_both": int(row["all_wards_high_on_both"]),
            "pct_all_both": f"{row['all_wards_pct']:.1f}%", "n_published_lb": int(wards["left_behind"].sum()),
            "n_inner_published_lb": int(published_inner.sum()),
            "remark_text": "The source's remark holds" if row["holds"] else "The source's remark does not hold",
            "med_inner_imd": float(inner["imd_score"].median()), "med_all_imd": float(both["imd_score"].median()),
            "med_inner_cni": float(inner["cni_score"].median()), "med_all_cni": float(both["cni_score"].median()),
            "n_defs": len(table), "n_defs_hold": int(table["holds"].sum())}


def la_facts(la: pd.DataFrame, imd_measure: str, cni_aggregation: str, leave_share_of: str, include_london: bool,
             n_labels: int = 8, confidence: float = 0.95) -> dict:
    """Figures 2 and 3 on one specification: both coefficients (Pearson with CI, Spearman), the
    labelled outliers, and the IMD coefficient with and without London."""
    d = select(la, imd_measure, cni_aggregation, leave_share_of, include_london)
    facts = {}
    for x in ("imd", "cni"):
        r, rho = (correlate(d[x], d["leave"], m, confidence) for m in METHODS)
        out = outliers(d, x, "leave", n_labels)
        facts.update({f"r_{x}": r["r"], f"r_{x}_lo": r["ci_low"], f"r_{x}_hi": r["ci_high"], f"n_{x}": r["n"],
                      f"rho_{x}": rho["r"], f"outliers_{x}": ", ".join(out["name"]) or "none"})
        facts[f"n_london_outliers_{x}"] = int(out["london"].sum())
    facts["n_labels"] = n_labels
    facts["contrast_text"] = (
        f"The CNI correlation is {'stronger' if facts['r_cni'] > facts['r_imd'] else 'not stronger'} than the IMD "
        f"one, and their intervals {'do not overlap' if facts['r_cni_lo'] > facts['r_imd_hi'] else 'overlap'}.")
    for london in (True, False):
        dd = select(la, imd_measure, cni_aggregation, leave_share_of, london)
        facts[f"r_imd_{'with' if london else 'without'}_london"] = correlate(dd["imd"], dd["leave"])["r"]
    return facts


def _nearest_text(row: pd.Series) -> str:
    return f"{specification_words(row)}: r = {row['r']:.3f}"


def specification_facts(spec: pd.DataFrame, d: pd.DataFrame, confidence: float = 0.95) -> dict:
    """What the specification table says about 0.18 and 0.66, and whether this run's IMD interval
    (``d``: :func:`compute.select` of this run) covers 0.18."""
    facts = {"spec_n": len(spec), "pub_imd": f"{PUBLISHED_R['IMD']:.2f}", "pub_cni": f"{PUBLISHED_R['CNI']:.2f}"}
    for index, published in PUBLISHED_R.items():
        s = spec[spec["index"] == index]
        n_round = int(s["rounds_to_published"].sum())
        pv = s[(s["method"] == "pearson") & (s["leave_share_of"] == "valid_votes")]
        facts.update({f"spec_n_{index}": len(s), f"spec_round_{index}": n_round,
                      f"spec_covers_{index}": int(s["ci_covers_published"].sum()),
                      f"spec_min_{index}": float(s["r"].min()), f"spec_max_{index}": float(s["r"].max()),
                      f"spec_pv_min_{index}": float(pv["r"].min()), f"spec_pv_max_{index}": float(pv["r"].max()),
                      f"spec_verdict_{index}": "is not reproduced by any of them" if n_round == 0
                      else f"is reproduced by {n_round} of them",
                      f"nearest_{index}": _nearest_text(nearest(spec, index, 1).iloc[0])})
    imd_pearson = spec[(spec["index"] == "IMD") & (spec["method"] == "pearson")]
    no_london = imd_pearson[(imd_pearson["london"] == "excluded") & (imd_pearson["leave_share_of"] == "valid_votes")]
    electorate = imd_pearson[imd_pearson["leave_share_of"] == "electorate"]
    facts.update({"imd_nolondon_min": float(no_london["r"].min()), "imd_nolondon_max": float(no_london["r"].max()),
                  "imd_elec_min": float(electorate["r"].min()), "imd_elec_max": float(electorate["r"].max())})
    r = correlate(d["imd"], d["leave"], "pearson", confidence)
    covers = r["ci_low"] <= PUBLISHED_R["IMD"] <= r["ci_high"]
    facts["ci_covers_imd_text"] = "includes" if covers else "excludes"
    facts["ci_covers_imd_consequence"] = (
        "the published figure is within the sampling uncertainty of an estimate over this many areas even though "
        "the point estimate differs" if covers else "the published figure is outside the sampling uncertainty of "
        "this estimate")
    return facts


def regression_facts(reg: pd.DataFrame) -> dict:
    """The joint model's coefficients and CIs, R² of each model, and whether each term stays clear of zero."""
    require_columns(reg, ["model", "term", "coef", "ci_low", "ci_high", "r2", "n"], "regression_facts")
    joint = reg[reg["model"] == "imd + cni"].set_index("term")
    r2 = reg.groupby("model")["r2"].first()
    facts = {"reg_n": int(joint["n"].iloc[0]), "reg_r2_both": float(r2["imd + cni"])}
    for t in ("imd", "cni"):
        facts.update({f"reg_{t}": float(joint.loc[t, "coef"]), f"reg_{t}_lo": float(joint.loc[t, "ci_low"]),
                      f"reg_{t}_hi": float(joint.loc[t, "ci_high"]), f"reg_r2_{t}": float(r2[t])})
    clear = {t: joint.loc[t, "ci_low"] > 0 or joint.loc[t, "ci_high"] < 0 for t in ("imd", "cni")}
    facts["reg_verdict"] = (
        ("Community need adds to deprivation: its coefficient stays clear of zero with IMD held fixed" if clear["cni"]
         else "Community need adds nothing clear to deprivation: its interval includes zero")
        + ("; deprivation's own coefficient also stays clear of zero." if clear["imd"]
           else "; deprivation's own coefficient, given community need, has an interval that includes zero."))
    return facts


def found(res, ledger: pd.DataFrame) -> dict[str, str]:
    """The page's opening sentences ("What we found"), from a run (:class:`compute.Result`) and its ledger
    rows, keyed for glue (as Markdown: whole sentences, not figures to stand out)."""
    p = res.params
    verdict = ledger.set_index("claim_id")["verdict"]
    cni, imd_r = (correlate(res.d[x], res.d["leave"], "pearson", p.confidence) for x in ("cni", "imd"))
    spec = res.spec[res.spec["index"] == "IMD"]
    n_round = int(spec["rounds_to_published"].sum())
    near = nearest(res.spec, "IMD", 1).iloc[0]
    agrees = verdict["leave_cni_r"] == "reproduced"
    out = {"found_cni": (
        f"Community need goes with the Leave vote: across England's {cni['n']} {VINTAGE_COUNTED[p.la_vintage]} "
        f"with ward scores, the correlation between an area's community need and its Leave share is {cni['r']:.2f}, "
        + ("as published." if agrees else f"against the published {PUBLISHED_R['CNI']:.2f}."))}
    ways = "none" if n_round == 0 else f"{n_round}"
    out["found_imd"] = (
        f"Deprivation's correlation with Leave, published as {PUBLISHED_R['IMD']:.2f}, is {imd_r['r']:.2f} on the "
        f"same basis, and {ways} of the {len(spec)} reasonable ways of measuring it give{'s' if n_round <= 1 else ''} "
        f"{PUBLISHED_R['IMD']:.2f} (the nearest gives {near['r']:.2f}): "
        + ("the published figure is not reproduced, though deprivation's link with Leave is weak either way."
           if verdict["leave_imd_r"] != "reproduced" else "the published figure is reproduced."))
    joint = res.regression[res.regression["model"] == "imd + cni"].set_index("term")
    clear = {t: joint.loc[t, "ci_low"] > 0 or joint.loc[t, "ci_high"] < 0 for t in ("imd", "cni")}
    together = ("Taken together in a regression, community need keeps its link with Leave and deprivation's "
                "disappears" if clear["cni"] and not clear["imd"] else
                "Taken together in a regression, both keep a link with Leave" if clear["cni"] else
                "Taken together in a regression, community need adds nothing clear to deprivation")
    row = res.inner_city.loc[p.inner_city]
    counts = (f"{row['high_on_both']} of the {row['wards']:,} wards of {INNER_CITY_SHORT[p.inner_city]}, against "
              f"{row['all_wards_pct']:.1f}% of all wards")
    out["found_other"] = (
        f"{together}; and, as the source remarks, few inner-city wards are among the worst 10% on both indices "
        f"({counts})." if row["holds"] else
        f"{together}; but, against the source's remark, inner-city wards are not fewer than others among the worst "
        f"10% on both indices ({counts}).")
    return out


# --------------------------------------------------------------------------------------------
# figures (house style: call figures.use_style() first)


#: what the static figures show, for a screen reader (the cells' alt text says the same)
ALT_WARDS = ("Scatter of English wards, ward IMD score across and CNI score up, other wards in grey, inner-city "
             "wards in blue, published left-behind wards in vermilion, with dotted lines at the worst-10% thresholds "
             "of each index.")
ALT_SPECIFICATIONS = ("Two panels of horizontal interval plots, one row per measure and kind of local authority, each "
                      "specification a dot with its confidence bar, coloured by Pearson or Spearman, triangles for "
                      "the Leave share of the electorate, hollow markers for London excluded; a dashed line marks "
                      "the published coefficient in each panel.")

def plot_wards(wards: pd.DataFrame, inner_city: str = "inner_london", confidence: float = 0.95):
    """Figure 1: ward IMD against CNI, inner-city and published left-behind wards highlighted, with the
    worst-10% thresholds of each index (``wards`` after ``derive_left_behind``); a static figure."""
    import matplotlib.pyplot as plt

    from analysis.figures import NOT_SHOWN, OKABE_ITO, finish

    require_columns(wards, ["lad17_code", "imd_score", "cni_score", "left_behind", "imd_worst", "cni_worst"],
                    "plot_wards")
    both = wards.dropna(subset=["imd_score", "cni_score"])
    ic = geography.inner_city(both["lad17_code"], inner_city)
    lb = both["left_behind"]
    fig, ax = plt.subplots(figsize=(6.6, 5))
    for mask, size, colour, alpha, label in (  # opaque: the image of 7,000 points stays small
            (~lb & ~ic, 2.5, NOT_SHOWN, 1.0, f"other wards ({int((~lb & ~ic).sum()):,})"),
            (ic & ~lb, 7, OKABE_ITO[4], 1.0, f"inner-city wards ({int(ic.sum()):,})"),
            (lb, 10, OKABE_ITO[5], 1.0, f"left-behind wards, published flag ({int(lb.sum())})")):
        ax.scatter(both.loc[mask, "imd_score"], both.loc[mask, "cni_score"], s=size, color=colour, alpha=alpha,
                   linewidths=0, label=label)
    imd_cut = both.loc[both["imd_worst"], "imd_score"].min()
    cni_cut = wards.loc[wards["cni_worst"], "cni_score"].min()
    ax.axvline(imd_cut, color="#000000", linestyle=":", linewidth=1)
    ax.axhline(cni_cut, color="#000000", linestyle=":", linewidth=1)
    ax.text(imd_cut, ax.get_ylim()[1], " worst 10% on IMD", fontsize=8, va="top")
    ax.text(ax.get_xlim()[1], cni_cut, "worst 10% on CNI ", fontsize=8, ha="right", va="bottom")
    r = correlate(both["imd_score"], both["cni_score"], "pearson", confidence)
    rho = correlate(both["imd_score"], both["cni_score"], "spearman", confidence)
    ax.set_xlabel("Ward IMD 2019 score (higher = more deprived)")
    ax.set_ylabel("CNI 2019 score (higher = more need)")
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.01), fontsize=8, markerscale=2)  # above the axes
    finish(fig, title=f"Deprivation and community need are only moderately related (r = {r['r']:.2f})",
           subtitle=f"Pearson r = {r['r']:.2f} ({100 * confidence:.0f}% CI {r['ci_low']:.2f} to {r['ci_high']:.2f}), "
                    f"Spearman rho = {rho['r']:.2f}, n = {r['n']:,} wards; inner city: {INNER_CITY_SHORT[inner_city]}",
           source=SOURCE_WARD)
    return static_figure(fig, alt=ALT_WARDS)


def plot_la_scatter(ax, d: pd.DataFrame, x: str, xlabel: str, n_labels: int = 8, ylabel: str = "Leave share (%)"):
    """LA scatter of ``leave`` on ``x``: London and elsewhere in two colours, the fitted line and the
    ``n_labels`` largest residuals labelled (nudged apart so they do not overlap)."""
    from analysis.figures import OKABE_ITO, fitted_line

    require_columns(d, [x, "leave", "london", "name"], "plot_la_scatter")
    d = d.dropna(subset=[x, "leave"])
    for is_london, colour, label in ((False, OKABE_ITO[0], "outside London"), (True, OKABE_ITO[4], "London")):
        s = d[d["london"] == is_london]
        if s.empty:
            continue
        ax.scatter(s[x], s["leave"], s=14, color=colour, alpha=0.75, label=f"{label} ({len(s)})", linewidths=0,
                   gid=f"la-{'london' if is_london else 'rest'}")  # the gid lets la_scatter find the points
    fitted_line(ax, d, x, "leave", label="least-squares line (95% CI)")
    placed: list[tuple[float, float]] = []
    for _, r in outliers(d, x, "leave", n_labels).sort_values(x).iterrows():
        px, py = ax.transData.transform((r[x], r["leave"]))
        dy = 3
        while any(abs(px - qx) < 90 and abs(py + dy - qy) < 12 for qx, qy in placed):
            dy += 12  # nudge a label up until it clears the labels already placed (pixels)
        placed.append((px, py + dy))
        ax.annotate(r["name"], (r[x], r["leave"]), xytext=(4, dy), textcoords="offset points", fontsize=9,
                    color="#222222", arrowprops={"arrowstyle": "-", "color": "#999999", "linewidth": 0.5}
                    if dy > 3 else None)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", fontsize=9)
    return ax


def interactive_la_scatter(d: pd.DataFrame, x: str, xlabel: str, n_labels: int = 8, ylabel: str = "Leave share (%)",
                           *, alt: str, hover: dict[str, str], title: str, subtitle: str, source: str,
                           figsize=(7, 4.8)):
    """:func:`plot_la_scatter` (same points, line and labelled LAs) as an interactive figure.

    Every LA's point carries a tooltip with its name and the ``hover`` columns (``{column: label}``, in
    order); the book's "Find an area" box finds it by name. Returns a
    :class:`analysis.figures.InteractiveFigure`, which also holds the PNG for print and nbval. Text
    goes into the SVG as text, not glyph outlines, which keeps the stored page small.
    """
    import matplotlib.pyplot as plt

    from analysis.figures import finish
    from analysis.figures.interactive import SVG_RC, InteractiveFigure, _fmt

    require_columns(d, [x, "leave", "london", "name", *hover], "interactive_la_scatter")
    fig, ax = plt.subplots(figsize=figsize)
    plot_la_scatter(ax, d, x, xlabel, n_labels, ylabel=ylabel)
    d = d.dropna(subset=[x, "leave"])
    layers = []
    for is_london in (False, True):
        s = d[d["london"] == is_london]
        if s.empty:
            continue
        tips = ["\n".join([str(r["name"])] + [f"{label}: {_fmt(r[c])}" for c, label in hover.items()])
                for _, r in s.iterrows()]
        layers.append((f"la-{'london' if is_london else 'rest'}", s["name"].astype(str).tolist(), tips))
    finish(fig, title=title, subtitle=subtitle, source=source)
    with plt.rc_context(SVG_RC):
        return InteractiveFigure(fig, alt=alt, layers=layers).render()


#: what each LA scatter says (title) and shows (alt text), by index
_SCATTER = {
    "imd": ("Deprivation is only weakly related to the Leave vote",
            "Scatter plot with one point per English local authority: its IMD measure across and its Leave share "
            "up, London boroughs in blue and other authorities in orange, with a least-squares line and the "
            "authorities farthest from it labelled by name. The points form a wide cloud with a shallow upward "
            "slope; London boroughs sit well below the line, with high deprivation and low Leave shares."),
    "cni": ("Community need is strongly related to the Leave vote",
            "Scatter plot with one point per English local authority with CNI wards: its community need (CNI "
            "aggregated from wards) across and its Leave share up, London boroughs in blue and other authorities "
            "in orange, with a least-squares line and the authorities farthest from it labelled by name. The "
            "points follow a clear upward slope: authorities with more community need voted Leave in larger "
            "shares."),
}


def la_scatter(d: pd.DataFrame, x: str, txt: dict[str, str], la_vintage: str, n_labels: int = 8,
               confidence: float = 0.95):
    """Figure 2 (``x='imd'``) or 3 (``x='cni'``): :func:`interactive_la_scatter` of one specification
    (``d`` from :func:`compute.select`, ``txt`` from :func:`compute.texts`), its coefficients in the subtitle."""
    check_choice("x", x, tuple(_SCATTER))
    r, rho = (correlate(d[x], d["leave"], m, confidence) for m in METHODS)
    title, alt = _SCATTER[x]
    xlabel = f"{txt['imd_text']} (File 10; higher = more deprived)" if x == "imd" else \
        f"{txt['cni_text']} (higher = more need)"
    return interactive_la_scatter(
        d, x, xlabel, n_labels, ylabel=txt["leave_text"],
        hover={"region": "Region", "leave": txt["leave_text"], "imd": txt["imd_text"], "cni": txt["cni_text"]},
        title=f"{title} (r = {r['r']:.2f})", source=SOURCE_LA, alt=alt,
        subtitle=(f"Pearson r = {r['r']:.2f} ({100 * confidence:.0f}% CI {r['ci_low']:.2f} to {r['ci_high']:.2f}), "
                  f"Spearman rho = {rho['r']:.2f}, n = {r['n']} {VINTAGE_COUNTED[la_vintage]}; labelled: the "
                  f"{n_labels} farthest from the line"))


def la_map(res):
    """Where Leave was high and low: each English 2019 LA shaded by this run's Leave share (a static map: its
    317 areas are too many to point at on a phone; Figures 2 and 3 give each area's values on tap)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import TwoSlopeNorm

    from analysis.figures import choropleth, finish

    g, txt = map_frame(res.boundaries, res.frames["lad19"], res.params), res.texts
    lo, hi = g.loc[g["leave"].idxmin()], g.loc[g["leave"].idxmax()]
    ends = f"{lo['leave']:.0f}% in {lo['lad19_name']} to {hi['leave']:.0f}% in {hi['lad19_name']}"
    fig, ax = plt.subplots(figsize=(7, 7.4))
    half = 50 if res.params.leave_share_of == "valid_votes" else None  # Leave against Remain: even at 50%
    norm = TwoSlopeNorm(half, g["leave"].min(), g["leave"].max()) if half else None
    remain = int((g["leave"] < 50).sum())
    london = int(((g["leave"] < 50) & g["london"].astype("boolean").fillna(False)).sum())
    choropleth(ax, g, "leave", legend_title=txt["leave_text"], cmap="PuOr_r", simplify=1500, norm=norm)
    finish(fig, title=f"The Leave vote ran from {ends}",
           subtitle="England's local authorities, 2019 boundaries" + ("; white: an even split" if half else ""),
           source=SOURCE_LA + ". Boundaries: ONS, local authority districts, December 2019.")
    return static_figure(fig, alt=(
        f"Map of England's local authorities shaded by the Leave share, from purple (low) to orange (high); it ran "
        f"from {ends}. {remain} areas voted Remain (purple), {london} of them London boroughs."
        if half else f"Map of England's local authorities shaded by Leave votes as a share of the electorate, from "
        f"purple (low) to orange (high); it ran from {ends}."))


#: the measures as the specification figure's rows name them (where shorter than in the tables)
FIGURE_SHORT = {"share_most_deprived_10pc": "most deprived 10%", "lsoa_weighted_mean": "weighted mean of wards",
                "mean": "mean of wards", "median": "median of wards", "share_worst_decile": "wards in the worst 10%"}
YEAR = {"lad19": "2019", "lad17": "2016"}


def plot_specifications(spec: pd.DataFrame):
    """Specification curve: one panel per index, r with its CI for every specification, the published
    value as a dashed line; a static figure (its phone copy with its key in one column, which two columns
    of would run past a phone's width and squeeze the panels)."""
    return static_figure(_specifications(spec), phone=_specifications(spec, key_columns=1), alt=ALT_SPECIFICATIONS)


def _specifications(spec: pd.DataFrame, key_columns: int = 2):
    """:func:`plot_specifications`'s drawing, its key in ``key_columns`` columns."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from analysis.figures import OKABE_ITO, finish

    require_columns(spec, ["index", "variant", "la_vintage", "london", "leave_share_of", "method", "r", "ci_low",
                           "ci_high", "published", "rounds_to_published"], "plot_specifications")
    fig = plt.figure(figsize=(7.4, 6.2))
    axes = fig.subplots(1, 2, sharex=True)
    colours = {"pearson": OKABE_ITO[4], "spearman": OKABE_ITO[5]}
    markers = {"valid_votes": "o", "electorate": "^"}
    offsets = dict(zip(product(LONDON, LEAVE_SHARES_OF), (-0.3, -0.1, 0.1, 0.3)))
    for ax, index in zip(axes, ("IMD", "CNI")):
        s = spec[spec["index"] == index]
        rows = list(dict.fromkeys(zip(s["variant"], s["la_vintage"])))
        ypos = {k: i for i, k in enumerate(rows)}
        for _, r in s.iterrows():
            y = ypos[(r["variant"], r["la_vintage"])] + offsets[(r["london"], r["leave_share_of"])] + \
                (0.05 if r["method"] == "spearman" else -0.05)
            c = colours[r["method"]]
            ax.plot([r["ci_low"], r["ci_high"]], [y, y], color=c, linewidth=0.8, alpha=0.6)
            ax.scatter([r["r"]], [y], color=c if r["london"] == "included" else "white", edgecolors=c,
                       marker=markers[r["leave_share_of"]], s=18, zorder=3)
        ax.axvline(s["published"].iloc[0], color="#000000", linestyle="--", linewidth=1)
        ax.axvline(0, color="#999999", linewidth=0.6)
        ax.set_yticks(range(len(rows)), [f"{FIGURE_SHORT.get(m, MEASURE_SHORT[m])} ({YEAR[v]})" for m, v in rows],
                      fontsize=8.5)
        ax.invert_yaxis()
        name = f"{INDEX_LABELS[index][:1].upper()}{INDEX_LABELS[index][1:]} against Leave"
        ax.set_title(f"{name if key_columns > 1 else textwrap.fill(name, 24)}\n(published "
                     f"r = {s['published'].iloc[0]:.2f}, dashed)", fontsize=10)
        ax.set_xlabel("correlation coefficient (r or rho), with 95% CI")
    handles = [Line2D([], [], color=colours["pearson"], marker="o", linestyle="", label="Pearson"),
               Line2D([], [], color=colours["spearman"], marker="o", linestyle="", label="Spearman"),
               Line2D([], [], color="#555555", marker="o", linestyle="", label="Leave / valid votes"),
               Line2D([], [], color="#555555", marker="^", linestyle="", label="Leave / electorate"),
               Line2D([], [], color="#555555", marker="o", markerfacecolor="white", linestyle="",
                      label="London excluded (hollow)")]
    axes[1].legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.16 if key_columns > 1 else -0.3),
                   ncol=key_columns, fontsize=8.5,
                   frameon=False)  # under the panel: no row of the curve is covered
    counts = {i: (int(spec.loc[spec["index"] == i, "rounds_to_published"].sum()), int((spec["index"] == i).sum()))
              for i in PUBLISHED_R}
    finish(fig, title=f"{counts['IMD'][0]} of {counts['IMD'][1]} specifications give the published IMD r of "
                      f"{PUBLISHED_R['IMD']:.2f}; {counts['CNI'][0]} of {counts['CNI'][1]} give the CNI r of "
                      f"{PUBLISHED_R['CNI']:.2f}",
           subtitle="One point per specification; rows: the measure, on the local authorities of 2019 or the "
                    "counting areas of 2016",
           source=SOURCE_LA)
    return fig


# --------------------------------------------------------------------------------------------
# tables for readers


def _yes(v) -> str:
    return "yes" if bool(v) else "no"


def inner_city_view(inner: pd.DataFrame) -> Table:
    """Figure 1's remark under every definition of inner city (:func:`compute.inner_city_table`)."""
    t = inner.reset_index()
    return table(t, {"inner_city": "Inner city taken as", "wards": "Wards", "high_on_both": "Worst on both",
                     "share_pct": "Share (%)", "all_wards_pct": "All wards (%)", "holds": "Holds"},
                 formats={"inner_city": INNER_CITY_SHORT.get, "share_pct": 1, "all_wards_pct": 1, "holds": _yes},
                 caption=f"Table 1. Inner-city wards in the worst 10% on both the IMD and the CNI, under each "
                         f"definition of inner city, and their share against that of all "
                         f"{int(t['all_wards_n'].iloc[0]):,} wards; the remark holds if it is lower.")


def _spec_columns(extra: dict[str, str]) -> dict[str, str]:
    return {"index": "Index", "variant": "Measure", "la_vintage": "Local authorities", "london": "London",
            "leave_share_of": "Leave as a share of", "method": "Method", **extra}


_SPEC_FORMATS = {"variant": MEASURE_SHORT.get, "la_vintage": VINTAGE_SHORT.get, "leave_share_of": LEAVE_SHORT.get,
                 "method": METHOD_LABELS.get, "r": 3, "ci_low": 3, "ci_high": 3, "published": 2}


def nearest_view(near: pd.DataFrame) -> Table:
    """The specifications nearest each published coefficient (:func:`compute.nearest_table`)."""
    near = near.assign(specification=[specification_words(r) for _, r in near.iterrows()])
    return table(near, {"specification": "Specification", "r": "r", "ci_low": "From", "ci_high": "To",
                        "published": "Published"},
                 formats=_SPEC_FORMATS,
                 caption="Table 2. The three specifications nearest each published coefficient, with the 95% "
                         "confidence interval of each (from, to).")


#: the columns of the specification table: London in or out, and what the Leave share is a share of
SPEC_COLUMNS = {("included", "valid_votes"): "London in, valid votes",
                ("included", "electorate"): "London in, electorate",
                ("excluded", "valid_votes"): "London out, valid votes",
                ("excluded", "electorate"): "London out, electorate"}


def specifications_view(spec: pd.DataFrame) -> Table:
    """Every specification of the two coefficients (:func:`compute.specification_table`), one row per
    index, measure, kind of local authority and method, one column per choice of London and Leave share."""
    require_columns(spec, ["index", "variant", "la_vintage", "method", "london", "leave_share_of", "r"],
                    "specifications_view")
    keys = ["index", "variant", "la_vintage", "method"]
    wide = spec.assign(column=[SPEC_COLUMNS[k] for k in zip(spec["london"], spec["leave_share_of"])]).pivot(
        index=keys, columns="column", values="r")
    order = spec[keys].drop_duplicates()
    wide = order.merge(wide.reset_index(), on=keys, how="left")
    return table(wide, {"index": "Index", "variant": "Measure", "la_vintage": "Local authorities", "method": "Method",
                        **{c: c for c in SPEC_COLUMNS.values()}},
                 formats={**_SPEC_FORMATS, **dict.fromkeys(SPEC_COLUMNS.values(), 3)},
                 caption="Table 4. The correlation of the Leave share with each measure, for every specification: "
                         "London in or out, Leave as a share of the valid votes or of the electorate.")


REGRESSION_MODELS = {"imd": "deprivation alone", "cni": "community need alone", "imd + cni": "both together"}
REGRESSION_TERMS = {"imd": "deprivation (IMD)", "cni": "community need (CNI)"}


def regression_view(reg: pd.DataFrame) -> Table:
    """The regression (:func:`compute.regression`) for readers."""
    return table(reg, {"model": "Model", "term": "Measure", "coef": "Points", "ci_low": "From", "ci_high": "To",
                       "r2": "R²", "n": "Areas"},
                 formats={"model": REGRESSION_MODELS.get, "term": REGRESSION_TERMS.get, "coef": 2, "ci_low": 2,
                          "ci_high": 2, "r2": 3},
                 caption="Table 3. The Leave share on the two measures, alone and together: points of Leave (%) "
                         "per standard deviation of the measure, with the 95% interval (from, to), the share of the "
                         "variation accounted for (R²) and the number of local authorities (least squares, robust "
                         "standard errors).")


def merged_view(merged: pd.DataFrame) -> Table:
    """The 2016 counting areas merged into 2019 LADs, as the page lists them."""
    return table(merged, {"lad19_name": "2019 local authority", "lad19_code": "Code",
                          "lad17_names": "Made of (2016 counting areas)", "leave": "Leave votes",
                          "valid_votes": "Valid votes", "pct_leave": "Leave (%)"},
                 formats={"lad17_names": lambda v: str(v).replace(";", ","), "pct_leave": 1},
                 caption="The 2016 counting areas merged into the local authorities of 2019: their referendum "
                         "counts are summed.")


def join_view(rec):
    """What a join left over, and why (a :class:`analysis.data.geography.Reconciliation`): a table, or a
    sentence when nothing was left over."""
    if rec.table().empty:
        from IPython.display import Markdown

        return Markdown(f"{rec.summary()}: nothing left over.")
    return table(rec.table(), {"side": "Left over", "key": "Code", "name": "Name", "reason": "Why"},
                 caption=f"{rec.summary()}.")
