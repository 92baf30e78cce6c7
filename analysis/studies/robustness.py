"""The conclusions of the studies that do not yet declare their own (``robustness.py`` in a study's
folder), with the adapters that call into their modules.

Every call into a study module sits in the adapters (:func:`leave_frame` and
:func:`correlation`; :func:`left_behind_wards` and :func:`inner_city_shares`;
:func:`luf_round`, :func:`luf_region_per_head` and :func:`luf_most_deprived_share`), so a change to a
study's signature is met in one place. Grids name the deprivation measure in the shared vocabulary of :mod:`analysis.data.imd`, as every study does.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import pandas as pd

from analysis.data import imd
from analysis.ledger import documents
from analysis.ledger.conclusions import Conclusion, product

# --------------------------------------------------------------------------------------------
# the expensive inputs, loaded once and shared by every specification


class Inputs:
    """Lazy cache of each study's inputs; nothing is read until a conclusion needs it."""

    def __init__(self):
        self._la: dict[str, pd.DataFrame] = {}
        self.memo: dict[tuple, Any] = {}  # figures shared by several conclusions' specifications

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
    def luf(self) -> dict:
        from analysis.studies import luf

        return luf.inputs()


# --------------------------------------------------------------------------------------------
# adapters: the only calls into the study modules


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


LLOYD, LT, CEILUP, WMREDI = documents.LLOYD, documents.LOCAL_TRUST, documents.EDITORS, documents.WMREDI
OWN_LUF = None  # the compendium's own questions: no document

_SEXES = ("male", "female")
_LEAVE = dict(la_vintage=("lad19", "lad17"), leave_share_of=("valid_votes", "electorate"),
              include_london=(True, False), method=("pearson", "spearman"))
_CNI = ("mean", "lsoa_weighted_mean", "median", "share_worst_decile")
_ATTRIBUTION = ("covered", "bidder")

CONCLUSIONS: tuple[Conclusion, ...] = (
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
)

#: the page of each conclusion
PAGE_OF = {
    "leave_imd_weak": "02_leave_imd_cni",
    "leave_cni_strong": "02_leave_imd_cni",
    "leave_cni_beats_imd": "02_leave_imd_cni",
    "leave_inner_city_few": "02_leave_imd_cni",
    "left_behind_225": "06_left_behind_wards",
    "luf_ten_most_deprived": "04_luf_round1",
    "luf_em_highest_per_head": "04_luf_round1",
    "luf_round2_more_to_need": "04_luf_round1",
}


#: the pages of the studies not yet declaring their own conclusions, with their titles
PAGES = {"02_leave_imd_cni": "Deprivation, need and Leave", "04_luf_round1": "where both rounds of the Fund went",
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
