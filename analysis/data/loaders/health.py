"""Healthy life expectancy: the ONS 2009-13 workbook, the Fingertips single-tier series and ONS's
upper-tier series with intervals."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.data import fetch
from analysis.data.loaders.core import cached, read_excel, require_columns, validate
from analysis.errors import DataError

# --------------------------------------------------------------------------------------------
# hle_la_2009_13

HLE_VALUE_COLUMNS = ["hle", "hle_lci", "hle_uci", "le", "le_lci", "le_uci", "pct_good_health"]

HLE_2009_13_SCHEMA = pa.DataFrameSchema(
    {
        "level": pa.Column(str, pa.Check.isin(["england", "region", "utla", "msoa"])),
        "code": pa.Column(str, nullable=True),
        "name": pa.Column(str),
        "region": pa.Column(str, nullable=True),
        "sex": pa.Column(str, pa.Check.isin(["male", "female"])),
        "hle": pa.Column(float, pa.Check.in_range(40, 85)),
        "hle_lci": pa.Column(float), "hle_uci": pa.Column(float),
        "le": pa.Column(float, pa.Check.in_range(60, 125)),
        "le_lci": pa.Column(float), "le_uci": pa.Column(float),
        "pct_good_health": pa.Column(float, pa.Check.in_range(0, 100)),
        "le_implausible": pa.Column(bool),
    },
    unique=["level", "name", "sex"],
    strict=True,
    checks=[
        pa.Check(lambda d: (d["hle_lci"] <= d["hle"]) & (d["hle"] <= d["hle_uci"]), name="hle within its CI"),
        pa.Check(lambda d: d["hle"] <= d["le"], name="hle <= le"),
        pa.Check(lambda d: d.groupby(["level", "sex"]).size().to_dict() == {
            ("england", "female"): 1, ("england", "male"): 1, ("msoa", "female"): 6791, ("msoa", "male"): 6791,
            ("region", "female"): 9, ("region", "male"): 9, ("utla", "female"): 152, ("utla", "male"): 152},
            element_wise=False, name="1 England, 9 regions, 152 UTLAs, 6,791 MSOAs per sex"),
    ],
)


def _hle_block(raw: pd.DataFrame, value_cols: list[int]) -> pd.DataFrame:
    out = raw.iloc[:, value_cols].copy()
    out.columns = HLE_VALUE_COLUMNS
    return out.astype(float)


def _parse_hle_2009_13(p: Path) -> pd.DataFrame:
    where = f"{p.name}"
    frames = []
    # Region sheet: a 'Males' block then a 'Females' block; England is the last row of each
    reg = read_excel(p, "Region", header=None, skiprows=8)
    sex = None
    rows = []
    for _, r in reg.iterrows():
        label = r[0]
        if isinstance(label, str) and label.strip() in ("Males", "Females"):
            sex = "male" if label.strip() == "Males" else "female"
            continue
        if sex and isinstance(label, str) and pd.notna(r[1]) and isinstance(r[1], (int, float)):
            rows.append({"name": label.strip(), "sex": sex, **dict(zip(HLE_VALUE_COLUMNS, r[[1, 3, 4, 5, 6, 7, 8]]))})
    regions = pd.DataFrame(rows)
    if regions.empty:
        raise DataError(f"{where} sheet 'Region': no rows found under 'Males'/'Females' headings")
    regions["level"] = regions["name"].map(lambda n: "england" if n == "England" else "region")
    regions["code"] = None
    regions["region"] = None
    frames.append(regions)
    for s in ("males", "females"):
        sheet = f"UTLA_{s}"
        raw = read_excel(p, sheet, header=None, skiprows=7)
        header = [str(h).strip() for h in raw.iloc[0]]
        if header[:3] != ["UTLA Codes", "UTLA Name", "HLE (years)"]:
            raise DataError(f"{where} sheet {sheet!r}: expected header 'UTLA Codes, UTLA Name, HLE (years)', found {header[:3]}")
        body = raw.iloc[1:]
        body = body[body[0].astype(str).str.match(r"^E\d{8}$")]
        df = _hle_block(body, [2, 4, 5, 6, 7, 8, 9])
        df.insert(0, "code", body[0].astype(str).values)
        df.insert(1, "name", body[1].astype(str).str.strip().values)
        df["level"], df["sex"], df["region"] = "utla", s[:-1], None
        frames.append(df)
        sheet = f"MSOA_{s}"
        raw = read_excel(p, sheet, header=None, skiprows=7)
        header = [str(h).strip() for h in raw.iloc[0]]
        if header[:4] != ["MSOA Codes", "MSOA Names", "Region", "HLE (years)"]:
            raise DataError(f"{where} sheet {sheet!r}: expected header 'MSOA Codes, MSOA Names, Region, HLE (years)', found {header[:4]}")
        body = raw.iloc[1:]
        body = body[body[0].astype(str).str.match(r"^E02\d{6}$")]
        df = _hle_block(body, [3, 5, 6, 7, 8, 9, 10])
        df.insert(0, "code", body[0].astype(str).values)
        df.insert(1, "name", body[1].astype(str).str.strip().values)
        df["region"] = body[2].astype(str).str.strip().values
        df["level"], df["sex"] = "msoa", s[:-1]
        frames.append(df)
    # MSOA x sex estimates ONS took out of the MSOA sheets because LE was implausible
    raw = read_excel(p, "Implausible LE ", header=None, skiprows=8)
    body = raw[raw[0].astype(str).str.match(r"^E02\d{6}$")]
    imp = body.iloc[:, [4, 5, 6, 7, 8, 9, 10]].copy()
    imp.columns = ["le", "le_lci", "le_uci", "hle", "hle_lci", "hle_uci", "pct_good_health"]
    imp = imp.astype(float)
    imp.insert(0, "code", body[0].astype(str).values)
    imp.insert(1, "name", body[1].astype(str).str.strip().values)
    imp["region"] = body[2].astype(str).str.strip().values
    imp["sex"] = body[3].astype(str).str.strip().str.lower().values
    imp["level"] = "msoa"
    imp["le_implausible"] = True
    df = pd.concat(frames, ignore_index=True)
    df["le_implausible"] = False
    df = pd.concat([df, imp], ignore_index=True)
    df = df[["level", "code", "name", "region", "sex", *HLE_VALUE_COLUMNS, "le_implausible"]]
    df = df.sort_values(["level", "sex", "name"], kind="stable").reset_index(drop=True)
    return validate(df, HLE_2009_13_SCHEMA, where)


def hle_2009_13() -> pd.DataFrame:
    """ONS LE and HLE at birth by sex, 2009-13 (Census-based), in one long table.

    ``level`` is england, region, utla (152 upper-tier LAs: unitaries, metropolitan districts,
    London boroughs and counties) or msoa (6,791). There is no lower-tier sheet: shire districts
    must be estimated from their MSOAs (whose names start with the 2011 district name). The 6
    MSOA-by-sex estimates ONS set aside for an implausible LE are included with
    ``le_implausible=True``.
    """
    return cached("hle_2009_13", [("hle_la_2009_13", None)], _parse_hle_2009_13)


# --------------------------------------------------------------------------------------------
# hle_series

HLE_SERIES_SCHEMA = pa.DataFrameSchema(
    {
        "area_code": pa.Column(str, pa.Check.str_matches(r"^E(0[6-9]|92)\d{6}$")),
        "area_name": pa.Column(str),
        "area_type": pa.Column(str),
        "period": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}$")),
        "period_start": pa.Column(int, pa.Check.in_range(2009, 2030)),
        "sex": pa.Column(str, pa.Check.isin(["male", "female"])),
        "hle": pa.Column(float, pa.Check.in_range(40, 85), nullable=True),
        "compared_to_england": pa.Column(str, nullable=True),
    },
    unique=["area_code", "period", "sex"],
    strict=True,
)


def hle_series() -> pd.DataFrame:
    """HLE at birth by sex, 2011-13 to 2021-23 (Fingertips 90362, 2025-04-22 vintage), 2023 LA codes.

    Only single-tier LAs (and England, E92000001) have values: shire districts and counties are not
    in this series. Values are rounded to 1 dp upstream and carry no confidence intervals.
    """
    def parse(p: Path) -> pd.DataFrame:
        raw = pd.read_csv(p)
        cols = ["area_code", "area_name", "area_type", "period", "value", "compared_to_England", "inequality"]
        require_columns(raw, cols, p.name)
        df = raw[cols].rename(columns={"value": "hle", "compared_to_England": "compared_to_england", "inequality": "sex"})
        df["period"] = df["period"].str.replace(" ", "", regex=False)
        df["period_start"] = df["period"].str[:4].astype(int)
        df["sex"] = df["sex"].str.lower()
        df["hle"] = df["hle"].astype(float)
        df = df[["area_code", "area_name", "area_type", "period", "period_start", "sex", "hle", "compared_to_england"]]
        return validate(df.sort_values(["area_code", "sex", "period_start"]).reset_index(drop=True), HLE_SERIES_SCHEMA, p.name)
    return cached("hle_series", [("hle_series", None)], parse)


# --------------------------------------------------------------------------------------------
# hle_utla_series

HLE_UTLA_GEOGRAPHIES = ("Country", "Nation", "Region", "Combined Authority or City Region",
                        "County or Unitary Authority", "Local Authority District")

HLE_UTLA_SCHEMA = pa.DataFrameSchema(
    {
        "area_code": pa.Column(str, pa.Check.str_matches(r"^[EKNSW]\d{8}$")),
        "area_name": pa.Column(str),
        "geography": pa.Column(str, pa.Check.isin(HLE_UTLA_GEOGRAPHIES)),
        "period": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}$")),
        "period_start": pa.Column(int, pa.Check.in_range(2011, 2030)),
        "sex": pa.Column(str, pa.Check.isin(["male", "female"])),
        "hle": pa.Column(float, pa.Check.in_range(40, 85)),
        "lci": pa.Column(float, pa.Check.in_range(30, 90)),
        "uci": pa.Column(float, pa.Check.in_range(30, 90)),
    },
    checks=[pa.Check(lambda d: (d["lci"] <= d["hle"]) & (d["hle"] <= d["uci"]), name="lci <= hle <= uci")],
    unique=["area_code", "period", "sex"],
    strict=True,
)


def _parse_hle_utla(p: Path) -> pd.DataFrame:
    raw = pd.read_csv(p)
    cols = ["areacd", "areanm", "geography", "indicator", "period", "observation", "unit", "lci_95", "uci_95"]
    require_columns(raw, cols, p.name)
    units = set(raw["unit"].unique())
    if units != {"yrs"}:
        raise DataError(f"{p.name}: column 'unit' should be 'yrs' (years) throughout, found {sorted(units)}")
    periods = raw["period"].str.extract(r"^(\d{4})-01-01/P3Y$")[0]
    if periods.isna().any():
        raise DataError(f"{p.name}: column 'period' should read YYYY-01-01/P3Y (a 3-year period), found e.g. "
                        f"{raw.loc[periods.isna(), 'period'].head(3).tolist()}")
    sexes = raw["indicator"].str.extract(r"^(Male|Female) healthy life expectancy$")[0]
    if sexes.isna().any():
        raise DataError(f"{p.name}: column 'indicator' should be 'Male/Female healthy life expectancy', found e.g. "
                        f"{raw.loc[sexes.isna(), 'indicator'].head(3).tolist()}")
    start = periods.astype(int)
    df = pd.DataFrame({
        "area_code": raw["areacd"], "area_name": raw["areanm"], "geography": raw["geography"],
        "period": start.astype(str) + "-" + (start + 2).astype(str).str[2:], "period_start": start,
        "sex": sexes.str.lower(), "hle": raw["observation"].astype(float),
        "lci": raw["lci_95"].astype(float), "uci": raw["uci_95"].astype(float)})
    df = df.sort_values(["area_code", "sex", "period_start"]).reset_index(drop=True)
    return validate(df, HLE_UTLA_SCHEMA, p.name)


def hle_utla_series() -> pd.DataFrame:
    """ONS HLE at birth by sex with 95% confidence intervals (``lci``, ``uci``), 2011-13 to 2022-24.

    One row per area, period and sex, for the UK, its nations, English regions, combined
    authorities, every English upper-tier area (``geography`` "County or Unitary Authority" with
    an E06/E08/E09/E10 code: 151 areas on 2023 codes, each in all 12 periods) and the local
    authority districts of Scotland, Wales and Northern Ireland. ONS publishes these as official
    statistics in development, made with an interim method (good health modelled by logistic
    regression), so they differ from older extracts of the same periods: never splice them with
    ``hle_series``. City of London and the Isles of Scilly have no estimate; nor have shire districts.
    """
    return cached("hle_utla_series", [("hle_utla_series", "healthy-life-expectancy.csv")], _parse_hle_utla)


def hle_utla_metadata() -> dict:
    """ONS's metadata for the series: ``caveats`` (ONS's own words), ``source_date``, ``in_development``."""
    import json

    p = fetch.path("hle_utla_series", "healthy-life-expectancy.json")
    try:
        shared = json.loads(p.read_text(encoding="utf-8"))["ess-beta-metadata"]["shared"]
        return {"caveats": shared["caveats"], "source_date": shared["sourceDate"],
                "in_development": shared["experimentalStatistic"] == "T"}
    except (KeyError, ValueError) as exc:
        raise DataError(f"{p.name}: expected ess-beta-metadata.shared with caveats, sourceDate and "
                        f"experimentalStatistic ({exc!r})") from None
