"""The missions tracker: each of the Levelling Up White Paper's twelve missions (February 2022) against
the local metric ONS publishes for it (ONS Explore Local Statistics), with a verdict from a rule
written here before anything is computed.

Data: ``loaders.els(id)`` for every mission but 7, and ``loaders.hle_utla_series()`` for mission 7
(healthy life expectancy by upper-tier area). :data:`MISSIONS` declares, for each mission, its aim in
plain words, the dataset, indicator and level of geography used, the numeric 2030 aim where there is
one, and for a mission with no usable local metric the reason.

The rules, fixed before the computation:

- **Baseline**: the last period that ended at least ``lag`` months before the White Paper (2 February
  2022); with no lag, the last period that ended before it. The files carry no release dates, so this
  stands in for "the last period published before February 2022" (with no lag, a period that ended in
  late 2021 but was published after February 2022 still counts).
- **Latest**: the last period with England's value.
- **The gap** between areas, in the baseline and the latest period, as mission 7 measures it
  (:mod:`analysis.stats.gaps`): the mean of the top ``tail`` share of areas minus the mean of the
  bottom share (``tenths``), the mean of the top share minus the mean of all the others
  (``top_rest``, the White Paper's "top performing and other areas"), or the highest minus the lowest
  (``range``). Where ONS publishes 95% intervals the gap is corrected for noise and has an interval
  at ``level``, and its change is
  "closing" if the whole interval of the change is below zero, "widening" if above, else "no clear
  change". Where ONS gives no intervals, the gap is measured as published (descriptive): "closing
  (descriptive)" if it fell by more than ``tolerance`` of its baseline value, "widening
  (descriptive)" if it rose by more, else "no clear change (descriptive)". The gap is a spread, the
  same whichever way the indicator points.
- **The 2030 aim** (where numeric): a straight line from England's baseline value (at the middle of
  the baseline period) to the aim at the end of 2030; England's latest value is "on the path to the
  2030 aim" if it is at or beyond the line in the aim's direction, else "behind it".
- **Areas**: where ONS gives intervals in both periods, an area "clearly rose" if the whole 95%
  interval of its change is above zero (its two periods' errors independent), "clearly fell" if below
  it, else "no clear change"; areas are matched by their current code.
- **No verdict**: "cannot be judged: <reason>" where the metric has no period before the White Paper,
  none after it, a single period, or no local metric at all.

The slope index of mission 7's page is not offered here: it needs a deprivation ranking for each
file's areas, which the tracker does not join.
"""

from dataclasses import dataclass

from analysis.params import Param, ParamSet
from analysis.studies.study import Study


@dataclass(frozen=True)
class Mission:
    """One mission as the tracker reads it."""

    number: int
    aim: str                 # the aim by 2030, in plain words
    dataset: str = ""        # the ELS dataset (or ``hle`` for ONS's healthy life expectancy series)
    indicator: str = ""      # the indicator in it
    metric: str = ""         # what the metric measures, in plain words, with its unit
    level: str = "lad"       # the areas the gap is measured across
    areas: str = "local authorities"  # those areas, in words
    aim_2030: float | None = None     # the numeric 2030 aim for England, in the metric's unit
    reason: str = ""         # why there is no verdict, for a mission with no usable local metric
    note: str = ""           # what a reader needs beside the numbers


MISSIONS: tuple[Mission, ...] = (
    Mission(1, "Pay, employment and productivity rise in every area, and the gap between the top areas and the "
               "others closes", "gross_median_weekly_pay", "Gross median weekly pay",
            "median gross weekly pay of all employees (£, nominal)",
            note="pay only; employment, productivity and household income are further metrics of this mission"),
    Mission(2, "Public research and development spending outside London, the South East and the East rises by at "
               "least 40%", "research_and_development_public_funded",
            "Public-funded expenditure on research and development", "public-funded R&D spending (£ million)",
            level="region", areas="regions",
            reason="regions only, for two years (2020/21 and 2021/22), not yet added up outside the Greater "
                   "South East"),
    Mission(3, "Public transport connectivity across the country comes significantly closer to London's",
            "average_travel_time", "Public transport or walk to work",
            "average minutes to the nearest centre of 500 to 4,999 jobs by public transport or walking"),
    Mission(4, "Gigabit-capable broadband and 4G coverage nationwide, and 5G for most of the population",
            "gigabit_capable_broadband", "Gigabit capable broadband", "premises with gigabit-capable broadband (%)",
            aim_2030=100.0),
    Mission(5, "90% of children leave primary school at the expected standard in reading, writing and maths, "
               "and the worst areas improve by over a third", "pupils_at_expected_standards_by_end_of_primary_school",
            "Pupils meeting the expected standard in reading, writing and maths",
            "pupils at the expected standard in reading, writing and maths at 11 (%)", aim_2030=90.0),
    Mission(6, "200,000 more people a year complete high-quality skills training, 80,000 of them in the lowest "
               "skilled areas", "further_education_and_skills_learner_achievements",
            "Further education and skills learner achievements",
            "further education and skills achievements, aged 19 and over, per 100,000 people"),
    Mission(7, "The gap in healthy life expectancy between the areas where it is highest and lowest narrows, "
               "and it rises by five years by 2035", "hle", "female",
            "women's healthy life expectancy at birth (years)", level="utla", areas="upper-tier areas",
            note="women only here; mission 7's own page gives men and women, and the slope index against "
                 "deprivation"),
    Mission(8, "Wellbeing improves in every area, and the gap between the top areas and the others closes",
            "personal_wellbeing_estimates", "Satisfaction", "mean life satisfaction (0 to 10)"),
    Mission(9, "Pride in place rises in every area, and the gap between the top areas and the others closes",
            "engagement_with_culture_and_heritage", "Engaged with the arts",
            "adults who engaged with the arts in the year (%)",
            note="engagement with culture stands in for pride in place"),
    Mission(10, "The number of first-time buyers rises in every area, and non-decent rented homes halve",
            "first_time_buyer_mortgage_sales", "First-time buyer mortgage sales",
            "first-time buyer mortgage sales per 1,000 dwellings",
            note="no local measure of non-decent rented homes"),
    Mission(11, "Homicide, serious violence and neighbourhood crime fall, most in the worst-affected areas",
            "homicide_offences", "Homicide Offences", "homicides per million people, three financial years",
            level="police_force", areas="police force areas", note="homicide only"),
    Mission(12, "Every part of England that wants one has a devolution deal at or near the highest level",
            "population_under_devolution_deal_in_england", "Population under devolution deal in England",
            "population under a devolution deal with a directly elected mayor (%)", level="region",
            areas="regions", reason="one snapshot (13 January 2023), since withdrawn"),
)

#: further indicators of a mission, measured by the same rules as its primary metric (shown in its section)
EXTRAS: tuple[Mission, ...] = (
    Mission(1, "", "employment_rate", "Employment rate", "employment rate, aged 16 to 64 (%)"),
    Mission(1, "", "gross_value_added", "Gross value added per hour worked",
            "gross value added per hour worked (£, nominal)"),
    Mission(1, "", "gross_disposable_household_income_per_head", "Gross disposable household income",
            "gross disposable household income per head (£, nominal)"),
    Mission(4, "", "network_coverage_4g", "4G coverage", "area with outdoor 4G from at least one operator (%)"),
    Mission(4, "", "network_coverage_5g", "5G coverage", "area with outdoor 5G from at least one operator (%)"),
    Mission(6, "", "apprenticeships", "Apprenticeship achievements (England)",
            "apprenticeship achievements per 100,000 people"),
    Mission(6, "", "qualifications_level_3_or_above", "Level 3 or above qualifications (Great Britain)",
            "people aged 16 to 64 qualified to level 3 or above (%)"),
    Mission(8, "", "personal_wellbeing_estimates", "Happiness", "mean happiness yesterday (0 to 10)"),
    Mission(8, "", "personal_wellbeing_estimates", "Worthwhile", "mean feeling that life is worthwhile (0 to 10)"),
    Mission(8, "", "personal_wellbeing_estimates", "Anxiety", "mean anxiety yesterday (0 to 10, lower is better)"),
    Mission(10, "", "net_additions_to_the_housing_stock", "Net additions to the housing stock (England)",
            "net additional dwellings per 1,000 dwellings"),
)
#: mission 6's aim as a count: this many more people a year completing high-quality training by 2030
SKILLS_MORE = 200_000
#: the age from which ONS's further education rate counts people (per 100,000 aged 19 and over)
SKILLS_AGE = 19

GAPS = ("tenths", "top_rest", "range")
WHITE_PAPER = "2022-02-02"

STUDY = Study(
    id="missions",
    title="Are the missions on track?",
    notebook="07_missions",
    package=__name__,
    question="For each of the White Paper's twelve missions that ONS measures locally, is the gap between areas "
             "closing, and is England on the path to the 2030 aim?",
    params=ParamSet(
        Param("lag", 0, "how many months before the White Paper the baseline period must have ended",
              range=(0, 24), note="months between the end of the baseline period and February 2022"),
        Param("gap", "tenths", "the gap between areas", choices=GAPS,
              labels={"tenths": "the mean of the top group of areas against the bottom group (a tenth each by default)",
                      "top_rest": "the mean of the top group of areas (a tenth by default) against all the others",
                      "range": "the highest area against the lowest"},
              note="the gap (tenths: top minus bottom tail, means; top_rest: top tail minus the rest; range: highest "
                   "minus lowest)"),
        Param("tail", 0.1, "the share of areas in the top group, and in the bottom one, of the group gaps",
              range=(0.05, 0.25), note="share of areas in each tail group of the tenths and top_rest gaps"),
        Param("level", 0.95, "the coverage of every interval, and so of the verdicts", range=(0.8, 0.99),
              note="coverage of every uncertainty interval"),
        Param("tolerance", 0.05, "how far a gap without intervals must move, as a share of its baseline value, "
              "to count as closing or widening", range=(0.0, 0.5),
              note="share of the baseline gap a descriptive gap must move"),
        Param("draws", 2000, "how many versions of each series are simulated to correct the gaps",
              range=(500, 20000), note="simulated versions of each series"),
        Param("seed", 20, "the simulation's seed", range=(0, 99999), note="seed of the simulation"),
    ),
)
