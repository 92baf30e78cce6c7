"""The published figures the HLE page tests: the Figure 2 counts, their sum and its title's share, the
Fund's 30% in priority group 1, the counts and the statement of the paragraph before Figure 1, the
Health Foundation's statements on the Fund, deprivation, income, sickness and the prosperous areas in
group 1 (:mod:`analysis.studies.hle.prosperity`), and Andrew Laird's "averaged out".

Tolerances and rules are fixed here, before any run: none for counts of LAs (a count is exact), 0 for
the audit of the source's own parts, none for the Fund's whole-percent 30% (rounding decides); each
qualitative statement's rule is written with its claim (the thresholds in
:mod:`analysis.studies.hle.deprivation`).
"""

from __future__ import annotations

import pandas as pd

from analysis.data import imd
from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.ledger.documents import HEALTH_FOUNDATION as HF
from analysis.ledger.documents import LAIRD
from analysis.studies.hle import STUDY, prosperity
from analysis.studies.hle.compute import AVERAGE_LABEL, QUADRANTS, UNIT_LABEL, Result
from analysis.studies.hle.deprivation import CLOSE_CORRELATION, LITTLE_RELATION, TOP_SHARE

PAGE = f"notebooks/{STUDY.notebook}"
FIGURE2 = "Figure 2 and the text on it"
BEFORE_FIGURE1 = "paragraph before Figure 1"
EXACT = "no tolerance: a count of LAs is exact"
PCT = f"{TOP_SHARE:.0%}"


CLAIMS: tuple[Claim, ...] = (
    Claim("hle_fig2_n_lowest", HF, FIGURE2,
          "The briefing's Figure 2: local authorities whose male healthy life expectancy (2009-13) is in England's "
          "lowest 30%", 93, "count"),
    Claim("hle_fig2_lowest_in_g1", HF, FIGURE2, "Of those, local authorities in priority group 1 (the briefing's Figure 2)",
          58, "count"),
    Claim("hle_fig2_lowest_not_g1", HF, FIGURE2, "Of those, local authorities not in priority group 1 (groups 2 and 3)",
          35, "count"),
    Claim("hle_fig2_audit_sum", HF, FIGURE2,
          "The briefing's own parts add up: 58 in group 1 plus 35 not in group 1 make the 93", 93, "audit", tolerance=0, tolerance_reason="counts must add up exactly"),
    Claim("hle_luf_g1_share", HF, "text on the Fund's priority categories",
          "The 30% of local authorities with the highest index score were put in priority group 1 (England, % of "
          "local authorities)", 30, "share"),
    Claim("hle_fig2_title_two_fifths", HF, "Figure 2's title",
          "The title of the briefing's Figure 2: two-fifths of the local areas with the lowest 30% of healthy life "
          "expectancy are not in the top priority group", "two-fifths", "remark",
          rule="holds if the share of the LAs in the lowest 30% of HLE that are outside priority group 1 is nearer "
               "two-fifths than one-fifth or three-fifths (from 30% up to, not including, 50%)"),
    Claim("hle_fig1_g3_deprived_below", HF, BEFORE_FIGURE1,
          "Priority group 3 local authorities in the most deprived half of England with below-average male healthy life "
          "expectancy (text before the briefing's Figure 1)", 11, "count"),
    Claim("hle_fig1_g1_less_deprived_above", HF, BEFORE_FIGURE1,
          "Priority group 1 local authorities are in the least deprived half of England with above-average healthy life "
          "expectancy (text before the briefing's Figure 1)", "are in the least deprived half ... with above average HLE",
          "remark",
          rule="holds if more than half of the priority-group-1 LTLAs with a deprivation rank are in the less "
               "deprived half with HLE at or above the average (the statement is printed without 'some', so it is "
               "read as describing the group)"),
    Claim("hle_fig1_g2_deprived_fifth_below", HF, BEFORE_FIGURE1,
          "Priority group 2 local authorities in England's most deprived fifth with below-average male healthy life "
          "expectancy (text before the briefing's Figure 1)",
          3, "count"),
    Claim("hle_fund_little_relation", HF, "text on the Fund's categorisation",
          "The Fund's categorisation makes no reference to health and bears little relation to markers of "
          "socioeconomic deprivation", "bears little relation", "remark",
          rule=f"holds if the rank correlation (Spearman) between the Fund's priority category and the IMD 2019 "
               f"deprivation rank of the listed English LAs is weak: between -{LITTLE_RELATION} and {LITTLE_RELATION}"),
    Claim("hle_income_correlated", HF, "text on health and prosperity",
          "Healthy life expectancy is closely correlated with income and wealth", "closely correlated", "remark",
          rule=f"holds if the rank correlation (Spearman) between the upper-tier LAs' HLE 2009-13 and their IMD 2019 "
               f"income-domain score is strong: {CLOSE_CORRELATION} or more in size (the data test income, not "
               "wealth)"),
    Claim("hle_inactive_sickness", HF, "text on health and work",
          "In the areas with the lowest HLE, more than a third of 25 to 64 year olds are economically inactive due to "
          "long-term sickness or disability", "more than a third", "remark",
          rule="holds if, in the areas with the lowest HLE, more than a third of 25 to 64 year olds are economically "
               "inactive because of long-term sickness or disability",
          test_data="ONS Annual Population Survey: economic inactivity by reason (long-term sick or disabled), people "
                    "aged 25 to 64, by local authority (not in the compendium's data)"),
    Claim("hle_prosperous_in_g1", HF, "text on the Fund's priority categories",
          "Areas of England more prosperous than the national average that the Fund placed in its highest priority "
          "group (local authorities)", 14, "count"),
    Claim("laird_averaged_out", LAIRD, "on the Fund's priority categories",
          "Councils with affluent areas but also pockets of deprivation were essentially 'averaged out' of the Fund's "
          "top category", "averaged out", "remark",
          rule=f"holds if more than half of the councils with pockets of deprivation (the listed LAs in England's "
               f"most deprived {PCT} on the IMD 2019 extent or local concentration but not on its average score) are "
               f"outside priority category 1"),
)
CLAIMS_BY_ID = {c.id: c for c in CLAIMS}


def setting(res: Result) -> str:
    """The run's settings in a few plain words, flagged when they are not the published setting."""
    p = res.params
    s = (f"{p.sex} HLE, the lowest {p.cutoff:.0%}, deprivation ranked on the {p.label('imd_measure')}, the average: "
         f"{p.label('average')}, each shire district estimated by {p.label('estimator')}"
         + (f", the LAs merged in April 2019 {p.label('merged')}" if p.unit == "lad19" else "")
         + f"; {res.counts['n']} {UNIT_LABEL[p.unit]}")
    return s if (p.sex, p.cutoff) == ("male", 0.3) else f"NOT the published setting (male, lowest 30%): {s}"


def prosperous_note(readings: pd.DataFrame, published: int) -> str:
    """How the count of prosperous group-1 LAs was read: the headline reading, each other one, the
    nearest to the published count and the LAs left out."""
    r = readings.set_index("reading")
    head = r.loc[prosperity.HEADLINE]
    near = prosperity.nearest(readings, published)
    others = "; ".join(f"{x['label']}: {x['above_england']} above England's value, {x['above_median']} above the "
                       f"median LA" for k, x in r.iterrows() if k != prosperity.HEADLINE)
    return (f"{head['label']} in {prosperity.YEAR}, the latest year before the Fund's list: {head['above_england']} "
            f"of the {head['of']} group-1 LAs with a value are above England's £{head['england']:,.0f} "
            f"({', '.join(head['names']) or 'none'}); {head['above_median']} are above the median LA. The briefing "
            f"names no measure, so every reading is shown: {others}. Nearest the published {published}: "
            f"{near['label']} against {near['average']}, {near['n']}. The group-1 districts merged since 2020 have no "
            f"value in ONS's current series and are left out; {EXACT}")


def ledger(res: Result) -> pd.DataFrame:
    """The ledger rows of the published figures, each with its reproduced value and a note saying how."""
    c, q, s, luf = res.counts, res.quadrants, setting(res), res.luf
    g1 = luf["priority_category"] == 1
    not_g1 = 100 * c["lowest_not_g1"] / c["n_lowest"]
    g1_ranked, g1_there = int(q.loc[1, "all"]), int(q.loc[1, QUADRANTS[3]])
    fd, inc, pk = res.fund_deprivation, res.income, res.pockets
    values = {"hle_fig2_n_lowest": c["n_lowest"], "hle_fig2_lowest_in_g1": c["lowest_g1"],
              "hle_fig2_lowest_not_g1": c["lowest_not_g1"],
              "hle_fig2_audit_sum": CLAIMS_BY_ID["hle_fig2_lowest_in_g1"].published
              + CLAIMS_BY_ID["hle_fig2_lowest_not_g1"].published,
              "hle_luf_g1_share": round(100 * float(g1.mean()), 1),
              "hle_fig2_title_two_fifths": int(30 <= not_g1 < 50),
              "hle_fig1_g3_deprived_below": int(q.loc[3, QUADRANTS[0]]),
              "hle_fig1_g1_less_deprived_above": int(2 * g1_there > g1_ranked),
              "hle_fig1_g2_deprived_fifth_below": len(res.group2),
              "hle_fund_little_relation": int(fd["holds"]), "hle_income_correlated": int(inc["holds"]),
              "hle_inactive_sickness": None, "laird_averaged_out": int(pk["holds"]),
              "hle_prosperous_in_g1": int(res.prosperity.set_index("reading").loc[prosperity.HEADLINE, "above_england"])}
    others = ", ".join(f"{imd.LABEL[m].removeprefix('IMD 2019 ')} {r:+.2f}" for m, r in fd["by_measure"].items())
    avg = f"the average ({AVERAGE_LABEL[res.params.average]}, {res.average:.2f} years)"
    names = "; ".join(f"{r['lad19_name']} (category {int(r['priority_category'])})" for _, r in pk["table"].iterrows())
    notes = {"hle_fig2_n_lowest": f"{s}; the lowest {res.params.cutoff:.0%} is {res.k} of the {c['n']} ({res.params.cutoff:.0%} "
                                  f"of {c['n']}, rounded half up); {EXACT}",
             "hle_fig2_lowest_in_g1": f"{s}; {EXACT}",
             "hle_fig2_lowest_not_g1": f"{s}; group 2: {c['lowest_g2']}, group 3: {c['lowest_g3']}; {EXACT}",
             "hle_fig2_audit_sum": "the source's own parts: 58 + 35",
             "hle_luf_g1_share": f"{int(g1.sum())} of {len(luf)} English LAs on the Fund's list; no tolerance: the "
                                 "published 30 is a whole percentage, so rounding decides",
             "hle_fig2_title_two_fifths": f"{s}; {c['lowest_not_g1']} of the {c['n_lowest']} LAs in the lowest share "
                                          f"are outside group 1 ({not_g1:.1f}%); the source's own 35 of 93 is 37.6%",
             "hle_fig1_g3_deprived_below": f"{s}; the more deprived half: an IoD 2019 rank in the first half of "
                                           f"{res.n_ranked}; below average: under {avg}; {EXACT}",
             "hle_fig1_g1_less_deprived_above":
                 f"{s}; {g1_there} of the {g1_ranked} group-1 LTLAs with a rank are in the less deprived half with HLE "
                 f"at or above {avg} "
                 f"({100 * g1_there / g1_ranked:.0f}%); read as 'some', it would hold (at least one is)",
             "hle_fig1_g2_deprived_fifth_below":
                 f"{s}; the most deprived fifth: an IoD 2019 rank in the first fifth of {res.n_ranked}; below "
                 f"average: under {avg}; the LAs: "
                 f"{', '.join(sorted(res.group2['la_name'])) or 'none'}; {EXACT}",
             "hle_fund_little_relation":
                 f"rank correlation (Spearman) {fd['rho']:+.2f} across the {fd['n']} listed LAs with an IoD 2019 rank "
                 f"(Buckinghamshire's 2020 unitary has none), between the category (1 = greatest need) and the rank "
                 f"of the {res.params.label('imd_measure')} (1 = most deprived); on each IoD 2019 summary: {others}",
             "hle_income_correlated":
                 f"{res.params.sex} HLE 2009-13 of {inc['n']} upper-tier LAs against the IMD 2019 income domain's "
                 f"average score: rank correlation (Spearman) {inc['rho']:+.2f} (the more income deprived, the lower "
                 f"the HLE); "
                 f"left out by the April 2019 mergers: {', '.join(inc['left_out_2013']) or 'none'} (2013, no 2019 "
                 f"counterpart) and {', '.join(inc['left_out_2019']) or 'none'} (2019, no 2009-13 value)",
             "hle_inactive_sickness": "the compendium has no data on economic inactivity by reason",
             "hle_prosperous_in_g1": prosperous_note(res.prosperity, CLAIMS_BY_ID["hle_prosperous_in_g1"].published),
             "laird_averaged_out":
                 f"the most deprived {PCT}: an IoD 2019 rank of {pk['top']} or better of {res.n_ranked}; {pk['n']} listed "
                 f"LAs are there "
                 f"on extent or local concentration but not on the average score, {pk['n_not_category_1']} of them "
                 f"outside category 1 ({pk['share_not_category_1']:.0f}%): {names or 'none'}. For comparison, "
                 f"{pk['category_1_share_high_average']:.0f}% of the {pk['n_high_average']} listed LAs there on the "
                 "average score are in category 1"}
    return claims.rows_for(CLAIMS, STUDY.id, PAGE, values, notes)
