"""The Fund page's conclusions across reasonable specifications: the CEILUP collection's five of the ten
most deprived with nothing (Graeme Atherton's summary chapter), WMREDI's East Midlands highest per head, and the compendium's own question
whether round 2 went more to need than round 1.

Each specification names the study's own parameters; a round is analysed once per set of choices and
shared by every conclusion (``ctx.memo``).
"""

from __future__ import annotations

import pandas as pd

from analysis.ledger import documents
from analysis.ledger.conclusions import Conclusion, Context, product
from analysis.studies.luf_round1 import ATTRIBUTION
from analysis.studies.luf_round1.claims import CLAIMS_BY_ID
from analysis.studies.luf_round1.compute import analyse, choices, most_deprived_share, region_per_head


def analysed(ctx: Context, luf_round: str, spec: dict) -> dict:
    """:func:`analyse` of one round under a specification (the study's parameters; ``imd_vintage``
    picks a table, not an analysis), computed once per context."""
    params = ctx.study.check({k: v for k, v in spec.items() if k != "imd_vintage"})
    key = ("analyse", luf_round, *choices(params).values())
    if key not in ctx.memo:
        ctx.memo[key] = analyse(ctx.inputs, luf_round, **choices(params))
    return ctx.memo[key]


def _table(spec: dict) -> str:
    return "la19" if spec.get("imd_vintage", 2019) == 2019 else "la23"


def most_deprived_without(ctx: Context, spec: dict) -> tuple[float, bool]:
    table = analysed(ctx, "1", spec)[_table(spec)]
    n = int((table.nsmallest(10, "imd_rank")["money"] <= 0).sum())
    return n, n >= 5


def round2_more_to_need(ctx: Context, spec: dict) -> tuple[float, bool]:
    key = _table(spec)
    diff = most_deprived_share(analysed(ctx, "2", spec)[key]) - most_deprived_share(analysed(ctx, "1", spec)[key])
    return diff, diff > 0


def regions_per_head(ctx: Context, spec: dict) -> pd.DataFrame:
    """Round 1's money per head by English region, highest first (:func:`region_per_head`)."""
    return region_per_head(analysed(ctx, "1", spec)["la19"], ctx.inputs.regions)


def east_midlands_highest(ctx: Context, spec: dict) -> tuple[float, bool]:
    t = regions_per_head(ctx, spec)
    return float(t.loc["East Midlands", "£ per head"]), bool(t.index[0] == "East Midlands")


CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(
        "luf_ten_most_deprived", "Five of the ten most deprived areas received nothing from the Fund's first round (October 2021)",
        "holds if at least five of the ten most deprived LAs received no round-1 money",
        "of the ten most deprived LAs, those with no round-1 money",
        product(attribution=ATTRIBUTION, imd_vintage=(2019, 2025), imd_measure=("average_score", "average_rank"),
                unitary_2023=("lead_name", "predecessors")),
        most_deprived_without,
        published=CLAIMS_BY_ID["luf_r1_ceilup_none"].published, published_text="5", document=documents.CEILUP,
        threshold=5),
    Conclusion(
        "luf_em_highest_per_head", "The East Midlands received the most per head of the English regions in round 1 (£42)",
        "holds if the East Midlands has the highest round-1 money per resident of the nine English regions",
        "East Midlands, round-1 money per head (£)",
        product(attribution=ATTRIBUTION, population_year=(2022, 2011), unitary_2023=("lead_name", "predecessors")),
        east_midlands_highest,
        published=int(CLAIMS_BY_ID["luf_r1_em_per_capita"].published), published_text="£42, highest of the regions",
        document=documents.WMREDI),
    Conclusion(
        "luf_round2_more_to_need", "Round 2 of the Fund went more to the most deprived fifth of LAs than round 1 did",
        "holds if round 2's share of money in IMD deciles 1-2 is larger than round 1's",
        "round 2 minus round 1, share of money in the most deprived fifth (percentage points)",
        product(attribution=ATTRIBUTION, imd_vintage=(2019, 2025), imd_measure=("average_score", "average_rank")),
        round2_more_to_need,
        published=None, published_text="none (the compendium's own question)", document=None, threshold=0),
)
