"""What this study gives the "your area" page: the share of employees paid below the Real Living Wage
in the LA's region, as Table 2 prints it (no figure exists for local authorities)."""

from __future__ import annotations

import pandas as pd

from analysis.data import geography, loaders
from analysis.studies.low_pay import compute
from analysis.studies.study import AreaFigure, AreaPart

FIGURES = (AreaFigure("region_low_pay_pct", "Employees paid below the Real Living Wage in the region, 2019", 2019, "%",
                      1, rank="highest", rank_meaning="1 = highest share", rank_unit="region",
                      among="English regions", detail="region_low_pay_where"),)

#: the nations of Table 2, outside the page's English LAs
OUTSIDE = {r.casefold(): "a nation outside England (the page covers English LAs)"
           for r in ("Wales", "Scotland", "Northern Ireland")}


def join_regions(places: pd.DataFrame, low_pay: pd.DataFrame) -> tuple[pd.DataFrame, geography.Reconciliation]:
    """Each LA's region's low-pay share (Table 2), matched on the region's name ignoring case (Table 2
    prints "Yorkshire and the Humber"; the study names it as ONS does, as the referendum's regions do)."""
    loaders.require_columns(low_pay, ["region", "row_type", "pct_low_pay"], "low-pay Table 2")
    loaders.require_columns(places, ["code", "region"], "the LAs of 2019")
    regions = low_pay.loc[low_pay["row_type"] == "region", ["region", "pct_low_pay"]]
    right = pd.DataFrame({"region_key": regions["region"].str.casefold(), "table2_region": regions["region"],
                          "region_low_pay_pct": regions["pct_low_pay"]})
    left = pd.DataFrame({"region_key": places["region"].dropna().str.casefold().unique()})
    _, rec = geography.reconcile(left, right, "region_key", name="LAs' regions -> low-pay Table 2 (ignoring case)",
                                 left_label="LAs' regions", right_label="Table 2", right_name="table2_region",
                                 reasons=OUTSIDE)
    out = places[["code"]].assign(region_key=places["region"].str.casefold()).merge(
        right[["region_key", "region_low_pay_pct"]], on="region_key", how="left")
    where = dict(zip(places["code"], places["region"]))
    out["region_low_pay_where"] = out["code"].map(lambda c: f"the {where[c]} region")
    return out.drop(columns="region_key"), rec


def area(places: pd.DataFrame) -> AreaPart:
    table, rec = join_regions(places, compute.load().table)
    return AreaPart(table, FIGURES, {"low_pay": rec})
