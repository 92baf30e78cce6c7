"""Deprivation and community need: IoD 2019 (wards, LAs, LSOAs), IoD 2025 (LAs) and the Community
Needs Index 2019 (wards)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.data.loaders.core import LAD_ENGLAND, WARD, cached, read_excel, require_columns, snake, validate
from analysis.data.registry import source
from analysis.errors import DataError

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
#: the LAs with no CNI ward (OCSI omits them): why a join of the CNI to the LAs misses them
CNI_ABSENT_LAS = {"E09000001": "City of London: no CNI wards upstream (OCSI omits it)",
                  "E06000053": "Isles of Scilly: no CNI wards upstream (OCSI omits it)"}
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
    return cached("cni", [("cni_2019", None)], parse)


# --------------------------------------------------------------------------------------------
# imd2019_ward

IMD_WARD_DOMAINS = ["Income", "Employment", "Education", "Health", "Crime", "Housing_and_Access", "Environment"]
IMD_WARD_MEASURES = ["Proportion", "Extent", "Score"]


def _imd_ward_schema() -> pa.DataFrameSchema:
    cols = {"ward17_code": pa.Column(str, pa.Check.str_matches(WARD), unique=True)}
    for prefix in ["imd"] + [snake(d) for d in IMD_WARD_DOMAINS]:
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
               **{f"{d}_{m}": f"{snake(d)}_{m.lower()}" for d in IMD_WARD_DOMAINS for m in IMD_WARD_MEASURES}}
        df = raw[expected].rename(columns=ren)
        return validate(df, _imd_ward_schema(), p.name)
    return cached("imd_ward", [("imd2019_ward", None)], parse)


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
    raw = read_excel(p, "IMD")
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
    return cached("imd_lad", [(f.dataset, f.file)], lambda p: _parse_imd_la(
        p, "Local Authority District code (2019)", "Local Authority District name (2019)", "lad19",
        LAD_ENGLAND, 317))


#: File 11's income domain: its average score (the population-weighted mean of the LSOAs' shares of
#: residents who are income deprived) and that score's rank (1 = most deprived)
IMD_UTLA_INCOME = {"Income - Average score": "income_avg_score", "Income - Rank of average score": "income_rank_of_avg_score"}


def _parse_imd_utla(p: Path) -> pd.DataFrame:
    code, name = "Upper Tier Local Authority District code (2019)", "Upper Tier Local Authority District name (2019)"
    df = _parse_imd_la(p, code, name, "utla19", r"^E(0[689]|10)\d{6}$", 151)
    inc = read_excel(p, "Income")
    inc.columns = [str(c).strip() for c in inc.columns]
    require_columns(inc, [code, *IMD_UTLA_INCOME], f"{p.name} sheet 'Income'")
    inc = inc[[code, *IMD_UTLA_INCOME]].rename(columns={code: "utla19_code", **IMD_UTLA_INCOME})
    inc["income_rank_of_avg_score"] = inc["income_rank_of_avg_score"].astype(int)
    out = df.merge(inc, on="utla19_code", how="left", validate="one_to_one")
    schema = _imd_la_schema("utla19", r"^E(0[689]|10)\d{6}$", 151).add_columns({
        "income_avg_score": pa.Column(float, pa.Check.in_range(0, 1)),
        "income_rank_of_avg_score": pa.Column(int, pa.Check.in_range(1, 151), unique=True)})
    return validate(out, schema, f"{p.name} sheets 'IMD' and 'Income'")


def imd_utla() -> pd.DataFrame:
    """IoD 2019 File 11 (MHCLG): IMD summary measures for the 151 upper-tier LAs of 2019, and the income
    domain's average score (``income_avg_score``: the mean share of residents income deprived) and rank."""
    f = source("imd2019_lad", "File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx")
    return cached("imd_utla", [(f.dataset, f.file)], _parse_imd_utla)


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
        raw = read_excel(p, "IMD2019")
        cols = {"LSOA code (2011)": "lsoa11_code", "LSOA name (2011)": "lsoa11_name",
                "Local Authority District code (2019)": "lad19_code",
                "Local Authority District name (2019)": "lad19_name",
                "Index of Multiple Deprivation (IMD) Rank": "imd_rank",
                "Index of Multiple Deprivation (IMD) Decile": "imd_decile"}
        require_columns(raw, list(cols), f"{p.name} sheet 'IMD2019'")
        return validate(raw[list(cols)].rename(columns=cols), IMD_LSOA_SCHEMA, f"{p.name} sheet 'IMD2019'")
    return cached("imd_lsoa", [("imd2019_lsoa", None)], parse)


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
    return cached("imd2025_lad", [(f.dataset, f.file)], parse_imd2025_lad)
