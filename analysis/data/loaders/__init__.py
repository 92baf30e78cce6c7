"""One loader per dataset: parse the raw file once, tidy it, validate it, cache it.

Every loader returns a tidy ``pandas.DataFrame`` with snake_case columns and proper dtypes,
validated by a pandera schema (unique keys, code patterns, value ranges, row counts); the parsed
table is cached (:func:`analysis.data.loaders.core.cached`). Source, publisher and licence of every
file are in ``data/sources.yml``; the caveats of each are summarised in the loader's docstring.

The loaders are grouped by subject (``places``, ``deprivation``, ``health``, ``fund``); every one is
importable from here, as ``loaders.cni()``. The files of ONS Explore Local Statistics share one layout and
one loader, ``loaders.els(dataset)``, over the datasets declared in ``loaders.ELS_DATASETS`` (``els``).
"""

from __future__ import annotations

import pandas as pd

from analysis.data.loaders.core import LAD_ENGLAND, WARD, cached, require_columns, validate
from analysis.data.loaders.deprivation import (CNI_ABSENT_LAS, IMD_LA_MEASURES, cni, imd2025_lad, imd_lad, imd_lsoa,
                                               imd_utla, imd_ward, parse_imd2025_lad)
from analysis.data.loaders.els import (ELS_DATASETS, STATUS, ElsDataset, els, els_current_areas, els_join, els_schema,
                                       els_set_aside, els_summary, england_latest, parse_els, parse_periods)
from analysis.data.loaders.fund import luf_bids, luf_priority
from analysis.data.loaders.health import hle_2009_13, hle_series, hle_utla_metadata, hle_utla_series
from analysis.data.loaders.places import (boundaries, lookup_lad17_lad19, lookup_lsoa11_ward17, lookup_ward17_lad17,
                                          parse_population, parse_referendum, population_2022, referendum)
from analysis.data.loaders.places import lookup_lad23_utla23
from analysis.data.loaders.published import TABLE2_REGIONS, tuc_low_pay_2019, tuc_low_pay_2019_sectors

#: every tabular loader, by name, with the registry dataset it is parsed from (the data page and the
#: invariant tests iterate over this)
TABLES = {
    "referendum": (referendum, "eu_referendum_2016"), "cni": (cni, "cni_2019"), "imd_ward": (imd_ward, "imd2019_ward"),
    "imd_lad": (imd_lad, "imd2019_lad"), "imd_utla": (imd_utla, "imd2019_lad"), "imd_lsoa": (imd_lsoa, "imd2019_lsoa"),
    "hle_2009_13": (hle_2009_13, "hle_la_2009_13"), "hle_series": (hle_series, "hle_series"),
    "luf_priority": (luf_priority, "luf_priority_2021"), "luf_bids": (luf_bids, "luf_round1_2021"),
    "lookup_lsoa11_ward17": (lookup_lsoa11_ward17, "lookups"), "lookup_ward17_lad17": (lookup_ward17_lad17, "lookups"),
    "lookup_lad17_lad19": (lookup_lad17_lad19, "lookups"), "lookup_lad23_utla23": (lookup_lad23_utla23, "lookups"),
    "hle_utla_series": (hle_utla_series, "hle_utla_series"),
    "imd2025_lad": (imd2025_lad, "imd2025_lad"), "population_2022": (population_2022, "population_2022"),
}


def overview() -> pd.DataFrame:
    """One row per tidy table: its source dataset, rows and columns (for the data page)."""
    rows = []
    for name, (load, dataset) in TABLES.items():
        df = load()
        rows.append({"table": f"loaders.{name}()", "dataset": dataset, "rows": len(df), "columns": len(df.columns)})
    for dataset in ELS_DATASETS:
        df = els(dataset)
        rows.append({"table": f'loaders.els("{dataset}")', "dataset": dataset, "rows": len(df), "columns": len(df.columns)})
    gdf = boundaries()
    rows.append({"table": "loaders.boundaries()", "dataset": "boundaries", "rows": len(gdf), "columns": len(gdf.columns)})
    return pd.DataFrame(rows)


__all__ = ["CNI_ABSENT_LAS", "ELS_DATASETS", "ElsDataset", "STATUS", "els", "els_current_areas", "els_join",
           "els_schema", "els_set_aside",
           "els_summary", "england_latest", "parse_els", "parse_periods", "IMD_LA_MEASURES", "LAD_ENGLAND", "TABLES", "WARD", "boundaries", "cached", "cni", "hle_2009_13",
           "hle_series", "hle_utla_metadata", "hle_utla_series", "imd2025_lad", "imd_lad", "imd_lsoa", "imd_utla",
           "imd_ward", "lookup_lad17_lad19", "lookup_lad23_utla23", "lookup_lsoa11_ward17", "lookup_ward17_lad17", "luf_bids", "luf_priority",
           "overview", "parse_imd2025_lad", "parse_population", "parse_referendum", "population_2022", "referendum",
           "require_columns", "TABLE2_REGIONS", "tuc_low_pay_2019", "tuc_low_pay_2019_sectors", "validate"]
