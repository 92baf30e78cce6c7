"""Where the Levelling Up Fund went, both rounds, per head; and what was published about round 1, tested.

Source: the lists of successful bids of round 1 (October 2021) and round 2 (January 2023), as
re-keyed by Open Innovations with **2023** local authority codes (``loaders.luf_bids()``), the
Fund's priority list of March 2021, IoD 2019 and IoD 2025 File 10, ONS mid-year population estimates
and the 2016 referendum electorate. The bids are mapped back to the 317 English LADs of 2019
(:mod:`analysis.studies.luf_round1.placing`), attributed to LAs (every LA a bid covers, or only the
authority named as the bidder) and summarised by priority category, IMD 2019 decile (2019 LAs) and
IMD 2025 decile (2023 LAs) (:mod:`analysis.studies.luf_round1.compute`). The figures published about
round 1 (Hansard, grin.coop, WMREDI, theqword and the CEILUP collection) are tested in
:mod:`analysis.studies.luf_round1.claims`. Bids that cannot be placed on the English geography, or
that no lower-tier LA received, are never dropped silently: they come back with the reason.
"""

from analysis.data import imd
from analysis.params import Param, ParamSet
from analysis.studies.study import Study

#: which round(s) the most-deprived table and the scatter show (the tables show both rounds)
ROUNDS = ("1", "2", "both")
#: who "received" a bid: every LA it covers, or only the authority named as the bidder
ATTRIBUTION = ("covered", "bidder")
#: how a bid covering several 2019 LADs is shared among them (attribution ``covered``)
APPORTION = ("equal", "whole")
#: what a code of a 2023 unitary stands for
UNITARY_2023 = ("lead_name", "predecessors")
#: the IMD the most-deprived table and the scatter rank LAs on
IMD_VINTAGES = (2019, 2025)
#: the mid-year population that money per head is divided by
POPULATION_YEARS = (2022, 2011)

STUDY = Study(
    id="luf_round1",
    title="Where both rounds of the Fund went",
    notebook="04_luf_round1",
    package=__name__,
    question="How much of each round of the Levelling Up Fund, and how much per resident, reached the most deprived "
             "local authorities, and does what was published about round 1 hold?",
    params=ParamSet(
        Param("luf_round", "1", "the round the most-deprived table and the scatter show", choices=ROUNDS,
              labels={"1": "round 1 (October 2021)", "2": "round 2 (January 2023)", "both": "both rounds"},
              note="the round the most-deprived table and the scatter show (the tables show both)"),
        Param("attribution", "covered", "who received a bid", choices=ATTRIBUTION,
              labels={"covered": "every local authority the bid covers",
                      "bidder": "only the local authority named as the bidder"},
              note="who received a bid: every LA it covers, or only the LA named as the bidder"),
        Param("apportion", "equal", "how a bid covering several LAs is shared among them", choices=APPORTION,
              labels={"equal": "each of the n local authorities a bid covers gets 1/n of it",
                      "whole": "each local authority a bid covers is credited with the whole bid"},
              note="how a bid covering several 2019 LAs is shared among them"),
        Param("unitary_2023", "lead_name", "what the code of a unitary created since 2019 stands for",
              choices=UNITARY_2023,
              labels={"lead_name": "the district it replaced that is named as the bidder (all of them if none is)",
                      "predecessors": "all the districts it replaced"},
              note="what the code of a post-2019 unitary stands for"),
        Param("imd_measure", "average_score", "the deprivation measure local authorities are ranked on",
              choices=imd.IMD_MEASURES, labels=imd.LABEL, note="IMD summary measure the LAs are ranked on"),
        Param("imd_vintage", 2019, "the index of deprivation the most-deprived table and the scatter rank LAs on",
              choices=IMD_VINTAGES,
              labels={2019: "IMD 2019 (the 317 local authorities of 2019)",
                      2025: "IMD 2025 (the 296 local authorities of 2023)"},
              note="the IMD the most-deprived table and the scatter rank LAs on"),
        Param("population_year", 2022, "the mid-year population money per head is divided by",
              choices=POPULATION_YEARS, labels={2022: "mid-2022", 2011: "mid-2011"},
              note="the mid-year population money per head is divided by"),
        Param("n_most_deprived", 10, "how many of the most deprived local authorities are listed", range=(5, 30),
              note="how many of the most deprived LAs to list"),
    ),
)
