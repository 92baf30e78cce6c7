"""The published figures mission 7's page tests: none.

No source publishes a figure for these gaps, so this page tests no published claim and its ledger is
empty. (Checks of the series against ONS's values are tests of the loader.)
"""

from __future__ import annotations

import pandas as pd

from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.studies.mission7 import STUDY
from analysis.studies.mission7.compute import Result

PAGE = f"notebooks/{STUDY.notebook}"

CLAIMS: tuple[Claim, ...] = ()


def ledger(res: Result) -> pd.DataFrame:
    """The page's ledger rows: none, as it declares no claim."""
    return claims.rows_for(CLAIMS, STUDY.id, PAGE, {}, {})
