"""The conclusion mission 7's page draws, tested across specifications: has the gap between England's
upper-tier areas clearly widened since 2011-13?

Each specification reads the page's own result (:func:`analysis.studies.mission7.compute.run`, through
the :class:`analysis.ledger.conclusions.Context`), so its change, interval and verdict are the page's
for the same choice of gap: one method (:mod:`analysis.stats.gaps`) on both pages. The grid varies the
gap measure (and the share of areas in the tenths gap) and the sex; the run is computed once per share.
"""

from __future__ import annotations

import pandas as pd

from analysis.ledger.conclusions import Conclusion
from analysis.studies.mission7 import FIRST, SEXES


def gap_change(ctx, *, sex: str = "male", gap: str = "slope", tail: float = 0.1) -> pd.Series:
    """The change in one gap for one sex from 2011-13 to the latest period, with its 95% interval and
    verdict, as the mission-7 page gives it."""
    res = ctx.run(tail=tail)
    return res.picked(gap, FIRST).set_index("sex").loc[sex]


def gap_widened(ctx, spec: dict) -> tuple[float, bool]:
    ch = gap_change(ctx, **spec)
    return float(ch["change"]), bool(ch["change_lo"] > 0)


_GAPS = [{"gap": "slope"}, {"gap": "tenths", "tail": 0.1}, {"gap": "tenths", "tail": 0.2}, {"gap": "range"}]

CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(
        "mission7_gap_widened", "The HLE gap between England's upper-tier areas has clearly widened since 2011-13",
        "holds if the whole 95% interval of the change from 2011-13 to the latest period is above zero",
        "change in the gap, 2011-13 to 2022-24 (years)",
        [{"sex": s, **g} for s in SEXES for g in _GAPS],
        gap_widened,
        published=None, published_text="none (the compendium's own finding)", document=None, threshold=0),
)
