"""Left-behind wards: Local Trust's 225 re-derived from the ward data and compared with the published flag.

Local Trust and OCSI define "left-behind" wards as those in the worst 10% on both the Community Needs
Index and the IMD; their first list (2019, *Left behind? Understanding communities on the edge*) had 206
English 2017 wards, and Local Trust's update of 2020 to IMD 2019 has 225. The CNI ward file (OCSI for
Local Trust, as published in British Red Cross's IMD R package) flags them. The page also tests Kate
Crowe's chapter of the CEILUP collection on how left-behind wards compare with other deprived wards
(:mod:`analysis.studies.left_behind.outcomes`).
Here the set is re-derived by that rule (:mod:`analysis.data.left_behind`) from the CNI score and
British Red Cross's population-weighted ward IMD score, compared with the flag ward by ward, and
counted per local authority for a map.
"""

from analysis.data.left_behind import UNIVERSES
from analysis.params import Param, ParamSet
from analysis.studies.study import Study

UNIVERSE_TEXT = {"own": "each index over its own wards", "common": "both indices over the wards present in both"}

STUDY = Study(
    id="left_behind",
    title="Left-behind wards",
    notebook="06_left_behind_wards",
    package=__name__,
    question="Does Local Trust's rule (the worst share on both the CNI and the IMD) re-derive its published "
             "left-behind wards from the open ward data, and where are they?",
    params=ParamSet(
        Param("universe", "own", "the wards each index is ranked over", choices=UNIVERSES, labels=UNIVERSE_TEXT,
              note="how each index is ranked: over its own wards (CNI 7,433; ward IMD 7,427) or over the wards in "
                   "both"),
        Param("worst_share", 0.1, "the share of wards counted as worst on each index", range=(0.05, 0.2),
              note='share of wards counted as "worst" on each index'),
    ),
)
