"""Where the Levelling Up Fund went, both rounds, per head (analysis ``luf_round1``).

The award list (``loaders.luf_bids()``) gives each successful bid, of round 1 (Oct 2021) or round 2
(Jan 2023), one or more **2023** LAD codes. This module maps them back to the 317 English LADs of
2019 (IoD 2019 File 10, and the priority list via :func:`analysis.data.geography.luf_priority_lad19`),
attributes each bid to LAs (every LA it covers, or only the authority named as the bidder), and
summarises money, awards and money per head by priority category, by IMD 2019 decile (2019 LAs) and
by IMD 2025 decile (2023 LAs, :func:`analysis.data.geography.lad19_to_lad23`).

Every function but :func:`inputs` is pure (tables in, tables out). Bids that cannot be placed on the
English geography (Scotland, Wales, Northern Ireland, an unknown code) or that have no lower-tier
bidder are never dropped silently: they come back in a report with the reason.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.data import geography, loaders
from analysis.data import imd as imd_vocab
from analysis.data.geography import COUNTRY, SUCCESSORS_2023
from analysis.data.loaders import require_columns
from analysis.errors import ParameterError, check_choice
from analysis.ledger import claims

ANALYSIS, PAGE = "luf_round1", "notebooks/04_luf_round1"

#: how a bid covering several 2019 LADs is shared among them (attribution ``covered``)
APPORTION = ("equal", "whole")
#: what a code of a 2023 unitary stands for
UNITARY_2023 = ("lead_name", "predecessors")
#: who "received" a bid: every LA it covers, or only the authority named as the bidder
ATTRIBUTION = ("covered", "bidder")
#: which round(s) the most-deprived table and the scatter show (the tables show both rounds)
ROUNDS = ("1", "2", "both")
#: the IMD the most-deprived table and the scatter rank LAs on
IMD_VINTAGES = (2019, 2025)
#: the mid-year population that money per head is divided by
POPULATION_YEARS = (2022, 2011)
#: IMD measures in the IoD 2025 LA file (extent and local concentration are not published in it)
IMD2025_MEASURES = ("average_score", "average_rank", "share_most_deprived_10pc")


# --------------------------------------------------------------------------------------------
# the bidder's name

#: bidder names (after :func:`bidder_name`) that are a 2019 LA under another name
BIDDER_ALIASES = {"BCP": "Bournemouth, Christchurch and Poole"}


def bidder_name(area: str) -> str:
    """The authority's name in a bid's lead-applicant field, without the council's legal style.

    Round 1 gives plain names ("Barrow-in-Furness"); round 2 the legal name ("Allerdale Borough
    Council", "London Borough of Hackney", "The District Council of Folkestone and Hythe",
    "Kent County Council*"). The footnote star, a leading "The", "London Borough of", "Borough of",
    "... Council of" and a trailing "(Metropolitan/County) Borough/City/District/County Council" or
    "Council" are removed; "&" is read as "and"; :data:`BIDDER_ALIASES` then applies.
    """
    s = str(area).replace("*", "").replace("&", "and").strip()
    s = re.sub(r"^(the\s+)?((london\s+)?borough of|(district|borough|city) council of|city and county of)\s+", "",
               s, flags=re.I)
    s = re.sub(r"\s+((metropolitan|county)\s+)?((borough|city|district|county)\s+)?council$", "", s, flags=re.I)
    s = re.sub(r"\s+", " ", s).strip()
    return BIDDER_ALIASES.get(s, s)


# --------------------------------------------------------------------------------------------
# 2023 codes -> 2019 LADs


def split_codes(bids: pd.DataFrame) -> pd.DataFrame:
    """One row per (bid, listed 2023 code), in the listed order, with ``n_codes`` per bid."""
    require_columns(bids, ["bid_id", "area", "bid_value", "lad23_codes"], "bids")
    if not bids["bid_id"].is_unique:
        raise ValueError("bids: bid_id is not unique")
    codes = bids["lad23_codes"].fillna("").str.split(";")
    if (codes.map(lambda c: [x for x in c if x.strip()]).str.len() == 0).any():
        bad = bids.loc[codes.map(lambda c: not [x for x in c if x.strip()]), "bid_id"].tolist()
        raise ValueError(f"bids: lad23_codes is empty for {bad}")
    long = bids.assign(lad23_code=codes).explode("lad23_code")
    long["lad23_code"] = long["lad23_code"].str.strip()
    long = long[long["lad23_code"] != ""]
    long["n_codes"] = long.groupby("bid_id")["lad23_code"].transform("size")
    return long.reset_index(drop=True)


def map_bids_to_lad19(bids: pd.DataFrame, lad19_names: pd.Series, *, unitary_2023: str = "lead_name",
                      successors: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Place each bid's 2023 codes on the English LADs of 2019.

    ``lad19_names`` maps every 2019 LAD code to its name (IoD 2019 File 10). A 2023 code that is a
    2019 code is kept (``route = 'unchanged'``). A code of a unitary created since 2019
    (``successors``, default :data:`analysis.data.geography.SUCCESSORS_2023`) stands, with
    ``unitary_2023 = 'predecessors'``, for all the districts it replaced; with ``'lead_name'`` it
    stands for the one predecessor whose name is the bid's lead area (e.g. Barrow-in-Furness, or
    "Allerdale Borough Council" in round 2; see :func:`bidder_name`), and for all of them when no
    predecessor is so named.

    Returns ``(placed, report)``: ``placed`` has one row per (bid, 2019 LAD) with ``lad19_code``
    and ``route``; ``report`` has one row per bid with a code that could not be placed in England:
    those codes, the reason, and ``partly_placed`` (True if the bid's other codes were placed, in
    which case its whole value goes to the placed LADs).
    """
    check_choice("unitary_2023", unitary_2023, UNITARY_2023)
    successors = SUCCESSORS_2023 if successors is None else successors
    long = split_codes(bids)
    names = {k: geography.name_key(v) for k, v in lad19_names.items()}
    placed, report = [], []
    for r in long.itertuples(index=False):
        code = r.lad23_code
        base = {"bid_id": r.bid_id, "lad23_code": code}
        if code[:1] in "WSN" and code[1:2].isdigit():
            report.append({**base, "reason": f"{COUNTRY[code[0]]}: outside England (no IoD 2019 or English "
                                             f"priority category on the 2019 LADs)"})
        elif code in names:
            placed.append({**base, "lad19_code": code, "route": "unchanged"})
        elif code in successors:
            uname, preds = successors[code]
            lead = [p for p in preds if names.get(p) == geography.name_key(bidder_name(r.area))]
            if unitary_2023 == "lead_name" and lead:
                placed.append({**base, "lad19_code": lead[0], "route": f"{uname} (2023) -> lead-named district"})
            else:
                for p in preds:
                    placed.append({**base, "lad19_code": p, "route": f"{uname} (2023) -> its 2019 districts"})
        else:
            report.append({**base, "reason": "unexplained: not a 2019 LAD code and not a known 2023 unitary"})
    keep = ["bid_id", "area", "bid_name", "bid_value"]
    keep = [c for c in keep if c in bids.columns]
    placed = pd.DataFrame(placed, columns=["bid_id", "lad23_code", "lad19_code", "route"])
    placed = placed.merge(bids[keep], on="bid_id", how="left")
    placed = placed.drop_duplicates(["bid_id", "lad19_code"]).reset_index(drop=True)
    report = pd.DataFrame(report, columns=["bid_id", "lad23_code", "reason"])
    report = (report.groupby("bid_id", sort=True)
              .agg(lad23_codes=("lad23_code", ";".join), reason=("reason", lambda s: "; ".join(dict.fromkeys(s))))
              .reset_index().merge(bids[keep], on="bid_id", how="left"))
    partly = sorted(set(report["bid_id"]) & set(placed["bid_id"]))
    report["partly_placed"] = report["bid_id"].isin(partly)
    return placed, report[["bid_id", *keep[1:], "lad23_codes", "reason", "partly_placed"]]


def apportion(placed: pd.DataFrame, method: str = "equal") -> pd.DataFrame:
    """Add ``weight`` and ``value``: each bid's share of an award and of its money, per 2019 LAD.

    ``equal``: a bid placed on *n* LADs gives each 1/*n* of its value and 1/*n* of an award, so
    totals are conserved. ``whole``: each LAD is credited with the full value and a full award, so
    totals count a shared bid once per LAD (say so wherever totals are shown).
    """
    check_choice("apportion", method, APPORTION)
    require_columns(placed, ["bid_id", "lad19_code", "bid_value"], "placed bids")
    out = placed.copy()
    n = out.groupby("bid_id")["lad19_code"].transform("size")
    out["n_lads"] = n
    out["weight"] = 1.0 / n if method == "equal" else 1.0
    out["value"] = out["bid_value"] * out["weight"]
    return out


# --------------------------------------------------------------------------------------------
# who received a bid: every LA it covers, or the bidder


def bidder_lad19(bids: pd.DataFrame, lad19_names: pd.Series) -> pd.DataFrame:
    """Each bid's bidder (:func:`bidder_name`) and its 2019 LAD code, or None when the bidder is not
    a lower-tier LA of 2019 (a county, a combined authority, the GLA, a 2023 unitary, a company)."""
    require_columns(bids, ["bid_id", "area"], "bids")
    lookup = {geography.name_key(v): k for k, v in lad19_names.items()}
    out = bids[["bid_id", "area"]].copy()
    out["bidder"] = out["area"].map(bidder_name)
    out["lad19_code"] = out["bidder"].map(lambda b: lookup.get(geography.name_key(b)))
    return out.reset_index(drop=True)


def attribute(placed: pd.DataFrame, bids: pd.DataFrame, lad19_names: pd.Series, attribution: str = "covered",
              method: str = "equal") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Which 2019 LADs received each placed bid: ``(alloc, credited_to_none)``.

    ``covered``: every LA the bid covers receives a share (:func:`apportion` with ``method``).
    ``bidder``: only the LA named as the bidder receives it, whole (weight 1); a bid whose bidder is
    not a lower-tier LA of 2019, or is not among the LAs the bid covers, is received by no LA and
    comes back in ``credited_to_none`` with the reason. ``alloc`` has ``bid_id, lad19_code, weight,
    value`` (and the bid's columns); its money is what the LA tables count.
    """
    check_choice("attribution", attribution, ATTRIBUTION)
    none = pd.DataFrame(columns=["bid_id", "area", "bid_value", "reason"])
    if attribution == "covered":
        return apportion(placed, method), none
    require_columns(placed, ["bid_id", "lad19_code", "bid_value"], "placed bids")
    covered = placed.groupby("bid_id")["lad19_code"].agg(set)
    who = bidder_lad19(bids[bids["bid_id"].isin(covered.index)], lad19_names)
    value = placed.drop_duplicates("bid_id").set_index("bid_id")["bid_value"]
    rows, report = [], []
    for r in who.itertuples(index=False):
        if r.lad19_code is None:
            report.append((r.bid_id, r.area, value[r.bid_id], f"bidder '{r.bidder}' is not a lower-tier LA of 2019 "
                           "(a county, combined authority or other body): received by no LA"))
        elif r.lad19_code not in covered[r.bid_id]:
            report.append((r.bid_id, r.area, value[r.bid_id], "unexplained: the bidder is not among the LAs the bid covers"))
        else:
            rows.append((r.bid_id, r.lad19_code, 1.0, value[r.bid_id]))
    alloc = pd.DataFrame(rows, columns=["bid_id", "lad19_code", "weight", "value"])
    alloc["bid_value"] = alloc["value"]
    return alloc, pd.DataFrame(report, columns=none.columns)


def awards_by(alloc: pd.DataFrame, key: str = "lad19_code") -> pd.DataFrame:
    """Per LA (``key``): ``money`` (GBP), ``awards`` (sum of weights) and ``bids`` (distinct bids)."""
    require_columns(alloc, ["bid_id", key, "weight", "value"], "attributed bids")
    g = alloc.groupby(key)
    return pd.DataFrame({"money": g["value"].sum(), "awards": g["weight"].sum(),
                         "bids": g["bid_id"].nunique()}).reset_index()


# --------------------------------------------------------------------------------------------
# deprivation deciles, population and the LA tables


def imd2025_measure(imd_measure: str) -> str:
    """The IoD 2025 measure used for ``imd_measure``: itself where the 2025 file has it, else the
    average score (extent and local concentration are not in the 2025 LA file)."""
    check_choice("imd_measure", imd_measure, imd_vocab.IMD_MEASURES)
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
    check_choice("population_year", year, POPULATION_YEARS)
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
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"parameter 'n_most_deprived' must be a positive integer; got {n!r}")
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



# --------------------------------------------------------------------------------------------
# the whole analysis, for one set of choices


def inputs() -> dict:
    """Every table the analysis uses, loaded and reconciled (the one function here that reads data).

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
    return {"bids": loaders.luf_bids(), "imd19": imd19, "imd25": imd25, "population": pop, "priority": priority,
            "priority_list": priority_list, "lad19_names": imd19.set_index("lad19_code")["lad19_name"],
            "mapping": mapping, "electors": ref[["lad19_code", "electorate"]],
            "regions": ref[["lad19_code", "region"]],
            "reconciliations": [rec_priority, rec_electors, rec_pop_direct, rec_pop, rec_imd25]}


def join_facts(inp: dict) -> dict:
    """The counts the page states about its joins, from the reconciliations of :func:`inputs`."""
    rec_priority, _, rec_pop_direct, rec_pop, rec_imd25 = inp["reconciliations"]
    listed = inp["priority_list"]
    return {"n_listed_england": int((listed["country"] == "England").sum()),
            "n_merged_districts": len(rec_pop_direct.unmatched_left),
            "n_new_unitaries": len(rec_pop_direct.unmatched_right),
            "n_lad23_matched": rec_pop.matched, "n_imd25_matched": rec_imd25.matched,
            "n_unexplained": sum(len(r.unexplained) for r in inp["reconciliations"])}


def select_round(bids: pd.DataFrame, luf_round: str) -> pd.DataFrame:
    """The bids of round ``"1"``, ``"2"`` or ``"both"``."""
    check_choice("luf_round", luf_round, ROUNDS)
    return (bids if luf_round == "both" else bids[bids["round"] == int(luf_round)]).reset_index(drop=True)


def analyse(inp: dict, luf_round: str = "1", *, attribution: str = "covered", apportion_method: str = "equal",
            unitary_2023: str = "lead_name", imd_measure: str = "average_score",
            population_year: int = 2022) -> dict:
    """One round (or both) under one set of choices: the placed and unplaced bids, the money each
    LA received (``alloc``), the bids received by no LA, and the LA tables on 2019 LADs (``la19``:
    category, IMD 2019) and on 2023 LADs (``la23``: IMD 2025), each with population and £ per head."""
    check_choice("apportion", apportion_method, APPORTION)
    bids = select_round(inp["bids"], luf_round)
    placed, unplaced = map_bids_to_lad19(bids, inp["lad19_names"], unitary_2023=unitary_2023)
    alloc, none = attribute(placed, bids, inp["lad19_names"], attribution, apportion_method)
    pop23 = population_lad23(inp["population"], population_year)
    pop19 = population_lad19(pop23, inp["mapping"], inp["electors"])
    dec19 = imd_deciles(inp["imd19"], imd_measure)
    dec25 = imd_deciles(inp["imd25"], imd2025_measure(imd_measure), code="lad23_code", name="lad23_name")
    return {"bids": bids, "placed": placed, "unplaced": unplaced, "alloc": alloc, "credited_to_none": none,
            "la19": la_table(awards_by(alloc), inp["priority"], dec19, pop19),
            "la23": la_table_2023(alloc, inp["mapping"], dec25, pop23)}


def need_comparison(results: dict[str, dict]) -> pd.DataFrame:
    """Per cent of each round's money in the most deprived fifth of LAs (IMD deciles 1-2), on IMD
    2019 (317 LAs of 2019) and IMD 2025 (296 LAs of 2023); ``results`` maps round -> :func:`analyse`."""
    rows = {f"round {r}": {"IMD 2019": most_deprived_share(res["la19"]), "IMD 2025": most_deprived_share(res["la23"])}
            for r, res in results.items()}
    return pd.DataFrame(rows).T.rename_axis("round")


def robustness(inp: dict, *, apportion_method: str = "equal", unitary_2023: str = "lead_name",
               imd_measure: str = "average_score", population_year: int = 2022, n: int = 10) -> pd.DataFrame:
    """The page's two conclusions under each attribution and IMD vintage, one row per pair.

    Columns: ``attribution``, ``imd_vintage``, the per cent of round 1's and round 2's money in the
    most deprived fifth of LAs on that IMD, ``round 2 more to need`` (True if round 2's share is the
    larger) and ``top n with nothing in round 1`` (the CEILUP count: of the ``n`` most deprived LAs
    on that IMD, how many received nothing in round 1).
    """
    rows = []
    for attribution in ATTRIBUTION:
        res = {r: analyse(inp, r, attribution=attribution, apportion_method=apportion_method,
                          unitary_2023=unitary_2023, imd_measure=imd_measure, population_year=population_year)
               for r in ("1", "2")}
        for vintage, key in ((2019, "la19"), (2025, "la23")):
            s1, s2 = most_deprived_share(res["1"][key]), most_deprived_share(res["2"][key])
            rows.append({"attribution": attribution, "imd_vintage": vintage,
                         "round 1 in most deprived fifth (%)": s1, "round 2 in most deprived fifth (%)": s2,
                         "round 2 more to need": bool(s2 > s1),
                         f"top {n} with nothing in round 1": int((most_deprived(res["1"][key], n)["money"] == 0).sum())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# the ledger: what was published, tested

HANSARD = "Hansard HC Deb 19 Jan 2023 vol 726 (Levelling-up Fund Round 2 statement)"
LOCALGOV = "grin.coop, 28 Oct 2021, summarising DLUHC's breakdown of winning bids"
WMREDI = "A. Pugh, WMREDI blog, 'Levelling Up: An Analysis of the Distribution of Funding in Round One'"
QWORD = "theqword.blog, 'Lessons on Levelling Up', 28 Oct 2021"
CEILUP = "Editors' concluding chapter, Levelling Up: What is it and can it work? (CEILUP, University of West London, Jan 2022)"


def top_award(bids: pd.DataFrame, i: int, name: str) -> float | None:
    """The ``i``-th largest award (0 = largest) in £m if its lead area is ``name``, else None."""
    r = bids.sort_values("bid_value", ascending=False).iloc[i]
    return r["bid_value"] / 1e6 if r["area"] == name else None


def round1_claims(r1: pd.DataFrame, nations: pd.DataFrame, reg: pd.DataFrame, lead: pd.DataFrame,
                  proj: pd.DataFrame, regions_ph: pd.DataFrame, top: pd.DataFrame, *, attribution: str,
                  imd_label: str, population_year: int) -> list[dict]:
    """The ledger rows of round 1. ``top``: :func:`most_deprived_by_attribution` of round 1 (the
    CEILUP count is taken under ``attribution``, the other reading goes in the note); ``regions_ph``:
    :func:`region_per_head` of round 1; ``reg``: :func:`by_region` (equal shares); ``lead`` and
    ``proj``: :func:`lead_categories` and :func:`projects_by_category` of Great Britain's bids."""
    def row(*args, **kw):
        return claims.claim(args[0], ANALYSIS, *args[1:], page=PAGE, **kw)

    total, gb = r1["bid_value"].sum(), r1[~r1["lad23_codes"].str.startswith("N")]
    c1m = lead[lead["lead_category"].isin(["1", "mixed"])]
    name = top.columns[1]
    nothing = {a: top.loc[top[f"£m, {a}"] == 0, name].tolist() for a in ATTRIBUTION}
    em = regions_ph.loc["East Midlands"]
    return [
        row("luf_r1_projects", "Round 1 funded 105 bids", 105, len(r1), "count", source=HANSARD),
        row("luf_r1_total_bn", "Round 1 awarded £1.7bn (£bn)", "1.7", total / 1e9, "coefficient", source=HANSARD),
        row("luf_r1_largest", "Largest grant: £49.6m to Derbyshire (South Derby growth zone) (£m)", "49.6",
            top_award(r1, 0, "Derbyshire"), "coefficient", source=LOCALGOV),
        row("luf_r1_second", "Second largest: £48m to the Isles of Scilly (£m)", "48",
            top_award(r1, 1, "Isles of Scilly"), "coefficient", source=LOCALGOV),
        row("luf_r1_third", "Third largest: £38.7m to Renfrewshire (£m)", "38.7",
            top_award(r1, 2, "Renfrewshire"), "coefficient", source=LOCALGOV),
        row("luf_r1_fourth", "Next largest: £37m to the Liverpool City Region (£m)", "37",
            top_award(r1, 3, "Liverpool City Region"), "coefficient", source=LOCALGOV,
            note="the list has £37.52m, which rounds to £38m; the published £37m looks truncated"),
        row("luf_r1_scotland", "£172m allocated to Scotland (£m)", "172", nations.loc["Scotland", "money"] / 1e6,
            "coefficient", source=LOCALGOV),
        row("luf_r1_nw_projects", "More projects in the North West (12) than any other region", 12,
            int(reg.loc["North West", "bids"]) if reg["bids"].idxmax() == "North West" else None, "count",
            source=LOCALGOV, note="regions of the referendum file; a tie or another leader would show as not testable"),
        row("luf_r1_nw_share", "The North West received 13.7% of the funding (%)", "13.7",
            100 * reg.loc["North West", "money"] / total, "share", source=WMREDI),
        row("luf_r1_ni_share", "Northern Ireland received 2.9% of the funding (%)", "2.9",
            100 * nations.loc["Northern Ireland", "money"] / total, "share", source=WMREDI),
        row("luf_r1_em_per_capita", "East Midlands: highest spend per capita, £42 (£ per head)", "42",
            em["£ per head"], "coefficient", source=WMREDI,
            note=(f"round-1 money on English LAs (attribution {attribution}) over mid-{population_year} residents; "
                  f"the East Midlands ranks {int(em['rank'])} of 9 regions; the blog does not say which "
                  "population year it used")),
        row("luf_r1_em_highest", "The East Midlands had the highest spend per capita of the regions", 1,
            int(em["rank"] == 1), "remark", source=WMREDI,
            note=f"rule: the East Midlands has the highest £ per head of the nine English regions "
                 f"(mid-{population_year} residents); highest here: {regions_ph.index[0]}"),
        row("luf_r1_ceilup_none", f"5 of the {len(top)} most deprived areas in the IMD rankings received no "
            "resources from the Fund's October 2021 distribution", 5, len(nothing[attribution]), "count",
            source=CEILUP, note=(f"{len(top)} most deprived on {imd_label}; attribution {attribution}. "
                                 + "; ".join(f"{a}: {len(v)} with nothing ({', '.join(v) or 'none'})"
                                             for a, v in nothing.items()))),
        row("luf_r1_gb_projects", "94 allocations across England, Scotland and Wales", 94, len(gb), "count",
            source=QWORD),
        row("luf_r1_gb_total_bn", "... totalling £1.6bn (£bn)", "1.6", gb["bid_value"].sum() / 1e9, "coefficient",
            source=QWORD),
        row("luf_r1_cat2_projects", "18 projects in priority category 2", 18, int(proj.loc["2", "projects"]), "count",
            source=QWORD, note="lead applicant's category"),
        row("luf_r1_cat2_money", "approximately £270m to category 2 (£m)", "270", proj.loc["2", "money (£m)"],
            "coefficient", tolerance=5, tolerance_reason="published to the nearest £10m", source=QWORD),
        row("luf_r1_cat3_money", "a further £100m to category 3 (£m)", "100", proj.loc["3", "money (£m)"],
            "coefficient", tolerance=5, tolerance_reason="published to the nearest £10m", source=QWORD),
        row("luf_r1_mean_cat1", "Average allocation, category 1: £17.3m* (£m)", "17.3", c1m["bid_value"].mean() / 1e6,
            "coefficient", source=QWORD,
            note=(f"counting the {len(c1m)} category-1 and 'mixed' projects (94 - 18 - 8); category-1 leads only: "
                  f"£{proj.loc['1', 'mean award (£m)']:.1f}m; excluding awards above £20m: "
                  f"£{c1m.loc[c1m['bid_value'] <= 20e6, 'bid_value'].mean() / 1e6:.1f}m; "
                  "the blog's asterisk is not explained in our copy")),
        row("luf_r1_mean_cat2", "Average allocation, category 2: £15.1m (£m)", "15.1", proj.loc["2", "mean award (£m)"],
            "coefficient", source=QWORD),
        row("luf_r1_mean_cat3", "Average allocation, category 3: £12.8m (£m)", "12.8", proj.loc["3", "mean award (£m)"],
            "coefficient", source=QWORD),
    ]


def round1_ledger(inp: dict, res1: dict, regions_ph: pd.DataFrame, ceilup: pd.DataFrame, *, attribution: str,
                  imd_measure: str, population_year: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Round 1's ledger from :func:`analyse` of round 1 (``res1``), with the lead-category tables it
    rests on: ``(ledger, lead, projects)``."""
    r1, placed = res1["bids"], res1["placed"]
    pc = placed.merge(inp["priority"][["lad19_code", "priority_category"]], on="lad19_code")
    lead = lead_categories(r1[~r1["lad23_codes"].str.startswith("N")], inp["priority_list"], pc)
    proj = projects_by_category(lead)
    reg = by_region(apportion(placed, "equal"), inp["regions"])
    rows = round1_claims(r1, by_nation(r1), reg, lead, proj, regions_ph, ceilup, attribution=attribution,
                         imd_label=imd_vocab.LABEL[imd_measure], population_year=population_year)
    return claims.ledger(rows), lead, proj


def format_value(v) -> str:
    """A reproduced value as the ledger table shows it."""
    if v is None or pd.isna(v):
        return "-"
    return f"{float(v):,.2f}" if abs(float(v)) >= 1e6 else f"{float(v):.5g}"


# --------------------------------------------------------------------------------------------
# tables and figures for the page


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
            "n_not_testable": int(counts.get("not testable with open data", 0)),
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


def figure_per_head_by_round(tables: dict[str, pd.DataFrame], need: pd.DataFrame, *, population_year: int,
                             attribution: str, source: str):
    """The per-head figure: :func:`plot_per_head_by_round` in the house style, titled with the most
    deprived fifth's share of each round (IMD 2019)."""
    import matplotlib.pyplot as plt

    from analysis import figures

    fig, axes = plt.subplots(1, len(tables), figsize=(11, 5.8), sharey=True,
                             gridspec_kw={"width_ratios": [len(t) for t in tables.values()]})
    plot_per_head_by_round(axes, tables)
    figures.finish(fig, title=f"The most deprived fifth of LAs got {need.loc['round 1', 'IMD 2019']:.0f}% of round 1, "
                   f"{need.loc['round 2', 'IMD 2019']:.0f}% of round 2 (IMD 2019)",
                   subtitle=f"£ per resident (mid-{population_year}) by priority category, IMD 2019 decile (2019 LAs) "
                   f"and IMD 2025 decile (2023 LAs); attribution: {attribution}", source=source)
    return fig


def interactive_money_by_rank(la: pd.DataFrame, top: pd.DataFrame, *, attribution: str, apportion_method: str,
                              luf_round: str, imd_vintage: int, source: str):
    """Money each English LA received against its IMD rank, interactive (tooltips: decile, £ per
    resident, awards); titled with how many of ``top`` (:func:`most_deprived_by_attribution`)
    received nothing under ``attribution``."""
    from analysis import figures

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
