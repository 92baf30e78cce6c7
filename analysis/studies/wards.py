"""Wards: IMD 2019 against the Community Needs Index, inner-city wards, and the left-behind wards.

Local Trust's 225 "left-behind" wards (OCSI, 2019) are the English 2017 wards in the worst 10% on
both the CNI and the IMD 2019. Here the set is re-derived from the ward data (the CNI score and
British Red Cross's population-weighted ward IMD score) and compared with the published flag.
"""

from __future__ import annotations

import pandas as pd

from analysis.data import geography, loaders
from analysis.errors import check_choice
from analysis.studies.leave import worst_decile
from analysis.data.loaders import require_columns

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
INNER_CITY_DEFINITIONS = ("inner_london", "inner_london_and_core_cities", "london", "metropolitan")
UNIVERSES = ("own", "common")


def inner_city(lad17_codes: pd.Series, definition: str = "inner_london") -> pd.Series:
    """True where a ward's LAD 2017 code is 'inner city' under ``definition``.

    ``inner_london``: the 14 Inner London LAs (ONS statistical definition); ``inner_london_and_core_cities``:
    those plus the 8 English Core Cities; ``london``: all 33 London LAs (E09); ``metropolitan``:
    London plus the 36 metropolitan districts (E08).
    """
    check_choice("inner_city", definition, INNER_CITY_DEFINITIONS)
    s = pd.Series(lad17_codes).astype(str)
    if definition == "inner_london":
        return s.isin(INNER_LONDON)
    if definition == "inner_london_and_core_cities":
        return s.isin(INNER_LONDON) | s.isin(CORE_CITIES)
    if definition == "london":
        return s.str.startswith("E09")
    return s.str.startswith("E09") | s.str.startswith("E08")


def ward_data() -> tuple[pd.DataFrame, geography.Reconciliation]:
    """CNI wards joined (outer) to the ward IMD, with the reconciliation of the join."""
    cni = loaders.cni()
    imd = loaders.imd_ward()[["ward17_code", "imd_score", "imd_proportion", "imd_extent"]]
    names = loaders.lookup_ward17_lad17().set_index("ward17_code")
    imd = imd.assign(imd_ward_name=imd["ward17_code"].map(names["ward17_name"]),
                     imd_lad17_code=imd["ward17_code"].map(names["lad17_code"]),
                     imd_lad17_name=imd["ward17_code"].map(names["lad17_name"]))
    reasons = geography.ward17_reasons()
    df, rec = geography.reconcile(cni, imd, "ward17_code", name="CNI wards -> ward IMD (BRC)",
                                  left_label="CNI", right_label="ward IMD", left_name="ward17_name",
                                  right_name="imd_ward_name", reasons=reasons, how="outer")
    df["ward17_name"] = df["ward17_name"].fillna(df["imd_ward_name"])
    df["lad17_code"] = df["lad17_code"].fillna(df["imd_lad17_code"])
    df["lad17_name"] = df["lad17_name"].fillna(df["imd_lad17_name"])
    df["left_behind"] = df["left_behind"].astype("boolean").fillna(False).astype(bool)  # IMD-only wards: not flagged
    df = df.drop(columns=["imd_ward_name", "imd_lad17_code", "imd_lad17_name"])
    return df.sort_values("ward17_code").reset_index(drop=True), rec


def derive_left_behind(wards: pd.DataFrame, universe: str = "own", cutoff: float = 0.1) -> pd.DataFrame:
    """Flag the wards in the worst ``cutoff`` on both the CNI score and the ward IMD score.

    ``universe='own'``: each index is ranked over every ward it covers (CNI 7,433; ward IMD 7,427);
    ``'common'``: both are ranked over the wards present in both. Rank 1 is the highest score (most
    need); ties share the lowest rank; a ward is in the worst ``cutoff`` if rank <= floor(cutoff x N).
    Adds ``cni_worst``, ``imd_worst`` and ``left_behind_derived``.
    """
    check_choice("universe", universe, UNIVERSES)
    require_columns(wards, ["ward17_code", "cni_score", "imd_score"], "derive_left_behind")
    out = wards.copy()
    if universe == "common":
        both = out["cni_score"].notna() & out["imd_score"].notna()
        out["cni_worst"] = worst_decile(out["cni_score"].where(both), cutoff)
        out["imd_worst"] = worst_decile(out["imd_score"].where(both), cutoff)
    else:
        out["cni_worst"] = worst_decile(out["cni_score"], cutoff)
        out["imd_worst"] = worst_decile(out["imd_score"], cutoff)
    out["left_behind_derived"] = out["cni_worst"] & out["imd_worst"]
    return out


def compare_flags(wards: pd.DataFrame) -> pd.DataFrame:
    """The wards where the derived and the published left-behind flags disagree, with why.

    Needs ``left_behind`` (published), ``left_behind_derived``, ``cni_worst`` and ``imd_worst``.
    """
    require_columns(wards, ["ward17_code", "left_behind", "left_behind_derived", "cni_worst", "imd_worst"], "compare_flags")
    pub = wards["left_behind"].astype("boolean").fillna(False).astype(bool)
    der = wards["left_behind_derived"].astype(bool)
    d = wards[pub != der].copy()
    d["in"] = ["published only" if p else "derived only" for p in pub[pub != der]]

    def why(r) -> str:
        if r["in"] == "derived only":
            return "in the worst 10% on both here, but not flagged by Local Trust"
        miss = [n for n, ok in (("CNI", r["cni_worst"]), ("ward IMD", r["imd_worst"])) if not ok]
        return "flagged, but not in the worst 10% here on " + " and ".join(miss)
    d["why"] = d.apply(why, axis=1) if len(d) else pd.Series(dtype=str)
    return d.sort_values(["in", "ward17_code"]).reset_index(drop=True)


def agreement(wards: pd.DataFrame) -> dict[str, int]:
    """Counts of the two flags: derived, published, in both, derived only, published only."""
    require_columns(wards, ["left_behind", "left_behind_derived"], "agreement")
    pub = wards["left_behind"].astype("boolean").fillna(False).astype(bool)
    der = wards["left_behind_derived"].astype(bool)
    return {"derived": int(der.sum()), "published": int(pub.sum()), "both": int((pub & der).sum()),
            "derived_only": int((der & ~pub).sum()), "published_only": int((pub & ~der).sum())}


def high_on_both_by_group(wards: pd.DataFrame, group: pd.Series, flag: str = "left_behind_derived") -> pd.DataFrame:
    """Wards, wards high on both indices and their share, inside and outside ``group`` (and all)."""
    require_columns(wards, [flag, "cni_score", "imd_score"], "high_on_both_by_group")
    d = wards[wards["cni_score"].notna() & wards["imd_score"].notna()]
    g = pd.Series(group, index=wards.index).loc[d.index].astype(bool)
    rows = []
    for label, mask in (("inner city", g), ("elsewhere", ~g), ("all wards", g | ~g)):
        n, k = int(mask.sum()), int(d.loc[mask, flag].sum())
        rows.append({"wards": label, "n": n, "high_on_both": k, "share": k / n if n else float("nan")})
    return pd.DataFrame(rows)


def per_la(wards: pd.DataFrame, key: str = "lad19_code", flag: str = "left_behind_derived") -> pd.DataFrame:
    """Left-behind wards per LA: count, wards, and % of the LA's wards."""
    require_columns(wards, [key, flag], "per_la")
    g = wards.groupby(key)
    out = pd.DataFrame({"wards": g.size(), "left_behind": g[flag].sum().astype(int)})
    out["pct_left_behind"] = 100 * out["left_behind"] / out["wards"]
    return out.reset_index()
