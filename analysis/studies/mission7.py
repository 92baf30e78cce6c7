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

import numpy as np
import pandas as pd

from analysis.data import loaders

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


# --------------------------------------------------------------------------------------------
# figure (house style: call figures.use_style() first)

SEX_COLOURS = {"male": "#0072B2", "female": "#D55E00"}


def figure_gaps(g: pd.DataFrame, eng: pd.DataFrame | None = None, measure: str = "range", tail: float = 0.1):
    """Gap over time by sex (left), and England's HLE with the highest and lowest area (right)."""
    import matplotlib.pyplot as plt

    from analysis import figures

    if measure not in MEASURES:
        raise ValueError(f"measure must be one of: range, decile (not {measure!r})")
    other = "decile" if measure == "range" else "range"
    label = {"range": "highest minus lowest area", "decile": f"top {tail:.0%} minus bottom {tail:.0%} of areas (means)"}
    fig, axes = plt.subplots(1, 2, figsize=(12, 5))
    ax = axes[0]
    periods = sorted(g["period"].unique())
    x = np.arange(len(periods))
    for s, d in g.groupby("sex", sort=False):
        d = d.set_index("period").reindex(periods)
        c = SEX_COLOURS[s]
        ax.plot(x, d[f"{measure}_gap"], marker="o", color=c, lw=2, label=f"{s}: {label[measure]}")
        ax.plot(x, d[f"{other}_gap"], marker=".", color=c, lw=1, ls="--", alpha=0.7, label=f"{s}: {label[other]}")
    ax.set_xticks(x, periods, rotation=45, ha="right")
    ax.set_ylim(0, g[["range_gap", "decile_gap"]].to_numpy().max() * 1.25)
    ax.set_ylabel("gap in healthy life expectancy (years)")
    ax.set_xlabel("3-year period")
    ax.set_title("Gap between areas", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    ax = axes[1]
    for s, d in g.groupby("sex", sort=False):
        d = d.set_index("period").reindex(periods)
        c = SEX_COLOURS[s]
        ax.plot(x, d["highest"], color=c, lw=1, ls=":", label=f"{s}: highest area")
        ax.plot(x, d["lowest"], color=c, lw=1, ls="--", label=f"{s}: lowest area")
        if eng is not None:
            e = eng[eng["sex"] == s].set_index("period").reindex(periods)
            ax.plot(x, e["england_hle"], color=c, lw=2, marker="o", label=f"{s}: England")
    ax.set_xticks(x, periods, rotation=45, ha="right")
    ax.set_ylabel("healthy life expectancy at birth (years)")
    ax.set_xlabel("3-year period")
    ax.set_title("England, and the highest and lowest area", fontsize=10)
    lo = np.nanmin(g["lowest"].to_numpy())
    ax.set_ylim(lo - 10, np.nanmax(g["highest"].to_numpy()) + 2)  # room below for the legend
    ax.legend(fontsize=8, loc="lower center", ncol=3)
    first, last = periods[0], periods[-1]
    words, signs = [], []
    for s, d in g.groupby("sex", sort=False):
        a, b = d.set_index("period").loc[[first, last], f"{measure}_gap"]
        words.append(f"{s} {a:.1f} to {b:.1f}")
        signs.append(np.sign(round(b - a, 6)))
    verb = "widened" if all(v > 0 for v in signs) else "narrowed" if all(v < 0 for v in signs) else "changed"
    n = int(g["n_areas"].min())
    figures.finish(fig, title=f"The HLE gap ({measure}) {verb} between {first} and {last} ({'; '.join(words)} years)",
                    subtitle=f"{n} single-tier local authorities only (2023 geography); shire districts and counties are "
                             f"not in this series",
                    source="ONS healthy life expectancy via OHID Fingertips (indicator 90362), 2025-04-22 extract")
    return fig


# --------------------------------------------------------------------------------------------
# the ledger: published values the series is checked against

SOURCE = "ONS healthy life expectancy via OHID Fingertips 90362 (2025-04-22 vintage), as documented in data/hle_series/SOURCE.md"

#: published check values (male HLE, years) quoted in data/hle_series/SOURCE.md for this vintage
PUBLISHED_MALE = {
    (ENGLAND, "England", "2011-13"): "63.0", (ENGLAND, "England", "2021-23"): "61.5",
    ("E06000009", "Blackpool", "2011-13"): "55.3", ("E06000009", "Blackpool", "2021-23"): "51.8",
    ("E09000027", "Richmond upon Thames", "2011-13"): "68.3", ("E09000027", "Richmond upon Thames", "2021-23"): "69.5",
    ("E09000030", "Tower Hamlets", "2011-13"): "56.8", ("E09000030", "Tower Hamlets", "2021-23"): "60.0",
}


def claims_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The series' values against the published check values (kind ``coefficient``: equal at 1 dp)."""
    from analysis.ledger import claims

    _check_frame(df)
    male = df[df["sex"] == "male"].set_index(["area_code", "period"])["hle"]
    rows = []
    for (code, name, period), pub in PUBLISHED_MALE.items():
        val = male.get((code, period))
        rows.append(claims.claim(
            f"mission7_hle_male_{name.lower().replace(' ', '_')}_{period}", ANALYSIS,
            f"Male healthy life expectancy at birth, {name}, {period}", pub,
            None if val is None or pd.isna(val) else float(val), "coefficient", source=SOURCE,
            note="a check that the series loaded is the vintage documented; no published figure for the gap exists in the sources",
            page="hle_series SOURCE.md"))
    return claims.ledger(rows)
