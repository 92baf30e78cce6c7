"""The conclusions of the studies that do not yet declare their own (``robustness.py`` in a study's
folder), with the adapters that call into their modules.

Every call into a study module sits in the adapters (:func:`hle_result`; :func:`leave_frame` and
:func:`correlation`; :func:`left_behind_wards` and :func:`inner_city_shares`; :func:`mission7_change`), so
a change to a study's signature is met in one place. Grids name the deprivation measure in the shared vocabulary of :mod:`analysis.data.imd`, as every study does.
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
        self._la: dict[str, pd.DataFrame] = {}
        self.memo: dict[tuple, Any] = {}  # figures shared by several conclusions' specifications

    @cached_property
    def hle(self) -> dict:
        from analysis.studies import hle

        return hle.load_inputs()

    def la(self, vintage: str) -> pd.DataFrame:
        from analysis.studies import leave

        if vintage not in self._la:
            self._la[vintage] = leave.la_data(vintage)[0]
        return self._la[vintage]

    @cached_property
    def wards(self) -> pd.DataFrame:
        from analysis.studies import wards

        return wards.ward_data()[0]

    @cached_property
    def hle_series(self) -> pd.DataFrame:
        from analysis.studies import mission7

        return mission7.load()


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


def leave_frame(inputs: Inputs, *, la_vintage: str = "lad19", imd_measure: str = "average_score",
                cni_aggregation: str = "mean", leave_share_of: str = "valid_votes",
                include_london: bool = True) -> pd.DataFrame:
    """Analysis 2's LA table for one specification: ``leave``, ``imd`` and ``cni`` columns."""
    from analysis.studies import leave

    return leave.select(inputs.la(la_vintage), imd_measure, cni_aggregation, leave_share_of, include_london)


def correlation(x: pd.Series, y: pd.Series, method: str) -> float:
    """Analysis 2's correlation coefficient (Pearson r or Spearman rho)."""
    from analysis.studies import leave

    return leave.correlate(x, y, method)["r"]


def left_behind_wards(inputs: Inputs, *, universe: str = "own", worst_share: float = 0.1,
                      inner_city: str = "inner_london") -> pd.DataFrame:
    """Wards flagged high on both indices (``left_behind_derived``), and ``inner_city`` under a definition."""
    from analysis.studies import wards

    w = wards.derive_left_behind(inputs.wards, universe=universe, share=worst_share)
    return w.assign(inner_city=wards.inner_city(w["lad17_code"], inner_city))


def inner_city_shares(inputs: Inputs, **spec) -> tuple[float, float]:
    """Shares of inner-city wards and of all wards that are high on both indices (analysis 2's test of
    Figure 1's remark, ``wards.high_on_both_by_group``)."""
    from analysis.studies import wards

    w = left_behind_wards(inputs, **spec)
    t = wards.high_on_both_by_group(w, w["inner_city"]).set_index("wards")["share"]
    return float(t["inner city"]), float(t["all wards"])


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


def _r(index: str, inputs: Inputs, spec: dict) -> float:
    """The coefficient of ``index`` (imd or cni) with Leave; the other index's choice does not enter it."""
    other = {"imd": "cni_aggregation", "cni": "imd_measure"}[index]
    s = {k: v for k, v in spec.items() if k not in ("method", other)}
    key = ("r", index, spec["method"], *sorted(s.items()))
    if key not in inputs.memo:
        d = leave_frame(inputs, **s)
        inputs.memo[key] = correlation(d[index], d["leave"], spec["method"])
    return inputs.memo[key]


def imd_leave_weak(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    r = _r("imd", inputs, spec)
    return r, abs(r) < 0.3


def cni_leave_strong(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    r = _r("cni", inputs, spec)
    return r, r >= 0.5


def cni_beats_imd(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    diff = _r("cni", inputs, spec) - _r("imd", inputs, spec)
    return diff, diff > 0


def inner_city_fewer(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    inner, every = inner_city_shares(inputs, **spec)
    diff = 100 * (inner - every)
    return diff, diff < 0


def left_behind_count(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    n = int(left_behind_wards(inputs, **spec)["left_behind_derived"].sum())
    return n, n == 225


def gap_widened(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    ch = mission7_change(inputs, **spec)
    return float(ch["change"]), bool(ch["change_lo"] > 0)


# --------------------------------------------------------------------------------------------
# the conclusions


HF, LLOYD, LT = documents.HEALTH_FOUNDATION, documents.LLOYD, documents.LOCAL_TRUST
OWN = None  # the compendium's own question: no document

_SEXES, _CUTOFFS, _ESTIMATORS = ("male", "female"), (0.25, 0.3, 0.35), ("mean", "median", "precision_weighted")
_LEAVE = dict(la_vintage=("lad19", "lad17"), leave_share_of=("valid_votes", "electorate"),
              include_london=(True, False), method=("pearson", "spearman"))
_CNI = ("mean", "lsoa_weighted_mean", "median", "share_worst_decile")
_UNITS = ("luf_list", "lad19")
_QUADRANT_GRID = product(sex=_SEXES, imd_measure=imd.IMD_MEASURES, unit=_UNITS, average=("england", "mean", "median"))
_GAPS = [{"gap": "range"}, {"gap": "decile", "tail": 0.1}, {"gap": "decile", "tail": 0.2}]

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
        "leave_imd_weak", "An LA's deprivation (IMD) is only weakly correlated with its Leave vote (Figure 2: r = 0.18)",
        "holds if the coefficient is below 0.3 in absolute value (the usual reading of 'weak')",
        "correlation of IMD with the Leave share",
        product(imd_measure=imd.IMD_MEASURES, **_LEAVE),
        imd_leave_weak,
        published=0.18, published_text="r = 0.18", document=LLOYD, threshold=0.3),
    Conclusion(
        "leave_cni_strong", "An LA's community need (CNI) is much more strongly correlated with its Leave vote (Figure 3: r = 0.66)",
        "holds if the coefficient is at least 0.5 (the usual reading of 'strong')",
        "correlation of CNI with the Leave share",
        product(cni_aggregation=_CNI, **_LEAVE),
        cni_leave_strong,
        published=0.66, published_text="r = 0.66", document=LLOYD, threshold=0.5),
    Conclusion(
        "leave_cni_beats_imd", "Community need relates more strongly to the Leave vote than deprivation does (Figures 2 and 3)",
        "holds if the CNI coefficient is larger than the IMD coefficient in the same specification",
        "CNI coefficient minus IMD coefficient",
        product(imd_measure=imd.IMD_MEASURES, cni_aggregation=_CNI, **_LEAVE),
        cni_beats_imd,
        published=0.48, published_text="0.66 - 0.18 = 0.48", document=LLOYD, threshold=0),
    Conclusion(
        "leave_inner_city_few", "Few inner-city areas score highly on both IMD and CNI (Figure 1)",
        "holds if a smaller share of inner-city wards than of all wards is in the worst share on both indices",
        "inner-city share minus all-ward share high on both (percentage points)",
        product(inner_city=("inner_london", "inner_london_and_core_cities", "london", "metropolitan"),
                universe=("own", "common"), worst_share=(0.05, 0.1, 0.2)),
        inner_city_fewer,
        published=None, published_text="few (no figure)", document=LLOYD, threshold=0),
    Conclusion(
        "left_behind_225", "225 wards are in the worst 10% on both the CNI and the IMD 2019",
        "holds if the rule re-derives exactly 225 wards",
        "wards in the worst 10% on both",
        product(universe=("own", "common")),
        left_behind_count,
        published=225, published_text="225", document=LT),
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
    "leave_imd_weak": "02_leave_imd_cni",
    "leave_cni_strong": "02_leave_imd_cni",
    "leave_cni_beats_imd": "02_leave_imd_cni",
    "leave_inner_city_few": "02_leave_imd_cni",
    "left_behind_225": "06_left_behind_wards",
    "mission7_gap_widened": "05_mission7",
}


#: the pages of the studies not yet declaring their own conclusions, with their titles
PAGES = {"01_hle_priority": "Healthy life expectancy and the Fund", "02_leave_imd_cni": "Deprivation, need and Leave",
         "05_mission7": "Tracking mission 7",
         "06_left_behind_wards": "Left-behind wards"}


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
