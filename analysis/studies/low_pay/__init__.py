"""Low pay by region: the TUC essay's Table 2 (ASHE 2019), transcribed, validated and audited.

Source: Janet Williamson (TUC), "Levelling up and work", in *Levelling Up: What is it and can it
work?* (January 2022), Table 2. The table is a published fact, not a downloaded file: it is
transcribed in ``data/published/tuc_low_pay_2019.csv`` with its provenance beside it and read by
:func:`analysis.data.loaders.tuc_low_pay_2019`. The audit recomputes every total and percentage from
the table's own parts and tests each row against an independent fact (the number of Westminster
constituencies per region in 2019). It never corrects the source: it reports each check with its
arithmetic and a verdict, allowing for the published rounding.
"""

from analysis.data.loaders import TABLE2_REGIONS
from analysis.errors import ParameterError
from analysis.params import Param, ParamSet
from analysis.studies.study import Study


def parse_regions(text: str) -> tuple[str, ...]:
    """``"North East, London"`` -> ``("North East", "London")``; ``"none"`` or ``""`` -> ``()``."""
    if text.strip().lower() in ("", "none"):
        return ()
    names = tuple(t.strip() for t in text.split(",") if t.strip())
    unknown = [n for n in names if n not in TABLE2_REGIONS]
    if unknown:
        raise ParameterError(f"unknown region(s) {unknown}; the regions and nations of Table 2 are: "
                             f"{', '.join(TABLE2_REGIONS)}")
    return names


STUDY = Study(
    id="low_pay",
    title="Low pay by region: the TUC's Table 2, audited",
    notebook="03_low_pay",
    package=__name__,
    question="How much of each region's work is paid below the Real Living Wage, and does the published table "
             "add up?",
    params=ParamSet(
        Param("highlight", "North East, London", "the regions coloured in the figures", parse=parse_regions,
              accepts="region names of Table 2, comma-separated, or none", note="regions to colour in the figures"),
        Param("threshold", 20.0, "the share of employees below the Real Living Wage marked on the chart (%)",
              range=(10.0, 30.0), note="share of employees below the Real Living Wage (%) drawn on the chart; "
                                       "regions above it are counted"),
        Param("denominator", "gb", "the constituencies the UK's 62% is tested against", choices=("gb", "uk"),
              labels={"gb": "the 632 constituencies of Great Britain (Northern Ireland is n/a)",
                      "uk": "all 650 constituencies of the UK"},
              note="constituencies the UK's 62% is tested against (gb: the 632 in Great Britain, Northern Ireland "
                   "being n/a; uk: all 650)"),
    ),
)
