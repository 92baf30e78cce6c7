"""Mission 7's gaps, their simulated intervals and England against the 2035 aim.

:func:`load` reads ONS's series (and the older single-tier extract, a comparison only); :func:`run`
measures both gaps for one set of checked parameters, simulates them from the published intervals,
and sets England against the aim; every other function is pure (tables in, tables out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data import loaders
from analysis.errors import ParameterError
from analysis.params import Params
from analysis.studies.mission7 import FIRST, GAPS, SEXES, UPPER_TIER, WHITE_PAPER

ENGLAND = "E92000001"
PEOPLE = {"male": "men", "female": "women"}
GAP_LABEL = {"range": "highest minus lowest area", "decile": "top minus bottom tenth of areas (means)"}
AIM_RISE = 5.0             # years of HLE to be gained ...
AIM_YEAR = 2035            # ... by this year
Z95 = 1.959963984540054    # the published intervals are 95% normal intervals

SOURCE_LINE = ("ONS, Health state life expectancies, UK (Explore local statistics, source date 19 Feb 2026; "
               "official statistics in development)")


# --------------------------------------------------------------------------------------------
# load and run


@dataclass(frozen=True)
class Inputs:
    series: pd.DataFrame           # ONS's series: England and its 151 upper-tier areas, with intervals
    single: pd.DataFrame           # the older single-tier extract (130 areas, no intervals): a comparison only
    meta: dict                     # ONS's metadata for the series (its caveats, source date)


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
    """The series, the single-tier extract and the series' metadata (the only reading in this study)."""
    return Inputs(load_series(), loaders.hle_series(), loaders.hle_utla_metadata())


@dataclass(frozen=True)
class Result:
    params: Params
    series: pd.DataFrame           # ONS's series (England and the upper-tier areas)
    meta: dict                     # its metadata
    single: pd.DataFrame           # the single-tier extract (a comparison only)
    excluded: tuple[str, ...]      # the areas left out of every gap
    point: pd.DataFrame            # both gaps per period and sex (:func:`gaps`)
    sim: pd.DataFrame              # both gaps in every simulated draw (:func:`simulate`)
    table: pd.DataFrame            # the gaps with their intervals (:func:`gap_table`)
    latest: str                    # the latest period
    changes: pd.DataFrame          # both gaps' changes since 2011-13 and 2018-20 (:func:`all_changes`)
    other_method: str              # the interval reading not chosen ...
    changes_other_method: pd.DataFrame  # ... and the changes read with it
    other_gap: str                 # the gap that is not the headline
    eng: pd.DataFrame              # England's HLE by period and sex (:func:`england`)
    path: pd.DataFrame             # England against the straight path to the 2035 aim (:func:`aim_path`)
    aim: pd.DataFrame              # where England stands on it now (:func:`aim_summary`)
    single_gaps: pd.DataFrame      # both gaps on the single-tier extract
    comparison: pd.DataFrame       # the two series side by side (:func:`comparison`)
    not_in_single: pd.DataFrame    # upper-tier areas without a value in the extract, and why

    def picked(self, gap: str, since: str) -> pd.DataFrame:
        """The changes in one gap since one period, one row per sex."""
        return self.changes[(self.changes["gap"] == gap) & (self.changes["since"] == since)]


def run(inputs: Inputs, params: Params) -> Result:
    """The whole study for one set of checked parameters."""
    hle, single = inputs.series, inputs.single
    excluded = known_codes(params.exclude, set(areas(hle)["area_code"]))
    point = gaps(hle, sex=params.sex, tail=params.tail, exclude=excluded)
    sim = simulate(hle, sex=params.sex, tail=params.tail, exclude=excluded, draws=params.draws, seed=params.seed)
    other_method = "percentile" if params.interval == "basic" else "basic"
    eng = england(hle, sex=params.sex)
    path = aim_path(eng, baseline=params.aim_baseline)
    single_gaps = gaps(single, sex=params.sex, tail=params.tail)
    return Result(params=params, series=hle, meta=inputs.meta, single=single, excluded=excluded, point=point, sim=sim,
                  table=gap_table(point, sim, level=params.level, method=params.interval),
                  latest=point["period"].max(),
                  changes=all_changes(point, sim, level=params.level, method=params.interval),
                  other_method=other_method,
                  changes_other_method=all_changes(point, sim, level=params.level, method=other_method),
                  other_gap="decile" if params.gap == "range" else "range", eng=eng, path=path,
                  aim=aim_summary(path), single_gaps=single_gaps, comparison=comparison(point, single_gaps),
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
# the gaps (point estimates)


def tail_size(n: int, tail: float) -> int:
    """Areas in each tail group: ceil(tail x n), at least 1 (n = areas with a value)."""
    if n < 2:
        raise ValueError(f"need at least 2 areas with a value to measure a gap, found {n}")
    return max(1, math.ceil(round(tail * n, 9)))


def gap_one(values: pd.DataFrame, tail: float = 0.1) -> dict:
    """The gaps for one period and sex. ``values`` has columns area_code, area_name, hle."""
    v = values.dropna(subset=["hle"]).sort_values(["hle", "area_code"]).reset_index(drop=True)
    n = len(v)
    k = tail_size(n, tail)
    lo, hi = v["hle"].iloc[0], v["hle"].iloc[-1]
    names = lambda x: "; ".join(sorted(v.loc[v["hle"] == x, "area_name"]))  # noqa: E731 - every tied area
    return {"n_areas": n, "k": k, "highest": hi, "highest_area": names(hi), "lowest": lo, "lowest_area": names(lo),
            "range_gap": round(hi - lo, 1),  # both ends are printed to 1 dp: the difference is exact at 1 dp
            "top_mean": v["hle"].iloc[n - k:].mean(), "bottom_mean": v["hle"].iloc[:k].mean(),
            "decile_gap": v["hle"].iloc[n - k:].mean() - v["hle"].iloc[:k].mean()}


def _sex_order(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["sex", "period"], key=lambda c: c.map(SEXES.index) if c.name == "sex" else c
                          ).reset_index(drop=True)


def gaps(df: pd.DataFrame, sex: str = "both", tail: float = 0.1, exclude: list[str] | tuple = ()) -> pd.DataFrame:
    """One row per period and sex: areas used, highest and lowest (all tied areas named), both gaps."""
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
    """ONS's series beside the single-tier extract (the gaps of each), in the periods both cover; never combined."""
    both = sorted(set(upper["period"]) & set(single["period"]))
    u, s = upper[upper["period"].isin(both)], single[single["period"].isin(both)]
    cols = ["sex", "period", "n_areas", "range_gap", "decile_gap"]
    return u[cols].merge(s[cols], on=["sex", "period"], suffixes=("_ons", "_single_tier"))


# --------------------------------------------------------------------------------------------
# uncertainty: simulation from the published intervals


def simulate(df: pd.DataFrame, sex: str = "both", tail: float = 0.1, exclude: list[str] | tuple = (),
             draws: int = 4000, seed: int = 7) -> pd.DataFrame:
    """Both gaps in each of ``draws`` simulated versions of the series: columns sex, period, draw,
    range_gap, decile_gap.

    Each area's HLE is drawn from Normal(hle, (uci - lci) / (2 x 1.96)), independently across areas,
    sexes and periods; ties are immaterial for continuous draws. Seeded, so the result is fixed.
    """
    _check_frame(df, ("area_code", "period", "sex", "hle", "lci", "uci"))
    rng = np.random.default_rng(int(seed))
    a = areas(df, exclude).dropna(subset=["hle", "lci", "uci"])
    out = []
    for s in sexes_of(sex):
        for period, g in a[a["sex"] == s].groupby("period", sort=True):
            sd = (g["uci"].to_numpy() - g["lci"].to_numpy()) / (2 * Z95)
            x = np.sort(g["hle"].to_numpy() + sd * rng.standard_normal((int(draws), len(g))), axis=1)
            k = tail_size(len(g), tail)
            out.append(pd.DataFrame({"sex": s, "period": period, "draw": np.arange(int(draws)),
                                     "range_gap": x[:, -1] - x[:, 0],
                                     "decile_gap": x[:, -k:].mean(axis=1) - x[:, :k].mean(axis=1)}))
    return pd.concat(out, ignore_index=True)


def _bounds(level: float) -> tuple[float, float]:
    return (1 - level) / 2, 1 - (1 - level) / 2


def interval(point, q_lo, q_hi, method: str = "basic"):
    """The interval from the simulated quantiles: ``percentile`` (the quantiles themselves) or ``basic``
    (reflected about the point estimate, 2 x point - quantile, which removes a shift of the simulated
    values away from the estimate, such as the widening that noise gives a highest-minus-lowest gap)."""
    if method == "percentile":
        return q_lo, q_hi
    return 2 * point - q_hi, 2 * point - q_lo


def gap_table(point: pd.DataFrame, sim: pd.DataFrame, level: float = 0.95, method: str = "basic") -> pd.DataFrame:
    """The point gaps with the ``level`` interval from the simulated gaps (``*_lo``, ``*_hi``) and the
    median simulated gap (``*_sim_median``)."""
    q = _bounds(level)
    qs = sim.groupby(["sex", "period"])[["range_gap", "decile_gap"]].quantile([q[0], 0.5, q[1]]).unstack()
    out = point.merge(qs.set_axis([f"{g}|{b}" for g, b in qs.columns], axis=1).reset_index(), on=["sex", "period"])
    for g in ("range_gap", "decile_gap"):
        name = g[:-4]
        out[f"{name}_lo"], out[f"{name}_hi"] = interval(out[g], out[f"{g}|{q[0]}"], out[f"{g}|{q[1]}"], method)
        out[f"{g}_sim_median"] = out[f"{g}|0.5"]
    return out.drop(columns=[c for c in out.columns if "|" in c])


def verdict(lo: float, hi: float) -> str:
    """The rule for a change in a gap, from its interval."""
    return "narrowed" if hi < 0 else "widened" if lo > 0 else "no clear change"


def changes(point: pd.DataFrame, sim: pd.DataFrame, since: str, until: str, gap: str = "range",
            level: float = 0.95, method: str = "basic") -> pd.DataFrame:
    """Per sex: the gap in ``since`` and ``until``, the change, its interval (draw by draw), the share
    of draws in which the gap narrowed, and the verdict."""
    q = _bounds(level)
    col = f"{gap}_gap"
    rows = []
    for s, d in point.groupby("sex", sort=False):
        p = d.set_index("period")[col]
        m = sim[sim["sex"] == s].pivot(index="draw", columns="period", values=col)
        for period in (since, until):
            if period not in p.index or period not in m.columns:
                raise ValueError(f"no {period} in the gaps for {s}; periods are {sorted(p.index)}")
        diff = (m[until] - m[since]).to_numpy()
        change = p[until] - p[since]
        lo, hi = interval(change, *np.quantile(diff, q), method)
        spread = diff if method == "percentile" else 2 * change - diff  # the draws the interval is read from
        rows.append({"sex": s, "gap": gap, "since": since, "until": until, "gap_since": p[since],
                     "gap_until": p[until], "change": change, "change_lo": lo, "change_hi": hi,
                     "p_narrowed": float((spread < 0).mean()), "verdict": verdict(lo, hi)})
    return pd.DataFrame(rows)


def all_changes(point: pd.DataFrame, sim: pd.DataFrame, level: float = 0.95, method: str = "basic",
                since=(FIRST, WHITE_PAPER)) -> pd.DataFrame:
    """Both gaps' changes from each period in ``since`` to the latest, one row per gap, start and sex."""
    latest = point["period"].max()
    return pd.concat([changes(point, sim, s, latest, gap=g, level=level, method=method) for g in GAPS for s in since],
                     ignore_index=True)


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
