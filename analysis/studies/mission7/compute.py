"""Mission 7's gaps with their intervals, the Health Foundation's two statements, and England against
the 2035 aim.

:func:`load` reads ONS's series, IMD 2019 for the upper tier (the deprivation ranking of the slope
index) and the older single-tier extract (a comparison only); :func:`run` measures the three gaps of
:mod:`analysis.stats.gaps` for one set of checked parameters, their changes, and England against the
aim; every other function is pure (tables in, tables out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data import geography, loaders
from analysis.data.geography import Reconciliation
from analysis.errors import ParameterError
from analysis.params import Params
from analysis.stats import gaps as gapstats
from analysis.studies.mission7 import BRIEFING, FIRST, GAPS, SEXES, UPPER_TIER, WHITE_PAPER

ENGLAND = "E92000001"
PEOPLE = {"male": "men", "female": "women"}
GAP_LABEL = {"slope": "slope index of inequality against deprivation",
             "tenths": "top minus bottom tenth of areas (means)", "range": "highest minus lowest area"}
AIM_RISE = 5.0             # years of HLE to be gained ...
AIM_YEAR = 2035            # ... by this year
LEVEL = 0.95               # the published intervals are 95% normal intervals

SOURCE_LINE = ("ONS, Health state life expectancies, UK (Explore local statistics, source date 19 Feb 2026; "
               "official statistics in development)")
IMD_SOURCE = "MHCLG, English Indices of Deprivation 2019, upper-tier summaries (rank of average score)"
#: areas of IoD 2019 that ONS's series does not publish
NOT_IN_SERIES = {"E06000053": "Isles of Scilly: ONS publishes no HLE for it (too few residents)",
                 "E09000001": "City of London: ONS publishes no HLE for it (too few residents)"}


# --------------------------------------------------------------------------------------------
# load and run


@dataclass(frozen=True)
class Inputs:
    series: pd.DataFrame           # ONS's series: England and its 151 upper-tier areas, with intervals
    single: pd.DataFrame           # the older single-tier extract (130 areas, no intervals): a comparison only
    meta: dict                     # ONS's metadata for the series (its caveats, source date)
    imd: pd.DataFrame              # IoD 2019 File 11: the 151 upper-tier areas of 2019


def upper_tier(df: pd.DataFrame) -> pd.DataFrame:
    """England and its upper-tier areas (E06/E08/E09/E10 codes) from ONS's series.

    ONS files single-tier areas under "Local Authority District" and counties under "County or
    Unitary Authority", so the codes, not the ``geography`` column, pick the upper tier.
    """
    need = ["area_code", "area_name", "geography", "period", "sex", "hle", "lci", "uci"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"HLE table: missing column(s) {missing}; expected {need} (as from loaders.hle_utla_series())")
    keep = (df["area_code"] == ENGLAND) | df["area_code"].str.match(UPPER_TIER)
    return df[keep].reset_index(drop=True)


def load_series() -> pd.DataFrame:
    """ONS's series for England and its 151 upper-tier areas (the "your area" page reads it too)."""
    return upper_tier(loaders.hle_utla_series())



def load() -> Inputs:
    """The series, the single-tier extract, the series' metadata and IMD 2019 for the upper tier (the
    only reading in this study)."""
    return Inputs(load_series(), loaders.hle_series(), loaders.hle_utla_metadata(), loaders.imd_utla())


@dataclass(frozen=True)
class Result:
    params: Params
    series: pd.DataFrame           # ONS's series (England and the upper-tier areas)
    meta: dict                     # its metadata
    single: pd.DataFrame           # the single-tier extract (a comparison only)
    excluded: tuple[str, ...]      # the areas left out of every gap
    deprivation: pd.DataFrame      # each area's IMD 2019 rank, on the series' codes (:func:`deprivation`)
    deprivation_join: Reconciliation  # what the join of IMD 2019 to the series left out, and why
    extremes: pd.DataFrame         # per period and sex: the highest and lowest areas, gaps as measured (:func:`gaps`)
    gaps: dict                     # (measure, sex, period) -> analysis.stats.gaps.Gap
    table: pd.DataFrame            # every gap with its interval, one row per measure, sex and period
    latest: str                    # the latest period
    changes: pd.DataFrame          # every gap's change since 2011-13 and 2018-20 (:func:`all_changes`)
    briefing: pd.DataFrame         # the slope index's change from 2011-13 to 2017-19 (the briefing's "widened")
    eng: pd.DataFrame              # England's HLE by period and sex (:func:`england`)
    eng_change: pd.DataFrame       # England's change from 2011-13 to 2017-19 (the briefing's "stalling")
    path: pd.DataFrame             # England against the straight path to the 2035 aim (:func:`aim_path`)
    aim: pd.DataFrame              # where England stands on it now (:func:`aim_summary`)
    single_gaps: pd.DataFrame      # the gaps as measured on the single-tier extract
    comparison: pd.DataFrame       # the two series side by side (:func:`comparison`)
    not_in_single: pd.DataFrame    # upper-tier areas without a value in the extract, and why

    def picked(self, gap: str, since: str) -> pd.DataFrame:
        """The changes in one gap since one period, one row per sex."""
        return self.changes[(self.changes["gap"] == gap) & (self.changes["since"] == since)]


def run(inputs: Inputs, params: Params) -> Result:
    """The whole study for one set of checked parameters."""
    hle, single = inputs.series, inputs.single
    excluded = known_codes(params.exclude, set(areas(hle)["area_code"]))
    dep, join = deprivation(inputs.imd, hle)
    measured = measure(hle, dep, sex=params.sex, tail=params.tail, level=params.level, draws=params.draws,
                       seed=params.seed, exclude=excluded)
    extremes = gaps(hle, sex=params.sex, tail=params.tail, exclude=excluded)
    eng = england(hle, sex=params.sex)
    path = aim_path(eng, baseline=params.aim_baseline)
    single_gaps = gaps(single, sex=params.sex, tail=params.tail)
    latest = extremes["period"].max()
    return Result(params=params, series=hle, meta=inputs.meta, single=single, excluded=excluded, deprivation=dep,
                  deprivation_join=join, extremes=extremes, gaps=measured, table=gap_table(measured, extremes),
                  latest=latest, changes=all_changes(measured, latest),
                  briefing=changes(measured, "slope", FIRST, BRIEFING), eng=eng,
                  eng_change=england_change(eng, FIRST, BRIEFING, level=params.level), path=path,
                  aim=aim_summary(path), single_gaps=single_gaps, comparison=comparison(extremes, single_gaps),
                  not_in_single=not_in_single_tier(hle, single))


def known_codes(codes: tuple[str, ...], known: set[str]) -> tuple[str, ...]:
    """The excluded codes, each of which must be an area of the series (its format is the parameter's check)."""
    bad = [c for c in codes if c not in known]
    if bad:
        raise ParameterError(f"parameter 'exclude': unknown area code(s) {bad}; expected codes of the "
                             f"{len(known)} areas in the series (E06/E08/E09/E10...), e.g. E06000017 (Rutland)")
    return tuple(codes)


# --------------------------------------------------------------------------------------------
# the series


def _check_frame(df: pd.DataFrame, need=("area_code", "area_name", "period", "sex", "hle")) -> None:
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"HLE table: missing column(s) {missing}; expected {list(need)}")


def sexes_of(sex: str) -> list[str]:
    """``male``/``female`` -> that sex; ``both`` -> both."""
    return list(SEXES) if sex == "both" else [sex]


def areas(df: pd.DataFrame, exclude: list[str] | tuple = ()) -> pd.DataFrame:
    """The local-area rows (England dropped), without the excluded codes."""
    _check_frame(df)
    return df[(df["area_code"] != ENGLAND) & ~df["area_code"].isin(list(exclude))]


def not_in_single_tier(upper: pd.DataFrame, single: pd.DataFrame) -> pd.DataFrame:
    """Upper-tier areas of ONS's series whose code has no value in the single-tier extract, and why."""
    s = areas(single).dropna(subset=["hle"]).drop_duplicates("area_code")
    by_name = dict(zip(s["area_name"], s["area_code"]))
    u = areas(upper).drop_duplicates("area_code")
    out = u.loc[~u["area_code"].isin(set(s["area_code"])), ["area_code", "area_name"]].sort_values("area_code")
    reason = [("county: the extract has no counties" if c.startswith("E10") else
               f"in the extract under its older code {by_name[n]}" if n in by_name else
               "single-tier area without a value in the extract") for c, n in zip(out["area_code"], out["area_name"])]
    return out.assign(reason=reason).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# the gaps as measured (no correction): the named extremes, and the single-tier comparison


def gap_one(values: pd.DataFrame, tail: float = 0.1) -> dict:
    """The gaps as measured for one period and sex, uncorrected. ``values`` has columns area_code,
    area_name, hle."""
    v = values.dropna(subset=["hle"]).sort_values(["hle", "area_code"]).reset_index(drop=True)
    n = len(v)
    k = gapstats.tail_size(n, tail)
    lo, hi = v["hle"].iloc[0], v["hle"].iloc[-1]
    names = lambda x: "; ".join(sorted(v.loc[v["hle"] == x, "area_name"]))  # noqa: E731 - every tied area
    return {"n_areas": n, "k": k, "highest": hi, "highest_area": names(hi), "lowest": lo, "lowest_area": names(lo),
            "range_gap": round(hi - lo, 1),  # both ends are printed to 1 dp: the difference is exact at 1 dp
            "top_mean": v["hle"].iloc[n - k:].mean(), "bottom_mean": v["hle"].iloc[:k].mean(),
            "tenths_gap": v["hle"].iloc[n - k:].mean() - v["hle"].iloc[:k].mean()}


def _sex_order(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["sex", "period"], key=lambda c: c.map(SEXES.index) if c.name == "sex" else c
                          ).reset_index(drop=True)


def gaps(df: pd.DataFrame, sex: str = "both", tail: float = 0.1, exclude: list[str] | tuple = ()) -> pd.DataFrame:
    """One row per period and sex: areas used, highest and lowest (all tied areas named), the range and
    tenths gaps as measured (pushed up by noise: :func:`measure` corrects them)."""
    a = areas(df, exclude)
    a = a[a["sex"].isin(sexes_of(sex))]
    if a.empty:
        raise ValueError("no local-area rows left for the chosen sex and exclusions")
    rows = [{"period": p, "sex": s, **gap_one(g, tail)} for (p, s), g in a.groupby(["period", "sex"], sort=True)]
    return _sex_order(pd.DataFrame(rows))


def england(df: pd.DataFrame, sex: str = "both") -> pd.DataFrame:
    """England's HLE by period and sex (with its interval where the series has one)."""
    _check_frame(df)
    e = df[(df["area_code"] == ENGLAND) & df["sex"].isin(sexes_of(sex))]
    if e.empty:
        raise ValueError(f"no England row ({ENGLAND}) in the HLE table")
    cols = ["period", "sex", "hle"] + [c for c in ("lci", "uci") if c in e.columns]
    return _sex_order(e[cols].rename(columns={"hle": "england_hle"}))


def comparison(upper: pd.DataFrame, single: pd.DataFrame) -> pd.DataFrame:
    """ONS's series beside the single-tier extract (the gaps of each as measured), in the periods both
    cover; never combined."""
    both = sorted(set(upper["period"]) & set(single["period"]))
    u, s = upper[upper["period"].isin(both)], single[single["period"].isin(both)]
    cols = ["sex", "period", "n_areas", "range_gap", "tenths_gap"]
    return u[cols].merge(s[cols], on=["sex", "period"], suffixes=("_ons", "_single_tier"))


# --------------------------------------------------------------------------------------------
# deprivation, and the gaps with their intervals


def deprivation(imd: pd.DataFrame, series: pd.DataFrame) -> tuple[pd.DataFrame, Reconciliation]:
    """Each area's IMD 2019 rank of average score (1 = most deprived of the 151 upper-tier areas of
    2019) on the series' 2023 codes, and the join's report: the two split counties and their four
    successors are left out, as are the two areas ONS does not publish."""
    need = ["utla19_code", "utla19_name", "imd_rank_of_avg_score", "imd_avg_score"]
    missing = [c for c in need if c not in imd.columns]
    if missing:
        raise ValueError(f"IMD table: missing column(s) {missing}; expected {need} (as from loaders.imd_utla())")
    a = areas(series)[["area_code", "area_name"]].drop_duplicates("area_code")
    joined, rec = geography.utla19_to_2023(imd[need], a, name="IMD 2019 to ONS's HLE series",
                                           right_label="ONS's HLE series", reasons=NOT_IN_SERIES)
    out = joined.rename(columns={"imd_rank_of_avg_score": "imd_rank", "imd_avg_score": "imd_score"})
    return out[["area_code", "area_name", "imd_rank", "imd_score", "utla19_code", "match"]].sort_values(
        "area_code").reset_index(drop=True), rec


def period_seed(seed: int, measure: str, sex: str, period: str) -> list[int]:
    """The simulation's stream for one gap: fixed by the seed, the measure, the sex and the period's start."""
    return [int(seed), GAPS.index(measure), SEXES.index(sex), int(period[:4])]


def measure(df: pd.DataFrame, dep: pd.DataFrame, sex: str = "both", tail: float = 0.1, level: float = 0.95,
            draws: int = 2000, seed: int = 7, exclude: list[str] | tuple = (),
            measures: tuple[str, ...] = GAPS) -> dict:
    """Every gap of ``measures`` with its interval, per sex and period: ``{(measure, sex, period): Gap}``.

    Standard errors come from ONS's 95% intervals; the slope index uses the areas with an IMD 2019 rank."""
    _check_frame(df, ("area_code", "period", "sex", "hle", "lci", "uci"))
    a = areas(df, exclude).dropna(subset=["hle", "lci", "uci"])
    rank = dict(zip(dep["area_code"], dep["imd_rank"]))
    out = {}
    for s in sexes_of(sex):
        for period, g in a[a["sex"] == s].groupby("period", sort=True):
            se = gapstats.se_from_ci(g["lci"], g["uci"], LEVEL)
            ranked = g["area_code"].isin(rank).to_numpy()
            for m in measures:
                if m == "slope":
                    out[(m, s, period)] = gapstats.slope_index(g["hle"].to_numpy()[ranked], se[ranked],
                                                               g["area_code"][ranked].map(rank), level)
                else:
                    out[(m, s, period)] = gapstats.gap(m, g["hle"], se, share=tail, level=level, draws=draws,
                                                       seed=period_seed(seed, m, s, period))
    return out


def gap_table(measured: dict, extremes: pd.DataFrame) -> pd.DataFrame:
    """One row per measure, sex and period: areas used, the estimate and its interval, the gap as
    measured before any correction, and (for the range) the areas at each end as published."""
    rows = [{"gap": m, "sex": s, "period": p, "n_areas": g.n, "estimate": g.estimate, "lower": g.lower,
             "upper": g.upper, "as_measured": g.as_measured} for (m, s, p), g in measured.items()]
    t = pd.DataFrame(rows)
    t = t.merge(extremes[["sex", "period", "highest_area", "lowest_area"]], on=["sex", "period"], how="left")
    order = {v: i for i, v in enumerate((*GAPS, *SEXES))}
    return t.sort_values(["gap", "sex", "period"], key=lambda c: c.map(order) if c.name != "period" else c
                         ).reset_index(drop=True)


def changes(measured: dict, gap: str, since: str, until: str) -> pd.DataFrame:
    """Per sex: the gap in ``since`` and ``until`` (with intervals), the change, its interval and the verdict."""
    rows = []
    for s in SEXES:
        if (gap, s, since) not in measured and (gap, s, until) not in measured:
            continue
        for period in (since, until):
            if (gap, s, period) not in measured:
                periods = sorted({p for (m, x, p) in measured if m == gap and x == s})
                raise ValueError(f"no {period} in the {gap} gaps for {s}; periods are {periods}")
        a, b = measured[(gap, s, since)], measured[(gap, s, until)]
        c = gapstats.change(a, b)
        rows.append({"sex": s, "gap": gap, "since": since, "until": until, "n_areas": min(a.n, b.n),
                     "gap_since": a.estimate, "since_lo": a.lower, "since_hi": a.upper, "gap_until": b.estimate,
                     "until_lo": b.lower, "until_hi": b.upper, "change": c.estimate, "change_lo": c.lower,
                     "change_hi": c.upper, "verdict": c.verdict})
    return pd.DataFrame(rows)


def all_changes(measured: dict, latest: str, since=(FIRST, WHITE_PAPER)) -> pd.DataFrame:
    """Every measured gap's change from each period in ``since`` to ``latest``, one row per gap, start and sex."""
    present = [g for g in GAPS if any(k[0] == g for k in measured)]
    return pd.concat([changes(measured, g, s, latest) for g in present for s in since], ignore_index=True)


def england_change(eng: pd.DataFrame, since: str, until: str, level: float = 0.95) -> pd.DataFrame:
    """Per sex: England's HLE in ``since`` and ``until`` and the change, with its interval from ONS's 95%
    intervals (the two periods' errors independent)."""
    _check_frame(eng, ("period", "sex", "england_hle", "lci", "uci"))
    z = gapstats.z_of(level)
    rows = []
    for s, d in eng.groupby("sex", sort=False):
        d = d.set_index("period")
        for p in (since, until):
            if p not in d.index:
                raise ValueError(f"no England value for {p} ({s}); periods are {sorted(d.index)}")
        se = gapstats.se_from_ci(d.loc[[since, until], "lci"], d.loc[[since, until], "uci"], LEVEL)
        value = d.loc[until, "england_hle"] - d.loc[since, "england_hle"]
        half = z * math.hypot(*se)
        rows.append({"sex": s, "since": since, "until": until, "hle_since": d.loc[since, "england_hle"],
                     "hle_until": d.loc[until, "england_hle"], "change": value, "change_lo": value - half,
                     "change_hi": value + half})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# the second aim: England's HLE up five years by 2035


def mid_year(period: str) -> int:
    """``"2018-20"`` -> 2019, the middle year of a 3-year period."""
    return int(period[:4]) + 1


def aim_path(eng: pd.DataFrame, baseline: str = WHITE_PAPER) -> pd.DataFrame:
    """Per sex and period from the baseline on: England's HLE (with interval), the straight-line path
    from the baseline value (at the period's middle year) to baseline + 5 years in 2035, and the
    distance from the path (negative = behind it)."""
    _check_frame(eng, ("period", "sex", "england_hle"))
    rows = []
    for s, d in eng.groupby("sex", sort=False):
        d = d.set_index("period").sort_index()
        if baseline not in d.index:
            raise ValueError(f"no England value for the baseline {baseline} ({s})")
        base, t0 = d.loc[baseline, "england_hle"], mid_year(baseline)
        for period, r in d.loc[baseline:].iterrows():
            path = base + AIM_RISE * (mid_year(period) - t0) / (AIM_YEAR - t0)
            rows.append({"sex": s, "period": period, "year": mid_year(period), "england_hle": r["england_hle"],
                         "lci": r.get("lci", np.nan), "uci": r.get("uci", np.nan), "baseline": base,
                         "path": path, "from_path": r["england_hle"] - path, "target_2035": base + AIM_RISE})
    return pd.DataFrame(rows)


def aim_summary(path: pd.DataFrame) -> pd.DataFrame:
    """Per sex, at the latest period: where England stands against the path, and the yearly rise now
    needed to reach the 2035 target (against the yearly rise the path asked for from the baseline)."""
    rows = []
    for s, d in path.groupby("sex", sort=False):
        first, last = d.iloc[0], d.iloc[-1]
        rows.append({"sex": s, "baseline_period": first["period"], "baseline": first["baseline"],
                     "target_2035": last["target_2035"], "period": last["period"], "england_hle": last["england_hle"],
                     "lci": last["lci"], "uci": last["uci"], "path": last["path"], "from_path": last["from_path"],
                     "path_rise_per_year": AIM_RISE / (AIM_YEAR - first["year"]),
                     "needed_rise_per_year": (last["target_2035"] - last["england_hle"]) / (AIM_YEAR - last["year"])})
    return pd.DataFrame(rows)


def aim_verdict(r) -> str:
    """England against the path to 2035 at the latest period, from its 95% interval."""
    return "behind the path" if r["uci"] < r["path"] else "ahead of the path" if r["lci"] > r["path"] else "on the path"
