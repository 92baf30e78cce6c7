"""Do the published conclusions hold across reasonable specifications?

Each :class:`Conclusion` is a published statement (or, where marked, one of this compendium's own),
a rule stated in words before anything is computed, the published figure where there is one, a grid
of reasonable specifications, and a function of one specification returning the figure and whether
the rule holds. :func:`assess` evaluates every specification in-process with the study modules'
own functions (no notebook is run), and :func:`summary` turns the runs into one row per conclusion.

Only choices that can move a conclusion's figure are in its grid: the deprivation measure is not
varied for a count that does not use deprivation, nor the tail share for a range.

Every call into a study module sits in the adapters (:func:`hle_result`; :func:`leave_frame` and
:func:`correlation`; :func:`left_behind_wards` and :func:`inner_city_shares`; :func:`mission7_change`;
:func:`luf_round`, :func:`luf_region_per_head` and :func:`luf_most_deprived_share`), so a change to a
study's signature is met in one place. Grids name the deprivation measure in the shared vocabulary of :mod:`analysis.data.imd`, as every study does.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

import numpy as np
import pandas as pd

from analysis.data import imd
from analysis.errors import ParameterError

#: verdict words by the share of specifications in which a conclusion holds (decided before computing)
VERDICT_RULE = ("holds in every specification: 100%; holds in most specifications: more than half; "
                "holds in some specifications: more than none, at most half; holds in no specification: 0%")


def verdict(n_holding: int, n_specs: int) -> str:
    """The verdict words for a conclusion that holds in ``n_holding`` of ``n_specs`` specifications."""
    if n_specs <= 0 or not 0 <= n_holding <= n_specs:
        raise ValueError(f"need 0 <= holding <= specifications and specifications > 0; got {n_holding} of {n_specs}")
    if n_holding == n_specs:
        return "holds in every specification"
    if 2 * n_holding > n_specs:
        return "holds in most specifications"
    if n_holding > 0:
        return "holds in some specifications"
    return "holds in no specification"


def product(**axes) -> list[dict[str, Any]]:
    """The cartesian product of named value lists, as a list of specifications."""
    names = list(axes)
    return [dict(zip(names, combo)) for combo in itertools.product(*(axes[n] for n in names))]


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


@dataclass(frozen=True)
class Conclusion:
    id: str
    page: str            # the notebook that shows the analysis
    source: str
    statement: str
    rule: str            # in words, decided before computing
    figure_label: str    # what the figure is, with its unit
    published: float | None
    published_text: str  # the published figure as the source gives it
    grid: list[dict] = field(repr=False)
    figure: Callable[[Inputs, dict], tuple[float, bool]] = field(repr=False)
    threshold: float | None = None  # where the rule changes verdict, drawn on the figure

    @property
    def varied(self) -> str:
        """The parameters varied, each with its number of values (a parameter some specifications lack,
        such as the tail share of a range, counts only where it is set)."""
        names = dict.fromkeys(k for s in self.grid for k in s)
        return " x ".join(f"{k} ({len({repr(s[k]) for s in self.grid if k in s})})" for k in names)


HF = "Health Foundation (2021), levelling up and health briefing"
LLOYD = "Lloyd (2022), Levelling up left behind places (OCSI for Local Trust)"
LT = "Local Trust / OCSI (2019), Left behind? Understanding communities on the edge"
CEILUP = "Editors' conclusion, Levelling Up: What is it and can it work? (CEILUP, 2022)"
OWN = "this compendium (Tracking mission 7), not a published figure"
OWN_LUF = "this compendium (where both rounds of the Fund went), not a published figure"
WMREDI = "A. Pugh, WMREDI blog, 'Levelling Up: An Analysis of the Distribution of Funding in Round One'"

_SEXES, _CUTOFFS, _ESTIMATORS = ("male", "female"), (0.25, 0.3, 0.35), ("mean", "median", "precision_weighted")
_LEAVE = dict(la_vintage=("lad19", "lad17"), leave_share_of=("valid_votes", "electorate"),
              include_london=(True, False), method=("pearson", "spearman"))
_CNI = ("mean", "lsoa_weighted_mean", "median", "share_worst_decile")
_UNITS = ("luf_list", "lad19")
_QUADRANT_GRID = product(sex=_SEXES, imd_measure=imd.IMD_MEASURES, unit=_UNITS, average=("england", "mean", "median"))
_GAPS = [{"gap": "range"}, {"gap": "decile", "tail": 0.1}, {"gap": "decile", "tail": 0.2}]
_ATTRIBUTION = ("covered", "bidder")

CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(
        "hle_lowest_not_g1", "01_hle_priority", HF,
        "About a third of the LAs with the lowest HLE are not in the Fund's priority group 1 (Figure 2: 35 of 93)",
        "holds if at least 30% of the LAs in the lowest-HLE share are outside priority group 1",
        "LAs in the lowest-HLE share not in group 1 (%)", round(100 * 35 / 93, 1), "35 of 93 (37.6%)",
        product(sex=_SEXES, cutoff=_CUTOFFS, estimator=_ESTIMATORS, unit=_UNITS), share_lowest_not_g1, threshold=30),
    Conclusion(
        "hle_g3_deprived_below", "01_hle_priority", HF,
        "Priority group 3 includes LTLAs in the more deprived half with below-average HLE (Figure 1)",
        "holds if at least one group-3 LTLA is in the more deprived half with HLE below the average",
        "group-3 LTLAs, more deprived half, below-average HLE", None, "at least one (named in Figure 1)",
        _QUADRANT_GRID, quadrant_count(3, 0), threshold=1),
    Conclusion(
        "hle_g1_less_deprived_above", "01_hle_priority", HF,
        "Priority group 1 includes LTLAs in the less deprived half with above-average HLE (Figure 1)",
        "holds if at least one group-1 LTLA is in the less deprived half with HLE at or above the average",
        "group-1 LTLAs, less deprived half, above-average HLE", None, "at least one (named in Figure 1)",
        _QUADRANT_GRID, quadrant_count(1, 3), threshold=1),
    Conclusion(
        "hle_g2_deprived_fifth_below", "01_hle_priority", HF,
        "Only three LTLAs in priority group 2 are in the most deprived fifth with below-average HLE",
        "holds if at most three group-2 LTLAs are in the most deprived fifth with HLE below the average",
        "group-2 LTLAs, most deprived fifth, below-average HLE", 3, "3",
        _QUADRANT_GRID, g2_deprived_fifth_below, threshold=3),
    Conclusion(
        "leave_imd_weak", "02_leave_imd_cni", LLOYD,
        "An LA's deprivation (IMD) is only weakly correlated with its Leave vote (Figure 2: r = 0.18)",
        "holds if the coefficient is below 0.3 in absolute value (the usual reading of 'weak')",
        "correlation of IMD with the Leave share", 0.18, "r = 0.18",
        product(imd_measure=imd.IMD_MEASURES, **_LEAVE), imd_leave_weak, threshold=0.3),
    Conclusion(
        "leave_cni_strong", "02_leave_imd_cni", LLOYD,
        "An LA's community need (CNI) is much more strongly correlated with its Leave vote (Figure 3: r = 0.66)",
        "holds if the coefficient is at least 0.5 (the usual reading of 'strong')",
        "correlation of CNI with the Leave share", 0.66, "r = 0.66",
        product(cni_aggregation=_CNI, **_LEAVE), cni_leave_strong, threshold=0.5),
    Conclusion(
        "leave_cni_beats_imd", "02_leave_imd_cni", LLOYD,
        "Community need relates more strongly to the Leave vote than deprivation does (Figures 2 and 3)",
        "holds if the CNI coefficient is larger than the IMD coefficient in the same specification",
        "CNI coefficient minus IMD coefficient", 0.48, "0.66 - 0.18 = 0.48",
        product(imd_measure=imd.IMD_MEASURES, cni_aggregation=_CNI, **_LEAVE), cni_beats_imd, threshold=0),
    Conclusion(
        "leave_inner_city_few", "02_leave_imd_cni", LLOYD,
        "Few inner-city areas score highly on both IMD and CNI (Figure 1)",
        "holds if a smaller share of inner-city wards than of all wards is in the worst share on both indices",
        "inner-city share minus all-ward share high on both (percentage points)", None, "few (no figure)",
        product(inner_city=("inner_london", "inner_london_and_core_cities", "london", "metropolitan"),
                universe=("own", "common"), worst_share=(0.05, 0.1, 0.2)), inner_city_fewer, threshold=0),
    Conclusion(
        "left_behind_225", "06_left_behind_wards", LT,
        "225 wards are in the worst 10% on both the CNI and the IMD 2019",
        "holds if the rule re-derives exactly 225 wards",
        "wards in the worst 10% on both", 225, "225",
        product(universe=("own", "common")), left_behind_count),
    Conclusion(
        "luf_ten_most_deprived", "04_luf_round1", CEILUP,
        "Five of the ten most deprived areas received nothing from the Fund's first round (October 2021)",
        "holds if at least five of the ten most deprived LAs received no round-1 money",
        "of the ten most deprived LAs, those with no round-1 money", 5, "5",
        product(attribution=_ATTRIBUTION, imd_vintage=(2019, 2025), imd_measure=("average_score", "average_rank"),
                unitary_2023=("lead_name", "predecessors")),
        most_deprived_without, threshold=5),
    Conclusion(
        "luf_em_highest_per_head", "04_luf_round1", WMREDI,
        "The East Midlands received the most per head of the English regions in round 1 (£42)",
        "holds if the East Midlands has the highest round-1 money per resident of the nine English regions",
        "East Midlands, round-1 money per head (£)", 42, "£42, highest of the regions",
        product(attribution=_ATTRIBUTION, population_year=(2022, 2011), unitary_2023=("lead_name", "predecessors")),
        east_midlands_highest),
    Conclusion(
        "luf_round2_more_to_need", "04_luf_round1", OWN_LUF,
        "Round 2 of the Fund went more to the most deprived fifth of LAs than round 1 did",
        "holds if round 2's share of money in IMD deciles 1-2 is larger than round 1's",
        "round 2 minus round 1, share of money in the most deprived fifth (percentage points)", None,
        "none (the compendium's own question)",
        product(attribution=_ATTRIBUTION, imd_vintage=(2019, 2025), imd_measure=("average_score", "average_rank")),
        round2_more_to_need, threshold=0),
    Conclusion(
        "mission7_gap_widened", "05_mission7", OWN,
        "The HLE gap between England's upper-tier areas has clearly widened since 2011-13",
        "holds if the whole 95% interval of the change from 2011-13 to the latest period is above zero",
        "change in the gap, 2011-13 to 2022-24 (years)", None, "none (the compendium's own finding)",
        [{"sex": s, **g, "interval": i} for s in _SEXES for g in _GAPS for i in ("basic", "percentile")],
        gap_widened, threshold=0),
)


def conclusion(cid: str) -> Conclusion:
    for c in CONCLUSIONS:
        if c.id == cid:
            return c
    raise ParameterError(f"no conclusion {cid!r}; one of: {', '.join(c.id for c in CONCLUSIONS)}")


# --------------------------------------------------------------------------------------------
# the grid, evaluated


def assess(conclusions=CONCLUSIONS, inputs: Inputs | None = None) -> pd.DataFrame:
    """One row per (conclusion, specification): the specification in words, the figure, and whether it holds."""
    inputs = inputs or Inputs()
    rows = []
    for c in conclusions:
        if not c.grid:
            raise ValueError(f"conclusion {c.id!r} has an empty grid")
        for spec in c.grid:
            value, holds = c.figure(inputs, spec)
            rows.append({"conclusion": c.id, "specification": spec_text(spec), "figure": float(value),
                         "holds": bool(holds), "spec": spec})
    return pd.DataFrame(rows, columns=["conclusion", "specification", "figure", "holds", "spec"])


def spec_text(spec: dict) -> str:
    def fmt(v):
        if isinstance(v, tuple):
            return "+".join(v) or "none"
        return f"{v:g}" if isinstance(v, float) else str(v)
    return ", ".join(f"{k}={fmt(v)}" for k, v in spec.items())


def summary(runs: pd.DataFrame, conclusions=CONCLUSIONS) -> pd.DataFrame:
    """One row per conclusion: specifications, how many hold and the share, the figure's range, the
    published value (and whether it lies in the range), and the verdict words."""
    rows = []
    for c in conclusions:
        r = runs[runs["conclusion"] == c.id]
        if r.empty:
            raise ValueError(f"no runs for conclusion {c.id!r}")
        n, k = len(r), int(r["holds"].sum())
        lo, hi = float(r["figure"].min()), float(r["figure"].max())
        inside = None if c.published is None else bool(lo - 1e-9 <= c.published <= hi + 1e-9)
        rows.append({"conclusion": c.id, "page": c.page, "statement": c.statement, "source": c.source, "rule": c.rule,
                     "varied": c.varied, "specifications": n, "holding": k, "share_holding": 100 * k / n,
                     "min": lo, "max": hi, "published": c.published, "published_text": c.published_text,
                     "published_in_range": inside, "verdict": verdict(k, n)})
    return pd.DataFrame(rows)


def breakdown(runs: pd.DataFrame, cid: str) -> pd.DataFrame:
    """For one conclusion: per parameter and value, the specifications and how many of them hold."""
    r = runs[runs["conclusion"] == cid]
    if r.empty:
        raise ValueError(f"no runs for conclusion {cid!r}")
    rows = []
    for name in dict.fromkeys(k for s in r["spec"] for k in s):
        values = r["spec"].map(lambda s: spec_text({name: s[name]}).split("=", 1)[1] if name in s else None)
        for value, g in r.groupby(values, sort=False):
            rows.append({"parameter": name, "value": value, "specifications": len(g),
                         "holding": int(g["holds"].sum()), "min": g["figure"].min(), "max": g["figure"].max()})
    return pd.DataFrame(rows, columns=["parameter", "value", "specifications", "holding", "min", "max"])


def _num(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}"


def table(s: pd.DataFrame) -> pd.DataFrame:
    """The page's table: conclusion, specifications, share holding, range of the figure, published, verdict."""
    return pd.DataFrame({
        "conclusion": s["statement"], "source": s["source"],
        "specifications": s["specifications"].astype(str) + " (" + s["varied"] + ")",
        "holds in": [f"{k} of {n} ({p:.0f}%)" for k, n, p in zip(s["holding"], s["specifications"], s["share_holding"])],
        "figure: min to max": [_num(a) if a == b else f"{_num(a)} to {_num(b)}" for a, b in zip(s["min"], s["max"])],
        "published": s["published_text"], "verdict": s["verdict"]})


#: the colour of a verdict's label (its text always says the verdict): every, most, some, none
VERDICT_CLASS = {"holds in every specification": "lu-v-reproduced", "holds in most specifications": "lu-v-consistent",
                 "holds in some specifications": "lu-v-differs", "holds in no specification": "lu-v-inconsistent"}


def html_table(s: pd.DataFrame) -> str:
    """:func:`table` as the book's claims table: each conclusion linked to the page that shows its
    analysis, its source, rule and the choices varied folded under it, the verdict as a labelled colour."""
    t = table(s)
    rows = []
    for (_, r), (_, row) in zip(s.iterrows(), t.iterrows()):
        e = {k: html.escape(str(v)) for k, v in row.items()}
        more = (f"<details><summary>source, rule and specifications</summary><p>{e['source']}. Rule: "
                f"{html.escape(r['rule'])}. Specifications: {e['specifications']}.</p></details>")
        rows.append(f'<tr><td class="lu-c-claim"><a href="{html.escape(r["page"])}.html">{e["conclusion"]}</a>{more}</td>'
                    f'<td class="lu-c-num" data-label="holds in">{e["holds in"]}</td>'
                    f'<td class="lu-c-num" data-label="figure">{e["figure: min to max"]}</td>'
                    f'<td class="lu-c-num" data-label="published">{e["published"]}</td>'
                    f'<td class="lu-c-verdict"><span class="lu-verdict {VERDICT_CLASS[r["verdict"]]}">'
                    f'{e["verdict"]}</span></td></tr>')
    widths = (("lu-c-claim", 38), ("lu-c-num", 14), ("lu-c-num", 12), ("lu-c-num", 14), ("lu-c-verdict", 22))
    cols = "".join(f'<col class="{c}" style="width: {w}%">' for c, w in widths)
    head = "".join(f'<th scope="col">{h}</th>' for h in ("conclusion", "holds in", "figure: min to max",
                                                          "published", "verdict"))
    return (f'<div class="lu-claims-wrap"><table class="lu-conclusions"><caption>{len(s)} conclusions; each links to the '
            f'page that shows its analysis.</caption><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def headline_text(s: pd.DataFrame) -> str:
    """The summary's headline columns as fixed-width text (what nbval compares on the page)."""
    cols = ["conclusion", "specifications", "holding", "min", "max", "published", "verdict"]
    return s[cols].to_string(index=False, float_format=lambda x: f"{x:.3f}")


def breakdown_html(runs: pd.DataFrame) -> str:
    """:func:`breakdown` of every conclusion that does not hold in every specification, as HTML."""
    s = summary(runs)
    parts = [f"<p><b>{html.escape(cid)}</b></p>" + breakdown(runs, cid).to_html(
        index=False, border=0, float_format=lambda x: f"{x:.3g}")
        for cid in s.loc[s["holding"] < s["specifications"], "conclusion"]]
    return "\n".join(parts)


def sentence(row: pd.Series) -> str:
    """What the page says of one conclusion, from its summary row."""
    rng = _num(row["min"]) if row["min"] == row["max"] else f"from {_num(row['min'])} to {_num(row['max'])}"
    pub = ("" if row["published"] is None or pd.isna(row["published"]) else
           f"; the published {row['published_text']} is {'inside' if row['published_in_range'] else 'outside'} that range")
    return (f"{row['verdict']} ({row['holding']} of {row['specifications']}, {row['share_holding']:.0f}%); "
            f"the figure runs {rng}{pub}")


# --------------------------------------------------------------------------------------------
# figure (house style: call figures.use_style() first)


def figure(runs: pd.DataFrame, conclusions=CONCLUSIONS, ncols: int = 2, seed: int = 2022):
    """Small multiples: per conclusion, the figure in every specification (filled: the rule holds;
    hollow: it does not), the published value as a dashed line and the rule's threshold dotted."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from analysis.figures import GREY, OKABE_ITO, strip

    nrows = int(np.ceil(len(conclusions) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(11, 2.1 * nrows + 0.8), squeeze=False)
    for ax, c in zip(axes.flat, conclusions):
        r = runs[runs["conclusion"] == c.id].assign(row=0)
        hold = r["holds"].to_numpy()
        strip(ax, r, "row", "figure", colours={0: OKABE_ITO[4]}, filled="holds", jitter=0.3, seed=seed,
              horizontal=True)
        if c.threshold is not None:
            ax.axvline(c.threshold, color=GREY, linestyle=":", linewidth=1)
        if c.published is not None:
            ax.axvline(c.published, color="#000000", linestyle="--", linewidth=1.2)
        lo = min([r["figure"].min()] + [v for v in (c.published, c.threshold) if v is not None])
        hi = max([r["figure"].max()] + [v for v in (c.published, c.threshold) if v is not None])
        pad = 0.08 * (hi - lo) if hi > lo else 1
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(-0.6, 0.6)
        ax.set_yticks([])
        ax.set_ylabel("")
        ax.set_title(f"{c.id}: holds in {int(hold.sum())} of {len(r)}", fontsize=9, fontweight="bold")
        ax.set_xlabel(c.figure_label, fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
    spare = axes.flat[len(conclusions):]
    for ax in spare:
        ax.set_axis_off()
    handles = [Line2D([], [], marker="o", linestyle="", color=OKABE_ITO[4], label="rule holds"),
               Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color=OKABE_ITO[4],
                      label="rule does not hold"),
               Line2D([], [], color="#000000", linestyle="--", label="published value"),
               Line2D([], [], color=GREY, linestyle=":", label="where the rule changes verdict")]
    if len(spare):  # the key goes in the first empty panel, else under the panels
        spare[0].legend(handles=handles, loc="center", fontsize=9, frameon=False)
    else:
        fig.legend(handles=handles, loc="lower right", ncol=4, fontsize=8, bbox_to_anchor=(0.99, 0.0))
    return fig
