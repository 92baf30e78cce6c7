"""ONS Explore Local Statistics (ELS): one loader for the indicator files of the White Paper's missions.

Every ELS file has one long layout (``areacd, areanm, geography, indicator, period, observation,
measure, unit, lci_95, uci_95, status, notes``, in either column order), and the three oldest snapshots
an earlier one (``AREACD, ... Value or Observation, ... Observation Status, Polarity, Notes``): both are
read by column name. :data:`ELS_DATASETS` declares each file once (its indicators and their value
ranges, unit, row count, the levels of geography it publishes); :func:`els` returns a dataset's tidy
table, :func:`els_set_aside` the rows it did not carry forward and why, :func:`els_join` its join to the
current areas with the report of what did not match.

What the parse does, for every file:

- reads UTF-8 with or without a byte-order mark, Windows or Unix line endings;
- parses each period format into ``period_start``, ``period_end`` (inclusive), ``period_months`` (0
  for a single date), ``period_type`` and a readable ``period_label`` (:func:`parse_periods`):
  ``2019-01-01/P1Y`` (calendar year "2019"), ``2019-04-01/P1Y`` (financial year "2019/20"),
  ``2019-08-01/P1Y`` and ``2019-09-01/P1Y`` (academic year "2019/20"), ``2014-04-01/P3Y`` (three
  financial years "2014/15 to 2016/17"), ``2025-04-30`` (a date, "30 April 2025"; the first of a month
  reads as the month, "January 2026"), ``2022-09`` (a month) and ``2023-01-13T00:00:00`` (a date);
- keeps ONS's status codes as data (``status``: x unavailable, u low reliability, c confidential; the
  value is then empty) rather than dropping the rows;
- puts the rows on current codes and sets aside the rows ONS marks as obsolete codes, and rows listed
  twice (:func:`analysis.data.geography.to_current`): Barnsley and Sheffield take their 2025 codes,
  GVA's and the culture file's ITL1 rows become England's and the regions' GSS codes;
- validates the result against a pandera schema: one row per area, period and indicator; values in
  the declared range; each interval around its value; every empty value carrying a status code.

Caveats of each file are in ``data/sources.yml``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.data.geography.current import JOINED_LEVELS, LEVELS, current_areas, reconcile_current, to_current
from analysis.data.geography.reconcile import Reconciliation
from analysis.data.loaders.core import cached, require_columns, validate
from analysis.data.loaders.places import population_2022
from analysis.errors import DataError

#: ONS's status codes (ELS convention); a row with a code has no value
STATUS = {"x": "unavailable", "u": "low reliability", "c": "confidential"}

SHARE = (0.0, 100.0)
SCORE_0_10 = (0.0, 10.0)
POSITIVE = (math.nextafter(0.0, 1.0), math.inf)
NON_NEGATIVE = (0.0, math.inf)
ALL_LEVELS = JOINED_LEVELS


@dataclass(frozen=True)
class ElsDataset:
    """One ELS file as the loader expects it."""

    dataset: str  #: the registry dataset
    file: str  #: the CSV in the registry
    mission: int  #: the White Paper mission it measures (ONS's tagging)
    label: str  #: what it measures, in plain words
    unit: str  #: the file's ``unit`` on every row
    indicators: dict[str, tuple[float, float]]  #: indicator -> closed range of its values
    rows: int  #: data rows in the raw file
    levels: tuple[str, ...] = ALL_LEVELS  #: which of England, regions, counties, LAs the file publishes
    itl1_as_regions: bool = False  #: England and the regions given under ITL1 codes only
    ci_tolerance: float = 0.0  #: how far a value may sit outside its interval (rounding of published figures)
    unflagged_missing: int = 0  #: empty values that carry no status code
    extra: tuple[str, ...] = field(default=())  #: columns of the older layout read and dropped


_MINUTES = (math.nextafter(0.0, 1.0), 24 * 60.0)
_OLD = ("Variable Name", "Mission", "Category", "Polarity")

#: every ELS dataset, by registry id
ELS_DATASETS: dict[str, ElsDataset] = {d.dataset: d for d in [
    ElsDataset("gross_median_weekly_pay", "gross-median-weekly-pay.csv", 1, "median gross weekly pay, all employees (£)",
               "£", {"Gross median weekly pay": POSITIVE}, 7109),
    ElsDataset("employment_rate", "employment-rate.csv", 1, "employment rate, people aged 16 to 64 (%)", "%",
               {"Employment rate": SHARE, "Economically inactive": SHARE}, 16080),
    ElsDataset("gross_value_added", "gross-value-added.csv", 1, "gross value added per hour worked and per job (£)",
               "£", {"Gross value added per hour worked": POSITIVE, "Gross value added per filled job": POSITIVE},
               16402, levels=("england", "region", "lad"), itl1_as_regions=True),
    ElsDataset("gross_disposable_household_income_per_head", "gross-disposable-household-income-per-head.csv", 1,
               "gross disposable household income per head (£)", "£",
               {"Gross disposable household income": POSITIVE}, 17442),
    ElsDataset("research_and_development_public_funded", "research-and-development-public-funded.csv", 2,
               "public-funded spending on research and development (£ million)", "£ million",
               {"Public-funded expenditure on research and development": NON_NEGATIVE}, 28, levels=("england", "region")),
    ElsDataset("research_and_development_business", "research-and-development-business.csv", 2,
               "business spending on research and development (£ million)", "£ million",
               {"Business expenditure on research and development": NON_NEGATIVE}, 42, levels=("england", "region")),
    ElsDataset("average_travel_time", "average-travel-time.csv", 3,
               "average minutes to the nearest employment centre of 500 to 4,999 jobs", "mins",
               {"Drive to work": _MINUTES, "Cycle to work": _MINUTES, "Public transport or walk to work": _MINUTES}, 5565),
    ElsDataset("gigabit_capable_broadband", "gigabit-capable-broadband.csv", 4,
               "premises with gigabit-capable broadband (%)", "%", {"Gigabit capable broadband": SHARE}, 413),
    ElsDataset("gigabit_capable_broadband_2022_09", "gigabit-capable-broadband.csv", 4,
               "premises with gigabit-capable broadband, September 2022 (%)", "%", {"Gigabit capable broadband": SHARE},
               374, levels=("lad",), extra=_OLD),
    ElsDataset("network_coverage_4g", "network-coverage-4g.csv", 4, "area with 4G from at least one operator (%)", "%",
               {"4G coverage": SHARE}, 413),
    ElsDataset("network_coverage_4g_2022_09", "4g-coverage.csv", 4,
               "area with 4G from at least one operator, September 2022 (%)", "%", {"4G coverage": SHARE}, 374,
               levels=("lad",), extra=_OLD),
    ElsDataset("network_coverage_5g", "network-coverage-5g.csv", 4, "area with 5G from at least one operator (%)", "%",
               {"5G coverage": SHARE}, 413),
    ElsDataset("pupils_at_expected_standards_by_end_of_primary_school",
               "pupils-at-expected-standards-by-end-of-primary-school.csv", 5,
               "pupils at the expected standard in reading, writing and maths at the end of primary school (%)", "%",
               {"Pupils meeting the expected standard in reading, writing and maths": SHARE}, 1795),
    ElsDataset("further_education_and_skills_learner_achievements",
               "further-education-and-skills-learner-achievements.csv", 6,
               "further education and skills achievements, aged 19 and over, per 100,000 people",
               "Rate per 100,000 population", {"Further education and skills learner achievements": (0.0, 1e5)}, 2084),
    ElsDataset("apprenticeships", "apprenticeships.csv", 6, "apprenticeship starts and achievements per 100,000 people",
               "Rate per 100,000 population",
               {"Apprenticeship starts (England)": (0.0, 1e5), "Apprenticeship achievements (England)": (0.0, 1e5)}, 4168),
    ElsDataset("qualifications_level_3_or_above", "qualifications-level-3-or-above.csv", 6,
               "people aged 16 to 64 qualified to level 3 or above (%)", "%",
               {"Level 3 or above qualifications (Great Britain)": SHARE}, 803),
    ElsDataset("personal_wellbeing_estimates", "personal-wellbeing-estimates.csv", 8,
               "mean life satisfaction, happiness, sense of worth and anxiety (0 to 10)", "Score out of 10",
               {"Satisfaction": SCORE_0_10, "Happiness": SCORE_0_10, "Worthwhile": SCORE_0_10, "Anxiety": SCORE_0_10},
               20112),
    ElsDataset("engagement_with_culture_and_heritage", "engagement-with-culture-and-heritage.csv", 9,
               "adults who engaged with the arts, heritage, museums or libraries in the year (%)", "%",
               {"Engaged with the arts": SHARE, "Visited a heritage site": SHARE, "Visited a museum or gallery": SHARE,
                "Visited a public library": SHARE}, 1396, levels=("england", "region", "lad"), itl1_as_regions=True,
               ci_tolerance=1.0),
    ElsDataset("first_time_buyer_mortgage_sales", "first-time-buyer-mortgage-sales.csv", 10,
               "first-time buyer mortgage sales per 1,000 dwellings", "Rate per 1,000 dwelling stock",
               {"First-time buyer mortgage sales": (0.0, 1000.0)}, 4980, unflagged_missing=12),
    ElsDataset("net_additions_to_the_housing_stock", "net-additions-to-the-housing-stock.csv", 10,
               "net additional dwellings per 1,000 dwellings", "Net additional dwellings per 1,000 stock",
               {"Net additions to the housing stock (England)": (-1000.0, 1000.0)}, 8621),
    ElsDataset("homicide_offences", "homicide-offences.csv", 11, "homicides per million people, three-year periods",
               "Rate per 1,000,000 population", {"Homicide Offences": (0.0, 1e6)}, 504, levels=("england", "region")),
    ElsDataset("population_under_devolution_deal_in_england", "population-under-devolution-deal-in-england.csv", 12,
               "population under a devolution deal with a directly elected mayor (%)", "%",
               {"Population under devolution deal in England": SHARE}, 10, levels=("england", "region"), extra=_OLD),
]}

#: the file's columns (either layout) -> the names the parse uses
_COLUMNS = {"areacd": "areacd", "areanm": "areanm", "geography": "geography", "indicator": "indicator",
            "period": "period", "observation": "observation", "measure": "measure", "unit": "unit",
            "lci_95": "lci_95", "uci_95": "uci_95", "status": "status", "notes": "notes"}
_OLD_COLUMNS = {"AREACD": "areacd", "AREANM": "areanm", "Geography": "geography", "Indicator": "indicator",
                "Period": "period", "Value": "observation", "Observation": "observation", "Measure": "measure",
                "Unit": "unit", "Lower Confidence Interval (95%)": "lci_95", "Upper Confidence Interval (95%)": "uci_95",
                "Observation Status": "status", "Notes": "notes"}

TIDY_COLUMNS = ["area_code", "area_name", "level", "geography", "published_code", "indicator", "period", "period_start",
                "period_end", "period_months", "period_type", "period_label", "value", "lci", "uci", "status", "notes",
                "measure", "unit"]
SET_ASIDE_COLUMNS = [*TIDY_COLUMNS, "reason", "obsolete_since", "replaced_by"]
PERIOD_TYPES = ("calendar year", "financial year", "academic year", "month", "date", "other")


# --------------------------------------------------------------------------------------------
# periods

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_PERIOD_FORMATS = ("YYYY-MM-DD/PnY or /PnM (a period from a date)", "YYYY-MM-DD (a date)",
                   "YYYY-MM-DDT00:00:00 (a date)", "YYYY-MM (a month)")


def _year_label(start: pd.Timestamp, years: int, kind: str) -> str:
    if kind == "calendar year":
        first, last = start.year, start.year + years - 1
        return str(first) if years == 1 else f"{first} to {last}"
    first = f"{start.year}/{str(start.year + 1)[2:]}"
    last = f"{start.year + years - 1}/{str(start.year + years)[2:]}"
    return first if years == 1 else f"{first} to {last}"


def _one_period(text: str) -> dict | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})/P(\d+)([YM])", text)
    if m:
        start = pd.Timestamp(int(m[1]), int(m[2]), int(m[3]))
        months = int(m[4]) * (12 if m[5] == "Y" else 1)
        end = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
        kinds = {1: "calendar year", 4: "financial year", 8: "academic year", 9: "academic year"}
        if months % 12 == 0 and start.day == 1 and start.month in kinds:
            kind = kinds[start.month]
            label = _year_label(start, months // 12, kind)
        elif months == 1 and start.day == 1:
            kind, label = "month", f"{_MONTHS[start.month - 1]} {start.year}"
        else:
            kind = "other"
            label = f"{start.day} {_MONTHS[start.month - 1]} {start.year} to {end.day} {_MONTHS[end.month - 1]} {end.year}"
        return {"period_start": start, "period_end": end, "period_months": months, "period_type": kind,
                "period_label": label}
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T00:00:00)?", text)
    if m:
        day = pd.Timestamp(int(m[1]), int(m[2]), int(m[3]))
        label = (f"{_MONTHS[day.month - 1]} {day.year}" if day.day == 1
                 else f"{day.day} {_MONTHS[day.month - 1]} {day.year}")
        return {"period_start": day, "period_end": day, "period_months": 0, "period_type": "date", "period_label": label}
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m:
        start = pd.Timestamp(int(m[1]), int(m[2]), 1)
        return {"period_start": start, "period_end": start + pd.offsets.MonthEnd(0), "period_months": 1,
                "period_type": "month", "period_label": f"{_MONTHS[start.month - 1]} {start.year}"}
    return None


def parse_periods(periods: pd.Series, where: str = "period") -> pd.DataFrame:
    """``period_start, period_end, period_months, period_type, period_label`` for each ELS period text
    (see the module's docstring for the formats); a text in no known format stops, naming it."""
    parsed, bad = {}, []
    for text in pd.unique(periods):
        try:
            got = _one_period(str(text))
        except ValueError:  # e.g. month 13
            got = None
        if got is None:
            bad.append(text)
        else:
            parsed[text] = got
    if bad:
        raise DataError(f"{where}: column 'period' has value(s) in no known format: {bad[:5]}; expected one of "
                        f"{'; '.join(_PERIOD_FORMATS)}")
    table = pd.DataFrame.from_dict(parsed, orient="index")
    out = table.loc[periods.to_numpy()].reset_index(drop=True)
    out["period_months"] = out["period_months"].astype(int)
    for c in ("period_start", "period_end"):
        out[c] = pd.to_datetime(out[c]).astype("datetime64[ns]")
    return out.set_index(periods.index)


# --------------------------------------------------------------------------------------------
# the schema of a tidy table


def _value_checks(spec: ElsDataset) -> list[pa.Check]:
    checks = []
    for ind, (lo, hi) in spec.indicators.items():
        checks.append(pa.Check(lambda d, i=ind, lo=lo, hi=hi: d.loc[d["indicator"] == i, "value"].dropna().between(lo, hi).all(),
                               element_wise=False, name=f"{ind}: values in [{lo:g}, {hi:g}]"))
    return checks


def els_schema(spec: ElsDataset) -> pa.DataFrameSchema:
    """The pandera schema of one ELS dataset's tidy table (see :func:`els`)."""
    tol = spec.ci_tolerance
    opt_str = dict(nullable=True)
    return pa.DataFrameSchema(
        {
            "area_code": pa.Column(str, pa.Check.str_matches(r"^([EKNSW]\d{8}|TL[B-N][0-9A-Z]{0,2})$")),
            "area_name": pa.Column(str),
            "level": pa.Column(str, pa.Check.isin(LEVELS)),
            "geography": pa.Column(str),
            "published_code": pa.Column(str),
            "indicator": pa.Column(str, pa.Check.isin(list(spec.indicators))),
            "period": pa.Column(str),
            "period_start": pa.Column("datetime64[ns]"),
            "period_end": pa.Column("datetime64[ns]"),
            "period_months": pa.Column(int, pa.Check.ge(0)),
            "period_type": pa.Column(str, pa.Check.isin(PERIOD_TYPES)),
            "period_label": pa.Column(str),
            "value": pa.Column(float, nullable=True),
            "lci": pa.Column(float, nullable=True),
            "uci": pa.Column(float, nullable=True),
            "status": pa.Column(str, pa.Check.isin(list(STATUS)), **opt_str),
            "notes": pa.Column(str, **opt_str),
            "measure": pa.Column(str),
            "unit": pa.Column(str, pa.Check.eq(spec.unit)),
        },
        unique=["area_code", "period", "indicator"],
        strict=True,
        checks=[
            *_value_checks(spec),
            pa.Check(lambda d: set(d["indicator"]) == set(spec.indicators), element_wise=False,
                     name=f"every declared indicator is present ({len(spec.indicators)})"),
            pa.Check(lambda d: (d["period_end"] >= d["period_start"]).all(), element_wise=False,
                     name="period_end on or after period_start"),
            pa.Check(lambda d: ~(d["lci"] > d["uci"]), name="lci <= uci"),
            pa.Check(lambda d: ~((d["lci"] - tol > d["value"]) | (d["value"] > d["uci"] + tol)),
                     name=f"value within its interval (give or take {tol:g})"),
            pa.Check(lambda d: d["lci"].isna() == d["uci"].isna(), name="both interval limits or neither"),
            pa.Check(lambda d: ~(d["status"].notna() & d["value"].notna()), name="a row with a status code has no value"),
            pa.Check(lambda d: int((d["status"].isna() & d["value"].isna()).sum()) == spec.unflagged_missing,
                     element_wise=False, name=f"empty values without a status code: {spec.unflagged_missing}"),
            pa.Check(lambda d: set(d["level"]) & set(JOINED_LEVELS) == set(spec.levels), element_wise=False,
                     name=f"publishes exactly the levels {', '.join(spec.levels)} of {', '.join(JOINED_LEVELS)}"),
        ],
    )


# --------------------------------------------------------------------------------------------
# the parse


def _numbers(raw: pd.Series, column: str, where: str) -> pd.Series:
    text = raw.str.strip()
    num = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = text[(text != "") & num.isna()]
    if len(bad):
        raise DataError(f"{where}: column {column!r} should hold numbers or nothing, found e.g. {bad.unique()[:5].tolist()}")
    return num.astype(float)


def _standard(raw: pd.DataFrame, spec: ElsDataset, where: str) -> pd.DataFrame:
    if "AREACD" in raw.columns:
        cols = {c: n for c, n in _OLD_COLUMNS.items() if c in raw.columns}
        value = "Value" if "Value" in raw.columns else "Observation"
        require_columns(raw, [c for c in _OLD_COLUMNS if c not in ("Value", "Observation")] + [value, *spec.extra], where)
    else:
        cols = _COLUMNS
        require_columns(raw, list(_COLUMNS), where)
    df = raw[list(cols)].rename(columns=cols)
    status = df["status"].str.strip()
    notes = df["notes"].str.strip()
    return pd.DataFrame({
        "area_code": df["areacd"].str.strip(), "area_name": df["areanm"].str.strip(), "geography": df["geography"],
        "indicator": df["indicator"].str.strip(), "period": df["period"].str.strip(),
        "value": _numbers(df["observation"], "observation", where), "lci": _numbers(df["lci_95"], "lci_95", where),
        "uci": _numbers(df["uci_95"], "uci_95", where),
        "status": status.where(status != ""), "notes": notes.where(notes != ""),
        "measure": df["measure"], "unit": df["unit"]})


def parse_els(p: Path, spec: ElsDataset) -> pd.DataFrame:
    """Parse one ELS file into one table: the tidy rows, and the rows set aside (``reason`` not empty)."""
    where = p.name
    raw = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if len(raw) != spec.rows:
        raise DataError(f"{where}: expected {spec.rows:,} data rows, found {len(raw):,}: the file has changed; check "
                        f"its sha256 in the registry and the declaration in analysis/data/loaders/els.py")
    df = _standard(raw, spec, where)
    df = pd.concat([df, parse_periods(df["period"], where)], axis=1)
    try:
        kept, aside = to_current(df, itl1_as_regions=spec.itl1_as_regions, where=where)
    except ValueError as exc:
        raise DataError(str(exc)) from None
    kept = validate(kept[TIDY_COLUMNS].sort_values(["indicator", "area_code", "period_start"]).reset_index(drop=True),
                    els_schema(spec), where)
    both = kept.assign(reason=None, obsolete_since=pd.NA, replaced_by=None).astype({"obsolete_since": "Int64"})
    if len(aside):
        aside = aside[SET_ASIDE_COLUMNS].sort_values(["indicator", "published_code", "period_start"])
        both = pd.concat([both, aside.astype({"obsolete_since": "Int64"})], ignore_index=True)
    return both


def _spec(dataset: str) -> ElsDataset:
    if dataset not in ELS_DATASETS:
        raise DataError(f"{dataset!r} is not an ELS dataset; declared: {', '.join(ELS_DATASETS)}")
    return ELS_DATASETS[dataset]


@lru_cache(maxsize=None)
def _both(dataset: str) -> pd.DataFrame:
    spec = _spec(dataset)
    return cached(f"els_{dataset}", [(spec.dataset, spec.file)], lambda p: parse_els(p, spec))


def els(dataset: str) -> pd.DataFrame:
    """The tidy table of one ELS dataset (a key of :data:`ELS_DATASETS`): one row per area, period and
    indicator, on current codes.

    Columns: ``area_code`` (current: Barnsley E08000038, Sheffield E08000039; England and the regions
    under their GSS codes in every file), ``area_name``, ``level`` (``england``, ``region``, ``county``,
    ``lad`` for a lower-tier or unitary local authority, ``nation``, ``uk``, ``combined_authority``,
    ``police_force``, ``itl1``-``itl3``, ...), ``geography`` (ONS's label), ``published_code`` (the file's
    code), ``indicator``, ``period`` (as published) with ``period_start``, ``period_end``,
    ``period_months``, ``period_type``, ``period_label``; ``value``, ``lci``, ``uci`` (95% limits, where
    ONS gives them), ``status`` (:data:`STATUS`: the value is then empty), ``notes``, ``measure``, ``unit``.
    Money is nominal. The rows not carried forward are in :func:`els_set_aside`.
    """
    df = _both(dataset)
    return df[df["reason"].isna()][TIDY_COLUMNS].reset_index(drop=True)


def els_set_aside(dataset: str) -> pd.DataFrame:
    """The rows of an ELS file that :func:`els` did not carry forward, each with its ``reason``: obsolete
    codes of areas merged or split since (with ONS's ``obsolete_since`` and ``replaced_by``), and rows
    listed twice (an old and a current code, or two geography labels, with the same values)."""
    df = _both(dataset)
    return df[df["reason"].notna()][SET_ASIDE_COLUMNS].reset_index(drop=True)


@lru_cache(maxsize=1)
def _current_areas() -> pd.DataFrame:
    return current_areas(population_2022())


def els_current_areas() -> pd.DataFrame:
    """The current areas every ELS file is joined to: England, its regions, counties and local authorities of
    April 2023 (from the mid-2022 population file), Barnsley and Sheffield on their 2025 codes
    (:func:`analysis.data.geography.current_areas`)."""
    return _current_areas().copy()


def els_join(dataset: str) -> tuple[pd.DataFrame, Reconciliation]:
    """One ELS dataset's areas joined to :func:`els_current_areas` at the levels it publishes, and the
    report of every area that did not match and why (:func:`analysis.data.geography.reconcile_current`)."""
    spec = _spec(dataset)
    return reconcile_current(els(dataset), els_set_aside(dataset), els_current_areas(), levels=spec.levels,
                             name=dataset)


def england_latest(df: pd.DataFrame) -> pd.DataFrame:
    """England's latest value of each indicator of a tidy ELS table: ``indicator, period_label, value``
    (empty if the file has no England row)."""
    eng = df[(df["level"] == "england") & df["value"].notna()]
    last = eng.sort_values("period_start").groupby("indicator", sort=False).tail(1)
    return last[["indicator", "period_label", "value"]].sort_values("indicator").reset_index(drop=True)


def _number(v: float) -> str:
    """A value as the data page prints it: thousands separated, at most two decimals, no trailing zeros."""
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def els_summary() -> pd.DataFrame:
    """One row per ELS dataset: mission, what it measures, the levels it publishes, rows kept and set aside,
    areas, periods (how many, the first and the last), and England's latest value of its first indicator."""
    rows = []
    for d, spec in ELS_DATASETS.items():
        df, aside = els(d), els_set_aside(d)
        first = df.sort_values("period_start")["period_label"]
        eng = england_latest(df).set_index("indicator")
        ind = next(iter(spec.indicators))
        latest = (f"{_number(eng.loc[ind, 'value'])} ({eng.loc[ind, 'period_label']})" if ind in eng.index
                  else "no England row")
        rows.append({"dataset": d, "mission": spec.mission, "measures": spec.label, "levels": spec.levels, "rows": len(df),
                     "set_aside": len(aside), "areas": df["area_code"].nunique(), "periods": df["period"].nunique(),
                     "first": first.iloc[0], "last": first.iloc[-1], "england_latest": latest})
    return pd.DataFrame(rows)
