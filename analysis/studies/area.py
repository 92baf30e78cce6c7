"""Your area: what the compendium knows about one English local authority.

One row per English LA of 2019 (the 317 LADs of IoD 2019 File 10), gathered from the other analyses'
public functions with their default parameters, each figure beside its rank among the LAs that have
it. The page (``notebooks/92_your_area``) writes the table to ``results/area.csv`` and embeds it,
compacted, in one search box that works offline; nothing in it is typed.

Values the compendium does not compute yet are named slots (:data:`SLOTS`), empty in every row, so
that the page says "not yet in the compendium" rather than inventing a figure.
"""

from __future__ import annotations

import json
import re

import pandas as pd

from analysis import config
from analysis.data import geography, imd as imd_vocabulary, loaders
from analysis.errors import DataError
from analysis.studies import hle, leave, lowpay, luf, mission7

#: the page that explains each group of figures
PAGES = {"hle": "01_hle_priority", "imd": "02_leave_imd_cni", "cni": "02_leave_imd_cni", "leave": "02_leave_imd_cni",
         "luf": "04_luf_round1", "low_pay": "03_low_pay", "mission7": "05_mission7"}
#: how the box names each page
PAGE_TITLES = {"01_hle_priority": "Healthy life expectancy and the Fund", "02_leave_imd_cni": "Deprivation, need and Leave",
               "03_low_pay": "Low pay by region", "04_luf_round1": "The Fund's first round",
               "05_mission7": "Tracking mission 7"}

#: each figure shown: column, label, unit, decimals, page key, rank column (or None), rank meaning
FIELDS = [
    ("hle_male", "Healthy life expectancy 2009-13, men", "years", 1, "hle", "hle_male_rank", "1 = lowest"),
    ("hle_female", "Healthy life expectancy 2009-13, women", "years", 1, "hle", "hle_female_rank", "1 = lowest"),
    *[(imd_vocabulary.rank_column(m), f"{imd_vocabulary.LABEL[m]}: rank", "", 0, "imd", None,
       "1 = most deprived of 317") for m in imd_vocabulary.IMD_MEASURES],
    ("cni_mean", "Community Needs Index 2019, mean of its wards", "score", 1, "cni", "cni_rank", "1 = greatest need"),
    ("leave_pct", "Leave share, EU referendum 2016", "% of valid votes", 1, "leave", "leave_rank", "1 = highest Leave"),
    ("priority_category", "Levelling Up Fund priority category (2021)", "1 = greatest need", 0, "luf", None, ""),
    ("luf_r1_money_m", "Levelling Up Fund round 1 money", "GBP m", 2, "luf", "luf_r1_rank", "1 = most money"),
    ("luf_r2_money_m", "Levelling Up Fund round 2 money", "GBP m", 2, "luf", "luf_r2_rank", "1 = most money"),
    ("luf_money_per_head", "Levelling Up Fund money per head (rounds covered)", "GBP", 0, "luf", "luf_per_head_rank",
     "1 = most per head"),
    ("region_low_pay_pct", "Employees below the Real Living Wage in the region, 2019", "%", 1, "low_pay", None,
     "regional figure"),
]

#: figures other analyses are adding; each is a column left empty (with its rank) until they exist
SLOTS = {
    "luf_r2_money_m": "Levelling Up Fund round 2 money per LA (the round-2 analysis is not in the compendium yet)",
    "luf_money_per_head": "Levelling Up Fund money per head (needs a population denominator, not yet in the registry)",
    "mission7_official": "the official mission-7 series (the series shown is the OHID Fingertips one)",
}

_CITY_OF = re.compile(r"\b(city|county|royal borough|borough|district|metropolitan borough) of\b")


def normalise(name: str) -> str:
    """A name as the search compares it: lower case, '&' as 'and', no punctuation, no 'City of'."""
    s = str(name).lower().replace("&", " and ")
    s = _CITY_OF.sub(" ", s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def find(names: pd.DataFrame, query: str) -> list[str]:
    """The codes whose names answer ``query`` (``names``: ``code`` and one or more ``name*`` columns).

    An exact match on a normalised name wins; otherwise every LA with a name containing the
    query's words, in order, each starting a word ("Hull" finds "Kingston upon Hull, City of" but
    not "Solihull"). The page's script applies the same rule.
    """
    q = normalise(query)
    if not q:
        return []
    cols = [c for c in names.columns if c.startswith("name")]
    keys = names[cols].apply(lambda col: col.fillna("").map(normalise))
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
    inputs = hle.load_inputs()
    values = {s: hle.run(inputs, sex=s).values for s in hle.SEXES}
    imd = loaders.imd_lad()
    la, _ = leave.la_data("lad19")
    bids = loaders.luf_bids()
    r1 = bids[bids["round"] == 1].reset_index(drop=True)
    placed, _ = luf.map_bids_to_lad19(r1, imd.set_index("lad19_code")["lad19_name"])
    awards = luf.awards_by_lad19(luf.apportion(placed, "equal"))
    return {"hle_values": values, "imd": imd, "leave_la": la, "priority": inputs["priority"], "awards_r1": awards,
            "low_pay": lowpay.published_table(), "series": mission7.load()}


def table(hle_values: dict[str, pd.DataFrame], imd: pd.DataFrame, leave_la: pd.DataFrame, priority: pd.DataFrame,
          awards_r1: pd.DataFrame, low_pay: pd.DataFrame, series: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """One row per LAD 2019 with every figure and its rank; and the reconciliation of each join."""
    loaders.require_columns(imd, ["lad19_code", "lad19_name", *(imd_vocabulary.rank_column(m)
                                                                for m in imd_vocabulary.IMD_MEASURES)], "IoD 2019 File 10")
    t = imd[["lad19_code", "lad19_name", *(imd_vocabulary.rank_column(m) for m in imd_vocabulary.IMD_MEASURES)]]
    t = t.rename(columns={"lad19_code": "code", "lad19_name": "name"})
    succ = geography.lad23_successor_table()
    t = t.merge(succ.rename(columns={"lad19_code": "code"}), on="code", how="left")
    t["name_2023"] = t["lad23_name"].fillna(t["name"])
    recs = {}
    for sex, v in hle_values.items():
        loaders.require_columns(v, ["lad19_code", "hle", "hle_source"], f"HLE 2009-13 values ({sex})")
        t = t.merge(v[["lad19_code", "hle", "hle_source"]].rename(
            columns={"lad19_code": "code", "hle": f"hle_{sex}", "hle_source": f"hle_{sex}_source"}), on="code", how="left")
        t[f"hle_{sex}_rank"] = rank(t[f"hle_{sex}"], highest_first=False)
    loaders.require_columns(leave_la, ["code", "region", "cni_mean", "leave_valid_votes"], "referendum areas (lad19)")
    t, recs["leave"] = geography.reconcile(
        t, leave_la[["code", "name", "region", "cni_mean", "leave_valid_votes"]].rename(columns={"name": "ref_name"}),
        "code", name="LADs of 2019 -> referendum areas (LAD 2019)", left_label="IoD 2019 File 10",
        right_label="referendum areas", left_name="name", right_name="ref_name", how="left")
    t = t.drop(columns="ref_name")
    t["leave_pct"] = t["leave_valid_votes"]  # already a percentage of valid votes
    t["leave_rank"] = rank(t["leave_pct"], highest_first=True)
    t["cni_rank"] = rank(t["cni_mean"], highest_first=True)
    t, recs["priority"] = geography.reconcile(
        t, priority[["lad19_code", "priority_category"]].rename(columns={"lad19_code": "code"}), "code",
        name="LADs of 2019 -> Fund priority list", left_label="IoD 2019 File 10", right_label="priority list",
        left_name="name", how="left")
    no_award = {c: "no round-1 award" for c in t["code"]}
    t, recs["luf_r1"] = geography.reconcile(
        t, awards_r1[["lad19_code", "money"]].rename(columns={"lad19_code": "code"}), "code",
        name="LADs of 2019 -> round-1 awards", left_label="IoD 2019 File 10", right_label="round-1 awards",
        left_name="name", reasons=no_award, how="left")
    t["luf_r1_money_m"] = t["money"].fillna(0.0) / 1e6
    t["luf_r1_rank"] = rank(t["luf_r1_money_m"], highest_first=True)
    for slot in ("luf_r2_money_m", "luf_money_per_head"):
        t[slot] = float("nan")
    t["luf_r2_rank"] = rank(t["luf_r2_money_m"], highest_first=True)
    t["luf_per_head_rank"] = rank(t["luf_money_per_head"], highest_first=True)
    regions = low_pay.loc[low_pay["row_type"] == "region", ["region", "pct_low_pay"]]
    t, recs["low_pay"] = join_regions(t, low_pay)
    t, recs["mission7"] = join_series(t, series)
    t["mission7_official"] = None
    cols = ["code", "name", "name_2023", "region", "hle_male", "hle_male_source", "hle_male_rank", "hle_female",
            "hle_female_source", "hle_female_rank", *(imd_vocabulary.rank_column(m) for m in imd_vocabulary.IMD_MEASURES),
            "cni_mean", "cni_rank", "leave_pct", "leave_rank", "priority_category", "luf_r1_money_m", "luf_r1_rank",
            "luf_r2_money_m", "luf_r2_rank", "luf_money_per_head", "luf_per_head_rank", "region_low_pay_pct",
            "mission7_code", "mission7_official"]
    return t[cols].sort_values("code").reset_index(drop=True), recs


def join_regions(t: pd.DataFrame, low_pay: pd.DataFrame) -> tuple[pd.DataFrame, geography.Reconciliation]:
    """Each LA's region's low-pay share (Table 2), matched on the region's name ignoring case."""
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
    out = t.assign(region_key=t["region"].str.casefold()).merge(right[["region_key", "region_low_pay_pct"]],
                                                                 on="region_key", how="left")
    return out.drop(columns="region_key"), rec


def join_series(t: pd.DataFrame, series: pd.DataFrame) -> tuple[pd.DataFrame, geography.Reconciliation]:
    """``mission7_code``: the area of the mission-7 HLE series that covers the LA.

    The series is on 2023 upper-tier areas (unitaries, metropolitan districts, London boroughs):
    an LA has one when its own code is in it, or when it became part of a 2023 unitary that is. A
    district inside a two-tier county has none (counties are not in the series).
    """
    loaders.require_columns(series, ["area_code", "area_name"], "mission-7 HLE series")
    areas = series.loc[series["area_code"] != mission7.ENGLAND, ["area_code", "area_name"]].drop_duplicates("area_code")
    codes = set(areas["area_code"])
    own = t["code"].where(t["code"].isin(codes))
    out = t.assign(mission7_code=own.fillna(t["lad23_code"].where(t["lad23_code"].isin(codes))))
    missing = out.loc[out["mission7_code"].isna(), ["code", "name"]]
    unused = areas[~areas["area_code"].isin(set(out["mission7_code"].dropna()))]
    rec = geography.Reconciliation(
        name="LADs of 2019 -> mission-7 HLE series (own code, else its 2023 unitary)", left_label="LADs of 2019",
        right_label="mission-7 series", matched=int(out["mission7_code"].notna().sum()),
        unmatched_left=pd.DataFrame({
            "key": missing["code"], "name": missing["name"],
            "reason": ["a district of a two-tier county (counties are not in the series)" if c.startswith("E07")
                       else "unexplained: not in the series" for c in missing["code"]]}).reset_index(drop=True),
        unmatched_right=pd.DataFrame({"key": unused["area_code"], "name": unused["area_name"],
                                      "reason": "unexplained: covers no LAD of 2019"}).reset_index(drop=True))
    return out, rec


# --------------------------------------------------------------------------------------------
# the page's data and search box


def series_of(series: pd.DataFrame, codes) -> dict:
    """The mission-7 HLE series of each area code: ``{code: {"name":..., "male": [[period, hle], ...], ...}}``."""
    out = {}
    s = series[series["area_code"].isin(set(codes))].dropna(subset=["hle"]).sort_values(["area_code", "sex", "period"])
    for code, d in s.groupby("area_code"):
        out[code] = {"name": d["area_name"].iloc[0],
                     **{sex: [[p, round(float(v), 1)] for p, v in zip(g["period"], g["hle"])]
                        for sex, g in d.groupby("sex")}}
    return out


def payload(t: pd.DataFrame, series: pd.DataFrame) -> dict:
    """The compact data the page embeds: column names once, then one list per LA; and the series."""
    t = t.astype(object).where(t.notna(), None)
    cols = list(t.columns)
    rows = [[(round(v, 3) if isinstance(v, float) else int(v) if hasattr(v, "__index__") else v) for v in r]
            for r in t.itertuples(index=False)]
    fields = [{"column": c, "label": label, "unit": unit, "decimals": dec, "page": f"{PAGES[page]}.html",
               "page_title": PAGE_TITLES[PAGES[page]],
               "rank": rank_col, "rank_meaning": meaning, "slot": c in SLOTS}
              for c, label, unit, dec, page, rank_col, meaning in FIELDS]
    return {"columns": cols, "rows": rows, "fields": fields, "n": len(t),
            "series": series_of(series, t["mission7_code"].dropna()), "slots": SLOTS,
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
<label for="lu-area-q">Name of an English local authority (2019 or 2023 name)</label>
<input id="lu-area-q" type="search" autocomplete="off" placeholder="e.g. Hull, Blackpool, Tower Hamlets">
<div id="lu-area-out" aria-live="polite"></div>
<script type="application/json" id="lu-area-data">{blob}</script>
<script>{_SCRIPT}</script>
</div>''')


_SCRIPT = r"""
(function () {
  const root = document.getElementById("lu-area");
  const data = JSON.parse(document.getElementById("lu-area-data").textContent);
  const col = Object.fromEntries(data.columns.map((c, i) => [c, i]));
  const norm = s => String(s || "").toLowerCase().replace(/&/g, " and ")
    .replace(/\b(city|county|royal borough|borough|district|metropolitan borough) of\b/g, " ")
    .replace(/[^a-z0-9]+/g, " ").trim();
  const keys = data.rows.map(r => [norm(r[col.name]), norm(r[col.name_2023])]);
  const have = c => data.rows.filter(r => r[c] !== null).length;
  const esc = s => String(s).replace(/[&<>"]/g, ch => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[ch]);
  const fmt = (v, d) => Number(v).toLocaleString("en-GB", {minimumFractionDigits: d, maximumFractionDigits: d});
  function find(q) {
    q = norm(q);
    if (!q) return [];
    let hit = data.rows.filter((r, i) => keys[i].includes(q));
    if (hit.length) return hit;
    const re = new RegExp("(^| )" + q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return data.rows.filter((r, i) => keys[i].some(k => re.test(k)));
  }
  function show(r) {
    const name = r[col.name], n23 = r[col.name_2023];
    let h = `<p class="lu-area-name"><strong>${esc(name)}</strong> (${esc(r[col.code])}, ${esc(r[col.region])})` +
      (n23 !== name ? `; since 2023 part of <strong>${esc(n23)}</strong>` : "") + "</p>";
    h += '<div class="lu-area-table"><table><thead><tr><th>figure</th><th>value</th><th>rank among LAs</th><th>explained on</th></tr></thead><tbody>';
    for (const f of data.fields) {
      const v = r[col[f.column]];
      let value, rank = "";
      if (f.slot) value = '<span class="lu-slot">not yet in the compendium</span>';
      else if (v === null) value = "no value";
      else value = fmt(v, f.decimals) + (f.unit ? ` <span class="lu-unit">${esc(f.unit)}</span>` : "");
      if (f.column.startsWith("hle_") && v !== null) value += ` (${esc(r[col[f.column + "_source"]])})`;
      if (f.rank && r[col[f.rank]] !== null) rank = `${r[col[f.rank]]} of ${have(f.rank)} (${esc(f.rank_meaning)})`;
      else if (f.rank_meaning && !f.rank && v !== null) rank = esc(f.rank_meaning);
      h += `<tr><th scope="row">${esc(f.label)}</th><td data-col="${f.column}" data-value="${v === null ? "" : v}">${value}</td>` +
        `<td>${rank}</td><td><a href="${f.page}">${esc(f.page_title)}</a></td></tr>`;
    }
    h += "</tbody></table></div>";
    const sc = r[col.mission7_code], s = sc && data.series[sc];
    if (s) {
      const periods = (s.male || s.female || []).map(p => p[0]);
      const val = (sex, p) => { const x = (s[sex] || []).find(q => q[0] === p); return x ? fmt(x[1], 1) : "-"; };
      h += `<p>Healthy life expectancy, ${esc(s.name)} (${esc(sc)}), the series behind mission 7 ` +
        `(explained on <a href="${data.mission7_page}">${esc(data.mission7_title)}</a>):</p>` +
        '<div class="lu-area-table"><table class="lu-series"><thead><tr><th>period</th><th>men</th><th>women</th></tr></thead><tbody>' +
        periods.map(p => `<tr><td>${p}</td><td>${val("male", p)}</td><td>${val("female", p)}</td></tr>`).join("") +
        "</tbody></table></div>";
    } else {
      h += '<p class="lu-series-none">The mission-7 series has no area for this LA (a district of a two-tier county).</p>';
    }
    return h;
  }
  function update() {
    const q = root.querySelector("input").value, out = root.querySelector("#lu-area-out");
    const hits = find(q);
    if (!norm(q)) { out.innerHTML = ""; return; }
    if (hits.length === 0) { out.innerHTML = `<p>No English local authority of 2019 or 2023 is called "${esc(q)}".</p>`; return; }
    if (hits.length > 1) {
      out.innerHTML = `<p>${hits.length} local authorities match; choose one:</p><ul class="lu-area-choices">` +
        hits.slice(0, 20).map(r => `<li><button type="button" data-code="${r[col.code]}">${esc(r[col.name])}</button></li>`).join("") + "</ul>";
      out.querySelectorAll("button").forEach(b => b.addEventListener("click", () => {
        out.innerHTML = show(data.rows.find(r => r[col.code] === b.dataset.code)); }));
      return;
    }
    out.innerHTML = show(hits[0]);
  }
  root.querySelector("input").addEventListener("input", update);
})();
"""
