"""Every ONS Explore Local Statistics file joined to the current areas (the LAs of April 2023 with
Barnsley's and Sheffield's 2025 codes): unit tests of the re-coding and the reconciliation on small
frames, then each real file's unmatched set and period gaps, pinned.

The facts behind the pins are public: the April 2019 mergers (Bournemouth, Christchurch and Poole;
Dorset; East and West Suffolk; Somerset West and Taunton), the unitaries of 2020-2023 (Buckinghamshire,
North and West Northamptonshire, Cumberland, Westmorland and Furness, North Yorkshire, Somerset), and
each file's documented vintage: the travel-time file on districts of before 2019, well-being on those of
before 2023, the two September 2022 snapshots on those of 2021-22.
"""

import re

import pandas as pd
import pytest

from analysis.data import geography, loaders
from analysis.data.geography.current import RECODED_SAME_AREA, current_of, successors
from analysis.data.loaders.els import ELS_DATASETS


def test_level_of_every_kind_of_code():
    codes = ["K02000001", "K04000001", "E92000001", "W92000004", "E12000001", "E10000002", "E06000001", "S12000033",
             "E47000001", "E23000034", "TLB", "TLC", "TLC1", "TLC11", "K99000002", "E13000001", "E11000007"]
    assert geography.level_of(pd.Series(codes)).tolist() == [
        "uk", "england_and_wales", "england", "nation", "region", "county", "lad", "lad", "combined_authority",
        "police_force", "itl1", "itl1", "itl2", "itl3", "uk", "london_part", "metropolitan_county"]
    with pytest.raises(ValueError, match=r"codes of no known level: \['E99000001', 'XYZ'\]"):
        geography.level_of(pd.Series(["E06000001", "E99000001", "XYZ"]))


def test_obsolete_notes_are_read():
    got = geography.obsolete_note(pd.Series([
        "Obsolete code since 2021 (replaced by E06000061 North Northamptonshire and E06000062 West Northamptonshire)",
        "Data not available", None]))
    assert got["obsolete_since"].tolist()[0] == 2021 and got["obsolete_since"].isna().tolist()[1:] == [True, True]
    assert got["replaced_by"].tolist()[0] == "E06000061;E06000062" and got["replaced_by"].isna().tolist()[1:] == [True, True]


def areas_2023(n_lad=296, barnsley="E08000016"):
    rows = [("E92000001", "England")] + [(f"E1200000{i}", f"R{i}") for i in range(1, 10)]
    rows += [(f"E100001{i:02d}", f"C{i}") for i in range(1, 22)]
    rows += [(barnsley, "Barnsley")] + [(f"E07{i + 300:06d}", f"D{i}") for i in range(1, n_lad)]
    return pd.DataFrame(rows, columns=["area_code", "area_name"])


def test_current_areas_put_barnsley_on_its_2025_code_and_check_the_counts():
    ref = geography.current_areas(areas_2023())
    assert len(ref) == 327 and "E08000038" in set(ref["area_code"]) and "E08000016" not in set(ref["area_code"])
    assert ref["level"].tolist()[:2] == ["england", "region"]
    assert ref["area_name"].tolist()[:2] == ["England", "North East"]
    with pytest.raises(ValueError, match="expected .*'lad': 296.* found .*'lad': 295"):
        geography.current_areas(areas_2023(n_lad=295))


def test_current_areas_from_the_population_file():
    ref = geography.current_areas(loaders.population_2022())
    assert ref["level"].value_counts().to_dict() == {"lad": 296, "county": 21, "region": 9, "england": 1}
    assert {"E08000038", "E08000039", "E06000063", "E06000066"} <= set(ref["area_code"])
    assert not {"E08000016", "E08000019", "E07000246", "E10000023"} & set(ref["area_code"])


def test_successors_chain_to_the_current_areas():
    current = {"E06000066", "E06000063", "E06000064", "E06000060", "E08000038"}
    succ = successors()
    assert current_of("E07000190", succ, current) == {"E06000066"}  # Taunton Deane -> SWT (2019) -> Somerset (2023)
    assert current_of("E10000002", succ, current) == {"E06000060"}  # Buckinghamshire county: the same area
    assert current_of("E10000006", succ, current) == set()  # Cumbria: known only from ONS's note
    aside = pd.DataFrame({"published_code": ["E10000006"], "replaced_by": ["E06000063;E06000064"]})
    assert current_of("E10000006", successors(aside), current) == {"E06000063", "E06000064"}
    assert current_of("E06000066", succ, current) == {"E06000066"}


def frame(codes, periods=("2019",), indicator="Share", value=1.0):
    rows = [{"area_code": c, "area_name": n, "geography": "g", "indicator": indicator, "period": p,
             "period_start": pd.Timestamp(int(p), 1, 1), "period_label": p, "value": value, "lci": None, "uci": None,
             "status": None, "notes": note} for c, n, note in codes for p in periods]
    return pd.DataFrame(rows)


REF = pd.DataFrame({"area_code": ["E92000001", "E06000058", "E06000001", "E06000063", "E10000012"],
                    "area_name": ["England", "BCP", "Hartlepool", "Cumberland", "Essex"],
                    "level": ["england", "lad", "lad", "lad", "county"]})


def test_reconcile_current_explains_every_unmatched_area():
    df = frame([("E92000001", "England", None), ("E06000001", "Hartlepool", None),
                ("E06000028", "Bournemouth", "Obsolete code since 2019 (replaced by E06000058 Bournemouth, Christchurch and Poole)"),
                ("E07000026", "Allerdale", None), ("W06000001", "Anglesey", None), ("E06000099", "Nowhere", None)])
    kept, aside = geography.to_current(df)
    assert aside["published_code"].tolist() == ["E06000028"]
    joined, rec = geography.reconcile_current(kept, aside, REF, name="toy")
    assert rec.matched == 2 and len(joined) == 5
    left = dict(zip(rec.unmatched_left["key"], rec.unmatched_left["reason"]))
    right = dict(zip(rec.unmatched_right["key"], rec.unmatched_right["reason"]))
    assert left == {"E06000099": "unexplained: no counterpart in current areas", "W06000001": "Wales: outside England",
                    "E07000026": "former code, kept as published: now part of Cumberland (E06000063)"}
    assert right == {
        "E06000058": "published only for the areas it replaced in April 2019: Bournemouth (E06000028) (set aside as "
                     "obsolete codes)",
        "E06000063": "published only for the areas it replaced in April 2023: Allerdale (E07000026) (kept under their "
                     "former codes)",
        "E10000012": "the file has no county rows"}
    assert rec.unexplained["key"].tolist() == ["E06000099"]
    _, rec = geography.reconcile_current(kept, aside, REF, levels=("england",), name="toy")
    assert rec.table().empty
    with pytest.raises(ValueError, match=r"levels \['police_force'\] cannot be joined"):
        geography.reconcile_current(kept, aside, REF, levels=("police_force",))


def test_period_gaps_name_the_periods_and_why():
    df = pd.concat([frame([("E06000001", "Hartlepool", None)], periods=("2018", "2020", "2023")),
                    frame([("E06000058", "BCP", None), ("E06000063", "Cumberland", None)], periods=("2019", "2020", "2023"))])
    kept, _ = geography.to_current(df)
    gaps = geography.period_gaps(kept, REF)
    got = {c: (m, r) for c, m, r in zip(gaps["area_code"], gaps["missing"], gaps["reason"])}
    assert got == {"E06000001": ("2019", "not in the file for these periods"),
                   "E06000058": ("2018", "before it was created in April 2019"),
                   "E06000063": ("2018", "before it was created in April 2023")}


def test_a_row_listed_twice_with_other_values_stops():
    df = pd.concat([frame([("E06000001", "Hartlepool", None)]), frame([("E06000001", "Hartlepool", None)], value=2.0)])
    with pytest.raises(ValueError, match="toy: rows listed twice with different values"):
        geography.to_current(df, where="toy")


# --- the typed tables against ONS's own notes ------------------------------------------------------


def notes_of_every_file() -> pd.DataFrame:
    frames = []
    for d in ELS_DATASETS:
        kept, aside = loaders.els(d), loaders.els_set_aside(d)
        both = pd.concat([kept[["published_code", "notes"]], aside[["published_code", "notes"]]])
        frames.append(both.assign(dataset=d))
    out = pd.concat(frames).dropna(subset=["notes"])
    return pd.concat([out.reset_index(drop=True), geography.obsolete_note(out["notes"]).reset_index(drop=True)], axis=1) \
             .dropna(subset=["replaced_by"]).drop_duplicates(["published_code", "replaced_by"])


def test_same_area_recodes_agree_with_onss_notes():
    notes = notes_of_every_file()
    noted = notes[notes["published_code"].isin(list(RECODED_SAME_AREA))]
    for code, rep in zip(noted["published_code"], noted["replaced_by"]):
        assert rep.split(";") == [RECODED_SAME_AREA[code][0]], code
    assert set(RECODED_SAME_AREA) == set(noted["published_code"])  # every typed re-code occurs in some file


def test_typed_successors_agree_with_onss_notes():
    """Where a merger is typed (2019 mergers, the unitaries of 2020-2023), the current area it leads to is
    one that ONS's note leads to too (the note names both Northamptonshire unitaries for every district)."""
    current = set(geography.current_areas(loaders.population_2022())["area_code"])
    notes = notes_of_every_file()
    typed, noted = successors(), {}
    for code, rep in zip(notes["published_code"], notes["replaced_by"]):
        noted.setdefault(code, set()).update(rep.split(";"))
    checked = 0
    for code in noted:
        if code in typed and code[:3] in ("E06", "E07", "E08", "E10"):
            t = current_of(code, typed, current)
            n = set().union(*(current_of(c, typed, current) for c in noted[code]))
            assert t and t <= n, (code, t, n)
            checked += 1
    assert checked >= 50


def test_itl1_names_are_the_regions_names():
    pay = loaders.els("gross_median_weekly_pay")
    ons = pay[pay["level"].isin(["england", "region", "nation"])].drop_duplicates("area_code") \
        .set_index("area_code")["area_name"]
    assert {c: n for c, n in geography.ITL1_GSS.values()} == ons.to_dict()
    gva = loaders.els("gross_value_added")
    names = gva[gva["level"] == "region"].drop_duplicates("area_code").set_index("area_code")["area_name"]
    assert {c: n.removesuffix(" (England)") for c, n in names.items()} == {
        c: n for c, n in geography.ITL1_GSS.values() if c.startswith("E12")}


# --- each real file's join, pinned ----------------------------------------------------------------

_APRIL_2023 = {"E06000063": ["E07000026", "E07000028", "E07000029"], "E06000064": ["E07000027", "E07000030", "E07000031"],
               "E06000065": [f"E0700016{i}" for i in range(3, 10)],
               "E06000066": ["E07000187", "E07000188", "E07000189", "E07000246"]}
_SNAPSHOT_2022 = {
    **{d: ("former code, kept as published", [u]) for u, ds in _APRIL_2023.items() for d in ds},
    **{u: ("published only for the areas it replaced in April 2023", ds) for u, ds in _APRIL_2023.items()},
}
_REPLACED = "published only for the areas it replaced in April"

#: each file's areas (England, regions, counties, LAs) that did not match the current areas: why, in short,
#: and the codes the reason names (the predecessors a current area is known by, or a former code's successor)
UNMATCHED = {
    "average_travel_time": {
        "E06000058": (f"{_REPLACED} 2019", ["E06000028", "E06000029", "E07000048"]),
        "E06000059": (f"{_REPLACED} 2019", ["E07000049", "E07000050", "E07000051", "E07000052", "E07000053", "E10000009"]),
        "E06000061": (f"{_REPLACED} 2021", ["E07000150", "E07000152", "E07000153", "E07000156", "E10000021"]),
        "E06000062": (f"{_REPLACED} 2021", ["E07000151", "E07000154", "E07000155", "E10000021"]),
        "E06000063": (f"{_REPLACED} 2023", ["E07000026", "E07000028", "E07000029", "E10000006"]),
        "E06000064": (f"{_REPLACED} 2023", ["E07000027", "E07000030", "E07000031", "E10000006"]),
        "E07000244": (f"{_REPLACED} 2019", ["E07000205", "E07000206"]),
        "E07000245": (f"{_REPLACED} 2019", ["E07000201", "E07000204"]),
    },
    "gigabit_capable_broadband_2022_09": _SNAPSHOT_2022,
    "network_coverage_4g_2022_09": _SNAPSHOT_2022,
    "personal_wellbeing_estimates": {
        "E06000063": (f"{_REPLACED} 2023", ["E07000026", "E07000028", "E07000029", "E10000006"]),
        "E06000064": (f"{_REPLACED} 2023", ["E07000027", "E07000030", "E07000031", "E10000006"]),
    },
}
#: files whose unmatched current areas are known only from rows kept under former codes (not set aside)
KEPT_UNDER_FORMER_CODES = {"gigabit_capable_broadband_2022_09", "network_coverage_4g_2022_09"}
#: the local authorities of Scotland, Wales and Northern Ireland in each file (outside the join)
OUTSIDE = {"S": 32, "W": 22, "N": 11}
OUTSIDE_BY_FILE = {d: OUTSIDE for d in ("gross_median_weekly_pay", "gross_value_added",
                                        "gross_disposable_household_income_per_head", "gigabit_capable_broadband",
                                        "gigabit_capable_broadband_2022_09", "network_coverage_4g",
                                        "network_coverage_4g_2022_09", "network_coverage_5g",
                                        "personal_wellbeing_estimates", "first_time_buyer_mortgage_sales")}
OUTSIDE_BY_FILE |= {"employment_rate": {"S": 32, "W": 22}, "qualifications_level_3_or_above": {"S": 32, "W": 22}}


@pytest.fixture(scope="module")
def reference():
    return geography.current_areas(loaders.population_2022())


@pytest.mark.parametrize("dataset", list(ELS_DATASETS))
def test_each_files_unmatched_set(dataset, reference):
    spec = ELS_DATASETS[dataset]
    kept, aside = loaders.els(dataset), loaders.els_set_aside(dataset)
    joined, rec = geography.reconcile_current(kept, aside, reference, levels=spec.levels, name=dataset)
    t = rec.table()
    outside = t["reason"].str.endswith("outside England")
    got = {k: (r.split(":")[0], re.findall(r"\b[E]\d{8}\b", r.split(":", 1)[1]))
           for k, r in zip(t.loc[~outside, "key"], t.loc[~outside, "reason"])}
    assert got == UNMATCHED.get(dataset, {})
    replaced = t.loc[t["reason"].str.startswith(_REPLACED), "reason"]
    how = "(kept under their former codes)" if dataset in KEPT_UNDER_FORMER_CODES else "(set aside as obsolete codes)"
    assert replaced.str.endswith(how).all()
    assert t.loc[outside, "key"].str[0].value_counts().to_dict() == OUTSIDE_BY_FILE.get(dataset, {})
    assert rec.unexplained.empty
    wanted = reference[reference["level"].isin(spec.levels)]
    assert rec.matched == len(wanted) - len(rec.unmatched_right)
    assert joined["current_name"].notna().sum() == rec.matched


#: current areas with a row in some periods of a file but not in others
GAPS = {
    "further_education_and_skills_learner_achievements": {
        "E06000061": "2019/20", "E06000062": "2019/20", "E06000063": "2019/20; 2020/21; 2021/22",
        "E06000064": "2019/20; 2020/21; 2021/22"},
    "qualifications_level_3_or_above": {"E09000001": "2023"},
}
GAPS["apprenticeships"] = GAPS["further_education_and_skills_learner_achievements"]
_TO_2009 = "; ".join(f"{y}/{str(y + 1)[2:]}" for y in range(2001, 2010))
_TO_2019 = "; ".join(f"{y}/{str(y + 1)[2:]}" for y in range(2001, 2020))
GAPS["net_additions_to_the_housing_stock"] = {
    # the unitaries of April 2009 start in 2010/11 (their districts are not in the file); the Isles of Scilly in 2009/10
    **{c: _TO_2009 for c in ("E06000047", "E06000049", "E06000050", "E06000051", "E06000052", "E06000054",
                              "E06000055", "E06000056", "E06000057")},
    "E06000053": _TO_2009.rsplit("; ", 1)[0],
    # the authorities of 2019-2023 start a year after they were created
    **{c: _TO_2019 for c in ("E06000058", "E06000059", "E07000244", "E07000245")},
    "E06000060": "2020/21", "E06000061": _TO_2019 + "; 2020/21", "E06000062": _TO_2019 + "; 2020/21",
    "E06000063": _TO_2019 + "; 2020/21; 2021/22; 2022/23; 2023/24", "E06000064": _TO_2019 + "; 2020/21; 2021/22; 2022/23; 2023/24",
    "E06000065": "2023/24", "E06000066": "2023/24",
}


@pytest.mark.parametrize("dataset", list(ELS_DATASETS))
def test_each_files_period_gaps(dataset, reference):
    spec = ELS_DATASETS[dataset]
    levels = tuple(lv for lv in ("county", "lad") if lv in spec.levels)
    gaps = geography.period_gaps(loaders.els(dataset), reference, levels=levels)
    assert gaps.groupby("area_code")["missing"].first().to_dict() == GAPS.get(dataset, {})
    # every indicator of a file has the same gaps
    assert (gaps.groupby("area_code")["missing"].nunique() == 1).all()
    before = gaps[gaps["reason"].str.startswith("before it was created")]
    assert set(before["area_code"]) <= {"E06000061", "E06000062", "E06000063", "E06000064"}


def test_net_additions_lack_the_april_2023_unitaries_in_2023_24():
    df = loaders.els("net_additions_to_the_housing_stock")
    las = df[(df["level"] == "lad") & df["area_code"].str.startswith("E")].groupby("period_label")["area_code"].nunique()
    assert las["2023/24"] == 292 and las["2024/25"] == 296
