"""Low pay by region: the TUC essay's Table 2 (ASHE 2019), transcribed, validated and audited.

Source: Janet Williamson (TUC), "Levelling up and work", in *Levelling Up: What is it and can it
work?* (January 2022), Table 2. The table is a published fact, not a downloaded file: it is
transcribed in ``data/published/tuc_low_pay_2019.csv`` with its provenance beside it and read by
:func:`analysis.data.loaders.tuc_low_pay_2019`. The audit recomputes every total and percentage from
the table's own parts and tests each row against an independent fact (the number of Westminster
constituencies per region in 2019). It never corrects the source: it reports each check with its
arithmetic and a verdict, allowing for the published rounding.

Region names: the table prints "Yorkshire and the Humber"; the study names the region as ONS does,
"Yorkshire and The Humber" (:data:`ONS_NAMES`), like every other page of the book.
"""

from analysis.data.loaders import TABLE2_REGIONS
from analysis.errors import ParameterError
from analysis.params import Param, ParamSet
from analysis.studies.study import Study


#: Table 2's spelling of a region -> ONS's, where they differ (the book spells every region as ONS does)
ONS_NAMES = {"Yorkshire and the Humber": "Yorkshire and The Humber"}
#: the regions and nations of Table 2, in the printed order, named as ONS names them
REGIONS = tuple(ONS_NAMES.get(r, r) for r in TABLE2_REGIONS)


def ons_name(printed: str) -> str:
    """A region as Table 2 prints it, named as ONS names it (``"Yorkshire and the Humber"`` ->
    ``"Yorkshire and The Humber"``); any other name unchanged."""
    return ONS_NAMES.get(printed, printed)


def parse_regions(text: str) -> tuple[str, ...]:
    """``"North East, London"`` -> ``("North East", "London")``; ``"none"`` or ``""`` -> ``()``. A region
    may be spelt as Table 2 prints it or as ONS does, in any case; it is returned as ONS spells it."""
    if text.strip().lower() in ("", "none"):
        return ()
    known = {r.casefold(): r for r in REGIONS} | {k.casefold(): v for k, v in ONS_NAMES.items()}
    names = tuple(t.strip() for t in text.split(",") if t.strip())
    unknown = [n for n in names if n.casefold() not in known]
    if unknown:
        raise ParameterError(f"unknown region(s) {unknown}; the regions and nations of Table 2 are: "
                             f"{', '.join(REGIONS)}")
    return tuple(known[n.casefold()] for n in names)


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
