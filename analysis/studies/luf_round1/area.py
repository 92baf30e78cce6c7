"""What this study gives the "your area" page: each LA's Levelling Up Fund priority category and the
money it received in each round and in both, in total and per resident, counted as the Fund's page
counts it by default (a bid's award shared equally among the LAs it covers)."""

from __future__ import annotations

import pandas as pd

from analysis.data import geography, loaders
from analysis.studies.luf_round1 import STUDY
from analysis.studies.luf_round1 import compute
from analysis.studies.study import AreaFigure, AreaPart

#: the rounds shown (each, and both together): the key of their columns, in words, and the year of their awards
ROUNDS = {"both": ("both", "rounds 1 and 2", 2023), "2": ("r2", "round 2 (2023)", 2023), "1": ("r1", "round 1 (2021)", 2021)}
ESTIMATED = "residents estimated from the 2023 unitary's"


def figures() -> tuple[AreaFigure, ...]:
    out = []
    for r, (key, text, year) in ROUNDS.items():
        none = "no award in either round" if r == "both" else "no award in this round"
        out += [AreaFigure(f"luf_{key}_money_m", f"Levelling Up Fund money, {text}", year, "£m", 1, rank="highest",
                           rank_meaning="1 = most money", zero=none, more=r != "both"),
                AreaFigure(f"luf_{key}_per_head", f"Levelling Up Fund money per resident (mid-2022), {text}", year, "£",
                           0, rank="highest", rank_meaning="1 = most per resident", zero=none,
                           detail="luf_population_how", more=r != "both")]
    out.append(AreaFigure("luf_priority", "Levelling Up Fund priority category (2021)", 2021, "", 0,
                          rank_meaning="of 3; 1 = greatest need"))
    return tuple(out)


def join_fund(places: pd.DataFrame, la19: pd.DataFrame, luf_round: str,
              reasons: dict[str, str] | None = None) -> tuple[pd.DataFrame, geography.Reconciliation]:
    """The money of one round (or both) for each LA of ``places``, in £m and per resident.

    ``la19`` is ``compute.analyse(...)["la19"]``: every 2019 LA, with 0 where it received nothing."""
    key, text, _ = ROUNDS[luf_round]
    loaders.require_columns(la19, ["lad19_code", "money", "per_head"], f"Fund LA table, {text}")
    right = pd.DataFrame({"code": la19["lad19_code"], "fund_name": la19.get("lad19_name", ""),
                          f"luf_{key}_money_m": la19["money"] / 1e6, f"luf_{key}_per_head": la19["per_head"]})
    out, rec = geography.reconcile(places[["code", "name"]], right, "code",
                                   name=f"LADs of 2019 -> the Fund's LA table, {text}", left_label="LADs of 2019",
                                   right_label="Fund LA table", left_name="name", right_name="fund_name", how="left",
                                   reasons=reasons)
    return out.drop(columns=["name", "fund_name"]), rec


def bids_outside(placed: pd.DataFrame, unplaced: pd.DataFrame, luf_round: str) -> geography.Reconciliation:
    """The round's bids that reach an English LA of 2019 and those that do not, with the Fund page's reasons.

    ``placed`` and ``unplaced`` are ``compute.analyse(...)["placed"]`` and ``["unplaced"]``."""
    text = ROUNDS[luf_round][1]
    loaders.require_columns(placed, ["bid_id"], f"placed bids, {text}")
    loaders.require_columns(unplaced, ["bid_id", "area", "reason"], f"unplaced bids, {text}")
    return geography.Reconciliation(
        name=f"bids of {text} -> LADs of 2019", left_label=f"bids of {text}", right_label="LADs of 2019",
        matched=int(placed["bid_id"].nunique()),
        unmatched_left=pd.DataFrame({"key": unplaced["bid_id"], "name": unplaced["area"],
                                     "reason": unplaced["reason"]}).reset_index(drop=True),
        unmatched_right=pd.DataFrame(columns=["key", "name", "reason"]))


def fund_table(results: dict[str, dict], priority: pd.DataFrame, places: pd.DataFrame) -> tuple[pd.DataFrame, dict, dict]:
    """Every round's money (``results``: round -> ``compute.analyse``) and the priority category for the
    LAs of ``places``; the joins; and the bids that reach no LA here, counted per round."""
    loaders.require_columns(priority, ["lad19_code", "priority_category"], "Fund priority list (LAD 2019)")
    loaders.require_columns(places, ["code", "name", "code_2023"], "the LAs of 2019")
    out, joins = places[["code", "name"]], {}
    out, joins["priority"] = geography.reconcile(
        out, priority[["lad19_code", "priority_category"]].rename(columns={"lad19_code": "code"}), "code",
        name="LADs of 2019 -> Fund priority list", left_label="LADs of 2019", right_label="priority list",
        left_name="name", how="left")
    out = out.assign(luf_priority="category " + out.pop("priority_category").astype("string")).drop(columns="name")
    for r, res in results.items():
        t, joins[f"luf_{ROUNDS[r][0]}"] = join_fund(places, res["la19"], r)
        out = out.merge(t, on="code", how="left")
    facts = {}
    for r, res in results.items():
        if r != "both":
            joins[f"luf_{ROUNDS[r][0]}_bids"] = rec = bids_outside(res["placed"], res["unplaced"], r)
            facts[f"bids_outside_{ROUNDS[r][0]}"] = len(rec.unmatched_left)
    # a 2019 LA merged since has no population of its own: its share of its unitary's is an estimate
    merged = set(places.loc[places["code_2023"] != places["code"], "code"])
    out["luf_population_how"] = out["code"].map(lambda c: ESTIMATED if c in merged else None)
    return out, joins, facts


def area(places: pd.DataFrame) -> AreaPart:
    inputs = compute.load()
    settings = compute.choices(STUDY.check())
    results = {r: compute.analyse(inputs, r, **settings) for r in ROUNDS}
    table, joins, facts = fund_table(results, inputs.priority, places)
    return AreaPart(table, figures(), joins, facts)
