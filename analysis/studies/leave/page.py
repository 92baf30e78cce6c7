"""What the Leave page shows: the facts it glues (each dict keyed for ``glue``), its tables and its
figures (house style: call ``figures.use_style()`` first). Page code only: the numbers come from
:mod:`analysis.studies.leave.compute`."""

from __future__ import annotations

import io
from itertools import product

import pandas as pd

from analysis.data import geography
from analysis.data.loaders import require_columns
from analysis.errors import check_choice
from analysis.studies.leave import LEAVE_SHARES_OF
from analysis.studies.leave.compute import (LONDON, METHODS, PUBLISHED_R, correlate, inner_city_table, nearest,
                                            outliers, select)

SOURCE_LA = ("Electoral Commission, EU referendum 2016; MHCLG, IoD 2019 File 10; "
             "OCSI for Local Trust, Community Needs Index 2019 (ward scores aggregated here)")
SOURCE_WARD = ("OCSI for Local Trust, Community Needs Index 2019; MHCLG IoD 2019, ward aggregation by "
               "British Red Cross")
BOUNDARIES = "ONS LAD December 2019 boundaries"


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
    return (f"{row['variant']}, {row['la_vintage']}, London {row['london']}, Leave / "
            f"{row['leave_share_of'].replace('_', ' ')}, {row['method']}: r = {row['r']:.3f}")


def specification_facts(spec: pd.DataFrame, d: pd.DataFrame, confidence: float = 0.95) -> dict:
    """What the specification table says about 0.18 and 0.66, and whether this run's IMD interval
    (``d``: :func:`compute.select` of this run) covers 0.18."""
    facts = {"spec_n": len(spec)}
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


# --------------------------------------------------------------------------------------------
# figures (house style: call figures.use_style() first)


def _page_png(fig):
    """A finished static figure as a palette PNG (256 colours, no dithering) for the page, closing it.

    The page holds three large static figures; as palette PNGs they take about a third of the bytes
    of matplotlib's RGBA PNGs, which keeps the stored notebook under 1 MB.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image
    from PIL import Image as PILImage

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    buf.seek(0)
    img = PILImage.open(buf).convert("RGB").quantize(256, method=PILImage.Quantize.MEDIANCUT,
                                                     dither=PILImage.Dither.NONE)
    out = io.BytesIO()
    img.save(out, format="png", optimize=True)
    return Image(data=out.getvalue(), format="png")


def plot_wards(wards: pd.DataFrame, inner_city: str = "inner_london", confidence: float = 0.95):
    """Figure 1: ward IMD against CNI, inner-city and published left-behind wards highlighted, with the
    worst-10% thresholds of each index (``wards`` after ``derive_left_behind``); a PNG image."""
    import matplotlib.pyplot as plt

    from analysis.figures import GREY, OKABE_ITO, finish

    require_columns(wards, ["lad17_code", "imd_score", "cni_score", "left_behind", "imd_worst", "cni_worst"],
                    "plot_wards")
    both = wards.dropna(subset=["imd_score", "cni_score"])
    ic = geography.inner_city(both["lad17_code"], inner_city)
    lb = both["left_behind"]
    fig, ax = plt.subplots(figsize=(7, 5.2))
    for mask, size, colour, alpha, label in (
            (~lb & ~ic, 4, GREY, 0.35, f"other wards ({int((~lb & ~ic).sum()):,})"),
            (ic & ~lb, 7, OKABE_ITO[4], 0.8, f"inner-city wards ({int(ic.sum()):,})"),
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
    ax.text(0.98, 0.03, f"Pearson r = {r['r']:.2f} ({100 * confidence:.0f}% CI {r['ci_low']:.2f} to "
            f"{r['ci_high']:.2f}); Spearman rho = {rho['r']:.2f}; n = {r['n']:,} wards",
            transform=ax.transAxes, ha="right", fontsize=8, bbox={"facecolor": "white", "edgecolor": "#cccccc"})
    ax.set_xlabel("IMD 2019 score, ward (population-weighted mean of LSOA scores; higher = more deprived)")
    ax.set_ylabel("Community Needs Index 2019 score (higher = more need)")
    ax.legend(loc="upper left", fontsize=8, markerscale=2)
    row = inner_city_table(wards).loc[inner_city]
    finish(fig, title=f"Ward deprivation and community need are only moderately related (r = {r['r']:.2f})",
           subtitle=f"{row['high_on_both']} of {row['wards']} inner-city wards ({inner_city}) are in the worst "
                    f"10% on both indices, against {row['all_wards_high_on_both']} of {row['all_wards_n']:,} wards",
           source=SOURCE_WARD)
    return _page_png(fig)


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
        while any(abs(px - qx) < 70 and abs(py + dy - qy) < 10 for qx, qy in placed):
            dy += 10  # nudge a label up until it clears the labels already placed (pixels)
        placed.append((px, py + dy))
        ax.annotate(r["name"], (r[x], r["leave"]), xytext=(4, dy), textcoords="offset points", fontsize=7,
                    color="#222222", arrowprops={"arrowstyle": "-", "color": "#999999", "linewidth": 0.5}
                    if dy > 3 else None)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", fontsize=8)
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
                  f"Spearman rho = {rho['r']:.2f}, n = {r['n']} LAs ({la_vintage}); labelled: the {n_labels} "
                  "farthest from the line"))


def plot_specifications(spec: pd.DataFrame):
    """Specification curve: one panel per index, r with its CI for every specification, the published
    value as a dashed line; a PNG image."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from analysis.figures import OKABE_ITO, finish

    require_columns(spec, ["index", "variant", "la_vintage", "london", "leave_share_of", "method", "r", "ci_low",
                           "ci_high", "published", "rounds_to_published"], "plot_specifications")
    fig = plt.figure(figsize=(9, 6))
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
        ax.set_yticks(range(len(rows)), [f"{m} ({v})" for m, v in rows], fontsize=8)
        ax.invert_yaxis()
        ax.set_title(f"{index} against Leave (published r = {s['published'].iloc[0]:.2f}, dashed)", fontsize=10)
        ax.set_xlabel("correlation coefficient (r or rho), with 95% CI")
    handles = [Line2D([], [], color=colours["pearson"], marker="o", linestyle="", label="Pearson"),
               Line2D([], [], color=colours["spearman"], marker="o", linestyle="", label="Spearman"),
               Line2D([], [], color="#555555", marker="o", linestyle="", label="Leave / valid votes"),
               Line2D([], [], color="#555555", marker="^", linestyle="", label="Leave / electorate"),
               Line2D([], [], color="#555555", marker="o", markerfacecolor="white", linestyle="",
                      label="London excluded (hollow)")]
    axes[1].legend(handles=handles, loc="lower left", fontsize=7, frameon=True)  # CNI r > 0.3: left is empty
    counts = {i: (int(spec.loc[spec["index"] == i, "rounds_to_published"].sum()), int((spec["index"] == i).sum()))
              for i in PUBLISHED_R}
    finish(fig, title=f"{counts['IMD'][0]} of {counts['IMD'][1]} specifications give the published IMD r of "
                      f"0.18; {counts['CNI'][0]} of {counts['CNI'][1]} give the CNI r of 0.66",
           subtitle="Each point is one specification (measure x LA vintage x London x Leave denominator x method)",
           source=SOURCE_LA)
    return _page_png(fig)

def plot_maps(gdf, txt: dict[str, str]):
    """The Leave share, IMD and CNI by LA side by side (``gdf`` from :func:`compute.map_frame`); a PNG image."""
    import matplotlib.pyplot as plt

    from analysis.figures import choropleth, finish

    fig, axes = plt.subplots(1, 3, figsize=(12, 5))
    for ax, col, cmap in zip(axes, ("leave", "imd", "cni"), ("PuOr_r", "viridis", "viridis")):
        choropleth(ax, gdf, col, legend_title=txt[f"{col}_text"], cmap=cmap)
        ax.set_title(txt[f"{col}_text"], fontsize=10)
    finish(fig, title="Leave, deprivation and community need by local authority, England (2019 LADs)",
           source=f"{SOURCE_LA}; {BOUNDARIES}")
    return _page_png(fig)


# --------------------------------------------------------------------------------------------
# tables


def merged_view(merged: pd.DataFrame) -> pd.DataFrame:
    """The 2016 counting areas merged into 2019 LADs, as the page lists them."""
    return merged[["lad19_code", "lad19_name", "merged_from", "lad17_names", "leave", "valid_votes", "pct_leave"]].round(2)


def ledger_view(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger rows as the page shows them."""
    return ledger[["claim_id", "statement", "published", "reproduced", "verdict", "note"]]
