"""What this study gives the "your area" page: ONS's latest healthy life expectancy series, the one
mission 7 is tracked on, for the upper-tier area that covers each LA of 2019, with its rank.

ONS publishes the series for upper-tier areas only: unitaries, metropolitan districts, London boroughs
and counties. An LA takes the series of its own code, of the 2023 unitary it became part of, or, for a
district of a county still two-tier in 2023, of its county (the page's ``upper_code``, from ONS's
district-to-county lookup); failing those, of a single-tier area of the same name under a newer code
that no other LA takes (Barnsley and Sheffield, re-coded by ONS after 2021).
"""

from __future__ import annotations

import pandas as pd

from analysis.data import geography, loaders
from analysis.studies.mission7 import compute
from analysis.studies.study import AreaPart

#: how an LA was matched to an area of the series (``series_match``)
OWN, UNITARY, COUNTY, RENAMED = "own code", "2023 unitary", "county", "same name, newer code"
PEOPLE = {"male": "men", "female": "women"}


def join_series(places: pd.DataFrame, series: pd.DataFrame) -> tuple[pd.DataFrame, geography.Reconciliation]:
    """``series_code``: the area of the series that covers each LA of ``places`` (``code, name, code_2023,
    upper_code, county``), and ``series_match``: how it was matched; with the join's report."""
    loaders.require_columns(series, ["area_code", "area_name"], "HLE series")
    loaders.require_columns(places, ["code", "name", "code_2023", "upper_code", "county"], "the LAs of 2019")
    areas = series.loc[series["area_code"] != compute.ENGLAND, ["area_code", "area_name"]].drop_duplicates("area_code")
    codes = set(areas["area_code"])
    t = places[["code", "name", "code_2023", "upper_code", "county"]]
    found = t["upper_code"].where(t["upper_code"].isin(codes))
    how = pd.Series(None, index=t.index, dtype=object)
    how[found.notna() & t["county"]] = COUNTY
    how[found.notna() & ~t["county"] & (t["code_2023"] != t["code"])] = UNITARY
    how[found.notna() & ~t["county"] & (t["code_2023"] == t["code"])] = OWN
    free = areas[~areas["area_code"].isin(set(found.dropna()))]
    by_name = free.assign(key=free["area_name"].map(geography.name_key)).drop_duplicates("key", keep=False)
    by_name = dict(zip(by_name["key"], by_name["area_code"]))
    keys = t["name"].map(geography.name_key)
    renamed = found.isna() & t["code"].str[:3].isin(["E06", "E08", "E09"]) & keys.isin(by_name)
    found[renamed] = keys[renamed].map(by_name)
    how[renamed] = RENAMED
    out = places[["code"]].assign(series_code=found, series_match=how)
    missing = t.loc[found.isna(), ["code", "name"]]
    unused = areas[~areas["area_code"].isin(set(found.dropna()))]
    no_estimate = "a single-tier LA for which ONS publishes no estimate (too few residents)"
    rec = geography.Reconciliation(
        name="LADs of 2019 -> HLE series (own code, its 2023 unitary or its county; else the same name)",
        left_label="LADs of 2019", right_label="HLE series", matched=int(found.notna().sum()),
        unmatched_left=pd.DataFrame({"key": missing["code"], "name": missing["name"],
                                     "reason": [no_estimate if c[:3] in ("E06", "E08", "E09") else
                                                "unexplained: not in the series" for c in missing["code"]]}
                                    ).reset_index(drop=True),
        unmatched_right=pd.DataFrame({"key": unused["area_code"], "name": unused["area_name"],
                                      "reason": "unexplained: covers no LAD of 2019"}).reset_index(drop=True))
    return out, rec


def series_of(series: pd.DataFrame, codes) -> dict:
    """The series of the given areas and England's, compactly, with each area's rank in the latest period.

    ``{"periods": [...], "latest": period, "n": {sex: areas with a value}, "england": {sex: [...]},
    "areas": {code: {"name": ..., "county": bool, sex: [[hle, lci, uci] or None per period],
    "rank": {sex: rank, 1 = lowest HLE}}}}``. The ranks count every upper-tier area with a value in the
    latest period, not only the given ones.
    """
    loaders.require_columns(series, ["area_code", "area_name", "period", "sex", "hle", "lci", "uci"], "HLE series")
    local = compute.areas(series)
    periods = sorted(series["period"].unique())
    latest = periods[-1]
    now = local[local["period"] == latest].dropna(subset=["hle"])
    ranks = {sex: dict(zip(g["area_code"], g["hle"].rank(method="min").astype(int))) for sex, g in now.groupby("sex")}

    def by_period(d: pd.DataFrame) -> dict:
        out = {}
        for sex, g in d.groupby("sex"):
            values = {p: None if pd.isna(h) else [round(float(x), 1) for x in (h, lo, hi)]
                      for p, h, lo, hi in zip(g["period"], g["hle"], g["lci"], g["uci"])}
            out[sex] = [values.get(p) for p in periods]
        return out

    out = {}
    for code, d in local[local["area_code"].isin(set(codes))].groupby("area_code"):
        rank = {sex: (int(r[code]) if code in r else None) for sex, r in ranks.items()}
        out[code] = {"name": d["area_name"].iloc[0], "county": code.startswith("E10"), "rank": rank, **by_period(d)}
    return {"periods": periods, "latest": latest, "n": {sex: len(r) for sex, r in ranks.items()},
            "england": by_period(series[series["area_code"] == compute.ENGLAND]), "areas": out,
            "people": PEOPLE, "source": compute.SOURCE_LINE}


def facts(table: pd.DataFrame, rec: geography.Reconciliation, places: pd.DataFrame) -> dict:
    """The counts and names the page's prose quotes about the series (``n_series_own`` counts the LAs
    matched under a newer code of their own too; ``series_renamed`` names them)."""
    count = table["series_match"].value_counts()
    renamed = places.loc[places["code"].isin(set(table.loc[table["series_match"] == RENAMED, "code"])), "name"]
    return {"n_series": int(table["series_code"].notna().sum()),
            "n_series_own": int(count.get(OWN, 0) + count.get(RENAMED, 0)),
            "n_series_unitary": int(count.get(UNITARY, 0)), "n_series_county": int(count.get(COUNTY, 0)),
            "n_series_counties": int(table.loc[table["series_match"] == COUNTY, "series_code"].nunique()),
            "n_series_renamed": int(count.get(RENAMED, 0)), "series_renamed": geography.names.and_list(renamed),
            "no_series": geography.names.and_list(rec.unmatched_left["name"])}


def area(places: pd.DataFrame) -> AreaPart:
    series = compute.load_series()
    table, rec = join_series(places, series)
    return AreaPart(table, (), {"mission7": rec}, facts(table, rec, places), series_of(series, table["series_code"].dropna()))
