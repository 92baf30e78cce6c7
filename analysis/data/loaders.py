"""One loader per dataset: parse the raw file once, tidy it, validate it, cache it.

Every loader returns a tidy ``pandas.DataFrame`` with snake_case columns and proper dtypes,
validated by a pandera schema (unique keys, code patterns, value ranges, row counts). The parsed
table is cached as parquet under ``processed/``, keyed by the raw file's sha256 and by this module's
source, so a change to either re-parses and a notebook loads a table in milliseconds.

Source, publisher and licence of every file are in ``data/sources.yml``; the caveats of each are
summarised in the loader's docstring.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from pathlib import Path
from typing import Callable

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from analysis import config
from analysis.data import fetch
from analysis.errors import DataError
from analysis.data.registry import source

_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]

# GSS code patterns used in schemas
LAD_ENGLAND = r"^E0[6-9]\d{6}$"
WARD = r"^E05\d{6}$"


# --------------------------------------------------------------------------------------------
# machinery: require columns, validate, cache


def require_columns(df: pd.DataFrame, expected: list[str], where: str) -> None:
    """Stop with a clear message if the raw file lacks a column the loader relies on."""
    missing = [c for c in expected if c not in df.columns]
    if missing:
        raise DataError(
            f"{where}: missing column(s) {missing}. Expected columns: {expected}; found: "
            f"{list(df.columns)}. The source has changed shape: check the registry's sha256 and "
            f"the loader in analysis/data/loaders.py.")


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, where: str) -> pd.DataFrame:
    """Validate with pandera; on failure name the file, the column, the check and bad values."""
    try:
        return schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        fc = exc.failure_cases
        lines = []
        for (col, check), grp in fc.groupby(["column", "check"], dropna=False, sort=False):
            sample = ", ".join(map(repr, grp["failure_case"].head(5).tolist()))
            lines.append(f"  column {col!r} failed {check}: e.g. {sample} ({len(grp)} case(s))")
        raise DataError(f"{where} does not match its schema:\n" + "\n".join(lines)) from None
    except SchemaError as exc:  # pragma: no cover - lazy=True raises SchemaErrors
        raise DataError(f"{where} does not match its schema: {exc}") from None


def _cached(name: str, sources: list[tuple[str, str | None]], parse: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    srcs = [source(d, f) for d, f in sources]
    key = hashlib.sha256(("|".join(s.sha256 for s in srcs) + _CODE + name).encode()).hexdigest()[:16]
    out = config.processed_dir() / f"{name}-{key}.parquet"
    paths = [fetch.fetch(s) for s in srcs]  # always verifies the mirror copy when one is set
    if out.is_file():
        return pd.read_parquet(out)
    df = parse(*paths)
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in out.parent.glob(f"{name}-*.parquet"):
        stale.unlink()
    tmp = out.with_suffix(".part")
    df.to_parquet(tmp, index=False)
    tmp.replace(out)
    return df


def _read_excel(path: Path, sheet: str, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():  # openpyxl warns about the Notes sheet's drawing; harmless
        warnings.simplefilter("ignore")
        try:
            return pd.read_excel(path, sheet_name=sheet, **kw)
        except ValueError as exc:
            raise DataError(f"{path.name}: cannot read sheet {sheet!r}: {exc}") from None


def _snake(s: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", s.strip().lower()).strip("_")


# --------------------------------------------------------------------------------------------
# eu_referendum_2016


REFERENDUM_COLUMNS = {
    "Area_Code": "area_code", "Area": "area", "Region_Code": "region_code", "Region": "region",
    "Electorate": "electorate", "Votes_Cast": "votes_cast", "Valid_Votes": "valid_votes",
    "Remain": "remain", "Leave": "leave", "Rejected_Ballots": "rejected_ballots",
    "Pct_Turnout": "pct_turnout", "Pct_Remain": "pct_remain", "Pct_Leave": "pct_leave",
}

REFERENDUM_SCHEMA = pa.DataFrameSchema(
    {
        "area_code": pa.Column(str, pa.Check.str_matches(r"^((E0[6-9]|W06|S12)\d{6}|N92000002|GI)$"), unique=True),
        "area": pa.Column(str),
        "region_code": pa.Column(str),
        "region": pa.Column(str),
        "electorate": pa.Column(int, pa.Check.gt(0)),
        "votes_cast": pa.Column(int, pa.Check.gt(0)),
        "valid_votes": pa.Column(int, pa.Check.gt(0)),
        "remain": pa.Column(int, pa.Check.ge(0)),
        "leave": pa.Column(int, pa.Check.ge(0)),
        "rejected_ballots": pa.Column(int, pa.Check.ge(0)),
        "pct_turnout": pa.Column(float, pa.Check.in_range(0, 100)),
        "pct_remain": pa.Column(float, pa.Check.in_range(0, 100)),
        "pct_leave": pa.Column(float, pa.Check.in_range(0, 100)),
    },
    checks=[
        pa.Check(lambda d: d["leave"] + d["remain"] == d["valid_votes"], name="leave + remain == valid_votes"),
        pa.Check(lambda d: (d["pct_leave"] - 100 * d["leave"] / d["valid_votes"]).abs() <= 0.0051,
                 name="pct_leave agrees with the counts to its 2 dp"),
        pa.Check(lambda d: len(d) == 382, element_wise=False, name="382 counting areas"),
    ],
    strict=True,
)


def parse_referendum(p: Path) -> pd.DataFrame:
    raw = pd.read_csv(p)
    require_columns(raw, list(REFERENDUM_COLUMNS), p.name)
    df = raw[list(REFERENDUM_COLUMNS)].rename(columns=REFERENDUM_COLUMNS)
    return validate(df, REFERENDUM_SCHEMA, p.name)


def referendum() -> pd.DataFrame:
    """EU referendum 2016 by counting area (Electoral Commission): 382 rows.

    Area codes are the 2016 (= December 2017) LAD codes, before the 2019 mergers; Northern Ireland
    is one row (N92000002) and Gibraltar has the non-GSS code ``GI``.
    """
    return _cached("referendum", [("eu_referendum_2016", None)], parse_referendum)


# --------------------------------------------------------------------------------------------
# cni_2019

CNI_COLUMNS = {
    "ward17_code": "ward17_code", "ward17_name": "ward17_name",
    # misnamed upstream: these are pre-April-2019 (LAD 2017) codes (the registry's caveats for cni_2019)
    "lad19_code": "lad17_code", "lad19_name": "lad17_name",
    "Civic Assets score": "civic_assets_score", "Civic Assets rank": "civic_assets_rank",
    "Connectedness score": "connectedness_score", "Connectedness rank": "connectedness_rank",
    "Engaged community score": "engaged_community_score", "Engaged community rank": "engaged_community_rank",
    "Community Needs Index score": "cni_score", "Community Needs Index rank": "cni_rank",
    "Left Behind Area?": "left_behind",
}
_score = pa.Check.in_range(0, 100)
_rank = pa.Check.in_range(1, 7433)
CNI_SCHEMA = pa.DataFrameSchema(
    {
        "ward17_code": pa.Column(str, pa.Check.str_matches(WARD), unique=True),
        "ward17_name": pa.Column(str),
        "lad17_code": pa.Column(str, pa.Check.str_matches(LAD_ENGLAND)),
        "lad17_name": pa.Column(str),
        "civic_assets_score": pa.Column(float, _score), "civic_assets_rank": pa.Column(int, _rank),
        "connectedness_score": pa.Column(float, _score), "connectedness_rank": pa.Column(int, _rank),
        "engaged_community_score": pa.Column(float, _score), "engaged_community_rank": pa.Column(int, _rank),
        "cni_score": pa.Column(float, pa.Check.in_range(0, 300)),
        "cni_rank": pa.Column(int, _rank),  # not unique: two wards share rank 5921 upstream
        "left_behind": pa.Column(bool),
    },
    checks=[
        pa.Check(lambda d: len(d) == 7433, element_wise=False, name="7,433 wards"),
        pa.Check(lambda d: (d["civic_assets_score"] + d["connectedness_score"] + d["engaged_community_score"]
                            - d["cni_score"]).abs() < 1e-4, name="CNI score is the sum of its domains"),
    ],
    strict=True,
)


def cni() -> pd.DataFrame:
    """Community Needs Index 2019 (OCSI for Local Trust), 7,433 English 2017 wards.

    Higher scores mean greater need; rank 1 is the highest need. ``left_behind`` is the published
    flag (225 wards). The upstream ``lad19_code`` column really holds LAD 2017 codes and is renamed
    ``lad17_code`` here. City of London and Isles of Scilly wards are absent upstream.
    """
    def parse(p: Path) -> pd.DataFrame:
        raw = pd.read_csv(p)
        require_columns(raw, list(CNI_COLUMNS), p.name)
        df = raw[list(CNI_COLUMNS)].rename(columns=CNI_COLUMNS)
        if df["left_behind"].dtype != bool:
            df["left_behind"] = df["left_behind"].map({"TRUE": True, "FALSE": False, True: True, False: False})
        return validate(df, CNI_SCHEMA, p.name)
    return _cached("cni", [("cni_2019", None)], parse)


# --------------------------------------------------------------------------------------------
# imd2019_ward

IMD_WARD_DOMAINS = ["Income", "Employment", "Education", "Health", "Crime", "Housing_and_Access", "Environment"]
IMD_WARD_MEASURES = ["Proportion", "Extent", "Score"]


def _imd_ward_schema() -> pa.DataFrameSchema:
    cols = {"ward17_code": pa.Column(str, pa.Check.str_matches(WARD), unique=True)}
    for prefix in ["imd"] + [_snake(d) for d in IMD_WARD_DOMAINS]:
        cols[f"{prefix}_proportion"] = pa.Column(float, pa.Check.in_range(0, 1))
        cols[f"{prefix}_extent"] = pa.Column(float, pa.Check.in_range(0, 1))
        cols[f"{prefix}_score"] = pa.Column(float, pa.Check.ge(-10))  # some domain scores are z-like
    cols["imd_score"] = pa.Column(float, pa.Check.in_range(0, 100))
    return pa.DataFrameSchema(cols, strict=True,
                              checks=[pa.Check(lambda d: len(d) == 7427, element_wise=False, name="7,427 wards")])


def imd_ward() -> pd.DataFrame:
    """IMD 2019 population-weighted to 7,427 English 2017 wards (British Red Cross; derived, not official).

    ``imd_score`` is the population-weighted mean LSOA score, ``imd_proportion`` the share of the
    ward's LSOAs in the most deprived national decile, ``imd_extent`` MHCLG-style extent; the same
    three for each domain. 12 CNI wards have no row (no LSOA is best-fitted to them).
    """
    def parse(p: Path) -> pd.DataFrame:
        raw = pd.read_csv(p)
        expected = ["WD17CD"] + IMD_WARD_MEASURES + [f"{d}_{m}" for d in IMD_WARD_DOMAINS for m in IMD_WARD_MEASURES]
        require_columns(raw, expected, p.name)
        ren = {"WD17CD": "ward17_code", **{m: f"imd_{m.lower()}" for m in IMD_WARD_MEASURES},
               **{f"{d}_{m}": f"{_snake(d)}_{m.lower()}" for d in IMD_WARD_DOMAINS for m in IMD_WARD_MEASURES}}
        df = raw[expected].rename(columns=ren)
        return validate(df, _imd_ward_schema(), p.name)
    return _cached("imd_ward", [("imd2019_ward", None)], parse)


# --------------------------------------------------------------------------------------------
# imd2019_lad (File 10 lower tier, File 11 upper tier)

IMD_LA_MEASURES = {
    "IMD - Average rank": "imd_avg_rank",
    "IMD - Rank of average rank": "imd_rank_of_avg_rank",
    "IMD - Average score": "imd_avg_score",
    "IMD - Rank of average score": "imd_rank_of_avg_score",
    "IMD - Proportion of LSOAs in most deprived 10% nationally": "imd_prop_lsoas_most_deprived_10pc",
    "IMD - Rank of proportion of LSOAs in most deprived 10% nationally": "imd_rank_of_prop_lsoas_most_deprived_10pc",
    "IMD 2019 - Extent": "imd_extent",
    "IMD 2019 - Rank of extent": "imd_rank_of_extent",
    "IMD 2019 - Local concentration": "imd_local_concentration",
    "IMD 2019 - Rank of local concentration": "imd_rank_of_local_concentration",
}


def _imd_la_schema(prefix: str, code_pattern: str, n: int) -> pa.DataFrameSchema:
    rank = pa.Check.in_range(1, n)
    cols = {
        f"{prefix}_code": pa.Column(str, pa.Check.str_matches(code_pattern), unique=True),
        f"{prefix}_name": pa.Column(str, unique=True),
        "imd_avg_rank": pa.Column(float, pa.Check.in_range(1, 32844)),
        "imd_avg_score": pa.Column(float, pa.Check.in_range(0, 100)),
        "imd_prop_lsoas_most_deprived_10pc": pa.Column(float, pa.Check.in_range(0, 1)),
        "imd_extent": pa.Column(float, pa.Check.in_range(0, 1)),
        "imd_local_concentration": pa.Column(float, pa.Check.in_range(1, 32844)),
    }
    for c in IMD_LA_MEASURES.values():
        if "_rank_of_" in c:
            cols[c] = pa.Column(int, rank, unique=c in ("imd_rank_of_avg_rank", "imd_rank_of_avg_score"))
    return pa.DataFrameSchema(cols, strict=True, checks=[
        pa.Check(lambda d: len(d) == n, element_wise=False, name=f"{n} local authorities")])


def _parse_imd_la(p: Path, code_col: str, name_col: str, prefix: str, pattern: str, n: int) -> pd.DataFrame:
    raw = _read_excel(p, "IMD")
    raw.columns = [str(c).strip() for c in raw.columns]  # the published headers carry a trailing space
    require_columns(raw, [code_col, name_col, *IMD_LA_MEASURES], f"{p.name} sheet 'IMD'")
    df = raw[[code_col, name_col, *IMD_LA_MEASURES]].rename(
        columns={code_col: f"{prefix}_code", name_col: f"{prefix}_name", **IMD_LA_MEASURES})
    for c in IMD_LA_MEASURES.values():
        if "_rank_of_" in c:
            df[c] = df[c].astype(int)
    return validate(df, _imd_la_schema(prefix, pattern, n), f"{p.name} sheet 'IMD'")


def imd_lad() -> pd.DataFrame:
    """IoD 2019 File 10 (MHCLG): IMD summary measures for the 317 lower-tier LAs of 2019.

    Ranks run 1..317 with 1 the most deprived. The five summary measures are average rank, average
    score, proportion of LSOAs in the most deprived 10% nationally, extent and local concentration.
    """
    f = source("imd2019_lad", "File_10_-_IoD2019_Local_Authority_District_Summaries__lower-tier__.xlsx")
    return _cached("imd_lad", [(f.dataset, f.file)], lambda p: _parse_imd_la(
        p, "Local Authority District code (2019)", "Local Authority District name (2019)", "lad19",
        LAD_ENGLAND, 317))


def imd_utla() -> pd.DataFrame:
    """IoD 2019 File 11 (MHCLG): IMD summary measures for the 151 upper-tier LAs of 2019."""
    f = source("imd2019_lad", "File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx")
    return _cached("imd_utla", [(f.dataset, f.file)], lambda p: _parse_imd_la(
        p, "Upper Tier Local Authority District code (2019)", "Upper Tier Local Authority District name (2019)",
        "utla19", r"^E(0[689]|10)\d{6}$", 151))


# --------------------------------------------------------------------------------------------
# imd2019_lsoa

IMD_LSOA_SCHEMA = pa.DataFrameSchema(
    {
        "lsoa11_code": pa.Column(str, pa.Check.str_matches(r"^E01\d{6}$"), unique=True),
        "lsoa11_name": pa.Column(str),
        "lad19_code": pa.Column(str, pa.Check.str_matches(LAD_ENGLAND)),
        "lad19_name": pa.Column(str),
        # not unique: the published ranks have 26 tied pairs (equal scores), e.g. rank 2852
        "imd_rank": pa.Column(int, pa.Check.in_range(1, 32844)),
        "imd_decile": pa.Column(int, pa.Check.in_range(1, 10)),
    },
    strict=True,
    checks=[pa.Check(lambda d: len(d) == 32844, element_wise=False, name="32,844 LSOAs")],
)


def imd_lsoa() -> pd.DataFrame:
    """IoD 2019 File 1 (MHCLG): IMD rank (1 = most deprived) and decile of the 32,844 LSOAs (2011)."""
    def parse(p: Path) -> pd.DataFrame:
        raw = _read_excel(p, "IMD2019")
        cols = {"LSOA code (2011)": "lsoa11_code", "LSOA name (2011)": "lsoa11_name",
                "Local Authority District code (2019)": "lad19_code",
                "Local Authority District name (2019)": "lad19_name",
                "Index of Multiple Deprivation (IMD) Rank": "imd_rank",
                "Index of Multiple Deprivation (IMD) Decile": "imd_decile"}
        require_columns(raw, list(cols), f"{p.name} sheet 'IMD2019'")
        return validate(raw[list(cols)].rename(columns=cols), IMD_LSOA_SCHEMA, f"{p.name} sheet 'IMD2019'")
    return _cached("imd_lsoa", [("imd2019_lsoa", None)], parse)


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
    reg = _read_excel(p, "Region", header=None, skiprows=8)
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
        raw = _read_excel(p, sheet, header=None, skiprows=7)
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
        raw = _read_excel(p, sheet, header=None, skiprows=7)
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
    raw = _read_excel(p, "Implausible LE ", header=None, skiprows=8)
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
    return _cached("hle_2009_13", [("hle_la_2009_13", None)], _parse_hle_2009_13)


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
    return _cached("hle_series", [("hle_series", None)], parse)


# --------------------------------------------------------------------------------------------
# luf_priority_2021

LUF_PRIORITY_SCHEMA = pa.DataFrameSchema(
    {
        "country": pa.Column(str, pa.Check.isin(["England", "Scotland", "Wales"])),
        "name": pa.Column(str, unique=True),
        "priority_category": pa.Column(int, pa.Check.isin([1, 2, 3])),
    },
    strict=True,
    checks=[pa.Check(lambda d: len(d) == 368, element_wise=False, name="368 local authorities")],
)


def luf_priority() -> pd.DataFrame:
    """Levelling Up Fund priority categories (March 2021): 368 LAs by name (1 = greatest need).

    England 314 (April 2020 LAs), Scotland 32, Wales 22; no Northern Ireland; no codes. Map names
    to codes with :func:`analysis.data.geography.luf_priority_lad19`.
    """
    def parse(p: Path) -> pd.DataFrame:
        raw = _read_excel(p, "Levelling Up Fund Index")
        cols = {"Country": "country", "Name": "name", "Priority category": "priority_category"}
        require_columns(raw, list(cols), f"{p.name} sheet 'Levelling Up Fund Index'")
        df = raw[list(cols)].rename(columns=cols).dropna(how="all")
        df["name"] = df["name"].str.strip()
        df["country"] = df["country"].str.strip()
        return validate(df.reset_index(drop=True), LUF_PRIORITY_SCHEMA, p.name)
    return _cached("luf_priority", [("luf_priority_2021", None)], parse)


# --------------------------------------------------------------------------------------------
# luf_round1_2021 (rounds 1 and 2)

LUF_BIDS_SCHEMA = pa.DataFrameSchema(
    {
        "round": pa.Column(int, pa.Check.isin([1, 2])),
        "bid_id": pa.Column(str, unique=True),
        "area": pa.Column(str),
        "grant_recipient": pa.Column(str, nullable=True),
        "bid_name": pa.Column(str),
        "country": pa.Column(str, nullable=True),
        "bid_value": pa.Column(float, pa.Check.gt(0)),
        "lad23_codes": pa.Column(str, pa.Check.str_matches(r"^[ENSW]\d{8}(;[ENSW]\d{8})*$")),
        "notes": pa.Column(str, nullable=True),
    },
    strict=True,
    checks=[pa.Check(lambda d: d.groupby("round").size().to_dict() == {1: 105, 2: 111}, element_wise=False,
                     name="105 round-1 and 111 round-2 bids")],
)


def luf_bids() -> pd.DataFrame:
    """Levelling Up Fund successful bids, round 1 (105, Oct 2021) and round 2 (111, Jan 2023).

    ``lad23_codes`` holds one or more 2023 LAD codes joined by ``;`` (added by Open Innovations);
    map them back to 2019/2020 LAs before joining to the priority list or IoD 2019. ``bid_id`` is
    ``R<round>-<row>`` in the published row order.
    """
    def parse(p1: Path, p2: Path) -> pd.DataFrame:
        r1 = pd.read_csv(p1, dtype=str)
        c1 = ["Local Authority Name / Area", "Grant Recipient (if not Local Authority)", "Bid Name", "Bid Value", "LADs", "Notes"]
        require_columns(r1, c1, p1.name)
        r1 = r1[c1].set_axis(["area", "grant_recipient", "bid_name", "bid_value", "lad23_codes", "notes"], axis=1)
        r1["round"], r1["country"] = 1, None
        r2 = pd.read_csv(p2, dtype=str)
        c2 = ["Legal name of lead applicant organisation", "Bid Name", "Country", "Bid Value", "LADs", "Notes"]
        require_columns(r2, c2, p2.name)
        r2 = r2[c2].set_axis(["area", "bid_name", "country", "bid_value", "lad23_codes", "notes"], axis=1)
        r2["round"], r2["grant_recipient"] = 2, None
        frames = []
        for r in (r1, r2):
            r = r.reset_index(drop=True)
            r["bid_id"] = [f"R{rnd}-{i + 1:03d}" for rnd, i in zip(r["round"], r.index)]
            frames.append(r)
        df = pd.concat(frames, ignore_index=True)
        df["bid_value"] = df["bid_value"].str.replace(",", "", regex=False).str.replace("£", "", regex=False).astype(float)
        df["lad23_codes"] = df["lad23_codes"].fillna("").str.replace(r"\s+", "", regex=True).str.replace(",", ";")
        for c in ("area", "bid_name"):
            df[c] = df[c].str.strip()
        df = df[["round", "bid_id", "area", "grant_recipient", "bid_name", "country", "bid_value", "lad23_codes", "notes"]]
        df = df.astype({"grant_recipient": object, "country": object, "notes": object})
        return validate(df, LUF_BIDS_SCHEMA, f"{p1.name} + {p2.name}")
    return _cached("luf_bids", [("luf_round1_2021", "levelling-up-fund-round-1.csv"),
                                ("luf_round1_2021", "levelling-up-fund-round-2.csv")], parse)


# --------------------------------------------------------------------------------------------
# lookups


def lookup_lsoa11_ward17() -> pd.DataFrame:
    """ONS best-fit LSOA 2011 -> ward 2017 -> LAD 2017, England and Wales (34,753 LSOAs)."""
    schema = pa.DataFrameSchema({
        "lsoa11_code": pa.Column(str, pa.Check.str_matches(r"^[EW]01\d{6}$"), unique=True),
        "lsoa11_name": pa.Column(str), "ward17_code": pa.Column(str, pa.Check.str_matches(r"^[EW]05\d{6}$")),
        "ward17_name": pa.Column(str), "lad17_code": pa.Column(str, pa.Check.str_matches(r"^[EW]0[6-9]\d{6}$")),
        "lad17_name": pa.Column(str)}, strict=True,
        checks=[pa.Check(lambda d: len(d) == 34753, element_wise=False, name="34,753 LSOAs")])

    def parse(p: Path) -> pd.DataFrame:
        raw = pd.read_csv(p, dtype=str)
        cols = {"LSOA11CD": "lsoa11_code", "LSOA11NM": "lsoa11_name", "WD17CD": "ward17_code",
                "WD17NM": "ward17_name", "LAD17CD": "lad17_code", "LAD17NM": "lad17_name"}
        require_columns(raw, list(cols), p.name)
        return validate(raw[list(cols)].rename(columns=cols), schema, p.name)
    return _cached("lookup_lsoa11_ward17", [("lookups", "Lower_Layer_Super_Output_Area_2011_to_Ward_2017_Lookup_in_England_and_Wales.csv")], parse)


def lookup_ward17_lad17() -> pd.DataFrame:
    """ONS ward 2017 -> LAD 2017 for the UK (9,131 wards; 7,463 English)."""
    schema = pa.DataFrameSchema({
        "ward17_code": pa.Column(str, pa.Check.str_matches(r"^[ENSW]\d{8}$"), unique=True),
        "ward17_name": pa.Column(str), "lad17_code": pa.Column(str, pa.Check.str_matches(r"^[ENSW]\d{8}$")),
        "lad17_name": pa.Column(str)}, strict=True,
        checks=[pa.Check(lambda d: len(d) == 9131, element_wise=False, name="9,131 wards")])

    def parse(p: Path) -> pd.DataFrame:
        raw = pd.read_csv(p, dtype=str)
        cols = {"WD17CD": "ward17_code", "WD17NM": "ward17_name", "LAD17CD": "lad17_code", "LAD17NM": "lad17_name"}
        require_columns(raw, list(cols), p.name)
        return validate(raw[list(cols)].rename(columns=cols), schema, p.name)
    return _cached("lookup_ward17_lad17", [("lookups", "Ward_to_Local_Authority_District_December_2017_Lookup_in_the_United_Kingdom.csv")], parse)


def lookup_lad17_lad19() -> pd.DataFrame:
    """LAD 2017 -> LAD 2019 codes, UK, many-to-one (391 rows; British Red Cross from ONS codes)."""
    schema = pa.DataFrameSchema({
        "lad17_code": pa.Column(str, pa.Check.str_matches(r"^[ENSW]\d{8}$"), unique=True),
        "lad19_code": pa.Column(str, pa.Check.str_matches(r"^[ENSW]\d{8}$"))}, strict=True,
        checks=[pa.Check(lambda d: len(d) == 391, element_wise=False, name="391 rows")])

    def parse(p: Path) -> pd.DataFrame:
        raw = pd.read_csv(p, dtype=str)
        require_columns(raw, ["LAD17CD", "LAD19CD"], p.name)
        return validate(raw[["LAD17CD", "LAD19CD"]].set_axis(["lad17_code", "lad19_code"], axis=1), schema, p.name)
    return _cached("lookup_lad17_lad19", [("lookups", "LAD 2017 to LAD 2019 codes.csv")], parse)


# --------------------------------------------------------------------------------------------
# boundaries


def boundaries():
    """ONS LAD December 2019 ultra-generalised boundaries (382 UK LADs) as a GeoDataFrame, WGS84.

    Columns ``lad19_code``, ``lad19_name``, ``geometry``. Reproject (e.g. to EPSG:27700) before
    measuring; :mod:`analysis.figures` maps in British National Grid.
    """
    import geopandas as gpd

    p = fetch.path("boundaries")
    gdf = gpd.read_file(p)
    require_columns(gdf, ["lad19cd", "lad19nm", "geometry"], p.name)
    gdf = gdf[["lad19cd", "lad19nm", "geometry"]].rename(columns={"lad19cd": "lad19_code", "lad19nm": "lad19_name"})
    if len(gdf) != 382 or not gdf["lad19_code"].is_unique:
        raise DataError(f"{p.name}: expected 382 unique LAD19 features, found {len(gdf)} "
                        f"({gdf['lad19_code'].nunique()} unique)")
    return gdf


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
    return _cached("hle_utla_series", [("hle_utla_series", "healthy-life-expectancy.csv")], _parse_hle_utla)


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


# --------------------------------------------------------------------------------------------
# imd2025_lad

#: IoD 2025 File 10 columns (Trafford Data Lab's long CSV) -> tidy names; rank 1 = most deprived
IMD2025_LA_MEASURES = {
    "average_rank": "imd_avg_rank",
    "rank_average_rank": "imd_rank_of_avg_rank",
    "average_score": "imd_avg_score",
    "rank_average_score": "imd_rank_of_avg_score",
    "proportion_bottom_decile": "imd_prop_lsoas_most_deprived_10pc",
    "rank_proportion_bottom_decile": "imd_rank_of_prop_lsoas_most_deprived_10pc",
}

IMD2025_LAD_SCHEMA = pa.DataFrameSchema(
    {
        "lad24_code": pa.Column(str, pa.Check.str_matches(LAD_ENGLAND), unique=True),
        "lad24_name": pa.Column(str, unique=True),
        "imd_avg_rank": pa.Column(float, pa.Check.in_range(1, 33755)),
        "imd_rank_of_avg_rank": pa.Column(int, pa.Check.in_range(1, 296), unique=True),
        "imd_avg_score": pa.Column(float, pa.Check.in_range(0, 100)),
        "imd_rank_of_avg_score": pa.Column(int, pa.Check.in_range(1, 296), unique=True),
        "imd_prop_lsoas_most_deprived_10pc": pa.Column(float, pa.Check.in_range(0, 1)),
        "imd_rank_of_prop_lsoas_most_deprived_10pc": pa.Column(int, pa.Check.in_range(1, 296)),
    },
    strict=True,
    checks=[pa.Check(lambda d: len(d) == 296, element_wise=False, name="296 local authorities")],
)


def parse_imd2025_lad(p: Path) -> pd.DataFrame:
    """The IMD rows of the IoD 2025 LA summaries, one per LAD of 2024 (see :func:`imd2025_lad`)."""
    raw = pd.read_csv(p, dtype={"area_code": str, "area_name": str, "index_domain": str})
    require_columns(raw, ["area_code", "area_name", "index_domain", *IMD2025_LA_MEASURES], p.name)
    imd = raw[raw["index_domain"] == "Index of Multiple Deprivation"]
    if imd.empty:
        raise DataError(f"{p.name}: no rows with index_domain == 'Index of Multiple Deprivation'")
    df = imd[["area_code", "area_name", *IMD2025_LA_MEASURES]].rename(
        columns={"area_code": "lad24_code", "area_name": "lad24_name", **IMD2025_LA_MEASURES})
    return validate(df.reset_index(drop=True), IMD2025_LAD_SCHEMA, p.name)


def imd2025_lad() -> pd.DataFrame:
    """IoD 2025 File 10 (MHCLG, Oct 2025): IMD summary measures for the 296 English LADs of 2024.

    The codes are those of April 2024, the same English LADs as April 2023 (the population file's
    geography); they differ from IoD 2019's wherever districts merged in 2020-2023. Ranks run 1..296
    with 1 the most deprived. The file has average rank, average score and the proportion of LSOAs
    in the most deprived decile, each with its rank; extent and local concentration are not in it.
    """
    f = source("imd2025_lad")
    return _cached("imd2025_lad", [(f.dataset, f.file)], parse_imd2025_lad)


# --------------------------------------------------------------------------------------------
# population_2022

POPULATION_COLUMNS = {
    "Area code": "area_code", "Area name": "area_name", "Age": "age",
    "Mid-2011 population (Female)": "female_2011", "Mid-2022 population (Female)": "female_2022",
    "Mid-2011 population (Male)": "male_2011", "Mid-2022 population (Male)": "male_2022",
}

POPULATION_SCHEMA = pa.DataFrameSchema(
    {
        "area_code": pa.Column(str, pa.Check.str_matches(r"^[EKNSW]\d{8}$")),
        "area_name": pa.Column(str),
        "age": pa.Column(int, pa.Check.in_range(0, 90)),
        **{c: pa.Column(int, pa.Check.ge(0)) for c in ("female_2011", "female_2022", "male_2011", "male_2022")},
    },
    strict=True,
    unique=["area_code", "age"],
    checks=[pa.Check(lambda d: len(d) == 36764, element_wise=False, name="36,764 rows (404 areas x 91 ages)"),
            pa.Check(lambda d: (d.groupby("area_code").size() == 91).all(), element_wise=False,
                     name="every area has ages 0 to 90")],
)


def parse_population(p: Path) -> pd.DataFrame:
    """The population estimates, one row per (area, single year of age) (see :func:`population_2022`)."""
    raw = pd.read_csv(p, dtype={"Area code": str, "Area name": str})
    require_columns(raw, list(POPULATION_COLUMNS), p.name)
    df = raw[list(POPULATION_COLUMNS)].rename(columns=POPULATION_COLUMNS)
    return validate(df, POPULATION_SCHEMA, p.name)


def population_2022() -> pd.DataFrame:
    """ONS mid-2011 and mid-2022 population by single year of age (90 = 90 and over) and sex.

    Areas are the UK LAs of April 2023 (E06/E07/E08/E09, S12, W06, N09), English counties (E10),
    metropolitan counties (E11), regions (E12), the nations and the UK; columns ``female_2011``,
    ``female_2022``, ``male_2011``, ``male_2022``. 2019 districts merged since have no row.
    """
    f = source("population_2022")
    return _cached("population_2022", [(f.dataset, f.file)], parse_population)


# --------------------------------------------------------------------------------------------
# the catalogue of tables

#: every tabular loader, by name (the data page and the invariant tests iterate over this)
TABLES = {
    "referendum": referendum, "cni": cni, "imd_ward": imd_ward, "imd_lad": imd_lad, "imd_utla": imd_utla,
    "imd_lsoa": imd_lsoa, "hle_2009_13": hle_2009_13, "hle_series": hle_series, "luf_priority": luf_priority,
    "luf_bids": luf_bids, "lookup_lsoa11_ward17": lookup_lsoa11_ward17, "lookup_ward17_lad17": lookup_ward17_lad17,
    "lookup_lad17_lad19": lookup_lad17_lad19, "hle_utla_series": hle_utla_series, "imd2025_lad": imd2025_lad,
    "population_2022": population_2022,
}


#: which registry dataset each table is parsed from
TABLE_SOURCES = {
    "referendum": "eu_referendum_2016", "cni": "cni_2019", "imd_ward": "imd2019_ward", "imd_lad": "imd2019_lad",
    "imd_utla": "imd2019_lad", "imd_lsoa": "imd2019_lsoa", "hle_2009_13": "hle_la_2009_13",
    "hle_series": "hle_series", "luf_priority": "luf_priority_2021", "luf_bids": "luf_round1_2021",
    "lookup_lsoa11_ward17": "lookups", "lookup_ward17_lad17": "lookups", "lookup_lad17_lad19": "lookups",
    "hle_utla_series": "hle_utla_series", "imd2025_lad": "imd2025_lad", "population_2022": "population_2022",
}


def overview() -> pd.DataFrame:
    """One row per tidy table: its source dataset, rows and columns (for the data page)."""
    rows = []
    for name, load in TABLES.items():
        df = load()
        rows.append({"table": f"loaders.{name}()", "dataset": TABLE_SOURCES[name], "rows": len(df),
                     "columns": len(df.columns)})
    gdf = boundaries()
    rows.append({"table": "loaders.boundaries()", "dataset": "boundaries", "rows": len(gdf), "columns": len(gdf.columns)})
    return pd.DataFrame(rows)
