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
from analysis.studies.luf_round1 import ATTRIBUTION, IMD_VINTAGES
from analysis.studies.luf_round1.compute import Result, choices, imd2025_measure, top_award

SOURCE_LINE = ("Levelling Up Fund successful bids, rounds 1 and 2 (HM Treasury/DLUHC; LAD codes by Open Innovations); "
               "priority list (March 2021); IoD 2019 and 2025 (MHCLG); mid-year population (ONS)")


def findings(res: Result) -> dict:
    """The values the method and the first sections quote: each round's bids and the run's choices."""
    p = res.params
    return {**round_facts(res.rounds), "p_attribution": p.attribution, "p_apportion": p.apportion,
            "p_unitary": p.unitary_2023, "p_measure": imd_vocab.LABEL[p.imd_measure],
            "p_measure25": imd2025_measure(p.imd_measure).replace("_", " "), "p_population": p.population_year,
            "n_estimated": res.n_estimated}


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
    axes[0].legend()


def figure_per_head_by_round(res: Result, source: str = SOURCE_LINE):
    """The per-head figure: :func:`plot_per_head_by_round` of the three groupings in the house style,
    titled with the most deprived fifth's share of each round (IMD 2019)."""
    import matplotlib.pyplot as plt

    from analysis import figures

    tables, need = res.by_group, res.need
    population_year, attribution = res.params.population_year, res.params.attribution
    fig, axes = plt.subplots(1, len(tables), figsize=(11, 5.8), sharey=True,
                             gridspec_kw={"width_ratios": [len(t) for t in tables.values()]})
    plot_per_head_by_round(axes, tables)
    figures.finish(fig, title=f"The most deprived fifth of LAs got {need.loc['round 1', 'IMD 2019']:.0f}% of round 1, "
                   f"{need.loc['round 2', 'IMD 2019']:.0f}% of round 2 (IMD 2019)",
                   subtitle=f"£ per resident (mid-{population_year}) by priority category, IMD 2019 decile (2019 LAs) "
                   f"and IMD 2025 decile (2023 LAs); attribution: {attribution}", source=source)
    return fig


def interactive_money_by_rank(res: Result, source: str = SOURCE_LINE):
    """Money each English LA received in the run's round against its rank on the run's IMD,
    interactive (tooltips: decile, £ per resident, awards); titled with how many of the most deprived
    (``res.top``) received nothing under the run's attribution."""
    from analysis import figures

    p, top = res.params, res.top
    attribution, apportion_method, luf_round, imd_vintage = p.attribution, p.apportion, p.luf_round, p.imd_vintage
    la = res.shown[attribution]
    none = int((top[f"£m, {attribution}"] == 0).sum())
    return figures.interactive_scatter(
        hover_frame(la), "imd_rank", "money_m", name="name", color="group",
        colours={**{f"category {k}": v for k, v in figures.PRIORITY_COLOURS.items()},
                 "most deprived fifth": figures.OKABE_ITO[5], "other LAs": figures.OKABE_ITO[4]},
        hover=["imd_decile", "per_head", "awards"],
        labels={"imd_rank": f"IMD {imd_vintage} rank (1 = most deprived)", "money_m": "money received (£m)",
                "group": "LA group", "imd_decile": "IMD decile", "per_head": "£ per resident",
                "awards": "awards (shares of bids)"},
        xlabel=f"IMD {imd_vintage} rank of LA (1 = most deprived of {len(la)})",
        ylabel=f"round {luf_round} money received (£m)",
        title=f"{none} of the {len(top)} most deprived LAs received nothing in round {luf_round}",
        subtitle=f"Each dot an English LA; attribution: {attribution}; shared bids: {apportion_method}",
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
