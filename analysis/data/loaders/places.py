"""Places and votes: the 2016 referendum, the ONS lookups between codes, the LAD boundaries and
the mid-year population estimates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.data import fetch
from analysis.data.loaders.core import cached, require_columns, validate
from analysis.data.registry import source
from analysis.errors import DataError

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
    return cached("referendum", [("eu_referendum_2016", None)], parse_referendum)


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
    return cached("lookup_lsoa11_ward17", [("lookups", "Lower_Layer_Super_Output_Area_2011_to_Ward_2017_Lookup_in_England_and_Wales.csv")], parse)


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
    return cached("lookup_ward17_lad17", [("lookups", "Ward_to_Local_Authority_District_December_2017_Lookup_in_the_United_Kingdom.csv")], parse)


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
    return cached("lookup_lad17_lad19", [("lookups", "LAD 2017 to LAD 2019 codes.csv")], parse)


LAD23_UTLA23_FILE = "Local_Authority_District_to_County_and_Unitary_Authority_(April_2023)_Lookup_in_EW.csv"

LAD23_UTLA23_SCHEMA = pa.DataFrameSchema(
    {
        "lad23_code": pa.Column(str, pa.Check.str_matches(r"^(E0[6-9]|W06)\d{6}$"), unique=True),
        "lad23_name": pa.Column(str),
        "utla23_code": pa.Column(str, pa.Check.str_matches(r"^(E0[689]|E10|W06)\d{6}$")),
        "utla23_name": pa.Column(str),
    },
    strict=True,
    checks=[
        pa.Check(lambda d: len(d) == 318, element_wise=False, name="318 districts (296 English, 22 Welsh)"),
        pa.Check(lambda d: d["lad23_code"].str.startswith("E07") == d["utla23_code"].str.startswith("E10"),
                 name="a shire district (E07) and only a shire district is in a county (E10)"),
        pa.Check(lambda d: d["lad23_code"].str.startswith("E07") | ((d["utla23_code"] == d["lad23_code"])
                                                                 & (d["utla23_name"] == d["lad23_name"])),
                 name="every other district is its own upper tier, under its own name"),
    ],
)


def parse_lookup_lad23_utla23(p: Path) -> pd.DataFrame:
    raw = pd.read_csv(p, dtype=str, encoding="utf-8-sig")  # the portal's byte-order mark
    cols = {"LTLA23CD": "lad23_code", "LTLA23NM": "lad23_name", "UTLA23CD": "utla23_code", "UTLA23NM": "utla23_name"}
    require_columns(raw, list(cols), p.name)
    return validate(raw[list(cols)].rename(columns=cols), LAD23_UTLA23_SCHEMA, p.name)


def lookup_lad23_utla23() -> pd.DataFrame:
    """ONS local authority district -> county or unitary authority (the upper tier), April 2023, England
    and Wales: 318 districts (296 English, 22 Welsh).

    The 164 English shire districts (E07) map to the 21 counties (E10); every other district is its
    own upper tier. The districts merged into the unitaries of 2020-2023 have no row (their unitary
    has). Barnsley and Sheffield carry their codes from before 2021 (E08000016, E08000019), not the
    E08000038 and E08000039 of ONS's later series.
    """
    return cached("lookup_lad23_utla23", [("lookups", LAD23_UTLA23_FILE)], parse_lookup_lad23_utla23)


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
    return cached("population_2022", [(f.dataset, f.file)], parse_population)
