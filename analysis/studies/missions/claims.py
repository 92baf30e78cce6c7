"""The missions tracker tests no published figure: no source gives one for these gaps or verdicts, so
its ledger has no rows (:data:`CLAIMS` is empty). Its findings are the compendium's own, tested across
specifications on the robustness page (:mod:`analysis.studies.missions.robustness`)."""

from __future__ import annotations

import pandas as pd

from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.studies.missions import STUDY

PAGE = f"notebooks/{STUDY.notebook}"
CLAIMS: tuple[Claim, ...] = ()


def ledger(res) -> pd.DataFrame:
    """No rows: the page tests no published figure."""
    return claims.rows_for(CLAIMS, STUDY.id, PAGE, {})
