"""The Leave vote against deprivation and community need: the LA tables, the coefficients, every
specification of them, the regression and Figure 1's inner-city remark.

:func:`load` reads every table once (the referendum, the IoD 2019 File 10, the CNI and ward IMD
wards, the lookups) and builds the LA table of each vintage; :func:`run` computes
the page for one set of checked parameters. Every other function is pure: tables in, tables or
numbers out, and each join returns the reconciliation of what did not match.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from itertools import product

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from analysis.data import geography, imd, loaders
from analysis.data.geography import INNER_CITY_DEFINITIONS
from analysis.data import left_behind
from analysis.data.loaders import require_columns
from analysis.errors import check_choice
from analysis.params import Params
from analysis.studies.leave import (CNI_AGGREGATIONS, LA_VINTAGES, LEAVE_SHARES_OF, LEAVE_SHORT, MEASURE_SHORT,
                                    METHOD_LABELS, VINTAGE_SHORT)

METHODS = ("pearson", "spearman")
LONDON = ("included", "excluded")
#: the published coefficients (Lloyd 2022, Figures 2 and 3, from OCSI for Local Trust)
PUBLISHED_R = {"IMD": 0.18, "CNI": 0.66}
#: the wards "high on both" indices in the test of Figure 1's remark: Local Trust's rule as published
WARD_UNIVERSE, WARD_WORST_SHARE = "own", 0.1


# --------------------------------------------------------------------------------------------
# load and run


@dataclass(frozen=True)
class Sources:
    """The raw tables the LA tables are built from."""

    lookup: pd.DataFrame           # LAD 2017 -> LAD 2019
    referendum: pd.DataFrame       # the 382 counting areas
    imd_la: pd.DataFrame           # IoD 2019 File 10 (317 LADs of 2019)
    cni: pd.DataFrame              # CNI wards
    lsoa_ward: pd.DataFrame        # LSOA 2011 -> ward 2017


def read_sources() -> Sources:
    """The raw tables of the LA analysis (read through the loaders)."""
    return Sources(loaders.lookup_lad17_lad19(), loaders.referendum(), loaders.imd_lad(), loaders.cni(),
                   loaders.lookup_lsoa11_ward17())


@dataclass(frozen=True)
class Inputs:
    la: dict[str, tuple[pd.DataFrame, dict[str, geography.Reconciliation]]]  # by vintage: table, joins
    merged: pd.DataFrame                   # the 2019 LADs made of more than one 2016 counting area
    wards: pd.DataFrame                    # CNI wards joined to the ward IMD (not yet ranked)
    ward_rec: geography.Reconciliation     # that join
    boundaries: object                     # LAD December 2019 boundaries (a GeoDataFrame), for the map


def load() -> Inputs:
    """Every table the study reads, read once; the LA table of each vintage built from them."""
    src = read_sources()
    wards, ward_rec = geography.ward_indices(loaders.cni(), loaders.imd_ward(), loaders.lookup_ward17_lad17(),
                                             loaders.lookup_lsoa11_ward17())
    return Inputs(la={v: la_data(v, src) for v in LA_VINTAGES}, merged=merged_areas(src), wards=wards,
                  ward_rec=ward_rec, boundaries=loaders.boundaries())


@dataclass(frozen=True)
class Result:
    params: Params
    la: pd.DataFrame                       # this run's LA table (every measure)
    recs: dict[str, geography.Reconciliation]  # its joins to the CNI and to File 10
    frames: dict[str, pd.DataFrame]        # the LA table of each vintage
    d: pd.DataFrame                        # this run's specification: code, name, region, london, leave, imd, cni
    merged: pd.DataFrame
    wards: pd.DataFrame                    # wards with Local Trust's rule applied (worst 10% on both)
    ward_rec: geography.Reconciliation
    inner_city: pd.DataFrame               # Figure 1's remark under every definition of inner city
    texts: dict[str, str]                  # the words of this specification
    spec: pd.DataFrame                     # every specification of the two coefficients
    regression: pd.DataFrame               # Leave on the standardised IMD and CNI, alone and together
    boundaries: object                     # LAD December 2019 boundaries, for the map


def run(inputs: Inputs, params: Params) -> Result:
    """The whole page for one set of checked parameters."""
    la, recs = inputs.la[params.la_vintage]
    d = select(la, params.imd_measure, params.cni_aggregation, params.leave_share_of, params.include_london)
    wards = left_behind.derive_left_behind(inputs.wards, WARD_UNIVERSE, WARD_WORST_SHARE)
    frames = {v: t for v, (t, _) in inputs.la.items()}
    return Result(params=params, la=la, recs=recs, frames=frames, d=d, merged=inputs.merged, wards=wards,
                  ward_rec=inputs.ward_rec, inner_city=inner_city_table(wards), texts=texts(params),
                  spec=specification_table(frames, params.confidence),
                  regression=regression(d, "leave", ("imd", "cni"), cov_type="HC3"), boundaries=inputs.boundaries)


# --------------------------------------------------------------------------------------------
# building blocks


def leave_share(ref: pd.DataFrame, share_of: str = "valid_votes") -> pd.Series:
    """Leave share in %: of valid votes (the declared result) or of the electorate."""
    require_columns(ref, ["leave", share_of], "leave_share")
    if (ref[share_of] <= 0).any():
        raise ValueError(f"leave_share: column {share_of!r} must be positive")
    return 100 * ref["leave"] / ref[share_of]


def ward_lsoa_counts(lookup: pd.DataFrame) -> pd.Series:
    """Number of 2011 LSOAs best-fitted to each 2017 ward (a rough population weight: ~1,500 people each)."""
    require_columns(lookup, ["lsoa11_code", "ward17_code"], "ward_lsoa_counts")
    return lookup.groupby("ward17_code")["lsoa11_code"].size().rename("n_lsoas")


def aggregate_cni(wards: pd.DataFrame, by: str, how: str, worst_share: float = 0.1) -> pd.Series:
    """LA-level CNI from ward scores.

    ``mean`` / ``median``: of the wards' CNI scores; ``lsoa_weighted_mean``: weighted by the ward's
    LSOA count (column ``n_lsoas``; wards with no LSOA get weight 0); ``share_worst_decile``: % of the
    LA's wards in the national worst ``worst_share`` of CNI scores (ranked over every ward passed in).
    """
    require_columns(wards, [by, "cni_score"], "aggregate_cni")
    g = wards.groupby(by)
    if how == "mean":
        out = g["cni_score"].mean()
    elif how == "median":
        out = g["cni_score"].median()
    elif how == "lsoa_weighted_mean":
        require_columns(wards, ["n_lsoas"], "aggregate_cni (lsoa_weighted_mean)")
        w = wards["n_lsoas"].fillna(0)
        if (w < 0).any():
            raise ValueError("aggregate_cni: n_lsoas must be non-negative")
        num = (wards["cni_score"] * w).groupby(wards[by]).sum()
        den = w.groupby(wards[by]).sum()
        out = num / den.where(den > 0)
    elif how == "share_worst_decile":
        flag = left_behind.worst_share(wards["cni_score"], worst_share)
        out = 100 * flag.groupby(wards[by]).mean()
    else:
        raise ValueError(f"aggregate_cni: unknown aggregation {how!r}; one of: {', '.join(CNI_AGGREGATIONS)}")
    return out.rename(f"cni_{how}")


# --------------------------------------------------------------------------------------------
# the LA table


def la_data(la_vintage: str, src: Sources) -> tuple[pd.DataFrame, dict[str, geography.Reconciliation]]:
    """One row per English referendum area on ``la_vintage`` with both Leave shares, every IMD measure
    and every CNI aggregation; plus the reconciliation of each join.

    ``lad19``: the 326 counting areas summed to the 317 LADs of 2019 (counts summed, shares
    recomputed), joined to IoD 2019 File 10 directly and to ward CNI through the LAD 2017 -> 2019
    lookup. ``lad17``: the 326 areas as counted; CNI wards join on their (LAD 2017) code; File 10
    exists only on LAD 2019, so the 14 areas merged in 2019 have no IMD of their own (no value is
    invented for them).
    """
    key, name = f"{la_vintage}_code", f"{la_vintage}_name"
    lookup = src.lookup
    ref = referendum(la_vintage, src)
    base = ref[[key, name, "region", "leave", "valid_votes", "electorate"]].copy()
    base["london"] = base["region"].eq("London")
    for share_of in LEAVE_SHARES_OF:
        base[f"leave_{share_of}"] = leave_share(ref, share_of)

    wards = src.cni.merge(ward_lsoa_counts(src.lsoa_ward), left_on="ward17_code", right_index=True, how="left")
    if la_vintage == "lad19":
        wards = geography.to_lad19(wards, lookup)
    cni_la = pd.concat([aggregate_cni(wards, key, h) for h in CNI_AGGREGATIONS], axis=1)
    cni_la["n_wards"] = wards.groupby(key).size()
    cni_la["n_wards_with_lsoa"] = wards.assign(w=wards["n_lsoas"].fillna(0) > 0).groupby(key)["w"].sum()
    cni_la = cni_la.reset_index()

    imd_la = src.imd_la.rename(columns={"lad19_code": key, "lad19_name": "imd_la_name"})
    imd_la = imd_la[[key, "imd_la_name", *imd.SCORE_COLUMN.values()]]
    reasons = {**geography.known_reasons(lookup, loaders.CNI_ABSENT_LAS), **geography.lad19_created_reasons(lookup)}
    t, rec_cni = geography.reconcile(base, cni_la, key, name=f"referendum areas ({la_vintage}) -> ward CNI",
                                     left_label="referendum", right_label="CNI (wards aggregated)",
                                     left_name=name, reasons=reasons, how="left")
    t, rec_imd = geography.reconcile(t, imd_la, key, name=f"referendum areas ({la_vintage}) -> IoD 2019 File 10",
                                     left_label="referendum", right_label="IoD 2019 File 10",
                                     left_name=name, right_name="imd_la_name", reasons=reasons, how="left")
    t = t.drop(columns="imd_la_name").rename(columns={key: "code", name: "name"})
    t["la_vintage"] = la_vintage
    return t.reset_index(drop=True), {"cni": rec_cni, "imd": rec_imd}


def referendum(la_vintage: str, src: Sources) -> pd.DataFrame:
    """The English referendum areas on ``la_vintage`` (:func:`analysis.data.geography.referendum_england`)."""
    names = src.imd_la.set_index("lad19_code")["lad19_name"]
    return geography.referendum_england(src.referendum, src.lookup, names, la_vintage)


def merged_areas(src: Sources) -> pd.DataFrame:
    """The 2019 LADs made of more than one 2016 counting area, with their summed counts."""
    return referendum("lad19", src).query("n_areas > 1")


def select(la: pd.DataFrame, imd_measure: str = "average_score", cni_aggregation: str = "mean",
           leave_share_of: str = "valid_votes", include_london: bool = True) -> pd.DataFrame:
    """The columns of one specification as ``code, name, region, london, leave, imd, cni``."""
    cols = [f"leave_{leave_share_of}", imd.score_column(imd_measure), f"cni_{cni_aggregation}"]
    require_columns(la, ["code", "name", "region", "london", *cols], "select")
    out = la[["code", "name", "region", "london", *cols]].set_axis(
        ["code", "name", "region", "london", "leave", "imd", "cni"], axis=1)
    if not include_london:
        out = out[~out["london"]]
    return out.reset_index(drop=True)


def map_frame(boundaries, la19: pd.DataFrame, params: Params):
    """England's 2019 LAD boundaries with this specification's ``leave``, ``imd`` and ``cni`` (London kept:
    the map shows every area), by the 2019 boundaries whatever the run's vintage."""
    d = select(la19, params.imd_measure, params.cni_aggregation, params.leave_share_of, True)
    england = boundaries[boundaries["lad19_code"].str.startswith("E")]
    return england.merge(d, left_on="lad19_code", right_on="code", how="left", validate="one_to_one")


def texts(params: Params) -> dict[str, str]:
    """The words of one specification, for labels and the page's prose."""
    p = params
    return {"vintage_text": p.label("la_vintage"), "imd_text": p.label("imd_measure"),
            "cni_text": p.label("cni_aggregation"), "leave_text": p.label("leave_share_of"),
            "london_text": "included" if p.include_london else "excluded",
            "inner_city_text": p.label("inner_city"),
            "spec_text": f"{VINTAGE_SHORT[p.la_vintage]}; IMD {MEASURE_SHORT[p.imd_measure]}; CNI as the "
                         f"{MEASURE_SHORT[p.cni_aggregation]}; Leave as a share of {LEAVE_SHORT[p.leave_share_of]}; "
                         f"London {'included' if p.include_london else 'excluded'}"}


# --------------------------------------------------------------------------------------------
# statistics


def correlate(x: pd.Series, y: pd.Series, method: str = "pearson", confidence: float = 0.95) -> dict:
    """Correlation with a Fisher-z confidence interval, over the complete pairs.

    Pearson: SE of z = 1/sqrt(n-3). Spearman: Bonett & Wright (2000), SE = sqrt((1 + rho^2/2)/(n-3)).
    """
    check_choice("method", method, METHODS)
    d = pd.concat([pd.Series(x).reset_index(drop=True), pd.Series(y).reset_index(drop=True)], axis=1).dropna()
    n = len(d)
    if n < 5:
        raise ValueError(f"correlate: need at least 5 complete pairs, got {n}")
    a, b = d.iloc[:, 0].to_numpy(float), d.iloc[:, 1].to_numpy(float)
    if method == "pearson":
        r, p = stats.pearsonr(a, b)
        se = 1 / math.sqrt(n - 3)
    else:
        r, p = stats.spearmanr(a, b)
        se = math.sqrt((1 + r ** 2 / 2) / (n - 3))
    zc = stats.norm.ppf(0.5 + confidence / 2)
    z = math.atanh(max(min(r, 0.999999), -0.999999))
    return {"method": method, "r": float(r), "ci_low": math.tanh(z - zc * se), "ci_high": math.tanh(z + zc * se),
            "p": float(p), "n": n}


def fit_line(x: pd.Series, y: pd.Series) -> tuple[float, float]:
    """Least-squares slope and intercept of y on x (complete pairs)."""
    d = pd.concat([pd.Series(x).reset_index(drop=True), pd.Series(y).reset_index(drop=True)], axis=1).dropna()
    if len(d) < 3:
        raise ValueError("fit_line: need at least 3 complete pairs")
    slope, intercept = np.polyfit(d.iloc[:, 0].to_numpy(float), d.iloc[:, 1].to_numpy(float), 1)
    return float(slope), float(intercept)


def outliers(df: pd.DataFrame, x: str, y: str, n: int = 8) -> pd.DataFrame:
    """The ``n`` rows farthest from the least-squares line of ``y`` on ``x`` (largest |residual|)."""
    require_columns(df, [x, y], "outliers")
    d = df.dropna(subset=[x, y]).copy()
    slope, intercept = fit_line(d[x], d[y])
    d["residual"] = d[y] - (intercept + slope * d[x])
    order = d["residual"].abs().sort_values(ascending=False, kind="stable").index
    return d.loc[order[:n]]


def specification_table(frames: dict[str, pd.DataFrame], confidence: float = 0.95) -> pd.DataFrame:
    """Every reasonable specification of the two LA-level coefficients, all of them reported.

    ``frames`` maps an LA vintage to its :func:`la_data` table. Dimensions: index (IMD: the five
    File 10 measures of :data:`analysis.data.imd.IMD_MEASURES`; CNI: the four aggregations) x LA
    vintage x London included/excluded x Leave share of valid votes/electorate x Pearson/Spearman.
    Column ``variant`` holds the IMD measure or the CNI aggregation.
    """
    rows = []
    variants = [("IMD", m, imd.score_column(m)) for m in imd.IMD_MEASURES] + \
               [("CNI", a, f"cni_{a}") for a in CNI_AGGREGATIONS]
    for la_vintage, la in frames.items():
        for (index, variant, col), london, share_of, method in product(variants, LONDON, LEAVE_SHARES_OF, METHODS):
            d = la if london == "included" else la[~la["london"]]
            c = correlate(d[col], d[f"leave_{share_of}"], method, confidence)
            rows.append({"index": index, "variant": variant, "la_vintage": la_vintage, "london": london,
                         "leave_share_of": share_of, "method": method, "r": c["r"], "ci_low": c["ci_low"],
                         "ci_high": c["ci_high"], "n": c["n"], "published": PUBLISHED_R[index]})
    out = pd.DataFrame(rows)
    out["abs_diff"] = (out["r"] - out["published"]).abs()
    out["rounds_to_published"] = out["r"].round(2) == out["published"]
    out["ci_covers_published"] = (out["ci_low"] <= out["published"]) & (out["published"] <= out["ci_high"])
    return out


def specification_words(row: pd.Series) -> str:
    """One row of :func:`specification_table` in words ("IMD average score, 2016 counting areas, London
    excluded, Leave as a share of the electorate, Spearman")."""
    measure = f"IMD {MEASURE_SHORT[row['variant']]}" if row["index"] == "IMD" else \
        f"CNI as the {MEASURE_SHORT[row['variant']]}"
    return (f"{measure}, {VINTAGE_SHORT[row['la_vintage']]}, London "
            f"{row['london']}, Leave as a share of {LEAVE_SHORT[row['leave_share_of']]}, "
            f"{METHOD_LABELS[row['method']]}")


def nearest(spec: pd.DataFrame, index: str, k: int = 3) -> pd.DataFrame:
    """The ``k`` specifications whose r is nearest the published value for ``index``."""
    check_choice("index", index, tuple(PUBLISHED_R))
    return spec[spec["index"] == index].sort_values(["abs_diff", "variant"], kind="stable").head(k)


def nearest_table(spec: pd.DataFrame, k: int = 3) -> pd.DataFrame:
    """The ``k`` specifications nearest each published coefficient (IMD 0.18, CNI 0.66), one table."""
    cols = ["index", "variant", "la_vintage", "london", "leave_share_of", "method", "r", "ci_low", "ci_high",
            "published", "abs_diff"]
    return pd.concat([nearest(spec, index, k)[cols] for index in PUBLISHED_R]).reset_index(drop=True)


def regression(df: pd.DataFrame, y: str = "leave", xs: tuple[str, ...] = ("imd", "cni"),
               cov_type: str = "HC3") -> pd.DataFrame:
    """OLS of ``y`` on each predictor alone and on all together, predictors standardised (z-scores).

    Coefficients are percentage points of ``y`` per standard deviation of the predictor, with
    heteroskedasticity-robust (``cov_type``) standard errors. One row per model and term.
    """
    check_choice("cov_type", cov_type, ("HC0", "HC1", "HC2", "HC3"))
    require_columns(df, [y, *xs], "regression")
    d = df[[y, *xs]].dropna()
    if len(d) < len(xs) + 3:
        raise ValueError(f"regression: too few complete rows ({len(d)})")
    z = (d[list(xs)] - d[list(xs)].mean()) / d[list(xs)].std(ddof=1)
    models = [(x,) for x in xs] + [tuple(xs)]
    rows = []
    for terms in models:
        X = sm.add_constant(z[list(terms)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=FutureWarning)
            res = sm.OLS(d[y], X).fit(cov_type=cov_type)
        ci = res.conf_int()
        for t in terms:
            rows.append({"model": " + ".join(terms), "term": t, "coef": res.params[t], "se": res.bse[t],
                         "ci_low": ci.loc[t, 0], "ci_high": ci.loc[t, 1], "p": res.pvalues[t],
                         "r2": res.rsquared, "n": int(res.nobs)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Figure 1's remark: "few inner-city areas score highly on both"


def high_on_both_by_group(wards: pd.DataFrame, group: pd.Series, flag: str = "left_behind_derived") -> pd.DataFrame:
    """Wards, wards high on both indices and their share, inside and outside ``group`` (and all)."""
    require_columns(wards, [flag, "cni_score", "imd_score"], "high_on_both_by_group")
    d = wards[wards["cni_score"].notna() & wards["imd_score"].notna()]
    g = pd.Series(group, index=wards.index).loc[d.index].astype(bool)
    rows = []
    for label, mask in (("inner city", g), ("elsewhere", ~g), ("all wards", g | ~g)):
        n, k = int(mask.sum()), int(d.loc[mask, flag].sum())
        rows.append({"wards": label, "n": n, "high_on_both": k, "share": k / n if n else float("nan")})
    return pd.DataFrame(rows)


def inner_city_shares(wards: pd.DataFrame, definition: str) -> tuple[float, float]:
    """Shares of inner-city wards (under ``definition``) and of all wards that are high on both indices."""
    t = high_on_both_by_group(wards, geography.inner_city(wards["lad17_code"], definition)).set_index("wards")
    return float(t.loc["inner city", "share"]), float(t.loc["all wards", "share"])


def inner_city_table(wards: pd.DataFrame, flag: str = "left_behind_derived") -> pd.DataFrame:
    """Figure 1's remark ("few inner-city areas score highly on both") under every inner-city definition.

    One row per definition: inner-city wards, how many are high on both indices (``flag``), their share
    and the share among all wards (in %), and ``holds``: the inner-city share is below the all-ward share.
    """
    require_columns(wards, ["lad17_code"], "inner_city_table")
    rows = []
    for definition in INNER_CITY_DEFINITIONS:
        t = high_on_both_by_group(wards, geography.inner_city(wards["lad17_code"], definition), flag).set_index("wards")
        inner, every = t.loc["inner city"], t.loc["all wards"]
        rows.append({"inner_city": definition, "wards": int(inner["n"]), "high_on_both": int(inner["high_on_both"]),
                     "share_pct": 100 * inner["share"], "all_wards_n": int(every["n"]),
                     "all_wards_high_on_both": int(every["high_on_both"]), "all_wards_pct": 100 * every["share"],
                     "holds": bool(inner["share"] < every["share"])})
    return pd.DataFrame(rows).set_index("inner_city")
