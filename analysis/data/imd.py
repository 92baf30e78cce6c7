"""The one vocabulary for the IoD 2019 summary measures of a local authority (File 10 and File 11).

Every analysis names a measure by one of :data:`IMD_MEASURES` (parameter ``imd_measure`` in every
notebook). :data:`SCORE_COLUMN` gives the loader's column holding the measure itself (higher = more
deprived) and :data:`RANK_COLUMN` the published rank of it (1 = most deprived).
"""

from __future__ import annotations

from analysis.errors import check_choice

IMD_MEASURES = ("average_score", "average_rank", "extent", "local_concentration", "share_most_deprived_10pc")

SCORE_COLUMN = {
    "average_score": "imd_avg_score",
    "average_rank": "imd_avg_rank",
    "extent": "imd_extent",
    "local_concentration": "imd_local_concentration",
    "share_most_deprived_10pc": "imd_prop_lsoas_most_deprived_10pc",
}
RANK_COLUMN = {
    "average_score": "imd_rank_of_avg_score",
    "average_rank": "imd_rank_of_avg_rank",
    "extent": "imd_rank_of_extent",
    "local_concentration": "imd_rank_of_local_concentration",
    "share_most_deprived_10pc": "imd_rank_of_prop_lsoas_most_deprived_10pc",
}
LABEL = {
    "average_score": "IMD 2019 average score",
    "average_rank": "IMD 2019 average rank",
    "extent": "IMD 2019 extent",
    "local_concentration": "IMD 2019 local concentration",
    "share_most_deprived_10pc": "IMD 2019 share of LSOAs in the most deprived 10%",
}


def score_column(imd_measure: str) -> str:
    """The column holding the measure (higher = more deprived); stops on an unknown name."""
    check_choice("imd_measure", imd_measure, IMD_MEASURES)
    return SCORE_COLUMN[imd_measure]


def rank_column(imd_measure: str) -> str:
    """The column holding the measure's published rank (1 = most deprived); stops on an unknown name."""
    check_choice("imd_measure", imd_measure, IMD_MEASURES)
    return RANK_COLUMN[imd_measure]
