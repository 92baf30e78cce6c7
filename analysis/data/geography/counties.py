"""Districts and their counties: the upper tier of April 2023 over every LA of 2019, and the counties
of 2019 abolished since.

England has two tiers of local government in its 21 remaining counties (a county council over shire
districts) and one tier elsewhere (unitaries, metropolitan districts, London boroughs). ONS publishes
some statistics (healthy life expectancy among them) for the upper tier only, so a district reads its
county's figure. :func:`upper_tier_2023` takes each LA of 2019 to its upper tier of April 2023 through
ONS's lookup (``loaders.lookup_lad23_utla23()``) and the unitaries that replaced districts since 2019
(:data:`analysis.data.geography.vintages.SUCCESSORS_2023`).
"""

from __future__ import annotations

import pandas as pd

from analysis.data.geography.reconcile import Reconciliation, reconcile
from analysis.data.geography.vintages import SUCCESSOR_YEAR, SUCCESSORS_2023, lad19_to_lad23

# The counties of 2019 that no longer exist in April 2023, each replaced by one or two of the
# unitaries of SUCCESSORS_2023, by the Structural Changes Orders named beside that table. The April
# 2023 lookup has no row for them, so which unitaries took over which county is typed here; the
# codes and names are those of IoD 2019 File 11 (the upper-tier LAs of 2019), and a test holds the
# table to File 11 and to the lookup (exactly the counties of File 11 that the lookup lacks, and every
# unitary of SUCCESSORS_2023 once).

#: county code of 2019 -> (its name, the 2023 unitaries that replaced it)
ABOLISHED_COUNTIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "E10000002": ("Buckinghamshire", ("E06000060",)),
    "E10000021": ("Northamptonshire", ("E06000061", "E06000062")),
    "E10000006": ("Cumbria", ("E06000063", "E06000064")),
    "E10000023": ("North Yorkshire", ("E06000065",)),
    "E10000027": ("Somerset", ("E06000066",)),
}


def abolished_counties(successors: dict | None = None) -> pd.DataFrame:
    """:data:`ABOLISHED_COUNTIES` as a long table, one row per 2019 district: ``county_code, county_name,
    abolished`` (the April the unitaries took over), ``lad23_code, lad23_name, lad19_code``."""
    successors = SUCCESSORS_2023 if successors is None else successors
    rows = []
    for county, (name, unitaries) in ABOLISHED_COUNTIES.items():
        years = {SUCCESSOR_YEAR[u] for u in unitaries}
        if len(years) != 1:
            raise ValueError(f"{name}: its unitaries took over in different years {sorted(years)}")
        year = years.pop()
        rows += [(county, name, year, u, successors[u][0], d) for u in unitaries for d in successors[u][1]]
    return pd.DataFrame(rows, columns=["county_code", "county_name", "abolished", "lad23_code", "lad23_name",
                                       "lad19_code"])


def upper_tier_2023(lad19: pd.DataFrame, lad23_utla23: pd.DataFrame) -> tuple[pd.DataFrame, Reconciliation]:
    """The upper-tier area of April 2023 that covers each LA of 2019, and the join's report.

    ``lad19`` has ``lad19_code, lad19_name`` (IoD 2019 File 10); ``lad23_utla23`` is ONS's April 2023
    lookup (``lad23_code, lad23_name, utla23_code, utla23_name``). An LA of 2019 reaches the lookup
    through its own code, or through the unitary it became part of (:func:`lad19_to_lad23`). Returns
    ``lad19_code, lad23_code, utla23_code, utla23_name, county`` (``county``: a district of a county
    still two-tier in 2023) and the reconciliation of the 2023 codes with the lookup, in which the
    Welsh councils are the only rows expected to be left over.
    """
    need = {"lad23_code", "lad23_name", "utla23_code", "utla23_name"}
    if not need <= set(lad23_utla23.columns):
        raise ValueError(f"the district-to-county lookup lacks {sorted(need - set(lad23_utla23.columns))}")
    mapping = lad19_to_lad23(lad19["lad19_code"])
    reached = mapping[["lad23_code"]].drop_duplicates()
    joined, rec = reconcile(reached, lad23_utla23, "lad23_code", name="LADs of 2019, as of 2023 -> district-to-county "
                            "lookup (April 2023)", left_label="LADs of 2019 (2023 codes)",
                            right_label="district-to-county lookup", right_name="lad23_name", how="left")
    out = mapping.merge(joined[["lad23_code", "utla23_code", "utla23_name"]], on="lad23_code", how="left")
    out["county"] = out["utla23_code"].str.startswith("E10").fillna(False).astype(bool)
    return out[["lad19_code", "lad23_code", "utla23_code", "utla23_name", "county"]], rec
