"""Codes and names across vintages, and joins that report what did not match.

Vintages handled here: 2017 wards (WD17); LADs of 2017 (= the 2016 referendum areas), 2019
(IoD 2019, boundaries) and April 2020 (the Levelling Up Fund list, by name). Every join goes
through :func:`reconcile`, which returns the joined table *and* a :class:`Reconciliation` listing
each unmatched key with the reason; nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.data import loaders
from analysis.errors import DataError

#: LAD19 codes of the four Buckinghamshire districts abolished on 1 April 2020
BUCKS_DISTRICTS_2019 = ("E07000004", "E07000005", "E07000006", "E07000007")
BUCKS_UA_2020 = ("E06000060", "Buckinghamshire")

COUNTRY = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}
_NAME_OF = re.compile(r"\b(city|county|royal borough|borough|district|metropolitan borough) of\b")


def name_key(name: str) -> str:
    """A local authority's name as joins and searches compare it: lower case, "&" as "and", no
    punctuation, no "City of" / "County of" ("Kingston upon Hull, City of" and "Kingston upon Hull"
    agree; so do "St. Helens" and "St Helens", "Stoke-on-Trent" and "Stoke on Trent"). Unique over
    the 317 LAD 2019 names (tested)."""
    s = _NAME_OF.sub(" ", str(name).lower().replace("&", " and "))
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", s)).strip()


@dataclass
class Reconciliation:
    """What a join matched and what it did not, with a reason for every unmatched key."""

    name: str
    left_label: str
    right_label: str
    matched: int
    unmatched_left: pd.DataFrame = field(repr=False)
    unmatched_right: pd.DataFrame = field(repr=False)

    @property
    def unexplained(self) -> pd.DataFrame:
        both = pd.concat([self.unmatched_left.assign(side=self.left_label),
                          self.unmatched_right.assign(side=self.right_label)])
        return both[both["reason"].astype(str).str.startswith("unexplained")]

    def table(self) -> pd.DataFrame:
        """One row per unmatched key: side, key, name, reason."""
        return pd.concat([self.unmatched_left.assign(side=f"only in {self.left_label}"),
                          self.unmatched_right.assign(side=f"only in {self.right_label}")],
                         ignore_index=True)[["side", "key", "name", "reason"]]

    def summary(self) -> str:
        return (f"{self.name}: {self.matched} matched; {len(self.unmatched_left)} only in {self.left_label}, "
                f"{len(self.unmatched_right)} only in {self.right_label}; {len(self.unexplained)} unexplained")

    def __str__(self) -> str:
        lines = [self.summary()]
        for _, r in self.table().iterrows():
            lines.append(f"  {r['side']}: {r['key']} {r['name']} - {r['reason']}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        md = f"**{self.summary()}**\n\n"
        t = self.table()
        if len(t):
            md += t.to_markdown(index=False)
        return md


def known_reasons() -> dict[str, str]:
    """Why a code may legitimately be missing from another vintage or dataset.

    Built from the lookups (2019 mergers) plus the documented upstream gaps.
    """
    reasons: dict[str, str] = {}
    l = loaders.lookup_lad17_lad19()
    changed = l[l["lad17_code"] != l["lad19_code"]]
    for _, r in changed.iterrows():
        reasons[r["lad17_code"]] = f"LAD 2017 code replaced by {r['lad19_code']} in April 2019"
    for code in BUCKS_DISTRICTS_2019:
        reasons[code] = f"district merged into {BUCKS_UA_2020[1]} ({BUCKS_UA_2020[0]}) in April 2020"
    reasons[BUCKS_UA_2020[0]] = "Buckinghamshire unitary, created April 2020 from four 2019 districts"
    reasons["E09000001"] = "City of London: no CNI wards upstream (OCSI omits it)"
    reasons["E06000053"] = "Isles of Scilly: no CNI wards upstream (OCSI omits it)"
    reasons["N92000002"] = "Northern Ireland: one counting area, outside England"
    reasons["GI"] = "Gibraltar: counted in the South West region, not a local authority"
    return reasons


def _reason(code: str, reasons: dict[str, str], other: str) -> str:
    if code in reasons:
        return reasons[code]
    if isinstance(code, str) and code[:1] in "WSN" and code[1:2].isdigit():
        return f"{COUNTRY[code[0]]}: outside England"
    return f"unexplained: no counterpart in {other}"


def reconcile(left: pd.DataFrame, right: pd.DataFrame, left_on: str, right_on: str | None = None, *,
              name: str = "join", left_label: str = "left", right_label: str = "right",
              left_name: str | None = None, right_name: str | None = None,
              reasons: dict[str, str] | None = None, how: str = "inner") -> tuple[pd.DataFrame, Reconciliation]:
    """Join two tables on a code and report every key that did not match, with its reason.

    ``reasons`` maps a key to why it may be missing (defaults to :func:`known_reasons`); keys with
    no known reason are reported as ``unexplained`` so a test can pin the expected set.
    """
    right_on = right_on or left_on
    reasons = known_reasons() if reasons is None else reasons
    if not left[left_on].is_unique or not right[right_on].is_unique:
        dup = left_label if not left[left_on].is_unique else right_label
        raise ValueError(f"{name}: join key is not unique in {dup}")
    lk, rk = set(left[left_on]), set(right[right_on])

    def unmatched(df, key, keys, other, name_col):
        rows = df[df[key].isin(keys)]
        names = rows[name_col] if name_col else pd.Series([""] * len(rows), index=rows.index)
        out = pd.DataFrame({"key": rows[key].astype(str), "name": names.astype(str)})
        out["reason"] = pd.Series([_reason(k, reasons, other) for k in out["key"]], index=out.index, dtype=object)
        return out.sort_values("key").reset_index(drop=True)

    merged = left.merge(right, left_on=left_on, right_on=right_on, how=how, validate="one_to_one")
    rec = Reconciliation(
        name=name, left_label=left_label, right_label=right_label, matched=len(lk & rk),
        unmatched_left=unmatched(left, left_on, lk - rk, right_label, left_name),
        unmatched_right=unmatched(right, right_on, rk - lk, left_label, right_name))
    return merged, rec


# --------------------------------------------------------------------------------------------
# LAD 2017 -> LAD 2019


def to_lad19(df: pd.DataFrame, code_col: str = "lad17_code") -> pd.DataFrame:
    """Add ``lad19_code`` to a table keyed by LAD 2017 codes (every English LAD17 maps)."""
    l = loaders.lookup_lad17_lad19()
    out = df.merge(l, left_on=code_col, right_on="lad17_code", how="left", suffixes=("", "_lookup"))
    missing = out.loc[out["lad19_code"].isna(), code_col]
    if len(missing):
        raise ValueError(f"LAD17 codes with no LAD19 code in the lookup: {sorted(missing)}")
    if code_col != "lad17_code":
        out = out.drop(columns="lad17_code")
    return out


def referendum_england(vintage: str = "lad17") -> pd.DataFrame:
    """The 326 English referendum areas (``lad17``), or aggregated to the 317 LADs of 2019 (``lad19``).

    For ``lad19`` the counts (electorate, votes, leave, remain) are summed over merged areas and the
    percentages recomputed from the sums; ``merged_from`` lists the 2016 areas in each.
    """
    ref = loaders.referendum()
    eng = ref[ref["area_code"].str.match(r"^E0[6-9]")].rename(columns={"area_code": "lad17_code", "area": "lad17_name"})
    if vintage == "lad17":
        return eng.reset_index(drop=True)
    if vintage != "lad19":
        raise ValueError(f"vintage must be 'lad17' or 'lad19', not {vintage!r}")
    eng = to_lad19(eng)
    counts = ["electorate", "votes_cast", "valid_votes", "remain", "leave", "rejected_ballots"]
    agg = eng.groupby("lad19_code").agg(
        **{c: (c, "sum") for c in counts}, region=("region", "first"), region_code=("region_code", "first"),
        merged_from=("lad17_code", lambda s: ";".join(sorted(s))), n_areas=("lad17_code", "size"),
        lad17_names=("lad17_name", lambda s: "; ".join(sorted(s))))
    agg["pct_leave"] = 100 * agg["leave"] / agg["valid_votes"]
    agg["pct_remain"] = 100 * agg["remain"] / agg["valid_votes"]
    agg["pct_turnout"] = 100 * agg["votes_cast"] / agg["electorate"]
    names = loaders.imd_lad().set_index("lad19_code")["lad19_name"]
    agg["lad19_name"] = agg.index.map(names)
    return agg.reset_index()


# --------------------------------------------------------------------------------------------
# the Levelling Up Fund list (names of April 2020 LAs) -> codes


def luf_priority_lad19() -> tuple[pd.DataFrame, Reconciliation]:
    """England's Levelling Up Fund priority categories on the 317 LADs of 2019.

    The list names 314 English LAs of April 2020. 313 names equal an IoD 2019 File 10 name; the
    fourth, Buckinghamshire, is the unitary that replaced four 2019 districts, which each take its
    category (``via = 'Buckinghamshire (2020)'``). Returns the table and the name reconciliation.
    """
    luf = loaders.luf_priority()
    luf = luf[luf["country"] == "England"]
    imd = loaders.imd_lad()[["lad19_code", "lad19_name"]]
    bucks_name = BUCKS_UA_2020[1]
    reasons = {bucks_name: f"2020 unitary ({BUCKS_UA_2020[0]}); its category is given to its four 2019 districts"}
    for code, nm in imd.set_index("lad19_code")["lad19_name"].items():
        if code in BUCKS_DISTRICTS_2019:
            reasons[nm] = f"2019 district merged into {bucks_name} in April 2020; takes {bucks_name}'s category"
    merged, rec = reconcile(luf, imd, "name", "lad19_name", name="Levelling Up Fund list -> IoD 2019 LADs",
                            left_label="Levelling Up Fund list (England)", right_label="IoD 2019 File 10",
                            left_name="name", right_name="lad19_code", reasons=reasons)
    merged["via"] = "name"
    cat = luf.set_index("name").loc[bucks_name, "priority_category"]
    extra = imd[imd["lad19_code"].isin(BUCKS_DISTRICTS_2019)].assign(
        country="England", name=bucks_name, priority_category=cat, via=f"{bucks_name} (2020)")
    out = pd.concat([merged, extra], ignore_index=True)[["lad19_code", "lad19_name", "priority_category", "via"]]
    return out.sort_values("lad19_code").reset_index(drop=True), rec


# ============================================================================================
# HLE 2009-13: UTLA code changes and the 2019 mergers
# ============================================================================================

#: UTLA codes in the ONS HLE 2009-13 workbook that ONS re-coded after minor boundary changes in
#: 2013 (Northumberland, Gateshead): old code -> the code used from 2013 (and in IoD 2019)
HLE_UTLA_CODE_CHANGES = {"E06000048": "E06000057", "E08000020": "E08000037"}

#: LAD 2019 areas created by the April 2019 mergers, with the 2011 districts they were made from
MERGED_2019 = {
    "E06000058": ("Bournemouth, Christchurch and Poole", ("E06000028", "E06000029", "E07000048")),
    "E06000059": ("Dorset", ("E07000049", "E07000050", "E07000051", "E07000052", "E07000053")),
    "E07000244": ("East Suffolk", ("E07000205", "E07000206")),
    "E07000245": ("West Suffolk", ("E07000201", "E07000204")),
    "E07000246": ("Somerset West and Taunton", ("E07000190", "E07000191")),
}


def hle_2009_13_reasons() -> dict[str, str]:
    """Why an area of the HLE 2009-13 workbook's UTLA sheets and a 2019 lower-tier LA may not pair up.

    Keys are UTLA codes (after :data:`HLE_UTLA_CODE_CHANGES`) and LAD 2019 codes.
    """
    reasons: dict[str, str] = {}
    imd = loaders.imd_lad()
    for code in imd["lad19_code"]:
        if code.startswith("E07"):
            reasons[code] = "shire district: no official 2009-13 value (upper-tier sheets only); estimated from its MSOAs"
    for code, (name, parts) in MERGED_2019.items():
        reasons[code] = (f"{name}: created April 2019 from {', '.join(parts)}; no official 2009-13 value; "
                         f"estimated from the MSOAs of its former districts")
        for p in parts:
            if p.startswith("E06"):
                reasons[p] = f"single-tier LA merged into {name} ({code}) in April 2019"
    for code in loaders.hle_2009_13().query("level == 'utla'")["code"]:
        if code.startswith("E10"):
            reasons[code] = "county (upper tier): not a lower-tier LA; its districts are estimated from MSOAs"
    return reasons


#: the 2013 counties whose names are on the Levelling Up Fund's list: code -> (name, its 2013 districts)
COUNTIES_2013 = {
    "E10000002": ("Buckinghamshire", BUCKS_DISTRICTS_2019),
    "E10000009": ("Dorset", ("E07000048", "E07000049", "E07000050", "E07000051", "E07000052", "E07000053")),
}


def luf_list_2013(luf: pd.DataFrame, ltla13: pd.DataFrame, lad19: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Fund's English LAs (names of 2020) matched to the areas of the HLE 2009-13 data (2013 geography).

    The rule: a listed LA keeps a 2009-13 value if an LA of the same name covered the same area in 2013,
    either a lower-tier LA (``ltla13``: ``lad17_code``, ``lad17_name``; no English LA changed between 2013
    and 2017) or a county of :data:`COUNTIES_2013` whose districts are exactly the listed LA's. The rest
    are left out with the reason. ``lad19`` (``lad19_code``, ``lad19_name``, IoD 2019 File 10) gives the
    listed LAs' codes. Returns (matched, unmatched); ``la_code`` is the LA's code in April 2020.
    """
    require = {"luf": (luf, ["name", "priority_category"]), "ltla13": (ltla13, ["lad17_code", "lad17_name"]),
               "lad19": (lad19, ["lad19_code", "lad19_name"])}
    for label, (df, cols) in require.items():
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise DataError(f"luf_list_2013: {label} lacks columns {missing}; it has {list(df.columns)}")
    code20 = dict(zip(lad19["lad19_name"], lad19["lad19_code"])) | {BUCKS_UA_2020[1]: BUCKS_UA_2020[0]}
    name13 = dict(zip(ltla13["lad17_code"], ltla13["lad17_name"]))
    by_name13 = dict(zip(ltla13["lad17_name"], ltla13["lad17_code"]))
    area20 = {BUCKS_UA_2020[0]: set(BUCKS_DISTRICTS_2019)} | {c: set(p) for c, (_, p) in MERGED_2019.items()}
    matched, unmatched = [], []
    for name, cat in zip(luf["name"], luf["priority_category"]):
        code = code20.get(name)
        row = {"la_code": code, "la_name": name, "priority_category": cat}
        county = [(c, d) for c, (n, d) in COUNTIES_2013.items() if n == name]
        if name in by_name13:
            matched.append({**row, "code_2013": by_name13[name], "matched_as": "2013 lower-tier LA of the same name"})
        elif county and set(county[0][1]) == area20.get(code, set()):
            matched.append({**row, "code_2013": county[0][0],
                            "matched_as": "2013 county of the same name and the same districts"})
        elif code in name13:
            unmatched.append({**row, "reason": f"renamed: called {name13[code]} in 2013 (same code {code}); "
                                               f"no 2013 LA named {name}"})
        elif code in MERGED_2019:
            parts = ", ".join(sorted(MERGED_2019[code][1]))
            why = f"created April 2019 from {parts}; no 2013 LA of this name and area"
            if county:
                gone = ", ".join(sorted(set(county[0][1]) - area20[code]))
                why += f" (the 2013 county of this name also held {gone})"
            unmatched.append({**row, "reason": why})
        else:
            unmatched.append({**row, "reason": "unexplained: no 2013 LA of this name"})
    cols = ["la_code", "la_name", "priority_category"]
    return (pd.DataFrame(matched, columns=cols + ["code_2013", "matched_as"]).sort_values("la_code").reset_index(drop=True),
            pd.DataFrame(unmatched, columns=cols + ["reason"]).sort_values("la_code").reset_index(drop=True))


# ============================================================================================
# the Leave and left-behind analyses: why LA 2019 codes and 2017 wards do not match


def lad19_created_reasons() -> dict[str, str]:
    """Why an LAD 2019 code has no 2016 (LAD 2017) counterpart: it was created by an April 2019 merger."""
    l = loaders.lookup_lad17_lad19()
    changed = l[(l["lad17_code"] != l["lad19_code"]) & l["lad19_code"].str.startswith("E")]
    return {new: f"LAD 2019 code created in April 2019 from {';'.join(sorted(grp['lad17_code']))}; "
                 f"no value of its own on the 2016 areas"
            for new, grp in changed.groupby("lad19_code")}


def ward17_reasons() -> dict[str, str]:
    """Why an English 2017 ward is in the CNI but not the BRC ward IMD, or the reverse.

    - no LSOA is best-fitted to the ward in the ONS LSOA 2011 -> ward 2017 lookup, so the ward IMD
      (an aggregation of LSOAs) has no value for it;
    - City of London and Isles of Scilly wards: OCSI's CNI omits both LAs.
    """
    wards = loaders.lookup_ward17_lad17()
    wards = wards[wards["ward17_code"].str.startswith("E05")]
    with_lsoa = set(loaders.lookup_lsoa11_ward17()["ward17_code"])
    reasons: dict[str, str] = {}
    for code, lad in zip(wards["ward17_code"], wards["lad17_code"]):
        if code not in with_lsoa:
            reasons[code] = "no LSOA best-fitted to this ward in the ONS LSOA->ward 2017 lookup: no ward IMD"
        elif lad == "E09000001":
            reasons[code] = "City of London ward: OCSI's CNI omits City of London"
        elif lad == "E06000053":
            reasons[code] = "Isles of Scilly ward: OCSI's CNI omits the Isles of Scilly"
    return reasons


# ============================================================================================
# Levelling Up Fund awards (extension 4, analysis ``luf_round1``): 2023 unitaries -> 2019 districts
#
# The award lists carry 2023 LAD codes. Six unitary authorities created between April 2020 and
# April 2023 replaced districts that exist in IoD 2019 and the April 2020 priority list. Which
# districts each replaced is a fact of public record, set by the Structural Changes Orders:
#   The Buckinghamshire (Structural Changes) Order 2019     -> Buckinghamshire (1 April 2020)
#   The Northamptonshire (Structural Changes) Order 2020    -> North / West Northamptonshire (1 April 2021)
#   The Cumbria (Structural Changes) Order 2022             -> Cumberland, Westmorland and Furness (1 April 2023)
#   The North Yorkshire (Structural Changes) Order 2022     -> North Yorkshire (1 April 2023)
#   The Somerset (Structural Changes) Order 2022            -> Somerset (1 April 2023)
# Codes of the new unitaries are ONS's (Register of Geographic Codes); the 2019 district codes
# are those of IoD 2019 File 10. The table below is transcribed from those orders, not derived.

#: 2023 unitary code -> (2023 name, the 2019 district codes it replaced)
SUCCESSORS_2023: dict[str, tuple[str, tuple[str, ...]]] = {
    "E06000060": ("Buckinghamshire", ("E07000004", "E07000005", "E07000006", "E07000007")),
    "E06000061": ("North Northamptonshire", ("E07000150", "E07000152", "E07000153", "E07000156")),
    "E06000062": ("West Northamptonshire", ("E07000151", "E07000154", "E07000155")),
    "E06000063": ("Cumberland", ("E07000026", "E07000028", "E07000029")),
    "E06000064": ("Westmorland and Furness", ("E07000027", "E07000030", "E07000031")),
    "E06000065": ("North Yorkshire", ("E07000163", "E07000164", "E07000165", "E07000166", "E07000167",
                                      "E07000168", "E07000169")),
    "E06000066": ("Somerset", ("E07000187", "E07000188", "E07000189", "E07000246")),
}


def lad23_successor_table() -> pd.DataFrame:
    """:data:`SUCCESSORS_2023` as a long table: ``lad23_code, lad23_name, lad19_code`` (one row per district)."""
    rows = [(c, nm, d) for c, (nm, ds) in SUCCESSORS_2023.items() for d in ds]
    return pd.DataFrame(rows, columns=["lad23_code", "lad23_name", "lad19_code"])


#: the April each unitary of :data:`SUCCESSORS_2023` took over from its districts
SUCCESSOR_YEAR = {"E06000060": 2020, "E06000061": 2021, "E06000062": 2021, "E06000063": 2023, "E06000064": 2023,
                  "E06000065": 2023, "E06000066": 2023}


def lad19_to_lad23(lad19_codes, successors: dict | None = None) -> pd.DataFrame:
    """The LAD of April 2023 that each 2019 LAD is part of: ``lad19_code, lad23_code, merged``.

    A district replaced by a unitary of ``successors`` (default :data:`SUCCESSORS_2023`) maps to it
    (``merged`` True); every other code is kept as it is, as the mid-2022 population file and IoD 2025
    keep it. ONS's own later series re-code Barnsley and Sheffield after a 2021 boundary change
    (E08000016 -> E08000038, E08000019 -> E08000039); a join with such a series must match them by name.
    Many-to-one: a 2023 value is the sum over its 2019 LADs.
    """
    successors = SUCCESSORS_2023 if successors is None else successors
    to23 = {d: u for u, (_, ds) in successors.items() for d in ds}
    codes = pd.Series(list(lad19_codes), dtype=object, name="lad19_code")
    if not codes.is_unique:
        raise ValueError(f"lad19 codes are not unique: {sorted(codes[codes.duplicated()].unique())}")
    unitaries = sorted(set(codes) & set(successors))
    if unitaries:
        raise ValueError(f"codes of post-2019 unitaries given as 2019 LADs: {unitaries}")
    return pd.DataFrame({"lad19_code": codes, "lad23_code": codes.map(lambda c: to23.get(c, c)),
                         "merged": codes.isin(list(to23))})


def lad23_reasons(successors: dict | None = None) -> dict[str, str]:
    """Why a 2019 LAD has no 2023 row of its own (merged), or a 2023 LAD no 2019 row (created)."""
    successors = SUCCESSORS_2023 if successors is None else successors
    reasons = {}
    for u, (name, ds) in successors.items():
        year = SUCCESSOR_YEAR.get(u, "2020-2023")
        reasons[u] = f"{name}: unitary created April {year} from {';'.join(ds)}"
        for d in ds:
            reasons[d] = f"2019 district merged into {name} ({u}) in April {year}"
    return reasons


def reconcile_lad19_lad23(lad19: pd.DataFrame, lad23: pd.DataFrame, *, name: str,
                          right_label: str) -> tuple[pd.DataFrame, Reconciliation, Reconciliation]:
    """Map 2019 LADs to a table of 2023 LADs, reporting every code on either side that did not match.

    ``lad19`` has ``lad19_code, lad19_name``; ``lad23`` has ``lad23_code`` (and ``lad23_name``).
    Returns ``(mapping, direct, mapped)``: the :func:`lad19_to_lad23` mapping; the direct join of the
    two code lists (the merged districts and the unitaries that replaced them, each with its reason);
    and the join after mapping, in which any unmatched code is unexplained.
    """
    mapping = lad19_to_lad23(lad19["lad19_code"])
    names23 = "lad23_name" if "lad23_name" in lad23.columns else None
    _, direct = reconcile(lad19[["lad19_code", "lad19_name"]], lad23, "lad19_code", "lad23_code",
                          name=f"{name} (codes as they are)", left_label="IoD 2019 LADs", right_label=right_label,
                          left_name="lad19_name", right_name=names23, reasons=lad23_reasons())
    mapped23 = mapping[["lad23_code"]].drop_duplicates()
    _, mapped = reconcile(mapped23, lad23, "lad23_code", name=f"{name} (2019 LADs mapped to 2023)",
                          left_label="IoD 2019 LADs mapped to 2023", right_label=right_label,
                          right_name=names23, reasons={})
    return mapping, direct, mapped
