"""The names a reader may type for a place, and the search over them (the "your area" page's box).

A reader types a council's name as they know it: today's or 2019's, a former one (Shepway, Taunton
Deane), a county (Suffolk), one abolished since (Cumbria), a region, or a council outside England.
:func:`search_index` gathers every such name with what it stands for; :func:`find` answers a query
from it: an exact name first, else every name with the query's words at the start of its words, else
the nearest names (:func:`difflib.get_close_matches`). The page's script applies the same rules to the
same index; a browser test holds the two to the same answers.

Former names come from the data where it has them: the 2016 names of the referendum's counting areas
(LAD 2017) that no LA of 2019 bears, renamed under the same code or merged in April 2019 (the LAD 2017
-> 2019 lookup). The data has no name from before 2016, so the districts abolished when seven counties
became unitaries in April 2009 are typed below (:data:`FORMER_2009`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.data.geography.counties import ABOLISHED_COUNTIES
from analysis.data.geography.vintages import SUCCESSOR_YEAR, SUCCESSORS_2023

_STYLE = r"(?:city|county|royal borough|london borough|borough|metropolitan borough|district) of"
_LEADING = re.compile(rf"^{_STYLE} ")
_TRAILING = re.compile(rf" {_STYLE}$")
_COUNCIL = re.compile(r" (?:(?:city|county|borough|metropolitan borough|district) )?council$")
#: names whose "City of" is the name itself, not a style to drop ("London" alone is the region)
NAMES_NOT_STYLES = ("city of london",)
#: the longest query compared (the page's script cuts it at the same length)
MAX_QUERY = 100


def search_key(name: str) -> str:
    """A name as the search compares it: lower case; no apostrophes ("King's Lynn" = "Kings Lynn"); "&" as
    "and"; any other punctuation or run of spaces as one space; "Saint" as "St"; without a trailing
    "Council" ("Hull City Council") or a style ("Bristol, City of", "Royal Borough of Greenwich").

    The page's script has the same steps, in the same order."""
    s = re.sub(r"['\u2019\u2018`]", "", str(name).lower()).replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"\bsaint\b", "st", s)
    s = _COUNCIL.sub("", s)
    if s not in NAMES_NOT_STYLES:
        s = _LEADING.sub("", _TRAILING.sub("", s))
    return s


# --------------------------------------------------------------------------------------------
# former names

# Districts abolished on 1 April 2009, when seven counties' areas became nine unitaries (the
# Structural Change(s) Orders 2008 for Bedfordshire, Cheshire, Cornwall, County Durham,
# Northumberland, Shropshire and Wiltshire). The data begin in 2016 and cannot give these names.
# Bedford kept its name as a unitary, so it is not listed.

#: the 2009 unitary (LAD 2019 code) -> (its name, the districts it replaced)
FORMER_2009: dict[str, tuple[str, tuple[str, ...]]] = {
    "E06000047": ("County Durham", ("Chester-le-Street", "Derwentside", "City of Durham", "Easington", "Sedgefield",
                                    "Teesdale", "Wear Valley")),
    "E06000049": ("Cheshire East", ("Congleton", "Crewe and Nantwich", "Macclesfield")),
    "E06000050": ("Cheshire West and Chester", ("Chester", "Ellesmere Port and Neston", "Vale Royal")),
    "E06000051": ("Shropshire", ("Bridgnorth", "North Shropshire", "Oswestry", "Shrewsbury and Atcham",
                                 "South Shropshire")),
    "E06000052": ("Cornwall", ("Caradon", "Carrick", "Kerrier", "North Cornwall", "Penwith", "Restormel")),
    "E06000054": ("Wiltshire", ("Kennet", "North Wiltshire", "Salisbury", "West Wiltshire")),
    "E06000056": ("Central Bedfordshire", ("Mid Bedfordshire", "South Bedfordshire")),
    "E06000057": ("Northumberland", ("Alnwick", "Berwick-upon-Tweed", "Blyth Valley", "Castle Morpeth", "Tynedale",
                                     "Wansbeck")),
}


def and_list(names) -> str:
    """The names joined for a sentence: "A, B and C"."""
    names = list(names)
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def former_names(referendum: pd.DataFrame, lad17_lad19: pd.DataFrame, lad19: pd.DataFrame) -> pd.DataFrame:
    """Names of districts that no LA of 2019 bears, each with the LA of 2019 it is part of.

    From the data: the 2016 names of the referendum's English counting areas (``referendum``: ``area_code,
    area``, LAD 2017 codes) that differ from their LA of 2019 (``lad19``: ``lad19_code, lad19_name``),
    through the LAD 2017 -> 2019 lookup: renamed (same code) or merged in April 2019 (code replaced).
    Then :data:`FORMER_2009`. Columns ``name, lad19_code, change`` (renamed, merged 2019, merged 2009)
    and ``note``, a sentence for the reader.
    """
    names19 = lad19.set_index("lad19_code")["lad19_name"]
    eng = referendum[referendum["area_code"].str.match(r"^E0[6-9]")][["area_code", "area"]]
    eng = eng.merge(lad17_lad19, left_on="area_code", right_on="lad17_code", how="left")
    if eng["lad19_code"].isna().any():
        raise ValueError(f"counting areas with no LAD 2019 code: {sorted(eng.loc[eng['lad19_code'].isna(), 'area_code'])}")
    eng["lad19_name"] = eng["lad19_code"].map(names19)
    rows = []
    for _, r in eng[eng["area"].map(search_key) != eng["lad19_name"].map(search_key)].iterrows():
        if r["area_code"] == r["lad19_code"]:
            rows.append((r["area"], r["lad19_code"], "renamed",
                         f"{r['area']} is the former name of {r['lad19_name']} (its name in 2016)."))
            continue
        others = sorted(eng.loc[(eng["lad19_code"] == r["lad19_code"]) & (eng["area_code"] != r["area_code"]), "area"])
        rows.append((r["area"], r["lad19_code"], "merged 2019",
                     f"{r['area']} was a local authority until April 2019, when it merged with {and_list(others)} into "
                     f"{r['lad19_name']}."))
    for code, (unitary, districts) in FORMER_2009.items():
        rows += [(d, code, "merged 2009", f"{d} was a district until April 2009, when {unitary} became a single "
                  "unitary authority.") for d in districts]
    out = pd.DataFrame(rows, columns=["name", "lad19_code", "change", "note"])
    unknown = sorted(set(out["lad19_code"]) - set(names19.index))
    if unknown:
        raise ValueError(f"former names point to codes that are no LA of 2019: {unknown}")
    return out


# --------------------------------------------------------------------------------------------
# the index and the search

#: the kinds of name, in the order an exact name is preferred when several kinds share it
KINDS = ("la", "la23", "former", "county", "abolished", "region", "outside")
INDEX_COLUMNS = ["key", "label", "kind", "ref", "note", "lad19"]


def search_index(places: pd.DataFrame, former: pd.DataFrame, outside: pd.DataFrame) -> pd.DataFrame:
    """Every name the search knows: ``key`` (:func:`search_key`), ``label`` (the name as written),
    ``kind`` (:data:`KINDS`), ``ref`` (what it stands for) and ``note`` (a sentence for the reader).

    ``places``: the LAs of 2019 (``code, name, code_2023, name_2023, region, county_code, county_name``;
    a county is that of a district still two-tier in 2023, else empty). ``former``: :func:`former_names`.
    ``outside``: councils and nations outside England (``name, country``).

    Kinds and refs: ``la`` an LA of 2019 (its code); ``la23`` a unitary of 2020-2023 made of several
    (its 2023 code); ``former`` a former name (the name); ``county`` a county of 2023 (its code);
    ``abolished`` a county abolished since 2019 (its 2019 code); ``region`` (its name); ``outside`` a
    council or nation outside England (its name). ``lad19``: the LA of 2019 an ``la`` or ``former`` name
    stands for, else empty.
    """
    rows = [(r.name, "la", r.code, "", r.code) for r in places.itertuples()]
    merged = places[places["code_2023"] != places["code"]]
    for code23, g in merged.groupby("code_2023", sort=True):
        year = SUCCESSOR_YEAR.get(code23)
        rows.append((g["name_2023"].iloc[0], "la23", code23,
                     f"{g['name_2023'].iloc[0]} has been a unitary authority since April {year}, made of "
                     f"{len(g)} local authorities of 2019: {and_list(g.sort_values('name')['name'])}.", ""))
    rows += [(r.name, "former", r.name, r.note, r.lad19_code) for r in former.itertuples()]
    counties = places.dropna(subset=["county_code"])
    for code, g in counties.groupby("county_code", sort=True):
        rows.append((g["county_name"].iloc[0], "county", code,
                     f"{g['county_name'].iloc[0]} is a county with {len(g)} districts: "
                     f"{and_list(g.sort_values('name')['name'])}.", ""))
    for code, (name, unitaries) in sorted(ABOLISHED_COUNTIES.items()):
        year, heirs = min(SUCCESSOR_YEAR[u] for u in unitaries), [SUCCESSORS_2023[u][0] for u in unitaries]
        heir = ("a unitary authority of the same name" if heirs == [name] else
                f"the unitary authorit{'y' if len(heirs) == 1 else 'ies'} {and_list(heirs)}")
        rows.append((name, "abolished", code, f"{name} was a county until April {year}, when {heir} took over from "
                     "the county and its districts.", ""))
    for region, g in places.groupby("region", sort=True):
        rows.append((region, "region", region, f"{region} is a region of England, with {len(g)} local authorities.",
                     ""))
    for r in outside.itertuples():
        rows.append((r.name, "outside", r.name,
                     f"{r.name} is in {r.country}: this page covers England's local authorities only."
                     if r.name != r.country else f"{r.name} is outside England: this page covers England's local "
                     "authorities only.", ""))
    index = pd.DataFrame(rows, columns=["label", "kind", "ref", "note", "lad19"])
    index.insert(0, "key", index["label"].map(search_key))
    return index[INDEX_COLUMNS]


@dataclass(frozen=True)
class Found:
    """What a query found: ``how`` (``empty``, ``exact``, ``words``, ``suggest`` or ``none``) and the
    ``targets``, each a ``(kind, ref)`` of the index, in the index's order."""

    how: str
    targets: list[tuple[str, str]] = field(default_factory=list)


def _targets(rows: pd.DataFrame) -> list[tuple[str, str]]:
    return list(dict.fromkeys(zip(rows["kind"], rows["ref"])))


def _best(rows: pd.DataFrame) -> pd.DataFrame:
    rank = rows["kind"].map(KINDS.index)
    return rows[rank == rank.min()]


def find(index: pd.DataFrame, query: str, suggestions: int = 3, cutoff: float = 0.6) -> Found:
    """Answer a query from :func:`search_index`.

    1. The names equal to it (the kind earliest in :data:`KINDS` when several kinds share it);
    2. else every name in which the query's words start a word, in order ("Hull" finds "Kingston upon
       Hull", not "Solihull"; "Kings Lynn" finds "King's Lynn and West Norfolk");
    3. else the ``suggestions`` nearest names by :func:`difflib.get_close_matches` (similarity at least
       ``cutoff``), nearest first.
    """
    q = search_key(query)[:MAX_QUERY].strip()
    if not q:
        return Found("empty")
    exact = index[index["key"] == q]
    if len(exact):
        return Found("exact", _targets(_best(exact)))
    words = index[index["key"].str.contains(r"(?:^| )" + re.escape(q), regex=True)]
    if len(words):
        return Found("words", _targets(words))
    keys = list(dict.fromkeys(index["key"]))
    near = difflib.get_close_matches(q, keys, n=suggestions, cutoff=cutoff)
    targets = [t for k in near for t in _targets(_best(index[index["key"] == k]))]
    return Found("suggest", list(dict.fromkeys(targets))) if targets else Found("none")


def members(places: pd.DataFrame, index: pd.DataFrame, kind: str, ref: str) -> list[str]:
    """The codes of the LAs of 2019 a target of :func:`find` stands for (none for a place outside England)."""
    if kind in ("la", "former"):
        hit = places["code"].isin(set(index.loc[(index["kind"] == kind) & (index["ref"] == ref), "lad19"]))
    elif kind == "la23":
        hit = places["code_2023"] == ref
    elif kind == "county":
        hit = places["county_code"] == ref
    elif kind == "abolished":
        hit = places["code_2023"].isin(ABOLISHED_COUNTIES[ref][1])
    elif kind == "region":
        hit = places["region"] == ref
    elif kind == "outside":
        return []
    else:
        raise ValueError(f"unknown kind of name {kind!r}; the kinds are {', '.join(KINDS)}")
    return places.loc[hit, "code"].tolist()
