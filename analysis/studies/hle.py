"""Healthy life expectancy (HLE) 2009-13 against the Levelling Up Fund's priority groups.

Reproduces the Health Foundation's 2021 briefing (Figures 1 and 2): lower-tier HLE, IMD 2019
deprivation rank and the Fund's priority category for every lower-tier LA of 2019 (LAD19).

Lower-tier HLE is not published for 2009-13 in the ONS workbook we have. Single-tier LAs (E06, E08,
E09) take the official value from its upper-tier sheets; shire districts (and the LAs created by the
April 2019 mergers) are *estimated* from their MSOAs, whose names start with the 2011 district name.
:func:`validate_estimator` measures each estimator against the official values where both exist.

Every function below is pure (frames in, frames out) except :func:`load_inputs`, which calls the
loaders, and the ``figure_*`` functions, which draw.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data import geography, loaders
from analysis.errors import check_choice
from analysis.data.geography import Reconciliation
from analysis.data.loaders import require_columns

SEXES = ("male", "female")
#: how a district's HLE is estimated from its MSOAs
ESTIMATORS = ("mean", "median", "precision_weighted")
#: the deprivation measure (IoD 2019 File 10 rank column; 1 = most deprived)
MEASURES = {
    "rank_of_average_score": "imd_rank_of_avg_score",
    "rank_of_average_rank": "imd_rank_of_avg_rank",
    "rank_of_extent": "imd_rank_of_extent",
    "rank_of_local_concentration": "imd_rank_of_local_concentration",
    "rank_of_share_most_deprived_10pc": "imd_rank_of_prop_lsoas_most_deprived_10pc",
}
MEASURE_LABELS = {
    "rank_of_average_score": "IMD 2019 rank of average score",
    "rank_of_average_rank": "IMD 2019 rank of average rank",
    "rank_of_extent": "IMD 2019 rank of extent",
    "rank_of_local_concentration": "IMD 2019 rank of local concentration",
    "rank_of_share_most_deprived_10pc": "IMD 2019 rank of share of LSOAs in the most deprived 10%",
}
#: the "average" HLE that splits LAs into above and below
AVERAGES = ("england", "mean", "median")
#: what to do with the LAs created by the April 2019 mergers
MERGED = ("combine", "exclude")

QUADRANTS = ("more deprived half, below-average HLE", "more deprived half, above-average HLE",
             "less deprived half, below-average HLE", "less deprived half, above-average HLE")
#: the two quadrants the source's argument turns on: (priority group, quadrant)
ARGUMENT = ((3, QUADRANTS[0]), (1, QUADRANTS[3]))






def check_cutoff(cutoff: float) -> None:
    if not isinstance(cutoff, (int, float)) or isinstance(cutoff, bool) or not 0 < float(cutoff) < 1:
        raise ValueError(f"parameter 'cutoff' must be a share strictly between 0 and 1 (e.g. 0.3), not {cutoff!r}")




# --------------------------------------------------------------------------------------------
# MSOAs -> districts


def msoa_prefix(names: pd.Series) -> pd.Series:
    """The district part of an MSOA name ('Kingston upon Hull 012' -> 'Kingston upon Hull')."""
    out = names.astype(str).str.replace(r"\s+\d{3}$", "", regex=True)
    bad = names[out == names.astype(str)]
    if len(bad):
        raise ValueError(f"MSOA names must end in a 3-digit number, e.g. 'Hartlepool 001'; found {bad.head(3).tolist()}")
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
        raise ValueError(f"district names that span several LADs: {per[per > 1].index.tolist()}")
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
        raise ValueError(f"LAD17 codes missing from the LAD17->LAD19 lookup: {sorted(m.loc[m['lad19_code'].isna(), 'lad17_code'].unique())}")
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
        raise ValueError("MSOA table is empty: nothing to estimate from")
    d = msoa[[by, "hle", "hle_lci", "hle_uci"]].copy()
    if estimator == "precision_weighted":
        se = (d["hle_uci"] - d["hle_lci"]) / (2 * 1.959964)
        if (se <= 0).any():
            raise ValueError("precision_weighted needs hle_uci > hle_lci for every MSOA")
        d["w"] = 1 / se**2
        d["wx"] = d["w"] * d["hle"]
        g = d.groupby(by)
        out = (g["wx"].sum() / g["w"].sum()).rename("hle_estimate").to_frame()
    else:
        out = d.groupby(by)["hle"].agg(estimator).rename("hle_estimate").to_frame()
    out["n_msoa"] = d.groupby(by).size()
    return out.reset_index()


def official_lower_tier(hle: pd.DataFrame, sex: str) -> pd.DataFrame:
    """Official HLE of the single-tier LAs (E06, E08, E09) from the UTLA sheets, codes as of 2013 on."""
    check_choice("sex", sex, SEXES)
    u = hle[(hle["level"] == "utla") & (hle["sex"] == sex)]
    u = u[u["code"].str.match(r"^E0[689]")]
    out = pd.DataFrame({"code": u["code"].replace(geography.HLE_UTLA_CODE_CHANGES), "name": u["name"],
                        "hle_official": u["hle"]})
    return out.reset_index(drop=True)


def england_value(hle: pd.DataFrame, sex: str) -> float:
    check_choice("sex", sex, SEXES)
    e = hle[(hle["level"] == "england") & (hle["sex"] == sex)]["hle"]
    if len(e) != 1:
        raise ValueError(f"expected one England row for sex {sex!r}, found {len(e)}")
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
        raise ValueError("no area has both an official and an estimated value")
    e = v["error"]
    worst = v.loc[e.abs().idxmax()]
    return {"n": int(len(v)), "bias": float(e.mean()), "sd": float(e.std(ddof=1)),
            "rmse": float(np.sqrt((e**2).mean())), "max_abs": float(e.abs().max()),
            "worst": str(worst[name_col]), "worst_error": float(worst["error"]),
            "within_half_year": float((e.abs() <= 0.5).mean())}


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
# the comparison table, the cut-off, the average, the quadrants


def analysis_table(values: pd.DataFrame, priority: pd.DataFrame, imd: pd.DataFrame, measure: str,
                   excluded: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Reconciliation], pd.DataFrame]:
    """Join HLE, priority category and the deprivation rank on LAD 2019 codes.

    Returns the table of LAs with all three, the reconciliations, and every LA of the Fund's list
    that is left out with the reason (no HLE value, or no deprivation rank).
    """
    check_choice("measure", measure, tuple(MEASURES))
    rank_col = MEASURES[measure]
    require_columns(imd, ["lad19_code", rank_col], "IMD table")
    require_columns(priority, ["lad19_code", "priority_category"], "priority table")
    t, rec1 = geography.reconcile(priority[["lad19_code", "lad19_name", "priority_category", "via"]],
                                  imd[["lad19_code", rank_col]].rename(columns={rank_col: "deprivation_rank"}),
                                  "lad19_code", name="priority categories -> IoD 2019 File 10",
                                  left_label="Levelling Up Fund list (LAD19)", right_label="IoD 2019 File 10",
                                  left_name="lad19_name", how="left")
    t, rec2 = geography.reconcile(t, values[["lad19_code", "hle", "hle_source", "hle_official", "hle_estimate",
                                             "n_msoa", "n_districts_2011"]],
                                  "lad19_code", name="priority categories -> lower-tier HLE 2009-13",
                                  left_label="Levelling Up Fund list (LAD19)", right_label="HLE 2009-13 (LAD19)",
                                  left_name="lad19_name", how="left")
    lost = []
    excl = excluded if excluded is not None else pd.DataFrame(columns=["lad19_code", "reason"])
    why = dict(zip(excl["lad19_code"], excl["reason"]))
    for _, r in t[t["hle"].isna() | t["deprivation_rank"].isna()].iterrows():
        reason = why.get(r["lad19_code"]) or ("no deprivation rank" if pd.isna(r["deprivation_rank"]) else "no HLE value")
        lost.append({"lad19_code": r["lad19_code"], "lad19_name": r["lad19_name"],
                     "priority_category": r["priority_category"], "reason": reason})
    lost = pd.DataFrame(lost, columns=["lad19_code", "lad19_name", "priority_category", "reason"])
    t = t[t["hle"].notna() & t["deprivation_rank"].notna()].copy()
    t["deprivation_rank"] = t["deprivation_rank"].astype(int)
    return t.reset_index(drop=True), [rec1, rec2], lost


def n_lowest(n: int, cutoff: float) -> int:
    """How many LAs make the lowest ``cutoff`` share of ``n``: cutoff x n rounded half up."""
    check_cutoff(cutoff)
    if n <= 0:
        raise ValueError("n must be positive")
    return int(math.floor(cutoff * n + 0.5))


def lowest_share(values: pd.Series, cutoff: float) -> pd.Series:
    """True for the ``n_lowest(len(values), cutoff)`` lowest values; an LA tied with the last one is included too."""
    if values.isna().any():
        raise ValueError("lowest_share: values must not be missing (drop LAs without HLE first)")
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
    ((k-1) n/5, k n/5]. HLE equal to the average counts as above.
    """
    require_columns(t, ["deprivation_rank", "hle"], "analysis table")
    out = t.copy()
    r = out["deprivation_rank"]
    if (r < 1).any() or (r > n_ranked).any():
        raise ValueError(f"deprivation_rank must lie in 1..{n_ranked}")
    out["half"] = np.where(r <= n_ranked / 2, "more deprived half", "less deprived half")
    out["fifth"] = np.ceil(r / (n_ranked / 5)).astype(int)
    out["hle_side"] = np.where(out["hle"] < average, "below-average HLE", "above-average HLE")
    out["quadrant"] = out["half"] + ", " + out["hle_side"]
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
    table: pd.DataFrame            # one row per LA in the analysis
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


def load_inputs() -> dict:
    """Every table the analysis needs, from the loaders (the only function here that reads data)."""
    priority, rec = geography.luf_priority_lad19()
    return {"hle": loaders.hle_2009_13(), "lsoa_lookup": loaders.lookup_lsoa11_ward17(),
            "lad_lookup": loaders.lookup_lad17_lad19(), "imd": loaders.imd_lad(), "priority": priority,
            "priority_reconciliation": rec}


def run(inputs: dict, *, sex: str = "male", cutoff: float = 0.3, measure: str = "rank_of_average_score",
        average: str = "england", estimator: str = "mean", merged: str = "combine",
        include_implausible: bool = False) -> Result:
    """The whole analysis for one set of parameters."""
    check_choice("sex", sex, SEXES)
    check_cutoff(cutoff)
    check_choice("measure", measure, tuple(MEASURES))
    check_choice("average", average, AVERAGES)
    check_choice("estimator", estimator, ESTIMATORS)
    check_choice("merged", merged, MERGED)
    hle, imd = inputs["hle"], inputs["imd"]
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
    by_est = pd.DataFrame(rows)
    # official values vs the LADs of 2019, reconciled
    lad19 = imd[["lad19_code", "lad19_name"]]
    _, rec_official = geography.reconcile(
        hle[(hle["level"] == "utla") & (hle["sex"] == sex)].assign(
            code=lambda d: d["code"].replace(geography.HLE_UTLA_CODE_CHANGES)),
        lad19, "code", "lad19_code", name="HLE 2009-13 upper-tier sheet -> LADs of 2019",
        left_label="HLE UTLA sheet", right_label="IoD 2019 File 10", left_name="name", right_name="lad19_name",
        reasons=geography.hle_2009_13_reasons())
    values, excluded = lower_tier_hle(official, msoa, lad19, estimator, merged)
    table, recs, lost = analysis_table(values, inputs["priority"], imd, measure, excluded)
    eng = england_value(hle, sex)
    avg = hle_average(table["hle"], average, eng)
    n_ranked = len(imd)
    table = classify(table, n_ranked, avg)
    table["lowest"] = lowest_share(table["hle"], cutoff)
    k = n_lowest(len(table), cutoff)
    threshold = float(table.loc[table["lowest"], "hle"].max())
    return Result(params=dict(sex=sex, cutoff=cutoff, measure=measure, average=average, estimator=estimator,
                              merged=merged, include_implausible=include_implausible),
                  table=table.sort_values("hle").reset_index(drop=True), values=values, lost=lost,
                  reconciliations=[inputs.get("priority_reconciliation"), rec_prefix, rec_official, *recs],
                  validation=val, validation_by_estimator=by_est, england=eng, average=avg, threshold=threshold,
                  k=k, n_ranked=n_ranked, counts=lowest_counts(table), quadrants=quadrant_counts(table))


# --------------------------------------------------------------------------------------------
# claims


def claim_rows(res: Result, luf: pd.DataFrame, analysis: str = "hle") -> list[dict]:
    """The ledger rows for the published figures this analysis tests (see ``analysis.claims``)."""
    from analysis.ledger.claims import claim

    src = "Health Foundation (2021), levelling up and health briefing"
    p = res.params
    setting = (f"sex={p['sex']}, cutoff={p['cutoff']:g}, measure={p['measure']}, average={p['average']}, "
               f"estimator={p['estimator']}, merged={p['merged']}; {res.counts['n']} LAs (LAD 2019)")
    if (p["sex"], float(p["cutoff"])) != ("male", 0.3):
        setting = f"NOT the published setting (male, lowest 30%): {setting}"
    c = res.counts
    page = "notebooks/01_hle_priority"
    rows = [
        claim("hle_fig2_n_lowest", analysis, "Figure 2: LAs whose male HLE 2009-13 is in the lowest 30% for England",
              93, c["n_lowest"], "count", source=src, page=page,
              note=f"{setting}; lowest share = {res.k} of {c['n']} (cutoff x N rounded half up)"),
        claim("hle_fig2_lowest_in_g1", analysis, "Figure 2: of those, LAs in priority group 1", 58, c["lowest_g1"],
              "count", source=src, page=page, note=setting),
        claim("hle_fig2_lowest_not_g1", analysis, "Figure 2: of those, LAs not in priority group 1 (groups 2 and 3)",
              35, c["lowest_not_g1"], "count", source=src, page=page,
              note=f"{setting}; group 2: {c['lowest_g2']}, group 3: {c['lowest_g3']}"),
        claim("hle_fig2_audit_sum", analysis, "Figure 2 text: 58 in group 1 plus 35 not in group 1 make the 93",
              93, 58 + 35, "audit", source=src, page=page, note="the source's own parts: 58 + 35"),
    ]
    eng = luf[luf["country"] == "England"]
    share = 100 * float((eng["priority_category"] == 1).mean())
    rows.append(claim("hle_luf_g1_share", analysis,
                      "The 30% of LAs with the highest index score were put in priority group 1 (England, % of LAs)",
                      30, round(share, 1), "share", source=src, page=page,
                      note=f"{int((eng['priority_category'] == 1).sum())} of {len(eng)} English LAs on the Fund's list; "
                           f"Great Britain: {100 * float((luf['priority_category'] == 1).mean()):.1f}%"))
    q = res.quadrants
    for grp, quad in ARGUMENT:
        n = int(q.loc[grp, quad])
        others = "; ".join(f"group {g}: {int(q.loc[g, quad])}" for g in (1, 2, 3))
        rows.append(claim(
            f"hle_fig1_g{grp}_{'deprived_below' if grp == 3 else 'less_deprived_above'}", analysis,
            f"Figure 1: priority group {grp} includes LTLAs in the {quad} (1 = yes, at least one such LTLA)",
            1, int(n > 0), "count", source=src, page=page,
            note=f"{setting}; LTLAs in this quadrant by group: {others}"))
    return rows


# --------------------------------------------------------------------------------------------
# figures


def _labels_for(res: Result) -> pd.DataFrame:
    """The LAs the source's argument turns on: group 3 in the more deprived half with below-average HLE,
    and group 1 in the less deprived half with above-average HLE."""
    t = res.table
    mask = np.zeros(len(t), dtype=bool)
    for grp, quad in ARGUMENT:
        mask |= ((t["priority_category"] == grp) & (t["quadrant"] == quad)).to_numpy()
    return t[mask]


def _spread(y: np.ndarray, gap: float) -> np.ndarray:
    """Nudge sorted label positions apart so that neighbours are at least ``gap`` apart."""
    order = np.argsort(y)
    out = y.astype(float).copy()
    for i in range(1, len(order)):
        a, b = order[i - 1], order[i]
        if out[b] - out[a] < gap:
            out[b] = out[a] + gap
    return out


def figure1(res: Result, ax, label: bool = True):
    """Deprivation rank against HLE, coloured by priority group, halves, fifths and the average marked."""
    from analysis.figures import PRIORITY_COLOURS

    t = res.table
    n = res.n_ranked
    for k in range(1, 5):
        ax.axvline(k * n / 5, color="#999999", lw=0.8, ls=":", zorder=1)
    ax.axvline(n / 2, color="#333333", lw=1.2, ls="--", zorder=1)
    ax.axhline(res.average, color="#333333", lw=1.2, zorder=1)
    for grp in (1, 2, 3):
        d = t[t["priority_category"] == grp]
        ax.scatter(d["deprivation_rank"], d["hle"], s=18, color=PRIORITY_COLOURS[grp], alpha=0.85,
                   edgecolor="white", linewidth=0.3, label=f"priority group {grp} ({len(d)})", zorder=3)
    lab = _labels_for(res)
    if label and len(lab):
        # numbered rings on the LAs the argument turns on; the key sits in the (nearly empty) quadrant of
        # less deprived LAs with below-average HLE
        import matplotlib.patheffects as pe

        i = 0
        for j, (grp, quad) in enumerate(ARGUMENT):
            d = lab[lab["priority_category"] == grp].sort_values("hle")
            if d.empty:
                continue
            ax.scatter(d["deprivation_rank"], d["hle"], s=34, facecolor="none", edgecolor="black", lw=0.9, zorder=5)
            half, side = quad.split(", ")
            key = [f"Group {grp} in the {half},", f"{side}:"]
            for _, r in d.iterrows():
                i += 1
                ax.annotate(str(i), (r["deprivation_rank"], r["hle"]), xytext=(3, 3), textcoords="offset points",
                            fontsize=7, fontweight="bold", zorder=6,
                            path_effects=[pe.withStroke(linewidth=2, foreground="white")])
                key.append(f"{i:>2}  {r['lad19_name']}")
            ax.text(0.535 + 0.235 * j, 0.02, "\n".join(key), transform=ax.transAxes, ha="left", va="bottom",
                    fontsize=6.5, linespacing=1.25, zorder=6,
                    bbox=dict(facecolor="white", edgecolor="#cccccc", alpha=0.9, boxstyle="round,pad=0.3"))
    ax.set_xlim(0, n + 1)
    ax.set_xlabel(f"{MEASURE_LABELS[res.params['measure']]} (1 = most deprived of {n} LAs)")
    ax.set_ylabel(f"{res.params['sex'].capitalize()} healthy life expectancy at birth, 2009-13 (years)")
    lo, hi = ax.get_ylim()
    ax.text(n * 0.25, hi, "more deprived half", ha="center", va="top", fontsize=8, color="#333333")
    ax.text(n * 0.75, hi, "less deprived half", ha="center", va="top", fontsize=8, color="#333333")
    avg_name = {"england": "England", "mean": "LA mean", "median": "LA median"}[res.params["average"]]
    ax.text(n + 1, res.average, f" {avg_name}\n {res.average:.1f}", ha="left", va="center",
            fontsize=7, color="#333333", clip_on=False)
    ax.legend(loc="upper left", fontsize=8, bbox_to_anchor=(0.0, 0.95))
    return ax


def figure2(res: Result, ax, seed: int = 2021):
    """HLE by priority group, one point per LA, the lowest share marked (filled) below a line."""
    from analysis.figures import PRIORITY_COLOURS

    t = res.table
    rng = np.random.default_rng(seed)
    for grp in (1, 2, 3):
        d = t[t["priority_category"] == grp]
        x = grp + rng.uniform(-0.25, 0.25, len(d))
        low = d["lowest"].to_numpy()
        ax.scatter(x[low], d["hle"][low], s=20, color=PRIORITY_COLOURS[grp], edgecolor="black", linewidth=0.4,
                   zorder=3)
        ax.scatter(x[~low], d["hle"][~low], s=20, facecolor="none", edgecolor=PRIORITY_COLOURS[grp], linewidth=0.9,
                   zorder=3)
        ax.text(grp, 1.0, f"{int(low.sum())} of {len(d)} in the lowest {res.params['cutoff']:.0%}",
                transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=8)
    nxt = t.loc[~t["lowest"], "hle"].min()
    line = (res.threshold + nxt) / 2
    ax.axhline(line, color="#333333", lw=1, ls="--", zorder=2)
    ax.text(3.42, line - 0.25, f"below: the lowest\n{res.params['cutoff']:.0%} ({res.k} LAs)", ha="left", va="top",
            fontsize=8)
    ax.set_xticks([1, 2, 3], ["priority group 1\n(greatest need)", "priority group 2", "priority group 3"])
    ax.set_xlim(0.5, 3.9)
    ax.set_ylim(min(55, t["hle"].min() - 0.5), max(73, t["hle"].max() + 0.5))
    ax.set_ylabel(f"{res.params['sex'].capitalize()} healthy life expectancy at birth, 2009-13 (years)")
    ax.grid(axis="x", visible=False)
    return ax


def map_frame(res: Result, boundaries) -> object:
    """English LAD 2019 polygons with HLE, priority group and the mismatch flags (a GeoDataFrame)."""
    g = boundaries[boundaries["lad19_code"].str.startswith("E")]
    cols = ["lad19_code", "hle", "priority_category", "lowest"]
    g = g.merge(res.table[cols], on="lad19_code", how="left")
    g["low_not_g1"] = g["lowest"].fillna(False).astype(bool) & (g["priority_category"] != 1)
    return g


def figure_map(res: Result, boundaries, axes):
    """Two maps side by side: HLE and priority group; LAs in the lowest share but not group 1 outlined."""
    from analysis.figures import BNG, PRIORITY_COLOURS, choropleth

    g = map_frame(res, boundaries)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)  # geopandas: empty frames on some layers
        choropleth(axes[0], g, "hle", cmap="viridis",
                   legend_title=f"{res.params['sex']} HLE 2009-13 (years)", missing_label="no value")
        g2 = g.assign(group=g["priority_category"].map(lambda c: f"group {int(c)}" if pd.notna(c) else None))
        choropleth(axes[1], g2, "group", categorical=True,
                   colours={f"group {k}": v for k, v in PRIORITY_COLOURS.items()}, legend_title="priority group")
        for ax in axes:
            g[g["low_not_g1"]].to_crs(BNG).boundary.plot(ax=ax, color="black", linewidth=0.9)
    axes[0].set_title(f"{res.params['sex'].capitalize()} HLE, 2009-13", fontsize=10)
    axes[1].set_title("Levelling Up Fund priority group", fontsize=10)
    return axes


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


def sensitivity(inputs: dict, base: dict, variations: list[dict]) -> pd.DataFrame:
    """The Figure 2 and Figure 1 counts under the base parameters and each variation of them."""
    rows = []
    for var in [{}] + list(variations):
        p = {**base, **var}
        r = run(inputs, **p)
        q = r.quadrants
        rows.append({"change": ", ".join(f"{k}={v}" for k, v in var.items()) or "(this run)",
                     "LAs": r.counts["n"], "lowest share (LAs)": r.counts["n_lowest"],
                     "of which group 1": r.counts["lowest_g1"], "not group 1": r.counts["lowest_not_g1"],
                     "group 3, more deprived, below avg": int(q.loc[3, QUADRANTS[0]]),
                     "group 1, less deprived, above avg": int(q.loc[1, QUADRANTS[3]])})
    return pd.DataFrame(rows)


def figure_validation(v: pd.DataFrame, ax, n_label: int = 3):
    """Estimated against official HLE for the single-tier LAs, with the identity line; worst cases named."""
    ax.scatter(v["hle_official"], v["hle_estimate"], s=16, color="#0072B2", alpha=0.8, zorder=3)
    lo = min(v["hle_official"].min(), v["hle_estimate"].min()) - 0.5
    hi = max(v["hle_official"].max(), v["hle_estimate"].max()) + 0.5
    ax.plot([lo, hi], [lo, hi], color="#333333", lw=1, zorder=2, label="estimate = official")
    for _, r in v.reindex(v["error"].abs().sort_values(ascending=False).index).head(n_label).iterrows():
        up = r["error"] > 0  # above the line: label up-left; below: down-right
        ax.annotate(f"{r['name']} ({r['error']:+.2f})", (r["hle_official"], r["hle_estimate"]),
                    xytext=(-6, 6) if up else (6, -6), ha="right" if up else "left", va="bottom" if up else "top",
                    textcoords="offset points", fontsize=8)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_xlabel("official HLE, ONS upper-tier sheet (years)")
    ax.set_ylabel("estimated from the LA's MSOAs (years)")
    ax.legend(loc="upper left", fontsize=8)
    return ax


# --------------------------------------------------------------------------------------------
# interactive figures (issue 7): one row per LA with the values a reader hovers over


def hover_frame(res: Result) -> pd.DataFrame:
    """The analysis table with display columns for the interactive figures' tooltips."""
    t = res.table.copy()
    t["group"] = t["priority_category"].map(lambda c: f"group {int(c)}")
    t["lowest_label"] = t["lowest"].map({True: "yes", False: "no"})
    t["source_label"] = t["hle_source"].map(lambda s: "official (ONS)" if s == "official" else "estimated from MSOAs")
    return t


def hover_map_frame(res: Result, boundaries) -> object:
    """:func:`map_frame` with the tooltip columns of :func:`hover_frame`."""
    g = map_frame(res, boundaries)
    h = hover_frame(res)[["lad19_code", "group", "lowest_label", "source_label", "deprivation_rank"]]
    g = g.merge(h, on="lad19_code", how="left")
    g["mismatch"] = g["low_not_g1"].map({True: "yes", False: "no"})
    pct = f"{res.params['cutoff']:.0%}"
    g["where"] = np.select([g["low_not_g1"], g["lowest"].fillna(False).astype(bool)],
                           [f"lowest {pct} of HLE, not group 1", f"lowest {pct} of HLE, group 1"],
                           f"not in the lowest {pct}")
    g.loc[g["hle"].isna(), "where"] = None
    return g


def where_colours(res: Result) -> dict:
    """Colours of :func:`hover_map_frame`'s ``where`` categories: the mismatch stands out."""
    pct = f"{res.params['cutoff']:.0%}"
    return {f"lowest {pct} of HLE, not group 1": "#D55E00", f"lowest {pct} of HLE, group 1": "#0072B2",
            f"not in the lowest {pct}": "#C8C8C8"}
