"""The tracker's verdicts on the gap between areas, each tested across the gap definitions and the
baseline rule: does each mission's verdict at the page's default settings hold under the others?

Each specification reads the tracker's own result (:func:`analysis.studies.missions.compute.run`,
through the :class:`analysis.ledger.conclusions.Context`), so its change and verdict are the page's
for the same choice. A descriptive verdict (no intervals) and one with intervals are compared by
their words without "(descriptive)".
"""

from __future__ import annotations

from analysis.ledger.conclusions import Conclusion
from analysis.studies.missions import MISSIONS

#: missions whose gap has a verdict at the default settings (the others cannot be judged)
JUDGED = (1, 5, 6, 7, 8, 10, 11)
_GRID = [{"gap": "tenths", "tail": 0.1, "lag": 0}, {"gap": "tenths", "tail": 0.2, "lag": 0},
         {"gap": "top_rest", "tail": 0.1, "lag": 0}, {"gap": "range", "lag": 0},
         {"gap": "tenths", "tail": 0.1, "lag": 12}]


def row(ctx, number: int, **spec):
    t = ctx.run(**spec).table.set_index("mission")
    return t.loc[number]


def words(v) -> str:
    return str(v).replace(" (descriptive)", "")


def same_verdict(number: int):
    def figure(ctx, spec: dict) -> tuple[float, bool]:
        r, default = row(ctx, number, **spec), row(ctx, number)
        return float(r["gap_change"]), words(r["gap_verdict"]) == words(default["gap_verdict"])
    return figure


CONCLUSIONS: tuple[Conclusion, ...] = tuple(
    Conclusion(f"missions_gap_{m.number}",
               f"Mission {m.number} ({m.metric}): the page's verdict on the gap between {m.areas} since the baseline",
               "holds if the gap's verdict under this specification (closing, no clear change or widening) is the "
               "page's verdict at its default settings",
               "change in the gap since the baseline (the metric's unit)", _GRID, same_verdict(m.number),
               published=None, published_text="none (the compendium's own finding)", document=None)
    for m in MISSIONS if m.number in JUDGED)
