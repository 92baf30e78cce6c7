"""The Health Foundation: "14 areas in England considered more prosperous than the national average were
placed in the highest priority group" of the Fund.

The briefing does not say how it measured prosperity, so every reading the compendium's data allow is
counted, each in the latest calendar year before the Fund's list was published (March 2021), 2020:
household income per head (ONS's regional gross disposable household income, GDHI; accredited
official statistics), and productivity as GVA per hour worked and per filled job (official statistics
in development). GVA per head, the other common reading, is not in the data.

The rule, fixed before any run: the count is that of the Fund's priority-group-1 LAs whose value is
above England's in that year; the headline reading, which the verdict tests, is household income per
head (the measure of an area's residents' prosperity; GVA counts output where it is produced, so it
is high wherever commuters work). The other readings are shown beside it.

The Fund's list names the LAs of April 2020; ONS's series give the LAs of April 2023 for every year,
so a district merged since 2020 (Northamptonshire 2021; Cumbria, North Yorkshire and Somerset 2023)
has no value of its own and is left out, listed with its reason. Every function is pure.
"""

from __future__ import annotations

import pandas as pd

from analysis.data import geography
from analysis.data.geography import Reconciliation
from analysis.data.loaders import require_columns

#: the year each reading is taken in: the latest calendar year before the Fund's list (March 2021)
YEAR = "2020"
#: reading -> (dataset, ONS's indicator, a plain label with its unit)
READINGS = {
    "gdhi_per_head": ("gross_disposable_household_income_per_head", "Gross disposable household income",
                      "household income per head (GDHI, £)"),
    "gva_per_hour": ("gross_value_added", "Gross value added per hour worked", "GVA per hour worked (£)"),
    "gva_per_job": ("gross_value_added", "Gross value added per filled job", "GVA per filled job (£)"),
}
#: the reading the verdict tests (the others are shown beside it)
HEADLINE = "gdhi_per_head"
ENGLAND = "E92000001"


def listed_2020(priority: pd.DataFrame) -> pd.DataFrame:
    """The Fund's English list as published (the LAs of April 2020), one row per listed LA:
    ``la_code`` (its code on ONS's current series), ``la_name``, ``priority_category``.

    ``priority`` is :func:`analysis.data.geography.luf_priority_lad19`'s table (317 LADs of 2019,
    Buckinghamshire's category given to its four districts): the four become the 2020 unitary again,
    and Barnsley and Sheffield take the codes ONS's current series use (same area).
    """
    require_columns(priority, ["lad19_code", "lad19_name", "priority_category"], "the Fund's list on 2019 LADs")
    bucks = priority["lad19_code"].isin(geography.BUCKS_DISTRICTS_2019)
    out = priority.loc[~bucks, ["lad19_code", "lad19_name", "priority_category"]].copy()
    out.columns = ["la_code", "la_name", "priority_category"]
    cats = priority.loc[bucks, "priority_category"].unique()
    if len(cats) > 1:
        raise ValueError(f"Buckinghamshire's districts carry different categories: {sorted(cats)}")
    if len(cats):
        code, name = geography.BUCKS_UA_2020
        out = pd.concat([out, pd.DataFrame([{"la_code": code, "la_name": name, "priority_category": int(cats[0])}])])
    recode = {old: new for old, (new, _, _) in geography.RECODED_SAME_AREA.items()}
    out["la_code"] = out["la_code"].map(lambda c: recode.get(c, c))
    return out.sort_values("la_code").reset_index(drop=True)


def year_values(els: pd.DataFrame, indicator: str, year: str = YEAR) -> tuple[pd.DataFrame, float]:
    """One indicator's LA values in one calendar year (``area_code, area_name, value``) and England's."""
    require_columns(els, ["area_code", "area_name", "level", "indicator", "period_label", "value"], indicator)
    t = els[(els["indicator"] == indicator) & (els["period_label"] == year)]
    if t.empty:
        raise ValueError(f"{indicator}: no rows for {year}; the periods are {sorted(els['period_label'].unique())}")
    eng = t.loc[t["area_code"] == ENGLAND, "value"]
    if len(eng) != 1 or pd.isna(eng.iloc[0]):
        raise ValueError(f"{indicator}: England ({ENGLAND}) needs one value in {year}; found {eng.tolist()}")
    las = t[(t["level"] == "lad") & t["area_code"].str.startswith("E")][["area_code", "area_name", "value"]]
    return las.reset_index(drop=True), float(eng.iloc[0])


def above(listed: pd.DataFrame, values: pd.DataFrame, threshold: float, *, group: int = 1) -> dict:
    """The listed LAs of priority ``group`` whose value is above ``threshold``: ``{"n", "of", "names"}``
    (``of``: the group's LAs with a value; ``names`` from the highest value down)."""
    require_columns(listed, ["la_code", "la_name", "priority_category"], "the Fund's list")
    require_columns(values, ["area_code", "value"], "the values")
    g = listed[listed["priority_category"] == group].merge(values, left_on="la_code", right_on="area_code")
    g = g[g["value"].notna()]
    top = g[g["value"] > threshold].sort_values("value", ascending=False)
    return {"n": int(len(top)), "of": int(len(g)), "names": top["la_name"].tolist()}


def join(listed: pd.DataFrame, values: pd.DataFrame, label: str) -> Reconciliation:
    """The Fund's list against one reading's LAs: every LA on either side without a counterpart, and why."""
    _, rec = geography.reconcile(
        listed, values, "la_code", "area_code", name=f"the Fund's list (2020) -> {label}, {YEAR}",
        left_label="the Fund's English list", right_label=f"{label}, English LAs", left_name="la_name",
        right_name="area_name", reasons=geography.lad23_reasons())
    return rec


def readings(listed: pd.DataFrame, tables: dict[str, pd.DataFrame], group: int = 1) -> tuple[pd.DataFrame, tuple]:
    """Every reading of :data:`READINGS` (``tables`` maps a dataset to its ELS table), one row each:
    ``reading, label, england, above_england, median, above_median, of, names`` (the LAs above England's
    value), with the joins' reports in the same order. "The national average" is read two ways: England's
    own value (the headline) and the median LA (half of England's LAs lie above it)."""
    rows, recs = [], []
    for key, (dataset, indicator, label) in READINGS.items():
        values, eng = year_values(tables[dataset], indicator)
        median = float(values["value"].median())
        a, m = above(listed, values, eng, group=group), above(listed, values, median, group=group)
        rows.append({"reading": key, "label": label, "england": eng, "above_england": a["n"], "median": median,
                     "above_median": m["n"], "of": a["of"], "names": a["names"]})
        recs.append(join(listed, values, label))
    return pd.DataFrame(rows), tuple(recs)


def nearest(table: pd.DataFrame, published: int) -> dict:
    """The reading whose count comes nearest the published one (England's value first on a tie)."""
    cands = [(abs(r[col] - published), i, r["label"], avg, int(r[col])) for i, (_, r) in enumerate(table.iterrows())
             for col, avg in (("above_england", "England's value"), ("above_median", "the median LA"))]
    d, _, label, avg, n = min(cands, key=lambda c: (c[0], c[1], c[3] != "England's value"))
    return {"label": label, "average": avg, "n": n, "distance": d}
