"""The left-behind page's conclusion across reasonable specifications: the rule re-derives exactly
Local Trust's 225 wards, whichever ranking universe is taken."""

from __future__ import annotations

from analysis.data.left_behind import UNIVERSES
from analysis.ledger.conclusions import Conclusion, Context, product
from analysis.ledger.documents import LOCAL_TRUST
from analysis.studies.left_behind.claims import CLAIMS_BY_ID

PUBLISHED = CLAIMS_BY_ID["left_behind_count"].published


def left_behind_count(ctx: Context, spec: dict) -> tuple[float, bool]:
    n = ctx.run(**spec).agreement["derived"]
    return n, n == PUBLISHED


CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(
        "left_behind_225", f"{PUBLISHED} wards are in the worst 10% on both the CNI and the IMD 2019",
        f"holds if the rule re-derives exactly {PUBLISHED} wards",
        "wards in the worst 10% on both",
        product(universe=UNIVERSES),
        left_behind_count,
        published=PUBLISHED, published_text=str(PUBLISHED), document=LOCAL_TRUST),
)
