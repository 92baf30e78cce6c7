"""Where the Levelling Up Fund's first round went (extension 4, analysis ``luf_round1``).

The award list (``loaders.luf_bids()``) gives each successful bid one or more **2023** LAD codes.
This module maps them back to the 317 English LADs of 2019 (IoD 2019 File 10, and the April 2020
priority list via :func:`analysis.geography.luf_priority_lad19`), apportions each bid's value among
the LADs it lists, and summarises money and awards by priority category and by IMD decile.

Every function is pure (tables in, tables out); the notebook does the loading. Bids that cannot be
placed on the English 2019 geography (Scotland, Wales, Northern Ireland, or an unknown code) are
never dropped silently: :func:`map_bids_to_lad19` returns them in a report with the reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import check_choice
from analysis.data.geography import COUNTRY, SUCCESSORS_2023
from analysis.data.loaders import require_columns

#: how a bid listing several 2019 LADs is shared among them
APPORTION = ("equal", "whole")
#: what a code of a 2023 unitary stands for
UNITARY_2023 = ("lead_name", "predecessors")
#: IoD 2019 File 10 rank columns a decile can be cut on (1 = most deprived)
IMD_MEASURES = {
    "rank_of_avg_score": "imd_rank_of_avg_score",
    "rank_of_avg_rank": "imd_rank_of_avg_rank",
    "rank_of_extent": "imd_rank_of_extent",
    "rank_of_local_concentration": "imd_rank_of_local_concentration",
    "rank_of_prop_lsoas_most_deprived_10pc": "imd_rank_of_prop_lsoas_most_deprived_10pc",
}






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
    (``successors``, default :data:`analysis.geography.SUCCESSORS_2023`) stands, with
    ``unitary_2023 = 'predecessors'``, for all the districts it replaced; with ``'lead_name'`` it
    stands for the one predecessor whose name is the bid's lead area (e.g. Barrow-in-Furness), and
    for all of them when no predecessor is so named.

    Returns ``(placed, report)``: ``placed`` has one row per (bid, 2019 LAD) with ``lad19_code``
    and ``route``; ``report`` has one row per bid with a code that could not be placed in England:
    those codes, the reason, and ``partly_placed`` (True if the bid's other codes were placed, in
    which case its whole value goes to the placed LADs).
    """
    check_choice("unitary_2023", unitary_2023, UNITARY_2023)
    successors = SUCCESSORS_2023 if successors is None else successors
    long = split_codes(bids)
    names = {k: str(v).strip().lower() for k, v in lad19_names.items()}
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
            lead = [p for p in preds if names.get(p) == str(r.area).strip().lower()]
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


def awards_by_lad19(alloc: pd.DataFrame) -> pd.DataFrame:
    """Per 2019 LAD: ``money`` (GBP), ``awards`` (sum of weights) and ``bids`` (distinct bids touching it)."""
    require_columns(alloc, ["bid_id", "lad19_code", "weight", "value"], "apportioned bids")
    g = alloc.groupby("lad19_code")
    return pd.DataFrame({"money": g["value"].sum(), "awards": g["weight"].sum(),
                         "bids": g["bid_id"].nunique()}).reset_index()


# --------------------------------------------------------------------------------------------
# deprivation deciles and the LA table


def imd_deciles(imd: pd.DataFrame, measure: str = "rank_of_avg_score") -> pd.DataFrame:
    """IMD decile of each LA from a published File 10 rank (1 = most deprived).

    ``decile = floor((rank - 1) * 10 / N) + 1`` with N the number of LAs (317): deciles 1 to 10,
    of 31 or 32 LAs when ranks are untied; tied ranks share a decile.
    """
    check_choice("imd_measure", measure, tuple(IMD_MEASURES))
    col = IMD_MEASURES[measure]
    require_columns(imd, ["lad19_code", "lad19_name", col], "IoD 2019 table")
    n = len(imd)
    rank = imd[col].astype(int)
    if rank.min() < 1 or rank.max() > n:
        raise ValueError(f"{col}: ranks must lie in 1..{n}; found {rank.min()}..{rank.max()}")
    out = imd[["lad19_code", "lad19_name"]].copy()
    out["imd_rank"] = rank.values
    out["imd_decile"] = (rank.values - 1) * 10 // n + 1
    return out


def la_table(awards: pd.DataFrame, priority: pd.DataFrame, deciles: pd.DataFrame,
             electors: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per 2019 LAD: priority category, IMD rank and decile, money, awards (0 if none).

    ``priority`` (``lad19_code, priority_category``) and ``deciles`` (:func:`imd_deciles`) must
    cover the same LAs; ``awards`` (:func:`awards_by_lad19`) must name only those LAs. With
    ``electors`` (``lad19_code, electorate``), adds ``per_elector`` (GBP per registered elector).
    """
    require_columns(priority, ["lad19_code", "priority_category"], "priority table")
    base = deciles.merge(priority[["lad19_code", "priority_category"]], on="lad19_code", how="outer",
                         indicator=True, validate="one_to_one")
    if (base["_merge"] != "both").any():
        raise ValueError(f"priority and IMD tables cover different LAs: "
                         f"{sorted(base.loc[base['_merge'] != 'both', 'lad19_code'])}")
    base = base.drop(columns="_merge")
    unknown = sorted(set(awards["lad19_code"]) - set(base["lad19_code"]))
    if unknown:
        raise ValueError(f"awards name LADs outside the LA table: {unknown}")
    out = base.merge(awards, on="lad19_code", how="left")
    out[["money", "awards"]] = out[["money", "awards"]].fillna(0.0)
    out["bids"] = out["bids"].fillna(0).astype(int)
    if electors is not None:
        require_columns(electors, ["lad19_code", "electorate"], "electors")
        out = out.merge(electors[["lad19_code", "electorate"]], on="lad19_code", how="left", validate="one_to_one")
        out["per_elector"] = out["money"] / out["electorate"]
    return out.sort_values("imd_rank", kind="stable").reset_index(drop=True)


def summarise(la: pd.DataFrame, by: str) -> pd.DataFrame:
    """Money and awards by a grouping column (e.g. ``priority_category``, ``imd_decile``), with a total row.

    Columns: LAs, LAs with an award, awards, money (GBP m), share of money (%), and, when the LA
    table has ``electorate``, GBP per elector (total money over total electors of the group).
    """
    require_columns(la, [by, "money", "awards"], "LA table")
    g = la.groupby(by)
    out = pd.DataFrame({"LAs": g.size(), "LAs with an award": g["money"].apply(lambda s: int((s > 0).sum())),
                        "awards": g["awards"].sum(), "money (£m)": g["money"].sum() / 1e6})
    total = pd.DataFrame({"LAs": [len(la)], "LAs with an award": [int((la["money"] > 0).sum())],
                          "awards": [la["awards"].sum()], "money (£m)": [la["money"].sum() / 1e6]},
                         index=pd.Index(["all"], name=by))
    if "electorate" in la.columns:
        out["£ per elector"] = g["money"].sum() / g["electorate"].sum()
        total["£ per elector"] = la["money"].sum() / la["electorate"].sum()
    out.index = out.index.astype(str)
    out = pd.concat([out, total])
    out.insert(4, "share of money (%)", 100 * out["money (£m)"] / out.loc["all", "money (£m)"]
               if out.loc["all", "money (£m)"] > 0 else np.nan)
    out.index.name = by
    return out


def most_deprived(la: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` most deprived LAs (by ``imd_rank``) with their category and what each received."""
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n_most_deprived must be a positive integer; got {n!r}")
    cols = ["imd_rank", "lad19_name", "priority_category", "bids", "awards", "money"]
    cols += [c for c in ("per_elector",) if c in la.columns]
    return la.nsmallest(n, "imd_rank")[cols].reset_index(drop=True)


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


def hover_frame(la: pd.DataFrame) -> pd.DataFrame:
    """:func:`la_table` with display columns for the interactive scatter's tooltips (money in £m)."""
    return la.assign(money_m=la["money"] / 1e6, category=la["priority_category"].map(lambda c: f"category {int(c)}"))


def plot_money_by_rank(ax, la: pd.DataFrame, top: pd.DataFrame, measure_label: str) -> None:
    """Round-1 money against IMD rank, one dot per LA coloured by priority category; the LAs in
    ``top`` (the most deprived) are ringed and named, those that won nothing listed under the axis."""
    import textwrap

    from analysis import figures

    require_columns(la, ["priority_category", "imd_rank", "money"], "LA table")
    require_columns(top, ["lad19_name", "imd_rank", "money"], "most deprived LAs")
    for cat, grp in la.groupby("priority_category"):
        ax.scatter(grp["imd_rank"], grp["money"] / 1e6, s=18, color=figures.PRIORITY_COLOURS[cat],
                   label=f"category {cat}", alpha=0.8, edgecolor="white", linewidth=0.3)
    short = top["lad19_name"].replace({"Kingston upon Hull, City of": "Hull"})
    ax.scatter(top["imd_rank"], top["money"] / 1e6, s=40, facecolor="none", edgecolor="black", linewidth=0.8)
    won = top[top["money"] > 0].sort_values("money")
    label_y, last = [], -1e9
    for m in won["money"] / 1e6:  # spread the labels so that close values stay readable
        last = max(m, last + 3.5)
        label_y.append(last)
    for (i, r), y in zip(won.iterrows(), label_y):
        ax.annotate(short[i], (r["imd_rank"], r["money"] / 1e6), xytext=(r["imd_rank"] + 14, y + 1), fontsize=7,
                    va="center", arrowprops={"arrowstyle": "-", "color": figures.GREY, "lw": 0.5})
    nothing = top[top["money"] == 0]
    if len(nothing):
        text = textwrap.fill("won nothing: " + ", ".join(f"{short[i]} ({r['imd_rank']})"
                                                         for i, r in nothing.iterrows()), 90)
        ax.annotate(text, (nothing["imd_rank"].max(), 0), xytext=(nothing["imd_rank"].max() + 14, -5), fontsize=7,
                    va="top", arrowprops={"arrowstyle": "-", "color": figures.GREY, "lw": 0.5})
        ax.set_ylim(bottom=-5 - 3.5 * (text.count("\n") + 1))
    ax.set_yticks([t for t in ax.get_yticks() if 0 <= t <= ax.get_ylim()[1]])
    ax.set_xlabel(f"IMD 2019 rank of LA ({measure_label}; 1 = most deprived of {len(la)})")
    ax.set_ylabel("round-1 money received (£m)")
    ax.legend(title="priority category", loc="upper right")
