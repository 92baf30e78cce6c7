"""The current areas (the LAs of April 2023, with Barnsley's and Sheffield's 2025 codes), the level of
any GSS or ITL code, and how a file keyed by older codes reaches them.

ONS's Explore Local Statistics files mix vintages: most back-cast every year to the LAs of April 2023
but keep Barnsley and Sheffield on their codes of before 2025 (E08000016, E08000019); some list a
district both under its old and its new code; some keep the districts of before 2019 (travel time) or
of before 2023 (well-being); GVA gives England and the regions under their ITL codes. The functions
here put every such file on one set of codes and say, for each area, why it did not match:

- :func:`level_of` names the level of a code (England, region, county, local authority, ...);
- :func:`current_areas` is the reference: England, its 9 regions, 21 counties and 296 local
  authorities of April 2023, on the 2025 codes of Barnsley and Sheffield;
- :func:`to_current` re-codes a file's rows onto current codes (a same-area re-code,
  :data:`RECODED_SAME_AREA`; ITL1 to GSS, :data:`ITL1_GSS`) and sets aside, with the reason, the rows
  ONS marks as obsolete codes of areas merged or split since, and rows listed twice;
- :func:`reconcile_current` joins a file's areas to the reference and reports every area on either
  side that did not match, and why; :func:`period_gaps` lists the periods a matched area lacks.

Facts of public record are typed here once; every function takes the tables it needs as arguments.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.data.geography.reconcile import COUNTRY, Reconciliation, reconcile
from analysis.data.geography.vintages import MERGED_2019, RECODED_2013, SUCCESSOR_YEAR, SUCCESSORS_2023, lad19_to_lad23

#: the levels a joined file's rows may be at, and their order in the reference
JOINED_LEVELS = ("england", "region", "county", "lad")

#: level of a GSS code by its first three characters
_LEVEL_BY_PREFIX = {
    "K02": "uk", "K99": "uk", "K03": "great_britain", "K04": "england_and_wales",
    "E92": "england", "W92": "nation", "S92": "nation", "N92": "nation",
    "E12": "region", "E13": "london_part", "E11": "metropolitan_county", "E10": "county",
    "E06": "lad", "E07": "lad", "E08": "lad", "E09": "lad", "W06": "lad", "S12": "lad", "N09": "lad",
    "E47": "combined_authority", "E61": "combined_authority", "N34": "combined_authority",
    "W42": "combined_authority", "E23": "police_force", "W15": "police_force",
}
LEVELS = tuple(dict.fromkeys([*_LEVEL_BY_PREFIX.values(), "itl1", "itl2", "itl3"]))
_ITL = re.compile(r"^TL[B-N][0-9A-Z]{0,2}$")

#: ITL1 codes and the GSS code of the same area: England (TLB), its nine regions (TLC to TLK, the
#: former Government Office Regions) and the three other nations (ONS, International Territorial Levels)
ITL1_GSS = {
    "TLB": ("E92000001", "England"), "TLC": ("E12000001", "North East"), "TLD": ("E12000002", "North West"),
    "TLE": ("E12000003", "Yorkshire and The Humber"), "TLF": ("E12000004", "East Midlands"),
    "TLG": ("E12000005", "West Midlands"), "TLH": ("E12000006", "East of England"), "TLI": ("E12000007", "London"),
    "TLJ": ("E12000008", "South East"), "TLK": ("E12000009", "South West"), "TLL": ("W92000004", "Wales"),
    "TLM": ("S92000003", "Scotland"), "TLN": ("N92000002", "Northern Ireland"),
}

# Codes ONS replaced while the area stayed that of the same authority: minor boundary changes (the
# Hertfordshire districts in 2012-2013, Northumberland, Gateshead and so Tyne and Wear in 2013,
# Barnsley and Sheffield, whose codes of 2025 ONS's later series use), and the three counties whose
# whole area became one unitary authority (Buckinghamshire 2020, North Yorkshire and Somerset 2023).
# A row under the old code is a row for the new one. (Cumbria and Northamptonshire were split in two,
# Dorset county lost Christchurch: those are not re-codes.)

#: old code -> (new code, the year ONS changed it, the area's name)
RECODED_SAME_AREA: dict[str, tuple[str, int, str]] = {
    "E07000100": ("E07000240", 2012, "St Albans"), "E07000104": ("E07000241", 2012, "Welwyn Hatfield"),
    "E07000097": ("E07000242", 2013, "East Hertfordshire"), "E07000101": ("E07000243", 2013, "Stevenage"),
    **{old: (new, 2013, name) for (old, new), name in zip(RECODED_2013.items(), ("Northumberland", "Gateshead"))},
    "E11000004": ("E11000007", 2013, "Tyne and Wear"),
    "E08000016": ("E08000038", 2025, "Barnsley"), "E08000019": ("E08000039", 2025, "Sheffield"),
    "E10000002": ("E06000060", 2020, "Buckinghamshire"), "E10000023": ("E06000065", 2023, "North Yorkshire"),
    "E10000027": ("E06000066", 2023, "Somerset"),
}

_OBSOLETE = re.compile(r"Obsolete code since (\d{4}) \(replaced by (.*)\)")
_GSS = re.compile(r"[EKNSW]\d{8}")
_VALUES = ["value", "lci", "uci", "status"]


def level_of(codes: pd.Series) -> pd.Series:
    """The level of each code: ``england``, ``region``, ``county``, ``lad`` (a lower-tier or unitary local
    authority, in any nation), ``nation``, ``uk``, ``combined_authority``, ``police_force``, ``itl1`` ...
    (:data:`LEVELS`). An unknown code stops with the list of the codes."""
    codes = pd.Series(codes, dtype=object)
    level = codes.str[:3].map(_LEVEL_BY_PREFIX)
    itl = codes.str.match(_ITL.pattern)
    level = level.where(~itl, "itl" + (codes.str.len() - 2).astype(str))
    unknown = sorted(set(codes[level.isna()]))
    if unknown:
        raise ValueError(f"codes of no known level: {unknown[:10]} (GSS codes of {', '.join(sorted(_LEVEL_BY_PREFIX))}, "
                         f"or ITL codes TLB to TLN)")
    return level


def obsolete_note(notes: pd.Series) -> pd.DataFrame:
    """``obsolete_since`` (year) and ``replaced_by`` (codes joined by ";") from ONS's notes of the form
    "Obsolete code since 2023 (replaced by E06000065 North Yorkshire)"; empty where a note says nothing of it."""
    m = pd.Series(notes, dtype=object).fillna("").str.extract(_OBSOLETE)
    return pd.DataFrame({"obsolete_since": pd.to_numeric(m[0]).astype("Int64"),
                         "replaced_by": m[1].map(lambda s: ";".join(_GSS.findall(s)) if isinstance(s, str) else None)},
                        index=m.index)


def current_areas(areas: pd.DataFrame) -> pd.DataFrame:
    """The reference set of current areas from a table of the areas of April 2023 (``area_code,
    area_name``: e.g. the mid-2022 population file's), with Barnsley and Sheffield on their 2025 codes and
    England and the regions under their names of :data:`ITL1_GSS`: ``area_code, area_name, level``, England (1), regions (9), counties (21), local authorities (296)."""
    a = areas[["area_code", "area_name"]].drop_duplicates()
    a = a[a["area_code"].str.match(r"^E(92|12|10|0[6-9])\d{6}$")].copy()
    a["area_code"] = a["area_code"].map(lambda c: RECODED_SAME_AREA[c][0] if c in RECODED_SAME_AREA else c)
    names = dict(ITL1_GSS.values())  # England's and the regions' names as ONS writes them
    a["area_name"] = a["area_code"].map(names).fillna(a["area_name"])
    a["level"] = level_of(a["area_code"])
    counts = a["level"].value_counts().to_dict()
    want = {"england": 1, "region": 9, "county": 21, "lad": 296}
    if counts != want or not a["area_code"].is_unique:
        raise ValueError(f"current areas: expected {want} (the areas of April 2023), found {counts}")
    order = {lv: i for i, lv in enumerate(JOINED_LEVELS)}
    return a.sort_values(["level", "area_code"], key=lambda s: s.map(order) if s.name == "level" else s) \
            .reset_index(drop=True)[["area_code", "area_name", "level"]]


def _same(a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """Row by row, whether two aligned frames hold the same values (missing equals missing)."""
    return ((a.values == b.values) | (pd.isna(a.values) & pd.isna(b.values))).all(axis=1)


def to_current(df: pd.DataFrame, *, itl1_as_regions: bool = False, where: str = "table") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Put a parsed ELS table on current codes: ``(kept, set_aside)``.

    ``df`` has ``area_code, area_name, geography, indicator, period, value, lci, uci, status, notes``.
    ``kept`` gains ``published_code`` (the file's code) and ``level``; its ``area_code`` is current where
    a re-code applies. ``set_aside`` holds the rows not carried forward, each with ``reason``:

    1. a row listed twice under two geography labels with the same values (e.g. a combined authority
       that is also an ITL2 area): the second is set aside; different values stop with the rows;
    2. a code of :data:`RECODED_SAME_AREA` is re-coded to its successor, unless the file also has the
       successor's row for that period and indicator, when the old row is set aside (listed twice);
    3. any other row whose note marks an obsolete code (a district or county merged or split since,
       a combined authority replaced) is set aside: it is no current area's value.

    With ``itl1_as_regions`` the ITL1 codes become England's, the regions' and the nations' GSS codes
    (:data:`ITL1_GSS`): for a file that gives them under ITL codes only.
    """
    out = df.copy()
    out["published_code"] = out["area_code"]
    out = pd.concat([out.reset_index(drop=True), obsolete_note(out["notes"]).reset_index(drop=True)], axis=1)
    if itl1_as_regions:
        itl = out["area_code"].isin(list(ITL1_GSS))
        out.loc[itl, "area_code"] = out.loc[itl, "area_code"].map(lambda c: ITL1_GSS[c][0])
    out["reason"] = None
    key = ["area_code", "period", "indicator"]

    # 1. the same row under two geography labels
    dup = out.duplicated(key, keep="first")
    if dup.any():
        first = out[~dup].set_index(key)
        again = out[dup]
        same = _same(again[_VALUES], first.loc[pd.MultiIndex.from_frame(again[key]), _VALUES])
        if not same.all():
            bad = again.loc[~same, key].head(5).to_dict("records")
            raise ValueError(f"{where}: rows listed twice with different values, e.g. {bad}")
        labels = first.loc[pd.MultiIndex.from_frame(again[key]), "geography"].to_numpy()
        out.loc[dup, "reason"] = [f"listed twice, also as {lab}, with the same values" for lab in labels]

    # 2. same-area re-codes
    live = out["reason"].isna()
    old = live & out["area_code"].isin(list(RECODED_SAME_AREA))
    new_code = out.loc[old, "area_code"].map(lambda c: RECODED_SAME_AREA[c][0])
    have = out[live & ~old].set_index(key)
    target = pd.MultiIndex.from_arrays([new_code, out.loc[old, "period"], out.loc[old, "indicator"]])
    twice = pd.Series(target.isin(have.index), index=new_code.index)
    if twice.any():
        rows = out.loc[twice[twice].index]
        succ = have.loc[target[twice.to_numpy()], _VALUES]
        same = _same(rows[_VALUES], succ)
        out.loc[rows.index, "reason"] = [
            f"listed twice: also under its current code {c}" + (" with the same values" if s else ", with other values")
            for c, s in zip(new_code[twice], same)]
    recode = twice.index[~twice.to_numpy()]
    out.loc[recode, "area_code"] = new_code[recode]

    # 3. other obsolete codes
    rest = out["reason"].isna() & out["obsolete_since"].notna() & ~out.index.isin(recode)
    out.loc[rest, "reason"] = [f"obsolete code since {y}, replaced by {r.replace(';', ' and ')}: no current area's value"
                               for y, r in zip(out.loc[rest, "obsolete_since"], out.loc[rest, "replaced_by"])]
    out["level"] = level_of(out["area_code"])
    aside = out["reason"].notna()
    kept = out[~aside].drop(columns=["reason", "obsolete_since", "replaced_by"]).reset_index(drop=True)
    return kept, out[aside].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# the join to the current areas


def successors(set_aside: pd.DataFrame | None = None) -> dict[str, set[str]]:
    """Each replaced code's immediate successors: the typed tables (the April 2019 mergers, the
    unitaries of 2020-2023, the same-area re-codes) and ONS's own notes on the set-aside rows."""
    succ: dict[str, set[str]] = {}
    for new, (_, olds) in MERGED_2019.items():
        for o in olds:
            succ.setdefault(o, set()).add(new)
    for new, (_, olds) in SUCCESSORS_2023.items():
        for o in olds:
            succ.setdefault(o, set()).add(new)
    for old, (new, _, _) in RECODED_SAME_AREA.items():
        succ.setdefault(old, set()).add(new)
    if set_aside is not None and len(set_aside):
        notes = set_aside.dropna(subset=["replaced_by"]).drop_duplicates(["published_code", "replaced_by"])
        for code, rep in zip(notes["published_code"], notes["replaced_by"]):
            if code not in succ:  # the typed tables are more precise (a district to one of two unitaries)
                succ.setdefault(code, set()).update(rep.split(";"))
    return succ


def current_of(code: str, succ: dict[str, set[str]], current: set[str]) -> set[str]:
    """The current codes an old code leads to through ``succ`` (itself if current; empty if none)."""
    seen, todo, found = set(), [code], set()
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        if c in current:
            found.add(c)
        else:
            todo.extend(succ.get(c, ()))
    return found


def _created(code: str) -> str | None:
    if code in SUCCESSORS_2023:
        return f"April {SUCCESSOR_YEAR[code]}"
    if code in MERGED_2019:
        return "April 2019"
    return None


def reconcile_current(kept: pd.DataFrame, set_aside: pd.DataFrame, reference: pd.DataFrame, *,
                      levels: tuple[str, ...] = JOINED_LEVELS, name: str = "file") -> tuple[pd.DataFrame, Reconciliation]:
    """Join a file's areas (``kept``, from :func:`to_current`) to the current areas (``reference``,
    from :func:`current_areas`) at ``levels``, and say why each area on either side did not match.

    Returns the file's areas with the reference's name and level (``area_code, area_name, level,
    current_name``) and the :class:`Reconciliation`. A current area the file lacks is explained by the
    predecessors the file has (kept under their old codes, or set aside as obsolete), or by a level
    the file does not publish; a file's area missing from the reference is a district merged since,
    an area outside England, or unexplained.
    """
    bad = sorted(set(levels) - set(JOINED_LEVELS))
    if bad:
        raise ValueError(f"{name}: levels {bad} cannot be joined; choose from {JOINED_LEVELS}")
    ref = reference[reference["level"].isin(levels)].rename(columns={"area_name": "current_name"})
    areas = kept[kept["level"].isin(levels)].drop_duplicates("area_code")[["area_code", "area_name", "level"]]
    current = set(reference["area_code"])
    succ = successors(set_aside)
    olds = set(areas["area_code"]) - current
    aside_codes = set(set_aside["published_code"]) if len(set_aside) else set()
    names = dict(zip(reference["area_code"], reference["area_name"]))
    for t in (set_aside, kept):
        if len(t):
            names |= dict(zip(t["published_code"], t["area_name"]))

    def named(codes, sep: str = ", ") -> str:
        return sep.join(f"{names[c]} ({c})" if c in names else c for c in sorted(codes))

    reasons: dict[str, str] = {}
    for code in sorted(olds):
        leads = sorted(current_of(code, succ, current))
        if code[:1] in COUNTRY and code[:1] != "E":
            continue  # reconcile() says "outside England"
        if leads:
            reasons[code] = f"former code, kept as published: now part of {named(leads, ' and ')}"
    preds: dict[str, set[str]] = {}
    for code in olds | aside_codes:
        for c in current_of(code, succ, current):
            preds.setdefault(c, set()).add(code)
    present = set(areas["area_code"])
    for code, lv in zip(ref["area_code"], ref["level"]):
        if code in present:
            continue
        p = sorted(preds.get(code, ()))
        if p:
            how = "set aside as obsolete codes" if set(p) <= aside_codes else "kept under their former codes"
            made = _created(code)
            reasons[code] = (f"published only for the areas it replaced{f' in {made}' if made else ''}: "
                             f"{named(p)} ({how})")
        elif not (areas["level"] == lv).any():
            reasons[code] = f"the file has no {lv.replace('lad', 'local authority')} rows"
    joined, rec = reconcile(areas, ref[["area_code", "current_name"]], "area_code", name=name,
                            left_label=name, right_label="current areas", left_name="area_name",
                            right_name="current_name", reasons=reasons, how="left")
    return joined.sort_values("area_code").reset_index(drop=True), rec


def period_gaps(kept: pd.DataFrame, reference: pd.DataFrame, *, levels: tuple[str, ...] = ("county", "lad")) -> pd.DataFrame:
    """The periods, by indicator, for which a current area at ``levels`` has no row although other
    areas at its level have: ``area_code, area_name, indicator, level, missing`` (the periods' labels,
    joined by "; ") and ``reason`` ("before it was created in April YYYY" for a unitary of 2019-2023
    whose missing periods all start before then; otherwise "not in the file for these periods")."""
    cur = reference[reference["level"].isin(levels)]
    k = kept[kept["area_code"].isin(cur["area_code"])]
    rows = []
    for (ind, lv), grp in k.groupby(["indicator", "level"]):
        periods = grp.drop_duplicates("period").set_index("period")
        have = grp.groupby("area_code")["period"].agg(set)
        for code, got in have.items():
            missing = periods.loc[sorted(set(periods.index) - got)]
            if missing.empty:
                continue
            made = _created(code)
            before = made and (missing["period_start"] < pd.Timestamp(int(made[-4:]), 4, 1)).all()
            rows.append({"area_code": code, "indicator": ind, "level": lv,
                         "missing": "; ".join(missing.sort_values("period_start")["period_label"]),
                         "reason": f"before it was created in {made}" if before else "not in the file for these periods"})
    out = pd.DataFrame(rows, columns=["area_code", "indicator", "level", "missing", "reason"])
    out.insert(1, "area_name", out["area_code"].map(reference.set_index("area_code")["area_name"]))
    return out.sort_values(["indicator", "area_code"]).reset_index(drop=True)


def lad19_current(lad19_codes) -> pd.DataFrame:
    """The current LA (April 2023, Barnsley and Sheffield on their 2025 codes) each English LAD of 2019 is
    part of: ``lad19_code, area_code``. Many-to-one where districts merged into a unitary."""
    to23 = lad19_to_lad23(lad19_codes)
    now = to23["lad23_code"].map(lambda c: RECODED_SAME_AREA.get(c, (c,))[0])
    return pd.DataFrame({"lad19_code": to23["lad19_code"], "area_code": now})


def current_boundaries(boundaries):
    """England's LAD December 2019 polygons (``lad19_code, geometry``) dissolved into the current LAs
    (:func:`lad19_current`): one polygon per ``area_code``, in the boundaries' projection."""
    england = boundaries[boundaries["lad19_code"].str.startswith("E")]
    key = lad19_current(england["lad19_code"]).set_index("lad19_code")["area_code"]
    g = england[["lad19_code", "geometry"]].assign(area_code=england["lad19_code"].map(key))
    return g.dissolve(by="area_code", as_index=False)[["area_code", "geometry"]]
