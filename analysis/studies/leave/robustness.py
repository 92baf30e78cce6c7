"""The Leave page's conclusions across reasonable specifications: the IMD coefficient is weak, the CNI
coefficient strong and the larger of the two, and few inner-city wards are high on both indices.

Each figure is computed with the study's own functions on its inputs (``ctx.inputs``, loaded once); a
coefficient shared by several conclusions' specifications is kept in ``ctx.memo``. The correlation
method and the ranking of the wards are varied here although the page does not offer them as
parameters: they are choices a reader of the source could reasonably have made.
"""

from __future__ import annotations

from analysis.data import imd, left_behind
from analysis.data.geography import INNER_CITY_DEFINITIONS
from analysis.ledger.conclusions import Conclusion, Context, product
from analysis.ledger.documents import LLOYD
from analysis.studies.leave import CNI_AGGREGATIONS, LA_VINTAGES, LEAVE_SHARES_OF, STUDY
from analysis.studies.leave.claims import CLAIMS_BY_ID
from analysis.studies.leave.compute import METHODS, correlate, inner_city_shares, select


def coefficient(ctx: Context, index: str, spec: dict) -> float:
    """The coefficient of ``index`` (imd or cni) with Leave; the other index's choice does not enter it."""
    other = {"imd": "cni_aggregation", "cni": "imd_measure"}[index]
    s = {k: v for k, v in spec.items() if k not in ("method", other)}
    key = ("r", index, spec["method"], *sorted(s.items()))
    if key not in ctx.memo:
        p = STUDY.check(s)
        d = select(ctx.inputs.la[p.la_vintage][0], p.imd_measure, p.cni_aggregation, p.leave_share_of,
                   p.include_london)
        ctx.memo[key] = correlate(d[index], d["leave"], spec["method"])["r"]
    return ctx.memo[key]


def imd_leave_weak(ctx: Context, spec: dict) -> tuple[float, bool]:
    r = coefficient(ctx, "imd", spec)
    return r, abs(r) < 0.3


def cni_leave_strong(ctx: Context, spec: dict) -> tuple[float, bool]:
    r = coefficient(ctx, "cni", spec)
    return r, r >= 0.5


def cni_beats_imd(ctx: Context, spec: dict) -> tuple[float, bool]:
    diff = coefficient(ctx, "cni", spec) - coefficient(ctx, "imd", spec)
    return diff, diff > 0


def inner_city_fewer(ctx: Context, spec: dict) -> tuple[float, bool]:
    """Inner-city share minus all-ward share of wards high on both indices (percentage points)."""
    key = ("wards", spec["universe"], float(spec["worst_share"]))
    if key not in ctx.memo:
        ctx.memo[key] = left_behind.derive_left_behind(ctx.inputs.wards, spec["universe"], spec["worst_share"])
    inner, every = inner_city_shares(ctx.memo[key], spec["inner_city"])
    diff = 100 * (inner - every)
    return diff, diff < 0


IMD_R, CNI_R = float(CLAIMS_BY_ID["leave_imd_r"].published), float(CLAIMS_BY_ID["leave_cni_r"].published)
_LEAVE = dict(la_vintage=LA_VINTAGES, leave_share_of=LEAVE_SHARES_OF, include_london=(True, False), method=METHODS)

CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(
        "leave_imd_weak", f"An LA's deprivation (IMD) is only weakly correlated with its Leave vote (Figure 2: r = {IMD_R})",
        "holds if the coefficient is below 0.3 in absolute value (the usual reading of 'weak')",
        "correlation of IMD with the Leave share",
        product(imd_measure=imd.IMD_MEASURES, **_LEAVE),
        imd_leave_weak,
        published=IMD_R, published_text=f"r = {IMD_R}", document=LLOYD, threshold=0.3),
    Conclusion(
        "leave_cni_strong",
        f"An LA's community need (CNI) is much more strongly correlated with its Leave vote (Figure 3: r = {CNI_R})",
        "holds if the coefficient is at least 0.5 (the usual reading of 'strong')",
        "correlation of CNI with the Leave share",
        product(cni_aggregation=CNI_AGGREGATIONS, **_LEAVE),
        cni_leave_strong,
        published=CNI_R, published_text=f"r = {CNI_R}", document=LLOYD, threshold=0.5),
    Conclusion(
        "leave_cni_beats_imd", "Community need relates more strongly to the Leave vote than deprivation does (Figures 2 and 3)",
        "holds if the CNI coefficient is larger than the IMD coefficient in the same specification",
        "CNI coefficient minus IMD coefficient",
        product(imd_measure=imd.IMD_MEASURES, cni_aggregation=CNI_AGGREGATIONS, **_LEAVE),
        cni_beats_imd,
        published=round(CNI_R - IMD_R, 2), published_text=f"{CNI_R} - {IMD_R} = {round(CNI_R - IMD_R, 2)}",
        document=LLOYD, threshold=0),
    Conclusion(
        "leave_inner_city_few", "Few inner-city areas score highly on both IMD and CNI (Figure 1)",
        "holds if a smaller share of inner-city wards than of all wards is in the worst share on both indices",
        "inner-city share minus all-ward share high on both (percentage points)",
        product(inner_city=INNER_CITY_DEFINITIONS, universe=left_behind.UNIVERSES, worst_share=(0.05, 0.1, 0.2)),
        inner_city_fewer,
        published=None, published_text="few (no figure)", document=LLOYD, threshold=0),
)
