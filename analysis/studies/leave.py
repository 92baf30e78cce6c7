"""Deprivation (IMD 2019) and community need (CNI 2019) against the 2016 Leave vote.

Reproduces analysis 2 of the compendium (OCSI for Local Trust, reproduced by Toby Lloyd, 2022):
the IMD against the CNI for English wards (Figure 1), and the Leave share against IMD (Figure 2,
published Pearson r = 0.18) and against CNI (Figure 3, r = 0.66) for local authorities.

Pure functions take tables and return tables or numbers; :func:`la_data` and :func:`ward_data`
are the only functions here that call the loaders, and they return the reconciliations of every
join they make.
"""

from __future__ import annotations

import math
import warnings
from itertools import product

import numpy as np
import pandas as pd
from scipy import stats

from analysis.data import geography, loaders
from analysis.errors import check_choice
from analysis.data.loaders import require_columns

#: IoD 2019 File 10 summary measures (all oriented so that a higher value means more deprived)
IMD_MEASURES = {
    "avg_score": "imd_avg_score",
    "avg_rank": "imd_avg_rank",
    "prop_10pc": "imd_prop_lsoas_most_deprived_10pc",
    "extent": "imd_extent",
    "local_concentration": "imd_local_concentration",
}
IMD_LABELS = {
    "avg_score": "IMD 2019 average score", "avg_rank": "IMD 2019 average rank",
    "prop_10pc": "share of LSOAs in the most deprived 10%", "extent": "IMD 2019 extent",
    "local_concentration": "IMD 2019 local concentration",
}
#: ways of building an LA-level CNI from ward scores
CNI_AGGREGATIONS = ("mean", "lsoa_weighted_mean", "median", "share_worst_decile")
CNI_LABELS = {
    "mean": "mean ward CNI score", "lsoa_weighted_mean": "LSOA-weighted mean ward CNI score",
    "median": "median ward CNI score", "share_worst_decile": "share of wards in the worst CNI decile (%)",
}
VINTAGES = ("lad19", "lad17")
LEAVE_MEASURES = ("valid_votes", "electorate")
METHODS = ("pearson", "spearman")
LONDON = ("included", "excluded")
#: the published coefficients (Lloyd 2022, Figures 2 and 3, from OCSI for Local Trust)
PUBLISHED_R = {"IMD": 0.18, "CNI": 0.66}








# --------------------------------------------------------------------------------------------
# building blocks


def leave_share(ref: pd.DataFrame, measure: str = "valid_votes") -> pd.Series:
    """Leave share in %: of valid votes (the declared result) or of the electorate."""
    check_choice("leave_measure", measure, LEAVE_MEASURES)
    require_columns(ref, ["leave", measure], "leave_share")
    if (ref[measure] <= 0).any():
        raise ValueError(f"leave_share: column {measure!r} must be positive")
    return 100 * ref["leave"] / ref[measure]


def worst_decile(scores: pd.Series, cutoff: float = 0.1) -> pd.Series:
    """True for the wards whose score is in the top ``cutoff`` share (rank 1 = highest score = most need).

    Ranks are taken over the non-missing scores passed in (the ranking universe), with ties given
    the lowest rank (``method='min'``); a ward is in if its rank <= floor(cutoff x N).
    """
    if not 0 < cutoff < 1:
        raise ValueError(f"cutoff must be between 0 and 1 (a share of wards); got {cutoff!r}")
    s = pd.to_numeric(scores, errors="raise")
    n = int(s.notna().sum())
    ranks = s.rank(ascending=False, method="min")
    return (ranks <= math.floor(cutoff * n)).fillna(False).astype(bool)


def ward_lsoa_counts(lookup: pd.DataFrame) -> pd.Series:
    """Number of 2011 LSOAs best-fitted to each 2017 ward (a rough population weight: ~1,500 people each)."""
    require_columns(lookup, ["lsoa11_code", "ward17_code"], "ward_lsoa_counts")
    return lookup.groupby("ward17_code")["lsoa11_code"].size().rename("n_lsoas")


def aggregate_cni(wards: pd.DataFrame, by: str, how: str, cutoff: float = 0.1) -> pd.Series:
    """LA-level CNI from ward scores.

    ``mean`` / ``median``: of the wards' CNI scores; ``lsoa_weighted_mean``: weighted by the ward's
    LSOA count (column ``n_lsoas``; wards with no LSOA get weight 0); ``share_worst_decile``: % of the
    LA's wards in the national worst ``cutoff`` of CNI scores (ranked over every ward passed in).
    """
    check_choice("cni_aggregation", how, CNI_AGGREGATIONS)
    require_columns(wards, [by, "cni_score"], "aggregate_cni")
    g = wards.groupby(by)
    if how == "mean":
        out = g["cni_score"].mean()
    elif how == "median":
        out = g["cni_score"].median()
    elif how == "lsoa_weighted_mean":
        require_columns(wards, ["n_lsoas"], "aggregate_cni (lsoa_weighted_mean)")
        w = wards["n_lsoas"].fillna(0)
        if (w < 0).any():
            raise ValueError("aggregate_cni: n_lsoas must be non-negative")
        num = (wards["cni_score"] * w).groupby(wards[by]).sum()
        den = w.groupby(wards[by]).sum()
        out = num / den.where(den > 0)
    else:
        flag = worst_decile(wards["cni_score"], cutoff)
        out = 100 * flag.groupby(wards[by]).mean()
    return out.rename(f"cni_{how}")


# --------------------------------------------------------------------------------------------
# the LA table (the only loader calls for the LA analysis)


def la_data(vintage: str = "lad19") -> tuple[pd.DataFrame, dict[str, geography.Reconciliation]]:
    """One row per English referendum area on ``vintage`` with both Leave shares, every IMD measure
    and every CNI aggregation; plus the reconciliation of each join.

    ``lad19``: the 326 counting areas summed to the 317 LADs of 2019 (counts summed, shares
    recomputed), joined to IoD 2019 File 10 directly and to ward CNI through the LAD 2017 -> 2019
    lookup. ``lad17``: the 326 areas as counted; CNI wards join on their (LAD 2017) code; File 10
    exists only on LAD 2019, so the 14 areas merged in 2019 have no IMD of their own (no value is
    invented for them).
    """
    check_choice("la_vintage", vintage, VINTAGES)
    key, name = f"{vintage}_code", f"{vintage}_name"
    ref = geography.referendum_england(vintage)
    base = ref[[key, name, "region", "leave", "valid_votes", "electorate"]].copy()
    base["london"] = base["region"].eq("London")
    for m in LEAVE_MEASURES:
        base[f"leave_{m}"] = leave_share(ref, m)

    wards = loaders.cni()
    wards = wards.merge(ward_lsoa_counts(loaders.lookup_lsoa11_ward17()), left_on="ward17_code",
                        right_index=True, how="left")
    if vintage == "lad19":
        wards = geography.to_lad19(wards)
    cni_la = pd.concat([aggregate_cni(wards, key, h) for h in CNI_AGGREGATIONS], axis=1)
    cni_la["n_wards"] = wards.groupby(key).size()
    cni_la["n_wards_with_lsoa"] = wards.assign(w=wards["n_lsoas"].fillna(0) > 0).groupby(key)["w"].sum()
    cni_la = cni_la.reset_index()

    imd = loaders.imd_lad().rename(columns={"lad19_code": key, "lad19_name": "imd_la_name"})
    imd = imd[[key, "imd_la_name", *IMD_MEASURES.values()]]
    reasons = {**geography.known_reasons(), **geography.lad19_created_reasons()}
    t, rec_cni = geography.reconcile(base, cni_la, key, name=f"referendum areas ({vintage}) -> ward CNI",
                                     left_label="referendum", right_label="CNI (wards aggregated)",
                                     left_name=name, reasons=reasons, how="left")
    t, rec_imd = geography.reconcile(t, imd, key, name=f"referendum areas ({vintage}) -> IoD 2019 File 10",
                                     left_label="referendum", right_label="IoD 2019 File 10",
                                     left_name=name, right_name="imd_la_name", reasons=reasons, how="left")
    t = t.drop(columns="imd_la_name").rename(columns={key: "code", name: "name"})
    t["vintage"] = vintage
    return t.reset_index(drop=True), {"cni": rec_cni, "imd": rec_imd}


def select(la: pd.DataFrame, imd_measure: str = "avg_score", cni_aggregation: str = "mean",
           leave_measure: str = "valid_votes", include_london: bool = True) -> pd.DataFrame:
    """The columns of one specification as ``code, name, region, leave, imd, cni``."""
    check_choice("imd_measure", imd_measure, tuple(IMD_MEASURES))
    check_choice("cni_aggregation", cni_aggregation, CNI_AGGREGATIONS)
    check_choice("leave_measure", leave_measure, LEAVE_MEASURES)
    check_choice("include_london", include_london, (True, False))
    cols = [f"leave_{leave_measure}", IMD_MEASURES[imd_measure], f"cni_{cni_aggregation}"]
    require_columns(la, ["code", "name", "region", "london", *cols], "select")
    out = la[["code", "name", "region", "london", *cols]].set_axis(
        ["code", "name", "region", "london", "leave", "imd", "cni"], axis=1)
    if not include_london:
        out = out[~out["london"]]
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# statistics


def correlate(x: pd.Series, y: pd.Series, method: str = "pearson", confidence: float = 0.95) -> dict:
    """Correlation with a Fisher-z confidence interval, over the complete pairs.

    Pearson: SE of z = 1/sqrt(n-3). Spearman: Bonett & Wright (2000), SE = sqrt((1 + rho^2/2)/(n-3)).
    """
    check_choice("method", method, METHODS)
    if not 0.5 <= confidence < 1:
        raise ValueError(f"confidence must be in [0.5, 1); got {confidence!r}")
    d = pd.concat([pd.Series(x).reset_index(drop=True), pd.Series(y).reset_index(drop=True)], axis=1).dropna()
    n = len(d)
    if n < 5:
        raise ValueError(f"correlate: need at least 5 complete pairs, got {n}")
    a, b = d.iloc[:, 0].to_numpy(float), d.iloc[:, 1].to_numpy(float)
    if method == "pearson":
        r, p = stats.pearsonr(a, b)
        se = 1 / math.sqrt(n - 3)
    else:
        r, p = stats.spearmanr(a, b)
        se = math.sqrt((1 + r ** 2 / 2) / (n - 3))
    zc = stats.norm.ppf(0.5 + confidence / 2)
    z = math.atanh(max(min(r, 0.999999), -0.999999))
    return {"method": method, "r": float(r), "ci_low": math.tanh(z - zc * se), "ci_high": math.tanh(z + zc * se),
            "p": float(p), "n": n}


def fit_line(x: pd.Series, y: pd.Series) -> tuple[float, float]:
    """Least-squares slope and intercept of y on x (complete pairs)."""
    d = pd.concat([pd.Series(x).reset_index(drop=True), pd.Series(y).reset_index(drop=True)], axis=1).dropna()
    if len(d) < 3:
        raise ValueError("fit_line: need at least 3 complete pairs")
    slope, intercept = np.polyfit(d.iloc[:, 0].to_numpy(float), d.iloc[:, 1].to_numpy(float), 1)
    return float(slope), float(intercept)


def outliers(df: pd.DataFrame, x: str, y: str, n: int = 8) -> pd.DataFrame:
    """The ``n`` rows farthest from the least-squares line of ``y`` on ``x`` (largest |residual|)."""
    require_columns(df, [x, y], "outliers")
    if n < 0:
        raise ValueError(f"n_labels must be >= 0; got {n!r}")
    d = df.dropna(subset=[x, y]).copy()
    slope, intercept = fit_line(d[x], d[y])
    d["residual"] = d[y] - (intercept + slope * d[x])
    order = d["residual"].abs().sort_values(ascending=False, kind="stable").index
    return d.loc[order[:n]]


def specification_table(frames: dict[str, pd.DataFrame], confidence: float = 0.95) -> pd.DataFrame:
    """Every reasonable specification of the two LA-level coefficients, all of them reported.

    ``frames`` maps a vintage to its :func:`la_data` table. Dimensions: index (IMD: five File 10
    measures; CNI: four aggregations) x vintage x London included/excluded x Leave share of valid
    votes/electorate x Pearson/Spearman.
    """
    rows = []
    for vintage, la in frames.items():
        check_choice("la_vintage", vintage, VINTAGES)
        specs = [("IMD", m, IMD_MEASURES[m]) for m in IMD_MEASURES] + \
                [("CNI", a, f"cni_{a}") for a in CNI_AGGREGATIONS]
        for (index, measure, col), london, leave, method in product(specs, LONDON, LEAVE_MEASURES, METHODS):
            d = la if london == "included" else la[~la["london"]]
            c = correlate(d[col], d[f"leave_{leave}"], method, confidence)
            rows.append({"index": index, "measure": measure, "vintage": vintage, "london": london,
                         "leave_share_of": leave, "method": method, "r": c["r"], "ci_low": c["ci_low"],
                         "ci_high": c["ci_high"], "n": c["n"], "published": PUBLISHED_R[index]})
    out = pd.DataFrame(rows)
    out["abs_diff"] = (out["r"] - out["published"]).abs()
    out["rounds_to_published"] = out["r"].round(2) == out["published"]
    out["ci_covers_published"] = (out["ci_low"] <= out["published"]) & (out["published"] <= out["ci_high"])
    return out


def nearest(spec: pd.DataFrame, index: str, k: int = 3) -> pd.DataFrame:
    """The ``k`` specifications whose r is nearest the published value for ``index``."""
    check_choice("index", index, tuple(PUBLISHED_R))
    return spec[spec["index"] == index].sort_values(["abs_diff", "measure"], kind="stable").head(k)


def regression(df: pd.DataFrame, y: str = "leave", xs: tuple[str, ...] = ("imd", "cni"),
               cov_type: str = "HC3") -> pd.DataFrame:
    """OLS of ``y`` on each predictor alone and on all together, predictors standardised (z-scores).

    Coefficients are percentage points of ``y`` per standard deviation of the predictor, with
    heteroskedasticity-robust (``cov_type``) standard errors. One row per model and term.
    """
    import statsmodels.api as sm

    check_choice("cov_type", cov_type, ("HC0", "HC1", "HC2", "HC3"))
    require_columns(df, [y, *xs], "regression")
    d = df[[y, *xs]].dropna()
    if len(d) < len(xs) + 3:
        raise ValueError(f"regression: too few complete rows ({len(d)})")
    z = (d[list(xs)] - d[list(xs)].mean()) / d[list(xs)].std(ddof=1)
    models = [(x,) for x in xs] + [tuple(xs)]
    rows = []
    for terms in models:
        X = sm.add_constant(z[list(terms)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=FutureWarning)
            res = sm.OLS(d[y], X).fit(cov_type=cov_type)
        ci = res.conf_int()
        for t in terms:
            rows.append({"model": " + ".join(terms), "term": t, "coef": res.params[t], "se": res.bse[t],
                         "ci_low": ci.loc[t, 0], "ci_high": ci.loc[t, 1], "p": res.pvalues[t],
                         "r2": res.rsquared, "n": int(res.nobs)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# the claims' operationalisation of Figure 1's remark


def remark_verdict(rate_group: float, rate_all: float) -> str:
    """'Few inner-city areas score highly on both': held (``reproduced``) if the share of inner-city
    wards high on both indices is below the share among all wards, else ``differs`` (the ledger's
    ``remark`` rule, :func:`analysis.claims.verdict`)."""
    from analysis.ledger import claims

    for name, v in (("rate_group", rate_group), ("rate_all", rate_all)):
        if not 0 <= v <= 1:
            raise ValueError(f"{name} must be a share between 0 and 1; got {v!r}")
    return claims.verdict("few", int(rate_group < rate_all), "remark")


# --------------------------------------------------------------------------------------------
# figures (house style: call figures.use_style() first)


def plot_la_scatter(ax, d: pd.DataFrame, x: str, xlabel: str, n_labels: int = 8, ylabel: str = "Leave share (%)"):
    """LA scatter of ``leave`` on ``x``: London and elsewhere in two colours, the fitted line and the
    ``n_labels`` largest residuals labelled (nudged apart so they do not overlap)."""
    from analysis.figures import OKABE_ITO

    require_columns(d, [x, "leave", "london", "name"], "plot_la_scatter")
    d = d.dropna(subset=[x, "leave"])
    for is_london, colour, label in ((False, OKABE_ITO[0], "outside London"), (True, OKABE_ITO[4], "London")):
        s = d[d["london"] == is_london]
        if s.empty:
            continue
        ax.scatter(s[x], s["leave"], s=14, color=colour, alpha=0.75, label=f"{label} ({len(s)})", linewidths=0,
                   gid=f"la-{'london' if is_london else 'rest'}")  # the gid lets interactive_la_scatter find the points
    slope, intercept = fit_line(d[x], d["leave"])
    xs = np.linspace(d[x].min(), d[x].max(), 50)
    ax.plot(xs, intercept + slope * xs, color="#000000", linewidth=1.2, label="least-squares line")
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


def plot_specifications(fig, spec: pd.DataFrame):
    """Compact view of the specification table: one panel per index, r with its CI for every
    specification, the published value as a dashed line."""
    from analysis.figures import OKABE_ITO

    require_columns(spec, ["index", "measure", "vintage", "london", "leave_share_of", "method", "r", "ci_low",
                   "ci_high", "published"], "plot_specifications")
    axes = fig.subplots(1, 2, sharex=True)
    colours = {"pearson": OKABE_ITO[4], "spearman": OKABE_ITO[5]}
    markers = {"valid_votes": "o", "electorate": "^"}
    offsets = {(lo, lv): o for (lo, lv), o in zip(product(LONDON, LEAVE_MEASURES), (-0.3, -0.1, 0.1, 0.3))}
    for ax, index in zip(axes, ("IMD", "CNI")):
        s = spec[spec["index"] == index]
        rows = list(dict.fromkeys(zip(s["measure"], s["vintage"])))
        ypos = {k: i for i, k in enumerate(rows)}
        for _, r in s.iterrows():
            y = ypos[(r["measure"], r["vintage"])] + offsets[(r["london"], r["leave_share_of"])] + \
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
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], color=colours["pearson"], marker="o", linestyle="", label="Pearson"),
               Line2D([], [], color=colours["spearman"], marker="o", linestyle="", label="Spearman"),
               Line2D([], [], color="#555555", marker="o", linestyle="", label="Leave / valid votes"),
               Line2D([], [], color="#555555", marker="^", linestyle="", label="Leave / electorate"),
               Line2D([], [], color="#555555", marker="o", markerfacecolor="white", linestyle="",
                      label="London excluded (hollow)")]
    axes[1].legend(handles=handles, loc="lower left", fontsize=7, frameon=True)  # CNI r > 0.3: left is empty
    return axes


def remark_claim(claim_id: str, analysis: str, statement: str, k_group: int, n_group: int, k_all: int, n_all: int,
                 definition: str, *, source: str = "", page: str = "", extra_note: str = "") -> dict:
    """A claims-ledger row (kind ``remark``) for a qualitative remark tested with a number.

    ``reproduced`` is 1 if the rule of :func:`remark_verdict` holds, else 0; the shares are in the note.
    """
    from analysis.ledger import claims

    if n_group <= 0 or n_all <= 0 or not (0 <= k_group <= n_group) or not (0 <= k_all <= n_all):
        raise ValueError("remark_claim: counts must satisfy 0 <= k <= n and n > 0")
    rate_g, rate_a = k_group / n_group, k_all / n_all
    remark_verdict(rate_g, rate_a)  # validates the shares
    note = (f"inner city = {definition}: {k_group} of {n_group} wards in the worst 10% on both IMD and CNI "
            f"({100 * rate_g:.1f}%) against {k_all} of {n_all} of all wards ({100 * rate_a:.1f}%); "
            f"rule: held (1) if the inner-city share is below the all-ward share"
            + (f"; {extra_note}" if extra_note else ""))
    return claims.claim(claim_id, analysis, statement, "few (qualitative remark)", int(rate_g < rate_a), "remark",
                        source=source, note=note, page=page)


def html_table(df: pd.DataFrame, decimals: int = 3) -> str:
    """A table as plain, deterministic HTML (no index; floats to ``decimals``).

    MyST-NB renders ``text/markdown`` outputs as CommonMark, which has no tables, so tables go out as HTML.
    """
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0; got {decimals!r}")
    return df.to_html(index=False, float_format=lambda v: f"{v:.{decimals}f}", border=0, na_rep="")


def interactive_la_scatter(d: pd.DataFrame, x: str, xlabel: str, n_labels: int = 8, ylabel: str = "Leave share (%)",
                           *, alt: str, hover: dict[str, str], title: str, subtitle: str, source: str,
                           figsize=(8, 5.5)):
    """:func:`plot_la_scatter` (same points, line and labelled LAs) as an interactive figure.

    Every LA's point carries a tooltip with its name and the ``hover`` columns (``{column: label}``, in
    order); the book's "Find an area" box finds it by name. Returns a
    :class:`analysis.figures.InteractiveFigure`, which also holds the PNG for print and nbval.
    """
    import matplotlib.pyplot as plt

    from analysis.figures import finish
    from analysis.figures.interactive import InteractiveFigure, _fmt

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
    out = InteractiveFigure(fig, alt=alt, layers=layers)
    out.svg(), out.png()  # render now, then release the figure so the notebook shows only this output
    plt.close(fig)
    return out
