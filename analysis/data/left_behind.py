"""The rule of Local Trust's "left-behind" wards: in the worst share on both the Community Needs Index
and the IMD 2019.

Local Trust and OCSI (2019) flagged the English 2017 wards in the worst 10% on both indices. The rule
is applied here to any ward table with ``cni_score`` and ``imd_score`` (higher = more need), for any
share and either ranking universe; several studies use it (the left-behind wards themselves, and the
wards "high on both" of the Leave page's Figure 1).
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.data.loaders import require_columns
from analysis.errors import ParameterError, check_choice

#: ranking universes of :func:`derive_left_behind`: each index over its own wards, or both over the
#: wards present in both
UNIVERSES = ("own", "common")


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
