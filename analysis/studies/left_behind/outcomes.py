"""Left-behind wards against other deprived wards: the statements of Kate Crowe's chapter (Local Trust)
that the left-behind page tests.

- residents of left-behind areas "experience worse outcomes ... than ... similarly deprived areas", and
  have "a lower skills base and educational attainment ... than other deprived areas": Local Trust's
  left-behind wards (the published flag) against the other wards of the same IMD decile, on each of the
  seven IMD 2019 domains (:func:`domain_gaps`). The domains measure deprivation, the nearest the ward data
  come to outcomes;
- "73% of 'left behind' areas have less dedicated community space than the national average": the CNI's
  civic-assets domain (the presence of community, civic, educational and cultural assets) stands in for
  dedicated community space (:func:`civic_assets_below_average`), a proxy.

Every function is pure; the rules are written with the claims (:mod:`analysis.studies.left_behind.claims`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from analysis.data.loaders import require_columns

#: the seven IMD 2019 domains of the ward file: column prefix -> the domain's name (higher score = more deprived)
DOMAINS = {"income": "Income", "employment": "Employment", "education": "Education, skills and training",
           "health": "Health deprivation and disability", "crime": "Crime",
           "housing_and_access": "Barriers to housing and services", "environment": "Living environment"}
#: "worse outcomes": worse on at least this many of the seven domains
MOST_DOMAINS = 4


def imd_decile(scores: pd.Series) -> pd.Series:
    """IMD decile of each ward among the wards with a score (1 = the most deprived tenth), from the score
    ranked highest first; ties share the lower rank. Missing scores stay missing."""
    s = pd.to_numeric(scores)
    rank = s.rank(ascending=False, method="min")
    return np.ceil(10 * rank / int(s.notna().sum())).astype("Int64")


def domain_gaps(wards: pd.DataFrame, flag: str = "left_behind") -> pd.DataFrame:
    """Each IMD domain: the flagged wards' mean score, the mean of the other wards of the same IMD deciles,
    and the difference adjusted for the decile, with its 95% interval.

    The adjusted difference is the flag's coefficient in a least-squares fit of the domain score on the flag
    and the IMD decile (one level per decile), over the deciles that hold a flagged ward; its interval uses
    heteroskedasticity-robust (HC3) standard errors. A positive difference means the flagged wards are more
    deprived on that domain than other wards equally deprived overall.
    """
    cols = [f"{d}_score" for d in DOMAINS]
    require_columns(wards, ["imd_score", flag, *cols], "domain_gaps")
    w = wards[wards["imd_score"].notna()].copy()
    w["decile"] = imd_decile(w["imd_score"]).astype(int)
    w["flagged"] = w[flag].astype("boolean").fillna(False).astype(int)
    w = w[w["decile"].isin(set(w.loc[w["flagged"] == 1, "decile"]))]
    rows = []
    for d, name in DOMAINS.items():
        fit = smf.ols(f"{d}_score ~ flagged + C(decile)", data=w).fit(cov_type="HC3")
        lo, hi = fit.conf_int().loc["flagged"]
        rows.append({"domain": name, "flagged mean": w.loc[w["flagged"] == 1, f"{d}_score"].mean(),
                     "others mean": w.loc[w["flagged"] == 0, f"{d}_score"].mean(),
                     "difference": float(fit.params["flagged"]), "ci_low": float(lo), "ci_high": float(hi)})
    out = pd.DataFrame(rows)
    out["worse"] = out["ci_low"] > 0
    out.attrs = {"n_flagged": int(w["flagged"].sum()), "n_others": int((w["flagged"] == 0).sum()),
                 "deciles": sorted(int(x) for x in w["decile"].unique())}
    return out


def civic_assets_below_average(wards: pd.DataFrame, flag: str = "left_behind") -> dict:
    """Per cent of the flagged wards whose CNI civic-assets score shows more need than the average ward of
    England (the mean over every CNI ward; higher score = fewer assets), and against the median too."""
    require_columns(wards, ["civic_assets_score", flag], "civic_assets_below_average")
    w = wards[wards["civic_assets_score"].notna()]
    flagged = w[w[flag].astype("boolean").fillna(False).astype(bool)]
    mean, median = float(w["civic_assets_score"].mean()), float(w["civic_assets_score"].median())
    n = len(flagged)
    return {"n": n, "mean": mean, "median": median,
            "pct_worse_than_mean": 100 * float((flagged["civic_assets_score"] > mean).mean()) if n else math.nan,
            "pct_worse_than_median": 100 * float((flagged["civic_assets_score"] > median).mean()) if n else math.nan}
