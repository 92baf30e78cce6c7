"""Deprivation (IMD 2019) and community need (CNI 2019) against the 2016 Leave vote.

Reproduces analysis 2 of the compendium: Toby Lloyd, "Levelling up left behind places", in *Levelling
Up: What is it and can it work?* (January 2022), reproducing OCSI's *Developing a measure of
'left-behind' areas* (Phase 2 analysis, for Local Trust): the IMD against the CNI for English wards
(Figure 1, and its remark that "few inner-city areas score highly on both"), and the Leave share
against IMD (Figure 2, published Pearson r = 0.18) and against CNI (Figure 3, r = 0.66) for local
authorities. No LA-level CNI is published: it is aggregated here from the ward scores, every
reasonable way, and every specification of the two coefficients is reported.
"""

from analysis.data import imd
from analysis.data.geography import CORE_CITIES, INNER_CITY_DEFINITIONS, INNER_LONDON
from analysis.params import Param, ParamSet
from analysis.studies.study import Study

#: LA geography: the 317 LADs of 2019 or the 326 referendum counting areas of 2016 (LAD 2017 codes)
LA_VINTAGES = ("lad19", "lad17")
LA_VINTAGE_TEXT = {"lad19": "the 317 English local authorities of 2019",
                   "lad17": "the 326 English counting areas of 2016"}
#: ways of building an LA-level CNI from ward scores
CNI_AGGREGATIONS = ("mean", "lsoa_weighted_mean", "median", "share_worst_decile")
CNI_LABELS = {
    "mean": "mean ward CNI score", "lsoa_weighted_mean": "LSOA-weighted mean ward CNI score",
    "median": "median ward CNI score", "share_worst_decile": "share of wards in the worst CNI decile (%)",
}
#: denominator of the Leave share
LEAVE_SHARES_OF = ("valid_votes", "electorate")
LEAVE_LABELS = {"valid_votes": "Leave share of valid votes (%)", "electorate": "Leave share of the electorate (%)"}
#: what each definition of "inner city" takes in, in words
INNER_CITY_TEXT = {
    "inner_london": f"the {len(INNER_LONDON)} Inner London local authorities (ONS statistical definition)",
    "inner_london_and_core_cities": f"Inner London plus the {len(CORE_CITIES)} English Core Cities",
    "london": "all 33 London local authorities",
    "metropolitan": "London and the 36 metropolitan districts",
}

#: the short words a table or a figure's label uses for each choice (the labels above are for sentences)
VINTAGE_SHORT = {"lad19": "2019 local authorities", "lad17": "2016 counting areas"}
VINTAGE_COUNTED = {"lad19": "local authorities (2019 boundaries)", "lad17": "counting areas of 2016"}
MEASURE_SHORT = {"average_score": "average score", "average_rank": "average rank", "extent": "extent",
                 "local_concentration": "local concentration",
                 "share_most_deprived_10pc": "share of neighbourhoods in the most deprived 10%",
                 "mean": "mean of its wards", "lsoa_weighted_mean": "mean of its wards, weighted by neighbourhoods",
                 "median": "median of its wards", "share_worst_decile": "share of its wards in the worst 10%"}
LEAVE_SHORT = {"valid_votes": "valid votes", "electorate": "the electorate"}
METHOD_LABELS = {"pearson": "Pearson", "spearman": "Spearman"}
INNER_CITY_SHORT = {"inner_london": "Inner London", "inner_london_and_core_cities": "Inner London and the Core Cities",
                    "london": "London", "metropolitan": "London and the metropolitan districts"}
INDEX_LABELS = {"IMD": "deprivation (IMD)", "CNI": "community need (CNI)"}

STUDY = Study(
    id="leave",
    title="Deprivation, need and Leave",
    notebook="02_leave_imd_cni",
    package=__name__,
    question="Is an area's Leave vote in 2016 related to its deprivation (IMD) and to its community need (CNI), "
             "as strongly as the published coefficients say?",
    params=ParamSet(
        Param("la_vintage", "lad19", "the local authorities compared", choices=LA_VINTAGES, labels=LA_VINTAGE_TEXT,
              note="LA geography: 2019 LADs (referendum counts summed over merged areas) or the 2016 counting areas"),
        Param("cni_aggregation", "mean", "how an LA's community need is built from its wards' CNI scores",
              choices=CNI_AGGREGATIONS, labels=CNI_LABELS, note="how ward CNI scores become an LA value"),
        Param("imd_measure", "average_score", "the IoD 2019 measure of an LA's deprivation", choices=imd.IMD_MEASURES,
              labels=imd.LABEL, note="IoD 2019 File 10 summary measure of LA deprivation"),
        Param("leave_share_of", "valid_votes", "what the Leave share is a share of", choices=LEAVE_SHARES_OF,
              labels=LEAVE_LABELS, note="denominator of the Leave share"),
        Param("include_london", True, "whether the London boroughs are in the LA analysis", choices=(True, False),
              labels={True: "London included", False: "London excluded"},
              note="keep the London boroughs in the LA analysis"),
        Param("inner_city", "inner_london", "which wards count as inner city", choices=INNER_CITY_DEFINITIONS,
              labels=INNER_CITY_TEXT, note="which wards count as inner city in the test of Figure 1's remark"),
        Param("n_labels", 8, "how many outlying LAs are named on each scatter", range=(0, 20),
              note="how many outlying LAs to label on each scatter"),
        Param("confidence", 0.95, "the confidence level of the intervals", range=(0.8, 0.99),
              note="confidence level of the intervals"),
    ),
)
