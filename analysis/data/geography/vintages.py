"""Local-authority codes across vintages: the 2016/2017 LADs (the referendum's areas), the LADs of
2019 (IoD 2019, the boundary file), the April 2020 unitary of Buckinghamshire, and the unitaries of
2020-2023 (the Fund's award lists, the population file, IoD 2025). Facts of public record are typed
here once; every function takes the lookup tables it needs as arguments and reads nothing itself.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.geography.reconcile import Reconciliation, reconcile

#: LAD19 codes of the four Buckinghamshire districts abolished on 1 April 2020
BUCKS_DISTRICTS_2019 = ("E07000004", "E07000005", "E07000006", "E07000007")
BUCKS_UA_2020 = ("E06000060", "Buckinghamshire")

#: LAD 2019 areas created by the April 2019 mergers, with the 2011 districts they were made from
MERGED_2019 = {
    "E06000058": ("Bournemouth, Christchurch and Poole", ("E06000028", "E06000029", "E07000048")),
    "E06000059": ("Dorset", ("E07000049", "E07000050", "E07000051", "E07000052", "E07000053")),
    "E07000244": ("East Suffolk", ("E07000205", "E07000206")),
    "E07000245": ("West Suffolk", ("E07000201", "E07000204")),
    "E07000246": ("Somerset West and Taunton", ("E07000190", "E07000191")),
}

#: upper-tier codes that ONS re-coded after minor boundary changes in 2013 (Northumberland,
#: Gateshead): old code -> the code used from 2013 (and in IoD 2019)
RECODED_2013 = {"E06000048": "E06000057", "E08000020": "E08000037"}

#: codes that are not English local authorities in the referendum's counting areas
REFERENDUM_NOT_LAS = {"N92000002": "Northern Ireland: one counting area, outside England",
                      "GI": "Gibraltar: counted in the South West region, not a local authority"}


def known_reasons(lad17_lad19: pd.DataFrame, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Why a code may legitimately be missing from another vintage: the April 2019 mergers (from the
    LAD 2017 -> 2019 lookup ``lad17_lad19``), Buckinghamshire's April 2020 unitary, the referendum's
    areas that are not LAs, and any ``extra`` reasons the caller knows (a dataset's own gaps)."""
    reasons: dict[str, str] = {}
    changed = lad17_lad19[lad17_lad19["lad17_code"] != lad17_lad19["lad19_code"]]
    for _, r in changed.iterrows():
        reasons[r["lad17_code"]] = f"LAD 2017 code replaced by {r['lad19_code']} in April 2019"
    for code in BUCKS_DISTRICTS_2019:
        reasons[code] = f"district merged into {BUCKS_UA_2020[1]} ({BUCKS_UA_2020[0]}) in April 2020"
    reasons[BUCKS_UA_2020[0]] = "Buckinghamshire unitary, created April 2020 from four 2019 districts"
    return reasons | (extra or {}) | REFERENDUM_NOT_LAS


def lad19_created_reasons(lad17_lad19: pd.DataFrame) -> dict[str, str]:
    """Why an LAD 2019 code has no 2016 (LAD 2017) counterpart: it was created by an April 2019 merger."""
    l = lad17_lad19
    changed = l[(l["lad17_code"] != l["lad19_code"]) & l["lad19_code"].str.startswith("E")]
    return {new: f"LAD 2019 code created in April 2019 from {';'.join(sorted(grp['lad17_code']))}; "
                 f"no value of its own on the 2016 areas"
            for new, grp in changed.groupby("lad19_code")}


def to_lad19(df: pd.DataFrame, lad17_lad19: pd.DataFrame, code_col: str = "lad17_code") -> pd.DataFrame:
    """Add ``lad19_code`` to a table keyed by LAD 2017 codes (every English LAD17 maps)."""
    out = df.merge(lad17_lad19, left_on=code_col, right_on="lad17_code", how="left", suffixes=("", "_lookup"))
    missing = out.loc[out["lad19_code"].isna(), code_col]
    if len(missing):
        raise ValueError(f"LAD17 codes with no LAD19 code in the lookup: {sorted(missing)}")
    if code_col != "lad17_code":
        out = out.drop(columns="lad17_code")
    return out


def referendum_england(ref: pd.DataFrame, lad17_lad19: pd.DataFrame, lad19_names: pd.Series,
                       vintage: str = "lad17") -> pd.DataFrame:
    """The 326 English referendum areas (``lad17``), or aggregated to the 317 LADs of 2019 (``lad19``).

    ``ref`` is the referendum table, ``lad19_names`` the 2019 names by code (IoD 2019 File 10). For
    ``lad19`` the counts (electorate, votes, leave, remain) are summed over merged areas and the
    percentages recomputed from the sums; ``merged_from`` lists the 2016 areas in each.
    """
    eng = ref[ref["area_code"].str.match(r"^E0[6-9]")].rename(columns={"area_code": "lad17_code", "area": "lad17_name"})
    if vintage == "lad17":
        return eng.reset_index(drop=True)
    if vintage != "lad19":
        raise ValueError(f"vintage must be 'lad17' or 'lad19', not {vintage!r}")
    eng = to_lad19(eng, lad17_lad19)
    counts = ["electorate", "votes_cast", "valid_votes", "remain", "leave", "rejected_ballots"]
    agg = eng.groupby("lad19_code").agg(
        **{c: (c, "sum") for c in counts}, region=("region", "first"), region_code=("region_code", "first"),
        merged_from=("lad17_code", lambda s: ";".join(sorted(s))), n_areas=("lad17_code", "size"),
        lad17_names=("lad17_name", lambda s: "; ".join(sorted(s))))
    agg["pct_leave"] = 100 * agg["leave"] / agg["valid_votes"]
    agg["pct_remain"] = 100 * agg["remain"] / agg["valid_votes"]
    agg["pct_turnout"] = 100 * agg["votes_cast"] / agg["electorate"]
    agg["lad19_name"] = agg.index.map(lad19_names)
    return agg.reset_index()


# 2023 unitaries -> 2019 districts
#
# The award lists carry 2023 LAD codes. Six unitary authorities created between April 2020 and
# April 2023 replaced districts that exist in IoD 2019 and the April 2020 priority list. Which
# districts each replaced is a fact of public record, set by the Structural Changes Orders:
#   The Buckinghamshire (Structural Changes) Order 2019     -> Buckinghamshire (1 April 2020)
#   The Northamptonshire (Structural Changes) Order 2020    -> North / West Northamptonshire (1 April 2021)
#   The Cumbria (Structural Changes) Order 2022             -> Cumberland, Westmorland and Furness (1 April 2023)
#   The North Yorkshire (Structural Changes) Order 2022     -> North Yorkshire (1 April 2023)
#   The Somerset (Structural Changes) Order 2022            -> Somerset (1 April 2023)
# Codes of the new unitaries are ONS's (Register of Geographic Codes); the 2019 district codes
# are those of IoD 2019 File 10. The table below is transcribed from those orders, not derived.

#: 2023 unitary code -> (2023 name, the 2019 district codes it replaced)
SUCCESSORS_2023: dict[str, tuple[str, tuple[str, ...]]] = {
    "E06000060": ("Buckinghamshire", ("E07000004", "E07000005", "E07000006", "E07000007")),
    "E06000061": ("North Northamptonshire", ("E07000150", "E07000152", "E07000153", "E07000156")),
    "E06000062": ("West Northamptonshire", ("E07000151", "E07000154", "E07000155")),
    "E06000063": ("Cumberland", ("E07000026", "E07000028", "E07000029")),
    "E06000064": ("Westmorland and Furness", ("E07000027", "E07000030", "E07000031")),
    "E06000065": ("North Yorkshire", ("E07000163", "E07000164", "E07000165", "E07000166", "E07000167",
                                      "E07000168", "E07000169")),
    "E06000066": ("Somerset", ("E07000187", "E07000188", "E07000189", "E07000246")),
}


def lad23_successor_table() -> pd.DataFrame:
    """:data:`SUCCESSORS_2023` as a long table: ``lad23_code, lad23_name, lad19_code`` (one row per district)."""
    rows = [(c, nm, d) for c, (nm, ds) in SUCCESSORS_2023.items() for d in ds]
    return pd.DataFrame(rows, columns=["lad23_code", "lad23_name", "lad19_code"])


#: the April each unitary of :data:`SUCCESSORS_2023` took over from its districts
SUCCESSOR_YEAR = {"E06000060": 2020, "E06000061": 2021, "E06000062": 2021, "E06000063": 2023, "E06000064": 2023,
                  "E06000065": 2023, "E06000066": 2023}


def lad19_to_lad23(lad19_codes, successors: dict | None = None) -> pd.DataFrame:
    """The LAD of April 2023 that each 2019 LAD is part of: ``lad19_code, lad23_code, merged``.

    A district replaced by a unitary of ``successors`` (default :data:`SUCCESSORS_2023`) maps to it
    (``merged`` True); every other code is kept as it is, as the mid-2022 population file and IoD 2025
    keep it. ONS's own later series re-code Barnsley and Sheffield after a 2021 boundary change
    (E08000016 -> E08000038, E08000019 -> E08000039); a join with such a series must match them by name.
    Many-to-one: a 2023 value is the sum over its 2019 LADs.
    """
    successors = SUCCESSORS_2023 if successors is None else successors
    to23 = {d: u for u, (_, ds) in successors.items() for d in ds}
    codes = pd.Series(list(lad19_codes), dtype=object, name="lad19_code")
    if not codes.is_unique:
        raise ValueError(f"lad19 codes are not unique: {sorted(codes[codes.duplicated()].unique())}")
    unitaries = sorted(set(codes) & set(successors))
    if unitaries:
        raise ValueError(f"codes of post-2019 unitaries given as 2019 LADs: {unitaries}")
    return pd.DataFrame({"lad19_code": codes, "lad23_code": codes.map(lambda c: to23.get(c, c)),
                         "merged": codes.isin(list(to23))})


def lad23_reasons(successors: dict | None = None) -> dict[str, str]:
    """Why a 2019 LAD has no 2023 row of its own (merged), or a 2023 LAD no 2019 row (created)."""
    successors = SUCCESSORS_2023 if successors is None else successors
    reasons = {}
    for u, (name, ds) in successors.items():
        year = SUCCESSOR_YEAR.get(u, "2020-2023")
        reasons[u] = f"{name}: unitary created April {year} from {';'.join(ds)}"
        for d in ds:
            reasons[d] = f"2019 district merged into {name} ({u}) in April {year}"
    return reasons


def reconcile_lad19_lad23(lad19: pd.DataFrame, lad23: pd.DataFrame, *, name: str,
                          right_label: str) -> tuple[pd.DataFrame, Reconciliation, Reconciliation]:
    """Map 2019 LADs to a table of 2023 LADs, reporting every code on either side that did not match.

    ``lad19`` has ``lad19_code, lad19_name``; ``lad23`` has ``lad23_code`` (and ``lad23_name``).
    Returns ``(mapping, direct, mapped)``: the :func:`lad19_to_lad23` mapping; the direct join of the
    two code lists (the merged districts and the unitaries that replaced them, each with its reason);
    and the join after mapping, in which any unmatched code is unexplained.
    """
    mapping = lad19_to_lad23(lad19["lad19_code"])
    names23 = "lad23_name" if "lad23_name" in lad23.columns else None
    _, direct = reconcile(lad19[["lad19_code", "lad19_name"]], lad23, "lad19_code", "lad23_code",
                          name=f"{name} (codes as they are)", left_label="IoD 2019 LADs", right_label=right_label,
                          left_name="lad19_name", right_name=names23, reasons=lad23_reasons())
    mapped23 = mapping[["lad23_code"]].drop_duplicates()
    _, mapped = reconcile(mapped23, lad23, "lad23_code", name=f"{name} (2019 LADs mapped to 2023)",
                          left_label="IoD 2019 LADs mapped to 2023", right_label=right_label,
                          right_name=names23, reasons={})
    return mapping, direct, mapped
