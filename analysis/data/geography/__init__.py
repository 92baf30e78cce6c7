"""Codes and names across vintages, and joins that report what did not match.

Vintages handled here: 2017 wards (WD17); LADs of 2017 (= the 2016 referendum areas), 2019 (IoD 2019,
boundaries), April 2020 (the Levelling Up Fund list, by name) and 2023 (the Fund's awards, the
population file, the district-to-county lookup); upper-tier areas of 2019 (IoD 2019 File 11) and 2023
(ONS's HLE series); the current areas every ONS Explore Local Statistics file is joined to (``current``:
the LAs of April 2023 with Barnsley's and Sheffield's 2025 codes); the counties abolished since 2019; and
the names a reader may type for a place, with the search over them. Every join goes through
:func:`reconcile`, which returns the joined table *and* a :class:`Reconciliation` listing each unmatched
key with the reason; nothing is dropped silently.

The data layer is pure: every function here takes the lookup tables it needs as arguments (a study's
``load()`` reads them through the loaders) and reads nothing behind the caller's back.
"""

from analysis.data.geography.counties import ABOLISHED_COUNTIES, abolished_counties, upper_tier_2023
from analysis.data.geography.current import (ITL1_GSS, JOINED_LEVELS, LEVELS, RECODED_SAME_AREA, current_areas,
                                             current_boundaries, current_of, lad19_current, level_of, obsolete_note,
                                             period_gaps, reconcile_current, successors, to_current)
from analysis.data.geography.fund_list import luf_priority_lad19
from analysis.data.geography.names import FORMER_2009, Found, find, former_names, members, search_index, search_key
from analysis.data.geography.reconcile import COUNTRY, Reconciliation, name_key, reconcile
from analysis.data.geography.vintages import (BUCKS_DISTRICTS_2019, BUCKS_UA_2020, MERGED_2019, RECODED_2013,
                                              REFERENDUM_NOT_LAS, SUCCESSOR_YEAR, SUCCESSORS_2023, known_reasons,
                                              lad19_created_reasons, lad19_to_lad23, lad23_reasons,
                                              lad23_successor_table, reconcile_lad19_lad23, referendum_england,
                                              to_lad19)
from analysis.data.geography.upper_tier import SAME_AREA_2023, SPLIT_2023, split_reasons, utla19_to_2023
from analysis.data.geography.wards import (CORE_CITIES, INNER_CITY_DEFINITIONS, INNER_LONDON, inner_city, ward17_reasons,
                                           ward_indices)

__all__ = ["ABOLISHED_COUNTIES", "FORMER_2009", "Found", "abolished_counties", "find", "former_names", "members",
           "search_index", "search_key", "upper_tier_2023",
           "ITL1_GSS", "JOINED_LEVELS", "LEVELS", "RECODED_SAME_AREA", "current_areas", "current_boundaries", "current_of",
           "lad19_current", "level_of",
           "obsolete_note", "period_gaps", "reconcile_current", "successors", "to_current",
           "BUCKS_DISTRICTS_2019", "BUCKS_UA_2020", "CORE_CITIES", "COUNTRY", "INNER_CITY_DEFINITIONS", "INNER_LONDON",
           "MERGED_2019", "RECODED_2013", "REFERENDUM_NOT_LAS", "Reconciliation", "SAME_AREA_2023", "SPLIT_2023",
           "SUCCESSORS_2023", "SUCCESSOR_YEAR",
           "inner_city", "known_reasons", "lad19_created_reasons", "lad19_to_lad23", "lad23_reasons",
           "lad23_successor_table", "luf_priority_lad19", "name_key", "reconcile", "reconcile_lad19_lad23",
           "referendum_england", "split_reasons", "to_lad19", "utla19_to_2023", "ward17_reasons", "ward_indices"]
