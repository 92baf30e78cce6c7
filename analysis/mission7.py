"""Tracking mission 7: the gap in healthy life expectancy (HLE) between local areas, 2011-13 to 2021-23.

Data: ``loaders.hle_series()`` (Fingertips indicator 90362, 2025-04-22 vintage, ONS HLE at birth by
sex, 3-year periods). **Coverage:** single-tier local authorities only (unitaries, metropolitan
districts, London boroughs; 2023 geography) plus England. Shire districts and counties are not in
this series, so every gap here is a gap among single-tier areas, not the mission's all-LA metric.
Values are rounded to 1 dp upstream and have no confidence intervals.

Two gap measures, per period and sex, over the areas with a value in that period:

- ``range``: highest minus lowest area;
- ``decile``: mean of the top ``tail`` share of areas minus mean of the bottom ``tail`` share, where
  the group size is k = ceil(tail x n) areas (n = areas with a value; 13 of 130 for tail = 0.1).
  Ties at a group's boundary are broken by area code, so each group has exactly k areas.
"""

from __future__ import annotations

import math

import pandas as pd

from . import loaders

ANALYSIS = "mission7"
ENGLAND = "E92000001"
SEXES = ("male", "female")
MEASURES = ("range", "decile")


def check_sex(sex: str) -> list[str]:
    """``male``/``female`` -> that sex; ``both`` -> both."""
    if sex == "both":
        return list(SEXES)
    if sex not in SEXES:
        raise ValueError(f"sex must be one of: male, female, both (not {sex!r})")
    return [sex]


def check_tail(tail: float) -> float:
    if not isinstance(tail, (int, float)) or isinstance(tail, bool) or not 0 < tail <= 0.5:
        raise ValueError(f"tail must be a share between 0 and 0.5 (e.g. 0.1 for deciles), not {tail!r}")
    return float(tail)


def parse_codes(text: str, known: set[str]) -> list[str]:
    """``"E06000017, E06000053"`` -> codes; ``"none"``/``""`` -> []. Unknown codes stop with a message."""
    if not isinstance(text, str):
        raise ValueError(f"exclude must be a string of area codes separated by commas, not {text!r}")
    if text.strip().lower() in ("", "none"):
        return []
    codes = [t.strip() for t in text.split(",") if t.strip()]
    bad = [c for c in codes if c not in known]
    if bad:
        raise ValueError(f"exclude: unknown area code(s) {bad}; expected 2023 single-tier LA codes in hle_series "
                         f"(E06/E08/E09...), e.g. E06000017 (Rutland)")
    return codes


def _check_frame(df: pd.DataFrame) -> None:
    need = ["area_code", "area_name", "period", "sex", "hle"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"hle table: missing column(s) {missing}; expected {need} (as from loaders.hle_series())")


def areas(df: pd.DataFrame, exclude: list[str] | tuple = ()) -> pd.DataFrame:
    """The local-area rows (England dropped), without the excluded codes."""
    _check_frame(df)
    return df[(df["area_code"] != ENGLAND) & ~df["area_code"].isin(list(exclude))]


def coverage(df: pd.DataFrame) -> pd.DataFrame:
    """Per period and sex: area codes listed, areas with a value, and those with none (by name)."""
    a = areas(df)
    out = a.groupby(["period", "sex"]).agg(
        areas_listed=("area_code", "nunique"), areas_with_value=("hle", "count"),
        no_value=("area_name", lambda s: "; ".join(sorted(s[a.loc[s.index, "hle"].isna()]))))
    return out.reset_index()


def tail_size(n: int, tail: float) -> int:
    """Areas in each tail group: ceil(tail x n), at least 1 (n = areas with a value)."""
    check_tail(tail)
    if n < 2:
        raise ValueError(f"need at least 2 areas with a value to measure a gap, found {n}")
    return max(1, math.ceil(round(tail * n, 9)))


def gap_one(values: pd.DataFrame, tail: float = 0.1) -> dict:
    """The gaps for one period and sex. ``values`` has columns area_code, area_name, hle (no NA)."""
    v = values.dropna(subset=["hle"]).sort_values(["hle", "area_code"]).reset_index(drop=True)
    n = len(v)
    k = tail_size(n, tail)
    lo, hi = v["hle"].iloc[0], v["hle"].iloc[-1]
    bottom, top = v.iloc[:k]["hle"].mean(), v.iloc[n - k:]["hle"].mean()
    names = lambda x: "; ".join(sorted(v.loc[v["hle"] == x, "area_name"]))  # noqa: E731 - every tied area
    return {"n_areas": n, "k": k, "highest": hi, "highest_area": names(hi), "lowest": lo, "lowest_area": names(lo),
            "range_gap": round(hi - lo, 1),  # both ends are printed to 1 dp: the difference is exact at 1 dp
            "top_mean": top, "bottom_mean": bottom, "decile_gap": top - bottom}


def gaps(df: pd.DataFrame, sex: str = "both", tail: float = 0.1, exclude: list[str] | tuple = ()) -> pd.DataFrame:
    """One row per period and sex: areas used, highest and lowest (with names), both gap measures.

    Where areas tie for highest or lowest, all of them are named.
    """
    sexes = check_sex(sex)
    check_tail(tail)
    a = areas(df, exclude)
    a = a[a["sex"].isin(sexes)]
    if a.empty:
        raise ValueError("no local-area rows left for the chosen sex and exclusions")
    rows = []
    for (period, s), g in a.groupby(["period", "sex"], sort=True):
        rows.append({"period": period, "sex": s, **gap_one(g, tail)})
    out = pd.DataFrame(rows)
    return out.sort_values(["sex", "period"], key=lambda c: c.map({"male": 0, "female": 1}) if c.name == "sex" else c
                           ).reset_index(drop=True)


def england(df: pd.DataFrame, sex: str = "both") -> pd.DataFrame:
    """England's HLE by period and sex (the country row of the series)."""
    _check_frame(df)
    e = df[(df["area_code"] == ENGLAND) & df["sex"].isin(check_sex(sex))]
    if e.empty:
        raise ValueError(f"no England row ({ENGLAND}) in the HLE table")
    return e[["period", "sex", "hle"]].rename(columns={"hle": "england_hle"}).reset_index(drop=True)


def change(g: pd.DataFrame, measure: str = "range") -> pd.DataFrame:
    """First and last period's gap and the change, per sex."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of: range, decile (not {measure!r})")
    col = f"{measure}_gap"
    rows = []
    for s, d in g.sort_values("period").groupby("sex", sort=False):
        rows.append({"sex": s, "first_period": d["period"].iloc[0], "first_gap": d[col].iloc[0],
                     "last_period": d["period"].iloc[-1], "last_gap": d[col].iloc[-1],
                     "change": d[col].iloc[-1] - d[col].iloc[0]})
    return pd.DataFrame(rows)


def load() -> pd.DataFrame:
    """The HLE series (a thin wrapper so the notebook never reads a path)."""
    return loaders.hle_series()
