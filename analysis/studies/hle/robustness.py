"""Do the HLE page's conclusions hold across reasonable specifications? Its four conclusions, each with a
rule stated before computing (the group-1 statement's is its ledger claim's), a grid and the figure it
is judged on.

The whole analysis (:func:`analysis.studies.hle.compute.run`, through ``ctx.run``) runs once per sex,
measure, unit, estimator and merger choice; the cut-off and the average, which only re-label the same
table, are re-applied with the study's own :func:`~analysis.studies.hle.compute.lowest_share`,
:func:`~analysis.studies.hle.compute.hle_average` and :func:`~analysis.studies.hle.compute.classify`
(a test holds the shortcut to a full run).
"""

from __future__ import annotations

from typing import Callable

from analysis.data import imd
from analysis.ledger.conclusions import Conclusion, Context, product
from analysis.ledger.documents import HEALTH_FOUNDATION as HF
from analysis.studies.hle import compute
from analysis.studies.hle.claims import CLAIMS_BY_ID

#: the reasonable choices varied: every sex, unit, estimator, measure and average, and cut-offs around 30%
CUTOFFS = (0.25, 0.3, 0.35)
QUADRANT_GRID = product(sex=compute.SEXES, imd_measure=imd.IMD_MEASURES, unit=compute.UNITS, average=compute.AVERAGES)


def hle_result(ctx: Context, **spec) -> dict:
    """The analysis for one specification (the rest at the study's defaults): the table, the Figure 2
    counts, the Figure 1 quadrant counts and the average used."""
    p = ctx.study.check(spec)
    view = ("hle", p)
    if view not in ctx.memo:
        res = ctx.run(sex=p.sex, imd_measure=p.imd_measure, unit=p.unit, estimator=p.estimator, merged=p.merged,
                      include_implausible=p.include_implausible)
        avg = compute.hle_average(res.table["hle"], p.average, res.england)
        t = compute.classify(res.table, res.n_ranked, avg)
        t["lowest"] = compute.lowest_share(t["hle"], p.cutoff)
        ctx.memo[view] = {"table": t, "counts": compute.lowest_counts(t), "quadrants": compute.quadrant_counts(t),
                          "average": avg}
    return ctx.memo[view]


# --------------------------------------------------------------------------------------------
# the figures each conclusion is judged on (figure, holds)


def share_lowest_not_g1(ctx: Context, spec: dict) -> tuple[float, bool]:
    c = hle_result(ctx, **spec)["counts"]
    share = 100 * c["lowest_not_g1"] / c["n_lowest"]
    return share, share >= 30


def quadrant_count(group: int, quadrant: int) -> Callable[[Context, dict], tuple[float, bool]]:
    """LTLAs of a priority group in one of the four quadrants; holds if there is at least one."""
    def figure(ctx: Context, spec: dict) -> tuple[float, bool]:
        n = int(hle_result(ctx, **spec)["quadrants"].loc[group, compute.QUADRANTS[quadrant]])
        return n, n >= 1
    return figure


def g1_share_less_deprived_above(ctx: Context, spec: dict) -> tuple[float, bool]:
    """Per cent of the ranked group-1 LTLAs in the less deprived half with HLE at or above the average;
    holds if more than half (the rule of the ledger's claim)."""
    q = hle_result(ctx, **spec)["quadrants"]
    share = 100 * q.loc[1, compute.QUADRANTS[3]] / q.loc[1, "all"]
    return float(share), bool(share > 50)


def deprived_fifth_below(ctx: Context, group: int, **spec) -> int:
    """LTLAs of a priority group in the most deprived fifth with below-average HLE
    (:func:`analysis.studies.hle.compute.deprived_fifth_below`)."""
    return len(compute.deprived_fifth_below(hle_result(ctx, **spec)["table"], group))


def g2_deprived_fifth_below(ctx: Context, spec: dict) -> tuple[float, bool]:
    n = deprived_fifth_below(ctx, 2, **spec)
    return n, n <= 3


# --------------------------------------------------------------------------------------------
# the conclusions

N_LOWEST, NOT_G1 = CLAIMS_BY_ID["hle_fig2_n_lowest"].published, CLAIMS_BY_ID["hle_fig2_lowest_not_g1"].published
G2 = CLAIMS_BY_ID["hle_fig1_g2_deprived_fifth_below"].published
G3 = CLAIMS_BY_ID["hle_fig1_g3_deprived_below"].published

CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(
        "hle_lowest_not_g1",
        f"About a third of the LAs with the lowest HLE are not in the Fund's priority group 1 (Figure 2: {NOT_G1} of "
        f"{N_LOWEST})",
        "holds if at least 30% of the LAs in the lowest-HLE share are outside priority group 1",
        "LAs in the lowest-HLE share not in group 1 (%)",
        product(sex=compute.SEXES, cutoff=CUTOFFS, estimator=compute.ESTIMATORS, unit=compute.UNITS),
        share_lowest_not_g1,
        published=round(100 * NOT_G1 / N_LOWEST, 1),
        published_text=f"{NOT_G1} of {N_LOWEST} ({100 * NOT_G1 / N_LOWEST:.1f}%)", document=HF, threshold=30),
    Conclusion(
        "hle_g3_deprived_below",
        f"Priority group 3 includes LTLAs in the more deprived half with below-average HLE (the text before Figure 1 "
        f"counts {G3})",
        "holds if at least one group-3 LTLA is in the more deprived half with HLE below the average",
        "group-3 LTLAs, more deprived half, below-average HLE",
        QUADRANT_GRID,
        quadrant_count(3, 0),
        published=G3, published_text=str(G3), document=HF, threshold=1),
    Conclusion(
        "hle_g1_less_deprived_above",
        "Priority group 1 LTLAs are in the less deprived half with above-average HLE (the text before Figure 1)",
        CLAIMS_BY_ID["hle_fig1_g1_less_deprived_above"].rule,
        "group-1 LTLAs in the less deprived half with above-average HLE (% of group 1)",
        QUADRANT_GRID,
        g1_share_less_deprived_above,
        published=None, published_text="no count printed: 'are in' that quadrant", document=HF, threshold=50),
    Conclusion(
        "hle_g2_deprived_fifth_below", "Only three LTLAs in priority group 2 are in the most deprived fifth with below-average HLE",
        "holds if at most three group-2 LTLAs are in the most deprived fifth with HLE below the average",
        "group-2 LTLAs, most deprived fifth, below-average HLE",
        QUADRANT_GRID,
        g2_deprived_fifth_below,
        published=G2, published_text=str(G2), document=HF, threshold=3),
)
