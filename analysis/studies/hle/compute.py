"""The HLE analysis: MSOAs to districts, the unit of analysis, the deprivation rank, the cut-off, the
average and the quadrants.

The ONS workbook for 2009-13 has no lower-tier sheet. Single-tier LAs (E06, E08, E09) and the 2013
counties take the official value of the upper-tier sheets; shire districts are *estimated* from their
MSOAs, whose names start with the 2011 district name. :func:`validate_estimator` measures each
estimator against the official values where both exist.

:func:`load` reads every table (the only reading in this study); :func:`run` is the whole analysis for
one set of checked parameters; every other function is pure (frames in, frames or numbers out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data import geography, imd, loaders
from analysis.data.geography import Reconciliation
from analysis.data.loaders import require_columns
from analysis.errors import DataError
from analysis.params import Params
from analysis.studies.hle import deprivation, prosperity

SEXES = ("male", "female")
#: the unit of analysis: the Fund's list on 2013 geography (the source's), or the LAs of 2019
UNITS = ("luf_list", "lad19")
UNIT_LABEL = {"luf_list": "LAs of the Fund's list with a 2009-13 counterpart",
              "lad19": "lower-tier LAs of 2019"}
#: how a district's HLE is estimated from its MSOAs
ESTIMATORS = ("mean", "median", "precision_weighted")
#: the "average" HLE that splits LAs into above and below
AVERAGES = ("england", "mean", "median")
AVERAGE_LABEL = {"england": "England", "mean": "LA mean", "median": "LA median"}
#: what to do with the LAs created by the April 2019 mergers (unit ``lad19`` only)
MERGED = ("combine", "exclude")

QUADRANTS = ("more deprived half, below-average HLE", "more deprived half, above-average HLE",
             "less deprived half, below-average HLE", "less deprived half, above-average HLE")
#: the two quadrants the source's Figure 1 argument turns on: (priority group, quadrant)
ARGUMENT = ((3, QUADRANTS[0]), (1, QUADRANTS[3]))


# --------------------------------------------------------------------------------------------
# MSOAs -> districts


def msoa_prefix(names: pd.Series) -> pd.Series:
    """The district part of an MSOA name ('Kingston upon Hull 012' -> 'Kingston upon Hull')."""
    out = names.astype(str).str.replace(r"\s+\d{3}$", "", regex=True)
    bad = names[out == names.astype(str)]
    if len(bad):
        raise DataError(f"MSOA names must end in a 3-digit number, e.g. 'Hartlepool 001'; found {bad.head(3).tolist()}")
    return out


def district_of_prefix(lsoa_lookup: pd.DataFrame) -> pd.DataFrame:
    """2011 district name (LSOA/MSOA name prefix) -> LAD 2017 code, from the ONS LSOA lookup.

    LSOA names are '<2011 district name> NNNX', like MSOA names '<2011 district name> NNN'. Each
    prefix must belong to exactly one LAD.
    """
    require_columns(lsoa_lookup, ["lsoa11_code", "lsoa11_name", "lad17_code", "lad17_name"], "LSOA lookup")
    eng = lsoa_lookup[lsoa_lookup["lsoa11_code"].str.startswith("E")]
    pre = eng["lsoa11_name"].str.replace(r"\s+\d{3}[A-Z]$", "", regex=True)
    t = pd.DataFrame({"prefix": pre, "lad17_code": eng["lad17_code"], "lad17_name": eng["lad17_name"]})
    per = t.groupby("prefix")["lad17_code"].nunique()
    if (per > 1).any():
        raise DataError(f"district names that span several LADs: {per[per > 1].index.tolist()}")
    return t.drop_duplicates("prefix").sort_values("prefix").reset_index(drop=True)


def msoa_table(hle: pd.DataFrame, prefixes: pd.DataFrame, lad_lookup: pd.DataFrame, sex: str, *,
               include_implausible: bool = False) -> tuple[pd.DataFrame, Reconciliation]:
    """MSOA HLE for one sex with its LAD 2017 and LAD 2019 codes, and the name-prefix reconciliation."""
    require_columns(hle, ["level", "code", "name", "sex", "hle", "hle_lci", "hle_uci", "le_implausible"], "HLE table")
    m = hle[(hle["level"] == "msoa") & (hle["sex"] == sex)].copy()
    if not include_implausible:
        m = m[~m["le_implausible"]]
    m["prefix"] = msoa_prefix(m["name"])
    districts = pd.DataFrame({"prefix": sorted(m["prefix"].unique())})
    joined, rec = geography.reconcile(districts, prefixes, "prefix", name="MSOA name prefix -> LAD 2017",
                                      left_label="HLE MSOA names", right_label="ONS LSOA lookup",
                                      left_name="prefix", right_name="lad17_name", reasons={})
    m = m.merge(joined[["prefix", "lad17_code"]], on="prefix", how="inner")
    m = m.merge(lad_lookup[["lad17_code", "lad19_code"]], on="lad17_code", how="left")
    if m["lad19_code"].isna().any():
        raise DataError(f"LAD17 codes missing from the LAD17->LAD19 lookup: {sorted(m.loc[m['lad19_code'].isna(), 'lad17_code'].unique())}")
    return m.reset_index(drop=True), rec


def estimate(msoa: pd.DataFrame, estimator: str, by: str) -> pd.DataFrame:
    """HLE of each area ``by`` from its MSOAs: one row per area with ``hle_estimate`` and ``n_msoa``.

    - ``mean``: the unweighted mean of the MSOA HLEs;
    - ``median``: their median;
    - ``precision_weighted``: the mean weighted by 1/SE^2, SE = (upper - lower 95% limit) / 3.92.
      MSOA populations are not in the workbook; precision grows with population, so this is a proxy
      for a population-weighted mean.
    """
    if estimator not in ESTIMATORS:
        raise ValueError(f"estimate: estimator {estimator!r} is not one of {ESTIMATORS}")
    require_columns(msoa, [by, "hle", "hle_lci", "hle_uci"], "MSOA table")
    if msoa.empty:
        raise DataError("MSOA table is empty: nothing to estimate from")
    d = msoa[[by, "hle", "hle_lci", "hle_uci"]].copy()
    if estimator == "precision_weighted":
        se = (d["hle_uci"] - d["hle_lci"]) / (2 * 1.959964)
        if (se <= 0).any():
            raise DataError("precision_weighted needs hle_uci > hle_lci for every MSOA")
        d["w"] = 1 / se**2
        d["wx"] = d["w"] * d["hle"]
        g = d.groupby(by)
        out = (g["wx"].sum() / g["w"].sum()).rename("hle_estimate").to_frame()
    else:
        out = d.groupby(by)["hle"].agg(estimator).rename("hle_estimate").to_frame()
    out["n_msoa"] = d.groupby(by).size()
    return out.reset_index()


def official_values(hle: pd.DataFrame, sex: str) -> pd.DataFrame:
    """Official HLE of every area of the upper-tier sheets (counties and single-tier LAs), 2013 codes."""
    u = hle[(hle["level"] == "utla") & (hle["sex"] == sex)]
    out = pd.DataFrame({"code": u["code"].replace(geography.RECODED_2013), "name": u["name"],
                        "hle_official": u["hle"]})
    return out.reset_index(drop=True)


def official_lower_tier(hle: pd.DataFrame, sex: str) -> pd.DataFrame:
    """Official HLE of the single-tier LAs (E06, E08, E09), codes as of 2013 on."""
    out = official_values(hle, sex)
    return out[out["code"].str.match(r"^E0[689]")].reset_index(drop=True)


def england_value(hle: pd.DataFrame, sex: str) -> float:
    e = hle[(hle["level"] == "england") & (hle["sex"] == sex)]["hle"]
    if len(e) != 1:
        raise DataError(f"expected one England row for sex {sex!r}, found {len(e)}")
    return float(e.iloc[0])


# --------------------------------------------------------------------------------------------
# validating the estimator


def validate_estimator(official: pd.DataFrame, estimates: pd.DataFrame, key: str = "code") -> pd.DataFrame:
    """Estimated against official, one row per area where both exist; error = estimate - official."""
    require_columns(official, [key, "hle_official"], "official values")
    require_columns(estimates, [key, "hle_estimate"], "estimates")
    v = official.merge(estimates, on=key, how="inner")
    v["error"] = v["hle_estimate"] - v["hle_official"]
    return v.sort_values(key).reset_index(drop=True)


def error_summary(v: pd.DataFrame, name_col: str = "name") -> dict:
    """Bias (mean error), SD, RMSE, worst case, and the share within 0.5 years."""
    if v.empty:
        raise DataError("no area has both an official and an estimated value")
    e = v["error"]
    worst = v.loc[e.abs().idxmax()]
    return {"n": int(len(v)), "bias": float(e.mean()), "sd": float(e.std(ddof=1)),
            "rmse": float(np.sqrt((e**2).mean())), "max_abs": float(e.abs().max()),
            "worst": str(worst[name_col]), "worst_error": float(worst["error"]),
            "within_half_year": float((e.abs() <= 0.5).mean())}


# --------------------------------------------------------------------------------------------
# the source's unit: the Fund's list on 2013 geography

def hle_2009_13_reasons(lad19: pd.DataFrame, hle: pd.DataFrame) -> dict[str, str]:
    """Why an area of the HLE 2009-13 workbook's UTLA sheets (``hle``) and a 2019 lower-tier LA
    (``lad19``, IoD 2019 File 10) may not pair up.

    Keys are UTLA codes (after :data:`analysis.data.geography.RECODED_2013`) and LAD 2019 codes.
    """
    reasons: dict[str, str] = {}
    for code in lad19["lad19_code"]:
        if code.startswith("E07"):
            reasons[code] = "shire district: no official 2009-13 value (upper-tier sheets only); estimated from its MSOAs"
    for code, (name, parts) in geography.MERGED_2019.items():
        reasons[code] = (f"{name}: created April 2019 from {', '.join(parts)}; no official 2009-13 value; "
                         f"estimated from the MSOAs of its former districts")
        for p in parts:
            if p.startswith("E06"):
                reasons[p] = f"single-tier LA merged into {name} ({code}) in April 2019"
    for code in hle.query("level == 'utla'")["code"]:
        if code.startswith("E10"):
            reasons[code] = "county (upper tier): not a lower-tier LA; its districts are estimated from MSOAs"
    return reasons


#: the 2013 counties that could stand for a unitary of the Fund's list: code -> (name, its 2013 districts)
COUNTIES_2013 = {
    "E10000002": ("Buckinghamshire", geography.BUCKS_DISTRICTS_2019),
    "E10000009": ("Dorset", ("E07000048", "E07000049", "E07000050", "E07000051", "E07000052", "E07000053")),
}


def luf_list_2013(luf: pd.DataFrame, ltla13: pd.DataFrame, lad19: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Fund's English LAs (2020 geography) matched to the areas of the HLE 2009-13 data (2013 geography).

    The rule, by GSS code: an area is identified by its code, so a listed LA keeps a 2009-13 value

    1. if a lower-tier LA of 2013 has its code (``ltla13``: ``lad17_code``, ``lad17_name``; no English LA
       changed between 2013 and 2017): the same code is the same area, whatever the council is called
       now (Shepway became Folkestone and Hythe in 2018 and kept E07000112);
    2. else, if a county of :data:`COUNTIES_2013` had exactly the listed LA's districts (Buckinghamshire).

    The rest are left out with the reason. ``lad19`` (``lad19_code``, ``lad19_name``, IoD 2019 File 10)
    gives the listed LAs' codes. Returns (matched, unmatched); ``la_code`` is the LA's code in April 2020.
    """
    require = {"luf": (luf, ["name", "priority_category"]), "ltla13": (ltla13, ["lad17_code", "lad17_name"]),
               "lad19": (lad19, ["lad19_code", "lad19_name"])}
    for label, (df, cols) in require.items():
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise DataError(f"luf_list_2013: {label} lacks columns {missing}; it has {list(df.columns)}")
    code20 = dict(zip(lad19["lad19_name"], lad19["lad19_code"])) | {geography.BUCKS_UA_2020[1]: geography.BUCKS_UA_2020[0]}
    name13 = dict(zip(ltla13["lad17_code"], ltla13["lad17_name"]))
    area20 = {geography.BUCKS_UA_2020[0]: set(geography.BUCKS_DISTRICTS_2019)} | {c: set(p) for c, (_, p) in geography.MERGED_2019.items()}
    matched, unmatched = [], []
    for name, cat in zip(luf["name"], luf["priority_category"]):
        code = code20.get(name)
        row = {"la_code": code, "la_name": name, "priority_category": cat}
        county = [c for c, (_, d) in COUNTIES_2013.items() if code in area20 and set(d) == area20[code]]
        if code in name13:
            how = "2013 lower-tier LA of the same code"
            matched.append({**row, "code_2013": code, "matched_as": how if name13[code] == name else
                            f"{how} (called {name13[code]} in 2013)"})
        elif county:
            matched.append({**row, "code_2013": county[0], "matched_as": "2013 county with the same districts"})
        elif code in geography.MERGED_2019:
            parts = ", ".join(sorted(geography.MERGED_2019[code][1]))
            why = f"created April 2019 from {parts}: no 2013 LA had this area"
            same_name = [(c, d) for c, (n, d) in COUNTIES_2013.items() if n == name]
            if same_name:
                gone = ", ".join(sorted(set(same_name[0][1]) - area20[code]))
                why += f" (the 2013 county of this name also held {gone})"
            unmatched.append({**row, "reason": why})
        else:
            unmatched.append({**row, "reason": "unexplained: no 2013 LA with this code or area"})
    cols = ["la_code", "la_name", "priority_category"]
    return (pd.DataFrame(matched, columns=cols + ["code_2013", "matched_as"]).sort_values("la_code").reset_index(drop=True),
            pd.DataFrame(unmatched, columns=cols + ["reason"]).sort_values("la_code").reset_index(drop=True))


def luf_2013_reasons(matched: pd.DataFrame, lost: pd.DataFrame, ltla13: pd.DataFrame, lad_lookup: pd.DataFrame) -> dict:
    """Why a listed LA (April 2020 code) and a 2013 lower-tier LA (code) do not pair up, keyed by code."""
    why = {c: f"left out: {r}" for c, r in zip(lost["la_code"], lost["reason"])}
    for _, r in matched[matched["code_2013"].str.startswith("E10")].iterrows():
        why[r["la_code"]] = f"a 2020 unitary: matched to the 2013 county {r['code_2013']} ({r['matched_as']})"
    new = dict(zip(lad_lookup["lad17_code"], lad_lookup["lad19_code"]))
    for code in ltla13["lad17_code"]:
        if code in geography.BUCKS_DISTRICTS_2019:
            why[code] = "district merged into Buckinghamshire in April 2020"
        elif new.get(code, code) != code:
            why[code] = f"district merged into {geography.MERGED_2019[new[code]][0]} ({new[code]}) in April 2019"
    return why


# --------------------------------------------------------------------------------------------
# lower-tier HLE for the LADs of 2019


def lower_tier_hle(official: pd.DataFrame, msoa: pd.DataFrame, lad19: pd.DataFrame, estimator: str,
                   merged: str = "combine") -> tuple[pd.DataFrame, pd.DataFrame]:
    """HLE for each LAD 2019: official where the workbook has it, else estimated from its MSOAs.

    ``lad19`` lists the 317 LADs of 2019 (``lad19_code``, ``lad19_name``). With ``merged='combine'`` an
    LA created by the April 2019 mergers is estimated from the MSOAs of all its former districts;
    with ``'exclude'`` it gets no value. Returns (values, excluded) where ``excluded`` lists every
    LAD 2019 without a value and why.
    """
    require_columns(lad19, ["lad19_code", "lad19_name"], "LAD 2019 table")
    est = estimate(msoa, estimator, "lad19_code")
    n_districts = msoa.groupby("lad19_code")["lad17_code"].nunique().rename("n_districts_2011")
    out = lad19[["lad19_code", "lad19_name"]].merge(
        official[["code", "hle_official"]].rename(columns={"code": "lad19_code"}), on="lad19_code", how="left")
    out = out.merge(est, on="lad19_code", how="left").merge(n_districts.reset_index(), on="lad19_code", how="left")
    is_merged = out["lad19_code"].isin(geography.MERGED_2019)
    out["hle"] = out["hle_official"].where(out["hle_official"].notna(), out["hle_estimate"])
    out["hle_source"] = np.where(out["hle_official"].notna(), "official",
                                 np.where(is_merged, "estimate (merged 2019 LA)", "estimate"))
    excluded = []
    if merged == "exclude":
        for _, r in out[is_merged].iterrows():
            parts = ", ".join(geography.MERGED_2019[r["lad19_code"]][1])
            excluded.append({"lad19_code": r["lad19_code"], "lad19_name": r["lad19_name"],
                             "reason": f"created April 2019 from {parts}; excluded by this run's choice for the merged LAs"})
        out.loc[is_merged, ["hle", "hle_source"]] = [np.nan, "excluded"]
    for _, r in out[out["hle"].isna() & ~is_merged].iterrows():
        excluded.append({"lad19_code": r["lad19_code"], "lad19_name": r["lad19_name"],
                         "reason": "no official value and no MSOA"})
    excl = pd.DataFrame(excluded, columns=["lad19_code", "lad19_name", "reason"])
    return out.sort_values("lad19_code").reset_index(drop=True), excl


# --------------------------------------------------------------------------------------------
# HLE for each LA of the unit


def luf_list_hle(matched: pd.DataFrame, official: pd.DataFrame, msoa: pd.DataFrame,
                 estimator: str) -> pd.DataFrame:
    """HLE for each listed LA matched to 2013 geography: official where the workbook has it, else estimated.

    ``matched`` is :func:`luf_list_2013`'s first table (``code_2013`` a 2013 LA or county code);
    ``official`` has ``code, hle_official`` for every upper-tier area. A county's estimate pools the MSOAs
    of its districts.
    """
    require_columns(matched, ["la_code", "la_name", "priority_category", "code_2013"], "matched list")
    county_of = {d: c for c, (_, ds) in COUNTIES_2013.items() if c in set(matched["code_2013"]) for d in ds}
    m = msoa.assign(code_2013=msoa["lad17_code"].replace(county_of))
    est = estimate(m, estimator, "code_2013")
    out = matched.merge(official[["code", "hle_official"]].rename(columns={"code": "code_2013"}), on="code_2013",
                        how="left").merge(est, on="code_2013", how="left")
    out["hle"] = out["hle_official"].where(out["hle_official"].notna(), out["hle_estimate"])
    out["hle_source"] = np.where(out["hle_official"].isna(), "estimate",
                                 np.where(out["code_2013"].str.startswith("E10"), "official (2013 county)", "official"))
    if out["hle"].isna().any():
        raise DataError(f"listed LAs with neither an official value nor MSOAs: {out.loc[out['hle'].isna(), 'la_name'].tolist()}")
    return out.sort_values("la_code").reset_index(drop=True)


def lad19_frame(values: pd.DataFrame, excluded: pd.DataFrame, priority: pd.DataFrame):
    """Unit ``lad19``: the 2019 LAs with a priority group and a value, those without, and the join's report."""
    v = values.rename(columns={"lad19_code": "la_code", "lad19_name": "la_name"})
    p = priority.rename(columns={"lad19_code": "la_code", "lad19_name": "la_name"})
    t, rec = geography.reconcile(p[["la_code", "la_name", "priority_category"]], v.drop(columns="la_name"),
                                 "la_code", name="priority categories -> lower-tier HLE 2009-13",
                                 left_label="Levelling Up Fund list (LAD19)", right_label="HLE 2009-13 (LAD19)",
                                 left_name="la_name", how="left")
    why = dict(zip(excluded["lad19_code"], excluded["reason"]))
    lost = t[t["hle"].isna()].assign(reason=lambda d: d["la_code"].map(why).fillna("no HLE value"))
    return t[t["hle"].notna()].reset_index(drop=True), lost[["la_code", "la_name", "priority_category", "reason"]], rec


def add_rank(t: pd.DataFrame, imd_table: pd.DataFrame, imd_measure: str,
             reasons: dict | None = None) -> tuple[pd.DataFrame, Reconciliation]:
    """Add the IoD 2019 File 10 rank of ``imd_measure`` (1 = most deprived); LAs without a row keep NaN.

    ``reasons``: why a File 10 LA is not in the unit (code -> reason), for the reconciliation.
    """
    col = imd.rank_column(imd_measure)
    require_columns(imd_table, ["lad19_code", "lad19_name", col], "IoD 2019 File 10")
    r = imd_table[["lad19_code", "lad19_name", col]].rename(columns={"lad19_code": "la_code", col: "deprivation_rank"})
    out, rec = geography.reconcile(t, r, "la_code", name="LAs of the unit -> IoD 2019 File 10",
                                   left_label="LAs of the unit", right_label="IoD 2019 File 10", left_name="la_name",
                                   right_name="lad19_name", how="left",
                                   reasons=(reasons or {}) | {
                                       geography.BUCKS_UA_2020[0]: "Buckinghamshire, a 2020 unitary: File 10 ranks "
                                                                   "its four 2019 districts, not the unitary"})
    return out.drop(columns="lad19_name"), rec


# --------------------------------------------------------------------------------------------
# the cut-off, the average, the quadrants


def n_lowest(n: int, cutoff: float) -> int:
    """How many LAs make the lowest ``cutoff`` share of ``n``: cutoff x n rounded half up."""
    if n <= 0:
        raise DataError("n must be positive")
    return int(math.floor(cutoff * n + 0.5))


def lowest_share(values: pd.Series, cutoff: float) -> pd.Series:
    """True for the ``n_lowest(len(values), cutoff)`` lowest values; an LA tied with the last one is included too."""
    if values.isna().any():
        raise DataError("lowest_share: values must not be missing (drop LAs without HLE first)")
    k = n_lowest(len(values), cutoff)
    threshold = values.sort_values(kind="stable").iloc[k - 1]
    return values <= threshold


def hle_average(values: pd.Series, kind: str, england: float) -> float:
    """The average that splits LAs into above/below: England's value, or the LAs' mean or median."""
    return float({"england": lambda: england, "mean": values.mean, "median": values.median}[kind]())


def classify(t: pd.DataFrame, n_ranked: int, average: float) -> pd.DataFrame:
    """Deprivation half and fifth (from the rank among ``n_ranked`` LAs; 1 = most deprived) and HLE side.

    The more deprived half is rank <= n_ranked / 2; fifth k (1 = most deprived) holds ranks in
    ((k-1) n/5, k n/5]. HLE equal to the average counts as above. An LA without a rank gets no half,
    fifth or quadrant.
    """
    require_columns(t, ["deprivation_rank", "hle"], "analysis table")
    out = t.copy()
    r = out["deprivation_rank"]
    if (r < 1).any() or (r > n_ranked).any():
        raise DataError(f"deprivation_rank must lie in 1..{n_ranked}")
    ranked = r.notna()
    out["half"] = pd.Series(np.where(r <= n_ranked / 2, "more deprived half", "less deprived half"),
                            index=out.index).where(ranked)
    out["fifth"] = np.ceil(r / (n_ranked / 5)).astype("Int64")
    out["hle_side"] = np.where(out["hle"] < average, "below-average HLE", "above-average HLE")
    out["quadrant"] = (out["half"] + ", " + out["hle_side"]).where(ranked)
    return out


def quadrant_counts(t: pd.DataFrame) -> pd.DataFrame:
    """LAs per priority group (rows) and quadrant (columns), all four quadrants, with totals."""
    require_columns(t, ["priority_category", "quadrant"], "classified table")
    c = pd.crosstab(t["priority_category"], pd.Categorical(t["quadrant"], categories=QUADRANTS), dropna=False)
    c = c.reindex(index=[1, 2, 3], fill_value=0)
    c.index.name, c.columns.name = "priority group", None
    c.columns = list(c.columns)
    c["all"] = c.sum(axis=1)
    return c


def deprived_fifth_below(t: pd.DataFrame, group: int = 2) -> pd.DataFrame:
    """LAs of a priority group in the most deprived fifth with below-average HLE (the text before Figure 1)."""
    require_columns(t, ["priority_category", "fifth", "hle_side"], "classified table")
    m = (t["priority_category"] == group) & (t["fifth"] == 1) & (t["hle_side"] == "below-average HLE")
    return t[m.fillna(False).astype(bool)]


def lowest_counts(t: pd.DataFrame) -> dict:
    """The Figure 2 counts: LAs in the lowest share, and how many of them are or are not in group 1."""
    require_columns(t, ["priority_category", "lowest"], "table")
    low = t[t["lowest"]]
    by = low["priority_category"].value_counts().reindex([1, 2, 3], fill_value=0)
    return {"n": int(len(t)), "n_lowest": int(len(low)), "lowest_g1": int(by[1]), "lowest_g2": int(by[2]),
            "lowest_g3": int(by[3]), "lowest_not_g1": int(by[2] + by[3]),
            "g1_not_lowest": int(((t["priority_category"] == 1) & ~t["lowest"]).sum())}


# --------------------------------------------------------------------------------------------
# what changes with the choices


def value_changes(a: pd.DataFrame, b: pd.DataFrame, column: str = "hle") -> dict:
    """How far two sets of LA values (``lad19_code``, ``column``) differ: LAs changed and the largest change."""
    require_columns(a, ["lad19_code", column], "first table")
    require_columns(b, ["lad19_code", column], "second table")
    j = a[["lad19_code", column]].merge(b[["lad19_code", column]], on="lad19_code", suffixes=("_a", "_b"))
    d = (j[f"{column}_b"] - j[f"{column}_a"]).abs()
    changed = j[d > 1e-9]
    return {"n_changed": int(len(changed)), "max_change": float(d.max()) if len(d) else 0.0,
            "changed": changed["lad19_code"].tolist()}



# --------------------------------------------------------------------------------------------
# load and run


@dataclass(frozen=True)
class Inputs:
    hle: pd.DataFrame                       # the ONS HLE 2009-13 workbook (England, UTLAs, MSOAs; both sexes)
    lsoa_lookup: pd.DataFrame               # LSOA 2011 -> ward 2017 -> LAD 2017
    lad_lookup: pd.DataFrame                # LAD 2017 -> LAD 2019
    imd: pd.DataFrame                       # IoD 2019 File 10 (the 317 LADs of 2019)
    imd_utla: pd.DataFrame                  # IoD 2019 File 11 (the 151 upper-tier LAs of 2019), with income
    priority: pd.DataFrame                  # the Fund's priority categories on the LADs of 2019
    priority_reconciliation: Reconciliation  # the Fund's list against File 10
    luf: pd.DataFrame                       # the Fund's list, England's rows (names of 2020)
    boundaries: object                      # LAD December 2019 boundaries (a GeoDataFrame)
    prosperity: dict                        # ONS's GVA and household income series, by dataset (ELS tables)


def load() -> Inputs:
    """Every table the analysis needs, from the loaders (the only reading in this study)."""
    luf = loaders.luf_priority()
    imd_table = loaders.imd_lad()
    priority, rec = geography.luf_priority_lad19(luf, imd_table)
    return Inputs(hle=loaders.hle_2009_13(), lsoa_lookup=loaders.lookup_lsoa11_ward17(),
                  lad_lookup=loaders.lookup_lad17_lad19(), imd=imd_table, imd_utla=loaders.imd_utla(), priority=priority,
                  priority_reconciliation=rec, luf=luf[luf["country"] == "England"].reset_index(drop=True),
                  boundaries=loaders.boundaries(),
                  prosperity={d: loaders.els(d) for d in dict.fromkeys(v[0] for v in prosperity.READINGS.values())})


@dataclass(frozen=True)
class Result:
    params: Params
    table: pd.DataFrame            # one row per LA of the unit with an HLE value (rank NaN if File 10 lacks it)
    values: pd.DataFrame           # HLE for every LAD 2019 (official or estimated)
    lost: pd.DataFrame             # LAs of the Fund's list left out, with the reason
    reconciliations: tuple         # every join's report, in the page's order
    validation: pd.DataFrame       # the chosen estimator against the official values, per single-tier LA
    validation_by_estimator: pd.DataFrame  # every estimator's error summary
    england: float                 # England's HLE
    average: float                 # the average that splits above from below
    threshold: float               # the k-th lowest HLE
    k: int                         # LAs in the lowest share
    n_ranked: int                  # LAs ranked by File 10
    counts: dict                   # the Figure 2 counts (:func:`lowest_counts`)
    quadrants: pd.DataFrame        # LAs per priority group and quadrant (:func:`quadrant_counts`)
    group2: pd.DataFrame           # group-2 LAs in the most deprived fifth with below-average HLE
    fund_deprivation: dict         # the Fund's categories against the IMD rank (deprivation.category_against_deprivation)
    pockets: dict                  # listed LAs high on extent or local concentration only (deprivation.pockets_of_deprivation)
    income: dict                   # upper-tier HLE against the income domain (deprivation.hle_against_income)
    income_table: pd.DataFrame     # the upper-tier LAs with both
    prosperity: pd.DataFrame       # group-1 LAs above the national average on each reading (prosperity.readings)
    hle: pd.DataFrame              # the workbook (its confidence limits and implausible flags are quoted)
    luf: pd.DataFrame              # the Fund's English list
    boundaries: object             # LAD 2019 boundaries, for the map

    @property
    def unranked(self) -> pd.DataFrame:
        """LAs in Figure 2 but left out of Figure 1: no IoD 2019 File 10 row."""
        return self.table[self.table["deprivation_rank"].isna()]


def unit_table(inputs: Inputs, unit: str, official: pd.DataFrame, msoa: pd.DataFrame, values: pd.DataFrame,
               excluded: pd.DataFrame, estimator: str) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """The LAs of the unit with priority group and HLE, the listed LAs left out, and the joins' reports."""
    if unit == "lad19":
        t, lost, rec = lad19_frame(values, excluded, inputs.priority)
        return t, lost, [inputs.priority_reconciliation, rec]
    ltla13 = inputs.lsoa_lookup.query("lsoa11_code.str.startswith('E')")[["lad17_code", "lad17_name"]].drop_duplicates()
    matched, lost = luf_list_2013(inputs.luf, ltla13, inputs.imd)
    listed = pd.concat([matched, lost])[["la_code", "la_name"]]
    _, rec = geography.reconcile(listed, ltla13, "la_code", "lad17_code",
                                 name="Levelling Up Fund list -> lower-tier LAs of 2013",
                                 left_label="Levelling Up Fund list (England, 2020 codes)", right_label="LTLAs of 2013",
                                 left_name="la_name", right_name="lad17_name",
                                 reasons=luf_2013_reasons(matched, lost, ltla13, inputs.lad_lookup))
    t = luf_list_hle(matched, official, msoa, estimator)
    return t, lost, [rec]


def run(inputs: Inputs, params: Params) -> Result:
    """The whole analysis for one set of checked parameters."""
    p = params
    hle, imd_table = inputs.hle, inputs.imd
    prefixes = district_of_prefix(inputs.lsoa_lookup)
    msoa, rec_prefix = msoa_table(hle, prefixes, inputs.lad_lookup, p.sex, include_implausible=p.include_implausible)
    official = official_lower_tier(hle, p.sex)
    # validation at the 2011 district level (Bournemouth and Poole still separate)
    rows, val = [], None
    for est in ESTIMATORS:
        v = validate_estimator(official, estimate(msoa, est, "lad17_code").rename(columns={"lad17_code": "code"}))
        rows.append({"estimator": est, **error_summary(v)})
        if est == p.estimator:
            val = v
    lad19 = imd_table[["lad19_code", "lad19_name"]]
    _, rec_official = geography.reconcile(
        official_values(hle, p.sex), lad19, "code", "lad19_code", name="HLE 2009-13 upper-tier sheet -> LADs of 2019",
        left_label="HLE UTLA sheet", right_label="IoD 2019 File 10", left_name="name", right_name="lad19_name",
        reasons=hle_2009_13_reasons(imd_table, hle))
    values, excluded = lower_tier_hle(official, msoa, lad19, p.estimator, p.merged)
    t, lost, recs = unit_table(inputs, p.unit, official_values(hle, p.sex), msoa, values, excluded, p.estimator)
    t, rec_rank = add_rank(t, imd_table, p.imd_measure, geography.known_reasons(inputs.lad_lookup) | {
        c: f"not in the unit: {why}" for c, why in zip(lost["la_code"], lost["reason"])})
    eng = england_value(hle, p.sex)
    avg = hle_average(t["hle"], p.average, eng)
    t = classify(t, len(imd_table), avg)
    t["lowest"] = lowest_share(t["hle"], p.cutoff)
    t = t.sort_values(["hle", "la_code"]).reset_index(drop=True)
    listed = deprivation.listed_ranked(inputs.priority, imd_table)
    income_table, rec_income = deprivation.utla_income(official_values(hle, p.sex), inputs.imd_utla)
    prosperous, rec_prosperity = prosperity.readings(prosperity.listed_2020(inputs.priority), inputs.prosperity)
    return Result(params=p, table=t, values=values, lost=lost,
                  reconciliations=(*recs, rec_prefix, rec_official, rec_rank, rec_income, rec_prosperity[0]),
                  validation=val,
                  validation_by_estimator=pd.DataFrame(rows), england=eng, average=avg,
                  threshold=float(t.loc[t["lowest"], "hle"].max()), k=n_lowest(len(t), p.cutoff),
                  n_ranked=len(imd_table), counts=lowest_counts(t), quadrants=quadrant_counts(t),
                  group2=deprived_fifth_below(t),
                  fund_deprivation=deprivation.category_against_deprivation(listed, p.imd_measure),
                  pockets=deprivation.pockets_of_deprivation(listed, len(imd_table)),
                  income=deprivation.hle_against_income(income_table)
                  | {"left_out_2013": sorted(rec_income.unmatched_left["name"]),
                     "left_out_2019": sorted(rec_income.unmatched_right["name"])}, income_table=income_table,
                  prosperity=prosperous,
                  hle=hle, luf=inputs.luf, boundaries=inputs.boundaries)
