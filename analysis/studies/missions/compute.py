"""The missions tracker's computation: :func:`load` reads each mission's dataset once; :func:`run`
measures, for one set of checked parameters, England's latest value and its change since the
baseline, the gap between areas then and now, the verdicts, and the counts of areas that clearly
rose or fell. Every other function is pure (tables in, tables out); the rules are those of
:mod:`analysis.studies.missions`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data import geography, loaders
from analysis.params import Params
from analysis.stats import gaps as gapstats
from analysis.studies.missions import EXTRAS, MISSIONS, SKILLS_AGE, SKILLS_MORE, WHITE_PAPER, Mission

ENGLAND = "E92000001"
COLUMNS = ["area_code", "area_name", "level", "period", "period_label", "period_start", "period_end", "value",
           "lci", "uci"]
#: a period has ONS's intervals if at least this share of its areas with a value carry one
CI_SHARE = 0.9


@dataclass(frozen=True)
class Inputs:
    frames: dict               # mission number -> its indicator's rows (:data:`COLUMNS`)
    extra: dict                # position in :data:`EXTRAS` -> that indicator's rows
    adults: float              # England's population aged 19 and over, mid-2022
    boundaries: object         # the current LAs' polygons (a GeoDataFrame), for the maps of change


def hle_frame(hle: pd.DataFrame, sex: str) -> pd.DataFrame:
    """ONS's healthy life expectancy series for one sex in the tracker's columns (upper-tier areas)."""
    d = hle[(hle["sex"] == sex) & (hle["area_code"].eq(ENGLAND) | hle["area_code"].str.match(r"^E(06|08|09|10)"))]
    start = pd.to_datetime(d["period_start"].astype(int).astype(str) + "-01-01")
    return pd.DataFrame({"area_code": d["area_code"], "area_name": d["area_name"],
                         "level": np.where(d["area_code"] == ENGLAND, "england", "utla"), "period": d["period"],
                         "period_label": d["period"], "period_start": start,
                         "period_end": start + pd.DateOffset(years=3) - pd.Timedelta(days=1), "value": d["hle"],
                         "lci": d["lci"], "uci": d["uci"]}).reset_index(drop=True)


def frame_of(m: Mission) -> pd.DataFrame:
    if m.dataset == "hle":
        return hle_frame(loaders.hle_utla_series(), m.indicator)
    df = loaders.els(m.dataset)
    if m.indicator not in set(df["indicator"]):
        raise ValueError(f"mission {m.number}: no indicator {m.indicator!r} in {m.dataset}; "
                         f"it has {sorted(df['indicator'].unique())}")
    return df[df["indicator"] == m.indicator][COLUMNS].reset_index(drop=True)


def load() -> Inputs:
    """Every mission's indicator (the only reading in this study)."""
    return Inputs({m.number: frame_of(m) for m in MISSIONS}, {i: frame_of(m) for i, m in enumerate(EXTRAS)},
                  adults_of(loaders.population_2022()), geography.current_boundaries(loaders.boundaries()))


def adults_of(pop: pd.DataFrame, age: int = SKILLS_AGE) -> float:
    """England's population aged ``age`` and over in mid-2022 (men and women)."""
    e = pop[(pop["area_code"] == ENGLAND) & (pop["age"] >= age)]
    if e.empty:
        raise ValueError(f"population_2022: no row for England ({ENGLAND}) aged {age} and over")
    return float(e["female_2022"].sum() + e["male_2022"].sum())


@dataclass(frozen=True)
class Result:
    params: Params
    table: pd.DataFrame        # one row per mission (:func:`summary_row`)
    spread: pd.DataFrame       # per mission and period: England and the spread of areas (:func:`spread`)
    areas: pd.DataFrame        # per mission: every area's change since the baseline, where intervals allow
    extra: pd.DataFrame        # one row per further indicator (:data:`EXTRAS`), as :func:`summary_row`
    counts: pd.DataFrame       # one row per aim that is a count (missions 6 and 10): :func:`skills_count`
    changes: pd.DataFrame      # per judged mission measured across LAs: each LA's published change (:func:`published_changes`)
    boundaries: object         # the current LAs' polygons


def run(inputs: Inputs, params: Params) -> Result:
    rows, spreads, areas, changes = [], [], [], []
    for m in MISSIONS:
        df = inputs.frames[m.number]
        row, changed = summary_row(m, df, params)
        rows.append(row)
        spreads.append(spread(df, m.level).assign(mission=m.number))
        if changed is not None:
            areas.append(changed.assign(mission=m.number))
        if row["gap_verdict"] and m.level == "lad":
            changes.append(published_changes(df, m.level, *ends(df, params.lag)).assign(mission=m.number))
    extra = pd.DataFrame([summary_row(m, inputs.extra[i], params)[0] | {"indicator": m.indicator}
                          for i, m in enumerate(EXTRAS)])
    table = pd.DataFrame(rows)
    counts = pd.DataFrame([skills_count(table.set_index("mission").loc[6], inputs.adults), BUYERS_COUNT])
    return Result(params, table, pd.concat(spreads, ignore_index=True),
                  pd.concat(areas, ignore_index=True) if areas else pd.DataFrame(), extra, counts,
                  pd.concat(changes, ignore_index=True), inputs.boundaries)


#: mission 10's aim counts first-time buyers; ONS gives buyers per 1,000 dwellings and no dwelling stock
BUYERS_COUNT = {"mission": 10, "verdict": "cannot be judged: the data give first-time buyers per 1,000 dwellings "
                                          "and no count of dwellings by area to turn the rate into a number of buyers"}


def skills_count(r: pd.Series, adults: float, more: float = SKILLS_MORE) -> dict:
    """Mission 6's aim as a count. ONS gives achievements per 100,000 people aged 19 and over: the rate
    times England's population of that age in mid-2022, over 100,000, is a number of achievements a year
    (the population held at mid-2022, so the count moves with the rate alone). The aim is ``more`` a year
    above the baseline by 2030, judged by the straight-line rule."""
    out = {"mission": 6, "adults": adults}
    if not str(r["aim_verdict"]) and str(r["verdict"]).startswith("cannot"):
        return out | {"verdict": r["verdict"]}
    base, latest = r["england_baseline"] * adults / 1e5, r["england_latest"] * adults / 1e5
    path, verdict = aim_verdict(base, r["baseline_mid"], latest, r["latest_mid"], base + more)
    return out | {"count_baseline": base, "count_latest": latest, "count_change": latest - base,
                  "aim_count": base + more, "count_path": path, "verdict": verdict}


# --------------------------------------------------------------------------------------------
# periods


def baseline_period(periods: pd.DataFrame, lag: int = 0) -> str | None:
    """The last period (``period``, ``period_end``) that ended at least ``lag`` months before the White
    Paper; None if there is none."""
    cut = pd.Timestamp(WHITE_PAPER) - pd.DateOffset(months=int(lag))
    before = periods[pd.to_datetime(periods["period_end"]) < cut]
    return None if before.empty else before.sort_values("period_end")["period"].iloc[-1]


def ends(df: pd.DataFrame, lag: int = 0) -> tuple[str | None, str | None]:
    """A metric's baseline period (:func:`baseline_period`) and its latest (the last with England's value)."""
    periods = df.drop_duplicates("period")[["period", "period_end"]]
    eng = england(df)
    return baseline_period(periods, lag), (eng["period"].iloc[-1] if len(eng) else None)


def published_changes(df: pd.DataFrame, level: str, base: str, latest: str) -> pd.DataFrame:
    """Each area of ``level`` with a published value in both periods: ``area_code, area_name, before,
    after, change`` (the change as published, with no interval)."""
    cols = ["area_code", "area_name", "value"]
    both = local(df, level, base)[cols].merge(local(df, level, latest)[cols], on="area_code", suffixes=("_0", "_1"))
    return pd.DataFrame({"area_code": both["area_code"], "area_name": both["area_name_1"], "before": both["value_0"],
                         "after": both["value_1"], "change": both["value_1"] - both["value_0"]})


def england(df: pd.DataFrame) -> pd.DataFrame:
    """England's rows with a value, in time order."""
    return df[(df["level"] == "england") & df["value"].notna()].sort_values("period_end").reset_index(drop=True)


def local(df: pd.DataFrame, level: str, period: str) -> pd.DataFrame:
    """The areas of one level with a value in one period."""
    return df[(df["level"] == level) & (df["period"] == period) & df["value"].notna()]


def has_intervals(a: pd.DataFrame) -> bool:
    return len(a) > 0 and float(a["lci"].notna().mean()) >= CI_SHARE


# --------------------------------------------------------------------------------------------
# gaps


def descriptive_gap(values, gap: str, tail: float) -> float:
    """The gap as published (no intervals): the top ``tail`` share's mean minus the bottom share's
    (``tenths``) or all the others' (``top_rest``), or highest minus lowest (``range``)."""
    v = np.sort(np.asarray(values, dtype=float))
    if gap == "range":
        return float(v[-1] - v[0])
    k = gapstats.tail_size(len(v), tail)
    return float(v[-k:].mean() - (v[:-k] if gap == "top_rest" else v[:k]).mean())


def measured_gap(a: pd.DataFrame, params: Params, seed: list[int]) -> gapstats.Gap:
    """The gap across areas ``a`` with ONS's 95% intervals, corrected for noise (:mod:`analysis.stats.gaps`)."""
    a = a.dropna(subset=["value", "lci", "uci"])
    se = gapstats.se_from_ci(a["lci"], a["uci"], 0.95)
    return gapstats.gap(params.gap, a["value"], se, share=params.tail, level=params.level, draws=params.draws,
                        seed=seed)


def descriptive_verdict(before: float, after: float, tolerance: float) -> str:
    """The rule for a gap without intervals: a move beyond ``tolerance`` of the baseline gap counts."""
    if after < before - tolerance * abs(before):
        return "closing (descriptive)"
    if after > before + tolerance * abs(before):
        return "widening (descriptive)"
    return "no clear change (descriptive)"


GAP_WORDS = {"narrowed": "closing", "widened": "widening", "no clear change": "no clear change"}


def aim_verdict(base: float, base_mid: pd.Timestamp, latest: float, latest_mid: pd.Timestamp, aim: float) -> tuple:
    """England's latest value against the straight line from the baseline to ``aim`` at the end of 2030:
    (the line's value at the latest period, the verdict)."""
    end = pd.Timestamp("2030-12-31")
    share = (latest_mid - base_mid) / (end - base_mid)
    path = base + (aim - base) * share
    ahead = latest >= path if aim >= base else latest <= path
    return path, ("on the path to the 2030 aim" if ahead else "behind it")


def area_changes(a0: pd.DataFrame, a1: pd.DataFrame, level: float) -> pd.DataFrame:
    """Every area with an interval in both periods: its change, the change's interval and its verdict."""
    cols = ["area_code", "area_name", "value", "lci", "uci"]
    both = a0[cols].dropna().merge(a1[cols].dropna(), on="area_code", suffixes=("_0", "_1"))
    se = np.hypot(gapstats.se_from_ci(both["lci_0"], both["uci_0"]), gapstats.se_from_ci(both["lci_1"], both["uci_1"]))
    half = gapstats.z_of(level) * se
    ch = both["value_1"] - both["value_0"]
    verdict = np.where(ch - half > 0, "clearly rose", np.where(ch + half < 0, "clearly fell", "no clear change"))
    return pd.DataFrame({"area_code": both["area_code"], "area_name": both["area_name_1"], "before": both["value_0"],
                         "after": both["value_1"], "change": ch, "lower": ch - half, "upper": ch + half,
                         "verdict": verdict})


def middle(p: pd.Series) -> pd.Timestamp:
    s, e = pd.Timestamp(p["period_start"]), pd.Timestamp(p["period_end"])
    return s + (e - s) / 2


def summary_row(m: Mission, df: pd.DataFrame, params: Params) -> tuple[dict, pd.DataFrame | None]:
    """One mission's line: England's latest value and change since the baseline, the gap then and now,
    the verdicts; and its areas' changes where ONS gives intervals (else None)."""
    row = {"mission": m.number, "aim": m.aim, "metric": m.metric, "areas": m.areas, "aim_2030": m.aim_2030,
           "note": m.note}
    eng = england(df)
    periods = df.drop_duplicates("period")[["period", "period_label", "period_start", "period_end"]]
    base = baseline_period(periods, params.lag)
    latest = eng.iloc[-1] if len(eng) else None
    row |= {"latest_period": None if latest is None else latest["period_label"],
            "england_latest": np.nan if latest is None else latest["value"],
            "baseline_period": None if base is None else periods.set_index("period").loc[base, "period_label"]}
    reason = m.reason or why_not(periods, base, latest)
    e0 = eng[eng["period"] == base]
    row["england_baseline"] = e0["value"].iloc[0] if len(e0) else np.nan
    row["england_change"] = row["england_latest"] - row["england_baseline"]
    row["baseline_mid"] = middle(e0.iloc[0]) if len(e0) else pd.NaT
    row["latest_mid"] = pd.NaT if latest is None else middle(latest)
    if reason:
        return row | {"verdict": f"cannot be judged: {reason}", "gap_verdict": "", "aim_verdict": "",
                      "intervals": False}, None
    a0, a1 = local(df, m.level, base), local(df, m.level, latest["period"])
    with_ci = has_intervals(a0) and has_intervals(a1)
    row |= {"n_areas_baseline": len(a0), "n_areas_latest": len(a1), "intervals": with_ci}
    changed = None
    if with_ci:
        seeds = [[params.seed, m.number, int(pd.Timestamp(p["period_start"]).year)] for p in (e0.iloc[0], latest)]
        g0, g1 = measured_gap(a0, params, seeds[0]), measured_gap(a1, params, seeds[1])
        c = gapstats.change(g0, g1)
        row |= {"gap_baseline": g0.estimate, "gap_baseline_lo": g0.lower, "gap_baseline_hi": g0.upper,
                "gap_latest": g1.estimate, "gap_latest_lo": g1.lower, "gap_latest_hi": g1.upper,
                "gap_change": c.estimate, "gap_change_lo": c.lower, "gap_change_hi": c.upper,
                "gap_verdict": GAP_WORDS[c.verdict]}
        changed = area_changes(a0, a1, params.level)
        counts = changed["verdict"].value_counts()
        row["areas_matched"] = len(changed)
        row |= {k.replace(" ", "_"): int(counts.get(k, 0)) for k in ("clearly rose", "no clear change", "clearly fell")}
    else:
        g0, g1 = (descriptive_gap(a["value"], params.gap, params.tail) for a in (a0, a1))
        row |= {"gap_baseline": g0, "gap_latest": g1, "gap_change": g1 - g0,
                "gap_verdict": descriptive_verdict(g0, g1, params.tolerance)}
    row["aim_verdict"] = ""
    if m.aim_2030 is not None:
        row["aim_path"], row["aim_verdict"] = aim_verdict(row["england_baseline"], middle(e0.iloc[0]),
                                                          row["england_latest"], middle(latest), m.aim_2030)
    row["verdict"] = "; ".join(v for v in (f"gap {row['gap_verdict']}", row["aim_verdict"]) if v)
    return row, changed


def why_not(periods: pd.DataFrame, base: str | None, latest) -> str:
    """Why a metric cannot be judged against the baseline ('' if it can)."""
    if latest is None:
        return "no value for England"
    if len(periods) == 1:
        return f"one period only ({periods['period_label'].iloc[0]})"
    if base is None:
        return f"no period before the White Paper (the first is {periods.sort_values('period_end')['period_label'].iloc[0]})"
    if base == latest["period"]:
        return f"the series ended in {latest['period_label']}, before the White Paper"
    return ""


def spread(df: pd.DataFrame, level: str) -> pd.DataFrame:
    """Per period: England's value and the areas' lowest, tenth percentile, median, ninetieth percentile
    and highest values."""
    a = df[(df["level"] == level) & df["value"].notna()]
    q = a.groupby("period")["value"].describe(percentiles=[0.1, 0.5, 0.9])[["count", "min", "10%", "50%", "90%", "max"]]
    q = q.rename(columns={"count": "n_areas", "10%": "p10", "50%": "median", "90%": "p90"})
    e = england(df).set_index("period")["value"].rename("england")
    ends = df.drop_duplicates("period").set_index("period")[["period_label", "period_end"]]
    return ends.join(q, how="inner").join(e).sort_values("period_end").reset_index()
