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


#: the baselines the 2030 aims are tested from: the last period ending before the White Paper, and 6, 12
#: and 18 months before it (every aimed metric has a period that early; the aim's verdict does not depend
#: on how the gap is measured)
_BASELINES = [{"lag": lag} for lag in (0, 6, 12, 18)]


def same_aim_verdict(number: int):
    def figure(ctx, spec: dict) -> tuple[float, bool]:
        r, default = row(ctx, number, **spec), row(ctx, number)
        return float(r["england_latest"] - r["aim_path"]), r["aim_verdict"] == default["aim_verdict"]
    return figure


def same_count_verdict(ctx, spec: dict) -> tuple[float, bool]:
    """Mission 6's aim as a count (:func:`analysis.studies.missions.compute.skills_count`)."""
    c, default = (ctx.run(**s).counts.set_index("mission").loc[6] for s in (spec, {}))
    return float(c["count_latest"] - c["count_path"]), c["verdict"] == default["verdict"]


#: the missions judged at the default settings whose 2030 aim is a number England's metric is read against
#: (mission 6's aim, a count, through its count)
AIMED = tuple(m.number for m in MISSIONS if m.aim_2030 is not None and m.number in JUDGED)

CONCLUSIONS += tuple(
    Conclusion(f"missions_aim_{n}",
               f"Mission {n}: the page's verdict on England against the straight line to the 2030 aim",
               "holds if England is on the same side of the line (on the path, or behind it) from this baseline as "
               "from the page's default baseline",
               "England's latest value minus the line's value at that time (the metric's unit)", _BASELINES,
               same_aim_verdict(n), published=None, published_text="none (the compendium's own finding)",
               document=None, threshold=0.0)
    for n in AIMED) + (
    Conclusion("missions_aim_6", "Mission 6: the page's verdict on the count of skills achievements against the "
               "straight line to 200,000 more a year by 2030",
               "holds if the count is on the same side of the line from this baseline as from the page's default",
               "achievements a year above (+) or below (-) the line", _BASELINES, same_count_verdict,
               published=None, published_text="none (the compendium's own finding)", document=None, threshold=0.0),)
