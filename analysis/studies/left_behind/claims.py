"""The published figures the left-behind page tests: Local Trust's count of 225 left-behind wards,
re-derived by its rule, the count of the flag in the CNI ward file, and the statements of Kate Crowe's
chapter (Local Trust) in the CEILUP collection on how left-behind areas compare with other deprived areas.

The rules of the qualitative statements are written with their claims, before the computation (the
thresholds in :mod:`analysis.studies.left_behind.outcomes`); the share of wards with fewer civic assets
than the average ward is a proxy for "less dedicated community space", and its statement says so.
"""

from __future__ import annotations

import pandas as pd

from analysis.ledger import claims
from analysis.ledger.claims import Claim
from analysis.ledger.documents import CEILUP, CNI_FILE, LOCAL_TRUST
from analysis.studies.left_behind import STUDY, UNIVERSE_TEXT
from analysis.studies.left_behind.compute import PUBLISHED_COUNT, Result
from analysis.studies.left_behind.outcomes import DOMAINS, MOST_DOMAINS

PAGE = f"notebooks/{STUDY.notebook}"
CROWE = "Kate Crowe's chapter (Local Trust)"

CLAIMS = (
    Claim("left_behind_count", LOCAL_TRUST, "the definition of left-behind wards and the 2020 update of the list",
          "225 wards are in the worst 10% on both the CNI and the IMD 2019 (re-derived by that rule)", PUBLISHED_COUNT,
          "count"),
    Claim("left_behind_flag_count", CNI_FILE, "column 'Left Behind Area?'",
          "The published left-behind flag marks 225 wards", PUBLISHED_COUNT, "count"),
    Claim("crowe_worse_outcomes", CEILUP, CROWE,
          "Residents of left-behind areas experience worse outcomes than those of similarly deprived areas",
          "worse outcomes", "remark",
          rule=f"holds if Local Trust's left-behind wards are more deprived than the other wards of the same IMD "
               f"decile on at least {MOST_DOMAINS} of the {len(DOMAINS)} IMD 2019 domains, each difference "
               "(adjusted for the decile) above zero with its 95% interval"),
    Claim("crowe_lower_skills", CEILUP, CROWE,
          "Left-behind areas have a lower skills base and educational attainment than other deprived areas",
          "lower skills base and educational attainment", "remark",
          rule="holds if Local Trust's left-behind wards are more deprived than the other wards of the same IMD "
               "decile on the IMD 2019 education, skills and training domain, the difference (adjusted for the "
               "decile) above zero with its 95% interval"),
    Claim("crowe_community_space", CEILUP, CROWE,
          "Left-behind areas with less dedicated community space than the national average (% of them; proxy: "
          "fewer civic assets than the average ward on the CNI)", 73, "share"),
)
CLAIMS_BY_ID = {c.id: c for c in CLAIMS}


def rows(agree: dict[str, int], universe: str, share: float, gaps: pd.DataFrame, civic: dict) -> pd.DataFrame:
    """The page's ledger rows, from :func:`compute.agreement`, :func:`outcomes.domain_gaps` and
    :func:`outcomes.civic_assets_below_average`."""
    worse = gaps[gaps["worse"]]
    edu = gaps.set_index("domain").loc[DOMAINS["education"]]
    each = "; ".join(f"{r['domain']} {r['difference']:+.3g} ({r['ci_low']:+.3g} to {r['ci_high']:+.3g})"
                     for _, r in gaps.iterrows())
    against = (f"{gaps.attrs['n_flagged']} left-behind wards (the published flag) against {gaps.attrs['n_others']} "
               f"other wards of IMD deciles {', '.join(map(str, gaps.attrs['deciles']))} (British Red Cross's ward IMD)")
    values = {"left_behind_count": agree["derived"], "left_behind_flag_count": agree["published"],
              "crowe_worse_outcomes": int(len(worse) >= MOST_DOMAINS), "crowe_lower_skills": int(edu["worse"]),
              "crowe_community_space": round(civic["pct_worse_than_mean"], 1)}
    notes = {"left_behind_count": f"the worst {100 * share:g}% on each index, ranking {UNIVERSE_TEXT[universe]}; "
                                  f"ward IMD from British Red Cross's aggregation; {agree['both']} of them carry the "
                                  "published flag",
             "left_behind_flag_count": "the wards the CNI file flags as left behind (its version of 27 September 2022)",
             "crowe_worse_outcomes": f"{against}; more deprived on {len(worse)} of {len(DOMAINS)} domains "
                                     f"({', '.join(worse['domain']) or 'none'}); differences in domain-score units "
                                     f"(95% interval): {each}. The domains measure deprivation, the nearest the ward "
                                     "data come to outcomes",
             "crowe_lower_skills": f"{against}; education, skills and training: {edu['difference']:+.2f} "
                                   f"({edu['ci_low']:+.2f} to {edu['ci_high']:+.2f}); mean score "
                                   f"{edu['flagged mean']:.1f} against {edu['others mean']:.1f}",
             "crowe_community_space": f"{civic['n']} left-behind wards (the published flag) with a civic-assets score "
                                      f"above the mean of all CNI wards ({civic['mean']:.1f}; higher = fewer assets); "
                                      f"above the median ({civic['median']:.1f}): {civic['pct_worse_than_median']:.1f}%. "
                                      "A proxy: the CNI counts community, civic, educational and cultural assets, not "
                                      "floor space; no tolerance: rounding decides"}
    return claims.rows_for(CLAIMS, STUDY.id, PAGE, values, notes)


def ledger(res: Result) -> pd.DataFrame:
    """The page's ledger rows for a run."""
    return rows(res.agreement, res.params.universe, res.params.worst_share, res.gaps, res.civic)
