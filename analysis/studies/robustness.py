"""Do the published conclusions hold across reasonable specifications?

Each :class:`Conclusion` is a published statement (or, where marked, one of this compendium's own),
a rule stated in words before anything is computed, the published figure where there is one, a grid
of reasonable specifications, and a function of one specification returning the figure and whether
the rule holds. :func:`assess` evaluates every specification in-process with the study modules'
own functions (no notebook is run), and :func:`summary` turns the runs into one row per conclusion.

Only choices that can move a conclusion's figure are in its grid: the deprivation measure is not
varied for a count that does not use deprivation, nor the tail share for a range.

Every call into a study module sits in the adapters (:func:`hle_result`; :func:`leave_frame` and
:func:`correlation`; :func:`left_behind_wards` and :func:`inner_city_shares`; :func:`mission7_gaps`;
:func:`luf_la_table`), so a change to a study's signature is met in one place. Grids name the deprivation measure in the shared
vocabulary of :mod:`analysis.data.imd`; the adapters translate it to each study's own key.
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
        from analysis.data import geography, loaders

        bids = loaders.luf_bids()
        return {"round1": bids[bids["round"] == 1].reset_index(drop=True), "imd": loaders.imd_lad(),
                "priority": geography.luf_priority_lad19()[0]}


# --------------------------------------------------------------------------------------------
# adapters: the only calls into the study modules


def _study_key(study_measures: dict[str, str], imd_measure: str, column) -> str:
    """The study's own key for a measure of :mod:`analysis.data.imd` (matched on the File 10 column)."""
    col = column(imd_measure)
    keys = [k for k, c in study_measures.items() if c == col]
    if len(keys) != 1:
        raise ParameterError(f"imd_measure {imd_measure!r}: no single measure of the study uses column {col!r}")
    return keys[0]


def hle_result(inputs: Inputs, *, sex: str = "male", cutoff: float = 0.3, imd_measure: str = "average_score",
               average: str = "england", estimator: str = "mean", merged: str = "combine") -> dict:
    """Analysis 1 (HLE against the Fund's priority groups) for one specification.

    The whole analysis (``hle.run``) runs once per sex, measure, estimator and merger choice; the cut-off
    and the average, which only re-label the same table, are re-applied with the module's own
    ``lowest_share``, ``hle_average`` and ``classify``. Returns the table, the Figure 2 counts, the
    Figure 1 quadrant counts (groups by ``quadrant_names``) and the average used.
    """
    from analysis.studies import hle

    view = ("hle", sex, float(cutoff), imd_measure, average, estimator, merged)
    if view in inputs.memo:
        return inputs.memo[view]
    key = (sex, imd_measure, estimator, merged)
    if key not in inputs._hle_runs:
        measure = _study_key(hle.MEASURES, imd_measure, imd.rank_column)
        inputs._hle_runs[key] = hle.run(inputs.hle, sex=sex, measure=measure, estimator=estimator, merged=merged)
    res = inputs._hle_runs[key]
    avg = hle.hle_average(res.table["hle"], average, res.england)
    t = hle.classify(res.table, res.n_ranked, avg)
    t["lowest"] = hle.lowest_share(t["hle"], cutoff)
    inputs.memo[view] = {"table": t, "counts": hle.lowest_counts(t), "quadrants": hle.quadrant_counts(t),
                         "quadrant_names": hle.QUADRANTS, "average": avg}
    return inputs.memo[view]


def leave_frame(inputs: Inputs, *, vintage: str = "lad19", imd_measure: str = "average_score",
                cni_aggregation: str = "mean", leave_measure: str = "valid_votes",
                include_london: bool = True) -> pd.DataFrame:
    """Analysis 2's LA table for one specification: ``leave``, ``imd`` and ``cni`` columns."""
    from analysis.studies import leave

    measure = _study_key(leave.IMD_MEASURES, imd_measure, imd.score_column)
    return leave.select(inputs.la(vintage), measure, cni_aggregation, leave_measure, include_london)


def correlation(x: pd.Series, y: pd.Series, method: str) -> float:
    """Analysis 2's correlation coefficient (Pearson r or Spearman rho)."""
    from analysis.studies import leave

    return leave.correlate(x, y, method)["r"]


def left_behind_wards(inputs: Inputs, *, universe: str = "own", cutoff: float = 0.1,
                      inner_city: str = "inner_london") -> pd.DataFrame:
    """Wards flagged high on both indices (``left_behind_derived``), and ``inner_city`` under a definition."""
    from analysis.studies import wards

    w = wards.derive_left_behind(inputs.wards, universe=universe, cutoff=cutoff)
    return w.assign(inner_city=wards.inner_city(w["lad17_code"], inner_city))


def inner_city_shares(inputs: Inputs, **spec) -> tuple[float, float]:
    """Shares of inner-city wards and of all wards that are high on both indices (analysis 2's test of
    Figure 1's remark, ``wards.high_on_both_by_group``)."""
    from analysis.studies import wards

    w = left_behind_wards(inputs, **spec)
    t = wards.high_on_both_by_group(w, w["inner_city"]).set_index("wards")["share"]
    return float(t["inner city"]), float(t["all wards"])


def mission7_gaps(inputs: Inputs, *, sex: str = "male", gap: str = "range", tail: float = 0.1,
                  exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Mission 7's gap for one sex: first and last period and the change (``mission7.change``)."""
    from analysis.studies import mission7

    g = mission7.gaps(inputs.hle_series, sex=sex, tail=tail, exclude=list(exclude))
    return mission7.change(g, gap)


def luf_la_table(inputs: Inputs, *, imd_measure: str = "average_score", unitary_2023: str = "lead_name",
                 reading: str = "listed") -> pd.DataFrame:
    """Round 1 of the Fund per 2019 LA (money received), ranked by an IMD measure.

    ``reading``: ``listed`` credits an LA with every bid that lists it (a county-wide bid lists all its
    districts); ``own`` only with the bids placed on that LA alone.
    """
    from analysis.studies import luf

    if reading not in ("listed", "own"):
        raise ParameterError(f"parameter 'reading' = {reading!r} is not allowed; one of: 'listed', 'own'")
    d = inputs.luf
    placed, _ = luf.map_bids_to_lad19(d["round1"], d["imd"].set_index("lad19_code")["lad19_name"],
                                      unitary_2023=unitary_2023)
    if reading == "own":
        placed = placed[placed.groupby("bid_id")["lad19_code"].transform("size") == 1]
    awards = luf.awards_by_lad19(luf.apportion(placed, "equal"))
    deciles = luf.imd_deciles(d["imd"], _study_key(luf.IMD_MEASURES, imd_measure, imd.rank_column))
    return luf.la_table(awards, d["priority"], deciles)


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
    """LTLAs of a priority group in the most deprived fifth with HLE below the average."""
    res = hle_result(inputs, **spec)
    t = res["table"]
    return int(((t["priority_category"] == group) & (t["fifth"] == 1) & (t["hle"] < res["average"])).sum())


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
    ch = float(mission7_gaps(inputs, **spec)["change"].iloc[0])
    return ch, ch > 0


def most_deprived_without(inputs: Inputs, spec: dict) -> tuple[float, bool]:
    la = luf_la_table(inputs, **spec)
    n = int((la.nsmallest(10, "imd_rank")["money"] <= 0).sum())
    return n, n >= 5


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

_SEXES, _CUTOFFS, _ESTIMATORS = ("male", "female"), (0.25, 0.3, 0.35), ("mean", "median", "precision_weighted")
_LEAVE = dict(vintage=("lad19", "lad17"), leave_measure=("valid_votes", "electorate"), include_london=(True, False),
              method=("pearson", "spearman"))
_CNI = ("mean", "lsoa_weighted_mean", "median", "share_worst_decile")
_QUADRANT_GRID = product(sex=_SEXES, imd_measure=imd.IMD_MEASURES, average=("england", "mean", "median"))
_GAPS = [{"gap": "range"}, {"gap": "decile", "tail": 0.1}, {"gap": "decile", "tail": 0.2}]

CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(
        "hle_lowest_not_g1", "01_hle_priority", HF,
        "About a third of the LAs with the lowest HLE are not in the Fund's priority group 1 (Figure 2: 35 of 93)",
        "holds if at least 30% of the LAs in the lowest-HLE share are outside priority group 1",
        "LAs in the lowest-HLE share not in group 1 (%)", round(100 * 35 / 93, 1), "35 of 93 (37.6%)",
        product(sex=_SEXES, cutoff=_CUTOFFS, estimator=_ESTIMATORS, merged=("combine", "exclude")),
        share_lowest_not_g1, threshold=30),
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
                universe=("own", "common"), cutoff=(0.05, 0.1, 0.2)), inner_city_fewer, threshold=0),
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
        product(imd_measure=imd.IMD_MEASURES, unitary_2023=("lead_name", "predecessors"), reading=("listed", "own")),
        most_deprived_without, threshold=5),
    Conclusion(
        "mission7_gap_widened", "05_mission7", OWN,
        "The HLE gap between single-tier areas widened from 2011-13 to the latest period",
        "holds if the gap in the last period is larger than in the first",
        "change in the gap, first to last period (years)", None, "none (the compendium's own finding)",
        [{"sex": s, **g, "exclude": e} for s in _SEXES for g in _GAPS for e in ((), ("E06000017",))],
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


def html_table(s: pd.DataFrame) -> str:
    """:func:`table` as HTML, each conclusion linked to the page that shows its analysis."""
    t = table(s).map(lambda v: html.escape(str(v)))
    t.insert(1, "page", [f'<a href="{html.escape(p)}.html">{html.escape(p)}</a>' for p in s["page"]])
    return t.to_html(index=False, border=0, escape=False)


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

    from analysis.figures import GREY, OKABE_ITO

    rng = np.random.default_rng(seed)
    nrows = int(np.ceil(len(conclusions) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(11, 2.1 * nrows + 0.8), squeeze=False)
    for ax, c in zip(axes.flat, conclusions):
        r = runs[runs["conclusion"] == c.id]
        y = rng.uniform(-0.3, 0.3, len(r))
        hold = r["holds"].to_numpy()
        ax.scatter(r["figure"][hold], y[hold], s=22, color=OKABE_ITO[4], alpha=0.8, linewidths=0, zorder=3)
        ax.scatter(r["figure"][~hold], y[~hold], s=22, facecolor="white", edgecolor=OKABE_ITO[5], linewidths=1,
                   zorder=3)
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
        ax.grid(axis="y", visible=False)
        ax.set_title(f"{c.id}: holds in {int(hold.sum())} of {len(r)}", fontsize=9, fontweight="bold")
        ax.set_xlabel(c.figure_label, fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
    spare = axes.flat[len(conclusions):]
    for ax in spare:
        ax.set_axis_off()
    handles = [Line2D([], [], marker="o", linestyle="", color=OKABE_ITO[4], label="rule holds"),
               Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color=OKABE_ITO[5],
                      label="rule does not hold"),
               Line2D([], [], color="#000000", linestyle="--", label="published value"),
               Line2D([], [], color=GREY, linestyle=":", label="where the rule changes verdict")]
    if len(spare):  # the key goes in the first empty panel, else under the panels
        spare[0].legend(handles=handles, loc="center", fontsize=9, frameon=False)
    else:
        fig.legend(handles=handles, loc="lower right", ncol=4, fontsize=8, bbox_to_anchor=(0.99, 0.0))
    return fig
