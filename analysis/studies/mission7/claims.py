"""The published statements mission 7's page tests: two of the Health Foundation's briefing (July 2021).

No source publishes a figure for mission 7's gaps. The briefing says, in words, that the gap in
healthy life expectancy "has also widened between rich and poor", and speaks of "the stalling health
improvements seen over the past 10 years". Both are qualitative, so each is a ``remark`` with a rule
for what would count as holding, written here before the computation (:data:`RULES`), shown on the
page beside its verdict and kept in the ledger row's note with the reproduced figures.

Both are tested on ONS's current series (interim method, 2023 areas), not on the estimates the
briefing's authors read in 2021; from 2011-13, the series' first period, to 2017-19, the last
period published before the briefing.
"""

from __future__ import annotations

import pandas as pd

from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.ledger.documents import HEALTH_FOUNDATION as HF
from analysis.studies.mission7 import BRIEFING, FIRST, STUDY
from analysis.studies.mission7.compute import PEOPLE, Result

PAGE = f"notebooks/{STUDY.notebook}"
WHERE = "text of the briefing (its words, quoted)"

#: the rule of each claim, in plain words, fixed before the computation
RULES = {
    "mission7_hf_gap_widened":
        f"holds if, for men and for women alike, the slope index of inequality (the difference in healthy life "
        f"expectancy between the most and the least deprived ends of a straight line through England's upper-tier "
        f"areas ranked by deprivation, IMD 2019) rose from {FIRST} to {BRIEFING}, with the whole 95% interval of the "
        f"rise above zero",
    "mission7_hf_stalling":
        f"holds if, for men and for women alike, England's healthy life expectancy changed by less than one year "
        f"either way from {FIRST} to {BRIEFING} (the part of the briefing's ten years the series covers), or the 95% "
        f"interval of the change includes zero",
}
CLAIMS: tuple[Claim, ...] = (
    Claim("mission7_hf_gap_widened", HF, WHERE,
          f"The gap in healthy life expectancy between rich and poor areas has widened (tested on England's "
          f"upper-tier areas against deprivation, {FIRST} to {BRIEFING})",
          '"has also widened between rich and poor"', "remark",
          rule=RULES["mission7_hf_gap_widened"]),
    Claim("mission7_hf_stalling", HF, WHERE,
          f"Health improvements in England have stalled over the past ten years (tested on England's healthy life "
          f"expectancy, {FIRST} to {BRIEFING})",
          '"the stalling health improvements seen over the past 10 years"', "remark",
          rule=RULES["mission7_hf_stalling"]),
)
CLAIMS_BY_ID = {c.id: c for c in CLAIMS}

STALL_YEARS = 1.0  # the "one year either way" of the stalling rule


def widened(briefing: pd.DataFrame) -> bool:
    """The rule of the "widened" claim on the slope index's changes (one row per sex measured)."""
    return len(briefing) > 0 and bool((briefing["change_lo"] > 0).all())


def stalled(eng_change: pd.DataFrame) -> bool:
    """The rule of the "stalling" claim on England's changes (one row per sex measured)."""
    flat = (eng_change["change"].abs() < STALL_YEARS) | (
        (eng_change["change_lo"] <= 0) & (eng_change["change_hi"] >= 0))
    return len(eng_change) > 0 and bool(flat.all())


def _signed(x: float) -> str:
    return f"{x:+.2f}"


def described(res: Result) -> dict[str, str]:
    """What the data say for each claim, in words (the page's table and the ledger note)."""
    b, e = res.briefing, res.eng_change
    slope = "; ".join(f"{PEOPLE[r['sex']]} {r['gap_since']:.2f} to {r['gap_until']:.2f} years, a change of "
                      f"{_signed(r['change'])} (95% interval {_signed(r['change_lo'])} to {_signed(r['change_hi'])})"
                      for _, r in b.iterrows())
    eng = "; ".join(f"{PEOPLE[r['sex']]} {r['hle_since']:.1f} to {r['hle_until']:.1f} years, a change of "
                    f"{_signed(r['change'])} (95% interval {_signed(r['change_lo'])} to {_signed(r['change_hi'])})"
                    for _, r in e.iterrows())
    return {"mission7_hf_gap_widened": f"slope index against deprivation, {slope}",
            "mission7_hf_stalling": f"England's healthy life expectancy, {eng}"}


def setting(res: Result) -> str:
    """The run's choices that touch the claims, flagged when they are not the published setting."""
    p = res.params
    off = [w for w, bad in (("one sex only", p.sex != "both"), (f"{len(res.excluded)} area(s) left out",
                                                                   bool(res.excluded)),
                            (f"{p.level:.0%} intervals", p.level != 0.95)) if bad]
    return f"NOT the published setting ({', '.join(off)}); " if off else ""


def ledger(res: Result) -> pd.DataFrame:
    """The two rows, each with its reproduced value (1 if its rule holds, 0 if not) and a note giving
    the rule and the figures."""
    said = described(res)
    values = {"mission7_hf_gap_widened": int(widened(res.briefing)),
              "mission7_hf_stalling": int(stalled(res.eng_change))}
    n = int(res.briefing["n_areas"].min())
    notes = {cid: (f"{setting(res)}The data: {said[cid]}"
                   + (f", over the {n} areas with an IMD 2019 rank" if cid == "mission7_hf_gap_widened" else "")
                   + ". ONS's current series (interim method, 2023 areas).") for cid in values}
    return claims.rows_for(CLAIMS, STUDY.id, PAGE, values, notes)
