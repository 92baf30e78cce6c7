"""Levelling Up Fund, both rounds (study ``luf_round1``): unit tests on synthetic frames, then
invariants on the real award lists, population and IMD files; the declared parameters, claims and
conclusions."""

import math
import re

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.data import geography, loaders
from analysis.data import imd as imd_vocab
from analysis.errors import ParameterError
from analysis.ledger import claims as ledger_claims
from analysis.ledger.conclusions import Context
from analysis.studies.luf_round1 import (APPORTION, ATTRIBUTION, IMD_VINTAGES, POPULATION_YEARS, ROUNDS, STUDY,
                                         UNITARY_2023, claims, page)
from analysis.studies.luf_round1 import compute as C
from analysis.studies.luf_round1 import placing as P
from analysis.studies.luf_round1 import robustness as R
from analysis.tooling import runner

NAMES = pd.Series({"E07000027": "Barrow-in-Furness", "E07000030": "Eden", "E07000031": "South Lakeland",
                   "E08000012": "Liverpool", "E06000006": "Halton"})
SUCC = {"E06000064": ("Westmorland and Furness", ("E07000027", "E07000030", "E07000031"))}


def bids(rows):
    return pd.DataFrame(rows, columns=["bid_id", "area", "bid_name", "bid_value", "lad23_codes"])


# --- mapping ------------------------------------------------------------------------------------


def test_split_codes_one_row_per_code_and_refuses_empty_or_duplicate_ids():
    b = bids([("a", "X", "n", 10.0, "E08000012;E06000006"), ("b", "Y", "n", 5.0, "E08000012")])
    long = P.split_codes(b)
    assert long["lad23_code"].tolist() == ["E08000012", "E06000006", "E08000012"]
    assert long["n_codes"].tolist() == [2, 2, 1]
    with pytest.raises(ValueError, match="empty"):
        P.split_codes(bids([("a", "X", "n", 1.0, "")]))
    with pytest.raises(ValueError, match="not unique"):
        P.split_codes(bids([("a", "X", "n", 1.0, "E08000012"), ("a", "X", "n", 1.0, "E08000012")]))
    with pytest.raises(ValueError, match="lad23_codes"):
        P.split_codes(pd.DataFrame({"bid_id": ["a"], "area": ["X"], "bid_value": [1.0]}))


def test_map_keeps_2019_codes_and_maps_a_2023_unitary_by_lead_name():
    b = bids([("a", "Barrow-in-Furness", "n", 9.0, "E06000064"), ("b", "Cumbria", "n", 3.0, "E06000064"),
              ("c", "Liverpool", "n", 1.0, "E08000012")])
    placed, report = P.map_bids_to_lad19(b, NAMES, unitary_2023="lead_name", successors=SUCC)
    assert report.empty
    got = placed.groupby("bid_id")["lad19_code"].apply(list).to_dict()
    assert got == {"a": ["E07000027"], "b": ["E07000027", "E07000030", "E07000031"], "c": ["E08000012"]}
    assert placed.set_index("bid_id").loc["c", "route"] == "unchanged"
    placed2, _ = P.map_bids_to_lad19(b, NAMES, unitary_2023="predecessors", successors=SUCC)
    assert placed2.groupby("bid_id").size().to_dict() == {"a": 3, "b": 3, "c": 1}


def test_map_reports_outside_england_and_unknown_codes_with_reasons():
    b = bids([("w", "Powys", "n", 1.0, "W06000023"), ("x", "Nowhere", "n", 2.0, "E07999999"),
              ("m", "Mixed", "n", 4.0, "E08000012;S12000033"), ("n", "NI", "n", 3.0, "N09000001;N09000002")])
    placed, report = P.map_bids_to_lad19(b, NAMES, successors=SUCC)
    r = report.set_index("bid_id")
    assert sorted(r.index) == ["m", "n", "w", "x"]
    assert r.loc["w", "reason"].startswith("Wales: outside England")
    assert r.loc["x", "reason"].startswith("unexplained")
    assert r.loc["n", "lad23_codes"] == "N09000001;N09000002"
    assert r.loc["n", "reason"].startswith("Northern Ireland")  # one reason per bid, not repeated
    assert r["partly_placed"].to_dict() == {"m": True, "n": False, "w": False, "x": False}
    assert placed["bid_id"].tolist() == ["m"]


def test_a_bad_unitary_choice_is_refused_where_it_enters():
    with pytest.raises(ParameterError, match="'unitary_2023' = .* is not allowed; one of: 'lead_name', 'predecessors'"):
        STUDY.check(unitary_2023="biggest")


# --- apportioning and totals --------------------------------------------------------------------


def placed_frame():
    return pd.DataFrame({"bid_id": ["a", "a", "b"], "lad19_code": ["L1", "L2", "L1"], "bid_value": [30.0, 30.0, 5.0]})


def test_apportion_equal_conserves_totals_and_whole_credits_each_lad():
    eq = P.apportion(placed_frame(), "equal")
    assert eq["value"].tolist() == [15.0, 15.0, 5.0] and eq["weight"].sum() == 2
    wh = P.apportion(placed_frame(), "whole")
    assert wh["value"].tolist() == [30.0, 30.0, 5.0] and wh["weight"].sum() == 3
    with pytest.raises(ParameterError, match="'apportion' = .* is not allowed; one of: 'equal', 'whole'"):
        STUDY.check(apportion="population")


def test_awards_by():
    aw = P.awards_by(P.apportion(placed_frame(), "equal")).set_index("lad19_code")
    assert aw.loc["L1"].tolist() == [20.0, 1.5, 2] and aw.loc["L2"].tolist() == [15.0, 0.5, 1]


# --- deciles and the LA table ------------------------------------------------------------------


def imd_frame(n=20, ties=False):
    ranks = list(range(1, n + 1))
    if ties:
        ranks[1] = 1
    return pd.DataFrame({"lad19_code": [f"L{i}" for i in range(1, n + 1)], "lad19_name": [f"LA {i}" for i in range(1, n + 1)],
                         **{c: ranks for c in imd_vocab.RANK_COLUMN.values()}})


def test_imd_deciles_cut_ranks_into_tenths():
    d = C.imd_deciles(imd_frame(20))
    assert d["imd_decile"].tolist() == [k for k in range(1, 11) for _ in range(2)]
    d317 = C.imd_deciles(imd_frame(317))
    assert sorted(d317.groupby("imd_decile").size().unique()) == [31, 32]
    assert d317.set_index("imd_rank").loc[[1, 32, 33, 317], "imd_decile"].tolist() == [1, 1, 2, 10]
    assert C.imd_deciles(imd_frame(20, ties=True))["imd_decile"].tolist()[:2] == [1, 1]
    with pytest.raises(ValueError, match="parameter .imd_measure. = .score. is not allowed; one of:"):
        C.imd_deciles(imd_frame(), "score")
    bad = imd_frame(10).assign(imd_rank_of_avg_score=range(2, 12))
    with pytest.raises(ValueError, match="ranks must lie in 1..10"):
        C.imd_deciles(bad)


def la_inputs():
    dec = C.imd_deciles(imd_frame(20))
    prio = pd.DataFrame({"lad19_code": dec["lad19_code"], "priority_category": [1] * 7 + [2] * 7 + [3] * 6})
    awards = pd.DataFrame({"lad19_code": ["L1", "L15"], "money": [10e6, 4e6], "awards": [1.0, 0.5], "bids": [1, 1]})
    population = pd.DataFrame({"lad19_code": dec["lad19_code"], "population": [1000] * 20})
    return awards, prio, dec, population


def test_la_table_fills_zero_and_adds_per_head():
    awards, prio, dec, population = la_inputs()
    la = C.la_table(awards, prio, dec, population)
    assert len(la) == 20 and la["money"].sum() == 14e6 and (la["money"] == 0).sum() == 18
    assert la.set_index("lad19_code").loc["L1", "per_head"] == 10e6 / 1000
    with pytest.raises(ValueError, match=r"without a population: \['L20'\]"):
        C.la_table(awards, prio, dec, population.iloc[:-1])
    with pytest.raises(ValueError, match="cover different LAs"):
        C.la_table(awards, prio.iloc[:-1], dec)
    with pytest.raises(ValueError, match=r"outside the LA table: \['L99'\]"):
        C.la_table(pd.DataFrame({"lad19_code": ["L99"], "money": [1.0], "awards": [1.0], "bids": [1]}), prio, dec)


def test_summarise_by_category_with_total_row():
    la = C.la_table(*la_inputs())
    s = C.summarise(la, "priority_category")
    assert s.index.tolist() == ["1", "2", "3", "all"]
    assert s["LAs"].tolist() == [7, 7, 6, 20] and s["LAs with an award"].tolist() == [1, 0, 1, 2]
    assert s.loc["1", "money (£m)"] == 10 and s.loc["all", "share of money (%)"] == 100
    assert s.loc["3", "share of money (%)"] == pytest.approx(100 * 4 / 14)
    assert s.loc["1", "£ per head"] == pytest.approx(10e6 / 7000)


def test_most_deprived_orders_by_rank_and_validates_n():
    la = C.la_table(*la_inputs())
    top = C.most_deprived(la, 3)
    assert top["lad19_name"].tolist() == ["LA 1", "LA 2", "LA 3"] and top["money"].tolist() == [10e6, 0, 0]
    for bad, message in ((0, "is out of range; allowed 5 to 30"), (31, "is out of range"), (2.5, "must be a int"),
                         (True, "must be a int")):
        with pytest.raises(ParameterError, match=f"'n_most_deprived' = {bad!r} {message}"):
            STUDY.check(n_most_deprived=bad)


def test_by_nation_and_by_region():
    b = bids([("a", "X", "n", 2.0, "S12000033"), ("b", "Y", "n", 3.0, "E08000012"), ("c", "Z", "n", 4.0, "E08000012")])
    assert C.by_nation(b).to_dict() == {"bids": {"England": 2, "Scotland": 1}, "money": {"England": 7.0, "Scotland": 2.0}}
    with pytest.raises(ValueError, match="spanning nations"):
        C.by_nation(bids([("a", "X", "n", 2.0, "S12000033;E08000012")]))
    alloc = P.apportion(placed_frame(), "equal")
    reg = C.by_region(alloc, pd.DataFrame({"lad19_code": ["L1", "L2"], "region": ["North", "South"]}))
    assert reg.to_dict() == {"bids": {"North": 2, "South": 1}, "money": {"North": 20.0, "South": 15.0}}
    with pytest.raises(ValueError, match="without a region"):
        C.by_region(alloc, pd.DataFrame({"lad19_code": ["L1"], "region": ["North"]}))


def test_lead_categories_and_projects_by_category():
    b = bids([("a", "Rhondda Cynon Taf", "n", 10.0, "W06000016"), ("b", "Kent", "n", 4.0, "E07000105"),
              ("c", "County", "n", 6.0, "E1;E2"), ("d", "Nowhere", "n", 1.0, "E3")])
    prio = pd.DataFrame({"name": ["Rhondda Cynon Taff"], "priority_category": [1]})
    pc = pd.DataFrame({"bid_id": ["b", "c", "c"], "priority_category": [2, 2, 3]})
    lead = C.lead_categories(b, prio, pc).set_index("bid_id")
    assert lead["lead_category"].to_dict() == {"a": "1", "b": "2", "c": "mixed", "d": "none"}
    p = C.projects_by_category(lead)
    assert p.loc["all", "projects"] == 4 and p.loc["1", "money (£m)"] == pytest.approx(10e-6)
    assert p.loc["all", "mean award (£m)"] == pytest.approx(21e-6 / 4)


# --- the successor table -----------------------------------------------------------------------


def test_successor_table_is_the_structural_changes_orders():
    t = geography.lad23_successor_table()
    assert len(t) == 28 and t["lad19_code"].is_unique
    names = loaders.imd_lad().set_index("lad19_code")["lad19_name"]
    assert t["lad19_code"].isin(names.index).all() and not t["lad23_code"].isin(names.index).any()
    got = t.assign(n=t["lad19_code"].map(names)).groupby("lad23_name")["n"].apply(sorted).to_dict()
    assert got == {
        "Buckinghamshire": ["Aylesbury Vale", "Chiltern", "South Bucks", "Wycombe"],
        "North Northamptonshire": ["Corby", "East Northamptonshire", "Kettering", "Wellingborough"],
        "West Northamptonshire": ["Daventry", "Northampton", "South Northamptonshire"],
        "Cumberland": ["Allerdale", "Carlisle", "Copeland"],
        "Westmorland and Furness": ["Barrow-in-Furness", "Eden", "South Lakeland"],
        "North Yorkshire": ["Craven", "Hambleton", "Harrogate", "Richmondshire", "Ryedale", "Scarborough", "Selby"],
        "Somerset": ["Mendip", "Sedgemoor", "Somerset West and Taunton", "South Somerset"]}
    assert geography.SUCCESSORS_2023["E06000060"][1] == geography.BUCKS_DISTRICTS_2019


# --- real data ---------------------------------------------------------------------------------

OUTSIDE_ENGLAND = {
    "Scotland": ["R1-001", "R1-029", "R1-039", "R1-042", "R1-045", "R1-067", "R1-078", "R1-100"],
    "Wales": ["R1-022", "R1-023", "R1-027", "R1-071", "R1-076", "R1-077", "R1-079", "R1-080", "R1-081", "R1-104"],
    "Northern Ireland": ["R1-002", "R1-003", "R1-004", "R1-008", "R1-024", "R1-032", "R1-033", "R1-034", "R1-040",
                         "R1-056", "R1-068"],
}


@pytest.fixture(scope="module")
def r1():
    b = loaders.luf_bids()
    return b[b["round"] == 1].reset_index(drop=True)


@pytest.fixture(scope="module")
def names():
    return loaders.imd_lad().set_index("lad19_code")["lad19_name"]


def test_successor_view_names_both_sides_and_the_year():
    names = pd.Series({"E07000004": "Aylesbury Vale"})
    v = page.successor_view(names)
    assert v.columns.tolist() == ["lad23_code", "lad23_name", "since", "lad19_code", "lad19_name"]
    assert len(v) == len(geography.lad23_successor_table())
    bucks = v[v["lad19_code"] == "E07000004"].iloc[0]
    assert bucks["lad19_name"] == "Aylesbury Vale" and bucks["since"] == geography.SUCCESSOR_YEAR[bucks["lad23_code"]]
    assert v.loc[v["lad19_code"] != "E07000004", "lad19_name"].isna().all()  # a name only where one is given


def test_round1_list_matches_its_source_notes(r1):
    assert len(r1) == 105  # the published 105 projects
    assert round(r1["bid_value"].sum()) == 1_693_323_657  # the list's own sum of Bid Value (£, pence dropped), round 1


@pytest.mark.parametrize("unitary", UNITARY_2023)
def test_round1_unplaced_set_is_exactly_the_non_english_bids(r1, names, unitary):
    placed, report = P.map_bids_to_lad19(r1, names, unitary_2023=unitary)
    got = {nation: sorted(report.loc[report["reason"].str.startswith(nation), "bid_id"]) for nation in OUTSIDE_ENGLAND}
    assert got == OUTSIDE_ENGLAND
    assert len(report) == 29 and not report["partly_placed"].any()
    assert not report["reason"].str.startswith("unexplained").any()
    assert placed["bid_id"].nunique() == 76 and set(placed["lad19_code"]) <= set(names.index)


def test_round1_2023_unitaries(r1, names):
    placed, _ = P.map_bids_to_lad19(r1, names, unitary_2023="lead_name")
    via = placed[placed["route"] != "unchanged"].groupby("area")["lad19_code"].apply(sorted).to_dict()
    assert via == {"Barrow-in-Furness": ["E07000027"], "Somerset": ["E07000187", "E07000188", "E07000189", "E07000246"]}
    placed2, _ = P.map_bids_to_lad19(r1, names, unitary_2023="predecessors")
    assert sorted(placed2.loc[placed2["area"] == "Barrow-in-Furness", "lad19_code"]) == ["E07000027", "E07000030", "E07000031"]


@pytest.mark.parametrize("method", APPORTION)
def test_round1_england_table(r1, names, method):
    placed, report = P.map_bids_to_lad19(r1, names)
    alloc = P.apportion(placed, method)
    priority, _ = geography.luf_priority_lad19(loaders.luf_priority(), loaders.imd_lad())
    la = C.la_table(P.awards_by(alloc), priority, C.imd_deciles(loaders.imd_lad()))
    assert len(la) == 317
    assert la.groupby("priority_category").size().tolist() == [93, 108, 116]
    english = r1.loc[~r1["bid_id"].isin(report["bid_id"]), "bid_value"].sum()
    if method == "equal":
        assert la["money"].sum() == pytest.approx(english) and la["awards"].sum() == pytest.approx(76)
    else:
        assert la["money"].sum() > english and la["awards"].sum() == len(placed)


def test_round1_published_facts(r1, names):
    """Figures published at the time (LocalGov via grin.coop; WMREDI; theqword), from the list itself."""
    top = r1.nlargest(3, "bid_value")
    assert top["area"].tolist() == ["Derbyshire", "Isles of Scilly", "Renfrewshire"]
    assert round(top["bid_value"].iloc[0] / 1e6, 1) == 49.6
    nations = C.by_nation(r1)
    assert nations["bids"].to_dict() == {"England": 76, "Northern Ireland": 11, "Scotland": 8, "Wales": 10}
    assert round(nations.loc["Scotland", "money"] / 1e6) == 172
    placed, _ = P.map_bids_to_lad19(r1, names)
    reg = C.by_region(P.apportion(placed, "equal"), geography.referendum_england(loaders.referendum(), loaders.lookup_lad17_lad19(),
                                                                   names, "lad19"))
    assert reg["bids"].idxmax() == "North West" and reg.loc["North West", "bids"] == 12
    priority, _ = geography.luf_priority_lad19(loaders.luf_priority(), loaders.imd_lad())
    pc = placed.merge(priority, on="lad19_code")
    lead = C.lead_categories(r1[~r1["lad23_codes"].str.startswith("N")], loaders.luf_priority(), pc)
    assert len(lead) == 94 and (lead["lead_category"] == "2").sum() == 18
    assert sorted(lead.loc[lead["lead_category"] == "mixed", "area"]) == [
        "Derbyshire", "East Sussex", "Gloucestershire", "Lincolnshire", "Liverpool City Region", "Somerset"]


# --- the bidder, and who received a bid ------------------------------------------------------


@pytest.mark.parametrize("area, expected", [
    ("Barrow-in-Furness", "Barrow-in-Furness"), ("Allerdale Borough Council", "Allerdale"),
    ("London Borough of Hackney", "Hackney"), ("The District Council of Folkestone and Hythe", "Folkestone and Hythe"),
    ("The Borough Council of Gateshead", "Gateshead"), ("Borough of Telford and Wrekin", "Telford and Wrekin"),
    ("Kent County Council*", "Kent"), ("Barnsley Metropolitan Borough Council", "Barnsley"),
    ("Fermanagh & Omagh District Council", "Fermanagh and Omagh"), ("BCP Council", "Bournemouth, Christchurch and Poole"),
    ("Liverpool City Region", "Liverpool City Region"), ("Tees Valley Combined Authority", "Tees Valley Combined Authority"),
])
def test_bidder_name_drops_the_legal_style(area, expected):
    assert P.bidder_name(area) == expected


def test_name_key_matches_iod_spellings():
    assert geography.name_key("Bristol, City of") == geography.name_key(P.bidder_name("Bristol City Council"))
    assert geography.name_key("Lincoln") == geography.name_key(P.bidder_name("City of Lincoln Council"))
    assert geography.name_key("St. Helens") == geography.name_key(P.bidder_name("St Helens Borough Council"))
    assert geography.name_key("Herefordshire, County of") == "herefordshire"


def test_attribute_covered_shares_and_bidder_credits_only_the_named_lower_tier_la():
    names = pd.Series({"L1": "Liverpool", "L2": "Knowsley", "L3": "Derby"})
    b = bids([("a", "Liverpool City Region", "n", 30.0, "x"), ("b", "Liverpool City Council", "n", 6.0, "x"),
              ("c", "Derby City Council", "n", 5.0, "x")])
    placed = pd.DataFrame({"bid_id": ["a", "a", "b", "c"], "lad19_code": ["L1", "L2", "L1", "L2"],
                           "bid_value": [30.0, 30.0, 6.0, 5.0]})
    cov, none = P.attribute(placed, b, names, "covered", "equal")
    assert none.empty and P.awards_by(cov).set_index("lad19_code")["money"].to_dict() == {"L1": 21.0, "L2": 20.0}
    bid, none = P.attribute(placed, b, names, "bidder")
    assert P.awards_by(bid).set_index("lad19_code")["money"].to_dict() == {"L1": 6.0}
    r = none.set_index("bid_id")["reason"]
    assert r["a"].startswith("bidder 'Liverpool City Region' is not a lower-tier LA")
    assert r["c"].startswith("unexplained: the bidder is not among the LAs the bid covers")
    with pytest.raises(ParameterError, match="'attribution' = 'lead' is not allowed; one of: 'covered', 'bidder'"):
        STUDY.check(attribution="lead")


# --- population, 2023 LAs and per head --------------------------------------------------------


def test_population_lad23_sums_sexes_and_ages_of_english_las_only():
    pop = pd.DataFrame({"area_code": ["E06000001", "E06000001", "W06000001", "E12000001"],
                        "area_name": ["A", "A", "W", "R"], "age": [0, 1, 0, 0],
                        "female_2011": [1, 2, 9, 9], "male_2011": [3, 4, 9, 9], "female_2022": [10, 20, 9, 9],
                        "male_2022": [30, 40, 9, 9]})
    assert C.population_lad23(pop, 2022).to_dict("records") == [{"lad23_code": "E06000001", "lad23_name": "A",
                                                                 "population": 100}]
    assert C.population_lad23(pop, 2011)["population"].tolist() == [10]
    with pytest.raises(ParameterError, match="'population_year' = 2020 is not allowed; one of: 2022, 2011"):
        STUDY.check(population_year=2020)


def test_population_lad19_shares_a_unitary_by_electorate_and_keeps_its_total():
    mapping = geography.lad19_to_lad23(["E07000026", "E07000028", "E07000029", "E08000012"])
    pop23 = pd.DataFrame({"lad23_code": ["E06000063", "E08000012"], "population": [300.0, 500.0]})
    electors = pd.DataFrame({"lad19_code": mapping["lad19_code"], "electorate": [10, 20, 30, 99]})
    p = C.population_lad19(pop23, mapping, electors).set_index("lad19_code")
    assert p["population"].to_dict() == pytest.approx({"E07000026": 50.0, "E07000028": 100.0, "E07000029": 150.0,
                                                       "E08000012": 500.0})
    assert p["population_estimated"].tolist() == [True, True, True, False]
    with pytest.raises(ValueError, match="without a population"):
        C.population_lad19(pop23.iloc[:1], mapping, electors)


def test_la_table_2023_sums_2019_money_into_the_successor():
    mapping = geography.lad19_to_lad23(["E07000026", "E07000028", "E08000012"])
    alloc = pd.DataFrame({"bid_id": ["a", "b", "c"], "lad19_code": ["E07000026", "E07000028", "E08000012"],
                          "lad23_code": ["listed", "listed", "listed"], "weight": [0.5, 0.5, 1.0],
                          "value": [10.0, 10.0, 7.0]})
    dec = pd.DataFrame({"lad23_code": ["E06000063", "E08000012", "E08000013"], "lad23_name": ["C", "L", "S"],
                        "imd_rank": [3, 1, 2], "imd_decile": [3, 1, 2]})
    pop = pd.DataFrame({"lad23_code": dec["lad23_code"], "population": [10.0, 7.0, 1.0]})
    la = C.la_table_2023(alloc, mapping, dec, pop).set_index("lad23_code")
    assert la["money"].to_dict() == {"E08000012": 7.0, "E08000013": 0.0, "E06000063": 20.0}
    assert la.loc["E06000063", "bids"] == 2 and la.loc["E06000063", "per_head"] == 2.0
    with pytest.raises(ValueError, match="without a 2023 LAD"):
        C.la_table_2023(alloc.assign(lad19_code="E09999999"), mapping, dec, pop)


def test_compare_rounds_and_most_deprived_share():
    awards, prio, dec, population = la_inputs()
    la = C.la_table(awards, prio, dec, population)
    c = C.compare_rounds({"1": la, "2": la.assign(money=la["money"][::-1].values)}, "priority_category")
    assert c.columns.get_level_values(0).unique().tolist() == ["round 1", "round 2"]
    assert c[("round 1", "£ per head")]["all"] == pytest.approx(14e6 / 20000)
    assert C.most_deprived_share(la) == pytest.approx(100 * 10 / 14)  # L1 in decile 1, L15 in decile 8
    assert C.most_deprived_share(la, (8,)) == pytest.approx(100 * 4 / 14)
    assert np.isnan(C.most_deprived_share(la.assign(money=0.0)))


def test_most_deprived_by_attribution_and_region_per_head():
    awards, prio, dec, population = la_inputs()
    a = C.la_table(awards, prio, dec, population)
    b = C.la_table(awards.iloc[1:], prio, dec, population)
    top = C.most_deprived_by_attribution({"covered": a, "bidder": b}, 2)
    assert top.columns.tolist() == ["imd_rank", "lad19_name", "priority_category", "£m, covered", "£m, bidder"]
    assert top["£m, covered"].tolist() == [10.0, 0.0] and top["£m, bidder"].tolist() == [0.0, 0.0]
    regions = pd.DataFrame({"lad19_code": a["lad19_code"], "region": ["North"] * 10 + ["South"] * 10})
    r = C.region_per_head(a, regions)
    assert r.index.tolist() == ["North", "South"] and r["rank"].tolist() == [1, 2]
    assert r.loc["North", "£ per head"] == pytest.approx(10e6 / 10000)
    with pytest.raises(ValueError, match="without a region"):
        C.region_per_head(a, regions.iloc[:5])


def test_choices_are_checked():
    assert C.imd2025_measure("average_rank") == "average_rank" and C.imd2025_measure("extent") == "average_score"
    with pytest.raises(ParameterError, match="'imd_measure' = 'rank_of_avg_score' is not allowed"):
        STUDY.check(imd_measure="rank_of_avg_score")
    b = pd.DataFrame({"round": [1, 2, 2]})
    assert len(C.select_round(b, "2")) == 2 and len(C.select_round(b, "both")) == 3
    with pytest.raises(ParameterError, match="'luf_round' = 3 must be a str"):
        STUDY.check(luf_round=3)
    with pytest.raises(ParameterError, match="'imd_vintage' = 2024 is not allowed; one of: 2019, 2025"):
        STUDY.check(imd_vintage=2024)


def test_lad19_to_lad23_maps_merged_districts_and_refuses_unitary_codes():
    m = geography.lad19_to_lad23(["E07000027", "E08000012"]).set_index("lad19_code")
    assert m["lad23_code"].to_dict() == {"E07000027": "E06000064", "E08000012": "E08000012"}
    assert m["merged"].tolist() == [True, False]
    with pytest.raises(ValueError, match="post-2019 unitaries"):
        geography.lad19_to_lad23(["E06000064"])
    with pytest.raises(ValueError, match="not unique"):
        geography.lad19_to_lad23(["E08000012", "E08000012"])


def test_plot_per_head_by_round_draws_both_rounds_per_group():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    awards, prio, dec, population = la_inputs()
    la = C.la_table(awards, prio, dec, population)
    tables = {"category": C.compare_rounds({"1": la, "2": la}, "priority_category"),
              "decile": C.compare_rounds({"1": la, "2": la}, "imd_decile")}
    fig, axes = plt.subplots(1, 2)
    page.plot_per_head_by_round(axes, tables)
    assert len(axes[0].patches) == 2 * 3 and len(axes[1].patches) == 2 * 10
    assert [t.get_text() for t in axes[-1].get_legend().get_texts()] == ["round 1", "round 2"]
    plt.close(fig)


# --- the notebook's parameters ----------------------------------------------------------------


def test_the_declared_parameters_allow_exactly_the_module_choices():
    declared = {p.name: p for p in STUDY.params}
    expected = {"luf_round": ROUNDS, "attribution": ATTRIBUTION, "apportion": APPORTION,
                "unitary_2023": UNITARY_2023, "imd_measure": imd_vocab.IMD_MEASURES,
                "imd_vintage": IMD_VINTAGES, "population_year": POPULATION_YEARS}
    assert {k: declared[k].choices for k in expected} == expected
    assert set(declared) == {*expected, "n_most_deprived"} and declared["n_most_deprived"].range == (5, 30)
    assert all(declared[k].default == v[0] for k, v in expected.items()) and declared["n_most_deprived"].default == 10
    path = config.NOTEBOOKS / "04_luf_round1.ipynb"
    assert runner.validate_parameters(path, {"luf_round": "2", "imd_vintage": "2025", "n_most_deprived": "20"}) == {
        "luf_round": "2", "imd_vintage": 2025, "n_most_deprived": 20}


# --- both rounds on the real data -------------------------------------------------------------


@pytest.fixture(scope="module")
def inp():
    return STUDY.load()


@pytest.fixture(scope="module")
def res(inp):
    return STUDY.run(inp, STUDY.check())


def test_round2_unplaced_are_the_non_english_bids_and_unitaries_map_by_bidder(inp):
    r2 = C.select_round(inp.bids, "2")
    placed, report = P.map_bids_to_lad19(r2, inp.lad19_names)
    assert len(report) == 31 and not report["partly_placed"].any()
    assert report["reason"].str.extract(r"^(\w+)")[0].value_counts().to_dict() == {"Wales": 11, "Scotland": 10,
                                                                                   "Northern": 10}
    assert placed["bid_id"].nunique() == 80
    via = placed[placed["route"] != "unchanged"].groupby("area")["lad19_code"].apply(sorted).to_dict()
    assert via["Allerdale Borough Council"] == ["E07000026"] and via["Sedgemoor District Council"] == ["E07000188"]
    assert len(via["Cumbria County Council"]) == 6


def test_bids_received_by_no_la_under_bidder_are_the_counties_and_combined_authorities(inp):
    got = {r: sorted(C.analyse(inp, r, attribution="bidder")["credited_to_none"]["area"]) for r in ("1", "2")}
    assert got["1"] == ["Derbyshire", "East Sussex", "Gloucestershire", "Lincolnshire", "Liverpool City Region",
                        "Somerset"]
    assert got["2"] == ["Cambridgeshire and Peterborough Combined Authority*", "Cumbria County Council",
                        "Devon County Council", "Greater London Authority*", "Kent County Council*",
                        "Lancashire County Council*", "Norfolk County Council*", "North East Combined Authority",
                        "Staffordshire County Council", "Tees Valley Combined Authority",
                        "West Yorkshire Combined Authority*"]


@pytest.mark.parametrize("attribution", ATTRIBUTION)
def test_money_is_conserved_from_2019_to_2023_las(inp, attribution):
    for r in ("1", "2"):
        res = C.analyse(inp, r, attribution=attribution)
        placed_money = res["placed"].drop_duplicates("bid_id")["bid_value"].sum()
        assert res["la19"]["money"].sum() == pytest.approx(res["la23"]["money"].sum())
        assert res["la19"]["money"].sum() + res["credited_to_none"]["bid_value"].sum() == pytest.approx(placed_money)
        assert len(res["la19"]) == 317 and len(res["la23"]) == 296


@pytest.mark.parametrize("year", POPULATION_YEARS)
def test_population_on_2019_and_2023_las_adds_up_to_england_and_its_regions(inp, year):
    pop = inp.population
    total = pop.loc[pop["area_code"] == "E92000001", [f"female_{year}", f"male_{year}"]].to_numpy().sum()
    la = C.analyse(inp, "1", population_year=year)
    assert la["la23"]["population"].sum() == total and la["la19"]["population"].sum() == pytest.approx(total)
    regions = C.region_per_head(la["la19"], inp.regions)["population"]
    e12 = pop[pop["area_code"].str.startswith("E12")]
    e12 = e12.assign(p=e12[f"female_{year}"] + e12[f"male_{year}"]).groupby("area_name")["p"].sum()
    assert regions.rename(str.upper).sort_index().to_dict() == pytest.approx(e12.sort_index().to_dict())


def test_ten_most_deprived_with_nothing_in_round1_under_each_attribution(inp):
    tables = {a: C.analyse(inp, "1", attribution=a)["la19"] for a in ATTRIBUTION}
    top = C.most_deprived_by_attribution(tables, 10)
    nothing = {a: top.loc[top[f"£m, {a}"] == 0, "lad19_name"].tolist() for a in ATTRIBUTION}
    assert nothing == {"covered": ["Blackpool", "Middlesbrough", "Blackburn with Darwen", "Hartlepool"],
                       "bidder": ["Blackpool", "Knowsley", "Middlesbrough", "Blackburn with Darwen", "Hartlepool"]}


def test_robustness_grid_has_one_row_per_attribution_and_vintage(res):
    g = res.robustness
    assert g[["attribution", "imd_vintage"]].apply(tuple, axis=1).tolist() == [
        (a, v) for a in ATTRIBUTION for v in IMD_VINTAGES]
    assert g["round 2 more to need"].tolist() == (g["round 2 in most deprived fifth (%)"]
                                                  > g["round 1 in most deprived fifth (%)"]).tolist()
    assert g[["round 1 in most deprived fifth (%)", "round 2 in most deprived fifth (%)"]].stack().between(0, 100).all()


# --- the page's glued sentences ----------------------------------------------------------------


def test_need_facts_answer_the_round_question_on_each_index():
    awards, prio, dec, population = la_inputs()
    la = C.la_table(awards, prio, dec, population)
    by_cat = C.compare_rounds({"1": la, "2": la}, "priority_category")
    need = pd.DataFrame({"IMD 2019": [50.0, 60.0], "IMD 2025": [50.0, 40.0]}, index=["round 1", "round 2"])
    f = page.need_facts(by_cat, need)
    assert f["need_answer"] == "On one index only: IMD 2019"
    assert (f["fifth2019_r2"], f["cat1_share_r1"], f["all_ph_r1"]) == ("60", "71", "700")
    assert page.need_facts(by_cat, need.assign(**{"IMD 2025": [50.0, 70.0]}))["need_answer"] == "Yes, on both indices"
    assert page.need_facts(by_cat, need.assign(**{"IMD 2019": [50.0, 40.0]}))["need_answer"] == "No, on neither index"


def test_none_and_ledger_facts():
    t = pd.DataFrame({"bid_id": ["a", "b"], "bid_value": [1e6, 2.5e6]})
    assert page.none_facts({"1": t, "2": t.iloc[:0]}) == {"n_none_r1": 2, "none_money_r1_m": "3.5", "n_none_r2": 0,
                                                       "none_money_r2_m": "0.0"}
    ledger = pd.DataFrame({"verdict": ["reproduced", "reproduced within tolerance", "differs", "consistent"]})
    r1 = pd.DataFrame({"area": ["A", "B", "C", "Liverpool City Region"], "bid_value": [9e6, 8e6, 7e6, 6e6]})
    lead = pd.DataFrame({"lead_category": ["1", "mixed", "2"], "bid_value": [10e6, 20e6, 5e6]})
    ceilup = pd.DataFrame({"imd_rank": [1, 2], "lad19_name": ["X", "Y"], "£m, covered": [0.0, 3.0],
                           "£m, bidder": [0.0, 0.0]})
    f = page.ledger_facts(ledger, r1, lead, ceilup)
    assert (f["n_reproduced"], f["n_differs"], f["n_consistent"], f["n_not_testable"]) == (2, 1, 1, 0)
    assert (f["lcr_m"], f["n_c1m"], f["mean_c1m"]) == ("6.00", 2, "15.0")
    assert (f["ceilup_covered"], f["ceilup_bidder"], f["ceilup_diff"]) == (1, 2, "Y")


def test_round1_ledger_is_the_declared_claims(res):
    ledger = STUDY.ledger(res)
    assert ledger["claim_id"].tolist() == [c.id for c in claims.CLAIMS]
    assert (ledger["analysis"] == STUDY.id).all() and (ledger["page"] == "notebooks/04_luf_round1").all()
    assert {c.document.key for c in claims.CLAIMS} == {"hansard2023", "grin2021", "wmredi2021", "qword2021", "ceilup2022",
                                                   "healthfoundation2021"}
    assert len(res.lead) == 94 and res.projects.loc["all", "projects"] == 94


def test_the_default_ledger_is_the_committed_one(res):
    """The default run's ledger is what the page wrote (results/claims/luf_round1.csv), value for value."""
    ledger = STUDY.ledger(res)
    committed = pd.read_csv(config.ROOT / "results" / "claims" / "luf_round1.csv", dtype=str, keep_default_na=False)
    assert ledger["claim_id"].tolist() == committed["claim_id"].tolist()
    assert ledger["verdict"].tolist() == committed["verdict"].tolist()
    assert ledger["statement"].tolist() == committed["statement"].tolist()
    got = ledger.set_index("claim_id")["reproduced"]
    for cid, value in committed.set_index("claim_id")["reproduced"].items():
        assert (got[cid] is None and value == "") or math.isclose(float(got[cid]), float(value), rel_tol=1e-9), cid


def test_the_pages_opening_adds_up_and_follows_the_run(res):
    ledger = STUDY.ledger(res)
    f = page.found(res, ledger)
    counts = [int(n) for n in re.findall(r"(\d+) (?:reproduce|differ|is consistent|are consistent|cannot)",
                                         f["found_tested"])]
    assert sum(counts) == len(ledger), f["found_tested"]
    more = res.need.loc["round 2"] > res.need.loc["round 1"]
    assert f["found_need"].startswith("Round 2 did not go more to need") == (not more.any())
    none = {a: int((res.ceilup[f"£m, {a}"] == 0).sum()) for a in ATTRIBUTION}
    assert f"{none['covered']} received nothing counting every authority" in f["found_claims"]
    for text in f.values():
        assert "_" not in text and "`" not in text, text  # no code names in what a reader sees first




def test_other_parameters_change_what_they_should(inp, res):
    other = STUDY.run(inp, STUDY.check(attribution="bidder", population_year=2011, imd_vintage=2025, luf_round="2",
                                       n_most_deprived=20))
    # the project figures do not follow the parameters; the most-deprived table, the scatter and per head do
    assert other.rounds["1"]["bids"].equals(res.rounds["1"]["bids"]) and other.projects.equals(res.projects)
    assert len(other.top) == 20 and "lad23_name" in other.top.columns and "lad19_name" in res.top.columns
    assert other.shown["covered"]["money"].sum() == pytest.approx(res.rounds["2"]["la23"]["money"].sum())
    assert not other.regions_per_head["£ per head"].equals(res.regions_per_head["£ per head"])
    y2011 = STUDY.run(inp, STUDY.check(population_year=2011))
    assert (y2011.other_year, res.other_year) == (2022, 2011)
    assert y2011.regions_per_head_other_year.equals(res.regions_per_head)
    assert y2011.regions_per_head.equals(res.regions_per_head_other_year)
    led, led0 = STUDY.ledger(other).set_index("claim_id"), STUDY.ledger(res).set_index("claim_id")
    assert led.loc["luf_r1_projects", "reproduced"] == led0.loc["luf_r1_projects", "reproduced"]
    assert led.loc["luf_r1_ceilup_none", "reproduced"] == 5 and led0.loc["luf_r1_ceilup_none", "reproduced"] == 4
    assert "received by only the local authority named as the bidder" in led.loc["luf_r1_ceilup_none", "note"]
    assert "mid-2011" in led.loc["luf_r1_em_per_capita", "note"]
    f = page.findings(other)
    assert (f["p_attribution"], f["p_population"]) == ("bidder", 2011)
    assert page.top_facts(other)["n_top"] == 20 and page.top_facts(other)["p_vintage"] == 2025
    whole = STUDY.run(inp, STUDY.check(apportion="whole"))
    assert whole.rounds["1"]["la19"]["money"].sum() > res.rounds["1"]["la19"]["money"].sum()


# --- the conclusions --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ctx():
    return Context(STUDY)


def test_the_conclusions_default_specification_matches_the_page(ctx):
    ledger = ledger_claims.read_published().set_index("claim_id")
    n, _ = R.most_deprived_without(ctx, {"attribution": "covered", "imd_vintage": 2019})
    assert n == int(ledger.loc["luf_r1_ceilup_none", "reproduced"])
    per_head, highest = R.east_midlands_highest(ctx, {"attribution": "covered", "population_year": 2022})
    assert math.isclose(per_head, float(ledger.loc["luf_r1_em_per_capita", "reproduced"]), rel_tol=1e-9)
    assert int(highest) == int(ledger.loc["luf_r1_em_highest", "reproduced"])


def test_round2_more_to_need_is_the_pages_robustness_table(ctx, res):
    g = res.robustness.set_index(["attribution", "imd_vintage"])
    for a in ATTRIBUTION:
        for v in IMD_VINTAGES:
            diff, holds = R.round2_more_to_need(ctx, {"attribution": a, "imd_vintage": v, "imd_measure": "average_score"})
            row = g.loc[(a, v)]
            assert math.isclose(diff, row["round 2 in most deprived fifth (%)"] - row["round 1 in most deprived fifth (%)"])
            assert holds == row["round 2 more to need"]


def test_the_conclusions_are_declared_on_the_studys_parameters():
    ids = [c.id for c in R.CONCLUSIONS]
    assert ids == ["luf_ten_most_deprived", "luf_em_highest_per_head", "luf_round2_more_to_need"]
    for c in R.CONCLUSIONS:
        for spec in c.grid:
            STUDY.check({k: v for k, v in spec.items()})  # every specification is a set of allowed parameters
    by_id = {c.id: c for c in R.CONCLUSIONS}
    assert by_id["luf_ten_most_deprived"].published == claims.CLAIMS_BY_ID["luf_r1_ceilup_none"].published == 5
    assert by_id["luf_em_highest_per_head"].published == 42 and by_id["luf_round2_more_to_need"].document is None


def test_join_facts_count_the_reconciliations(inp, res):
    f = C.join_facts(inp)
    assert res.joins == f
    assert f["n_listed_england"] == 314  # the Fund's list: 314 English LAs (March 2021)
    assert f["n_lad23_matched"] == f["n_imd25_matched"] == 296 and f["n_unexplained"] == 0
    assert f["n_merged_districts"] > f["n_new_unitaries"] > 0
