"""Wards: IMD 2019 against the Community Needs Index, inner-city wards, and the left-behind wards.

Local Trust's 225 "left-behind" wards (OCSI, 2019) are the English 2017 wards in the worst 10% on
both the CNI and the IMD 2019. Here the set is re-derived from the ward data (the CNI score and
British Red Cross's population-weighted ward IMD score) and compared with the published flag.

:func:`ward_data` is the only function here that calls the loaders; the rest take tables.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.data import geography, loaders
from analysis.data.geography import CORE_CITIES, INNER_CITY_DEFINITIONS, INNER_LONDON
from analysis.data.loaders import require_columns
from analysis.errors import ParameterError, check_choice
from analysis.ledger import claims

INNER_CITY_TEXT = {
    "inner_london": f"the {len(INNER_LONDON)} Inner London local authorities (ONS statistical definition)",
    "inner_london_and_core_cities": f"Inner London plus the {len(CORE_CITIES)} English Core Cities",
    "london": "all 33 London local authorities",
    "metropolitan": "London and the 36 metropolitan districts",
}
#: ranking universes of :func:`derive_left_behind`
UNIVERSES = ("own", "common")
UNIVERSE_TEXT = {"own": "each index over its own wards", "common": "both indices over the wards present in both"}
ANALYSIS = "left_behind"
PAGE = "notebooks/06_left_behind_wards"
#: provenance of the published count and of the flag
LOCAL_TRUST = "Local Trust / OCSI (2019), Left behind? Understanding communities on the edge; CNI file flag"
SOURCE = ("OCSI for Local Trust, Community Needs Index 2019 (with the left-behind flag); MHCLG IoD 2019, ward "
          "aggregation by British Red Cross")
PUBLISHED_COUNT = 225


def worst_share(scores: pd.Series, share: float = 0.1) -> pd.Series:
    """True for the wards whose score is in the top ``share`` (rank 1 = highest score = most need).

    Ranks are taken over the non-missing scores passed in (the ranking universe), with ties given
    the lowest rank (``method='min'``); a ward is in if its rank <= floor(share x N).
    """
    if not 0 < share < 1:
        raise ParameterError(f"worst_share must be between 0 and 1 (a share of wards); got {share!r}")
    s = pd.to_numeric(scores, errors="raise")
    ranks = s.rank(ascending=False, method="min")
    return (ranks <= math.floor(share * int(s.notna().sum()))).fillna(False).astype(bool)


def inner_city(lad17_codes: pd.Series, definition: str = "inner_london") -> pd.Series:
    """True where a ward's LAD 2017 code is 'inner city' under ``definition``
    (:func:`analysis.data.geography.inner_city`)."""
    check_choice("inner_city", definition, INNER_CITY_DEFINITIONS)
    return geography.inner_city(lad17_codes, definition)


def ward_data() -> tuple[pd.DataFrame, geography.Reconciliation]:
    """CNI wards joined (outer) to the ward IMD, with the reconciliation of the join."""
    cni = loaders.cni()
    imd = loaders.imd_ward()[["ward17_code", "imd_score", "imd_proportion", "imd_extent"]]
    names = loaders.lookup_ward17_lad17().set_index("ward17_code")
    imd = imd.assign(imd_ward_name=imd["ward17_code"].map(names["ward17_name"]),
                     imd_lad17_code=imd["ward17_code"].map(names["lad17_code"]),
                     imd_lad17_name=imd["ward17_code"].map(names["lad17_name"]))
    reasons = geography.ward17_reasons(loaders.lookup_ward17_lad17(), loaders.lookup_lsoa11_ward17())
    df, rec = geography.reconcile(cni, imd, "ward17_code", name="CNI wards -> ward IMD (BRC)",
                                  left_label="CNI", right_label="ward IMD", left_name="ward17_name",
                                  right_name="imd_ward_name", reasons=reasons, how="outer")
    df["ward17_name"] = df["ward17_name"].fillna(df["imd_ward_name"])
    df["lad17_code"] = df["lad17_code"].fillna(df["imd_lad17_code"])
    df["lad17_name"] = df["lad17_name"].fillna(df["imd_lad17_name"])
    df["left_behind"] = df["left_behind"].astype("boolean").fillna(False).astype(bool)  # IMD-only wards: not flagged
    df = df.drop(columns=["imd_ward_name", "imd_lad17_code", "imd_lad17_name"])
    return df.sort_values("ward17_code").reset_index(drop=True), rec


def derive_left_behind(wards: pd.DataFrame, universe: str = "own", share: float = 0.1) -> pd.DataFrame:
    """Flag the wards in the worst ``share`` on both the CNI score and the ward IMD score.

    ``universe='own'``: each index is ranked over every ward it covers (CNI 7,433; ward IMD 7,427);
    ``'common'``: both are ranked over the wards present in both. Rank 1 is the highest score (most
    need); ties share the lowest rank; a ward is in the worst ``share`` if rank <= floor(share x N).
    Adds ``cni_worst``, ``imd_worst`` and ``left_behind_derived``.
    """
    check_choice("universe", universe, UNIVERSES)
    require_columns(wards, ["ward17_code", "cni_score", "imd_score"], "derive_left_behind")
    out = wards.copy()
    if universe == "common":
        both = out["cni_score"].notna() & out["imd_score"].notna()
        out["cni_worst"] = worst_share(out["cni_score"].where(both), share)
        out["imd_worst"] = worst_share(out["imd_score"].where(both), share)
    else:
        out["cni_worst"] = worst_share(out["cni_score"], share)
        out["imd_worst"] = worst_share(out["imd_score"], share)
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
            return "in the worst share on both here, but not flagged by Local Trust"
        miss = [n for n, ok in (("CNI", r["cni_worst"]), ("ward IMD", r["imd_worst"])) if not ok]
        return "flagged, but not in the worst share here on " + " and ".join(miss)
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


def inner_city_table(wards: pd.DataFrame, flag: str = "left_behind_derived") -> pd.DataFrame:
    """Figure 1's remark ("few inner-city areas score highly on both") under every inner-city definition.

    One row per definition: inner-city wards, how many are high on both indices (``flag``), their share
    and the share among all wards (in %), and ``holds``: the inner-city share is below the all-ward share.
    """
    require_columns(wards, ["lad17_code"], "inner_city_table")
    rows = []
    for definition in INNER_CITY_DEFINITIONS:
        t = high_on_both_by_group(wards, inner_city(wards["lad17_code"], definition), flag).set_index("wards")
        inner, every = t.loc["inner city"], t.loc["all wards"]
        rows.append({"inner_city": definition, "wards": int(inner["n"]), "high_on_both": int(inner["high_on_both"]),
                     "share_pct": 100 * inner["share"], "all_wards_n": int(every["n"]),
                     "all_wards_high_on_both": int(every["high_on_both"]), "all_wards_pct": 100 * every["share"],
                     "holds": bool(inner["share"] < every["share"])})
    return pd.DataFrame(rows).set_index("inner_city")


# --------------------------------------------------------------------------------------------
# the left-behind page: its facts, table, map and claims


def page_facts(wards: pd.DataFrame, universe: str, share: float) -> dict:
    """The numbers the left-behind page quotes (after :func:`derive_left_behind`), keyed for ``glue``."""
    require_columns(wards, ["cni_score", "imd_score", "cni_worst", "imd_worst"], "page_facts")
    check_choice("universe", universe, UNIVERSES)
    diff = compare_flags(wards)
    published_only = diff[diff["in"] == "published only"]
    facts = {f"lb_{k}": v for k, v in agreement(wards).items()}
    facts.update({
        "worst_share_pct": f"{100 * share:.0f}%", "universe_text": UNIVERSE_TEXT[universe],
        "n_cni": f"{int(wards['cni_score'].notna().sum()):,}", "n_imd": f"{int(wards['imd_score'].notna().sum()):,}",
        "n_common": f"{int((wards['cni_score'].notna() & wards['imd_score'].notna()).sum()):,}",
        "n_cni_worst": int(wards["cni_worst"].sum()), "n_imd_worst": int(wards["imd_worst"].sum()),
        "n_diff": len(diff), "n_pub_not_imd": int((~published_only["imd_worst"]).sum()),
        "n_pub_not_cni": int((~published_only["cni_worst"]).sum()),
    })
    return facts


def la_table(wards19: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """Re-derived left-behind wards per 2019 LAD (:func:`per_la`) with the LA's name from ``names``
    (indexed by LAD 2019 code), most left-behind wards first."""
    out = per_la(wards19, "lad19_code", "left_behind_derived")
    out.insert(1, "lad19_name", out["lad19_code"].map(names))
    return out.sort_values(["left_behind", "lad19_name"], ascending=[False, True]).reset_index(drop=True)


def la_facts(by_la: pd.DataFrame, k: int = 5) -> dict:
    """How many LAs have a left-behind ward, and the ``k`` with the most (from :func:`la_table`)."""
    require_columns(by_la, ["lad19_name", "left_behind"], "la_facts")
    top = by_la.head(k)
    return {"n_la_with": int((by_la["left_behind"] > 0).sum()), "n_la": len(by_la),
            "top_las": ", ".join(f"{r.lad19_name} ({r.left_behind})" for r in top.itertuples())}


def left_behind_map(boundaries, by_la: pd.DataFrame, share: float):
    """Interactive map of the re-derived left-behind wards as a share of each English LA's wards."""
    from analysis.figures import interactive_choropleth

    require_columns(by_la, ["lad19_code", "wards", "left_behind", "pct_left_behind"], "left_behind_map")
    gdf = boundaries[boundaries["lad19_code"].str.startswith("E")].merge(
        by_la[["lad19_code", "wards", "left_behind", "pct_left_behind"]], on="lad19_code", how="left")
    return interactive_choropleth(
        gdf, "pct_left_behind", name="lad19_name", hover=["wards", "left_behind"],
        labels={"pct_left_behind": "Left-behind wards (% of the LA's wards)", "wards": "Wards with a CNI score",
                "left_behind": "Re-derived left-behind wards"},
        legend_title="left-behind wards (% of the LA's wards)", cmap="magma_r", figsize=(7, 7.5),
        title="Left-behind wards are concentrated in the North, the Midlands and on the east coast",
        subtitle=f"Re-derived left-behind wards (worst {100 * share:.0f}% on both CNI and ward IMD) as a share of "
                 "each LA's wards; grey = no CNI",
        source=SOURCE + "; ONS LAD December 2019 boundaries",
        alt=("Choropleth map of England by 2019 local authority, shaded by the share of the authority's wards that "
             "are left-behind, from pale (none) to dark (the highest shares). Most authorities have none; the dark "
             "ones are in the North, the Midlands and on the east coast. Each authority's tooltip gives its number "
             "of wards, its number of left-behind wards and the share."))


def claim_rows(agree: dict[str, int], universe: str, share: float) -> list[dict]:
    """The ledger rows of the left-behind page, from :func:`agreement`."""
    check_choice("universe", universe, UNIVERSES)
    return [
        claims.claim("left_behind_count", ANALYSIS,
                     "225 wards are in the worst 10% on both the CNI and the IMD 2019 (re-derived by that rule)",
                     PUBLISHED_COUNT, agree["derived"], "count", source=LOCAL_TRUST,
                     note=f"universe={universe}, worst_share={share}; ward IMD from British Red Cross's aggregation; "
                          f"{agree['both']} of them carry the published flag", page=PAGE),
        claims.claim("left_behind_flag_count", ANALYSIS, "The published left-behind flag marks 225 wards",
                     PUBLISHED_COUNT, agree["published"], "count", source=LOCAL_TRUST,
                     note="count of TRUE in the CNI file's 'Left Behind Area?' column (2022-09-27 version)", page=PAGE),
    ]


def to_lad19(wards: pd.DataFrame) -> pd.DataFrame:
    """The wards with the LAD 2019 code of their (LAD 2017) local authority."""
    return geography.to_lad19(wards, loaders.lookup_lad17_lad19())
