"""Tracking mission 7: the gap in healthy life expectancy (HLE) between local areas, on ONS's own series.

Mission 7 of the Levelling Up White Paper (February 2022): by 2030 the gap in HLE between the local
areas where it is highest and lowest will have narrowed, and by 2035 HLE will rise by five years.

Data: ``loaders.hle_utla_series()``, ONS HLE at birth by sex with 95% confidence intervals, for all
151 English upper-tier areas (unitaries, metropolitan districts, London boroughs and counties; 2023
codes) and England, 2011-13 to 2022-24. ONS publishes it as official statistics in development made
with an interim method. The older single-tier extract (``loaders.hle_series()``, 130 areas, no
intervals, a different vintage) is kept only as a comparison and is never joined to this series.

Two gap measures, per period and sex, over the areas with a value in that period:

- ``range``: highest minus lowest area;
- ``decile``: mean of the top ``tail`` share of areas minus mean of the bottom ``tail`` share, where
  the group size is k = ceil(tail x n) areas (16 of 151 for tail = 0.1). Ties at a group's boundary
  are broken by area code, so each group has exactly k areas. Means are unweighted.

Uncertainty (:func:`simulate`): each area's HLE is drawn from a normal distribution centred on the
published estimate with standard deviation (uci - lci) / (2 x 1.96), independently across areas,
sexes and periods; both gaps are recomputed in every draw. An interval is the central ``level``
share of the draws (``percentile``), or that interval reflected about the estimate (``basic``, which
corrects the upward shift noise gives to a gap between extremes). The change in a gap between two
periods is taken draw by draw, and the verdict
(:func:`verdict`) is "narrowed" only if the whole interval of the change is below zero, "widened"
only if it is above zero, and otherwise "no clear change".
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.data import loaders
from analysis.errors import ParameterError, check_choice, check_range

ANALYSIS = "mission7"
ENGLAND = "E92000001"
UPPER_TIER = r"^E(06|08|09|10)\d{6}$"
N_UPPER_TIER = 151
SEXES = ("male", "female")
SEX_CHOICES = ("both",) + SEXES
PEOPLE = {"male": "men", "female": "women"}
GAPS = ("range", "decile")
GAP_LABEL = {"range": "highest minus lowest area", "decile": "top minus bottom tenth of areas (means)"}
TAIL_RANGE = (0.05, 0.25)
LEVEL_RANGE = (0.8, 0.99)
INTERVALS = ("percentile", "basic")
DRAWS_RANGE = (500, 20000)
SEED_RANGE = (0, 99999)

FIRST = "2011-13"          # the first period of the series
WHITE_PAPER = "2018-20"    # the latest data when the White Paper was published
AIM_BASELINES = (WHITE_PAPER, "2019-21")  # the White Paper's latest data, or the first release after it
AIM_RISE = 5.0             # years of HLE to be gained ...
AIM_YEAR = 2035            # ... by this year
Z95 = 1.959963984540054    # the published intervals are 95% normal intervals

SOURCE_LINE = ("ONS, Health state life expectancies, UK (Explore local statistics, source date 19 Feb 2026; "
               "official statistics in development)")


# --------------------------------------------------------------------------------------------
# parameters


def check_sex(sex: str) -> list[str]:
    """``male``/``female`` -> that sex; ``both`` -> both."""
    check_choice("sex", sex, SEX_CHOICES)
    return list(SEXES) if sex == "both" else [sex]


def check_tail(tail: float) -> float:
    check_range("tail", tail, *TAIL_RANGE)
    return float(tail)


def parse_codes(text: str, known: set[str]) -> list[str]:
    """``"E06000017, E06000053"`` -> codes; ``"none"``/``""`` -> []. Unknown codes stop with a message."""
    if not isinstance(text, str):
        raise ParameterError(f"parameter 'exclude' must be a string of area codes separated by commas, not {text!r}")
    if text.strip().lower() in ("", "none"):
        return []
    codes = [t.strip() for t in text.split(",") if t.strip()]
    bad = [c for c in codes if c not in known]
    if bad:
        raise ParameterError(f"parameter 'exclude': unknown area code(s) {bad}; expected codes of the "
                             f"{len(known)} areas in the series (E06/E08/E09/E10...), e.g. E06000017 (Rutland)")
    return codes


# --------------------------------------------------------------------------------------------
# the series


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


def load() -> pd.DataFrame:
    """ONS's series for England and its 151 upper-tier areas (the notebook never reads a path)."""
    return upper_tier(loaders.hle_utla_series())


def load_single_tier() -> pd.DataFrame:
    """The older single-tier extract (130 areas, no intervals): a comparison only."""
    return loaders.hle_series()


def _check_frame(df: pd.DataFrame, need=("area_code", "area_name", "period", "sex", "hle")) -> None:
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"HLE table: missing column(s) {missing}; expected {list(need)}")


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
    sexes = check_sex(sex)
    check_tail(tail)
    a = areas(df, exclude)
    a = a[a["sex"].isin(sexes)]
    if a.empty:
        raise ValueError("no local-area rows left for the chosen sex and exclusions")
    rows = [{"period": p, "sex": s, **gap_one(g, tail)} for (p, s), g in a.groupby(["period", "sex"], sort=True)]
    return _sex_order(pd.DataFrame(rows))


def england(df: pd.DataFrame, sex: str = "both") -> pd.DataFrame:
    """England's HLE by period and sex (with its interval where the series has one)."""
    _check_frame(df)
    e = df[(df["area_code"] == ENGLAND) & df["sex"].isin(check_sex(sex))]
    if e.empty:
        raise ValueError(f"no England row ({ENGLAND}) in the HLE table")
    cols = ["period", "sex", "hle"] + [c for c in ("lci", "uci") if c in e.columns]
    return _sex_order(e[cols].rename(columns={"hle": "england_hle"}))


# --------------------------------------------------------------------------------------------
# uncertainty: simulation from the published intervals


def simulate(df: pd.DataFrame, sex: str = "both", tail: float = 0.1, exclude: list[str] | tuple = (),
             draws: int = 4000, seed: int = 7) -> pd.DataFrame:
    """Both gaps in each of ``draws`` simulated versions of the series: columns sex, period, draw,
    range_gap, decile_gap.

    Each area's HLE is drawn from Normal(hle, (uci - lci) / (2 x 1.96)), independently across areas,
    sexes and periods; ties are immaterial for continuous draws. Seeded, so the result is fixed.
    """
    sexes = check_sex(sex)
    check_tail(tail)
    check_range("draws", draws, *DRAWS_RANGE)
    check_range("seed", seed, *SEED_RANGE)
    _check_frame(df, ("area_code", "period", "sex", "hle", "lci", "uci"))
    rng = np.random.default_rng(int(seed))
    a = areas(df, exclude).dropna(subset=["hle", "lci", "uci"])
    out = []
    for s in sexes:
        for period, g in a[a["sex"] == s].groupby("period", sort=True):
            sd = (g["uci"].to_numpy() - g["lci"].to_numpy()) / (2 * Z95)
            x = np.sort(g["hle"].to_numpy() + sd * rng.standard_normal((int(draws), len(g))), axis=1)
            k = tail_size(len(g), tail)
            out.append(pd.DataFrame({"sex": s, "period": period, "draw": np.arange(int(draws)),
                                     "range_gap": x[:, -1] - x[:, 0],
                                     "decile_gap": x[:, -k:].mean(axis=1) - x[:, :k].mean(axis=1)}))
    return pd.concat(out, ignore_index=True)


def _bounds(level: float) -> tuple[float, float]:
    check_range("level", level, *LEVEL_RANGE)
    return (1 - level) / 2, 1 - (1 - level) / 2


def interval(point, q_lo, q_hi, method: str = "basic"):
    """The interval from the simulated quantiles: ``percentile`` (the quantiles themselves) or ``basic``
    (reflected about the point estimate, 2 x point - quantile, which removes a shift of the simulated
    values away from the estimate, such as the widening that noise gives a highest-minus-lowest gap)."""
    check_choice("interval", method, INTERVALS)
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
    check_choice("gap", gap, GAPS)
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


def widened_since(since: str = FIRST, *, hle: pd.DataFrame | None = None, sex: str = "both", gap: str = "range",
                  tail: float = 0.1, level: float = 0.95, interval: str = "basic", draws: int = 4000,
                  seed: int = 7, exclude: str = "none", aim_baseline: str = WHITE_PAPER) -> pd.DataFrame:
    """Has the gap widened between ``since`` and the latest period? One row per sex, with the
    columns of :func:`changes` plus ``widened`` (True when the whole interval of the change is above
    zero). Takes every notebook parameter by name, so a row of the robustness grid can be passed as
    keyword arguments (``aim_baseline`` is checked but does not bear on the gap)."""
    check_choice("aim_baseline", aim_baseline, AIM_BASELINES)
    hle = load() if hle is None else hle
    codes = parse_codes(exclude, set(areas(hle)["area_code"]))
    point = gaps(hle, sex=sex, tail=tail, exclude=codes)
    sim = simulate(hle, sex=sex, tail=tail, exclude=codes, draws=draws, seed=seed)
    out = changes(point, sim, since, point["period"].max(), gap=gap, level=level, method=interval)
    return out.assign(widened=out["verdict"] == "widened")


# --------------------------------------------------------------------------------------------
# the second aim: England's HLE up five years by 2035


def mid_year(period: str) -> int:
    """``"2018-20"`` -> 2019, the middle year of a 3-year period."""
    return int(period[:4]) + 1


def aim_path(eng: pd.DataFrame, baseline: str = WHITE_PAPER) -> pd.DataFrame:
    """Per sex and period from the baseline on: England's HLE (with interval), the straight-line path
    from the baseline value (at the period's middle year) to baseline + 5 years in 2035, and the
    distance from the path (negative = behind it)."""
    check_choice("aim_baseline", baseline, AIM_BASELINES)
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


# --------------------------------------------------------------------------------------------
# tables for the page


def key_periods(table: pd.DataFrame, periods=(FIRST, WHITE_PAPER)) -> pd.DataFrame:
    """Both gaps with their intervals in the given periods and the latest, one row per sex and period."""
    keep = list(periods) + [table["period"].max()]
    t = table[table["period"].isin(keep)]
    out = pd.DataFrame({"sex": t["sex"], "period": t["period"], "areas": t["n_areas"]})
    for g in GAPS:
        out[f"{g} gap"] = [f"{v:.1f} ({lo:.1f} to {hi:.1f})" for v, lo, hi in
                           zip(t[f"{g}_gap"], t[f"{g}_lo"], t[f"{g}_hi"])]
    return out.reset_index(drop=True)


def comparison(upper: pd.DataFrame, single: pd.DataFrame) -> pd.DataFrame:
    """ONS's series beside the single-tier extract, in the periods both cover; never combined."""
    both = sorted(set(upper["period"]) & set(single["period"]))
    u, s = upper[upper["period"].isin(both)], single[single["period"].isin(both)]
    cols = ["sex", "period", "n_areas", "range_gap", "decile_gap"]
    return u[cols].merge(s[cols], on=["sex", "period"], suffixes=("_ons", "_single_tier"))


# --------------------------------------------------------------------------------------------
# figures (house style: call figures.use_style() first)

SEX_COLOURS = {"male": "#0072B2", "female": "#D55E00"}


def _periods_axis(ax, periods):
    ax.set_xticks(np.arange(len(periods)), periods, rotation=45, ha="right")
    ax.set_xlabel("3-year period")


def figure_gaps(table: pd.DataFrame, level: float = 0.95, gap: str = "range", verdicts: pd.DataFrame | None = None,
                tail: float = 0.1, method: str = "basic"):
    """Both gaps over time by sex, each with its simulated interval as a band."""
    import matplotlib.pyplot as plt

    from analysis import figures

    check_choice("gap", gap, GAPS)
    periods = sorted(table["period"].unique())
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), sharey=False)
    for ax, g in zip(axes, GAPS):
        for s, d in table.groupby("sex", sort=False):
            d = d.set_index("period").reindex(periods)
            x = np.arange(len(periods))
            ax.fill_between(x, d[f"{g}_lo"], d[f"{g}_hi"], color=SEX_COLOURS[s], alpha=0.18, lw=0)
            ax.plot(x, d[f"{g}_gap"], marker="o", color=SEX_COLOURS[s], lw=2, label=f"{PEOPLE[s]}, {level:.0%} interval shaded")
        _periods_axis(ax, periods)
        ax.set_ylim(0, table[f"{g}_hi"].max() * 1.1)
        ax.set_ylabel("gap in healthy life expectancy (years)")
        ax.set_title(f"{g} gap: {GAP_LABEL[g].replace('tenth', f'{tail:.0%}')}", fontsize=10)
        ax.legend(fontsize=8, loc="lower left")
    title = f"The HLE gap between England's {int(table['n_areas'].min())} upper-tier areas, {periods[0]} to {periods[-1]}"
    if verdicts is not None:
        title = f"The {gap} gap since {verdicts['since'].iloc[0]}: " + "; ".join(
            f"{PEOPLE[r['sex']]}: {r['verdict']}" for _, r in verdicts.iterrows())
    band = "basic intervals (for the areas' true values)" if method == "basic" else "percentile intervals"
    return figures.finish(fig, title=title, source=SOURCE_LINE,
                          subtitle=f"England's {int(table['n_areas'].min())} upper-tier areas. Bands: {level:.0%} {band}, "
                                   f"simulated from ONS's 95% confidence intervals")


def figure_aim(path: pd.DataFrame, full: pd.DataFrame):
    """England's HLE (with its interval) for the whole series, and the straight path to +5 years by 2035."""
    import matplotlib.pyplot as plt

    from analysis import figures

    fig, ax = plt.subplots(figsize=(10, 5))
    for s, d in full.groupby("sex", sort=False):
        x = d["period"].map(mid_year)
        ax.errorbar(x, d["england_hle"], yerr=[d["england_hle"] - d["lci"], d["uci"] - d["england_hle"]],
                    color=SEX_COLOURS[s], marker="o", ms=4, lw=1.5, capsize=2, label=f"England, {PEOPLE[s]}")
        p = path[path["sex"] == s]
        xs = [p["year"].iloc[0], AIM_YEAR]
        ax.plot(xs, [p["baseline"].iloc[0], p["target_2035"].iloc[0]], color=SEX_COLOURS[s], ls="--", lw=1,
                label=f"aim's path, {PEOPLE[s]} (+{AIM_RISE:.0f} years from {p['period'].iloc[0]})")
    ax.set_xlabel("middle year of the 3-year period")
    ax.set_ylabel("healthy life expectancy at birth (years)")
    ax.legend(fontsize=8, loc="upper left", ncol=2)
    last = path.groupby("sex", sort=False).last()
    words = " and ".join(f"{abs(r['from_path']):.2f} ({PEOPLE[s]})" for s, r in last.iterrows())
    return figures.finish(fig, title=f"In {last['period'].iloc[0]} England's HLE was {words} years off the path to five "
                                     f"more years by 2035", source=SOURCE_LINE,
                          subtitle="Bars: ONS's 95% confidence intervals; dashed: a straight line from the baseline to "
                                   "the 2035 target")


# --------------------------------------------------------------------------------------------
# the ledger


def claims_rows() -> pd.DataFrame:
    """No source publishes a figure for these gaps, so this page tests no published claim: its
    ledger is empty. (Checks of the series against ONS's values are tests of the loader.)"""
    from analysis.ledger import claims

    return claims.ledger([])


# --------------------------------------------------------------------------------------------
# sentences for the page (every number glued from these)


def ons_caveat(meta: dict) -> str:
    """ONS's own paragraph on the interim method, from the series' metadata."""
    paras = [p.strip() for p in meta["caveats"].split("\n\n") if "interim" in p]
    if not paras:
        raise ValueError("the series' metadata has no paragraph on the interim method")
    return paras[0]


def describe_changes(ch: pd.DataFrame, level: float) -> str:
    """``"for men, widened: 14.5 to 18.4 years, a change of +3.9 (95% interval +1.09 to +9.31; ...)"`` per sex."""
    return "; ".join(
        f"for {PEOPLE[r['sex']]}, {r['verdict']}: {r['gap_since']:.1f} to {r['gap_until']:.1f} years, a change of "
        f"{r['change']:+.1f} ({level:.0%} interval {r['change_lo']:+.2f} to {r['change_hi']:+.2f}; the gap narrowed "
        f"in {r['p_narrowed']:.0%} of the simulations)" for _, r in ch.iterrows())


def describe_aim(summary: pd.DataFrame) -> str:
    """England against the path, per sex."""
    return "; ".join(
        f"for {PEOPLE[r['sex']]}, {r['england_hle']:.1f} years in {r['period']} (95% interval {r['lci']:.1f} to "
        f"{r['uci']:.1f}) against {r['path']:.2f} on the path from {r['baseline']:.1f} in {r['baseline_period']} to "
        f"{r['target_2035']:.1f} in {AIM_YEAR}: {abs(r['from_path']):.2f} years "
        f"{'behind' if r['from_path'] < 0 else 'ahead of'} it, so HLE would now have to rise "
        f"{r['needed_rise_per_year']:.2f} years a year, against the path's {r['path_rise_per_year']:.2f}"
        for _, r in summary.iterrows())


def change_view(ch: pd.DataFrame) -> pd.DataFrame:
    """The verdict table for the page."""
    return pd.DataFrame({
        "sex": ch["sex"], "gap": ch["gap"], "from": ch["since"], "to": ch["until"],
        "gap then": ch["gap_since"].round(1), "gap now": ch["gap_until"].round(1), "change": ch["change"].round(1),
        "interval": [f"{lo:+.1f} to {hi:+.1f}" for lo, hi in zip(ch["change_lo"], ch["change_hi"])],
        "share of draws narrower": ch["p_narrowed"].round(3), "verdict": ch["verdict"]})


def all_changes(point: pd.DataFrame, sim: pd.DataFrame, level: float = 0.95, method: str = "basic",
                since=(FIRST, WHITE_PAPER)) -> pd.DataFrame:
    """Both gaps' changes from each period in ``since`` to the latest, one row per gap, start and sex."""
    latest = point["period"].max()
    return pd.concat([changes(point, sim, s, latest, gap=g, level=level, method=method) for g in GAPS for s in since],
                     ignore_index=True)


def describe_overall(ch: pd.DataFrame) -> str:
    """How many of the comparisons narrowed, widened or showed no clear change."""
    n = ch["verdict"].value_counts()
    verb = lambda k: f"{k} shows" if k == 1 else f"{k} show"  # noqa: E731
    return (f"of these {len(ch)} comparisons (two gaps, two starting periods, two sexes), "
            f"{verb(n.get('narrowed', 0))} the gap narrowed, {verb(n.get('widened', 0))} it widened and "
            f"{verb(n.get('no clear change', 0))} no clear change")


def _signed(x: float) -> str:
    """A change with its sign, to 0.1 year, or to 0.01 where 0.1 would read as zero (so that an interval
    that excludes zero never reads "+0.0")."""
    return f"{x:+.1f}" if abs(x) >= 0.05 else f"{x:+.2f}"


def aim_verdict(r) -> str:
    """England against the path to 2035 at the latest period, from its 95% interval."""
    return "behind the path" if r["uci"] < r["path"] else "ahead of the path" if r["lci"] > r["path"] else "on the path"


def box_findings(ch: pd.DataFrame, aim: pd.DataFrame, level: float, anchors: dict[str, str]) -> pd.DataFrame:
    """The rows of the box that opens the page (``report.findings_box``): each gap's change per sex and
    starting period, with its interval, then England against the 2035 path per sex. ``anchors`` maps
    ``"changes"`` and ``"aim"`` to the ids of the sections that show the work."""
    missing = sorted({"changes", "aim"} - set(anchors))
    if missing:
        raise ValueError(f"box_findings: no anchor for {missing}; expected anchors for 'changes' and 'aim'")
    nobreak = "\u2011"  # a period such as 2011-13 never breaks at its hyphen in a narrow column
    gaps_ = [{"finding": (f"{'Range' if r['gap'] == 'range' else 'Decile'} gap, {PEOPLE[r['sex']]}, "
                          f"since {r['since'].replace('-', nobreak)}"),
              "figure": (f"{r['gap_since']:.1f} to {r['gap_until']:.1f} years in {r['until']}: {r['change']:+.1f} "
                         f"({level:.0%} interval {_signed(r['change_lo'])} to {_signed(r['change_hi'])})"),
              "verdict": r["verdict"], "anchor": anchors["changes"]}
             for _, r in ch.sort_values(["gap", "since", "sex"], key=lambda s: s.map(
                 {g: i for i, g in enumerate((*GAPS, FIRST, WHITE_PAPER, *SEXES))})).iterrows()]
    aims = [{"finding": f"England, {PEOPLE[r['sex']]}, against the path to +{AIM_RISE:.0f} years by {AIM_YEAR}",
             "figure": (f"{r['england_hle']:.1f} years in {r['period']} (95% interval {r['lci']:.1f} to {r['uci']:.1f}) "
                        f"against {r['path']:.1f} on the path"),
             "verdict": aim_verdict(r), "anchor": anchors["aim"]} for _, r in aim.iterrows()]
    return pd.DataFrame(gaps_ + aims, columns=["finding", "figure", "verdict", "anchor"])
