"""Healthy life expectancy (HLE) 2009-13 against the Levelling Up Fund's priority groups.

Reproduces the Health Foundation's 2021 briefing on levelling up and health (Figures 1 and 2 and the
text around them): male HLE 2009-13, the IoD 2019 deprivation rank and the Fund's priority group of
each lower-tier LA. Two units of analysis (parameter ``unit``):

- ``luf_list`` (the source's own): the English LAs of the Fund's list (March 2021, 2020 geography),
  each with the 2009-13 value the source could have had on 2013 geography; the listed LAs with no
  2013 counterpart are left out and listed (:func:`analysis.studies.hle.compute.luf_list_2013`);
- ``lad19``: the 317 lower-tier LAs of 2019, the unit of IoD 2019 and of the boundary file.

The ONS workbook for 2009-13 has no lower-tier sheet: shire districts are estimated from their MSOAs
(:mod:`analysis.studies.hle.compute`), and the estimators are validated against the official values
where both exist.
"""

from analysis.data import imd
from analysis.params import Param, ParamSet
from analysis.studies.hle.compute import AVERAGES, ESTIMATORS, MERGED, SEXES, UNIT_LABEL, UNITS
from analysis.studies.study import Study

STUDY = Study(
    id="hle",
    title="Healthy life expectancy and the Fund",
    notebook="01_hle_priority",
    package=__name__,
    question="Do the Levelling Up Fund's priority groups pick out the local authorities with the lowest healthy "
             "life expectancy?",
    params=ParamSet(
        Param("sex", "male", "the sex of the HLE figures", choices=SEXES, note="sex of the HLE figures"),
        Param("cutoff", 0.3, "the share of LAs with the lowest HLE", range=(0.05, 0.95),
              note="share of LAs with the lowest HLE marked in Figure 2"),
        Param("imd_measure", "average_score", "the IoD 2019 summary that ranks the LAs by deprivation",
              choices=imd.IMD_MEASURES, labels=dict(imd.LABEL),
              note="IoD 2019 LA summary whose rank is the deprivation rank"),
        Param("unit", "luf_list", "the local authorities analysed", choices=UNITS, labels=UNIT_LABEL,
              note="unit of analysis: the Fund's list matched to 2013 geography (the source's), or the 317 LAs of "
                   "2019"),
        Param("average", "england", "the HLE average that splits above from below", choices=AVERAGES,
              labels={"england": "England's value", "mean": "the mean of the LAs", "median": "the median of the LAs"},
              note="the HLE average for above/below: England's value, or the LAs' mean or median"),
        Param("estimator", "mean", "how a shire district's HLE is estimated from its neighbourhoods (MSOAs)",
              choices=ESTIMATORS,
              labels={"mean": "the plain mean of its MSOAs", "median": "the median of its MSOAs",
                      "precision_weighted": "the mean of its MSOAs weighted by their precision"},
              note="how a shire district's HLE is estimated from its MSOAs"),
        Param("merged", "combine", "the LAs created by the April 2019 mergers (with the 317 LAs of 2019 only)",
              choices=MERGED,
              labels={"combine": "estimated from their former districts' MSOAs", "exclude": "left out"},
              note="with unit lad19, the LAs created by the April 2019 mergers: estimate from their former "
                   "districts' MSOAs, or exclude"),
        Param("include_implausible", False, "ONS's MSOA estimates set aside for an implausible life expectancy",
              choices=(False, True), labels={False: "left out", True: "included"},
              note="use the MSOA estimates ONS set aside for an implausible LE"),
    ),
)
