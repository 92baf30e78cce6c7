"""Tracking mission 7: the gap in healthy life expectancy (HLE) between local areas, on ONS's own series.

Mission 7 of the Levelling Up White Paper (February 2022): by 2030 the gap in HLE between the local
areas where it is highest and lowest will have narrowed, and by 2035 HLE will rise by five years.
This study is an extension beyond the reproduced sources: no source publishes a figure for these
gaps; the page tests two statements of the Health Foundation's briefing on the same series.

Data: ``loaders.hle_utla_series()``, ONS HLE at birth by sex with 95% confidence intervals, for all
151 English upper-tier areas (unitaries, metropolitan districts, London boroughs and counties; 2023
codes) and England, 2011-13 to 2022-24. ONS publishes it as official statistics in development made
with an interim method. The older single-tier extract (``loaders.hle_series()``, 130 areas, no
intervals, a different vintage) is kept only as a comparison and is never joined to this series.

Three gap measures, per period and sex, each with a 95% interval that contains its estimate
(:mod:`analysis.stats.gaps`, which says how and reports the check of the intervals by simulation):

- ``slope`` (the headline by default): the slope index of inequality against deprivation, the
  difference in HLE between the most and least deprived ends of a straight line through every area
  ranked by IMD 2019 (rank of average score, upper tier); its errors are exact, whatever the shape of
  the true values. The four areas made from a county split since 2019 (North and West
  Northamptonshire, Cumberland, Westmorland and Furness) have no 2019 rank and are left out of it;
- ``tenths``: the mean of the top ``tail`` share of areas minus the mean of the bottom ``tail``
  share (k = ceil(tail x n) areas, 16 of 151 for a tenth), corrected for the noise that picks them;
- ``range``: highest minus lowest area, corrected likewise.

A change between two periods is "narrowed" only if its whole interval is below zero, "widened" only
if it is above zero, and otherwise "no clear change". The areas' errors are taken as independent
across areas, sexes and periods (fair for periods that share no year).

The page also tests two statements of the Health Foundation's briefing (July 2021): that the HLE gap
"has also widened between rich and poor", and "the stalling health improvements seen over the past
10 years" (:mod:`analysis.studies.mission7.claims`).
"""

import re

from analysis.errors import ParameterError
from analysis.params import Param, ParamSet
from analysis.studies.study import Study

SEXES = ("male", "female")
SEX_CHOICES = ("both",) + SEXES
GAPS = ("slope", "tenths", "range")
TAIL_RANGE = (0.05, 0.25)
LEVEL_RANGE = (0.8, 0.99)
DRAWS_RANGE = (500, 20000)
SEED_RANGE = (0, 99999)

FIRST = "2011-13"          # the first period of the series
BRIEFING = "2017-19"       # the latest data when the Health Foundation's briefing was published (July 2021)
WHITE_PAPER = "2018-20"    # the latest data when the White Paper was published
AIM_BASELINES = (WHITE_PAPER, "2019-21")  # the White Paper's latest data, or the first release after it

UPPER_TIER = r"^E(06|08|09|10)\d{6}$"  # unitaries, metropolitan districts, London boroughs, counties
N_UPPER_TIER = 151


def parse_codes(text: str) -> tuple[str, ...]:
    """``"E06000017, E06000053"`` -> ``("E06000017", "E06000053")``; ``"none"`` or ``""`` -> ``()``.

    A code that is not an upper-tier area's (E06/E08/E09/E10 and six digits) is refused; whether each
    code is in the series is checked against the series itself when the study runs."""
    if text.strip().lower() in ("", "none"):
        return ()
    codes = tuple(t.strip() for t in text.split(",") if t.strip())
    bad = [c for c in codes if not re.match(UPPER_TIER, c)]
    if bad:
        raise ParameterError(f"not upper-tier area code(s) {bad}; expected codes of the {N_UPPER_TIER} areas in the "
                             "series (E06/E08/E09/E10...), e.g. E06000017 (Rutland)")
    return codes


STUDY = Study(
    id="mission7",
    title="Tracking mission 7",
    notebook="05_mission7",
    package=__name__,
    question="Has the gap in healthy life expectancy between England's upper-tier areas narrowed, as mission 7 "
             "aims, and is England on course for five more years of healthy life by 2035?",
    params=ParamSet(
        Param("sex", "both", "the sexes measured and drawn", choices=SEX_CHOICES,
              labels={"both": "men and women", "male": "men", "female": "women"},
              note="sexes measured and drawn"),
        Param("gap", "slope", "the gap measured for the verdicts (all three are measured and tabled)", choices=GAPS,
              labels={"slope": "the most against the least deprived end of a line through every area (slope index)",
                      "tenths": "the mean of the top group of areas against the bottom group (a tenth each by default)",
                      "range": "the highest area against the lowest"},
              note="the headline gap (slope: slope index against deprivation; tenths: top minus bottom tail, means; "
                   "range: highest minus lowest)"),
        Param("tail", 0.1, "the share of areas in each of the top and bottom groups of the tenths gap",
              range=TAIL_RANGE, note="share of areas in each tail group of the tenths gap"),
        Param("level", 0.95, "the coverage of every interval, and so of the verdicts", range=LEVEL_RANGE,
              note="coverage of every uncertainty interval"),
        Param("draws", 2000, "how many versions of the series are simulated to correct the tenths and range gaps",
              range=DRAWS_RANGE, note="simulated versions of the series (tenths and range gaps)"),
        Param("seed", 7, "the simulation's seed", range=SEED_RANGE, note="seed of the simulation"),
        Param("aim_baseline", WHITE_PAPER, "the period from which the 2035 aim of five more years is counted",
              choices=AIM_BASELINES,
              labels={WHITE_PAPER: "the White Paper's latest data", "2019-21": "the first release after the White Paper"},
              note="the period the 2035 aim counts from"),
        Param("exclude", "none", "areas left out of every gap", parse=parse_codes,
              accepts="upper-tier area codes, comma-separated, or none",
              note="areas to leave out of every gap (e.g. E06000017 for Rutland)"),
    ),
)
