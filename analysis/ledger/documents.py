"""The documents whose published figures the compendium tests, each named once, and the census of
their checkable statements.

A claim (:class:`analysis.ledger.claims.Claim`) names its document by one of these; the ledger's
``document`` column is the document's ``citation``. ``key`` is the document's entry in
``book/references.bib`` where it has one. Where in a document a figure is printed (a chapter of the
collection, a figure, a box) is the claim's ``where``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    key: str
    citation: str


HEALTH_FOUNDATION = Document("healthfoundation2021", "Health Foundation (2021), levelling up and health briefing")
LAIRD = Document("laird2021", "A. Laird (2021), 'How can the NHS work with councils on levelling up?' (first published "
                              "in The MJ, 15 October 2021)")
COLLECTION = ("Levelling Up: What is it and can it work? (Centre for Inequality and Levelling Up (CEILUP), University "
              "of West London, January 2022)")
LLOYD = Document("lloyd2022", f"Lloyd, T. (2022), 'Levelling up left behind places', in {COLLECTION}, reproducing "
                              "OCSI, Developing a measure of 'left-behind' areas (Phase 2 analysis, for Local Trust)")
WILLIAMSON = Document("williamson2022", f"J. Williamson (TUC) (2022), 'Levelling up and work', in {COLLECTION}")
#: the collection as a whole; the claim's ``where`` names the chapter (Graeme Atherton's summary, the
#: Stoke-on-Trent chapter, Kate Crowe's chapter for Local Trust)
CEILUP = Document("ceilup2022", COLLECTION)
#: Local Trust's own statement of its measure: wards in the worst 10% on both the CNI and IMD 2019; its
#: first list (2019, on the earlier IMD) had 206 wards, the update of 2020 to IMD 2019 has 225
LOCAL_TRUST = Document("localtrust_leftbehind", "Local Trust, 'Left behind' neighbourhoods (its definition of "
                                                "left-behind wards and the 2020 update of the list to IMD 2019)")
CNI_FILE = Document("cni_2019", "OCSI for Local Trust, Community Needs Index 2019 ward file, as published in British "
                                "Red Cross's IMD R package (humaniverse/IMD, data-raw/community-needs-index-england.csv, "
                                "commit dafa5eca of 2022-09-27, 'Update list to match OCSI updates')")
HANSARD = Document("hansard2023", "Hansard HC Deb 19 January 2023 vol 726, Levelling-up Fund Round 2 statement")
GRIN = Document("grin2021", "grin.coop, 28 October 2021, summarising DLUHC's breakdown of winning bids")
QWORD = Document("qword2021", "theqword.blog, Lessons on Levelling Up, 28 October 2021")
WMREDI = Document("wmredi2021", "A. Pugh, WMREDI blog, Levelling Up: An Analysis of the Distribution of Funding in "
                                "Round One")


@dataclass(frozen=True)
class Census:
    """How many checkable statements a reading of the source documents found (declared once; the report
    says how many of them the ledger tests)."""

    checkable: int
    approximate: bool
    provenance: str


CENSUS = Census(
    checkable=250, approximate=True,
    provenance="a reading of all five source documents the compendium reproduces, made to list every figure or "
               "statement in them that data could check; the count is that reading's, about 250, not a computation")
