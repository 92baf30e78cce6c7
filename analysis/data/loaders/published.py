"""Tables transcribed from published documents: committed facts with their provenance beside them.

The TUC essay's Table 2 (low pay by region, ASHE 2019) and its sector figures are typed as printed in
``data/published/tuc_low_pay_2019.csv`` and ``tuc_low_pay_2019_sectors.csv``, with their provenance in
``tuc_low_pay_2019.md``; they are read here and validated like any downloaded file.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis import config
from analysis.data.loaders.core import validate
from analysis.errors import DataError

#: the regions and nations of Table 2, in the printed order (the UK total row follows them)
TABLE2_REGIONS = ("North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands", "East",
                  "London", "South East", "South West", "Wales", "Scotland", "Northern Ireland")

TABLE2_SCHEMA = pa.DataFrameSchema(
    {
        "region": pa.Column(str, pa.Check.isin([*TABLE2_REGIONS, "UK"]), unique=True),
        "pct_low_pay": pa.Column(float, pa.Check.in_range(0, 100)),
        "employees_low_pay": pa.Column(int, [pa.Check.gt(0), pa.Check(lambda s: s % 1000 == 0,
                                                                       name="printed to the nearest 1,000")]),
        "constituencies_over_20pct": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "constituencies_over_20pct_pct": pa.Column("Int64", pa.Check.in_range(0, 100), nullable=True),
        "row_type": pa.Column(str, pa.Check.isin(["region", "total"])),
    },
    checks=[
        pa.Check(lambda d: len(d) == 13, element_wise=False, name="12 regions and nations plus the UK row"),
        pa.Check(lambda d: d["region"].tolist() == [*TABLE2_REGIONS, "UK"], element_wise=False,
                 name="printed row order"),
        pa.Check(lambda d: (d["row_type"] == "total").tolist() == [False] * 12 + [True], element_wise=False,
                 name="only the UK row is a total"),
        pa.Check(lambda d: d["constituencies_over_20pct"].isna().eq(d["constituencies_over_20pct_pct"].isna()).all(),
                 element_wise=False, name="number and % of constituencies are both given or both n/a"),
    ],
    strict=True,
)

SECTORS_SCHEMA = pa.DataFrameSchema(
    {
        "sector": pa.Column(str, unique=True),
        "median_hourly_pay_gbp": pa.Column(float, pa.Check.in_range(5, 30)),
        "pct_below_rlw": pa.Column(float, pa.Check.in_range(0, 100), nullable=True),
    },
    checks=[pa.Check(lambda d: len(d) == 4, element_wise=False, name="3 sectors and the UK")],
    strict=True,
)


def _read(name: str, dtype: dict) -> pd.DataFrame:
    path = config.PUBLISHED / name
    if not path.is_file():
        raise DataError(f"the transcribed table {path} is missing; it is committed with the compendium "
                        f"(see data/published/tuc_low_pay_2019.md)")
    return pd.read_csv(path, dtype=dtype)


def tuc_low_pay_2019() -> pd.DataFrame:
    """The TUC essay's Table 2 as printed: 12 regions and nations plus the UK row (13 rows), validated.

    ``constituencies_over_20pct`` and ``constituencies_over_20pct_pct`` are missing for Northern
    Ireland (printed ``n/a``).
    """
    df = _read("tuc_low_pay_2019.csv", {"region": str, "row_type": str, "pct_low_pay": float,
                                        "employees_low_pay": "int64", "constituencies_over_20pct": "Int64",
                                        "constituencies_over_20pct_pct": "Int64"})
    return validate(df, TABLE2_SCHEMA, "data/published/tuc_low_pay_2019.csv")


def tuc_low_pay_2019_sectors() -> pd.DataFrame:
    """The essay's sector context (median hourly pay, % below the Real Living Wage), as printed."""
    df = _read("tuc_low_pay_2019_sectors.csv", {"sector": str, "median_hourly_pay_gbp": float,
                                                "pct_below_rlw": float})
    return validate(df, SECTORS_SCHEMA, "data/published/tuc_low_pay_2019_sectors.csv")
