"""The published figures the HLE page tests: the Figure 2 counts and their sum, the Fund's 30% in priority
group 1, the two quadrants of Figure 1's argument and the group-2 count of the text before it.

Tolerances are fixed here, before any run: none for counts of LAs (a count is exact), 0 for the audit of
the source's own parts, none for the Fund's whole-percent 30% (rounding decides).
"""

from __future__ import annotations

import pandas as pd

from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.ledger.documents import HEALTH_FOUNDATION as HF
from analysis.studies.hle import STUDY
from analysis.studies.hle.compute import ARGUMENT, AVERAGE_LABEL, UNIT_LABEL, Result

PAGE = f"notebooks/{STUDY.notebook}"
FIGURE2 = "Figure 2 and the text on it"
EXACT = "no tolerance: a count of LAs is exact"


def quadrant_claim_id(group: int) -> str:
    return f"hle_fig1_g{group}_{'deprived_below' if group == 3 else 'less_deprived_above'}"


CLAIMS: tuple[Claim, ...] = (
    Claim("hle_fig2_n_lowest", HF, FIGURE2, "Figure 2: LAs whose male HLE 2009-13 is in the lowest 30% for England",
          93, "count"),
    Claim("hle_fig2_lowest_in_g1", HF, FIGURE2, "Figure 2: of those, LAs in priority group 1", 58, "count"),
    Claim("hle_fig2_lowest_not_g1", HF, FIGURE2, "Figure 2: of those, LAs not in priority group 1 (groups 2 and 3)",
          35, "count"),
    Claim("hle_fig2_audit_sum", HF, FIGURE2, "Figure 2 text: 58 in group 1 plus 35 not in group 1 make the 93", 93,
          "audit", tolerance=0, tolerance_reason="counts must add up exactly"),
    Claim("hle_luf_g1_share", HF, "text on the Fund's priority categories",
          "The 30% of LAs with the highest index score were put in priority group 1 (England, % of LAs)", 30, "share"),
    *(Claim(quadrant_claim_id(group), HF, "Figure 1 and its text",
            f"Figure 1: priority group {group} includes LTLAs in the {quadrant}", "includes (qualitative remark)",
            "remark") for group, quadrant in ARGUMENT),
    Claim("hle_fig1_g2_deprived_fifth_below", HF, "paragraph before Figure 1",
          "Text before Figure 1: LTLAs in priority group 2 in England's most deprived fifth with below-average male HLE",
          3, "count"),
)
CLAIMS_BY_ID = {c.id: c for c in CLAIMS}


def setting(res: Result) -> str:
    """The run's parameters in a few words, flagged when they are not the published setting."""
    p = res.params
    s = (f"sex={p.sex}, cutoff={p.cutoff:g}, imd_measure={p.imd_measure}, unit={p.unit}, "
         f"average={p.average}, estimator={p.estimator}"
         + (f", merged={p.merged}" if p.unit == "lad19" else "")
         + f"; {res.counts['n']} {UNIT_LABEL[p.unit]}")
    return s if (p.sex, p.cutoff) == ("male", 0.3) else f"NOT the published setting (male, lowest 30%): {s}"


def ledger(res: Result) -> pd.DataFrame:
    """The ledger rows of the published figures, each with its reproduced value and a note saying how."""
    c, q, s, luf = res.counts, res.quadrants, setting(res), res.luf
    g1 = luf["priority_category"] == 1
    values = {"hle_fig2_n_lowest": c["n_lowest"], "hle_fig2_lowest_in_g1": c["lowest_g1"],
              "hle_fig2_lowest_not_g1": c["lowest_not_g1"],
              "hle_fig2_audit_sum": CLAIMS_BY_ID["hle_fig2_lowest_in_g1"].published
              + CLAIMS_BY_ID["hle_fig2_lowest_not_g1"].published,
              "hle_luf_g1_share": round(100 * float(g1.mean()), 1),
              "hle_fig1_g2_deprived_fifth_below": len(res.group2)}
    notes = {"hle_fig2_n_lowest": f"{s}; lowest share = {res.k} of {c['n']} (cutoff x N rounded half up); {EXACT}",
             "hle_fig2_lowest_in_g1": f"{s}; {EXACT}",
             "hle_fig2_lowest_not_g1": f"{s}; group 2: {c['lowest_g2']}, group 3: {c['lowest_g3']}; {EXACT}",
             "hle_fig2_audit_sum": "the source's own parts: 58 + 35",
             "hle_luf_g1_share": f"{int(g1.sum())} of {len(luf)} English LAs on the Fund's list; no tolerance: the "
                                 "published 30 is a whole percentage, so rounding decides",
             "hle_fig1_g2_deprived_fifth_below":
                 f"{s}; most deprived fifth = File 10 rank <= {res.n_ranked}/5, below = under the "
                 f"{AVERAGE_LABEL[res.params.average]} value {res.average:.2f}; LAs: "
                 f"{', '.join(sorted(res.group2['la_name'])) or 'none'}; {EXACT}"}
    for group, quadrant in ARGUMENT:
        n = int(q.loc[group, quadrant])
        others = "; ".join(f"group {g}: {int(q.loc[g, quadrant])}" for g in (1, 2, 3))
        values[quadrant_claim_id(group)] = int(n > 0)
        notes[quadrant_claim_id(group)] = (
            f"{s}; rule: held (1) if at least one LA of group {group} is in this quadrant, decided before the run; "
            f"LAs in this quadrant by group: {others}; no tolerance: the rule holds or it does not")
    return claims.rows_for(CLAIMS, STUDY.id, PAGE, values, notes)
