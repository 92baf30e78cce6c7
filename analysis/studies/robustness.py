"""The conclusions of the studies that do not yet declare their own (``robustness.py`` in a study's
folder), with the adapters that call into their modules.

Every call into a study module sits in the adapters (:func:`hle_result`; :func:`mission7_change`;
:func:`luf_round`, :func:`luf_region_per_head` and :func:`luf_most_deprived_share`), so a change to a
study's signature is met in one place. Grids name the deprivation measure in the shared vocabulary of :mod:`analysis.data.imd`, as every study does.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Callable

import pandas as pd

from analysis.data import imd
from analysis.ledger import documents
from analysis.ledger.conclusions import Conclusion, product

# --------------------------------------------------------------------------------------------
# the expensive inputs, loaded once and shared by every specification


class Inputs:
    """Lazy cache of each study's inputs; nothing is read until a conclusion needs it."""

    def __init__(self):
        self._hle_runs: dict[tuple, Any] = {}
        self.memo: dict[tuple, Any] = {}  # figures shared by several conclusions' specifications

    @cached_property
    def hle(self) -> dict:
        from analysis.studies import hle

        return hle.load_inputs()

    @cached_property
    def hle_series(self) -> pd.DataFrame:
        from analysis.studies import mission7

        return mission7.load()

    @cached_property
    def luf(self) -> dict:
        from analysis.studies import luf

        return luf.inputs()


# --------------------------------------------------------------------------------------------
# adapters: the only calls into the study modules


def hle_result(inputs: Inputs, *, sex: str = "male", cutoff: float = 0.3, imd_measure: str = "average_score",
               unit: str = "luf_list", average: str = "england", estimator: str = "mean",
               merged: str = "combine") -> dict:
    """Analysis 1 (HLE against the Fund's priority groups) for one specification.

    The whole analysis (``hle.run``) runs once per sex, measure, unit, estimator and merger choice; the cut-off
    and the average, which only re-label the same table, are re-applied with the module's own
    ``lowest_share``, ``hle_average`` and ``classify``. Returns the table, the Figure 2 counts, the
    Figure 1 quadrant counts (groups by ``quadrant_names``) and the average used.
    """
    from analysis.studies import hle

    view = ("hle", sex, float(cutoff), imd_measure, unit, average, estimator, merged)
    if view in inputs.memo:
        return inputs.memo[view]
    key = (sex, imd_measure, unit, estimator, merged)
    if key not in inputs._hle_runs:
        inputs._hle_runs[key] = hle.run(inputs.hle, sex=sex, imd_measure=imd_measure, unit=unit,
                                        estimator=estimator, merged=merged)
    res = inputs._hle_runs[key]
    avg = hle.hle_average(res.table["hle"], average, res.england)
    t = hle.classify(res.table, res.n_ranked, avg)
    t["lowest"] = hle.lowest_share(t["hle"], cutoff)
    inputs.memo[view] = {"table": t, "counts": hle.lowest_counts(t), "quadrants": hle.quadrant_counts(t),
                         "quadrant_names": hle.QUADRANTS, "average": avg}
    return inputs.memo[view]


def mission7_change(inputs: Inputs, *, sex: str = "male", gap: str = "range", tail: float = 0.1,
                    interval: str = "basic") -> pd.Series:
    """Mission 7 on ONS's series of the 151 upper-tier areas: the change in one gap for one sex from
    2011-13 to the latest period, with its 95% interval (``mission7.changes``); the simulation from the
    published intervals is drawn once per tail share and shared by the gap types and interval readings."""
    from analysis.studies import mission7

    key = ("mission7", float(tail))
    if key not in inputs.memo:
        point = mission7.gaps(inputs.hle_series, sex="both", tail=tail)
        inputs.memo[key] = (point, mission7.simulate(inputs.hle_series, sex="both", tail=tail))
    point, sim = inputs.memo[key]
    ch = mission7.changes(point, sim, mission7.FIRST, point["period"].max(), gap=gap, method=interval)
    return ch.set_index("sex").loc[sex]


def luf_round(inputs: Inputs, luf_round: str = "1", *, attribution: str = "covered",
              unitary_2023: str = "lead_name", imd_measure: str = "average_score", population_year: int = 2022) -> dict:
    """One round of the Fund under one set of choices (``luf.analyse``): LA tables on the 2019 LAs
    (``la19``, IMD 2019) and the 2023 LAs (``la23``, IMD 2025), with money and per head."""
    from analysis.studies import luf

    key = ("luf", luf_round, attribution, unitary_2023, imd_measure, int(population_year))
    if key not in inputs.memo:
        inputs.memo[key] = luf.analyse(inputs.luf, luf_round, attribution=attribution, unitary_2023=unitary_2023,
                                       imd_measure=imd_measure, population_year=population_year)
    return inputs.memo[key]


def luf_region_per_head(inputs: Inputs, **spec) -> pd.DataFrame:
    """Round 1's money per head by English region (``luf.region_per_head``), highest first."""
    from analysis.studies import luf

    return luf.region_per_head(luf_round(inputs, "1", **spec)["la19"], inputs.luf["regions"])


def luf_most_deprived_share(la: pd.DataFrame) -> float:
    """Per cent of a round's money in the most deprived fifth of LAs (``luf.most_deprived_share``)."""
    from analysis.studies import luf

    return luf.most_deprived_share(la)


# --------------------------------------------------------------------------------------------
# the figures each conclusion is judged on (figure, holds)


def share_lowest_not_g1(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    c = hle_result(inputs, **spec)["counts"]
    share = 100 * c["lowest_not_g1"] / c["n_lowest"]
    return share, share >= 30


def quadrant_count(group: int, quadrant: int) -> Callable[[Inputs, dict], tuple[float, bool]]:
    """LTLAs of a priority group in one of the four quadrants; holds if there is at least one."""
    def figure(inputs: Inputs, spec: dict) -> tuple[float, bool]:
        res = hle_result(inputs, **spec)
        n = int(res["quadrants"].loc[group, res["quadrant_names"][quadrant]])
        return n, n >= 1
    return figure


def deprived_fifth_below(inputs: Inputs, group: int, **spec) -> int:
    """LTLAs of a priority group in the most deprived fifth with below-average HLE (``hle.deprived_fifth_below``)."""
    from analysis.studies import hle

    return len(hle.deprived_fifth_below(hle_result(inputs, **spec)["table"], group))


def g2_deprived_fifth_below(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    n = deprived_fifth_below(inputs, 2, **spec)
    return n, n <= 3


def gap_widened(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    ch = mission7_change(inputs, **spec)
    return float(ch["change"]), bool(ch["change_lo"] > 0)


def most_deprived_without(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    s = dict(spec)
    la = luf_round(inputs, "1", **{k: v for k, v in s.items() if k != "imd_vintage"})
    table = la["la19"] if s.get("imd_vintage", 2019) == 2019 else la["la23"]
    n = int((table.nsmallest(10, "imd_rank")["money"] <= 0).sum())
    return n, n >= 5


def round2_more_to_need(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    s = {k: v for k, v in spec.items() if k != "imd_vintage"}
    key = "la19" if spec.get("imd_vintage", 2019) == 2019 else "la23"
    diff = (luf_most_deprived_share(luf_round(inputs, "2", **s)[key])
            - luf_most_deprived_share(luf_round(inputs, "1", **s)[key]))
    return diff, diff > 0


def east_midlands_highest(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    t = luf_region_per_head(inputs, **spec)
    return float(t.loc["East Midlands", "£ per head"]), bool(t.index[0] == "East Midlands")


# --------------------------------------------------------------------------------------------
# the conclusions


HF, CEILUP, WMREDI = documents.HEALTH_FOUNDATION, documents.EDITORS, documents.WMREDI
OWN = OWN_LUF = None  # the compendium's own questions: no document

_SEXES, _CUTOFFS, _ESTIMATORS = ("male", "female"), (0.25, 0.3, 0.35), ("mean", "median", "precision_weighted")
_UNITS = ("luf_list", "lad19")
_QUADRANT_GRID = product(sex=_SEXES, imd_measure=imd.IMD_MEASURES, unit=_UNITS, average=("england", "mean", "median"))
_GAPS = [{"gap": "range"}, {"gap": "decile", "tail": 0.1}, {"gap": "decile", "tail": 0.2}]
_ATTRIBUTION = ("covered", "bidder")

CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(
        "hle_lowest_not_g1", "About a third of the LAs with the lowest HLE are not in the Fund's priority group 1 (Figure 2: 35 of 93)",
        "holds if at least 30% of the LAs in the lowest-HLE share are outside priority group 1",
        "LAs in the lowest-HLE share not in group 1 (%)",
        product(sex=_SEXES, cutoff=_CUTOFFS, estimator=_ESTIMATORS, unit=_UNITS),
        share_lowest_not_g1,
        published=round(100 * 35 / 93, 1), published_text="35 of 93 (37.6%)", document=HF, threshold=30),
    Conclusion(
        "hle_g3_deprived_below", "Priority group 3 includes LTLAs in the more deprived half with below-average HLE (Figure 1)",
        "holds if at least one group-3 LTLA is in the more deprived half with HLE below the average",
        "group-3 LTLAs, more deprived half, below-average HLE",
        _QUADRANT_GRID,
        quadrant_count(3, 0),
        published=None, published_text="at least one (named in Figure 1)", document=HF, threshold=1),
    Conclusion(
        "hle_g1_less_deprived_above", "Priority group 1 includes LTLAs in the less deprived half with above-average HLE (Figure 1)",
        "holds if at least one group-1 LTLA is in the less deprived half with HLE at or above the average",
        "group-1 LTLAs, less deprived half, above-average HLE",
        _QUADRANT_GRID,
        quadrant_count(1, 3),
        published=None, published_text="at least one (named in Figure 1)", document=HF, threshold=1),
    Conclusion(
        "hle_g2_deprived_fifth_below", "Only three LTLAs in priority group 2 are in the most deprived fifth with below-average HLE",
        "holds if at most three group-2 LTLAs are in the most deprived fifth with HLE below the average",
        "group-2 LTLAs, most deprived fifth, below-average HLE",
        _QUADRANT_GRID,
        g2_deprived_fifth_below,
        published=3, published_text="3", document=HF, threshold=3),
    Conclusion(
        "luf_ten_most_deprived", "Five of the ten most deprived areas received nothing from the Fund's first round (October 2021)",
        "holds if at least five of the ten most deprived LAs received no round-1 money",
        "of the ten most deprived LAs, those with no round-1 money",
        product(attribution=_ATTRIBUTION, imd_vintage=(2019, 2025), imd_measure=("average_score", "average_rank"),
                unitary_2023=("lead_name", "predecessors")),
        most_deprived_without,
        published=5, published_text="5", document=CEILUP, threshold=5),
    Conclusion(
        "luf_em_highest_per_head", "The East Midlands received the most per head of the English regions in round 1 (£42)",
        "holds if the East Midlands has the highest round-1 money per resident of the nine English regions",
        "East Midlands, round-1 money per head (£)",
        product(attribution=_ATTRIBUTION, population_year=(2022, 2011), unitary_2023=("lead_name", "predecessors")),
        east_midlands_highest,
        published=42, published_text="£42, highest of the regions", document=WMREDI),
    Conclusion(
        "luf_round2_more_to_need", "Round 2 of the Fund went more to the most deprived fifth of LAs than round 1 did",
        "holds if round 2's share of money in IMD deciles 1-2 is larger than round 1's",
        "round 2 minus round 1, share of money in the most deprived fifth (percentage points)",
        product(attribution=_ATTRIBUTION, imd_vintage=(2019, 2025), imd_measure=("average_score", "average_rank")),
        round2_more_to_need,
        published=None, published_text="none (the compendium's own question)", document=OWN_LUF, threshold=0),
    Conclusion(
        "mission7_gap_widened", "The HLE gap between England's upper-tier areas has clearly widened since 2011-13",
        "holds if the whole 95% interval of the change from 2011-13 to the latest period is above zero",
        "change in the gap, 2011-13 to 2022-24 (years)",
        [{"sex": s, **g, "interval": i} for s in _SEXES for g in _GAPS for i in ("basic", "percentile")],
        gap_widened,
        published=None, published_text="none (the compendium's own finding)", document=OWN, threshold=0),
)

#: the page of each conclusion
PAGE_OF = {
    "hle_lowest_not_g1": "01_hle_priority",
    "hle_g3_deprived_below": "01_hle_priority",
    "hle_g1_less_deprived_above": "01_hle_priority",
    "hle_g2_deprived_fifth_below": "01_hle_priority",
    "luf_ten_most_deprived": "04_luf_round1",
    "luf_em_highest_per_head": "04_luf_round1",
    "luf_round2_more_to_need": "04_luf_round1",
    "mission7_gap_widened": "05_mission7",
}


#: the pages of the studies not yet declaring their own conclusions, with their titles
PAGES = {"01_hle_priority": "Healthy life expectancy and the Fund", "04_luf_round1": "where both rounds of the Fund went",
         "05_mission7": "Tracking mission 7"}


def groups() -> list:
    """The conclusions of these pages, one group per page, sharing one :class:`Inputs`."""
    from types import SimpleNamespace

    from analysis.studies import registry

    declared = {s.notebook for s in registry.studies()}
    inputs = Inputs()
    out = []
    for page, title in PAGES.items():
        cs = tuple(c for c in CONCLUSIONS if PAGE_OF[c.id] == page)
        if cs and page not in declared:
            out.append((SimpleNamespace(notebook=page, title=title), inputs, cs))
    return out
