"""The "your area" page: the name search, the joins and the figures on synthetic frames; the table, the
search cases and the page's data on the real data."""

import ast
import json
import re

import pandas as pd
import pytest

from analysis import config
from analysis.data import geography
from analysis.pages import area
from analysis.studies import registry
from analysis.studies.study import AreaFigure

# ------------------------------------------------------------------------------ names and search


@pytest.mark.parametrize("raw, normal", [
    ("Kingston upon Hull, City of", "kingston upon hull"), ("City of London", "london"),
    ("Herefordshire, County of", "herefordshire"), ("King's Lynn and West Norfolk", "king s lynn and west norfolk"),
    ("  Brighton & Hove ", "brighton and hove"), ("Newcastle-upon-Tyne", "newcastle upon tyne")])
def test_name_key_of_the_joins_forgives_case_punctuation_and_city_of(raw, normal):
    assert geography.name_key(raw) == normal


@pytest.mark.parametrize("raw, key", [
    ("King's Lynn and West Norfolk", "kings lynn and west norfolk"), ("Kings Lynn", "kings lynn"),
    ("King\u2019s Lynn", "kings lynn"), ("St. Helens", "st helens"), ("Saint Helens", "st helens"),
    ("  HARTLEPOOL  ", "hartlepool"), ("Kingston upon Hull, City of", "kingston upon hull"),
    ("Hull City Council", "hull"), ("Suffolk County Council", "suffolk"), ("Royal Borough of Greenwich", "greenwich"),
    ("London Borough of Camden", "camden"), ("City of London", "city of london"), ("Brighton & Hove", "brighton and hove"),
    ("Stoke-on-Trent", "stoke on trent"), ("Saintbury", "saintbury"), ("", "")])
def test_search_key_forgives_case_spaces_punctuation_saint_and_council(raw, key):
    assert geography.search_key(raw) == key


def _places():
    return pd.DataFrame({
        "code": ["E06000010", "E08000029", "E07000203", "E07000200", "E07000026", "E07000028"],
        "name": ["Kingston upon Hull, City of", "Solihull", "Mid Suffolk", "Babergh", "Allerdale", "Carlisle"],
        "code_2023": ["E06000010", "E08000029", "E07000203", "E07000200", "E06000063", "E06000063"],
        "name_2023": ["Kingston upon Hull, City of", "Solihull", "Mid Suffolk", "Babergh", "Cumberland", "Cumberland"],
        "region": ["Yorkshire and The Humber", "West Midlands", "East", "East", "North West", "North West"],
        "county_code": [None, None, "E10000029", "E10000029", None, None],
        "county_name": [None, None, "Suffolk", "Suffolk", None, None]})


def _index():
    former = pd.DataFrame({"name": ["Shepway"], "lad19_code": ["E07000203"], "change": ["renamed"], "note": ["n"]})
    outside = pd.DataFrame({"name": ["Cardiff", "Wales"], "country": ["Wales", "Wales"]})
    return geography.search_index(_places(), former, outside)


@pytest.mark.parametrize("query, how, targets", [
    ("Hull", "words", [("la", "E06000010")]),            # a word of the name, not inside one (Solihull)
    ("kingston upon hull", "exact", [("la", "E06000010")]),
    ("solihull", "exact", [("la", "E08000029")]),
    ("suffolk", "exact", [("county", "E10000029")]),      # the county, not its districts named "... Suffolk"
    ("suff", "words", [("la", "E07000203"), ("county", "E10000029")]),
    ("cumberland", "exact", [("la23", "E06000063")]),
    ("Cumbria", "exact", [("abolished", "E10000006")]),
    ("shepway", "exact", [("former", "Shepway")]),
    ("east", "exact", [("region", "East")]),
    ("cardiff", "exact", [("outside", "Cardiff")]),
    ("Babregh", "suggest", [("la", "E07000200")]),
    ("Atlantis", "none", []), ("  ", "empty", [])])
def test_find_on_a_small_index(query, how, targets):
    assert geography.find(_index(), query) == geography.Found(how, targets)


def test_find_prefers_an_la_to_a_former_county_of_the_same_name():
    index = pd.concat([_index(), pd.DataFrame([["cumberland", "Cumberland", "abolished", "X", "", ""]],
                                              columns=geography.names.INDEX_COLUMNS)])
    assert geography.find(index, "Cumberland").targets == [("la23", "E06000063")]


def test_members_are_the_las_a_name_stands_for():
    p, i = _places(), _index()
    assert geography.members(p, i, "county", "E10000029") == ["E07000203", "E07000200"]
    assert geography.members(p, i, "abolished", "E10000006") == ["E07000026", "E07000028"]
    assert geography.members(p, i, "former", "Shepway") == ["E07000203"]
    assert geography.members(p, i, "outside", "Cardiff") == []
    with pytest.raises(ValueError, match="unknown kind"):
        geography.members(p, i, "planet", "Mars")


def test_former_names_come_from_the_2016_names_and_the_2019_lookup():
    ref = pd.DataFrame({"area_code": ["E07000112", "E07000190", "E07000191", "E06000001", "W06000015"],
                        "area": ["Shepway", "Taunton Deane", "West Somerset", "Hartlepool", "Cardiff"]})
    lookup = pd.DataFrame({"lad17_code": ["E07000112", "E07000190", "E07000191", "E06000001"],
                           "lad19_code": ["E07000112", "E07000246", "E07000246", "E06000001"]})
    lad19 = pd.DataFrame({"lad19_code": ["E07000112", "E07000246", "E06000001"] + list(geography.FORMER_2009),
                          "lad19_name": ["Folkestone and Hythe", "Somerset West and Taunton", "Hartlepool"]
                          + [u for u, _ in geography.FORMER_2009.values()]})
    f = geography.former_names(ref, lookup, lad19).set_index("name")
    assert f.loc["Shepway", "change"] == "renamed" and f.loc["Shepway", "lad19_code"] == "E07000112"
    assert f.loc["Taunton Deane", "lad19_code"] == "E07000246" and "West Somerset" in f.loc["Taunton Deane", "note"]
    assert "Hartlepool" not in f.index and "Cardiff" not in f.index
    assert f.loc["Macclesfield", "change"] == "merged 2009"
    with pytest.raises(ValueError, match="no LAD 2019 code"):
        geography.former_names(ref, lookup.iloc[:1], lad19)


# ------------------------------------------------------------------------------ the figures and the table


def test_rank_counts_only_areas_with_a_value_and_shares_ties():
    r = area.rank(pd.Series([3.0, 1.0, None, 3.0]), highest_first=True)
    assert r.tolist() == [1, 3, pd.NA, 1]
    assert area.rank(pd.Series([3.0, 1.0]), highest_first=False).tolist() == [2, 1]


def test_an_area_figure_refuses_an_unknown_rank_direction():
    with pytest.raises(ValueError, match="rank must be"):
        AreaFigure("x", "X", 2019, rank="up")


def _part(table, *figures, **kw):
    from analysis.studies.study import AreaPart
    return AreaPart(pd.DataFrame(table), figures, **kw)


class _Study:
    def __init__(self, sid):
        self.id, self.title, self.notebook = sid, f"study {sid}", f"0{len(sid)}_{sid}"


def test_table_ranks_each_figure_among_its_unit_and_orders_the_figures_latest_first():
    places = pd.DataFrame({"code": ["A", "B", "C"], "region": ["N", "N", "S"]})
    parts = {"old": (_Study("old"), _part({"code": ["A", "B", "C"], "v": [1.0, 3.0, None]},
                                          AreaFigure("v", "Old", 2013, rank="lowest"))),
             "new": (_Study("new"), _part({"code": ["A", "B", "C"], "w": [5.0, 5.0, 2.0]},
                                          AreaFigure("w", "New", 2023, rank="highest", rank_unit="region")))}
    t, _ = area.table(places, parts)
    assert t["v_rank"].tolist() == [1, 2, pd.NA]                 # missing stays missing
    assert t["w_rank"].tolist() == [1, 1, 2]                      # the regions ranked, each LA takes its region's
    assert [f.label for f, _ in area.figures(parts)] == ["New", "Old"]
    with pytest.raises(Exception, match="one row per LA"):
        area.table(places, {"x": (_Study("x"), _part({"code": ["A"], "z": [1]}))})
    with pytest.raises(Exception, match="repeats columns"):
        area.table(places, {"x": (_Study("x"), _part({"code": ["A", "B", "C"], "region": [1, 2, 3]}))})


def test_search_box_embeds_the_data_safely_and_refuses_an_empty_table():
    data = {"columns": ["code", "name"], "rows": [["X", "</script><b>"]], "fields": [], "series": {}}
    html = area.search_box(data)
    assert html.count("</script>") == 2  # the data's own "</script>" is escaped
    blob = re.search(r'<script type="application/json" id="lu-area-data">(.*?)</script>', html).group(1)
    assert json.loads(blob)["rows"] == [["X", "</script><b>"]]
    assert 'for="lu-area-q"' in html and "http" not in html
    with pytest.raises(Exception, match="empty"):
        area.search_box({"rows": []})


def test_the_page_names_no_study_and_finds_their_parts_through_the_registry():
    tree = ast.parse((config.ROOT / "analysis" / "pages" / "area.py").read_text(encoding="utf-8"))
    studies = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
               and n.module.startswith("analysis.studies")}
    assert studies == {"analysis.studies"}  # only the registry
    assert {s.id for s in registry.studies() if s.has("area")} == {"hle", "leave", "low_pay", "luf_round1", "mission7",
                                                                        "missions"}


# ------------------------------------------------------------------------------ the real data


@pytest.fixture(scope="module")
def real():
    inputs = area.load()
    t, joins, index = area.gather(inputs)
    return t, joins, index, inputs


def test_one_row_per_english_la_of_2019(real):
    t, _, _, _ = real
    assert len(t) == 317 and t["code"].is_unique and t["code"].str.match(r"^E0[6-9]").all()
    assert set(t["hle_male_how"]) == {"published by ONS", "estimated from its neighbourhoods",
                                      "estimated from its former districts' neighbourhoods"}
    assert t["hle_male_rank"].min() == 1 and t["hle_male_rank"].max() == 317
    assert t["leave_pct"].between(20, 80).all()  # a percentage of valid votes
    assert set(t["luf_priority"]) == {"category 1", "category 2", "category 3"}
    # the Fund: each LA's money over both rounds is its two rounds' money, under the same attribution
    assert (t["luf_both_money_m"] - t["luf_r1_money_m"] - t["luf_r2_money_m"]).abs().max() < 1e-6
    assert (t["luf_r1_money_m"] > 0).sum() > 50 and (t["luf_r2_money_m"] > 0).sum() > 50
    assert t["luf_population_how"].notna().sum() == (t["code_2023"] != t["code"]).sum() == 28
    assert t["region_low_pay_pct_rank"].max() == 9  # ranked among the English regions


def test_the_unmatched_sets_are_pinned(real):
    t, joins, _, _ = real
    assert {k: (r.matched, len(r.unmatched_left), len(r.unmatched_right)) for k, r in joins.items()} == {
        "upper_tier": (296, 0, 22), "region": (317, 0, 0), "hle_male": (317, 0, 0), "hle_female": (317, 0, 0),
        "imd": (317, 0, 0), "leave": (317, 0, 0), "low_pay": (9, 0, 3), "priority": (317, 0, 0),
        "luf_both": (317, 0, 0), "luf_r2": (317, 0, 0), "luf_r1": (317, 0, 0), "luf_r2_bids": (80, 31, 0),
        "luf_r1_bids": (76, 29, 0), "mission7": (315, 2, 0), "missions_1": (315, 2, 21), "missions_3": (302, 15, 20),
        "missions_4": (317, 0, 21), "missions_5": (315, 2, 21), "missions_6": (317, 0, 21), "missions_8": (309, 8, 16),
        "missions_9": (317, 0, 0), "missions_10": (316, 1, 21)}
    assert joins["upper_tier"].unmatched_right["key"].str.startswith("W06").all()  # the Welsh councils
    assert sorted(joins["low_pay"].unmatched_right["name"]) == ["Northern Ireland", "Scotland", "Wales"]
    for r in ("r1", "r2"):  # the bids that reach no LA here are those outside England
        assert joins[f"luf_{r}_bids"].unmatched_left["reason"].str.match(r"^(Scotland|Wales|Northern Ireland):").all()
    m7 = joins["mission7"].unmatched_left
    assert sorted(m7["key"]) == ["E06000053", "E09000001"] and m7["reason"].str.contains("no estimate").all()
    assert t.loc[t["series_match"] == "same name, newer code", ["code", "series_code"]].values.tolist() == [
        ["E08000016", "E08000038"], ["E08000019", "E08000039"]]  # Barnsley, Sheffield
    for name, rec in joins.items():
        assert rec.unexplained.empty, f"{name}: {rec}"
    assert t["cni"].isna().sum() == 2  # the Isles of Scilly and the City of London have no CNI wards


def test_a_district_of_a_two_tier_county_shows_its_countys_latest_series(real):
    t, _, _, inputs = real
    mid = t.set_index("name").loc["Mid Suffolk"]
    assert (mid["county_name"], mid["series_code"], mid["series_match"]) == ("Suffolk", "E10000029", "county")
    assert t["county"].sum() == (t["series_match"] == "county").sum() == 164  # every two-tier district
    series = area.payload(t, inputs["parts"], real[2])["series"]
    suffolk = series["areas"]["E10000029"]
    assert suffolk["name"] == "Suffolk" and suffolk["male"][-1] and suffolk["female"][-1]
    assert series["n"] == {"male": 151, "female": 151} and 1 <= suffolk["rank"]["male"] <= 151
    assert "official statistics in development" in series["source"]
    bucks = t[t["code_2023"] == "E06000060"]
    assert set(bucks["series_code"]) == {"E06000060"} and set(bucks["series_match"]) == {"2023 unitary"}


def _found(real, query):
    t, _, index, inputs = real
    f = geography.find(index, query)
    return f, [geography.members(inputs["places"], index, *x) for x in f.targets]


@pytest.mark.parametrize("query", ["Hull", "hull", "Kingston upon Hull", "KINGSTON-UPON-HULL, city of",
                                   "Hull City Council"])
def test_hull_finds_kingston_upon_hull(real, query):
    f, members = _found(real, query)
    assert members == [["E06000010"]], f


@pytest.mark.parametrize("query", ["Kings Lynn", "King's Lynn", "kings-lynn", "King\u2019s Lynn and West Norfolk"])
def test_punctuation_does_not_matter(real, query):
    assert _found(real, query)[1] == [["E07000146"]]


@pytest.mark.parametrize("query, code", [("Saint Albans", "E07000240"), ("St Albans", "E07000240"),
                                         ("st. albans", "E07000240"), ("Saint Helens", "E08000013"),
                                         ("ST HELENS", "E08000013")])
def test_st_and_saint_are_the_same(real, query, code):
    assert _found(real, query)[1] == [[code]]


@pytest.mark.parametrize("query", ["  mid   SUFFOLK ", "mid suffolk", "Mid Suffolk District Council"])
def test_case_and_extra_spaces_do_not_matter(real, query):
    assert _found(real, query)[1] == [["E07000203"]]


@pytest.mark.parametrize("query, lad19, then", [
    ("Shepway", "E07000112", None),                      # renamed Folkestone and Hythe (2016 name in the data)
    ("Taunton Deane", "E07000246", "E06000066"),         # -> Somerset West and Taunton (2019) -> Somerset (2023)
    ("West Somerset", "E07000246", "E06000066"),
    ("St Edmundsbury", "E07000245", None),               # -> West Suffolk (2019)
    ("Poole", "E06000058", None),                        # -> Bournemouth, Christchurch and Poole (2019)
    ("Salisbury", "E06000054", None),                    # -> Wiltshire (2009: typed, not in the data)
    ("Macclesfield", "E06000049", None)])
def test_old_names_find_the_las_they_became(real, query, lad19, then):
    t = real[0].set_index("code")
    f, members = _found(real, query)
    assert f.how == "exact" and f.targets[0][0] == "former" and members == [[lad19]]
    assert t.loc[lad19, "code_2023"] == (then or lad19)


def test_shepway_says_it_was_renamed_folkestone_and_hythe(real):
    index = real[2]
    note = index.loc[(index["kind"] == "former") & (index["ref"] == "Shepway"), "note"].item()
    assert "Folkestone and Hythe" in note


def test_a_county_lists_all_its_districts(real):
    t = real[0].set_index("code")
    f, members = _found(real, "Suffolk")
    assert f.targets == [("county", "E10000029")]
    assert sorted(t.loc[members[0], "name"]) == ["Babergh", "East Suffolk", "Ipswich", "Mid Suffolk", "West Suffolk"]
    f, members = _found(real, "Kent")
    assert f.targets == [("county", "E10000016")] and len(members[0]) == 12


def test_cumbria_was_abolished_in_2023_and_lists_its_successors_and_districts(real):
    t, _, index, _ = real
    f, members = _found(real, "Cumbria")
    assert f.targets == [("abolished", "E10000006")]
    assert sorted(t.set_index("code").loc[members[0], "name_2023"].unique()) == ["Cumberland", "Westmorland and Furness"]
    assert len(members[0]) == 6
    note = index.loc[index["kind"] == "abolished"].set_index("ref").loc["E10000006", "note"]
    assert "2023" in note and "Cumberland" in note and "Westmorland and Furness" in note
    f, members = _found(real, "Northamptonshire")
    assert f.targets == [("abolished", "E10000021")] and len(members[0]) == 7


@pytest.mark.parametrize("query, first", [("Hartelpool", "E06000001"), ("Manchestor", "E08000003"),
                                          ("Kingston apon Hull", "E06000010"), ("Midlesbrough", "E06000002")])
def test_a_misspelling_suggests_the_nearest_names(real, query, first):
    f, members = _found(real, query)
    assert f.how == "suggest" and members[0] == [first] and len(f.targets) <= 3


@pytest.mark.parametrize("query, targets", [
    ("Somerset", [("la23", "E06000066")]), ("North Yorkshire", [("la23", "E06000065")]),
    ("London", [("region", "London")]), ("City of London", [("la", "E09000001")]),
    ("Cardiff", [("outside", "Cardiff")]), ("Wales", [("outside", "Wales")]), ("Atlantis", [])])
def test_unitaries_regions_and_places_outside_england(real, query, targets):
    assert geography.find(real[2], query).targets == targets


def test_every_name_has_one_meaning(real):
    index = real[2]
    las = index[index["kind"] == "la"]
    assert las["key"].is_unique and not index[["kind", "ref"]].duplicated().any()
    assert not set(index.loc[index["kind"] == "former", "key"]) & set(las["key"])  # no former name hides an LA's
    shared = index[index["key"].duplicated(keep=False)].groupby("key")["kind"].apply(sorted).to_dict()
    assert shared == {k: ["abolished", "la23"] for k in ("buckinghamshire", "north yorkshire", "somerset")}


def test_the_figures_read_as_words(real):
    _, _, index, inputs = real
    data = area.payload(real[0], inputs["parts"], index)
    fields = data["fields"]
    assert [f["unit"] for f in fields if f["column"].endswith("_money_m")] == ["£m"] * 3
    years = [f["column"] for f in fields]
    assert years[-2:] == ["hle_male", "hle_female"]  # the oldest figures last
    assert "not comparable" in fields[-2]["note"] and "2011 Census" in fields[-2]["note"]
    words = [f[k] for f in fields for k in ("label", "note", "rank_meaning", "among", "zero", "page_title")]
    assert not [w for w in words if re.search(r"\w_\w|GBP", w)], "a code name or GBP in a figure's words"


def test_the_page_data_holds_what_the_table_file_holds(real, tmp_path, monkeypatch):
    t, _, index, inputs = real
    monkeypatch.setenv("LEVELUP_OUTPUT_DIR", str(tmp_path))
    area.write(t)
    written = pd.read_csv(tmp_path / "area.csv")
    data = area.payload(t, inputs["parts"], index)
    shown = pd.DataFrame(data["rows"], columns=data["columns"])
    for f in data["fields"]:  # the box shows the figures the file holds, to the file's six significant digits
        if written[f["column"]].dtype != object:  # the category is words
            pd.testing.assert_series_equal(shown[f["column"]].astype(float), written[f["column"]].astype(float),
                                           check_exact=True, check_names=False)
    assert set(data["series"]["areas"]) == set(t["series_code"].dropna())
    # one compact block, not a page per LA (about 1 KB per LA: some 60 figures and their words)
    assert len(area.search_box(data).encode()) < 400_000


def test_committed_table_is_what_the_page_writes(real, tmp_path, monkeypatch):
    t = real[0]
    monkeypatch.setenv("LEVELUP_OUTPUT_DIR", str(tmp_path))
    area.write(t)
    assert (tmp_path / "area.csv").read_text() == (config.ROOT / "results" / "area.csv").read_text(), \
        "results/area.csv is stale: run `python -m analysis run 92_your_area`"
