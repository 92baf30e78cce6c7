"""From the award list to the English LAs of 2019: each bid's 2023 codes placed on the 2019 LADs, and
who received it (every LA it covers, or only the authority named as the bidder).

Every function is pure (tables in, tables out); the choices (``unitary_2023``, ``attribution``, the
``apportion`` method) arrive checked by the study's parameters. A bid that cannot be placed on the
English geography, or that no lower-tier LA received, comes back in a report with the reason.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.data import geography
from analysis.data.geography import COUNTRY, SUCCESSORS_2023
from analysis.data.loaders import require_columns

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
    require_columns(placed, ["bid_id", "lad19_code", "bid_value"], "placed bids")
    out = placed.copy()
    n = out.groupby("bid_id")["lad19_code"].transform("size")
    out["n_lads"] = n
    out["weight"] = {"equal": 1.0 / n, "whole": 1.0}[method]
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
