"""Where the Fund went, for one set of parameters: the LA tables of each round, their summaries by
priority category and deprivation, the most deprived LAs, money per head by region, and the tables
the published figures about round 1 are tested on.

:func:`load` reads and reconciles every table (the only reading in this study); :func:`run` computes
everything the page shows for one set of checked parameters; :func:`analyse` is one round under one
set of choices (the area page and the robustness conclusions use it too); every other function is
pure (tables in, tables out). The bids are placed on the 2019 LAs and attributed in
:mod:`analysis.studies.luf_round1.placing`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data import geography, loaders
from analysis.data import imd as imd_vocab
from analysis.data.geography import COUNTRY, Reconciliation
from analysis.data.loaders import require_columns
from analysis.params import Params
from analysis.studies.luf_round1 import ATTRIBUTION, POPULATION_YEARS
from analysis.studies.luf_round1.placing import apportion, attribute, awards_by, map_bids_to_lad19, split_codes

#: IMD measures in the IoD 2025 LA file (extent and local concentration are not published in it)
IMD2025_MEASURES = ("average_score", "average_rank", "share_most_deprived_10pc")
#: how many of the most deprived LAs the CEILUP chapter's count is taken on
CEILUP_TOP = 10


# --------------------------------------------------------------------------------------------
# deprivation deciles, population and the LA tables


def imd2025_measure(imd_measure: str) -> str:
    """The IoD 2025 measure used for ``imd_measure``: itself where the 2025 file has it, else the
    average score (extent and local concentration are not in the 2025 LA file)."""
    return imd_measure if imd_measure in IMD2025_MEASURES else "average_score"


def imd_deciles(imd: pd.DataFrame, imd_measure: str = "average_score", *, code: str = "lad19_code",
                name: str = "lad19_name") -> pd.DataFrame:
    """IMD decile of each LA from a published rank (1 = most deprived): ``code, name, imd_rank, imd_decile``.

    ``decile = floor((rank - 1) * 10 / N) + 1`` with N the number of LAs (317 in 2019, 296 in 2025):
    deciles 1 to 10 of N/10 LAs when ranks are untied; tied ranks share a decile.
    """
    col = imd_vocab.rank_column(imd_measure)
    require_columns(imd, [code, name, col], "IMD table")
    n = len(imd)
    rank = imd[col].astype(int)
    if rank.min() < 1 or rank.max() > n:
        raise ValueError(f"{col}: ranks must lie in 1..{n}; found {rank.min()}..{rank.max()}")
    out = imd[[code, name]].copy()
    out["imd_rank"] = rank.values
    out["imd_decile"] = (rank.values - 1) * 10 // n + 1
    return out.reset_index(drop=True)


def population_lad23(pop: pd.DataFrame, year: int = 2022) -> pd.DataFrame:
    """Residents of each English LA of 2023 (both sexes, all ages): ``lad23_code, lad23_name, population``."""
    require_columns(pop, ["area_code", "area_name", f"female_{year}", f"male_{year}"], "population estimates")
    la = pop[pop["area_code"].str.match(r"^E0[6-9]\d{6}$")]
    out = (la.assign(population=la[f"female_{year}"] + la[f"male_{year}"])
           .groupby(["area_code", "area_name"], as_index=False)["population"].sum())
    return out.rename(columns={"area_code": "lad23_code", "area_name": "lad23_name"})


def population_lad19(pop23: pd.DataFrame, mapping: pd.DataFrame, electors: pd.DataFrame) -> pd.DataFrame:
    """Residents of each 2019 LAD: its own 2023 figure, or, for a district merged since, the 2023
    unitary's population shared in proportion to the districts' 2016 electorates (an estimate,
    flagged ``population_estimated``; the shares of a unitary add up to its population exactly)."""
    require_columns(mapping, ["lad19_code", "lad23_code"], "2019 -> 2023 mapping")
    require_columns(electors, ["lad19_code", "electorate"], "electors")
    m = mapping.merge(pop23[["lad23_code", "population"]], on="lad23_code", how="left", validate="many_to_one")
    if m["population"].isna().any():
        raise ValueError(f"2023 LAs without a population: {sorted(m.loc[m['population'].isna(), 'lad23_code'])}")
    m = m.merge(electors[["lad19_code", "electorate"]], on="lad19_code", how="left", validate="one_to_one")
    share = m["electorate"] / m.groupby("lad23_code")["electorate"].transform("sum")
    n = m.groupby("lad23_code")["lad19_code"].transform("size")
    m["population"] = np.where(n > 1, m["population"] * share, m["population"])
    m["population_estimated"] = n > 1
    return m[["lad19_code", "population", "population_estimated"]]


def la_table(awards: pd.DataFrame, priority: pd.DataFrame, deciles: pd.DataFrame,
             population: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per 2019 LAD: priority category, IMD rank and decile, money, awards (0 if none).

    ``priority`` (``lad19_code, priority_category``) and ``deciles`` (:func:`imd_deciles`) must
    cover the same LAs; ``awards`` (:func:`awards_by`) must name only those LAs. With ``population``
    (``lad19_code, population``), adds ``population`` and ``per_head`` (GBP per resident).
    """
    require_columns(priority, ["lad19_code", "priority_category"], "priority table")
    base = deciles.merge(priority[["lad19_code", "priority_category"]], on="lad19_code", how="outer",
                         indicator=True, validate="one_to_one")
    if (base["_merge"] != "both").any():
        raise ValueError(f"priority and IMD tables cover different LAs: "
                         f"{sorted(base.loc[base['_merge'] != 'both', 'lad19_code'])}")
    return _with_money(base.drop(columns="_merge"), awards, "lad19_code", population)


def la_table_2023(alloc: pd.DataFrame, mapping: pd.DataFrame, deciles25: pd.DataFrame,
                  population: pd.DataFrame) -> pd.DataFrame:
    """One row per 2023 LAD: IMD 2025 rank and decile, money, awards, population, per head.

    ``alloc`` (:func:`attribute`) is on 2019 LADs; each is summed into its 2023 LAD through
    ``mapping`` (:func:`analysis.data.geography.lad19_to_lad23`), so no money is lost or split.
    """
    a = alloc.drop(columns="lad23_code", errors="ignore")  # the code the bid listed, not the LA's own
    a = a.merge(mapping[["lad19_code", "lad23_code"]], on="lad19_code", how="left", validate="many_to_one")
    if a["lad23_code"].isna().any():
        raise ValueError(f"2019 LADs without a 2023 LAD: {sorted(a.loc[a['lad23_code'].isna(), 'lad19_code'].unique())}")
    return _with_money(deciles25, awards_by(a, "lad23_code"), "lad23_code", population)


def _with_money(base: pd.DataFrame, awards: pd.DataFrame, key: str, population: pd.DataFrame | None) -> pd.DataFrame:
    unknown = sorted(set(awards[key]) - set(base[key]))
    if unknown:
        raise ValueError(f"awards name LAs outside the LA table: {unknown}")
    out = base.merge(awards, on=key, how="left")
    out[["money", "awards"]] = out[["money", "awards"]].fillna(0.0)
    out["bids"] = out["bids"].fillna(0).astype(int)
    if population is not None:
        require_columns(population, [key, "population"], "population")
        out = out.merge(population[[key, "population"]], on=key, how="left", validate="one_to_one")
        if out["population"].isna().any():
            raise ValueError(f"LAs without a population: {sorted(out.loc[out['population'].isna(), key])}")
        out["per_head"] = out["money"] / out["population"]
    return out.sort_values("imd_rank", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# summaries


def summarise(la: pd.DataFrame, by: str) -> pd.DataFrame:
    """Money and awards by a grouping column (e.g. ``priority_category``, ``imd_decile``), with a total row.

    Columns: LAs, LAs with an award, awards, money (GBP m), share of money (%), and, when the LA
    table has ``population``, GBP per head (the group's money over its residents).
    """
    require_columns(la, [by, "money", "awards"], "LA table")
    g = la.groupby(by)
    out = pd.DataFrame({"LAs": g.size(), "LAs with an award": g["money"].apply(lambda s: int((s > 0).sum())),
                        "awards": g["awards"].sum(), "money (£m)": g["money"].sum() / 1e6})
    total = pd.DataFrame({"LAs": [len(la)], "LAs with an award": [int((la["money"] > 0).sum())],
                          "awards": [la["awards"].sum()], "money (£m)": [la["money"].sum() / 1e6]},
                         index=pd.Index(["all"], name=by))
    if "population" in la.columns:
        out["£ per head"] = g["money"].sum() / g["population"].sum()
        total["£ per head"] = la["money"].sum() / la["population"].sum()
    out.index = out.index.astype(str)
    out = pd.concat([out, total])
    out.insert(4, "share of money (%)", 100 * out["money (£m)"] / out.loc["all", "money (£m)"]
               if out.loc["all", "money (£m)"] > 0 else np.nan)
    out.index.name = by
    return out


def compare_rounds(tables: dict[str, pd.DataFrame], by: str) -> pd.DataFrame:
    """:func:`summarise` of each round's LA table side by side: share of money (%) and £ per head."""
    parts = {f"round {r}": summarise(t, by)[["money (£m)", "share of money (%)", "£ per head"]]
             for r, t in tables.items()}
    return pd.concat(parts, axis=1)


def most_deprived_share(la: pd.DataFrame, deciles: tuple[int, ...] = (1, 2)) -> float:
    """Per cent of the table's money in the LAs of ``deciles`` (default the most deprived fifth)."""
    require_columns(la, ["imd_decile", "money"], "LA table")
    total = la["money"].sum()
    return float(100 * la.loc[la["imd_decile"].isin(deciles), "money"].sum() / total) if total > 0 else np.nan


def most_deprived(la: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` most deprived LAs (by ``imd_rank``) with what each received."""
    name = "lad19_name" if "lad19_name" in la.columns else "lad23_name"
    cols = ["imd_rank", name, *[c for c in ("priority_category",) if c in la.columns], "bids", "awards", "money"]
    cols += [c for c in ("per_head",) if c in la.columns]
    return la.nsmallest(n, "imd_rank")[cols].reset_index(drop=True)


def most_deprived_by_attribution(tables: dict[str, pd.DataFrame], n: int = 10) -> pd.DataFrame:
    """The ``n`` most deprived LAs with the money (£m) each received under each attribution."""
    first = next(iter(tables.values()))
    out = most_deprived(first, n).drop(columns=["bids", "awards", "money", "per_head"], errors="ignore")
    name = out.columns[1]
    for attribution, la in tables.items():
        top = most_deprived(la, n).set_index(name)["money"]
        out[f"£m, {attribution}"] = out[name].map(top) / 1e6
    return out


def region_per_head(la: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Money, residents and £ per head by English region, highest per head first, with its ``rank``."""
    require_columns(la, ["lad19_code", "money", "population"], "LA table")
    require_columns(regions, ["lad19_code", "region"], "regions")
    m = la.merge(regions[["lad19_code", "region"]], on="lad19_code", how="left", validate="one_to_one")
    if m["region"].isna().any():
        raise ValueError(f"LADs without a region: {sorted(m.loc[m['region'].isna(), 'lad19_code'])}")
    g = m.groupby("region")
    out = pd.DataFrame({"money (£m)": g["money"].sum() / 1e6, "population": g["population"].sum()})
    out["£ per head"] = 1e6 * out["money (£m)"] / out["population"]
    out = out.sort_values("£ per head", ascending=False)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


# --------------------------------------------------------------------------------------------
# nations and regions (for the published figures)


def by_nation(bids: pd.DataFrame) -> pd.DataFrame:
    """Bids and money by nation, from the first letter of the bid's codes (one nation per bid)."""
    long = split_codes(bids)
    nat = long.groupby("bid_id")["lad23_code"].agg(lambda s: sorted({COUNTRY.get(c[0], "unknown") for c in s}))
    mixed = nat[nat.str.len() > 1]
    if len(mixed):
        raise ValueError(f"bids spanning nations: {mixed.to_dict()}")
    b = bids.set_index("bid_id").assign(nation=nat.str[0])
    g = b.groupby("nation")
    return pd.DataFrame({"bids": g.size(), "money": g["bid_value"].sum()})


def by_region(alloc: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Bids touching each English region (a bid counts once per region it touches) and money (apportioned).

    ``regions`` maps ``lad19_code`` to ``region`` (e.g. the referendum file's regions).
    """
    require_columns(regions, ["lad19_code", "region"], "regions")
    m = alloc.merge(regions[["lad19_code", "region"]], on="lad19_code", how="left")
    if m["region"].isna().any():
        raise ValueError(f"LADs without a region: {sorted(m.loc[m['region'].isna(), 'lad19_code'].unique())}")
    g = m.groupby("region")
    return pd.DataFrame({"bids": g["bid_id"].nunique(), "money": g["value"].sum()})


# --------------------------------------------------------------------------------------------
# the lead applicant's category (Great Britain), for figures published per project

#: spellings in the award list that differ from the priority list's (which spells "Rhondda Cynon Taff")
LEAD_ALIASES = {"Rhondda Cynon Taf": "Rhondda Cynon Taff"}


def lead_categories(bids: pd.DataFrame, priority: pd.DataFrame, placed_categories: pd.DataFrame,
                    aliases: dict | None = None) -> pd.DataFrame:
    """Each Great Britain bid's priority category, by its lead applicant (one category per project).

    ``priority`` is the March 2021 list (``name, priority_category``; England, Scotland, Wales).
    The lead area's name (after ``aliases``) is looked up on the list. A lead not on the list (a
    county, a combined authority, a 2023 unitary) takes the category of the 2019 LADs the bid is
    placed on (``placed_categories``: ``bid_id, priority_category``) when they all share one, and is
    ``'mixed'`` otherwise. Northern Ireland had no categories and must be excluded by the caller.
    """
    require_columns(bids, ["bid_id", "area", "bid_value"], "bids")
    require_columns(priority, ["name", "priority_category"], "priority list")
    require_columns(placed_categories, ["bid_id", "priority_category"], "placed categories")
    aliases = LEAD_ALIASES if aliases is None else aliases
    cat = priority.set_index("name")["priority_category"]
    placed = placed_categories.groupby("bid_id")["priority_category"].agg(lambda s: sorted(set(s)))
    rows = []
    for r in bids.itertuples(index=False):
        name = aliases.get(r.area, r.area)
        if name in cat.index:
            rows.append((r.bid_id, str(int(cat[name])), "lead area on the list"))
        elif r.bid_id in placed.index and len(placed[r.bid_id]) == 1:
            rows.append((r.bid_id, str(int(placed[r.bid_id][0])), "lead not on the list: its LADs' category"))
        elif r.bid_id in placed.index:
            rows.append((r.bid_id, "mixed", "lead not on the list: its LADs differ in category"))
        else:
            rows.append((r.bid_id, "none", "lead not on the list and no LAD placed"))
    out = pd.DataFrame(rows, columns=["bid_id", "lead_category", "how"])
    return bids[["bid_id", "area", "bid_value"]].merge(out, on="bid_id")


def projects_by_category(lead: pd.DataFrame) -> pd.DataFrame:
    """Projects, money (GBP m) and mean award (GBP m) by lead category, with a total row."""
    require_columns(lead, ["lead_category", "bid_value"], "lead categories")
    g = lead.groupby("lead_category")
    out = pd.DataFrame({"projects": g.size(), "money (£m)": g["bid_value"].sum() / 1e6})
    out.loc["all"] = [len(lead), lead["bid_value"].sum() / 1e6]
    out["projects"] = out["projects"].astype(int)
    out["mean award (£m)"] = out["money (£m)"] / out["projects"]
    out.index.name = "lead category"
    return out


def top_award(bids: pd.DataFrame, i: int, name: str) -> float | None:
    """The ``i``-th largest award (0 = largest) in £m if its lead area is ``name``, else None."""
    r = bids.sort_values("bid_value", ascending=False).iloc[i]
    return r["bid_value"] / 1e6 if r["area"] == name else None


# --------------------------------------------------------------------------------------------
# load: every table, read and reconciled once


@dataclass(frozen=True)
class Inputs:
    bids: pd.DataFrame               # the successful bids of both rounds, with their 2023 LAD codes
    imd19: pd.DataFrame              # IoD 2019 File 10 (317 LADs of 2019)
    imd25: pd.DataFrame              # IoD 2025 File 10, its LADs of 2024 named lad23_code
    population: pd.DataFrame         # mid-year population by LA of 2023, sex and age
    priority: pd.DataFrame           # each 2019 LAD's priority category
    priority_list: pd.DataFrame      # the March 2021 list as published (Great Britain)
    lad19_names: pd.Series           # 2019 LAD code -> name
    mapping: pd.DataFrame            # 2019 LAD -> 2023 LAD
    electors: pd.DataFrame           # the 2016 electorate by 2019 LAD
    regions: pd.DataFrame            # the region of each 2019 LAD (referendum file)
    reconciliations: tuple[Reconciliation, ...]  # priority, electors, population (direct, then mapped), IoD 2025


def load() -> Inputs:
    """Every table the analysis uses, loaded and reconciled (the only reading in this study).

    IoD 2025's LADs of April 2024 are the English LADs of April 2023, so its codes are named
    ``lad23_code`` here (the reconciliations show they equal the population file's 2023 codes).
    """
    imd19 = loaders.imd_lad()
    imd25 = loaders.imd2025_lad().rename(columns={"lad24_code": "lad23_code", "lad24_name": "lad23_name"})
    pop = loaders.population_2022()
    priority_list = loaders.luf_priority()
    priority, rec_priority = geography.luf_priority_lad19(priority_list, imd19)
    lookup = loaders.lookup_lad17_lad19()
    mapping, rec_pop_direct, rec_pop = geography.reconcile_lad19_lad23(
        imd19, population_lad23(pop), name="IoD 2019 LADs -> mid-year population", right_label="population (2023 LAs)")
    _, _, rec_imd25 = geography.reconcile_lad19_lad23(imd19, imd25, name="IoD 2019 LADs -> IoD 2025",
                                                      right_label="IoD 2025 (2024 LAs)")
    ref = geography.referendum_england(loaders.referendum(), lookup, imd19.set_index("lad19_code")["lad19_name"], "lad19")
    _, rec_electors = geography.reconcile(ref[["lad19_code"]], imd19, "lad19_code",
                                          name="referendum electorate -> IoD 2019", left_label="referendum 2016 (LAD19)",
                                          right_label="IoD 2019 File 10", right_name="lad19_name",
                                          reasons=geography.known_reasons(lookup))
    return Inputs(bids=loaders.luf_bids(), imd19=imd19, imd25=imd25, population=pop, priority=priority,
                  priority_list=priority_list, lad19_names=imd19.set_index("lad19_code")["lad19_name"],
                  mapping=mapping, electors=ref[["lad19_code", "electorate"]], regions=ref[["lad19_code", "region"]],
                  reconciliations=(rec_priority, rec_electors, rec_pop_direct, rec_pop, rec_imd25))


def join_facts(inp: Inputs) -> dict:
    """The counts the page states about its joins, from the reconciliations of :func:`load`."""
    rec_priority, _, rec_pop_direct, rec_pop, rec_imd25 = inp.reconciliations
    listed = inp.priority_list
    return {"n_listed_england": int((listed["country"] == "England").sum()),
            "n_merged_districts": len(rec_pop_direct.unmatched_left),
            "n_new_unitaries": len(rec_pop_direct.unmatched_right),
            "n_lad23_matched": rec_pop.matched, "n_imd25_matched": rec_imd25.matched,
            "n_unexplained": sum(len(r.unexplained) for r in inp.reconciliations)}


# --------------------------------------------------------------------------------------------
# one round under one set of choices


def select_round(bids: pd.DataFrame, luf_round: str) -> pd.DataFrame:
    """The bids of round ``"1"``, ``"2"`` or ``"both"``."""
    return (bids if luf_round == "both" else bids[bids["round"] == int(luf_round)]).reset_index(drop=True)


def analyse(inp: Inputs, luf_round: str = "1", *, attribution: str = "covered", apportion_method: str = "equal",
            unitary_2023: str = "lead_name", imd_measure: str = "average_score",
            population_year: int = 2022) -> dict:
    """One round (or both) under one set of choices: the placed and unplaced bids, the money each
    LA received (``alloc``), the bids received by no LA, and the LA tables on 2019 LADs (``la19``:
    category, IMD 2019) and on 2023 LADs (``la23``: IMD 2025), each with population and £ per head.

    The choices are the study's parameters (``apportion_method`` is ``apportion``), already checked."""
    bids = select_round(inp.bids, luf_round)
    placed, unplaced = map_bids_to_lad19(bids, inp.lad19_names, unitary_2023=unitary_2023)
    alloc, none = attribute(placed, bids, inp.lad19_names, attribution, apportion_method)
    pop23 = population_lad23(inp.population, population_year)
    pop19 = population_lad19(pop23, inp.mapping, inp.electors)
    dec19 = imd_deciles(inp.imd19, imd_measure)
    dec25 = imd_deciles(inp.imd25, imd2025_measure(imd_measure), code="lad23_code", name="lad23_name")
    return {"bids": bids, "placed": placed, "unplaced": unplaced, "alloc": alloc, "credited_to_none": none,
            "la19": la_table(awards_by(alloc), inp.priority, dec19, pop19),
            "la23": la_table_2023(alloc, inp.mapping, dec25, pop23)}


def choices(params: Params) -> dict:
    """The keyword arguments of :func:`analyse` that the parameters set (all but the round)."""
    return dict(attribution=params.attribution, apportion_method=params.apportion, unitary_2023=params.unitary_2023,
                imd_measure=params.imd_measure, population_year=params.population_year)


def need_comparison(results: dict[str, dict]) -> pd.DataFrame:
    """Per cent of each round's money in the most deprived fifth of LAs (IMD deciles 1-2), on IMD
    2019 (317 LAs of 2019) and IMD 2025 (296 LAs of 2023); ``results`` maps round -> :func:`analyse`."""
    rows = {f"round {r}": {"IMD 2019": most_deprived_share(res["la19"]), "IMD 2025": most_deprived_share(res["la23"])}
            for r, res in results.items()}
    return pd.DataFrame(rows).T.rename_axis("round")


def robustness(results: dict[str, dict[str, dict]], n: int = CEILUP_TOP) -> pd.DataFrame:
    """The page's two conclusions under each attribution and IMD vintage, one row per pair.

    ``results[attribution][round]`` is :func:`analyse` of rounds ``"1"`` and ``"2"`` under each
    attribution (the other choices as in the run). Columns: ``attribution``, ``imd_vintage``, the per
    cent of round 1's and round 2's money in the most deprived fifth of LAs on that IMD, ``round 2
    more to need`` (True if round 2's share is the larger) and ``top n with nothing in round 1`` (the
    CEILUP count: of the ``n`` most deprived LAs on that IMD, how many received nothing in round 1).
    """
    rows = []
    for attribution, res in results.items():
        for vintage, key in ((2019, "la19"), (2025, "la23")):
            s1, s2 = most_deprived_share(res["1"][key]), most_deprived_share(res["2"][key])
            rows.append({"attribution": attribution, "imd_vintage": vintage,
                         "round 1 in most deprived fifth (%)": s1, "round 2 in most deprived fifth (%)": s2,
                         "round 2 more to need": bool(s2 > s1),
                         f"top {n} with nothing in round 1": int((most_deprived(res["1"][key], n)["money"] == 0).sum())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# run: everything the page shows


@dataclass(frozen=True)
class Result:
    params: Params
    rounds: dict[str, dict]                 # analyse() of rounds 1, 2 and both under the run's choices
    credited_to_none: dict[str, pd.DataFrame]  # rounds 1 and 2: the bids no LA received under 'bidder'
    by_group: dict[str, pd.DataFrame]       # compare_rounds by priority category, IMD 2019 and IMD 2025 decile
    need: pd.DataFrame                      # each round's share in the most deprived fifth, on each IMD
    shown: dict[str, pd.DataFrame]          # the LA table of params.luf_round on params.imd_vintage, by attribution
    top: pd.DataFrame                       # the params.n_most_deprived most deprived of them, money by attribution
    regions_per_head: pd.DataFrame          # round 1's money per head by English region
    other_year: int                         # the population year not chosen
    regions_per_head_other_year: pd.DataFrame  # the same, over the other year's residents
    ceilup: pd.DataFrame                    # round 1's ten most deprived on IMD 2019, money by attribution
    nations: pd.DataFrame                   # round 1's bids and money by nation
    nations_by_round: dict[str, pd.DataFrame]  # rounds 1 and 2: bids and money by nation
    regions: pd.DataFrame                   # round 1's bids and money (equal shares) by English region
    lead: pd.DataFrame                      # round 1's Great Britain bids by lead applicant's category
    projects: pd.DataFrame                  # projects, money and mean award by lead category
    robustness: pd.DataFrame                # the two conclusions under each attribution and IMD vintage
    joins: dict                             # the counts the page states about its joins
    reconciliations: tuple[Reconciliation, ...]
    lad19_names: pd.Series
    n_estimated: int                        # 2019 districts whose population is estimated (merged since)


def run(inputs: Inputs, params: Params) -> Result:
    """The whole page for one set of checked parameters (each distinct round and choice analysed once)."""
    base = choices(params)
    memo: dict[tuple, dict] = {}

    def an(r: str, **changes) -> dict:
        c = {**base, **changes}
        key = (r, *c.values())
        if key not in memo:
            memo[key] = analyse(inputs, r, **c)
        return memo[key]

    rounds = {r: an(r) for r in ("1", "2", "both")}
    by_group = {"priority category": compare_rounds({r: rounds[r]["la19"] for r in ("1", "2")}, "priority_category"),
                "IMD 2019 decile": compare_rounds({r: rounds[r]["la19"] for r in ("1", "2")}, "imd_decile"),
                "IMD 2025 decile": compare_rounds({r: rounds[r]["la23"] for r in ("1", "2")}, "imd_decile")}
    key = "la19" if params.imd_vintage == 2019 else "la23"
    shown = {a: an(params.luf_round, attribution=a)[key] for a in ATTRIBUTION}
    other = next(y for y in POPULATION_YEARS if y != params.population_year)
    r1, placed = rounds["1"]["bids"], rounds["1"]["placed"]
    pc = placed.merge(inputs.priority[["lad19_code", "priority_category"]], on="lad19_code")
    lead = lead_categories(r1[~r1["lad23_codes"].str.startswith("N")], inputs.priority_list, pc)
    return Result(
        params=params, rounds=rounds, credited_to_none={r: an(r, attribution="bidder")["credited_to_none"]
                                                        for r in ("1", "2")},
        by_group=by_group, need=need_comparison({r: rounds[r] for r in ("1", "2")}), shown=shown,
        top=most_deprived_by_attribution(shown, params.n_most_deprived),
        regions_per_head=region_per_head(rounds["1"]["la19"], inputs.regions), other_year=other,
        regions_per_head_other_year=region_per_head(an("1", population_year=other)["la19"], inputs.regions),
        ceilup=most_deprived_by_attribution({a: an("1", attribution=a)["la19"] for a in ATTRIBUTION}, CEILUP_TOP),
        nations=by_nation(r1), nations_by_round={r: by_nation(rounds[r]["bids"]) for r in ("1", "2")}, regions=by_region(apportion(placed, "equal"), inputs.regions), lead=lead,
        projects=projects_by_category(lead),
        robustness=robustness({a: {r: an(r, attribution=a) for r in ("1", "2")} for a in ATTRIBUTION}),
        joins=join_facts(inputs), reconciliations=inputs.reconciliations, lad19_names=inputs.lad19_names,
        n_estimated=int(inputs.mapping["merged"].sum()))
