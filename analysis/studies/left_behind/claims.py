"""The published figures the left-behind page tests: Local Trust's count of 225 left-behind wards,
re-derived by its rule, and the count of the flag in the CNI ward file."""

from __future__ import annotations

import pandas as pd

from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.ledger.documents import CNI_FILE, LOCAL_TRUST
from analysis.studies.left_behind import STUDY
from analysis.studies.left_behind.compute import PUBLISHED_COUNT, Result

PAGE = f"notebooks/{STUDY.notebook}"

CLAIMS = (
    Claim("left_behind_count", LOCAL_TRUST, "the definition of left-behind wards",
          "225 wards are in the worst 10% on both the CNI and the IMD 2019 (re-derived by that rule)", PUBLISHED_COUNT,
          "count"),
    Claim("left_behind_flag_count", CNI_FILE, "column 'Left Behind Area?'",
          "The published left-behind flag marks 225 wards", PUBLISHED_COUNT, "count"),
)
CLAIMS_BY_ID = {c.id: c for c in CLAIMS}


def rows(agree: dict[str, int], universe: str, share: float) -> pd.DataFrame:
    """The page's ledger rows, from :func:`compute.agreement`."""
    values = {"left_behind_count": agree["derived"], "left_behind_flag_count": agree["published"]}
    notes = {"left_behind_count": f"universe={universe}, worst_share={share}; ward IMD from British Red Cross's "
                                  f"aggregation; {agree['both']} of them carry the published flag",
             "left_behind_flag_count": "count of TRUE in the CNI file's 'Left Behind Area?' column (2022-09-27 version)"}
    return claims.rows_for(CLAIMS, STUDY.id, PAGE, values, notes)


def ledger(res: Result) -> pd.DataFrame:
    """The page's ledger rows for a run."""
    return rows(res.agreement, res.params.universe, res.params.worst_share)
