"""Your area: what the compendium knows about one English local authority.

One row per English LA of 2019 (the 317 LADs of IoD 2019 File 10), gathered from every study that
gives the page its figures: a study with an ``area.py`` (:class:`analysis.studies.study.AreaPart`),
found through the registry, so this module names no study. Each figure sits beside its rank among the
LAs that have it, the latest figures first, led by ONS's latest healthy life expectancy series. The page
(``notebooks/92_your_area``) writes the table to ``results/area.csv`` and embeds it, compacted, with the
search index in one box that works offline; nothing in it is typed.

The places: each LA of 2019 with its 2023 unitary where it became part of one
(:data:`analysis.data.geography.SUCCESSORS_2023`), its upper tier of April 2023 (its county, for a
district of a county still two-tier; ONS's district-to-county lookup) and its region (the referendum's).
The search (:mod:`analysis.data.geography.names`) knows those names, the former names and the counties.
"""

from __future__ import annotations

import json

import pandas as pd

from analysis import config
from analysis.data import geography, loaders
from analysis.errors import DataError
from analysis.pages.area_script import SCRIPT, STYLE
from analysis.studies import registry

#: the columns of the table the page's script reads besides the figures' own
SCRIPT_COLUMNS = ["code", "name", "code_2023", "name_2023", "merged_in", "county", "county_code", "county_name", "region",
                  "series_code", "series_match"]
#: the countries outside England whose councils the search recognises, by the first letter of their codes
OUTSIDE = {"W": "Wales", "S": "Scotland", "N": "Northern Ireland"}


def rank(values: pd.Series, highest_first: bool) -> pd.Series:
    """Rank among the LAs that have a value (ties share the best rank); missing stays missing."""
    return values.rank(ascending=not highest_first, method="min").astype("Int64")


# --------------------------------------------------------------------------------------------
# the places and the names


def places(imd_la: pd.DataFrame, lad23_utla23: pd.DataFrame, referendum: pd.DataFrame,
           lad17_lad19: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The LAs of 2019 (``imd_la``: File 10) with ``code, name``, their 2023 LA (``code_2023, name_2023,
    merged_in``), upper tier of 2023 (``upper_code, upper_name, county``; ``county_code, county_name`` for
    a district of a two-tier county) and region; and the joins' reports."""
    loaders.require_columns(imd_la, ["lad19_code", "lad19_name"], "IoD 2019 File 10")
    t = imd_la[["lad19_code", "lad19_name"]].rename(columns={"lad19_code": "code", "lad19_name": "name"})
    t = t.merge(geography.lad23_successor_table().rename(columns={"lad19_code": "code"}), on="code", how="left")
    t["code_2023"] = t.pop("lad23_code").fillna(t["code"])
    t["name_2023"] = t.pop("lad23_name").fillna(t["name"])
    t["merged_in"] = t["code_2023"].map(geography.SUCCESSOR_YEAR).astype("Int64")
    upper, rec_upper = geography.upper_tier_2023(imd_la, lad23_utla23)
    t = t.merge(upper.rename(columns={"lad19_code": "code", "utla23_code": "upper_code", "utla23_name": "upper_name"})
                .drop(columns="lad23_code"), on="code", how="left", validate="one_to_one")
    t["county_code"] = t["upper_code"].where(t["county"])
    t["county_name"] = t["upper_name"].where(t["county"])
    ref = geography.referendum_england(referendum, lad17_lad19, t.set_index("code")["name"], "lad19")
    t, rec_region = geography.reconcile(t, ref[["lad19_code", "region"]].rename(columns={"lad19_code": "code"}), "code",
                                        name="LADs of 2019 -> the referendum's regions", left_label="IoD 2019 File 10",
                                        right_label="referendum areas (LAD 2019)", left_name="name", how="left")
    return t.sort_values("code").reset_index(drop=True), {"upper_tier": rec_upper, "region": rec_region}


def outside_england(referendum: pd.DataFrame) -> pd.DataFrame:
    """The councils (and nations) outside England that a reader may type: ``name, country``."""
    loaders.require_columns(referendum, ["area_code", "area"], "referendum results")
    other = referendum[referendum["area_code"].str[0].isin(list(OUTSIDE))]
    councils = pd.DataFrame({"name": other["area"], "country": other["area_code"].str[0].map(OUTSIDE)})
    nations = pd.DataFrame({"name": list(OUTSIDE.values()), "country": list(OUTSIDE.values())})
    return pd.concat([councils, nations]).drop_duplicates("name").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# gathering


def load() -> dict:
    """The places, the names and every study's part (the only reading here, through the loaders and
    the studies' own ``area``)."""
    imd_la, referendum, lad17_lad19 = loaders.imd_lad(), loaders.referendum(), loaders.lookup_lad17_lad19()
    where, joins = places(imd_la, loaders.lookup_lad23_utla23(), referendum, lad17_lad19)
    parts = {}
    for study in registry.studies():
        part = study.area(where)
        if part is not None:
            parts[study.id] = (study, part)
    return {"places": where, "joins": joins, "parts": parts,
            "former": geography.former_names(referendum, lad17_lad19, imd_la),
            "outside": outside_england(referendum)}


def figures(parts: dict) -> list[tuple]:
    """Every part's figures, each with the study it comes from, the latest first (then as declared)."""
    found = [(f, study) for study, part in parts.values() for f in part.figures]
    columns = [f.column for f, _ in found]
    if len(set(columns)) != len(columns):
        raise DataError(f"two studies give the area page the same figure: {sorted({c for c in columns if columns.count(c) > 1})}")
    return sorted(found, key=lambda fs: -fs[0].year)


def table(places: pd.DataFrame, parts: dict) -> tuple[pd.DataFrame, dict]:
    """One row per LA of 2019: the places, every part's columns, and each ranked figure's rank
    (``<column>_rank``); and the parts' joins."""
    t, joins = places.copy(), {}
    for sid, (study, part) in parts.items():
        loaders.require_columns(part.table, ["code"], f"the area table of {study.title}")
        if len(part.table) != len(places) or set(part.table["code"]) != set(places["code"]):
            raise DataError(f"the area table of {study.title} does not have one row per LA of 2019")
        clash = sorted(set(part.table.columns) & set(t.columns) - {"code"})
        if clash:
            raise DataError(f"the area table of {study.title} repeats columns {clash}")
        t = t.merge(part.table, on="code", how="left", validate="one_to_one")
        joins.update(part.joins)
    for f, _ in figures(parts):
        if f.rank:
            units = t.drop_duplicates(f.rank_unit)
            ranks = dict(zip(units[f.rank_unit], rank(units[f.column], highest_first=f.rank == "highest")))
            t[f"{f.column}_rank"] = t[f.rank_unit].map(ranks).astype("Int64")
    return t.sort_values("code").reset_index(drop=True), joins


def gather(inputs: dict) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """From :func:`load`: the table (:func:`table`), every join's report (the places' first) and the
    search index (:func:`analysis.data.geography.search_index`)."""
    t, joins = table(inputs["places"], inputs["parts"])
    index = geography.search_index(inputs["places"], inputs["former"], inputs["outside"])
    return t, {**inputs["joins"], **joins}, index


def page_values(t: pd.DataFrame, parts: dict) -> dict:
    """The numbers and names the page's prose quotes, from the table and the parts."""
    unitaries = t[t["code_2023"] != t["code"]].drop_duplicates("code_2023").sort_values(["merged_in", "code_2023"])
    values = {"n_las": len(t), "n_merged": int((t["code_2023"] != t["code"]).sum()),
              "n_districts": int(t["county"].sum()), "n_counties": int(t["county_code"].nunique()),
              "unitaries": geography.names.and_list(f"{n} ({y})" for n, y in zip(unitaries["name_2023"],
                                                                                  unitaries["merged_in"]))}
    for _, part in parts.values():
        clash = sorted(set(part.facts) & set(values))
        if clash:
            raise DataError(f"two parts of the area page give the same fact {clash}")
        values.update(part.facts)
    return values


# --------------------------------------------------------------------------------------------
# the page's data and search box


def _compact(v):
    """A cell as the page stores it: floats to 6 significant digits (as in ``results/area.csv``), ints as ints."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, float):
        return float(f"{v:.6g}")
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return bool(v)
    return int(v) if hasattr(v, "__index__") else v


def payload(t: pd.DataFrame, parts: dict, index: pd.DataFrame) -> dict:
    """The compact data the page embeds: the columns the script reads, named once, then one list per LA;
    the figures, the series the page leads with, and the search index."""
    shown = [f for f, _ in figures(parts)]
    columns = list(dict.fromkeys([*SCRIPT_COLUMNS, *[c for f in shown for c in (f.column, f.detail) if c],
                                  *[f"{f.column}_rank" for f in shown if f.rank]]))
    loaders.require_columns(t, columns, "the area table")
    rows = [[_compact(v) for v in r] for r in t[columns].astype(object).where(t[columns].notna(), None)
            .itertuples(index=False)]
    fields = []
    for f, study in figures(parts):
        ranked = f"{f.column}_rank" if f.rank else None
        units = t.drop_duplicates(f.rank_unit)
        fields.append({"column": f.column, "label": f.label, "unit": f.unit, "decimals": f.decimals,
                       "rank": ranked, "rank_meaning": f.rank_meaning, "among": f.among,
                       "count": int(units[f.column].notna().sum()), "note": f.note, "detail": f.detail or None,
                       "zero": f.zero, "zero_count": int((t[f.column] == 0).sum()) if f.zero else 0, "more": f.more,
                       "page": f"{study.notebook}.html", "page_title": study.title})
    series = [(study, part.series) for study, part in parts.values() if part.series is not None]
    if len(series) != 1:
        raise DataError(f"the area page leads with one series; the studies give {len(series)}")
    study, s = series[0]
    return {"columns": columns, "rows": rows, "fields": fields, "n": len(t),
            "series": {**s, "page": f"{study.notebook}.html", "page_title": study.title},
            "names": index.values.tolist(), "kinds": list(geography.names.KINDS),
            "keep": list(geography.names.NAMES_NOT_STYLES), "max_query": geography.names.MAX_QUERY,
            "abolished": {c: list(u) for c, (_, u) in geography.ABOLISHED_COUNTIES.items()}}


def write(t: pd.DataFrame) -> None:
    """``results/area.csv`` (or the test run's output folder): the table the page shows."""
    out = config.output_dir() / "area.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    t.to_csv(out, index=False, float_format="%.6g", lineterminator="\n")


def search_box(data: dict) -> str:
    """The page's search box: a labelled input, a result area and the data, with a short inline script.

    No request leaves the page: the data is a JSON block in it, so the built page works from disk.
    """
    if not data.get("rows"):
        raise DataError("the area table is empty: nothing to search")
    blob = json.dumps(data, separators=(",", ":"), ensure_ascii=True).replace("</", "<\\/")
    return (f'''<div class="lu-area" id="lu-area">
<style>{STYLE}</style>
<label for="lu-area-q">Name of an English local authority, county or region (today's or a former name)</label>
<input id="lu-area-q" type="search" autocomplete="off" placeholder="e.g. Hull, Mid Suffolk, Cumbria">
<div id="lu-area-out" aria-live="polite"></div>
<script type="application/json" id="lu-area-data">{blob}</script>
<script>{SCRIPT}</script>
</div>''')
