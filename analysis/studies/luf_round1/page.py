"""What the Fund's page shows: the words and numbers it glues, its tables and its figures.

Page code only: every number comes from :func:`analysis.studies.luf_round1.compute.run` (a
:class:`~analysis.studies.luf_round1.compute.Result`) or the ledger of
:func:`analysis.studies.luf_round1.claims.ledger`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import geography
from analysis.data import imd as imd_vocab
from analysis.data.loaders import require_columns
from analysis.ledger.claims import NOT_TESTABLE
from analysis.studies.luf_round1 import ATTRIBUTION, IMD_VINTAGES, STUDY
from analysis.studies.luf_round1.claims import CLAIMS_BY_ID
from analysis.studies.luf_round1.compute import Result, choices, imd2025_measure, top_award

#: each choice of who received a bid, in words (the study's own labels)
STUDY_LABELS = {"attribution": dict(STUDY.params["attribution"].labels)}
#: ... and in a table's header
SHORT = {"covered": "all covered", "bidder": "bidder only"}
SOURCE_LINE = ("Levelling Up Fund successful bids, rounds 1 and 2 (HM Treasury/DLUHC; LAD codes by Open Innovations); "
               "priority list (March 2021); IoD 2019 and 2025 (MHCLG); mid-year population (ONS)")


def findings(res: Result) -> dict:
    """The values the method and the first sections quote: each round's bids and the run's choices (as
    given, ``p_*``, and in words, ``w_*``)."""
    p = res.params
    return {**round_facts(res.rounds), "p_attribution": p.attribution, "p_apportion": p.apportion,
            "p_unitary": p.unitary_2023, "p_measure": imd_vocab.LABEL[p.imd_measure],
            "p_measure25": imd2025_measure(p.imd_measure).replace("_", " "), "p_population": p.population_year,
            "w_attribution": p.label("attribution"), "w_apportion": p.label("apportion"),
            "w_unitary": p.label("unitary_2023"), "w_round": p.label("luf_round"), "w_vintage": p.label("imd_vintage"),
            "n_estimated": res.n_estimated}


def published_facts() -> dict:
    """The published figures the page's prose quotes (``pub_*``), as declared with the claims (never typed)."""
    return {f"pub_{k}": CLAIMS_BY_ID[cid].published for k, cid in
            (("ceilup", "luf_r1_ceilup_none"), ("em", "luf_r1_em_per_capita"), ("stoke_bids", "luf_stoke_bids"),
             ("stoke_bn", "luf_stoke_total_bn"), ("lcr", "luf_r1_fourth"), ("c1", "luf_r1_mean_cat1"))}


def found(res: Result, ledger: pd.DataFrame) -> dict:
    """The page's opening, in three sentences from the run and its ledger: where each round's money went
    by priority category (``found_money``), whether round 2 went more to need (``found_need``), and what
    reproduced of what was published (``found_claims``)."""
    cat, need = res.by_group["priority category"], res.need
    c = {r: cat[f"round {r}"] for r in ("1", "2")}
    share = {r: c[r].loc["1", "share of money (%)"] for r in c}
    ph = {r: (c[r].loc["1", "£ per head"], c[r].loc["3", "£ per head"]) for r in c}
    spread = "went less to category 1" if share["2"] < share["1"] else "went as much or more to category 1"
    money = (f"In England, the local authorities the Fund had put in priority category 1 (greatest need) took "
             f"{share['1']:.0f}% of round 1's money, £{ph['1'][0]:.0f} per resident against £{ph['1'][1]:.0f} in "
             f"category 3; round 2 {spread}: {share['2']:.0f}% of its money, £{ph['2'][0]:.0f} per resident against "
             f"£{ph['2'][1]:.0f}.")
    more = {v: need.loc["round 2", f"IMD {v}"] > need.loc["round 1", f"IMD {v}"] for v in IMD_VINTAGES}
    verdict = ("Round 2 went more to need than round 1" if all(more.values()) else
               "Round 2 did not go more to need than round 1" if not any(more.values()) else
               "Whether round 2 went more to need than round 1 depends on the index")
    need_words = (f"{verdict}: the most deprived fifth of authorities received {need.loc['round 1', 'IMD 2019']:.0f}% "
                  f"of round 1's money and {need.loc['round 2', 'IMD 2019']:.0f}% of round 2's on the index of 2019 "
                  f"the Fund used, and {need.loc['round 1', 'IMD 2025']:.0f}% and "
                  f"{need.loc['round 2', 'IMD 2025']:.0f}% on that of 2025.")
    v = ledger["verdict"]
    ok = int(v.isin(["reproduced", "reproduced within tolerance", "consistent"]).sum())
    top = res.ceilup
    none = {a: int((top[f"£m, {a}"] == 0).sum()) for a in ATTRIBUTION}
    ceilup = CLAIMS_BY_ID["luf_r1_ceilup_none"].published
    claims_words = (f"{ok} of the {len(ledger)} figures published about the Fund reproduce from the list of awards. "
                    f"Whether the CEILUP collection's \"{ceilup} of the ten most deprived areas received nothing\" "
                    f"from round 1 holds turns on who counts as receiving a county's bid: {none['covered']} received "
                    f"nothing counting every authority a bid covers, {none['bidder']} counting only the authority "
                    "named as the bidder.")
    counts = v.value_counts()
    parts = [f"{int(v.str.startswith('reproduced').sum())} reproduce (exactly or within the stated tolerance)",
             f"{counts.get('differs', 0)} differ"]
    parts += [f"{n} {'is' if n == 1 else 'are'} consistent with the list's own parts" for n in
              [int(counts.get("consistent", 0))] if n]
    parts += [f"{n} cannot be tested with the open data here" for n in [int(counts.get(NOT_TESTABLE, 0))] if n]
    tested = (f"The verdicts at the top of the page test {len(ledger)} published figures against the list of awards: "
              + ", ".join(parts[:-1]) + " and " + parts[-1] + ".")
    return {"found_money": money, "found_need": need_words, "found_claims": claims_words, "found_tested": tested}


def unplaced_view(res: Result) -> pd.DataFrame:
    """The bids of both rounds not placed on the English geography, with the reason (£m)."""
    t = res.rounds["both"]["unplaced"]
    return t.assign(**{"£m": (t["bid_value"] / 1e6).round(2)})[["bid_id", "area", "£m", "lad23_codes", "reason"]]


def none_view(res: Result) -> pd.DataFrame:
    """The bids of rounds 1 and 2 that no LA received under attribution ``bidder``, with the reason (£m)."""
    t = res.credited_to_none["1"].merge(res.credited_to_none["2"], how="outer")
    return t.assign(**{"£m": (t["bid_value"] / 1e6).round(2)})[["bid_id", "area", "£m", "reason"]]


def check_summary(res: Result) -> str:
    """The run's choices, each round's bids and money, and the need and category tables (the page's
    checked output)."""
    lines = [f"choices: {choices(res.params)}"]
    for r in ("1", "2"):
        a = res.rounds[r]
        lines.append(f"round {r}: {len(a['bids'])} bids, £{a['bids']['bid_value'].sum():,.2f}; "
                     f"England {a['placed']['bid_id'].nunique()} bids, received £{a['la19']['money'].sum():,.2f}")
    lines += [res.need.round(2).to_string(), res.by_group["priority category"].round(2).to_string()]
    return "\n".join(lines)


def top_facts(res: Result) -> dict:
    """The most-deprived section's numbers: how many are listed, on which index and round, and how many
    of them received nothing under each attribution."""
    p = res.params
    return {"n_top": p.n_most_deprived, "p_vintage": p.imd_vintage, "p_round": p.luf_round,
            **{f"top_none_{a}": int((res.top[f"£m, {a}"] == 0).sum()) for a in ATTRIBUTION}}


def region_facts(res: Result) -> dict:
    """The East Midlands' round-1 money per head and its rank among the regions."""
    em = res.regions_per_head.loc["East Midlands"]
    return {"em_ph": f"{em['£ per head']:.1f}",
            "em_rank_text": "highest" if em["rank"] == 1 else f"number {int(em['rank'])}"}


def ledger_check(ledger: pd.DataFrame) -> str:
    """Each claim's published and reproduced value and verdict (the page's checked output)."""
    return ledger.assign(reproduced=ledger["reproduced"].map(format_value))[
        ["claim_id", "published", "reproduced", "verdict"]].to_string(index=False)


def ledger_view(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger as the page shows it: statement, figures, verdict, the rule of a qualitative claim,
    source and note."""
    return (ledger[["statement", "published", "reproduced", "verdict", "rule", "document", "note"]]
            .assign(reproduced=ledger["reproduced"].map(format_value)))


def verdict_anchors(ledger: pd.DataFrame) -> dict[str, str]:
    """The section of the page that shows each claim's work (for the verdict box)."""
    return {**dict.fromkeys(ledger["claim_id"], "luf-round1-tested"), "luf_r1_ceilup_none": "luf-most-deprived",
            "luf_r1_em_per_capita": "luf-regions", "luf_r1_em_highest": "luf-regions",
            "luf_nations_split": "luf-nations"}


def nations_view(res: Result) -> pd.DataFrame:
    """Money (£m) and share (%) by nation, round 1, round 2 and both (the four nations of the award list)."""
    money = pd.DataFrame({f"round {r}": t["money"] / 1e6 for r, t in res.nations_by_round.items()})
    money["rounds 1 and 2"] = money.sum(axis=1)
    share = 100 * money / money.sum()
    out = pd.concat({"£m": money, "% of the round": share}, axis=1)
    out.index.name = "nation"
    return out


def nations_facts(res: Result) -> dict:
    """The sentences on the split between the nations: the other three nations' money and share of rounds 1
    and 2 together."""
    both = sum(t["money"] for t in res.nations_by_round.values())
    other = both.drop("England").sum()
    return {"other_nations_m": f"{other / 1e6:,.0f}", "other_nations_pct": f"{100 * other / both.sum():.1f}",
            "england_both_bn": f"{both['England'] / 1e9:.2f}", "both_rounds_bn": f"{both.sum() / 1e9:.2f}"}


def lead_view(res: Result) -> pd.DataFrame:
    """The bids whose lead applicant is not on the priority list, and the category each takes."""
    lead = res.lead
    return lead.loc[lead["how"] != "lead area on the list", ["bid_id", "area", "lead_category", "how"]]


def ledger_findings(res: Result, ledger: pd.DataFrame) -> dict:
    """The sentences on what did not reproduce (:func:`ledger_facts`), and the East Midlands over the
    other population year."""
    em_other = res.regions_per_head_other_year.loc["East Midlands", "£ per head"]
    return {**ledger_facts(ledger, res.rounds["1"]["bids"], res.lead, res.ceilup),
            "em_other": f"£{em_other:.1f} with mid-{res.other_year} residents"}


def format_value(v) -> str:
    """A reproduced value as the ledger table shows it."""
    if v is None or pd.isna(v):
        return "-"
    return f"{float(v):,.2f}" if abs(float(v)) >= 1e6 else f"{float(v):.5g}"


def successor_view(lad19_names: pd.Series) -> pd.DataFrame:
    """The 2023 unitaries and the 2019 LAs they replaced, with the year each began."""
    succ = geography.lad23_successor_table()
    return succ.assign(since=succ["lad23_code"].map(geography.SUCCESSOR_YEAR),
                       lad19_name=succ["lad19_code"].map(lad19_names))[
        ["lad23_code", "lad23_name", "since", "lad19_code", "lad19_name"]]


def shared_bids(placed: pd.DataFrame, lad19_names: pd.Series) -> pd.DataFrame:
    """Each bid placed on several 2019 LAs or through a 2023 unitary: its LAs and route (£m)."""
    require_columns(placed, ["bid_id", "area", "bid_value", "lad19_code", "route"], "placed bids")
    multi = placed.groupby("bid_id")["lad19_code"].transform("size").gt(1) | placed["route"].ne("unchanged")
    t = placed[multi].assign(lad19=placed["lad19_code"].map(lad19_names))
    t = (t.groupby(["bid_id", "area", "bid_value"], sort=True)
         .agg(lads=("lad19", "; ".join), route=("route", "first")).reset_index())
    return t.assign(bid_value=(t["bid_value"] / 1e6).round(2)).rename(columns={"bid_value": "£m", "lads": "2019 LAs"})


def round_facts(res: dict[str, dict]) -> dict:
    """The numbers the page quotes about each round's bids (``n_r1``, ``total_r1_m``, ``n_eng_r1``,
    ``eng_money_r1_m``, ``n_unplaced_r1``, the same for round 2), from :func:`analyse` by round."""
    out = {}
    for r in ("1", "2"):
        b, placed = res[r]["bids"], res[r]["placed"]
        out |= {f"n_r{r}": len(b), f"total_r{r}_m": f"{b['bid_value'].sum() / 1e6:,.1f}",
                f"n_eng_r{r}": placed["bid_id"].nunique(),
                f"eng_money_r{r}_m": f"{b.loc[b['bid_id'].isin(placed['bid_id']), 'bid_value'].sum() / 1e6:,.1f}",
                f"n_unplaced_r{r}": len(res[r]["unplaced"])}
    return out


def none_facts(nobody: dict[str, pd.DataFrame]) -> dict:
    """How many bids, and how much (£m), each round's ``credited_to_none`` holds."""
    return {k: v for r, t in nobody.items() for k, v in
            ((f"n_none_r{r}", len(t)), (f"none_money_r{r}_m", f"{t['bid_value'].sum() / 1e6:,.1f}"))}


def need_facts(by_category: pd.DataFrame, need: pd.DataFrame) -> dict:
    """The page's sentences on need: category shares and £ per head by round (:func:`compare_rounds`
    by priority category), the most deprived fifth's share (:func:`need_comparison`) and the answer
    to "did round 2 go more to need than round 1?" on each index."""
    out = {}
    for r in ("1", "2"):
        t = by_category[f"round {r}"]
        out |= {f"cat1_share_r{r}": f"{t.loc['1', 'share of money (%)']:.0f}",
                f"cat1_ph_r{r}": f"{t.loc['1', '£ per head']:.0f}", f"cat3_ph_r{r}": f"{t.loc['3', '£ per head']:.0f}",
                f"all_ph_r{r}": f"{t.loc['all', '£ per head']:.0f}"}
        out |= {f"fifth{v}_r{r}": f"{need.loc[f'round {r}', f'IMD {v}']:.0f}" for v in IMD_VINTAGES}
    more = {v: need.loc["round 2", f"IMD {v}"] > need.loc["round 1", f"IMD {v}"] for v in IMD_VINTAGES}
    out["need_answer"] = ("Yes, on both indices" if all(more.values()) else "No, on neither index"
                          if not any(more.values()) else "On one index only: IMD " + ", ".join(
                              str(v) for v, m in more.items() if m))
    return out


def ledger_facts(ledger: pd.DataFrame, r1: pd.DataFrame, lead: pd.DataFrame, ceilup: pd.DataFrame) -> dict:
    """The page's sentences on the ledger: verdict counts, the Liverpool City Region award, the
    category-1-or-mixed projects, and the CEILUP count under each attribution."""
    counts = ledger["verdict"].value_counts()
    c1m = lead[lead["lead_category"].isin(["1", "mixed"])]
    only_covered = ceilup.loc[(ceilup["£m, bidder"] == 0) & (ceilup["£m, covered"] > 0), ceilup.columns[1]]
    return {"n_claims": len(ledger), "n_reproduced": int(ledger["verdict"].str.startswith("reproduced").sum()),
            "n_consistent": int(counts.get("consistent", 0)), "n_differs": int(counts.get("differs", 0)),
            "n_not_testable": int(counts.get(NOT_TESTABLE, 0)),
            "lcr_m": f"{top_award(r1, 3, 'Liverpool City Region'):.2f}", "n_c1m": len(c1m),
            "mean_c1m": f"{c1m['bid_value'].mean() / 1e6:.1f}",
            **{f"ceilup_{a}": int((ceilup[f"£m, {a}"] == 0).sum()) for a in ATTRIBUTION},
            "ceilup_diff": ", ".join(only_covered) or "none"}


def plot_per_head_by_round(axes, comparisons: dict[str, pd.DataFrame]) -> None:
    """One panel per grouping (:func:`compare_rounds` tables): £ per head of each round, side by side."""
    from analysis import figures

    for ax, (label, t) in zip(axes, comparisons.items()):
        t = t.drop(index="all")
        x = np.arange(len(t))
        for i, rnd in enumerate(["round 1", "round 2"]):
            ax.bar(x + (i - 0.5) * 0.4, t[(rnd, "£ per head")], width=0.4, color=figures.OKABE_ITO[4 + i],
                   label=rnd)
        ax.set_xticks(x, t.index)
        ax.set_xlabel(label)
        ax.grid(axis="x", visible=False)
    axes[0].set_ylabel("£ per resident")
    axes[-1].legend(loc="upper right")  # over the least deprived deciles, where the bars are lowest


def figure_per_head_by_round(res: Result, source: str = SOURCE_LINE):
    """The per-head figure: :func:`plot_per_head_by_round` of the three groupings in the house style,
    titled with the most deprived fifth's share of each round (IMD 2019)."""
    import matplotlib.pyplot as plt

    from analysis import figures

    tables, need = res.by_group, res.need
    population_year = res.params.population_year
    fig, axes = plt.subplots(1, len(tables), figsize=(9, 5.2), sharey=True,
                             gridspec_kw={"width_ratios": [len(t) for t in tables.values()]})
    plot_per_head_by_round(axes, tables)
    figures.finish(fig, title=f"The most deprived fifth of authorities got {need.loc['round 1', 'IMD 2019']:.0f}% of "
                   f"round 1 and {need.loc['round 2', 'IMD 2019']:.0f}% of round 2 (IMD 2019)",
                   subtitle=f"£ per resident (mid-{population_year}) by priority category and IMD decile; a bid counted "
                            f"for {res.params.label('attribution')}", source=source)
    return fig


ALT_PER_HEAD = ("Three bar charts sharing a vertical axis of pounds per resident, with a bar for round 1 and a bar for "
                "round 2 in each group: by priority category, by IMD 2019 decile and by IMD 2025 decile. Category 1 "
                "received the most per head in both rounds; round 1's money per head falls steeply from the most "
                "deprived deciles, while round 2's is spread more evenly across them.")


def figure_per_head(res: Result):
    """:func:`figure_per_head_by_round` as the page shows it: a static figure with a desktop and a phone copy."""
    from analysis import figures

    return figures.static_figure(figure_per_head_by_round(res), alt=ALT_PER_HEAD)


def interactive_money_by_rank(res: Result, source: str = SOURCE_LINE):
    """Money each English LA received in the run's round against its rank on the run's IMD,
    interactive (tooltips: decile, £ per resident, awards); titled with how many of the most deprived
    (``res.top``) received nothing under the run's attribution."""
    from analysis import figures

    p, top = res.params, res.top
    attribution, luf_round, imd_vintage = p.attribution, p.luf_round, p.imd_vintage
    la = res.shown[attribution]
    none = int((top[f"£m, {attribution}"] == 0).sum())
    return figures.interactive_scatter(
        hover_frame(la), "imd_rank", "money_m", name="name", color="group",
        colours={**{f"category {k}": v for k, v in figures.PRIORITY_COLOURS.items()},
                 "most deprived fifth": figures.OKABE_ITO[5], "other LAs": figures.OKABE_ITO[4]},
        hover=["imd_decile", "per_head", "awards"],
        labels={"imd_rank": f"IMD {imd_vintage} rank", "money_m": "Money received (£m)",
                "group": "Group", "imd_decile": "IMD decile", "per_head": "£ per resident",
                "awards": "Awards (shares of bids)"},
        xlabel=f"IMD {imd_vintage} rank of the local authority (1 = most deprived of {len(la)})",
        ylabel=f"Money received from {p.label('luf_round')} (£m)",
        title=f"{none} of the {len(top)} most deprived local authorities received nothing from "
              f"{p.label('luf_round').split(' (')[0]}",
        subtitle=f"Each dot an English local authority; a bid counted for {p.label('attribution')}",
        source=source, figsize=(8, 5),
        alt=(f"Interactive scatter plot of money received in round {luf_round}, in millions of pounds, against IMD "
             f"{imd_vintage} rank for {len(la)} English local authorities. Most points lie at zero; the awards "
             "cluster among the more deprived ranks on the left."))


def hover_frame(la: pd.DataFrame) -> pd.DataFrame:
    """An LA table with display columns for the interactive scatter: ``name``, ``money_m`` (£m) and
    ``group`` (priority category on 2019 LAs; IMD 2025 fifth on 2023 LAs)."""
    if "priority_category" in la.columns:
        return la.assign(name=la["lad19_name"], money_m=la["money"] / 1e6,
                         group=la["priority_category"].map(lambda c: f"category {int(c)}"))
    return la.assign(name=la["lad23_name"], money_m=la["money"] / 1e6,
                     group=np.where(la["imd_decile"] <= 2, "most deprived fifth", "other LAs"))


# --------------------------------------------------------------------------------------------
# tables for people (plain headers, units, no index)

def rounds_long(t: pd.DataFrame, group: str) -> pd.DataFrame:
    """A :func:`compare_rounds` table (a row per group, each round's money, share and £ per head side by
    side) as one row per group and round, so that a phone can show it."""
    long = t.stack(level=0, future_stack=True).rename_axis([group, "round"]).reset_index()
    long[group] = long[group].astype(str).replace({"all": "England"})
    long["round"] = long["round"].str.capitalize()
    return long


def rounds_view(t: pd.DataFrame, group: str, caption: str):
    """:func:`rounds_long` for people: money (£m), share of the round (%) and £ per resident."""
    from analysis import figures

    return figures.table(rounds_long(t, group), {group: group[:1].upper() + group[1:], "round": "Round",
                                                 "money (£m)": "£m", "share of money (%)": "Share (%)",
                                                 "£ per head": "£ per resident"},
                         formats={"money (£m)": 1, "share of money (%)": 1, "£ per head": 1}, caption=caption)


def category_view(res: Result):
    """Table 1: money, share and £ per resident of each round by priority category."""
    return rounds_view(res.by_group["priority category"], "priority category",
                       caption="Table 1. Money from each round by the Fund's priority category of the local authority "
                               f"(the {len(res.rounds['1']['la19'])} authorities of 2019; residents at mid-"
                               f"{res.params.population_year}).")


def decile_view(res: Result, key: str):
    """Money, share and £ per resident of each round by IMD decile (``key``: ``IMD 2019 decile`` or
    ``IMD 2025 decile``)."""
    la = res.rounds["1"]["la19" if key.startswith("IMD 2019") else "la23"]
    return rounds_view(res.by_group[key], key, caption=f"Money from each round by {key} (1 = the most deprived "
                                                       f"tenth; {len(la)} local authorities).")


def top_view(res: Result):
    """Table 2: the most deprived LAs and the money each received under each reading of who received a bid."""
    from analysis import figures

    t, p = res.top, res.params
    name = "lad19_name" if "lad19_name" in t.columns else "lad23_name"
    labels = STUDY_LABELS["attribution"]
    heads = {"imd_rank": f"IMD {p.imd_vintage} rank", name: "Local authority",
             **({"priority_category": "Priority category"} if "priority_category" in t.columns else {}),
             **{f"£m, {a}": f"£m, {SHORT[a]}" for a in ATTRIBUTION}}
    return figures.table(t, heads, formats={f"£m, {a}": 2 for a in ATTRIBUTION},
                         caption=f"Table 2. The {len(t)} most deprived local authorities on IMD {p.imd_vintage} "
                                 f"({imd_vocab.LABEL[p.imd_measure].removeprefix('IMD 2019 ')}) and the money each "
                                 f"received from {p.label('luf_round')}, counting {labels['covered']} (all covered) or "
                                 f"{labels['bidder']} (bidder only).")


def regions_view(res: Result):
    """Table 3: round 1's money per resident by English region, highest first."""
    from analysis import figures

    t = res.regions_per_head.reset_index()
    return figures.table(t, {"rank": "Rank", "region": "Region", "money (£m)": "Round 1 (£m)",
                             "population": f"Residents, mid-{res.params.population_year}",
                             "£ per head": "£ per resident"},
                         formats={"money (£m)": 1, "£ per head": 1},
                         caption="Table 3. Round 1's money on English local authorities by region, per resident.")


def nations_table(res: Result):
    """Table 4: money and share by nation, round 1, round 2 and both (one row per nation and round)."""
    from analysis import figures

    t = nations_view(res).stack(level=1, future_stack=True).rename_axis(["nation", "round"]).reset_index()
    t["round"] = t["round"].str.replace("round", "Round").str.replace("rounds", "Rounds")
    return figures.table(t, {"nation": "Nation", "round": "Round", "£m": "£m", "% of the round": "Share (%)"},
                         formats={"£m": 1, "% of the round": 1},
                         caption="Table 4. Money by nation, from the list of awards (a bid's nation is that of the "
                                 "areas it lists).")


def robustness_view(res: Result):
    """Table 5: the page's two conclusions under each reading of who received a bid and each index."""
    from analysis import figures

    r = res.robustness
    top = [c for c in r.columns if c.startswith("top ")][0]
    t = r.assign(reading=[f"{STUDY_LABELS['attribution'][a][:1].upper() + STUDY_LABELS['attribution'][a][1:]}, "
                          f"IMD {v}" for a, v in zip(r["attribution"], r["imd_vintage"])],
                 more=r["round 2 more to need"].map({True: "yes", False: "no"}))
    return figures.table(t, {"reading": "Who received a bid, and the index", "round 1 in most deprived fifth (%)":
                             "Round 1 (%)", "round 2 in most deprived fifth (%)": "Round 2 (%)",
                             "more": "Round 2 more to need?", top: "With nothing"},
                         formats={"round 1 in most deprived fifth (%)": 1, "round 2 in most deprived fifth (%)": 1},
                         caption=f"Table 5. Under each reading of who received a bid and each index of deprivation "
                                 f"(the other settings as in this run): the share of each round's money in the most "
                                 f"deprived fifth of local authorities, and how many of the {top.split()[1]} most "
                                 "deprived received nothing from round 1.")


def successor_table(res: Result):
    """The 2019 districts that became part of a unitary by April 2023 (for the method)."""
    from analysis import figures

    return figures.table(successor_view(res.lad19_names),
                         {"lad23_code": "2023 code", "lad23_name": "Unitary", "since": "Since",
                          "lad19_code": "2019 code", "lad19_name": "District of 2019"},
                         formats={"since": str}, caption="Every 2019 district that became part of a unitary by "
                                                         "April 2023.")


def shared_table(res: Result, rnd: str):
    """The bids of a round placed through a 2023 unitary or on several 2019 LAs (for the method)."""
    from analysis import figures

    return figures.table(shared_bids(res.rounds[rnd]["placed"], res.lad19_names),
                         {"bid_id": "Bid", "area": "Lead area", "£m": "£m", "2019 LAs": "Local authorities of 2019",
                          "route": "How it was placed"}, formats={"£m": 2},
                         caption=f"Round {rnd}: each bid placed through a 2023 unitary or on several local authorities.")


def unplaced_table(res: Result):
    """The bids not placed on the English geography, with the reason (for the method)."""
    from analysis import figures

    return figures.table(unplaced_view(res), {"bid_id": "Bid", "area": "Lead area", "£m": "£m",
                                              "lad23_codes": "Codes listed", "reason": "Why"},
                         formats={"£m": 2}, caption="Bids of both rounds not placed on English local authorities.")


def none_table(res: Result):
    """The bids no lower-tier LA received when only the named bidder counts (for the method)."""
    from analysis import figures

    return figures.table(none_view(res), {"bid_id": "Bid", "area": "Lead area", "£m": "£m", "reason": "Why"},
                         formats={"£m": 2}, caption="Bids received by no local authority when only the authority "
                                                    "named as the bidder counts.")


def join_tables(res: Result) -> list:
    """Every join between the tables, each with what did not match and why (for the method)."""
    from analysis import figures

    from IPython.display import Markdown

    return [figures.table(r.table(), {"side": "Found only in", "key": "Code", "name": "Name", "reason": "Why"},
                          caption=r.summary()) if len(r.table()) else Markdown(f"*{r.summary()}.*")
            for r in res.reconciliations]


def projects_table(res: Result):
    """Round 1's Great Britain projects by their lead applicant's category (for the method)."""
    from analysis import figures

    t = res.projects.reset_index()
    return figures.table(t, {"lead category": "Lead applicant's category", "projects": "Projects",
                             "money (£m)": "£m", "mean award (£m)": "Mean award (£m)"},
                         formats={"money (£m)": 1, "mean award (£m)": 1},
                         caption="Round 1's projects in England, Scotland and Wales by their lead applicant's "
                                 "priority category.")


def leads_table(res: Result):
    """The bids whose lead applicant is not on the priority list, and the category each takes."""
    from analysis import figures

    return figures.table(lead_view(res), {"bid_id": "Bid", "area": "Lead area", "lead_category": "Category taken",
                                          "how": "How"},
                         caption="The round-1 bids whose lead applicant is not on the priority list.")
