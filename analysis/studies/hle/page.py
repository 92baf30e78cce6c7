"""What the HLE page shows: the values and sentences its prose glues (what it found, the group-2
count explained), its tables for readers (the settings, the quadrants, the pockets of deprivation, the
joins, the sensitivity to each choice, the group-2 count by measure and unit); its figures are in
:mod:`analysis.studies.hle.plots`."""

from __future__ import annotations

import pandas as pd

from analysis.data import geography, imd
from analysis.data.geography import Reconciliation
from analysis.params import Params
from analysis.data.geography.names import and_list
from analysis.studies.hle import compute, prosperity
from analysis.studies.hle.claims import CLAIMS_BY_ID
from analysis.studies.hle.compute import AVERAGE_LABEL, QUADRANTS, UNITS, Result, value_changes
from analysis.studies.hle.deprivation import CLOSE_CORRELATION, LITTLE_RELATION

#: the figures' numbers on the page (the briefing's own numbers are named in the captions)
FIG_LOWEST, FIG_MAP, FIG_DEPRIVATION, FIG_VALIDATION = 1, 2, 3, 4
#: small numbers in words
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
#: the claims of the briefing's Figure 2 counts
FIG2 = ("hle_fig2_n_lowest", "hle_fig2_lowest_in_g1", "hle_fig2_lowest_not_g1")
#: how each unit of analysis is named in a sentence
UNIT_WORDS = {"luf_list": "the local authorities of the Fund's list, matched to 2013 geography",
              "lad19": "the lower-tier local authorities of 2019"}


#: the glued values that are sentences or phrases of prose (glued as Markdown, so that they read as text, not
#: in the bold of a glued number)
SENTENCES = ("run_note", "tie_note", "avg_words", "unit_words", "fd_direction", "fig2_why", "pr_near")


def published(cid: str):
    """A claim's published figure, as declared with the claim (never typed on the page)."""
    return CLAIMS_BY_ID[cid].published


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


def group2_labelled(g2: pd.DataFrame) -> pd.DataFrame:
    """:func:`group2_table` with its measures and units in words (for the page's sentence and table)."""
    return g2.rename(index=imd.LABEL, columns=UNIT_WORDS)


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
    g2, g3 = res.group2, compute.deprived_fifth_below(t, 3)
    g1 = res.luf["priority_category"] == 1
    out = {
        "p_sex": p.sex, "p_cutoff": f"{p.cutoff:.0%}", "p_measure": p.label("imd_measure"),
        "p_unit": p.label("unit"), "p_estimator": p.label("estimator"), "p_average": p.label("average"),
        "p_implausible": p.label("include_implausible"),
        "run_note": "These are the published figures' own settings (male HLE, lowest 30%)."
        if (p.sex, p.cutoff) == ("male", 0.3) else
        f"This run uses {p.sex} HLE and the lowest {p.cutoff:.0%}, while the published figures are for male HLE "
        "and the lowest 30%, so the verdicts compare different quantities.",
        "n_la": c["n"], "n_ranked": res.n_ranked, "n_lost": len(res.lost), "n_unranked": len(res.unranked),
        "unranked": ", ".join(res.unranked["la_name"]) or "none",
        "n_official": int(t["hle_source"].str.startswith("official").sum()),
        "n_estimated": int(t["hle_source"].str.startswith("estimate").sum()),
        "avg": res.average, "england": res.england, "k": res.k, "threshold": res.threshold,
        "tie_note": "No other LA has exactly the k-th value." if n_tied == 1 else f"{n_tied} LAs share the k-th value.",
        "n_luf_eng": len(res.luf), "luf_g1_n": int(g1.sum()), "luf_g1_share": float(g1.mean()),
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
        "g3_fifth_n": len(g3), "g3_fifth_names": ", ".join(sorted(g3["la_name"])) or "none",
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
        **prosperity_words(res),
        "unit_words": unit_words(res),
        "avg_words": f"{res.average:.2f} years in this run" + (
            "" if p.average == "england" else f" (England's own value is {res.england:.2f})"),
        "fd_direction": "the more deprived an authority, the higher its priority tends to be"
        if res.fund_deprivation["rho"] > 0 else "the more deprived an authority, the lower its priority tends to be",
        "rule_little": LITTLE_RELATION, "rule_close": CLOSE_CORRELATION,
        **{f"pub_{k}": published(cid) for k, cid in (("n", "hle_fig2_n_lowest"), ("g1", "hle_fig2_lowest_in_g1"),
                                                      ("not_g1", "hle_fig2_lowest_not_g1"), ("g1_share", "hle_luf_g1_share"),
                                                      ("g3", "hle_fig1_g3_deprived_below"),
                                                      ("g2", "hle_fig1_g2_deprived_fifth_below"))},
    }
    return out


def found(res: Result, ledger: pd.DataFrame) -> dict:
    """The page's opening, what it found, made from the ledger's verdicts and the run: ``found_lowest``
    (the briefing's Figure 2), ``found_deprivation`` (its counts before its Figure 1) and ``found_fund``
    (the Fund's categories, income and pockets of deprivation), each a short paragraph."""
    v = ledger.set_index("claim_id")["verdict"]
    p, c, q = res.params, res.counts, res.quadrants
    ok = (v == "reproduced") | (v == "reproduced within tolerance")
    pct = f"{p.cutoff:.0%}"
    share = c["lowest_not_g1"] / c["n_lowest"]
    title = ("as the briefing's title says, about two-fifths of the places in the worst health were not among the "
             "Fund's first priorities" if ok["hle_fig2_title_two_fifths"] else
             "not the two-fifths of the briefing's title")
    if ok[list(FIG2)].all():
        lowest = (f"The Health Foundation's central count reproduces exactly. Of the {c['n_lowest']} local authorities "
                  f"with the lowest {pct} of {p.sex} healthy life expectancy (HLE) in 2009-13, {c['lowest_g1']} are "
                  f"in the Levelling Up Fund's priority group 1 and {c['lowest_not_g1']} ({share:.0%}) are not: "
                  f"{title}.")
    else:
        n, g1, not1 = (published(cid) for cid in FIG2)
        lowest = (f"The Health Foundation counted {n} local authorities in the lowest 30% of male healthy life "
                  f"expectancy (HLE) in 2009-13, {g1} of them in the Levelling Up Fund's priority group 1 and {not1} "
                  f"not. With {p.sex} HLE and the lowest {pct} of {UNIT_WORDS[p.unit]}, this run finds "
                  f"{c['n_lowest']}, {c['lowest_g1']} and {c['lowest_not_g1']} ({share:.0%} not in group 1): {title}.")
    g3_half, g2_fifth = published("hle_fig1_g3_deprived_below"), published("hle_fig1_g2_deprived_fifth_below")
    n_g3, n_g2, n_g3_fifth = int(q.loc[3, QUADRANTS[0]]), len(res.group2), len(compute.deprived_fifth_below(res.table, 3))
    there, ranked = int(q.loc[1, QUADRANTS[3]]), int(q.loc[1, "all"])
    holds, fails = [], []
    (holds if ok["hle_fig1_g3_deprived_below"] else fails).append(
        f"the briefing's count of {g3_half} authorities of priority group 3, the lowest, in the more deprived half of England with "
        f"below-average HLE reproduces" if ok["hle_fig1_g3_deprived_below"] else
        f"where it counts {g3_half} authorities of priority group 3, the lowest, in the more deprived half of England "
        f"with below-average HLE, we find {n_g3}")
    (holds if ok["hle_fig1_g2_deprived_fifth_below"] else fails).append(
        f"the briefing's count of {g2_fifth} of priority group 2 in England's most deprived fifth with below-average HLE "
        "reproduces" if ok["hle_fig1_g2_deprived_fifth_below"] else
        f"where it counts {g2_fifth} of priority group 2 in England's most deprived fifth with below-average HLE, we "
        f"find {n_g2}" + (f", and it is group 3 that has {n_g3_fifth} there, so the briefing may have named the wrong "
                          "group" if n_g3_fifth == g2_fifth else ""))
    (holds if ok["hle_fig1_g1_less_deprived_above"] else fails).append(
        f"group-1 authorities are mostly in the less deprived half with above-average HLE, as it says ({there} of "
        f"{ranked})" if ok["hle_fig1_g1_less_deprived_above"] else
        f"only {there} of the {ranked} group-1 authorities are in the less deprived half with above-average HLE, where "
        "it says group 1 is")
    said = " ".join(h[:1].upper() + h[1:] + "." for h in holds)
    if fails:
        listed = ("; ".join(fails[:-1]) + "; and " if len(fails) > 1 else "") + fails[-1]
        said += (f" {NUMBER_WORDS[len(fails)].capitalize()} of its statements about deprivation "
                 f"{'does' if len(fails) == 1 else 'do'} not hold: {listed}.")
    said = said.strip()
    fd, inc, pk = res.fund_deprivation, res.income, res.pockets
    fund = (f"As the briefing says, the Fund's categories bear little relation to deprivation (a rank correlation of "
            f"{fd['rho']:+.2f})." if ok["hle_fund_little_relation"] else
            "Against the briefing, the Fund's categories do follow deprivation: the more deprived an authority, the "
            f"higher its priority (a rank correlation of {fd['rho']:+.2f})." if fd["rho"] > 0 else
            f"Against the briefing, the Fund's categories are related to deprivation (a rank correlation of "
            f"{fd['rho']:+.2f}).")
    fund += (f" As it says, HLE tracks income closely (a rank correlation of {inc['rho']:+.2f} across {inc['n']} "
             "upper-tier authorities)." if ok["hle_income_correlated"] else
             f" HLE does not track income as closely as it says (a rank correlation of {inc['rho']:+.2f}).")
    fund += (f" And, as Andrew Laird wrote, most councils with pockets of deprivation were left out of the Fund's "
             f"top category ({pk['n_not_category_1']} of {pk['n']})." if ok["laird_averaged_out"] else
             f" But, against Andrew Laird, most councils with pockets of deprivation are in the Fund's top category "
             f"({pk['n'] - pk['n_not_category_1']} of {pk['n']}).")
    pr = prosperity_words(res)
    fund += (f" The briefing's count of {pr['pr_pub']} areas more prosperous than the national average in the top "
             f"group reproduces on household income per head." if ok["hle_prosperous_in_g1"] else
             f" The briefing's count of {pr['pr_pub']} areas more prosperous than the national average in the top group "
             f"does not reproduce: {pr['pr_n']} had household income per head above England's in {pr['pr_year']}, and "
             f"the six readings tried (three measures of prosperity, two of the average) give {pr['pr_range']}"
             + (f", {pr['pr_pub']} on one of them." if pr["pr_any"] else "."))
    return {"found_lowest": lowest, "found_deprivation": said, "found_fund": fund}


def verdict_words(ledger: pd.DataFrame, res: Result) -> dict:
    """The words the page's sections use for the ledger's verdicts (never typed), and why the Figure 2
    counts differ when they do."""
    v = ledger.set_index("claim_id")["verdict"]
    exact = (v[list(FIG2)] == "reproduced").all()
    n, pub = res.counts["n"], published("hle_fig2_n_lowest")
    why = (f"The briefing's {pub} is 30% of {n}, the listed authorities with a 2009-13 value by the rule described "
           "under How this was computed." if exact else
           f"Two things can explain the difference. The number of authorities: the published {pub} implies about "
           f"{pub / 0.3:.0f} (30% of them), while this run has {n}. And the district values: the briefing probably "
           "used official lower-tier figures, which ONS's workbook does not hold, while ours are estimated from "
           "neighbourhoods, with an error that can move an authority near the cut-off across it.")

    def holds(cid: str) -> str:
        return "holds" if v[cid] == "reproduced" else "does not hold"

    return {"g3_verdict": v["hle_fig1_g3_deprived_below"], "g1_words": holds("hle_fig1_g1_less_deprived_above"),
            "fig2_why": why, "two_fifths_words": holds("hle_fig2_title_two_fifths"),
            "fd_words": holds("hle_fund_little_relation"), "inc_words": holds("hle_income_correlated"),
            "pk_words": holds("laird_averaged_out"), "luf_g1_words": v["hle_luf_g1_share"]}


#: the section of the page that shows each claim's work (for the verdict box)
ANCHORS = {**dict.fromkeys((*FIG2, "hle_fig2_audit_sum", "hle_fig2_title_two_fifths"), "hle-lowest"),
           "hle_fig1_g3_deprived_below": "hle-deprivation", "hle_fig1_g1_less_deprived_above": "hle-deprivation",
           "hle_fig1_g2_deprived_fifth_below": "hle-group-2",
           **dict.fromkeys(("hle_luf_g1_share", "hle_fund_little_relation", "hle_income_correlated",
                            "hle_inactive_sickness"), "hle-fund-deprivation"),
           "laird_averaged_out": "hle-averaged-out", "hle_prosperous_in_g1": "hle-prosperous"}


def joins_view(res: Result) -> list:
    """Every join of the run, each as its one-line summary or, when something did not match, a table of
    what did not and why (:func:`join_table`)."""
    from IPython.display import Markdown

    return [join_table(rec) if len(rec.table()) else Markdown(f"*{rec.summary()}.*") for rec in res.reconciliations]


def group2_words(res: Result, g2: pd.DataFrame) -> str:
    """The group-2 count explained in plain words: what the briefing says, what we find under this run
    and under every measure and unit (``g2``: :func:`group2_table`), and the same cell for group 3."""
    pub, g3_half = published("hle_fig1_g2_deprived_fifth_below"), published("hle_fig1_g3_deprived_below")
    g3 = compute.deprived_fifth_below(res.table, 3)
    n, names = len(res.group2), ", ".join(sorted(res.group2["la_name"])) or "none"
    long = group2_labelled(g2).stack()
    if (long == pub).any():
        where = "; ".join(f"{m}, with {u}" for m, u in long[long == pub].index)
        spec = f"The briefing's {pub} comes out under another choice of deprivation measure or unit: {where}."
    else:
        spec = (f"No choice of deprivation measure ({NUMBER_WORDS[g2.shape[0]]} of them) or set of authorities "
                f"({NUMBER_WORDS[g2.shape[1]]}) "
                f"gives {pub}: the count runs from {int(long.min())} to {int(long.max())} (the table is under How "
                "this was computed).")
    if n == pub:
        return f"We find {n} as well: {names}. {spec}"
    words = f"We find {n}: {names}. {spec}"
    if len(g3) == pub:
        words += (f" The same count for priority group 3, the lowest priority, is {len(g3)} ({', '.join(sorted(g3['la_name']))}): "
                  f"exactly the briefing's figure. The briefing's other count, of {g3_half} group-3 authorities in the "
                  "more deprived half, matches ours, so it may have written group 2 where it meant group 3; it names no "
                  "authority, so the data cannot settle it.")
    else:
        words += f" The same count for priority group 3 is {len(g3)}."
    return words


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
        words += (f" Figure {FIG_DEPRIVATION} also leaves out {', '.join(res.unranked['la_name'])}: IoD 2019 ranks the "
                  "2019 districts, not the 2020 unitary.")
    return words


# --------------------------------------------------------------------------------------------
# tables the page shows (for people: plain headers, units, no index)




def quadrant_table(res: Result):
    """Local authorities per priority group (columns) in each quarter of the deprivation figure (rows)."""
    from analysis import figures

    q = res.quadrants.T.rename(index={"all": "All with a rank"})
    q.columns = [f"Group {g}" for g in q.columns]
    q = q.rename_axis("quarter").reset_index()
    q["quarter"] = q["quarter"].map(lambda x: x[:1].upper() + x[1:])
    return figures.table(q, {"quarter": "Quarter of Figure 3", **{c: c for c in q.columns if c != "quarter"}},
                         caption=f"Table 1. Local authorities of each priority group in each quarter of Figure "
                                 f"{FIG_DEPRIVATION} (the average: {AVERAGE_LABEL[res.params.average]}, "
                                 f"{res.average:.2f} years).")


def pockets_table(res: Result):
    """The listed LAs with pockets of deprivation but no high average score (ranks: 1 = most deprived)."""
    from analysis import figures

    return figures.table(
        res.pockets["table"],
        {"lad19_name": "Local authority", "priority_category": "Category",
         imd.rank_column("average_score"): "Average score", imd.rank_column("extent"): "Extent",
         imd.rank_column("local_concentration"): "Local concentration"},
        caption=f"Table 2. The councils with pockets of deprivation: in England's most deprived 30% on the extent or "
                f"the local concentration of deprivation, not on the average score, with their priority category "
                f"and their IoD 2019 ranks on each (of {res.n_ranked}; 1 = most deprived).")


def money(value: float) -> str:
    """A value in pounds as a reader writes it: £38.54 per hour, £21,457 a year."""
    return f"£{value:,.2f}" if value < 1000 else f"£{value:,.0f}"


def prosperity_words(res: Result) -> dict:
    """The glue of the section on the briefing's 14 prosperous areas in group 1 (``pr_*``)."""
    r = res.prosperity.set_index("reading")
    head, near = r.loc[prosperity.HEADLINE], prosperity.nearest(res.prosperity, published("hle_prosperous_in_g1"))
    counts = res.prosperity[["above_england", "above_median"]].to_numpy().astype(int).ravel()
    return {"pr_year": prosperity.YEAR, "pr_n": int(head["above_england"]), "pr_of": int(head["of"]),
            "pr_england": money(head["england"]), "pr_names": and_list(head["names"]) or "none",
            "pr_median_n": int(head["above_median"]), "pr_pub": published("hle_prosperous_in_g1"),
            "pr_n_merged": int((res.luf["priority_category"] == 1).sum()) - int(head["of"]),
            "pr_near": f"{near['n']}, on {near['label'].split(' (')[0]} against {near['average']}",
            "pr_range": f"{counts.min()} to {counts.max()}", "pr_any": bool((counts == published("hle_prosperous_in_g1")).any())}


def prosperity_table(res: Result):
    """Each reading of "more prosperous than the national average": the group-1 LAs above England's value
    and above the median LA's, in the latest year before the Fund's list."""
    from analysis import figures

    t = res.prosperity.assign(label=lambda d: d["label"].map(lambda x: x.split(" (")[0]).map(lambda x: x[:1].upper() + x[1:]),
                              england=lambda d: d["england"].map(money), median=lambda d: d["median"].map(money))
    return figures.table(
        t, {"label": "Measure", "england": "England", "above_england": "Above England", "median": "Median LA",
            "above_median": "Above the median", "of": "With a value"},
        caption=f"Table 3. Priority-group-1 local authorities more prosperous than the national average in "
                f"{prosperity.YEAR} (of those with a value), on each measure of prosperity and each reading of the average (England's own "
                f"value, or the median local authority's). Sources: ONS, regional gross disposable household income "
                f"(September 2025) and subregional labour productivity (June 2025), in current prices.")


def validation_table(res: Result):
    """Each estimator of a district's HLE against the official values of the single-tier LAs."""
    from analysis import figures

    v = res.validation_by_estimator.assign(estimator=lambda d: d["estimator"].str.replace("_", "-"),
                                           within_half_year=lambda d: 100 * d["within_half_year"])
    return figures.table(v, {"estimator": "Estimator", "n": "LAs", "bias": "Bias", "sd": "SD", "rmse": "RMSE",
                             "max_abs": "Largest", "worst": "Worst LA", "worst_error": "Its error",
                             "within_half_year": "Within 0.5 (%)"},
                         formats={"bias": 3, "sd": 3, "rmse": 3, "max_abs": 2, "worst_error": 2, "within_half_year": 1},
                         caption="Each estimator against the official values of the single-tier LAs: the errors "
                                 "(estimate minus official) in years, and the share within half a year.")


def join_table(rec: Reconciliation):
    """A join's unmatched keys grouped by side and reason, with up to six example names."""
    from analysis import figures

    return figures.table(unmatched_summary(rec), {"side": "Found only in", "reason": "Why", "n": "Keys",
                                                  "examples": "For example"},
                         caption=rec.summary())


def lost_table(res: Result):
    """The LAs of the Fund's list left out of the unit, with the reason (or a line saying there are none)."""
    from IPython.display import Markdown

    from analysis import figures

    if not len(res.lost):
        return Markdown("*None: every listed LA has a value.*")

    return figures.table(res.lost, {c: h for c, h in {"la_code": "Code", "la_name": "Local authority",
                                                      "priority_category": "Priority group",
                                                      "reason": "Why it is left out"}.items() if c in res.lost.columns},
                         caption="The listed LAs left out of the unit of analysis.")


def group2_view(g2: pd.DataFrame):
    """:func:`group2_table` for people: measures down, units across."""
    from analysis import figures

    t = g2.rename(index=imd.LABEL).reset_index()
    return figures.table(t, {"imd_measure": "Deprivation measure", "luf_list": "Fund's list", "lad19": "LAs of 2019"},
                         caption="Priority-group-2 authorities in the most deprived fifth with below-average HLE, by "
                                 "deprivation measure and unit (the Fund's list matched to 2013 geography, or the 317 "
                                 "lower-tier LAs of 2019; the other settings as in this run).")


def sensitivity_view(sens: pd.DataFrame):
    """:func:`sensitivity` for people."""
    from analysis import figures

    return figures.table(sens, {"change": "Change from this run", "LAs": "LAs", "lowest share (LAs)": "Lowest",
                                "of which group 1": "Group 1", "not group 1": "Not 1",
                                "group 3, more deprived, below avg": "G3 half", "group 1, less deprived, above avg": "G1 half",
                                "group 2, most deprived fifth, below avg": "G2 fifth"},
                         caption="The counts with one setting changed at a time: the LAs analysed; those in the lowest "
                                 "share, in group 1 and not; group 3 in the more deprived half with below-average HLE "
                                 "(G3 half); group 1 in the less deprived half with above-average HLE (G1 half); group "
                                 "2 in the most deprived fifth with below-average HLE (G2 fifth).")


def unmatched_summary(rec: Reconciliation) -> pd.DataFrame:
    """A reconciliation's unmatched keys grouped by side and reason, with up to six example names."""
    tab = rec.table()
    return (tab.groupby(["side", "reason"], sort=False)
            .agg(n=("key", "size"), examples=("name", lambda s: ", ".join(sorted(s)[:6]) + (" ..." if len(s) > 6 else "")))
            .reset_index())
