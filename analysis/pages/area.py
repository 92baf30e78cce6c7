"""Your area: what the compendium knows about one English local authority.

One row per English LA of 2019 (the 317 LADs of IoD 2019 File 10), gathered from the other analyses'
public functions with their default parameters, each figure beside its rank among the LAs that have
it. The page (``notebooks/92_your_area``) writes the table to ``results/area.csv`` and embeds it,
compacted, in one search box that works offline; nothing in it is typed.

A name of 2023 finds the 2019 LAs it covers: the seven unitaries created from 2020 to 2023 through
:func:`analysis.data.geography.lad23_successor_table`. The mission-7 series (ONS, upper-tier areas on
2023 codes) is matched to an LA through its own code or the 2023 unitary it became part of. A
district of a county that is still two-tier would take the county's series, but the data package
has no district-to-county lookup, so those districts show none and the join says why.
"""

from __future__ import annotations

import json
import re

import pandas as pd

from analysis import config
from analysis.data import geography, loaders
from analysis.data import imd as imd_vocabulary
from analysis.errors import DataError
from analysis.studies.hle import STUDY as HLE
from analysis.studies.leave import compute as leave
from analysis.studies.luf_round1 import STUDY as FUND
from analysis.studies.luf_round1 import compute as fund_compute
from analysis.studies.mission7 import compute as mission7

#: the page that explains each group of figures
PAGES = {"hle": "01_hle_priority", "imd": "02_leave_imd_cni", "cni": "02_leave_imd_cni", "leave": "02_leave_imd_cni",
         "luf": "04_luf_round1", "low_pay": "03_low_pay", "mission7": "05_mission7"}
#: how the box names each page
PAGE_TITLES = {"01_hle_priority": "Healthy life expectancy and the Fund", "02_leave_imd_cni": "Deprivation, need and Leave",
               "03_low_pay": "Low pay by region", "04_luf_round1": "Where the Fund went",
               "05_mission7": "Tracking mission 7"}

#: the Fund's rounds the page shows (each, and both together), with the Fund page's default attribution
FUND_ROUNDS = {"1": "r1", "2": "r2", "both": "both"}
FUND_ATTRIBUTION = FUND.params["attribution"].default
FUND_ROUND_TEXT = {"1": "round 1 (2021)", "2": "round 2 (2023)", "both": "rounds 1 and 2"}

#: each figure shown: column, label, unit, decimals, page key, rank column (or None), rank meaning
FIELDS = [
    ("hle_male", "Healthy life expectancy 2009-13, men", "years", 1, "hle", "hle_male_rank", "1 = lowest"),
    ("hle_female", "Healthy life expectancy 2009-13, women", "years", 1, "hle", "hle_female_rank", "1 = lowest"),
    *[(imd_vocabulary.rank_column(m), f"{imd_vocabulary.LABEL[m]}: rank", "", 0, "imd", None,
       "1 = most deprived of 317") for m in imd_vocabulary.IMD_MEASURES],
    ("cni_mean", "Community Needs Index 2019, mean of its wards", "score", 1, "cni", "cni_rank", "1 = greatest need"),
    ("leave_pct", "Leave share, EU referendum 2016", "% of valid votes", 1, "leave", "leave_rank", "1 = highest Leave"),
    ("priority_category", "Levelling Up Fund priority category (2021)", "", 0, "luf", None,
     "category 1, 2 or 3; 1 = greatest need"),
    *[field for r, key in FUND_ROUNDS.items() for field in (
        (f"luf_{key}_money_m", f"Levelling Up Fund money, {FUND_ROUND_TEXT[r]}", "GBP m", 2, "luf",
         f"luf_{key}_money_rank", "1 = most money"),
        (f"luf_{key}_per_head", f"Levelling Up Fund money per resident (mid-2022), {FUND_ROUND_TEXT[r]}", "GBP", 0,
         "luf", f"luf_{key}_per_head_rank", "1 = most per head"))],
    ("region_low_pay_pct", "Employees below the Real Living Wage in the region, 2019", "%", 1, "low_pay",
     "region_low_pay_rank", "among English regions; 1 = highest share"),
]

def find(names: pd.DataFrame, query: str) -> list[str]:
    """The codes whose names answer ``query`` (``names``: ``code`` and one or more ``name*`` columns).

    An exact match on a normalised name wins; otherwise every LA with a name containing the
    query's words, in order, each starting a word ("Hull" finds "Kingston upon Hull, City of" but
    not "Solihull"). A 2023 name (``name_2023``) finds every 2019 LA it covers. The page's script
    applies the same rule.
    """
    q = geography.name_key(query)
    if not q:
        return []
    cols = [c for c in names.columns if c.startswith("name")]
    keys = names[cols].apply(lambda col: col.fillna("").map(geography.name_key))
    exact = keys.eq(q).any(axis=1)
    if exact.any():
        return names.loc[exact, "code"].tolist()
    pattern = re.compile(r"(^| )" + re.escape(q))
    hit = keys.apply(lambda col: col.map(lambda k: bool(pattern.search(k)))).any(axis=1)
    return names.loc[hit, "code"].tolist()


def rank(values: pd.Series, highest_first: bool) -> pd.Series:
    """Rank among the LAs that have a value (ties share the best rank); missing stays missing."""
    return values.rank(ascending=not highest_first, method="min").astype("Int64")


# --------------------------------------------------------------------------------------------
# gathering


def load() -> dict:
    """Every table the page needs, from the loaders and the studies' defaults (the only reading here)."""
    inputs = HLE.load()
    values = {s: HLE.run(inputs, HLE.check(sex=s, unit="lad19")).values for s in HLE.params["sex"].choices}
    la, _ = leave.la_data("lad19", leave.read_sources())
    fund_inputs = fund_compute.load()
    fund = {r: fund_compute.analyse(fund_inputs, r, attribution=FUND_ATTRIBUTION) for r in FUND_ROUNDS}
    return {"hle_values": values, "imd": inputs.imd, "leave_la": la, "priority": inputs.priority,
            "fund": {r: res["la19"] for r, res in fund.items()},
            "fund_bids": {r: (res["placed"], res["unplaced"]) for r, res in fund.items() if r != "both"},
            "low_pay": loaders.tuc_low_pay_2019(), "series": mission7.load_series(),
            "reasons": geography.known_reasons(loaders.lookup_lad17_lad19(), loaders.CNI_ABSENT_LAS)}


def table(hle_values: dict[str, pd.DataFrame], imd: pd.DataFrame, leave_la: pd.DataFrame, priority: pd.DataFrame,
          fund: dict[str, pd.DataFrame], fund_bids: dict[str, tuple], low_pay: pd.DataFrame,
          series: pd.DataFrame, reasons: dict[str, str]) -> tuple[pd.DataFrame, dict]:
    """One row per LAD 2019 with every figure and its rank; and the reconciliation of each join
    (``reasons``: why an LA code may be missing from a table, :func:`analysis.data.geography.known_reasons`)."""
    ranks = [imd_vocabulary.rank_column(m) for m in imd_vocabulary.IMD_MEASURES]
    loaders.require_columns(imd, ["lad19_code", "lad19_name", *ranks], "IoD 2019 File 10")
    t = imd[["lad19_code", "lad19_name", *ranks]].rename(columns={"lad19_code": "code", "lad19_name": "name"})
    t = t.merge(geography.lad23_successor_table().rename(columns={"lad19_code": "code"}), on="code", how="left")
    t["code_2023"] = t["lad23_code"].fillna(t["code"])
    t["name_2023"] = t["lad23_name"].fillna(t["name"])
    t["merged_in"] = t["lad23_code"].map(geography.SUCCESSOR_YEAR).astype("Int64")
    recs = {}
    for sex, v in hle_values.items():
        loaders.require_columns(v, ["lad19_code", "hle", "hle_source"], f"HLE 2009-13 values ({sex})")
        t = t.merge(v[["lad19_code", "hle", "hle_source"]].rename(
            columns={"lad19_code": "code", "hle": f"hle_{sex}", "hle_source": f"hle_{sex}_source"}), on="code", how="left")
        t[f"hle_{sex}_rank"] = rank(t[f"hle_{sex}"], highest_first=False)
    loaders.require_columns(leave_la, ["code", "name", "region", "cni_mean", "leave_valid_votes"],
                            "referendum areas (lad19)")
    t, recs["leave"] = geography.reconcile(
        t, leave_la[["code", "name", "region", "cni_mean", "leave_valid_votes"]].rename(columns={"name": "ref_name"}),
        "code", name="LADs of 2019 -> referendum areas (LAD 2019)", left_label="IoD 2019 File 10",
        right_label="referendum areas", left_name="name", right_name="ref_name", how="left", reasons=reasons)
    t = t.drop(columns="ref_name").rename(columns={"leave_valid_votes": "leave_pct"})  # a percentage already
    t["leave_rank"] = rank(t["leave_pct"], highest_first=True)
    t["cni_rank"] = rank(t["cni_mean"], highest_first=True)
    loaders.require_columns(priority, ["lad19_code", "priority_category"], "Fund priority list (LAD 2019)")
    t, recs["priority"] = geography.reconcile(
        t, priority[["lad19_code", "priority_category"]].rename(columns={"lad19_code": "code"}), "code",
        name="LADs of 2019 -> Fund priority list", left_label="IoD 2019 File 10", right_label="priority list",
        left_name="name", how="left", reasons=reasons)
    for r, la19 in fund.items():
        t, recs[f"luf_{FUND_ROUNDS[r]}"] = join_fund(t, la19, r, reasons)
    for r, (placed, unplaced) in fund_bids.items():
        recs[f"luf_{FUND_ROUNDS[r]}_bids"] = bids_outside(placed, unplaced, r)
    t["population_estimated"] = t["lad23_code"].notna()
    t, recs["low_pay"] = join_regions(t, low_pay)
    t, recs["mission7"] = join_series(t, series)
    cols = ["code", "name", "code_2023", "name_2023", "merged_in", "region", "hle_male", "hle_male_source", "hle_male_rank",
            "hle_female", "hle_female_source", "hle_female_rank", *ranks, "cni_mean", "cni_rank", "leave_pct",
            "leave_rank", "priority_category",
            *[f"luf_{k}_{c}" for k in FUND_ROUNDS.values() for c in ("money_m", "money_rank", "per_head", "per_head_rank")],
            "population_estimated", "region_low_pay_pct", "region_low_pay_rank", "mission7_code", "mission7_match"]
    return t[cols].sort_values("code").reset_index(drop=True), recs


def join_fund(t: pd.DataFrame, la19: pd.DataFrame, luf_round: str,
              reasons: dict[str, str] | None = None) -> tuple[pd.DataFrame, geography.Reconciliation]:
    """The Fund's money of one round (or both) for each LA, in GBP m and per resident, with their ranks.

    ``la19`` is ``analysis.studies.luf_round1.compute.analyse(...)["la19"]``: every 2019 LA, with 0 where it
    received nothing.
    """
    loaders.require_columns(la19, ["lad19_code", "money", "per_head"], f"Fund LA table, {FUND_ROUND_TEXT[luf_round]}")
    key = FUND_ROUNDS[luf_round]
    right = pd.DataFrame({"code": la19["lad19_code"], "fund_name": la19.get("lad19_name", ""),
                          f"luf_{key}_money_m": la19["money"] / 1e6, f"luf_{key}_per_head": la19["per_head"]})
    out, rec = geography.reconcile(t, right, "code", name=f"LADs of 2019 -> the Fund's LA table, {FUND_ROUND_TEXT[luf_round]}",
                                   left_label="IoD 2019 File 10", right_label="Fund LA table", left_name="name",
                                   right_name="fund_name", how="left", reasons=reasons)
    out = out.drop(columns="fund_name")
    for c in ("money", "per_head"):
        out[f"luf_{key}_{c}_rank"] = rank(out[f"luf_{key}_{c}" + ("_m" if c == "money" else "")], highest_first=True)
    return out, rec


def bids_outside(placed: pd.DataFrame, unplaced: pd.DataFrame, luf_round: str) -> geography.Reconciliation:
    """The round's bids that reach an English LA of 2019 and those that do not, with the Fund page's reasons.

    ``placed`` and ``unplaced`` are ``analysis.studies.luf_round1.compute.analyse(...)["placed"]`` and
    ``["unplaced"]``.
    """
    text = FUND_ROUND_TEXT[luf_round]
    loaders.require_columns(placed, ["bid_id"], f"placed bids, {text}")
    loaders.require_columns(unplaced, ["bid_id", "area", "reason"], f"unplaced bids, {text}")
    return geography.Reconciliation(
        name=f"bids of {text} -> LADs of 2019", left_label=f"bids of {text}", right_label="LADs of 2019",
        matched=int(placed["bid_id"].nunique()),
        unmatched_left=pd.DataFrame({"key": unplaced["bid_id"], "name": unplaced["area"],
                                     "reason": unplaced["reason"]}).reset_index(drop=True),
        unmatched_right=pd.DataFrame(columns=["key", "name", "reason"]))


def join_regions(t: pd.DataFrame, low_pay: pd.DataFrame) -> tuple[pd.DataFrame, geography.Reconciliation]:
    """Each LA's region's low-pay share (Table 2), matched on the region's name ignoring case, and its
    rank among the LAs' regions (``region_low_pay_rank``, 1 = highest share)."""
    loaders.require_columns(low_pay, ["region", "row_type", "pct_low_pay"], "low-pay Table 2")
    regions = low_pay.loc[low_pay["row_type"] == "region", ["region", "pct_low_pay"]]
    right = pd.DataFrame({"region_key": regions["region"].str.casefold(), "table2_region": regions["region"],
                          "region_low_pay_pct": regions["pct_low_pay"]})
    left = pd.DataFrame({"region_key": t["region"].dropna().str.casefold().unique()})
    outside = {r.casefold(): "a nation outside England (the page covers English LAs)"
               for r in ("Wales", "Scotland", "Northern Ireland")}
    _, rec = geography.reconcile(left, right, "region_key", name="LAs' regions -> low-pay Table 2 (ignoring case)",
                                 left_label="LAs' regions", right_label="Table 2", right_name="table2_region",
                                 reasons=outside)
    right = right[right["region_key"].isin(set(left["region_key"]))]
    right = right.assign(region_low_pay_rank=rank(right["region_low_pay_pct"], highest_first=True))
    out = t.assign(region_key=t["region"].str.casefold()).merge(
        right[["region_key", "region_low_pay_pct", "region_low_pay_rank"]], on="region_key", how="left")
    return out.drop(columns="region_key"), rec


NO_COUNTY_LOOKUP = "the data package has no district-to-county lookup"


def join_series(t: pd.DataFrame, series: pd.DataFrame) -> tuple[pd.DataFrame, geography.Reconciliation]:
    """``mission7_code``: the upper-tier area of the official mission-7 series that covers the LA.

    The series (``mission7.compute.load_series()``) is on the upper-tier areas of 2023: unitaries, metropolitan
    districts, London boroughs and counties. An LA takes the series of its own code, or of the 2023
    unitary it became part of (:func:`analysis.data.geography.lad19_to_lad23`); failing both, of a
    single-tier area of the same name under a newer code that no other LA takes (``mission7_match``
    says which). A district of a county still two-tier in 2023 would take the county's series, but
    no lookup in the data package says which county a district is in, so it has none; the
    reconciliation says so for each.
    """
    loaders.require_columns(series, ["area_code", "area_name"], "mission-7 HLE series")
    areas = series.loc[series["area_code"] != mission7.ENGLAND, ["area_code", "area_name"]].drop_duplicates("area_code")
    to23 = geography.lad19_to_lad23(t["code"]).set_index("lad19_code")["lad23_code"]
    upper = t["code"].map(to23).where(lambda c: c.isin(set(areas["area_code"])))
    how = pd.Series(None, index=t.index, dtype=object)
    how[upper.notna()] = (upper == t["code"])[upper.notna()].map({True: "own code", False: "2023 unitary"})
    free = areas[~areas["area_code"].isin(set(upper.dropna()))]
    by_name = free.assign(key=free["area_name"].map(geography.name_key)).drop_duplicates("key", keep=False)
    by_name = dict(zip(by_name["key"], by_name["area_code"]))
    renamed = upper.isna() & t["code"].str[:3].isin(["E06", "E08", "E09"]) & t["name"].map(geography.name_key).isin(by_name)
    upper[renamed] = t.loc[renamed, "name"].map(geography.name_key).map(by_name)
    how[renamed] = "same name, newer code"
    out = t.assign(mission7_code=upper, mission7_match=how)
    missing = out.loc[out["mission7_code"].isna(), ["code", "name"]]
    unused = areas[~areas["area_code"].isin(set(out["mission7_code"].dropna()))]

    def why_no_series(code: str) -> str:
        if code.startswith("E07"):
            return f"a district of a county still two-tier in 2023: the series has the county, and {NO_COUNTY_LOOKUP}"
        if code[:3] in ("E06", "E08", "E09"):
            return "a single-tier LA for which ONS publishes no estimate (too few residents)"
        return "unexplained: not in the series"

    rec = geography.Reconciliation(
        name="LADs of 2019 -> mission-7 HLE series (own code, else its 2023 unitary, else the same name)",
        left_label="LADs of 2019", right_label="mission-7 series", matched=int(out["mission7_code"].notna().sum()),
        unmatched_left=pd.DataFrame({"key": missing["code"], "name": missing["name"],
                                     "reason": [why_no_series(c) for c in missing["code"]]}).reset_index(drop=True),
        unmatched_right=pd.DataFrame({
            "key": unused["area_code"], "name": unused["area_name"],
            "reason": [f"a county: {NO_COUNTY_LOOKUP} to give it its districts" if c.startswith("E10")
                       else "unexplained: covers no LAD of 2019" for c in unused["area_code"]]}).reset_index(drop=True))
    return out, rec


def _and(names) -> str:
    names = list(names)
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def page_values(t: pd.DataFrame, joins: dict[str, geography.Reconciliation]) -> dict:
    """The numbers and names the page's prose quotes, all from the table and its joins."""
    m7 = joins["mission7"]
    unitaries = t[t["code_2023"] != t["code"]].drop_duplicates("code_2023").sort_values(["merged_in", "code_2023"])
    no_estimate = m7.unmatched_left[~m7.unmatched_left["key"].str.startswith("E07")]
    return {"n_las": len(t), "n_series": int(t["mission7_code"].notna().sum()),
            "n_series_own": int((t["mission7_match"] == "own code").sum()),
            "n_series_unitary": int((t["mission7_match"] == "2023 unitary").sum()),
            "series_by_name": _and(t.loc[t["mission7_match"] == "same name, newer code", "name"]),
            "n_county_districts": int(m7.unmatched_left["key"].str.startswith("E07").sum()),
            "n_counties": int(m7.unmatched_right["key"].str.startswith("E10").sum()),
            "no_estimate": _and(no_estimate["name"]),
            "unitaries": _and(f"{n} ({y})" for n, y in zip(unitaries["name_2023"], unitaries["merged_in"])),
            "n_merged": int((t["code_2023"] != t["code"]).sum()),
            **{f"bids_outside_{FUND_ROUNDS[r]}": len(joins[f"luf_{FUND_ROUNDS[r]}_bids"].unmatched_left)
               for r in FUND_ROUNDS if f"luf_{FUND_ROUNDS[r]}_bids" in joins}}


# --------------------------------------------------------------------------------------------
# the page's data and search box


def _compact(v):
    """A cell as the page stores it: floats to 6 significant digits (as in ``results/area.csv``), ints as ints."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, float):
        return float(f"{v:.6g}")
    return int(v) if hasattr(v, "__index__") else v


def series_of(series: pd.DataFrame, codes) -> dict:
    """The mission-7 series of the given areas, compactly, with each area's rank in the latest period.

    ``{"periods": [...], "latest": period, "n": {sex: areas with a value}, "areas": {code: {"name": ...,
    sex: [[hle, lci, uci] or None per period], "rank": {sex: rank, 1 = lowest HLE}}}}``. The ranks count
    every upper-tier area of the series with a value in the latest period, not only the given ones.
    """
    mission7_areas = mission7.areas(series)
    loaders.require_columns(mission7_areas, ["lci", "uci"], "mission-7 HLE series")
    periods = sorted(mission7_areas["period"].unique())
    latest = periods[-1]
    now = mission7_areas[mission7_areas["period"] == latest].dropna(subset=["hle"])
    ranks = {sex: dict(zip(g["area_code"], rank(g["hle"], highest_first=False))) for sex, g in now.groupby("sex")}
    out = {}
    for code, d in mission7_areas[mission7_areas["area_code"].isin(set(codes))].groupby("area_code"):
        entry = {"name": d["area_name"].iloc[0], "rank": {sex: _compact(r.get(code)) for sex, r in ranks.items()}}
        for sex, g in d.groupby("sex"):
            by_period = {p: [round(float(x), 1) for x in v] for p, *v in zip(g["period"], g["hle"], g["lci"], g["uci"])}
            entry[sex] = [by_period.get(p) for p in periods]
        out[code] = entry
    return {"periods": periods, "latest": latest, "n": {sex: len(r) for sex, r in ranks.items()}, "areas": out}


def payload(t: pd.DataFrame, series: pd.DataFrame) -> dict:
    """The compact data the page embeds: column names once, then one list per LA; and the series."""
    rows = [[_compact(v) for v in r] for r in t.astype(object).where(t.notna(), None).itertuples(index=False)]
    fields = [{"column": c, "label": label, "unit": unit, "decimals": dec, "page": f"{PAGES[page]}.html",
               "page_title": PAGE_TITLES[PAGES[page]], "rank": rank_col, "rank_meaning": meaning,
               "rank_count": None if rank_col is None else int(t.drop_duplicates(
                   "region" if rank_col.startswith("region_") else "code")[rank_col].notna().sum()),
               "zero_count": int((t[c] == 0).sum()) if c.startswith("luf_") else 0}
              for c, label, unit, dec, page, rank_col, meaning in FIELDS]
    return {"columns": list(t.columns), "rows": rows, "fields": fields, "n": len(t),
            "series": series_of(series, t["mission7_code"].dropna()),
            "mission7_page": f"{PAGES['mission7']}.html", "mission7_title": PAGE_TITLES[PAGES["mission7"]]}


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
<style>{_STYLE}</style>
<label for="lu-area-q">Name of an English local authority (2019 or 2023 name)</label>
<input id="lu-area-q" type="search" autocomplete="off" placeholder="e.g. Hull, Blackpool, Buckinghamshire">
<div id="lu-area-out" aria-live="polite"></div>
<script type="application/json" id="lu-area-data">{blob}</script>
<script>{_SCRIPT}</script>
</div>''')


_STYLE = ("#lu-area .lu-series th, #lu-area .lu-series td { overflow-wrap: normal; }"
          " #lu-area .lu-series td:first-child { white-space: nowrap; }"
          " #lu-area details.lu-area-part summary { cursor: pointer; }"
          " #lu-area details.lu-area-part summary > p { display: inline; }"
          " #lu-area details.lu-area-part { margin: 0.6em 0; }")

_SCRIPT = r"""
(function () {
  const root = document.getElementById("lu-area");
  const data = JSON.parse(document.getElementById("lu-area-data").textContent);
  const col = Object.fromEntries(data.columns.map((c, i) => [c, i]));
  const norm = s => String(s || "").toLowerCase().replace(/&/g, " and ")
    .replace(/\b(city|county|royal borough|borough|district|metropolitan borough) of\b/g, " ")
    .replace(/[^a-z0-9]+/g, " ").trim();
  const keys = data.rows.map(r => [norm(r[col.name]), norm(r[col.name_2023])]);
  const esc = s => String(s).replace(/[&<>"]/g, ch => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[ch]);
  const fmt = (v, d) => Number(v).toLocaleString("en-GB", {minimumFractionDigits: d, maximumFractionDigits: d});
  const S = data.series, people = {male: "men", female: "women"};
  function find(q) {
    q = norm(q);
    if (!q) return [];
    let hit = data.rows.filter((r, i) => keys[i].includes(q));
    if (hit.length) return hit;
    const re = new RegExp("(^| )" + q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return data.rows.filter((r, i) => keys[i].some(k => re.test(k)));
  }
  const merged = r => r[col.code_2023] !== r[col.code];
  function figures(r) {
    let h = '<div class="lu-area-table"><table><thead><tr><th>figure</th><th>value</th><th>rank among LAs</th><th>explained on</th></tr></thead><tbody>';
    for (const f of data.fields) {
      const v = r[col[f.column]];
      let value, rank = "";
      if (v === null) value = "no value";
      else value = fmt(v, f.decimals) + (f.unit ? ` <span class="lu-unit">${esc(f.unit)}</span>` : "");
      if (f.column.startsWith("hle_") && v !== null) value += ` (${esc(r[col[f.column + "_source"]])})`;
      if (f.column.endsWith("_per_head") && v > 0 && r[col.population_estimated])
        value += ' <span class="lu-unit">(residents estimated from the 2023 unitary\'s)</span>';
      if (f.zero_count && v === 0) rank = `none: one of ${f.zero_count} LAs with no award`;
      else if (f.rank && r[col[f.rank]] !== null) rank = `${r[col[f.rank]]} of ${f.rank_count} (${esc(f.rank_meaning)})`;
      else if (f.rank_meaning && !f.rank && v !== null) rank = esc(f.rank_meaning);
      h += `<tr><th scope="row">${esc(f.label)}</th><td data-col="${f.column}" data-value="${v === null ? "" : v}">${value}</td>` +
        `<td>${rank}</td><td><a href="${f.page}">${esc(f.page_title)}</a></td></tr>`;
    }
    return h + "</tbody></table></div>";
  }
  function series(r, inGroup) {
    const sc = r[col.mission7_code], s = sc && S.areas[sc];
    const page = `<a href="${data.mission7_page}">${esc(data.mission7_title)}</a>`;
    if (!s) {
      const why = r[col.code].startsWith("E07")
        ? "ONS publishes it for upper-tier areas, so a district of a two-tier county would show the county's series, " +
          "but the compendium has no lookup from district to county yet"
        : "ONS publishes no estimate for this LA (too few residents)";
      return `<p class="lu-series-none">Mission-7 series of healthy life expectancy: none shown. ${why} (explained on ${page}).</p>`;
    }
    const how = r[col.mission7_match];
    const whose = `the series of ${esc(s.name)} (${esc(sc)})` + (how === "own code" ? ", its own" :
      how === "2023 unitary" ? `, the unitary authority ${inGroup ? "these LAs have" : "it has"} been part of since ` +
        `${r[col.merged_in]}: the upper-tier area's series, not one of ${inGroup ? "theirs" : "its own"}` :
      ", its own under a newer code (matched by name)");
    const cell = (sex, i) => { const x = (s[sex] || [])[i]; return x ? `${fmt(x[0], 1)} <span class="lu-unit">(${fmt(x[1], 1)}-${fmt(x[2], 1)})</span>` : "-"; };
    const ranks = ["male", "female"].filter(x => s.rank[x] !== null && s.rank[x] !== undefined)
      .map((x, i) => `${s.rank[x]} of ${S.n[x]}${i ? "" : " upper-tier areas"} for ${people[x]}`).join(" and ");
    return `<p>Healthy life expectancy at birth, the series behind mission 7: ${whose} (explained on ${page}). ` +
      (ranks ? `In ${esc(S.latest)} the area ranks ${ranks} (1 = lowest).` : "") + "</p>" +
      '<div class="lu-area-table"><table class="lu-series"><thead><tr><th>period</th><th>men, years (95% interval)</th>' +
      '<th>women, years (95% interval)</th></tr></thead><tbody>' +
      S.periods.map((p, i) => `<tr><td>${p}</td><td>${cell("male", i)}</td><td>${cell("female", i)}</td></tr>`).join("") +
      "</tbody></table></div>";
  }
  function heading(r, inGroup) {
    return `<p class="lu-area-name"><strong>${esc(r[col.name])}</strong> (${esc(r[col.code])}, ${esc(r[col.region])})` +
      (merged(r) && !inGroup ? `; since ${r[col.merged_in]} part of <strong>${esc(r[col.name_2023])}</strong> (${esc(r[col.code_2023])})` : "") + "</p>";
  }
  const show = r => heading(r) + figures(r) + series(r);
  function showGroup(rows) {
    const r0 = rows[0], names = rows.map(r => esc(r[col.name]));
    return `<p class="lu-area-name"><strong>${esc(r0[col.name_2023])}</strong> (${esc(r0[col.code_2023])}), a unitary ` +
      `authority since ${r0[col.merged_in]}, is made up of ${rows.length} local authorities of 2019: ${names.join(", ")}. ` +
      "The figures are the 2019 LAs'; each is shown below, then the unitary's mission-7 series.</p>" +
      rows.map(r => `<details class="lu-area-part" open><summary>${heading(r, true)}</summary>${figures(r)}</details>`).join("") +
      series(r0, true);
  }
  function update() {
    const q = root.querySelector("input").value, out = root.querySelector("#lu-area-out");
    const hits = find(q);
    if (!norm(q)) { out.innerHTML = ""; return; }
    if (hits.length === 0) { out.innerHTML = `<p>No English local authority of 2019 or 2023 is called "${esc(q)}".</p>`; return; }
    if (hits.length === 1) { out.innerHTML = show(hits[0]); return; }
    if (hits.every(r => merged(r) && r[col.code_2023] === hits[0][col.code_2023])) { out.innerHTML = showGroup(hits); return; }
    out.innerHTML = `<p>${hits.length} local authorities match${hits.length > 20 ? " (the first 20 shown; type more of the name)" : ""}; choose one:</p>` +
      '<ul class="lu-area-choices">' + hits.slice(0, 20).map(r => `<li><button type="button" data-code="${r[col.code]}">${esc(r[col.name])}` +
      (merged(r) ? ` (${esc(r[col.name_2023])})` : "") + "</button></li>").join("") + "</ul>";
    out.querySelectorAll("button").forEach(b => b.addEventListener("click", () => {
      out.innerHTML = show(data.rows.find(r => r[col.code] === b.dataset.code)); }));
  }
  root.querySelector("input").addEventListener("input", update);
})();
"""
