"""What the HLE page shows: the values its prose quotes, its tables (the joins, the sensitivity to each
choice, the group-2 count by measure and unit) and its interactive figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import geography, imd
from analysis.data.geography import Reconciliation
from analysis.params import Params
from analysis.studies.hle import compute
from analysis.studies.hle.compute import AVERAGE_LABEL, QUADRANTS, UNIT_LABEL, UNITS, Result, value_changes

DATA_SOURCE = ("ONS HLE 2009-13 (MSOA and upper-tier LA reference table); MHCLG IoD 2019 File 10; "
               "HMT/MHCLG/DfT Levelling Up Fund priority list (March 2021). Shire districts estimated from MSOAs.")


# --------------------------------------------------------------------------------------------
# what changes with the choices


def variations(params: Params) -> list[dict]:
    """One parameter changed at a time, from ``params``: the choices the page's sensitivity table shows."""
    p = params
    out = [{"sex": "female" if p.sex == "male" else "male"}, {"unit": "lad19" if p.unit == "luf_list" else "luf_list"},
           {"cutoff": 0.2}, {"cutoff": 0.4},
           {"estimator": "precision_weighted" if p.estimator != "precision_weighted" else "mean"},
           {"average": "median" if p.average != "median" else "england"},
           {"imd_measure": "average_rank" if p.imd_measure != "average_rank" else "average_score"},
           {"imd_measure": "extent" if p.imd_measure != "extent" else "average_score"}]
    if p.unit == "lad19":
        out.append({"merged": "exclude" if p.merged == "combine" else "combine"})
    return out


def sensitivity(inputs: compute.Inputs, params: Params, changes: list[dict]) -> pd.DataFrame:
    """The Figure 2 and Figure 1 counts under ``params`` and each change of them."""
    rows = []
    for var in [{}] + list(changes):
        r = compute.run(inputs, params.replace(**var))
        q = r.quadrants
        rows.append({"change": ", ".join(f"{k}={v}" for k, v in var.items()) or "(this run)",
                     "LAs": r.counts["n"], "lowest share (LAs)": r.counts["n_lowest"],
                     "of which group 1": r.counts["lowest_g1"], "not group 1": r.counts["lowest_not_g1"],
                     "group 3, more deprived, below avg": int(q.loc[3, QUADRANTS[0]]),
                     "group 1, less deprived, above avg": int(q.loc[1, QUADRANTS[3]]),
                     "group 2, most deprived fifth, below avg": len(r.group2)})
    return pd.DataFrame(rows)


def group2_table(inputs: compute.Inputs, params: Params) -> pd.DataFrame:
    """Priority-group-2 LAs in the most deprived fifth with below-average HLE, for each measure (rows) x unit."""
    out = pd.DataFrame(index=pd.Index(imd.IMD_MEASURES, name="imd_measure"), columns=list(UNITS), dtype=int)
    for unit in UNITS:
        for m in imd.IMD_MEASURES:
            out.loc[m, unit] = len(compute.run(inputs, params.replace(unit=unit, imd_measure=m)).group2)
    return out.astype(int)


# --------------------------------------------------------------------------------------------
# what the page states: every number in its prose, by glue name


def findings(res: Result, other_implausible: Result) -> dict:
    """The values the page glues into its prose (``other_implausible``: the same run with the other
    treatment of ONS's implausible MSOA estimates)."""
    p, t, c = res.params, res.table, res.counts
    s = res.validation_by_estimator.set_index("estimator").loc[p.estimator]
    u = res.hle.query("level == 'utla' and sex == @p.sex").set_index("code")
    imp = res.hle[res.hle["le_implausible"]]
    n_tied = int((t["hle"] == res.threshold).sum())
    g2 = res.group2
    out = {
        "p_sex": p.sex, "p_cutoff": f"{p.cutoff:.0%}", "p_measure": p.label("imd_measure"),
        "p_unit": p.label("unit"), "p_estimator": p.estimator, "p_average": p.label("average"),
        "p_implausible": p.label("include_implausible"),
        "run_note": "These are the published figures' own settings (male HLE, lowest 30%)."
        if (p.sex, p.cutoff) == ("male", 0.3) else
        f"This run uses {p.sex} HLE and the lowest {p.cutoff:.0%}, while the published figures are for male HLE "
        "and the lowest 30%, so the claims ledger below compares different quantities.",
        "n_la": c["n"], "n_ranked": res.n_ranked, "n_lost": len(res.lost), "n_unranked": len(res.unranked),
        "unranked": ", ".join(res.unranked["la_name"]) or "none",
        "n_official": int(t["hle_source"].str.startswith("official").sum()),
        "n_estimated": int(t["hle_source"].str.startswith("estimate").sum()),
        "avg": res.average, "england": res.england, "k": res.k, "threshold": res.threshold,
        "tie_note": "No other LA has exactly the k-th value." if n_tied == 1 else f"{n_tied} LAs share the k-th value.",
        "n_luf_eng": len(res.luf),
        "ci_scilly": f"{u.loc['E06000053', 'hle_lci']:.1f}-{u.loc['E06000053', 'hle_uci']:.1f}",
        "ci_city": f"{u.loc['E09000001', 'hle_lci']:.1f}-{u.loc['E09000001', 'hle_uci']:.1f}",
        "n_implausible": len(imp), "n_implausible_sex": int((imp["sex"] == p.sex).sum()),
        "val_n": int(s["n"]), "val_bias": float(s["bias"]), "val_sd": float(s["sd"]), "val_worst": s["worst"],
        "val_worst_err": float(s["worst_error"]), "val_within": float(s["within_half_year"]),
        "best_est": res.validation_by_estimator.sort_values("rmse")["estimator"].iloc[0].replace("_", "-") + " estimator",
        "imp_n": value_changes(res.values, other_implausible.values)["n_changed"],
        "imp_est_n": value_changes(res.values, other_implausible.values, "hle_estimate")["n_changed"],
        "imp_est_max": value_changes(res.values, other_implausible.values, "hle_estimate")["max_change"],
        "q_g3": int(res.quadrants.loc[3, QUADRANTS[0]]), "q_g1": int(res.quadrants.loc[1, QUADRANTS[3]]),
        "g2_n": len(g2), "g2_names": ", ".join(sorted(g2["la_name"])) or "none",
        "low_g1": c["lowest_g1"], "low_not_g1": c["lowest_not_g1"], "low_g2": c["lowest_g2"], "low_g3": c["lowest_g3"],
        "low_g1_share": c["lowest_g1"] / c["n_lowest"], "g1_not_low": c["g1_not_lowest"],
        "share_not_g1": c["lowest_not_g1"] / c["n_lowest"],
        "g1_there": int(res.quadrants.loc[1, QUADRANTS[3]]), "g1_ranked": int(res.quadrants.loc[1, "all"]),
        "g1_there_share": float(res.quadrants.loc[1, QUADRANTS[3]] / res.quadrants.loc[1, "all"]),
        "fd_rho": res.fund_deprivation["rho"], "fd_n": res.fund_deprivation["n"],
        "inc_rho": res.income["rho"], "inc_n": res.income["n"],
        "pk_n": res.pockets["n"], "pk_not1": res.pockets["n_not_category_1"], "pk_top": res.pockets["top"],
        "pk_share": res.pockets["share_not_category_1"] / 100,
        "pk_c1_high_avg": res.pockets["category_1_share_high_average"] / 100,
        "pk_n_high_avg": res.pockets["n_high_average"],
        "unit_words": unit_words(res),
    }
    return out


def unit_words(res: Result) -> str:
    """Which LAs the run's unit leaves out and why, in plain words (from the run's tables)."""
    p, lost, t = res.params, res.lost, res.table
    if p.unit == "luf_list":
        merged = lost[lost["reason"].str.startswith("created April 2019")]
        other = lost.drop(merged.index)
        held = [f"the 2013 county of {r['la_name']} also held {r['reason'].split('also held ')[1].rstrip(')')}"
                for _, r in merged.iterrows() if "also held" in r["reason"]]
        words = (f"The Fund's list matched to 2013 geography leaves out {len(lost)} of the {len(res.luf)} listed LAs"
                 + (f": {'; '.join(merged['la_name'])} were created in April 2019 by merging councils, so no area of "
                    f"2013 had their boundaries" + (f" ({'; '.join(held)})" if held else "") if len(merged) else "")
                 + ("; " + "; ".join(f"{r['la_name']}: {r['reason']}" for _, r in other.iterrows()) if len(other) else "")
                 + ".")
        renamed = t[t["matched_as"].str.contains("called", na=False)]
        county = t[t["matched_as"].str.contains("county", na=False)]
        keeps = [f"{r['la_name']} keeps the value of {r['matched_as'].split('called ')[1].split(' in 2013')[0]}, the same "
                 "council under its 2013 name (same code, same area)" for _, r in renamed.iterrows()]
        keeps += [f"{r['la_name']}, a unitary since 2020, takes the value of the 2013 county with the same districts"
                  for _, r in county.iterrows()]
        if keeps:
            words += " " + "; ".join(keeps) + "."
    else:
        merged = [n for c, (n, _) in geography.MERGED_2019.items()]
        if len(lost):
            words = (f"The {res.n_ranked} lower-tier LAs of 2019 leave out {len(lost)}: "
                     + "; ".join(f"{r['la_name']} ({r['reason']})" for _, r in lost.iterrows()) + ".")
        else:
            words = (f"The {res.n_ranked} lower-tier LAs of 2019 leave out none: the {len(merged)} councils created in "
                     "April 2019 are estimated from the areas of their former districts, and Buckinghamshire's four 2019 "
                     "districts each take the 2020 unitary's priority group.")
    if len(res.unranked):
        words += (f" Figure 1 also leaves out {', '.join(res.unranked['la_name'])}: IoD 2019 ranks the 2019 districts, "
                  "not the 2020 unitary.")
    return words


def verdict_words(ledger: pd.DataFrame, res: Result) -> dict:
    """The page's verdict sentences' words, from the ledger's verdicts (never typed)."""
    v = ledger.set_index("claim_id")["verdict"]
    fig2 = v[["hle_fig2_n_lowest", "hle_fig2_lowest_in_g1", "hle_fig2_lowest_not_g1"]]
    exact = (fig2 == "reproduced").all()
    n = res.counts["n"]
    why = (f"The source's 93 is 30% of {n}, the listed LAs with a 2009-13 value on the code rule."
           if exact else
           f"Two things can explain the difference. The denominator: the published 93 implies about 310 LAs "
           f"(93 / 0.3), while this unit has {n}. And the district values: the source probably used official "
           "lower-tier figures, which the workbook does not hold, while ours are estimated from MSOAs, with an error "
           "that can move an LA near the cut-off across it.")
    def holds(cid: str) -> str:
        return "holds" if v[cid] == "reproduced" else "does not hold"

    return {"g3_verdict": v["hle_fig1_g3_deprived_below"], "g1_words": holds("hle_fig1_g1_less_deprived_above"),
            "fig2_verdict": "reproduced exactly" if exact else "not reproduced exactly", "fig2_why": why,
            "g2_verdict": v["hle_fig1_g2_deprived_fifth_below"], "two_fifths_words": holds("hle_fig2_title_two_fifths"),
            "fd_words": holds("hle_fund_little_relation"), "inc_words": holds("hle_income_correlated"),
            "pk_words": holds("laird_averaged_out")}


# --------------------------------------------------------------------------------------------
# figures (interactive: hover and find an LA in the book; a PNG fallback inside the same output)


def pockets_table(res: Result) -> pd.DataFrame:
    """The listed LAs with pockets of deprivation but no high average score, for the page (plain headings)."""
    t = res.pockets["table"].drop(columns="lad19_code")
    return t.rename(columns={"lad19_name": "LA", "priority_category": "priority category",
                             imd.rank_column("average_score"): "rank of average score",
                             imd.rank_column("extent"): "rank of extent",
                             imd.rank_column("local_concentration"): "rank of local concentration"})


def hover_frame(res: Result) -> pd.DataFrame:
    """The analysis table with display columns for the interactive figures' tooltips."""
    t = res.table.copy()
    t["group"] = t["priority_category"].map(lambda c: f"group {int(c)}")
    t["lowest_label"] = t["lowest"].map({True: "yes", False: "no"})
    t["source_label"] = t["hle_source"].map({"official": "official (ONS)", "estimate": "estimated from MSOAs",
                                             "official (2013 county)": "official (ONS, the 2013 county)",
                                             "estimate (merged 2019 LA)": "estimated from MSOAs (merged 2019 LA)"})
    t["fifth_label"] = t["fifth"].map(lambda f: "no File 10 rank" if pd.isna(f) else f"{int(f)} of 5 (1 = most deprived)")
    return t


def figure_validation(res: Result):
    """Estimated against official HLE for the single-tier LAs (interactive scatter)."""
    from analysis import figures

    p = res.params
    s = res.validation_by_estimator.set_index("estimator").loc[p.estimator]
    return figures.interactive_scatter(
        res.validation, "hle_official", "hle_estimate", name="name", hover=["error", "n_msoa"],
        labels={"hle_official": "Official HLE, ONS upper-tier sheet (years)",
                "hle_estimate": "Estimated from the LA's MSOAs (years)", "error": "Estimate - official (years)",
                "n_msoa": "MSOAs"},
        title=f"The MSOA {p.estimator} tracks the official {p.sex} HLE closely",
        subtitle=f"{int(s['n'])} single-tier LAs; bias {s['bias']:+.2f}, SD {s['sd']:.2f}, worst {s['worst_error']:+.2f} years "
                 f"({s['worst']})",
        source="ONS HLE 2009-13 reference table (MSOA and upper-tier sheets).", figsize=(6.5, 6),
        alt=(f"Interactive scatter plot with one point per single-tier local authority: the official {p.sex} healthy "
             "life expectancy in years across, the value estimated from its MSOAs up. The points lie along a rising "
             "diagonal, close to where the estimate equals the official value."))


def figure1(res: Result):
    """The source's Figure 1: deprivation rank against HLE by priority group (interactive scatter)."""
    from analysis import figures

    p, Sex = res.params, res.params.sex.capitalize()
    h = hover_frame(res)
    h = h[h["deprivation_rank"].notna()]
    return figures.interactive_scatter(
        h, "deprivation_rank", "hle", name="la_name", color="group",
        colours={f"group {k}": v for k, v in figures.PRIORITY_COLOURS.items()},
        hover=["fifth_label", "quadrant", "source_label"],
        labels={"deprivation_rank": "Deprivation rank (1 = most deprived)", "hle": f"{Sex} HLE 2009-13 (years)",
                "group": "Priority group", "source_label": "HLE value", "quadrant": "Quadrant",
                "fifth_label": "Deprivation fifth"},
        xlabel=f"Rank of {imd.LABEL[p.imd_measure]} (1 = most deprived of {res.n_ranked} LAs)",
        hlines={res.average: f"{AVERAGE_LABEL[p.average]} average, {res.average:.1f} years"},
        title=f"{int(res.quadrants.loc[3, QUADRANTS[0]])} LAs in the more deprived half with below-average HLE "
              "are in the lowest priority group",
        subtitle=f"{Sex} HLE 2009-13 against deprivation, {len(h)} {UNIT_LABEL[p.unit]}, by Levelling Up Fund "
                 "priority group", source=DATA_SOURCE, figsize=(8.5, 6.2),
        alt=(f"Interactive scatter plot with one point per local authority: its IMD 2019 rank across, most deprived on "
             f"the left, and its {p.sex} healthy life expectancy up, coloured by priority group 1, 2 or 3, with a "
             "line at the HLE average. HLE rises from the deprived left to the less deprived right; group 1 points "
             "gather on the left, but some group 3 points sit on the left below the average and some group 1 points "
             "on the right above it."))


def figure2(res: Result):
    """The source's Figure 2: HLE by priority group, the lowest share filled (interactive strip plot)."""
    from analysis import figures

    p, Sex, pct, c, t = res.params, res.params.sex.capitalize(), f"{res.params.cutoff:.0%}", res.counts, res.table
    h = hover_frame(res)
    line = (res.threshold + t.loc[~t["lowest"], "hle"].min()) / 2  # between the k-th LA and the next
    per_group = h.groupby("priority_category")["lowest"].agg(["sum", "size"])
    return figures.interactive_strip(
        h, "priority_category", "hle", name="la_name", filled="lowest",
        colours=figures.PRIORITY_COLOURS, hover=["deprivation_rank", "lowest_label", "source_label"],
        labels={"priority_category": "Priority group", "hle": f"{Sex} HLE 2009-13 (years)",
                "deprivation_rank": "Deprivation rank (1 = most deprived)", "lowest_label": f"In the lowest {pct} of HLE",
                "source_label": "HLE value"},
        ticklabels={g: f"priority group {g}{' (greatest need)' if g == 1 else ''}\n{int(r['sum'])} of {int(r['size'])} "
                       f"in the lowest {pct}" for g, r in per_group.iterrows()},
        xlabel="Levelling Up Fund priority group", ylabel=f"{Sex} healthy life expectancy at birth, 2009-13 (years)",
        hlines={line: f"below: the lowest {pct} ({res.k} LAs)"},
        title=f"{c['lowest_not_g1']} of the {c['n_lowest']} LAs with the lowest {p.sex} HLE are not in priority group 1",
        subtitle=f"{Sex} HLE 2009-13 by Levelling Up Fund priority group; filled: the lowest {pct} of {c['n']} "
                 f"{UNIT_LABEL[p.unit]}", source=DATA_SOURCE, figsize=(8, 6),
        alt=(f"Interactive strip plot of {p.sex} healthy life expectancy, one point per local authority, in three "
             f"columns for priority groups 1, 2 and 3, with a dashed line below which the lowest {pct} are drawn filled. "
             "Group 1 sits lowest, group 3 highest, but filled points below the line appear in all three groups."))


def map_frame(res: Result, boundaries, simplify_m: float = 1000) -> object:
    """English LAD 2019 polygons with HLE, priority group and the mismatch flags (a GeoDataFrame).

    With unit ``luf_list`` the four 2019 Buckinghamshire districts show the 2020 unitary's values. The
    outlines are simplified to ``simplify_m`` metres on the British National Grid (about a pixel at the
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
    """Colours of :func:`map_frame`'s ``where`` categories: the mismatch stands out."""
    pct = f"{res.params.cutoff:.0%}"
    return {f"lowest {pct} of HLE, not group 1": "#D55E00", f"lowest {pct} of HLE, group 1": "#0072B2",
            f"not in the lowest {pct}": "#C8C8C8"}


def figure_map(res: Result):
    """Where the LAs with the lowest HLE fall outside priority group 1 (interactive map)."""
    from analysis import figures

    p, Sex, pct, c = res.params, res.params.sex.capitalize(), f"{res.params.cutoff:.0%}", res.counts
    return figures.interactive_choropleth(
        map_frame(res, res.boundaries), "where", name="lad19_name", hover=["hle", "group", "deprivation_rank"],
        categorical=True, colours=where_colours(res), legend_title=f"{Sex} HLE 2009-13", missing_label="not in the unit",
        labels={"where": "Shown as", "hle": f"{Sex} HLE 2009-13 (years)", "group": "Priority group",
                "deprivation_rank": "Deprivation rank (1 = most deprived)"},
        title=f"Where the LAs with the lowest {p.sex} HLE fall outside priority group 1",
        subtitle=f"{c['lowest_not_g1']} of the {c['n_lowest']} LAs in the lowest {pct} of {p.sex} HLE are not in group 1",
        source=DATA_SOURCE + " Boundaries: ONS LAD December 2019 BUC.",
        alt=(f"Interactive map of England's lower-tier local authorities in three colours: those in the lowest {pct} "
             f"of {p.sex} healthy life expectancy that are in priority group 1, those in the lowest {pct} that are "
             "not, and the rest. The low-HLE areas outside group 1 are scattered through the North, the Midlands, "
             "London and the coasts. Each area's tooltip gives its HLE and priority group."))


# --------------------------------------------------------------------------------------------
# tables the page shows


def unmatched_summary(rec: Reconciliation) -> pd.DataFrame:
    """A reconciliation's unmatched keys grouped by side and reason, with up to six example names."""
    tab = rec.table()
    return (tab.groupby(["side", "reason"], sort=False)
            .agg(n=("key", "size"), examples=("name", lambda s: ", ".join(sorted(s)[:6]) + (" ..." if len(s) > 6 else "")))
            .reset_index())


def nearest_words(table: pd.DataFrame, published: int) -> str:
    """Says whether any cell of ``table`` equals ``published`` and, if none does, which come nearest."""
    long = table.stack()
    hits = long[long == published]
    if len(hits):
        return "gives the published {} under {}".format(published, "; ".join(f"{m} x {u}" for m, u in hits.index))
    gap = (long - published).abs()
    near = long[gap == gap.min()]
    return (f"gives the published {published} under no specification: the nearest is {int(near.iloc[0])}, under "
            + "; ".join(f"{m} x {u}" for m, u in near.index))
