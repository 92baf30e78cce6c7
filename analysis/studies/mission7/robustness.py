"""The conclusion mission 7's page draws, tested across specifications: has the gap between England's
upper-tier areas clearly widened since 2011-13?

Each specification reads the page's own result (:func:`analysis.studies.mission7.compute.run`, through
the :class:`analysis.ledger.conclusions.Context`): the simulation from the published intervals is drawn
once per tail share and shared by the gap types and the interval readings.
"""

from __future__ import annotations

import pandas as pd

from analysis.ledger.conclusions import Conclusion
from analysis.studies.mission7 import FIRST, SEXES
from analysis.studies.mission7.compute import changes


def gap_change(ctx, *, sex: str = "male", gap: str = "range", tail: float = 0.1, interval: str = "basic") -> pd.Series:
    """The change in one gap for one sex from 2011-13 to the latest period, with its 95% interval, on
    ONS's series of the 151 upper-tier areas (both sexes simulated in one draw, as on the page)."""
    res = ctx.run(tail=tail)
    ch = changes(res.point, res.sim, FIRST, res.latest, gap=gap, level=0.95, method=interval)
    return ch.set_index("sex").loc[sex]


def gap_widened(ctx, spec: dict) -> tuple[float, bool]:
    ch = gap_change(ctx, **spec)
    return float(ch["change"]), bool(ch["change_lo"] > 0)


_GAPS = [{"gap": "range"}, {"gap": "decile", "tail": 0.1}, {"gap": "decile", "tail": 0.2}]

CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(
        "mission7_gap_widened", "The HLE gap between England's upper-tier areas has clearly widened since 2011-13",
        "holds if the whole 95% interval of the change from 2011-13 to the latest period is above zero",
        "change in the gap, 2011-13 to 2022-24 (years)",
        [{"sex": s, **g, "interval": i} for s in SEXES for g in _GAPS for i in ("basic", "percentile")],
        gap_widened,
        published=None, published_text="none (the compendium's own finding)", document=None, threshold=0),
)
