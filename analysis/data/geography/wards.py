"""2017 wards: why a ward of one ward-level dataset has no counterpart in another, the join of the
two ward-level indices (CNI and ward IMD), and the groups of local authorities (Inner London, the
Core Cities) a ward is classified by."""

from __future__ import annotations

import pandas as pd

from analysis.data.geography.reconcile import Reconciliation, reconcile

#: ONS statistical definition of Inner London (14 LAs, with the City; Greenwich is outer, Haringey and
#: Newham inner), LAD 2017 codes
INNER_LONDON = {
    "E09000001": "City of London", "E09000007": "Camden", "E09000012": "Hackney",
    "E09000013": "Hammersmith and Fulham", "E09000014": "Haringey", "E09000019": "Islington",
    "E09000020": "Kensington and Chelsea", "E09000022": "Lambeth", "E09000023": "Lewisham",
    "E09000025": "Newham", "E09000028": "Southwark", "E09000030": "Tower Hamlets",
    "E09000032": "Wandsworth", "E09000033": "Westminster",
}
#: the eight English Core Cities (the Core Cities UK group, less Cardiff and Glasgow), LAD 2017 codes
CORE_CITIES = {
    "E08000025": "Birmingham", "E06000023": "Bristol, City of", "E08000035": "Leeds", "E08000012": "Liverpool",
    "E08000003": "Manchester", "E08000021": "Newcastle upon Tyne", "E06000018": "Nottingham",
    "E08000019": "Sheffield",
}
#: ways of saying which wards are "inner city", by the LA (LAD 2017 code) they are in
INNER_CITY_DEFINITIONS = ("inner_london", "inner_london_and_core_cities", "london", "metropolitan")


def inner_city(lad17_codes: pd.Series, definition: str = "inner_london") -> pd.Series:
    """True where a ward's LAD 2017 code is 'inner city' under ``definition``.

    ``inner_london``: the 14 Inner London LAs (ONS statistical definition); ``inner_london_and_core_cities``:
    those plus the 8 English Core Cities; ``london``: all 33 London LAs (E09); ``metropolitan``:
    London plus the 36 metropolitan districts (E08).
    """
    s = pd.Series(lad17_codes).astype(str)
    if definition == "inner_london":
        return s.isin(INNER_LONDON)
    if definition == "inner_london_and_core_cities":
        return s.isin(INNER_LONDON) | s.isin(CORE_CITIES)
    if definition == "london":
        return s.str.startswith("E09")
    if definition == "metropolitan":
        return s.str.startswith("E09") | s.str.startswith("E08")
    raise ValueError(f"unknown inner-city definition {definition!r}; one of: {', '.join(INNER_CITY_DEFINITIONS)}")


def ward17_reasons(ward17_lad17: pd.DataFrame, lsoa11_ward17: pd.DataFrame) -> dict[str, str]:
    """Why an English 2017 ward is in the CNI but not the BRC ward IMD, or the reverse, from the ONS
    ward -> LAD 2017 lookup (``ward17_lad17``) and the LSOA 2011 -> ward 2017 lookup (``lsoa11_ward17``).

    - no LSOA is best-fitted to the ward in the LSOA lookup, so the ward IMD (an aggregation of
      LSOAs) has no value for it;
    - City of London and Isles of Scilly wards: OCSI's CNI omits both LAs.
    """
    wards = ward17_lad17[ward17_lad17["ward17_code"].str.startswith("E05")]
    with_lsoa = set(lsoa11_ward17["ward17_code"])
    reasons: dict[str, str] = {}
    for code, lad in zip(wards["ward17_code"], wards["lad17_code"]):
        if code not in with_lsoa:
            reasons[code] = "no LSOA best-fitted to this ward in the ONS LSOA->ward 2017 lookup: no ward IMD"
        elif lad == "E09000001":
            reasons[code] = "City of London ward: OCSI's CNI omits City of London"
        elif lad == "E06000053":
            reasons[code] = "Isles of Scilly ward: OCSI's CNI omits the Isles of Scilly"
    return reasons


def ward_indices(cni: pd.DataFrame, imd_ward: pd.DataFrame, ward17_lad17: pd.DataFrame,
                 lsoa11_ward17: pd.DataFrame) -> tuple[pd.DataFrame, Reconciliation]:
    """The CNI wards (``cni``) joined (outer) to British Red Cross's ward IMD (``imd_ward``), one row per
    2017 ward, with the reconciliation of the join (its reasons from :func:`ward17_reasons`).

    A ward only in the ward IMD takes its name and LA from the ONS ward lookup (``ward17_lad17``) and is
    not flagged left-behind (the flag is the CNI file's)."""
    imd = imd_ward[["ward17_code", "imd_score", "imd_proportion", "imd_extent"]]
    names = ward17_lad17.set_index("ward17_code")
    imd = imd.assign(imd_ward_name=imd["ward17_code"].map(names["ward17_name"]),
                     imd_lad17_code=imd["ward17_code"].map(names["lad17_code"]),
                     imd_lad17_name=imd["ward17_code"].map(names["lad17_name"]))
    df, rec = reconcile(cni, imd, "ward17_code", name="CNI wards -> ward IMD (BRC)", left_label="CNI",
                        right_label="ward IMD", left_name="ward17_name", right_name="imd_ward_name",
                        reasons=ward17_reasons(ward17_lad17, lsoa11_ward17), how="outer")
    df["ward17_name"] = df["ward17_name"].fillna(df["imd_ward_name"])
    df["lad17_code"] = df["lad17_code"].fillna(df["imd_lad17_code"])
    df["lad17_name"] = df["lad17_name"].fillna(df["imd_lad17_name"])
    df["left_behind"] = df["left_behind"].astype("boolean").fillna(False).astype(bool)  # IMD-only wards: not flagged
    df = df.drop(columns=["imd_ward_name", "imd_lad17_code", "imd_lad17_name"])
    return df.sort_values("ward17_code").reset_index(drop=True), rec
