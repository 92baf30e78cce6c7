"""The Fund's priority categories against deprivation, and healthy life expectancy against income: the
statements around the HLE page's figures that compare the Fund, deprivation and health.

- the Health Foundation: the Fund's categorisation "bears little relation to markers of socioeconomic
  deprivation" (:func:`category_against_deprivation`), and HLE is "closely correlated with income and
  wealth" (:func:`hle_against_income`, upper-tier LAs);
- Andrew Laird: councils "with affluent areas but also pockets of deprivation" were "averaged out" of
  the Fund's top category (:func:`pockets_of_deprivation`).

The thresholds each rule uses are here, fixed before any run; the rules themselves are written in the
claims (:mod:`analysis.studies.hle.claims`). Every function is pure.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy import stats

from analysis.data import geography, imd
from analysis.data.geography import Reconciliation
from analysis.data.loaders import require_columns

#: "little relation": a Spearman correlation weaker than this in absolute value
LITTLE_RELATION = 0.3
#: "closely correlated": a Spearman correlation at least this strong in absolute value
CLOSE_CORRELATION = 0.7
#: "high" deprivation for the pockets test: the most deprived 30% of England's 317 LAs, the share of
#: the Fund's list in its top category
TOP_SHARE = 0.3
#: the two File 10 summaries that pick out pockets of deprivation (the share of residents in the most
#: deprived areas, and the deprivation of an LA's most deprived areas)
POCKET_MEASURES = ("extent", "local_concentration")


def spearman(x: pd.Series, y: pd.Series) -> dict:
    """Spearman's rank correlation of two aligned series (rows missing either are dropped): rho, n, p."""
    d = pd.DataFrame({"x": x, "y": y}).dropna()
    if len(d) < 3:
        raise ValueError(f"spearman: need at least 3 pairs; got {len(d)}")
    r = stats.spearmanr(d["x"], d["y"])
    return {"rho": float(r.statistic), "n": int(len(d)), "p": float(r.pvalue)}


def listed_ranked(priority: pd.DataFrame, imd_table: pd.DataFrame) -> pd.DataFrame:
    """The Fund's English LAs that IoD 2019 File 10 ranks, with every File 10 measure.

    ``priority`` is :func:`analysis.data.geography.luf_priority_lad19`'s table: the 313 listed LAs of
    the same name in File 10 (``via == 'name'``) are kept; the 2020 Buckinghamshire unitary is not ranked
    by File 10 (it ranks the four 2019 districts), so it is left out here (the join's report says so).
    """
    require_columns(priority, ["lad19_code", "lad19_name", "priority_category", "via"], "priority table")
    p = priority[priority["via"] == "name"][["lad19_code", "lad19_name", "priority_category"]]
    return p.merge(imd_table.drop(columns="lad19_name"), on="lad19_code", how="inner", validate="one_to_one")


def category_against_deprivation(t: pd.DataFrame, imd_measure: str) -> dict:
    """Spearman's rho of the priority category (1 = greatest need) against the File 10 rank of
    ``imd_measure`` (1 = most deprived), and against each of the five File 10 summaries (``by_measure``).
    A positive rho means the more deprived LAs tend to have the higher-priority category."""
    require_columns(t, ["priority_category"], "listed LAs")
    out = spearman(t["priority_category"], t[imd.rank_column(imd_measure)])
    out["by_measure"] = {m: spearman(t["priority_category"], t[imd.rank_column(m)])["rho"] for m in imd.IMD_MEASURES}
    out["holds"] = abs(out["rho"]) < LITTLE_RELATION
    return out


def utla_income(official: pd.DataFrame, imd_utla: pd.DataFrame) -> tuple[pd.DataFrame, Reconciliation]:
    """The upper-tier LAs with an official HLE 2009-13 (``official``: ``code, name, hle_official`` on
    2013 codes) joined by code to IoD 2019 File 11's income domain (2019 upper-tier LAs), with the
    join's report: the April 2019 mergers leave Dorset's county, Bournemouth and Poole without a 2019
    counterpart, and the two new unitaries without a 2009-13 value."""
    require_columns(official, ["code", "name", "hle_official"], "official HLE values")
    require_columns(imd_utla, ["utla19_code", "utla19_name", "income_avg_score"], "IoD 2019 File 11")
    reasons = {"E10000009": "Dorset county: abolished in April 2019 (its districts became Dorset and, with "
                            "Christchurch, Bournemouth, Christchurch and Poole)"}
    for code, (name, parts) in geography.MERGED_2019.items():
        if code.startswith("E06"):
            reasons[code] = f"{name}: created in April 2019, no 2009-13 value"
        for part in parts:
            if part.startswith("E06"):
                reasons[part] = f"single-tier LA merged into {name} ({code}) in April 2019"
    return geography.reconcile(official, imd_utla[["utla19_code", "utla19_name", "income_avg_score"]], "code",
                               "utla19_code", name="Upper-tier HLE 2009-13 -> IoD 2019 File 11 (income domain)",
                               left_label="HLE 2009-13 upper-tier LAs", right_label="IoD 2019 File 11",
                               left_name="name", right_name="utla19_name", reasons=reasons)


def hle_against_income(t: pd.DataFrame) -> dict:
    """Spearman's rho of HLE against the income domain's average score (higher = more income deprived):
    a strong negative rho means the more income-deprived areas have the lower HLE."""
    require_columns(t, ["hle_official", "income_avg_score"], "upper-tier table")
    out = spearman(t["hle_official"], t["income_avg_score"])
    out["holds"] = abs(out["rho"]) >= CLOSE_CORRELATION
    return out


def pockets_of_deprivation(t: pd.DataFrame, n_las: int, share: float = TOP_SHARE) -> dict:
    """The listed LAs high on a pockets measure (extent or local concentration) but not on the average
    score, and their priority categories.

    "High" is a File 10 rank within the most deprived ``share`` of the ``n_las`` LAs File 10 ranks
    (rank <= floor(share x n_las)). Returns the LAs (``table``), how many are outside priority
    category 1, the share, and for comparison the category-1 share of the LAs high on the average score.
    """
    cols = {m: imd.rank_column(m) for m in ("average_score", *POCKET_MEASURES)}
    require_columns(t, ["lad19_name", "priority_category", *cols.values()], "listed LAs")
    top = math.floor(share * n_las)
    pockets = pd.concat([t[cols[m]] <= top for m in POCKET_MEASURES], axis=1).any(axis=1)
    on_average = t[cols["average_score"]] <= top
    out = t[pockets & ~on_average].sort_values(cols["average_score"])
    n_out = int((out["priority_category"] != 1).sum())
    return {"table": out[["lad19_code", "lad19_name", "priority_category", *cols.values()]].reset_index(drop=True),
            "top": top, "n": len(out), "n_not_category_1": n_out,
            "share_not_category_1": 100 * n_out / len(out) if len(out) else math.nan,
            "holds": bool(len(out)) and 2 * n_out > len(out),
            "n_high_average": int(on_average.sum()),
            "category_1_share_high_average": float(100 * (t.loc[on_average, "priority_category"] == 1).mean())}
