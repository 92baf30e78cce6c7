"""Healthy life expectancy (HLE) 2009-13 against the Levelling Up Fund's priority groups.

Reproduces the Health Foundation's 2021 briefing on levelling up and health (Figures 1 and 2 and the
text around them): male HLE 2009-13, the IoD 2019 deprivation rank and the Fund's priority group of
each lower-tier LA. Two units of analysis (parameter ``unit``):

- ``luf_list`` (the source's own): the English LAs of the Fund's list (March 2021, 2020 geography),
  each with the 2009-13 value the source could have had on 2013 geography; the listed LAs with no
  2013 counterpart are left out and listed (:func:`luf_list_2013`);
- ``lad19``: the 317 lower-tier LAs of 2019, the unit of IoD 2019 and of the boundary file.

The ONS workbook for 2009-13 has no lower-tier sheet. Single-tier LAs (E06, E08, E09) and the 2013
counties take the official value of the upper-tier sheets; shire districts are *estimated* from their
MSOAs, whose names start with the 2011 district name. :func:`validate_estimator` measures each
estimator against the official values where both exist.

Every function is pure (frames in, frames or figures out) except :func:`load_inputs`, which calls the
loaders.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data import geography, imd, loaders
from analysis.data.geography import Reconciliation
from analysis.data.loaders import require_columns
from analysis.errors import DataError, ParameterError, check_choice

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
SOURCE = "Health Foundation (2021), levelling up and health briefing"
DATA_SOURCE = ("ONS HLE 2009-13 (MSOA and upper-tier LA reference table); MHCLG IoD 2019 File 10; "
               "HMT/MHCLG/DfT Levelling Up Fund priority list (March 2021). Shire districts estimated from MSOAs.")


def check_cutoff(cutoff: float) -> None:
    if not isinstance(cutoff, (int, float)) or isinstance(cutoff, bool) or not 0 < float(cutoff) < 1:
        raise ParameterError(f"parameter 'cutoff' must be a share strictly between 0 and 1 (e.g. 0.3), not {cutoff!r}")


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
    check_choice("sex", sex, SEXES)
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
    check_choice("estimator", estimator, ESTIMATORS)
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
    check_choice("sex", sex, SEXES)
    u = hle[(hle["level"] == "utla") & (hle["sex"] == sex)]
    out = pd.DataFrame({"code": u["code"].replace(geography.RECODED_2013), "name": u["name"],
                        "hle_official": u["hle"]})
    return out.reset_index(drop=True)


def official_lower_tier(hle: pd.DataFrame, sex: str) -> pd.DataFrame:
    """Official HLE of the single-tier LAs (E06, E08, E09), codes as of 2013 on."""
    out = official_values(hle, sex)
    return out[out["code"].str.match(r"^E0[689]")].reset_index(drop=True)


def england_value(hle: pd.DataFrame, sex: str) -> float:
    check_choice("sex", sex, SEXES)
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


#: the 2013 counties whose names are on the Levelling Up Fund's list: code -> (name, its 2013 districts)
COUNTIES_2013 = {
    "E10000002": ("Buckinghamshire", geography.BUCKS_DISTRICTS_2019),
    "E10000009": ("Dorset", ("E07000048", "E07000049", "E07000050", "E07000051", "E07000052", "E07000053")),
}


def luf_list_2013(luf: pd.DataFrame, ltla13: pd.DataFrame, lad19: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Fund's English LAs (names of 2020) matched to the areas of the HLE 2009-13 data (2013 geography).

    The rule: a listed LA keeps a 2009-13 value if an LA of the same name covered the same area in 2013,
    either a lower-tier LA (``ltla13``: ``lad17_code``, ``lad17_name``; no English LA changed between 2013
    and 2017) or a county of :data:`COUNTIES_2013` whose districts are exactly the listed LA's. The rest
    are left out with the reason. ``lad19`` (``lad19_code``, ``lad19_name``, IoD 2019 File 10) gives the
    listed LAs' codes. Returns (matched, unmatched); ``la_code`` is the LA's code in April 2020.
    """
    require = {"luf": (luf, ["name", "priority_category"]), "ltla13": (ltla13, ["lad17_code", "lad17_name"]),
               "lad19": (lad19, ["lad19_code", "lad19_name"])}
    for label, (df, cols) in require.items():
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise DataError(f"luf_list_2013: {label} lacks columns {missing}; it has {list(df.columns)}")
    code20 = dict(zip(lad19["lad19_name"], lad19["lad19_code"])) | {geography.BUCKS_UA_2020[1]: geography.BUCKS_UA_2020[0]}
    name13 = dict(zip(ltla13["lad17_code"], ltla13["lad17_name"]))
    by_name13 = dict(zip(ltla13["lad17_name"], ltla13["lad17_code"]))
    area20 = {geography.BUCKS_UA_2020[0]: set(geography.BUCKS_DISTRICTS_2019)} | {c: set(p) for c, (_, p) in geography.MERGED_2019.items()}
    matched, unmatched = [], []
    for name, cat in zip(luf["name"], luf["priority_category"]):
        code = code20.get(name)
        row = {"la_code": code, "la_name": name, "priority_category": cat}
        county = [(c, d) for c, (n, d) in COUNTIES_2013.items() if n == name]
        if name in by_name13:
            matched.append({**row, "code_2013": by_name13[name], "matched_as": "2013 lower-tier LA of the same name"})
        elif county and set(county[0][1]) == area20.get(code, set()):
            matched.append({**row, "code_2013": county[0][0],
                            "matched_as": "2013 county of the same name and the same districts"})
        elif code in name13:
            unmatched.append({**row, "reason": f"renamed: called {name13[code]} in 2013 (same code {code}); "
                                               f"no 2013 LA named {name}"})
        elif code in geography.MERGED_2019:
            parts = ", ".join(sorted(geography.MERGED_2019[code][1]))
            why = f"created April 2019 from {parts}; no 2013 LA of this name and area"
            if county:
                gone = ", ".join(sorted(set(county[0][1]) - area20[code]))
                why += f" (the 2013 county of this name also held {gone})"
            unmatched.append({**row, "reason": why})
        else:
            unmatched.append({**row, "reason": "unexplained: no 2013 LA of this name"})
    cols = ["la_code", "la_name", "priority_category"]
    return (pd.DataFrame(matched, columns=cols + ["code_2013", "matched_as"]).sort_values("la_code").reset_index(drop=True),
            pd.DataFrame(unmatched, columns=cols + ["reason"]).sort_values("la_code").reset_index(drop=True))


# ============================================================================================
# the Leave and left-behind analyses: why LA 2019 codes and 2017 wards do not match


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
    check_choice("merged", merged, MERGED)
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
                             "reason": f"created April 2019 from {parts}; excluded (merged='exclude')"})
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
    check_cutoff(cutoff)
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
    check_choice("average", kind, AVERAGES)
    if kind == "england":
        return float(england)
    return float(values.mean() if kind == "mean" else values.median())


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
# the whole analysis


@dataclass
class Result:
    params: dict
    table: pd.DataFrame            # one row per LA of the unit with an HLE value (rank NaN if File 10 lacks it)
    values: pd.DataFrame           # HLE for every LAD 2019 (official or estimated)
    lost: pd.DataFrame             # LAs of the Fund's list left out, with the reason
    reconciliations: list = field(default_factory=list)
    validation: pd.DataFrame | None = None
    validation_by_estimator: pd.DataFrame | None = None
    england: float = float("nan")
    average: float = float("nan")
    threshold: float = float("nan")
    k: int = 0
    n_ranked: int = 0
    counts: dict = field(default_factory=dict)
    quadrants: pd.DataFrame | None = None

    @property
    def unranked(self) -> pd.DataFrame:
        """LAs in Figure 2 but left out of Figure 1: no IoD 2019 File 10 row."""
        return self.table[self.table["deprivation_rank"].isna()]


def load_inputs() -> dict:
    """Every table the analysis needs, from the loaders (the only function here that reads data)."""
    luf = loaders.luf_priority()
    imd_table = loaders.imd_lad()
    priority, rec = geography.luf_priority_lad19(luf, imd_table)
    return {"hle": loaders.hle_2009_13(), "lsoa_lookup": loaders.lookup_lsoa11_ward17(),
            "lad_lookup": loaders.lookup_lad17_lad19(), "imd": imd_table, "priority": priority,
            "priority_reconciliation": rec, "luf": luf[luf["country"] == "England"].reset_index(drop=True)}


def unit_table(inputs: dict, unit: str, official: pd.DataFrame, msoa: pd.DataFrame, values: pd.DataFrame,
               excluded: pd.DataFrame, estimator: str) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """The LAs of the unit with priority group and HLE, the listed LAs left out, and the joins' reports."""
    check_choice("unit", unit, UNITS)
    if unit == "lad19":
        t, lost, rec = lad19_frame(values, excluded, inputs["priority"])
        return t, lost, [inputs["priority_reconciliation"], rec]
    ltla13 = inputs["lsoa_lookup"].query("lsoa11_code.str.startswith('E')")[["lad17_code", "lad17_name"]].drop_duplicates()
    matched, lost = luf_list_2013(inputs["luf"], ltla13, inputs["imd"])
    _, rec = geography.reconcile(inputs["luf"], ltla13, "name", "lad17_name",
                                 name="Levelling Up Fund list -> lower-tier LAs of 2013",
                                 left_label="Levelling Up Fund list (England)", right_label="LTLAs of 2013",
                                 left_name="name", right_name="lad17_code", reasons=luf_2013_reasons(matched, lost, ltla13,
                                                                                                      inputs["lad_lookup"]))
    t = luf_list_hle(matched, official, msoa, estimator)
    return t, lost, [rec]


def luf_2013_reasons(matched: pd.DataFrame, lost: pd.DataFrame, ltla13: pd.DataFrame, lad_lookup: pd.DataFrame) -> dict:
    """Why a listed name and a 2013 lower-tier LA do not pair up by name, keyed by name."""
    why = {n: f"left out: {r}" for n, r in zip(lost["la_name"], lost["reason"])}
    for _, r in matched[matched["code_2013"].str.startswith("E10")].iterrows():
        why[r["la_name"]] = f"no 2013 lower-tier LA of this name: matched to the 2013 county {r['code_2013']} ({r['matched_as']})"
    new = dict(zip(lad_lookup["lad17_code"], lad_lookup["lad19_code"]))
    listed = set(matched["la_name"]) | set(lost["la_name"])
    for code, name in zip(ltla13["lad17_code"], ltla13["lad17_name"]):
        if name in listed:
            continue
        if code in geography.BUCKS_DISTRICTS_2019:
            why[name] = "district merged into Buckinghamshire in April 2020"
        elif new.get(code, code) != code:
            why[name] = f"district merged into {geography.MERGED_2019[new[code]][0]} ({new[code]}) in April 2019"
        else:
            why[name] = f"renamed by 2020 (same code {code}); the list uses the new name"
    return why


def run(inputs: dict, *, sex: str = "male", cutoff: float = 0.3, imd_measure: str = "average_score",
        unit: str = "luf_list", average: str = "england", estimator: str = "mean", merged: str = "combine",
        include_implausible: bool = False) -> Result:
    """The whole analysis for one set of parameters."""
    check_choice("sex", sex, SEXES)
    check_cutoff(cutoff)
    check_choice("imd_measure", imd_measure, imd.IMD_MEASURES)
    check_choice("unit", unit, UNITS)
    check_choice("average", average, AVERAGES)
    check_choice("estimator", estimator, ESTIMATORS)
    check_choice("merged", merged, MERGED)
    hle, imd_table = inputs["hle"], inputs["imd"]
    prefixes = district_of_prefix(inputs["lsoa_lookup"])
    msoa, rec_prefix = msoa_table(hle, prefixes, inputs["lad_lookup"], sex, include_implausible=include_implausible)
    official = official_lower_tier(hle, sex)
    # validation at the 2011 district level (Bournemouth and Poole still separate)
    rows, val = [], None
    for est in ESTIMATORS:
        v = validate_estimator(official, estimate(msoa, est, "lad17_code").rename(columns={"lad17_code": "code"}))
        rows.append({"estimator": est, **error_summary(v)})
        if est == estimator:
            val = v
    lad19 = imd_table[["lad19_code", "lad19_name"]]
    _, rec_official = geography.reconcile(
        official_values(hle, sex), lad19, "code", "lad19_code", name="HLE 2009-13 upper-tier sheet -> LADs of 2019",
        left_label="HLE UTLA sheet", right_label="IoD 2019 File 10", left_name="name", right_name="lad19_name",
        reasons=hle_2009_13_reasons(imd_table, hle))
    values, excluded = lower_tier_hle(official, msoa, lad19, estimator, merged)
    t, lost, recs = unit_table(inputs, unit, official_values(hle, sex), msoa, values, excluded, estimator)
    t, rec_rank = add_rank(t, imd_table, imd_measure, geography.known_reasons(inputs["lad_lookup"]) | {
        c: f"not in the unit: {why}" for c, why in zip(lost["la_code"], lost["reason"])})
    eng = england_value(hle, sex)
    avg = hle_average(t["hle"], average, eng)
    t = classify(t, len(imd_table), avg)
    t["lowest"] = lowest_share(t["hle"], cutoff)
    return Result(params=dict(sex=sex, cutoff=cutoff, imd_measure=imd_measure, unit=unit, average=average,
                              estimator=estimator, merged=merged, include_implausible=include_implausible),
                  table=t.sort_values(["hle", "la_code"]).reset_index(drop=True), values=values, lost=lost,
                  reconciliations=[*recs, rec_prefix, rec_official, rec_rank], validation=val,
                  validation_by_estimator=pd.DataFrame(rows), england=eng, average=avg,
                  threshold=float(t.loc[t["lowest"], "hle"].max()), k=n_lowest(len(t), cutoff),
                  n_ranked=len(imd_table), counts=lowest_counts(t), quadrants=quadrant_counts(t))


# --------------------------------------------------------------------------------------------
# claims


def setting(res: Result) -> str:
    """The run's parameters in a few words, flagged when they are not the published setting."""
    p = res.params
    s = (f"sex={p['sex']}, cutoff={p['cutoff']:g}, imd_measure={p['imd_measure']}, unit={p['unit']}, "
         f"average={p['average']}, estimator={p['estimator']}"
         + (f", merged={p['merged']}" if p["unit"] == "lad19" else "")
         + f"; {res.counts['n']} {UNIT_LABEL[p['unit']]}")
    return s if (p["sex"], float(p["cutoff"])) == ("male", 0.3) else f"NOT the published setting (male, lowest 30%): {s}"


def claim_rows(res: Result, luf: pd.DataFrame, analysis: str = "hle") -> list[dict]:
    """The ledger rows for the published figures this analysis tests (see ``analysis.ledger.claims``);
    ``luf`` is the Fund's list (England's rows are used).

    Tolerances are fixed here, before any run: none for counts of LAs (a count is exact), 0 for the
    audit of the source's own parts, none for the Fund's whole-percent 30% (rounding decides).
    """
    from analysis.ledger.claims import claim

    if "country" in luf.columns:
        luf = luf[luf["country"] == "England"]
    c, q, s, page = res.counts, res.quadrants, setting(res), "notebooks/01_hle_priority"
    exact = "no tolerance: a count of LAs is exact"
    rows = [
        claim("hle_fig2_n_lowest", analysis, "Figure 2: LAs whose male HLE 2009-13 is in the lowest 30% for England",
              93, c["n_lowest"], "count", source=SOURCE, page=page,
              note=f"{s}; lowest share = {res.k} of {c['n']} (cutoff x N rounded half up); {exact}"),
        claim("hle_fig2_lowest_in_g1", analysis, "Figure 2: of those, LAs in priority group 1", 58, c["lowest_g1"],
              "count", source=SOURCE, page=page, note=f"{s}; {exact}"),
        claim("hle_fig2_lowest_not_g1", analysis, "Figure 2: of those, LAs not in priority group 1 (groups 2 and 3)",
              35, c["lowest_not_g1"], "count", source=SOURCE, page=page,
              note=f"{s}; group 2: {c['lowest_g2']}, group 3: {c['lowest_g3']}; {exact}"),
        claim("hle_fig2_audit_sum", analysis, "Figure 2 text: 58 in group 1 plus 35 not in group 1 make the 93",
              93, 58 + 35, "audit", tolerance=0, tolerance_reason="counts must add up exactly",
              source=SOURCE, page=page, note="the source's own parts: 58 + 35"),
    ]
    share = 100 * float((luf["priority_category"] == 1).mean())
    rows.append(claim("hle_luf_g1_share", analysis,
                      "The 30% of LAs with the highest index score were put in priority group 1 (England, % of LAs)",
                      30, round(share, 1), "share", source=SOURCE, page=page,
                      note=f"{int((luf['priority_category'] == 1).sum())} of {len(luf)} English LAs on the Fund's list; "
                           "no tolerance: the published 30 is a whole percentage, so rounding decides"))
    for grp, quad in ARGUMENT:
        n = int(q.loc[grp, quad])
        others = "; ".join(f"group {g}: {int(q.loc[g, quad])}" for g in (1, 2, 3))
        rows.append(claim(
            f"hle_fig1_g{grp}_{'deprived_below' if grp == 3 else 'less_deprived_above'}", analysis,
            f"Figure 1: priority group {grp} includes LTLAs in the {quad}", "includes (qualitative remark)",
            int(n > 0), "remark", source=SOURCE, page=page,
            note=f"{s}; rule: held (1) if at least one LA of group {grp} is in this quadrant, decided before the run; "
                 f"LAs in this quadrant by group: {others}; no tolerance: the rule holds or it does not"))
    g2 = deprived_fifth_below(res.table)
    rows.append(claim(
        "hle_fig1_g2_deprived_fifth_below", analysis,
        "Text before Figure 1: LTLAs in priority group 2 in England's most deprived fifth with below-average male HLE",
        3, len(g2), "count", source=SOURCE, page=page,
        note=f"{s}; most deprived fifth = File 10 rank <= {res.n_ranked}/5, below = under the {AVERAGE_LABEL[res.params['average']]} "
             f"value {res.average:.2f}; LAs: {', '.join(sorted(g2['la_name'])) or 'none'}; {exact}"))
    return rows


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


def variations(params: dict) -> list[dict]:
    """One parameter changed at a time, from ``params``: the choices the page's sensitivity table shows."""
    p = params
    other = {"sex": "female" if p["sex"] == "male" else "male", "unit": "lad19" if p["unit"] == "luf_list" else "luf_list"}
    out = [{"sex": other["sex"]}, {"unit": other["unit"]}, {"cutoff": 0.2}, {"cutoff": 0.4},
           {"estimator": "precision_weighted" if p["estimator"] != "precision_weighted" else "mean"},
           {"average": "median" if p["average"] != "median" else "england"},
           {"imd_measure": "average_rank" if p["imd_measure"] != "average_rank" else "average_score"},
           {"imd_measure": "extent" if p["imd_measure"] != "extent" else "average_score"}]
    if p["unit"] == "lad19":
        out.append({"merged": "exclude" if p["merged"] == "combine" else "combine"})
    return out


def sensitivity(inputs: dict, base: dict, changes: list[dict]) -> pd.DataFrame:
    """The Figure 2 and Figure 1 counts under the base parameters and each change of them."""
    rows = []
    for var in [{}] + list(changes):
        r = run(inputs, **{**base, **var})
        q = r.quadrants
        rows.append({"change": ", ".join(f"{k}={v}" for k, v in var.items()) or "(this run)",
                     "LAs": r.counts["n"], "lowest share (LAs)": r.counts["n_lowest"],
                     "of which group 1": r.counts["lowest_g1"], "not group 1": r.counts["lowest_not_g1"],
                     "group 3, more deprived, below avg": int(q.loc[3, QUADRANTS[0]]),
                     "group 1, less deprived, above avg": int(q.loc[1, QUADRANTS[3]]),
                     "group 2, most deprived fifth, below avg": len(deprived_fifth_below(r.table))})
    return pd.DataFrame(rows)


def group2_table(inputs: dict, base: dict) -> pd.DataFrame:
    """Priority-group-2 LAs in the most deprived fifth with below-average HLE, for each measure (rows) x unit."""
    out = pd.DataFrame(index=pd.Index(imd.IMD_MEASURES, name="imd_measure"), columns=list(UNITS), dtype=int)
    for unit in UNITS:
        for m in imd.IMD_MEASURES:
            out.loc[m, unit] = len(deprived_fifth_below(run(inputs, **{**base, "unit": unit, "imd_measure": m}).table))
    return out.astype(int)


# --------------------------------------------------------------------------------------------
# what the page states: every number in its prose, by glue name


def page_values(res: Result, inputs: dict, other_implausible: Result) -> dict:
    """The values the page glues into its prose (``other_implausible``: the same run with the other
    treatment of ONS's implausible MSOA estimates)."""
    p, t, c = res.params, res.table, res.counts
    s = res.validation_by_estimator.set_index("estimator").loc[p["estimator"]]
    u = inputs["hle"].query("level == 'utla' and sex == @p['sex']").set_index("code")
    imp = inputs["hle"][inputs["hle"]["le_implausible"]]
    n_tied = int((t["hle"] == res.threshold).sum())
    g2 = deprived_fifth_below(t)
    out = {
        "p_sex": p["sex"], "p_cutoff": f"{p['cutoff']:.0%}", "p_measure": imd.LABEL[p["imd_measure"]],
        "p_unit": UNIT_LABEL[p["unit"]], "p_estimator": p["estimator"],
        "p_average": {"england": "England's value", "mean": "the mean of the LAs", "median": "the median of the LAs"}[p["average"]],
        "p_implausible": "included" if p["include_implausible"] else "left out",
        "run_note": "These are the published figures' own settings (male HLE, lowest 30%)."
        if (p["sex"], p["cutoff"]) == ("male", 0.3) else
        f"This run uses {p['sex']} HLE and the lowest {p['cutoff']:.0%}, while the published figures are for male HLE "
        "and the lowest 30%, so the claims ledger below compares different quantities.",
        "n_la": c["n"], "n_ranked": res.n_ranked, "n_lost": len(res.lost), "n_unranked": len(res.unranked),
        "unranked": ", ".join(res.unranked["la_name"]) or "none",
        "n_official": int(t["hle_source"].str.startswith("official").sum()),
        "n_estimated": int(t["hle_source"].str.startswith("estimate").sum()),
        "avg": res.average, "england": res.england, "k": res.k, "threshold": res.threshold,
        "tie_note": "No other LA has exactly the k-th value." if n_tied == 1 else f"{n_tied} LAs share the k-th value.",
        "n_luf_eng": len(inputs["luf"]),
        "ci_scilly": f"{u.loc['E06000053', 'hle_lci']:.1f}-{u.loc['E06000053', 'hle_uci']:.1f}",
        "ci_city": f"{u.loc['E09000001', 'hle_lci']:.1f}-{u.loc['E09000001', 'hle_uci']:.1f}",
        "n_implausible": len(imp), "n_implausible_sex": int((imp["sex"] == p["sex"]).sum()),
        "val_n": int(s["n"]), "val_bias": float(s["bias"]), "val_sd": float(s["sd"]), "val_worst": s["worst"],
        "val_worst_err": float(s["worst_error"]), "val_within": float(s["within_half_year"]),
        "best_est": res.validation_by_estimator.sort_values("rmse")["estimator"].iloc[0].replace("_", "-") + " estimator",
        "imp_n": value_changes(res.values, other_implausible.values)["n_changed"],
        "imp_est_n": value_changes(res.values, other_implausible.values, "hle_estimate")["n_changed"],
        "imp_est_max": value_changes(res.values, other_implausible.values, "hle_estimate")["max_change"],
        "q_g3": int(res.quadrants.loc[3, QUADRANTS[0]]), "q_g1": int(res.quadrants.loc[1, QUADRANTS[3]]),
        "g2_n": len(g2), "g2_names": ", ".join(sorted(g2["la_name"])) or "none",
        "low_g1": c["lowest_g1"], "low_not_g1": c["lowest_not_g1"], "low_g2": c["lowest_g2"], "low_g3": c["lowest_g3"],
        "low_g1_share": c["lowest_g1"] / c["n_lowest"], "g1_not_low": c["g1_not_lowest"],
        "share_not_g1": c["lowest_not_g1"] / c["n_lowest"],
    }
    return out


def verdict_words(ledger: pd.DataFrame) -> dict:
    """The page's verdict sentences' words, from the ledger's verdicts (never typed)."""
    v = ledger.set_index("claim_id")["verdict"]
    fig2 = v[["hle_fig2_n_lowest", "hle_fig2_lowest_in_g1", "hle_fig2_lowest_not_g1"]]
    return {"fig1_verdict": "reproduced" if (v[v.index.str.startswith("hle_fig1_g1") | v.index.str.startswith("hle_fig1_g3")]
                                              == "reproduced").all() else "not reproduced",
            "fig2_verdict": "reproduced exactly" if (fig2 == "reproduced").all() else "not reproduced exactly",
            "g2_verdict": v["hle_fig1_g2_deprived_fifth_below"]}


# --------------------------------------------------------------------------------------------
# figures (interactive: hover and find an LA in the book; a PNG fallback inside the same output)


def hover_frame(res: Result) -> pd.DataFrame:
    """The analysis table with display columns for the interactive figures' tooltips."""
    t = res.table.copy()
    t["group"] = t["priority_category"].map(lambda c: f"group {int(c)}")
    t["lowest_label"] = t["lowest"].map({True: "yes", False: "no"})
    t["source_label"] = t["hle_source"].map({"official": "official (ONS)", "estimate": "estimated from MSOAs",
                                             "official (2013 county)": "official (ONS, the 2013 county)",
                                             "estimate (merged 2019 LA)": "estimated from MSOAs (merged 2019 LA)"})
    t["fifth_label"] = t["fifth"].map(lambda f: "no File 10 rank" if pd.isna(f) else f"{int(f)} of 5 (1 = most deprived)")
    return t


def figure_validation(res: Result):
    """Estimated against official HLE for the single-tier LAs (interactive scatter)."""
    from analysis import figures

    p = res.params
    s = res.validation_by_estimator.set_index("estimator").loc[p["estimator"]]
    return figures.interactive_scatter(
        res.validation, "hle_official", "hle_estimate", name="name", hover=["error", "n_msoa"],
        labels={"hle_official": "Official HLE, ONS upper-tier sheet (years)",
                "hle_estimate": "Estimated from the LA's MSOAs (years)", "error": "Estimate - official (years)",
                "n_msoa": "MSOAs"},
        title=f"The MSOA {p['estimator']} tracks the official {p['sex']} HLE closely",
        subtitle=f"{int(s['n'])} single-tier LAs; bias {s['bias']:+.2f}, SD {s['sd']:.2f}, worst {s['worst_error']:+.2f} years "
                 f"({s['worst']})",
        source="ONS HLE 2009-13 reference table (MSOA and upper-tier sheets).", figsize=(6.5, 6),
        alt=(f"Interactive scatter plot with one point per single-tier local authority: the official {p['sex']} healthy "
             "life expectancy in years across, the value estimated from its MSOAs up. The points lie along a rising "
             "diagonal, close to where the estimate equals the official value."))


def figure1(res: Result):
    """The source's Figure 1: deprivation rank against HLE by priority group (interactive scatter)."""
    from analysis import figures

    p, Sex = res.params, res.params["sex"].capitalize()
    h = hover_frame(res)
    h = h[h["deprivation_rank"].notna()]
    return figures.interactive_scatter(
        h, "deprivation_rank", "hle", name="la_name", color="group",
        colours={f"group {k}": v for k, v in figures.PRIORITY_COLOURS.items()},
        hover=["fifth_label", "quadrant", "source_label"],
        labels={"deprivation_rank": "Deprivation rank (1 = most deprived)", "hle": f"{Sex} HLE 2009-13 (years)",
                "group": "Priority group", "source_label": "HLE value", "quadrant": "Quadrant",
                "fifth_label": "Deprivation fifth"},
        xlabel=f"Rank of {imd.LABEL[p['imd_measure']]} (1 = most deprived of {res.n_ranked} LAs)",
        hlines={res.average: f"{AVERAGE_LABEL[p['average']]} average, {res.average:.1f} years"},
        title=f"{int(res.quadrants.loc[3, QUADRANTS[0]])} LAs in the more deprived half with below-average HLE "
              "are in the lowest priority group",
        subtitle=f"{Sex} HLE 2009-13 against deprivation, {len(h)} {UNIT_LABEL[p['unit']]}, by Levelling Up Fund "
                 "priority group", source=DATA_SOURCE, figsize=(8.5, 6.2),
        alt=(f"Interactive scatter plot with one point per local authority: its IMD 2019 rank across, most deprived on "
             f"the left, and its {p['sex']} healthy life expectancy up, coloured by priority group 1, 2 or 3, with a "
             "line at the HLE average. HLE rises from the deprived left to the less deprived right; group 1 points "
             "gather on the left, but some group 3 points sit on the left below the average and some group 1 points "
             "on the right above it."))


def figure2(res: Result):
    """The source's Figure 2: HLE by priority group, the lowest share filled (interactive strip plot)."""
    from analysis import figures

    p, Sex, pct, c, t = res.params, res.params["sex"].capitalize(), f"{res.params['cutoff']:.0%}", res.counts, res.table
    h = hover_frame(res)
    line = (res.threshold + t.loc[~t["lowest"], "hle"].min()) / 2  # between the k-th LA and the next
    per_group = h.groupby("priority_category")["lowest"].agg(["sum", "size"])
    return figures.interactive_strip(
        h, "priority_category", "hle", name="la_name", filled="lowest",
        colours=figures.PRIORITY_COLOURS, hover=["deprivation_rank", "lowest_label", "source_label"],
        labels={"priority_category": "Priority group", "hle": f"{Sex} HLE 2009-13 (years)",
                "deprivation_rank": "Deprivation rank (1 = most deprived)", "lowest_label": f"In the lowest {pct} of HLE",
                "source_label": "HLE value"},
        ticklabels={g: f"priority group {g}{' (greatest need)' if g == 1 else ''}\n{int(r['sum'])} of {int(r['size'])} "
                       f"in the lowest {pct}" for g, r in per_group.iterrows()},
        xlabel="Levelling Up Fund priority group", ylabel=f"{Sex} healthy life expectancy at birth, 2009-13 (years)",
        hlines={line: f"below: the lowest {pct} ({res.k} LAs)"},
        title=f"{c['lowest_not_g1']} of the {c['n_lowest']} LAs with the lowest {p['sex']} HLE are not in priority group 1",
        subtitle=f"{Sex} HLE 2009-13 by Levelling Up Fund priority group; filled: the lowest {pct} of {c['n']} "
                 f"{UNIT_LABEL[p['unit']]}", source=DATA_SOURCE, figsize=(8, 6),
        alt=(f"Interactive strip plot of {p['sex']} healthy life expectancy, one point per local authority, in three "
             f"columns for priority groups 1, 2 and 3, with a dashed line below which the lowest {pct} are drawn filled. "
             "Group 1 sits lowest, group 3 highest, but filled points below the line appear in all three groups."))


def map_frame(res: Result, boundaries, simplify_m: float = 1000) -> object:
    """English LAD 2019 polygons with HLE, priority group and the mismatch flags (a GeoDataFrame).

    With unit ``luf_list`` the four 2019 Buckinghamshire districts show the 2020 unitary's values. The
    outlines are simplified to ``simplify_m`` metres on the British National Grid (about a pixel at the
    page's size) to keep the stored page small.
    """
    from analysis.figures import BNG

    g = boundaries[boundaries["lad19_code"].str.startswith("E")].to_crs(BNG)
    g["geometry"] = g.geometry.simplify(simplify_m, preserve_topology=True)
    g["la_code"] = g["lad19_code"]
    if res.params["unit"] == "luf_list":
        g["la_code"] = g["la_code"].replace({d: geography.BUCKS_UA_2020[0] for d in geography.BUCKS_DISTRICTS_2019})
    h = hover_frame(res)[["la_code", "hle", "priority_category", "lowest", "group", "deprivation_rank"]]
    g = g.merge(h, on="la_code", how="left")
    low = g["lowest"].astype("boolean").fillna(False).astype(bool)
    pct = f"{res.params['cutoff']:.0%}"
    g["where"] = np.select([low & (g["priority_category"] != 1), low],
                           [f"lowest {pct} of HLE, not group 1", f"lowest {pct} of HLE, group 1"], f"not in the lowest {pct}")
    g.loc[g["hle"].isna(), "where"] = None
    return g


def where_colours(res: Result) -> dict:
    """Colours of :func:`map_frame`'s ``where`` categories: the mismatch stands out."""
    pct = f"{res.params['cutoff']:.0%}"
    return {f"lowest {pct} of HLE, not group 1": "#D55E00", f"lowest {pct} of HLE, group 1": "#0072B2",
            f"not in the lowest {pct}": "#C8C8C8"}


def figure_map(res: Result, boundaries):
    """Where the LAs with the lowest HLE fall outside priority group 1 (interactive map)."""
    from analysis import figures

    p, Sex, pct, c = res.params, res.params["sex"].capitalize(), f"{res.params['cutoff']:.0%}", res.counts
    return figures.interactive_choropleth(
        map_frame(res, boundaries), "where", name="lad19_name", hover=["hle", "group", "deprivation_rank"],
        categorical=True, colours=where_colours(res), legend_title=f"{Sex} HLE 2009-13", missing_label="not in the unit",
        labels={"where": "Shown as", "hle": f"{Sex} HLE 2009-13 (years)", "group": "Priority group",
                "deprivation_rank": "Deprivation rank (1 = most deprived)"},
        title=f"Where the LAs with the lowest {p['sex']} HLE fall outside priority group 1",
        subtitle=f"{c['lowest_not_g1']} of the {c['n_lowest']} LAs in the lowest {pct} of {p['sex']} HLE are not in group 1",
        source=DATA_SOURCE + " Boundaries: ONS LAD December 2019 BUC.",
        alt=(f"Interactive map of England's lower-tier local authorities in three colours: those in the lowest {pct} "
             f"of {p['sex']} healthy life expectancy that are in priority group 1, those in the lowest {pct} that are "
             "not, and the rest. The low-HLE areas outside group 1 are scattered through the North, the Midlands, "
             "London and the coasts. Each area's tooltip gives its HLE and priority group."))


# --------------------------------------------------------------------------------------------
# tables the page shows


def unmatched_summary(rec: Reconciliation) -> pd.DataFrame:
    """A reconciliation's unmatched keys grouped by side and reason, with up to six example names."""
    tab = rec.table()
    return (tab.groupby(["side", "reason"], sort=False)
            .agg(n=("key", "size"), examples=("name", lambda s: ", ".join(sorted(s)[:6]) + (" ..." if len(s) > 6 else "")))
            .reset_index())


def nearest_words(table: pd.DataFrame, published: int) -> str:
    """Says whether any cell of ``table`` equals ``published`` and, if none does, which come nearest."""
    long = table.stack()
    hits = long[long == published]
    if len(hits):
        return "gives the published {} under {}".format(published, "; ".join(f"{m} x {u}" for m, u in hits.index))
    gap = (long - published).abs()
    near = long[gap == gap.min()]
    return (f"gives the published {published} under no specification: the nearest is {int(near.iloc[0])}, under "
            + "; ".join(f"{m} x {u}" for m, u in near.index))
