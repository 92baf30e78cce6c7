"""The documents whose published figures the compendium tests, each named once.

A claim (:class:`analysis.ledger.claims.Claim`) names its document by one of these; the ledger's
``document`` column is the document's ``citation``. ``key`` is the document's entry in
``book/references.bib`` where it has one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    key: str
    citation: str


HEALTH_FOUNDATION = Document("healthfoundation2021", "Health Foundation (2021), levelling up and health briefing")
COLLECTION = ("Levelling Up: What is it and can it work? (Centre for Inequality and Levelling Up, University of West "
              "London, January 2022)")
LLOYD = Document("lloyd2022", f"Lloyd, T. (2022), 'Levelling up left behind places', in {COLLECTION}, reproducing "
                              "OCSI, Developing a measure of 'left-behind' areas (Phase 2 analysis, for Local Trust)")
WILLIAMSON = Document("williamson2022", f"J. Williamson (TUC) (2022), 'Levelling up and work', in {COLLECTION}")
EDITORS = Document("ceilup2022", COLLECTION)
LOCAL_TRUST = Document("localtrust2019", "Local Trust and OCSI (2019), Left behind? Understanding communities on the edge")
CNI_FILE = Document("cni_2019", "OCSI for Local Trust, Community Needs Index 2019 ward file, as published in British "
                                "Red Cross's IMD R package (humaniverse/IMD, data-raw/community-needs-index-england.csv, "
                                "commit dafa5eca of 2022-09-27, 'Update list to match OCSI updates')")
HANSARD = Document("hansard2023", "Hansard HC Deb 19 January 2023 vol 726, Levelling-up Fund Round 2 statement")
GRIN = Document("grin2021", "grin.coop, 28 October 2021, summarising DLUHC's breakdown of winning bids")
QWORD = Document("qword2021", "theqword.blog, Lessons on Levelling Up, 28 October 2021")
WMREDI = Document("wmredi2021", "A. Pugh, WMREDI blog, Levelling Up: An Analysis of the Distribution of Funding in "
                                "Round One")
