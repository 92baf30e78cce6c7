"""What the missions tracker gives the "your area" page: for each mission whose metric ONS publishes for
local authorities, each LA of 2019's latest value, its change since the tracker's baseline, and whose
figure it is.

Each LA of 2019 takes the value of the current area that covers it (the LAs of April 2023, Barnsley and
Sheffield on their 2025 codes: :func:`analysis.data.geography.lad19_current`, from the geography's own
tables of mergers and re-codes): its own, or that of the 2023 unitary it became part of. Where ONS
publishes no value for a district of a county still two-tier in 2023 but does for the county, the LA
takes its county's (the page's ``upper_code``), and its words say so. The change is the same area's
latest value less its value in the tracker's baseline period (:func:`compute.baseline_period`, default
settings); a metric with one period, or whose series ended before the White Paper, shows no change.

Left out: missions 2 and 12 (regions only), 7 (already on the page, through mission 7's series) and 11
(police force areas: no lookup from local authorities to police force areas in the data).

Ranks count each area whose value is shown once (``rank_unit`` is the column of that area's code): the
LAs of 2023 with their own value, and a county standing in for its districts counted once, not once per
district; LAs merged into one unitary share its rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data import geography, loaders
from analysis.studies.missions import MISSIONS, STUDY, compute
from analysis.studies.study import AreaFigure, AreaPart

#: how an LA's figure was found (``mission<N>_how``)
OWN, UNITARY, COUNTY = "own", "unitary", "county"


@dataclass(frozen=True)
class Shown:
    """How the page shows one mission's metric: a plain label (the period is added from the data), the
    unit, the decimals, the rank's direction and meaning, how a change is written, and whether it is
    folded under "More figures"."""

    label: str
    short: str            # the metric in a few words, for the page's prose
    unit: str
    decimals: int
    rank: str
    rank_meaning: str
    change: str           # a format for the size of a change: "£{:,.0f}", "{:.1f} points"
    more: bool = True


SHOWN: dict[int, Shown] = {
    1: Shown("Median weekly pay of employees", "pay", "£", 0, "highest", "1 = highest pay", "£{:,.0f}", more=False),
    3: Shown("Minutes to the nearest centre of 500 to 4,999 jobs by public transport or walking",
             "travel time to work", "minutes", 1,
             "lowest", "1 = shortest journey", "{:.1f} minutes"),
    4: Shown("Premises with gigabit-capable broadband", "broadband", "%", 1, "highest", "1 = widest coverage",
             "{:.1f} points"),
    5: Shown("Pupils at the expected standard in reading, writing and maths at 11", "primary school results", "%", 0, "highest",
             "1 = highest share", "{:.0f} points", more=False),
    6: Shown("Further education and skills achievements, per 100,000 people aged 19 and over",
             "skills training", "", 0, "highest",
             "1 = most achievements per person", "{:,.0f}"),
    8: Shown("Mean life satisfaction (out of 10)", "life satisfaction", "", 2, "highest", "1 = most satisfied", "{:.2f}"),
    9: Shown("Adults who engaged with the arts in the year", "the arts", "%", 1, "highest", "1 = highest share",
             "{:.1f} points"),
    10: Shown("First-time buyer mortgages per 1,000 dwellings", "first-time buyers", "", 1, "highest", "1 = most first-time buyers",
              "{:.1f}"),
}
#: the missions the page does not show, and why (for the report and the study's docstring)
LEFT_OUT = {2: "published for regions only", 7: "on the page already, through mission 7's own series",
            11: "published for police force areas, and the data hold no lookup from local authorities to them",
            12: "published for regions only"}
LEVELS = ("lad", "county")


def column(number: int) -> str:
    return f"mission{number}"


def period_words(label: str) -> str:
    """A period as the page writes it: ONS's "30 April 2025" (a survey date) as "April 2025"; others as published."""
    return re.sub(r"^\d{1,2} (?=[A-Z][a-z]+ \d{4}$)", "", str(label))


def current_codes(places: pd.DataFrame, current: set[str]) -> pd.Series:
    """The current LA that covers each LA of 2019 (:func:`analysis.data.geography.lad19_current`: mergers of
    2019-2023, Barnsley's and Sheffield's re-codes), checked against the current LAs ``current``: an LA
    leading to none of them stops with its code."""
    now = geography.lad19_current(places["code"])["area_code"].set_axis(places.index)
    bad = sorted(places.loc[~now.isin(current), "code"])
    if bad:
        raise ValueError(f"LAs of 2019 whose current LA is not among the current LAs: {bad}")
    return now


def _latest(df: pd.DataFrame) -> pd.Series:
    eng = compute.england(df)
    if eng.empty:
        raise ValueError("missions: a metric with no value for England has no latest period")
    return eng.iloc[-1]


def _change_words(shown: Shown, change: float, base_label: str) -> str:
    if np.isclose(change, 0, atol=0.5 * 10 ** -shown.decimals):
        return f"no change since {base_label}"
    size = shown.change.format(abs(change))
    if re.match(r"^£?1(\.0+)? ", size):  # one point, one minute
        size = re.sub(r"(point|minute)s$", r"\1", size)
    return f"{'up' if change > 0 else 'down'} {size} since {base_label}"


def join_mission(number: int, places: pd.DataFrame, df: pd.DataFrame, current: pd.Series, base: str | None,
                 shown: Shown) -> tuple[pd.DataFrame, geography.Reconciliation]:
    """One mission's figure for each LA of 2019 of ``places`` (``code, name, code_2023, upper_code,
    upper_name, county``, ``name_2023``), from its rows ``df`` (:data:`compute.COLUMNS`) on current codes: ``current`` is
    each LA's current code (:func:`current_codes`, aligned with ``places``) and ``base`` the tracker's
    baseline period. Columns ``mission<N>`` (the latest value), ``_change`` (since the baseline, where the
    same area has both), ``_area`` (the code of the area whose value is shown), ``_how`` (own, unitary,
    county) and ``_detail`` (in words); and the join's report."""
    loaders.require_columns(df, compute.COLUMNS, f"mission {number}'s rows")
    loaders.require_columns(places, ["code", "name", "code_2023", "name_2023", "upper_code", "upper_name", "county"], "the LAs of 2019")
    col = column(number)
    latest = _latest(df)
    periods = df.drop_duplicates("period")[["period", "period_label", "period_start", "period_end"]]
    labels = dict(zip(periods["period"], periods["period_label"].map(period_words)))
    no_change = compute.why_not(periods, base, latest)
    rows = df[df["level"].isin(LEVELS) & df["area_code"].str.startswith("E")]
    now = rows[(rows["period"] == latest["period"]) & rows["value"].notna()]
    then = rows[(rows["period"] == base) & rows["value"].notna()] if not no_change else rows.iloc[:0]
    lad_now = dict(zip(now.loc[now["level"] == "lad", "area_code"], now.loc[now["level"] == "lad", "value"]))
    county_now = dict(zip(now.loc[now["level"] == "county", "area_code"], now.loc[now["level"] == "county", "value"]))
    before = dict(zip(then["area_code"], then["value"]))
    names = dict(zip(rows["area_code"], rows["area_name"]))

    t = places[["code", "name", "code_2023", "name_2023", "upper_code", "upper_name", "county"]].reset_index(drop=True)
    cur = pd.Series(list(current), index=t.index)
    own = cur.isin(set(lad_now))
    fallback = ~own & t["county"] & t["upper_code"].isin(set(county_now))
    area = cur.where(own, t["upper_code"].where(fallback))
    how = pd.Series(np.select([own & (t["code_2023"] == t["code"]), own, fallback], [OWN, UNITARY, COUNTY], None),
                    index=t.index).where(area.notna())
    value = area.map(lad_now).where(own, area.map(county_now))
    change = value - area.map(before)
    period = labels[latest["period"]]

    def detail(i) -> str | None:
        """The change since the baseline (where there is one) and whose figure it is, in few words: the
        page embeds one per LA and figure (the period and the baseline are in the label and the note)."""
        if pd.isna(area[i]):
            return None
        said = []
        if not no_change:
            said.append(f"no figure for {labels[base]}" if pd.isna(change[i]) else _change_words(shown, change[i], labels[base]))
        if how[i] == COUNTY:
            said.append(f"{t.at[i, 'upper_name']}'s figure: ONS publishes this for the county")
        elif how[i] == UNITARY:
            said.append(f"{t.at[i, 'name_2023']}'s figure")  # the card says it is now part of it
        words = "; ".join(said)
        return words[:1].upper() + words[1:] if words else None

    out = pd.DataFrame({"code": t["code"], col: value, f"{col}_change": change, f"{col}_area": area,
                        f"{col}_how": how, f"{col}_detail": [detail(i) for i in t.index]})

    # what did not match, and why
    with_value = rows[rows["value"].notna()]
    def why_missing(i) -> str:
        c = cur[i]
        if ((rows["area_code"] == c) & (rows["period"] == latest["period"])).any():
            return f"ONS's row for {names.get(c, c)} in {period} has no value" + (
                f", nor for {t.at[i, 'upper_name']}" if t.at[i, "county"] else "")
        earlier = with_value[with_value["area_code"] == c]
        if len(earlier):
            last = earlier.sort_values("period_end")["period"].iloc[-1]
            return f"ONS gives {names.get(c, c)} a value up to {labels[last]}, none for {period}"
        year = geography.SUCCESSOR_YEAR.get(c, 2019 if c in geography.MERGED_2019 else None)
        if year and pd.Timestamp(latest["period_start"]) < pd.Timestamp(year, 4, 1):
            made = "it" if c == t.at[i, "code"] else f"{t.at[i, 'name_2023']}, the unitary it became part of,"
            return f"not in ONS's file: {made} was made in April {year}, after the latest period ({period}) began"
        return "unexplained: not in ONS's file"

    missing = t.index[area.isna()]
    used = set(area.dropna())
    unused = now[~now["area_code"].isin(used)].drop_duplicates("area_code")
    county_lists = t.groupby("upper_code")["county"].any()

    def why_unused(code: str, level: str) -> str:
        if level == "county" and county_lists.get(code, False):
            return "a county whose districts all have their own figure"
        return "unexplained: covers no LA of 2019"

    rec = geography.Reconciliation(
        name=f"LADs of 2019 -> mission {number}'s latest period (own current code, its 2023 unitary, else its county)",
        left_label="LADs of 2019", right_label=f"mission {number}, {period}", matched=len(t) - len(missing),
        unmatched_left=pd.DataFrame({"key": t.loc[missing, "code"], "name": t.loc[missing, "name"],
                                     "reason": [why_missing(i) for i in missing]}, columns=["key", "name", "reason"]
                                    ).reset_index(drop=True),
        unmatched_right=pd.DataFrame({"key": unused["area_code"], "name": unused["area_name"],
                                      "reason": [why_unused(c, lv) for c, lv in zip(unused["area_code"], unused["level"])]},
                                     columns=["key", "name", "reason"]).sort_values("key").reset_index(drop=True))
    return out, rec


def figure(number: int, df: pd.DataFrame, shown: Shown, base: str | None, n_counties: int) -> AreaFigure:
    """The page's figure for one mission: its label carries the latest period and its note the tracker's
    baseline, or why no change is shown, both from the data."""
    latest = _latest(df)
    periods = df.drop_duplicates("period")
    no_change = compute.why_not(periods, base, latest)
    if len(periods) == 1:
        since = "ONS publishes one period only, so no change is shown"
    elif no_change:
        since = f"no change is shown: {no_change}"
    else:
        since = (f"the change is since {period_words(periods.set_index('period').at[base, 'period_label'])}, "
                 "the tracker's baseline")
    among = "local authorities" + (" and counties (a county counted once where it stands in for its districts)"
                                   if n_counties else "")
    return AreaFigure(column(number), f"{shown.label}, {period_words(latest['period_label'])}",
                      int(pd.Timestamp(latest["period_end"]).year), shown.unit, shown.decimals, rank=shown.rank,
                      rank_meaning=shown.rank_meaning, rank_unit=f"{column(number)}_area", among=among,
                      note=f"White Paper mission {number}: {since}",
                      detail=f"{column(number)}_detail", more=shown.more)


def facts(tables: dict[int, pd.DataFrame], baselines: dict[int, str]) -> dict:
    """What the page's prose quotes: how many LAs take a county's figure, for which metrics, and the
    baselines (``baselines``: each metric's baseline period in words, for those that show a change)."""
    county = {n: int((t[f"{column(n)}_how"] == COUNTY).sum()) for n, t in tables.items()}
    short = {n: SHOWN[n].short for n in tables}
    return {"n_missions_shown": len(tables), "n_missions_county": int(sum(county.values())),
            "missions_county_metrics": geography.names.and_list(short[n] for n, k in county.items() if k),
            "missions_baselines": geography.names.and_list(f"{b} for {short[n]}" for n, b in baselines.items())}


def area(places: pd.DataFrame) -> AreaPart:
    inputs = compute.load()
    params = STUDY.params.defaults()
    ref = loaders.els_current_areas()
    current = current_codes(places, set(ref.loc[ref["level"] == "lad", "area_code"]))
    table, figures, joins, baselines, tables = places[["code"]].copy(), [], {}, {}, {}
    for m in MISSIONS:
        if m.number not in SHOWN:
            continue
        df = inputs.frames[m.number]
        periods = df.drop_duplicates("period")[["period", "period_label", "period_start", "period_end"]]
        base = compute.baseline_period(periods, params.lag)
        if not compute.why_not(periods, base, _latest(df)):
            baselines[m.number] = period_words(periods.set_index("period").at[base, "period_label"])
        t, rec = join_mission(m.number, places, df, current, base, SHOWN[m.number])
        tables[m.number] = t
        table = table.merge(t, on="code", how="left", validate="one_to_one")
        n_counties = int(t.loc[t[f"{column(m.number)}_how"] == COUNTY, f"{column(m.number)}_area"].nunique())
        figures.append(figure(m.number, df, SHOWN[m.number], base, n_counties))
        joins[f"missions_{m.number}"] = rec
    return AreaPart(table, tuple(figures), joins, facts(tables, baselines))
