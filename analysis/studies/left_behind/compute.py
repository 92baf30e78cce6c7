"""The left-behind wards re-derived: the rule applied to the wards on both indices, the two flags
compared ward by ward, and the wards counted per local authority.

:func:`load` reads every table once; :func:`run` derives the set for one set of checked parameters;
every other function is pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.data import geography, loaders
from analysis.data.left_behind import derive_left_behind
from analysis.data.loaders import require_columns
from analysis.params import Params
from analysis.studies.left_behind import outcomes

#: the count Local Trust published
PUBLISHED_COUNT = 225


@dataclass(frozen=True)
class Inputs:
    wards: pd.DataFrame                  # CNI wards joined to the ward IMD (not yet ranked)
    rec: geography.Reconciliation        # that join
    domains: pd.DataFrame                # the ward IMD's seven domain scores (British Red Cross)
    lookup: pd.DataFrame                 # LAD 2017 -> LAD 2019
    la_names: pd.Series                  # LAD 2019 names by code (IoD 2019 File 10)
    boundaries: Any                      # ONS LAD 2019 boundaries (GeoDataFrame)


def load() -> Inputs:
    """Every table the study reads, read once."""
    imd_ward = loaders.imd_ward()
    wards, rec = geography.ward_indices(loaders.cni(), imd_ward, loaders.lookup_ward17_lad17(),
                                        loaders.lookup_lsoa11_ward17())
    domains = imd_ward[["ward17_code", *(f"{d}_score" for d in outcomes.DOMAINS)]]
    return Inputs(wards, rec, domains, loaders.lookup_lad17_lad19(),
                  loaders.imd_lad().set_index("lad19_code")["lad19_name"], loaders.boundaries())


@dataclass(frozen=True)
class Result:
    params: Params
    wards: pd.DataFrame                  # every ward with cni_worst, imd_worst and left_behind_derived
    rec: geography.Reconciliation
    agreement: dict[str, int]            # the two flags' counts
    differences: pd.DataFrame            # the wards where they disagree, with why
    by_la: pd.DataFrame                  # re-derived left-behind wards per 2019 LAD
    gaps: pd.DataFrame                   # Local Trust's wards against others of the same IMD decile, by domain
    civic: dict                          # Local Trust's wards with fewer civic assets than the average ward
    boundaries: Any


def run(inputs: Inputs, params: Params) -> Result:
    """The re-derivation for one set of checked parameters."""
    w = derive_left_behind(inputs.wards, universe=params.universe, share=params.worst_share)
    by_la = la_table(geography.to_lad19(w.dropna(subset=["cni_score"]), inputs.lookup), inputs.la_names)
    with_domains = w.merge(inputs.domains, on="ward17_code", how="left", validate="one_to_one")
    return Result(params=params, wards=w, rec=inputs.rec, agreement=agreement(w), differences=compare_flags(w),
                  by_la=by_la, gaps=outcomes.domain_gaps(with_domains), civic=outcomes.civic_assets_below_average(w),
                  boundaries=inputs.boundaries)


# --------------------------------------------------------------------------------------------
# the two flags


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


# --------------------------------------------------------------------------------------------
# per local authority


def per_la(wards: pd.DataFrame, key: str = "lad19_code", flag: str = "left_behind_derived") -> pd.DataFrame:
    """Left-behind wards per LA: count, wards, and % of the LA's wards."""
    require_columns(wards, [key, flag], "per_la")
    g = wards.groupby(key)
    out = pd.DataFrame({"wards": g.size(), "left_behind": g[flag].sum().astype(int)})
    out["pct_left_behind"] = 100 * out["left_behind"] / out["wards"]
    return out.reset_index()


def la_table(wards19: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """Re-derived left-behind wards per 2019 LAD (:func:`per_la`) with the LA's name from ``names``
    (indexed by LAD 2019 code), most left-behind wards first."""
    out = per_la(wards19, "lad19_code", "left_behind_derived")
    out.insert(1, "lad19_name", out["lad19_code"].map(names))
    return out.sort_values(["left_behind", "lad19_name"], ascending=[False, True]).reset_index(drop=True)
